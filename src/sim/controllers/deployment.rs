//! The Deployment controller (`deployment-controller`, upstream `pkg/controller/deployment`):
//! one ReplicaSet per pod template, named `<deploy>-<pod-template-hash>`, rolled with
//! maxSurge / maxUnavailable (25%/25% by default) or Recreate, with the
//! `deployment.kubernetes.io/revision` annotations `kubectl rollout history` reads.
//!
//! It exists so a learner can put a Deployment's random pod names next to a StatefulSet's
//! stable ones; the rollout logic follows upstream's `rolling.go` arithmetic.

use serde_json::Value;

use super::hash::pod_template_hash;
use super::queue::WorkQueue;
use crate::sim::api::{DeleteOptions, WriteOptions};
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::explain::Note;
use crate::sim::objects::{
    sort_keys, Deployment, IntOrString, Kind, Object, ObjectRef, OwnerReference, PodTemplateSpec,
    ReplicaSet, WorkloadCondition,
};

const COMPONENT: &str = "deployment-controller";
pub const HASH_LABEL: &str = "pod-template-hash";
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
const DESIRED_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
const MAX_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

#[derive(Debug, Clone, Default)]
pub struct DeploymentController {
    queue: WorkQueue,
}

fn deploy_ref(d: &Deployment) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The template without the `pod-template-hash` label (`EqualIgnoreHash`).
fn strip_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    t.metadata.labels.remove(HASH_LABEL);
    t
}

/// The pod-template-hash of a Deployment template (canonical JSON + collision count).
pub fn template_hash(t: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let v = sort_keys(serde_json::to_value(t).unwrap_or(Value::Null));
    pod_template_hash(&serde_json::to_vec(&v).unwrap_or_default(), collision_count)
}

fn revision_of(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .get(REVISION_ANNOTATION)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// `ResolveFenceposts`: surge rounds up, unavailable rounds down; both 0 → unavailable 1.
pub fn fenceposts(d: &Deployment) -> (i32, i32) {
    let want = d.spec.replicas.unwrap_or(1);
    let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
    let pct = |v: Option<IntOrString>, up: bool| {
        v.unwrap_or(IntOrString::String("25%".into()))
            .scaled_value(want, up)
            .unwrap_or(0)
            .max(0)
    };
    let surge = pct(ru.max_surge, true);
    let unavailable = pct(ru.max_unavailable, false);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(0)
}

impl DeploymentController {
    fn map_event(&mut self, cx: &Ctx, obj: &Object) {
        let ns = obj.namespace().to_string();
        match obj {
            Object::Deployment(d) => self.queue.add(&ns, &d.metadata.name),
            Object::ReplicaSet(rs) => match rs.metadata.controller_ref() {
                Some(r) if r.kind == "Deployment" => self.queue.add(&ns, &r.name),
                Some(_) => {}
                None => {
                    for o in cx.api.list(Kind::Deployment, Some(&ns)) {
                        if let Object::Deployment(d) = o {
                            if d.spec
                                .selector
                                .as_ref()
                                .is_some_and(|s| s.matches(&rs.metadata.labels))
                            {
                                self.queue.add(&ns, &d.metadata.name);
                            }
                        }
                    }
                }
            },
            _ => {}
        }
    }

    fn scale_rs(
        cx: &mut Ctx,
        d: &Deployment,
        rs: &ReplicaSet,
        to: i32,
        max_surge: i32,
    ) -> Result<(), String> {
        let from = rs_replicas(rs);
        if from == to {
            return Ok(());
        }
        let mut r = rs.clone();
        r.spec.replicas = Some(to);
        let want = d.spec.replicas.unwrap_or(1);
        r.metadata
            .annotations
            .insert(DESIRED_ANNOTATION.into(), want.to_string());
        r.metadata
            .annotations
            .insert(MAX_ANNOTATION.into(), (want + max_surge).to_string());
        r.metadata.resource_version.clear();
        cx.api
            .update(Object::ReplicaSet(r), &WriteOptions::default())
            .map_err(|e| e.message)?;
        let dir = if to > from { "up" } else { "down" };
        let msg = format!(
            "Scaled {dir} replica set {} from {from} to {to}",
            rs.metadata.name
        );
        cx.api.record_event(
            &Object::Deployment(d.clone()),
            "Normal",
            "ScalingReplicaSet",
            &msg,
            COMPONENT,
            None,
        );
        Ok(())
    }

    fn reconcile(&mut self, cx: &mut Ctx, ns: &str, name: &str) -> Result<(), String> {
        let d = match cx.api.get(Kind::Deployment, ns, name) {
            Ok(Object::Deployment(d)) => d.clone(),
            _ => return Ok(()),
        };
        let Some(selector) = d.spec.selector.clone() else {
            return Ok(());
        };
        if d.metadata.deletion_timestamp.is_some() {
            return Ok(());
        }
        // Claim ReplicaSets (adopt orphans that match).
        let mut sets: Vec<ReplicaSet> = Vec::new();
        let all: Vec<ReplicaSet> = cx
            .api
            .list(Kind::ReplicaSet, Some(ns))
            .into_iter()
            .filter_map(|o| match o {
                Object::ReplicaSet(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        for mut rs in all {
            match rs.metadata.controller_ref().map(|r| r.uid.clone()) {
                Some(uid) if uid == d.metadata.uid => sets.push(rs),
                None if selector.matches(&rs.metadata.labels)
                    && rs.metadata.deletion_timestamp.is_none() =>
                {
                    rs.metadata.owner_references.push(deploy_ref(&d));
                    if let Ok(Object::ReplicaSet(r)) = cx
                        .api
                        .update(Object::ReplicaSet(rs), &WriteOptions::default())
                    {
                        sets.push(r.clone());
                    }
                }
                _ => {}
            }
        }
        let want = d.spec.replicas.unwrap_or(1).max(0);
        let (surge, max_unavailable) = fenceposts(&d);
        let template = strip_hash(&d.spec.template);
        let max_rev = sets.iter().map(revision_of).max().unwrap_or(0);
        let mut new_rs = sets
            .iter()
            .find(|r| strip_hash(&r.spec.template) == template)
            .cloned();
        let mut created = false;
        if new_rs.is_none() && !d.spec.paused {
            let collision = d.status.collision_count;
            let hash = template_hash(&template, collision);
            let mut rs = ReplicaSet {
                api_version: "apps/v1".into(),
                kind: "ReplicaSet".into(),
                ..Default::default()
            };
            rs.metadata.name = format!("{}-{hash}", d.metadata.name);
            rs.metadata.namespace = ns.into();
            rs.metadata.labels = template.metadata.labels.clone();
            rs.metadata.labels.insert(HASH_LABEL.into(), hash.clone());
            rs.metadata
                .annotations
                .insert(REVISION_ANNOTATION.into(), (max_rev + 1).to_string());
            rs.metadata
                .annotations
                .insert(DESIRED_ANNOTATION.into(), want.to_string());
            rs.metadata
                .annotations
                .insert(MAX_ANNOTATION.into(), (want + surge).to_string());
            rs.metadata.owner_references = vec![deploy_ref(&d)];
            let mut sel = selector.clone();
            sel.match_labels.insert(HASH_LABEL.into(), hash.clone());
            rs.spec.selector = Some(sel);
            rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
            rs.spec.template = template.clone();
            rs.spec
                .template
                .metadata
                .labels
                .insert(HASH_LABEL.into(), hash);
            // Initial size: everything for Recreate or a first rollout, else within the surge.
            let total: i32 = sets.iter().map(rs_replicas).sum();
            let initial = if d.spec.strategy.type_ == "Recreate" {
                0
            } else if sets.is_empty() {
                want
            } else {
                (want + surge - total).clamp(0, want)
            };
            rs.spec.replicas = Some(initial);
            match cx
                .api
                .create(Object::ReplicaSet(rs), &WriteOptions::default())
            {
                Ok(Object::ReplicaSet(r)) => {
                    let msg = format!(
                        "Scaled up replica set {} from 0 to {initial}",
                        r.metadata.name
                    );
                    cx.api.record_event(
                        &Object::Deployment(d.clone()),
                        "Normal",
                        "ScalingReplicaSet",
                        &msg,
                        COMPONENT,
                        None,
                    );
                    new_rs = Some(r.clone());
                    created = true;
                    sets.push(r);
                }
                Ok(_) => {}
                Err(e) if e.reason == crate::sim::api::StatusReason::AlreadyExists => {
                    // Hash collision with a foreign ReplicaSet: bump collisionCount and retry.
                    let mut latest = d.clone();
                    latest.status.collision_count = Some(d.status.collision_count.unwrap_or(0) + 1);
                    latest.metadata.resource_version.clear();
                    cx.api
                        .update_status(Object::Deployment(latest))
                        .map_err(|e| e.message)?;
                    return Ok(());
                }
                Err(e) => return Err(e.message),
            }
        }
        // A template that went back to an older ReplicaSet makes it the newest revision.
        if let Some(rs) = &new_rs {
            if !created && revision_of(rs) < max_rev {
                let mut r = rs.clone();
                r.metadata
                    .annotations
                    .insert(REVISION_ANNOTATION.into(), (max_rev + 1).to_string());
                r.metadata.resource_version.clear();
                if let Ok(Object::ReplicaSet(u)) = cx
                    .api
                    .update(Object::ReplicaSet(r), &WriteOptions::default())
                {
                    new_rs = Some(u.clone());
                }
            }
        }
        let new_name = new_rs.as_ref().map(|r| r.metadata.name.clone());
        let old: Vec<ReplicaSet> = sets
            .iter()
            .filter(|r| Some(&r.metadata.name) != new_name.as_ref())
            .cloned()
            .collect();
        if let (Some(nrs), false) = (&new_rs, d.spec.paused) {
            if d.spec.strategy.type_ == "Recreate" {
                for o in old.iter().filter(|o| rs_replicas(o) > 0) {
                    Self::scale_rs(cx, &d, o, 0, surge)?;
                }
                let old_pods: i32 = old.iter().map(|o| o.status.replicas).sum();
                if old_pods == 0 {
                    Self::scale_rs(cx, &d, nrs, want, surge)?;
                }
            } else {
                self.roll(cx, &d, nrs, &old, want, surge, max_unavailable)?;
            }
        }
        self.cleanup(cx, &d, &old)?;
        self.write_status(
            cx,
            &d,
            new_rs.as_ref(),
            &sets,
            want,
            max_unavailable,
            created,
        )
    }

    /// One step of `rolloutRolling`: scale the new set up within the surge, the old ones down
    /// within maxUnavailable.
    #[allow(clippy::too_many_arguments)]
    fn roll(
        &mut self,
        cx: &mut Ctx,
        d: &Deployment,
        new_rs: &ReplicaSet,
        old: &[ReplicaSet],
        want: i32,
        surge: i32,
        max_unavailable: i32,
    ) -> Result<(), String> {
        let old_total: i32 = old.iter().map(rs_replicas).sum();
        if old_total == 0 {
            return Self::scale_rs(cx, d, new_rs, want, surge);
        }
        let total = old_total + rs_replicas(new_rs);
        let max_total = want + surge;
        if total < max_total && rs_replicas(new_rs) < want {
            let up = (max_total - total).min(want - rs_replicas(new_rs));
            Self::scale_rs(cx, d, new_rs, rs_replicas(new_rs) + up, surge)?;
            return Ok(());
        }
        let min_available = want - max_unavailable;
        let new_unavailable = (rs_replicas(new_rs) - new_rs.status.available_replicas).max(0);
        let all_pods = total;
        let budget = (all_pods - min_available - new_unavailable).max(0);
        let available: i32 = old.iter().map(|r| r.status.available_replicas).sum::<i32>()
            + new_rs.status.available_replicas;
        let mut by_age: Vec<&ReplicaSet> = old.iter().filter(|r| rs_replicas(r) > 0).collect();
        by_age.sort_by_key(|r| (revision_of(r), r.metadata.creation_timestamp));
        // First remove old pods that are not available anyway, then available ones.
        for rs in &by_age {
            let unhealthy = (rs_replicas(rs) - rs.status.available_replicas).max(0);
            let n = unhealthy.min(budget);
            if n > 0 {
                // One cleanup step per sync; the next sync sees the new counts.
                return Self::scale_rs(cx, d, rs, rs_replicas(rs) - n, surge);
            }
        }
        let mut scale_down = (available - min_available).max(0).min(budget);
        for rs in by_age {
            if scale_down == 0 {
                break;
            }
            let n = rs_replicas(rs).min(scale_down);
            Self::scale_rs(cx, d, rs, rs_replicas(rs) - n, surge)?;
            scale_down -= n;
        }
        Ok(())
    }

    /// `cleanupDeployment`: old, empty ReplicaSets beyond revisionHistoryLimit are deleted.
    fn cleanup(&mut self, cx: &mut Ctx, d: &Deployment, old: &[ReplicaSet]) -> Result<(), String> {
        let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        let mut empty: Vec<&ReplicaSet> = old
            .iter()
            .filter(|r| {
                rs_replicas(r) == 0
                    && r.status.replicas == 0
                    && r.metadata.deletion_timestamp.is_none()
            })
            .collect();
        if empty.len() <= limit {
            return Ok(());
        }
        empty.sort_by_key(|r| revision_of(r));
        for rs in empty.iter().take(empty.len() - limit) {
            let _ = cx.api.delete(
                Kind::ReplicaSet,
                &d.metadata.namespace,
                &rs.metadata.name,
                &DeleteOptions::default(),
            );
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn write_status(
        &mut self,
        cx: &mut Ctx,
        d: &Deployment,
        new_rs: Option<&ReplicaSet>,
        sets: &[ReplicaSet],
        want: i32,
        max_unavailable: i32,
        created: bool,
    ) -> Result<(), String> {
        let now = cx.now();
        let mut st = d.status.clone();
        st.observed_generation = Some(d.metadata.generation);
        st.replicas = sets.iter().map(|r| r.status.replicas).sum();
        st.ready_replicas = sets.iter().map(|r| r.status.ready_replicas).sum();
        st.available_replicas = sets.iter().map(|r| r.status.available_replicas).sum();
        st.updated_replicas = new_rs.map(|r| r.status.replicas).unwrap_or(0);
        st.unavailable_replicas = (want - st.available_replicas).max(0);
        let avail_ok = st.available_replicas >= want - max_unavailable;
        let avail = if avail_ok {
            (
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".to_string(),
            )
        } else {
            (
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".to_string(),
            )
        };
        set_condition(&mut st.conditions, "Available", avail, now);
        if let Some(rs) = new_rs {
            let n = &rs.metadata.name;
            let done =
                st.updated_replicas == want && st.replicas == want && st.available_replicas == want;
            let prog = if done {
                (
                    "True",
                    "NewReplicaSetAvailable",
                    format!("ReplicaSet \"{n}\" has successfully progressed."),
                )
            } else if created {
                (
                    "True",
                    "NewReplicaSetCreated",
                    format!("Created new replica set \"{n}\""),
                )
            } else {
                (
                    "True",
                    "ReplicaSetUpdated",
                    format!("ReplicaSet \"{n}\" is progressing."),
                )
            };
            set_condition(&mut st.conditions, "Progressing", prog, now);
        }
        let mut latest = d.clone();
        if let Some(rs) = new_rs {
            if let Some(rev) = rs.metadata.annotations.get(REVISION_ANNOTATION) {
                if d.metadata.annotations.get(REVISION_ANNOTATION) != Some(rev) {
                    latest
                        .metadata
                        .annotations
                        .insert(REVISION_ANNOTATION.into(), rev.clone());
                    latest.metadata.resource_version.clear();
                    if let Ok(Object::Deployment(u)) = cx
                        .api
                        .update(Object::Deployment(latest.clone()), &WriteOptions::default())
                    {
                        latest = u.clone();
                    }
                }
            }
        }
        if st != latest.status {
            latest.status = st;
            latest.metadata.resource_version.clear();
            cx.api
                .update_status(Object::Deployment(latest))
                .map_err(|e| e.message)?;
        }
        let note = match new_rs {
            Some(rs) => Note::DeploymentProgress {
                available: d.status.available_replicas,
                want,
                replica_set: rs.metadata.name.clone(),
                has: rs_replicas(rs),
            },
            None if d.spec.paused => Note::DeploymentPaused,
            None => Note::DeploymentNoReplicaSet,
        };
        cx.explain(
            ObjectRef::new(Kind::Deployment, &d.metadata.namespace, &d.metadata.name),
            note,
        );
        Ok(())
    }
}

/// Replaces a condition when its status, reason or message changed (times move only then, so
/// re-syncs are no-ops).
fn set_condition(
    list: &mut Vec<WorkloadCondition>,
    type_: &str,
    (status, reason, message): (&str, &str, String),
    now: u64,
) {
    if let Some(c) = list.iter_mut().find(|c| c.type_ == type_) {
        if c.status == status && c.reason == reason && c.message == message {
            return;
        }
        if c.status != status {
            c.last_transition_time = Some(now);
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = message;
        c.last_update_time = Some(now);
        return;
    }
    list.push(WorkloadCondition {
        type_: type_.into(),
        status: status.into(),
        reason: reason.into(),
        message,
        last_update_time: Some(now),
        last_transition_time: Some(now),
    });
}

impl Controller for DeploymentController {
    fn name(&self) -> &'static str {
        "deployment-controller"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let before = cx.api.last_seq();
        self.queue.add_fired(cx, Kind::Deployment);
        for ev in self.queue.drain_watch(cx) {
            self.map_event(cx, ev.object.as_ref());
        }
        for key in self.queue.take() {
            match self.reconcile(cx, &key.0, &key.1) {
                Ok(()) => self.queue.forget(&key),
                Err(_) => self.queue.retry(cx, Kind::Deployment, &key),
            }
        }
        cx.api.last_seq() != before || !self.queue.is_empty()
    }
}
