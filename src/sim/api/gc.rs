//! The garbage collector: deletes dependents whose owners are gone (background), drives
//! foreground deletion (`foregroundDeletion` finalizer), and clears the finalizer once every
//! blocking dependent is gone. Registered first in the controller loop by `Cluster`.

use super::server::FOREGROUND_FINALIZER;
use super::{DeleteOptions, Propagation, WriteOptions};
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::objects::{Kind, Object};

/// The built-in garbage collector controller.
#[derive(Debug, Clone, Default)]
pub struct GarbageCollector {
    /// Watch-log length at the last scan: nothing changed → nothing to collect.
    seen: u64,
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
        self.seen = cx.api.last_seq();
        // Events never own or are owned by anything; skipping them keeps the scan cheap.
        let all: Vec<Object> = Kind::ALL
            .iter()
            .filter(|k| **k != Kind::Event)
            .flat_map(|k| cx.api.list(*k, None))
            .cloned()
            .collect();
        let uids: std::collections::BTreeMap<String, &Object> =
            all.iter().map(|o| (o.meta().uid.clone(), o)).collect();
        for obj in &all {
            let m = obj.meta();
            if m.owner_references.is_empty() || m.deletion_timestamp.is_some() {
                continue;
            }
            // Dependent of a deleted owner (all owners gone) or of an owner in foreground deletion.
            let owners: Vec<Option<&&Object>> = m
                .owner_references
                .iter()
                .map(|r| uids.get(&r.uid))
                .collect();
            let all_gone = owners.iter().all(|o| o.is_none());
            let foreground = owners.iter().flatten().any(|o| {
                o.meta().deletion_timestamp.is_some()
                    && o.meta()
                        .finalizers
                        .iter()
                        .any(|f| f == FOREGROUND_FINALIZER)
            });
            if all_gone || foreground {
                let opts = DeleteOptions {
                    propagation: Some(if foreground {
                        Propagation::Foreground
                    } else {
                        Propagation::Background
                    }),
                    ..Default::default()
                };
                if cx
                    .api
                    .delete(obj.kind(), obj.namespace(), obj.name(), &opts)
                    .is_ok()
                {
                    did = true;
                }
            } else {
                // Drop references to owners that no longer exist (partial ownership).
                let live: Vec<_> = m
                    .owner_references
                    .iter()
                    .filter(|r| uids.contains_key(&r.uid))
                    .cloned()
                    .collect();
                if live.len() != m.owner_references.len() {
                    let mut o = obj.clone();
                    o.meta_mut().owner_references = live;
                    if cx.api.update(o, &WriteOptions::default()).is_ok() {
                        did = true;
                    }
                }
            }
        }
        // Terminating namespaces are emptied, then removed.
        for obj in &all {
            if obj.kind() == Kind::Namespace
                && obj.meta().deletion_timestamp.is_some()
                && cx.api.finish_namespace(obj.name())
            {
                did = true;
            }
        }
        // Foreground owners whose blocking dependents are all gone lose the finalizer.
        for obj in &all {
            let m = obj.meta();
            if m.deletion_timestamp.is_none()
                || !m.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER)
            {
                continue;
            }
            let blocked = cx.api.has_blocking_dependents(&m.uid);
            if !blocked {
                if let Ok(cur) = cx.api.get(obj.kind(), obj.namespace(), obj.name()) {
                    let mut o = cur.clone();
                    o.meta_mut()
                        .finalizers
                        .retain(|f| f != FOREGROUND_FINALIZER);
                    if cx.api.update(o, &WriteOptions::default()).is_ok() {
                        did = true;
                    }
                }
            }
        }
        did
    }
}
