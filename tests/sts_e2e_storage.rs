//! PVC retention policy and claim recreation (ref §1.8, §6.1 #22–#28) and `.spec.ordinals`
//! (ref §6.1 #29–#32).

mod sts_support;
use sts_support::*;
use stslab::sim::api::{DeleteOptions, WriteOptions};
use stslab::sim::objects::{Kind, Object, OwnerReference};

fn owner_kinds(c: &stslab::sim::Cluster, claim_name: &str) -> Vec<String> {
    claim(c, claim_name)
        .map(|cl| {
            cl.metadata
                .owner_references
                .iter()
                .map(|r| r.kind.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// A claim is "deleted" once it is gone or has a deletionTimestamp (the pvc-protection
/// finalizer may hold it while storage cleans up).
fn claim_deleted(c: &stslab::sim::Cluster, name: &str) -> bool {
    claim(c, name).is_none_or(|cl| cl.metadata.deletion_timestamp.is_some())
}

#[test]
fn should_delete_pvcs_with_a_whendeleted_policy() {
    let mut c = cluster(40);
    create_web(
        &mut c,
        3,
        "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n",
    );
    run(&mut c);
    for i in 0..3 {
        assert_eq!(owner_kinds(&c, &format!("www-web-{i}")), ["StatefulSet"]);
    }
    c.api_mut()
        .delete(
            Kind::StatefulSet,
            "default",
            "web",
            &DeleteOptions::default(),
        )
        .expect("delete sts");
    c.settle();
    run(&mut c);
    for i in 0..3 {
        assert!(
            claim_deleted(&c, &format!("www-web-{i}")),
            "www-web-{i} deleted with the set"
        );
    }
}

#[test]
fn should_delete_pvcs_with_a_onscaledown_policy() {
    let mut c = cluster(41);
    create_web(
        &mut c,
        3,
        "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n",
    );
    run(&mut c);
    assert!(
        owner_kinds(&c, "www-web-2").is_empty(),
        "in-range claims carry no pod reference"
    );
    scale(&mut c, 1);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-0"]);
    assert!(!claim_deleted(&c, "www-web-0"));
    assert!(claim_deleted(&c, "www-web-1") && claim_deleted(&c, "www-web-2"));
}

#[test]
fn should_not_delete_pvc_with_onscaledown_policy_if_another_controller_owns_the_pvc() {
    let mut c = cluster(42);
    create_web(&mut c, 2, "");
    run(&mut c);
    create(
        &mut c,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n",
    );
    let cm_uid = c
        .api()
        .get(Kind::ConfigMap, "default", "owner")
        .expect("cm")
        .meta()
        .uid
        .clone();
    let mut cl = claim(&c, "www-web-1").expect("claim");
    cl.metadata.owner_references.push(OwnerReference {
        api_version: "v1".into(),
        kind: "ConfigMap".into(),
        name: "owner".into(),
        uid: cm_uid,
        controller: Some(true),
        block_owner_deletion: None,
    });
    c.api_mut()
        .update(Object::PersistentVolumeClaim(cl), &WriteOptions::default())
        .expect("own claim");
    patch_sts(
        &mut c,
        "web",
        r#"{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}"#,
    );
    scale(&mut c, 0);
    run(&mut c);
    assert!(pod_names(&c).is_empty());
    assert!(claim_deleted(&c, "www-web-0"));
    assert!(
        !claim_deleted(&c, "www-web-1"),
        "claim 1 has another controller and is kept"
    );
    assert_eq!(owner_kinds(&c, "www-web-1"), ["ConfigMap"]);
}

#[test]
fn should_delete_pvcs_after_adopting_pod_whenscaled() {
    let mut c = cluster(43);
    create_web(
        &mut c,
        3,
        "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n",
    );
    run(&mut c);
    let mut p = pod(&c, "web-2").expect("web-2");
    p.metadata.owner_references.clear();
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .expect("orphan");
    c.settle();
    scale(&mut c, 1);
    run(&mut c);
    assert!(claim_deleted(&c, "www-web-1") && claim_deleted(&c, "www-web-2"));
    assert!(!claim_deleted(&c, "www-web-0"));
}

#[test]
fn pvc_should_be_recreated_when_pod_is_pending_due_to_missing_pvc() {
    // Unit scenario RecreatesPVCForPendingPod: a Pending pod whose claim vanished gets it back.
    let mut c = cluster(44);
    create_web(&mut c, 1, "");
    // web-0 is Pending right after creation; delete its claim (no finalizer processing needed).
    let mut cl = claim(&c, "www-web-0").expect("claim");
    cl.metadata.finalizers.clear();
    c.api_mut()
        .update(Object::PersistentVolumeClaim(cl), &WriteOptions::default())
        .expect("drop finalizer");
    c.api_mut()
        .delete(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
            &DeleteOptions::default(),
        )
        .expect("delete claim");
    c.settle();
    let again = claim(&c, "www-web-0").expect("claim recreated for the pending pod");
    assert!(again.metadata.deletion_timestamp.is_none());
}

#[test]
fn setting_start_ordinal() {
    let mut c = cluster(45);
    create_web(&mut c, 2, "");
    run(&mut c);
    patch_sts(
        &mut c,
        "web",
        r#"{"spec":{"replicas":3,"ordinals":{"start":2}}}"#,
    );
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-2", "web-3", "web-4"]);
}

#[test]
fn increasing_start_ordinal() {
    let mut c = cluster(46);
    create_web(&mut c, 2, "  ordinals:\n    start: 2\n");
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-2", "web-3"]);
    let mark = c.api().watch_log().len();
    patch_sts(&mut c, "web", r#"{"spec":{"ordinals":{"start":4}}}"#);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-4", "web-5"]);
    let order: Vec<String> = c.api().watch_log()[mark..]
        .iter()
        .filter(|e| {
            e.object.kind() == Kind::Pod && e.kind != stslab::sim::api::WatchEventType::Modified
        })
        .map(|e| format!("{:?} {}", e.kind, e.object.name()))
        .collect();
    assert_eq!(
        order,
        [
            "Added web-4",
            "Added web-5",
            "Deleted web-3",
            "Deleted web-2"
        ]
    );
}

#[test]
fn decreasing_start_ordinal() {
    let mut c = cluster(47);
    create_web(&mut c, 2, "  ordinals:\n    start: 3\n");
    run(&mut c);
    patch_sts(&mut c, "web", r#"{"spec":{"ordinals":{"start":2}}}"#);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-2", "web-3"]);
}

#[test]
fn removing_start_ordinal() {
    let mut c = cluster(48);
    create_web(&mut c, 2, "  ordinals:\n    start: 3\n");
    run(&mut c);
    patch_sts(&mut c, "web", r#"{"spec":{"ordinals":null}}"#);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-0", "web-1"]);
}
