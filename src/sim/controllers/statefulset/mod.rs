//! The StatefulSet controller, split like upstream `pkg/controller/statefulset`:
//! [`sync`] (look-up, adoption/release), [`control`] (the core loop), [`pod_control`] (acting on
//! pods and claims, events), [`history`] (ControllerRevisions), [`retention`] (claim owner
//! references) and [`utils`] (pure helpers), plus the derived caches [`cache`] (pod facts) and
//! [`memo`] (revision data and templates).
//!
//! This file is the informer + work queue: it maps watch-log entries to set keys (ref §1.2),
//! reconciles each dirty key, publishes the explanation, and schedules wake-ups (error backoff,
//! the instant a pod becomes available under `minReadySeconds`).

pub mod cache;
pub mod control;
pub mod history;
pub mod memo;
pub mod pod_control;
pub mod retention;
pub mod shared_rev;
pub mod sync;
pub mod utils;

use super::queue::WorkQueue;
use crate::sim::api::{WatchEvent, WatchEventType};
use crate::sim::clock::TimerKey;
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::explain::Note;
use crate::sim::objects::{Kind, Object, ObjectRef, Pod, StatefulSet};

/// The StatefulSet controller (`statefulset-controller`).
#[derive(Debug, Clone, Default)]
pub struct StatefulSetController {
    queue: WorkQueue,
    /// Facts derived from each set's pods, reused by the next sync (a pure cache).
    cache: cache::PodCache,
}

/// The sets of a namespace, read in place (an event maps to keys; nothing is copied).
fn sets_in<'a>(cx: &'a Ctx, ns: &str) -> impl Iterator<Item = &'a StatefulSet> {
    cx.api
        .list(Kind::StatefulSet, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        })
}

impl StatefulSetController {
    /// Whether a pod update leaves everything set `name`'s last sync read unchanged, so that
    /// syncing again would do and say the same (reconcile is a function of its inputs). A pod
    /// bound to a node or given a new IP changes nothing the controller looks at; skipping
    /// those syncs keeps a sync's O(pods) cost from being paid several times per pod change.
    /// Time is an input only through `minReadySeconds`, so sets with it always sync.
    fn sees_no_change(&mut self, kind: WatchEventType, set: &StatefulSet, pod: &Pod) -> bool {
        let key = (set.metadata.namespace.clone(), set.metadata.name.clone());
        // After a failure each sync counts toward the backoff, as every informer event does
        // upstream, so nothing is skipped until a sync succeeds again.
        if kind != WatchEventType::Modified
            || set.spec.min_ready_seconds > 0
            || self.queue.failing(&key)
        {
            return false;
        }
        self.cache
            .0
            .get_mut(&key)
            .is_some_and(|cache| cache.unchanged(set, pod))
    }

    /// Ref §1.2: which sets an event concerns.
    fn map_event(&mut self, cx: &Ctx, ev: &WatchEvent) {
        let obj = ev.object.as_ref();
        let (ns, meta) = (obj.namespace().to_string(), obj.meta());
        match obj {
            Object::StatefulSet(_) => {
                let key = (ns.clone(), meta.name.clone());
                let own = self
                    .cache
                    .0
                    .get_mut(&key)
                    .and_then(|c| c.counters_written.take());
                let echo = ev.kind == WatchEventType::Modified
                    && own.is_some_and(|rv| rv == meta.resource_version);
                if !echo {
                    self.queue.add(&ns, &meta.name);
                }
            }
            Object::Pod(pod) => match meta.controller_ref() {
                Some(r) if r.kind == "StatefulSet" => {
                    // `resolveControllerRef`: a reference to a set of the same name but another
                    // uid (a deleted set's pod, seen by its successor) concerns no set.
                    if let Ok(Object::StatefulSet(set)) =
                        cx.api.get(Kind::StatefulSet, &ns, &r.name)
                    {
                        if set.metadata.uid == r.uid && !self.sees_no_change(ev.kind, set, pod) {
                            self.queue.add(&ns, &r.name);
                        }
                    }
                }
                Some(_) => {}
                // Upstream ignores the deletion of an orphan.
                None if ev.kind == WatchEventType::Deleted => {}
                None => {
                    for s in sets_in(cx, &ns) {
                        if s.spec
                            .selector
                            .as_ref()
                            .is_some_and(|sel| sel.matches(&meta.labels))
                            && !self.sees_no_change(ev.kind, s, pod)
                        {
                            self.queue.add(&ns, &s.metadata.name);
                        }
                    }
                }
            },
            // Claims matter to pending pods (recreate a deleted claim) and to creation that
            // waits for a claim being deleted.
            Object::PersistentVolumeClaim(_) => {
                for s in sets_in(cx, &ns) {
                    let owns = s.spec.volume_claim_templates.iter().any(|t| {
                        let prefix = format!("{}-{}-", t.metadata.name, s.metadata.name);
                        meta.name
                            .strip_prefix(&prefix)
                            .is_some_and(|rest| rest.parse::<u32>().is_ok())
                    });
                    if owns {
                        self.queue.add(&ns, &s.metadata.name);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The explanation when nothing is waiting.
fn steady_note(set: &StatefulSet) -> Note {
    let want = utils::replicas(set);
    let st = &set.status;
    if want == 0 && st.replicas == 0 {
        return Note::ScaledToZero;
    }
    Note::Steady {
        ready: st.ready_replicas,
        want,
        updated: st.updated_replicas,
        revision: st.update_revision.clone(),
    }
}

impl Controller for StatefulSetController {
    fn name(&self) -> &'static str {
        "statefulset-controller"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let before = cx.api.last_seq();
        self.queue.add_fired(cx, Kind::StatefulSet);
        for ev in self.queue.drain_watch(cx) {
            self.map_event(cx, &ev);
        }
        for key in self.queue.take() {
            let set_ref = ObjectRef::new(Kind::StatefulSet, &key.0, &key.1);
            let set_cache = self.cache.0.entry(key.clone()).or_default();
            let Some((mut report, res)) = sync::sync_set(cx, set_cache, &key.0, &key.1) else {
                self.cache.0.remove(&key);
                cx.clear_explanation(&set_ref);
                self.queue.forget(&key);
                continue;
            };
            if let Some(c) = self.cache.0.get_mut(&key) {
                c.counters_written = report.counters_written.take();
            }
            if let Some(t) = report.wake_at {
                cx.at(t, TimerKey::for_object(set_ref.clone(), "minReadySeconds"));
            }
            let notes = if report.notes.is_empty() {
                match cx.api.get(Kind::StatefulSet, &key.0, &key.1) {
                    Ok(Object::StatefulSet(s)) => vec![steady_note(s)],
                    _ => Vec::new(),
                }
            } else {
                std::mem::take(&mut report.notes)
            };
            cx.explain(set_ref, notes);
            match res {
                Ok(()) => self.queue.forget(&key),
                Err(_) => self.queue.retry(cx, Kind::StatefulSet, &key),
            }
        }
        cx.api.last_seq() != before || !self.queue.is_empty()
    }
}
