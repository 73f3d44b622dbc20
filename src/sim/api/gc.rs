//! The garbage collector: deletes dependents whose owners are gone (background), drives
//! foreground deletion (`foregroundDeletion` finalizer), and clears the finalizer once every
//! blocking dependent is gone. Registered first in the controller loop by `Cluster`.
//!
//! Like upstream's graph builder it works from the watch log: a pass looks only at objects
//! that changed since its cursor, dependents of owners that were deleted or entered foreground
//! deletion, and objects whose last write failed. Every other object was found to need nothing
//! when it or its owners last changed, and nothing it depends on changed since. The first pass
//! (and a pass whose cursor fell behind the compacted history) looks at everything.

use std::collections::BTreeSet;

use super::server::{Key, FOREGROUND_FINALIZER};
use super::{ApiServer, DeleteOptions, Propagation, WatchEventType, WriteOptions};
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::objects::{Kind, Object, OwnerReference};

/// The built-in garbage collector controller.
#[derive(Debug, Clone, Default)]
pub struct GarbageCollector {
    /// Watch-log seq at the last pass: nothing changed → nothing to collect.
    seen: u64,
    /// Objects whose write failed on the last pass (re-examined on the next one).
    retry: BTreeSet<Key>,
    /// Objects in foreground deletion (deletionTimestamp and the finalizer) as of `seen`.
    foreground: BTreeSet<Key>,
}

fn key(o: &Object) -> Key {
    let kind = o.kind();
    let ns = if kind.namespaced() {
        o.namespace().to_string()
    } else {
        String::new()
    };
    (kind, ns, o.name().to_string())
}

fn in_foreground(o: &Object) -> bool {
    let m = o.meta();
    m.deletion_timestamp.is_some() && m.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER)
}

/// The live owner `r` of `dependent`, found by uid among every object but Events (by its
/// kind and name first, then by a scan for references whose kind or name do not resolve).
fn owner<'a>(api: &'a ApiServer, dependent: &Object, r: &OwnerReference) -> Option<&'a Object> {
    if let Some(kind) = Kind::ALL
        .into_iter()
        .find(|k| *k != Kind::Event && k.kind_name() == r.kind)
    {
        if let Ok(o) = api.get(kind, dependent.namespace(), &r.name) {
            if o.meta().uid == r.uid {
                return Some(o);
            }
        }
    }
    api.objects
        .with_uid(&r.uid)
        .find(|(k, _, _)| *k != Kind::Event)
        .and_then(|k| api.objects.get(k))
}

/// What the first loop decided for one dependent.
enum Action {
    Delete(Key, Propagation),
    Update(Key, Box<Object>),
}

/// The decision for one dependent against the current store (None: nothing to do).
fn decide(api: &ApiServer, obj: &Object) -> Option<Action> {
    let m = obj.meta();
    if m.owner_references.is_empty() || m.deletion_timestamp.is_some() {
        return None;
    }
    // Dependent of a deleted owner (all owners gone) or of an owner in foreground deletion.
    let owners: Vec<Option<&Object>> = m
        .owner_references
        .iter()
        .map(|r| owner(api, obj, r))
        .collect();
    let all_gone = owners.iter().all(|o| o.is_none());
    let foreground = owners.iter().flatten().any(|o| in_foreground(o));
    if all_gone || foreground {
        let p = if foreground {
            Propagation::Foreground
        } else {
            Propagation::Background
        };
        return Some(Action::Delete(key(obj), p));
    }
    // Drop references to owners that no longer exist (partial ownership).
    let live: Vec<_> = m
        .owner_references
        .iter()
        .zip(&owners)
        .filter(|(_, o)| o.is_some())
        .map(|(r, _)| r.clone())
        .collect();
    if live.len() != m.owner_references.len() {
        let mut o = obj.clone();
        o.meta_mut().owner_references = live;
        return Some(Action::Update(key(obj), Box::new(o)));
    }
    None
}

impl GarbageCollector {
    /// The objects the first loop must examine this pass, in store order.
    fn candidates(&mut self, api: &ApiServer) -> BTreeSet<Key> {
        let evs = match api.watch_from(self.seen) {
            Ok(evs) if self.seen > 0 => evs,
            _ => {
                // Relist: every object is a candidate.
                self.foreground = api
                    .objects
                    .iter()
                    .filter(|((k, _, _), o)| *k != Kind::Event && in_foreground(o))
                    .map(|(k, _)| k.clone())
                    .collect();
                return api
                    .objects
                    .keys()
                    .filter(|(k, _, _)| *k != Kind::Event)
                    .cloned()
                    .collect();
            }
        };
        let mut out = std::mem::take(&mut self.retry);
        let mut gone_or_foreground: BTreeSet<&str> = BTreeSet::new();
        for e in evs {
            let obj = e.object.as_ref();
            if obj.kind() == Kind::Event {
                continue;
            }
            if e.kind == WatchEventType::Deleted || in_foreground(obj) {
                gone_or_foreground.insert(obj.meta().uid.as_str());
            }
            let k = key(obj);
            match api.objects.get(&k) {
                Some(cur) => {
                    if in_foreground(cur) {
                        self.foreground.insert(k.clone());
                    } else {
                        self.foreground.remove(&k);
                    }
                    if !cur.meta().owner_references.is_empty() {
                        out.insert(k);
                    }
                }
                None => {
                    self.foreground.remove(&k);
                }
            }
        }
        // Dependents come from the store's owner index (not a scan of every object).
        for uid in gone_or_foreground {
            for k in api.objects.dependents(uid) {
                if k.0 != Kind::Event {
                    out.insert(k.clone());
                }
            }
        }
        out
    }
}

impl Controller for GarbageCollector {
    fn name(&self) -> &'static str {
        "garbage-collector"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let mut did = false;
        if cx.api.last_seq() == self.seen {
            return false;
        }
        let candidates = self.candidates(cx.api);
        self.seen = cx.api.last_seq();
        // Decide against the state at the start of the pass, then write in store order.
        let actions: Vec<Action> = candidates
            .iter()
            .filter_map(|k| cx.api.objects.get(k))
            .filter_map(|o| decide(cx.api, o))
            .collect();
        let namespaces: Vec<String> = cx
            .api
            .list(Kind::Namespace, None)
            .into_iter()
            .filter(|o| o.meta().deletion_timestamp.is_some())
            .map(|o| o.name().to_string())
            .collect();
        let foreground: Vec<Key> = self.foreground.iter().cloned().collect();
        for a in actions {
            match a {
                Action::Delete((kind, ns, name), p) => {
                    let opts = DeleteOptions {
                        propagation: Some(p),
                        ..Default::default()
                    };
                    if cx.api.delete(kind, &ns, &name, &opts).is_ok() {
                        did = true;
                    } else {
                        self.retry.insert((kind, ns, name));
                    }
                }
                Action::Update(k, o) => {
                    if cx.api.update(*o, &WriteOptions::default()).is_ok() {
                        did = true;
                    } else {
                        self.retry.insert(k);
                    }
                }
            }
        }
        // Terminating namespaces are emptied, then removed.
        for ns in &namespaces {
            if cx.api.finish_namespace(ns) {
                did = true;
            }
        }
        // Foreground owners whose blocking dependents are all gone lose the finalizer.
        for (kind, ns, name) in foreground {
            let Ok(cur) = cx.api.get(kind, &ns, &name) else {
                continue;
            };
            let uid = cur.meta().uid.clone();
            if cx.api.has_blocking_dependents(&uid) {
                continue;
            }
            let mut o = cur.clone();
            o.meta_mut()
                .finalizers
                .retain(|f| f != FOREGROUND_FINALIZER);
            if cx.api.update(o, &WriteOptions::default()).is_ok() {
                did = true;
            }
        }
        did
    }
}
