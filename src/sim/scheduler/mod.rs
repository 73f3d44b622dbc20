//! The default scheduler (`default-scheduler`): assigns pending pods to nodes.
//!
//! Level-triggered: every sync looks at all unassigned pods and attempts each one whose inputs
//! (the pod spec and a fingerprint of nodes, volumes and assigned pods) changed since its last
//! attempt, like upstream's requeue-on-cluster-event. A failure sets `PodScheduled=False`
//! (reason `Unschedulable`) and records the exact `FailedScheduling` text (errata §11); a
//! success either binds the pod (`Scheduled` event) or, for a WaitForFirstConsumer claim,
//! first writes `volume.kubernetes.io/selected-node` on the claim and waits until the
//! provisioner has bound it, as the VolumeBinding plugin's PreBind does.

pub mod fit;

use crate::sim::api::ApiServer;
use crate::sim::clock::Millis;
use crate::sim::kubelet::util::{self, fnv, Fnv};
use crate::sim::objects::*;
use fit::{NodeFailure, Snapshot, VolumeNeeds};
use std::collections::BTreeMap;

/// Annotation the scheduler writes on a delayed-binding claim.
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// The scheduler's name in events.
pub const COMPONENT: &str = "default-scheduler";

/// Scheduler state: the input fingerprint of each pod's last attempt.
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    last_attempt: BTreeMap<String, u64>,
    /// Watch-log cursor of the last pass.
    seen: Option<u64>,
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
fn is_pending(p: &Pod) -> bool {
    p.spec.node_name.is_empty()
        && p.metadata.deletion_timestamp.is_none()
        && !util::is_terminal(p)
        && (p.spec.scheduler_name.is_empty() || p.spec.scheduler_name == COMPONENT)
}

fn world_fingerprint(nodes: &[Node], api: &ApiServer) -> u64 {
    // Hashed while formatting (no string per object): the scheduler fingerprints the world on
    // every pass that has pending pods, and the world holds every assigned pod.
    use std::fmt::Write;
    let mut h = Fnv::default();
    fn part(h: &mut Fnv, args: std::fmt::Arguments) {
        let _ = h.write_fmt(args);
        h.end_part();
    }
    for n in nodes {
        part(
            &mut h,
            format_args!("n/{}/{}", n.metadata.name, n.metadata.resource_version),
        );
    }
    let pods = api
        .list(Kind::Pod, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        });
    for p in pods.filter(|p| !p.spec.node_name.is_empty()) {
        // Fed raw, each field closed by a byte that UTF-8 text never contains (unambiguous
        // without formatting, `{:?}` quoting or escaping): this runs for every assigned pod.
        h.raw(b"p/");
        for field in [&p.metadata.namespace, &p.metadata.name, &p.spec.node_name] {
            h.raw(field.as_bytes());
            h.end_field();
        }
        h.raw(if util::is_terminal(p) { b"t" } else { b"f" });
        h.end_field();
        for (k, v) in &p.metadata.labels {
            h.raw(k.as_bytes());
            h.end_field();
            h.raw(v.as_bytes());
            h.end_field();
        }
        h.end_part();
    }
    for o in api.list(Kind::PersistentVolumeClaim, None) {
        let m = o.meta();
        part(
            &mut h,
            format_args!("c/{}/{}/{}", m.namespace, m.name, m.resource_version),
        );
    }
    for o in api.list(Kind::PersistentVolume, None) {
        let m = o.meta();
        part(&mut h, format_args!("v/{}/{}", m.name, m.resource_version));
    }
    for o in api.list(Kind::StorageClass, None) {
        part(&mut h, format_args!("s/{}", o.meta().name));
    }
    h.finish()
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
        if let Some(Ok(evs)) = self.seen.map(|s| api.watch_from(s)) {
            let relevant = evs.iter().any(|e| {
                matches!(
                    e.object.kind(),
                    Kind::Pod
                        | Kind::Node
                        | Kind::PersistentVolumeClaim
                        | Kind::PersistentVolume
                        | Kind::StorageClass
                )
            });
            if !relevant {
                self.seen = Some(api.last_seq());
                return false;
            }
        }
        self.seen = Some(api.last_seq());
        let pending: Vec<Pod> = api
            .list(Kind::Pod, None)
            .into_iter()
            .filter_map(|o| match o {
                Object::Pod(p) if is_pending(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        if pending.is_empty() {
            // Entries of deleted pods are pruned on the next pass with pending pods; a stale
            // entry never matches a new pod (its fingerprint includes the pod's uid).
            return false;
        }
        // Only pending pods' entries can ever match again: a pod that is bound, being deleted
        // or finished never becomes pending again, and a new pod of the same name has another
        // uid (part of its fingerprint). Keeping just those needs no look-up per entry.
        let pending_keys: std::collections::BTreeSet<String> = pending
            .iter()
            .map(|p| format!("{}/{}", p.metadata.namespace, p.metadata.name))
            .collect();
        self.last_attempt.retain(|k, _| pending_keys.contains(k));
        let nodes = util::nodes(api);
        let world = world_fingerprint(&nodes, api);
        // Shared with the store, not copied: the same snapshot serves every attempt.
        let assigned: Vec<SharedPod> = api
            .pods_shared(None)
            .into_iter()
            .filter(|p| !p.spec.node_name.is_empty() && !util::is_terminal(p))
            .collect();
        let mut did = false;
        for pod in &pending {
            let key = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
            let spec = serde_json::to_string(&pod.spec).unwrap_or_default();
            let fp = fnv(&[&world.to_string(), &pod.metadata.uid, &spec]);
            if self.last_attempt.get(&key) == Some(&fp) {
                continue;
            }
            self.last_attempt.insert(key, fp);
            did |= self.attempt(api, pod, &nodes, &assigned, now);
        }
        did
    }

    fn attempt(
        &mut self,
        api: &mut ApiServer,
        pod: &Pod,
        nodes: &[Node],
        assigned: &[SharedPod],
        now: Millis,
    ) -> bool {
        let pvs = util::pvs(api);
        let snap = Snapshot {
            nodes,
            pods: assigned,
            pvs: &pvs,
        };
        let needs = match prefilter_volumes(api, pod) {
            Pre::Ok(n) => n,
            Pre::Waiting => return false,
            Pre::Fail(msg) => {
                let msg = fit::fit_error(nodes.len(), Some(&msg), &[]);
                return self.unschedulable(api, pod, &msg, now);
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
        let Some(best) = pick(pod, &feasible, assigned) else {
            let msg = fit::fit_error(nodes.len(), None, &failures);
            return self.unschedulable(api, pod, &msg, now);
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
        self.bind(api, pod, &node, now)
    }

    fn bind(&mut self, api: &mut ApiServer, pod: &Pod, node: &str, _now: Millis) -> bool {
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

    fn unschedulable(&mut self, api: &mut ApiServer, pod: &Pod, msg: &str, now: Millis) -> bool {
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
}

/// Score feasible nodes: spread pods of one owner (the default topology spreading), then
/// fewest pods (least allocated), then a stable per-pod hash so ties differ between pods.
fn pick<'a>(pod: &Pod, feasible: &[&'a Node], assigned: &[SharedPod]) -> Option<&'a Node> {
    let owner = pod.metadata.controller_ref().map(|o| o.uid.clone());
    feasible
        .iter()
        .min_by_key(|n| {
            let on: Vec<&Pod> = assigned
                .iter()
                .filter(|p| p.spec.node_name == n.metadata.name)
                .map(|p| &**p)
                .collect();
            let same_owner = on
                .iter()
                .filter(|p| {
                    owner.is_some() && p.metadata.controller_ref().map(|o| o.uid.clone()) == owner
                })
                .count();
            (
                same_owner,
                on.len(),
                fnv(&[&pod.metadata.uid, &n.metadata.name]),
            )
        })
        .copied()
}
