//! `kubectl edit TYPE NAME`: the command returns an [`EditRequest`] holding the live object's
//! YAML under kubectl's comment header; the page opens it in its editor. When the learner
//! saves, the host calls [`finish_edit`] with the saved text: comment lines are dropped, an
//! unchanged file prints `Edit cancelled, no changes made.`, an empty one
//! `Edit cancelled, saved file was empty.`, otherwise the edit is merged into the live object
//! (keys removed in the editor are removed) and written: `statefulset.apps/web edited`.
//! When the server rejects it, kubectl reopens the file with the errors as comments: the
//! host receives `Outcome::Edit` again with that text.

use super::apply::merge3;
use super::{api_error_text, namespace, parse_flags};
use crate::kubectl::args::FlagSpec;
use crate::kubectl::render::yaml::to_yaml;
use crate::kubectl::resource;
use crate::kubectl::{KubectlCtx, Outcome, Output};
use crate::sim::{Kind, Object, WriteOptions};
use serde_json::Value;

const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// What the page must open, and what `finish_edit` needs to apply the result.
#[derive(Clone, Debug, PartialEq)]
pub struct EditRequest {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// The text to show in the editor (header comments + YAML).
    pub text: String,
    /// The object as it was when the edit started (what the saved text is compared with).
    pub original: Value,
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let flags: [FlagSpec; 0] = [];
    let p = match parse_flags("kubectl edit", rest, &flags) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let sel = match resource::parse(p.args_before_dash()) {
        Ok(s) => s,
        Err(e) if e.is_empty() => {
            return Outcome::Done(Output::err(
                "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            ))
        }
        Err(e) => return Outcome::Done(Output::err(e)),
    };
    let targets = sel.targets();
    let Some((kind, Some(name))) = targets.first().cloned() else {
        return Outcome::Done(Output::err(
            "error: resource(s) were provided, but no name was specified",
        ));
    };
    let ns = if kind.namespaced() {
        namespace(&p, cx)
    } else {
        String::new()
    };
    match cx.cluster.api().get(kind, &ns, &name) {
        Ok(o) => {
            let v = o.to_value();
            Outcome::Edit(EditRequest {
                kind,
                namespace: ns,
                name,
                text: format!("{HEADER}{}", to_yaml(&v)),
                original: v,
            })
        }
        Err(e) => Outcome::Done(Output::err(api_error_text(&e))),
    }
}

fn strip_comments(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Apply the saved editor text (see module docs).
pub fn finish_edit(req: &EditRequest, saved: &str, cx: &mut KubectlCtx) -> Outcome {
    let body = strip_comments(saved);
    if body.trim().is_empty() {
        return Outcome::Done(Output::err("Edit cancelled, saved file was empty."));
    }
    let edited = match crate::sim::manifest::parse_document(&body) {
        Ok(v) => v,
        Err(e) => {
            let mut r = req.clone();
            r.text = format!("{HEADER}# The edited file had a syntax error: error converting YAML to JSON: yaml: line {}: {}\n#\n{body}", e.line, e.message);
            return Outcome::Edit(r);
        }
    };
    if edited == req.original {
        return Outcome::Done(Output::err("Edit cancelled, no changes made."));
    }
    let current = match cx.cluster.api().get(req.kind, &req.namespace, &req.name) {
        Ok(o) => o.to_value(),
        Err(e) => return Outcome::Done(Output::err(api_error_text(&e))),
    };
    let mut merged = merge3(Some(&req.original), &edited, Some(&current));
    if let Some(m) = merged.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
    }
    let res = Object::from_value(merged)
        .map_err(|e| crate::sim::ApiError::bad_request(e.to_string()))
        .and_then(|o| cx.cluster.api_mut().update(o, &WriteOptions::default()));
    cx.cluster.settle();
    match res {
        Ok(_) => Outcome::Done(Output::out(format!(
            "{}/{} edited\n",
            req.kind.singular_qualified(),
            req.name
        ))),
        Err(e) => {
            let mut note = format!(
                "# {} \"{}\" was not valid:\n",
                req.kind.qualified_resource(),
                req.name
            );
            if e.causes.is_empty() {
                note.push_str(&format!("# * {}\n", e.message));
            }
            for c in &e.causes {
                note.push_str(&format!("# * {}: {}\n", c.field, c.message));
            }
            let mut r = req.clone();
            r.text = format!("{HEADER}{note}#\n{body}");
            Outcome::Edit(r)
        }
    }
}
