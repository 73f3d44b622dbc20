//! The default scheduler (`default-scheduler`): assigns pending pods to nodes.
//!
//! Level-triggered: every sync looks at all unassigned pods and attempts each one whose inputs
//! (the pod spec and a fingerprint of nodes, volumes and assigned pods) changed since its last
//! attempt, like upstream's requeue-on-cluster-event. The fingerprint, the per-node load and
//! the set of pending pods are kept up to date from the watch log (`world`), so a pass costs
//! what changed since the last one plus O(nodes) per attempted pod, not O(pods). A failure sets `PodScheduled=False`
//! (reason `Unschedulable`) and records the exact `FailedScheduling` text (errata §11); a
//! success either binds the pod (`Scheduled` event) or, for a WaitForFirstConsumer claim,
//! first writes `volume.kubernetes.io/selected-node` on the claim and waits until the
//! provisioner has bound it, as the VolumeBinding plugin's PreBind does.

pub mod fit;
pub mod world;

use crate::sim::api::ApiServer;
use crate::sim::clock::Millis;
use crate::sim::kubelet::util::{self, fnv};
use crate::sim::objects::*;
use fit::{NodeFailure, Snapshot, VolumeNeeds};
use std::collections::{BTreeMap, BTreeSet};
use world::{NodeLoad, PodKey, World};

/// Annotation the scheduler writes on a delayed-binding claim.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// The scheduler's name in events.
pub const COMPONENT: &str = "default-scheduler";

/// Scheduler state: the inputs of each pending pod's last attempt, and the world it reads.
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    last_attempt: BTreeMap<PodKey, Attempt>,
    /// Watch-log cursor of the last pass.
    seen: Option<u64>,
    /// Fingerprint, per-node load and pending pods, brought up to date from the watch log.
    world: World,
}

/// The inputs of a pod's last attempt: it is attempted again when any of them differs. The
/// spec is compared by hash of its JSON; the resourceVersion only saves re-serializing an
/// unchanged spec (same uid and resourceVersion → same spec).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attempt {
    world: u64,
    uid: String,
    resource_version: String,
    spec: u64,
}

/// Outcome of PreFilter on volumes.
enum Pre {
    Ok(VolumeNeeds),
    /// UnschedulableAndUnresolvable at PreFilter, with its message.
    Fail(String),
    /// Claims are being provisioned for an already selected node: wait.
    Waiting,
}

/// A pod the scheduler should place: unassigned, not being deleted, not finished, ours.
pub(crate) fn is_pending(p: &Pod) -> bool {
    p.spec.node_name.is_empty()
        && p.metadata.deletion_timestamp.is_none()
        && !util::is_terminal(p)
        && (p.spec.scheduler_name.is_empty() || p.spec.scheduler_name == COMPONENT)
}

fn prefilter_volumes(api: &ApiServer, pod: &Pod) -> Pre {
    let ns = &pod.metadata.namespace;
    let mut needs = VolumeNeeds::default();
    let mut unbound_immediate = false;
    let mut waiting = false;
    for claim in util::pod_claims(pod) {
        let Some(c) = util::pvc(api, ns, &claim) else {
            return Pre::Fail(format!("persistentvolumeclaim \"{claim}\" not found"));
        };
        if c.metadata.deletion_timestamp.is_some() {
            return Pre::Fail(format!(
                "persistentvolumeclaim \"{claim}\" is being deleted"
            ));
        }
        if !c.spec.volume_name.is_empty() {
            match util::pv(api, &c.spec.volume_name) {
                Some(pv) => {
                    if let Some(sel) = pv
                        .spec
                        .node_affinity
                        .as_ref()
                        .and_then(|a| a.required.clone())
                    {
                        needs.bound_affinity.push(sel);
                    }
                }
                None => {
                    return Pre::Fail(format!(
                        "persistentvolume \"{}\" not found",
                        c.spec.volume_name
                    ))
                }
            }
            continue;
        }
        let class = util::claim_class_in(api, &c).unwrap_or_default();
        // `IsDelayBindingMode` is false for "" and for a class that does not exist.
        let sc = (!class.is_empty())
            .then(|| util::storage_class(api, &class))
            .flatten();
        match sc {
            Some(sc) if sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer") => {
                if c.metadata.annotations.contains_key(SELECTED_NODE) {
                    waiting = true;
                } else if sc.provisioner == "kubernetes.io/no-provisioner" {
                    needs.need_static.push(c);
                }
            }
            _ => unbound_immediate = true,
        }
    }
    if unbound_immediate {
        return Pre::Fail("pod has unbound immediate PersistentVolumeClaims".into());
    }
    if waiting {
        return Pre::Waiting;
    }
    Pre::Ok(needs)
}

impl Scheduler {
    pub fn new() -> Scheduler {
        Scheduler::default()
    }

    /// Attempt every pending pod whose inputs changed. Returns true if anything was written.
    ///
    /// Nothing the scheduler reads (pods, nodes, claims, volumes, classes) changed since the
    /// last pass → no fingerprint can differ → the pass is skipped. Otherwise only pending pods
    /// are cloned; the assigned pods are cloned once per pass (they are the same snapshot for
    /// every attempt of the pass).
    pub fn sync(&mut self, api: &mut ApiServer, now: Millis) -> bool {
        match self.seen.map(|s| api.watch_from(s)) {
            Some(Ok(evs)) => {
                let touched: BTreeSet<(Kind, &str, &str)> = evs
                    .iter()
                    .filter(|e| world::relevant(e.object.kind()))
                    .map(|e| {
                        let m = e.object.meta();
                        (e.object.kind(), m.namespace.as_str(), m.name.as_str())
                    })
                    .collect();
                if touched.is_empty() {
                    self.seen = Some(api.last_seq());
                    return false;
                }
                for (kind, ns, name) in touched {
                    self.world.refresh(api, kind, ns, name);
                }
            }
            // First pass, or the history since the last one was compacted: relist.
            _ => self.world = World::rebuild(api),
        }
        debug_assert_eq!(
            self.world,
            World::rebuild(api),
            "scheduler world drifted from the store"
        );
        self.seen = Some(api.last_seq());
        // Shared with the store, not copied: most pending pods are only read.
        let pending: Vec<SharedPod> = self
            .world
            .pending()
            .iter()
            .filter_map(|(ns, name)| api.pod_object(ns, name).and_then(SharedPod::new))
            .collect();
        if pending.is_empty() {
            // Entries of deleted pods are pruned on the next pass with pending pods; a stale
            // entry never matches a new pod (its inputs include the pod's uid).
            return false;
        }
        // Only pending pods' entries can ever match again: a pod that is bound, being deleted
        // or finished never becomes pending again, and a new pod of the same name has another
        // uid (part of its inputs). Keeping just those needs no look-up per entry.
        let pending_keys = self.world.pending();
        self.last_attempt.retain(|k, _| pending_keys.contains(k));
        let nodes = util::nodes(api);
        let world = self.world.fingerprint();
        // The assigned pods themselves are only needed for inter-pod (anti-)affinity; the
        // resource and spreading checks use the per-node load. One snapshot serves every
        // attempt of the pass, shared with the store, not copied.
        let assigned: Vec<SharedPod> = if self.world.any_anti_affinity()
            || pending.iter().any(|p| world::has_pod_affinity_terms(p))
        {
            api.pods_shared(None)
                .into_iter()
                .filter(|p| !p.spec.node_name.is_empty() && !util::is_terminal(p))
                .collect()
        } else {
            Vec::new()
        };
        let load = self.world.load();
        let mut did = false;
        for pod in &pending {
            let key = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
            let last = self.last_attempt.get(&key);
            let spec = match last {
                Some(a)
                    if a.uid == pod.metadata.uid
                        && a.resource_version == pod.metadata.resource_version =>
                {
                    a.spec
                }
                _ => fnv(&[&serde_json::to_string(&pod.spec).unwrap_or_default()]),
            };
            let inputs = Attempt {
                world,
                uid: pod.metadata.uid.clone(),
                resource_version: pod.metadata.resource_version.clone(),
                spec,
            };
            if last.is_some_and(|a| {
                a.world == inputs.world && a.uid == inputs.uid && a.spec == inputs.spec
            }) {
                // Remember the newest resourceVersion with the same spec.
                self.last_attempt.insert(key, inputs);
                continue;
            }
            self.last_attempt.insert(key, inputs);
            did |= attempt(api, pod, &nodes, &assigned, load, now);
        }
        did
    }
}

fn attempt(
    api: &mut ApiServer,
    pod: &Pod,
    nodes: &[Node],
    assigned: &[SharedPod],
    load: &BTreeMap<String, NodeLoad>,
    now: Millis,
) -> bool {
    let pvs = util::pvs(api);
    let snap = Snapshot {
        nodes,
        pods: assigned,
        load,
        pvs: &pvs,
    };
    let needs = match prefilter_volumes(api, pod) {
        Pre::Ok(n) => n,
        Pre::Waiting => return false,
        Pre::Fail(msg) => {
            let msg = fit::fit_error(nodes.len(), Some(&msg), &[]);
            return unschedulable(api, pod, &msg, now);
        }
    };
    let mut failures: Vec<NodeFailure> = Vec::new();
    let mut feasible: Vec<&Node> = Vec::new();
    for n in nodes {
        match fit::filter(pod, n, &snap, &needs) {
            Some(f) => failures.push(f),
            None => feasible.push(n),
        }
    }
    let Some(best) = pick(pod, &feasible, load) else {
        let msg = fit::fit_error(nodes.len(), None, &failures);
        return unschedulable(api, pod, &msg, now);
    };
    let node = best.metadata.name.clone();
    // Delayed binding: hand the node to the provisioner first, bind the pod later.
    let mut waiting = false;
    for claim in util::pod_claims(pod) {
        let Some(mut c) = util::pvc(api, &pod.metadata.namespace, &claim) else {
            continue;
        };
        if !c.spec.volume_name.is_empty() {
            continue;
        }
        // A static PV on this node can be bound right away (no-provisioner classes).
        let class = util::claim_class_in(api, &c).unwrap_or_default();
        let sc = util::storage_class(api, &class);
        if sc
            .as_ref()
            .is_some_and(|s| s.provisioner == "kubernetes.io/no-provisioner")
        {
            if let Some(pv) = pvs.iter().find(|pv| {
                pv.spec.claim_ref.is_none()
                    && pv.spec.storage_class_name == class
                    && pv
                        .spec
                        .node_affinity
                        .as_ref()
                        .and_then(|a| a.required.as_ref())
                        .is_none_or(|s| util::node_selector_matches(s, best))
            }) {
                crate::sim::storage::bind::bind_static(api, &c, pv, now);
                waiting = true;
                continue;
            }
        }
        c.metadata
            .annotations
            .insert(SELECTED_NODE.into(), node.clone());
        let _ = util::update(api, Object::PersistentVolumeClaim(c));
        waiting = true;
    }
    if waiting {
        return true;
    }
    bind(api, pod, &node, now)
}

fn bind(api: &mut ApiServer, pod: &Pod, node: &str, _now: Millis) -> bool {
    // One write, as the binding subresource does (nodeName + PodScheduled=True).
    let Ok(obj) = api.bind_pod(&pod.metadata.namespace, &pod.metadata.name, node) else {
        return false;
    };
    let msg = format!(
        "Successfully assigned {}/{} to {node}",
        pod.metadata.namespace, pod.metadata.name
    );
    util::event(api, &obj, "Normal", "Scheduled", &msg, COMPONENT, None);
    true
}

fn unschedulable(api: &mut ApiServer, pod: &Pod, msg: &str, now: Millis) -> bool {
    let mut p = pod.clone();
    util::set_condition(&mut p, "PodScheduled", false, "Unschedulable", msg, now);
    if p.status.phase.is_empty() {
        p.status.phase = "Pending".into();
    }
    let obj = if p.status != pod.status {
        util::update_status(api, Object::Pod(p.clone())).unwrap_or(Object::Pod(p))
    } else {
        Object::Pod(p)
    };
    util::event(
        api,
        &obj,
        "Warning",
        "FailedScheduling",
        msg,
        COMPONENT,
        None,
    );
    true
}

/// Score feasible nodes: spread pods of one owner (the default topology spreading), then
/// fewest pods (least allocated), then a stable per-pod hash so ties differ between pods.
fn pick<'a>(
    pod: &Pod,
    feasible: &[&'a Node],
    load: &BTreeMap<String, NodeLoad>,
) -> Option<&'a Node> {
    let owner = pod.metadata.controller_ref().map(|o| o.uid.clone());
    feasible
        .iter()
        .min_by_key(|n| {
            let on = load.get(&n.metadata.name);
            let same_owner = match (&owner, on) {
                (Some(u), Some(l)) => l.by_owner.get(u).copied().unwrap_or(0),
                _ => 0,
            };
            (
                same_owner,
                on.map_or(0, |l| l.pods),
                fnv(&[&pod.metadata.uid, &n.metadata.name]),
            )
        })
        .copied()
}
