//! Cluster invariants checked after settling (`Cluster::check_invariants`): properties a real
//! cluster guarantees and that the lessons teach, so a simulator bug shows up as a failed
//! check instead of a wrong lesson. Each violation is reported as one readable line.

use crate::sim::api::WatchEventType;
use crate::sim::cluster::Cluster;
use crate::sim::kubelet::util;
use crate::sim::objects::*;
use crate::sim::scheduler::fit::pod_request;
use std::collections::BTreeMap;

/// Ordinal of `pod` in set `set` (`web-3` → 3).
fn ordinal(set: &str, pod: &str) -> Option<i64> {
    pod.strip_prefix(set)?.strip_prefix('-')?.parse().ok()
}

fn sets(c: &Cluster) -> Vec<StatefulSet> {
    c.api()
        .list(Kind::StatefulSet, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::StatefulSet(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn running_ready(p: &Pod) -> bool {
    p.status.phase == "Running" && p.is_ready()
}

/// Checks that hold after every settle; returns every violation found.
pub fn check(c: &Cluster) -> Result<(), Vec<String>> {
    let api = c.api();
    // The store's indices (uid, owner, event key) must equal a full scan.
    let mut out = api.index_problems();
    let pods = util::pods(api);
    let nodes = util::nodes(api);
    let sets = sets(c);
    // Pods bound to nodes that exist; requests fit on every node.
    for p in &pods {
        if !p.spec.node_name.is_empty()
            && !nodes.iter().any(|n| n.metadata.name == p.spec.node_name)
        {
            out.push(format!(
                "pod {}/{} is bound to missing node {}",
                p.metadata.namespace, p.metadata.name, p.spec.node_name
            ));
        }
    }
    for n in &nodes {
        for res in ["cpu", "memory"] {
            let used: i128 = pods
                .iter()
                .filter(|p| p.spec.node_name == n.metadata.name && !util::is_terminal(p))
                .map(|p| pod_request(&p.spec, res))
                .sum();
            let alloc = n.status.allocatable.get(res).and_then(|q| {
                if res == "cpu" {
                    q.cpu_millis().ok()
                } else {
                    q.bytes().ok()
                }
            });
            if let Some(a) = alloc {
                if used > a {
                    out.push(format!(
                        "node {} is over-committed on {res}: {used} > {a}",
                        n.metadata.name
                    ));
                }
            }
        }
    }
    // Pod IPs are unique among live pods.
    let mut ips: BTreeMap<&str, &str> = BTreeMap::new();
    for p in pods
        .iter()
        .filter(|p| !p.status.pod_ip.is_empty() && !util::is_terminal(p) && !p.spec.host_network)
    {
        if let Some(other) = ips.insert(&p.status.pod_ip, &p.metadata.name) {
            out.push(format!(
                "pods {other} and {} share IP {}",
                p.metadata.name, p.status.pod_ip
            ));
        }
    }
    // StatefulSet pods: names are <set>-<ordinal>, unique per set; status counts agree.
    for s in &sets {
        let owned: Vec<&Pod> = pods
            .iter()
            .filter(|p| {
                p.metadata.namespace == s.metadata.namespace
                    && p.metadata
                        .controller_ref()
                        .is_some_and(|o| o.uid == s.metadata.uid)
            })
            .collect();
        for p in &owned {
            if ordinal(&s.metadata.name, &p.metadata.name).is_none() {
                out.push(format!(
                    "pod {} owned by StatefulSet {} has no ordinal",
                    p.metadata.name, s.metadata.name
                ));
            }
        }
        let ready_all = owned.iter().filter(|p| running_ready(p)).count() as i32;
        let ready_live = owned
            .iter()
            .filter(|p| running_ready(p) && p.metadata.deletion_timestamp.is_none())
            .count() as i32;
        if s.status.observed_generation == Some(s.metadata.generation)
            && s.status.ready_replicas != ready_all
            && s.status.ready_replicas != ready_live
        {
            out.push(format!(
                "StatefulSet {} reports readyReplicas={} but {} owned pods are Running and Ready",
                s.metadata.name, s.status.ready_replicas, ready_all
            ));
        }
        if s.status.ready_replicas > s.status.replicas {
            out.push(format!(
                "StatefulSet {} reports more ready than existing replicas",
                s.metadata.name
            ));
        }
        // Retain never hands claims to the garbage collector.
        let retain = s
            .spec
            .persistent_volume_claim_retention_policy
            .as_ref()
            .is_none_or(|r| {
                (r.when_deleted.is_empty() || r.when_deleted == "Retain")
                    && (r.when_scaled.is_empty() || r.when_scaled == "Retain")
            });
        if retain {
            for claim in util::pvcs(api) {
                if claim
                    .metadata
                    .owner_references
                    .iter()
                    .any(|o| o.uid == s.metadata.uid)
                {
                    out.push(format!(
                        "PVC {} is owned by StatefulSet {} whose retention policy is Retain",
                        claim.metadata.name, s.metadata.name
                    ));
                }
            }
        }
    }
    check_ordered_ready(c, &sets, &mut out);
    check_bindings(c, &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

/// Replays the watch log: an OrderedReady set never creates ordinal N while a lower ordinal is
/// missing, terminating, or not Running and Ready.
fn check_ordered_ready(c: &Cluster, sets: &[StatefulSet], out: &mut Vec<String>) {
    let ordered: Vec<&StatefulSet> = sets
        .iter()
        .filter(|s| {
            s.spec.pod_management_policy.is_empty()
                || s.spec.pod_management_policy == "OrderedReady"
        })
        .collect();
    if ordered.is_empty() {
        return;
    }
    let mut live: BTreeMap<(String, String), Pod> = BTreeMap::new();
    for ev in c.api().watch_log() {
        let Object::Pod(p) = ev.object.as_ref() else {
            continue;
        };
        let key = (p.metadata.namespace.clone(), p.metadata.name.clone());
        if ev.kind == WatchEventType::Added {
            if let Some(s) = ordered.iter().find(|s| {
                p.metadata.namespace == s.metadata.namespace
                    && p.metadata
                        .controller_ref()
                        .is_some_and(|o| o.uid == s.metadata.uid)
            }) {
                let start = s
                    .spec
                    .ordinals
                    .as_ref()
                    .map(|o| o.start as i64)
                    .unwrap_or(0);
                if let Some(n) = ordinal(&s.metadata.name, &p.metadata.name) {
                    for lower in start..n {
                        let name = format!("{}-{lower}", s.metadata.name);
                        let ok = live
                            .get(&(p.metadata.namespace.clone(), name.clone()))
                            .is_some_and(|q| {
                                running_ready(q) && q.metadata.deletion_timestamp.is_none()
                            });
                        if !ok {
                            out.push(format!(
                                "OrderedReady StatefulSet {} created {} at t={}ms while {name} was not Running and Ready",
                                s.metadata.name, p.metadata.name, ev.time
                            ));
                            break;
                        }
                    }
                }
            }
        }
        if ev.kind == WatchEventType::Deleted {
            live.remove(&key);
        } else {
            live.insert(key, p.clone());
        }
    }
}

/// A claim is bound to at most one volume and that volume points back at it.
fn check_bindings(c: &Cluster, out: &mut Vec<String>) {
    let api = c.api();
    let pvs = util::pvs(api);
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for claim in util::pvcs(api) {
        if claim.spec.volume_name.is_empty() || claim.status.phase != "Bound" {
            continue;
        }
        let id = format!("{}/{}", claim.metadata.namespace, claim.metadata.name);
        if let Some(other) = seen.insert(claim.spec.volume_name.clone(), id.clone()) {
            out.push(format!(
                "PV {} is claimed by both {other} and {id}",
                claim.spec.volume_name
            ));
        }
        match pvs
            .iter()
            .find(|v| v.metadata.name == claim.spec.volume_name)
        {
            Some(pv) => {
                if pv
                    .spec
                    .claim_ref
                    .as_ref()
                    .is_none_or(|r| r.uid != claim.metadata.uid)
                {
                    out.push(format!(
                        "PVC {id} is Bound to {} whose claimRef points elsewhere",
                        pv.metadata.name
                    ));
                }
            }
            None => out.push(format!(
                "PVC {id} is Bound to missing PV {}",
                claim.spec.volume_name
            )),
        }
    }
}
