//! `-o yaml|json` on kubectl's write commands (kubernetes/kubectl v0.35.7): which object each
//! prints. `scale` prints the object it fetched before scaling (`info.Object` is never
//! refreshed), `label` its own modified copy, `annotate`, `patch`, `set image` and `set
//! resources` the server's answer (a client dry run: the locally changed copy); the YAML
//! printer separates objects with `---`.
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use serde_json::Value;
use stslab::sim::*;

fn json(line: &str, c: &mut Cluster) -> Value {
    let o = k(c, line);
    assert_eq!((o.stderr.as_str(), o.status), ("", 0), "{line}");
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{line}: {e}: {}", o.stdout))
}

fn setup() -> Cluster {
    let mut c = Cluster::new(5);
    k(
        &mut c,
        "kubectl create deployment hello --image=nginx --port=80",
    );
    k(&mut c, "kubectl create deployment bye --image=nginx");
    c
}

fn stored_rv(c: &Cluster, name: &str) -> String {
    c.api()
        .get(Kind::Deployment, "default", name)
        .unwrap()
        .meta()
        .resource_version
        .clone()
}

#[test]
fn scale_prints_the_object_before_scaling() {
    let mut c = setup();
    let v = json("kubectl scale deploy hello --replicas=3 -o json", &mut c);
    assert_eq!(v["spec"]["replicas"], 1);
    assert_eq!(v["kind"], "Deployment");
    let v = json(
        "kubectl scale deploy hello --replicas=5 --dry-run=client -o json",
        &mut c,
    );
    assert_eq!(v["spec"]["replicas"], 3);
    // Two objects in YAML: separated by `---`.
    let o = k(
        &mut c,
        "kubectl scale deploy hello bye --replicas=2 -o yaml",
    );
    assert_eq!(o.status, 0, "{o:?}");
    assert_eq!(o.stdout.matches("\n---\napiVersion: apps/v1\n").count(), 1);
    assert!(o
        .stdout
        .starts_with("apiVersion: apps/v1\nkind: Deployment\n"));
}

#[test]
fn label_prints_its_copy_and_annotate_the_servers_answer() {
    let mut c = setup();
    let before = stored_rv(&c, "hello");
    let v = json("kubectl label deploy hello tier=web -o json", &mut c);
    assert_eq!(v["metadata"]["labels"]["tier"], "web");
    // The copy kubectl modified keeps the resourceVersion it was fetched with.
    assert_eq!(v["metadata"]["resourceVersion"], before.as_str());
    let v = json("kubectl annotate deploy hello note=x -o json", &mut c);
    assert_eq!(v["metadata"]["annotations"]["note"], "x");
    assert_eq!(
        v["metadata"]["resourceVersion"],
        stored_rv(&c, "hello").as_str()
    );
    let v = json(
        "kubectl annotate deploy hello other=y --dry-run=client -o json",
        &mut c,
    );
    assert_eq!(v["metadata"]["annotations"]["other"], "y");
    assert!(!c
        .api()
        .get(Kind::Deployment, "default", "hello")
        .unwrap()
        .meta()
        .annotations
        .contains_key("other"));
}

#[test]
fn patch_and_set_print_the_result() {
    let mut c = setup();
    let v = json(
        "kubectl patch deploy hello -p {\"spec\":{\"replicas\":2}} -o json",
        &mut c,
    );
    assert_eq!(v["spec"]["replicas"], 2);
    let v = json(
        "kubectl patch deploy hello -p {\"spec\":{\"replicas\":4}} --dry-run=client -o json",
        &mut c,
    );
    assert_eq!(v["spec"]["replicas"], 4);
    let v = json(
        "kubectl set image deploy hello nginx=nginx:2 -o json",
        &mut c,
    );
    assert_eq!(
        v["spec"]["template"]["spec"]["containers"][0]["image"],
        "nginx:2"
    );
    let o = k(
        &mut c,
        "kubectl set resources deploy hello --limits=cpu=200m -o yaml",
    );
    assert_eq!(o.status, 0, "{o:?}");
    assert!(
        o.stdout
            .contains("        resources:\n          limits:\n            cpu: 200m\n"),
        "{}",
        o.stdout
    );
    let o = k(&mut c, "kubectl scale deploy hello --replicas=1 -o wide");
    assert_eq!(
        o.stderr,
        "error: \"kubectl scale --output=wide\" is not available in this simulator\n"
    );
}

#[test]
fn create_and_replace_print_their_objects() {
    let mut c = Cluster::new(5);
    // web.yaml holds a Service and a StatefulSet: two YAML documents.
    let o = k(&mut c, "kubectl create -f web.yaml -o yaml");
    assert_eq!((o.stderr.as_str(), o.status), ("", 0));
    assert!(
        o.stdout.starts_with("apiVersion: v1\nkind: Service\n"),
        "{}",
        o.stdout
    );
    assert_eq!(
        o.stdout
            .matches("\n---\napiVersion: apps/v1\nkind: StatefulSet\n")
            .count(),
        1
    );
    let uid = c
        .api()
        .get(Kind::Service, "default", "nginx")
        .unwrap()
        .meta()
        .uid
        .clone();
    assert!(o.stdout.contains(&format!("  uid: {uid}\n")));
    let o = k(
        &mut c,
        "kubectl replace -f web.yaml --dry-run=client -o json",
    );
    assert_eq!((o.stderr.as_str(), o.status), ("", 0));
    assert!(o
        .stdout
        .starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\",\n"));
}

#[test]
fn create_generators_print_what_kubectl_builds() {
    let mut c = Cluster::new(5);
    // creationTimestamp is omitzero in apimachinery v0.35, so no `creationTimestamp: null`.
    let o = k(
        &mut c,
        "kubectl create deployment hello --image=nginx --port=80 --dry-run=client -o yaml",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: hello\n  name: hello\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: hello\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: hello\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\nstatus: {}\n", "", 0)
    );
    let o = k(
        &mut c,
        "kubectl create namespace team --dry-run=client -o yaml",
    );
    assert_eq!(
        o.stdout,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\nspec: {}\nstatus: {}\n"
    );
    let o = k(
        &mut c,
        "kubectl create configmap cfg -n default --from-literal=a=b --dry-run=client -o yaml",
    );
    assert_eq!(
        o.stdout,
        "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: default\n"
    );
    assert!(c.api().get(Kind::ConfigMap, "default", "cfg").is_err());
    let v = json("kubectl create namespace team -o json", &mut c);
    assert_eq!(v["status"]["phase"], "Active");
}

#[test]
fn apply_prints_what_it_visited_at_the_end() {
    let mut c = Cluster::new(5);
    // Two objects: one v1 List, printed after both were applied.
    let v = json("kubectl apply -f web.yaml -o json", &mut c);
    assert_eq!(
        (v["apiVersion"].as_str(), v["kind"].as_str(), &v["metadata"]),
        (Some("v1"), Some("List"), &serde_json::json!({}))
    );
    assert_eq!(v["items"][0]["kind"], "Service");
    assert_eq!(v["items"][1]["kind"], "StatefulSet");
    let uid = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .meta()
        .uid
        .clone();
    assert_eq!(v["items"][1]["metadata"]["uid"], uid.as_str());
    assert!(v["items"][1]["metadata"]["annotations"]
        ["kubectl.kubernetes.io/last-applied-configuration"]
        .is_string());
    // A client dry run prints the live objects (info.Get() filled info.Object).
    let o = k(&mut c, "kubectl apply -f web.yaml --dry-run=client -o yaml");
    assert_eq!(o.status, 0, "{o:?}");
    assert!(o
        .stdout
        .starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n"));
    assert!(
        o.stdout.ends_with("kind: List\nmetadata: {}\n"),
        "{}",
        o.stdout
    );
    // Nothing is printed when an object fails.
    let o = k(&mut c, "kubectl apply -f web.yaml -f nope.yaml -o yaml");
    assert_eq!((o.stdout.as_str(), o.status), ("", 1), "{o:?}");
}
