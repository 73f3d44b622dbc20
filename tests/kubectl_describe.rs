//! `kubectl describe` layouts (ref §4.2 with errata §8 and §14 for v1.35) and events tables.
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::sim::*;

#[test]
fn statefulset_layout_v135() {
    let mut c = Cluster::new(2);
    k(&mut c, "kubectl apply -f web.yaml");
    c.advance(41_000);
    let o = k(&mut c, "kubectl describe statefulset web");
    let head = "Name:               web
Namespace:          default
CreationTimestamp:  Mon, 05 Jan 2026 09:00:00 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           2 desired | ";
    assert!(o.stdout.starts_with(head), "{}", o.stdout);
    let template = "Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        ";
    assert!(o.stdout.contains(template), "{}", o.stdout);
    let rest = "Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        registry.k8s.io/nginx-slim:0.21
    Port:         80/TCP (web)
    Host Port:    0/TCP (web)
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  41s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success
";
    assert!(o.stdout.contains(rest), "{}", o.stdout);
    assert!(!o.stdout.contains("Service Name"));
    assert!(!o.stdout.contains("Pod Management Policy"));
}

#[test]
fn pod_events_get_the_field_path_prefix_and_aggregate() {
    let mut c = Cluster::new(2);
    // Unbound: the simulated scheduler and kubelet take it from here and record events.
    make_pod(&mut c, "solo-0", &[("app", "solo")], false);
    c.advance(30_000);
    let pod = c.api().get(Kind::Pod, "default", "solo-0").unwrap().clone();
    let msg = "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found";
    c.api_mut()
        .record_event(&pod, "Warning", "FailedMount", msg, "kubelet", None);
    c.advance(30_000);
    let pod = c.api().get(Kind::Pod, "default", "solo-0").unwrap().clone();
    c.api_mut()
        .record_event(&pod, "Warning", "FailedMount", msg, "kubelet", None);
    c.advance(27_000);
    let o = k(&mut c, "kubectl describe pod solo-0");
    let events = &o.stdout[o.stdout.find("Events:").expect("events")..];
    let lines: Vec<&str> = events.lines().collect();
    assert!(lines[1].starts_with("  Type     Reason"), "{events}");
    // Kubelet container events carry the fieldPath prefix (kubectl 1.35); others do not.
    assert!(
        events.contains("kubelet            spec.containers{nginx}: Container created\n"),
        "{events}"
    );
    assert!(
        events.contains("default-scheduler  Successfully assigned default/solo-0 to "),
        "{events}"
    );
    let failed = lines
        .iter()
        .find(|l| l.contains("FailedMount"))
        .expect("FailedMount row");
    assert!(
        failed.starts_with("  Warning  FailedMount  27s (x2 over 57s)  kubelet "),
        "{events}"
    );
    assert!(failed.ends_with(&format!("  {msg}")), "{events}");
    // `get events` prints the bare message, OBJECT without group.
    let g = k(
        &mut c,
        "kubectl get events --field-selector=involvedObject.name=solo-0,reason=FailedMount -o name",
    );
    let all = k(&mut c, "kubectl get events -o wide").stdout;
    assert_eq!(g.stdout.lines().count(), 1, "{}\n{all}", g.stdout);
    let g = k(&mut c, "kubectl get events");
    assert!(
        g.stdout.starts_with("LAST SEEN   TYPE      REASON"),
        "{}",
        g.stdout
    );
    assert!(
        g.stdout
            .lines()
            .any(|l| l.contains("pod/solo-0") && l.ends_with("   Container created")),
        "{}",
        g.stdout
    );
}

#[test]
fn configmap_and_namespace() {
    let mut c = Cluster::new(2);
    k(
        &mut c,
        "kubectl create configmap app-config --from-literal=mode=fast",
    );
    assert_eq!(
        k(&mut c, "kubectl describe cm app-config").stdout,
        "Name:         app-config\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmode:\n----\nfast\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
    );
    let n = k(&mut c, "kubectl describe ns default").stdout;
    assert_eq!(n, "Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n");
}
