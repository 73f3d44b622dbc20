//! `-o jsonpath=...` and `-o custom-columns=...`: client-go's JSONPath dialect over the
//! object's JSON. Supported: `{.a.b}`, `{$}`, `[n]`, `[a:b]`, `[*]`, `..name`, `['key']`,
//! filters `[?(@.x=="v")]` (==, !=, <, <=, >, >=, and existence), `{range ...}{end}`,
//! string literals `{"\n"}`, and `\.` escapes in field names. Missing keys print nothing
//! (kubectl's default `--allow-missing-template-keys=true`).

use super::json::compact;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Field(String),
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    All,
    Filter(Vec<Step>, Option<(String, Value)>),
}

#[derive(Clone, Debug)]
pub enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

/// Parse errors carry client-go-like text, e.g. `unclosed action`.
pub fn parse(template: &str) -> Result<Vec<Node>, String> {
    let mut actions = Vec::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    let mut text = String::new();
    while i < chars.len() {
        if chars[i] == '{' {
            if !text.is_empty() {
                actions.push(Tok::Text(std::mem::take(&mut text)));
            }
            let mut j = i + 1;
            let mut in_str: Option<char> = None;
            while j < chars.len() {
                match (in_str, chars[j]) {
                    (None, '}') => break,
                    (None, '"') | (None, '\'') => in_str = Some(chars[j]),
                    (Some(q), c) if c == q && chars[j - 1] != '\\' => in_str = None,
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err("unclosed action".to_string());
            }
            actions.push(Tok::Action(
                chars[i + 1..j]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string(),
            ));
            i = j + 1;
        } else {
            text.push(chars[i]);
            i += 1;
        }
    }
    if !text.is_empty() {
        actions.push(Tok::Text(text));
    }
    let mut pos = 0;
    let nodes = build(&actions, &mut pos)?;
    if pos < actions.len() {
        return Err("not in range, nothing to end".to_string());
    }
    Ok(nodes)
}

enum Tok {
    Text(String),
    Action(String),
}

fn build(toks: &[Tok], pos: &mut usize) -> Result<Vec<Node>, String> {
    let mut out = Vec::new();
    while *pos < toks.len() {
        match &toks[*pos] {
            Tok::Text(t) => {
                out.push(Node::Text(t.clone()));
                *pos += 1;
            }
            Tok::Action(a) if a == "end" => return Ok(out),
            Tok::Action(a) => {
                *pos += 1;
                if let Some(rest) = a.strip_prefix("range ") {
                    let path = parse_path(rest.trim())?;
                    let body = build(toks, pos)?;
                    if *pos >= toks.len() {
                        return Err("unclosed range".to_string());
                    }
                    *pos += 1; // the `end`
                    out.push(Node::Range(path, body));
                } else if let Some(s) = string_literal(a) {
                    out.push(Node::Text(s));
                } else {
                    out.push(Node::Path(parse_path(a)?));
                }
            }
        }
    }
    Ok(out)
}

fn string_literal(a: &str) -> Option<String> {
    let q = a.chars().next()?;
    if (q != '"' && q != '\'') || a.len() < 2 || !a.ends_with(q) {
        return None;
    }
    let inner = &a[1..a.len() - 1];
    let mut s = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => s.push('\n'),
                Some('t') => s.push('\t'),
                Some('r') => s.push('\r'),
                Some(o) => s.push(o),
                None => s.push('\\'),
            }
        } else {
            s.push(c);
        }
    }
    Some(s)
}

fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    if chars.first() == Some(&'$') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let recursive = chars.get(i + 1) == Some(&'.');
                i += if recursive { 2 } else { 1 };
                let mut name = String::new();
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    name.push(chars[i]);
                    i += 1;
                }
                if recursive {
                    steps.push(Step::Recursive(name));
                } else if name == "*" {
                    steps.push(Step::All);
                } else if !name.is_empty() {
                    steps.push(Step::Field(name));
                }
            }
            '[' => {
                let mut depth = 0;
                let mut j = i;
                while j < chars.len() {
                    if chars[j] == '[' {
                        depth += 1;
                    } else if chars[j] == ']' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(format!("unterminated array in {p}"));
                }
                let inner: String = chars[i + 1..j].iter().collect();
                steps.push(parse_bracket(inner.trim())?);
                i = j + 1;
            }
            c if i == 0 => {
                // kubectl's relaxed form: `metadata.name` without the leading dot.
                let _ = c;
                let rest: String = chars.iter().collect();
                return parse_path(&format!(".{rest}"));
            }
            c => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    c as u32
                ))
            }
        }
    }
    Ok(steps)
}

fn parse_bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|x| x.strip_suffix(')')) {
        let f = f.trim();
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let Some((l, r)) = f.split_once(op) {
                let path = parse_path(l.trim().trim_start_matches('@'))?;
                let r = r.trim();
                let v = string_literal(r)
                    .map(Value::String)
                    .or_else(|| serde_json::from_str(r).ok())
                    .ok_or_else(|| format!("unrecognized filter value {r}"))?;
                return Ok(Step::Filter(path, Some((op.to_string(), v))));
            }
        }
        return Ok(Step::Filter(parse_path(f.trim_start_matches('@'))?, None));
    }
    if let Some(s) = string_literal(inner) {
        return Ok(Step::Field(s));
    }
    if let Some((a, b)) = inner.split_once(':') {
        let num = |x: &str| -> Result<Option<i64>, String> {
            let x = x.trim();
            if x.is_empty() {
                Ok(None)
            } else {
                x.parse()
                    .map(Some)
                    .map_err(|_| format!("invalid array index {x}"))
            }
        };
        return Ok(Step::Slice(
            num(a)?,
            num(b.split(':').next().unwrap_or(""))?,
        ));
    }
    inner
        .parse()
        .map(Step::Index)
        .map_err(|_| format!("invalid array index {inner}"))
}

fn eval(steps: &[Step], root: &Value) -> Vec<Value> {
    let mut cur = vec![root.clone()];
    for s in steps {
        let mut next = Vec::new();
        for v in &cur {
            match s {
                Step::Field(f) => {
                    if let Some(x) = v.get(f) {
                        next.push(x.clone());
                    }
                }
                Step::Recursive(f) => collect_recursive(v, f, &mut next),
                Step::Index(n) => {
                    if let Value::Array(a) = v {
                        let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                        if idx >= 0 && (idx as usize) < a.len() {
                            next.push(a[idx as usize].clone());
                        }
                    }
                }
                Step::Slice(a, b) => {
                    if let Value::Array(arr) = v {
                        let len = arr.len() as i64;
                        let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let s = norm(a.unwrap_or(0));
                        let e = norm(b.unwrap_or(len));
                        for x in arr.iter().take(e.max(s) as usize).skip(s as usize) {
                            next.push(x.clone());
                        }
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter().cloned()),
                    Value::Object(m) => next.extend(m.values().cloned()),
                    _ => {}
                },
                Step::Filter(path, cond) => {
                    if let Value::Array(a) = v {
                        for item in a {
                            let found = eval(path, item);
                            let keep = match cond {
                                None => !found.is_empty(),
                                Some((op, want)) => found.iter().any(|got| compare(got, op, want)),
                            };
                            if keep {
                                next.push(item.clone());
                            }
                        }
                    }
                }
            }
        }
        cur = next;
    }
    cur
}

fn collect_recursive(v: &Value, f: &str, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(f) {
                out.push(x.clone());
            }
            for c in m.values() {
                collect_recursive(c, f, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| collect_recursive(c, f, out)),
        _ => {}
    }
}

fn compare(got: &Value, op: &str, want: &Value) -> bool {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            match op {
                "==" => a == b,
                "!=" => a != b,
                "<" => a < b,
                "<=" => a <= b,
                ">" => a > b,
                _ => a >= b,
            }
        }
        _ => match op {
            "==" => text(got) == text(want),
            "!=" => text(got) != text(want),
            _ => false,
        },
    }
}

/// How one result prints: strings raw, numbers/bools as Go's `fmt.Fprint`, maps and lists as
/// compact JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Object(_) | Value::Array(_) => compact(v),
        other => other.to_string(),
    }
}

fn exec(nodes: &[Node], v: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(p) => {
                let rs = eval(p, v);
                out.push_str(&rs.iter().map(text).collect::<Vec<_>>().join(" "));
            }
            Node::Range(p, body) => {
                for item in eval(p, v) {
                    exec(body, &item, out);
                }
            }
        }
    }
}

/// Run a template over a value.
pub fn execute(template: &str, v: &Value) -> Result<String, String> {
    let nodes = parse(template)?;
    let mut out = String::new();
    exec(&nodes, v, &mut out);
    Ok(out)
}

/// One custom column: header and the values it selects (`<none>` when nothing matched).
pub fn custom_column_cell(path: &str, v: &Value) -> Result<String, String> {
    let p = path.trim();
    let p = p
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(p);
    let steps = parse_path(p)?;
    let rs = eval(&steps, v);
    if rs.is_empty() || rs.iter().all(Value::is_null) {
        return Ok("<none>".to_string());
    }
    Ok(rs.iter().map(text).collect::<Vec<_>>().join(","))
}

/// Parse `NAME:.path,IMAGE:.spec...` into (header, path) pairs, with kubectl's error text.
pub fn parse_custom_columns(spec: &str) -> Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".to_string());
    }
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((h, p)) => Ok((h.to_string(), p.to_string())),
            None => Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_ranges_filters() {
        let pod = json!({"metadata": {"name": "web-0", "labels": {"app.kubernetes.io/name": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.21"}, {"name": "side", "image": "busybox"}]},
            "status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}]}});
        assert_eq!(execute("{.metadata.name}", &pod).unwrap(), "web-0");
        assert_eq!(
            execute("{.spec.containers[*].image}", &pod).unwrap(),
            "nginx:1.21 busybox"
        );
        assert_eq!(
            execute("{.spec.containers[0]}", &pod).unwrap(),
            "{\"image\":\"nginx:1.21\",\"name\":\"nginx\"}"
        );
        assert_eq!(
            execute("{range .spec.containers[*]}{.name}{\"\\n\"}{end}", &pod).unwrap(),
            "nginx\nside\n"
        );
        assert_eq!(
            execute("{.status.conditions[?(@.type==\"Ready\")].status}", &pod).unwrap(),
            "True"
        );
        assert_eq!(
            execute("{.metadata.labels.app\\.kubernetes\\.io/name}", &pod).unwrap(),
            "nginx"
        );
        assert_eq!(execute("{.missing}", &pod).unwrap(), "");
        assert_eq!(
            execute("x={..image}", &pod).unwrap(),
            "x=nginx:1.21 busybox"
        );
        assert!(execute("{.a", &pod).is_err());
        assert_eq!(
            custom_column_cell(".spec.containers[*].name", &pod).unwrap(),
            "nginx,side"
        );
        assert_eq!(
            custom_column_cell(".spec.nodeName", &pod).unwrap(),
            "<none>"
        );
    }
}
