//! `kubectl explain TYPE[.field...] [--recursive]`: kubectl v1.35's OpenAPI v3 `plaintext`
//! template (`pkg/explain/v2/templates/plaintext.tmpl`) over the StatefulSet schema in
//! [`super::explain_schema`]. The template writes `GROUP/KIND/VERSION` before it walks the
//! field path, so an unknown field prints that header and then
//! `error: field "<last path element>" does not exist`.
//!
//! The simulated API server publishes OpenAPI v3 for `apis/apps/v1` only, and in it only the
//! StatefulSet schema with the types the simulator describes. kubectl then answers as it
//! does against any server whose document lacks something: other group versions are
//! `couldn't find resource for "…"`, other apps/v1 resources `GVR (…) not found in OpenAPI
//! schema`, and a referenced type missing from the document ([`Ty::Opaque`]) has no
//! fields to list or to walk into.

use super::explain_schema::{description, field_description, Field, Schema, Ty, STATEFULSET};
use super::parse_flags;
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::Kind;

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
    // `--api-version` replaces the group and version kubectl resolved for the resource.
    let (group, version) = match p.str("api-version") {
        Some(v) => match v.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), v.to_string()),
        },
        None => (kind.group().to_string(), kind.version().to_string()),
    };
    let gvr = format!("{group}/{version}, Resource={}", kind.resource());
    if (group.as_str(), version.as_str()) != ("apps", "v1") {
        return Output::err(format!("error: couldn't find resource for \"{gvr}\""));
    }
    let format = p.str("output").unwrap_or("plaintext");
    if format == "plaintext-openapiv2" {
        // The OpenAPI v2 renderer (pkg/explain) is not modelled; this note is the simulator's.
        return Output::err(
            "error: \"kubectl explain -o plaintext-openapiv2\" is not available in this simulator",
        );
    }
    if format != "plaintext" {
        return Output::err(format!("error: unrecognized format: {format}"));
    }
    if kind != Kind::StatefulSet {
        return Output::err(format!("error: GVR ({gvr}) not found in OpenAPI schema"));
    }
    let header = "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\n";
    match explain(&STATEFULSET, &path, p.bool_or("recursive", false)) {
        Some(body) => Output::out(format!("{header}{body}\n")),
        None => Output {
            warnings: String::new(),
            stdout: header.to_string(),
            stderr: format!(
                "error: field \"{}\" does not exist\n",
                path.last().copied().unwrap_or_default()
            ),
            status: 1,
        },
    }
}

/// The template's `output`: follow `path`, then print FIELD / DESCRIPTION / FIELDS; `None`
/// when the path leaves the schema.
fn explain(root: &'static Schema, path: &[&str], recursive: bool) -> Option<String> {
    let mut schema = Some(root);
    let mut out = String::new();
    let mut field: Option<&'static Field> = None;
    for (i, name) in path.iter().enumerate() {
        // A scalar, or a type the document lacks, has no properties to walk into.
        let f = schema?.fields.iter().find(|f| f.name == *name)?;
        if i + 1 == path.len() {
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
        schema = match &f.ty {
            Ty::Obj(s) | Ty::List(s) => Some(s),
            _ => None,
        };
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
    if let Some(s) = schema.filter(|s| !s.fields.is_empty()) {
        out.push_str("FIELDS:\n");
        field_list(&mut out, s, 1, recursive);
    }
    Some(out)
}

/// The template's `fieldList`: every field, and with `--recursive` the fields of each
/// field's object type one level further in (the schema has no cycles).
fn field_list(out: &mut String, s: &Schema, level: usize, recursive: bool) {
    for f in s.fields {
        out.push_str(&field_detail(f, level, recursive));
        if let (true, Ty::Obj(sub) | Ty::List(sub)) = (recursive, &f.ty) {
            field_list(out, sub, level + 1, recursive);
        }
    }
}

/// The template's `fieldDetail`: name indented by level, type, `-required-`, the first
/// four enum values; the wrapped description unless `short` (the recursive listing).
fn field_detail(f: &Field, level: usize, short: bool) -> String {
    let pad = level * 2;
    let mut s = format!("{}{}\t<{}>", " ".repeat(pad), f.name, f.ty.guess());
    if f.required {
        s.push_str(" -required-");
    }
    if !f.enums.is_empty() {
        s.push_str(&format!("\n{}enum: ", " ".repeat(pad)));
        let shown: Vec<&str> = f.enums.iter().take(4).map(|(v, _)| *v).collect();
        s.push_str(&shown.join(", "));
        if f.enums.len() > 4 {
            s.push_str(", ....");
        }
    }
    s.push('\n');
    if !short {
        s.push_str(&indent(pad + 2, &wrap(&field_description(f), 78 - pad)));
        s.push_str("\n\n");
    }
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
