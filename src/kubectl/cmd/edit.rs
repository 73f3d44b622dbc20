//! `kubectl edit TYPE NAME`, following kubectl v1.35's `editoptions.go` loop.
//!
//! The command returns an [`EditRequest`]: kubectl's temp file name
//! (`/tmp/kubectl-edit-<n>.yaml`) and its text, the live object's YAML under kubectl's comment
//! header. The host writes the file, opens it in its editor and blocks the terminal. When the
//! learner saves, the host calls [`finish_edit`] with the saved text; the result is
//! [`Outcome::Done`] (kubectl exited) or [`Outcome::Edit`] (kubectl reopened the editor on a
//! new temp file, after printing `EditRequest::stderr`). In kubectl's order:
//! - a retry saved without changes: `A copy of your changes has been stored to "<file>"` and
//!   `error: Edit cancelled, no valid changes were saved.`;
//! - comments stripped, the same object as at the start: `Edit cancelled, no changes made.`;
//! - nothing but comments and blank lines: `Edit cancelled, saved file was empty.`;
//! - a YAML syntax error: reopened with `# The edited file had a syntax error: …`;
//! - apiVersion, kind or name changed: `error: At least one of apiVersion, kind and name was changed`;
//! - otherwise the edit (original → saved) is merged into the live object and written through
//!   the API server: `statefulset.apps/web edited`; an Invalid answer prints
//!   `error: statefulsets.apps "web" is invalid` and reopens the file with the causes as
//!   comments; NotFound and other errors end the command as kubectl does.

use super::apply::merge3;
use super::{api_error_text, namespace, parse_flags};
use crate::kubectl::args::FlagSpec;
use crate::kubectl::render::yaml::to_yaml;
use crate::kubectl::resource;
use crate::kubectl::{KubectlCtx, Outcome, Output};
use crate::sim::{ApiError, Cluster, Kind, Object, StatusReason, WriteOptions};
use serde_json::Value;

/// `editHeader.writeTo` for the normal edit mode.
pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// An edit in progress: what the editor must show now, and what the next save is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct EditRequest {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// kubectl's temp file (`/tmp/kubectl-edit-<n>.yaml`) holding `text`.
    pub file: String,
    /// The text to show in the editor (header comments + YAML).
    pub text: String,
    /// The object as it was when the edit started (what the saved text is compared with).
    pub original: Value,
    /// What kubectl printed to stderr before (re)opening the editor.
    pub stderr: String,
    /// Set when the editor was reopened after a failed save: the text saved then, comments
    /// stripped (saving it again unchanged gives up).
    pub retry_of: Option<Stripped>,
    /// Number of editor launches so far (names each temp file).
    pub launches: u32,
}

/// `cmdutil.StripComments`: the YAML as data, or the text without comment lines when it does
/// not parse.
#[derive(Clone, Debug, PartialEq)]
pub enum Stripped {
    Data(Value),
    Text(String),
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
            let mut req = EditRequest {
                kind,
                namespace: ns,
                name,
                file: String::new(),
                text: format!("{HEADER}{}", to_yaml(&v)),
                original: v,
                stderr: String::new(),
                retry_of: None,
                launches: 0,
            };
            req.file = temp_file(cx.cluster, &req);
            req.launches = 1;
            Outcome::Edit(req)
        }
        Err(e) => Outcome::Done(Output::err(api_error_text(&e))),
    }
}

/// `os.CreateTemp("", "kubectl-edit-*.yaml")`: Go puts a random uint32 in the name. Here the
/// number is a hash of the cluster's seed, clock, watch-log position and the launch, so the
/// same session names the same files.
fn temp_file(c: &Cluster, req: &EditRequest) -> String {
    let mut h: u64 = c.seed() ^ 0x9e37_79b9_7f4a_7c15;
    let mut mix = |x: u64| {
        h ^= x;
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = h;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h = z ^ (z >> 31);
    };
    mix(c.now());
    mix(c.api().watch_log().len() as u64);
    mix(u64::from(req.launches));
    for b in req.name.bytes() {
        mix(u64::from(b));
    }
    format!("/tmp/kubectl-edit-{}.yaml", h as u32)
}

/// `cmdutil.ManualStrip`: drop lines whose first non-blank character is `#` (but not `#!`).
fn manual_strip(s: &str) -> String {
    let lines: Vec<&str> = s.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('#') && !t.starts_with("#!") {
            continue;
        }
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

fn strip_comments(s: &str) -> Stripped {
    let body = manual_strip(s);
    if body.trim().is_empty() {
        // yaml.ToJSON of an empty document is `null`.
        return Stripped::Data(Value::Null);
    }
    match crate::sim::manifest::parse_document(&body) {
        Ok(v) => Stripped::Data(v),
        Err(_) => Stripped::Text(body),
    }
}

/// `hasLines`: some line is neither blank nor a comment.
fn has_lines(s: &str) -> bool {
    s.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// A cancelled edit: a note on stderr, and kubectl returns nil (exit status 0).
fn cancelled(note: &str) -> Output {
    Output {
        stderr: format!("{note}\n"),
        ..Default::default()
    }
}

/// kubectl's `preservedFile` note followed by the error `CheckErr` prints.
fn preserved(file: &str, err: &str) -> Outcome {
    Outcome::Done(Output::err(format!(
        "A copy of your changes has been stored to \"{file}\"\n{err}"
    )))
}

/// Reopen the editor on a new temp file: header, the reasons, and the saved text without
/// its comments.
fn reopen(
    req: &EditRequest,
    saved: &str,
    reasons: &str,
    stderr: String,
    cx: &KubectlCtx,
) -> Outcome {
    let mut r = req.clone();
    r.text = format!("{HEADER}{reasons}{}", manual_strip(saved));
    r.stderr = stderr;
    r.retry_of = Some(strip_comments(saved));
    r.file = temp_file(cx.cluster, &r);
    r.launches += 1;
    Outcome::Edit(r)
}

/// `hashOnLineBreak`: continue multi-line reasons as comments.
fn hash_lines(s: &str) -> String {
    s.replace('\n', "\n# ")
}

/// Apply the saved editor text (see module docs).
pub fn finish_edit(req: &EditRequest, saved: &str, cx: &mut KubectlCtx) -> Outcome {
    let stripped = strip_comments(saved);
    if req.retry_of.as_ref() == Some(&stripped) {
        return preserved(
            &req.file,
            "error: Edit cancelled, no valid changes were saved.",
        );
    }
    if stripped == Stripped::Data(req.original.clone()) {
        return Outcome::Done(cancelled("Edit cancelled, no changes made."));
    }
    if !has_lines(saved) {
        return Outcome::Done(cancelled("Edit cancelled, saved file was empty."));
    }
    let edited = match crate::sim::manifest::parse_document(&manual_strip(saved)) {
        Ok(v) if v.is_object() => v,
        Ok(v) => {
            // Not a mapping: the builder cannot decode it into an object.
            let why = Object::from_value(v)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            let reason = format!(
                "# {}\n#\n",
                hash_lines(&format!("The edited file had a syntax error: {why}"))
            );
            return reopen(req, saved, &reason, String::new(), cx);
        }
        Err(e) => {
            let reason = format!(
                "# {}\n#\n",
                hash_lines(&format!(
                    "The edited file had a syntax error: error converting YAML to JSON: yaml: line {}: {}",
                    e.line, e.message
                ))
            );
            return reopen(req, saved, &reason, String::new(), cx);
        }
    };
    // RequireNamespace: the object must stay in the command's namespace.
    let edited_ns = edited
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("");
    if req.kind.namespaced() && !edited_ns.is_empty() && edited_ns != req.namespace {
        return preserved(
            &req.file,
            &format!("error: the namespace from the provided object \"{edited_ns}\" does not match the namespace \"{}\". You must pass '--namespace={edited_ns}' to perform this operation.", req.namespace),
        );
    }
    // The patch preconditions: apiVersion, kind and metadata.name must not change.
    let same = |p: &str| edited.pointer(p) == req.original.pointer(p);
    if !same("/apiVersion") || !same("/kind") || !same("/metadata/name") {
        return preserved(
            &req.file,
            "error: At least one of apiVersion, kind and name was changed",
        );
    }
    let what = format!("{}/{}", req.kind.singular_qualified(), req.name);
    let current = match cx.cluster.api().get(req.kind, &req.namespace, &req.name) {
        Ok(o) => o.to_value(),
        Err(e) => return patch_failed(req, &e),
    };
    // The two-way patch (original → edited) applied to the live object.
    let mut merged = merge3(Some(&req.original), &edited, Some(&current));
    if let Some(m) = merged.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
    }
    let res = Object::from_value(merged)
        .map_err(|e| ApiError::bad_request(e.to_string()))
        .and_then(|o| cx.cluster.api_mut().update(o, &WriteOptions::default()));
    cx.cluster.settle();
    match res {
        Ok(_) => Outcome::Done(Output::out(format!("{what} edited\n"))),
        Err(e) if e.reason == StatusReason::Invalid => {
            let resource = req.kind.qualified_resource();
            let mut reasons = String::new();
            if e.causes.is_empty() {
                reasons.push_str(&format!("# {resource} \"{}\" was not valid\n", req.name));
            } else {
                reasons.push_str(&format!("# {resource} \"{}\" was not valid:\n", req.name));
                for c in &e.causes {
                    reasons.push_str(&format!(
                        "# * {}\n",
                        hash_lines(&format!("{}: {}", c.field, c.message))
                    ));
                }
            }
            reasons.push_str("#\n");
            let stderr = format!("error: {resource} \"{}\" is invalid\n", req.name);
            reopen(req, saved, &reasons, stderr, cx)
        }
        Err(e) => patch_failed(req, &e),
    }
}

/// NotFound and the other (retryable) patch errors end the edit, as `editResults.addError`
/// and the loop after `visitToPatch` report them.
fn patch_failed(req: &EditRequest, e: &ApiError) -> Outcome {
    let resource = req.kind.qualified_resource();
    let text = if e.reason == StatusReason::NotFound {
        format!(
            "error: {resource} \"{}\" could not be found on the server\nThe edits you made on deleted resources have been saved to \"{}\"",
            req.name, req.file
        )
    } else {
        format!(
            "error: {resource} \"{}\" could not be patched: {}\nYou can run `kubectl replace -f {}` to try this update again.",
            req.name, e.message, req.file
        )
    };
    Outcome::Done(Output::err(text))
}
