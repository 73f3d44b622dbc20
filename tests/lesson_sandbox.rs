//! The sandbox's fault menu: each entry does what its description says on the guide's
//! StatefulSet (played as the page plays it, through `Action::LessonMenu`).

use stslab::lab::{lessons, Action, Effect, Lab};
use stslab::shell::terminal::render;

fn run(lab: &mut Lab, line: &str) -> String {
    render(&lab.run_line(0, line))
}

fn menu(lab: &mut Lab, id: &str) {
    for fx in lab.dispatch(Action::LessonMenu { id: id.into() }) {
        if let Effect::Notice(n) = fx {
            panic!("menu {id}: {n}");
        }
    }
}

fn sandbox_with_web() -> Lab {
    let mut lab = lessons::start_lesson("sandbox", 0).expect("sandbox starts");
    let out = run(&mut lab, "kubectl apply -f statefulset.yaml");
    assert!(out.contains("statefulset.apps/web created"), "{out}");
    lab.dispatch(Action::UntilStable);
    lab
}

#[test]
fn node_down_then_up_plays_out_as_on_a_real_cluster() {
    let mut lab = sandbox_with_web();
    menu(&mut lab, "node-down");
    lab.dispatch(Action::Tick { ms: 60_000 });
    let nodes = run(&mut lab, "kubectl get nodes");
    let row = nodes
        .lines()
        .find(|l| l.starts_with("kind-worker2 "))
        .unwrap_or_else(|| panic!("{nodes}"));
    assert!(row.contains(" NotReady "), "{nodes}");
    menu(&mut lab, "node-up");
    lab.dispatch(Action::Tick { ms: 60_000 });
    let nodes = run(&mut lab, "kubectl get nodes");
    assert!(!nodes.contains("NotReady"), "{nodes}");
}

#[test]
fn readiness_slow_pulls_and_pv_faults_take_effect() {
    let mut lab = sandbox_with_web();
    menu(&mut lab, "bad-probe");
    lab.dispatch(Action::UntilStable);
    menu(&mut lab, "readiness-fail");
    lab.dispatch(Action::Tick { ms: 60_000 });
    let pods = run(&mut lab, "kubectl get pod web-1");
    assert!(pods.contains("0/1"), "{pods}");
    menu(&mut lab, "readiness-recover");
    menu(&mut lab, "slow-pulls");
    menu(&mut lab, "delete-pv");
    let out = render(&lab.screens[0]);
    assert!(
        out.contains("persistentvolume \"pvc-") && out.contains("\" deleted"),
        "{out}"
    );
    let pv = run(&mut lab, "kubectl get pv");
    assert!(pv.contains("Terminating"), "{pv}");
}
