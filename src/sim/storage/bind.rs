//! Binding a claim to a volume, both halves, the way the PV controller does it: the PV gets
//! `claimRef` and phase `Bound`, the claim gets `volumeName`, the `bind-completed` /
//! `bound-by-controller` annotations, and status `Bound` with the volume's capacity and
//! access modes.

use crate::sim::api::ApiServer;
use crate::sim::clock::Millis;
use crate::sim::kubelet::util;
use crate::sim::objects::*;

/// Does an unbound, available PV satisfy a claim (class, size, access modes, selector)?
pub fn matches(pv: &PersistentVolume, c: &PersistentVolumeClaim) -> bool {
    let class = util::claim_class(c).unwrap_or_default();
    let want = c
        .requested_storage()
        .and_then(|q| q.bytes().ok())
        .unwrap_or(0);
    let have = pv
        .spec
        .capacity
        .get("storage")
        .and_then(|q| q.bytes().ok())
        .unwrap_or(0);
    let prebound_ok = match &pv.spec.claim_ref {
        None => true,
        Some(r) => {
            r.name == c.metadata.name
                && r.namespace == c.metadata.namespace
                && (r.uid.is_empty() || r.uid == c.metadata.uid)
        }
    };
    prebound_ok
        && pv.metadata.deletion_timestamp.is_none()
        && (pv.status.phase.is_empty()
            || pv.status.phase == "Available"
            || pv.status.phase == "Pending")
        && pv.spec.storage_class_name == class
        && have >= want
        && c.spec
            .access_modes
            .iter()
            .all(|m| pv.spec.access_modes.contains(m))
        && c.spec
            .selector
            .as_ref()
            .is_none_or(|s| s.matches(&pv.metadata.labels))
        && (c.spec.volume_name.is_empty() || c.spec.volume_name == pv.metadata.name)
}

/// The smallest matching PV (upstream `findBestMatchForClaim`), ties by name.
pub fn best_match<'a>(
    pvs: &'a [PersistentVolume],
    c: &PersistentVolumeClaim,
) -> Option<&'a PersistentVolume> {
    pvs.iter().filter(|pv| matches(pv, c)).min_by_key(|pv| {
        (
            pv.spec
                .capacity
                .get("storage")
                .and_then(|q| q.bytes().ok())
                .unwrap_or(0),
            pv.metadata.name.clone(),
        )
    })
}

fn claim_ref(c: &PersistentVolumeClaim) -> ObjectReference {
    ObjectReference {
        kind: "PersistentVolumeClaim".into(),
        namespace: c.metadata.namespace.clone(),
        name: c.metadata.name.clone(),
        uid: c.metadata.uid.clone(),
        api_version: "v1".into(),
        resource_version: c.metadata.resource_version.clone(),
        field_path: String::new(),
    }
}

/// Bind `c` to `pv` (both objects, then both statuses). Returns false on a write conflict,
/// which the next sync retries.
pub fn bind_static(
    api: &mut ApiServer,
    c: &PersistentVolumeClaim,
    pv: &PersistentVolume,
    _now: Millis,
) -> bool {
    let mut pv = pv.clone();
    if pv
        .spec
        .claim_ref
        .as_ref()
        .is_none_or(|r| r.uid != c.metadata.uid)
    {
        pv.spec.claim_ref = Some(claim_ref(c));
        pv.metadata
            .annotations
            .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
        match util::update(api, Object::PersistentVolume(pv)) {
            Ok(Object::PersistentVolume(p)) => pv = p,
            _ => return false,
        }
    }
    if pv.status.phase != "Bound" {
        pv.status.phase = "Bound".into();
        if let Ok(Object::PersistentVolume(p)) =
            util::update_status(api, Object::PersistentVolume(pv.clone()))
        {
            pv = p;
        }
    }
    let Some(mut claim) = util::pvc(api, &c.metadata.namespace, &c.metadata.name) else {
        return false;
    };
    if claim.spec.volume_name != pv.metadata.name {
        claim.spec.volume_name = pv.metadata.name.clone();
        claim
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
        claim
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
        match util::update(api, Object::PersistentVolumeClaim(claim)) {
            Ok(Object::PersistentVolumeClaim(p)) => claim = p,
            _ => return false,
        }
    }
    sync_bound_status(api, &claim, &pv);
    true
}

/// Bring a bound claim's status in line with its volume.
pub fn sync_bound_status(
    api: &mut ApiServer,
    claim: &PersistentVolumeClaim,
    pv: &PersistentVolume,
) -> bool {
    let mut c = claim.clone();
    c.status.phase = "Bound".into();
    c.status.access_modes = pv.spec.access_modes.clone();
    c.status.capacity = pv.spec.capacity.clone();
    if c.status != claim.status {
        return util::update_status(api, Object::PersistentVolumeClaim(c)).is_ok();
    }
    false
}
