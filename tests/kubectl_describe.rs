//! `kubectl describe` layouts (ref §4.2 with errata §8 and §14 for v1.35) and events tables.
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::sim::*;

#[test]
fn statefulset_layout_v135() {
    let mut c = Cluster::new(2);
    k(&mut c, "kubectl apply -f web.yaml");
    let sts = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone();
    c.api_mut().record_event(
        &sts,
        "Normal",
        "SuccessfulCreate",
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "statefulset-controller",
        None,
    );
    c.api_mut().record_event(
        &sts,
        "Normal",
        "SuccessfulCreate",
        "create Pod web-0 in StatefulSet web successful",
        "statefulset-controller",
        None,
    );
    c.advance(41_000);
    let o = k(&mut c, "kubectl describe statefulset web");
    assert_eq!(
        o.stdout,
        "Name:               web
Namespace:          default
CreationTimestamp:  Mon, 05 Jan 2026 09:00:00 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           2 desired | 0 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
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
  Normal  SuccessfulCreate  41s   statefulset-controller  create Pod web-0 in StatefulSet web successful
"
    );
    assert!(!o.stdout.contains("Service Name"));
}

#[test]
fn pod_events_get_the_field_path_prefix_and_aggregate() {
    let mut c = Cluster::new(2);
    make_pod(&mut c, "web-0", &[("app", "nginx")], true);
    let pod = c.api().get(Kind::Pod, "default", "web-0").unwrap().clone();
    c.api_mut().record_event(
        &pod,
        "Normal",
        "Scheduled",
        "Successfully assigned default/web-0 to kind-worker",
        "default-scheduler",
        None,
    );
    c.api_mut().record_event(
        &pod,
        "Normal",
        "Pulling",
        "Pulling image \"registry.k8s.io/nginx-slim:0.21\"",
        "kubelet",
        Some("spec.containers{nginx}"),
    );
    c.api_mut().record_event(
        &pod,
        "Normal",
        "Created",
        "Container created",
        "kubelet",
        Some("spec.containers{nginx}"),
    );
    c.advance(30_000);
    let cm = Object::Pod(
        match c.api().get(Kind::Pod, "default", "web-0").unwrap().clone() {
            Object::Pod(p) => p,
            _ => unreachable!(),
        },
    );
    c.api_mut().record_event(
        &cm,
        "Warning",
        "FailedMount",
        "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found",
        "kubelet",
        None,
    );
    c.advance(30_000);
    c.api_mut().record_event(
        &cm,
        "Warning",
        "FailedMount",
        "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found",
        "kubelet",
        None,
    );
    c.advance(27_000);
    let o = k(&mut c, "kubectl describe pod web-0");
    let events = &o.stdout[o.stdout.find("Events:").expect("events")..];
    assert_eq!(
        events,
        "Events:
  Type     Reason       Age                From               Message
  ----     ------       ----               ----               -------
  Normal   Scheduled    87s                default-scheduler  Successfully assigned default/web-0 to kind-worker
  Normal   Pulling      87s                kubelet            spec.containers{nginx}: Pulling image \"registry.k8s.io/nginx-slim:0.21\"
  Normal   Created      87s                kubelet            spec.containers{nginx}: Container created
  Warning  FailedMount  27s (x2 over 57s)  kubelet            MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found
"
    );
    assert!(
        o.stdout.contains(
            "\nStatus:       Running\nIP:           10.244.1.6\nIPs:\n  IP:  10.244.1.6\n"
        ),
        "{}",
        o.stdout
    );
    // `get events` prints the bare message, OBJECT without group.
    let g = k(&mut c, "kubectl get events");
    assert!(
        g.stdout
            .starts_with("LAST SEEN   TYPE      REASON        OBJECT      MESSAGE\n"),
        "{}",
        g.stdout
    );
    assert!(
        g.stdout
            .contains("87s         Normal    Created       pod/web-0   Container created\n"),
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
