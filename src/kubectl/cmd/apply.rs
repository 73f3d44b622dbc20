//! `apply -f`, `create -f`, `replace -f`: reading manifests (host files, URLs the host knows,
//! stdin for `-f -`), client-side apply with the `kubectl.kubernetes.io/last-applied-configuration`
//! annotation (three-way merge: keys dropped from the config are removed, keys in the config
//! win, everything else the server set is kept), and kubectl's messages and error forms.

use super::{api_error_text, api_error_with_source, filenames, namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::render::json::compact;
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::manifest::parse_documents;
use crate::sim::{ApiError, DecodeError, Kind, Object, WriteOptions};
use serde_json::{Map, Value};

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("filename", Some('f'), FlagKind::Array),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("save-config", None, FlagKind::Bool),
    FlagSpec::unmodelled("force", None, FlagKind::Bool),
    FlagSpec::unmodelled("server-side", None, FlagKind::Bool),
    FlagSpec::new("validate", None, FlagKind::Str),
    FlagSpec::new("recursive", Some('R'), FlagKind::Bool),
];

/// One document from a manifest, with where it came from (for `error when creating "f"`).
pub struct Doc {
    pub value: Value,
    pub source: String,
}

/// Read every `-f` source into documents (Lists flattened). Errors are whole outputs.
pub fn read_docs(
    p: &Parsed,
    stdin: Option<&str>,
    cx: &KubectlCtx,
    path: &str,
) -> Result<Vec<Doc>, Output> {
    let files = filenames(p);
    if files.is_empty() {
        return Err(Output::err(format!(
            "error: must specify one of -f and -k\n\nSee '{path} -h' for help and examples"
        )));
    }
    let mut docs = Vec::new();
    for f in files {
        let text = if f == "-" {
            stdin.unwrap_or("").to_string()
        } else {
            match cx.files.read(&f) {
                Some(t) => t,
                None if f.starts_with("http://") || f.starts_with("https://") => {
                    return Err(Output::err(format!(
                        "error: unable to read URL \"{f}\", server reported 404 Not Found, status code=404"
                    )))
                }
                None => return Err(Output::err(format!("error: the path \"{f}\" does not exist"))),
            }
        };
        let source = if f == "-" {
            "STDIN".to_string()
        } else {
            f.clone()
        };
        let parsed = parse_documents(&text).map_err(|e| {
            Output::err(format!(
                "error: error parsing {source}: error converting YAML to JSON: yaml: line {}: {}",
                e.line, e.message
            ))
        })?;
        for (v, _line) in parsed {
            if v.get("kind").and_then(Value::as_str) == Some("List") {
                if let Some(items) = v.get("items").and_then(Value::as_array) {
                    for it in items {
                        docs.push(Doc {
                            value: it.clone(),
                            source: source.clone(),
                        });
                    }
                }
                continue;
            }
            docs.push(Doc {
                value: v,
                source: source.clone(),
            });
        }
    }
    Ok(docs)
}

/// A document prepared for the server: its kind, name and namespace filled in, or the
/// client-side error kubectl would print.
pub struct Prepared {
    pub kind: Kind,
    pub name: String,
    pub ns: String,
    pub value: Value,
}

pub fn prepare(d: &Doc, p: &Parsed, cx: &KubectlCtx) -> Result<Prepared, String> {
    let mut v = d.value.clone();
    let obj = v.as_object().ok_or_else(|| {
        format!(
            "error: error validating \"{}\": error validating data: invalid object",
            d.source
        )
    })?;
    let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind_s = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut missing = Vec::new();
    if api_version.is_empty() {
        missing.push("apiVersion not set");
    }
    if kind_s.is_empty() {
        missing.push("kind not set");
    }
    if !missing.is_empty() {
        let list = if missing.len() == 1 {
            missing[0].to_string()
        } else {
            format!("[{}]", missing.join(", "))
        };
        return Err(format!(
            "error: error validating \"{}\": error validating data: {list}; if you choose to ignore these errors, turn validation off with --validate=false",
            d.source
        ));
    }
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let Some(kind) = Kind::from_api_version_kind(api_version, kind_s) else {
        return Err(format!(
            "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{}\": no matches for kind \"{kind_s}\" in version \"{api_version}\"\nensure CRDs are installed first",
            d.source
        ));
    };
    let explicit_ns = p.str("namespace");
    let default_ns = namespace(p, cx);
    let mut ns = String::new();
    if kind.namespaced() {
        let given = v
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !given.is_empty() {
            if let Some(e) = explicit_ns.filter(|e| *e != given) {
                return Err(format!(
                    "error: the namespace from the provided object \"{given}\" does not match the namespace \"{e}\". You must pass '--namespace={given}' to perform this operation."
                ));
            }
            ns = given;
        } else {
            ns = default_ns;
        }
        if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("namespace".into(), Value::String(ns.clone()));
        }
    }
    Ok(Prepared {
        kind,
        name,
        ns,
        value: v,
    })
}

/// Decode a prepared value, mapping strict-decoding failures to the server's BadRequest.
pub fn decode(v: &Value) -> Result<Object, ApiError> {
    Object::from_value(v.clone()).map_err(|e: DecodeError| ApiError::bad_request(e.to_string()))
}

/// Values of modelled flags that the simulator does not reproduce: only strict field
/// validation (the default) and `-o name|yaml|json` are modelled (`apply` refuses
/// `yaml|json` itself).
pub fn unmodelled_values(p: &Parsed, path: &str) -> Option<Output> {
    let refuse = |flag: &str| {
        Some(Output::err(format!(
            "error: \"{path} --{flag}\" is not available in this simulator"
        )))
    };
    if !matches!(p.str("validate"), None | Some("true") | Some("strict")) {
        return refuse(&format!(
            "validate={}",
            p.str("validate").unwrap_or_default()
        ));
    }
    if !matches!(p.str("output"), None | Some("name" | "yaml" | "json")) {
        return refuse(&format!("output={}", p.str("output").unwrap_or_default()));
    }
    None
}

/// `<kind>[.group]/<name> <op>` plus the dry-run suffix.
pub fn op_line(kind: Kind, name: &str, op: &str, dry: &str) -> String {
    let suffix = match dry {
        "client" => " (dry run)",
        "server" => " (server dry run)",
        _ => "",
    };
    format!("{}/{name} {op}{suffix}\n", kind.singular_qualified())
}

pub fn dry_run(p: &Parsed) -> Result<String, Output> {
    match p.str("dry-run") {
        None | Some("none") => Ok(String::new()),
        Some("client") | Some("server") => Ok(p.str("dry-run").unwrap_or_default().to_string()),
        Some(o) => Err(Output::err(format!(
            "error: Invalid dry-run value ({o}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// The annotation value kubectl stores: the config with the annotation removed (an empty
/// `annotations` map left in place), compact JSON with sorted keys, plus a newline.
pub fn last_applied_of(config: &Value) -> String {
    let mut c = config.clone();
    if let Some(m) = c.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = m
            .entry("annotations")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        }
    }
    format!("{}\n", compact(&c))
}

fn with_annotation(config: &Value, text: &str) -> Value {
    let mut c = config.clone();
    if let Some(m) = c.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = m
            .entry("annotations")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(a) = ann.as_object_mut() {
            a.insert(LAST_APPLIED.into(), Value::String(text.to_string()));
        }
    }
    c
}

/// Three-way merge of the user's config into the live object (see module docs). Lists of
/// equal length merge element-wise, lists of named items merge by `name`, others are replaced.
pub fn merge3(original: Option<&Value>, modified: &Value, current: Option<&Value>) -> Value {
    match (modified, current) {
        (Value::Object(m), Some(Value::Object(c))) => {
            let mut out = c.clone();
            for (k, mv) in m {
                let ov = original.and_then(|o| o.get(k));
                out.insert(k.clone(), merge3(ov, mv, c.get(k)));
            }
            if let Some(Value::Object(o)) = original {
                for k in o.keys() {
                    if !m.contains_key(k) {
                        out.remove(k);
                    }
                }
            }
            Value::Object(out)
        }
        (Value::Array(m), Some(Value::Array(c))) => {
            let orig = original.and_then(Value::as_array);
            if m.len() == c.len() {
                let same_names = m
                    .iter()
                    .zip(c.iter())
                    .all(|(a, b)| a.get("name") == b.get("name"));
                if same_names {
                    return Value::Array(
                        m.iter()
                            .enumerate()
                            .map(|(i, mv)| merge3(orig.and_then(|o| o.get(i)), mv, c.get(i)))
                            .collect(),
                    );
                }
            }
            let named = m.iter().all(|x| x.get("name").is_some());
            if named {
                return Value::Array(
                    m.iter()
                        .map(|mv| {
                            let cur = c.iter().find(|x| x.get("name") == mv.get("name"));
                            let org = orig
                                .and_then(|o| o.iter().find(|x| x.get("name") == mv.get("name")));
                            merge3(org, mv, cur)
                        })
                        .collect(),
                );
            }
            modified.clone()
        }
        _ => modified.clone(),
    }
}

/// Strip what the server owns before comparing a merge result with the live object.
fn comparable(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        if m.get("annotations")
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
        {
            m.remove("annotations");
        }
    }
    v
}

pub fn run_apply(rest: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl apply", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if let Some(o) = unmodelled_values(&p, "kubectl apply") {
        return o;
    }
    // -o yaml|json: apply prints nothing per object; once every object applied without an
    // error it prints them (one object, or a v1 List of all), as PrintAndPrunePostProcessor.
    let objects_format = p.str("output").filter(|o| matches!(*o, "yaml" | "json"));
    let mut visited: Vec<Object> = Vec::new();
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let docs = match read_docs(&p, stdin, cx, "kubectl apply") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let wo = WriteOptions {
        dry_run: dry == "server",
        ..Default::default()
    };
    let name_only = p.str("output") == Some("name");
    let mut out = Output::default();
    let mut errs: Vec<(String, String)> = Vec::new();
    for d in &docs {
        let pr = match prepare(d, &p, cx) {
            Ok(x) => x,
            Err(e) => {
                errs.push((e.clone(), e));
                continue;
            }
        };
        let config_text = last_applied_of(&pr.value);
        let modified = with_annotation(&pr.value, &config_text);
        let current = cx
            .cluster
            .api()
            .get(pr.kind, &pr.ns, &pr.name)
            .ok()
            .cloned();
        let line = |op: &str| {
            if name_only {
                format!("{}/{}\n", pr.kind.singular_qualified(), pr.name)
            } else {
                op_line(pr.kind, &pr.name, op, &dry)
            }
        };
        match current {
            None => {
                let obj = match decode(&modified) {
                    Ok(o) => o,
                    Err(e) => {
                        errs.push((
                            api_error_with_source(&e, "creating", &d.source),
                            line_of(&e, "creating", &d.source),
                        ));
                        continue;
                    }
                };
                if dry == "client" {
                    // The object as read, with its last-applied annotation.
                    visited.push(obj);
                    out.stdout.push_str(&line("created"));
                    continue;
                }
                match cx.cluster.api_mut().create(obj, &wo) {
                    Ok(o) => {
                        visited.push(o);
                        out.stdout.push_str(&line("created"))
                    }
                    Err(e) => errs.push((
                        api_error_with_source(&e, "creating", &d.source),
                        line_of(&e, "creating", &d.source),
                    )),
                }
            }
            Some(cur) => {
                let cur_v = cur.to_value();
                let original_text = cur.meta().annotations.get(LAST_APPLIED).cloned();
                if original_text.is_none() {
                    out.warnings.push_str(&format!(
                        "Warning: resource {}/{} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                        pr.kind.resource(),
                        pr.name
                    ));
                }
                let original: Option<Value> =
                    original_text.and_then(|t| serde_json::from_str(&t).ok());
                let merged = merge3(original.as_ref(), &modified, Some(&cur_v));
                if comparable(&merged) == comparable(&cur_v) {
                    visited.push(cur.clone());
                    out.stdout.push_str(&line("unchanged"));
                    continue;
                }
                let source_verb = patch_verb(pr.kind, &pr.name, &pr.ns, &merged, &cur_v);
                let obj = match decode(&merged) {
                    Ok(o) => o,
                    Err(e) => {
                        errs.push((
                            api_error_with_source(&e, &source_verb, &d.source),
                            line_of(&e, &source_verb, &d.source),
                        ));
                        continue;
                    }
                };
                if dry == "client" {
                    // info.Get() left the live object in info.Object: that is printed.
                    visited.push(cur.clone());
                    out.stdout.push_str(&line("configured"));
                    continue;
                }
                match cx.cluster.api_mut().update(obj, &wo) {
                    Ok(o) => {
                        visited.push(o);
                        out.stdout.push_str(&line("configured"))
                    }
                    Err(e) => errs.push((
                        api_error_with_source(&e, &source_verb, &d.source),
                        line_of(&e, &source_verb, &d.source),
                    )),
                }
            }
        }
    }
    cx.cluster.settle();
    if let Some(f) = objects_format {
        out.stdout.clear();
        if errs.is_empty() && !visited.is_empty() {
            out.stdout = print_visited(&visited, f);
        }
    }
    finish_errors(out, errs)
}

/// `printObjects`: the one object, or a `v1 List` (whose empty ListMeta Go prints as `{}`).
fn print_visited(objs: &[Object], format: &str) -> String {
    let v = match objs {
        [one] => one.to_value(),
        many => serde_json::json!({
            "apiVersion": "v1",
            "items": many.iter().map(Object::to_value).collect::<Vec<_>>(),
            "kind": "List",
            "metadata": {}
        }),
    };
    if format == "yaml" {
        crate::kubectl::render::yaml::to_yaml(&v)
    } else {
        crate::kubectl::render::json::to_json(&v)
    }
}

/// `applying patch:\n<patch>\nto:\n<info>\nfor:` and the inner `error when patching` (so the
/// message reads like kubectl's for non-Invalid server errors).
fn patch_verb(kind: Kind, name: &str, ns: &str, merged: &Value, current: &Value) -> String {
    let patch = diff_patch(current, merged);
    let group = kind.group();
    format!(
        "applying patch:\n{}\nto:\nResource: \"{group}/v1, Resource={}\", GroupVersionKind: \"{group}/v1, Kind={}\"\nName: \"{name}\", Namespace: \"{ns}\"\nfor:",
        compact(&patch),
        kind.resource(),
        kind.kind_name()
    )
}

/// A JSON merge patch turning `a` into `b` (display only).
fn diff_patch(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = Map::new();
            for (k, bv) in y {
                match x.get(k) {
                    Some(av) if av == bv => {}
                    Some(av) => {
                        out.insert(k.clone(), diff_patch(av, bv));
                    }
                    None => {
                        out.insert(k.clone(), bv.clone());
                    }
                }
            }
            for k in x.keys() {
                if !y.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(out)
        }
        _ => b.clone(),
    }
}

fn line_of(e: &ApiError, verb: &str, source: &str) -> String {
    super::api_error_line_with_source(e, verb, source)
}

/// kubectl prints one error as checkErr does, several as one line each (MultipleErrors).
pub fn finish_errors(mut out: Output, errs: Vec<(String, String)>) -> Output {
    match errs.len() {
        0 => {}
        1 => {
            out.stderr.push_str(&errs[0].0);
            out.stderr.push('\n');
            out.status = 1;
        }
        _ => {
            for (_, line) in &errs {
                out.stderr.push_str(line);
                out.stderr.push('\n');
            }
            out.status = 1;
        }
    }
    out
}

/// `create -f` (also used by `create` with `--save-config`).
pub fn create_from_files(p: &Parsed, stdin: Option<&str>, cx: &mut KubectlCtx) -> Output {
    if let Some(o) = unmodelled_values(p, "kubectl create") {
        return o;
    }
    let mode = match super::WriteMode::parse_printing(p, "kubectl create") {
        Ok(m) => m,
        Err(o) => return o,
    };
    let dry = mode.dry.clone();
    let docs = match read_docs(p, stdin, cx, "kubectl create") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let wo = WriteOptions {
        dry_run: dry == "server",
        ..Default::default()
    };
    let mut out = Output::default();
    let mut errs = Vec::new();
    for d in &docs {
        let pr = match prepare(d, p, cx) {
            Ok(x) => x,
            Err(e) => {
                errs.push((e.clone(), e));
                continue;
            }
        };
        let v = if p.bool_or("save-config", false) {
            with_annotation(&pr.value, &last_applied_of(&pr.value))
        } else {
            pr.value.clone()
        };
        let res = decode(&v).and_then(|o| {
            if dry == "client" {
                Ok(o)
            } else {
                cx.cluster.api_mut().create(o, &wo)
            }
        });
        match res {
            // The server's answer, or with a client dry run the object as read.
            Ok(obj) => out.stdout.push_str(&mode.print(&obj, "created")),
            Err(e) => errs.push((
                api_error_with_source(&e, "creating", &d.source),
                line_of(&e, "creating", &d.source),
            )),
        }
    }
    cx.cluster.settle();
    finish_errors(out, errs)
}

pub fn run_replace(rest: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl replace", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if let Some(o) = unmodelled_values(&p, "kubectl replace") {
        return o;
    }
    let mode = match super::WriteMode::parse_printing(&p, "kubectl replace") {
        Ok(m) => m,
        Err(o) => return o,
    };
    let dry = mode.dry.clone();
    let wo = mode.options();
    let docs = match read_docs(&p, stdin, cx, "kubectl replace") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut out = Output::default();
    let mut errs = Vec::new();
    for d in &docs {
        let pr = match prepare(d, &p, cx) {
            Ok(x) => x,
            Err(e) => {
                errs.push((e.clone(), e));
                continue;
            }
        };
        let res = match cx.cluster.api().get(pr.kind, &pr.ns, &pr.name) {
            Err(e) => Err(e),
            Ok(cur) => {
                let mut v = pr.value.clone();
                // replace keeps a last-applied annotation only when the live object had one.
                if let Some(t) = cur.meta().annotations.get(LAST_APPLIED) {
                    if v.pointer(&format!(
                        "/metadata/annotations/{}",
                        LAST_APPLIED.replace('/', "~1")
                    ))
                    .is_none()
                    {
                        v = with_annotation(&v, t);
                    }
                }
                match decode(&v) {
                    // Client dry run: kubectl prints what it would send and sends nothing.
                    Ok(o) if dry == "client" => Ok(o),
                    Ok(o) => cx.cluster.api_mut().update(o, &wo),
                    Err(e) => Err(e),
                }
            }
        };
        match res {
            Ok(obj) => out.stdout.push_str(&mode.print(&obj, "replaced")),
            Err(e) => errs.push((
                api_error_with_source(&e, "replacing", &d.source),
                line_of(&e, "replacing", &d.source),
            )),
        }
    }
    cx.cluster.settle();
    let _ = api_error_text;
    finish_errors(out, errs)
}
