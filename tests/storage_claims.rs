//! Storage behaviour: data on a StatefulSet's claim survives pod deletion (and an empty claim
//! over nginx's html dir answers 403), static binding with `storageClassName: ""` (S2),
//! and pvc-protection.

mod node_support;
use node_support::*;
use stslab::sim::fs::{mounts, nginx};
use stslab::sim::*;

fn curl(c: &Cluster, pod: &str) -> (u16, String) {
    let (_, mt) =
        mounts::container_view(c.api(), "default", pod, "nginx").expect("running container");
    let r = nginx::get(c.fs(), &mt, "/", "1.21.6");
    (r.status, r.body)
}

#[test]
fn data_in_web_1_claim_survives_pod_deletion() {
    let mut c = Cluster::new(31);
    apply(&mut c, &guide_statefulset(2, "standard"));
    c.run_until_idle(300_000);
    assert_eq!(curl(&c, "web-1").0, 403, "empty volume over the html dir");
    let (_, mt) = mounts::container_view(c.api(), "default", "web-1", "nginx").expect("view");
    c.fs_mut()
        .write(&mt, "/usr/share/nginx/html/index.html", "web-1\n", false)
        .expect("write");
    assert_eq!(curl(&c, "web-1"), (200, "web-1\n".to_string()));
    let volume = pvc(&c, "www-web-1").expect("claim").spec.volume_name;
    c.api_mut()
        .delete(Kind::Pod, "default", "web-1", &DeleteOptions::default())
        .expect("delete");
    c.settle();
    c.run_until_idle(300_000);
    assert_eq!(
        pvc(&c, "www-web-1").expect("claim").spec.volume_name,
        volume,
        "same volume"
    );
    assert_eq!(
        curl(&c, "web-1"),
        (200, "web-1\n".to_string()),
        "data survived"
    );
    assert!(c.check_invariants().is_ok(), "{:?}", c.check_invariants());
}

#[test]
fn static_binding_s2() {
    let mut c = Cluster::new(32);
    apply(
        &mut c,
        "
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: \"\"
  resources: {requests: {storage: 5Gi}}
",
    );
    c.run_until_idle(10_000);
    let ev = events(&c, "PersistentVolumeClaim", "data");
    assert_eq!(
        (ev[0].0.as_str(), ev[0].1.as_str(), ev[0].2.as_str()),
        (
            "Normal",
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set"
        )
    );
    apply(
        &mut c,
        "
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-small}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data/small}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-002}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /data/pv-002}
",
    );
    c.run_until_idle(10_000);
    let claim = pvc(&c, "data").expect("claim");
    assert_eq!(
        (claim.status.phase.as_str(), claim.spec.volume_name.as_str()),
        ("Bound", "pv-002")
    );
    assert_eq!(
        claim.status.capacity.get("storage").map(|q| q.0.as_str()),
        Some("10Gi")
    );
    let vol = pv(&c, "pv-002").expect("pv");
    assert_eq!(vol.status.phase, "Bound");
    assert_eq!(
        vol.spec.claim_ref.as_ref().map(|r| r.name.as_str()),
        Some("data")
    );
    assert_eq!(pv(&c, "pv-small").expect("pv").status.phase, "Available");
}

#[test]
fn pvc_protection_and_delete_reclaim() {
    let mut c = Cluster::new(33);
    apply(&mut c, NGINX_HEADLESS);
    apply(&mut c, &web_pod("web-0", "nginx:1.21", "standard"));
    c.run_until_idle(120_000);
    let volume = pvc(&c, "www-web-0").expect("claim").spec.volume_name;
    c.api_mut()
        .delete(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
            &DeleteOptions::default(),
        )
        .expect("delete");
    c.settle();
    c.run_until_idle(10_000);
    let claim = pvc(&c, "www-web-0").expect("still there while in use");
    assert!(claim.metadata.deletion_timestamp.is_some(), "Terminating");
    c.api_mut()
        .delete(Kind::Pod, "default", "web-0", &DeleteOptions::default())
        .expect("delete pod");
    c.settle();
    c.run_until_idle(60_000);
    assert!(
        pvc(&c, "www-web-0").is_none(),
        "released once no pod uses it"
    );
    let _ = volume;
}
