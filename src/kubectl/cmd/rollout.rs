//! `kubectl rollout status|history|undo|restart|pause|resume` for StatefulSets and
//! Deployments, with the v1.35 status messages (errata §3) and error texts (errata §2, §16).

use super::delete::Prefixed;
use super::{api_error_text, namespace, parse_flags, usage_error};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::printers::describe::pod_template_lines;
use crate::kubectl::render::duration::rfc3339;
use crate::kubectl::render::tabwriter::TabWriter;
use crate::kubectl::resource;
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::{
    Cluster, ControllerRevision, Kind, Object, PodTemplateSpec, WatchEventType, WriteOptions,
};
use serde_json::Value;

const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("revision", None, FlagKind::Int),
    FlagSpec::new("to-revision", None, FlagKind::Int),
    FlagSpec::new("watch", Some('w'), FlagKind::Bool),
    FlagSpec::new("timeout", None, FlagKind::Str),
    FlagSpec::unmodelled("dry-run", None, FlagKind::Str),
    FlagSpec::unmodelled("output", Some('o'), FlagKind::Str),
    FlagSpec::unmodelled("selector", Some('l'), FlagKind::Str),
];

/// One status line and whether the rollout is done, or kubectl's error.
pub fn status_message(o: &Object) -> Result<(String, bool), String> {
    match o {
        Object::StatefulSet(s) => {
            if !s.spec.update_strategy.type_.is_empty()
                && s.spec.update_strategy.type_ != "RollingUpdate"
            {
                return Err(
                    "error: rollout status is only available for RollingUpdate strategy type"
                        .into(),
                );
            }
            let observed = s.status.observed_generation.unwrap_or(0);
            if observed == 0 || s.metadata.generation > observed {
                return Ok((
                    "Waiting for statefulset spec update to be observed...\n".into(),
                    false,
                ));
            }
            let replicas = s.spec.replicas.unwrap_or(1);
            if s.status.ready_replicas < replicas {
                return Ok((
                    format!(
                        "Waiting for {} pods to be ready...\n",
                        replicas - s.status.ready_replicas
                    ),
                    false,
                ));
            }
            if let Some(ru) = &s.spec.update_strategy.rolling_update {
                if let Some(part) = ru.partition {
                    if s.status.updated_replicas < replicas - part {
                        return Ok((
                            format!(
                                "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n",
                                s.status.updated_replicas,
                                replicas - part
                            ),
                            false,
                        ));
                    }
                }
                return Ok((
                    format!(
                        "partitioned roll out complete: {} new pods have been updated...\n",
                        s.status.updated_replicas
                    ),
                    true,
                ));
            }
            if s.status.update_revision != s.status.current_revision {
                return Ok((
                    format!(
                        "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                        s.status.updated_replicas, s.status.update_revision
                    ),
                    false,
                ));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {} pods at revision {}...\n",
                    s.status.current_replicas, s.status.current_revision
                ),
                true,
            ))
        }
        Object::Deployment(d) => {
            let name = &d.metadata.name;
            if d.metadata.generation <= d.status.observed_generation.unwrap_or(0) {
                if d.status
                    .conditions
                    .iter()
                    .any(|c| c.type_ == "Progressing" && c.reason == "ProgressDeadlineExceeded")
                {
                    return Err(format!(
                        "error: deployment {name:?} exceeded its progress deadline"
                    ));
                }
                let want = d.spec.replicas.unwrap_or(1);
                if d.status.updated_replicas < want {
                    return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} out of {want} new replicas have been updated...\n", d.status.updated_replicas), false));
                }
                if d.status.replicas > d.status.updated_replicas {
                    return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", d.status.replicas - d.status.updated_replicas), false));
                }
                if d.status.available_replicas < d.status.updated_replicas {
                    return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", d.status.available_replicas, d.status.updated_replicas), false));
                }
                return Ok((
                    format!("deployment {name:?} successfully rolled out\n"),
                    true,
                ));
            }
            Ok((
                "Waiting for deployment spec update to be observed...\n".into(),
                false,
            ))
        }
        other => Err(format!(
            "error: no status viewer has been implemented for {}",
            other.kind().kind_name()
        )),
    }
}

/// `rollout status` watching one object.
#[derive(Clone)]
pub struct RolloutStatus {
    kind: Kind,
    ns: String,
    name: String,
    uid: String,
    cursor: u64,
    /// `--timeout` (virtual ms); the default of 0 watches until done.
    deadline: Option<u64>,
}

impl Process for RolloutStatus {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = self.watch(cluster);
        if r.finished.is_none() && self.deadline.is_some_and(|d| cluster.now() >= d) {
            // The watch's context expires (watchtools.UntilWithSync's timeout error).
            r.stderr
                .push_str("error: timed out waiting for the condition\n");
            r.finished = Some(1);
        }
        r
    }
    fn wants_time(&self) -> bool {
        true
    }
    fn wake_at(&self) -> Option<u64> {
        self.deadline
    }
}

impl RolloutStatus {
    /// One status line per change of the watched object since the last poll.
    fn watch(&mut self, cluster: &Cluster) -> ProcessPoll {
        let mut r = ProcessPoll::default();
        let events: Vec<_> = cluster.api().watch_since(self.cursor).to_vec();
        for e in events {
            self.cursor = e.seq;
            let o = &*e.object;
            if o.kind() != self.kind
                || o.namespace() != self.ns
                || o.name() != self.name
                || o.meta().uid != self.uid
            {
                continue;
            }
            if e.kind == WatchEventType::Deleted {
                r.stderr.push_str("error: object has been deleted\n");
                r.finished = Some(1);
                return r;
            }
            match status_message(o) {
                Ok((m, done)) => {
                    r.stdout.push_str(&m);
                    if done {
                        r.finished = Some(0);
                        return r;
                    }
                }
                Err(e) => {
                    r.stderr.push_str(&e);
                    r.stderr.push('\n');
                    r.finished = Some(1);
                    return r;
                }
            }
        }
        r
    }
}

fn target(p: &Parsed, cx: &KubectlCtx, sub: &str) -> Result<(Kind, String, String), Output> {
    let sel = match resource::parse(p.args_before_dash()) {
        Ok(s) => s,
        Err(e) if e.is_empty() => {
            return Err(Output::err("error: required resource not specified"))
        }
        Err(e) => return Err(Output::err(e)),
    };
    let Some((kind, Some(name))) = sel.targets().first().cloned() else {
        return Err(usage_error(
            &format!("kubectl rollout {sub}"),
            "resource(s) were provided, but no name was specified",
        ));
    };
    Ok((kind, namespace(p, cx), name))
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let sub = rest.first().cloned().unwrap_or_default();
    let path = format!("kubectl rollout {sub}");
    // Each subcommand has its own flags upstream; another's is an unknown flag.
    let own: &[&str] = match sub.as_str() {
        "status" => &["revision", "watch", "timeout"],
        "history" => &["revision", "output", "selector"],
        "undo" => &["to-revision", "dry-run", "output", "selector"],
        _ => &["dry-run", "output", "selector"],
    };
    let flags: Vec<FlagSpec> = FLAGS
        .iter()
        .filter(|f| own.contains(&f.long))
        .cloned()
        .collect();
    let p = match parse_flags(&path, rest.get(1..).unwrap_or(&[]), &flags) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    if !matches!(
        sub.as_str(),
        "status" | "history" | "undo" | "restart" | "pause" | "resume"
    ) {
        return Outcome::Done(if sub.is_empty() {
            Output::out(crate::kubectl::help::for_command("rollout", None).unwrap_or_default())
        } else {
            Output::err(format!(
                "error: unknown command \"{sub}\" for \"kubectl rollout\""
            ))
        });
    }
    // pflag parses `status --timeout` (a Duration) before the command looks anything up.
    let timeout = match p.str("timeout").filter(|_| sub == "status") {
        None => 0,
        Some(t) => match super::wait::parse_duration(t) {
            Some(ms) => ms,
            None => return Outcome::Done(Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: {}\nSee 'kubectl rollout status --help' for usage.", crate::kubectl::gotime::duration_error(t)))),
        },
    };
    let (kind, ns, name) = match target(&p, cx, &sub) {
        Ok(t) => t,
        Err(o) => return Outcome::Done(o),
    };
    let obj = match cx.cluster.api().get(kind, &ns, &name) {
        Ok(o) => o.clone(),
        Err(e) => return Outcome::Done(Output::err(api_error_text(&e))),
    };
    let qual = kind.qualified_resource();
    let slash = format!("{}/{name}", kind.singular_qualified());
    let out = match sub.as_str() {
        "status" => return status(&p, (kind, &ns, &name), &obj, timeout, cx),
        "pause" | "resume" => pause_resume(&sub, &obj, &qual, &slash, cx),
        "restart" => restart(&obj, &slash, cx),
        "history" => history(&p, &obj, &slash, cx),
        _ => undo(&p, &obj, &slash, cx),
    };
    cx.cluster.settle();
    Outcome::Done(out)
}

/// `rollout status` of `obj` (`target` is its kind, namespace and name); `timeout` in ms, 0
/// for none.
fn status(
    p: &Parsed,
    (kind, ns, name): (Kind, &str, &str),
    obj: &Object,
    timeout: u64,
    cx: &KubectlCtx,
) -> Outcome {
    match status_message(obj) {
        Err(e) => Outcome::Done(Output::err(e)),
        Ok((m, done)) => {
            if done || !p.bool_or("watch", true) {
                return Outcome::Done(Output::out(m));
            }
            let w = RolloutStatus {
                deadline: (timeout > 0).then(|| cx.cluster.now() + timeout),
                kind,
                ns: ns.to_string(),
                name: name.to_string(),
                uid: obj.meta().uid.clone(),
                cursor: cx
                    .cluster
                    .api()
                    .watch_log()
                    .last()
                    .map(|e| e.seq)
                    .unwrap_or(0),
            };
            Outcome::Running(Box::new(Prefixed {
                first: Some(Output::out(m)),
                inner: w,
            }))
        }
    }
}

fn pause_resume(sub: &str, obj: &Object, qual: &str, slash: &str, cx: &mut KubectlCtx) -> Output {
    let pausing = sub == "pause";
    let Object::Deployment(d) = obj else {
        let what = if pausing { "pausing" } else { "resuming" };
        return Output::err(format!(
            "error: {qual} \"{}\" {what} is not supported",
            obj.name()
        ));
    };
    if d.spec.paused == pausing {
        let what = if pausing {
            "is already paused"
        } else {
            "is not paused"
        };
        return Output::err(format!("error: {qual} \"{}\" {what}", obj.name()));
    }
    let mut nd = d.clone();
    nd.spec.paused = pausing;
    match cx
        .cluster
        .api_mut()
        .update(Object::Deployment(nd), &WriteOptions::default())
    {
        Ok(_) => Output::out(format!(
            "{slash} {}\n",
            if pausing { "paused" } else { "resumed" }
        )),
        Err(e) => Output::err(format!("error: failed to patch: {}", e.message)),
    }
}

fn template_mut(o: &mut Object) -> Option<&mut PodTemplateSpec> {
    match o {
        Object::StatefulSet(s) => Some(&mut s.spec.template),
        Object::Deployment(d) => Some(&mut d.spec.template),
        _ => None,
    }
}

fn restart(obj: &Object, slash: &str, cx: &mut KubectlCtx) -> Output {
    let mut o = obj.clone();
    let stamp = rfc3339(cx.cluster.now());
    let Some(t) = template_mut(&mut o) else {
        return Output::err(format!("error: {slash} restarting is not supported"));
    };
    let key = "kubectl.kubernetes.io/restartedAt";
    if t.metadata.annotations.get(key) == Some(&stamp) {
        return Output::err(format!("error: failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another", obj.name()));
    }
    t.metadata.annotations.insert(key.into(), stamp);
    match cx.cluster.api_mut().update(o, &WriteOptions::default()) {
        Ok(_) => Output::out(format!("{slash} restarted\n")),
        Err(e) => Output::err(api_error_text(&e)),
    }
}

/// ControllerRevisions controlled by a StatefulSet, sorted by revision.
pub fn revisions(cluster: &Cluster, obj: &Object) -> Vec<ControllerRevision> {
    let uid = &obj.meta().uid;
    let mut v: Vec<ControllerRevision> = cluster
        .api()
        .list(Kind::ControllerRevision, Some(obj.namespace()))
        .into_iter()
        .filter_map(|o| match o {
            Object::ControllerRevision(r)
                if r.metadata.controller_ref().is_some_and(|c| &c.uid == uid) =>
            {
                Some(r.clone())
            }
            _ => None,
        })
        .collect();
    v.sort_by_key(|r| r.revision);
    v
}

/// The pod template a revision records (`data.spec.template`, `$patch` removed).
pub fn revision_template(r: &ControllerRevision) -> Option<Value> {
    let mut t = r.data.as_ref()?.pointer("/spec/template")?.clone();
    if let Some(m) = t.as_object_mut() {
        m.remove("$patch");
    }
    Some(t)
}

/// (revision, change-cause, template) entries of a StatefulSet or Deployment.
fn history_entries(cluster: &Cluster, obj: &Object) -> Vec<(i64, String, Option<PodTemplateSpec>)> {
    match obj {
        Object::Deployment(d) => {
            let mut v: Vec<(i64, String, Option<PodTemplateSpec>)> = cluster
                .api()
                .list(Kind::ReplicaSet, Some(obj.namespace()))
                .into_iter()
                .filter_map(|o| match o {
                    Object::ReplicaSet(rs)
                        if rs
                            .metadata
                            .controller_ref()
                            .is_some_and(|c| c.uid == d.metadata.uid) =>
                    {
                        let rev = rs
                            .metadata
                            .annotations
                            .get("deployment.kubernetes.io/revision")?
                            .parse()
                            .ok()?;
                        let cause = rs
                            .metadata
                            .annotations
                            .get("kubernetes.io/change-cause")
                            .cloned()
                            .unwrap_or_default();
                        Some((rev, cause, Some(rs.spec.template.clone())))
                    }
                    _ => None,
                })
                .collect();
            v.sort_by_key(|x| x.0);
            v
        }
        _ => revisions(cluster, obj)
            .into_iter()
            .map(|r| {
                let cause = r
                    .metadata
                    .annotations
                    .get("kubernetes.io/change-cause")
                    .cloned()
                    .unwrap_or_default();
                let t =
                    revision_template(&r).and_then(|t| crate::sim::objects::decode_stored(&t).ok());
                (r.revision, cause, t)
            })
            .collect(),
    }
}

fn history(p: &Parsed, obj: &Object, slash: &str, cx: &KubectlCtx) -> Output {
    let want = p.int("revision").unwrap_or(0);
    if want < 0 {
        return Output::err(format!(
            "error: revision must be a positive integer: {want}"
        ));
    }
    let entries = history_entries(cx.cluster, obj);
    if entries.is_empty() {
        return Output::out(format!("{slash} \nNo rollout history found.\n"));
    }
    if want > 0 {
        let Some((_, _, t)) = entries.iter().find(|e| e.0 == want) else {
            return Output::err("error: unable to find the specified revision");
        };
        let t = t.clone().unwrap_or_default();
        let body: String = pod_template_lines(&t).iter().map(|l| l.plain()).collect();
        return Output::out(format!("{slash} with revision #{want}\n{body}\n"));
    }
    let mut raw = "REVISION\tCHANGE-CAUSE\n".to_string();
    for (r, cause, _) in &entries {
        let c = if cause.is_empty() {
            "<none>"
        } else {
            cause.as_str()
        };
        raw.push_str(&format!("{r}\t{c}\n"));
    }
    let table = TabWriter::new(0, 2, false).format(&raw);
    Output::out(format!("{slash} \n{table}\n"))
}

fn undo(p: &Parsed, obj: &Object, slash: &str, cx: &mut KubectlCtx) -> Output {
    let to = p.int("to-revision").unwrap_or(0);
    if to < 0 {
        return Output::err(format!(
            "error: unable to find specified revision {to} in history"
        ));
    }
    let entries = history_entries(cx.cluster, obj);
    if entries.len() <= 1 {
        return Output::err("error: no last revision to roll back to");
    }
    let chosen = if to == 0 {
        entries.get(entries.len() - 2)
    } else {
        entries.iter().find(|e| e.0 == to)
    };
    let Some((_, _, Some(t))) = chosen.cloned() else {
        return Output::err(format!(
            "error: unable to find specified revision {to} in history"
        ));
    };
    let mut o = obj.clone();
    let Some(cur) = template_mut(&mut o) else {
        return Output::err(format!(
            "error: no rollbacker has been implemented for {}",
            obj.kind().kind_name()
        ));
    };
    let mut target = t.clone();
    if obj.kind() == Kind::Deployment {
        target.metadata.labels.remove("pod-template-hash");
    }
    if *cur == target {
        return Output::out(format!(
            "{slash} skipped rollback (current template already matches revision {to})\n"
        ));
    }
    *cur = target;
    match cx.cluster.api_mut().update(o, &WriteOptions::default()) {
        Ok(_) => Output::out(format!("{slash} rolled back\n")),
        Err(e) => Output::err(format!(
            "error: failed restoring revision {to}: {}",
            e.message
        )),
    }
}
