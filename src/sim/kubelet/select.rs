//! Which pods a kubelet pass looks at, found without scanning every pod of the cluster.
//!
//! A pass syncs the bound pods that are new to the kubelet, have watch events since the last
//! pass, or whose wake-up is due (every bound pod after a relist or a node/fault change). The
//! candidates are gathered from three small sets instead of a filter over all pods:
//! the names with watch events, the wake-ups due by now (kept ordered by time), and the bound
//! pods a pass looked at but left unknown (node down, finished before known), which are looked
//! at again on every pass as before. A pod the kubelet has never looked at had a watch event
//! since (its binding), so it is among the touched names. The final choice applies the same
//! predicate as a full scan would, in store order, so the syncs (and RNG draws) do not change.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::api::{ApiServer, WatchEventType};
use crate::sim::clock::Millis;
use crate::sim::objects::{Kind, Object, Pod};
use std::sync::Arc;

/// Namespace and name of a pod.
pub type PodName = (String, String);

#[derive(Clone, Debug, Default)]
pub struct Interest {
    /// When each known pod (by uid) next needs a look.
    wake: BTreeMap<String, Millis>,
    /// The same wake-ups ordered by time, so the due ones are a range.
    due: BTreeSet<(Millis, String)>,
    /// Bound pods looked at on the last pass that the kubelet does not run.
    unknown: BTreeSet<PodName>,
    /// Runtimes whose pod the kubelet deleted itself (its own DELETED entries are behind its
    /// cursor): dropped by the next pass that looks for gone pods, as the full scan did.
    lingering: BTreeSet<String>,
    /// Some of the kubelet's own entries were compacted away: the next look is a full scan.
    lingering_lost: bool,
}

impl Interest {
    pub fn set_wake(&mut self, uid: String, at: Millis) {
        self.clear_wake(&uid);
        self.due.insert((at, uid.clone()));
        self.wake.insert(uid, at);
    }

    pub fn clear_wake(&mut self, uid: &str) {
        if let Some(at) = self.wake.remove(uid) {
            self.due.remove(&(at, uid.to_string()));
        }
    }

    fn is_due(&self, uid: &str, now: Millis) -> bool {
        self.wake.get(uid).is_some_and(|t| *t <= now)
    }

    /// The bound pods to sync this pass, in store order, as the stored snapshots (shared, not
    /// copied). `known` tells whether the kubelet runs a pod (by uid) and gives a known uid's
    /// (namespace, name).
    pub fn pick(
        &self,
        api: &ApiServer,
        full: bool,
        touched: &BTreeSet<PodName>,
        now: Millis,
        known: &dyn Fn(&str) -> Option<PodName>,
    ) -> Vec<Arc<Object>> {
        let wanted = |p: &Pod, touched_now: bool| {
            !p.spec.node_name.is_empty()
                && (full
                    || touched_now
                    || known(&p.metadata.uid).is_none()
                    || self.is_due(&p.metadata.uid, now))
        };
        if full {
            return api
                .list_shared(Kind::Pod)
                .into_iter()
                .filter(|o| matches!(&**o, Object::Pod(p) if wanted(p, true)))
                .collect();
        }
        let mut names: BTreeSet<&PodName> = touched.iter().chain(&self.unknown).collect();
        let due: Vec<PodName> = self
            .due
            .iter()
            .take_while(|(t, _)| *t <= now)
            .filter_map(|(_, uid)| known(uid))
            .collect();
        names.extend(due.iter());
        names
            .into_iter()
            .filter_map(|(ns, name)| {
                let o = api.pod_object(ns, name)?;
                match &**o {
                    Object::Pod(p) if wanted(p, touched.contains(&(ns.clone(), name.clone()))) => {
                        Some(o.clone())
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Uids of runtimes whose pod is gone, in uid order. A pass looks for them only when it
    /// is a full pass or pods were deleted since the last one; a uid is never reused and every
    /// removal from the store is a DELETED entry, so the gone ones are the deleted uids plus
    /// the lingering ones (a full scan of live uids when that history is incomplete).
    pub fn gone(
        &mut self,
        api: &ApiServer,
        full: bool,
        deleted: BTreeSet<String>,
        runtimes: &BTreeMap<String, super::runtime::PodRt>,
    ) -> Vec<String> {
        if !full && deleted.is_empty() {
            return Vec::new();
        }
        let lingering = std::mem::take(&mut self.lingering);
        if full || std::mem::take(&mut self.lingering_lost) {
            let live: BTreeSet<&str> = api
                .list(Kind::Pod, None)
                .into_iter()
                .map(|p| p.meta().uid.as_str())
                .collect();
            return runtimes
                .keys()
                .filter(|u| !live.contains(u.as_str()))
                .cloned()
                .collect();
        }
        let mut gone = deleted;
        gone.extend(lingering);
        gone.retain(|u| runtimes.contains_key(u));
        gone.into_iter().collect()
    }

    /// After a pass: note the pods the kubelet deleted itself (entries after `since`) whose
    /// runtime it still holds.
    pub fn note_own_deletions(
        &mut self,
        api: &ApiServer,
        since: u64,
        runtimes: &BTreeMap<String, super::runtime::PodRt>,
    ) {
        match api.watch_from(since) {
            Ok(evs) => {
                for e in evs {
                    let uid = &e.object.meta().uid;
                    if e.kind == WatchEventType::Deleted
                        && e.object.kind() == Kind::Pod
                        && runtimes.contains_key(uid)
                    {
                        self.lingering.insert(uid.clone());
                    }
                }
            }
            Err(_) => self.lingering_lost = true,
        }
    }

    /// After a pass: the pods it looked at that the kubelet still does not run.
    pub fn remember_unknown(&mut self, looked_at: &[Arc<Object>], known: impl Fn(&str) -> bool) {
        self.unknown = looked_at
            .iter()
            .map(|o| o.meta())
            .filter(|m| !known(&m.uid))
            .map(|m| (m.namespace.clone(), m.name.clone()))
            .collect();
    }
}
