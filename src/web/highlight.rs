//! A small line-based YAML highlighter for the editor overlay. It only colours what a learner
//! needs to read a manifest (keys, strings, numbers, booleans, comments, list dashes, document
//! separators); it never decides whether the YAML is valid — errors come from the core's parser.
//! Every byte of the input ends up in exactly one token, so the overlay lines up with the
//! textarea character for character.

/// The class of one highlighted piece of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Key,
    Str,
    Num,
    Bool,
    Comment,
    Dash,
    DocSep,
}

impl Tok {
    /// The CSS class of the token (see static/app.css).
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "t-plain",
            Tok::Key => "t-key",
            Tok::Str => "t-str",
            Tok::Num => "t-num",
            Tok::Bool => "t-bool",
            Tok::Comment => "t-comment",
            Tok::Dash => "t-dash",
            Tok::DocSep => "t-docsep",
        }
    }
}

/// Split one line (without its newline) into tokens whose texts concatenate to `line`.
pub fn line(line: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed == "---" || trimmed == "..." {
        push(&mut out, Tok::Plain, &line[..indent]);
        push(&mut out, Tok::DocSep, trimmed);
        return out;
    }
    let mut rest = line;
    // Indentation and any list dashes ("- - key: v").
    let mut i = 0;
    let bytes = rest.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b' ' {
            i += 1;
        } else if bytes[i] == b'-' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            push(&mut out, Tok::Plain, &rest[..i]);
            push(&mut out, Tok::Dash, "-");
            rest = &rest[i + 1..];
            return finish_after_dash(out, rest);
        } else {
            break;
        }
    }
    push(&mut out, Tok::Plain, &rest[..i]);
    rest = &rest[i..];
    key_value(&mut out, rest);
    out
}

fn finish_after_dash<'a>(mut out: Vec<(Tok, &'a str)>, rest: &'a str) -> Vec<(Tok, &'a str)> {
    // After a dash the rest of the line is itself a line (it may hold another dash or a key).
    let inner = line(rest);
    out.extend(inner);
    out
}

/// `key: value # comment`, or a bare value.
fn key_value<'a>(out: &mut Vec<(Tok, &'a str)>, s: &'a str) {
    if s.starts_with('#') {
        push(out, Tok::Comment, s);
        return;
    }
    if let Some(colon) = key_end(s) {
        push(out, Tok::Key, &s[..colon]);
        push(out, Tok::Plain, ":");
        value(out, &s[colon + 1..]);
    } else {
        value(out, s);
    }
}

/// The byte index of the `:` that ends a mapping key, if `s` starts with one. A key is a plain
/// or quoted scalar followed by `:` and then a space or the end of the line (so `image:
/// nginx:1.21` splits at the first colon and `http://x` is not a key).
fn key_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let first = *b.first()?;
    if first == b'"' || first == b'\'' {
        let close = s[1..].find(first as char)? + 1;
        return (b.get(close + 1) == Some(&b':') && matches!(b.get(close + 2), None | Some(b' ')))
            .then_some(close + 1);
    }
    if matches!(first, b'{' | b'[' | b'|' | b'>' | b'&' | b'*' | b'!' | b'#') {
        return None;
    }
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')) {
            return Some(i);
        }
        if b[i] == b' ' && b.get(i + 1) == Some(&b'#') {
            return None;
        }
        i += 1;
    }
    None
}

/// A scalar value plus a trailing comment.
fn value<'a>(out: &mut Vec<(Tok, &'a str)>, s: &'a str) {
    let lead = s.len() - s.trim_start().len();
    push(out, Tok::Plain, &s[..lead]);
    let v = &s[lead..];
    if v.is_empty() {
        return;
    }
    if v.starts_with('#') {
        push(out, Tok::Comment, v);
        return;
    }
    let (body, comment) = split_comment(v);
    let core = body.trim_end();
    let tail = &body[core.len()..];
    push(out, classify(core), core);
    push(out, Tok::Plain, tail);
    push(out, Tok::Comment, comment);
}

/// Split ` # comment` off a value, ignoring `#` inside quotes.
fn split_comment(v: &str) -> (&str, &str) {
    let mut quote: Option<u8> = None;
    let b = v.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'#' && i > 0 && b[i - 1] == b' ' => return (&v[..i], &v[i..]),
            None => {}
        }
    }
    (v, "")
}

fn classify(v: &str) -> Tok {
    if v.starts_with('"') || v.starts_with('\'') {
        return Tok::Str;
    }
    match v {
        "true" | "false" | "True" | "False" | "null" | "~" | "yes" | "no" => return Tok::Bool,
        _ => {}
    }
    let digits = v.strip_prefix('-').unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return Tok::Num;
    }
    Tok::Plain
}

fn push<'a>(out: &mut Vec<(Tok, &'a str)>, tok: Tok, s: &'a str) {
    if s.is_empty() {
        return;
    }
    out.push((tok, s));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Tok, String)> {
        line(s)
            .into_iter()
            .map(|(t, x)| (t, x.to_string()))
            .collect()
    }

    fn joined(s: &str) -> String {
        line(s).into_iter().map(|(_, x)| x).collect()
    }

    #[test]
    fn every_byte_is_kept() {
        for s in [
            "apiVersion: apps/v1",
            "  - name: web # the port",
            "- - a: 'x # y'",
            "    image: nginx:1.21",
            "---",
            "  replicas: 3   ",
            "      storage: 1Gi",
            "key:",
            "# only a comment",
            "  \"quoted key\": 1",
        ] {
            assert_eq!(joined(s), s);
        }
    }

    #[test]
    fn keys_values_and_comments_are_told_apart() {
        assert_eq!(
            kinds("  replicas: 3 # three pods"),
            vec![
                (Tok::Plain, "  ".into()),
                (Tok::Key, "replicas".into()),
                (Tok::Plain, ":".into()),
                (Tok::Plain, " ".into()),
                (Tok::Num, "3".into()),
                (Tok::Plain, " ".into()),
                (Tok::Comment, "# three pods".into()),
            ]
        );
        let img = kinds("    image: nginx:1.21");
        assert_eq!(img[1], (Tok::Key, "image".into()));
        assert_eq!(img.last().cloned(), Some((Tok::Plain, "nginx:1.21".into())));
        let dash = kinds("  - name: web");
        assert_eq!(dash[1], (Tok::Dash, "-".into()));
        assert!(dash.contains(&(Tok::Key, "name".into())));
        assert_eq!(kinds("---"), vec![(Tok::DocSep, "---".into())]);
        assert_eq!(kinds("  clusterIP: None")[4], (Tok::Plain, "None".into()));
        assert_eq!(kinds("  x: \"a # b\"")[4], (Tok::Str, "\"a # b\"".into()));
    }
}
