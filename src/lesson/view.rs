//! [`View`] over the simulated cluster: objects as their Kubernetes JSON (`Object::to_value`),
//! the API server's watch log and events, cluster DNS and the per-PV file trees. Lessons only
//! look at namespace `default` (every lesson runs there), and cluster-scoped kinds by name.

use serde_json::Value;

use super::check::{EventView, View, WatchEntry};
use crate::sim::fs::VolumeKey;
use crate::sim::{Cluster, Kind, Object, WatchEvent, WatchEventType};

/// The namespace lessons run in.
const NS: &str = "default";

/// A read-only view of a cluster for goal checks.
pub struct SimView<'a> {
    cluster: &'a Cluster,
}

impl<'a> SimView<'a> {
    pub fn new(cluster: &'a Cluster) -> SimView<'a> {
        SimView { cluster }
    }
}

fn kind_of(s: &str) -> Option<Kind> {
    Kind::from_user_str(s)
}

fn ns_of(k: Kind) -> &'static str {
    if k.namespaced() {
        NS
    } else {
        ""
    }
}

fn matches(e: &WatchEvent, k: Kind, name: &str) -> bool {
    let o: &Object = &e.object;
    o.kind() == k && o.meta().name == name && (!k.namespaced() || o.meta().namespace == NS)
}

fn entry(e: &WatchEvent) -> WatchEntry {
    WatchEntry {
        seq: e.seq,
        time: e.time,
        action: match e.kind {
            WatchEventType::Added => "ADDED",
            WatchEventType::Modified => "MODIFIED",
            WatchEventType::Deleted => "DELETED",
        },
        object: e.object.to_value(),
    }
}

impl View for SimView<'_> {
    fn get(&self, kind: &str, name: &str) -> Option<Value> {
        let k = kind_of(kind)?;
        self.cluster
            .api()
            .get(k, ns_of(k), name)
            .ok()
            .map(Object::to_value)
    }

    fn list(&self, kind: &str) -> Vec<Value> {
        let Some(k) = kind_of(kind) else {
            return Vec::new();
        };
        let ns = k.namespaced().then_some(NS);
        self.cluster
            .api()
            .list(k, ns)
            .into_iter()
            .map(Object::to_value)
            .collect()
    }

    fn watch_of(&self, kind: &str, name: &str, from_seq: u64) -> Vec<WatchEntry> {
        let Some(k) = kind_of(kind) else {
            return Vec::new();
        };
        self.cluster
            .api()
            .watch_log()
            .iter()
            .filter(|e| e.seq >= from_seq && matches(e, k, name))
            .map(entry)
            .collect()
    }

    fn last_before(&self, kind: &str, name: &str, before_seq: u64) -> Option<WatchEntry> {
        let k = kind_of(kind)?;
        self.cluster
            .api()
            .watch_log()
            .iter()
            .rev()
            .find(|e| e.seq < before_seq && matches(e, k, name))
            .map(entry)
    }

    fn deleted_since(&self, kind: &str, from_seq: u64) -> Vec<Value> {
        let Some(k) = kind_of(kind) else {
            return Vec::new();
        };
        self.cluster
            .api()
            .watch_log()
            .iter()
            .filter(|e| {
                e.seq >= from_seq
                    && e.kind == WatchEventType::Deleted
                    && e.object.kind() == k
                    && (!k.namespaced() || e.object.meta().namespace == NS)
            })
            .map(|e| e.object.to_value())
            .collect()
    }

    fn events(&self) -> Vec<EventView> {
        self.cluster
            .api()
            .events()
            .map(|e| EventView {
                reason: e.reason.clone(),
                object: format!(
                    "{}/{}",
                    e.involved_object.kind.to_ascii_lowercase(),
                    e.involved_object.name
                ),
                message: e.message.clone(),
                last_time: e
                    .last_timestamp
                    .or(e.event_time)
                    .or(e.first_timestamp)
                    .unwrap_or(0),
            })
            .collect()
    }

    fn resolve(&self, name: &str) -> Option<Vec<String>> {
        self.cluster
            .dns()
            .resolve(name, NS)
            .ok()
            .map(|ips| ips.iter().map(|ip| ip.to_string()).collect())
    }

    fn read_claim_file(&self, claim: &str, path: &str) -> Option<String> {
        let pvc = self
            .cluster
            .api()
            .get(Kind::PersistentVolumeClaim, NS, claim)
            .ok()?
            .to_value();
        let pv = pvc.get("spec")?.get("volumeName")?.as_str()?.to_string();
        let tree = self.cluster.fs().tree(&VolumeKey::Pv(pv))?;
        let p = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        tree.read(&p).ok()
    }
}
