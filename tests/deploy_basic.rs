//! Deployment and ReplicaSet controllers: random pod names from the seeded RNG next to a
//! StatefulSet's stable ones, rolling updates within maxSurge/maxUnavailable, revisions.

mod sts_support;
use sts_support::*;
use stslab::sim::objects::{Kind, Object, ReplicaSet};
use stslab::sim::Cluster;

fn deploy_yaml(replicas: i32, image: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web-deploy
  template:
    metadata:
      labels:
        app: web-deploy
    spec:
      containers:
      - name: nginx
        image: {image}
"#
    )
}

fn replica_sets(c: &Cluster) -> Vec<ReplicaSet> {
    c.api()
        .list(Kind::ReplicaSet, Some("default"))
        .into_iter()
        .filter_map(|o| match o {
            Object::ReplicaSet(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn deploy_pods(c: &Cluster) -> Vec<String> {
    pod_names(c)
        .into_iter()
        .filter(|n| n.starts_with("nginx-"))
        .collect()
}

#[test]
fn deployment_pods_get_random_names_statefulset_pods_stable_ones() {
    let mut c = cluster(70);
    create(&mut c, &deploy_yaml(3, "nginx:1.21"));
    create_web(&mut c, 2, "");
    run(&mut c);
    let rs = replica_sets(&c);
    assert_eq!(rs.len(), 1);
    let hash = rs[0].metadata.labels["pod-template-hash"].clone();
    assert_eq!(rs[0].metadata.name, format!("nginx-{hash}"));
    assert!(hash
        .chars()
        .all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch)));
    assert_eq!(
        rs[0].metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    let pods = deploy_pods(&c);
    assert_eq!(pods.len(), 3);
    for p in &pods {
        let suffix = p
            .strip_prefix(&format!("nginx-{hash}-"))
            .expect("name is <deploy>-<hash>-<suffix>");
        assert_eq!(suffix.len(), 5);
        assert!(suffix
            .chars()
            .all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch)));
    }
    assert!(
        pod_names(&c).contains(&"web-0".to_string())
            && pod_names(&c).contains(&"web-1".to_string())
    );
    // Another seed: different random suffixes, same hash (it depends on the template only).
    let mut c2 = cluster(71);
    create(&mut c2, &deploy_yaml(3, "nginx:1.21"));
    run(&mut c2);
    assert_eq!(replica_sets(&c2)[0].metadata.name, rs[0].metadata.name);
    assert_ne!(deploy_pods(&c2), pods, "seed 71 vs 70");
    // Deleting a Deployment pod brings a differently named replacement.
    delete_pod(&mut c, &pods[0]);
    run(&mut c);
    let after = deploy_pods(&c);
    assert_eq!(after.len(), 3);
    assert!(!after.contains(&pods[0]));
}

#[test]
fn deployment_rolling_update_respects_surge_and_unavailability() {
    let mut c = cluster(72);
    create(&mut c, &deploy_yaml(4, "nginx:1.21"));
    run(&mut c);
    let d0 = match c.api().get(Kind::Deployment, "default", "nginx") {
        Ok(Object::Deployment(d)) => d.clone(),
        _ => panic!("deployment"),
    };
    assert_eq!(d0.status.available_replicas, 4);
    let p = r#"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.22"}]"#;
    c.api_mut()
        .patch(
            Kind::Deployment,
            "default",
            "nginx",
            stslab::sim::api::PatchType::Json,
            p,
            &Default::default(),
        )
        .expect("patch");
    c.settle();
    // 25% of 4: surge 1, unavailable 1 → never more than 5 pods, never fewer than 3 available.
    for _ in 0..200 {
        let live = deploy_pods(&c)
            .iter()
            .filter(|n| pod(&c, n).is_some_and(|p| p.metadata.deletion_timestamp.is_none()))
            .count();
        assert!(live <= 5, "surge exceeded: {live}");
        if !c.step() {
            break;
        }
    }
    run(&mut c);
    let rs = replica_sets(&c);
    assert_eq!(rs.len(), 2);
    let new = rs
        .iter()
        .find(|r| r.spec.template.spec.containers[0].image == "nginx:1.22")
        .expect("new rs");
    assert_eq!(new.spec.replicas, Some(4));
    assert_eq!(
        new.metadata.annotations["deployment.kubernetes.io/revision"],
        "2"
    );
    let old = rs
        .iter()
        .find(|r| r.metadata.name != new.metadata.name)
        .expect("old rs");
    assert_eq!(old.spec.replicas, Some(0));
    let events: Vec<String> = c
        .api()
        .events()
        .filter(|e| e.involved_object.kind == "Deployment")
        .map(|e| e.message.clone())
        .collect();
    assert!(
        events.iter().any(|m| m.starts_with(&format!(
            "Scaled up replica set {} from 0 to 1",
            new.metadata.name
        ))),
        "{events:?}"
    );
    let d = match c.api().get(Kind::Deployment, "default", "nginx") {
        Ok(Object::Deployment(d)) => d.clone(),
        _ => panic!("deployment"),
    };
    assert_eq!(
        (d.status.updated_replicas, d.status.available_replicas),
        (4, 4)
    );
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "2"
    );
    let prog = d
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Progressing")
        .expect("Progressing");
    assert_eq!(prog.reason, "NewReplicaSetAvailable");
}
