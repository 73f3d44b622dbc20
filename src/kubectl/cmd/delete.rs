//! `kubectl delete`: names, `-l`, `--all`, `-f`; `--cascade`, `--grace-period`, `--force`,
//! `--now`, `--dry-run`; the v1.34+ `… deleted from <ns> namespace` lines; and `--wait`
//! (default true) as a blocking [`Process`] that ends when every deleted object is gone.

use super::apply::{prepare, read_docs};
use super::{api_error_text, namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::resource::{self, Selection};
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::{Cluster, DeleteOptions, Kind, Propagation, Selector, StatusReason};

pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("filename", Some('f'), FlagKind::Array),
    FlagSpec::new("selector", Some('l'), FlagKind::Str),
    FlagSpec::new("all", None, FlagKind::Bool),
    FlagSpec::new("all-namespaces", Some('A'), FlagKind::Bool),
    FlagSpec::new("cascade", None, FlagKind::OptStr),
    FlagSpec::new("grace-period", None, FlagKind::Int),
    FlagSpec::new("force", None, FlagKind::Bool),
    FlagSpec::new("now", None, FlagKind::Bool),
    FlagSpec::new("wait", None, FlagKind::Bool),
    FlagSpec::new("ignore-not-found", None, FlagKind::Bool),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("timeout", None, FlagKind::Str),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
];

/// Waits until the deleted objects (matched by uid) have left the store.
#[derive(Clone)]
pub struct DeleteWait {
    pub targets: Vec<(Kind, String, String, String)>,
    /// `--timeout` (virtual ms); kubectl's default of 0 waits for as long as it takes.
    pub deadline: Option<u64>,
}

impl DeleteWait {
    fn remaining(&self, cluster: &Cluster) -> usize {
        self.targets
            .iter()
            .filter(|(k, ns, n, uid)| {
                cluster
                    .api()
                    .get(*k, ns, n)
                    .is_ok_and(|o| &o.meta().uid == uid)
            })
            .count()
    }
}

impl Process for DeleteWait {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        if self.remaining(cluster) == 0 {
            return ProcessPoll {
                finished: Some(0),
                ..Default::default()
            };
        }
        match self.deadline {
            // kubectl waits object by object; the first one still there is the one named.
            Some(d) if cluster.now() >= d => {
                let (k, _, n, _) = self
                    .targets
                    .iter()
                    .find(|(k, ns, n, uid)| {
                        cluster
                            .api()
                            .get(*k, ns, n)
                            .is_ok_and(|o| &o.meta().uid == uid)
                    })
                    .unwrap_or(&self.targets[0]);
                ProcessPoll {
                    stderr: format!(
                        "error: timed out waiting for the condition on {}/{n}\n",
                        k.resource()
                    ),
                    finished: Some(1),
                    ..Default::default()
                }
            }
            _ => ProcessPoll::default(),
        }
    }
    fn wake_at(&self) -> Option<u64> {
        self.deadline
    }
    fn wants_time(&self) -> bool {
        true
    }
}

fn cascade(v: Option<&str>, out: &mut Output) -> Result<Propagation, Output> {
    match v {
        None | Some("") | Some("background") => Ok(Propagation::Background),
        Some("foreground") => Ok(Propagation::Foreground),
        Some("orphan") => Ok(Propagation::Orphan),
        Some("false") => {
            out.stderr.push_str(
                "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n",
            );
            Ok(Propagation::Orphan)
        }
        Some("true") => {
            out.stderr.push_str(
                "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n",
            );
            Ok(Propagation::Background)
        }
        Some(o) => Err(Output::err(format!(
            "error: invalid cascade value ({o}). Must be \"background\", \"foreground\", or \"orphan\"."
        ))),
    }
}

pub fn run(rest: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl delete", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let mut out = Output::default();
    let prop = match cascade(p.str("cascade"), &mut out) {
        Ok(c) => c,
        Err(o) => return Outcome::Done(o),
    };
    let force = p.bool_or("force", false);
    let mut grace = p.int("grace-period").unwrap_or(-1);
    if p.bool_or("now", false) {
        if grace != -1 {
            return Outcome::Done(Output::err(
                "error: --now and --grace-period cannot be specified together",
            ));
        }
        grace = 1;
    }
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if force && grace > 0 {
        return Outcome::Done(Output::err(
            "error: --force and --grace-period greater than 0 cannot be specified together",
        ));
    }
    let dry = p.str("dry-run").unwrap_or("none").to_string();
    let timeout = match p.str("timeout") {
        None => 0,
        Some(t) => match super::wait::parse_duration(t) {
            Some(ms) => ms,
            None => return Outcome::Done(Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: {}\nSee 'kubectl delete --help' for usage.", crate::kubectl::gotime::duration_error(t)))),
        },
    };
    let ns = namespace(&p, cx);
    let all_ns = p.bool_or("all-namespaces", false);
    let selector = match p.str("selector") {
        Some(s) => match Selector::parse(s) {
            Ok(x) => Some(x),
            Err(e) => return Outcome::Done(Output::err(format!("error: {e}"))),
        },
        None => None,
    };
    // Collect (kind, ns, name) targets in kubectl's visiting order.
    let mut targets: Vec<(Kind, String, String)> = Vec::new();
    let args = p.args_before_dash();
    if !p.all("filename").is_empty() {
        let docs = match read_docs(&p, stdin, cx, "kubectl delete") {
            Ok(d) => d,
            Err(o) => return Outcome::Done(o),
        };
        for d in &docs {
            match prepare(d, &p, cx) {
                Ok(pr) => targets.push((pr.kind, pr.ns, pr.name)),
                Err(e) => return Outcome::Done(Output::err(e)),
            }
        }
    } else {
        if args.is_empty() {
            return Outcome::Done(Output::err(
                "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            ));
        }
        let sel = match resource::parse(args) {
            Ok(s) => s,
            Err(e) => return Outcome::Done(Output::err(e)),
        };
        let everything = p.bool_or("all", false) || selector.is_some();
        if !sel.has_names() && !everything {
            return Outcome::Done(Output::err(
                "error: resource(s) were provided, but no name was specified",
            ));
        }
        if sel.has_names() && everything {
            return Outcome::Done(Output::err(
                "error: name cannot be provided when a selector is specified",
            ));
        }
        match &sel {
            Selection::Types { kinds, names, .. } if names.is_empty() => {
                for k in kinds {
                    let list_ns = if !k.namespaced() || all_ns {
                        None
                    } else {
                        Some(ns.as_str())
                    };
                    for o in cx.cluster.api().list(*k, list_ns) {
                        if selector
                            .as_ref()
                            .is_none_or(|s| s.matches(&o.meta().labels))
                        {
                            targets.push((*k, o.namespace().to_string(), o.name().to_string()));
                        }
                    }
                }
            }
            _ => {
                for (k, n) in sel.targets() {
                    let tns = if k.namespaced() {
                        ns.clone()
                    } else {
                        String::new()
                    };
                    targets.push((k, tns, n.unwrap_or_default()));
                }
            }
        }
    }
    if targets.is_empty() {
        out.stdout.push_str("No resources found\n");
        return Outcome::Done(out);
    }
    if force && grace == 0 {
        out.warnings.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let opts = DeleteOptions {
        propagation: Some(prop),
        grace_period_seconds: if grace >= 0 { Some(grace) } else { None },
        dry_run: dry == "server",
    };
    let mut errors: Vec<String> = Vec::new();
    let mut waiting: Vec<(Kind, String, String, String)> = Vec::new();
    for (k, tns, name) in targets {
        let uid = match cx.cluster.api().get(k, &tns, &name) {
            Ok(o) => o.meta().uid.clone(),
            Err(e) => {
                if !(p.bool_or("ignore-not-found", false) && e.reason == StatusReason::NotFound) {
                    errors.push(api_error_text(&e));
                }
                continue;
            }
        };
        if dry != "client" {
            if let Err(e) = cx.cluster.api_mut().delete(k, &tns, &name, &opts) {
                errors.push(api_error_text(&e));
                continue;
            }
        }
        let mut op = if force && grace == 0 {
            "force deleted".to_string()
        } else {
            "deleted".to_string()
        };
        if k.namespaced() {
            op = format!("{op} from {tns} namespace");
        }
        match dry.as_str() {
            "client" => op.push_str(" (dry run)"),
            "server" => op.push_str(" (server dry run)"),
            _ => {}
        }
        if p.str("output") == Some("name") {
            out.stdout
                .push_str(&format!("{}/{name}\n", k.singular_qualified()));
        } else {
            out.stdout.push_str(&format!(
                "{} \"{name}\" {op}\n",
                k.qualified_resource_singular()
            ));
        }
        waiting.push((k, tns, name, uid));
    }
    cx.cluster.settle();
    for e in &errors {
        out.stderr.push_str(e);
        out.stderr.push('\n');
    }
    if !errors.is_empty() {
        out.status = 1;
    }
    let wait = p.bool_or("wait", true) && dry == "none" && !waiting.is_empty();
    if !wait {
        return Outcome::Done(out);
    }
    let w = DeleteWait {
        targets: waiting,
        deadline: (timeout > 0).then(|| cx.cluster.now() + timeout),
    };
    if w.remaining(cx.cluster) == 0 {
        return Outcome::Done(out);
    }
    Outcome::Running(Box::new(Prefixed {
        first: Some(out),
        inner: w,
    }))
}

/// A process that first emits already-known output (the `deleted` lines) and then runs.
#[derive(Clone)]
pub struct Prefixed<P: Process + Clone + 'static> {
    pub first: Option<Output>,
    pub inner: P,
}

impl<P: Process + Clone + 'static> Process for Prefixed<P> {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = self.inner.poll(cluster);
        if let Some(f) = self.first.take() {
            r.warnings = f.warnings + &r.warnings;
            r.stdout = f.stdout + &r.stdout;
            r.stderr = f.stderr + &r.stderr;
            if let Some(s) = r.finished.as_mut() {
                *s = (*s).max(f.status);
            } else if f.status != 0 {
                self.first = Some(Output {
                    status: f.status,
                    ..Default::default()
                });
            }
        } else if let (Some(s), Some(f)) = (r.finished.as_mut(), self.first.as_ref()) {
            *s = (*s).max(f.status);
        }
        r
    }
    fn interrupt(&mut self, cluster: &mut Cluster) -> Output {
        let mut o = self.inner.interrupt(cluster);
        if let Some(f) = self.first.take() {
            o.warnings = f.warnings + &o.warnings;
            o.stdout = f.stdout + &o.stdout;
            o.stderr = f.stderr + &o.stderr;
        }
        o
    }
    fn wants_time(&self) -> bool {
        self.inner.wants_time()
    }
    fn wake_at(&self) -> Option<u64> {
        self.inner.wake_at()
    }
}

/// `statefulset.apps` / `pod`: the delete printer's kind (singular, group-qualified).
trait SingularQualified {
    fn qualified_resource_singular(&self) -> String;
}

impl SingularQualified for Kind {
    fn qualified_resource_singular(&self) -> String {
        self.singular_qualified()
    }
}
