//! A StatefulSet-shaped nginx pod from creation to Running/Ready, and back through graceful
//! deletion: scheduling, WaitForFirstConsumer provisioning, image pull, kubelet events with
//! their v1.35 texts, pod IP, and the errata §19 termination rows.

mod node_support;
use node_support::*;
use stslab::sim::*;

#[test]
fn nginx_pod_starts_with_v135_events_and_bound_claim() {
    let mut c = Cluster::new(7);
    apply(&mut c, NGINX_HEADLESS);
    apply(&mut c, &web_pod("web-0", "nginx:1.21", "standard"));
    assert!(c.run_until_idle(120_000), "cluster settles");
    let p = pod(&c, "web-0").expect("pod exists");
    assert_eq!(p.status.phase, "Running");
    assert!(p.is_ready());
    assert!(
        p.status.pod_ip.starts_with("10.244."),
        "ip {}",
        p.status.pod_ip
    );
    let node = p.spec.node_name.clone();
    assert!(
        node.starts_with("kind-worker"),
        "scheduled on a worker, got {node}"
    );

    let ev = events(&c, "Pod", "web-0");
    let got: Vec<&str> = ev.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        got,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert_eq!(
        ev[0].2,
        format!("Successfully assigned default/web-0 to {node}")
    );
    assert_eq!(ev[0].3, "", "Scheduled has no fieldPath");
    assert_eq!(ev[1].2, "Pulling image \"nginx:1.21\"");
    assert_eq!(ev[1].3, "spec.containers{nginx}");
    assert!(
        ev[2]
            .2
            .starts_with("Successfully pulled image \"nginx:1.21\" in ")
            && ev[2]
                .2
                .ends_with(" including waiting). Image size: 56734132 bytes."),
        "{}",
        ev[2].2
    );
    assert_eq!(ev[3].2, "Container created");
    assert_eq!(ev[4].2, "Container started");

    let claim = pvc(&c, "www-web-0").expect("claim");
    assert_eq!(claim.status.phase, "Bound");
    assert_eq!(
        claim.spec.volume_name,
        format!("pvc-{}", claim.metadata.uid)
    );
    assert_eq!(
        reasons(&c, "PersistentVolumeClaim", "www-web-0"),
        [
            "WaitForFirstConsumer",
            "ExternalProvisioning",
            "Provisioning",
            "ProvisioningSucceeded"
        ]
    );
    let vol = pv(&c, &claim.spec.volume_name).expect("pv");
    assert_eq!(vol.status.phase, "Bound");
    assert_eq!(vol.spec.persistent_volume_reclaim_policy, "Delete");
    let pinned = &vol
        .spec
        .node_affinity
        .as_ref()
        .and_then(|a| a.required.as_ref())
        .expect("node affinity")
        .node_selector_terms[0]
        .match_expressions[0];
    assert_eq!(pinned.values, vec![node]);

    // The watch rows of creation (ref §4.1): Pending, Pending (scheduled), ContainerCreating, Running.
    // Exactly one row each, as in the tutorial transcript (ref §7.2): the binding subresource
    // writes nodeName and PodScheduled in one update, and the kubelet publishes nothing while
    // its sync mounts, creates the sandbox, pulls and starts the container.
    let rows = watch_rows(&c, "web-0");
    assert_eq!(
        rows,
        [
            "0/1 Pending",
            "0/1 Pending",
            "0/1 ContainerCreating",
            "1/1 Running"
        ]
    );
    assert!(c.check_invariants().is_ok(), "{:?}", c.check_invariants());
}

#[test]
fn second_pod_on_same_node_uses_cached_image() {
    let mut c = Cluster::new(3);
    apply(&mut c, NGINX_HEADLESS);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  nodeName: kind-worker
  containers: [{name: nginx, image: nginx:1.21}]
",
    );
    c.run_until_idle(60_000);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  nodeName: kind-worker
  containers: [{name: nginx, image: nginx:1.21}]
",
    );
    c.run_until_idle(60_000);
    let ev = events(&c, "Pod", "b");
    assert_eq!(
        ev[0].2,
        "Container image \"nginx:1.21\" already present on machine and can be accessed by the pod"
    );
    assert_eq!(ev[0].1, "Pulled");
}

#[test]
fn graceful_delete_shows_completed_then_is_gone() {
    let mut c = Cluster::new(11);
    apply(&mut c, NGINX_HEADLESS);
    apply(&mut c, &web_pod("web-0", "nginx:1.21", "standard"));
    c.run_until_idle(120_000);
    let before = c.api().watch_log().len();
    c.api_mut()
        .delete(Kind::Pod, "default", "web-0", &DeleteOptions::default())
        .expect("delete");
    c.settle();
    assert!(c.run_until_idle(60_000));
    assert!(
        pod(&c, "web-0").is_none(),
        "pod is gone after the kubelet's final delete"
    );
    let rows: Vec<String> = c.api().watch_log()[before..]
        .iter()
        .filter_map(|e| match e.object.as_ref() {
            Object::Pod(p) if p.metadata.name == "web-0" => {
                Some(format!("{} {}", ready_column(p), status_column(p)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        rows.first().map(String::as_str),
        Some("1/1 Terminating"),
        "{rows:?}"
    );
    assert!(
        !rows.contains(&"0/1 Terminating".to_string()),
        "no readiness probe → no 0/1 Terminating row: {rows:?}"
    );
    // Errata §19: phase Succeeded (MODIFIED), the kubelet's zero-grace delete (an update
    // with deletionGracePeriodSeconds 0, MODIFIED), then DELETED.
    assert_eq!(
        rows,
        [
            "1/1 Terminating",
            "0/1 Completed",
            "0/1 Completed",
            "0/1 Completed"
        ]
    );
    let killing = events(&c, "Pod", "web-0")
        .into_iter()
        .find(|e| e.1 == "Killing")
        .expect("Killing event");
    assert_eq!(
        (killing.2.as_str(), killing.3.as_str()),
        ("Stopping container nginx", "spec.containers{nginx}")
    );
    // The claim stays, bound, with its protection finalizer.
    let claim = pvc(&c, "www-web-0").expect("claim survives");
    assert_eq!(claim.status.phase, "Bound");
    assert!(claim
        .metadata
        .finalizers
        .contains(&"kubernetes.io/pvc-protection".to_string()));
}
