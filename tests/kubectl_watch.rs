//! `kubectl get -w`: header once, one row per event, widths only grow (ref §4.1 Watch,
//! errata §19, coverage F7).
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::kubectl::{self, KubectlCtx, Outcome};
use stslab::sim::*;

fn bind(c: &mut Cluster, name: &str) {
    let Ok(Object::Pod(mut p)) = c.api().get(Kind::Pod, "default", name).cloned() else {
        panic!()
    };
    p.spec.node_name = "kind-worker".into();
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .unwrap();
}

fn running_status(c: &mut Cluster, name: &str) {
    let Ok(Object::Pod(mut p)) = c.api().get(Kind::Pod, "default", name).cloned() else {
        panic!()
    };
    p.status.phase = "Running".into();
    p.status.conditions = vec![PodCondition {
        type_: "Ready".into(),
        status: "True".into(),
        ..Default::default()
    }];
    p.status.container_statuses = vec![ContainerStatus {
        name: "nginx".into(),
        ready: true,
        state: ContainerState {
            running: Some(ContainerStateRunning {
                started_at: Some(c.now()),
            }),
            ..Default::default()
        },
        ..Default::default()
    }];
    c.api_mut().update_status(Object::Pod(p)).unwrap();
}

#[test]
fn ordered_creation_rows() {
    let mut c = Cluster::new(3);
    let f = files();
    let mut p = {
        let mut cx = KubectlCtx::new(&mut c, &f);
        match kubectl::run(
            &argv("kubectl get pods --watch -l app=nginx"),
            None,
            &mut cx,
        ) {
            Outcome::Running(p) => p,
            _ => panic!("watch must keep running"),
        }
    };
    assert!(!p.wants_time());
    // Empty list: nothing yet, not even the header.
    assert_eq!(p.poll(&mut c).stdout, "");
    make_pod(&mut c, "web-0", &[("app", "nginx")], false);
    make_pod(&mut c, "other", &[("app", "db")], false);
    bind(&mut c, "web-0");
    set_pod_waiting(&mut c, "web-0", "ContainerCreating");
    assert_eq!(
        p.poll(&mut c).stdout,
        "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   0/1     Pending   0          0s\nweb-0   0/1     Pending   0          0s\nweb-0   0/1     ContainerCreating   0          0s\n"
    );
    c.advance(19_000);
    running_status(&mut c, "web-0");
    let out = p.poll(&mut c);
    assert_eq!(
        out.stdout,
        "web-0   1/1     Running             0          19s\n"
    );
    assert_eq!(out.finished, None);
    let i = p.interrupt(&mut c);
    assert_eq!(i.status, 130);
}

#[test]
fn initial_list_then_changes_and_watch_only() {
    let mut c = Cluster::new(3);
    make_pod(&mut c, "web-0", &[("app", "nginx")], true);
    c.advance(120_000);
    let f = files();
    let (mut w, mut wo) = {
        let mut cx = KubectlCtx::new(&mut c, &f);
        let a = match kubectl::run(&argv("kubectl get pods -w"), None, &mut cx) {
            Outcome::Running(p) => p,
            _ => panic!(),
        };
        let b = match kubectl::run(&argv("kubectl get pods --watch-only"), None, &mut cx) {
            Outcome::Running(p) => p,
            _ => panic!(),
        };
        (a, b)
    };
    assert_eq!(
        w.poll(&mut c).stdout,
        "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   1/1     Running   0          2m\n"
    );
    assert_eq!(wo.poll(&mut c).stdout, "");
    c.api_mut()
        .delete(Kind::Pod, "default", "web-0", &DeleteOptions::default())
        .unwrap();
    let s = w.poll(&mut c).stdout;
    assert!(
        s.starts_with("web-0   1/1     Terminating   0          2m\n"),
        "{s}"
    );
    let s2 = wo.poll(&mut c).stdout;
    assert!(s2.starts_with("NAME    READY   STATUS        RESTARTS   AGE\nweb-0   1/1     Terminating   0          2m\n"), "{s2}");
}
