//! Shared helpers for the kubectl integration tests (included with `#[path]`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use stslab::kubectl::{self, FileSource, KubectlCtx, Outcome, Output};
use stslab::sim::Cluster;

pub struct Files(pub BTreeMap<String, String>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

pub const WEB_YAML: &str = "apiVersion: v1
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
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: \"nginx\"
  replicas: 2
  selector:
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
      accessModes: [ \"ReadWriteOnce\" ]
      resources:
        requests:
          storage: 1Gi
";

pub fn files() -> Files {
    let mut m = BTreeMap::new();
    m.insert("web.yaml".to_string(), WEB_YAML.to_string());
    Files(m)
}

pub fn argv(line: &str) -> Vec<String> {
    // Tests only use simple lines; single-quoted segments keep their spaces.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                q = !q;
                any = true;
            }
            ' ' if !q => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Run a command; Running processes are driven to completion (or stopped when idle).
pub fn k(c: &mut Cluster, line: &str) -> Output {
    let f = files();
    let mut cx = KubectlCtx::new(c, &f);
    match kubectl::run(&argv(line), None, &mut cx) {
        Outcome::Done(o) => o,
        Outcome::Running(mut p) => kubectl::drive(p.as_mut(), c, 600_000),
        Outcome::Interactive(s) => Output::out(format!("<interactive {}>", s.pod)),
        Outcome::Edit(r) => Output::out(r.text),
    }
}

use stslab::sim::*;

/// Create a pod directly through the API server (no controllers needed), optionally with
/// the status a running nginx container reports.
pub fn make_pod(c: &mut Cluster, name: &str, labels: &[(&str, &str)], running: bool) {
    let pod = Pod {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        },
        spec: PodSpec {
            containers: vec![Container {
                name: "nginx".into(),
                image: "registry.k8s.io/nginx-slim:0.21".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    c.api_mut()
        .create(Object::Pod(pod), &WriteOptions::default())
        .expect("create pod");
    if running {
        set_pod_running(c, name);
    }
}

pub fn set_pod_running(c: &mut Cluster, name: &str) {
    let Ok(Object::Pod(mut p)) = c.api().get(Kind::Pod, "default", name).cloned() else {
        panic!("no pod")
    };
    let now = c.now();
    p.spec.node_name = "ghost".into();
    c.api_mut()
        .update(Object::Pod(p.clone()), &WriteOptions::default())
        .expect("bind");
    let Ok(Object::Pod(mut p)) = c.api().get(Kind::Pod, "default", name).cloned() else {
        panic!("no pod")
    };
    p.status.phase = "Running".into();
    p.status.pod_ip = "10.244.1.6".into();
    p.status.pod_ips = vec![IpEntry {
        ip: "10.244.1.6".into(),
    }];
    p.status.conditions = vec![PodCondition {
        type_: "Ready".into(),
        status: "True".into(),
        ..Default::default()
    }];
    p.status.container_statuses = vec![ContainerStatus {
        name: "nginx".into(),
        ready: true,
        image: "registry.k8s.io/nginx-slim:0.21".into(),
        state: ContainerState {
            running: Some(ContainerStateRunning {
                started_at: Some(now),
            }),
            ..Default::default()
        },
        ..Default::default()
    }];
    c.api_mut().update_status(Object::Pod(p)).expect("status");
}

/// Set a pod's container to waiting with a reason (e.g. ContainerCreating), scheduled.
pub fn set_pod_waiting(c: &mut Cluster, name: &str, reason: &str) {
    let Ok(Object::Pod(mut p)) = c.api().get(Kind::Pod, "default", name).cloned() else {
        panic!("no pod")
    };
    p.status.container_statuses = vec![ContainerStatus {
        name: "nginx".into(),
        image: "registry.k8s.io/nginx-slim:0.21".into(),
        state: ContainerState {
            waiting: Some(ContainerStateWaiting {
                reason: reason.into(),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    }];
    c.api_mut().update_status(Object::Pod(p)).expect("status");
}

/// Write a StatefulSet's status fields.
pub fn set_sts_status(c: &mut Cluster, name: &str, f: impl FnOnce(&mut StatefulSetStatus, i64)) {
    let Ok(Object::StatefulSet(mut s)) = c.api().get(Kind::StatefulSet, "default", name).cloned()
    else {
        panic!("no sts")
    };
    let g = s.metadata.generation;
    f(&mut s.status, g);
    c.api_mut()
        .update_status(Object::StatefulSet(s))
        .expect("sts status");
}

/// Asserts a command succeeded with exactly `stdout` and nothing on stderr.
pub fn ok(o: &Output, stdout: &str) {
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        (stdout, "", 0)
    );
}

/// Asserts a command failed (status 1) with exactly `stderr` and nothing on stdout.
pub fn fails(o: &Output, stderr: &str) {
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("", stderr, 1)
    );
}
