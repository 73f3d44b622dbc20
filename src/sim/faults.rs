//! Faults a lesson or the learner can inject, as serde data (so they can sit in lesson files,
//! share links and the action log). Some act at once through the API server (a returning
//! kubelet posts its node status, a node or PV is deleted); the others are state the kubelets
//! and controllers consult on every sync (unpullable images, slow registry, failing readiness,
//! a silent kubelet, which the node lifecycle controller notices only after its grace period).

use crate::sim::api::{ApiServer, DeleteOptions};
use crate::sim::kubelet::util;
use crate::sim::kubelet::NodeFaults;
use crate::sim::objects::*;
use serde::{Deserialize, Serialize};

/// One fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Fault {
    /// The image can no longer be pulled (the registry lost the tag).
    #[serde(rename_all = "camelCase")]
    ImageUnpullable { image: String },
    /// Undo [`Fault::ImageUnpullable`].
    #[serde(rename_all = "camelCase")]
    ImagePullable { image: String },
    /// Image pulls take `factor` times longer (1 = normal).
    #[serde(rename_all = "camelCase")]
    SlowImagePulls { factor: u64 },
    /// The pod's application stops answering its readiness check.
    #[serde(rename_all = "camelCase")]
    ReadinessFail { namespace: String, pod: String },
    /// Undo [`Fault::ReadinessFail`].
    #[serde(rename_all = "camelCase")]
    ReadinessRecover { namespace: String, pod: String },
    /// The node's kubelet stops reporting (NotReady); its pods are frozen.
    #[serde(rename_all = "camelCase")]
    NodeDown { node: String },
    /// The node's kubelet is back.
    #[serde(rename_all = "camelCase")]
    NodeUp { node: String },
    /// The Node object is deleted (its pods are then garbage-collected).
    #[serde(rename_all = "camelCase")]
    RemoveNode { node: String },
    /// `kubectl delete pv <name>` by an administrator (stays Terminating while bound).
    #[serde(rename_all = "camelCase")]
    DeletePv { name: String },
}

/// Faults currently in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    pub active: Vec<Fault>,
}

/// Largest `slowImagePulls` factor: a share link could carry `u64::MAX`, and pull times
/// (`start + base * factor`) would then overflow the virtual clock.
pub const MAX_PULL_SLOWDOWN: u64 = 1000;

/// The conditions a healthy kubelet posts (as bootstrapped): type, status, reason, message, in
/// the order of the kubelet's status setters.
const KUBELET_CONDITIONS: [(&str, &str, &str, &str); 4] = [
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    (
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
    ),
    (
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
    ),
    (
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
    ),
];

/// The event the kubelet's setter records when a condition turns healthy (`nodestatus`).
fn healthy_event(condition: &str) -> &'static str {
    match condition {
        "MemoryPressure" => "NodeHasSufficientMemory",
        "DiskPressure" => "NodeHasNoDiskPressure",
        "PIDPressure" => "NodeHasSufficientPID",
        _ => "NodeReady",
    }
}

/// The kubelet is back and posts its node status at once. Each condition that changes gets the
/// event its status setter records, `Node NAME status is now: NodeReady` and the like, on the
/// kubelet's node reference (whose uid is the node's name). The node lifecycle controller then
/// lifts the `unreachable` taints (`sim::nodectl`).
fn kubelet_posts_status(api: &mut ApiServer, name: &str) -> Result<(), String> {
    let mut node = util::node(api, name).ok_or_else(|| format!("nodes \"{name}\" not found"))?;
    let now = api.now();
    let mut changed = Vec::new();
    for (type_, status, reason, message) in KUBELET_CONDITIONS {
        let Some(c) = node.status.conditions.iter_mut().find(|c| c.type_ == type_) else {
            continue;
        };
        if c.status != status {
            c.last_transition_time = Some(now);
            changed.push(healthy_event(type_));
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = message.into();
    }
    let node_ref = Object::Node(Node {
        metadata: ObjectMeta {
            name: name.to_string(),
            uid: name.to_string(),
            ..Default::default()
        },
        ..Default::default()
    });
    for event in changed {
        let msg = format!("Node {name} status is now: {event}");
        api.record_event(&node_ref, "Normal", event, &msg, "kubelet", None);
    }
    util::update_status(api, Object::Node(node)).map_err(|e| e.message)?;
    Ok(())
}

impl Faults {
    /// Apply a fault (validating its target) and remember it.
    pub fn inject(&mut self, fault: Fault, api: &mut ApiServer) -> Result<(), String> {
        match &fault {
            // Nothing changes at once: the control plane only notices the silence after
            // node-monitor-grace-period (`sim::nodectl::lifecycle`).
            Fault::NodeDown { node } => {
                util::node(api, node).ok_or_else(|| format!("nodes \"{node}\" not found"))?;
            }
            Fault::NodeUp { node } => {
                kubelet_posts_status(api, node)?;
                self.active
                    .retain(|f| !matches!(f, Fault::NodeDown { node: n } if n == node));
                return Ok(());
            }
            Fault::RemoveNode { node } => {
                api.delete(Kind::Node, "", node, &DeleteOptions::default())
                    .map_err(|e| e.message)?;
            }
            Fault::DeletePv { name } => {
                api.delete(Kind::PersistentVolume, "", name, &DeleteOptions::default())
                    .map_err(|e| e.message)?;
                return Ok(());
            }
            Fault::ImagePullable { image } => {
                self.active
                    .retain(|f| !matches!(f, Fault::ImageUnpullable { image: i } if i == image));
                return Ok(());
            }
            Fault::ReadinessRecover { namespace, pod } => {
                self.active.retain(
                    |f| !matches!(f, Fault::ReadinessFail { namespace: n, pod: p } if n == namespace && p == pod),
                );
                return Ok(());
            }
            Fault::ReadinessFail { namespace, pod } => {
                util::pod(api, namespace, pod)
                    .ok_or_else(|| format!("pods \"{pod}\" not found"))?;
            }
            Fault::SlowImagePulls { factor } => {
                if *factor > MAX_PULL_SLOWDOWN {
                    return Err(format!(
                        "simulator limit: slowImagePulls factor {factor} is larger than {MAX_PULL_SLOWDOWN}"
                    ));
                }
                self.active
                    .retain(|f| !matches!(f, Fault::SlowImagePulls { .. }));
                if *factor <= 1 {
                    return Ok(());
                }
            }
            Fault::ImageUnpullable { .. } => {}
        }
        if !self.active.contains(&fault) {
            self.active.push(fault);
        }
        Ok(())
    }

    /// What the kubelets need to know.
    pub fn node_view(&self) -> NodeFaults {
        let mut v = NodeFaults {
            pull_slowdown: 1,
            ..Default::default()
        };
        for f in &self.active {
            match f {
                Fault::ImageUnpullable { image } => {
                    v.unpullable.insert(image.clone());
                }
                Fault::SlowImagePulls { factor } => v.pull_slowdown = (*factor).max(1),
                Fault::ReadinessFail { namespace, pod } => {
                    v.readiness.insert(format!("{namespace}/{pod}"), false);
                }
                Fault::NodeDown { node } => {
                    v.down.insert(node.clone());
                }
                _ => {}
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_serde_data() {
        let f: Fault =
            serde_json::from_str(r#"{"type":"readinessFail","namespace":"default","pod":"web-1"}"#)
                .expect("parses");
        assert_eq!(
            f,
            Fault::ReadinessFail {
                namespace: "default".into(),
                pod: "web-1".into()
            }
        );
        let mut fs = Faults::default();
        fs.active.push(f);
        assert_eq!(fs.node_view().readiness.get("default/web-1"), Some(&false));
    }
}
