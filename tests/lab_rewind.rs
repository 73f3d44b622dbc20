//! Rewinding the session to an earlier virtual time (the timeline's "continue from here"), and
//! the timeline rows it is chosen from.

use stslab::lab::{Action, Effect, Lab};
use stslab::shell::terminal::render;

fn cmd(lab: &mut Lab, line: &str) {
    lab.dispatch(Action::Command {
        term: 0,
        line: line.into(),
    });
}

fn pods(lab: &mut Lab) -> String {
    render(&lab.run_line(1, "kubectl get pods -o wide"))
}

/// web applied at 0 s, then 60 s pass, web-1 deleted, 60 s more.
fn session() -> Lab {
    let mut lab = Lab::new(11);
    cmd(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::Tick { ms: 60_000 });
    cmd(&mut lab, "kubectl delete pod web-1 --wait=false");
    lab.dispatch(Action::Tick { ms: 60_000 });
    lab
}

#[test]
fn a_rewind_lands_where_a_session_stopped_at_that_moment_would_be() {
    let mut lab = session();
    let end = lab.cluster.now();
    assert!(end >= 120_000, "{end}");
    assert_eq!(
        lab.actions_after(30_000),
        2,
        "the delete and the later tick"
    );

    // The same inputs, stopped at 30 s.
    let mut expect = Lab::new(11);
    cmd(&mut expect, "kubectl apply -f statefulset.yaml");
    expect.dispatch(Action::Tick { ms: 30_000 });

    let fx = lab.dispatch(Action::Rewind { to: 30_000 });
    assert!(fx.contains(&Effect::Reset), "{fx:?}");
    assert_eq!(lab.cluster.now(), 30_000);
    assert_eq!(pods(&mut lab), pods(&mut expect));
    assert_eq!(lab.screens, expect.screens);
    // Not logged: a share link of the rewound session replays the kept actions only.
    assert_eq!(lab.log().len(), expect.log().len());
    let again = Lab::from_share(&lab.to_share()).expect("restore");
    assert_eq!(again.cluster.now(), lab.cluster.now());
}

#[test]
fn a_rewound_session_goes_on_like_any_other() {
    let mut lab = session();
    lab.dispatch(Action::Rewind { to: 30_000 });
    lab.dispatch(Action::Tick { ms: 60_000 });
    let v = lab.view();
    let names: Vec<&str> = v.sets[0].pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["web-0", "web-1", "web-2"]);
    // Undo works across the rewind: it removes the apply the replay rebuilt.
    lab.dispatch(Action::Undo);
    assert!(lab.view().sets.is_empty());
}

#[test]
fn rewinding_to_now_or_later_changes_nothing() {
    let mut lab = session();
    let end = lab.cluster.now();
    let before = lab.to_share();
    let fx = lab.dispatch(Action::Rewind { to: end });
    assert!(matches!(fx.as_slice(), [Effect::Notice(_)]), "{fx:?}");
    assert_eq!(lab.to_share(), before);
    assert_eq!(lab.actions_after(end), 0);
}

#[test]
fn the_editor_keeps_what_the_learner_typed() {
    let mut lab = session();
    let text = format!("{}\n# my note\n", lab.editor.text);
    lab.dispatch(Action::SetEditor { text: text.clone() });
    lab.dispatch(Action::Rewind { to: 10_000 });
    assert_eq!(lab.editor.text, text);
}

#[test]
fn a_cleared_terminal_stays_cleared_after_a_replay() {
    let mut lab = Lab::new(4);
    cmd(&mut lab, "kubectl get pods");
    lab.dispatch(Action::Clear { term: 0 });
    cmd(&mut lab, "kubectl version --client");
    lab.dispatch(Action::Tick { ms: 5_000 });
    let screen = render(&lab.screens[0]);
    assert!(!screen.contains("No resources found"), "{screen}");
    let replay = Lab::from_share(&lab.to_share()).expect("restore");
    assert_eq!(replay.screens, lab.screens);
}

#[test]
fn a_rewind_stays_inside_the_current_lesson() {
    let mut lab = Lab::new(2);
    cmd(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::Tick { ms: 300_000 });
    let id = lab.pack().lessons[0].id.clone();
    lab.dispatch(Action::LessonGoto {
        lesson: id.clone(),
        step: 0,
        seed: None,
    });
    let start = lab.cluster.now();
    assert_eq!(lab.first_time(), start);
    lab.dispatch(Action::Tick { ms: 20_000 });
    lab.dispatch(Action::Rewind { to: start + 5_000 });
    assert_eq!(lab.cluster.now(), start + 5_000);
    assert_eq!(
        lab.lesson.as_ref().map(|l| l.lesson.as_str()),
        Some(id.as_str())
    );
}

#[test]
fn the_timeline_keeps_deleted_pods_and_their_events() {
    let mut lab = session();
    cmd(&mut lab, "kubectl scale sts web --replicas=2");
    lab.dispatch(Action::UntilStable);
    let timeline = lab.timeline();
    let rows: Vec<&str> = timeline.iter().map(|r| r.pod.as_str()).collect();
    assert_eq!(rows, vec!["web-0", "web-1", "web-2"]);
    let web2 = &timeline[2];
    assert!(
        web2.spans.last().is_some_and(|s| s.to.is_some()),
        "web-2 was deleted: its last span is closed: {:?}",
        web2.spans
    );
    // web-1 was deleted and created again: a closed span, then a new open one.
    let web1 = &timeline[1];
    assert!(web1.spans.iter().any(|s| s.deleting), "{:?}", web1.spans);
    assert!(web1.spans.last().is_some_and(|s| s.to.is_none()));
    let reasons: Vec<&str> = web1
        .spans
        .iter()
        .flat_map(|s| s.events.iter().map(|e| e.reason.as_str()))
        .collect();
    assert!(reasons.contains(&"Scheduled"), "{reasons:?}");
    assert!(reasons.contains(&"Killing"), "{reasons:?}");
}
