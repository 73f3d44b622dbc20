//! `kubectl logs TYPE/NAME`, `logs -l` and `exec TYPE/NAME` through kubectl's polymorphic
//! helpers, and the one `Defaulted container` note shared by logs and exec.

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::lab::{Action, Lab};
use stslab::shell::terminal::render;
use stslab::sim::*;
use support::{k, set_pod_running};

fn web() -> Cluster {
    let mut c = Cluster::new(5);
    k(&mut c, "kubectl apply -f web.yaml");
    c.run_until_idle(600_000);
    c
}

#[test]
fn workloads_and_services_use_their_first_pod() {
    let mut c = web();
    let o = k(&mut c, "kubectl logs svc/nginx");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("Found 2 pods, using pod/web-0\n", 0)
    );
    k(
        &mut c,
        "kubectl create deployment hello --image=nginx:1.21 --replicas=2",
    );
    c.run_until_idle(600_000);
    let o = k(&mut c, "kubectl logs deploy/hello");
    assert!(
        o.stderr.starts_with("Found 2 pods, using pod/hello-"),
        "{}",
        o.stderr
    );
    assert_eq!(o.status, 0);
    let rs = k(&mut c, "kubectl get rs -o name").stdout;
    let o = k(&mut c, &format!("kubectl logs {}", rs.trim()));
    assert!(
        o.stderr.starts_with("Found 2 pods, using pod/hello-"),
        "{}",
        o.stderr
    );
}

#[test]
fn objects_without_a_pod_selector() {
    let mut c = web();
    let o = k(&mut c, "kubectl logs ns/default");
    assert_eq!(
        o.stderr,
        "error: cannot get the logs from *v1.Namespace: selector for *v1.Namespace not implemented\n"
    );
    let o = k(&mut c, "kubectl logs deploy/nope");
    assert_eq!(
        o.stderr,
        "error: error from server (NotFound): deployments.apps \"nope\" not found in namespace \"default\"\n"
    );
    let o = k(&mut c, "kubectl logs foo/bar");
    assert_eq!(
        o.stderr,
        "error: the server doesn't have a resource type \"foo\"\n"
    );
    let o = k(&mut c, "kubectl exec ns/default -- ls");
    assert_eq!(
        o.stderr,
        "error: cannot attach to *v1.Namespace: selector for *v1.Namespace not implemented\n"
    );
}

#[test]
fn a_set_without_pods_is_waited_for() {
    let mut c = Cluster::new(5);
    k(
        &mut c,
        "kubectl create deployment idle --image=nginx --replicas=0",
    );
    c.run_until_idle(600_000);
    let o = k(&mut c, "kubectl logs deploy/idle");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("error: timed out waiting for the condition\n", 1)
    );
    let o = k(&mut c, "kubectl logs deploy/idle --pod-running-timeout=0s");
    assert_eq!(
        o.stderr,
        "error: --pod-running-timeout must be higher than zero\n"
    );
    // A pod that appears while kubectl watches is used at once.
    let mut lab = Lab::new(1);
    lab.run_line(
        0,
        "kubectl create deployment idle --image=nginx --replicas=0",
    );
    lab.dispatch(Action::UntilStable);
    lab.dispatch(Action::Command {
        term: 0,
        line: "kubectl logs deploy/idle".into(),
    });
    assert!(lab.terminals[0].busy());
    lab.run_line(1, "kubectl scale deploy/idle --replicas=1");
    lab.dispatch(Action::UntilStable);
    assert!(!lab.terminals[0].busy());
}

#[test]
fn selectors_read_every_matching_pod() {
    let mut c = web();
    let o = k(&mut c, "kubectl logs -l app=nginx");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("", "", 0)
    );
    let o = k(&mut c, "kubectl logs -l app=none");
    assert_eq!(o.stderr, "No resources found in default namespace.\n");
    let o = k(&mut c, "kubectl logs web-0 -l app=nginx");
    assert_eq!(o.stderr, "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n");
    let o = k(&mut c, "kubectl logs -f -l app=nginx --max-log-requests=1");
    assert_eq!(o.stderr, "error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n");
}

/// A scheduled, running pod with two containers and an init container.
fn multi(c: &mut Cluster, annotation: Option<&str>) {
    let container = |n: &str| Container {
        name: n.into(),
        image: "busybox".into(),
        ..Default::default()
    };
    let mut pod = Pod {
        metadata: ObjectMeta {
            name: "multi".into(),
            namespace: "default".into(),
            ..Default::default()
        },
        spec: PodSpec {
            containers: vec![container("nginx"), container("sidecar")],
            init_containers: vec![container("setup")],
            ..Default::default()
        },
        ..Default::default()
    };
    if let Some(a) = annotation {
        pod.metadata
            .annotations
            .insert("kubectl.kubernetes.io/default-container".into(), a.into());
    }
    c.api_mut()
        .create(Object::Pod(pod), &WriteOptions::default())
        .expect("create");
    set_pod_running(c, "multi");
}

#[test]
fn logs_and_exec_name_the_default_container_alike() {
    let mut c = Cluster::new(1);
    multi(&mut c, None);
    let note = "Defaulted container \"nginx\" out of: nginx, sidecar, setup (init)\n";
    let o = k(&mut c, "kubectl logs multi");
    assert_eq!((o.stderr.as_str(), o.status), (note, 0));
    let o = k(&mut c, "kubectl exec multi -- ls");
    assert!(o.stderr.starts_with(note), "{}", o.stderr);
    let o = k(&mut c, "kubectl exec -q multi -- ls");
    assert!(!o.stderr.contains("Defaulted"), "{}", o.stderr);
}

#[test]
fn the_default_container_annotation() {
    let mut c = Cluster::new(1);
    multi(&mut c, Some("missing"));
    let o = k(&mut c, "kubectl logs multi");
    assert_eq!(
        o.stderr,
        "Default container name \"missing\" not found in pod multi\nDefaulted container \"nginx\" out of: nginx, sidecar, setup (init)\n"
    );
    let mut c = Cluster::new(1);
    multi(&mut c, Some("nginx"));
    assert_eq!(k(&mut c, "kubectl logs multi").stderr, "");
}

#[test]
fn render_keeps_lab_output() {
    let mut lab = Lab::new(1);
    let out = render(&lab.run_line(0, "kubectl logs ns/default"));
    assert!(
        out.contains("selector for *v1.Namespace not implemented"),
        "{out}"
    );
}
