//! PVC retention policy (`persistentVolumeClaimRetentionPolicy`): which owner references the
//! claims of a pod should carry (ref §1.8). Pure functions over the set, the pod and the claim.
//!
//! | whenScaled | whenDeleted | pod in range | pod condemned |
//! |---|---|---|---|
//! | Retain | Retain | none | none |
//! | Retain | Delete | set | set |
//! | Delete | Retain | none | pod |
//! | Delete | Delete | set | pod (set ref removed) |
//!
//! Claims carrying a *stale* reference (a set or pod of the same name but another UID, i.e. a
//! previous incarnation) are left alone; claims controlled by some other owner keep no
//! reference to the set or pod and raise a `ConflictingController` warning.

use super::utils::{
    controller_ref, end_ordinal, ordinal_of, pod_owner_ref, retention_policy, start_ordinal,
};
use crate::sim::objects::{OwnerReference, PersistentVolumeClaim, Pod, StatefulSet};

/// What should happen to one claim's owner references.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimRefs {
    /// Already consistent (or managed by a previous incarnation): leave it alone.
    Keep,
    /// Replace the claim's owner references with these.
    Set(Vec<OwnerReference>),
    /// Another controller owns the claim: set these references (ours removed) and warn.
    Conflict(Vec<OwnerReference>),
}

fn same_owner(r: &OwnerReference, kind: &str, name: &str) -> bool {
    r.kind == kind && r.name == name
}

/// `hasStaleOwnerRef`: a reference with the owner's kind and name but a different UID.
pub fn has_stale_owner_ref(refs: &[OwnerReference], kind: &str, name: &str, uid: &str) -> bool {
    refs.iter()
        .any(|r| same_owner(r, kind, name) && r.uid != uid)
}

/// Is the pod inside `[start, start + replicas)`?
pub fn pod_in_range(set: &StatefulSet, pod: &Pod) -> bool {
    let ord = ordinal_of(&pod.metadata.name);
    ord >= start_ordinal(set) && ord <= end_ordinal(set)
}

/// Decides the owner references of `claim` belonging to `pod` under the set's policy.
pub fn claim_refs(set: &StatefulSet, pod: &Pod, claim: &PersistentVolumeClaim) -> ClaimRefs {
    let refs = &claim.metadata.owner_references;
    let set_uid = &set.metadata.uid;
    let pod_uid = &pod.metadata.uid;
    if has_stale_owner_ref(refs, "StatefulSet", &set.metadata.name, set_uid)
        || has_stale_owner_ref(refs, "Pod", &pod.metadata.name, pod_uid)
    {
        return ClaimRefs::Keep;
    }
    let is_ours = |r: &OwnerReference| {
        (r.kind == "StatefulSet" && &r.uid == set_uid) || (r.kind == "Pod" && &r.uid == pod_uid)
    };
    let others: Vec<OwnerReference> = refs.iter().filter(|r| !is_ours(r)).cloned().collect();
    let (delete_on_delete, delete_on_scale) = retention_policy(set);
    let external_controller = others.iter().any(|r| r.controller == Some(true));
    if external_controller {
        let has_ours = refs.iter().any(is_ours);
        if !delete_on_delete && !delete_on_scale {
            // Retain/Retain wants no references of ours anyway; nothing to warn about.
            return if has_ours {
                ClaimRefs::Set(others)
            } else {
                ClaimRefs::Keep
            };
        }
        return if has_ours {
            ClaimRefs::Conflict(others)
        } else {
            ClaimRefs::Keep
        };
    }
    let condemned = !pod_in_range(set, pod);
    let want_pod = delete_on_scale && condemned;
    let want_set = delete_on_delete && !want_pod;
    let has = |kind: &str, uid: &str| {
        refs.iter()
            .any(|r| r.kind == kind && r.uid == uid && r.controller == Some(true))
    };
    let has_non_controller_ours = refs
        .iter()
        .any(|r| is_ours(r) && r.controller != Some(true));
    if has("StatefulSet", set_uid) == want_set
        && has("Pod", pod_uid) == want_pod
        && !has_non_controller_ours
    {
        return ClaimRefs::Keep;
    }
    let mut out = others;
    if want_set {
        out.push(controller_ref(set));
    }
    if want_pod {
        out.push(pod_owner_ref(pod));
    }
    ClaimRefs::Set(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::StatefulSetPersistentVolumeClaimRetentionPolicy;

    fn fixture(
        when_deleted: &str,
        when_scaled: &str,
        ord: i32,
    ) -> (StatefulSet, Pod, PersistentVolumeClaim) {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        set.metadata.uid = "set-uid".into();
        set.spec.replicas = Some(2);
        set.spec.persistent_volume_claim_retention_policy =
            Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_deleted: when_deleted.into(),
                when_scaled: when_scaled.into(),
            });
        let mut pod = Pod::default();
        pod.metadata.name = format!("web-{ord}");
        pod.metadata.uid = format!("pod-uid-{ord}");
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = format!("www-web-{ord}");
        (set, pod, claim)
    }

    fn kinds(c: &ClaimRefs) -> Vec<String> {
        match c {
            ClaimRefs::Keep => vec!["keep".into()],
            ClaimRefs::Set(r) | ClaimRefs::Conflict(r) => {
                r.iter().map(|r| r.kind.clone()).collect()
            }
        }
    }

    #[test]
    fn policy_table() {
        // (whenDeleted, whenScaled, ordinal, expected kinds); replicas = 2 so ordinal 3 is condemned.
        let cases = [
            ("Retain", "Retain", 0, vec!["keep"]),
            ("Retain", "Retain", 3, vec!["keep"]),
            ("Delete", "Retain", 0, vec!["StatefulSet"]),
            ("Delete", "Retain", 3, vec!["StatefulSet"]),
            ("Retain", "Delete", 0, vec!["keep"]),
            ("Retain", "Delete", 3, vec!["Pod"]),
            ("Delete", "Delete", 0, vec!["StatefulSet"]),
            ("Delete", "Delete", 3, vec!["Pod"]),
        ];
        for (wd, ws, ord, want) in cases {
            let (set, pod, claim) = fixture(wd, ws, ord);
            assert_eq!(
                kinds(&claim_refs(&set, &pod, &claim)),
                want,
                "{wd}/{ws} ordinal {ord}"
            );
        }
    }

    #[test]
    fn applied_refs_are_then_consistent_and_non_controller_refs_are_fixed() {
        let (set, pod, mut claim) = fixture("Delete", "Delete", 0);
        let ClaimRefs::Set(refs) = claim_refs(&set, &pod, &claim) else {
            panic!("expected Set")
        };
        claim.metadata.owner_references = refs;
        assert_eq!(claim_refs(&set, &pod, &claim), ClaimRefs::Keep);
        claim.metadata.owner_references[0].controller = Some(false);
        assert!(matches!(claim_refs(&set, &pod, &claim), ClaimRefs::Set(_)));
    }

    #[test]
    fn stale_and_foreign_owners() {
        let (set, pod, mut claim) = fixture("Delete", "Retain", 0);
        let mut stale = controller_ref(&set);
        stale.uid = "old-uid".into();
        claim.metadata.owner_references = vec![stale];
        assert_eq!(claim_refs(&set, &pod, &claim), ClaimRefs::Keep);

        let foreign = OwnerReference {
            api_version: "v1".into(),
            kind: "ConfigMap".into(),
            name: "cm".into(),
            uid: "cm-uid".into(),
            controller: Some(true),
            block_owner_deletion: None,
        };
        claim.metadata.owner_references = vec![foreign.clone(), controller_ref(&set)];
        assert_eq!(
            claim_refs(&set, &pod, &claim),
            ClaimRefs::Conflict(vec![foreign.clone()])
        );
        claim.metadata.owner_references = vec![foreign.clone()];
        assert_eq!(claim_refs(&set, &pod, &claim), ClaimRefs::Keep);

        // A non-controller external owner stays first; our reference is appended after it.
        let mut external = foreign;
        external.controller = None;
        claim.metadata.owner_references = vec![external.clone()];
        let ClaimRefs::Set(refs) = claim_refs(&set, &pod, &claim) else {
            panic!("expected Set")
        };
        assert_eq!(refs[0], external);
        assert_eq!(refs[1].kind, "StatefulSet");
    }
}
