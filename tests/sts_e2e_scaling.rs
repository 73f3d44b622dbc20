//! Upstream e2e scenarios (ref §6.1) about scaling, health and recreation, named after their
//! titles in test/e2e/apps/statefulset.go.

mod sts_support;
use sts_support::*;
use stslab::sim::api::{WatchEventType, WriteOptions};
use stslab::sim::objects::{Kind, Object};

fn added_since(c: &stslab::sim::Cluster, from: usize) -> Vec<String> {
    c.api().watch_log()[from..]
        .iter()
        .filter(|e| e.kind == WatchEventType::Added && e.object.kind() == Kind::Pod)
        .map(|e| e.object.name().to_string())
        .collect()
}

fn deleted_since(c: &stslab::sim::Cluster, from: usize) -> Vec<String> {
    c.api().watch_log()[from..]
        .iter()
        .filter(|e| e.kind == WatchEventType::Deleted && e.object.kind() == Kind::Pod)
        .map(|e| e.object.name().to_string())
        .collect()
}

#[test]
fn scaling_should_happen_in_predictable_order_and_halt_if_any_stateful_pod_is_unhealthy() {
    let mut c = cluster(10);
    create_web(&mut c, 1, "");
    run(&mut c);
    set_ready(&mut c, "web-0", false);
    scale(&mut c, 3);
    advance(&mut c, 10_000);
    assert_eq!(
        pod_names(&c),
        ["web-0"],
        "no pod is created while web-0 is unhealthy"
    );
    assert_eq!(
        explanation(&c, "web"),
        "waiting for web-0 to be Running and Ready before creating web-1"
    );
    let mark = c.api().watch_log().len();
    set_ready(&mut c, "web-0", true);
    run(&mut c);
    assert_eq!(added_since(&c, mark), ["web-1", "web-2"]);
    assert_eq!(pod_names(&c), ["web-0", "web-1", "web-2"]);

    for p in ["web-0", "web-1", "web-2"] {
        set_ready(&mut c, p, false);
    }
    scale(&mut c, 0);
    advance(&mut c, 10_000);
    assert_eq!(
        pod_names(&c),
        ["web-0", "web-1", "web-2"],
        "nothing is deleted while pods are unhealthy"
    );
    let mark = c.api().watch_log().len();
    // Restoring the highest first lets each deletion happen as soon as its pod is healthy; the
    // last unhealthy pod is itself the "first unhealthy" one and may go without a restore.
    for p in ["web-2", "web-1", "web-0"] {
        if pod(&c, p).is_some() {
            set_ready(&mut c, p, true);
        }
    }
    run(&mut c);
    assert_eq!(deleted_since(&c, mark), ["web-2", "web-1", "web-0"]);
    assert!(pod_names(&c).is_empty());
    assert_eq!(sts(&c, "web").status.replicas, 0);
}

#[test]
fn scale_down_waits_for_healthy_lower_ordinals() {
    let mut c = cluster(11);
    create_web(&mut c, 5, "");
    run(&mut c);
    set_ready(&mut c, "web-1", false);
    scale(&mut c, 3);
    advance(&mut c, 5_000);
    assert_eq!(pod_names(&c).len(), 5);
    assert_eq!(
        explanation(&c, "web"),
        "scale down of web-4 waits until web-0..web-2 are Running and Ready (web-1 is not)"
    );
    set_ready(&mut c, "web-1", true);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-0", "web-1", "web-2"]);
    // Retain: the claims of the removed pods stay.
    assert_eq!(
        claim_names(&c),
        [
            "www-web-0",
            "www-web-1",
            "www-web-2",
            "www-web-3",
            "www-web-4"
        ]
    );
    let ev = sts_events(&c);
    let d4 = ev
        .iter()
        .position(|m| m == "delete Pod web-4 in StatefulSet web successful");
    let d3 = ev
        .iter()
        .position(|m| m == "delete Pod web-3 in StatefulSet web successful");
    assert!(d4.is_some() && d3.is_some() && d4 < d3, "{ev:?}");
}

#[test]
fn burst_scaling_should_run_to_completion_even_with_unhealthy_pods() {
    let mut c = cluster(12);
    create_web(&mut c, 1, "  podManagementPolicy: Parallel\n");
    run(&mut c);
    set_ready(&mut c, "web-0", false);
    scale(&mut c, 3);
    // Parallel: both new pods are created in the same sync, without waiting for web-0.
    assert_eq!(pod_names(&c), ["web-0", "web-1", "web-2"]);
    run(&mut c);
    scale(&mut c, 0);
    run(&mut c);
    assert!(pod_names(&c).is_empty());
}

#[test]
fn should_not_deadlock_when_a_pods_predecessor_fails() {
    let mut c = cluster(13);
    create_web(&mut c, 2, "");
    run(&mut c);
    set_ready(&mut c, "web-1", false);
    let uid = pod(&c, "web-0").expect("web-0").metadata.uid;
    delete_pod(&mut c, "web-0");
    run(&mut c);
    let again = pod(&c, "web-0").expect("web-0 is recreated although web-1 is unhealthy");
    assert_ne!(again.metadata.uid, uid);
    set_ready(&mut c, "web-1", true);
    run(&mut c);
    assert_eq!(sts(&c, "web").status.ready_replicas, 2);
}

#[test]
fn should_recreate_evicted_statefulset() {
    let mut c = cluster(14);
    create_web(&mut c, 1, "");
    run(&mut c);
    let mut p = pod(&c, "web-0").expect("web-0");
    let uid = p.metadata.uid.clone();
    p.status.phase = "Failed".into();
    p.status.reason = "Evicted".into();
    c.api_mut()
        .update_status(Object::Pod(p))
        .expect("fail the pod");
    c.settle();
    run(&mut c);
    let again = pod(&c, "web-0").expect("web-0 recreated");
    assert_ne!(again.metadata.uid, uid);
    assert_eq!(again.status.phase, "Running");
    assert_eq!(
        event_count(&c, "delete Pod web-0 in StatefulSet web successful"),
        1
    );
    assert_eq!(
        event_count(&c, "create Pod web-0 in StatefulSet web successful"),
        2
    );
    // The claim was reused, not created again.
    assert_eq!(
        event_count(
            &c,
            "create Claim www-web-0 Pod web-0 in StatefulSet web success"
        ),
        1
    );
}

#[test]
fn minreadyseconds_should_be_honored_when_enabled() {
    let mut c = cluster(15);
    create_web(&mut c, 1, "  minReadySeconds: 10\n");
    run(&mut c);
    assert_eq!(sts(&c, "web").status.available_replicas, 1);
}

#[test]
fn availablereplicas_should_get_updated_accordingly_when_minreadyseconds_is_enabled() {
    let mut c = cluster(16);
    create_web(&mut c, 2, "  minReadySeconds: 30\n");
    advance(&mut c, 5_000);
    let s = sts(&c, "web");
    assert_eq!(s.status.available_replicas, 0);
    assert_eq!(s.status.ready_replicas, 1);
    assert!(
        explanation(&c, "web").starts_with(
            "waiting for web-0 to be available (Ready for more than minReadySeconds=30)"
        ),
        "{}",
        explanation(&c, "web")
    );
    run(&mut c);
    assert_eq!(sts(&c, "web").status.available_replicas, 2);
    patch_sts(&mut c, "web", r#"{"spec":{"minReadySeconds":3600}}"#);
    assert_eq!(sts(&c, "web").status.available_replicas, 0);
    patch_sts(&mut c, "web", r#"{"spec":{"minReadySeconds":0}}"#);
    assert_eq!(sts(&c, "web").status.available_replicas, 2);
}

#[test]
fn should_have_a_working_scale_subresource_equivalent() {
    // The simulator has no /scale endpoint; `kubectl scale` writes spec.replicas, which bumps
    // the generation the controller then observes.
    let mut c = cluster(17);
    create_web(&mut c, 1, "");
    run(&mut c);
    let mut s = sts(&c, "web");
    s.spec.replicas = Some(2);
    c.api_mut()
        .update(Object::StatefulSet(s), &WriteOptions::default())
        .expect("update replicas");
    c.settle();
    run(&mut c);
    let s = sts(&c, "web");
    assert_eq!(
        (
            s.metadata.generation,
            s.status.observed_generation,
            s.status.replicas
        ),
        (2, Some(2), 2)
    );
}
