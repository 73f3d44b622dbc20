//! Kubelet failure paths the lessons reproduce: unknown image (ErrImagePull →
//! ImagePullBackOff), missing ConfigMap (FailedMount, then recovery), crash loop back-off,
//! init containers (S17) and a readiness probe on a closed port (S7).

mod node_support;
use node_support::*;
use stslab::sim::*;

#[test]
fn unknown_image_err_image_pull_then_backoff() {
    let mut c = Cluster::new(5);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers: [{name: nginx, image: \"nginx:9.99\"}]
",
    );
    let mut seen = false;
    for _ in 0..200 {
        if pod(&c, "bad").is_some_and(|p| status_column(&p) == "ErrImagePull") {
            seen = true;
            break;
        }
        c.step();
    }
    assert!(seen, "ErrImagePull right after the failed pull");
    c.advance(2_000);
    let p = pod(&c, "bad").expect("pod");
    assert_eq!(status_column(&p), "ImagePullBackOff");
    assert_eq!(p.status.phase, "Pending");
    let ev = events(&c, "Pod", "bad");
    let msgs: Vec<(&str, &str)> = ev.iter().map(|e| (e.1.as_str(), e.2.as_str())).collect();
    assert!(msgs.contains(&("Failed", "Failed to pull image \"nginx:9.99\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:9.99\": failed to resolve reference \"docker.io/library/nginx:9.99\": docker.io/library/nginx:9.99: not found")), "{msgs:?}");
    assert!(msgs.contains(&("Failed", "Error: ErrImagePull")));
    assert!(msgs.contains(&("BackOff", "Back-off pulling image \"nginx:9.99\"")));
    assert!(msgs.contains(&("Failed", "Error: ImagePullBackOff")));
    // Back-off doubles: the second pull attempt happens 10 s after the first failure.
    c.advance(60_000);
    let pulls = events(&c, "Pod", "bad")
        .into_iter()
        .find(|e| e.1 == "Pulling")
        .map(|e| e.4)
        .unwrap_or(0);
    assert!(pulls >= 3, "pulled again with back-off, count {pulls}");
}

#[test]
fn missing_configmap_failed_mount_then_recovery_s10() {
    let mut c = Cluster::new(6);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: mysql-0}
spec:
  containers:
  - name: mysql
    image: mysql:8.0
    env: [{name: MYSQL_ROOT_PASSWORD, value: password}]
    volumeMounts: [{name: config, mountPath: /etc/mysql/conf.d}]
  volumes:
  - name: config
    configMap: {name: mysql-config}
",
    );
    c.advance(90_000);
    let p = pod(&c, "mysql-0").expect("pod");
    assert_eq!(status_column(&p), "ContainerCreating");
    assert!(p.status.pod_ip.is_empty(), "no sandbox while volumes fail");
    let fm: Vec<_> = events(&c, "Pod", "mysql-0")
        .into_iter()
        .filter(|e| e.1 == "FailedMount")
        .collect();
    assert_eq!(fm.len(), 1, "one aggregated event");
    assert_eq!(
        fm[0].2,
        "MountVolume.SetUp failed for volume \"config\" : configmap \"mysql-config\" not found"
    );
    assert_eq!(fm[0].3, "", "no fieldPath");
    assert!(fm[0].4 >= 5, "repeats with back-off, count {}", fm[0].4);
    apply(
        &mut c,
        "
apiVersion: v1
kind: ConfigMap
metadata: {name: mysql-config}
data: {my.cnf: \"[mysqld]\\n\"}
",
    );
    c.run_until_idle(200_000);
    let p = pod(&c, "mysql-0").expect("pod");
    assert_eq!(p.status.phase, "Running");
    assert!(p.is_ready(), "no readiness probe: Ready once started");
}

#[test]
fn crash_loop_backoff_doubles() {
    let mut c = Cluster::new(8);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers: [{name: c, image: \"busybox:1.28\", command: [sh, -c, \"exit 1\"]}]
",
    );
    c.advance(8_000);
    c.advance(60_000);
    let p = pod(&c, "crash").expect("pod");
    assert_eq!(p.status.phase, "Running");
    let st = &p.status.container_statuses[0];
    assert!(st.restart_count >= 2, "restarts {}", st.restart_count);
    let rows = watch_rows(&c, "crash");
    assert!(rows.contains(&"0/1 Error".to_string()), "{rows:?}");
    assert!(
        rows.contains(&"0/1 CrashLoopBackOff".to_string()),
        "{rows:?}"
    );
    let backoff = events(&c, "Pod", "crash")
        .into_iter()
        .find(|e| e.1 == "BackOff")
        .expect("BackOff event");
    assert_eq!(
        backoff.2,
        format!(
            "Back-off restarting failed container c in pod crash_default({})",
            p.metadata.uid
        )
    );
    let w = st
        .state
        .waiting
        .as_ref()
        .map(|w| w.message.clone())
        .unwrap_or_default();
    if !w.is_empty() {
        assert!(
            w.starts_with("back-off ")
                && w.contains("restarting failed container=c pod=crash_default("),
            "{w}"
        );
    }
}

#[test]
fn init_containers_then_running_s17() {
    let mut c = Cluster::new(9);
    apply(&mut c, "
apiVersion: v1
kind: Pod
metadata: {name: web-0}
spec:
  initContainers: [{name: init, image: \"busybox:1.28\", command: [sh, -c, \"echo ready; sleep 2\"]}]
  containers: [{name: nginx, image: \"nginx:1.21\"}]
");
    c.run_until_idle(60_000);
    // First sync (init waiting), init started, init done (PodInitializing), app running.
    let rows = watch_rows(&c, "web-0");
    assert_eq!(
        rows,
        [
            "0/1 Pending",
            "0/1 Pending",
            "0/1 Init:0/1",
            "0/1 Init:0/1",
            "0/1 PodInitializing",
            "1/1 Running"
        ]
    );
    let ev = events(&c, "Pod", "web-0");
    assert!(ev
        .iter()
        .any(|e| e.1 == "Started" && e.3 == "spec.initContainers{init}"));

    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: web-1}
spec:
  initContainers: [{name: init, image: \"busybox:1.28\", command: [sh, -c, \"exit 1\"]}]
  containers: [{name: nginx, image: \"nginx:1.21\"}]
",
    );
    c.advance(40_000);
    let rows = watch_rows(&c, "web-1");
    assert!(rows.contains(&"0/1 Init:Error".to_string()), "{rows:?}");
    assert!(
        rows.contains(&"0/1 Init:CrashLoopBackOff".to_string()),
        "{rows:?}"
    );
}

#[test]
fn readiness_probe_on_closed_port_s7() {
    let mut c = Cluster::new(10);
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: web-4}
spec:
  containers:
  - name: nginx
    image: nginx:1.21
    readinessProbe:
      httpGet: {path: /health, port: 8080}
      initialDelaySeconds: 10
      periodSeconds: 5
",
    );
    c.advance(60_000);
    let p = pod(&c, "web-4").expect("pod");
    assert_eq!(
        (ready_column(&p).as_str(), status_column(&p).as_str()),
        ("0/1", "Running")
    );
    let un = events(&c, "Pod", "web-4")
        .into_iter()
        .find(|e| e.1 == "Unhealthy")
        .expect("Unhealthy");
    assert_eq!(
        un.2,
        format!("Readiness probe failed: Get \"http://{ip}:8080/health\": dial tcp {ip}:8080: connect: connection refused", ip = p.status.pod_ip)
    );
    assert_eq!(un.3, "spec.containers{nginx}");
    assert!(un.4 >= 5);

    // The same probe on port 80: `/` is served, `/missing` is a 404.
    apply(
        &mut c,
        "
apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  containers:
  - name: nginx
    image: nginx:1.21
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
---
apiVersion: v1
kind: Pod
metadata: {name: notfound}
spec:
  containers:
  - name: nginx
    image: nginx:1.21
    readinessProbe: {httpGet: {path: /missing, port: 80}, periodSeconds: 5}
",
    );
    c.advance(30_000);
    assert!(pod(&c, "ok").expect("pod").is_ready());
    assert!(!pod(&c, "notfound").expect("pod").is_ready());
    let un = events(&c, "Pod", "notfound")
        .into_iter()
        .find(|e| e.1 == "Unhealthy")
        .expect("Unhealthy");
    assert_eq!(
        un.2,
        "Readiness probe failed: HTTP probe failed with statuscode: 404"
    );
}
