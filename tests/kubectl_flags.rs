//! Flags do what kubectl's do, or are refused: a real kubectl flag whose effect the simulator
//! does not reproduce says so instead of being accepted and ignored (a `--dry-run` that
//! quietly scaled the set would teach the opposite of the truth).

mod transcript_support;

use transcript_support::shows;

const WEB: &str = "kubectl apply -f statefulset.yaml\nkubectl rollout status sts/web\n";

#[test]
fn an_unmodelled_flag_is_refused_and_changes_nothing() {
    let script = format!(
        "{WEB}kubectl scale sts web --replicas=1 --timeout=1m
kubectl apply -f statefulset.yaml --server-side
kubectl get sts web -o jsonpath='{{.spec.replicas}}'; echo
"
    );
    shows(
        &script,
        "$ kubectl scale sts web --replicas=1 --timeout=1m
error: \"kubectl scale --timeout\" is not available in this simulator
$ kubectl apply -f statefulset.yaml --server-side
error: \"kubectl apply --server-side\" is not available in this simulator
$ kubectl get sts web -o jsonpath='{.spec.replicas}'; echo
3
",
    );
}

#[test]
fn a_flag_of_another_rollout_subcommand_is_unknown() {
    shows(
        &format!("{WEB}kubectl rollout history sts/web --timeout=3s\n"),
        "$ kubectl rollout history sts/web --timeout=3s
error: unknown flag: --timeout
See 'kubectl rollout history --help' for usage.
",
    );
}

#[test]
fn rollout_status_gives_up_at_its_timeout() {
    shows(
        "kubectl apply -f statefulset.yaml\nkubectl rollout status sts/web --timeout=1s\necho $?\n",
        "$ kubectl rollout status sts/web --timeout=1s
Waiting for 3 pods to be ready...
error: timed out waiting for the condition
$ echo $?
1
",
    );
}

#[test]
fn delete_gives_up_waiting_at_its_timeout_and_the_pod_is_still_terminating() {
    let script = "kubectl run b --image=busybox -- sleep 3600
kubectl wait --for=condition=Ready pod/b
kubectl delete pod b --timeout=2s
kubectl get pod b --no-headers
";
    shows(
        script,
        "$ kubectl delete pod b --timeout=2s
pod \"b\" deleted from default namespace
error: timed out waiting for the condition on pods/b
$ kubectl get pod b --no-headers
b     1/1   Terminating   0     4s
",
    );
}

#[test]
fn wait_times_out_on_a_cluster_with_nothing_left_to_happen() {
    // An image that never pulls: after the back-off settles nothing is due, yet the
    // deadline still comes and wait reports it (it is not cut off as an idle watch).
    shows(
        "kubectl run b --image=nginx:nope\nkubectl wait --for=condition=Ready pod/b --timeout=10m\necho $?\n",
        "error: timed out waiting for the condition on pods/b
$ echo $?
1
",
    );
}

#[test]
fn patch_reads_a_patch_file() {
    let script = format!(
        "{WEB}echo '{{\"spec\":{{\"replicas\":4}}}}' > p.json
kubectl patch sts web --patch-file p.json
kubectl get sts web -o jsonpath='{{.spec.replicas}}'; echo
kubectl patch sts web --patch-file nope.json
kubectl patch sts web --patch-file p.json -p '{{}}'
"
    );
    shows(
        &script,
        "$ kubectl patch sts web --patch-file p.json
statefulset.apps/web patched
$ kubectl get sts web -o jsonpath='{.spec.replicas}'; echo
4
$ kubectl patch sts web --patch-file nope.json
error: unable to read patch file: open nope.json: no such file or directory
$ kubectl patch sts web --patch-file p.json -p '{}'
error: cannot specify --patch and --patch-file together
",
    );
}

#[test]
fn describe_without_events() {
    let script = format!(
        "{WEB}kubectl describe pod web-0 | grep -c '^Events:'
kubectl describe pod web-0 --show-events=false | grep -c '^Events:'
kubectl describe svc nginx-svc | grep -c '^Events:'
kubectl describe svc nginx-svc --show-events=false | grep -c '^Events:'
"
    );
    shows(
        &script,
        "$ kubectl describe pod web-0 | grep -c '^Events:'
1
$ kubectl describe pod web-0 --show-events=false | grep -c '^Events:'
0
$ kubectl describe svc nginx-svc | grep -c '^Events:'
1
$ kubectl describe svc nginx-svc --show-events=false | grep -c '^Events:'
0
",
    );
}

#[test]
fn replace_dry_run_and_name_output() {
    let script = format!(
        "{WEB}kubectl get sts web -o yaml > live.yaml
kubectl replace -f live.yaml --dry-run=client
kubectl replace -f live.yaml -o name
kubectl create -f statefulset.yaml -o name
"
    );
    shows(
        &script,
        "$ kubectl replace -f live.yaml --dry-run=client
statefulset.apps/web replaced (dry run)
$ kubectl replace -f live.yaml -o name
statefulset.apps/web
$ kubectl create -f statefulset.yaml -o name
Error from server (AlreadyExists): error when creating \"statefulset.yaml\": services \"nginx-svc\" already exists
Error from server (AlreadyExists): error when creating \"statefulset.yaml\": statefulsets.apps \"web\" already exists
",
    );
}

#[test]
fn dry_runs_print_what_would_happen_and_change_nothing() {
    let script = format!(
        "{WEB}kubectl scale sts web --replicas=1 --dry-run=client
kubectl scale sts web --replicas=1 --dry-run=server -o name
kubectl set image sts/web nginx=nginx:1.27 --dry-run=server
kubectl patch sts web -p '{{\"spec\":{{\"replicas\":2}}}}' --dry-run=client
kubectl patch sts web -p '{{\"spec\":{{\"replicas\":-2}}}}' --dry-run=server
kubectl label sts web tier=web --dry-run=client
kubectl annotate sts web note=x --dry-run=server
kubectl scale sts web --replicas=1 --dry-run=sometimes
kubectl get sts web -o jsonpath='{{.spec.replicas}} {{.spec.template.spec.containers[0].image}} {{.metadata.labels.tier}}{{.metadata.annotations.note}}'; echo
kubectl get pods --no-headers | wc -l
"
    );
    shows(
        &script,
        "$ kubectl scale sts web --replicas=1 --dry-run=client
statefulset.apps/web scaled (dry run)
$ kubectl scale sts web --replicas=1 --dry-run=server -o name
statefulset.apps/web
$ kubectl set image sts/web nginx=nginx:1.27 --dry-run=server
statefulset.apps/web image updated (server dry run)
$ kubectl patch sts web -p '{\"spec\":{\"replicas\":2}}' --dry-run=client
statefulset.apps/web patched (dry run)
$ kubectl patch sts web -p '{\"spec\":{\"replicas\":-2}}' --dry-run=server
The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0
$ kubectl label sts web tier=web --dry-run=client
statefulset.apps/web labeled (dry run)
$ kubectl annotate sts web note=x --dry-run=server
statefulset.apps/web annotated (server dry run)
$ kubectl scale sts web --replicas=1 --dry-run=sometimes
error: Invalid dry-run value (sometimes). Must be \"none\", \"server\", or \"client\".
$ kubectl get sts web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.labels.tier}{.metadata.annotations.note}'; echo
3 nginx:1.21 
$ kubectl get pods --no-headers | wc -l
3
",
    );
}

#[test]
fn create_subcommands_take_dry_run_and_name_output() {
    shows(
        "kubectl create deployment x --image=nginx --dry-run=client
kubectl create deployment x --image=nginx --dry-run=bogus
kubectl create ns t -o name
kubectl get deploy
",
        "$ kubectl create deployment x --image=nginx --dry-run=client
deployment.apps/x created (dry run)
$ kubectl create deployment x --image=nginx --dry-run=bogus
error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".
$ kubectl create ns t -o name
namespace/t
$ kubectl get deploy
No resources found in default namespace.
",
    );
}

#[test]
fn a_bad_duration_gets_gos_own_complaint() {
    shows(
        "kubectl wait --for=delete pod/web-0 --timeout=30\nkubectl delete pod web-0 --timeout=1d\nkubectl rollout status sts/web --timeout=x\n",
        "$ kubectl wait --for=delete pod/web-0 --timeout=30
error: invalid argument \"30\" for \"--timeout\" flag: time: missing unit in duration \"30\"
See 'kubectl wait --help' for usage.
$ kubectl delete pod web-0 --timeout=1d
error: invalid argument \"1d\" for \"--timeout\" flag: time: unknown unit \"d\" in duration \"1d\"
See 'kubectl delete --help' for usage.
$ kubectl rollout status sts/web --timeout=x
error: invalid argument \"x\" for \"--timeout\" flag: time: invalid duration \"x\"
See 'kubectl rollout status --help' for usage.
",
    );
}

#[test]
fn label_and_annotate_list_without_writing() {
    shows(
        &format!(
            "{WEB}kubectl label pod web-0 --list
kubectl label sts web tier=db --list
kubectl get sts web --show-labels
kubectl label pods -l app=nginx --list
"
        ),
        "$ kubectl label pod web-0 --list
app=nginx
apps.kubernetes.io/pod-index=0
controller-revision-hash=web-58cddb7499
statefulset.kubernetes.io/pod-name=web-0
$ kubectl label sts web tier=db --list
tier=db
$ kubectl get sts web --show-labels
NAME   READY   AGE   LABELS
web    3/3     20s   <none>
$ kubectl label pods -l app=nginx --list
Listing labels for Pod./web-0:
 app=nginx
 apps.kubernetes.io/pod-index=0
 controller-revision-hash=web-58cddb7499
 statefulset.kubernetes.io/pod-name=web-0
Listing labels for Pod./web-1:
 app=nginx
",
    );
    shows(
        &format!("{WEB}kubectl annotate pod web-0 note=hi --list\nkubectl get pod web-0 -o jsonpath='{{.metadata.annotations}}'; echo\nkubectl label pod web-0 --list -o name\n"),
        "$ kubectl annotate pod web-0 note=hi --list
note=hi
$ kubectl get pod web-0 -o jsonpath='{.metadata.annotations}'; echo

$ kubectl label pod web-0 --list -o name
error: --list and --output may not be specified together
",
    );
}
