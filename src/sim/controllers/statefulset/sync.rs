//! `sync(set)` (upstream `stateful_set.go`): look the set up, adopt orphan ControllerRevisions,
//! claim pods (keep, release, adopt — the ControllerRefManager rules of ref §1.3), then run the
//! core loop. Adoption is what makes `delete --cascade=orphan` followed by a re-apply pick the
//! running pods back up without restarting them.

use std::borrow::Cow;

use super::cache::{Facts, Member, Owner, Revs, SetCache};
use super::control::{update_stateful_set, SyncReport};
use super::memo::RevisionMemo;
use super::pod_control::ActionError;
use super::utils::controller_ref;
use crate::sim::api::{StatusReason, WriteOptions};
use crate::sim::cluster::Ctx;
use crate::sim::explain::Note;
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
            Ok(_) => report.notes.push(Note::AdoptedRevision(name)),
            Err(e) if e.reason == StatusReason::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// The pods a sync works on: the cached pods themselves when the set claims each of them as
/// it is (the usual case: nothing to release or adopt, no other pods in the namespace), so
/// that no copy of every member is made; otherwise the list claim built.
type Claimed<'p> = Cow<'p, [Member]>;

/// Step 4: the pods this set manages after releasing and adopting (sorted by name), with
/// their facts. The cache is refreshed first, so a sync re-derives facts only for pods that
/// changed since the last sync.
fn claim_pods<'p>(
    cx: &mut Ctx,
    set: &StatefulSet,
    cache: &'p mut SetCache,
    report: &mut SyncReport,
) -> Result<(Claimed<'p>, &'p mut Revs, &'p mut RevisionMemo), ActionError> {
    cache.refresh(cx.api, set);
    let uid = set.metadata.uid.as_str();
    let being_deleted = set.metadata.deletion_timestamp.is_some();
    let (entries, revs, memo) = (&cache.entries, &mut cache.revs, &mut cache.memo);
    // Every pod is this set's and matches: the loop below would keep each one, in order,
    // and do nothing else.
    if entries
        .iter()
        .all(|e| e.f.owner == Owner::This && e.f.matches)
    {
        return Ok((Cow::Borrowed(entries), revs, memo));
    }
    let mut claimed = Vec::with_capacity(entries.len());
    let mut adopt_checked: Option<bool> = None;
    for e in entries {
        let f = e.f;
        match f.owner {
            Owner::Other => {}
            Owner::This if f.matches => claimed.push(e.clone()),
            Owner::This => {
                if being_deleted {
                    continue;
                }
                let name = e.pod.metadata.name.clone();
                let mut pod = e.pod.to_pod();
                pod.metadata.owner_references.retain(|r| r.uid != uid);
                match cx.api.update(Object::Pod(pod), &WriteOptions::default()) {
                    Ok(_) => {
                        cx.explain(
                            ObjectRef::new(Kind::Pod, &set.metadata.namespace, &name),
                            Note::PodReleasedBy(set.metadata.name.clone()),
                        );
                        report.notes.push(Note::ReleasedPod(name));
                    }
                    Err(e) if e.reason == StatusReason::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Owner::None => {
                if being_deleted || !f.matches || f.terminating {
                    continue;
                }
                if !*adopt_checked.get_or_insert_with(|| can_adopt(cx, set)) {
                    continue;
                }
                let name = e.pod.metadata.name.clone();
                let mut pod = e.pod.to_pod();
                pod.metadata.owner_references.push(controller_ref(set));
                match cx.api.update(Object::Pod(pod), &WriteOptions::default()) {
                    Ok(Object::Pod(p)) => {
                        cx.explain(
                            ObjectRef::new(Kind::Pod, &set.metadata.namespace, &name),
                            Note::PodAdoptedBy(set.metadata.name.clone()),
                        );
                        report.notes.push(Note::AdoptedPod(name));
                        let f = Facts::of(set, &p, revs);
                        claimed.push(Member {
                            pod: SharedPod::owned(p),
                            f,
                        });
                    }
                    Ok(_) => {}
                    Err(e) if e.reason == StatusReason::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    Ok((Cow::Owned(claimed), revs, memo))
}

/// `sync(set)`: None when the set does not exist (nothing to do).
pub fn sync_set(cx: &mut Ctx, cache: &mut SetCache, ns: &str, name: &str) -> Option<SyncResult> {
    // Shared with the store, not deep-copied (the template makes a set large): the snapshot
    // is immutable, so the sync reads the set as it was when the sync began, as before.
    let shared = cx.api.get_shared(Kind::StatefulSet, ns, name)?;
    let Object::StatefulSet(set) = &*shared else {
        return None;
    };
    let mut report = SyncReport::default();
    let Some(selector) = set.spec.selector.clone() else {
        report.notes.push(Note::NoSelector);
        return Some((report, Ok(())));
    };
    if let Err(e) = adopt_orphan_revisions(cx, set, &selector, &mut report) {
        return Some((report, Err(e)));
    }
    let (pods, revs, memo) = match claim_pods(cx, set, cache, &mut report) {
        Ok(p) => p,
        Err(e) => return Some((report, Err(e))),
    };
    let (mut core_report, res) = update_stateful_set(cx, set, &pods, revs, memo);
    report.notes.append(&mut core_report.notes);
    report.wake_at = core_report.wake_at;
    report.counters_written = core_report.counters_written;
    Some((report, res))
}
