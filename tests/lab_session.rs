//! The session layer: commands through the reducer, undo/redo, share/restore (and its
//! errors), the cluster picture, pod sessions and time.

use stslab::lab::{Action, Effect, Lab, RestoreError};
use stslab::shell::terminal::render;

fn run(lab: &mut Lab, line: &str) -> String {
    render(&lab.run_line(0, line))
}

#[test]
fn apply_creates_pods_in_ordinal_order_in_the_view() {
    let mut lab = Lab::new(1);
    let out = run(&mut lab, "kubectl apply -f statefulset.yaml");
    assert!(
        out.contains("service/nginx-svc created\nstatefulset.apps/web created\n"),
        "{out}"
    );
    lab.dispatch(Action::UntilStable);
    let v = lab.view();
    let web = v.sets.iter().find(|s| s.name == "web").expect("set web");
    let names: Vec<&str> = web.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["web-0", "web-1", "web-2"]);
    assert!(
        web.pods.iter().all(|p| p.status == "Running" && p.ready),
        "{:?}",
        web.pods
    );
    assert_eq!(
        web.pods[0].dns_name.as_deref(),
        Some("web-0.nginx-svc.default.svc.cluster.local")
    );
    assert!(web.pods[0].dns_resolves);
    // The timeline walks Pending → ContainerCreating → Running.
    let row = lab
        .timeline()
        .into_iter()
        .find(|r| r.pod == "web-2")
        .expect("row web-2");
    let tl: Vec<&str> = row.spans.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(tl.first(), Some(&"Pending"));
    assert_eq!(tl.last(), Some(&"Running"));
    assert!(tl.contains(&"ContainerCreating"), "{tl:?}");
    let claims: Vec<&str> = v.claims.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(claims, vec!["www-web-0", "www-web-1", "www-web-2"]);
    assert!(v.claims.iter().all(|c| c.phase == "Bound" && c.attached));
    let svc = v
        .services
        .iter()
        .find(|s| s.name == "nginx-svc")
        .expect("svc");
    assert!(svc.headless);
    assert!(svc
        .records
        .iter()
        .any(|(n, _)| n == "web-2.nginx-svc.default.svc.cluster.local"));
}

#[test]
fn undo_and_redo_restore_the_cluster() {
    let mut lab = Lab::new(3);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    run(&mut lab, "kubectl delete sts web");
    assert!(lab.view().sets.is_empty());
    lab.dispatch(Action::Undo);
    assert_eq!(lab.view().sets.len(), 1);
    lab.dispatch(Action::Redo);
    assert!(lab.view().sets.is_empty());
    let fx = lab.dispatch(Action::Redo);
    assert!(fx.iter().any(|f| matches!(f, Effect::Notice(_))));
}

#[test]
fn share_round_trip_replays_the_same_session() {
    let mut lab = Lab::new(7);
    lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl apply -f statefulset.yaml".into(),
    });
    lab.dispatch(Action::Tick { ms: 30_000 });
    lab.dispatch(Action::Command {
        term: 1,
        line: "kubectl get pods".into(),
    });
    let s = lab.to_share();
    assert!(s.starts_with("1."));
    let back = Lab::from_share(&s).expect("restore");
    assert_eq!(back.screens, lab.screens);
    assert_eq!(back.view(), lab.view());
}

#[test]
fn corrupt_or_old_shares_are_errors_not_panics() {
    assert_eq!(
        Lab::from_share("hello").err(),
        Some(RestoreError::NotASession)
    );
    assert_eq!(
        Lab::from_share("0.abc").err(),
        Some(RestoreError::Version("0".into()))
    );
    assert!(matches!(
        Lab::from_share("1.%%%"),
        Err(RestoreError::Encoding(_))
    ));
    assert!(matches!(
        Lab::from_share("1.aGk_"),
        Err(RestoreError::Data(_))
    ));
    let good = Lab::new(1).to_share();
    let cut = &good[..good.len() - 3];
    assert!(Lab::from_share(cut).is_err());
}

#[test]
fn busybox_session_resolves_and_rm_deletes_the_pod() {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    let out = run(
        &mut lab,
        "kubectl run -it --rm debug --image=busybox:1.28 --restart=Never -- sh",
    );
    assert!(
        out.contains("If you don't see a command prompt, try pressing enter.\n"),
        "{out}"
    );
    assert!(out.ends_with("/ # "), "{out}");
    let ip = lab.view().sets[0].pods[0].ip.clone();
    let out = run(&mut lab, "nslookup web-0.nginx-svc");
    assert!(
        out.contains(&format!("Name:      web-0.nginx-svc\nAddress 1: {ip}")),
        "{out}"
    );
    let out = run(&mut lab, "hostname");
    assert!(out.contains("\ndebug\n"), "{out}");
    let out = run(&mut lab, "exit");
    assert!(
        out.contains("pod \"debug\" deleted from default namespace\n"),
        "{out}"
    );
    assert!(out.ends_with("$ "));
}

#[test]
fn data_written_in_a_pod_survives_its_deletion() {
    let mut lab = Lab::new(2);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    run(
        &mut lab,
        "kubectl exec web-1 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'",
    );
    run(&mut lab, "kubectl delete pod web-1");
    lab.dispatch(Action::UntilStable);
    let out = run(
        &mut lab,
        "kubectl exec web-1 -- cat /usr/share/nginx/html/index.html",
    );
    assert!(out.contains("\nhello\n"), "{out}");
}

#[test]
fn editor_buffer_is_the_file_kubectl_applies() {
    let mut lab = Lab::new(1);
    let text = lab.editor.text.replace("replicas: 3", "replicas: 1");
    lab.dispatch(Action::SetEditor { text });
    lab.dispatch(Action::ApplyEditor);
    lab.dispatch(Action::UntilStable);
    assert_eq!(lab.view().sets[0].pods.len(), 1);
    assert!(render(&lab.screens[0]).contains("$ kubectl apply -f statefulset.yaml\n"));
}

/// A teacher's pack of one lesson whose start state is the guide's StatefulSet.
const TEACHER_PACK: &str = r#"id: class-7b
title: {en: Class 7b, zh-CN: 七年级 B 班}
lessons:
  - id: scale-web
    title: {en: Scale web, zh-CN: 扩容 web}
    summary: {en: Scale the set to five., zh-CN: 把 StatefulSet 扩到五个副本。}
    steps:
      - id: five
        title: {en: Five replicas, zh-CN: 五个副本}
        text: {en: Scale web to 5., zh-CN: 把 web 扩容到 5。}
        solution:
          - kubectl apply -f statefulset.yaml
          - kubectl scale sts web --replicas=5
        goals:
          - id: five
            label: {en: web has 5 replicas, zh-CN: web 有 5 个副本}
            check:
              replicas: {name: web, desired: 5, ready: 5}
"#;

/// Shared sessions that follow a teacher's pack replay with that pack: the pack switch is in
/// the log, a restore without the pack says which one it needs, and with it the session
/// (lesson, step, cluster) comes back exactly.
#[test]
fn a_session_on_a_teachers_pack_restores_only_with_that_pack() {
    let pack = std::rc::Rc::new(stslab::lesson::Pack::load(TEACHER_PACK).expect("pack loads"));
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.use_pack(std::rc::Rc::clone(&pack));
    assert!(lab.lesson.is_none(), "a pack switch leaves the lesson");
    lab.dispatch(Action::LessonGoto {
        lesson: "scale-web".into(),
        step: 0,
        seed: None,
    });
    assert_eq!(
        lab.lesson.as_ref().map(|l| l.lesson.as_str()),
        Some("scale-web")
    );
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    run(&mut lab, "kubectl scale sts web --replicas=5");
    lab.dispatch(Action::UntilStable);
    let share = lab.to_share();

    match Lab::from_share(&share) {
        Err(RestoreError::NeedsPack(id)) => assert_eq!(id, "class-7b"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a teacher's session replayed on the built-in course"),
    }
    let e = Lab::from_share(&share).err().expect("refused").to_string();
    assert!(e.contains("\"class-7b\""), "{e}");

    let back = Lab::from_share_with(&share, Some(pack)).expect("restores with its pack");
    assert_eq!(back.pack().id, "class-7b");
    assert_eq!(
        back.lesson.as_ref().map(|l| (l.lesson.as_str(), l.step)),
        Some(("scale-web", 0))
    );
    assert_eq!(back.to_share(), share);
    let names = |l: &Lab| -> Vec<String> {
        l.view()
            .sets
            .iter()
            .flat_map(|s| s.pods.iter().map(|p| p.name.clone()))
            .collect()
    };
    assert_eq!(names(&back), names(&lab));
    assert_eq!(names(&back).len(), 5);

    // Back on the built-in course: that is logged too.
    lab.use_pack(stslab::lab::lessons::builtin_pack());
    assert_ne!(lab.pack().id, "class-7b");
}

/// A command typed into a pod's shell is recorded with that shell's `$?`: a lesson check on
/// its status cannot be met by a command that failed inside the pod.
#[test]
fn commands_in_a_pod_shell_are_recorded_with_the_pod_shells_status() {
    // Any lesson: only its command history is read.
    let id = stslab::lab::lessons::builtin_pack().lessons[0].id.clone();
    let mut lab = stslab::lab::lessons::start_lesson(&id, 0).expect("a built-in lesson starts");
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    run(&mut lab, "kubectl exec -it web-0 -- sh");
    run(&mut lab, "cat /no/such/file");
    run(&mut lab, "echo ok");
    let cmds = &lab.lesson.as_ref().expect("lesson").history.commands;
    let status = |line: &str| {
        cmds.iter()
            .find(|c| c.line == line)
            .and_then(|c| c.status)
            .unwrap_or_else(|| panic!("{line} not recorded: {cmds:?}"))
    };
    assert_eq!(status("cat /no/such/file"), 1);
    assert_eq!(status("echo ok"), 0);
}

/// `cd` in a container's shell moves its working directory: relative paths, `ls`, `pwd` and
/// busybox's prompt follow it; a directory that does not exist is refused.
#[test]
fn cd_in_a_pod_shell_moves_the_working_directory() {
    let mut lab = Lab::new(1);
    run(&mut lab, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    run(&mut lab, "kubectl exec -it web-0 -- sh");
    let out = run(&mut lab, "cd /usr/share/nginx/html");
    assert!(!out.contains("No such file"), "{out}");
    assert!(run(&mut lab, "pwd").contains("/usr/share/nginx/html\n"));
    run(&mut lab, "echo hello > index.html");
    let out = run(&mut lab, "cat /usr/share/nginx/html/index.html");
    assert!(out.contains("hello\n"), "{out}");
    assert!(run(&mut lab, "ls").contains("index.html"));
    let out = run(&mut lab, "cd ..");
    assert!(!out.contains("No such file"), "{out}");
    assert!(run(&mut lab, "pwd").contains("/usr/share/nginx\n"));
    let out = run(&mut lab, "cd /nope");
    assert!(
        out.contains("cd: /nope: No such file or directory"),
        "{out}"
    );
    assert!(run(&mut lab, "pwd").contains("/usr/share/nginx\n"));
    run(&mut lab, "exit");

    run(
        &mut lab,
        "kubectl run -it --rm debug --image=busybox:1.28 --restart=Never -- sh",
    );
    lab.dispatch(Action::UntilStable);
    let out = run(&mut lab, "cd /etc");
    assert!(out.ends_with("/etc # "), "{out:?}");
}
