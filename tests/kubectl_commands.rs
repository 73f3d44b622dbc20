//! Success and error strings of the mutating commands (ref §4.3–§4.8, errata §1, §2, §5, §9,
//! §17, Appendix B).
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::kubectl::{self, KubectlCtx, Outcome};
use stslab::sim::*;

fn setup() -> Cluster {
    let mut c = Cluster::new(5);
    let o = k(&mut c, "kubectl apply -f web.yaml");
    assert_eq!(
        o.stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    c
}

#[test]
fn apply_unchanged_configured_and_forbidden_update() {
    let mut c = setup();
    assert_eq!(
        k(&mut c, "kubectl apply -f web.yaml").stdout,
        "service/nginx unchanged\nstatefulset.apps/web unchanged\n"
    );
    let f = Files(
        [
            (
                "web.yaml".to_string(),
                WEB_YAML.replace("replicas: 2", "replicas: 3"),
            ),
            (
                "par.yaml".to_string(),
                WEB_YAML.replace(
                    "  serviceName: \"nginx\"",
                    "  serviceName: \"nginx\"\n  podManagementPolicy: Parallel",
                ),
            ),
        ]
        .into_iter()
        .collect(),
    );
    let mut cx = KubectlCtx::new(&mut c, &f);
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f web.yaml"), None, &mut cx) else {
        panic!()
    };
    assert_eq!(
        o.stdout,
        "service/nginx unchanged\nstatefulset.apps/web configured\n"
    );
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f par.yaml"), None, &mut cx) else {
        panic!()
    };
    assert_eq!(o.stdout, "service/nginx unchanged\n");
    assert_eq!(
        o.stderr,
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n"
    );
    assert_eq!(o.status, 1);
    let Ok(Object::StatefulSet(s)) = c.api().get(Kind::StatefulSet, "default", "web") else {
        panic!()
    };
    assert_eq!(s.spec.replicas, Some(3));
}

#[test]
fn apply_from_stdin_and_missing_file() {
    let mut c = Cluster::new(5);
    let f = files();
    let mut cx = KubectlCtx::new(&mut c, &f);
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f -"), Some(WEB_YAML), &mut cx)
    else {
        panic!()
    };
    assert_eq!(
        o.stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f nope.yaml"), None, &mut cx) else {
        panic!()
    };
    assert_eq!(o.stderr, "error: the path \"nope.yaml\" does not exist\n");
}

#[test]
fn create_reports_already_exists_with_the_file() {
    let mut c = setup();
    let o = k(&mut c, "kubectl create -f web.yaml");
    assert_eq!(
        o.stderr,
        "Error from server (AlreadyExists): error when creating \"web.yaml\": services \"nginx\" already exists\nError from server (AlreadyExists): error when creating \"web.yaml\": statefulsets.apps \"web\" already exists\n"
    );
    assert_eq!(
        k(&mut c, "kubectl create configmap mysql-config").stdout,
        "configmap/mysql-config created\n"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl create deployment hello --image=nginx:1.21 --replicas=2"
        )
        .stdout,
        "deployment.apps/hello created\n"
    );
    assert_eq!(
        k(&mut c, "kubectl create deployment hello").stderr,
        "error: required flag(s) \"image\" not set\n"
    );
}

#[test]
fn scale_messages() {
    let mut c = setup();
    assert_eq!(
        k(&mut c, "kubectl scale sts web --replicas=5").stdout,
        "statefulset.apps/web scaled\n"
    );
    assert_eq!(
        k(&mut c, "kubectl scale statefulset/web --replicas=5").stdout,
        "statefulset.apps/web scaled\n"
    );
    assert_eq!(
        k(&mut c, "kubectl scale sts web").stderr,
        "error: required flag(s) \"replicas\" not set\n"
    );
    assert_eq!(
        k(&mut c, "kubectl scale sts web --replicas=-1").stderr,
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl scale sts web --current-replicas=3 --replicas=2"
        )
        .stderr,
        "error: Expected replicas to be 3, was 5\n"
    );
    assert_eq!(
        k(&mut c, "kubectl scale sts nope --replicas=2").stderr,
        "Error from server (NotFound): statefulsets.apps \"nope\" not found\n"
    );
}

#[test]
fn patch_messages_and_ondelete_error() {
    let mut c = setup();
    assert_eq!(
        k(
            &mut c,
            "kubectl patch sts web -p '{\"spec\":{\"replicas\":3}}'"
        )
        .stdout,
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl patch sts web -p '{\"spec\":{\"replicas\":3}}'"
        )
        .stdout,
        "statefulset.apps/web patched (no change)\n"
    );
    let o = k(&mut c, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\"}}}'");
    assert_eq!(
        o.stderr,
        "The StatefulSet \"web\" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {\"Partition\":0,\"MaxUnavailable\":null}: only allowed for updateStrategy 'RollingUpdate'\n"
    );
    assert_eq!(
        k(&mut c, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'").stdout,
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        k(&mut c, "kubectl patch statefulset web --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"registry.k8s.io/nginx-slim:0.24\"}]'").stdout,
        "statefulset.apps/web patched\n"
    );
    assert_eq!(
        k(&mut c, "kubectl patch sts web --type=foo -p '{}'").stderr,
        "error: --type must be one of [json merge strategic], not \"foo\"\n"
    );
}

#[test]
fn set_image_label_annotate() {
    let mut c = setup();
    assert_eq!(
        k(&mut c, "kubectl set image statefulset/web nginx=nginx:1.22").stdout,
        "statefulset.apps/web image updated\n"
    );
    let o = k(&mut c, "kubectl set image statefulset/web nginx=nginx:1.22");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("", "", 0)
    );
    assert_eq!(
        k(&mut c, "kubectl set image sts/web foo=x").stderr,
        "error: unable to find container named \"foo\"\n"
    );
    assert_eq!(
        k(&mut c, "kubectl label sts web tier=web").stdout,
        "statefulset.apps/web labeled\n"
    );
    assert_eq!(
        k(&mut c, "kubectl label sts web tier=db").stderr,
        "error: 'tier' already has a value (web), and --overwrite is false\n"
    );
    assert_eq!(
        k(&mut c, "kubectl label sts web tier-").stdout,
        "statefulset.apps/web labeled\n"
    );
    assert_eq!(
        k(&mut c, "kubectl annotate sts web note=x").stdout,
        "statefulset.apps/web annotated\n"
    );
}

#[test]
fn rollout_pause_resume_history_undo() {
    let mut c = setup();
    let o = k(&mut c, "kubectl rollout pause statefulset/web");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "error: statefulsets.apps \"web\" pausing is not supported\n",
            1
        )
    );
    assert_eq!(
        k(&mut c, "kubectl rollout resume statefulset/web").stderr,
        "error: statefulsets.apps \"web\" resuming is not supported\n"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl rollout history statefulset/web --revision=-1"
        )
        .stderr,
        "error: revision must be a positive integer: -1\n"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl rollout undo statefulset/web --to-revision=-1"
        )
        .stderr,
        "error: unable to find specified revision -1 in history\n"
    );
    assert_eq!(
        k(&mut c, "kubectl rollout restart statefulset/web").stdout,
        "statefulset.apps/web restarted\n"
    );
    assert!(k(&mut c, "kubectl rollout restart statefulset/web").stderr.starts_with(
        "error: failed to create patch for web: if restart has already been triggered within the past second"
    ));
    assert_eq!(
        k(&mut c, "kubectl rollout status sts/nope").stderr,
        "Error from server (NotFound): statefulsets.apps \"nope\" not found\n"
    );
}

#[test]
fn rollout_status_messages_follow_the_set() {
    let mut c = setup();
    set_sts_status(&mut c, "web", |s, g| {
        s.observed_generation = Some(g);
        s.replicas = 2;
        s.ready_replicas = 1;
    });
    let f = files();
    let mut p = {
        let mut cx = KubectlCtx::new(&mut c, &f);
        match kubectl::run(
            &argv("kubectl rollout status statefulset/web"),
            None,
            &mut cx,
        ) {
            Outcome::Running(p) => p,
            _ => panic!("rollout status must wait"),
        }
    };
    assert!(p.wants_time());
    assert_eq!(p.poll(&mut c).stdout, "Waiting for 1 pods to be ready...\n");
    set_sts_status(&mut c, "web", |s, _| {
        s.ready_replicas = 2;
        s.updated_replicas = 1;
    });
    let r = p.poll(&mut c);
    assert_eq!(
        r.stdout,
        "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n"
    );
    assert_eq!(r.finished, None);
    set_sts_status(&mut c, "web", |s, _| s.updated_replicas = 2);
    let r = p.poll(&mut c);
    assert_eq!(
        r.stdout,
        "partitioned roll out complete: 2 new pods have been updated...\n"
    );
    assert_eq!(r.finished, Some(0));
    // Partition set: waiting for updated pods above it.
    k(&mut c, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":1}}}}'");
    set_sts_status(&mut c, "web", |s, g| {
        s.observed_generation = Some(g);
        s.ready_replicas = 2;
        s.updated_replicas = 0;
    });
    let o = k(
        &mut c,
        "kubectl rollout status statefulset/web --watch=false",
    );
    assert_eq!(
        o.stdout,
        "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...\n"
    );
    k(&mut c, "kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'");
    let o = k(&mut c, "kubectl rollout status statefulset/web");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "error: rollout status is only available for RollingUpdate strategy type\n",
            1
        )
    );
}

#[test]
fn delete_lines_carry_the_namespace_and_wait() {
    let mut c = setup();
    make_pod(&mut c, "solo-0", &[("app", "solo")], true);
    make_pod(&mut c, "solo-1", &[("app", "solo")], false);
    let f = files();
    let out = {
        let mut cx = KubectlCtx::new(&mut c, &f);
        kubectl::run(&argv("kubectl delete pod -l app=solo"), None, &mut cx)
    };
    match out {
        Outcome::Running(mut p) => {
            assert!(p.wants_time());
            let r = p.poll(&mut c);
            assert_eq!(r.stdout, "pod \"solo-0\" deleted from default namespace\npod \"solo-1\" deleted from default namespace\n");
        }
        Outcome::Done(o) => assert_eq!(
            o.stdout,
            "pod \"solo-0\" deleted from default namespace\npod \"solo-1\" deleted from default namespace\n"
        ),
        _ => panic!(),
    }
    assert_eq!(
        k(&mut c, "kubectl delete svc nginx").stdout,
        "service \"nginx\" deleted from default namespace\n"
    );
    assert_eq!(
        k(&mut c, "kubectl delete statefulset web --cascade=orphan").stdout,
        "statefulset.apps \"web\" deleted from default namespace\n"
    );
    assert_eq!(
        k(&mut c, "kubectl delete statefulset web").stderr,
        "Error from server (NotFound): statefulsets.apps \"web\" not found\n"
    );
    assert_eq!(
        k(&mut c, "kubectl delete sts web --cascade=foo").stderr,
        "error: invalid cascade value (foo). Must be \"background\", \"foreground\", or \"orphan\".\n"
    );
    assert_eq!(
        k(&mut c, "kubectl delete pvc").stderr,
        "error: resource(s) were provided, but no name was specified\n"
    );
    assert_eq!(
        k(&mut c, "kubectl delete pods -l app=none").stdout,
        "No resources found\n"
    );
}

#[test]
fn run_and_exec() {
    let mut c = Cluster::new(5);
    let f = files();
    let mut cx = KubectlCtx::new(&mut c, &f);
    match kubectl::run(
        &argv("kubectl run -it --rm debug --image=busybox --restart=Never -- sh"),
        None,
        &mut cx,
    ) {
        Outcome::Interactive(s) => {
            assert_eq!(
                (s.pod.as_str(), s.image.as_str(), s.remove_on_exit),
                ("debug", "busybox", true)
            );
            assert_eq!(s.command, vec!["sh".to_string()]);
            assert_eq!(
                s.attach_hint.as_deref(),
                Some("If you don't see a command prompt, try pressing enter.")
            );
            let end = kubectl::end_session(&s, &mut cx);
            assert_eq!(end.stdout, "pod \"debug\" deleted from default namespace\n");
        }
        _ => panic!("run -it must be interactive"),
    }
    let Outcome::Done(o) = kubectl::run(&argv("kubectl run web --image=nginx"), None, &mut cx)
    else {
        panic!()
    };
    assert_eq!(o.stdout, "pod/web created\n");
    let Outcome::Done(o) = kubectl::run(&argv("kubectl run x --image=busybox --rm"), None, &mut cx)
    else {
        panic!()
    };
    assert_eq!(
        o.stderr,
        "error: --rm should only be used for attached containers\n"
    );
    let Outcome::Done(o) = kubectl::run(&argv("kubectl exec web-3 -- hostname"), None, &mut cx)
    else {
        panic!()
    };
    assert_eq!(
        o.stderr,
        "Error from server (NotFound): pods \"web-3\" not found\n"
    );
    let Outcome::Done(o) = kubectl::run(&argv("kubectl exec web -- hostname"), None, &mut cx)
    else {
        panic!()
    };
    assert_eq!(
        o.stderr,
        "error: unable to upgrade connection: container not found (\"web\")\n"
    );
}

#[test]
fn unknown_command_and_flag() {
    let mut c = Cluster::new(5);
    let o = k(&mut c, "kubectl gte pods");
    assert_eq!(
        o.stderr,
        "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"
    );
    let o = k(&mut c, "kubectl get pods --foo");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
            1
        )
    );
    let o = k(&mut c, "kubectl version");
    assert_eq!(
        o.stdout,
        "Client Version: v1.35.7\nKustomize Version: v5.7.1\nServer Version: v1.35.7\n"
    );
    let h = k(&mut c, "kubectl scale --help").stdout;
    assert!(h.starts_with("Set a new size for a deployment, replica set, replication controller, or stateful set."), "{h}");
    assert!(h.contains("Usage:\n  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]\n"));
}

#[test]
fn help_texts_come_from_kubectl() {
    let mut c = Cluster::new(5);
    let h = k(&mut c, "kubectl rollout --help").stdout;
    assert!(
        h.contains("Available Commands:\n  history       View rollout history\n"),
        "{h}"
    );
    assert!(h.contains("Usage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"), "{h}");
    let p = k(&mut c, "kubectl rollout pause -h").stdout;
    assert!(
        p.contains("Currently only deployments support being paused."),
        "{p}"
    );
    let root = k(&mut c, "kubectl").stdout;
    assert!(root.starts_with("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create        Create a resource from a file or from stdin\n"), "{root}");
}

#[test]
fn get_from_file_and_edit_round_trip() {
    let mut c = setup();
    let o = k(&mut c, "kubectl get -f web.yaml");
    assert_eq!(
        o.stdout,
        "NAME            TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/nginx   ClusterIP   None         <none>        80/TCP    0s\n\nNAME                   READY   AGE\nstatefulset.apps/web   0/2     0s\n"
    );
    let f = files();
    let mut cx = KubectlCtx::new(&mut c, &f);
    let Outcome::Edit(req) = kubectl::run(&argv("kubectl edit sts web"), None, &mut cx) else {
        panic!("edit opens the editor")
    };
    assert!(req.text.starts_with(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    ));
    let Outcome::Done(o) = kubectl::finish_edit(&req, &req.text, &mut cx) else {
        panic!()
    };
    assert_eq!(o.stderr, "Edit cancelled, no changes made.\n");
    let edited = req.text.replace("replicas: 2", "replicas: 4");
    let Outcome::Done(o) = kubectl::finish_edit(&req, &edited, &mut cx) else {
        panic!()
    };
    assert_eq!(o.stdout, "statefulset.apps/web edited\n");
    let bad = req.text.replace(
        "podManagementPolicy: OrderedReady",
        "podManagementPolicy: Parallel",
    );
    match kubectl::finish_edit(&req, &bad, &mut cx) {
        Outcome::Edit(again) => assert!(again.text.contains("# statefulsets.apps \"web\" was not valid:\n# * spec: Forbidden: updates to statefulset spec"), "{}", again.text),
        _ => panic!("an invalid edit reopens the editor"),
    }
}

#[test]
fn completion_offers_commands_types_names_and_flags() {
    let mut c = setup();
    make_pod(&mut c, "solo-0", &[("app", "solo")], true);
    let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "ro"]), &c),
        w(&["rollout"])
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "get", "statefulset"]), &c),
        w(&["statefulset", "statefulsets"])
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "get", "pods", "so"]), &c),
        w(&["solo-0"])
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "rollout", "st"]), &c),
        w(&["status"])
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "rollout", "status", "sts/"]), &c),
        w(&["sts/web"])
    );
    assert!(kubectl::complete(&w(&["kubectl", "get", "--wa"]), &c).contains(&"--watch".to_string()));
    // Flags the simulator refuses (`--ignore-errors`) are not offered; modelled ones are.
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "logs", "--s"]), &c),
        w(&["--selector", "--since", "--since-time"])
    );
    assert!(kubectl::complete(&w(&["kubectl", "logs", "--ig"]), &c).is_empty());
    assert!(kubectl::complete(&w(&["kubectl", "exec", ""]), &c).contains(&"solo-0".to_string()));
}

#[test]
fn wait_for_condition_and_delete() {
    let mut c = setup();
    make_pod(&mut c, "solo-0", &[("app", "solo")], true);
    assert_eq!(
        k(&mut c, "kubectl wait --for=condition=Ready pod/solo-0").stdout,
        "pod/solo-0 condition met\n"
    );
    make_pod(&mut c, "solo-1", &[("app", "solo")], false);
    let o = k(
        &mut c,
        "kubectl wait --for=condition=Foo pod/solo-1 --timeout=5s",
    );
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "error: timed out waiting for the condition on pods/solo-1\n",
            1
        )
    );
    assert_eq!(
        k(&mut c, "kubectl wait --for=delete pod/nope").stdout,
        "pod/nope condition met\n"
    );
    let info = k(&mut c, "kubectl cluster-info").stdout;
    assert_eq!(
        info,
        "Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    );
    let r = k(&mut c, "kubectl api-resources").stdout;
    assert!(r.starts_with("NAME                     SHORTNAMES   APIVERSION            NAMESPACED   KIND\nconfigmaps               cm           v1                    true         ConfigMap\n"), "{r}");
}

#[test]
fn apply_errors_render_like_kubectl() {
    let mut c = Cluster::new(5);
    let files = Files(
        [
            (
                "bad.yaml".to_string(),
                WEB_YAML.replace(
                    "  serviceName: \"nginx\"",
                    "  serviceName: \"nginx\"\n  foo: 1",
                ),
            ),
            (
                "mismatch.yaml".to_string(),
                WEB_YAML.replace(
                    "      labels:\n        app: nginx\n    spec:",
                    "      labels:\n        app: other\n    spec:",
                ),
            ),
        ]
        .into_iter()
        .collect(),
    );
    let mut cx = KubectlCtx::new(&mut c, &files);
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f bad.yaml"), None, &mut cx) else {
        panic!()
    };
    assert_eq!(o.stdout, "service/nginx created\n");
    assert_eq!(
        o.stderr,
        "Error from server (BadRequest): error when creating \"bad.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.foo\"\n"
    );
    let Outcome::Done(o) = kubectl::run(&argv("kubectl apply -f mismatch.yaml"), None, &mut cx)
    else {
        panic!()
    };
    assert_eq!(o.stdout, "service/nginx unchanged\n");
    assert_eq!(
        o.stderr,
        "The StatefulSet \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`\n"
    );
}

#[test]
fn force_delete_and_all_namespaces() {
    let mut c = setup();
    make_pod(&mut c, "solo-1", &[("app", "solo")], true);
    let o = k(&mut c, "kubectl delete pod solo-1 --grace-period=0 --force");
    assert_eq!(o.stderr, "");
    assert_eq!(
        o.warnings,
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n"
    );
    assert_eq!(
        o.stdout,
        "pod \"solo-1\" force deleted from default namespace\n"
    );
    let o = k(&mut c, "kubectl get svc -A");
    assert!(o.stdout.starts_with("NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\n"), "{}", o.stdout);
    assert!(o.stdout.contains("\ndefault       nginx        ClusterIP   None         <none>        80/TCP                   0s\n"), "{}", o.stdout);
}
