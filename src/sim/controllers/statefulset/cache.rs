//! What the controller derives from each pod of a set, kept between syncs.
//!
//! A sync reads every pod of the namespace (as upstream does), but between two syncs of a set
//! usually one or two pods changed. Stored objects are immutable (every write stores a new
//! pointer), so the cache keeps each pod's pointer with its [`Facts`] — ordinal, phase,
//! readiness, revision, identity, ownership — and a sync re-derives facts only for pods whose
//! pointer changed. The passes of the core loop then read small `Copy` records instead of
//! walking every pod's labels, name and conditions several times.
//!
//! Finding what changed does not walk the namespace either: every store change is a watch-log
//! entry, so the cache remembers the log position it was refreshed at and, on the next sync,
//! revisits only the pods named by later entries (a handful between two syncs, against every
//! pod of the set). When those entries are no longer all retained (compaction) or outnumber
//! the pods, it walks the namespace as before. Debug builds compare the result with a walk on
//! every refresh.
//!
//! It is a pure cache: facts are a function of the (immutable) pod and of the set fields in
//! [`SetKey`]; when those change the cache starts over, and a cloned controller starts empty.

use super::memo::RevisionMemo;
use super::utils::{identity_matches, is_member_of, ordinal_of, pod_revision, storage_matches};
use crate::sim::api::ApiServer;
use crate::sim::objects::{LabelSelector, Object, Pod, SharedPod, StatefulSet};
use crate::sim::Millis;

/// `status.phase`, as the controller distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not persisted (a placeholder).
    Empty,
    Pending,
    Running,
    Failed,
    Succeeded,
    Other,
}

/// The pod's controller reference relative to the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    None,
    This,
    Other,
}

/// Everything a sync asks of one pod, derived once per stored version of the pod.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub ordinal: i32,
    pub phase: Phase,
    pub terminating: bool,
    /// Condition Ready=True.
    pub ready: bool,
    pub ready_since: Option<Millis>,
    /// Index of the `controller-revision-hash` label in [`Revs`].
    pub rev: u32,
    pub identity_ok: bool,
    pub storage_ok: bool,
    /// The selector matches and the name is `<set>-<N>`.
    pub matches: bool,
    pub owner: Owner,
}

impl Facts {
    pub fn of(set: &StatefulSet, pod: &Pod, revs: &mut Revs) -> Facts {
        let phase = match pod.status.phase.as_str() {
            "" => Phase::Empty,
            "Pending" => Phase::Pending,
            "Running" => Phase::Running,
            "Failed" => Phase::Failed,
            "Succeeded" => Phase::Succeeded,
            _ => Phase::Other,
        };
        let owner = match pod.metadata.controller_ref() {
            None => Owner::None,
            Some(r) if r.uid == set.metadata.uid => Owner::This,
            Some(_) => Owner::Other,
        };
        Facts {
            ordinal: ordinal_of(&pod.metadata.name),
            phase,
            terminating: pod.metadata.deletion_timestamp.is_some(),
            ready: pod.is_ready(),
            ready_since: pod.ready_since(),
            rev: revs.intern(pod_revision(pod)),
            identity_ok: identity_matches(set, pod),
            storage_ok: storage_matches(set, pod),
            matches: set
                .spec
                .selector
                .as_ref()
                .is_some_and(|s| s.matches(&pod.metadata.labels))
                && is_member_of(set, pod),
            owner,
        }
    }

    /// `isCreated`.
    pub fn created(&self) -> bool {
        self.phase != Phase::Empty
    }

    /// `isRunningAndReady`.
    pub fn running_and_ready(&self) -> bool {
        self.phase == Phase::Running && self.ready
    }

    /// `isRunningAndAvailable` (see [`super::utils::is_running_and_available`]).
    pub fn available(&self, min_ready_seconds: i32, now: Millis) -> bool {
        if !self.running_and_ready() {
            return false;
        }
        if min_ready_seconds <= 0 {
            return true;
        }
        match self.ready_since {
            Some(t) => t + (min_ready_seconds as Millis) * 1000 < now,
            None => false,
        }
    }

    /// `isHealthy`.
    pub fn healthy(&self, min_ready_seconds: i32, now: Millis) -> bool {
        self.available(min_ready_seconds, now) && !self.terminating
    }

    /// See [`super::utils::available_at`].
    pub fn available_at(&self, min_ready_seconds: i32) -> Option<Millis> {
        if min_ready_seconds <= 0 || !self.running_and_ready() {
            return None;
        }
        self.ready_since
            .map(|t| t + (min_ready_seconds as Millis) * 1000 + 1)
    }
}

/// Revision names seen on pods, interned so facts compare revisions as integers.
#[derive(Debug, Default)]
pub struct Revs(Vec<String>);

impl Revs {
    pub fn intern(&mut self, name: &str) -> u32 {
        match self.0.iter().position(|r| r == name) {
            Some(i) => i as u32,
            None => {
                self.0.push(name.to_string());
                (self.0.len() - 1) as u32
            }
        }
    }

    pub fn name(&self, i: u32) -> &str {
        &self.0[i as usize]
    }
}

/// The set fields facts depend on.
#[derive(Debug, PartialEq)]
struct SetKey {
    name: String,
    namespace: String,
    uid: String,
    selector: Option<LabelSelector>,
    claim_templates: Vec<String>,
}

impl SetKey {
    fn of(set: &StatefulSet) -> SetKey {
        SetKey {
            name: set.metadata.name.clone(),
            namespace: set.metadata.namespace.clone(),
            uid: set.metadata.uid.clone(),
            selector: set.spec.selector.clone(),
            claim_templates: set
                .spec
                .volume_claim_templates
                .iter()
                .map(|t| t.metadata.name.clone())
                .collect(),
        }
    }

    fn matches(&self, set: &StatefulSet) -> bool {
        self.name == set.metadata.name
            && self.namespace == set.metadata.namespace
            && self.uid == set.metadata.uid
            && self.selector == set.spec.selector
            && self.claim_templates.len() == set.spec.volume_claim_templates.len()
            && self
                .claim_templates
                .iter()
                .zip(&set.spec.volume_claim_templates)
                .all(|(a, t)| *a == t.metadata.name)
    }
}

/// A pod with its facts: a cached pod of the namespace, or in a sync a claimed pod or a
/// planned one (a placeholder for a missing replica). The same type serves both, so that a
/// sync whose claimed pods are exactly the cached ones reads the cache without copying it.
#[derive(Debug, Clone)]
pub struct Member {
    pub pod: SharedPod,
    pub f: Facts,
}

/// The cache of one set: every pod of its namespace, in store order, with facts.
#[derive(Debug, Default)]
pub struct SetCache {
    key: Option<SetKey>,
    pub entries: Vec<Member>,
    pub revs: Revs,
    /// Revision data and decoded revision templates (see [`RevisionMemo`]).
    pub memo: RevisionMemo,
    /// resourceVersion of the last sync's counters-only status write, whose watch event needs
    /// no sync of its own (see `control::persist_status`).
    pub counters_written: Option<String>,
    /// The watch-log seq `entries` were brought up to date at (None: never).
    seen: Option<u64>,
}

impl SetCache {
    /// Brings the entries up to date with the pods stored in the set's namespace.
    pub fn refresh(&mut self, api: &ApiServer, set: &StatefulSet) {
        if !self.key.as_ref().is_some_and(|k| k.matches(set)) {
            *self = SetCache {
                key: Some(SetKey::of(set)),
                ..Default::default()
            };
        }
        let last = api.last_seq();
        match self.seen {
            // Every entry after `seen` is retained, and there are fewer than there are pods
            // (a walk would be no dearer): revisit only the pods they name.
            Some(seen)
                if seen >= api.compacted_seq()
                    && seen <= last
                    && (last - seen) as usize <= self.entries.len() =>
            {
                self.catch_up(api, set, seen)
            }
            _ => self.rebuild(api, set),
        }
        self.seen = Some(last);
        #[cfg(debug_assertions)]
        self.check(api);
    }

    /// Revisits the pods of the set's namespace named by watch entries after `seen`. A store
    /// change always appends an entry, so every other pod is the pointer the cache holds.
    fn catch_up(&mut self, api: &ApiServer, set: &StatefulSet, seen: u64) {
        let ns = set.metadata.namespace.as_str();
        let mut names: Vec<&str> = api
            .watch_since(seen)
            .iter()
            .filter_map(|ev| match ev.object.as_ref() {
                Object::Pod(p) if p.metadata.namespace == ns => Some(p.metadata.name.as_str()),
                _ => None,
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let at = self
                .entries
                .binary_search_by(|e| e.pod.metadata.name.as_str().cmp(name));
            let stored = api.pod_object(ns, name).and_then(SharedPod::new);
            match (at, stored) {
                (Ok(i), Some(pod)) if pod.same(&self.entries[i].pod) => {}
                (Ok(i), Some(pod)) => {
                    let f = Facts::of(set, &pod, &mut self.revs);
                    self.entries[i] = Member { pod, f };
                }
                (Ok(i), None) => {
                    self.entries.remove(i);
                }
                (Err(i), Some(pod)) => {
                    let f = Facts::of(set, &pod, &mut self.revs);
                    self.entries.insert(i, Member { pod, f });
                }
                (Err(_), None) => {}
            }
        }
    }

    /// Walks every pod of the namespace, reusing the facts of pods whose pointer is unchanged.
    fn rebuild(&mut self, api: &ApiServer, set: &StatefulSet) {
        let mut old = std::mem::take(&mut self.entries).into_iter().peekable();
        let mut entries = Vec::with_capacity(old.len() + 1);
        'pods: for obj in api.pod_objects(&set.metadata.namespace) {
            while let Some(e) = old.peek() {
                if e.pod.is(obj) {
                    entries.extend(old.next());
                    continue 'pods;
                }
                // Store order is by name: an older entry that sorts first was deleted, one
                // with this name is the previous version of this pod.
                if e.pod.metadata.name.as_str() <= obj.meta().name.as_str() {
                    old.next();
                } else {
                    break;
                }
            }
            let Some(pod) = SharedPod::new(obj) else {
                continue;
            };
            let f = Facts::of(set, &pod, &mut self.revs);
            entries.push(Member { pod, f });
        }
        self.entries = entries;
    }

    /// Debug builds: the entries hold exactly the stored pods of the namespace, in store
    /// order, as a walk would find them.
    #[cfg(debug_assertions)]
    fn check(&self, api: &ApiServer) {
        let Some(key) = &self.key else { return };
        let stored: Vec<_> = api.pod_objects(&key.namespace).collect();
        assert!(
            stored.len() == self.entries.len()
                && stored.iter().zip(&self.entries).all(|(o, e)| e.pod.is(o)),
            "StatefulSet cache of {}/{} differs from the stored pods",
            key.namespace,
            key.name
        );
    }

    /// Whether `pod`, a new version of a pod this cache already holds (same uid), gives the
    /// same facts as the version the last sync saw. A sync reads a pod only through its facts
    /// (and its name and uid), so such a change cannot alter what the sync does.
    pub fn unchanged(&mut self, set: &StatefulSet, pod: &Pod) -> bool {
        if !self.key.as_ref().is_some_and(|k| k.matches(set)) {
            return false;
        }
        let name = pod.metadata.name.as_str();
        let Ok(i) = self
            .entries
            .binary_search_by(|e| e.pod.metadata.name.as_str().cmp(name))
        else {
            return false;
        };
        let f = self.entries[i].f;
        self.entries[i].pod.metadata.uid == pod.metadata.uid
            && Facts::of(set, pod, &mut self.revs) == f
    }
}

/// The controller's caches, by set key. Cloning a controller (a cluster snapshot) starts with
/// an empty cache: it is rebuilt on the next sync of each set.
#[derive(Debug, Default)]
pub struct PodCache(pub std::collections::BTreeMap<(String, String), SetCache>);

impl Clone for PodCache {
    fn clone(&self) -> Self {
        PodCache::default()
    }
}
