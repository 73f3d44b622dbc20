//! `kubectl edit` through the session layer: the command blocks its terminal and opens
//! kubectl's temp file in the editor; ApplyEditor saves it (edited / cancelled / reopened with
//! the server's errors); Ctrl-C ends it; undo and share links still work.

use stslab::lab::{Action, Effect, Lab};
use stslab::shell::terminal::render;
use stslab::shell::Stream;
use stslab::sim::{Kind, Object};

/// A lab with the example StatefulSet `web` (3 × nginx:1.21) running.
fn lab_with_web() -> Lab {
    let mut lab = Lab::new(7);
    lab.run_line(0, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    lab
}

fn output(fx: &[Effect], term: u8) -> String {
    let mut s = String::new();
    for f in fx {
        if let Effect::Output { term: t, chunks } = f {
            if *t == term {
                s.push_str(&render(chunks));
            }
        }
    }
    s
}

fn stderr(fx: &[Effect]) -> String {
    let mut s = String::new();
    for f in fx {
        if let Effect::Output { chunks, .. } = f {
            for c in chunks.iter().filter(|c| c.stream == Stream::Stderr) {
                s.push_str(&c.text);
            }
        }
    }
    s
}

fn sts_image(lab: &Lab) -> String {
    match lab.cluster.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => s.spec.template.spec.containers[0].image.clone(),
        other => panic!("{other:?}"),
    }
}

/// Start `kubectl edit sts web` in terminal 0 and check the editor took the temp file.
fn start_edit(lab: &mut Lab) -> String {
    let before = lab.editor.file.clone();
    let fx = lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl edit sts web".into(),
    });
    assert!(fx.contains(&Effect::Editor), "{fx:?}");
    assert!(lab.terminals[0].busy(), "kubectl waits for the editor");
    assert!(lab.edit_pending(0));
    assert_ne!(lab.editor.file, before);
    assert!(
        lab.editor.file.starts_with("/tmp/kubectl-edit-") && lab.editor.file.ends_with(".yaml"),
        "{}",
        lab.editor.file
    );
    assert!(lab.editor.text.starts_with(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: StatefulSet\n"
    ), "{}", lab.editor.text);
    assert!(lab.editor.text.contains("image: nginx:1.21\n"));
    // kubectl really wrote its temp file.
    assert_eq!(
        lab.vfs.read(&lab.editor.file).ok(),
        Some(lab.editor.text.as_str())
    );
    lab.editor.file.clone()
}

fn save(lab: &mut Lab, text: String) -> Vec<Effect> {
    lab.dispatch(Action::SetEditor { text });
    lab.dispatch(Action::ApplyEditor)
}

#[test]
fn changing_the_image_edits_the_set_and_starts_a_rollout() {
    let mut lab = lab_with_web();
    let rev_before = match lab.cluster.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => s.status.update_revision.clone(),
        _ => panic!(),
    };
    let file = start_edit(&mut lab);
    // Typing in the blocked terminal reaches nobody.
    lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl get pods".into(),
    });
    assert!(lab.edit_pending(0));
    let text = lab
        .editor
        .text
        .replace("image: nginx:1.21", "image: nginx:1.22");
    let fx = save(&mut lab, text);
    assert_eq!(output(&fx, 0), "statefulset.apps/web edited\n$ ");
    assert!(!lab.terminals[0].busy());
    assert!(!lab.edit_pending(0));
    assert_eq!(lab.terminals[0].last_status(), 0);
    assert_eq!(sts_image(&lab), "nginx:1.22");
    // The editor went back to the manifest; kubectl removed its temp file.
    assert_eq!(lab.editor.file, "statefulset.yaml");
    assert!(lab.vfs.read(&file).is_err());
    // The controller saw a new revision and starts replacing web-2.
    let rev_after = match lab.cluster.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => s.status.update_revision.clone(),
        _ => panic!(),
    };
    assert_ne!(rev_before, rev_after);
    let out = render(&lab.run_line(0, "kubectl rollout status sts/web"));
    assert!(
        out.ends_with("partitioned roll out complete: 3 new pods have been updated...\n$ "),
        "{out}"
    );
    let out = render(&lab.run_line(
        1,
        "kubectl get pod web-0 -o jsonpath='{.spec.containers[0].image}'",
    ));
    assert!(out.contains("nginx:1.22"), "{out}");
}

#[test]
fn saving_unchanged_cancels() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    let text = lab.editor.text.clone();
    let fx = save(&mut lab, text);
    assert_eq!(stderr(&fx), "Edit cancelled, no changes made.\n");
    assert_eq!(output(&fx, 0), "Edit cancelled, no changes made.\n$ ");
    assert_eq!(lab.terminals[0].last_status(), 0);
    assert!(!lab.edit_pending(0));
    assert_eq!(lab.editor.file, "statefulset.yaml");
    assert_eq!(sts_image(&lab), "nginx:1.21");
}

#[test]
fn an_invalid_edit_reopens_the_editor_with_the_servers_causes() {
    let mut lab = lab_with_web();
    let first = start_edit(&mut lab);
    let text = lab.editor.text.replace("replicas: 3", "replicas: -1");
    let fx = save(&mut lab, text);
    assert_eq!(stderr(&fx), "error: statefulsets.apps \"web\" is invalid\n");
    assert!(lab.terminals[0].busy(), "kubectl reopened the editor");
    assert!(lab.edit_pending(0));
    assert_ne!(lab.editor.file, first, "a new temp file");
    assert!(lab.editor.file.starts_with("/tmp/kubectl-edit-"));
    assert!(
        lab.editor.text.starts_with(
            "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n# statefulsets.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n"
        ),
        "{}",
        lab.editor.text
    );
    assert!(lab.editor.text.contains("  replicas: -1\n"));
    match lab.cluster.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => assert_eq!(s.spec.replicas, Some(3)),
        _ => panic!(),
    }
    // Saving the same invalid text again gives up, and says where the copy is.
    let again = lab.editor.text.clone();
    let kept = lab.editor.file.clone();
    let fx = save(&mut lab, again);
    assert_eq!(
        stderr(&fx),
        format!("A copy of your changes has been stored to \"{kept}\"\nerror: Edit cancelled, no valid changes were saved.\n")
    );
    assert_eq!(lab.terminals[0].last_status(), 1);
    assert!(!lab.edit_pending(0));
    assert!(lab.vfs.read(&kept).is_ok(), "the copy is kept");
}

#[test]
fn a_fixed_retry_is_applied() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    let text = lab.editor.text.replace("replicas: 3", "replicas: -1");
    save(&mut lab, text);
    let fixed = lab.editor.text.replace("replicas: -1", "replicas: 2");
    let fx = save(&mut lab, fixed);
    assert_eq!(output(&fx, 0), "statefulset.apps/web edited\n$ ");
    match lab.cluster.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => assert_eq!(s.spec.replicas, Some(2)),
        _ => panic!(),
    }
}

#[test]
fn a_yaml_syntax_error_reopens_without_output() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    let text = lab
        .editor
        .text
        .replace("kind: StatefulSet", "kind: [StatefulSet");
    let fx = save(&mut lab, text);
    assert_eq!(stderr(&fx), "");
    assert!(lab.edit_pending(0));
    assert!(
        lab.editor.text.contains(
            "#\n# The edited file had a syntax error: error converting YAML to JSON: yaml: line "
        ),
        "{}",
        lab.editor.text
    );
}

#[test]
fn ctrl_c_cancels_the_edit() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    lab.dispatch(Action::SetEditor {
        text: lab
            .editor
            .text
            .replace("image: nginx:1.21", "image: nginx:1.22"),
    });
    let fx = lab.dispatch(Action::Interrupt { term: 0 });
    assert_eq!(output(&fx, 0), "^C\n$ ");
    assert!(fx.contains(&Effect::Editor));
    assert!(!lab.terminals[0].busy());
    assert!(!lab.edit_pending(0));
    assert_eq!(lab.editor.file, "statefulset.yaml");
    assert_eq!(sts_image(&lab), "nginx:1.21");
    // ApplyEditor is the manifest's apply again.
    let fx = lab.dispatch(Action::ApplyEditor);
    assert!(
        output(&fx, 0).contains("kubectl apply -f statefulset.yaml"),
        "{fx:?}"
    );
}

#[test]
fn the_other_terminal_keeps_working_and_time_passes() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    let out = render(&lab.run_line(1, "kubectl get sts web"));
    assert!(out.contains("web    3/3"), "{out}");
    lab.dispatch(Action::Tick { ms: 60_000 });
    assert!(lab.edit_pending(0));
    let text = lab
        .editor
        .text
        .replace("image: nginx:1.21", "image: nginx:1.22");
    let fx = save(&mut lab, text);
    assert_eq!(output(&fx, 0), "statefulset.apps/web edited\n$ ");
}

#[test]
fn undo_drops_the_pending_edit_and_share_links_replay_it() {
    let mut lab = lab_with_web();
    start_edit(&mut lab);
    let text = lab
        .editor
        .text
        .replace("image: nginx:1.21", "image: nginx:1.22");
    lab.dispatch(Action::SetEditor { text });
    // A share link made mid-edit replays into the same pending edit.
    let restored = Lab::from_share(&lab.to_share()).expect("restore");
    assert!(restored.edit_pending(0));
    assert_eq!(restored.editor, lab.editor);
    // Finishing the edit in both gives the same result.
    let mut restored = restored;
    let a = output(&lab.dispatch(Action::ApplyEditor), 0);
    let b = output(&restored.dispatch(Action::ApplyEditor), 0);
    assert_eq!(a, "statefulset.apps/web edited\n$ ");
    assert_eq!(a, b);
    assert_eq!(sts_image(&restored), "nginx:1.22");
    // Undo the save: the cluster goes back; the edit was over and stays over.
    lab.dispatch(Action::Undo);
    assert_eq!(sts_image(&lab), "nginx:1.21");
    assert!(!lab.edit_pending(0));
    assert!(!lab.terminals[0].busy());
    assert_eq!(lab.editor.file, "statefulset.yaml");
    // Undo while an edit is pending: the command is dropped like any running command.
    start_edit(&mut lab);
    lab.dispatch(Action::Undo);
    assert!(!lab.edit_pending(0));
    assert!(!lab.terminals[0].busy());
    assert_eq!(lab.editor.file, "statefulset.yaml");
}

#[test]
fn edit_of_a_missing_object_fails_at_once() {
    let mut lab = Lab::new(1);
    let out = render(&lab.run_line(0, "kubectl edit sts nope"));
    assert_eq!(
        out,
        "kubectl edit sts nope\nError from server (NotFound): statefulsets.apps \"nope\" not found\n$ "
    );
    assert!(!lab.edit_pending(0));
}
