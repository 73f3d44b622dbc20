//! Upstream e2e update scenarios (ref §6.1 #4–#9) and the tutorial's rolling update, staging,
//! canary and phased roll out (ref §7.8–§7.12).

mod sts_support;
use sts_support::*;
use stslab::sim::api::WatchEventType;
use stslab::sim::objects::Kind;

const OLD: &str = "registry.k8s.io/nginx-slim:0.21";
const NEW: &str = "registry.k8s.io/nginx-slim:0.24";

fn deleted_since(c: &stslab::sim::Cluster, from: usize) -> Vec<String> {
    c.api().watch_log()[from..]
        .iter()
        .filter(|e| e.kind == WatchEventType::Deleted && e.object.kind() == Kind::Pod)
        .map(|e| e.object.name().to_string())
        .collect()
}

fn images(c: &stslab::sim::Cluster) -> Vec<String> {
    pod_names(c)
        .iter()
        .map(|n| image_of(&pod(c, n).expect("pod")))
        .collect()
}

#[test]
fn should_perform_rolling_updates_and_roll_backs_of_template_modifications() {
    let mut c = cluster(20);
    create_web(&mut c, 3, "");
    run(&mut c);
    let s = sts(&c, "web");
    let rev1 = s.status.current_revision.clone();
    assert_eq!(s.status.update_revision, rev1);

    set_ready(&mut c, "web-1", false);
    let mark = c.api().watch_log().len();
    set_image(&mut c, NEW);
    let s = sts(&c, "web");
    let rev2 = s.status.update_revision.clone();
    assert_ne!(rev2, rev1, "a template change makes a new update revision");
    assert_eq!(s.status.current_revision, rev1);
    advance(&mut c, 10_000);
    assert!(
        deleted_since(&c, mark).is_empty(),
        "the update waits while web-1 is unhealthy"
    );
    set_ready(&mut c, "web-1", true);
    run(&mut c);
    assert_eq!(
        deleted_since(&c, mark),
        ["web-2", "web-1", "web-0"],
        "reverse ordinal order"
    );
    let s = sts(&c, "web");
    assert_eq!(
        (
            s.status.current_revision.as_str(),
            s.status.update_revision.as_str()
        ),
        (rev2.as_str(), rev2.as_str())
    );
    assert_eq!(images(&c), [NEW, NEW, NEW]);

    // Roll back: the old template reuses (renumbers) the first revision.
    let mark = c.api().watch_log().len();
    set_image(&mut c, OLD);
    let s = sts(&c, "web");
    assert_eq!(
        s.status.update_revision, rev1,
        "rollback reuses the prior revision name"
    );
    assert_eq!(s.status.current_revision, rev2);
    run(&mut c);
    assert_eq!(deleted_since(&c, mark), ["web-2", "web-1", "web-0"]);
    assert_eq!(images(&c), [OLD, OLD, OLD]);
    let revs = revisions(&c);
    let numbers: Vec<(String, i64)> = revs
        .iter()
        .map(|r| (r.metadata.name.clone(), r.revision))
        .collect();
    assert_eq!(
        numbers,
        [(rev2.clone(), 2), (rev1.clone(), 3)],
        "revision 1 renumbered to 3"
    );
    for n in pod_names(&c) {
        assert_eq!(revision_label(&pod(&c, &n).expect("pod")), rev1);
    }
}

#[test]
fn should_perform_rolling_updates_and_roll_backs_of_template_modifications_with_pvcs() {
    let mut c = cluster(21);
    create_web(&mut c, 3, "");
    run(&mut c);
    let claims: Vec<String> = claim_names(&c)
        .iter()
        .map(|n| claim(&c, n).expect("claim").metadata.uid)
        .collect();
    set_image(&mut c, NEW);
    run(&mut c);
    set_image(&mut c, OLD);
    run(&mut c);
    let after: Vec<String> = claim_names(&c)
        .iter()
        .map(|n| claim(&c, n).expect("claim").metadata.uid)
        .collect();
    assert_eq!(
        claims, after,
        "the same claims follow each ordinal through updates"
    );
    assert_eq!(images(&c), [OLD, OLD, OLD]);
}

#[test]
fn should_perform_canary_updates_and_phased_rolling_updates_of_template_modifications() {
    let mut c = cluster(22);
    create_web(
        &mut c,
        3,
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 3\n",
    );
    run(&mut c);
    let rev1 = sts(&c, "web").status.current_revision;
    set_image(&mut c, NEW);
    run(&mut c);
    let rev2 = sts(&c, "web").status.update_revision;
    assert_ne!(rev1, rev2);
    assert_eq!(
        images(&c),
        [OLD, OLD, OLD],
        "partition 3 ≥ replicas: nothing is replaced"
    );
    assert!(
        explanation(&c, "web").contains("web-2 not updated: ordinal 2 is below partition 3"),
        "{}",
        explanation(&c, "web")
    );

    patch_sts(
        &mut c,
        "web",
        r#"{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}"#,
    );
    run(&mut c);
    assert_eq!(images(&c), [OLD, OLD, NEW], "canary: only web-2");
    let s = sts(&c, "web");
    assert_eq!(
        (s.status.current_replicas, s.status.updated_replicas),
        (2, 1)
    );

    // Deleting pods restores them at their side of the partition.
    delete_pod(&mut c, "web-0");
    run(&mut c);
    assert_eq!(revision_label(&pod(&c, "web-0").expect("web-0")), rev1);
    delete_pod(&mut c, "web-2");
    run(&mut c);
    assert_eq!(revision_label(&pod(&c, "web-2").expect("web-2")), rev2);

    // Phased: partition 1 then 0.
    patch_sts(
        &mut c,
        "web",
        r#"{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}"#,
    );
    run(&mut c);
    assert_eq!(images(&c), [OLD, NEW, NEW]);
    assert_eq!(
        explanation(&c, "web"),
        "web-0 not updated: ordinal 0 is below partition 1"
    );
    patch_sts(
        &mut c,
        "web",
        r#"{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}"#,
    );
    run(&mut c);
    assert_eq!(images(&c), [NEW, NEW, NEW]);
    let s = sts(&c, "web");
    assert_eq!(s.status.current_revision, s.status.update_revision);
    assert_eq!(s.status.current_replicas, 3);
}

#[test]
fn should_implement_legacy_replacement_when_the_update_strategy_is_ondelete() {
    let mut c = cluster(23);
    create_web(&mut c, 3, "  updateStrategy:\n    type: OnDelete\n");
    run(&mut c);
    let rev1 = sts(&c, "web").status.current_revision;
    delete_pod(&mut c, "web-1");
    run(&mut c);
    assert_eq!(revision_label(&pod(&c, "web-1").expect("web-1")), rev1);

    set_image(&mut c, NEW);
    run(&mut c);
    assert_eq!(
        images(&c),
        [OLD, OLD, OLD],
        "OnDelete replaces nothing by itself"
    );
    let rev2 = sts(&c, "web").status.update_revision;
    assert!(
        explanation(&c, "web").starts_with("OnDelete: web-0, web-1, web-2 keep their revision"),
        "{}",
        explanation(&c, "web")
    );
    for n in ["web-0", "web-1", "web-2"] {
        delete_pod(&mut c, n);
    }
    run(&mut c);
    assert_eq!(images(&c), [NEW, NEW, NEW]);
    let s = sts(&c, "web");
    assert_eq!(s.status.update_revision, rev2);
    // Known quirk (ref §8.16): OnDelete never advances currentRevision.
    assert_eq!(s.status.current_revision, rev1);
    assert_eq!(
        (s.status.current_replicas, s.status.updated_replicas),
        (0, 3)
    );
}

#[test]
fn partition_1_and_delete_pod_0_recreates_it_at_the_old_revision() {
    // Upstream "…for partiton1 and delete pod-0 without failing container" without the finalizer
    // part: pod-0 is recreated below the partition, so at the current (old) revision.
    let mut c = cluster(24);
    create_web(
        &mut c,
        3,
        "  updateStrategy:\n    rollingUpdate:\n      partition: 1\n",
    );
    run(&mut c);
    let rev1 = sts(&c, "web").status.current_revision;
    set_image(&mut c, NEW);
    run(&mut c);
    assert_eq!(images(&c), [OLD, NEW, NEW]);
    delete_pod(&mut c, "web-0");
    run(&mut c);
    let p = pod(&c, "web-0").expect("web-0");
    assert_eq!((image_of(&p).as_str(), revision_label(&p)), (OLD, rev1));
}

#[test]
fn rolling_update_with_type_only_strategy_recreates_below_current_replicas_at_current() {
    // `updateStrategy: {type: RollingUpdate}` leaves rollingUpdate nil (ref §1.1, §1.7).
    let mut c = cluster(25);
    create_web(&mut c, 3, "  updateStrategy:\n    type: RollingUpdate\n");
    run(&mut c);
    assert!(sts(&c, "web").spec.update_strategy.rolling_update.is_none());
    set_image(&mut c, NEW);
    run(&mut c);
    assert_eq!(images(&c), [NEW, NEW, NEW]);
}

#[test]
fn revision_history_is_truncated_to_the_limit() {
    let mut c = cluster(26);
    create_web(&mut c, 2, "  revisionHistoryLimit: 2\n");
    run(&mut c);
    for i in 0..6 {
        // Tags the simulated registry has (an unknown tag would sit in ImagePullBackOff).
        set_image(&mut c, &format!("nginx:1.{}", 19 + i));
        run(&mut c);
    }
    let revs = revisions(&c);
    assert!(
        revs.len() <= 2 + 2,
        "at most limit + 2 revisions, got {}",
        revs.len()
    );
    assert_eq!(revs.last().map(|r| r.revision), Some(7));
    let s = sts(&c, "web");
    assert!(revs
        .iter()
        .any(|r| r.metadata.name == s.status.update_revision));
}

#[test]
fn rollout_undo_helpers_find_the_previous_template() {
    use stslab::sim::controllers::statefulset::history::{
        owned_revisions, revision_template, undo_target,
    };
    let mut c = cluster(27);
    create_web(&mut c, 1, "");
    run(&mut c);
    set_image(&mut c, NEW);
    run(&mut c);
    let set = sts(&c, "web");
    let revs = revisions(&c);
    let owned = owned_revisions(&set, revs.iter());
    let target = undo_target(&owned, 0).expect("a previous revision");
    assert_eq!(target.revision, 1);
    let t = revision_template(target).expect("template");
    assert_eq!(t.spec.containers[0].image, OLD);
}
