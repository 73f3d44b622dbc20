//! `kubectl events`: v1.35's own event listing (`pkg/cmd/events`), unlike `get events`:
//! sorted by time, OBJECT as `Kind/name`, `--for`, `--types`, `-A`, `--no-headers`, `-w`.

use stslab::lab::{Action, Lab};
use stslab::shell::terminal::render;

/// What the terminal shows for `line` (without the echoed line and prompt), and `$?`.
fn run(lab: &mut Lab, line: &str) -> (String, i32) {
    let out = render(&lab.run_line(0, line));
    let body = out
        .strip_prefix(&format!("{line}\n"))
        .unwrap_or(&out)
        .trim_end_matches("$ ")
        .to_string();
    (body, lab.terminals[0].last_status())
}

fn web() -> Lab {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    lab
}

#[test]
fn lists_events_by_time_with_kind_slash_name() {
    let mut lab = Lab::new(1);
    // Said on stderr, and the command still succeeds.
    assert_eq!(
        run(&mut lab, "kubectl events"),
        ("No events found in default namespace.\n".into(), 0)
    );
    assert_eq!(
        run(&mut lab, "kubectl events -A"),
        ("No events found.\n".into(), 0)
    );

    let mut lab = web();
    let (out, status) = run(&mut lab, "kubectl events");
    assert_eq!(status, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("LAST SEEN   TYPE     REASON ")
            && lines[0].ends_with("OBJECT                            MESSAGE"),
        "{out}"
    );
    assert!(
        lines[1].contains("Normal   SuccessfulCreate ")
            && lines[1].contains(" StatefulSet/web ")
            && lines[1].ends_with("create Claim www-web-0 Pod web-0 in StatefulSet web success"),
        "{out}"
    );
    // Kubelet events carry no `spec.containers{nginx}: ` prefix here (errata §14).
    assert!(
        out.contains("Pod/web-0                         Container started\n"),
        "{out}"
    );
    // Oldest first: web-0's events come before web-2's.
    let first = |needle: &str| out.find(needle).unwrap_or(usize::MAX);
    assert!(first("Pod/web-0") < first("Pod/web-2"), "{out}");
}

#[test]
fn for_types_all_namespaces_and_no_headers() {
    let mut lab = web();
    let (out, status) = run(
        &mut lab,
        "kubectl events --for pod/web-1 --types=warning,Normal --no-headers",
    );
    assert_eq!(status, 0, "{out}");
    assert!(!out.contains("LAST SEEN"), "{out}");
    assert!(out.lines().all(|l| l.contains(" Pod/web-1 ")), "{out}");
    let (out, _) = run(&mut lab, "kubectl events -A --for statefulset.apps/web");
    assert!(out.starts_with("NAMESPACE   LAST SEEN   TYPE"), "{out}");
    assert!(
        out.lines().skip(1).all(|l| l.starts_with("default     ")),
        "{out}"
    );
    assert_eq!(
        run(&mut lab, "kubectl events --types=Warning"),
        ("No events found in default namespace.\n".into(), 0)
    );
    for (line, err) in [
        (
            "kubectl events --types=Info",
            "error: valid --types are Normal or Warning\n",
        ),
        (
            "kubectl events --for web-1",
            "error: --for must be in resource/name form\n",
        ),
        (
            "kubectl events --for pods/a/b",
            "error: arguments in resource/name form may not have more than one slash\n",
        ),
        (
            "kubectl events --for Widget/x",
            "error: the server doesn't have a resource type \"widget\"\n",
        ),
    ] {
        assert_eq!(run(&mut lab, line), (err.to_string(), 1), "{line}");
    }
}

#[test]
fn watch_prints_existing_then_new_events_one_flush_at_a_time() {
    let mut lab = web();
    lab.dispatch(Action::Command {
        term: 1,
        line: "kubectl events -w --for pod/web-1".into(),
    });
    run(&mut lab, "kubectl delete pod web-1");
    lab.dispatch(Action::UntilStable);
    let screen = render(&lab.screens[1]);
    assert_eq!(screen.matches("LAST SEEN").count(), 1, "{screen}");
    assert!(
        screen.contains("Scheduled") && screen.contains("Killing"),
        "{screen}"
    );
    // Each row is its own tabwriter flush: columns padded to the row, not to each other.
    assert!(
        screen.contains("Normal   Killing   Pod/web-1   Stopping container nginx"),
        "{screen}"
    );
}
