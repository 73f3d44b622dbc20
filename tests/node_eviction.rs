//! What happens to a StatefulSet pod when its node goes down (v1.35): the node lifecycle
//! controller notices after node-monitor-grace-period (50 s), taints the node
//! `node.kubernetes.io/unreachable`, the taint-eviction controller deletes the pod when its
//! default 300 s toleration runs out, and the pod then stays `Terminating` (its kubelet cannot
//! confirm it stopped) until the node returns or an operator force-deletes it. Only then does
//! the StatefulSet controller create a new `web-1`.
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::sim::faults::Fault;
use stslab::sim::*;

fn pod(c: &Cluster, name: &str) -> Option<Pod> {
    match c.api().get(Kind::Pod, "default", name) {
        Ok(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

fn node(c: &Cluster, name: &str) -> Node {
    match c.api().get(Kind::Node, "", name) {
        Ok(Object::Node(n)) => n.clone(),
        other => panic!("node {name}: {other:?}"),
    }
}

fn node_condition(c: &Cluster, name: &str, ty: &str) -> NodeCondition {
    node(c, name)
        .status
        .conditions
        .into_iter()
        .find(|x| x.type_ == ty)
        .expect("condition")
}

fn pod_condition(p: &Pod, ty: &str) -> Option<PodCondition> {
    p.status.conditions.iter().find(|x| x.type_ == ty).cloned()
}

/// (type, reason, message, source) of every event about `kind/name`, oldest first.
fn events(c: &Cluster, kind: &str, name: &str) -> Vec<(String, String, String, String)> {
    let mut v: Vec<&Event> = c
        .api()
        .events()
        .filter(|e| e.involved_object.kind == kind && e.involved_object.name == name)
        .collect();
    v.sort_by_key(|e| {
        (
            e.first_timestamp,
            e.metadata.resource_version.parse::<u64>().ok(),
        )
    });
    v.into_iter()
        .map(|e| {
            (
                e.type_.clone(),
                e.reason.clone(),
                e.message.clone(),
                e.source.component.clone(),
            )
        })
        .collect()
}

fn has_event(c: &Cluster, kind: &str, name: &str, reason: &str, message: &str) -> bool {
    events(c, kind, name)
        .iter()
        .any(|e| e.1 == reason && e.2 == message)
}

fn invariants(c: &Cluster) {
    if let Err(v) = c.check_invariants() {
        panic!("invariants: {v:#?}");
    }
}

/// `web` (2 replicas) running; returns the node of web-1 and the time it went down.
fn web_then_node_down(seed: u64) -> (Cluster, String, u64) {
    let mut c = Cluster::new(seed);
    k(&mut c, "kubectl apply -f web.yaml");
    assert!(c.run_until_idle(600_000));
    let p = pod(&c, "web-1").expect("web-1");
    assert!(p.is_ready());
    let n = p.spec.node_name.clone();
    c.inject(Fault::NodeDown { node: n.clone() }).unwrap();
    let t0 = c.now();
    invariants(&c);
    (c, n, t0)
}

/// `kubectl get pods` row of one pod.
fn row(c: &mut Cluster, name: &str) -> String {
    let out = k(c, "kubectl get pods").stdout;
    out.lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no row for {name} in\n{out}"))
        .to_string()
}

#[test]
fn pods_get_the_default_not_ready_and_unreachable_tolerations() {
    let mut c = Cluster::new(1);
    k(&mut c, "kubectl apply -f web.yaml");
    assert!(c.run_until_idle(600_000));
    let p = pod(&c, "web-0").unwrap();
    let tols: Vec<(String, String, String, Option<i64>)> = p
        .spec
        .tolerations
        .iter()
        .map(|t| {
            (
                t.key.clone(),
                t.operator.clone(),
                t.effect.clone(),
                t.toleration_seconds,
            )
        })
        .collect();
    assert_eq!(
        tols,
        vec![
            (
                "node.kubernetes.io/not-ready".into(),
                "Exists".into(),
                "NoExecute".into(),
                Some(300)
            ),
            (
                "node.kubernetes.io/unreachable".into(),
                "Exists".into(),
                "NoExecute".into(),
                Some(300)
            ),
        ]
    );
    let d = k(&mut c, "kubectl describe pod web-0").stdout;
    assert!(
        d.contains("Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"),
        "{d}"
    );
    // The template is not a pod: the StatefulSet keeps what the learner wrote.
    let d = k(&mut c, "kubectl describe statefulset web").stdout;
    assert!(d.contains("  Tolerations:     <none>\n"), "{d}");
}

#[test]
fn node_down_timeline_eviction_and_force_delete() {
    let (mut c, n, t0) = web_then_node_down(1);
    let uid = pod(&c, "web-1").unwrap().metadata.uid;

    // Nothing visible before node-monitor-grace-period (50 s).
    c.advance(49_000);
    assert_eq!(node_condition(&c, &n, "Ready").status, "True");
    assert!(pod(&c, "web-1").unwrap().is_ready());
    assert!(node(&c, &n).spec.taints.is_empty());
    assert!(row(&mut c, "web-1").contains("Running"));

    // At 50 s: Unknown, tainted, pods not Ready.
    c.advance(1_000);
    let t1 = c.now();
    assert_eq!(t1, t0 + 50_000);
    let ready = node_condition(&c, &n, "Ready");
    assert_eq!(
        (
            ready.status.as_str(),
            ready.reason.as_str(),
            ready.message.as_str()
        ),
        (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status."
        )
    );
    assert_eq!(node_condition(&c, &n, "MemoryPressure").status, "Unknown");
    let taints: Vec<(String, String, Option<u64>)> = node(&c, &n)
        .spec
        .taints
        .iter()
        .map(|t| (t.key.clone(), t.effect.clone(), t.time_added))
        .collect();
    assert_eq!(
        taints,
        vec![
            (
                "node.kubernetes.io/unreachable".into(),
                "NoSchedule".into(),
                Some(t1)
            ),
            (
                "node.kubernetes.io/unreachable".into(),
                "NoExecute".into(),
                Some(t1)
            ),
        ]
    );
    let p = pod(&c, "web-1").unwrap();
    assert_eq!(pod_condition(&p, "Ready").unwrap().status, "False");
    assert!(has_event(
        &c,
        "Node",
        &n,
        "NodeNotReady",
        &format!("Node {n} status is now: NodeNotReady")
    ));
    assert!(events(&c, "Pod", "web-1").contains(&(
        "Warning".into(),
        "NodeNotReady".into(),
        "Node is not ready".into(),
        "node-controller".into()
    )));
    let d = k(&mut c, &format!("kubectl describe node {n}")).stdout;
    assert!(
        d.contains("node.kubernetes.io/unreachable:NoExecute"),
        "{d}"
    );
    // The other pod is untouched.
    assert!(pod(&c, "web-0").unwrap().is_ready() || pod(&c, "web-0").unwrap().spec.node_name == n);
    invariants(&c);

    // The 300 s toleration runs from the taint: nothing at 299 s.
    c.advance(299_000);
    assert!(pod(&c, "web-1")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_none());
    c.advance(1_000);
    assert_eq!(c.now(), t1 + 300_000);
    let p = pod(&c, "web-1").unwrap();
    assert_eq!(p.metadata.uid, uid);
    assert!(p.metadata.deletion_timestamp.is_some());
    let dt = pod_condition(&p, "DisruptionTarget").expect("DisruptionTarget");
    assert_eq!(
        (dt.status.as_str(), dt.reason.as_str(), dt.message.as_str()),
        (
            "True",
            "DeletionByTaintManager",
            "Taint manager: deleting due to NoExecute taint"
        )
    );
    assert!(events(&c, "Pod", "web-1").contains(&(
        "Normal".into(),
        "TaintManagerEviction".into(),
        "Marking for deletion Pod default/web-1".into(),
        "taint-eviction-controller".into()
    )));
    let ev = k(&mut c, "kubectl get events").stdout;
    assert!(
        ev.contains("TaintManagerEviction")
            && ev.contains("Marking for deletion Pod default/web-1"),
        "{ev}"
    );
    invariants(&c);

    // Ten minutes later: still Terminating, not replaced.
    c.advance(600_000);
    let p = pod(&c, "web-1").unwrap();
    assert_eq!(p.metadata.uid, uid);
    let r = row(&mut c, "web-1");
    assert!(r.contains(" Terminating "), "{r}");
    let ex = c
        .explanations()
        .get(&ObjectRef::new(Kind::StatefulSet, "default", "web"))
        .map(|e| e.render("en"))
        .unwrap_or_default();
    assert!(ex.contains("web-1") && ex.contains(&n), "{ex}");
    invariants(&c);

    // The operator force-deletes it: the real warning, then a new web-1.
    let out = k(&mut c, "kubectl delete pod web-1 --grace-period=0 --force");
    assert_eq!(
        out.warnings,
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n"
    );
    assert_eq!(
        out.stdout,
        "pod \"web-1\" force deleted from default namespace\n"
    );
    let new = pod(&c, "web-1").expect("recreated at once");
    assert_ne!(new.metadata.uid, uid);
    // Its claim's local-path volume lives on the dead node: it cannot run anywhere else.
    c.advance(30_000);
    let new = pod(&c, "web-1").unwrap();
    assert_eq!(new.status.phase, "Pending");
    assert!(new.spec.node_name.is_empty());
    let fs = events(&c, "Pod", "web-1")
        .into_iter()
        .filter(|e| e.1 == "FailedScheduling")
        .map(|e| e.2)
        .collect::<Vec<_>>();
    assert!(
        fs.iter()
            .any(|m| m.contains("volume node affinity conflict")),
        "{fs:?}"
    );
    // `kubectl describe` selects events by the pod's uid: the eviction event (recorded with
    // no uid, as upstream's taint manager does) belongs to neither web-1.
    let d = k(&mut c, "kubectl describe pod web-1").stdout;
    assert!(
        d.contains("FailedScheduling") && !d.contains("TaintManagerEviction"),
        "{d}"
    );
    invariants(&c);

    // The node returns: the pod is scheduled back onto it and runs.
    c.inject(Fault::NodeUp { node: n.clone() }).unwrap();
    assert!(c.run_until_idle(600_000));
    let p = pod(&c, "web-1").unwrap();
    assert!(p.is_ready() && p.spec.node_name == n, "{:?}", p.status);
    assert!(node(&c, &n).spec.taints.is_empty());
    invariants(&c);
}

#[test]
fn node_back_before_the_toleration_runs_out_cancels_the_eviction() {
    let (mut c, n, _) = web_then_node_down(2);
    let uid = pod(&c, "web-1").unwrap().metadata.uid;
    c.advance(100_000);
    assert!(!node(&c, &n).spec.taints.is_empty());
    c.inject(Fault::NodeUp { node: n.clone() }).unwrap();
    assert_eq!(node_condition(&c, &n, "Ready").status, "True");
    assert!(node(&c, &n).spec.taints.is_empty());
    assert!(has_event(
        &c,
        "Pod",
        "web-1",
        "TaintManagerEviction",
        "Cancelling deletion of Pod default/web-1"
    ));
    // The kubelet's status setters record each condition that turns healthy, in their order,
    // on its node reference (uid = the node's name), and describe node finds them too.
    let kubelet: Vec<String> = events(&c, "Node", &n)
        .into_iter()
        .filter(|e| e.3 == "kubelet")
        .map(|e| format!("{} {}", e.1, e.2))
        .collect();
    let want: Vec<String> = [
        "NodeHasSufficientMemory",
        "NodeHasNoDiskPressure",
        "NodeHasSufficientPID",
        "NodeReady",
    ]
    .iter()
    .map(|r| format!("{r} Node {n} status is now: {r}"))
    .collect();
    assert_eq!(kubelet, want);
    let described = k(&mut c, &format!("kubectl describe node {n}")).stdout;
    assert!(
        described.contains("NodeNotReady")
            && described.contains(&format!(
                "kubelet          Node {n} status is now: NodeReady"
            )),
        "{described}"
    );
    c.advance(600_000);
    let p = pod(&c, "web-1").unwrap();
    assert_eq!(p.metadata.uid, uid);
    assert!(p.metadata.deletion_timestamp.is_none());
    assert!(p.is_ready(), "{:?}", p.status.conditions);
    assert!(!has_event(
        &c,
        "Pod",
        "web-1",
        "TaintManagerEviction",
        "Marking for deletion Pod default/web-1"
    ));
    invariants(&c);
}

#[test]
fn node_back_within_the_grace_period_changes_nothing() {
    let (mut c, n, _) = web_then_node_down(3);
    let before = c.api().events().count();
    c.advance(30_000);
    c.inject(Fault::NodeUp { node: n.clone() }).unwrap();
    c.advance(400_000);
    assert_eq!(node_condition(&c, &n, "Ready").status, "True");
    assert!(node(&c, &n).spec.taints.is_empty());
    assert!(events(&c, "Node", &n).iter().all(|e| e.1 != "NodeNotReady"));
    assert!(pod(&c, "web-1").unwrap().is_ready());
    assert!(c.api().events().count() >= before);
    assert!(events(&c, "Pod", "web-1")
        .iter()
        .all(|e| e.1 != "NodeNotReady" && e.1 != "TaintManagerEviction"));
    invariants(&c);
}

#[test]
fn node_back_after_the_eviction_finishes_the_termination_and_the_set_recreates_the_pod() {
    let (mut c, n, _) = web_then_node_down(4);
    let uid = pod(&c, "web-1").unwrap().metadata.uid;
    c.advance(400_000);
    assert!(pod(&c, "web-1")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_some());
    c.inject(Fault::NodeUp { node: n.clone() }).unwrap();
    assert!(c.run_until_idle(600_000));
    let p = pod(&c, "web-1").expect("recreated");
    assert_ne!(p.metadata.uid, uid);
    assert!(p.is_ready());
    assert_eq!(p.spec.node_name, n, "the claim's volume is on that node");
    assert!(has_event(
        &c,
        "Pod",
        "web-1",
        "Killing",
        "Stopping container nginx"
    ));
    invariants(&c);
}

/// A pod on kind-worker tolerating `example.com/a` for 30 s and `example.com/b` for 10 s.
fn pod_with_two_tolerations() -> Cluster {
    let mut c = Cluster::new(5);
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: kind-worker\n  tolerations:\n  - {key: example.com/a, operator: Exists, effect: NoExecute, tolerationSeconds: 30}\n  - {key: example.com/b, operator: Exists, effect: NoExecute, tolerationSeconds: 10}\n  containers:\n  - name: c\n    image: registry.k8s.io/nginx-slim:0.21\n";
    for (v, _) in stslab::sim::manifest::parse_documents(text).unwrap() {
        c.apply_object(Object::from_value(v).unwrap()).unwrap();
    }
    assert!(c.run_until_idle(600_000));
    c
}

fn taint(c: &mut Cluster, keys: &[&str]) {
    let taints: Vec<String> = keys
        .iter()
        .map(|k| format!(r#"{{"key":"{k}","effect":"NoExecute"}}"#))
        .collect();
    let patch = format!(r#"{{"spec":{{"taints":[{}]}}}}"#, taints.join(","));
    c.api_mut()
        .patch(
            Kind::Node,
            "",
            "kind-worker",
            PatchType::Merge,
            &patch,
            &WriteOptions::default(),
        )
        .unwrap();
    c.settle();
}

fn deleted(c: &Cluster) -> bool {
    pod(c, "p").is_none_or(|p| p.metadata.deletion_timestamp.is_some())
}

/// Upstream keeps an eviction scheduled earlier even when a new taint is tolerated for less
/// time (`startTime.Add(min).Before(trigger)` with the work's creation time): a second taint
/// one second later does not bring the deletion forward.
#[test]
fn a_later_shorter_toleration_keeps_the_scheduled_eviction() {
    let mut c = pod_with_two_tolerations();
    taint(&mut c, &["example.com/a"]);
    c.advance(1_000);
    taint(&mut c, &["example.com/a", "example.com/b"]);
    c.advance(20_000);
    assert!(!deleted(&c), "evicted at the shorter toleration");
    assert!(!has_event(
        &c,
        "Pod",
        "p",
        "TaintManagerEviction",
        "Cancelling deletion of Pod default/p"
    ));
    c.advance(10_000);
    assert!(deleted(&c), "not evicted when the first toleration ran out");
}

/// At the same instant the comparison is not strictly earlier, so upstream cancels the work
/// (with its event) and schedules it again from the same start with the shorter toleration.
#[test]
fn a_second_taint_at_the_same_instant_reschedules_the_eviction() {
    let mut c = pod_with_two_tolerations();
    taint(&mut c, &["example.com/a"]);
    taint(&mut c, &["example.com/a", "example.com/b"]);
    assert!(has_event(
        &c,
        "Pod",
        "p",
        "TaintManagerEviction",
        "Cancelling deletion of Pod default/p"
    ));
    c.advance(9_000);
    assert!(!deleted(&c));
    c.advance(1_500);
    assert!(
        deleted(&c),
        "not evicted when the shorter toleration ran out"
    );
}

#[test]
fn tolerations_decide_when_a_pod_is_evicted() {
    let mut c = Cluster::new(5);
    let worker = "kind-worker";
    let yaml = |name: &str, tol: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  nodeName: {worker}\n  tolerations:\n{tol}  containers:\n  - name: c\n    image: registry.k8s.io/nginx-slim:0.21\n"
        )
    };
    let mut files = std::collections::BTreeMap::new();
    files.insert(
        "forever.yaml".to_string(),
        yaml(
            "forever",
            "  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}\n",
        ),
    );
    files.insert(
        "short.yaml".to_string(),
        yaml(
            "short",
            "  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 10}\n",
        ),
    );
    for f in ["forever.yaml", "short.yaml"] {
        let obj = stslab::sim::manifest::parse_documents(&files[f]).unwrap();
        for (v, _) in obj {
            c.apply_object(Object::from_value(v).unwrap()).unwrap();
        }
    }
    assert!(c.run_until_idle(600_000));
    // Admission adds only the toleration a pod lacks.
    let f = pod(&c, "forever").unwrap();
    assert_eq!(f.spec.tolerations.len(), 2);
    assert_eq!(f.spec.tolerations[1].key, "node.kubernetes.io/not-ready");
    c.inject(Fault::NodeDown {
        node: worker.into(),
    })
    .unwrap();
    c.advance(50_000 + 9_000);
    assert!(pod(&c, "short")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_none());
    c.advance(1_000);
    assert!(pod(&c, "short")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_some());
    c.advance(3_600_000);
    assert!(pod(&c, "forever")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_none());
    invariants(&c);
}

#[test]
fn same_seed_same_story() {
    let story = || {
        let (mut c, n, _) = web_then_node_down(7);
        c.advance(400_000);
        k(&mut c, "kubectl delete pod web-1 --grace-period=0 --force");
        c.advance(60_000);
        c.inject(Fault::NodeUp { node: n }).unwrap();
        assert!(c.run_until_idle(600_000));
        let log: Vec<String> = c
            .api()
            .watch_log()
            .iter()
            .map(|e| format!("{} {} {:?} {}", e.seq, e.time, e.kind, e.object.name()))
            .collect();
        (log, k(&mut c, "kubectl get events").stdout)
    };
    assert_eq!(story(), story());
}
