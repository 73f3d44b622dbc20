//! The scheduler's view of what it reads, kept up to date from the watch log instead of
//! recomputed from every pod on every pass.
//!
//! Each object the scheduler reads (assigned pods' names, nodes, labels and phase; nodes,
//! claims and volumes by resourceVersion; storage classes by name) contributes a hash, and the
//! world fingerprint is their wrapping sum: it changes exactly when the set of contributions
//! changes, as the former hash over the whole (key-ordered) list did, but a pass only re-hashes
//! the objects with watch events since the last one. Alongside it the per-node load of the
//! assigned, non-terminal pods (count, cpu and memory requests, pods per controller) and the set
//! of pending pods, so an attempt is O(nodes) instead of O(pods × nodes). Everything is
//! derived from the store alone; a relist (first pass, compacted history) rebuilds it, and
//! debug builds check every pass against a rebuild.

use super::fit::pod_request;
use crate::sim::api::ApiServer;
use crate::sim::kubelet::util::{self, Fnv};
use crate::sim::objects::*;
use std::collections::{BTreeMap, BTreeSet};

/// Namespace and name of a pod.
pub type PodKey = (String, String);

/// What an assigned, non-terminal pod adds to its node's load.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Placed {
    node: String,
    cpu: i128,
    memory: i128,
    owner: Option<String>,
    /// Carries required pod anti-affinity terms (checked against incoming pods).
    anti: bool,
}

/// The assigned, non-terminal pods of one node, summed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeLoad {
    pub pods: usize,
    pub cpu: i128,
    pub memory: i128,
    /// Pods per controller uid.
    pub by_owner: BTreeMap<String, usize>,
}

/// The kinds whose changes the scheduler reacts to.
pub fn relevant(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Pod
            | Kind::Node
            | Kind::PersistentVolumeClaim
            | Kind::PersistentVolume
            | Kind::StorageClass
    )
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct World {
    /// Each contributing object's hash, by (kind, namespace, name).
    parts: BTreeMap<(Kind, String, String), u64>,
    /// Wrapping sum of `parts`: the world fingerprint.
    sum: u64,
    placed: BTreeMap<PodKey, Placed>,
    load: BTreeMap<String, NodeLoad>,
    pending: BTreeSet<PodKey>,
    /// Placed pods with required anti-affinity terms.
    anti: usize,
}

/// splitmix64's finalizer: spreads an FNV value over all bits before it is summed.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

fn has_required_anti(p: &Pod) -> bool {
    p.spec
        .affinity
        .as_ref()
        .and_then(|a| a.pod_anti_affinity.as_ref())
        .is_some_and(|a| {
            !a.required_during_scheduling_ignored_during_execution
                .is_empty()
        })
}

/// Does the pod carry required inter-pod (anti-)affinity terms of its own?
pub fn has_pod_affinity_terms(p: &Pod) -> bool {
    has_required_anti(p)
        || p.spec
            .affinity
            .as_ref()
            .and_then(|a| a.pod_affinity.as_ref())
            .is_some_and(|a| {
                !a.required_during_scheduling_ignored_during_execution
                    .is_empty()
            })
}

/// The hash an object contributes, or None if the scheduler does not read it.
fn contribution(o: &Object) -> Option<u64> {
    use std::fmt::Write;
    let mut h = Fnv::default();
    let m = o.meta();
    match o {
        Object::Pod(p) => {
            if p.spec.node_name.is_empty() {
                return None;
            }
            h.raw(b"p/");
            for field in [&m.namespace, &m.name, &p.spec.node_name] {
                h.raw(field.as_bytes());
                h.end_field();
            }
            h.raw(if util::is_terminal(p) { b"t" } else { b"f" });
            h.end_field();
            for (k, v) in &m.labels {
                h.raw(k.as_bytes());
                h.end_field();
                h.raw(v.as_bytes());
                h.end_field();
            }
        }
        Object::Node(_) => {
            let _ = write!(h, "n/{}/{}", m.name, m.resource_version);
        }
        Object::PersistentVolumeClaim(_) => {
            let _ = write!(h, "c/{}/{}/{}", m.namespace, m.name, m.resource_version);
        }
        Object::PersistentVolume(_) => {
            let _ = write!(h, "v/{}/{}", m.name, m.resource_version);
        }
        Object::StorageClass(_) => {
            let _ = write!(h, "s/{}", m.name);
        }
        _ => return None,
    }
    h.end_part();
    Some(mix(h.finish()))
}

impl World {
    /// The world fingerprint (changes whenever anything the scheduler reads changes).
    pub fn fingerprint(&self) -> u64 {
        self.sum
    }

    /// Unassigned pods the scheduler should place, in store order.
    pub fn pending(&self) -> &BTreeSet<PodKey> {
        &self.pending
    }

    /// Load of the assigned, non-terminal pods per node name.
    pub fn load(&self) -> &BTreeMap<String, NodeLoad> {
        &self.load
    }

    /// Some assigned pod carries required anti-affinity terms.
    pub fn any_anti_affinity(&self) -> bool {
        self.anti > 0
    }

    /// Recomputes everything from the store (relist).
    pub fn rebuild(api: &ApiServer) -> World {
        let mut w = World::default();
        for kind in [
            Kind::Pod,
            Kind::Node,
            Kind::PersistentVolumeClaim,
            Kind::PersistentVolume,
            Kind::StorageClass,
        ] {
            for o in api.list(kind, None) {
                w.add(o);
            }
        }
        w
    }

    /// Brings one object (by kind, namespace, name) up to date with the store.
    pub fn refresh(&mut self, api: &ApiServer, kind: Kind, ns: &str, name: &str) {
        let ns = if kind.namespaced() { ns } else { "" };
        let key = (kind, ns.to_string(), name.to_string());
        if let Some(old) = self.parts.remove(&key) {
            self.sum = self.sum.wrapping_sub(old);
        }
        if kind == Kind::Pod {
            let pk = (key.1.clone(), key.2.clone());
            self.pending.remove(&pk);
            if let Some(p) = self.placed.remove(&pk) {
                self.unload(p);
            }
        }
        if let Ok(o) = api.get(kind, ns, name) {
            self.add(o);
        }
    }

    fn add(&mut self, o: &Object) {
        let m = o.meta();
        let ns = if o.kind().namespaced() {
            m.namespace.clone()
        } else {
            String::new()
        };
        if let Some(c) = contribution(o) {
            self.sum = self.sum.wrapping_add(c);
            self.parts.insert((o.kind(), ns.clone(), m.name.clone()), c);
        }
        let Object::Pod(p) = o else { return };
        let pk = (ns, m.name.clone());
        if super::is_pending(p) {
            self.pending.insert(pk);
        } else if !p.spec.node_name.is_empty() && !util::is_terminal(p) {
            let placed = Placed {
                node: p.spec.node_name.clone(),
                cpu: pod_request(&p.spec, "cpu"),
                memory: pod_request(&p.spec, "memory"),
                owner: m.controller_ref().map(|r| r.uid.clone()),
                anti: has_required_anti(p),
            };
            let l = self.load.entry(placed.node.clone()).or_default();
            l.pods += 1;
            l.cpu += placed.cpu;
            l.memory += placed.memory;
            if let Some(u) = &placed.owner {
                *l.by_owner.entry(u.clone()).or_default() += 1;
            }
            self.anti += placed.anti as usize;
            self.placed.insert(pk, placed);
        }
    }

    fn unload(&mut self, p: Placed) {
        self.anti -= p.anti as usize;
        let Some(l) = self.load.get_mut(&p.node) else {
            return;
        };
        l.pods -= 1;
        l.cpu -= p.cpu;
        l.memory -= p.memory;
        if let Some(u) = &p.owner {
            if let Some(n) = l.by_owner.get_mut(u) {
                *n -= 1;
                if *n == 0 {
                    l.by_owner.remove(u);
                }
            }
        }
        if l.pods == 0 {
            self.load.remove(&p.node);
        }
    }
}
