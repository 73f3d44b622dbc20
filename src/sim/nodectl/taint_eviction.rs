//! The taint-eviction controller (`pkg/controller/tainteviction`): deletes pods from nodes
//! with NoExecute taints. For each pod on such a node, on a change of the node's NoExecute
//! taints or of the pod's tolerations (or a new pod):
//!
//! - a taint the pod does not tolerate: delete it now;
//! - every taint tolerated, some for a limited time: delete it the smallest `tolerationSeconds`
//!   after this controller first saw it so (upstream's `TimedWorkerQueue`, keyed by namespace
//!   and name, keeps an earlier deadline);
//! - tolerated forever: nothing, and any scheduled deletion is cancelled.
//!
//! Deleting records `TaintManagerEviction` "Marking for deletion Pod ns/name", adds the pod
//! condition `DisruptionTarget=True` (`DeletionByTaintManager`), then deletes the pod with its
//! own grace period. A deletion that had not happened yet when the taints go away (the node
//! came back) or the pod disappears is cancelled with "Cancelling deletion of Pod ns/name".
//! The events reference the pod by namespace and name only (no uid), as upstream's do.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::api::DeleteOptions;
use crate::sim::clock::{Millis, TimerKey};
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::objects::*;
use crate::sim::scheduler::fit::tolerates;

const COMPONENT: &str = "taint-eviction-controller";

/// Namespace and name: the queue's key, so a recreated pod of the same name shares it.
type PodKey = (String, String);

/// A scheduled deletion.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Work {
    created: Millis,
    fire_at: Millis,
}

/// What the controller last saw of a pod on a tainted node (`PodUpdated` compares tolerations
/// and nodeName; the uid tells a recreated pod apart).
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    uid: String,
    node: String,
    tolerations: Vec<Toleration>,
}

/// See the module docs.
#[derive(Clone, Debug, Default)]
pub struct TaintEvictionController {
    /// Scheduled deletions; `None` once done (kept so the pod is not deleted twice, as the
    /// queue keeps a finished worker's key).
    work: BTreeMap<PodKey, Option<Work>>,
    /// NoExecute taints per node as last handled.
    tainted: BTreeMap<String, Vec<Taint>>,
    pods: BTreeMap<PodKey, Seen>,
}

/// `GetMatchingTolerations`: the first toleration matching each taint, or None if a taint is
/// not tolerated.
fn matching(taints: &[Taint], tolerations: &[Toleration]) -> Option<Vec<Toleration>> {
    taints
        .iter()
        .map(|taint| tolerations.iter().find(|t| tolerates(t, taint)).cloned())
        .collect()
}

/// `getMinTolerationTime`: None means forever; no toleration at all means now.
fn min_toleration(used: &[Toleration]) -> Option<Millis> {
    if used.is_empty() {
        return Some(0);
    }
    let mut min: Option<i64> = None;
    for t in used {
        if let Some(s) = t.toleration_seconds {
            if s <= 0 {
                return Some(0);
            }
            min = Some(min.map_or(s, |m| m.min(s)));
        }
    }
    min.map(|s| s as Millis * 1000)
}

fn pod_ref((ns, name): &PodKey) -> ObjectRef {
    ObjectRef::new(Kind::Pod, ns, name)
}

/// The involved object of this controller's events: apiVersion, kind, namespace and name.
fn event_target((ns, name): &PodKey) -> Object {
    Object::Pod(Pod {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: ns.clone(),
            ..Default::default()
        },
        ..Default::default()
    })
}

/// Every event of this controller: Normal `TaintManagerEviction` on the pod.
fn record(cx: &mut Ctx, key: &PodKey, msg: &str) {
    cx.api.record_event(
        &event_target(key),
        "Normal",
        "TaintManagerEviction",
        msg,
        COMPONENT,
        None,
    );
}

impl TaintEvictionController {
    fn cancel_with_event(&mut self, cx: &mut Ctx, key: &PodKey) {
        if let Some(Some(_)) = self.work.remove(key) {
            let msg = format!("Cancelling deletion of Pod {}/{}", key.0, key.1);
            record(cx, key, &msg);
        }
    }

    fn add_work(&mut self, cx: &mut Ctx, key: &PodKey, created: Millis, fire_at: Millis) {
        if self.work.contains_key(key) {
            return; // already scheduled or done
        }
        self.work
            .insert(key.clone(), Some(Work { created, fire_at }));
        cx.at(
            fire_at,
            TimerKey::for_object(pod_ref(key), "taint-eviction"),
        );
    }

    /// `processPodOnNode`.
    fn process(
        &mut self,
        cx: &mut Ctx,
        key: &PodKey,
        tolerations: &[Toleration],
        taints: &[Taint],
    ) {
        let now = cx.now();
        let Some(used) = matching(taints, tolerations) else {
            self.cancel_with_event(cx, key);
            self.add_work(cx, key, now, now);
            return;
        };
        let Some(min) = min_toleration(&used) else {
            self.cancel_with_event(cx, key);
            return;
        };
        let trigger = now + min;
        if let Some(Some(w)) = self.work.get(key) {
            // Upstream compares `startTime.Add(minTolerationTime).Before(triggerTime)` with
            // the scheduled work's creation time: work scheduled earlier stands, even when the
            // new toleration is shorter; only work created at this same instant is replaced,
            // keeping its creation time.
            let created = w.created;
            if created + min < trigger {
                return;
            }
            self.cancel_with_event(cx, key);
            self.add_work(cx, key, created, trigger);
            return;
        }
        self.add_work(cx, key, now, trigger);
    }

    /// `deletePodHandler`: the event, then the condition, then the delete.
    fn evict(cx: &mut Ctx, key: &PodKey) -> bool {
        let now = cx.now();
        let msg = format!("Marking for deletion Pod {}/{}", key.0, key.1);
        record(cx, key, &msg);
        let Ok(Object::Pod(mut p)) = cx.api.get(Kind::Pod, &key.0, &key.1).cloned() else {
            return false;
        };
        let cond = PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            reason: "DeletionByTaintManager".into(),
            message: "Taint manager: deleting due to NoExecute taint".into(),
            last_transition_time: Some(now),
            ..Default::default()
        };
        let conds = &mut p.status.conditions;
        match conds.iter_mut().find(|c| c.type_ == "DisruptionTarget") {
            Some(c)
                if c.status == "True" && c.reason == cond.reason && c.message == cond.message => {}
            Some(c) => *c = cond,
            None => conds.push(cond),
        }
        let _ = cx.api.update_status(Object::Pod(p));
        cx.api
            .delete(Kind::Pod, &key.0, &key.1, &DeleteOptions::default())
            .is_ok()
    }
}

impl Controller for TaintEvictionController {
    fn name(&self) -> &'static str {
        "taint-eviction-controller"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now();
        let before = cx.api.last_seq();
        let tainted: BTreeMap<String, Vec<Taint>> = cx
            .api
            .list(Kind::Node, None)
            .into_iter()
            .filter_map(|o| match o {
                Object::Node(n) => {
                    let t: Vec<Taint> = n
                        .spec
                        .taints
                        .iter()
                        .filter(|t| t.effect == "NoExecute")
                        .cloned()
                        .collect();
                    (!t.is_empty()).then(|| (n.metadata.name.clone(), t))
                }
                _ => None,
            })
            .collect();
        if tainted.is_empty() && self.tainted.is_empty() && self.work.is_empty() {
            return false;
        }
        let pods = cx.api.pods_shared(None);
        let present: BTreeMap<PodKey, &str> = pods
            .iter()
            .map(|p| {
                let k = (p.metadata.namespace.clone(), p.metadata.name.clone());
                (k, p.metadata.uid.as_str())
            })
            .collect();
        // Pods gone from the store (or replaced by a new pod of the same name, which a watch
        // shows as a delete then an add): their scheduled deletion goes too.
        let gone: BTreeSet<PodKey> = self
            .work
            .keys()
            .chain(self.pods.keys())
            .filter(|k| match (present.get(*k), self.pods.get(*k)) {
                (None, _) => true,
                (Some(uid), Some(seen)) => seen.uid != *uid,
                (Some(_), None) => false,
            })
            .cloned()
            .collect();
        for k in gone {
            self.cancel_with_event(cx, &k);
            self.pods.remove(&k);
        }
        // Nodes whose NoExecute taints went away: cancel every deletion on them.
        let cleared: Vec<String> = self
            .tainted
            .keys()
            .filter(|n| !tainted.contains_key(*n))
            .cloned()
            .collect();
        for node in &cleared {
            for p in pods.iter().filter(|p| &p.spec.node_name == node) {
                let k = (p.metadata.namespace.clone(), p.metadata.name.clone());
                self.cancel_with_event(cx, &k);
                self.pods.remove(&k);
            }
            self.tainted.remove(node);
        }
        // Nodes whose taints changed, and pods that are new or changed, on tainted nodes.
        for p in &pods {
            let Some(taints) = tainted.get(&p.spec.node_name) else {
                continue;
            };
            let k = (p.metadata.namespace.clone(), p.metadata.name.clone());
            let seen = Seen {
                uid: p.metadata.uid.clone(),
                node: p.spec.node_name.clone(),
                tolerations: p.spec.tolerations.clone(),
            };
            let node_changed = self.tainted.get(&p.spec.node_name) != Some(taints);
            if node_changed || self.pods.get(&k) != Some(&seen) {
                self.process(cx, &k, &seen.tolerations, taints);
                self.pods.insert(k, seen);
            }
        }
        self.tainted = tainted;
        // Deletions that are due.
        let due: Vec<PodKey> = self
            .work
            .iter()
            .filter(|(_, w)| matches!(w, Some(w) if w.fire_at <= now))
            .map(|(k, _)| k.clone())
            .collect();
        for k in due {
            if Self::evict(cx, &k) {
                self.work.insert(k, None);
            } else {
                self.work.remove(&k);
            }
        }
        cx.api.last_seq() != before
    }
}
