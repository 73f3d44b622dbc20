//! Declarative goal predicates. A [`Check`] is data in a lesson file; [`eval`] decides it over a
//! [`View`] of the cluster (objects as Kubernetes JSON, the watch log, events, DNS, volume files)
//! and the learner's [`History`]. Reading objects as their upstream JSON shape (not the sim's
//! Rust structs) keeps lesson files in the vocabulary a learner sees in `kubectl get -o yaml`.
//!
//! Fairness rules (the #1 bug class in Learn Git Branching): state checks look at the result,
//! not the command that produced it; `ran` matches argv with flags order-insensitive, short and
//! long flag spellings equal, resource kinds by any alias, and extra flags allowed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::history::History;
use super::kinds::canonical_kind;

/// One goal predicate. In YAML: `check: {podReady: {name: web-2}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Check {
    /// The pod exists, is not terminating and its Ready condition is True.
    PodReady {
        name: String,
    },
    /// `status.phase` of the pod equals `phase` (Pending, Running, Succeeded, Failed).
    PodPhase {
        name: String,
        phase: String,
    },
    /// Exactly `count` Ready, non-terminating pods match the label selector (`app=nginx`).
    ReadyPods {
        selector: String,
        count: u32,
    },
    /// Since the step began, `pod` was created (ADDED) at a moment when pod `after` was Ready.
    CreatedAfterReady {
        pod: String,
        after: String,
    },
    /// Since the step began, pod `first` was gone before pod `then` began terminating.
    DeletedBefore {
        first: String,
        then: String,
    },
    /// Since the step began, an object of `kind` (by `name`, or matching `selector`) was deleted.
    Deleted {
        kind: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        selector: Option<String>,
    },
    /// Exactly `count` Ready pods match the selector and carry names that did not exist when
    /// the step began (a Deployment's replacements do; a StatefulSet's do not).
    FreshNames {
        selector: String,
        count: u32,
    },
    /// Since the step began, the pod was deleted and recreated (new uid).
    PodRecreated {
        name: String,
    },
    /// Since the step began, the pod was deleted; the claim was never deleted, and the pod that
    /// exists now mounts it.
    KeptClaim {
        pod: String,
        claim: String,
    },
    ObjectExists {
        kind: String,
        name: String,
    },
    ObjectAbsent {
        kind: String,
        name: String,
    },
    /// The number of objects of `kind` (optionally matching a selector and/or a name prefix).
    Count {
        kind: String,
        #[serde(default)]
        selector: Option<String>,
        #[serde(default)]
        prefix: Option<String>,
        equals: u32,
    },
    /// Replica numbers of a StatefulSet (or `kind: Deployment`): spec and status.
    Replicas {
        name: String,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        desired: Option<u32>,
        #[serde(default)]
        ready: Option<u32>,
        #[serde(default)]
        updated: Option<u32>,
        #[serde(default)]
        current: Option<u32>,
    },
    /// The set's rollout is finished: every replica updated and ready, and
    /// currentRevision == updateRevision.
    RolloutComplete {
        name: String,
    },
    /// The pod's `controller-revision-hash` is (or is not) its set's `status.updateRevision`.
    PodRevision {
        name: String,
        is_update_revision: bool,
    },
    /// A container of the pod runs `image` (the first container unless `container` is given).
    PodImage {
        name: String,
        image: String,
        #[serde(default)]
        container: Option<String>,
    },
    PvcPhase {
        name: String,
        phase: String,
    },
    /// An event with `reason` (and optionally object `pod/web-0` and a message substring)
    /// exists; with `sinceStep: true` it must have been recorded (or repeated) during the step.
    EventSeen {
        reason: String,
        #[serde(default)]
        object: Option<String>,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        since_step: bool,
    },
    /// At least `count` Ready pods match the selector and no two of them share a node.
    DistinctNodes {
        selector: String,
        count: u32,
    },
    /// A field of an object, by dotted path with `[n]` indices, e.g.
    /// `spec.updateStrategy.rollingUpdate.partition`. `equals` compares JSON values
    /// (`3` and `"3"` differ); `present: false` requires the field to be absent or null.
    Field {
        kind: String,
        name: String,
        path: String,
        #[serde(default)]
        equals: Option<Value>,
        #[serde(default)]
        present: Option<bool>,
    },
    /// The learner ran this command since the step began (see module docs for matching).
    Ran {
        command: String,
        #[serde(default)]
        status: Option<i32>,
        /// The command's output contained this text.
        #[serde(default)]
        output: Option<String>,
    },
    /// A file in the volume of claim `claim` (at `path` relative to the volume root) contains
    /// `text`.
    FileContains {
        claim: String,
        path: String,
        text: String,
    },
    /// Cluster DNS resolves `name` (from namespace default); with `pod`, to that pod's IP.
    DnsResolves {
        name: String,
        #[serde(default)]
        pod: Option<String>,
    },
    /// Cluster DNS does not resolve `name`.
    DnsFails {
        name: String,
    },
    AllOf(Vec<Check>),
    AnyOf(Vec<Check>),
    Not(Box<Check>),
}

/// One watch-log entry as the checks see it.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchEntry {
    pub seq: u64,
    pub time: u64,
    /// `ADDED`, `MODIFIED` or `DELETED`.
    pub action: &'static str,
    pub object: Value,
}

/// One core/v1 Event as the checks see it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub reason: String,
    /// `pod/web-0`, lower-case kind as in `kubectl get events`.
    pub object: String,
    pub message: String,
    pub last_time: u64,
}

/// What the checks need from a cluster. Implemented for `sim::Cluster` in `view.rs`; tests can
/// implement it over plain data.
pub trait View {
    /// The object as JSON (`apiVersion`, `kind`, `metadata`, `spec`, `status`), namespace default
    /// for namespaced kinds. `kind` is canonical (`Pod`, `StatefulSet`, …).
    fn get(&self, kind: &str, name: &str) -> Option<Value>;
    /// All objects of a kind (namespace default for namespaced kinds), ordered by name.
    fn list(&self, kind: &str) -> Vec<Value>;
    /// Watch-log entries for one object with `seq >= from_seq`, oldest first.
    fn watch_of(&self, kind: &str, name: &str, from_seq: u64) -> Vec<WatchEntry>;
    /// Objects of a kind deleted (DELETED entries) with `seq >= from_seq`, as last seen.
    fn deleted_since(&self, kind: &str, from_seq: u64) -> Vec<Value>;
    /// The latest watch-log entry for the object with `seq < before_seq`.
    fn last_before(&self, kind: &str, name: &str, before_seq: u64) -> Option<WatchEntry>;
    fn events(&self) -> Vec<EventView>;
    /// IPv4 addresses for a DNS name queried from namespace default; None = NXDOMAIN.
    fn resolve(&self, name: &str) -> Option<Vec<String>>;
    /// Contents of a file in the volume bound to a PVC.
    fn read_claim_file(&self, claim: &str, path: &str) -> Option<String>;
}

/// The outcome of one check: met or not, and what was observed (language-neutral values, for
/// the checklist tooltip and for proving failures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub met: bool,
    pub observed: String,
}

fn out(met: bool, observed: impl Into<String>) -> Outcome {
    Outcome {
        met,
        observed: observed.into(),
    }
}

/// Walk a dotted path with `[n]` indices through a JSON value.
pub fn path_get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (key, idx) = match part.find('[') {
            Some(b) => (&part[..b], Some(&part[b..])),
            None => (part, None),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        if let Some(mut rest) = idx {
            while let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']')?;
                let n: usize = r[..end].parse().ok()?;
                cur = cur.get(n)?;
                rest = &r[end + 1..];
            }
        }
    }
    Some(cur)
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    path_get(v, path).and_then(Value::as_str).unwrap_or("")
}

/// Ready condition True and not being deleted.
pub fn pod_ready(p: &Value) -> bool {
    if path_get(p, "metadata.deletionTimestamp").is_some_and(|v| !v.is_null()) {
        return false;
    }
    path_get(p, "status.conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| s(c, "type") == "Ready" && s(c, "status") == "True")
        })
}

fn terminating(p: &Value) -> bool {
    path_get(p, "metadata.deletionTimestamp").is_some_and(|v| !v.is_null())
}

/// Match `app=nginx,tier!=db,env` style equality selectors against labels.
pub fn selector_matches(sel: &str, obj: &Value) -> bool {
    let labels = path_get(obj, "metadata.labels");
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    sel.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                get(k.trim()) != Some(v.trim())
            } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
                get(k.trim()) == Some(v.trim())
            } else {
                get(term).is_some()
            }
        })
}

fn claims_of(pod: &Value) -> Vec<String> {
    path_get(pod, "spec.volumes")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter_map(|v| {
                    path_get(v, "persistentVolumeClaim.claimName")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn uid(v: &Value) -> &str {
    s(v, "metadata.uid")
}

/// The StatefulSet a pod belongs to: its controller owner reference, else the name minus `-N`.
fn owner_set(pod: &Value, name: &str) -> String {
    if let Some(refs) = path_get(pod, "metadata.ownerReferences").and_then(Value::as_array) {
        if let Some(r) = refs.iter().find(|r| s(r, "kind") == "StatefulSet") {
            return s(r, "name").to_string();
        }
    }
    name.rsplit_once('-')
        .map(|(a, _)| a.to_string())
        .unwrap_or_default()
}

/// Decide one check. Never panics; a malformed check is simply not met.
pub fn eval(c: &Check, v: &dyn View, h: &History) -> Outcome {
    match c {
        Check::PodReady { name } => match v.get("Pod", name) {
            Some(p) => {
                let ready = pod_ready(&p);
                out(
                    ready,
                    format!("phase={} ready={}", s(&p, "status.phase"), ready),
                )
            }
            None => out(false, "absent"),
        },
        Check::PodPhase { name, phase } => match v.get("Pod", name) {
            Some(p) => {
                let ph = s(&p, "status.phase");
                out(ph == phase && !terminating(&p), format!("phase={ph}"))
            }
            None => out(false, "absent"),
        },
        Check::ReadyPods { selector, count } => {
            let n = v
                .list("Pod")
                .iter()
                .filter(|p| selector_matches(selector, p) && pod_ready(p))
                .count();
            out(n == *count as usize, format!("ready={n}"))
        }
        Check::CreatedAfterReady { pod, after } => {
            let added: Vec<_> = v
                .watch_of("Pod", pod, h.watch_from)
                .into_iter()
                .filter(|e| e.action == "ADDED")
                .collect();
            if added.is_empty() {
                return out(false, format!("{pod} not created since the step began"));
            }
            let ok = added.iter().all(|e| {
                v.last_before("Pod", after, e.seq)
                    .is_some_and(|prev| prev.action != "DELETED" && pod_ready(&prev.object))
            });
            out(
                ok,
                if ok {
                    format!("{pod} created after {after} was Ready")
                } else {
                    format!("{pod} created while {after} was not Ready")
                },
            )
        }
        Check::DeletedBefore { first, then } => {
            let first_gone = v
                .watch_of("Pod", first, h.watch_from)
                .into_iter()
                .find(|e| e.action == "DELETED")
                .map(|e| e.seq);
            let then_started = v
                .watch_of("Pod", then, h.watch_from)
                .into_iter()
                .find(|e| e.action == "DELETED" || terminating(&e.object))
                .map(|e| e.seq);
            match (first_gone, then_started) {
                (Some(a), Some(b)) => out(a < b, format!("{first} gone at #{a}, {then} at #{b}")),
                (None, _) => out(false, format!("{first} not deleted")),
                (_, None) => out(false, format!("{then} not deleted")),
            }
        }
        Check::Deleted {
            kind,
            name,
            selector,
        } => {
            let k = canonical_kind(kind).unwrap_or("");
            let hit = v.deleted_since(k, h.watch_from).into_iter().any(|o| {
                name.as_deref().is_none_or(|n| s(&o, "metadata.name") == n)
                    && selector
                        .as_deref()
                        .is_none_or(|sel| selector_matches(sel, &o))
            });
            out(
                hit,
                if hit {
                    "deleted"
                } else {
                    "nothing deleted yet"
                },
            )
        }
        Check::FreshNames { selector, count } => {
            let n = v
                .list("Pod")
                .iter()
                .filter(|p| selector_matches(selector, p) && pod_ready(p))
                .filter(|p| {
                    let nm = s(p, "metadata.name");
                    v.last_before("Pod", nm, h.watch_from)
                        .is_none_or(|e| e.action == "DELETED")
                })
                .count();
            out(n == *count as usize, format!("fresh={n}"))
        }
        Check::PodRecreated { name } => {
            let log = v.watch_of("Pod", name, h.watch_from);
            let Some(del) = log.iter().find(|e| e.action == "DELETED") else {
                return out(false, "not deleted since the step began");
            };
            match v.get("Pod", name) {
                Some(p) if uid(&p) != uid(&del.object) => out(true, "recreated with a new uid"),
                Some(_) => out(false, "same pod as before"),
                None => out(false, "deleted, not back yet"),
            }
        }
        Check::KeptClaim { pod, claim } => {
            let deleted = v
                .watch_of("Pod", pod, h.watch_from)
                .iter()
                .any(|e| e.action == "DELETED");
            if !deleted {
                return out(false, format!("{pod} not deleted since the step began"));
            }
            if v.watch_of("PersistentVolumeClaim", claim, h.watch_from)
                .iter()
                .any(|e| e.action == "DELETED")
            {
                return out(false, format!("{claim} was deleted"));
            }
            let Some(c) = v.get("PersistentVolumeClaim", claim) else {
                return out(false, format!("{claim} absent"));
            };
            match v.get("Pod", pod) {
                Some(p) if claims_of(&p).iter().any(|x| x == claim) => out(
                    true,
                    format!("{pod} mounts {claim} ({})", s(&c, "status.phase")),
                ),
                Some(_) => out(false, format!("{pod} does not mount {claim}")),
                None => out(false, format!("{pod} not back yet")),
            }
        }
        Check::ObjectExists { kind, name } => {
            let k = canonical_kind(kind).unwrap_or("");
            let e = v.get(k, name).is_some();
            out(e, if e { "exists" } else { "absent" })
        }
        Check::ObjectAbsent { kind, name } => {
            let k = canonical_kind(kind).unwrap_or("");
            let e = v.get(k, name).is_some();
            out(!e, if e { "exists" } else { "absent" })
        }
        Check::Count {
            kind,
            selector,
            prefix,
            equals,
        } => {
            let k = canonical_kind(kind).unwrap_or("");
            let n = v
                .list(k)
                .iter()
                .filter(|o| {
                    selector
                        .as_deref()
                        .is_none_or(|sel| selector_matches(sel, o))
                })
                .filter(|o| {
                    prefix
                        .as_deref()
                        .is_none_or(|p| s(o, "metadata.name").starts_with(p))
                })
                .count();
            out(n == *equals as usize, format!("count={n}"))
        }
        Check::Replicas {
            name,
            kind,
            desired,
            ready,
            updated,
            current,
        } => {
            let k = kind
                .as_deref()
                .and_then(canonical_kind)
                .unwrap_or("StatefulSet");
            let Some(o) = v.get(k, name) else {
                return out(false, "absent");
            };
            let num = |p: &str| path_get(&o, p).and_then(Value::as_u64).unwrap_or(0) as u32;
            let (d, r, u, c) = (
                num("spec.replicas"),
                num("status.readyReplicas"),
                num("status.updatedReplicas"),
                num("status.currentReplicas"),
            );
            let ok = desired.is_none_or(|x| x == d)
                && ready.is_none_or(|x| x == r)
                && updated.is_none_or(|x| x == u)
                && current.is_none_or(|x| x == c);
            out(ok, format!("desired={d} ready={r} updated={u} current={c}"))
        }
        Check::RolloutComplete { name } => {
            let Some(o) = v.get("StatefulSet", name) else {
                return out(false, "absent");
            };
            let num = |p: &str| path_get(&o, p).and_then(Value::as_u64).unwrap_or(0);
            let d = num("spec.replicas");
            let cur = s(&o, "status.currentRevision");
            let upd = s(&o, "status.updateRevision");
            let observed = num("status.observedGeneration") >= num("metadata.generation");
            let ok = observed
                && num("status.updatedReplicas") == d
                && num("status.readyReplicas") == d
                && !upd.is_empty()
                && cur == upd;
            out(
                ok,
                format!(
                    "updated={} ready={} of {d}, current={cur} update={upd}",
                    num("status.updatedReplicas"),
                    num("status.readyReplicas")
                ),
            )
        }
        Check::PodRevision {
            name,
            is_update_revision,
        } => {
            let Some(p) = v.get("Pod", name) else {
                return out(false, "absent");
            };
            let set = owner_set(&p, name);
            let Some(sts) = v.get("StatefulSet", &set) else {
                return out(false, format!("statefulset {set} absent"));
            };
            let hash = s(&p, "metadata.labels.controller-revision-hash");
            let upd = s(&sts, "status.updateRevision");
            let is_upd = !hash.is_empty() && hash == upd;
            out(
                is_upd == *is_update_revision && !terminating(&p),
                format!("pod={hash} update={upd}"),
            )
        }
        Check::PodImage {
            name,
            image,
            container,
        } => {
            let Some(p) = v.get("Pod", name) else {
                return out(false, "absent");
            };
            let cs = path_get(&p, "spec.containers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let c = match container {
                Some(n) => cs.iter().find(|c| s(c, "name") == n),
                None => cs.first(),
            };
            let img = c.map(|c| s(c, "image")).unwrap_or("");
            out(img == image && !terminating(&p), format!("image={img}"))
        }
        Check::PvcPhase { name, phase } => match v.get("PersistentVolumeClaim", name) {
            Some(c) => {
                let ph = s(&c, "status.phase");
                out(ph == phase, format!("phase={ph}"))
            }
            None => out(false, "absent"),
        },
        Check::EventSeen {
            reason,
            object,
            message,
            since_step,
        } => {
            let found = v.events().into_iter().any(|e| {
                (!since_step || e.last_time >= h.started_at)
                    && &e.reason == reason
                    && object.as_deref().is_none_or(|o| o == e.object)
                    && message.as_deref().is_none_or(|m| e.message.contains(m))
            });
            out(found, if found { "seen" } else { "not seen" })
        }
        Check::DistinctNodes { selector, count } => {
            let nodes: Vec<String> = v
                .list("Pod")
                .iter()
                .filter(|p| selector_matches(selector, p) && pod_ready(p))
                .map(|p| s(p, "spec.nodeName").to_string())
                .collect();
            let distinct: std::collections::BTreeSet<&String> = nodes.iter().collect();
            out(
                nodes.len() >= *count as usize && distinct.len() == nodes.len(),
                format!("nodes={}", nodes.join(",")),
            )
        }
        Check::Field {
            kind,
            name,
            path,
            equals,
            present,
        } => {
            let k = canonical_kind(kind).unwrap_or("");
            let Some(o) = v.get(k, name) else {
                return out(false, "object absent");
            };
            let f = path_get(&o, path).filter(|x| !x.is_null());
            let ok_eq = equals.as_ref().is_none_or(|e| f == Some(e));
            let ok_pr = present.is_none_or(|p| p == f.is_some());
            out(
                ok_eq && ok_pr,
                f.map_or("absent".to_string(), |x| x.to_string()),
            )
        }
        Check::Ran {
            command,
            status,
            output,
        } => {
            let found = h.commands.iter().any(|r| {
                super::argv::matches(command, &r.line)
                    && status.is_none_or(|st| r.status == Some(st))
                    && output.as_deref().is_none_or(|o| r.output.contains(o))
            });
            out(found, if found { "ran" } else { "not run yet" })
        }
        Check::FileContains { claim, path, text } => match v.read_claim_file(claim, path) {
            Some(body) => out(
                body.contains(text.as_str()),
                format!("{} bytes", body.len()),
            ),
            None => out(false, "no such file"),
        },
        Check::DnsResolves { name, pod } => match v.resolve(name) {
            Some(ips) if !ips.is_empty() => match pod {
                Some(p) => {
                    let ip = v
                        .get("Pod", p)
                        .map(|o| s(&o, "status.podIP").to_string())
                        .unwrap_or_default();
                    out(
                        !ip.is_empty() && ips.contains(&ip),
                        format!("{} (pod {p} has {ip})", ips.join(",")),
                    )
                }
                None => out(true, ips.join(",")),
            },
            _ => out(false, "NXDOMAIN"),
        },
        Check::DnsFails { name } => match v.resolve(name) {
            Some(ips) if !ips.is_empty() => out(false, ips.join(",")),
            _ => out(true, "NXDOMAIN"),
        },
        Check::AllOf(cs) => {
            let rs: Vec<_> = cs.iter().map(|c| eval(c, v, h)).collect();
            out(
                rs.iter().all(|r| r.met),
                rs.iter()
                    .map(|r| r.observed.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }
        Check::AnyOf(cs) => {
            let rs: Vec<_> = cs.iter().map(|c| eval(c, v, h)).collect();
            out(
                rs.iter().any(|r| r.met),
                rs.iter()
                    .map(|r| r.observed.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
            )
        }
        Check::Not(c) => {
            let r = eval(c, v, h);
            out(!r.met, format!("not({})", r.observed))
        }
    }
}

impl Check {
    /// Static validation for the loader: kinds known, names non-empty, nesting bounded.
    pub fn validate(&self, depth: usize) -> Result<(), String> {
        if depth > 8 {
            return Err("checks are nested more than 8 levels deep".into());
        }
        let kind_ok = |k: &str| {
            canonical_kind(k)
                .map(|_| ())
                .ok_or_else(|| format!("unknown kind {k:?}"))
        };
        let name_ok = |n: &str, what: &str| {
            if n.trim().is_empty() {
                Err(format!("{what} must not be empty"))
            } else {
                Ok(())
            }
        };
        match self {
            Check::ObjectExists { kind, name } | Check::ObjectAbsent { kind, name } => {
                kind_ok(kind)?;
                name_ok(name, "name")
            }
            Check::Count { kind, .. } | Check::Deleted { kind, .. } => kind_ok(kind),
            Check::Field {
                kind,
                name,
                path,
                equals,
                present,
            } => {
                kind_ok(kind)?;
                name_ok(name, "name")?;
                name_ok(path, "path")?;
                if equals.is_none() && present.is_none() {
                    return Err("field check needs `equals` or `present`".into());
                }
                Ok(())
            }
            Check::Replicas { kind: Some(k), .. } => kind_ok(k),
            Check::Ran { command, .. } => {
                if super::argv::words(command).is_empty() {
                    Err("ran: command must not be empty".into())
                } else {
                    Ok(())
                }
            }
            Check::AllOf(cs) | Check::AnyOf(cs) => {
                if cs.is_empty() {
                    return Err("allOf/anyOf needs at least one check".into());
                }
                cs.iter().try_for_each(|c| c.validate(depth + 1))
            }
            Check::Not(c) => c.validate(depth + 1),
            Check::PodReady { name }
            | Check::PodRecreated { name }
            | Check::RolloutComplete { name }
            | Check::DnsFails { name } => name_ok(name, "name"),
            _ => Ok(()),
        }
    }
}
