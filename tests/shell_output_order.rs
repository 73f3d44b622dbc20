//! The terminal shows stdout and stderr in the order a real terminal would: kubectl prints
//! `Warning:` lines as the response arrives, then its results, and the errors of a
//! multi-object command last; a pipe or a loop keeps each command's place; `2>&1` merges in
//! write order; `run -it` prints its attach hint before anything from the container.

mod transcript_support;

use transcript_support::shows;

const TWO_DOCS: &str = "cat > two.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: -1
  serviceName: nginx
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
YAML
";

#[test]
fn apply_prints_what_it_created_before_the_error_of_a_later_document() {
    shows(
        &format!("{TWO_DOCS}kubectl apply -f two.yaml\n"),
        "$ kubectl apply -f two.yaml
service/nginx created
The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
$ ",
    );
}

#[test]
fn get_and_delete_of_several_names_print_found_objects_then_the_not_found_error() {
    let script = "kubectl create deployment x --image=nginx
kubectl get deploy nope x
kubectl delete deploy nope x
";
    shows(
        script,
        "$ kubectl get deploy nope x
NAME   READY   UP-TO-DATE   AVAILABLE   AGE
x      0/1     1            0           0s
Error from server (NotFound): deployments.apps \"nope\" not found
$ ",
    );
    shows(
        script,
        "$ kubectl delete deploy nope x
deployment.apps \"x\" deleted from default namespace
Error from server (NotFound): deployments.apps \"nope\" not found
$ ",
    );
}

#[test]
fn warnings_come_before_the_result() {
    let script = "kubectl create configmap c --from-literal=a=b
cat > c.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: d
YAML
kubectl apply -f c.yaml
kubectl run p --image=nginx
kubectl delete pod p --force --grace-period=0
";
    shows(
        script,
        "$ kubectl apply -f c.yaml
Warning: resource configmaps/c is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
configmap/c configured
$ ",
    );
    shows(
        script,
        "$ kubectl delete pod p --force --grace-period=0
Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.
pod \"p\" force deleted from default namespace
$ ",
    );
}

#[test]
fn a_loop_keeps_each_iterations_output_in_place() {
    shows(
        "kubectl create deployment x --image=nginx
for d in x nope x; do kubectl get deploy $d --no-headers; done
",
        "$ for d in x nope x; do kubectl get deploy $d --no-headers; done
x     0/1   1     0     0s
Error from server (NotFound): deployments.apps \"nope\" not found
x     0/1   1     0     0s
$ ",
    );
}

#[test]
fn a_piped_commands_errors_reach_the_terminal_before_the_pipes_output() {
    shows(
        "kubectl create deployment x --image=nginx
kubectl get deploy nope x | grep x
",
        "$ kubectl get deploy nope x | grep x
Error from server (NotFound): deployments.apps \"nope\" not found
x      0/1     1            0           0s
$ ",
    );
}

#[test]
fn merging_stderr_into_stdout_keeps_the_write_order() {
    shows(
        "kubectl create deployment x --image=nginx
kubectl get deploy nope x 2>&1 | cat
",
        "$ kubectl get deploy nope x 2>&1 | cat
NAME   READY   UP-TO-DATE   AVAILABLE   AGE
x      0/1     1            0           0s
Error from server (NotFound): deployments.apps \"nope\" not found
$ ",
    );
}

#[test]
fn ls_reports_a_missing_operand_before_listing() {
    shows(
        "ls nope statefulset.yaml\n",
        "$ ls nope statefulset.yaml
ls: cannot access 'nope': No such file or directory
statefulset.yaml
$ ",
    );
}

#[test]
fn run_it_prints_the_attach_hint_before_the_containers_output() {
    shows(
        "kubectl run -it --rm debug --image=busybox --restart=Never -- echo hi\n",
        "$ kubectl run -it --rm debug --image=busybox --restart=Never -- echo hi
If you don't see a command prompt, try pressing enter.
hi
pod \"debug\" deleted from default namespace
$ ",
    );
}
