//! The lesson panel the page draws: the course list in both languages, a step's live goal
//! checklist ticking as the learner acts, "Show solution", undo, replay and the sandbox menu.

use stslab::lab::panel::panel;
use stslab::lab::{Action, Lab};

fn goto(lab: &mut Lab, lesson: &str, step: usize) {
    lab.dispatch(Action::LessonGoto {
        lesson: lesson.into(),
        step,
        seed: None,
    });
}

fn met(lab: &Lab) -> Vec<(String, bool)> {
    let p = panel(lab, "en");
    p.active
        .expect("a step is active")
        .goals
        .into_iter()
        .map(|g| (g.id, g.met))
        .collect()
}

#[test]
fn a_fresh_session_lists_the_whole_course_in_both_languages() {
    let lab = Lab::new(1);
    let en = panel(&lab, "en");
    let zh = panel(&lab, "zh-CN");
    assert!(en.active.is_none());
    assert_eq!(en.course.len(), 15);
    assert_eq!(en.course[2].id, "create");
    assert_eq!(
        en.course[2].title,
        "Create a StatefulSet and watch the order"
    );
    assert_eq!(zh.course[2].title, "创建 StatefulSet，观察创建顺序");
    assert!(en
        .course
        .iter()
        .all(|c| c.steps > 0 && !c.summary.is_empty()));
}

#[test]
fn goals_tick_as_the_learner_acts_and_not_before() {
    let mut lab = Lab::new(1);
    goto(&mut lab, "create", 0);
    let p = panel(&lab, "zh-CN").active.expect("active");
    assert_eq!((p.index, p.count), (0, 3));
    assert_eq!(p.title, "apply 并观察");
    assert!(!p.done);
    assert!(p.goals.iter().all(|g| !g.met), "{:?}", p.goals);
    assert_eq!(p.goals[0].label, "web-1 是在 web-0 Ready 之后才创建的");
    assert!(!p.explain.is_empty() && p.hints.len() == 2 && p.has_solution);

    lab.run_line(0, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    let goals = met(&lab);
    assert!(
        goals.iter().any(|(id, m)| id == "all-ready" && *m),
        "{goals:?}"
    );
    assert!(
        goals.iter().any(|(id, m)| id == "watched" && !*m),
        "{goals:?}"
    );
    assert!(!panel(&lab, "en").active.unwrap().done);

    lab.dispatch(Action::Command {
        term: 1,
        line: "kubectl get pods -w".into(),
    });
    assert!(panel(&lab, "en").active.unwrap().done, "{:?}", met(&lab));
}

#[test]
fn show_solution_meets_every_goal_is_one_undo_step_and_replays() {
    let mut lab = Lab::new(1);
    goto(&mut lab, "create", 0);
    lab.dispatch(Action::LessonSolve);
    assert!(panel(&lab, "en").active.unwrap().done, "{:?}", met(&lab));
    // Only the learner's two actions are logged: replay plays the solution again.
    assert_eq!(lab.log().len(), 2);
    let replayed = Lab::from_share(&lab.to_share()).expect("replay");
    assert_eq!(panel(&replayed, "en"), panel(&lab, "en"));

    lab.dispatch(Action::Undo);
    let p = panel(&lab, "en").active.unwrap();
    assert!(p.goals.iter().all(|g| !g.met), "{:?}", p.goals);
}

#[test]
fn a_sandbox_menu_entry_opens_its_manifest() {
    let mut lab = Lab::new(1);
    let sandbox = panel(&lab, "en")
        .course
        .iter()
        .find(|c| c.kind == stslab::lesson::LessonKind::Sandbox)
        .map(|c| c.id.clone())
        .expect("a sandbox lesson");
    goto(&mut lab, &sandbox, 0);
    let menu = panel(&lab, "en").active.unwrap().menu;
    assert!(menu.iter().any(|m| m.id == "nginx"), "{menu:?}");
    lab.dispatch(Action::LessonMenu { id: "nginx".into() });
    assert_eq!(lab.editor.file, "statefulset.yaml");
    assert!(lab.editor.text.contains("kind: StatefulSet"));
}

#[test]
fn unknown_steps_and_menu_entries_give_a_notice_not_a_panic() {
    let mut lab = Lab::new(1);
    let fx = lab.dispatch(Action::LessonSolve);
    assert!(format!("{fx:?}").contains("no solution"), "{fx:?}");
    let fx = lab.dispatch(Action::LessonGoto {
        lesson: "nope".into(),
        step: 0,
        seed: None,
    });
    assert!(format!("{fx:?}").contains("no lesson named nope"), "{fx:?}");
    let fx = lab.dispatch(Action::LessonMenu { id: "x".into() });
    assert!(
        format!("{fx:?}").contains("No menu entry named x"),
        "{fx:?}"
    );
}

#[test]
fn the_editor_marks_yaml_errors_while_typing_and_apply_errors_on_their_line() {
    let mut lab = Lab::new(1);
    let good = lab.editor.text.clone();
    lab.dispatch(Action::SetEditor {
        text: "apiVersion: v1\nkind: Service\n metadata: x\n".into(),
    });
    let p = lab.editor_problems();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, 3, "{p:?}");

    let bad = good.replacen("replicas: 3", "replicas: -1", 1);
    assert_ne!(bad, good, "the example manifest sets replicas: 3");
    lab.dispatch(Action::SetEditor { text: bad.clone() });
    assert!(lab.editor_problems().is_empty());
    lab.dispatch(Action::ApplyEditor);
    let p = lab.editor_problems();
    let line = bad
        .lines()
        .position(|l| l.contains("replicas: -1"))
        .unwrap()
        + 1;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, line, "{p:?}");
    assert!(
        p[0].message.contains("spec.replicas: Invalid value: -1"),
        "{p:?}"
    );
    // Editing the text clears the apply's markers (their lines may have moved).
    lab.dispatch(Action::SetEditor { text: good });
    assert!(lab.editor_problems().is_empty());
}

#[test]
fn a_yaml_error_in_the_guide_manifest_is_marked_on_the_line_where_it_is() {
    let guide = include_str!("e2e/nginx-web.yaml");
    let broken = guide.replacen("  replicas: 3", "  replicas: 3\n    oops: 1", 1);
    let line = broken.lines().position(|l| l.contains("oops")).unwrap() + 1;
    let mut lab = Lab::new(1);
    lab.dispatch(Action::SetEditor { text: broken });
    let p = lab.editor_problems();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, line, "{p:?}");
}

#[test]
fn claims_left_by_a_scale_down_are_detached_slots_at_their_ordinals() {
    let mut lab = Lab::new(1);
    lab.run_line(0, "kubectl apply -f statefulset.yaml");
    lab.run_line(0, "kubectl scale statefulset web --replicas=5");
    lab.dispatch(Action::UntilStable);
    assert!(lab.view().sets[0].detached.is_empty());
    lab.run_line(0, "kubectl scale statefulset web --replicas=3");
    lab.dispatch(Action::UntilStable);
    let web = &lab.view().sets[0];
    assert_eq!(web.pods.len(), 3);
    assert_eq!(
        web.detached,
        vec![
            (3, vec!["www-web-3".to_string()]),
            (4, vec!["www-web-4".to_string()])
        ]
    );
}

/// A class link's seed replaces the lesson's: every learner of the class gets the same random
/// pod names and addresses, different from another class's, and a share link keeps it.
#[test]
fn a_class_link_seed_pins_the_lesson_cluster() {
    let start = |seed: Option<u64>| {
        let mut lab = Lab::new(1);
        lab.dispatch(Action::LessonGoto {
            lesson: "why-statefulset".into(),
            step: 0,
            seed,
        });
        lab.dispatch(Action::Command {
            term: 0,
            line: "kubectl create deployment web --image=nginx --replicas=2".into(),
        });
        lab.dispatch(Action::UntilStable);
        let out = stslab::shell::terminal::render(&lab.run_line(0, "kubectl get pods -o wide"));
        (lab, out)
    };
    let (a, pods_a) = start(Some(42));
    let (_, pods_b) = start(Some(42));
    let (_, pods_c) = start(Some(43));
    let (_, pods_lesson) = start(None);
    assert!(pods_a.contains("web-"), "{pods_a}");
    assert_eq!(pods_a, pods_b);
    assert_ne!(pods_a, pods_c);
    assert_ne!(pods_a, pods_lesson);
    let mut again = Lab::from_share(&a.to_share()).expect("restore");
    let out = stslab::shell::terminal::render(&again.run_line(0, "kubectl get pods -o wide"));
    assert_eq!(
        out.lines().skip(1).collect::<Vec<_>>(),
        pods_a.lines().skip(1).collect::<Vec<_>>()
    );
}
