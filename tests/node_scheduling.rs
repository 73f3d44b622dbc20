//! Scheduler outcomes with the exact v1.35 `FailedScheduling` texts (errata §11) on the
//! default kind-like cluster (tainted control plane + 3 workers).

mod node_support;
use node_support::*;
use stslab::sim::*;

fn failed_scheduling(c: &Cluster, pod: &str) -> Vec<String> {
    events(c, "Pod", pod)
        .into_iter()
        .filter(|e| e.1 == "FailedScheduling")
        .map(|e| e.2)
        .collect()
}

#[test]
fn missing_storage_class_blocks_pod_and_claim_s1() {
    let mut c = Cluster::new(1);
    apply(&mut c, NGINX_HEADLESS);
    apply(&mut c, &web_pod("web-0", "nginx:1.21", "fast-ssd"));
    c.run_until_idle(60_000);
    let p = pod(&c, "web-0").expect("pod");
    assert_eq!(p.status.phase, "Pending");
    assert!(p.spec.node_name.is_empty());
    assert_eq!(
        failed_scheduling(&c, "web-0").last().map(String::as_str),
        Some("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.")
    );
    let cond = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled")
        .expect("condition");
    assert_eq!(
        (cond.status.as_str(), cond.reason.as_str()),
        ("False", "Unschedulable")
    );
    let claim = pvc(&c, "www-web-0").expect("claim");
    assert_eq!(claim.status.phase, "Pending");
    let ev = events(&c, "PersistentVolumeClaim", "www-web-0");
    assert_eq!(ev[0].0, "Warning");
    assert_eq!(ev[0].1, "ProvisioningFailed");
    assert_eq!(
        ev[0].2,
        "storageclass.storage.k8s.io \"fast-ssd\" not found"
    );

    // Fix: create the class; the claim provisions and the pod runs.
    apply(
        &mut c,
        "
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast-ssd}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
",
    );
    c.run_until_idle(60_000);
    assert_eq!(pod(&c, "web-0").expect("pod").status.phase, "Running");
    assert_eq!(pvc(&c, "www-web-0").expect("claim").status.phase, "Bound");
}

fn big_pod(name: &str, cpu: &str) -> String {
    format!(
        "
apiVersion: v1
kind: Pod
metadata: {{name: {name}, labels: {{app: big}}}}
spec:
  containers:
  - name: app
    image: nginx:1.21
    resources:
      requests: {{cpu: \"{cpu}\"}}
"
    )
}

#[test]
fn insufficient_cpu_s3() {
    let mut c = Cluster::new(2);
    apply(&mut c, &big_pod("huge", "16"));
    c.run_until_idle(10_000);
    assert_eq!(
        failed_scheduling(&c, "huge"),
        ["0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."]
    );
    // Three 3-cpu pods fill the three workers (4 cpu each); a fourth does not fit.
    for n in ["a", "b", "d"] {
        apply(&mut c, &big_pod(n, "3"));
    }
    apply(&mut c, &big_pod("e", "3"));
    c.run_until_idle(60_000);
    for n in ["a", "b", "d"] {
        assert_eq!(pod(&c, n).expect("pod").status.phase, "Running", "{n}");
    }
    let nodes: std::collections::BTreeSet<String> = ["a", "b", "d"]
        .iter()
        .map(|n| pod(&c, n).expect("pod").spec.node_name)
        .collect();
    assert_eq!(nodes.len(), 3, "spread over the workers");
    assert!(pod(&c, "e").expect("pod").spec.node_name.is_empty());
    assert!(c.check_invariants().is_ok(), "{:?}", c.check_invariants());
}

#[test]
fn required_anti_affinity_s8() {
    let mut c = Cluster::new(3);
    for i in 0..4 {
        apply(&mut c, &format!("
apiVersion: v1
kind: Pod
metadata: {{name: mysql-{i}, labels: {{app: mysql}}}}
spec:
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchExpressions:
          - {{key: app, operator: In, values: [mysql]}}
        topologyKey: kubernetes.io/hostname
  containers: [{{name: mysql, image: \"mysql:8.0\", env: [{{name: MYSQL_ROOT_PASSWORD, value: password}}]}}]
"));
    }
    c.run_until_idle(120_000);
    let placed: Vec<String> = (0..3)
        .map(|i| pod(&c, &format!("mysql-{i}")).expect("pod").spec.node_name)
        .collect();
    let distinct: std::collections::BTreeSet<&String> = placed.iter().collect();
    assert_eq!(distinct.len(), 3, "{placed:?}");
    assert_eq!(
        failed_scheduling(&c, "mysql-3").last().map(String::as_str),
        Some("0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.")
    );
}

#[test]
fn node_selector_and_toleration() {
    let mut c = Cluster::new(4);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: cp}
spec:
  nodeSelector: {node-role.kubernetes.io/control-plane: \"\"}
  tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
  containers: [{name: c, image: busybox:1.28, command: [sleep, \"3600\"]}]
",
    );
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: nowhere}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: c, image: busybox:1.28, command: [sleep, \"3600\"]}]
",
    );
    c.run_until_idle(30_000);
    assert_eq!(
        pod(&c, "cp").expect("pod").spec.node_name,
        "kind-control-plane"
    );
    assert_eq!(
        failed_scheduling(&c, "nowhere"),
        ["0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."]
    );
}
