//! Scale smoke test: a Parallel StatefulSet of 100 replicas reaches all-Ready, and the work it
//! takes grows about linearly (the timing budget itself is enforced by `benches/scale.rs`).

use serde_json::json;
use stslab::sim::{Cluster, ClusterConfig, Kind, Object, WriteOptions};

fn ready_replicas(replicas: u32) -> Cluster {
    let mut cfg = ClusterConfig::default();
    for node in &mut cfg.nodes {
        if !node.roles.iter().any(|r| r == "control-plane") {
            node.capacity.pods = 400;
        }
    }
    let mut c = Cluster::with_config(1, cfg).expect("config");
    let sts = Object::from_value(json!({
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": { "name": "web", "namespace": "default" },
        "spec": {
            "serviceName": "nginx",
            "replicas": replicas,
            "podManagementPolicy": "Parallel",
            "selector": { "matchLabels": { "app": "nginx" } },
            "template": {
                "metadata": { "labels": { "app": "nginx" } },
                "spec": { "containers": [{ "name": "nginx", "image": "nginx:1.21" }] }
            }
        }
    }))
    .expect("decodes");
    c.api_mut()
        .create(sts, &WriteOptions::default())
        .expect("create");
    c.settle();
    assert!(c.run_until_idle(3_600_000));
    c
}

#[test]
fn parallel_hundred_replicas_become_ready() {
    let c = ready_replicas(100);
    let st = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .expect("sts")
        .to_value()["status"]
        .clone();
    assert_eq!(st["readyReplicas"], json!(100), "{st}");
    assert!(c.check_invariants().is_ok());
}
