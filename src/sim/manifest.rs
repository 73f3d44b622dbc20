//! Multi-document YAML (or JSON) manifests → JSON values, strictly.
//!
//! kubectl converts YAML to JSON before sending it; so do we. Strictness follows the API
//! server's `fieldValidation=Strict`: a duplicate key is an error, reported with its location.
//! Guards on size, depth and expanded node count keep hostile input (alias bombs, deep nesting)
//! from freezing the page: the budget counts nodes *after* alias expansion.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Largest manifest accepted, in bytes.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;
/// Most YAML nodes one manifest may expand to (after aliases).
pub const MAX_NODES: usize = 100_000;
/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// A parse failure with a 1-based location in the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Splits `text` on `---` lines and parses each non-empty document into JSON.
/// Returns (value, 1-based line where the document's content starts).
pub fn parse_documents(text: &str) -> Result<Vec<(Value, usize)>, ManifestError> {
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError {
            line: 1,
            column: 1,
            message: format!(
                "manifest is larger than the simulator limit of {MAX_MANIFEST_BYTES} bytes"
            ),
        });
    }
    let mut out = Vec::new();
    for (chunk, start) in split_documents(text) {
        if chunk.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#') || t.starts_with('%')
        }) {
            continue;
        }
        // libyaml reports an unexpected end of input on the line after the last one (the
        // split adds a final newline); point at the last line the learner can see.
        let v = parse_one(&chunk, start).map_err(|mut e| {
            e.line = e.line.min(text.lines().count().max(1));
            e
        })?;
        if !v.is_null() {
            out.push((v, start));
        }
    }
    Ok(out)
}

/// Parses a single YAML/JSON document (no `---` splitting); locations are relative to line 1.
pub fn parse_document(text: &str) -> Result<Value, ManifestError> {
    parse_one(text, 1)
}

/// Splits at column-0 `---` markers (which end any block scalar in YAML too). Content after
/// `--- ` on the marker line stays in the document, padded so columns remain correct.
fn split_documents(text: &str) -> Vec<(String, usize)> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    let mut start = 1;
    for (i, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if is_marker {
            docs.push((std::mem::take(&mut cur), start));
            start = i + 1;
            let rest = &line[3..];
            if !rest.trim().is_empty() && !rest.trim_start().starts_with('#') {
                cur.push_str("   ");
                cur.push_str(rest);
            }
            cur.push('\n');
            continue;
        }
        if line == "..." {
            cur.push('\n');
            continue;
        }
        cur.push_str(line);
        cur.push('\n');
    }
    docs.push((cur, start));
    docs
}

/// Finds where flow collections (`[`, `{`) nest deeper than `max`, as a 1-based (line,
/// column). libyaml rescans every open flow level on each token, so 50 000 nested `[` take
/// tens of seconds to parse before the depth check in [`Node`] ever runs; this linear scan
/// refuses them first. It skips quoted scalars and comments and only counts a bracket where a
/// flow collection can start, so brackets in ordinary text (`don't [x]`) are not counted.
pub fn flow_nesting_beyond(text: &str, max: usize) -> Option<(usize, usize)> {
    let (mut line, mut col) = (1usize, 0usize);
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    // Last non-blank character on this line before the current one (None: line start).
    let mut prev: Option<char> = None;
    let mut prev_blank = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            (line, col, comment, prev, prev_blank) = (line + 1, 0, false, None, true);
            continue;
        }
        if comment {
            continue;
        }
        if let Some(q) = quote {
            if q == '"' && c == '\\' {
                if chars.next() == Some('\n') {
                    (line, col) = (line + 1, 0);
                } else {
                    col += 1;
                }
            } else if c == q {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    col += 1;
                } else {
                    quote = None;
                }
            }
            continue;
        }
        let token_start =
            prev_blank && matches!(prev, None | Some(':' | '-' | '?' | '[' | '{' | ','));
        // A flow indicator that opens, separates or closes a collection (not plain text).
        let mut structural = false;
        match c {
            '#' if prev_blank => comment = true,
            '"' | '\'' if token_start => quote = Some(c),
            '[' | '{' if token_start || depth > 0 => {
                depth += 1;
                if depth > max {
                    return Some((line, col));
                }
                structural = true;
            }
            ']' | '}' if depth > 0 => depth -= 1,
            ',' => structural = depth > 0,
            _ => {}
        }
        let blank = c == ' ' || c == '\t';
        if !blank {
            prev = Some(if structural || !matches!(c, '[' | '{' | ',') {
                c
            } else {
                'x'
            });
        }
        prev_blank = blank || structural;
    }
    None
}

/// libyaml reports reader errors (control characters, invalid UTF-8) as `at position N`, a
/// byte offset, with line 1 column 1 as their location; turn the offset into a 1-based
/// (line, column). None for any other message.
pub fn offset_location(chunk: &str, message: &str) -> Option<(usize, usize)> {
    let n: usize = message
        .rsplit(" at position ")
        .next()?
        .trim()
        .parse()
        .ok()?;
    let before = chunk.get(..n.min(chunk.len()))?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

fn parse_one(chunk: &str, start_line: usize) -> Result<Value, ManifestError> {
    if let Some((line, column)) = flow_nesting_beyond(chunk, MAX_DEPTH) {
        return Err(ManifestError {
            line: start_line + line - 1,
            column,
            message: format!("manifest nests deeper than {MAX_DEPTH} levels (simulator limit)"),
        });
    }
    let budget = Cell::new(MAX_NODES);
    let de = serde_yaml::Deserializer::from_str(chunk);
    let seed = Node {
        budget: &budget,
        depth: 0,
    };
    seed.deserialize(de).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = e.to_string();
        // serde_yaml appends " at line N column M"; we report the location separately.
        let (line, column) = offset_location(chunk, &message).unwrap_or((line, column));
        // An input that ends inside a quoted scalar or flow collection fails at the end of
        // the text; libyaml names where that construct opened ("while scanning a quoted
        // scalar at line 4 column 9"), which is the place the learner has to fix.
        let opened = message.split_once(", while ").and_then(|(_, ctx)| {
            let (what, at) = ctx.split_once(" at line ")?;
            let (l, c) = at.split_once(" column ")?;
            Some((what.to_string(), l.parse().ok()?, c.trim().parse().ok()?))
        });
        let message = match message.find(" at line ").or(message.find(" at position ")) {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let (message, line, column) = match opened {
            Some((what, l, c)) if message.contains("end of stream") => {
                (format!("{message} while {what}"), l, c)
            }
            _ => (message, line, column),
        };
        let (line, column) =
            locate_duplicate(chunk, &message, line, column).unwrap_or((line, column));
        ManifestError {
            line: start_line + line.saturating_sub(1),
            column,
            message,
        }
    })
}

/// serde_yaml reports a duplicate key at the start of its mapping; point at the second
/// occurrence instead (same indentation, later line), which is what the learner must fix.
fn locate_duplicate(
    chunk: &str,
    message: &str,
    line: usize,
    column: usize,
) -> Option<(usize, usize)> {
    let rest = message.split("mapping key \"").nth(1)?;
    let key = rest.split("\" already defined").next()?;
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in chunk.lines().enumerate().skip(line.saturating_sub(1)) {
        let lead = l.len() - l.trim_start_matches(' ').len();
        let body = l.trim_start_matches(' ').trim_start_matches("- ");
        let body_indent = l.len() - body.len();
        if (lead == indent || body_indent == indent)
            && (body.starts_with(&format!("{key}:")) || body.starts_with(&format!("\"{key}\":")))
        {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, body_indent + 1));
            }
        }
    }
    None
}

#[derive(Clone, Copy)]
struct Node<'b> {
    budget: &'b Cell<usize>,
    depth: usize,
}

impl<'b> Node<'b> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        let left = self.budget.get();
        if left == 0 {
            return Err(E::custom(format!(
                "manifest expands to more than {MAX_NODES} nodes (simulator limit; check for alias loops)"
            )));
        }
        self.budget.set(left - 1);
        if self.depth > MAX_DEPTH {
            return Err(E::custom(format!(
                "manifest nests deeper than {MAX_DEPTH} levels (simulator limit)"
            )));
        }
        Ok(())
    }

    fn child(&self) -> Node<'b> {
        Node {
            budget: self.budget,
            depth: self.depth + 1,
        }
    }
}

impl<'de, 'b> DeserializeSeed<'de> for Node<'b> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'b> Visitor<'de> for Node<'b> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend()?;
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("cannot represent {v} in JSON")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child())? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut out = Map::new();
        while let Some(k) = map.next_key_seed(self.child())? {
            let key = match k {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                _ => return Err(de::Error::custom("mapping keys must be scalars")),
            };
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "mapping key \"{key}\" already defined"
                )));
            }
            let v = map.next_value_seed(self.child())?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A YAML tag such as `!foo bar`: keep the value, drop the tag (as sigs.k8s.io/yaml does).
        let (_tag, variant): (Value, _) = data.variant_seed(self.child())?;
        de::VariantAccess::newtype_variant_seed(variant, self.child())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Found by tests/hostile.rs: 50 000 nested `[` took ~15 s in libyaml (debug build).
    #[test]
    fn deep_flow_nesting_is_refused_before_libyaml_sees_it() {
        let y = format!(
            "a: 1\n---\nkind: x\ndata: {}{}\n",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let start = std::time::Instant::now();
        let e = parse_documents(&y).unwrap_err();
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
        assert_eq!((e.line, e.column), (4, 7 + MAX_DEPTH), "{e}");
        assert!(e.message.contains("deeper than 64 levels"), "{e}");
    }

    #[test]
    fn brackets_in_text_quotes_and_comments_do_not_count() {
        let deep = "[".repeat(100);
        for ok in [
            format!("a: 'it''s {deep}'\n"),
            format!("a: \"\\\" {deep}\"\n"),
            format!("a: b {deep}\n"),
            format!("a: x # {deep}\n"),
            format!("a: |\n  don't{deep}\n"),
            "a: [[1, 2], {b: [3]}]\n".to_string(),
        ] {
            assert_eq!(flow_nesting_beyond(&ok, MAX_DEPTH), None, "{ok}");
        }
        assert_eq!(
            flow_nesting_beyond(&format!("- {deep}"), MAX_DEPTH),
            Some((1, 67))
        );
    }

    // Found by tests/hostile.rs: an unclosed quote pointed past the end of the text.
    #[test]
    fn an_unclosed_quote_points_where_it_opened() {
        let e = parse_documents("a: 1\nb: \"x\nc: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4), "{e}");
        assert!(e.message.contains("while scanning a quoted scalar"), "{e}");
    }

    // Found by tests/hostile.rs: reader errors said "line 1 ... at position 53".
    #[test]
    fn control_characters_are_located_by_line() {
        let e = parse_documents("x: 1\n---\na: 1\nb: c\u{7}d\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 5), "{e}");
        assert!(!e.message.contains("position"), "{e}");
    }

    #[test]
    fn splits_documents_with_start_lines() {
        let docs = parse_documents("a: 1\n---\n# only a comment\n---\nb: [1, 2]\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0], (serde_json::json!({"a": 1}), 1));
        assert_eq!(docs[1], (serde_json::json!({"b": [1, 2]}), 4));
    }

    #[test]
    fn duplicate_keys_are_rejected_with_location() {
        let e = parse_documents("x: 1\n---\nmetadata:\n  name: a\n  name: b\n").unwrap_err();
        assert_eq!(e.line, 5, "{e}");
        assert!(e.message.contains("\"name\" already defined"), "{e}");
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = parse_documents(&y).unwrap_err();
        assert!(
            e.message.contains("simulator limit") || e.message.contains("repetition"),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_carry_location() {
        let e = parse_documents("a: 1\n---\nkind: Pod\nmetadata:\n  name: [\n").unwrap_err();
        assert!(e.line >= 5, "{e}");
    }
}
