//! Problems in the editor's text at a line and column, for the page's inline markers:
//! YAML errors found while the learner types ([`parse_problems`]), and the API server's
//! errors for the last Apply ([`apply_problems`]), placed on the line of the field they name.
//!
//! Apply's errors are the exact text kubectl printed (`The StatefulSet "web" is invalid:
//! spec.replicas: Invalid value: -1: ...`, `strict decoding error: unknown field "spec.x"`), so
//! the marker says what the terminal says; this module only finds where in the text it belongs.

use serde_json::Value;

use crate::sim::manifest::parse_documents;

/// One problem at a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The YAML syntax error in `text`, if any.
pub fn parse_problems(text: &str) -> Vec<Problem> {
    match parse_documents(text) {
        Ok(_) => Vec::new(),
        Err(e) => vec![Problem {
            line: e.line,
            column: e.column,
            message: e.message,
        }],
    }
}

/// The errors in apply's terminal `output`, each on the line of `text` it is about.
pub fn apply_problems(text: &str, output: &str) -> Vec<Problem> {
    let Ok(docs) = parse_documents(text) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for raw in output.lines() {
        if let Some((kind, name)) = object_named(raw) {
            current = doc_range(&docs, lines.len(), &kind, &name);
        }
        let Some((from, to)) = current.or_else(|| first_doc(&docs, lines.len())) else {
            continue;
        };
        for (field, message) in field_errors(raw) {
            let (line, column) = locate(&lines[from - 1..to], &field)
                .map(|(l, c)| (from + l, c))
                .unwrap_or((from, 1));
            out.push(Problem {
                line,
                column,
                message,
            });
        }
    }
    out
}

/// `The StatefulSet "web" is invalid: ...` or `error when creating "f.yaml": StatefulSet in
/// version ...` name the object the following field errors are about.
fn object_named(line: &str) -> Option<(String, String)> {
    if let Some(rest) = line.strip_prefix("The ") {
        let (kind, rest) = rest.split_once(" \"")?;
        let (name, _) = rest.split_once('"')?;
        return Some((kind.to_string(), name.to_string()));
    }
    let i = line.find("cannot be handled as a ")?;
    let kind = line[i + "cannot be handled as a ".len()..]
        .split(|c: char| c == ':' || c.is_whitespace())
        .next()?;
    Some((kind.to_string(), String::new()))
}

/// `(field path, the whole error line)` for each field an output line blames.
fn field_errors(line: &str) -> Vec<(String, String)> {
    let message = line.trim_start_matches("* ").trim().to_string();
    if let Some(i) = line.find("unknown field \"") {
        let rest = &line[i + "unknown field \"".len()..];
        if let Some((field, _)) = rest.split_once('"') {
            return vec![(field.to_string(), message)];
        }
    }
    // `json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.replicas
    // of type int32`: the path follows the Go struct's name. It names no list index, so a
    // field inside a list lands on the first item that has it.
    if let Some(i) = line.find("into Go struct field ") {
        let rest = &line[i + "into Go struct field ".len()..];
        let field = rest.split([' ', ':']).next().unwrap_or("");
        if let Some((_, path)) = field.split_once('.') {
            if is_field_path(path) {
                return vec![(path.to_string(), message)];
            }
        }
    }
    let body = match line.split_once(" is invalid: ") {
        Some((_, b)) => b,
        None if line.starts_with("* ") => &line[2..],
        None => return Vec::new(),
    };
    match body.split_once(": ") {
        Some((field, _)) if is_field_path(field) => vec![(field.to_string(), message)],
        _ => Vec::new(),
    }
}

fn is_field_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '-' | '_' | '/'))
}

/// Lines `from..=to` (1-based) of the document with this kind and (if given) name.
fn doc_range(
    docs: &[(Value, usize)],
    total: usize,
    kind: &str,
    name: &str,
) -> Option<(usize, usize)> {
    let i = docs.iter().position(|(v, _)| {
        v.get("kind").and_then(Value::as_str) == Some(kind)
            && (name.is_empty()
                || v.pointer("/metadata/name").and_then(Value::as_str) == Some(name))
    })?;
    let end = docs.get(i + 1).map(|(_, s)| s - 1).unwrap_or(total);
    Some((docs[i].1, end.max(docs[i].1)))
}

fn first_doc(docs: &[(Value, usize)], total: usize) -> Option<(usize, usize)> {
    let (_, start) = docs.first()?;
    let end = docs.get(1).map(|(_, s)| s - 1).unwrap_or(total);
    Some((*start, end.max(*start)))
}

/// Where `path` (`spec.template.spec.containers[0].image`) is in a block of YAML lines: the
/// 0-based line within `lines` and the 1-based column of the key. Follows indentation: each
/// key is looked up inside the block of the one before; a missing key leaves the deepest one
/// found (a missing required field is reported where it belongs).
fn locate(lines: &[&str], path: &str) -> Option<(usize, usize)> {
    let mut found: Option<(usize, usize)> = None;
    // The block being searched: lines after `start` indented deeper than `parent`.
    let (mut start, mut parent): (usize, Option<usize>) = (0, None);
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some((at, indent)) = find_key(lines, start, parent, key) else {
            break;
        };
        found = Some((at, indent + 1));
        start = at + 1;
        parent = Some(indent);
        if let Some(n) = index {
            let Some((item, item_indent)) = find_item(lines, start, indent, n) else {
                break;
            };
            found = Some((item, item_indent + 1));
            // The item's own keys sit after its dash.
            start = item;
            parent = Some(item_indent);
        }
    }
    found
}

fn indent_of(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

fn is_blank(l: &str) -> bool {
    let t = l.trim();
    t.is_empty() || t.starts_with('#')
}

/// The line declaring `key:` in the block after `start` deeper than `parent`.
fn find_key(
    lines: &[&str],
    start: usize,
    parent: Option<usize>,
    key: &str,
) -> Option<(usize, usize)> {
    for (i, l) in lines.iter().enumerate().skip(start) {
        if is_blank(l) {
            continue;
        }
        let raw = indent_of(l);
        // Leaving the block ends the search (the item's own dash line at `start` belongs to it).
        if i > start && parent.is_some_and(|p| raw <= p) {
            return None;
        }
        // A list item's first key sits after "- ": count it at the key's column.
        let (ind, t) = match l.trim_start().strip_prefix("- ") {
            Some(t) => (raw + 2 + (t.len() - t.trim_start().len()), t.trim_start()),
            None => (raw, l.trim_start()),
        };
        if parent.is_none_or(|p| ind > p) {
            let k = t.split_once(':').map(|(k, _)| k.trim().trim_matches('"'));
            if k == Some(key) {
                return Some((i, ind));
            }
        }
    }
    None
}

/// The `n`th (0-based) `- ` item in the block after `start` deeper than `parent` (lists
/// may also sit at the parent's own indentation, as `containers:\n- name: x` does).
fn find_item(lines: &[&str], start: usize, parent: usize, n: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut item_indent: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().skip(start) {
        if is_blank(l) {
            continue;
        }
        let ind = indent_of(l);
        let dash = l.trim_start().starts_with("- ") || l.trim() == "-";
        if ind < parent || (ind == parent && !dash) {
            return None;
        }
        if dash && item_indent.is_none_or(|d| d == ind) {
            item_indent = Some(ind);
            if seen == n {
                return Some((i, ind));
            }
            seen += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const STS: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: -1\n  serviceName: nginx\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n      - name: side\n        bogus: 1\n";

    #[test]
    fn a_validation_error_lands_on_its_field_in_the_right_document() {
        let out = "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n";
        let p = apply_problems(STS, out);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].line, p[0].column), (13, 3));
        assert!(p[0]
            .message
            .starts_with("The StatefulSet \"web\" is invalid: spec.replicas"));
    }

    #[test]
    fn a_type_error_lands_on_its_field() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: three\n";
        let out = "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32\n";
        let p = apply_problems(text, out);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].line, p[0].column), (6, 3));
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec: []\n";
        let out = "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal array into Go struct field StatefulSet.spec of type v1.StatefulSetSpec\n";
        let p = apply_problems(text, out);
        assert_eq!((p[0].line, p[0].column), (5, 1));
    }

    #[test]
    fn an_unknown_field_in_a_list_item_lands_on_that_item() {
        let out = "Error from server (BadRequest): error when creating \"s.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.template.spec.containers[1].bogus\"\n";
        let p = apply_problems(STS, out);
        assert_eq!((p[0].line, p[0].column), (21, 9), "{p:?}");
    }

    #[test]
    fn several_errors_each_get_a_marker() {
        let out = "The StatefulSet \"web\" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.serviceName: Invalid value: \"x\": bad\n";
        let p = apply_problems(STS, out);
        let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![13, 14]);
    }

    #[test]
    fn success_and_syntax_errors() {
        assert!(apply_problems(STS, "statefulset.apps/web created\n").is_empty());
        let p = parse_problems("a: 1\n b: 2\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 2, "{p:?}");
        assert!(parse_problems(STS).is_empty());
    }
}
