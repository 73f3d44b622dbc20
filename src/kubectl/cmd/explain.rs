//! `kubectl explain TYPE[.field...]`: kubectl v1.35's OpenAPI v3 `plaintext` template
//! (`pkg/explain/v2/templates/plaintext.tmpl`) over the StatefulSet schema in
//! [`super::explain_schema`]. The template writes `GROUP/KIND/VERSION` before it walks the
//! field path, so an unknown field prints that header and then
//! `error: field "<last path element>" does not exist`.

use super::explain_schema::{description, field_description, Field, Schema, Ty, STATEFULSET};
use super::parse_flags;
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::Kind;

const NOT_HERE: &str =
    "error: \"kubectl explain\" for this field is not available in this simulator";

/// kubectl explain's flags (also offered by completion).
pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("api-version", None, FlagKind::Str),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("recursive", None, FlagKind::Bool),
];

/// Completion of `TYPE.field.…` for the StatefulSet schema: the fields under the last dot.
pub fn complete_path(word: &str) -> Vec<String> {
    let Some((head, _)) = word.rsplit_once('.') else {
        return Vec::new();
    };
    let mut parts = head.split('.');
    if Kind::from_user_str(parts.next().unwrap_or_default()) != Some(Kind::StatefulSet) {
        return Vec::new();
    }
    let mut schema: &Schema = &STATEFULSET;
    for name in parts {
        match schema.fields.iter().find(|f| f.name == name).map(|f| &f.ty) {
            Some(Ty::Obj(s) | Ty::List(s)) => schema = s,
            _ => return Vec::new(),
        }
    }
    schema
        .fields
        .iter()
        .map(|f| format!("{head}.{}", f.name))
        .collect()
}

pub fn run(rest: &[String], _cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl explain", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let args = p.args_before_dash();
    if args.is_empty() {
        return Output::err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    }
    if args.len() > 1 {
        return Output::err("error: We accept only this format: explain RESOURCE\n");
    }
    let mut parts = args[0].split('.');
    let resource = parts.next().unwrap_or_default();
    let path: Vec<&str> = parts.collect();
    let Some(kind) = Kind::from_user_str(resource) else {
        return Output::err(format!(
            "error: the server doesn't have a resource type \"{resource}\""
        ));
    };
    if kind != Kind::StatefulSet
        || p.bool_or("recursive", false)
        || p.str("api-version").is_some_and(|v| v != "apps/v1")
        || p.str("output").is_some_and(|o| o != "plaintext")
    {
        return Output::err(NOT_HERE);
    }
    let header = "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\n";
    match explain(&STATEFULSET, &path) {
        Ok(body) => Output::out(format!("{header}{body}\n")),
        Err(Missing::Field) => Output {
            stdout: header.to_string(),
            stderr: format!(
                "error: field \"{}\" does not exist\n",
                path.last().copied().unwrap_or_default()
            ),
            status: 1,
        },
        Err(Missing::Unknown) => Output::err(NOT_HERE),
    }
}

/// Why a path could not be explained.
enum Missing {
    /// The schema has no such field (kubectl's error).
    Field,
    /// The field's type is one the simulator does not describe.
    Unknown,
}

/// The template's `output`: follow `path`, then print FIELD / DESCRIPTION / FIELDS.
fn explain(root: &'static Schema, path: &[&str]) -> Result<String, Missing> {
    let mut schema = root;
    let mut out = String::new();
    let mut field: Option<&'static Field> = None;
    for (i, name) in path.iter().enumerate() {
        let Some(f) = schema.fields.iter().find(|f| f.name == *name) else {
            return Err(Missing::Field);
        };
        let last = i + 1 == path.len();
        if last {
            out.push_str(&format!("FIELD: {} <{}>\n", f.name, f.ty.guess()));
            if !f.enums.is_empty() {
                out.push_str("ENUM:");
                for (v, _) in f.enums {
                    out.push_str(&format!("\n    {v}"));
                }
            }
            out.push_str("\n\n");
            field = Some(f);
        }
        match &f.ty {
            Ty::Obj(s) | Ty::List(s) => schema = s,
            Ty::Opaque(..) => return Err(Missing::Unknown),
            // A scalar has no properties: a longer path finds nothing.
            Ty::Str | Ty::Int | Ty::Scalar(..) if !last => return Err(Missing::Field),
            _ => {}
        }
    }
    // DESCRIPTION: the field's description, then its type's (allOf / items), or the root's.
    let mut desc = String::new();
    match field {
        Some(f) => {
            desc.push_str(&field_description(f));
            desc.push('\n');
            match &f.ty {
                Ty::Obj(s) | Ty::List(s) => {
                    desc.push_str(&description(s.doc));
                    desc.push('\n');
                }
                Ty::Scalar(_, doc) => {
                    desc.push_str(&description(doc));
                    desc.push('\n');
                }
                _ => {}
            }
        }
        None => {
            desc.push_str(&description(root.doc));
            desc.push('\n');
        }
    }
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(4, &wrap(&desc, 76)));
    out.push('\n');
    let has_fields = match field.map(|f| &f.ty) {
        None => true,
        Some(Ty::Obj(_) | Ty::List(_)) => true,
        Some(_) => false,
    };
    if has_fields {
        out.push_str("FIELDS:\n");
        for f in schema.fields {
            out.push_str(&field_detail(f));
        }
    }
    Ok(out)
}

/// The template's `fieldDetail` at level 1.
fn field_detail(f: &Field) -> String {
    let mut s = format!("  {}\t<{}>", f.name, f.ty.guess());
    if f.required {
        s.push_str(" -required-");
    }
    if !f.enums.is_empty() {
        s.push_str("\n  enum: ");
        let shown: Vec<&str> = f.enums.iter().take(4).map(|(v, _)| *v).collect();
        s.push_str(&shown.join(", "));
        if f.enums.len() > 4 {
            s.push_str(", ....");
        }
    }
    s.push('\n');
    s.push_str(&indent(4, &wrap(&field_description(f), 76)));
    s.push_str("\n\n");
    s
}

/// The template's `indent`: pad the first line and every line after a newline.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// `github.com/mitchellh/go-wordwrap` `WrapString`: break at whitespace so lines stay within
/// `lim` characters; words longer than the limit stay whole; existing newlines are kept.
fn wrap(s: &str, lim: usize) -> String {
    let mut buf = String::new();
    let mut current = 0usize;
    let (mut word, mut space) = (String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for ch in s.chars() {
        if ch == '\n' {
            if word.is_empty() {
                if current + space_len <= lim {
                    buf.push_str(&space);
                }
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.clear();
            space_len = 0;
            buf.push(ch);
            current = 0;
        } else if ch.is_whitespace() && ch != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                space_len = 0;
                word.clear();
                word_len = 0;
            }
            space.push(ch);
            space_len += 1;
        } else {
            word.push(ch);
            word_len += 1;
            if current + space_len + word_len > lim && word_len < lim {
                buf.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_newlines() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a\n  b", 10), "a\n  b");
        assert_eq!(wrap("abcdefghij x", 5), "abcdefghij\nx");
    }
}
