//! Shared helpers for the node-side end-to-end tests: apply YAML through the API server,
//! read typed objects and the events of one object.
#![allow(dead_code)]

use stslab::sim::manifest::parse_documents;
use stslab::sim::*;

/// Create every document of `yaml` (as `kubectl create` would) and settle.
pub fn apply(c: &mut Cluster, yaml: &str) {
    for (v, line) in parse_documents(yaml).expect("valid yaml") {
        let obj =
            Object::from_value(v).unwrap_or_else(|e| panic!("document at line {line}: {e:?}"));
        c.apply_object(obj)
            .unwrap_or_else(|e| panic!("create failed: {}", e.message));
    }
}

pub fn pod(c: &Cluster, name: &str) -> Option<Pod> {
    match c.api().get(Kind::Pod, "default", name) {
        Ok(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn pvc(c: &Cluster, name: &str) -> Option<PersistentVolumeClaim> {
    match c.api().get(Kind::PersistentVolumeClaim, "default", name) {
        Ok(Object::PersistentVolumeClaim(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn pv(c: &Cluster, name: &str) -> Option<PersistentVolume> {
    match c.api().get(Kind::PersistentVolume, "", name) {
        Ok(Object::PersistentVolume(p)) => Some(p.clone()),
        _ => None,
    }
}

/// (type, reason, message, fieldPath, count) of the events about `kind/name`, oldest first.
pub fn events(c: &Cluster, kind: &str, name: &str) -> Vec<(String, String, String, String, i32)> {
    let mut v: Vec<(Option<u64>, String, String, String, String, i32)> = c
        .api()
        .events()
        .filter(|e| e.involved_object.kind == kind && e.involved_object.name == name)
        .map(|e| {
            (
                e.first_timestamp.or(e.event_time),
                e.type_.clone(),
                e.reason.clone(),
                e.message.clone(),
                e.involved_object.field_path.clone(),
                e.count,
            )
        })
        .collect();
    v.sort_by_key(|e| e.0);
    v.into_iter()
        .map(|(_, a, b, m, f, n)| (a, b, m, f, n))
        .collect()
}

/// Just the reasons of an object's events, oldest first.
pub fn reasons(c: &Cluster, kind: &str, name: &str) -> Vec<String> {
    events(c, kind, name).into_iter().map(|e| e.1).collect()
}

/// What `kubectl get pod` shows in STATUS (ref §4.1 rules, enough for these tests).
pub fn status_column(p: &Pod) -> String {
    let mut reason = if p.status.reason.is_empty() {
        p.status.phase.clone()
    } else {
        p.status.reason.clone()
    };
    let n = p.spec.init_containers.len();
    for (i, s) in p.status.init_container_statuses.iter().enumerate() {
        if let Some(t) = &s.state.terminated {
            if t.exit_code == 0 {
                continue;
            }
            return if t.reason.is_empty() {
                format!("Init:ExitCode:{}", t.exit_code)
            } else {
                format!("Init:{}", t.reason)
            };
        }
        if let Some(w) = &s.state.waiting {
            if !w.reason.is_empty() && w.reason != "PodInitializing" {
                return format!("Init:{}", w.reason);
            }
        }
        return format!("Init:{i}/{n}");
    }
    let mut has_running = false;
    for s in p.status.container_statuses.iter().rev() {
        if let Some(w) = &s.state.waiting {
            if !w.reason.is_empty() {
                reason = w.reason.clone();
            }
        } else if let Some(t) = &s.state.terminated {
            reason = if t.reason.is_empty() {
                format!("ExitCode:{}", t.exit_code)
            } else {
                t.reason.clone()
            };
        } else if s.state.running.is_some() && s.ready {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        reason = "Running".into();
    }
    if p.metadata.deletion_timestamp.is_some()
        && p.status.phase != "Succeeded"
        && p.status.phase != "Failed"
    {
        reason = "Terminating".into();
    }
    reason
}

/// READY column: ready containers / containers.
pub fn ready_column(p: &Pod) -> String {
    let ready = p
        .status
        .container_statuses
        .iter()
        .filter(|s| s.ready)
        .count();
    format!("{ready}/{}", p.spec.containers.len())
}

/// The rows `kubectl get pod NAME -w` would print for a pod (READY STATUS), from the watch log.
pub fn watch_rows(c: &Cluster, name: &str) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for ev in c.api().watch_log() {
        if let Object::Pod(p) = ev.object.as_ref() {
            if p.metadata.name == name && p.metadata.namespace == "default" {
                rows.push(format!("{} {}", ready_column(p), status_column(p)));
            }
        }
    }
    rows
}

pub const NGINX_HEADLESS: &str = "
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports:
  - name: web
    port: 80
";

/// A StatefulSet-shaped pod (hostname/subdomain) with its claim, made by hand so these tests
/// depend only on the node side.
pub fn web_pod(name: &str, image: &str, claim_class: &str) -> String {
    format!(
        "
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: www-{name}
  labels: {{app: nginx}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: {claim_class}
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels: {{app: nginx}}
spec:
  hostname: {name}
  subdomain: nginx
  containers:
  - name: nginx
    image: {image}
    ports:
    - name: web
      containerPort: 80
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: www-{name}
"
    )
}

/// The course's manifest (guide §4): headless Service `nginx-svc` + StatefulSet `web`.
pub fn guide_statefulset(replicas: u32, class: &str) -> String {
    format!(
        "
apiVersion: v1
kind: Service
metadata:
  name: nginx-svc
  labels: {{app: nginx}}
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector: {{app: nginx}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx-svc
  replicas: {replicas}
  selector:
    matchLabels: {{app: nginx}}
  template:
    metadata:
      labels: {{app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.21
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
      accessModes: [ReadWriteOnce]
      storageClassName: {class}
      resources:
        requests:
          storage: 1Gi
"
    )
}
