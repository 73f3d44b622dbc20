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
