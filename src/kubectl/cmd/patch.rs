//! `kubectl patch` (`--type strategic|merge|json`, `-p`), `kubectl label` and
//! `kubectl annotate` (`key=value`, `key-` removal, `--overwrite`).

use super::scale::targets;
use super::{api_error_text, namespace, parse_flags, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::api::patch as sim_patch;
use crate::sim::{Object, PatchType};

const PATCH_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("patch", Some('p'), FlagKind::Str),
    FlagSpec::new("type", None, FlagKind::Str),
    FlagSpec::new("patch-file", None, FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::unmodelled("subresource", None, FlagKind::Str),
];

fn without_rv(o: &Object) -> serde_json::Value {
    let mut v = o.to_value();
    if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.remove("resourceVersion");
    }
    v
}

pub fn run_patch(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl patch", rest, PATCH_FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse_printing(&p, "kubectl patch") {
        Ok(m) => m,
        Err(o) => return o,
    };
    let pt = match p.str("type").unwrap_or("strategic") {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        other => {
            return Output::err(format!(
                "error: --type must be one of [json merge strategic], not \"{other}\""
            ))
        }
    };
    let patch =
        match (p.str("patch"), p.str("patch-file")) {
            (Some(_), Some(_)) => {
                return Output::err("error: cannot specify --patch and --patch-file together")
            }
            (Some(text), None) => text.to_string(),
            (None, Some(file)) => match cx.files.read(file) {
                Some(text) => text,
                None => {
                    return Output::err(format!(
                        "error: unable to read patch file: open {file}: no such file or directory"
                    ))
                }
            },
            (None, None) => return Output::err(
                "error: must specify --patch or --patch-file containing the contents of the patch",
            ),
        };
    if crate::sim::manifest::parse_document(&patch).is_err() {
        return Output::err(format!(
            "error: unable to parse \"{patch}\": yaml: did not find expected node content"
        ));
    }
    let ns = namespace(&p, cx);
    let ts = match targets(p.args_before_dash(), None, false, &ns, cx) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (k, name) in ts {
        let tns = if k.namespaced() {
            ns.clone()
        } else {
            String::new()
        };
        let current = match cx.cluster.api().get(k, &tns, &name) {
            Ok(o) => o.clone(),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        // Work out the result first: a patch that changes nothing is reported as such
        // without a write, like the server's no-op update.
        let unchanged = sim_patch::apply(&current, pt, &patch)
            .ok()
            .and_then(|v| Object::from_value(v).ok())
            .is_some_and(|o| without_rv(&o) == without_rv(&current));
        if unchanged && mode.dry.is_empty() {
            out.stdout
                .push_str(&mode.print(&current, "patched (no change)"));
            continue;
        }
        let res = if mode.sends() {
            cx.cluster
                .api_mut()
                .patch(k, &tns, &name, pt, &patch, &mode.options())
        } else {
            // Client dry run: the patch is applied to the fetched object locally.
            sim_patch::apply(&current, pt, &patch)
                .map(|v| Object::from_value(v).unwrap_or_else(|_| current.clone()))
        };
        match res {
            Ok(obj) => out.stdout.push_str(&mode.print(&obj, "patched")),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    cx.cluster.settle();
    out
}

pub fn run_label(rest: &[String], cx: &mut KubectlCtx, annotate: bool) -> Output {
    let flags = [
        FlagSpec::new("overwrite", None, FlagKind::Bool),
        FlagSpec::new("selector", Some('l'), FlagKind::Str),
        FlagSpec::new("all", None, FlagKind::Bool),
        FlagSpec::new("list", None, FlagKind::Bool),
        FlagSpec::new("dry-run", None, FlagKind::Str),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let cmd = if annotate { "annotate" } else { "label" };
    let p = match parse_flags(&format!("kubectl {cmd}"), rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let args = p.args_before_dash();
    // kubectl's getResourcesAndLabels: the first `k=v` or `k-` word starts the changes.
    let mut res: Vec<String> = Vec::new();
    let mut changes: Vec<String> = Vec::new();
    for a in args {
        let is_change = a.contains('=') || a.ends_with('-');
        match (changes.is_empty(), is_change) {
            (_, true) => changes.push(a.clone()),
            (true, false) => res.push(a.clone()),
            (false, false) => {
                return Output::err(format!(
                    "error: all resources must be specified before {cmd} changes: {a}"
                ))
            }
        }
    }
    let list = p.bool_or("list", false);
    if list && p.str("output").is_some_and(|o| !o.is_empty()) {
        return Output::err("error: --list and --output may not be specified together");
    }
    if changes.is_empty() && !list {
        return Output::err(format!(
            "error: at least one {} update is required",
            if annotate { "annotation" } else { "label" }
        ));
    }
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for c in &changes {
        if let Some((k, v)) = c.split_once('=') {
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = c.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Output::err(format!("error: invalid {cmd} format: {c}"));
        }
    }
    let ns = namespace(&p, cx);
    let ts = match targets(&res, p.str("selector"), p.bool_or("all", false), &ns, cx) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse_printing(&p, &format!("kubectl {cmd}")) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let overwrite = p.bool_or("overwrite", false);
    // `IntoSingleItemImplied`: one object named on the command line lists without a header.
    let single =
        ts.len() == 1 && res.len() <= 2 && p.str("selector").is_none() && !p.bool_or("all", false);
    let mut out = Output::default();
    for (k, name) in ts {
        let tns = if k.namespaced() {
            ns.clone()
        } else {
            String::new()
        };
        let mut obj = match cx.cluster.api().get(k, &tns, &name) {
            Ok(o) => o.clone(),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        let before = obj.clone();
        let map = if annotate {
            &mut obj.meta_mut().annotations
        } else {
            &mut obj.meta_mut().labels
        };
        let mut conflict = None;
        for (key, v) in &set {
            if let Some(cur) = map.get(key) {
                if !overwrite && cur != v {
                    conflict = Some(if annotate {
                        format!("error: --overwrite is false but found the following declared annotation(s): '{key}' already has a value ({cur})")
                    } else {
                        format!(
                            "error: '{key}' already has a value ({cur}), and --overwrite is false"
                        )
                    });
                    break;
                }
            }
            map.insert(key.clone(), v.clone());
        }
        if let Some(c) = conflict {
            out.stderr.push_str(&c);
            out.stderr.push('\n');
            out.status = 1;
            continue;
        }
        for key in &remove {
            map.remove(key);
        }
        // --list shows the object with the changes applied locally, and sends nothing. (Go
        // ranges over a map, in no order; the simulator lists keys sorted.)
        if list {
            let indent = if single { "" } else { " " };
            if !single {
                let what = if annotate { "annotations" } else { "labels" };
                out.stdout.push_str(&format!(
                    "Listing {what} for {}.{}/{name}:\n",
                    k.kind_name(),
                    k.group()
                ));
            }
            for (key, v) in map.iter() {
                out.stdout.push_str(&format!("{indent}{key}={v}\n"));
            }
            continue;
        }
        let word = if annotate { "annotated" } else { "labeled" };
        if obj == before {
            let w = if annotate { "annotated" } else { "not labeled" };
            out.stdout.push_str(&mode.print(&obj, w));
            continue;
        }
        // label prints its own modified copy (info.Object), annotate the server's answer.
        let local = obj.clone();
        let res = if mode.sends() {
            cx.cluster.api_mut().update(obj, &mode.options())
        } else {
            Ok(obj)
        };
        match res {
            Ok(written) => {
                let shown = if annotate { &written } else { &local };
                out.stdout.push_str(&mode.print(shown, word))
            }
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    cx.cluster.settle();
    out
}
