//! `sync(set)` (upstream `stateful_set.go`): look the set up, adopt orphan ControllerRevisions,
//! claim pods (keep, release, adopt — the ControllerRefManager rules of ref §1.3), then run the
//! core loop. Adoption is what makes `delete --cascade=orphan` followed by a re-apply pick the
//! running pods back up without restarting them.

use super::control::{update_stateful_set, SyncReport};
use super::pod_control::ActionError;
use super::utils::{controller_ref, is_member_of};
use crate::sim::api::{StatusReason, WriteOptions};
use crate::sim::cluster::Ctx;
use crate::sim::objects::{Kind, LabelSelector, Object, ObjectRef, SharedPod, StatefulSet};

/// Result of one sync: the report (explanations, wake-up) and the first error.
pub type SyncResult = (SyncReport, Result<(), ActionError>);

/// Fresh GET of the set: adoption requires it to still exist with the same UID and not be
/// being deleted (upstream `canAdoptFunc`).
fn can_adopt(cx: &Ctx, set: &StatefulSet) -> bool {
    matches!(
        cx.api.get(Kind::StatefulSet, &set.metadata.namespace, &set.metadata.name),
        Ok(Object::StatefulSet(s)) if s.metadata.uid == set.metadata.uid && s.metadata.deletion_timestamp.is_none()
    )
}

/// Step 3: orphan revisions matching the selector get this set as controller.
fn adopt_orphan_revisions(
    cx: &mut Ctx,
    set: &StatefulSet,
    selector: &LabelSelector,
    report: &mut SyncReport,
) -> Result<(), ActionError> {
    let orphans: Vec<Object> = cx
        .api
        .list(Kind::ControllerRevision, Some(&set.metadata.namespace))
        .into_iter()
        .filter(|o| o.meta().controller_ref().is_none() && selector.matches(&o.meta().labels))
        .cloned()
        .collect();
    if orphans.is_empty() || !can_adopt(cx, set) {
        return Ok(());
    }
    for mut rev in orphans {
        let name = rev.meta().name.clone();
        rev.meta_mut().owner_references.push(controller_ref(set));
        match cx.api.update(rev, &WriteOptions::default()) {
            Ok(_) => report
                .notes
                .push(format!("adopted orphan ControllerRevision {name}")),
            Err(e) if e.reason == StatusReason::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Step 4: the pods this set manages after releasing and adopting (sorted by name).
fn claim_pods(
    cx: &mut Ctx,
    set: &StatefulSet,
    selector: &LabelSelector,
    report: &mut SyncReport,
) -> Result<Vec<SharedPod>, ActionError> {
    let uid = set.metadata.uid.clone();
    // Shared with the store: a sync reads every pod of the namespace, copying none of them
    // (only a pod that is released or adopted is copied, for its write).
    let candidates = cx.api.pods_shared(Some(&set.metadata.namespace));
    let being_deleted = set.metadata.deletion_timestamp.is_some();
    let mut claimed = Vec::new();
    let mut adopt_checked: Option<bool> = None;
    for pod in candidates {
        let matches = selector.matches(&pod.metadata.labels) && is_member_of(set, &pod);
        match pod.metadata.controller_ref().map(|r| r.uid.as_str()) {
            Some(owner) if owner != uid => {}
            Some(_) if matches => claimed.push(pod),
            Some(_) => {
                if being_deleted {
                    continue;
                }
                let name = pod.metadata.name.clone();
                let mut pod = pod.to_pod();
                pod.metadata.owner_references.retain(|r| r.uid != uid);
                match cx.api.update(Object::Pod(pod), &WriteOptions::default()) {
                    Ok(_) => {
                        report.notes.push(format!(
                            "released {name}: it no longer matches the selector or name"
                        ));
                        cx.explain(
                            ObjectRef::new(Kind::Pod, &set.metadata.namespace, &name),
                            format!(
                                "released by StatefulSet {}: labels no longer match its selector",
                                set.metadata.name
                            ),
                        );
                    }
                    Err(e) if e.reason == StatusReason::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
            None => {
                if being_deleted || !matches || pod.metadata.deletion_timestamp.is_some() {
                    continue;
                }
                if !*adopt_checked.get_or_insert_with(|| can_adopt(cx, set)) {
                    continue;
                }
                let name = pod.metadata.name.clone();
                let mut pod = pod.to_pod();
                pod.metadata.owner_references.push(controller_ref(set));
                match cx.api.update(Object::Pod(pod), &WriteOptions::default()) {
                    Ok(Object::Pod(p)) => {
                        report.notes.push(format!("adopted orphan pod {name}"));
                        cx.explain(
                            ObjectRef::new(Kind::Pod, &set.metadata.namespace, &name),
                            format!(
                                "adopted by StatefulSet {}: orphan whose name and labels match",
                                set.metadata.name
                            ),
                        );
                        claimed.push(SharedPod::owned(p));
                    }
                    Ok(_) => {}
                    Err(e) if e.reason == StatusReason::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    Ok(claimed)
}

/// `sync(set)`: None when the set does not exist (nothing to do).
pub fn sync_set(cx: &mut Ctx, ns: &str, name: &str) -> Option<SyncResult> {
    let set = match cx.api.get(Kind::StatefulSet, ns, name) {
        Ok(Object::StatefulSet(s)) => s.clone(),
        _ => return None,
    };
    let mut report = SyncReport::default();
    let Some(selector) = set.spec.selector.clone() else {
        report
            .notes
            .push("the StatefulSet has no selector; nothing is managed".into());
        return Some((report, Ok(())));
    };
    if let Err(e) = adopt_orphan_revisions(cx, &set, &selector, &mut report) {
        return Some((report, Err(e)));
    }
    let pods = match claim_pods(cx, &set, &selector, &mut report) {
        Ok(p) => p,
        Err(e) => return Some((report, Err(e))),
    };
    let (mut core_report, res) = update_stateful_set(cx, &set, &pods);
    report.notes.append(&mut core_report.notes);
    report.wake_at = core_report.wake_at;
    Some((report, res))
}
