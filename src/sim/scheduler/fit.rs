//! Per-node filter plugins of the default scheduler profile and the `FitError` message.
//!
//! Filters run in upstream order (NodeUnschedulable, TaintToleration, NodeAffinity,
//! NodeResourcesFit, VolumeBinding, InterPodAffinity) and a node reports only its first
//! failure, as `RunFilterPlugins` does. Each failure says whether preemption could help
//! (`Unschedulable`) or not (`UnschedulableAndUnresolvable`), which decides the preemption tail.

use crate::sim::kubelet::util::{self, is_terminal};
use crate::sim::objects::*;
use std::collections::BTreeMap;

/// One node's filter failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeFailure {
    pub reasons: Vec<String>,
    /// `UnschedulableAndUnresolvable`: preemption cannot help.
    pub unresolvable: bool,
}

/// `FitError.Error()`: `0/N nodes are available: <histogram>. preemption: 0/N nodes are
/// available: <histogram>.` For a PreFilter failure the first part is the PreFilter message.
pub fn fit_error(num_nodes: usize, prefilter: Option<&str>, failures: &[NodeFailure]) -> String {
    let first = match prefilter {
        Some(m) => m.to_string(),
        None => {
            let mut hist: BTreeMap<&str, usize> = BTreeMap::new();
            for f in failures {
                for r in &f.reasons {
                    *hist.entry(r.as_str()).or_default() += 1;
                }
            }
            sorted_histogram(hist)
        }
    };
    let mut pre: BTreeMap<&str, usize> = BTreeMap::new();
    if prefilter.is_some() {
        pre.insert("Preemption is not helpful for scheduling", num_nodes);
    } else {
        for f in failures {
            let r = if f.unresolvable {
                "Preemption is not helpful for scheduling"
            } else {
                "No preemption victims found for incoming pod"
            };
            *pre.entry(r).or_default() += 1;
        }
    }
    format!(
        "0/{num_nodes} nodes are available: {first}. preemption: 0/{num_nodes} nodes are available: {}.",
        sorted_histogram(pre)
    )
}

/// `"count reason"` strings sorted as strings (upstream `sortReasonsHistogram`), comma-joined.
fn sorted_histogram(hist: BTreeMap<&str, usize>) -> String {
    let mut parts: Vec<String> = hist.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort();
    parts.join(", ")
}

/// Sum of a resource over containers, max'd with each init container (upstream
/// `PodRequests`), in milli-units (cpu) or bytes (memory).
pub fn pod_request(p: &PodSpec, resource: &str) -> i128 {
    let get = |c: &Container| {
        c.resources
            .requests
            .get(resource)
            .and_then(|q| {
                if resource == "cpu" {
                    q.cpu_millis().ok()
                } else {
                    q.bytes().ok()
                }
            })
            .unwrap_or(0)
    };
    let sum: i128 = p.containers.iter().map(get).sum();
    p.init_containers.iter().map(get).fold(sum, i128::max)
}

fn node_alloc(n: &Node, resource: &str) -> Option<i128> {
    let q = n
        .status
        .allocatable
        .get(resource)
        .or_else(|| n.status.capacity.get(resource))?;
    match resource {
        "cpu" => q.cpu_millis().ok(),
        "pods" => q.value().ok(),
        _ => q.bytes().ok(),
    }
}

/// Does a toleration tolerate a taint (`Toleration.ToleratesTaint`)?
pub fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    if !t.effect.is_empty() && t.effect != taint.effect {
        return false;
    }
    if !t.key.is_empty() && t.key != taint.key {
        return false;
    }
    match t.operator.as_str() {
        "Exists" => true,
        "" | "Equal" => t.key == taint.key && t.value == taint.value,
        _ => false,
    }
}

/// The world a pod is filtered against.
pub struct Snapshot<'a> {
    pub nodes: &'a [Node],
    /// Assigned, non-terminal pods; only read by InterPodAffinity, so the scheduler leaves it
    /// empty when neither the pod nor any assigned pod has required inter-pod terms.
    pub pods: &'a [SharedPod],
    /// The assigned, non-terminal pods' load per node name (NodeResourcesFit).
    pub load: &'a BTreeMap<String, super::world::NodeLoad>,
    pub pvs: &'a [PersistentVolume],
}

/// Volume facts computed once per pod in PreFilter.
#[derive(Default)]
pub struct VolumeNeeds {
    /// Bound PVs that carry node affinity.
    pub bound_affinity: Vec<NodeSelector>,
    /// Unbound WaitForFirstConsumer claims on a class without a provisioner: need a static PV.
    pub need_static: Vec<PersistentVolumeClaim>,
}

fn pv_matches_claim(pv: &PersistentVolume, c: &PersistentVolumeClaim, class: &str) -> bool {
    let want = c
        .requested_storage()
        .and_then(|q| q.bytes().ok())
        .unwrap_or(0);
    let have = pv
        .spec
        .capacity
        .get("storage")
        .and_then(|q| q.bytes().ok())
        .unwrap_or(0);
    pv.spec.claim_ref.is_none()
        && pv.metadata.deletion_timestamp.is_none()
        && (pv.status.phase.is_empty() || pv.status.phase == "Available")
        && pv.spec.storage_class_name == class
        && have >= want
        && c.spec
            .access_modes
            .iter()
            .all(|m| pv.spec.access_modes.contains(m))
}

/// Run all filters for one node; `None` = the node fits.
pub fn filter(pod: &Pod, node: &Node, snap: &Snapshot, vols: &VolumeNeeds) -> Option<NodeFailure> {
    let fail = |r: &str, unresolvable| {
        Some(NodeFailure {
            reasons: vec![r.to_string()],
            unresolvable,
        })
    };
    // NodeUnschedulable
    if node.spec.unschedulable
        && !pod
            .spec
            .tolerations
            .iter()
            .any(|t| t.key == "node.kubernetes.io/unschedulable" && (t.operator == "Exists"))
    {
        return fail("node(s) were unschedulable", true);
    }
    // TaintToleration: NoSchedule and NoExecute taints must be tolerated.
    if node.spec.taints.iter().any(|taint| {
        (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
            && !pod.spec.tolerations.iter().any(|t| tolerates(t, taint))
    }) {
        return fail("node(s) had untolerated taint(s)", true);
    }
    // NodeAffinity: nodeSelector and required node affinity.
    let sel_ok = pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| node.metadata.labels.get(k) == Some(v));
    let aff_ok = pod
        .spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| {
            na.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
        .is_none_or(|sel| util::node_selector_matches(sel, node));
    if !sel_ok || !aff_ok {
        return fail("node(s) didn't match Pod's node affinity/selector", true);
    }
    // NodeResourcesFit
    let load = snap.load.get(&node.metadata.name);
    let mut insufficient = Vec::new();
    if let Some(max) = node_alloc(node, "pods") {
        if load.map_or(0, |l| l.pods) as i128 + 1 > max {
            insufficient.push("Too many pods".to_string());
        }
    }
    for res in ["cpu", "memory"] {
        let want = pod_request(&pod.spec, res);
        if want == 0 {
            continue;
        }
        let used = load.map_or(0, |l| if res == "cpu" { l.cpu } else { l.memory });
        if let Some(alloc) = node_alloc(node, res) {
            if used + want > alloc {
                insufficient.push(format!("Insufficient {res}"));
            }
        }
    }
    if !insufficient.is_empty() {
        return Some(NodeFailure {
            reasons: insufficient,
            unresolvable: false,
        });
    }
    // VolumeBinding
    if vols
        .bound_affinity
        .iter()
        .any(|sel| !util::node_selector_matches(sel, node))
    {
        return fail("node(s) had volume node affinity conflict", true);
    }
    for c in &vols.need_static {
        let class = util::claim_class(c).unwrap_or_default();
        let found = snap.pvs.iter().any(|pv| {
            pv_matches_claim(pv, c, &class)
                && pv
                    .spec
                    .node_affinity
                    .as_ref()
                    .and_then(|a| a.required.as_ref())
                    .is_none_or(|sel| util::node_selector_matches(sel, node))
        });
        if !found {
            return fail(
                "node(s) didn't find available persistent volumes to bind",
                true,
            );
        }
    }
    // InterPodAffinity
    inter_pod_affinity(pod, node, snap)
}

fn term_matches(term: &PodAffinityTerm, owner_ns: &str, other: &Pod) -> bool {
    let ns_ok = if term.namespaces.is_empty() {
        other.metadata.namespace == owner_ns
    } else {
        term.namespaces.contains(&other.metadata.namespace)
    };
    ns_ok
        && term
            .label_selector
            .as_ref()
            .is_some_and(|s| s.matches(&other.metadata.labels))
}

fn same_domain(nodes: &[Node], node: &Node, other_node: &str, key: &str) -> bool {
    let Some(v) = node.metadata.labels.get(key) else {
        return false;
    };
    nodes
        .iter()
        .find(|n| n.metadata.name == other_node)
        .and_then(|n| n.metadata.labels.get(key))
        == Some(v)
}

fn inter_pod_affinity(pod: &Pod, node: &Node, snap: &Snapshot) -> Option<NodeFailure> {
    let ns = &pod.metadata.namespace;
    let aff = pod.spec.affinity.as_ref();
    if let Some(anti) = aff.and_then(|a| a.pod_anti_affinity.as_ref()) {
        for t in &anti.required_during_scheduling_ignored_during_execution {
            if snap.pods.iter().any(|o| {
                term_matches(t, ns, o)
                    && same_domain(snap.nodes, node, &o.spec.node_name, &t.topology_key)
            }) {
                return Some(NodeFailure {
                    reasons: vec!["node(s) didn't match pod anti-affinity rules".into()],
                    unresolvable: false,
                });
            }
        }
    }
    if let Some(pa) = aff.and_then(|a| a.pod_affinity.as_ref()) {
        for t in &pa.required_during_scheduling_ignored_during_execution {
            let any_match = snap.pods.iter().any(|o| term_matches(t, ns, o));
            let here = snap.pods.iter().any(|o| {
                term_matches(t, ns, o)
                    && same_domain(snap.nodes, node, &o.spec.node_name, &t.topology_key)
            });
            // The first pod of a group that matches its own term may go anywhere.
            let self_ok = !any_match && term_matches(t, ns, pod);
            if !(here || self_ok && node.metadata.labels.contains_key(&t.topology_key)) {
                return Some(NodeFailure {
                    reasons: vec!["node(s) didn't match pod affinity rules".into()],
                    unresolvable: true,
                });
            }
        }
    }
    // Existing pods' required anti-affinity against the incoming pod (symmetry).
    for other in snap.pods {
        let terms = other
            .spec
            .affinity
            .as_ref()
            .and_then(|a| a.pod_anti_affinity.as_ref())
            .map(|a| {
                a.required_during_scheduling_ignored_during_execution
                    .as_slice()
            })
            .unwrap_or(&[]);
        for t in terms {
            if term_matches(t, &other.metadata.namespace, pod)
                && same_domain(snap.nodes, node, &other.spec.node_name, &t.topology_key)
            {
                return Some(NodeFailure {
                    reasons: vec!["node(s) didn't satisfy existing pods anti-affinity rules".into()],
                    unresolvable: false,
                });
            }
        }
    }
    None
}

/// Pods that occupy node resources for scheduling purposes.
pub fn assigned_pods(all: &[Pod]) -> Vec<Pod> {
    all.iter()
        .filter(|p| !p.spec.node_name.is_empty() && !is_terminal(p))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errata_messages() {
        assert_eq!(
            fit_error(1, Some("pod has unbound immediate PersistentVolumeClaims"), &[]),
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        );
        let taint = NodeFailure {
            reasons: vec!["node(s) had untolerated taint(s)".into()],
            unresolvable: true,
        };
        let cpu = NodeFailure {
            reasons: vec!["Insufficient cpu".into()],
            unresolvable: false,
        };
        assert_eq!(
            fit_error(3, None, &[taint.clone(), cpu.clone(), cpu]),
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
        let anti = NodeFailure {
            reasons: vec!["node(s) didn't match pod anti-affinity rules".into()],
            unresolvable: false,
        };
        assert_eq!(
            fit_error(3, None, &[taint, anti.clone(), anti]),
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
    }
}
