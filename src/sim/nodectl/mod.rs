//! The node side of kube-controller-manager: what happens to a node, and to the pods on it,
//! when its kubelet stops reporting. Two controllers, as in v1.35 (the taint-eviction
//! controller runs on its own since `SeparateTaintEvictionController`):
//!
//! - [`lifecycle::NodeLifecycleController`] (`node-lifecycle-controller`, events from
//!   `node-controller`): after `--node-monitor-grace-period` (50 s) without a heartbeat it sets
//!   the node's conditions to `Unknown`, taints it `node.kubernetes.io/unreachable`
//!   (NoSchedule and NoExecute, with `timeAdded`) and marks its pods not Ready; it removes the
//!   taints once the kubelet reports Ready again.
//! - [`taint_eviction::TaintEvictionController`] (`taint-eviction-controller`): deletes the
//!   pods on a node with NoExecute taints they do not tolerate, at once or after their
//!   `tolerationSeconds` (300 s by the `DefaultTolerationSeconds` admission plugin, see
//!   `api::admission`).
//!
//! A pod deleted this way on a dead node never finishes terminating: only its kubelet could
//! confirm that the containers stopped. That is the StatefulSet lesson: the controller will not
//! create a second `web-1` while the first still exists, until the node returns or an operator
//! force-deletes the pod.

pub mod lifecycle;
pub mod taint_eviction;

use crate::sim::clock::Millis;
use crate::sim::cluster::Controller;

/// `--node-monitor-grace-period` default since v1.32 (kubernetes/kubernetes#126287 raised it
/// from 40 s). The simulator counts it from the moment the kubelet stopped; a real cluster
/// counts from the last lease renewal (every 10 s) and notices on its next 5 s monitor pass.
pub const NODE_MONITOR_GRACE_PERIOD: Millis = 50_000;

pub use crate::sim::api::admission::{NOT_READY_TAINT, UNREACHABLE_TAINT};

/// The node controllers, in loop order.
pub fn controllers() -> Vec<Box<dyn Controller>> {
    vec![
        Box::new(lifecycle::NodeLifecycleController::default()),
        Box::new(taint_eviction::TaintEvictionController::default()),
    ]
}

/// Why a terminating pod will not go away by itself, for controllers' explanations: its node
/// is not Ready, so no kubelet will confirm that its containers stopped. None when the node is
/// Ready (or gone: the pod garbage collector then removes the pod).
pub fn stuck_termination_note(
    api: &crate::sim::api::ApiServer,
    pod: &crate::sim::objects::Pod,
) -> Option<crate::sim::explain::StuckOnNode> {
    use crate::sim::objects::{Kind, Object};
    let node = &pod.spec.node_name;
    let Ok(Object::Node(n)) = api.get(Kind::Node, "", node) else {
        return None;
    };
    let ready = n.status.conditions.iter().find(|c| c.type_ == "Ready")?;
    if ready.status == "True" {
        return None;
    }
    Some(crate::sim::explain::StuckOnNode {
        node: node.clone(),
        ready: ready.status.clone(),
        pod: pod.metadata.name.clone(),
    })
}
