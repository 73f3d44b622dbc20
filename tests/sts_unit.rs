//! Upstream unit scenarios of `stateful_set_control_test.go` (ref §6.2), run end to end through
//! the API server, plus the MaxUnavailableStatefulSet gate and determinism.

mod sts_support;
use sts_support::*;
use stslab::sim::api::{WatchEventType, WriteOptions};
use stslab::sim::objects::{Kind, Object};
use stslab::sim::{Cluster, ClusterConfig};

const NEW: &str = "registry.k8s.io/nginx-slim:0.24";
const OLD: &str = "registry.k8s.io/nginx-slim:0.21";

fn images(c: &Cluster) -> Vec<String> {
    pod_names(c)
        .iter()
        .map(|n| image_of(&pod(c, n).expect("pod")))
        .collect()
}

fn names(prefix: &str, ords: std::ops::Range<i32>) -> Vec<String> {
    ords.map(|i| format!("{prefix}-{i}")).collect()
}

/// Pod names in ordinal (not lexical) order.
fn by_ordinal(c: &Cluster) -> Vec<String> {
    let mut v = pod_names(c);
    v.sort_by_key(|n| {
        n.rsplit('-')
            .next()
            .and_then(|d| d.parse::<i32>().ok())
            .unwrap_or(-1)
    });
    v
}

#[test]
fn creates_pods_scales_up_and_scales_down() {
    for policy in ["", "  podManagementPolicy: Parallel\n"] {
        let mut c = cluster(50);
        create_web(&mut c, 3, policy);
        run(&mut c);
        let s = sts(&c, "web");
        assert_eq!(
            (
                s.status.replicas,
                s.status.ready_replicas,
                s.status.updated_replicas
            ),
            (3, 3, 3)
        );
        scale(&mut c, 4);
        run(&mut c);
        assert_eq!(sts(&c, "web").status.replicas, 4);
        scale(&mut c, 0);
        run(&mut c);
        let s = sts(&c, "web");
        assert_eq!(
            (
                s.status.replicas,
                s.status.ready_replicas,
                s.status.available_replicas
            ),
            (0, 0, 0)
        );
    }
}

#[test]
fn replaces_pods() {
    let mut c = cluster(51);
    create_web(&mut c, 5, "");
    run(&mut c);
    let mark = c.api().watch_log().len();
    for n in ["web-0", "web-2", "web-4"] {
        c.api_mut()
            .delete(
                Kind::Pod,
                "default",
                n,
                &stslab::sim::api::DeleteOptions {
                    grace_period_seconds: Some(0),
                    ..Default::default()
                },
            )
            .expect("delete");
    }
    c.settle();
    run(&mut c);
    let added: Vec<String> = c.api().watch_log()[mark..]
        .iter()
        .filter(|e| e.kind == WatchEventType::Added && e.object.kind() == Kind::Pod)
        .map(|e| e.object.name().to_string())
        .collect();
    assert_eq!(
        added,
        ["web-0", "web-2", "web-4"],
        "recreated one at a time, lowest first"
    );
    for n in claim_names(&c) {
        assert!(claim(&c, &n)
            .expect("claim")
            .metadata
            .owner_references
            .is_empty());
    }
}

#[test]
fn recreates_succeeded_pod() {
    let mut c = cluster(52);
    create_web(&mut c, 2, "");
    run(&mut c);
    let mut p = pod(&c, "web-1").expect("web-1");
    let uid = p.metadata.uid.clone();
    p.status.phase = "Succeeded".into();
    c.api_mut().update_status(Object::Pod(p)).expect("succeed");
    c.settle();
    run(&mut c);
    assert_ne!(pod(&c, "web-1").expect("web-1").metadata.uid, uid);
}

#[test]
fn statefulset_control_with_start_ordinal() {
    let mut c = cluster(53);
    create_web(&mut c, 3, "  ordinals:\n    start: 2\n");
    run(&mut c);
    assert_eq!(by_ordinal(&c), names("web", 2..5));
    for n in pod_names(&c) {
        let p = pod(&c, &n).expect("pod");
        assert_eq!(
            p.metadata.labels["apps.kubernetes.io/pod-index"],
            n.trim_start_matches("web-")
        );
    }
}

#[test]
fn statefulset_control_rolling_update_with_scale_up_and_down() {
    for policy in ["", "  podManagementPolicy: Parallel\n"] {
        let mut c = cluster(54);
        create_web(&mut c, 3, policy);
        run(&mut c);
        set_image(&mut c, NEW);
        scale(&mut c, 5);
        run(&mut c);
        assert_eq!(images(&c), vec![NEW; 5]);
        set_image(&mut c, OLD);
        scale(&mut c, 3);
        run(&mut c);
        assert_eq!(images(&c), vec![OLD; 3]);
    }
}

#[test]
fn statefulset_control_on_delete_update() {
    let mut c = cluster(55);
    create_web(&mut c, 3, "  updateStrategy:\n    type: OnDelete\n");
    run(&mut c);
    set_image(&mut c, NEW);
    scale(&mut c, 5);
    run(&mut c);
    assert_eq!(
        by_ordinal(&c)
            .iter()
            .map(|n| image_of(&pod(&c, n).expect("pod")))
            .collect::<Vec<_>>(),
        [OLD, OLD, OLD, NEW, NEW]
    );
    scale(&mut c, 0);
    run(&mut c);
    scale(&mut c, 3);
    run(&mut c);
    assert_eq!(images(&c), vec![NEW; 3]);
}

#[test]
fn statefulset_control_rolling_update_with_partition() {
    let mut c = cluster(56);
    create_web(
        &mut c,
        3,
        "  updateStrategy:\n    rollingUpdate:\n      partition: 2\n",
    );
    run(&mut c);
    set_image(&mut c, NEW);
    scale(&mut c, 5);
    run(&mut c);
    let imgs: Vec<String> = by_ordinal(&c)
        .iter()
        .map(|n| image_of(&pod(&c, n).expect("pod")))
        .collect();
    assert_eq!(imgs, [OLD, OLD, NEW, NEW, NEW]);
}

#[test]
fn statefulset_control_limits_history() {
    let mut c = cluster(57);
    create_web(&mut c, 2, "");
    run(&mut c);
    // Twelve distinct templates, all with tags the simulated registry has (an unknown tag
    // would sit in ImagePullBackOff and the rollout would never finish).
    let tags = (22..=27)
        .map(|t| format!("registry.k8s.io/nginx-slim:0.{t}"))
        .chain((19..=24).map(|t| format!("nginx:1.{t}")));
    for image in tags {
        set_image(&mut c, &image);
        run(&mut c);
        assert_eq!(images(&c), [image.clone(), image.clone()]);
        assert!(revisions(&c).len() <= 10 + 2);
    }
    // 13 revisions were made; the default revisionHistoryLimit (10) keeps 10 besides the live one.
    let revs = revisions(&c);
    assert_eq!(revs.len(), 11);
    assert_eq!(revs.last().map(|r| r.revision), Some(13));
}

#[test]
fn statefulset_availability() {
    let mut c = cluster(58);
    create_web(&mut c, 1, "");
    run(&mut c);
    advance(&mut c, 120 * 60 * 1000);
    patch_sts(&mut c, "web", r#"{"spec":{"minReadySeconds":3600}}"#);
    assert_eq!(
        sts(&c, "web").status.available_replicas,
        1,
        "ready 120 min ago → available"
    );
    delete_pod(&mut c, "web-0");
    advance(&mut c, 30 * 60 * 1000);
    assert_eq!(
        sts(&c, "web").status.available_replicas,
        0,
        "ready 30 min ago → not yet available"
    );
}

#[test]
fn parallel_scale_creates_every_pod_in_one_pass() {
    let mut c = cluster(59);
    create_web(&mut c, 3, "  podManagementPolicy: Parallel\n");
    run(&mut c);
    scale(&mut c, 30);
    assert_eq!(
        pod_names(&c).len(),
        30,
        "slow-start batches 1,2,4,8,15 all in one settle"
    );
    run(&mut c);
    scale(&mut c, 1);
    // Parallel scale-down deletes all 29 at once; with a real kubelet they terminate
    // gracefully, so they are still listed (with a deletionTimestamp) until the kubelet's
    // final delete.
    assert_eq!(terminating(&c).len(), 29);
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-0"]);
}

/// Pods that have been deleted but are still terminating.
fn terminating(c: &Cluster) -> Vec<String> {
    pod_names(c)
        .into_iter()
        .filter(|n| pod(c, n).is_some_and(|p| p.metadata.deletion_timestamp.is_some()))
        .collect()
}

/// Pods whose deletion started (deletionTimestamp first set) after watch-log `mark`, in
/// order. With graceful termination a controller's delete shows up as this MODIFIED event,
/// not as DELETED.
fn deletions_started(c: &Cluster, mark: u64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in c.api().watch_since(mark) {
        if let Object::Pod(p) = e.object.as_ref() {
            let name = &p.metadata.name;
            if p.metadata.deletion_timestamp.is_some() && !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out
}

fn last_seq(c: &Cluster) -> u64 {
    c.api().watch_log().last().map(|e| e.seq).unwrap_or(0)
}

#[test]
fn status_is_written_once_per_change() {
    let mut c = cluster(60);
    create_web(&mut c, 1, "");
    run(&mut c);
    let writes = |c: &Cluster| {
        c.api()
            .watch_log()
            .iter()
            .filter(|e| e.object.kind() == Kind::StatefulSet && e.kind == WatchEventType::Modified)
            .count()
    };
    let before = writes(&c);
    // A no-op update of the set: the controller re-syncs but writes nothing.
    let s = sts(&c, "web");
    c.api_mut()
        .update(Object::StatefulSet(s), &WriteOptions::default())
        .expect("noop");
    c.settle();
    assert_eq!(writes(&c), before);
}

fn gate_cluster(seed: u64) -> Cluster {
    let mut cfg = ClusterConfig::default();
    cfg.feature_gates.max_unavailable_stateful_set = true;
    cluster_with(seed, cfg)
}

#[test]
fn statefulset_control_rolling_update_with_max_unavailable() {
    for policy in ["", "  podManagementPolicy: Parallel\n"] {
        let mut c = gate_cluster(61);
        let extra = format!("{policy}  updateStrategy:\n    rollingUpdate:\n      partition: 3\n      maxUnavailable: 2\n");
        create_web(&mut c, 6, &extra);
        run(&mut c);
        let mark = last_seq(&c);
        set_image(&mut c, NEW);
        assert_eq!(
            deletions_started(&c, mark),
            ["web-5", "web-4"],
            "two pods go at once ({policy:?})"
        );
        run(&mut c);
        let imgs: Vec<String> = by_ordinal(&c)
            .iter()
            .map(|n| image_of(&pod(&c, n).expect("pod")))
            .collect();
        assert_eq!(imgs, [OLD, OLD, OLD, NEW, NEW, NEW]);
    }
}

#[test]
fn max_unavailable_is_ignored_without_the_gate() {
    let mut c = cluster(62);
    let extra = "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2\n";
    create_web(&mut c, 4, extra);
    run(&mut c);
    assert!(sts(&c, "web")
        .spec
        .update_strategy
        .rolling_update
        .as_ref()
        .is_some_and(|r| r.max_unavailable.is_none()));
    let mark = last_seq(&c);
    set_image(&mut c, NEW);
    let deleted = deletions_started(&c, mark).len();
    assert_eq!(deleted, 1, "legacy path: one pod per sync");
}

fn transcript(seed: u64) -> (Vec<String>, Vec<String>) {
    let mut c = cluster(seed);
    create_web(&mut c, 3, "");
    run(&mut c);
    set_image(&mut c, NEW);
    run(&mut c);
    scale(&mut c, 1);
    run(&mut c);
    let full: Vec<String> = c
        .api()
        .watch_log()
        .iter()
        .map(|e| format!("{} {:?} {}", e.time, e.kind, e.object.to_value()))
        .collect();
    let order: Vec<String> = c
        .api()
        .watch_log()
        .iter()
        .filter(|e| e.object.kind() == Kind::Pod && e.kind != WatchEventType::Modified)
        .map(|e| format!("{:?} {}", e.kind, e.object.name()))
        .collect();
    (full, order)
}

#[test]
fn same_seed_gives_identical_watch_log_and_seeds_never_change_the_order() {
    let (a, order_a) = transcript(7);
    let (b, order_b) = transcript(7);
    assert_eq!(a, b);
    for seed in [8, 9, 1234] {
        let (_, order) = transcript(seed);
        assert_eq!(order, order_a, "seed {seed} changed the guaranteed order");
    }
    assert_eq!(order_a, order_b);
}
