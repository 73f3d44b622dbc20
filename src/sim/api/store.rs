//! The API server's object store: the objects, ordered by (kind, namespace, name), plus the
//! secondary indices the server and its built-in controllers query on hot paths.
//!
//! Every insert and removal goes through [`Store::insert`] / [`Store::remove`], which keep the
//! indices in step with the objects, so an index cannot go stale. [`Store::index_problems`]
//! rebuilds them by a full scan and compares (run by the invariant checker and in tests).
//!
//! - `by_uid`: uid → keys (owner look-ups by uid; uids are unique in practice, a set keeps the
//!   scan's "first in store order" answer exact even if two objects shared one);
//! - `by_owner`: owner uid → keys of the objects that list it in `ownerReferences`
//!   (garbage collection, foreground deletion, orphaning);
//! - `events`: the client-side de-duplication key of an Event → its keys (the recorder's
//!   "same involved object, type, reason, message and source" look-up).
//!
//! Objects are kept behind `Arc`, so the watch log shares the stored snapshot instead of
//! copying it, and a cluster snapshot (undo) copies pointers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::sim::objects::{Event, Kind, Object};

/// Key of the store: ordered (kind, namespace, name) so `list` is sorted like a real server.
pub(crate) type Key = (Kind, String, String);

/// What makes two Events "the same" for client-go's aggregation (namespace included: the
/// recorder only looks in the namespace it writes to).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct EventKey {
    pub ns: String,
    pub uid: String,
    pub kind: String,
    pub name: String,
    pub field_path: String,
    pub reason: String,
    pub message: String,
    pub type_: String,
    pub component: String,
}

impl EventKey {
    fn of(e: &Event) -> EventKey {
        let r = &e.involved_object;
        EventKey {
            ns: e.metadata.namespace.clone(),
            uid: r.uid.clone(),
            kind: r.kind.clone(),
            name: r.name.clone(),
            field_path: r.field_path.clone(),
            reason: e.reason.clone(),
            message: e.message.clone(),
            type_: e.type_.clone(),
            component: e.source.component.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    objects: BTreeMap<Key, Arc<Object>>,
    by_uid: BTreeMap<String, BTreeSet<Key>>,
    by_owner: BTreeMap<String, BTreeSet<Key>>,
    events: BTreeMap<EventKey, BTreeSet<Key>>,
}

/// The index entries one object contributes (computed the same way on insert, removal and
/// in the full-scan check).
fn entries(o: &Object) -> (String, Vec<String>, Option<EventKey>) {
    let m = o.meta();
    let owners = m.owner_references.iter().map(|r| r.uid.clone()).collect();
    let ev = match o {
        Object::Event(e) => Some(EventKey::of(e)),
        _ => None,
    };
    (m.uid.clone(), owners, ev)
}

/// Whether two objects contribute the same index entries, compared in place (no strings are
/// copied): then replacing one by the other leaves every index as it is. Owner uids are
/// compared as a sequence, a sufficient condition for the same set.
fn same_entries(a: &Object, b: &Object) -> bool {
    let (ma, mb) = (a.meta(), b.meta());
    ma.uid == mb.uid
        && ma.owner_references.len() == mb.owner_references.len()
        && ma
            .owner_references
            .iter()
            .zip(&mb.owner_references)
            .all(|(x, y)| x.uid == y.uid)
        && match (a, b) {
            (Object::Event(x), Object::Event(y)) => {
                let (rx, ry) = (&x.involved_object, &y.involved_object);
                x.metadata.namespace == y.metadata.namespace
                    && rx.uid == ry.uid
                    && rx.kind == ry.kind
                    && rx.name == ry.name
                    && rx.field_path == ry.field_path
                    && x.reason == y.reason
                    && x.message == y.message
                    && x.type_ == y.type_
                    && x.source.component == y.source.component
            }
            (Object::Event(_), _) | (_, Object::Event(_)) => false,
            _ => true,
        }
}

fn add<K: Ord>(ix: &mut BTreeMap<K, BTreeSet<Key>>, k: K, key: &Key) {
    ix.entry(k).or_default().insert(key.clone());
}

fn del<K: Ord>(ix: &mut BTreeMap<K, BTreeSet<Key>>, k: &K, key: &Key) {
    if let Some(set) = ix.get_mut(k) {
        set.remove(key);
        if set.is_empty() {
            ix.remove(k);
        }
    }
}

impl Store {
    pub fn get(&self, key: &Key) -> Option<&Object> {
        self.objects.get(key).map(|o| o.as_ref())
    }

    /// The stored snapshot itself (a pointer copy), for callers that keep reading an object
    /// while they write through the server.
    pub fn get_shared(&self, key: &Key) -> Option<Arc<Object>> {
        self.objects.get(key).cloned()
    }

    /// The stored pointer itself, borrowed (no reference count is taken).
    pub fn get_arc(&self, key: &Key) -> Option<&Arc<Object>> {
        self.objects.get(key)
    }

    pub fn contains_key(&self, key: &Key) -> bool {
        self.objects.contains_key(key)
    }

    /// Stores `obj` under `key` (replacing any previous object) and returns the stored
    /// snapshot, which the watch log shares.
    pub fn insert(&mut self, key: Key, obj: Object) -> Arc<Object> {
        // Most writes (a status update, an Event's count) keep uid, owners and Event key:
        // then the indices already hold exactly the new object's entries.
        let unchanged = self
            .objects
            .get(&key)
            .is_some_and(|old| same_entries(old, &obj));
        if !unchanged {
            self.unindex(&key);
            let (uid, owners, ev) = entries(&obj);
            add(&mut self.by_uid, uid, &key);
            for o in owners {
                add(&mut self.by_owner, o, &key);
            }
            if let Some(ev) = ev {
                add(&mut self.events, ev, &key);
            }
        }
        let arc = Arc::new(obj);
        self.objects.insert(key, arc.clone());
        arc
    }

    pub fn remove(&mut self, key: &Key) -> Option<Arc<Object>> {
        self.unindex(key);
        self.objects.remove(key)
    }

    fn unindex(&mut self, key: &Key) {
        let Some(old) = self.objects.get(key) else {
            return;
        };
        let (uid, owners, ev) = entries(old);
        del(&mut self.by_uid, &uid, key);
        for o in &owners {
            del(&mut self.by_owner, o, key);
        }
        if let Some(ev) = ev {
            del(&mut self.events, &ev, key);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Object)> {
        self.objects.iter().map(|(k, o)| (k, o.as_ref()))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.objects.keys()
    }

    /// Objects of `kind`, in store order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (&Key, &Arc<Object>)> {
        let lo = (kind, String::new(), String::new());
        self.objects
            .range(lo..)
            .take_while(move |((k, _, _), _)| *k == kind)
    }

    /// Objects of a namespaced `kind` in `ns`, in store order (a range, not a filter).
    pub fn of_kind_in(&self, kind: Kind, ns: &str) -> impl Iterator<Item = (&Key, &Arc<Object>)> {
        // [(kind, ns, ""), (kind, ns + "\0", "")) is exactly namespace `ns`: every longer name
        // that starts with `ns` sorts at or after `ns\0`. A bounded range compares keys only
        // to find its ends, instead of reading every key's namespace.
        let lo = (kind, ns.to_string(), String::new());
        let hi = (kind, format!("{ns}\0"), String::new());
        self.objects.range(lo..hi)
    }

    /// Keys of the objects with this uid, in store order.
    pub fn with_uid<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Key> + 'a {
        self.by_uid.get(uid).into_iter().flatten()
    }

    /// Keys of the objects that list `uid` among their owners, in store order.
    pub fn dependents<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Key> + 'a {
        self.by_owner.get(uid).into_iter().flatten()
    }

    /// The first Event (in store order) with this de-duplication key.
    pub fn event_like(&self, k: &EventKey) -> Option<&Object> {
        let key = self.events.get(k)?.iter().next()?;
        self.get(key)
    }

    /// Differences between the maintained indices and indices rebuilt by a full scan
    /// (empty when they agree).
    pub fn index_problems(&self) -> Vec<String> {
        let mut fresh = Store::default();
        for (k, o) in &self.objects {
            let (uid, owners, ev) = entries(o);
            add(&mut fresh.by_uid, uid, k);
            for ow in owners {
                add(&mut fresh.by_owner, ow, k);
            }
            if let Some(ev) = ev {
                add(&mut fresh.events, ev, k);
            }
        }
        let mut out = Vec::new();
        if fresh.by_uid != self.by_uid {
            out.push("API server uid index differs from a full scan of the store".into());
        }
        if fresh.by_owner != self.by_owner {
            out.push("API server owner index differs from a full scan of the store".into());
        }
        if fresh.events != self.events {
            out.push("API server event index differs from a full scan of the store".into());
        }
        out
    }
}
