//! Property test: random sequences of learner actions on `web` (scale, template change,
//! partition, strategy, pod deletion, readiness flips, time passing). After every action the
//! cluster invariants hold; once every pod is healthy again and the cluster is idle, the set has
//! converged: exactly the pods of its ordinal range, one claim per pod, truthful status, and
//! with RollingUpdate every pod at or above the partition runs the update revision.

mod sts_support;
use proptest::prelude::*;
use sts_support::*;
use stslab::sim::Cluster;

#[derive(Debug, Clone)]
enum Action {
    Scale(i32),
    Image(u8),
    Partition(i32),
    OnDelete(bool),
    DeletePod(i32),
    Unready(i32),
    Wait(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..6i32).prop_map(Action::Scale),
        (0..3u8).prop_map(Action::Image),
        (0..5i32).prop_map(Action::Partition),
        any::<bool>().prop_map(Action::OnDelete),
        (0..6i32).prop_map(Action::DeletePod),
        (0..6i32).prop_map(Action::Unready),
        (0..20_000u64).prop_map(Action::Wait),
    ]
}

fn apply(c: &mut Cluster, a: &Action, unready: &mut Vec<String>) {
    match a {
        Action::Scale(n) => scale(c, *n),
        Action::Image(i) => set_image(c, &format!("registry.k8s.io/nginx-slim:0.{}", 21 + i)),
        Action::Partition(p) => {
            if sts(c, "web").spec.update_strategy.type_ != "OnDelete" {
                patch_sts(
                    c,
                    "web",
                    &format!(
                        r#"{{"spec":{{"updateStrategy":{{"rollingUpdate":{{"partition":{p}}}}}}}}}"#
                    ),
                );
            }
        }
        Action::OnDelete(on) => {
            let p = if *on {
                r#"{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}"#
            } else {
                r#"{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}"#
            };
            patch_sts(c, "web", p);
        }
        Action::DeletePod(i) => {
            let n = format!("web-{i}");
            if pod(c, &n).is_some_and(|p| p.metadata.deletion_timestamp.is_none()) {
                delete_pod(c, &n);
            }
        }
        Action::Unready(i) => {
            let n = format!("web-{i}");
            if pod(c, &n).is_some_and(|p| p.metadata.deletion_timestamp.is_none())
                && !unready.contains(&n)
            {
                set_ready(c, &n, false);
                unready.push(n);
            }
        }
        Action::Wait(ms) => advance(c, *ms),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, .. ProptestConfig::default() })]

    #[test]
    fn random_actions_converge_and_keep_invariants(actions in prop::collection::vec(action(), 1..12), seed in 0u64..1000) {
        let mut c = cluster(seed);
        create_web(&mut c, 2, "");
        run(&mut c);
        let mut unready = Vec::new();
        for a in &actions {
            apply(&mut c, a, &mut unready);
            prop_assert!(c.check_invariants().is_ok(), "after {:?}: {:?}", a, c.check_invariants());
        }
        // Heal every pod we broke (those still existing), then let the cluster settle.
        for n in unready {
            if pod(&c, &n).is_some() {
                set_ready(&mut c, &n, true);
            }
        }
        run(&mut c);
        prop_assert!(c.check_invariants().is_ok(), "{:?}", c.check_invariants());
        let s = sts(&c, "web");
        let want = s.spec.replicas.unwrap_or(1);
        let expected: Vec<String> = (0..want).map(|i| format!("web-{i}")).collect();
        let mut names = pod_names(&c);
        names.sort_by_key(|n| n.trim_start_matches("web-").parse::<i32>().unwrap_or(-1));
        prop_assert_eq!(&names, &expected);
        for n in &names {
            let p = pod(&c, n).expect("pod");
            prop_assert!(p.metadata.deletion_timestamp.is_none());
            let claim_name = format!("www-{}", n);
            prop_assert!(claim(&c, &claim_name).is_some(), "claim {} exists", claim_name);
        }
        prop_assert_eq!(s.status.replicas, want);
        prop_assert_eq!(s.status.ready_replicas, want);
        prop_assert_eq!(s.status.observed_generation, Some(s.metadata.generation));
        if s.spec.update_strategy.type_ != "OnDelete" {
            let part = s.spec.update_strategy.rolling_update.as_ref().and_then(|r| r.partition).unwrap_or(0);
            for (i, n) in names.iter().enumerate() {
                let p = pod(&c, n).expect("pod");
                if i as i32 >= part {
                    prop_assert_eq!(revision_label(&p), s.status.update_revision.clone(), "pod at or above the partition: {}", p.metadata.name);
                }
            }
            if part == 0 {
                prop_assert_eq!(&s.status.current_revision, &s.status.update_revision);
            }
        }
    }
}
