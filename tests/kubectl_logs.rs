//! `kubectl logs` against the simulated kubelet: container selection, the kubelet's
//! per-state answers, `--previous`, and `-f` following until Ctrl-C.

use stslab::lab::{Action, Effect, Lab};
use stslab::shell::terminal::render;

fn run(lab: &mut Lab, line: &str) -> String {
    render(&lab.run_line(0, line))
}

#[test]
fn missing_pod_and_usage() {
    let mut lab = Lab::new(1);
    assert_eq!(
        run(&mut lab, "kubectl logs nope"),
        "kubectl logs nope\nerror: error from server (NotFound): pods \"nope\" not found in namespace \"default\"\n$ "
    );
    assert_eq!(
        run(&mut lab, "kubectl logs"),
        "kubectl logs\nerror: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n$ "
    );
}

#[test]
fn a_starting_container_has_no_logs_yet() {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    // Step until web-0 is scheduled and its container is being created.
    let mut seen = String::new();
    for _ in 0..20 {
        lab.dispatch(Action::Step);
        let out = run(&mut lab, "kubectl logs web-0");
        if out.contains("waiting to start") {
            seen = out;
            break;
        }
    }
    assert!(
        seen.contains("Error from server (BadRequest): container \"nginx\" in pod \"web-0\" is waiting to start: ContainerCreating\n"),
        "{seen}"
    );
}

#[test]
fn a_running_container_and_its_previous_instance() {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    // The simulated programs print nothing, so the log is empty (exit 0).
    assert_eq!(
        run(&mut lab, "kubectl logs web-0"),
        "kubectl logs web-0\n$ "
    );
    assert_eq!(run(&mut lab, "echo $?"), "echo $?\n0\n$ ");
    assert_eq!(
        run(&mut lab, "kubectl logs web-0 --previous"),
        "kubectl logs web-0 --previous\nError from server (BadRequest): previous terminated container \"nginx\" in pod \"web-0\" not found\n$ "
    );
    assert_eq!(
        run(&mut lab, "kubectl logs web-0 -c foo"),
        "kubectl logs web-0 -c foo\nerror: container foo is not valid for pod web-0\n$ "
    );
    assert_eq!(
        run(&mut lab, "kubectl logs sts/web"),
        "kubectl logs sts/web\nFound 3 pods, using pod/web-0\n$ "
    );
}

#[test]
fn follow_runs_until_ctrl_c() {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl logs -f web-1".into(),
    });
    assert!(lab.terminals[0].busy());
    lab.dispatch(Action::Tick { ms: 10_000 });
    assert!(lab.terminals[0].busy());
    let fx = lab.dispatch(Action::Interrupt { term: 0 });
    let out: String = fx
        .iter()
        .filter_map(|f| match f {
            Effect::Output { chunks, .. } => Some(render(chunks)),
            _ => None,
        })
        .collect();
    assert_eq!(out, "^C\n$ ");
    // Following ends by itself when the container goes away.
    lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl logs -f web-2".into(),
    });
    let _ = lab.run_line(1, "kubectl delete pod web-2 --wait=false");
    lab.dispatch(Action::UntilStable);
    assert!(!lab.terminals[0].busy());
}
