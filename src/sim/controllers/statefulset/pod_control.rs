//! The StatefulSet controller's hands (upstream `stateful_pod_control.go`): create, update and
//! delete pods and their claims through the API server, and record the controller's events
//! with upstream's exact strings (ref §1.11, errata §15).

use super::retention::{claim_refs, has_stale_owner_ref, ClaimRefs};
use super::utils::{
    desired_claims, identity_matches, storage_matches, update_identity, update_storage,
};
use crate::sim::api::{ApiError, DeleteOptions, StatusReason, WriteOptions};
use crate::sim::cluster::Ctx;
use crate::sim::objects::{Kind, Object, PersistentVolumeClaim, Pod, StatefulSet};

/// Event source component of every event this controller records.
pub const COMPONENT: &str = "statefulset-controller";

/// An error of one controller action; `message` is what upstream's `err.Error()` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionError {
    pub message: String,
    pub not_found: bool,
    pub already_exists: bool,
}

impl From<ApiError> for ActionError {
    fn from(e: ApiError) -> Self {
        ActionError {
            not_found: e.reason == StatusReason::NotFound,
            already_exists: e.reason == StatusReason::AlreadyExists,
            message: e.message,
        }
    }
}

impl ActionError {
    pub fn msg(message: impl Into<String>) -> ActionError {
        ActionError {
            message: message.into(),
            not_found: false,
            already_exists: false,
        }
    }
}

pub type ActionResult = Result<(), ActionError>;

fn set_object(set: &StatefulSet) -> Object {
    Object::StatefulSet(set.clone())
}

/// `recordPodEvent`: `<verb> Pod <pod> in StatefulSet <set> successful` or
/// `… failed error: <err>`.
fn record_pod_event(
    cx: &mut Ctx,
    verb: &str,
    set: &StatefulSet,
    pod: &Pod,
    err: Option<&ActionError>,
) {
    let (set_name, pod_name) = (&set.metadata.name, &pod.metadata.name);
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let obj = set_object(set);
    match err {
        None => {
            let msg = format!("{verb} Pod {pod_name} in StatefulSet {set_name} successful");
            cx.api.record_event(
                &obj,
                "Normal",
                &format!("Successful{}", cap(verb)),
                &msg,
                COMPONENT,
                None,
            );
        }
        Some(e) => {
            let msg = format!(
                "{verb} Pod {pod_name} in StatefulSet {set_name} failed error: {}",
                e.message
            );
            cx.api.record_event(
                &obj,
                "Warning",
                &format!("Failed{}", cap(verb)),
                &msg,
                COMPONENT,
                None,
            );
        }
    }
}

/// `recordClaimEvent` (only "create" is ever recorded for claims).
fn record_claim_event(
    cx: &mut Ctx,
    set: &StatefulSet,
    pod: &Pod,
    claim: &str,
    err: Option<&ActionError>,
) {
    let (set_name, pod_name) = (&set.metadata.name, &pod.metadata.name);
    let obj = set_object(set);
    match err {
        None => {
            let msg =
                format!("create Claim {claim} Pod {pod_name} in StatefulSet {set_name} success");
            cx.api
                .record_event(&obj, "Normal", "SuccessfulCreate", &msg, COMPONENT, None);
        }
        Some(e) => {
            let msg = format!("create Claim {claim} for Pod {pod_name} in StatefulSet {set_name} failed error: {}", e.message);
            cx.api
                .record_event(&obj, "Warning", "FailedCreate", &msg, COMPONENT, None);
        }
    }
}

fn get_claim(cx: &Ctx, ns: &str, name: &str) -> Option<PersistentVolumeClaim> {
    match cx.api.get(Kind::PersistentVolumeClaim, ns, name) {
        Ok(Object::PersistentVolumeClaim(c)) => Some(c.clone()),
        _ => None,
    }
}

/// `createPersistentVolumeClaims`: creates each missing claim of the pod (event per claim); a
/// claim that is being deleted stops pod creation with `pvc <claim> is being deleted`.
pub fn create_missing_claims(cx: &mut Ctx, set: &StatefulSet, pod: &Pod) -> ActionResult {
    let ord = super::utils::ordinal_of(&pod.metadata.name);
    let mut errors = Vec::new();
    for claim in desired_claims(set, ord) {
        match get_claim(cx, &claim.metadata.namespace, &claim.metadata.name) {
            Some(existing) => {
                if existing.metadata.deletion_timestamp.is_some() {
                    errors.push(format!("pvc {} is being deleted", claim.metadata.name));
                }
            }
            None => {
                let name = claim.metadata.name.clone();
                match cx.api.create(
                    Object::PersistentVolumeClaim(claim),
                    &WriteOptions::default(),
                ) {
                    Ok(_) => record_claim_event(cx, set, pod, &name, None),
                    Err(e) if e.reason == StatusReason::AlreadyExists => {}
                    Err(e) => {
                        let err =
                            ActionError::msg(format!("failed to create PVC {name}: {}", e.message));
                        record_claim_event(cx, set, pod, &name, Some(&ActionError::from(e)));
                        errors.push(err.message);
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ActionError::msg(errors.join(", ")))
    }
}

/// `CreateStatefulPod`: claims first, then the pod, then claim owner references.
pub fn create_stateful_pod(cx: &mut Ctx, set: &StatefulSet, pod: &Pod) -> ActionResult {
    if let Err(e) = create_missing_claims(cx, set, pod) {
        record_pod_event(cx, "create", set, pod, Some(&e));
        return Err(e);
    }
    // The created pod is only read: shared with the store rather than copied.
    let stored = match cx
        .api
        .create_shared(Object::Pod(pod.clone()), &WriteOptions::default())
    {
        Ok(o) => o,
        Err(e) if e.reason == StatusReason::AlreadyExists => return Err(e.into()),
        Err(e) => {
            let err = ActionError::from(e);
            record_pod_event(cx, "create", set, pod, Some(&err));
            return Err(err);
        }
    };
    let created = match &*stored {
        Object::Pod(p) => p,
        _ => pod,
    };
    if let Err(e) = update_claims_for_retention(cx, set, created) {
        record_pod_event(cx, "update", set, pod, Some(&e));
        return Err(e);
    }
    record_pod_event(cx, "create", set, pod, None);
    Ok(())
}

/// `DeleteStatefulPod` with default options (the pod's own grace period).
pub fn delete_stateful_pod(cx: &mut Ctx, set: &StatefulSet, pod: &Pod) -> ActionResult {
    let (ns, name) = (&pod.metadata.namespace, &pod.metadata.name);
    match cx
        .api
        .delete(Kind::Pod, ns, name, &DeleteOptions::default())
    {
        Ok(_) => {
            record_pod_event(cx, "delete", set, pod, None);
            Ok(())
        }
        Err(e) => {
            let err = ActionError::from(e);
            record_pod_event(cx, "delete", set, pod, Some(&err));
            Err(err)
        }
    }
}

/// `PodClaimIsStale`: with `whenScaled: Delete`, a claim still owned by a previous pod of the
/// same name must be garbage collected before the pod is recreated.
pub fn pod_claim_is_stale(cx: &Ctx, set: &StatefulSet, pod: &Pod) -> bool {
    if !super::utils::retention_policy(set).1 {
        return false;
    }
    let ord = super::utils::ordinal_of(&pod.metadata.name);
    desired_claims(set, ord).iter().any(|want| {
        get_claim(cx, &want.metadata.namespace, &want.metadata.name).is_some_and(|c| {
            has_stale_owner_ref(
                &c.metadata.owner_references,
                "Pod",
                &pod.metadata.name,
                &pod.metadata.uid,
            )
        })
    })
}

/// `ClaimsMatchRetentionPolicy`: every existing claim of the pod has the owner references the
/// policy wants (missing claims count as matching: they are created elsewhere).
pub fn claims_match_retention(cx: &Ctx, set: &StatefulSet, pod: &Pod) -> bool {
    let ord = super::utils::ordinal_of(&pod.metadata.name);
    desired_claims(set, ord).iter().all(|want| {
        match get_claim(cx, &want.metadata.namespace, &want.metadata.name) {
            Some(c) => claim_refs(set, pod, &c) == ClaimRefs::Keep,
            None => true,
        }
    })
}

/// `UpdatePodClaimForRetentionPolicy`: rewrites claim owner references to match the policy.
pub fn update_claims_for_retention(cx: &mut Ctx, set: &StatefulSet, pod: &Pod) -> ActionResult {
    let ord = super::utils::ordinal_of(&pod.metadata.name);
    for want in desired_claims(set, ord) {
        let Some(mut claim) = get_claim(cx, &want.metadata.namespace, &want.metadata.name) else {
            continue;
        };
        match claim_refs(set, pod, &claim) {
            ClaimRefs::Keep => {}
            ClaimRefs::Set(refs) => {
                claim.metadata.owner_references = refs;
                cx.api.update(
                    Object::PersistentVolumeClaim(claim),
                    &WriteOptions::default(),
                )?;
            }
            ClaimRefs::Conflict(refs) => {
                let msg = format!(
                    "PersistentVolumeClaim {} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
                    claim.metadata.name
                );
                claim.metadata.owner_references = refs;
                cx.api.update(
                    Object::PersistentVolumeClaim(claim),
                    &WriteOptions::default(),
                )?;
                cx.api.record_event(
                    &set_object(set),
                    "Warning",
                    "ConflictingController",
                    &msg,
                    COMPONENT,
                    None,
                );
            }
        }
    }
    Ok(())
}

/// `UpdateStatefulPod`: re-applies identity, storage (creating missing claims) and claim
/// owner references, then writes the pod (`SuccessfulUpdate` / `FailedUpdate`).
pub fn update_stateful_pod(cx: &mut Ctx, set: &StatefulSet, pod: &Pod) -> ActionResult {
    let mut p = pod.clone();
    let mut consistent = true;
    if !identity_matches(set, &p) {
        update_identity(set, &mut p);
        consistent = false;
    }
    if !storage_matches(set, &p) {
        update_storage(set, &mut p);
        consistent = false;
        if let Err(e) = create_missing_claims(cx, set, &p) {
            record_pod_event(cx, "update", set, &p, Some(&e));
            return Err(e);
        }
    }
    if !claims_match_retention(cx, set, &p) {
        if let Err(e) = update_claims_for_retention(cx, set, &p) {
            record_pod_event(cx, "update", set, &p, Some(&e));
            return Err(e);
        }
    }
    if consistent {
        return Ok(());
    }
    match cx
        .api
        .update(Object::Pod(p.clone()), &WriteOptions::default())
    {
        Ok(_) => {
            record_pod_event(cx, "update", set, &p, None);
            Ok(())
        }
        Err(e) => {
            let err = ActionError::from(e);
            record_pod_event(cx, "update", set, &p, Some(&err));
            Err(err)
        }
    }
}
