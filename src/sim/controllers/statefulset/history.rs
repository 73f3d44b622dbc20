//! ControllerRevisions of a StatefulSet (upstream `pkg/controller/history` + the revision parts
//! of `stateful_set_control.go`): the revision data, hash naming, equality, rollback
//! renumbering and history truncation, plus the pure lookups `kubectl rollout` needs.
//!
//! Revision data is `{"spec":{"template":{…,"$patch":"replace"}}}` with keys sorted, exactly the
//! strategic-merge patch that re-applies the template; the name is `<set>-<hash>` where the hash
//! is FNV-1 over those bytes plus the collision count (ref §2.2).

use std::borrow::Borrow;

use serde_json::{json, Value};

use super::memo::RevisionMemo;
use super::pod_control::ActionError;
use super::shared_rev::SharedRev;
use super::utils::{controller_ref, history_limit, REVISION_HASH_LABEL};
use crate::sim::api::{DeleteOptions, StatusReason, WriteOptions};
use crate::sim::cluster::Ctx;
use crate::sim::controllers::hash::{revision_hash, revision_name};
use crate::sim::objects::{
    sort_keys, ControllerRevision, Kind, Object, PodTemplateSpec, StatefulSet,
};

/// `getPatch`: the revision data for the set's current template.
pub fn revision_data(set: &StatefulSet) -> Value {
    let mut template = serde_json::to_value(&set.spec.template).unwrap_or_else(|_| json!({}));
    if let Value::Object(m) = &mut template {
        m.insert("$patch".into(), Value::String("replace".into()));
    }
    sort_keys(json!({ "spec": { "template": template } }))
}

/// The canonical bytes that are hashed (compact JSON, keys sorted).
pub fn data_bytes(data: &Value) -> Vec<u8> {
    serde_json::to_vec(data).unwrap_or_default()
}

/// `newRevision`: the candidate revision for the set at `revision` number, named with the hash
/// for `collision_count`. Labels: template labels + `controller.kubernetes.io/hash`;
/// annotations: a copy of the set's annotations (how change-cause reaches rollout history).
pub fn new_revision(set: &StatefulSet, revision: i64, collision_count: i32) -> ControllerRevision {
    let data = revision_data(set);
    let hash = revision_hash(&data_bytes(&data), Some(collision_count));
    new_revision_from(set, revision, data, hash)
}

/// [`new_revision`] from the set's revision data and its hash (computed, or remembered by
/// [`super::memo::RevisionMemo`]).
pub fn new_revision_from(
    set: &StatefulSet,
    revision: i64,
    data: Value,
    hash: String,
) -> ControllerRevision {
    let mut cr = ControllerRevision {
        api_version: "apps/v1".into(),
        kind: "ControllerRevision".into(),
        data: Some(data),
        revision,
        ..Default::default()
    };
    cr.metadata.name = revision_name(&set.metadata.name, &hash);
    cr.metadata.namespace = set.metadata.namespace.clone();
    cr.metadata.labels = set.spec.template.metadata.labels.clone();
    cr.metadata.labels.insert(REVISION_HASH_LABEL.into(), hash);
    cr.metadata.annotations = set.metadata.annotations.clone();
    cr.metadata.owner_references = vec![controller_ref(set)];
    cr
}

/// The name the candidate gets after `collision_count` collisions (upstream re-hashes the
/// same data with the bumped count on AlreadyExists).
pub fn name_for_collision(set: &StatefulSet, data: &Value, collision_count: i32) -> String {
    revision_name(
        &set.metadata.name,
        &revision_hash(&data_bytes(data), Some(collision_count)),
    )
}

/// `history.EqualRevision`: hash labels must agree when both parse as integers (a quirk: safe
/// encoded hashes made only of digits 4–9 do parse), and the data must be identical.
pub fn equal_revision(a: &ControllerRevision, b: &ControllerRevision) -> bool {
    let parse = |r: &ControllerRevision| {
        r.metadata
            .labels
            .get(REVISION_HASH_LABEL)
            .and_then(|h| h.parse::<i32>().ok())
    };
    if let (Some(x), Some(y)) = (parse(a), parse(b)) {
        if x != y {
            return false;
        }
    }
    a.data == b.data
}

/// `history.SortControllerRevisions`: by revision, then creation time, then name.
pub fn sort_revisions<R: Borrow<ControllerRevision>>(revs: &mut [R]) {
    revs.sort_by(|a, b| {
        let (a, b) = (a.borrow(), b.borrow());
        (a.revision, a.metadata.creation_timestamp, &a.metadata.name).cmp(&(
            b.revision,
            b.metadata.creation_timestamp,
            &b.metadata.name,
        ))
    });
}

/// `nextRevision`: one more than the highest (revisions sorted), or 1.
pub fn next_revision<R: Borrow<ControllerRevision>>(sorted: &[R]) -> i64 {
    sorted.last().map(|r| r.borrow().revision + 1).unwrap_or(1)
}

/// What `getStatefulSetRevisions` decided about the update revision.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateRevisionPlan {
    /// The newest revision already matches the template.
    Reuse(ControllerRevision),
    /// An older revision matches: renumber it to `to` (rollback).
    Renumber(ControllerRevision, i64),
    /// Nothing matches: create this candidate.
    Create(ControllerRevision),
}

/// The pure half of `getStatefulSetRevisions` (revisions must be sorted).
pub fn plan_update_revision(
    set: &StatefulSet,
    sorted: &[ControllerRevision],
    collision_count: i32,
) -> UpdateRevisionPlan {
    plan_for_candidate(
        sorted,
        new_revision(set, next_revision(sorted), collision_count),
    )
}

/// [`plan_update_revision`] for a candidate already built for `next_revision(sorted)`.
pub fn plan_for_candidate(
    sorted: &[ControllerRevision],
    candidate: ControllerRevision,
) -> UpdateRevisionPlan {
    let equal: Vec<&ControllerRevision> = sorted
        .iter()
        .filter(|r| equal_revision(r, &candidate))
        .collect();
    match (equal.last(), sorted.last()) {
        (Some(eq), Some(last)) if equal_revision(last, eq) => {
            UpdateRevisionPlan::Reuse(last.clone())
        }
        (Some(eq), _) => UpdateRevisionPlan::Renumber((*eq).clone(), candidate.revision),
        (None, _) => UpdateRevisionPlan::Create(candidate),
    }
}

/// `truncateHistory`: names of revisions to delete, oldest first, keeping every live revision
/// (current, update, any a pod is labelled with) and at most `limit` others. A negative limit
/// keeps everything.
pub fn revisions_to_truncate<R: Borrow<ControllerRevision>>(
    sorted: &[R],
    live: &[&str],
    limit: i32,
) -> Vec<String> {
    if limit < 0 {
        return Vec::new();
    }
    let history: Vec<&ControllerRevision> = sorted
        .iter()
        .map(|r| r.borrow())
        .filter(|r| !live.contains(&r.metadata.name.as_str()))
        .collect();
    let excess = history.len().saturating_sub(limit as usize);
    history
        .iter()
        .take(excess)
        .map(|r| r.metadata.name.clone())
        .collect()
}

/// The pod template a revision stores (what `kubectl rollout undo` puts back and what
/// `rollout history --revision=N` prints).
pub fn revision_template(rev: &ControllerRevision) -> Result<PodTemplateSpec, String> {
    let mut t = rev
        .data
        .as_ref()
        .and_then(|d| d.get("spec"))
        .and_then(|s| s.get("template"))
        .cloned()
        .ok_or_else(|| {
            format!(
                "controllerrevision {:?} has no spec.template in its data",
                rev.metadata.name
            )
        })?;
    if let Value::Object(m) = &mut t {
        m.remove("$patch");
    }
    crate::sim::objects::decode_stored(&t)
        .map_err(|e| format!("controllerrevision {:?}: {e}", rev.metadata.name))
}

/// `applyRevision`: the set with its template replaced by the revision's.
pub fn apply_revision(set: &StatefulSet, rev: &ControllerRevision) -> Result<StatefulSet, String> {
    let mut out = set.clone();
    out.spec.template = revision_template(rev)?;
    Ok(out)
}

/// True when the set's current template is the one stored in `rev` (kubectl's "skipped
/// rollback (current template already matches revision N)").
pub fn template_matches(set: &StatefulSet, rev: &ControllerRevision) -> bool {
    rev.data.as_ref() == Some(&revision_data(set))
}

/// The revisions a set controls, sorted by revision (kubectl `rollout history` / `undo`).
pub fn owned_revisions<'a>(
    set: &StatefulSet,
    all: impl IntoIterator<Item = &'a ControllerRevision>,
) -> Vec<ControllerRevision> {
    let mut out: Vec<ControllerRevision> = all
        .into_iter()
        .filter(|r| r.metadata.namespace == set.metadata.namespace)
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|o| o.uid == set.metadata.uid)
        })
        .cloned()
        .collect();
    sort_revisions(&mut out);
    out
}

/// kubectl `rollout undo --to-revision=N` target selection (ref §2.7): `N == 0` picks the
/// second-highest revision. Errors are kubectl's texts.
pub fn undo_target(
    sorted: &[ControllerRevision],
    to_revision: i64,
) -> Result<&ControllerRevision, String> {
    if to_revision < 0 {
        return Err(format!(
            "unable to find specified revision {to_revision} in history"
        ));
    }
    if to_revision == 0 {
        if sorted.len() <= 1 {
            return Err("no last revision to roll back to".into());
        }
        return Ok(&sorted[sorted.len() - 2]);
    }
    sorted
        .iter()
        .find(|r| r.revision == to_revision)
        .ok_or_else(|| format!("unable to find specified revision {to_revision} in history"))
}

// ---------------------------------------------------------------------------------------------
// API-facing half: list, create (with collision handling), renumber, truncate.

/// The revisions matching the set's selector that the set controls (after adoption), sorted.
/// They are the stored objects, shared rather than copied (see `shared_rev`).
pub fn list_revisions(cx: &Ctx, set: &StatefulSet) -> Vec<SharedRev> {
    let Some(sel) = set.spec.selector.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<SharedRev> = cx
        .api
        .objects_in(Kind::ControllerRevision, &set.metadata.namespace)
        .filter_map(SharedRev::new)
        .filter(|r| sel.matches(&r.metadata.labels))
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|c| c.uid == set.metadata.uid)
        })
        .collect();
    sort_revisions(&mut out);
    out
}

/// Current and update revision plus the collision count to store in status.
#[derive(Debug, Clone, PartialEq)]
pub struct SetRevisions {
    pub current: SharedRev,
    pub update: SharedRev,
    pub collision_count: i32,
}

/// `getStatefulSetRevisions`: reuse, renumber (rollback) or create the update revision, then
/// find the current one (the update revision when status names none that exists).
pub fn get_set_revisions(
    cx: &mut Ctx,
    set: &StatefulSet,
    sorted: &[SharedRev],
    memo: &mut RevisionMemo,
) -> Result<SetRevisions, ActionError> {
    let mut collision_count = set.status.collision_count.unwrap_or(0);
    // The common case, decided without building (and copying the data into) a candidate:
    // the newest revision is equal to it (`plan_for_candidate`'s Reuse of `sorted.last()`).
    let hash = memo.hash(set, collision_count);
    let newest_equal = sorted
        .iter()
        .rev()
        .find(|r| equal_to_candidate(r, &hash, memo.data()));
    if let (Some(eq), Some(last)) = (newest_equal, sorted.last()) {
        if equal_revision(last, eq) {
            let update = last.clone();
            return Ok(set_revisions(set, sorted, update, collision_count));
        }
    }
    let candidate = memo.candidate(set, next_revision(sorted), collision_count);
    let plain: Vec<ControllerRevision> = sorted.iter().map(|r| (**r).clone()).collect();
    let update = match plan_for_candidate(&plain, candidate) {
        UpdateRevisionPlan::Reuse(r) => r,
        UpdateRevisionPlan::Renumber(mut r, to) => {
            r.revision = to;
            match cx
                .api
                .update(Object::ControllerRevision(r), &WriteOptions::default())?
            {
                Object::ControllerRevision(r) => r,
                _ => return Err(ActionError::msg("unexpected object kind")),
            }
        }
        UpdateRevisionPlan::Create(candidate) => {
            create_revision(cx, set, candidate, &mut collision_count)?
        }
    };
    Ok(set_revisions(
        set,
        sorted,
        SharedRev::owned(update),
        collision_count,
    ))
}

/// [`equal_revision`]`(r, candidate)` for the candidate with this hash label and data.
fn equal_to_candidate(r: &ControllerRevision, hash: &str, data: &Value) -> bool {
    let stored = r
        .metadata
        .labels
        .get(REVISION_HASH_LABEL)
        .and_then(|h| h.parse::<i32>().ok());
    if let (Some(x), Some(y)) = (stored, hash.parse::<i32>().ok()) {
        if x != y {
            return false;
        }
    }
    r.data.as_ref() == Some(data)
}

/// The current revision is the one the status names, else the update revision.
fn set_revisions(
    set: &StatefulSet,
    sorted: &[SharedRev],
    update: SharedRev,
    collision_count: i32,
) -> SetRevisions {
    let current = sorted
        .iter()
        .find(|r| r.metadata.name == set.status.current_revision)
        .cloned()
        .unwrap_or_else(|| update.clone());
    SetRevisions {
        current,
        update,
        collision_count,
    }
}

/// `CreateControllerRevision`: on AlreadyExists with other data, bump the collision count and
/// retry under the new hash; identical data reuses the existing object.
fn create_revision(
    cx: &mut Ctx,
    set: &StatefulSet,
    candidate: ControllerRevision,
    collision_count: &mut i32,
) -> Result<ControllerRevision, ActionError> {
    let data = candidate.data.clone().unwrap_or(Value::Null);
    for _ in 0..64 {
        let mut clone = candidate.clone();
        clone.metadata.name = name_for_collision(set, &data, *collision_count);
        match cx.api.create(
            Object::ControllerRevision(clone.clone()),
            &WriteOptions::default(),
        ) {
            Ok(Object::ControllerRevision(r)) => return Ok(r),
            Ok(_) => return Err(ActionError::msg("unexpected object kind")),
            Err(e) if e.reason == StatusReason::AlreadyExists => {
                if let Ok(Object::ControllerRevision(existing)) = cx.api.get(
                    Kind::ControllerRevision,
                    &set.metadata.namespace,
                    &clone.metadata.name,
                ) {
                    if existing.data == clone.data {
                        return Ok(existing.clone());
                    }
                }
                *collision_count += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ActionError::msg(
        "too many ControllerRevision hash collisions",
    ))
}

/// `truncateHistory`: deletes non-live revisions beyond `revisionHistoryLimit`.
pub fn truncate_history(
    cx: &mut Ctx,
    set: &StatefulSet,
    pod_revisions: &[&str],
    sorted: &[SharedRev],
    revs: &SetRevisions,
) -> Result<(), ActionError> {
    let mut live: Vec<&str> = vec![
        revs.current.metadata.name.as_str(),
        revs.update.metadata.name.as_str(),
    ];
    live.extend_from_slice(pod_revisions);
    for name in revisions_to_truncate(sorted, &live, history_limit(set)) {
        match cx.api.delete(
            Kind::ControllerRevision,
            &set.metadata.namespace,
            &name,
            &DeleteOptions::default(),
        ) {
            Ok(_) => {}
            Err(e) if e.reason == StatusReason::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::{Container, StringMap};

    fn set_with_image(image: &str) -> StatefulSet {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        set.metadata.namespace = "default".into();
        set.metadata.uid = "uid-1".into();
        let mut labels = StringMap::new();
        labels.insert("app".into(), "nginx".into());
        set.spec.template.metadata.labels = labels;
        set.spec.template.spec.containers = vec![Container {
            name: "nginx".into(),
            image: image.into(),
            ..Default::default()
        }];
        set
    }

    #[test]
    fn revision_shape_and_name() {
        let set = set_with_image("nginx:1.21");
        let r = new_revision(&set, 1, 0);
        let hash = r
            .metadata
            .labels
            .get(REVISION_HASH_LABEL)
            .cloned()
            .unwrap_or_default();
        assert_eq!(r.metadata.name, format!("web-{hash}"));
        assert!(hash.chars().all(|c| "456789bcdf".contains(c)));
        assert_eq!(
            r.metadata.labels.get("app").map(String::as_str),
            Some("nginx")
        );
        assert_eq!(
            r.data
                .as_ref()
                .and_then(|d| d.pointer("/spec/template/$patch")),
            Some(&json!("replace"))
        );
        assert_eq!(
            revision_template(&r).map(|t| t.spec.containers[0].image.clone()),
            Ok("nginx:1.21".into())
        );
        // Same template → same name; different image → different name.
        assert_eq!(new_revision(&set, 7, 0).metadata.name, r.metadata.name);
        assert_ne!(
            new_revision(&set_with_image("nginx:1.22"), 1, 0)
                .metadata
                .name,
            r.metadata.name
        );
        assert_ne!(
            name_for_collision(&set, r.data.as_ref().unwrap_or(&Value::Null), 1),
            r.metadata.name
        );
    }

    #[test]
    fn plan_reuses_renumbers_or_creates() {
        let a = set_with_image("a");
        let b = set_with_image("b");
        let r1 = new_revision(&a, 1, 0);
        let r2 = new_revision(&b, 2, 0);
        let revs = vec![r1.clone(), r2.clone()];
        assert_eq!(
            plan_update_revision(&b, &revs, 0),
            UpdateRevisionPlan::Reuse(r2.clone())
        );
        assert_eq!(
            plan_update_revision(&a, &revs, 0),
            UpdateRevisionPlan::Renumber(r1.clone(), 3)
        );
        let c = set_with_image("c");
        assert!(
            matches!(plan_update_revision(&c, &revs, 0), UpdateRevisionPlan::Create(r) if r.revision == 3)
        );
    }

    #[test]
    fn truncation_keeps_live_and_limit() {
        let revs: Vec<ControllerRevision> = (1..=6)
            .map(|i| new_revision(&set_with_image(&format!("img{i}")), i, 0))
            .collect();
        let names: Vec<String> = revs.iter().map(|r| r.metadata.name.clone()).collect();
        let live = [names[4].as_str(), names[5].as_str(), names[0].as_str()];
        // Non-live: 2,3,4 (indices 1..=3); limit 1 deletes the two oldest of them.
        assert_eq!(
            revisions_to_truncate(&revs, &live, 1),
            vec![names[1].clone(), names[2].clone()]
        );
        assert!(revisions_to_truncate(&revs, &live, -1).is_empty());
        assert!(revisions_to_truncate(&revs, &live, 10).is_empty());
    }

    #[test]
    fn undo_targets() {
        let revs: Vec<ControllerRevision> = (1..=3)
            .map(|i| new_revision(&set_with_image(&format!("img{i}")), i, 0))
            .collect();
        assert_eq!(undo_target(&revs, 0).map(|r| r.revision), Ok(2));
        assert_eq!(undo_target(&revs, 1).map(|r| r.revision), Ok(1));
        assert_eq!(
            undo_target(&revs, 9).map(|r| r.revision),
            Err("unable to find specified revision 9 in history".into())
        );
        assert_eq!(
            undo_target(&revs[..1], 0).map(|r| r.revision),
            Err("no last revision to roll back to".into())
        );
        assert!(template_matches(&set_with_image("img3"), &revs[2]));
    }
}
