//! kubectl's polymorphic helpers for commands that act on "a pod of" an object
//! (`k8s.io/kubectl/pkg/polymorphichelpers`): `logs` and `exec` accept `TYPE/NAME` for
//! anything `SelectorsForObject` knows (StatefulSet, Deployment, ReplicaSet, Service) and use
//! the first pod its selector matches, sorted by the command's preference. With no matching
//! pod, `GetFirstPod` watches until one appears or `--pod-running-timeout` (20s) passes.

use crate::sim::{ApiError, Cluster, Kind, LabelSelector, Object, Pod, StringMap};

/// The pod selector of a workload or Service.
#[derive(Clone)]
pub enum PodSelector {
    Label(Option<LabelSelector>),
    Map(StringMap),
}

impl PodSelector {
    pub fn matches(&self, labels: &StringMap) -> bool {
        match self {
            // `LabelSelectorAsSelector(nil)` is `labels.Nothing()`.
            PodSelector::Label(s) => s.as_ref().is_some_and(|s| s.matches(labels)),
            PodSelector::Map(m) => m.iter().all(|(k, v)| labels.get(k) == Some(v)),
        }
    }
}

/// How the commands order candidate pods.
#[derive(Clone, Copy)]
pub enum SortBy {
    /// `podutils.ByLogging` (logs).
    Logging,
    /// `sort.Reverse(podutils.ActivePods)` (exec, attach).
    Active,
}

/// What the resource builder found for `POD` or `TYPE/NAME`.
pub enum Target {
    Pod(Box<Pod>),
    /// The pods of a label query (`logs -l`).
    Pods(Vec<Pod>),
    Selector(PodSelector),
}

/// Why no target was found: the API server's error (each command words it), or kubectl's
/// own complete error line.
pub enum Failure {
    Api(ApiError),
    Text(String),
}

/// Resolve `POD` / `TYPE/NAME` as kubectl's builder does, then `SelectorsForObject`.
/// `verb` words the error for objects without a selector ("get the logs from", "attach to").
pub fn resolve(c: &Cluster, ns: &str, target: &str, verb: &str) -> Result<Target, Failure> {
    let (kind, name) = match target.split_once('/') {
        None => (Kind::Pod, target),
        Some((t, n)) => match Kind::from_user_str(t) {
            Some(k) => (k, n),
            None => {
                return Err(Failure::Text(format!(
                    "error: the server doesn't have a resource type \"{t}\""
                )))
            }
        },
    };
    let obj_ns = if kind.namespaced() { ns } else { "" };
    let obj = c.api().get(kind, obj_ns, name).map_err(Failure::Api)?;
    Ok(match obj {
        Object::Pod(p) => Target::Pod(Box::new(p.clone())),
        Object::StatefulSet(s) => Target::Selector(PodSelector::Label(s.spec.selector.clone())),
        Object::Deployment(d) => Target::Selector(PodSelector::Label(d.spec.selector.clone())),
        Object::ReplicaSet(r) => Target::Selector(PodSelector::Label(r.spec.selector.clone())),
        Object::Service(s) if s.spec.selector.is_empty() => {
            return Err(Failure::Text(format!(
                "error: cannot {verb} *v1.Service: invalid service '{}': Service is defined without a selector",
                s.metadata.name
            )))
        }
        Object::Service(s) => Target::Selector(PodSelector::Map(s.spec.selector.clone())),
        o => {
            // Every kind the simulator serves lives in a Go package named `v1`.
            let t = format!("*v1.{}", o.kind().kind_name());
            return Err(Failure::Text(format!(
                "error: cannot {verb} {t}: selector for {t} not implemented"
            )));
        }
    })
}

/// `GetPodList`'s first step: the namespace's pods the selector matches, best first.
pub fn matching_pods(c: &Cluster, ns: &str, sel: &PodSelector, by: SortBy) -> Vec<Pod> {
    let mut pods: Vec<Pod> = c
        .api()
        .list(Kind::Pod, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p) if sel.matches(&p.metadata.labels) => Some(p.clone()),
            _ => None,
        })
        .collect();
    match by {
        SortBy::Logging => pods.sort_by_key(logging_key),
        SortBy::Active => pods.sort_by_key(active_key),
    }
    pods
}

fn ready_since(p: &Pod) -> Option<u64> {
    p.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .map(|c| c.last_transition_time.unwrap_or(0))
}

fn max_restarts(p: &Pod) -> i32 {
    p.status
        .container_statuses
        .iter()
        .map(|s| s.restart_count)
        .max()
        .unwrap_or(0)
}

/// `ByLogging`'s phase order: Running, Unknown, Pending (Go's map gives other phases 0).
fn logging_phase(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        "Unknown" => 1,
        "Pending" => 2,
        _ => 0,
    }
}

/// `ActivePods`' phase order reversed: Running, Unknown, then Pending and the rest.
fn active_phase(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        "Running" => 0,
        "Unknown" => 1,
        _ => 2,
    }
}

type Key = (bool, u8, bool, Option<u64>, i32, Option<u64>, String);

/// `podutils.ByLogging`: assigned, Running (then Unknown, Pending), ready, ready longest,
/// most restarts, oldest.
fn logging_key(p: &Pod) -> Key {
    let ready = ready_since(p);
    (
        p.spec.node_name.is_empty(),
        logging_phase(p),
        ready.is_none(),
        ready,
        -max_restarts(p),
        p.metadata.creation_timestamp,
        p.metadata.name.clone(),
    )
}

/// `sort.Reverse(podutils.ActivePods)`: assigned, Running, ready, ready longest, fewest
/// restarts, oldest.
fn active_key(p: &Pod) -> Key {
    let ready = ready_since(p);
    (
        p.spec.node_name.is_empty(),
        active_phase(p),
        ready.is_none(),
        ready,
        max_restarts(p),
        p.metadata.creation_timestamp,
        p.metadata.name.clone(),
    )
}
