//! Random play on the whole lab: proptest drives random sequences of learner actions through
//! `Lab::dispatch`, the page's one door (apply variants of the guide's nginx StatefulSet from
//! the editor, scale, delete pods and claims, patch the partition and the update strategy,
//! set the image, inject and heal faults, let time pass, undo and redo), with a
//! `kubectl get pods -w` running in the second terminal the whole time.
//!
//! After every action the simulator's invariant checker (`Cluster::check_invariants`) must
//! pass. Undo followed by redo must give back the same cluster, and at the end the session's
//! share string must replay to the same cluster (ARCHITECTURE.md invariant 3: same seed and
//! actions, same result).
//!
//! `PROPTEST_CASES` sets the number of cases (default 2,000, about 20 s in the test build;
//! `make fuzz` runs more).

use proptest::prelude::*;
use serde_json::{json, Value};
use stslab::lab::{Action, Lab};
use stslab::sim::Kind;

/// One learner action, in a form proptest can shrink.
#[derive(Debug, Clone)]
enum Move {
    /// Editor text: the guide's manifest with this many replicas, policy and image.
    Apply {
        replicas: u8,
        parallel: bool,
        image: u8,
    },
    Scale(u8),
    DeletePod(u8),
    DeletePvc(u8),
    Partition(u8),
    OnDelete(bool),
    Image(u8),
    DeleteSts {
        orphan: bool,
    },
    Unready(u8),
    Ready(u8),
    NodeDown(u8),
    NodeUp(u8),
    Unpullable(u8),
    Tick(u32),
    Step,
    UntilStable,
    Undo,
    Redo,
    /// Ctrl-C then restart the watch in terminal 1.
    RestartWatch,
}

const IMAGES: [&str; 3] = [
    "nginx:1.21",
    "nginx:1.22",
    "registry.k8s.io/nginx-slim:0.20",
];
const WORKERS: [&str; 3] = ["kind-worker", "kind-worker2", "kind-worker3"];

fn a_move() -> impl Strategy<Value = Move> {
    prop_oneof![
        3 => (0..6u8, any::<bool>(), 0..3u8)
            .prop_map(|(replicas, parallel, image)| Move::Apply { replicas, parallel, image }),
        3 => (0..7u8).prop_map(Move::Scale),
        2 => (0..6u8).prop_map(Move::DeletePod),
        1 => (0..6u8).prop_map(Move::DeletePvc),
        2 => (0..6u8).prop_map(Move::Partition),
        1 => any::<bool>().prop_map(Move::OnDelete),
        2 => (0..3u8).prop_map(Move::Image),
        1 => any::<bool>().prop_map(|orphan| Move::DeleteSts { orphan }),
        1 => (0..6u8).prop_map(Move::Unready),
        1 => (0..6u8).prop_map(Move::Ready),
        1 => (0..3u8).prop_map(Move::NodeDown),
        1 => (0..3u8).prop_map(Move::NodeUp),
        1 => (0..3u8).prop_map(Move::Unpullable),
        4 => (0..40_000u32).prop_map(Move::Tick),
        2 => Just(Move::Step),
        1 => Just(Move::UntilStable),
        2 => Just(Move::Undo),
        1 => Just(Move::Redo),
        1 => Just(Move::RestartWatch),
    ]
}

fn manifest(replicas: u8, parallel: bool, image: u8) -> String {
    let base = stslab::shell::vfs::EXAMPLES
        .iter()
        .find(|(n, _)| *n == "statefulset.yaml")
        .map(|(_, t)| *t)
        .expect("bundled statefulset.yaml");
    let mut text = base
        .replace("replicas: 3", &format!("replicas: {replicas}"))
        .replace(
            "image: nginx:1.21",
            &format!("image: {}", IMAGES[image as usize]),
        );
    if parallel {
        text = text.replace(
            "  serviceName: \"nginx-svc\"",
            "  podManagementPolicy: Parallel\n  serviceName: \"nginx-svc\"",
        );
    }
    text
}

fn fault(v: Value) -> Action {
    Action::Fault { fault: v }
}

fn cmd(line: String) -> Action {
    Action::Command { term: 0, line }
}

/// The actions one step becomes (the page sends these exact actions).
fn actions(s: &Move) -> Vec<Action> {
    match s {
        Move::Apply {
            replicas,
            parallel,
            image,
        } => vec![
            Action::SetEditor {
                text: manifest(*replicas, *parallel, *image),
            },
            Action::ApplyEditor,
        ],
        Move::Scale(n) => vec![cmd(format!("kubectl scale sts web --replicas={n}"))],
        Move::DeletePod(i) => vec![cmd(format!("kubectl delete pod web-{i} --wait=false"))],
        Move::DeletePvc(i) => vec![cmd(format!("kubectl delete pvc www-web-{i} --wait=false"))],
        Move::Partition(p) => vec![cmd(format!(
            "kubectl patch sts web -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{p}}}}}}}}}'"
        ))],
        Move::OnDelete(true) => vec![cmd(
            "kubectl patch sts web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/updateStrategy\",\"value\":{\"type\":\"OnDelete\"}}]'".into(),
        )],
        Move::OnDelete(false) => vec![cmd(
            "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'".into(),
        )],
        Move::Image(i) => vec![cmd(format!(
            "kubectl set image sts/web nginx={}",
            IMAGES[*i as usize]
        ))],
        Move::DeleteSts { orphan } => vec![cmd(format!(
            "kubectl delete sts web --wait=false{}",
            if *orphan { " --cascade=orphan" } else { "" }
        ))],
        Move::Unready(i) => vec![fault(
            json!({"type": "readinessFail", "namespace": "default", "pod": format!("web-{i}")}),
        )],
        Move::Ready(i) => vec![fault(
            json!({"type": "readinessRecover", "namespace": "default", "pod": format!("web-{i}")}),
        )],
        Move::NodeDown(n) => vec![fault(json!({"type": "nodeDown", "node": WORKERS[*n as usize]}))],
        Move::NodeUp(n) => vec![fault(json!({"type": "nodeUp", "node": WORKERS[*n as usize]}))],
        Move::Unpullable(i) => vec![fault(
            json!({"type": "imageUnpullable", "image": IMAGES[*i as usize]}),
        )],
        Move::Tick(ms) => vec![Action::Tick { ms: *ms as u64 }],
        Move::Step => vec![Action::Step],
        Move::UntilStable => vec![Action::UntilStable],
        Move::Undo => vec![Action::Undo],
        Move::Redo => vec![Action::Redo],
        Move::RestartWatch => vec![
            Action::Interrupt { term: 1 },
            Action::Command {
                term: 1,
                line: "kubectl get pods -w".into(),
            },
        ],
    }
}

/// Every object, the clock and the watch-log length: two equal states are the same cluster.
fn cluster_state(lab: &Lab) -> (u64, usize, Vec<Value>) {
    let api = lab.cluster.api();
    let objects = Kind::ALL
        .iter()
        .flat_map(|k| api.list(*k, None))
        .map(|o| o.to_value())
        .collect();
    (lab.cluster.now(), api.watch_log().len(), objects)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

/// The step vocabulary does what it says, so the property above cannot pass by doing nothing.
#[test]
fn steps_reach_the_cluster() {
    let mut lab = Lab::new(1);
    let run = |lab: &mut Lab, s: Move| {
        for a in actions(&s) {
            lab.dispatch(a);
        }
        lab.dispatch(Action::UntilStable);
    };
    let running = |lab: &Lab| {
        lab.view()
            .sets
            .iter()
            .find(|s| s.name == "web")
            .map(|s| {
                s.pods
                    .iter()
                    .filter(|p| p.status == "Running" && p.ready)
                    .count()
            })
            .unwrap_or(0)
    };
    run(
        &mut lab,
        Move::Apply {
            replicas: 3,
            parallel: false,
            image: 0,
        },
    );
    assert_eq!(running(&lab), 3);
    run(&mut lab, Move::Scale(1));
    assert_eq!(running(&lab), 1);
    run(&mut lab, Move::Image(1));
    let pod = lab
        .cluster
        .api()
        .get(Kind::Pod, "default", "web-0")
        .expect("web-0");
    assert!(pod.to_value().to_string().contains("nginx:1.22"));
    run(&mut lab, Move::DeleteSts { orphan: false });
    assert!(lab
        .cluster
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .is_err());
    // Undo the settling, then the delete.
    lab.dispatch(Action::Undo);
    lab.dispatch(Action::Undo);
    assert!(lab
        .cluster
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 200,
        // Regressions are recorded next to this file (tests/prop_lab.proptest-regressions).
        .. ProptestConfig::default()
    })]

    #[test]
    fn random_learner_play_keeps_the_cluster_invariants(
        seed in 0u64..1_000,
        steps in prop::collection::vec(a_move(), 1..16),
        undo_check in prop::collection::vec(any::<bool>(), 16),
    ) {
        let mut lab = Lab::new(seed);
        lab.dispatch(Action::Command { term: 1, line: "kubectl get pods -w".into() });
        for (i, s) in steps.iter().enumerate() {
            for a in actions(s) {
                lab.dispatch(a);
            }
            if let Err(v) = lab.cluster.check_invariants() {
                prop_assert!(false, "after step {i} {s:?}: {v:?}");
            }
            // Undo then redo lands on the same cluster (only right after an action that
            // took a snapshot, so redo has something to give back).
            if undo_check[i] && lab.can_undo() && !matches!(s, Move::Undo | Move::Redo | Move::Tick(_)) {
                let after = cluster_state(&lab);
                lab.dispatch(Action::Undo);
                prop_assert!(lab.cluster.check_invariants().is_ok(), "after undo of {s:?}");
                lab.dispatch(Action::Redo);
                prop_assert!(cluster_state(&lab) == after, "undo+redo of {s:?} changed the cluster");
            }
        }
        // The share string replays to the same session.
        let back = Lab::from_share(&lab.to_share()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(cluster_state(&back) == cluster_state(&lab), "replay differs");
        prop_assert_eq!(&back.editor, &lab.editor);
    }
}
