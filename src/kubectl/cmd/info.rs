//! `cluster-info`, `api-resources`, and the go-template subset `--template` uses.

use super::{namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::render::json::compact;
use crate::kubectl::render::tabwriter::TabWriter;
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::{Kind, Object};
use serde_json::Value;

/// The API server address shown by `cluster-info` (kube-apiserver's default secure port).
pub const SERVER_URL: &str = "https://127.0.0.1:6443";

pub fn run_cluster_info(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl cluster-info", rest, &[]) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let ns = p.str("namespace").unwrap_or("kube-system").to_string();
    let _ = namespace(&p, cx);
    let mut s = format!("Kubernetes control plane is running at {SERVER_URL}\n");
    for o in cx.cluster.api().list(Kind::Service, Some(&ns)) {
        let Object::Service(svc) = o else { continue };
        if svc
            .metadata
            .labels
            .get("kubernetes.io/cluster-service")
            .map(String::as_str)
            != Some("true")
        {
            continue;
        }
        let mut name = svc.metadata.name.clone();
        if let Some(port) = svc.spec.ports.first() {
            let scheme = if port.name == "https" || port.port == 443 {
                "https"
            } else {
                ""
            };
            name = match (scheme, port.name.as_str()) {
                ("", "") => name,
                ("", pn) => format!("{name}:{pn}"),
                (sc, pn) => format!("{sc}:{name}:{pn}"),
            };
        }
        let link = format!(
            "{SERVER_URL}/api/v1/namespaces/{}/services/{name}/proxy",
            svc.metadata.namespace
        );
        let shown = svc
            .metadata
            .labels
            .get("kubernetes.io/name")
            .cloned()
            .unwrap_or(svc.metadata.name.clone());
        s.push_str(&format!("{shown} is running at {link}\n"));
    }
    s.push_str(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    Output::out(s)
}

pub fn run_api_resources(rest: &[String], _cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("namespaced", None, FlagKind::Str),
        FlagSpec::new("no-headers", None, FlagKind::Bool),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let p = match parse_flags("kubectl api-resources", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
    kinds.sort_by(|a, b| (a.group(), a.resource()).cmp(&(b.group(), b.resource())));
    if let Some(ns) = p.str("namespaced") {
        let want = ns != "false";
        kinds.retain(|k| k.namespaced() == want);
    }
    if p.str("output") == Some("name") {
        return Output::out(
            kinds
                .iter()
                .map(|k| format!("{}\n", k.qualified_resource()))
                .collect::<String>(),
        );
    }
    let mut s = String::new();
    if !p.bool_or("no-headers", false) {
        s.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n");
    }
    for k in kinds {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            k.resource(),
            k.short_names().join(","),
            k.api_version(),
            k.namespaced(),
            k.kind_name()
        ));
    }
    Output::out(TabWriter::table().format(&s))
}

/// A small Go text/template: `{{.a.b}}`, `{{$v.field}}`, `{{range .x}}`, `{{range $i, $c :=
/// .x}}`, `{{end}}`, `{{"text"}}`. Missing keys print `<no value>` (missingkey=default).
pub fn go_template(t: &str, v: &Value) -> Result<String, String> {
    let mut toks: Vec<(bool, String)> = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        if i > 0 {
            toks.push((false, rest[..i].to_string()));
        }
        let Some(j) = rest[i..].find("}}") else {
            return Err(format!(
                "error: error parsing template {t}, template: output:1: unclosed action"
            ));
        };
        toks.push((true, rest[i + 2..i + j].trim().to_string()));
        rest = &rest[i + j + 2..];
    }
    if !rest.is_empty() {
        toks.push((false, rest.to_string()));
    }
    let mut out = String::new();
    let mut pos = 0;
    let mut vars: Vec<(String, Value)> = vec![("$".to_string(), v.clone())];
    exec_tpl(&toks, &mut pos, v, &mut vars, &mut out, t)?;
    Ok(out)
}

fn lookup(expr: &str, dot: &Value, vars: &[(String, Value)]) -> Option<Value> {
    let (base, path) = if let Some(p) = expr.strip_prefix('.') {
        (dot.clone(), p)
    } else if expr.starts_with('$') {
        let (name, p) = match expr.find('.') {
            Some(i) => (&expr[..i], &expr[i + 1..]),
            None => (expr, ""),
        };
        (vars.iter().rev().find(|x| x.0 == name)?.1.clone(), p)
    } else {
        return None;
    };
    let mut cur = base;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        cur = cur.get(seg)?.clone();
    }
    Some(cur)
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<no value>".to_string(),
        Value::Object(_) | Value::Array(_) => compact(v),
        o => o.to_string(),
    }
}

fn exec_tpl(
    toks: &[(bool, String)],
    pos: &mut usize,
    dot: &Value,
    vars: &mut Vec<(String, Value)>,
    out: &mut String,
    t: &str,
) -> Result<(), String> {
    while *pos < toks.len() {
        let (action, text) = &toks[*pos];
        *pos += 1;
        if !action {
            out.push_str(text);
            continue;
        }
        if text == "end" {
            return Ok(());
        }
        if let Some(r) = text.strip_prefix("range ") {
            let (names, expr) = match r.split_once(":=") {
                Some((n, e)) => (
                    n.split(',')
                        .map(|x| x.trim().to_string())
                        .collect::<Vec<_>>(),
                    e.trim(),
                ),
                None => (vec![], r.trim()),
            };
            let body_start = *pos;
            let items: Vec<(Value, Value)> = match lookup(expr, dot, vars) {
                Some(Value::Array(a)) => a
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| (Value::from(i), x))
                    .collect(),
                Some(Value::Object(m)) => {
                    m.into_iter().map(|(k, x)| (Value::String(k), x)).collect()
                }
                _ => vec![],
            };
            let mut end_pos = None;
            for (k, item) in &items {
                *pos = body_start;
                let mark = vars.len();
                match names.len() {
                    1 => vars.push((names[0].clone(), item.clone())),
                    2 => {
                        vars.push((names[0].clone(), k.clone()));
                        vars.push((names[1].clone(), item.clone()));
                    }
                    _ => {}
                }
                exec_tpl(toks, pos, item, vars, out, t)?;
                vars.truncate(mark);
                end_pos = Some(*pos);
            }
            match end_pos {
                Some(p) => *pos = p,
                None => {
                    // Skip the body without output.
                    let mut sink = String::new();
                    *pos = body_start;
                    exec_tpl(toks, pos, &Value::Null, vars, &mut sink, t)?;
                }
            }
            continue;
        }
        if let Some(lit) = text.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
            out.push_str(&lit.replace("\\n", "\n").replace("\\t", "\t"));
            continue;
        }
        match lookup(text, dot, vars) {
            Some(v) => out.push_str(&show(&v)),
            None if text.starts_with('.') || text.starts_with('$') => out.push_str("<no value>"),
            None => return Err(format!("error: error parsing template {t}, template: output:1: function \"{text}\" not defined")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tutorial_template() {
        let pod = json!({"spec": {"containers": [{"image": "registry.k8s.io/nginx-slim:0.24"}]}});
        assert_eq!(
            go_template(
                "{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}",
                &pod
            )
            .unwrap(),
            "registry.k8s.io/nginx-slim:0.24"
        );
        assert_eq!(go_template("{{.spec.x}}", &pod).unwrap(), "<no value>");
    }
}
