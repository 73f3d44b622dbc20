//! The node lifecycle controller (`pkg/controller/nodelifecycle`), reduced to what a node
//! failure shows a learner:
//!
//! - **Health.** The simulated kubelet stops heartbeating when `Fault::NodeDown` is injected.
//!   [`NODE_MONITOR_GRACE_PERIOD`] later this controller sets the node's `Ready`,
//!   `MemoryPressure`, `DiskPressure` and `PIDPressure` conditions to `Unknown`
//!   (`NodeStatusUnknown`, "Kubelet stopped posting node status."), records the node event
//!   `NodeNotReady`, and marks every pod on the node `Ready=False` with a `NodeNotReady`
//!   warning (`MarkPodsNotReady`). Until then the node and its pods still look healthy, as on a
//!   real cluster, and Services keep routing to them.
//! - **Taints.** A node whose `Ready` is `Unknown` gets `node.kubernetes.io/unreachable`
//!   (`False`: `node.kubernetes.io/not-ready`) with effect NoSchedule (the scheduler stops
//!   placing pods there) and NoExecute (the taint-eviction controller acts on it), each with
//!   `timeAdded`. Once `Ready` is `True` again both are removed.
//! - **Zone disruption.** Like upstream, NoExecute tainting pauses in a zone where more than two
//!   nodes and at least 55 % of them are not Ready (clusters up to 50 nodes), and every
//!   NoExecute taint is lifted when no node in any zone is Ready: the control plane then
//!   suspects itself rather than the nodes.
//!
//! The kubelet's own recovery (posting `Ready=True`) is the fault's, in `faults.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{NODE_MONITOR_GRACE_PERIOD, NOT_READY_TAINT, UNREACHABLE_TAINT};
use crate::sim::api::WriteOptions;
use crate::sim::clock::{Millis, TimerKey};
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::explain::Note;
use crate::sim::faults::Fault;
use crate::sim::objects::*;

/// The event source of the node lifecycle controller's recorder.
const COMPONENT: &str = "node-controller";
/// `--unhealthy-zone-threshold` and `--large-cluster-size-threshold` defaults.
const UNHEALTHY_ZONE_THRESHOLD: f64 = 0.55;
const LARGE_CLUSTER_SIZE_THRESHOLD: usize = 50;
/// The conditions the controller sets to Unknown (NetworkUnavailable is left alone upstream).
const MONITORED: [&str; 4] = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

/// See the module docs.
#[derive(Clone, Debug, Default)]
pub struct NodeLifecycleController {
    /// Nodes whose kubelet is silent, and since when (the last heartbeat, for the simulator).
    silent_since: BTreeMap<String, Millis>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ZoneState {
    Normal,
    PartialDisruption,
    FullDisruption,
}

/// `nodetopology.GetZoneKey`: region and zone labels (empty for kind's nodes).
fn zone_key(n: &Node) -> (String, String) {
    let l = &n.metadata.labels;
    let get = |k: &str| l.get(k).cloned().unwrap_or_default();
    (
        get("topology.kubernetes.io/region"),
        get("topology.kubernetes.io/zone"),
    )
}

fn ready_status(n: &Node) -> Option<&str> {
    n.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status.as_str())
}

/// `ComputeZoneState` over the Ready conditions of one zone's nodes.
fn zone_state(ready: usize, not_ready: usize) -> ZoneState {
    if ready == 0 && not_ready > 0 {
        ZoneState::FullDisruption
    } else if not_ready > 2
        && not_ready as f64 / (ready + not_ready) as f64 >= UNHEALTHY_ZONE_THRESHOLD
    {
        ZoneState::PartialDisruption
    } else {
        ZoneState::Normal
    }
}

/// The stored nodes, shared with the store rather than deep-copied: this runs on every pass
/// of the loop, and a node (images, conditions, labels) is large to copy. The snapshot is
/// taken before any write of the pass, exactly like the copies it replaces.
fn nodes(cx: &Ctx) -> Vec<Arc<Object>> {
    cx.api.node_objects()
}

fn as_node(o: &Object) -> Option<&Node> {
    match o {
        Object::Node(n) => Some(n),
        _ => None,
    }
}

impl NodeLifecycleController {
    /// `tryUpdateNodeHealth` past the grace period: every monitored condition to Unknown.
    /// Returns true when Ready went from True to not True (the moment to tell the pods).
    fn mark_unknown(cx: &mut Ctx, mut node: Node) -> bool {
        let now = cx.now();
        let was_ready = ready_status(&node) == Some("True");
        let mut changed = false;
        for c in node
            .status
            .conditions
            .iter_mut()
            .filter(|c| MONITORED.contains(&c.type_.as_str()))
        {
            if c.status != "Unknown" {
                c.status = "Unknown".into();
                c.reason = "NodeStatusUnknown".into();
                c.message = "Kubelet stopped posting node status.".into();
                c.last_transition_time = Some(now);
                changed = true;
            }
        }
        if !changed {
            return false;
        }
        let name = node.metadata.name.clone();
        let Ok(stored) = cx.api.update_status(Object::Node(node)) else {
            return false;
        };
        if was_ready {
            let msg = format!("Node {name} status is now: NodeNotReady");
            cx.api
                .record_event(&stored, "Normal", "NodeNotReady", &msg, COMPONENT, None);
        }
        was_ready
    }

    /// `MarkPodsNotReady`: the pods' Ready condition to False (reason and message kept), then a
    /// `NodeNotReady` warning on each pod actually changed.
    fn mark_pods_not_ready(cx: &mut Ctx, node: &str) {
        let now = cx.now();
        let pods: Vec<Pod> = cx
            .api
            .pods_shared(None)
            .into_iter()
            .filter(|p| {
                p.spec.node_name == node
                    && p.status
                        .conditions
                        .iter()
                        .any(|c| c.type_ == "Ready" && c.status != "False")
            })
            .map(|p| p.to_pod())
            .collect();
        for mut p in pods {
            if let Some(c) = p.status.conditions.iter_mut().find(|c| c.type_ == "Ready") {
                c.status = "False".into();
                c.last_transition_time = Some(now);
            }
            if let Ok(stored) = cx.api.update_status(Object::Pod(p)) {
                cx.api.record_event(
                    &stored,
                    "Warning",
                    "NodeNotReady",
                    "Node is not ready",
                    COMPONENT,
                    None,
                );
            }
        }
    }

    /// The node's condition taints as they should be: `doNoScheduleTaintingPass` for the
    /// NoSchedule one, the rate-limited `doNoExecuteTaintingPass` (paused in a disrupted zone)
    /// and `markNodeAsReachable` for the NoExecute one.
    fn reconcile_taints(cx: &mut Ctx, node: &Node, state: ZoneState, all_full: bool) {
        let now = cx.now();
        let key = match ready_status(node) {
            Some("False") => Some(NOT_READY_TAINT),
            Some("Unknown") => Some(UNREACHABLE_TAINT),
            _ => None,
        };
        let managed = |t: &Taint| t.key == NOT_READY_TAINT || t.key == UNREACHABLE_TAINT;
        let mut want: Vec<(&str, &str)> = Vec::new();
        if let Some(k) = key {
            want.push((k, "NoSchedule"));
            let has_no_execute = node
                .spec
                .taints
                .iter()
                .any(|t| managed(t) && t.effect == "NoExecute");
            let add = match state {
                _ if all_full => false,
                ZoneState::PartialDisruption => has_no_execute,
                _ => true,
            };
            if add {
                want.push((k, "NoExecute"));
            }
        }
        let mut taints: Vec<Taint> = node
            .spec
            .taints
            .iter()
            .filter(|t| !managed(t) || want.contains(&(t.key.as_str(), t.effect.as_str())))
            .cloned()
            .collect();
        for (k, effect) in want {
            if !taints.iter().any(|t| t.key == k && t.effect == effect) {
                // `SwapNodeControllerTaint` stamps every taint it adds.
                taints.push(Taint {
                    key: k.into(),
                    effect: effect.into(),
                    time_added: Some(now),
                    ..Default::default()
                });
            }
        }
        if taints != node.spec.taints {
            let mut n = node.clone();
            n.spec.taints = taints;
            let _ = cx.api.update(Object::Node(n), &WriteOptions::default());
        }
    }
}

impl Controller for NodeLifecycleController {
    fn name(&self) -> &'static str {
        "node-lifecycle-controller"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now();
        let before = cx.api.last_seq();
        let silent: BTreeSet<String> = cx
            .faults
            .active
            .iter()
            .filter_map(|f| match f {
                Fault::NodeDown { node } => Some(node.clone()),
                _ => None,
            })
            .collect();
        self.silent_since.retain(|n, _| silent.contains(n));
        for n in silent {
            if let std::collections::btree_map::Entry::Vacant(e) = self.silent_since.entry(n) {
                let r = ObjectRef::new(Kind::Node, "", e.key());
                cx.at(
                    now + NODE_MONITOR_GRACE_PERIOD,
                    TimerKey::for_object(r, "node-monitor-grace-period"),
                );
                e.insert(now);
            }
        }
        // Health: conditions to Unknown once the grace period has passed.
        for obj in nodes(cx) {
            let Some(node) = as_node(&obj) else {
                continue;
            };
            let name = node.metadata.name.clone();
            let r = ObjectRef::new(Kind::Node, "", &name);
            match self.silent_since.get(&name) {
                Some(&since) if now >= since + NODE_MONITOR_GRACE_PERIOD => {
                    if Self::mark_unknown(cx, node.clone()) {
                        Self::mark_pods_not_ready(cx, &name);
                    }
                    cx.explain(
                        r,
                        Note::NodeUnreachable {
                            seconds: ((now - since) / 1000) as i64,
                        },
                    );
                }
                Some(&since) => cx.explain(
                    r,
                    Note::NodeSilent {
                        seconds: ((now - since) / 1000) as i64,
                    },
                ),
                None => cx.clear_explanation(&r),
            }
        }
        // Pods bound to a node that is not Ready are marked not Ready (the pod-update path of
        // upstream covers pods that arrive later).
        let objs = nodes(cx);
        let nodes: Vec<&Node> = objs.iter().filter_map(|o| as_node(o)).collect();
        for n in &nodes {
            if matches!(ready_status(n), Some(s) if s != "True") {
                Self::mark_pods_not_ready(cx, &n.metadata.name);
            }
        }
        // Taints, with the zone states of this pass.
        let mut zones: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
        for n in &nodes {
            let e = zones.entry(zone_key(n)).or_default();
            if ready_status(n) == Some("True") {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        let states: BTreeMap<(String, String), ZoneState> = zones
            .iter()
            .map(|(k, &(ready, not_ready))| {
                let mut s = zone_state(ready, not_ready);
                // `ReducedQPSFunc`: a large zone keeps evicting, slowly.
                if s == ZoneState::PartialDisruption
                    && ready + not_ready > LARGE_CLUSTER_SIZE_THRESHOLD
                {
                    s = ZoneState::Normal;
                }
                (k.clone(), s)
            })
            .collect();
        let all_full =
            !states.is_empty() && states.values().all(|s| *s == ZoneState::FullDisruption);
        for n in &nodes {
            let state = states
                .get(&zone_key(n))
                .copied()
                .unwrap_or(ZoneState::Normal);
            Self::reconcile_taints(cx, n, state, all_full);
        }
        cx.api.last_seq() != before
    }
}
