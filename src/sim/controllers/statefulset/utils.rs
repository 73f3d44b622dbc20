//! Pure helpers of the StatefulSet controller (upstream `stateful_set_utils.go`): ordinal parsing,
//! names, identity and storage checks, building a versioned pod, readiness, batching.
//!
//! Nothing here talks to the API server, so each rule can be unit tested on its own.

use crate::sim::objects::{
    IntOrString, OwnerReference, PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, Pod,
    StatefulSet, Volume,
};
use crate::sim::Millis;

/// Pod label holding the pod's own name (the identity check looks only at this one).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Pod label holding the ordinal (PodIndexLabel gate, on by default since 1.28).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// Pod label holding the FULL ControllerRevision name (`web-6d44c68d9`).
pub const REVISION_LABEL: &str = "controller-revision-hash";
/// ControllerRevision label holding just the hash.
pub const REVISION_HASH_LABEL: &str = "controller.kubernetes.io/hash";
/// Upper bound of one slow-start batch (`MaxBatchSize`).
pub const MAX_BATCH_SIZE: usize = 500;

/// `getParentNameAndOrdinal`: regex `(.*)-([0-9]+)$`. The ordinal is `-1` when the name does not
/// match or the number does not fit an int32 (such pods are ignored by the algorithm).
pub fn parent_and_ordinal(pod_name: &str) -> (String, i32) {
    match split_ordinal(pod_name) {
        Some((parent, n)) => (parent.to_string(), n),
        None => (String::new(), -1),
    }
}

/// [`parent_and_ordinal`] without allocating: the parent borrowed from the name, `None` when
/// the name has no ordinal. The controller parses every pod's name on every sync.
fn split_ordinal(pod_name: &str) -> Option<(&str, i32)> {
    let dash = pod_name.rfind('-')?;
    let digits = &pod_name[dash + 1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok().map(|n| (&pod_name[..dash], n))
}

/// The ordinal of a pod name, `-1` if it has none.
pub fn ordinal_of(pod_name: &str) -> i32 {
    split_ordinal(pod_name).map_or(-1, |(_, n)| n)
}

/// `isMemberOf` on names: the pod name parses as `<set>-<N>`.
pub fn is_member_name(set_name: &str, pod_name: &str) -> bool {
    split_ordinal(pod_name).is_some_and(|(parent, _)| parent == set_name)
}

/// `getPodName`: `<set>-<ordinal>`, decimal, no padding.
pub fn pod_name(set_name: &str, ordinal: i32) -> String {
    format!("{set_name}-{ordinal}")
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`, e.g. `www-web-0`.
pub fn claim_name(template_name: &str, set_name: &str, ordinal: i32) -> String {
    format!("{template_name}-{set_name}-{ordinal}")
}

/// Slow-start batch sizes for `total` concurrent actions: 1, 2, 4, … each capped at
/// [`MAX_BATCH_SIZE`], summing to `total` (upstream `slowStartBatch`).
pub fn slow_start_batches(total: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut remaining = total;
    let mut size = 1usize;
    while remaining > 0 {
        let n = size.min(remaining).min(MAX_BATCH_SIZE);
        out.push(n);
        remaining -= n;
        size = (size * 2).min(MAX_BATCH_SIZE);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Set accessors (defaults as the API server would have filled them in).

/// `spec.replicas` (defaulted to 1).
pub fn replicas(set: &StatefulSet) -> i32 {
    set.spec.replicas.unwrap_or(1).max(0)
}

/// `getStartOrdinal`: `spec.ordinals.start`, 0 when `ordinals` is unset.
pub fn start_ordinal(set: &StatefulSet) -> i32 {
    set.spec.ordinals.as_ref().map(|o| o.start).unwrap_or(0)
}

/// `getEndOrdinal`: start + replicas − 1.
pub fn end_ordinal(set: &StatefulSet) -> i32 {
    start_ordinal(set) + replicas(set) - 1
}

/// `podManagementPolicy != Parallel`: OrderedReady creates, deletes and updates one pod at a time.
pub fn is_monotonic(set: &StatefulSet) -> bool {
    set.spec.pod_management_policy != "Parallel"
}

/// `spec.updateStrategy.type`, with the API-server default.
pub fn strategy_type(set: &StatefulSet) -> &str {
    match set.spec.update_strategy.type_.as_str() {
        "" => "RollingUpdate",
        t => t,
    }
}

/// `rollingUpdate.partition` (0 when `rollingUpdate` or `partition` is unset).
pub fn partition(set: &StatefulSet) -> i32 {
    set.spec
        .update_strategy
        .rolling_update
        .as_ref()
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

/// `getStatefulSetMaxUnavailable`: maxUnavailable scaled against replicas, rounded DOWN, then
/// at least 1 (so `10%` of 15 is 1, not the 2 the docs promise). Unset means 1.
pub fn max_unavailable(set: &StatefulSet) -> Result<i32, String> {
    let value = set
        .spec
        .update_strategy
        .rolling_update
        .as_ref()
        .and_then(|r| r.max_unavailable.clone());
    let n = match value {
        None => 1,
        Some(v) => v.scaled_value(replicas(set), false)?,
    };
    Ok(n.max(1))
}

/// The retention policy with defaults: (whenDeleted, whenScaled), each `Retain` or `Delete`.
pub fn retention_policy(set: &StatefulSet) -> (bool, bool) {
    let p = set.spec.persistent_volume_claim_retention_policy.as_ref();
    let delete_on_delete = p.is_some_and(|p| p.when_deleted == "Delete");
    let delete_on_scale = p.is_some_and(|p| p.when_scaled == "Delete");
    (delete_on_delete, delete_on_scale)
}

/// `spec.revisionHistoryLimit` (defaulted to 10).
pub fn history_limit(set: &StatefulSet) -> i32 {
    set.spec.revision_history_limit.unwrap_or(10)
}

/// The controller reference every pod, claim and revision gets: apps/v1 StatefulSet,
/// controller=true, blockOwnerDeletion=true.
pub fn controller_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// A controller reference to a pod (retention policy `whenScaled: Delete`).
pub fn pod_owner_ref(pod: &Pod) -> OwnerReference {
    OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

// ---------------------------------------------------------------------------------------------
// Pod state predicates (upstream `isCreated`, `isRunningAndReady`, …).

/// Persisted: the API server sets `phase: Pending` on create; placeholders have no phase.
pub fn is_created(pod: &Pod) -> bool {
    !pod.status.phase.is_empty()
}

pub fn is_pending(pod: &Pod) -> bool {
    pod.status.phase == "Pending"
}

pub fn is_failed(pod: &Pod) -> bool {
    pod.status.phase == "Failed"
}

pub fn is_succeeded(pod: &Pod) -> bool {
    pod.status.phase == "Succeeded"
}

pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

/// Phase Running and condition Ready=True (a terminating pod may still be Running and Ready).
pub fn is_running_and_ready(pod: &Pod) -> bool {
    pod.status.phase == "Running" && pod.is_ready()
}

/// `podutil.IsPodAvailable`: Ready for longer than minReadySeconds (strictly), or
/// minReadySeconds is 0.
pub fn is_running_and_available(pod: &Pod, min_ready_seconds: i32, now: Millis) -> bool {
    if !is_running_and_ready(pod) {
        return false;
    }
    if min_ready_seconds <= 0 {
        return true;
    }
    match pod.ready_since() {
        Some(t) => t + (min_ready_seconds as Millis) * 1000 < now,
        None => false,
    }
}

/// `isHealthy`: running, ready, available and not terminating.
pub fn is_healthy(pod: &Pod, min_ready_seconds: i32, now: Millis) -> bool {
    is_running_and_available(pod, min_ready_seconds, now) && !is_terminating(pod)
}

/// When a Ready pod that is not yet available will become available (first instant at which
/// [`is_running_and_available`] holds), so the controller can set a timer for exactly then.
pub fn available_at(pod: &Pod, min_ready_seconds: i32) -> Option<Millis> {
    if min_ready_seconds <= 0 || !is_running_and_ready(pod) {
        return None;
    }
    pod.ready_since()
        .map(|t| t + (min_ready_seconds as Millis) * 1000 + 1)
}

/// The pod's `controller-revision-hash` label ("" when missing).
pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata
        .labels
        .get(REVISION_LABEL)
        .map(String::as_str)
        .unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Identity and storage.

/// `isMemberOf`: the pod's name parses as `<set>-<N>`.
pub fn is_member_of(set: &StatefulSet, pod: &Pod) -> bool {
    is_member_name(&set.metadata.name, &pod.metadata.name)
}

/// `identityMatches`: ordinal parses, parent is the set, name/namespace/pod-name label agree.
/// (Hostname and subdomain are immutable and not re-checked; the pod-index label is not
/// checked either, as upstream.)
pub fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    // `name == getPodName(parent, ordinal)` without formatting it: the parent is the set and
    // the digits are the ordinal's decimal form (no leading zero).
    let Some((parent, _)) = split_ordinal(&pod.metadata.name) else {
        return false;
    };
    let digits = &pod.metadata.name[parent.len() + 1..];
    parent == set.metadata.name
        && (digits == "0" || !digits.starts_with('0'))
        && pod.metadata.namespace == set.metadata.namespace
        && pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name)
}

/// `getPersistentVolumeClaims`: one desired claim per template, in template order, labelled
/// with the template labels overlaid by the set selector's matchLabels.
pub fn desired_claims(set: &StatefulSet, ordinal: i32) -> Vec<PersistentVolumeClaim> {
    if set.spec.volume_claim_templates.is_empty() {
        // The common case, checked per pod on every sync: nothing to build.
        return Vec::new();
    }
    let selector_labels = set
        .spec
        .selector
        .as_ref()
        .map(|s| s.match_labels.clone())
        .unwrap_or_default();
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| {
            let mut claim = t.clone();
            claim.api_version = "v1".into();
            claim.kind = "PersistentVolumeClaim".into();
            claim.metadata.name = claim_name(&t.metadata.name, &set.metadata.name, ordinal);
            claim.metadata.namespace = set.metadata.namespace.clone();
            for (k, v) in &selector_labels {
                claim.metadata.labels.insert(k.clone(), v.clone());
            }
            claim.status = Default::default();
            claim
        })
        .collect()
}

/// `storageMatches`: every claim template has a same-named pod volume pointing at its claim.
pub fn storage_matches(set: &StatefulSet, pod: &Pod) -> bool {
    let ord = ordinal_of(&pod.metadata.name);
    if ord < 0 {
        return false;
    }
    set.spec.volume_claim_templates.iter().all(|t| {
        let want = claim_name(&t.metadata.name, &set.metadata.name, ord);
        pod.spec.volumes.iter().any(|v| {
            v.name == t.metadata.name
                && v.persistent_volume_claim
                    .as_ref()
                    .is_some_and(|c| c.claim_name == want)
        })
    })
}

/// `updateIdentity`: name, namespace, pod-name and pod-index labels from the ordinal.
pub fn update_identity(set: &StatefulSet, pod: &mut Pod) {
    let ord = ordinal_of(&pod.metadata.name);
    pod.metadata.name = pod_name(&set.metadata.name, ord);
    pod.metadata.namespace = set.metadata.namespace.clone();
    pod.metadata
        .labels
        .insert(POD_NAME_LABEL.into(), pod.metadata.name.clone());
    pod.metadata
        .labels
        .insert(POD_INDEX_LABEL.into(), ord.to_string());
}

/// `updateStorage`: claim volumes first (template order), then the template's other volumes; a
/// template volume named like a claim template is replaced by the claim.
pub fn update_storage(set: &StatefulSet, pod: &mut Pod) {
    let ord = ordinal_of(&pod.metadata.name);
    let templates = &set.spec.volume_claim_templates;
    let mut volumes: Vec<Volume> = templates
        .iter()
        .map(|t| Volume {
            name: t.metadata.name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&t.metadata.name, &set.metadata.name, ord),
                read_only: false,
            }),
            ..Default::default()
        })
        .collect();
    for v in &pod.spec.volumes {
        if !templates.iter().any(|t| t.metadata.name == v.name) {
            volumes.push(v.clone());
        }
    }
    pod.spec.volumes = volumes;
}

/// `newStatefulSetPod`: the template as a pod for `ordinal` (labels, annotations, finalizers,
/// generateName `<set>-`, controller reference, hostname, subdomain, claim volumes).
pub fn new_stateful_set_pod(set: &StatefulSet, ordinal: i32) -> Pod {
    let t = &set.spec.template;
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        ..Default::default()
    };
    pod.metadata.labels = t.metadata.labels.clone();
    pod.metadata.annotations = t.metadata.annotations.clone();
    pod.metadata.finalizers = t.metadata.finalizers.clone();
    pod.metadata.generate_name = format!("{}-", set.metadata.name);
    pod.metadata.owner_references = vec![controller_ref(set)];
    pod.spec = t.spec.clone();
    pod.metadata.name = pod_name(&set.metadata.name, ordinal);
    update_identity(set, &mut pod);
    pod.spec.hostname = pod.metadata.name.clone();
    pod.spec.subdomain = set.spec.service_name.clone();
    update_storage(set, &mut pod);
    pod
}

/// `newVersionedStatefulSetPod`: which revision a (re)created pod gets (ref §1.7).
/// * RollingUpdate without `rollingUpdate`: ordinals below start + status.currentReplicas
///   keep the current revision;
/// * with `rollingUpdate`: ordinals below start + partition keep the current revision;
/// * everything else (including OnDelete) gets the update revision.
pub fn new_versioned_pod(
    current_set: &StatefulSet,
    update_set: &StatefulSet,
    current_revision: &str,
    update_revision: &str,
    ordinal: i32,
) -> Pod {
    let start = start_ordinal(current_set);
    let ru = current_set.spec.update_strategy.rolling_update.as_ref();
    let use_current = (strategy_type(current_set) == "RollingUpdate"
        && ru.is_none()
        && ordinal < start + current_set.status.current_replicas)
        || ru.is_some_and(|r| ordinal < start + r.partition.unwrap_or(0));
    let (set, rev) = if use_current {
        (current_set, current_revision)
    } else {
        (update_set, update_revision)
    };
    let mut pod = new_stateful_set_pod(set, ordinal);
    pod.metadata
        .labels
        .insert(REVISION_LABEL.into(), rev.into());
    pod
}

/// A human list of ordinals as pod names, compressing runs: `web-0..web-3`.
pub fn describe_range(set_name: &str, from: i32, to: i32) -> String {
    if from == to {
        pod_name(set_name, from)
    } else {
        format!("{}..{}", pod_name(set_name, from), pod_name(set_name, to))
    }
}

/// True for an IntOrString that is exactly the integer 1 (used to explain maxUnavailable).
pub fn is_one(v: &IntOrString) -> bool {
    matches!(v, IntOrString::Int(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::{
        LabelSelector, PodCondition, RollingUpdateStatefulSetStrategy, StatefulSetOrdinals,
        StringMap,
    };

    fn web() -> StatefulSet {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        set.metadata.namespace = "default".into();
        set.metadata.uid = "uid-web".into();
        set.spec.replicas = Some(3);
        set.spec.service_name = "nginx".into();
        let mut labels = StringMap::new();
        labels.insert("app".into(), "nginx".into());
        set.spec.selector = Some(LabelSelector {
            match_labels: labels.clone(),
            ..Default::default()
        });
        set.spec.template.metadata.labels = labels;
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = "www".into();
        set.spec.volume_claim_templates = vec![claim];
        set.spec.template.spec.volumes = vec![
            Volume {
                name: "www".into(),
                ..Default::default()
            },
            Volume {
                name: "cfg".into(),
                ..Default::default()
            },
        ];
        set
    }

    #[test]
    fn parses_ordinals_like_upstream_regex() {
        assert_eq!(parent_and_ordinal("web-0"), ("web".to_string(), 0));
        assert_eq!(parent_and_ordinal("web-12"), ("web".to_string(), 12));
        // Greedy `(.*)`: the last dash separates the ordinal.
        assert_eq!(parent_and_ordinal("my-web-3"), ("my-web".to_string(), 3));
        assert_eq!(parent_and_ordinal("web-x").1, -1);
        assert_eq!(parent_and_ordinal("web").1, -1);
        assert_eq!(parent_and_ordinal("web-").1, -1);
        assert_eq!(parent_and_ordinal("web-99999999999").1, -1);
        assert!(is_member_name("web", "web-4"));
        assert!(!is_member_name("web", "webx-4"));
        assert!(!is_member_name("web", "web-0-a"));
        assert_eq!(pod_name("web", 3), "web-3");
        assert_eq!(claim_name("www", "web", 0), "www-web-0");
    }

    #[test]
    fn slow_start_batches_double_up_to_500() {
        assert_eq!(slow_start_batches(0), Vec::<usize>::new());
        assert_eq!(slow_start_batches(1), vec![1]);
        assert_eq!(slow_start_batches(3), vec![1, 2]);
        assert_eq!(slow_start_batches(10), vec![1, 2, 4, 3]);
        let big = slow_start_batches(1000);
        assert_eq!(big.iter().sum::<usize>(), 1000);
        assert!(big.iter().all(|&b| b <= MAX_BATCH_SIZE));
        assert_eq!(&big[..4], &[1, 2, 4, 8]);
    }

    #[test]
    fn new_pod_has_stable_identity_and_claims() {
        let set = web();
        let pod = new_stateful_set_pod(&set, 2);
        assert_eq!(pod.metadata.name, "web-2");
        assert_eq!(pod.metadata.generate_name, "web-");
        assert_eq!(pod.spec.hostname, "web-2");
        assert_eq!(pod.spec.subdomain, "nginx");
        assert_eq!(
            pod.metadata.labels.get(POD_NAME_LABEL).map(String::as_str),
            Some("web-2")
        );
        assert_eq!(
            pod.metadata.labels.get(POD_INDEX_LABEL).map(String::as_str),
            Some("2")
        );
        let owner = &pod.metadata.owner_references[0];
        assert_eq!(
            (
                owner.kind.as_str(),
                owner.controller,
                owner.block_owner_deletion
            ),
            ("StatefulSet", Some(true), Some(true))
        );
        // Claim volume first and replacing the same-named template volume; others kept.
        let names: Vec<&str> = pod.spec.volumes.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["www", "cfg"]);
        assert_eq!(
            pod.spec.volumes[0]
                .persistent_volume_claim
                .as_ref()
                .map(|c| c.claim_name.as_str()),
            Some("www-web-2")
        );
        assert!(identity_matches(&set, &pod));
        assert!(storage_matches(&set, &pod));
        let mut broken = pod.clone();
        broken.metadata.labels.remove(POD_NAME_LABEL);
        assert!(!identity_matches(&set, &broken));
        broken.spec.volumes.clear();
        assert!(!storage_matches(&set, &broken));
        // Removing only the pod-index label is not detected (upstream quirk).
        let mut no_index = pod;
        no_index.metadata.labels.remove(POD_INDEX_LABEL);
        assert!(identity_matches(&set, &no_index));
    }

    #[test]
    fn claims_carry_selector_labels() {
        let mut set = web();
        set.spec.volume_claim_templates[0]
            .metadata
            .labels
            .insert("tier".into(), "db".into());
        let claims = desired_claims(&set, 1);
        assert_eq!(claims[0].metadata.name, "www-web-1");
        assert_eq!(
            claims[0].metadata.labels.get("app").map(String::as_str),
            Some("nginx")
        );
        assert_eq!(
            claims[0].metadata.labels.get("tier").map(String::as_str),
            Some("db")
        );
    }

    #[test]
    fn versioned_pod_follows_partition_and_current_replicas() {
        let mut set = web();
        set.spec.update_strategy.type_ = "RollingUpdate".into();
        set.spec.update_strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy {
            partition: Some(2),
            max_unavailable: None,
        });
        let rev = |p: &Pod| pod_revision(p).to_string();
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 1)), "cur");
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 2)), "upd");
        // Partition 0 (the apps/v1 default): always the update revision.
        if let Some(r) = set.spec.update_strategy.rolling_update.as_mut() {
            r.partition = Some(0);
        }
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 0)), "upd");
        // rollingUpdate nil: ordinals below currentReplicas keep the current revision.
        set.spec.update_strategy.rolling_update = None;
        set.status.current_replicas = 2;
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 1)), "cur");
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 2)), "upd");
        // OnDelete: always the update revision.
        set.spec.update_strategy.type_ = "OnDelete".into();
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 0)), "upd");
        // With a start ordinal the partition counts from start.
        set.spec.update_strategy.type_ = "RollingUpdate".into();
        set.spec.update_strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy {
            partition: Some(1),
            max_unavailable: None,
        });
        set.spec.ordinals = Some(StatefulSetOrdinals { start: 5 });
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 5)), "cur");
        assert_eq!(rev(&new_versioned_pod(&set, &set, "cur", "upd", 6)), "upd");
    }

    #[test]
    fn availability_is_strictly_after_min_ready_seconds() {
        let mut pod = Pod::default();
        pod.status.phase = "Running".into();
        pod.status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: "True".into(),
            last_transition_time: Some(1_000),
            ..Default::default()
        });
        assert!(is_running_and_available(&pod, 0, 1_000));
        assert!(!is_running_and_available(&pod, 10, 11_000));
        assert!(is_running_and_available(&pod, 10, 11_001));
        assert_eq!(available_at(&pod, 10), Some(11_001));
        pod.metadata.deletion_timestamp = Some(5);
        assert!(!is_healthy(&pod, 0, 2_000));
        assert!(is_running_and_ready(&pod));
    }

    #[test]
    fn max_unavailable_rounds_down_and_is_at_least_one() {
        let mut set = web();
        set.spec.replicas = Some(15);
        assert_eq!(max_unavailable(&set), Ok(1));
        set.spec.update_strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy {
            partition: Some(0),
            max_unavailable: Some(IntOrString::String("10%".into())),
        });
        assert_eq!(max_unavailable(&set), Ok(1));
        if let Some(r) = set.spec.update_strategy.rolling_update.as_mut() {
            r.max_unavailable = Some(IntOrString::String("20%".into()));
        }
        assert_eq!(max_unavailable(&set), Ok(3));
        if let Some(r) = set.spec.update_strategy.rolling_update.as_mut() {
            r.max_unavailable = Some(IntOrString::Int(0));
        }
        assert_eq!(max_unavailable(&set), Ok(1));
    }
}
