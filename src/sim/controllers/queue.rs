//! The informer + work-queue half every workload controller shares: a cursor into the API
//! server's watch log, an ordered set of dirty keys, and per-key error backoff (exponential
//! from 5 ms, capped at 1000 s, like client-go's default controller rate limiter).

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::api::{WatchEvent, WatchEventType};
use crate::sim::clock::TimerKey;
use crate::sim::cluster::Ctx;
use crate::sim::objects::{Kind, ObjectRef};
use crate::sim::Millis;
use std::sync::Arc;

/// Namespace and name of a queued object.
pub type Key = (String, String);

/// Base and cap of the per-key retry backoff.
const BACKOFF_BASE_MS: Millis = 5;
const BACKOFF_CAP_MS: Millis = 1_000_000;

#[derive(Debug, Clone, Default)]
pub struct WorkQueue {
    cursor: u64,
    dirty: BTreeSet<Key>,
    failures: BTreeMap<Key, u32>,
}

impl WorkQueue {
    /// New watch entries since the last call (the cursor moves past them). If the cursor fell
    /// behind the compacted history (`410 Gone`), relist as a reflector does: every stored
    /// object comes back as a MODIFIED entry, so level-triggered syncs see the current state.
    pub fn drain_watch(&mut self, cx: &Ctx) -> Vec<WatchEvent> {
        match cx.api.watch_from(self.cursor) {
            Ok(new) => {
                if let Some(last) = new.last() {
                    self.cursor = last.seq;
                }
                new.to_vec()
            }
            Err(_) => {
                let seq = cx.api.last_seq();
                self.cursor = seq;
                Kind::ALL
                    .iter()
                    .filter(|k| **k != Kind::Event)
                    .flat_map(|k| cx.api.list(*k, None))
                    .map(|o| WatchEvent {
                        seq,
                        time: cx.api.now(),
                        kind: WatchEventType::Modified,
                        object: Arc::new(o.clone()),
                    })
                    .collect()
            }
        }
    }

    pub fn add(&mut self, ns: &str, name: &str) {
        self.dirty.insert((ns.to_string(), name.to_string()));
    }

    /// Queues the objects of `kind` whose timers fired.
    pub fn add_fired(&mut self, cx: &mut Ctx, kind: Kind) {
        for t in cx.take_fired() {
            if let Some(o) = t.object {
                if o.kind == kind {
                    self.add(o.ns(), &o.name);
                }
            }
        }
    }

    /// Takes every queued key, in order.
    pub fn take(&mut self) -> Vec<Key> {
        std::mem::take(&mut self.dirty).into_iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.dirty.is_empty()
    }

    /// Success: forget the key's failures.
    /// Whether the last sync of `key` failed (its retry is pending with backoff).
    pub fn failing(&self, key: &Key) -> bool {
        self.failures.contains_key(key)
    }

    pub fn forget(&mut self, key: &Key) {
        self.failures.remove(key);
    }

    /// Failure: retry later with exponential backoff.
    pub fn retry(&mut self, cx: &mut Ctx, kind: Kind, key: &Key) {
        let n = self.failures.entry(key.clone()).or_insert(0);
        let delay = BACKOFF_BASE_MS
            .saturating_mul(1u64 << (*n).min(30))
            .min(BACKOFF_CAP_MS);
        *n += 1;
        cx.after(
            delay,
            TimerKey::for_object(ObjectRef::new(kind, &key.0, &key.1), "retry"),
        );
    }
}
