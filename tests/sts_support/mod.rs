//! Shared helpers of the StatefulSet/Deployment controller tests: manifests from the tutorial,
//! typed getters, and pod-health control.
//!
//! Pod lifecycles come from the real scheduler + kubelet when the cluster runs them; otherwise
//! a minimal stand-in kubelet (a test controller) marks pods Running and Ready at once. Tests
//! make a pod unhealthy through [`set_ready`], which injects the `ReadinessFail` fault on a real
//! kubelet and flips an annotation the stand-in honours.
#![allow(dead_code)]

use stslab::sim::api::{DeleteOptions, PatchType, WriteOptions};
use stslab::sim::clock::TimerKey;
use stslab::sim::cluster::{Controller, Ctx};
use stslab::sim::objects::*;
use stslab::sim::Cluster;

/// Annotation the stand-in kubelet reads: "false" keeps the pod not Ready.
pub const READY_ANNOTATION: &str = "test.stslab/ready";

/// A stand-in kubelet for clusters without one: Pending → Running + Ready after 1 s.
#[derive(Debug, Clone, Default)]
struct StandInKubelet;

impl Controller for StandInKubelet {
    fn name(&self) -> &'static str {
        "test-stand-in-kubelet"
    }

    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now();
        cx.take_fired();
        let pods: Vec<Pod> = cx
            .api
            .list(Kind::Pod, None)
            .into_iter()
            .filter_map(|o| match o {
                Object::Pod(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        let mut did = false;
        for mut p in pods {
            if p.metadata.deletion_timestamp.is_some() {
                continue;
            }
            let want_ready = p
                .metadata
                .annotations
                .get(READY_ANNOTATION)
                .map(String::as_str)
                != Some("false");
            let age = now.saturating_sub(p.metadata.creation_timestamp.unwrap_or(0));
            if p.status.phase == "Pending" && age < 1000 {
                let r = ObjectRef::new(Kind::Pod, &p.metadata.namespace, &p.metadata.name);
                cx.at(
                    p.metadata.creation_timestamp.unwrap_or(0) + 1000,
                    TimerKey::for_object(r, "start"),
                );
                continue;
            }
            let ready_now = p.is_ready();
            if p.status.phase == "Running" && ready_now == want_ready {
                continue;
            }
            p.status.phase = "Running".into();
            p.status.conditions = vec![PodCondition {
                type_: "Ready".into(),
                status: if want_ready { "True" } else { "False" }.into(),
                last_transition_time: Some(now),
                ..Default::default()
            }];
            if cx.api.update_status(Object::Pod(p)).is_ok() {
                did = true;
            }
        }
        did
    }
}

/// True when the cluster runs a real kubelet.
pub fn has_real_kubelet(c: &Cluster) -> bool {
    c.controller_names()
        .iter()
        .any(|n| n.contains("kubelet") && !n.starts_with("test-"))
}

/// A fresh default cluster with pod lifecycles (real or stand-in).
pub fn cluster(seed: u64) -> Cluster {
    cluster_with(seed, stslab::sim::ClusterConfig::default())
}

/// A cluster from `cfg` with pod lifecycles (real or stand-in).
pub fn cluster_with(seed: u64, cfg: stslab::sim::ClusterConfig) -> Cluster {
    let mut c = Cluster::with_config(seed, cfg).expect("valid test cluster config");
    if !has_real_kubelet(&c) {
        c.register(Box::new(StandInKubelet));
    }
    c
}

/// `application/web/web.yaml` with the given replicas and extra spec lines (YAML at 2-space
/// indent under `spec:`).
pub fn web_yaml(replicas: i32, extra_spec: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: {replicas}
{extra_spec}  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#
    )
}

pub const NGINX_SERVICE: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
"#;

/// Parses one YAML document into an object.
pub fn object(yaml: &str) -> Object {
    let v: serde_json::Value = serde_yaml::from_str(yaml).expect("test manifest is valid YAML");
    Object::from_value(v).expect("test manifest decodes")
}

/// Creates the object and settles.
pub fn create(c: &mut Cluster, yaml: &str) {
    c.apply_object(object(yaml)).expect("create succeeds");
}

/// Creates the headless Service and `web`, then runs until everything settled.
pub fn create_web(c: &mut Cluster, replicas: i32, extra_spec: &str) {
    create(c, NGINX_SERVICE);
    create(c, &web_yaml(replicas, extra_spec));
}

/// Runs the cluster until idle (bounded so a livelock fails the test instead of hanging).
pub fn run(c: &mut Cluster) {
    assert!(
        c.run_until_idle(3_600_000),
        "cluster did not become idle within an hour of virtual time"
    );
}

/// Advances virtual time.
pub fn advance(c: &mut Cluster, ms: u64) {
    c.advance(ms);
}

pub fn sts(c: &Cluster, name: &str) -> StatefulSet {
    match c.api().get(Kind::StatefulSet, "default", name) {
        Ok(Object::StatefulSet(s)) => s.clone(),
        other => panic!("statefulset {name} not found: {other:?}"),
    }
}

pub fn pod(c: &Cluster, name: &str) -> Option<Pod> {
    match c.api().get(Kind::Pod, "default", name) {
        Ok(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

/// Names of the pods in `default`, sorted.
pub fn pod_names(c: &Cluster) -> Vec<String> {
    c.api()
        .list(Kind::Pod, Some("default"))
        .into_iter()
        .map(|o| o.name().to_string())
        .collect()
}

pub fn claim_names(c: &Cluster) -> Vec<String> {
    c.api()
        .list(Kind::PersistentVolumeClaim, Some("default"))
        .into_iter()
        .map(|o| o.name().to_string())
        .collect()
}

pub fn claim(c: &Cluster, name: &str) -> Option<PersistentVolumeClaim> {
    match c.api().get(Kind::PersistentVolumeClaim, "default", name) {
        Ok(Object::PersistentVolumeClaim(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn revisions(c: &Cluster) -> Vec<ControllerRevision> {
    let mut v: Vec<ControllerRevision> = c
        .api()
        .list(Kind::ControllerRevision, Some("default"))
        .into_iter()
        .filter_map(|o| match o {
            Object::ControllerRevision(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    v.sort_by_key(|r| r.revision);
    v
}

pub fn image_of(p: &Pod) -> String {
    p.spec
        .containers
        .first()
        .map(|c| c.image.clone())
        .unwrap_or_default()
}

pub fn revision_label(p: &Pod) -> String {
    p.metadata
        .labels
        .get("controller-revision-hash")
        .cloned()
        .unwrap_or_default()
}

/// Strategic-merge patch of the set (like `kubectl patch sts web -p …`), then settle.
pub fn patch_sts(c: &mut Cluster, name: &str, patch: &str) {
    c.api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            name,
            PatchType::Strategic,
            patch,
            &WriteOptions::default(),
        )
        .expect("patch succeeds");
    c.settle();
}

/// `kubectl set image` equivalent for container 0.
pub fn set_image(c: &mut Cluster, image: &str) {
    let p = format!(
        r#"[{{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"{image}"}}]"#
    );
    c.api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Json,
            &p,
            &WriteOptions::default(),
        )
        .expect("image patch");
    c.settle();
}

pub fn scale(c: &mut Cluster, replicas: i32) {
    patch_sts(
        c,
        "web",
        &format!(r#"{{"spec":{{"replicas":{replicas}}}}}"#),
    );
}

pub fn delete_pod(c: &mut Cluster, name: &str) {
    c.api_mut()
        .delete(Kind::Pod, "default", name, &DeleteOptions::default())
        .expect("pod delete");
    c.settle();
}

/// Makes a pod (not) Ready: a readiness failure on a real kubelet, the annotation otherwise.
pub fn set_ready(c: &mut Cluster, name: &str, ready: bool) {
    if has_real_kubelet(c) {
        let fault = readiness_fault(name, ready);
        c.inject(fault).expect("inject readiness fault");
        return;
    }
    let mut p = pod(c, name).unwrap_or_else(|| {
        panic!(
            "pod {name} exists; pods: {:?}; {}",
            pod_names(c),
            explanation(c, "web")
        )
    });
    if ready {
        p.metadata.annotations.remove(READY_ANNOTATION);
    } else {
        p.metadata
            .annotations
            .insert(READY_ANNOTATION.into(), "false".into());
    }
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .expect("annotate pod");
    c.settle();
}

fn readiness_fault(name: &str, ready: bool) -> stslab::sim::faults::Fault {
    use stslab::sim::faults::Fault;
    let (namespace, pod) = ("default".to_string(), name.to_string());
    if ready {
        Fault::ReadinessRecover { namespace, pod }
    } else {
        Fault::ReadinessFail { namespace, pod }
    }
}

/// The controller's current explanation for the set.
pub fn explanation(c: &Cluster, name: &str) -> String {
    c.explanations()
        .get(&ObjectRef::new(Kind::StatefulSet, "default", name))
        .map(|e| e.render("en"))
        .unwrap_or_default()
}

/// Messages of the events recorded on the StatefulSet, in creation order.
pub fn sts_events(c: &Cluster) -> Vec<String> {
    let mut evs: Vec<&Event> = c
        .api()
        .events()
        .filter(|e| e.involved_object.kind == "StatefulSet")
        .collect();
    evs.sort_by_key(|e| {
        (
            e.first_timestamp,
            e.metadata.resource_version.parse::<u64>().unwrap_or(0),
        )
    });
    evs.iter().map(|e| e.message.clone()).collect()
}

/// Names of pods in watch-log order for one event type (ADDED / DELETED).
pub fn watch_order(c: &Cluster, kind: stslab::sim::api::WatchEventType) -> Vec<String> {
    c.api()
        .watch_log()
        .iter()
        .filter(|e| e.kind == kind && e.object.kind() == Kind::Pod)
        .map(|e| e.object.name().to_string())
        .collect()
}

/// Sum of `count` over the StatefulSet events with this exact message.
pub fn event_count(c: &Cluster, message: &str) -> i32 {
    c.api()
        .events()
        .filter(|e| e.involved_object.kind == "StatefulSet" && e.message == message)
        .map(|e| e.count.max(1))
        .sum()
}
