//! The ReplicaSet controller (`replicaset-controller`, upstream `pkg/controller/replicaset`):
//! keeps `spec.replicas` interchangeable pods alive. Pods get `generateName: <rs>-`, so the API
//! server appends 5 random characters from the seeded RNG — the contrast with a StatefulSet's
//! stable `web-0`, `web-1` the course draws.

use super::queue::WorkQueue;
use super::statefulset::utils::slow_start_batches;
use crate::sim::api::{DeleteOptions, StatusReason, WriteOptions};
use crate::sim::clock::TimerKey;
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::objects::{Kind, Object, ObjectRef, OwnerReference, Pod, ReplicaSet};
use crate::sim::Millis;

const COMPONENT: &str = "replicaset-controller";
/// Upstream `BurstReplicas`: at most this many creations or deletions per sync.
const BURST_REPLICAS: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct ReplicaSetController {
    queue: WorkQueue,
}

fn rs_ref(rs: &ReplicaSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn ready(p: &Pod) -> bool {
    p.status.phase == "Running" && p.is_ready()
}

fn available(p: &Pod, min_ready: i32, now: Millis) -> bool {
    ready(p)
        && (min_ready <= 0
            || p.ready_since()
                .is_some_and(|t| t + min_ready as Millis * 1000 < now))
}

fn active(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_none()
        && p.status.phase != "Succeeded"
        && p.status.phase != "Failed"
}

/// Deletion preference of `getPodsToDelete` (lower goes first): unscheduled, pending, not
/// ready, ready for less time, then the newest.
fn deletion_rank(
    p: &Pod,
) -> (
    u8,
    u8,
    u8,
    std::cmp::Reverse<Millis>,
    std::cmp::Reverse<Millis>,
) {
    let scheduled = u8::from(!p.spec.node_name.is_empty());
    let phase = match p.status.phase.as_str() {
        "Pending" => 0,
        "Running" => 2,
        _ => 1,
    };
    let is_ready = u8::from(ready(p));
    let since = p.ready_since().unwrap_or(0);
    (
        scheduled,
        phase,
        is_ready,
        std::cmp::Reverse(since),
        std::cmp::Reverse(p.metadata.creation_timestamp.unwrap_or(0)),
    )
}

impl ReplicaSetController {
    fn map_event(&mut self, cx: &Ctx, obj: &Object) {
        let ns = obj.namespace().to_string();
        match obj {
            Object::ReplicaSet(rs) => self.queue.add(&ns, &rs.metadata.name),
            Object::Pod(p) => match p.metadata.controller_ref() {
                Some(r) if r.kind == "ReplicaSet" => self.queue.add(&ns, &r.name),
                Some(_) => {}
                None => {
                    for o in cx.api.list(Kind::ReplicaSet, Some(&ns)) {
                        if let Object::ReplicaSet(rs) = o {
                            if rs
                                .spec
                                .selector
                                .as_ref()
                                .is_some_and(|s| !s.is_empty() && s.matches(&p.metadata.labels))
                            {
                                self.queue.add(&ns, &rs.metadata.name);
                            }
                        }
                    }
                }
            },
            _ => {}
        }
    }

    /// `syncReplicaSet`: adopt/release, create or delete the difference, write status.
    fn reconcile(&mut self, cx: &mut Ctx, ns: &str, name: &str) -> Result<Option<Millis>, String> {
        let rs = match cx.api.get(Kind::ReplicaSet, ns, name) {
            Ok(Object::ReplicaSet(r)) => r.clone(),
            _ => return Ok(None),
        };
        let Some(selector) = rs.spec.selector.clone() else {
            return Ok(None);
        };
        let now = cx.now();
        let mut owned: Vec<Pod> = Vec::new();
        let pods: Vec<Pod> = cx
            .api
            .list(Kind::Pod, Some(ns))
            .into_iter()
            .filter_map(|o| match o {
                Object::Pod(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        for mut p in pods {
            let matches = selector.matches(&p.metadata.labels);
            match p.metadata.controller_ref().map(|r| r.uid.clone()) {
                Some(uid) if uid == rs.metadata.uid => {
                    if matches {
                        owned.push(p);
                    } else if rs.metadata.deletion_timestamp.is_none() {
                        p.metadata
                            .owner_references
                            .retain(|r| r.uid != rs.metadata.uid);
                        cx.api
                            .update(Object::Pod(p), &WriteOptions::default())
                            .map_err(|e| e.message)?;
                    }
                }
                Some(_) => {}
                None if matches
                    && p.metadata.deletion_timestamp.is_none()
                    && rs.metadata.deletion_timestamp.is_none() =>
                {
                    p.metadata.owner_references.push(rs_ref(&rs));
                    if let Ok(Object::Pod(p)) =
                        cx.api.update(Object::Pod(p), &WriteOptions::default())
                    {
                        owned.push(p.clone());
                    }
                }
                None => {}
            }
        }
        let mut live: Vec<Pod> = owned.iter().filter(|p| active(p)).cloned().collect();
        let want = rs.spec.replicas.unwrap_or(1).max(0) as usize;
        let rs_obj = Object::ReplicaSet(rs.clone());
        let mut first_err = None;
        if rs.metadata.deletion_timestamp.is_none() {
            if live.len() < want {
                let missing = (want - live.len()).min(BURST_REPLICAS);
                'batches: for batch in slow_start_batches(missing) {
                    for _ in 0..batch {
                        match cx
                            .api
                            .create(Object::Pod(self.new_pod(&rs)), &WriteOptions::default())
                        {
                            Ok(Object::Pod(p)) => {
                                let msg = format!("Created pod: {}", p.metadata.name);
                                cx.api.record_event(
                                    &rs_obj,
                                    "Normal",
                                    "SuccessfulCreate",
                                    &msg,
                                    COMPONENT,
                                    None,
                                );
                                live.push(p);
                            }
                            Ok(_) => {}
                            Err(e) => {
                                let msg = format!("Error creating: {}", e.message);
                                cx.api.record_event(
                                    &rs_obj,
                                    "Warning",
                                    "FailedCreate",
                                    &msg,
                                    COMPONENT,
                                    None,
                                );
                                first_err = Some(e.message);
                                break 'batches;
                            }
                        }
                    }
                }
            } else if live.len() > want {
                let mut victims = live.clone();
                victims.sort_by_key(deletion_rank);
                for p in victims
                    .into_iter()
                    .take((live.len() - want).min(BURST_REPLICAS))
                {
                    match cx
                        .api
                        .delete(Kind::Pod, ns, &p.metadata.name, &DeleteOptions::default())
                    {
                        Ok(_) => {
                            let msg = format!("Deleted pod: {}", p.metadata.name);
                            cx.api.record_event(
                                &rs_obj,
                                "Normal",
                                "SuccessfulDelete",
                                &msg,
                                COMPONENT,
                                None,
                            );
                        }
                        Err(e) if e.reason == StatusReason::NotFound => {}
                        Err(e) => first_err = Some(e.message),
                    }
                }
            }
        }
        // Status from the pods as they are now (fresh read).
        let current: Vec<Pod> = cx
            .api
            .list(Kind::Pod, Some(ns))
            .into_iter()
            .filter_map(|o| match o {
                Object::Pod(p)
                    if p.metadata
                        .controller_ref()
                        .is_some_and(|r| r.uid == rs.metadata.uid) =>
                {
                    Some(p.clone())
                }
                _ => None,
            })
            .filter(active)
            .collect();
        let min_ready = rs.spec.min_ready_seconds;
        let mut status = rs.status.clone();
        status.replicas = current.len() as i32;
        status.fully_labeled_replicas = current
            .iter()
            .filter(|p| {
                rs.spec
                    .template
                    .metadata
                    .labels
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            })
            .count() as i32;
        status.ready_replicas = current.iter().filter(|p| ready(p)).count() as i32;
        status.available_replicas = current
            .iter()
            .filter(|p| available(p, min_ready, now))
            .count() as i32;
        status.observed_generation = Some(rs.metadata.generation);
        if status != rs.status {
            let mut latest = rs.clone();
            latest.status = status;
            latest.metadata.resource_version.clear();
            cx.api
                .update_status(Object::ReplicaSet(latest))
                .map_err(|e| e.message)?;
        }
        let wake = current
            .iter()
            .filter(|p| min_ready > 0 && ready(p))
            .filter_map(|p| p.ready_since().map(|t| t + min_ready as Millis * 1000 + 1))
            .filter(|t| *t > now)
            .min();
        match first_err {
            Some(e) => Err(e),
            None => Ok(wake),
        }
    }

    fn new_pod(&self, rs: &ReplicaSet) -> Pod {
        let t = &rs.spec.template;
        let mut p = Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            ..Default::default()
        };
        p.metadata.generate_name = format!("{}-", rs.metadata.name);
        p.metadata.namespace = rs.metadata.namespace.clone();
        p.metadata.labels = t.metadata.labels.clone();
        p.metadata.annotations = t.metadata.annotations.clone();
        p.metadata.owner_references = vec![rs_ref(rs)];
        p.spec = t.spec.clone();
        p
    }
}

impl Controller for ReplicaSetController {
    fn name(&self) -> &'static str {
        "replicaset-controller"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let before = cx.api.last_seq();
        self.queue.add_fired(cx, Kind::ReplicaSet);
        for ev in self.queue.drain_watch(cx) {
            self.map_event(cx, ev.object.as_ref());
        }
        for key in self.queue.take() {
            match self.reconcile(cx, &key.0, &key.1) {
                Ok(wake) => {
                    self.queue.forget(&key);
                    if let Some(t) = wake {
                        cx.at(
                            t,
                            TimerKey::for_object(
                                ObjectRef::new(Kind::ReplicaSet, &key.0, &key.1),
                                "minReadySeconds",
                            ),
                        );
                    }
                }
                Err(_) => self.queue.retry(cx, Kind::ReplicaSet, &key),
            }
        }
        cx.api.last_seq() != before || !self.queue.is_empty()
    }
}
