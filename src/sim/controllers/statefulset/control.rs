//! The core of the StatefulSet controller (upstream `stateful_set_control.go`):
//! `UpdateStatefulSet` → revisions → `updateStatefulSet` (replica slots, condemned pods,
//! rolling update) → status → history truncation. Ref §1.4–§1.6, §1.10, §2.
//!
//! Every decision to wait or skip is written down as a note; the controller publishes the
//! notes as the set's explanation so a learner can see *why* nothing is happening.

use super::cache::{Facts, Member, Phase, Revs};
use super::history::{get_set_revisions, list_revisions, truncate_history, SetRevisions};
use super::memo::RevisionMemo;
use super::pod_control::{
    claims_match_retention, create_missing_claims, create_stateful_pod, delete_stateful_pod,
    pod_claim_is_stale, update_claims_for_retention, update_stateful_pod, ActionError,
    ActionResult,
};
use super::retention::pod_in_range;
use super::utils::*;
use crate::sim::cluster::Ctx;
use crate::sim::explain::{Condition, Note, Then};
use crate::sim::objects::{Pod, SharedPod, StatefulSet, StatefulSetStatus};
use crate::sim::Millis;

/// What follows once the pod a set waits for is healthy (for the explanation).
enum Next {
    Then(Then),
    /// Scaling down this pod, which needs the whole remaining range healthy.
    ScaleDown(String),
}

/// What one sync of a set decided, for the explanation and the requeue timer.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub notes: Vec<Note>,
    /// Earliest instant a Ready pod becomes available (minReadySeconds), to wake up then.
    pub wake_at: Option<Millis>,
    /// resourceVersion of a status write that changed only counters (see [`persist_status`]).
    pub counters_written: Option<String>,
}

/// Counts of `computeReplicaStatus` (ref §2.1); `cur`/`upd` are the interned current and
/// update revisions. Also returns the distinct revisions the pods are at, in order of first
/// appearance (a set's pods are at one or two, so a linear `contains` beats sorting them),
/// so that one pass over the pods serves both the status and history truncation.
fn count_into<'f>(
    status: &mut StatefulSetStatus,
    pods: impl Iterator<Item = &'f Facts>,
    (cur, upd): (u32, u32),
    min_ready: i32,
    now: Millis,
) -> Vec<u32> {
    let (mut replicas, mut ready, mut available, mut current, mut updated) = (0, 0, 0, 0, 0);
    let mut revs: Vec<u32> = Vec::with_capacity(2);
    for f in pods {
        if !revs.contains(&f.rev) {
            revs.push(f.rev);
        }
        if f.created() {
            replicas += 1;
        }
        if f.running_and_ready() {
            ready += 1;
            if f.available(min_ready, now) {
                available += 1;
            }
        }
        if f.created() && !f.terminating {
            if f.rev == cur {
                current += 1;
            }
            if f.rev == upd {
                updated += 1;
            }
        }
    }
    status.replicas = replicas;
    status.ready_replicas = ready;
    status.available_replicas = available;
    status.current_replicas = current;
    status.updated_replicas = updated;
    revs
}

/// `UpdateStatefulSet`: revisions, the core loop, status, truncation. Returns the first error
/// (the caller requeues with backoff) and the report.
pub fn update_stateful_set(
    cx: &mut Ctx,
    set: &StatefulSet,
    pods: &[Member],
    revs_names: &mut Revs,
    memo: &mut RevisionMemo,
) -> (SyncReport, Result<(), ActionError>) {
    let mut report = SyncReport::default();
    let sorted = list_revisions(cx, set);
    let revs = match get_set_revisions(cx, set, &sorted, memo) {
        Ok(r) => r,
        Err(e) => {
            report.notes.push(Note::RevisionsFailed(e.message.clone()));
            return (report, Err(e));
        }
    };
    let ids = (
        revs_names.intern(&revs.current.metadata.name),
        revs_names.intern(&revs.update.metadata.name),
    );
    let mut status = StatefulSetStatus::default();
    let (min_ready, now) = (set.spec.min_ready_seconds, cx.now());
    let pod_revs = count_into(&mut status, pods.iter().map(|m| &m.f), ids, min_ready, now);
    let (status, res) = match Core::new(cx, set, &revs, pods, revs_names, memo, (ids, status)) {
        Ok(mut core) => {
            let res = core.run();
            report.notes = std::mem::take(&mut core.notes);
            (Some(core.status), res)
        }
        Err(e) => (None, Err(e)),
    };
    let status_res = match status {
        Some(s) => persist_status(cx, set, s).map(|rv| report.counters_written = rv),
        None => Ok(()),
    };
    // The distinct revisions the pods are at (liveness is a set: order and repeats are moot).
    let live: Vec<&str> = pod_revs.iter().map(|&i| revs_names.name(i)).collect();
    let trunc = truncate_history(cx, set, &live, &sorted, &revs);
    if min_ready > 0 {
        report.wake_at = pods
            .iter()
            .filter_map(|m| m.f.available_at(min_ready))
            .filter(|t| *t > now)
            .min();
    }
    (report, res.and(status_res).and(trunc))
}

/// `updateStatefulSetStatus` + `completeRollingUpdate`: write status only when it changed.
///
/// Returns the new resourceVersion when the write changed only counters (replicas, ready,
/// available, current, updated, observedGeneration) of a RollingUpdate set. A sync reads none
/// of those (OnDelete reads `currentReplicas` to version missing pods), so the sync that this
/// write's own watch event would trigger can only repeat this one; the controller skips it.
fn persist_status(
    cx: &mut Ctx,
    set: &StatefulSet,
    mut status: StatefulSetStatus,
) -> Result<Option<String>, ActionError> {
    let want = replicas(set);
    if strategy_type(set) == "RollingUpdate"
        && status.updated_replicas == want
        && status.ready_replicas == want
        && status.replicas == want
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
    let old = &set.status;
    let changed = old.observed_generation.is_none()
        || status.observed_generation > old.observed_generation
        || status.replicas != old.replicas
        || status.ready_replicas != old.ready_replicas
        || status.available_replicas != old.available_replicas
        || status.current_replicas != old.current_replicas
        || status.updated_replicas != old.updated_replicas
        || status.current_revision != old.current_revision
        || status.update_revision != old.update_revision
        || status.collision_count != old.collision_count;
    if !changed {
        return Ok(None);
    }
    let counters_only = strategy_type(set) == "RollingUpdate"
        && status.current_revision == old.current_revision
        && status.update_revision == old.update_revision
        && status.collision_count == old.collision_count;
    status.conditions = set.status.conditions.clone();
    // A status write without a resourceVersion precondition takes only name, namespace and
    // status from the object written (the server keeps the stored metadata and spec), so
    // the set itself is not copied for it, and the stored result is read shared.
    let mut latest = StatefulSet {
        status,
        ..Default::default()
    };
    latest.metadata.name.clone_from(&set.metadata.name);
    latest
        .metadata
        .namespace
        .clone_from(&set.metadata.namespace);
    let stored = cx
        .api
        .update_status_shared(crate::sim::objects::Object::StatefulSet(latest))?;
    Ok(counters_only.then(|| stored.meta().resource_version.clone()))
}

/// The replicas of one sync, by slot (slot i is ordinal start + i). They are not copied into
/// a list of their own: a slot is an index into the claimed pods, or past their end into the
/// placeholders planned for missing pods, so building them is one pass over a small array.
struct Replicas<'s> {
    /// The claimed pods.
    pods: &'s [Member],
    /// Placeholders for the slots no claimed pod fills.
    planned: Vec<Member>,
    /// Per slot, an index into `pods`, or `pods.len()` + an index into `planned`.
    slots: Vec<u32>,
}

impl<'s> Replicas<'s> {
    fn len(&self) -> usize {
        self.slots.len()
    }

    /// The member in slot `i`.
    fn get(&self, i: usize) -> &Member {
        let k = self.slots[i] as usize;
        match self.pods.get(k) {
            Some(m) => m,
            None => &self.planned[k - self.pods.len()],
        }
    }

    /// The members of the slots in `range` (empty when it starts past the end), ascending.
    fn range(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = &Member> + use<'_, 's> {
        let end = range.end.min(self.len());
        (range.start..end).map(move |i| self.get(i))
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &Member> + use<'_, 's> {
        self.range(0..self.len())
    }
}

/// One run of `updateStatefulSet` over a snapshot of the set and its pods.
struct Core<'c, 'a, 's> {
    cx: &'c mut Ctx<'a>,
    set: &'s StatefulSet,
    update_set: StatefulSet,
    update_rev: String,
    /// The current and update revisions interned, to compare with [`Facts::rev`].
    ids: (u32, u32),
    replicas: Replicas<'s>,
    condemned: Vec<Member>,
    /// Whether the slots and `condemned` hold every claimed pod once (nothing was left out
    /// for a negative ordinal or a repeated one), so that a recount over them equals the
    /// count over the claimed pods that `status` starts with (see [`Core::recount`]).
    counted_all: bool,
    /// Neither the set nor the update revision has claim templates: no claims to check.
    no_claims: bool,
    status: StatefulSetStatus,
    notes: Vec<Note>,
    monotonic: bool,
    min_ready: i32,
    now: Millis,
}

impl<'c, 'a, 's> Core<'c, 'a, 's> {
    /// `counted` is the interned (current, update) revisions and the status with the counts
    /// over `pods` already taken (see [`count_into`]).
    fn new(
        cx: &'c mut Ctx<'a>,
        set: &'s StatefulSet,
        revs: &SetRevisions,
        pods: &'s [Member],
        names: &mut Revs,
        memo: &mut RevisionMemo,
        ((cur_id, upd_id), counts): ((u32, u32), StatefulSetStatus),
    ) -> Result<Self, ActionError> {
        let current_set = memo.apply(set, &revs.current).map_err(ActionError::msg)?;
        let update_set = memo.apply(set, &revs.update).map_err(ActionError::msg)?;
        let (cur, upd) = (
            revs.current.metadata.name.clone(),
            revs.update.metadata.name.clone(),
        );
        let now = cx.now();
        let min_ready = set.spec.min_ready_seconds;
        let status = StatefulSetStatus {
            observed_generation: Some(set.metadata.generation),
            current_revision: cur.clone(),
            update_revision: upd.clone(),
            collision_count: Some(revs.collision_count),
            ..counts
        };
        let ids = (cur_id, upd_id);

        let (start, n) = (start_ordinal(set), replicas(set));
        // Slot i holds the index in `pods` of ordinal start+i (pods are sorted by name, not
        // by ordinal); indices keep this pass to one small array instead of moving members.
        let mut slots: Vec<u32> = vec![u32::MAX; n as usize];
        let mut condemned = Vec::new();
        let mut counted_all = true;
        for (k, m) in pods.iter().enumerate() {
            let ord = m.f.ordinal;
            if ord >= start && ord < start + n {
                let slot = &mut slots[(ord - start) as usize];
                // A second pod of this ordinal replaces the first, which is then in neither list.
                counted_all &= *slot == u32::MAX;
                *slot = k as u32;
            } else if ord >= 0 {
                condemned.push(m.clone());
            } else {
                counted_all = false;
            }
        }
        let mut planned = Vec::new();
        for (i, slot) in slots.iter_mut().enumerate() {
            if *slot != u32::MAX {
                continue;
            }
            let pod = new_versioned_pod(&current_set, &update_set, &cur, &upd, start + i as i32);
            let f = Facts::of(set, &pod, names);
            *slot = (pods.len() + planned.len()) as u32;
            planned.push(Member {
                pod: SharedPod::owned(pod),
                f,
            });
        }
        condemned.sort_by_key(|m| std::cmp::Reverse(m.f.ordinal));
        let no_claims = set.spec.volume_claim_templates.is_empty()
            && update_set.spec.volume_claim_templates.is_empty();
        Ok(Core {
            cx,
            set,
            update_set,
            update_rev: upd,
            ids,
            replicas: Replicas {
                pods,
                planned,
                slots,
            },
            condemned,
            counted_all,
            no_claims,
            status,
            notes: Vec::new(),
            monotonic: is_monotonic(set),
            min_ready,
            now,
        })
    }

    fn name(&self) -> &str {
        &self.set.metadata.name
    }

    /// Counts the replicas and condemned pods into the status, as upstream counts after the
    /// replica and condemned passes. Their facts are the snapshot the sync began with, and a
    /// planned (not created) pod counts for nothing, so when they hold every claimed pod the
    /// counts already in the status (taken over the claimed pods, and not changed before this
    /// call) are the answer, and the pass over every pod is skipped.
    fn recount(&mut self) {
        if self.counted_all {
            return;
        }
        let all = self.replicas.iter().chain(self.condemned.iter());
        count_into(
            &mut self.status,
            all.map(|m| &m.f),
            self.ids,
            self.min_ready,
            self.now,
        );
    }

    /// The first unhealthy pod, replicas ascending then condemned ascending (upstream's
    /// `firstUnhealthyPod`); only a monotonic scale-down asks, so it is not computed ahead.
    fn first_unhealthy(&self) -> Option<&str> {
        let unhealthy = |m: &&Member| !m.f.healthy(self.min_ready, self.now);
        self.replicas
            .iter()
            .find(unhealthy)
            .or_else(|| self.condemned.iter().rev().find(unhealthy))
            .map(|m| m.pod.metadata.name.as_str())
    }

    /// Whether `processReplica` would do nothing for a pod with facts `f`: no branch that
    /// acts, notes or blocks applies (it is created, neither Failed, Succeeded nor
    /// terminating, has its identity and storage, no claims to check and, when monotonic, is
    /// available). Most pods of a settled set are such pods; skipping them without copying
    /// their member keeps the replica pass cheap.
    fn quiet(&self, f: &Facts) -> bool {
        f.created()
            && !matches!(f.phase, Phase::Failed | Phase::Succeeded)
            && !f.terminating
            && f.identity_ok
            && f.storage_ok
            && self.no_claims
            && (!self.monotonic || f.available(self.min_ready, self.now))
    }

    /// What the set would do after slot `i`, for "waiting … before …" explanations.
    fn next_step_after(&self, i: usize) -> Option<Next> {
        if let Some(m) = self
            .replicas
            .range(i + 1..self.replicas.len())
            .find(|m| !m.f.created())
        {
            return Some(Next::Then(Then::Create(m.pod.metadata.name.clone())));
        }
        if let Some(c) = self.condemned.first() {
            return Some(Next::ScaleDown(c.pod.metadata.name.clone()));
        }
        if strategy_type(self.set) == "RollingUpdate" {
            let min = partition(self.set).max(0) as usize;
            if let Some(m) = self
                .replicas
                .range(min..self.replicas.len())
                .rev()
                .find(|m| m.f.rev != self.ids.1)
            {
                return Some(Next::Then(Then::Update(m.pod.metadata.name.clone())));
            }
        }
        None
    }

    fn note_wait(&mut self, i: usize, condition: Condition) {
        let pod = self.replicas.get(i).pod.metadata.name.clone();
        let note = match self.next_step_after(i) {
            Some(Next::ScaleDown(victim)) => {
                let (start, end) = (start_ordinal(self.set), end_ordinal(self.set));
                Note::ScaleDownWaitsForRange {
                    victim,
                    range: describe_range(self.name(), start, end),
                    condition,
                    pod,
                }
            }
            next => Note::Wait {
                pod,
                condition,
                then: next.and_then(|n| match n {
                    Next::Then(t) => Some(t),
                    Next::ScaleDown(_) => None,
                }),
            },
        };
        self.notes.push(note);
    }

    fn run(&mut self) -> ActionResult {
        if self.set.metadata.deletion_timestamp.is_some() {
            self.notes.push(Note::BeingDeleted);
            return Ok(());
        }
        if !self.process_replicas()? {
            self.recount();
            return Ok(());
        }
        if !self.process_condemned()? {
            self.recount();
            return Ok(());
        }
        self.recount();
        if strategy_type(self.set) == "OnDelete" {
            self.note_on_delete();
            return Ok(());
        }
        let res = if self.cx.gates().max_unavailable_stateful_set {
            self.rolling_update_max_unavailable()
        } else {
            self.rolling_update_legacy()
        };
        self.note_partition();
        res
    }

    /// Step 10: every slot, ascending; returns false when the sync must stop here.
    fn process_replicas(&mut self) -> Result<bool, ActionError> {
        if self.monotonic {
            for i in 0..self.replicas.len() {
                if self.quiet(&self.replicas.get(i).f) {
                    continue;
                }
                if self.process_replica(i)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let mut i = 0;
        for batch in slow_start_batches(self.replicas.len()) {
            let mut err = None;
            for j in i..i + batch {
                if self.quiet(&self.replicas.get(j).f) {
                    continue;
                }
                if let Err(e) = self.process_replica(j) {
                    err.get_or_insert(e);
                }
            }
            i += batch;
            if let Some(e) = err {
                return Err(e);
            }
        }
        Ok(true)
    }

    /// `processReplica`: Ok(true) means "block" (only honoured in OrderedReady).
    fn process_replica(&mut self, i: usize) -> Result<bool, ActionError> {
        // Facts answer every question about a pod; its text is read only to act or to explain.
        let Member { pod, f } = self.replicas.get(i).clone();
        if matches!(f.phase, Phase::Failed | Phase::Succeeded) {
            let (name, phase) = (pod.metadata.name.clone(), pod.status.phase.clone());
            if !f.terminating {
                self.notes
                    .push(Note::ReplacingFinished { pod: name, phase });
                delete_stateful_pod(self.cx, self.set, &pod)?;
            } else {
                self.notes.push(Note::WaitFinishedGone { pod: name, phase });
            }
            return Ok(true);
        }
        if !f.created() {
            let name = pod.metadata.name.as_str();
            if pod_claim_is_stale(self.cx, self.set, &pod) {
                self.notes.push(Note::WaitStaleClaims(name.to_string()));
                return Ok(true);
            }
            if let Err(e) = create_stateful_pod(self.cx, self.set, &pod) {
                self.notes.push(Note::CreateFailed {
                    pod: name.to_string(),
                    message: e.message.clone(),
                });
                return Err(e);
            }
            self.notes.push(Note::Created {
                pod: name.to_string(),
                revision: pod_revision(&pod).to_string(),
                next_waits: self.monotonic,
            });
            if self.monotonic {
                return Ok(true);
            }
        }
        // Without claim templates there are no claims to create or to check.
        if f.phase == Phase::Pending && !self.set.spec.volume_claim_templates.is_empty() {
            create_missing_claims(self.cx, self.set, &pod)?;
        }
        if f.terminating && self.monotonic {
            self.notes.push(Note::WaitTerminating {
                pod: pod.metadata.name.clone(),
                stuck: crate::sim::nodectl::stuck_termination_note(self.cx.api, &pod),
            });
            return Ok(true);
        }
        if f.terminating {
            // Parallel sets go on with other pods; this one still cannot be recreated.
            if let Some(why) = crate::sim::nodectl::stuck_termination_note(self.cx.api, &pod) {
                self.notes.push(Note::Terminating(why));
            }
        }
        if self.monotonic && f.created() && !f.running_and_ready() {
            self.note_wait(i, Condition::RunningAndReady);
            return Ok(true);
        }
        if self.monotonic && f.created() && !f.available(self.min_ready, self.now) {
            self.note_wait(i, Condition::Available(self.min_ready));
            return Ok(true);
        }
        let retention_ok = !f.created()
            || self.update_set.spec.volume_claim_templates.is_empty()
            || claims_match_retention(self.cx, &self.update_set, &pod);
        if f.identity_ok && f.storage_ok && retention_ok {
            return Ok(false);
        }
        update_stateful_pod(self.cx, &self.update_set, &pod)?;
        Ok(false)
    }

    /// Steps 11–12: fix condemned claims, then delete condemned pods highest first.
    fn process_condemned(&mut self) -> Result<bool, ActionError> {
        for k in 0..self.condemned.len() {
            if self.set.spec.volume_claim_templates.is_empty() {
                break; // no claims to fix
            }
            let pod = self.condemned[k].pod.clone();
            if !claims_match_retention(self.cx, self.set, &pod) {
                update_claims_for_retention(self.cx, self.set, &pod)?;
            }
        }
        if self.monotonic {
            for k in 0..self.condemned.len() {
                if self.process_condemned_pod(k)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let mut first_err = None;
        for k in 0..self.condemned.len() {
            if let Err(e) = self.process_condemned_pod(k) {
                first_err.get_or_insert(e);
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(true),
        }
    }

    /// `processCondemned`: Ok(true) means "block".
    fn process_condemned_pod(&mut self, k: usize) -> Result<bool, ActionError> {
        let Member { pod, f } = self.condemned[k].clone();
        if f.terminating {
            if self.monotonic {
                self.notes.push(Note::ScaleDownWaitTerminating {
                    pod: pod.metadata.name.clone(),
                    next: self
                        .condemned
                        .get(k + 1)
                        .map(|m| m.pod.metadata.name.clone()),
                });
                return Ok(true);
            }
            return Ok(false);
        }
        let name = pod.metadata.name.clone();
        if self.monotonic && !f.available(self.min_ready, self.now) {
            let first = self.first_unhealthy().unwrap_or_default().to_string();
            if first != name {
                self.notes.push(Note::ScaleDownBlocked {
                    pod: name,
                    first_unhealthy: first,
                });
                return Ok(true);
            }
        }
        self.notes.push(Note::ScaleDownDeleting {
            pod: name.clone(),
            range: self.ordinal_range(),
        });
        delete_stateful_pod(self.cx, self.set, &pod)?;
        Ok(true)
    }

    /// The ordinals the set keeps, first and last; None with no replicas.
    fn ordinal_range(&self) -> Option<(i32, i32)> {
        let (start, n) = (start_ordinal(self.set), replicas(self.set));
        (n > 0).then(|| (start, start + n - 1))
    }

    /// Step 15, legacy path (gate off): one pod per sync, highest slot down to the partition.
    fn rolling_update_legacy(&mut self) -> ActionResult {
        let min = partition(self.set).max(0) as usize;
        for target in (min..self.replicas.len()).rev() {
            // Facts decide; the member is copied only to act on or name its pod.
            let f = self.replicas.get(target).f;
            if f.healthy(self.min_ready, self.now) && f.rev == self.ids.1 {
                continue;
            }
            let pod = self.replicas.get(target).pod.clone();
            if f.rev != self.ids.1 && !f.terminating {
                self.notes.push(Note::RollingDeleting {
                    pod: pod.metadata.name.clone(),
                    from: pod_revision(&pod).to_string(),
                    to: self.update_rev.clone(),
                    max_unavailable: None,
                });
                match delete_stateful_pod(self.cx, self.set, &pod) {
                    Err(e) if !e.not_found => return Err(e),
                    _ => {}
                }
                // Never below 0: status validation rejects negative counts.
                self.status.current_replicas = (self.status.current_replicas - 1).max(0);
                return Ok(());
            }
            if !f.healthy(self.min_ready, self.now) {
                let next = self
                    .replicas
                    .range(min..target)
                    .rev()
                    .find(|m| m.f.rev != self.ids.1)
                    .map(|m| m.pod.metadata.name.clone());
                if let Some(next) = next {
                    self.notes.push(Note::RollingWait {
                        pod: pod.metadata.name.clone(),
                        next,
                    });
                }
                return Ok(());
            }
        }
        Ok(())
    }

    /// Step 15 with MaxUnavailableStatefulSet on: delete up to maxUnavailable − unavailable
    /// outdated pods from the top; unavailable pods below the partition consume budget too.
    fn rolling_update_max_unavailable(&mut self) -> ActionResult {
        let min = partition(self.set).max(0) as usize;
        let max = max_unavailable(self.set).map_err(ActionError::msg)?;
        let unavailable = self
            .replicas
            .iter()
            .filter(|m| !m.f.healthy(self.min_ready, self.now))
            .count() as i32;
        let outdated = self
            .replicas
            .range(min..self.replicas.len())
            .any(|m| m.f.rev != self.ids.1 && !m.f.terminating);
        if unavailable >= max {
            if outdated {
                self.notes.push(Note::BudgetUsed { unavailable, max });
            }
            return Ok(());
        }
        let mut budget = max - unavailable;
        for target in (min..self.replicas.len()).rev() {
            if budget == 0 {
                break;
            }
            let Member { pod, f } = self.replicas.get(target).clone();
            if f.rev != self.ids.1 && !f.terminating {
                self.notes.push(Note::RollingDeleting {
                    pod: pod.metadata.name.clone(),
                    from: pod_revision(&pod).to_string(),
                    to: self.update_rev.clone(),
                    max_unavailable: Some(max),
                });
                match delete_stateful_pod(self.cx, self.set, &pod) {
                    Err(e) if !e.not_found => return Err(e),
                    _ => {}
                }
                budget -= 1;
                self.status.current_replicas = (self.status.current_replicas - 1).max(0);
            }
        }
        Ok(())
    }

    /// Pods the partition keeps on an older revision.
    fn note_partition(&mut self) {
        let p = partition(self.set);
        let start = start_ordinal(self.set);
        for m in self.replicas.iter().take(p.max(0) as usize) {
            if m.f.rev != self.ids.1 {
                self.notes.push(Note::BelowPartition {
                    pod: m.pod.metadata.name.clone(),
                    ordinal: m.f.ordinal,
                    partition: p,
                    start,
                });
            }
        }
    }

    /// OnDelete: which pods keep an old revision until the user deletes them.
    fn note_on_delete(&mut self) {
        let old: Vec<String> = self
            .replicas
            .iter()
            .filter(|m| m.f.created() && m.f.rev != self.ids.1)
            .map(|m| m.pod.metadata.name.clone())
            .collect();
        if !old.is_empty() {
            self.notes.push(Note::OnDeleteKeeps {
                pods: old,
                revision: self.update_rev.clone(),
            });
        }
    }
}

/// Whether a claim of `pod` would be kept or handed to the pod for deletion (used by tests and
/// the cluster view): true when the pod is scaled away.
pub fn is_condemned(set: &StatefulSet, pod: &Pod) -> bool {
    !pod_in_range(set, pod)
}
