//! Deletion, finalizers, garbage collection, events, patches and determinism of the API server.

use stslab::sim::manifest::parse_documents;
use stslab::sim::*;

const WEB_YAML: &str = include_str!("data/web.yaml");

fn w() -> WriteOptions {
    WriteOptions::default()
}

fn web_cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(seed);
    // These tests hand-craft the pods `web` owns; the StatefulSet controller would create its own.
    c.unregister("statefulset-controller");
    for (v, _) in parse_documents(WEB_YAML).unwrap() {
        c.api_mut()
            .create(Object::from_value(v).unwrap(), &w())
            .unwrap();
    }
    c.settle();
    c
}

/// A pod owned by the `web` StatefulSet, optionally already bound to a node.
fn owned_pod(c: &Cluster, name: &str, node: &str) -> Object {
    let sts = c.api().get(Kind::StatefulSet, "default", "web").unwrap();
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: nginx}}\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n    uid: {}\n    controller: true\n    blockOwnerDeletion: true\nspec:\n  nodeName: \"{node}\"\n  containers:\n  - name: nginx\n    image: registry.k8s.io/nginx-slim:0.21\n",
        sts.meta().uid
    );
    Object::from_value(parse_documents(&text).unwrap()[0].0.clone()).unwrap()
}

fn exists(c: &Cluster, kind: Kind, name: &str) -> bool {
    c.api().get(kind, "default", name).is_ok()
}

#[test]
fn scheduled_pods_terminate_gracefully_unscheduled_go_at_once() {
    let mut c = web_cluster(1);
    let p = owned_pod(&c, "web-0", "kind-worker");
    c.api_mut().create(p, &w()).unwrap();
    c.advance(5_000);
    let o = c
        .api_mut()
        .delete(Kind::Pod, "default", "web-0", &DeleteOptions::default())
        .unwrap();
    assert_eq!(o.meta().deletion_timestamp, Some(35_000));
    assert_eq!(o.meta().deletion_grace_period_seconds, Some(30));
    assert!(exists(&c, Kind::Pod, "web-0"));
    // The kubelet's final delete (grace 0) removes it.
    let opts = DeleteOptions {
        grace_period_seconds: Some(0),
        ..Default::default()
    };
    c.api_mut()
        .delete(Kind::Pod, "default", "web-0", &opts)
        .unwrap();
    assert!(!exists(&c, Kind::Pod, "web-0"));
    let last = c.api().watch_log().last().unwrap();
    assert_eq!(
        (last.kind, last.object.name()),
        (WatchEventType::Deleted, "web-0")
    );

    let p = owned_pod(&c, "web-1", "");
    c.api_mut().create(p, &w()).unwrap();
    c.api_mut()
        .delete(Kind::Pod, "default", "web-1", &DeleteOptions::default())
        .unwrap();
    assert!(!exists(&c, Kind::Pod, "web-1"));
}

#[test]
fn pvc_protection_finalizer_holds_the_claim_until_removed() {
    let mut c = Cluster::new(1);
    let text = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: www-web-0\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n";
    let pvc = Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap();
    let created = c.api_mut().create(pvc, &w()).unwrap();
    assert_eq!(created.meta().finalizers, ["kubernetes.io/pvc-protection"]);
    assert_eq!(created.to_value()["status"]["phase"], "Pending");
    c.api_mut()
        .delete(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
            &DeleteOptions::default(),
        )
        .unwrap();
    let mut o = c
        .api()
        .get(Kind::PersistentVolumeClaim, "default", "www-web-0")
        .unwrap()
        .clone();
    assert!(o.meta().deletion_timestamp.is_some());
    // Adding finalizers to a terminating object is ignored; removing the last one deletes it.
    o.meta_mut().finalizers = vec![];
    c.api_mut().update(o, &w()).unwrap();
    assert!(c
        .api()
        .get(Kind::PersistentVolumeClaim, "default", "www-web-0")
        .is_err());
}

#[test]
fn pvc_shrink_is_forbidden() {
    let mut c = Cluster::new(1);
    let text = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: www-web-0\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n";
    let pvc = Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap();
    c.api_mut().create(pvc, &w()).unwrap();
    let e = c
        .api_mut()
        .patch(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
            PatchType::Strategic,
            r#"{"spec":{"resources":{"requests":{"storage":"500Mi"}}}}"#,
            &w(),
        )
        .unwrap_err();
    assert_eq!(
        e.kubectl_invalid_text().unwrap(),
        "The PersistentVolumeClaim \"www-web-0\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"
    );
}

#[test]
fn background_cascade_deletes_dependents() {
    let mut c = web_cluster(2);
    for n in ["web-0", "web-1"] {
        let p = owned_pod(&c, n, "");
        c.api_mut().create(p, &w()).unwrap();
    }
    c.api_mut()
        .delete(
            Kind::StatefulSet,
            "default",
            "web",
            &DeleteOptions::default(),
        )
        .unwrap();
    assert!(!exists(&c, Kind::StatefulSet, "web"));
    assert!(
        exists(&c, Kind::Pod, "web-0"),
        "dependents go asynchronously, in the GC"
    );
    c.settle();
    assert!(!exists(&c, Kind::Pod, "web-0") && !exists(&c, Kind::Pod, "web-1"));
}

#[test]
fn foreground_cascade_waits_for_dependents() {
    let mut c = web_cluster(2);
    let p = owned_pod(&c, "web-0", "kind-worker");
    c.api_mut().create(p, &w()).unwrap();
    let opts = DeleteOptions {
        propagation: Some(Propagation::Foreground),
        ..Default::default()
    };
    let o = c
        .api_mut()
        .delete(Kind::StatefulSet, "default", "web", &opts)
        .unwrap();
    assert!(o
        .meta()
        .finalizers
        .contains(&"foregroundDeletion".to_string()));
    c.settle();
    // The pod is terminating (graceful), so the owner stays.
    let pod = c.api().get(Kind::Pod, "default", "web-0").unwrap();
    assert!(pod.meta().deletion_timestamp.is_some());
    assert!(exists(&c, Kind::StatefulSet, "web"));
    let kill = DeleteOptions {
        grace_period_seconds: Some(0),
        ..Default::default()
    };
    c.api_mut()
        .delete(Kind::Pod, "default", "web-0", &kill)
        .unwrap();
    c.settle();
    assert!(!exists(&c, Kind::StatefulSet, "web"));
}

#[test]
fn orphan_cascade_strips_owner_references() {
    let mut c = web_cluster(2);
    let p = owned_pod(&c, "web-0", "kind-worker");
    c.api_mut().create(p, &w()).unwrap();
    let opts = DeleteOptions {
        propagation: Some(Propagation::Orphan),
        ..Default::default()
    };
    c.api_mut()
        .delete(Kind::StatefulSet, "default", "web", &opts)
        .unwrap();
    c.settle();
    assert!(!exists(&c, Kind::StatefulSet, "web"));
    let pod = c.api().get(Kind::Pod, "default", "web-0").unwrap();
    assert!(pod.meta().owner_references.is_empty());
    assert!(pod.meta().deletion_timestamp.is_none());
}

#[test]
fn events_aggregate_by_object_reason_and_message() {
    let mut c = web_cluster(2);
    let sts = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone();
    let msg = "create Pod web-0 in StatefulSet web successful";
    c.api_mut().record_event(
        &sts,
        "Normal",
        "SuccessfulCreate",
        msg,
        "statefulset-controller",
        None,
    );
    c.advance(4_000);
    c.api_mut().record_event(
        &sts,
        "Normal",
        "SuccessfulCreate",
        msg,
        "statefulset-controller",
        None,
    );
    c.api_mut().record_event(
        &sts,
        "Normal",
        "SuccessfulCreate",
        "other",
        "statefulset-controller",
        None,
    );
    let evs: Vec<&Event> = c.api().events().collect();
    assert_eq!(evs.len(), 2);
    let e = evs.iter().find(|e| e.message == msg).unwrap();
    assert_eq!(
        (e.count, e.first_timestamp, e.last_timestamp),
        (2, Some(0), Some(4_000))
    );
    assert_eq!(e.involved_object.kind, "StatefulSet");
    assert_eq!(e.source.component, "statefulset-controller");
    assert!(e.metadata.name.starts_with("web."));
}

#[test]
fn patch_types() {
    let mut c = web_cluster(4);
    let patch = |c: &mut Cluster, pt, p: &str| {
        c.api_mut()
            .patch(Kind::StatefulSet, "default", "web", pt, p, &w())
            .unwrap()
            .to_value()
    };
    // The guide's partition patch.
    let v = patch(
        &mut c,
        PatchType::Strategic,
        r#"{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}"#,
    );
    assert_eq!(v["spec"]["updateStrategy"]["rollingUpdate"]["partition"], 3);
    // The guide's JSON patch of the image.
    let v = patch(
        &mut c,
        PatchType::Json,
        r#"[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]"#,
    );
    assert_eq!(
        v["spec"]["template"]["spec"]["containers"][0]["image"],
        "registry.k8s.io/nginx-slim:0.24"
    );
    // Strategic merge: containers merge by name, env by name, ports by containerPort.
    let v = patch(
        &mut c,
        PatchType::Strategic,
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"A","value":"1"}],"ports":[{"containerPort":8080,"name":"alt"}]}]}}}}"#,
    );
    let ctr = &v["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(ctr["image"], "registry.k8s.io/nginx-slim:0.24");
    assert_eq!(ctr["env"][0]["value"], "1");
    assert_eq!(ctr["ports"].as_array().unwrap().len(), 2);
    assert_eq!(ctr["volumeMounts"][0]["mountPath"], "/usr/share/nginx/html");
    // `$patch: delete` removes a list element by merge key.
    let v = patch(
        &mut c,
        PatchType::Strategic,
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","ports":[{"containerPort":8080,"$patch":"delete"}]}]}}}}"#,
    );
    assert_eq!(
        v["spec"]["template"]["spec"]["containers"][0]["ports"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // JSON merge patch replaces lists wholesale.
    let v = patch(
        &mut c,
        PatchType::Merge,
        r#"{"metadata":{"labels":{"tier":"web"}},"spec":{"template":{"metadata":{"annotations":{"a":"b"}}}}}"#,
    );
    assert_eq!(v["metadata"]["labels"]["tier"], "web");
    // A JSON patch on a missing path fails with a BadRequest.
    let e = c
        .api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Json,
            r#"[{"op":"replace","path":"/spec/nope/x","value":1}]"#,
            &w(),
        )
        .unwrap_err();
    assert_eq!(e.reason, StatusReason::BadRequest);
    // A no-op patch keeps the resourceVersion (kubectl prints "patched (no change)").
    let before = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .meta()
        .resource_version
        .clone();
    let v = patch(
        &mut c,
        PatchType::Merge,
        r#"{"metadata":{"labels":{"tier":"web"}}}"#,
    );
    assert_eq!(v["metadata"]["resourceVersion"], before.as_str());
}

#[test]
fn service_cluster_ip_is_immutable() {
    let mut c = Cluster::new(5);
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n  selector: {app: nginx}\n";
    let svc = c
        .api_mut()
        .create(
            Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap(),
            &w(),
        )
        .unwrap();
    let Object::Service(s) = &svc else { panic!() };
    assert!(
        s.spec.cluster_ip.starts_with("10.9")
            || s.spec.cluster_ip.starts_with("10.10")
            || s.spec.cluster_ip.starts_with("10.11")
    );
    let e = c
        .api_mut()
        .patch(
            Kind::Service,
            "default",
            "nginx",
            PatchType::Merge,
            r#"{"spec":{"clusterIP":"None","clusterIPs":["None"]}}"#,
            &w(),
        )
        .unwrap_err();
    assert_eq!(
        e.kubectl_invalid_text().unwrap(),
        "The Service \"nginx\" is invalid: spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set"
    );
}

#[test]
fn uids_and_cluster_ips_are_deterministic_per_seed() {
    let ids = |seed: u64| {
        let c = web_cluster(seed);
        let sts = c
            .api()
            .get(Kind::StatefulSet, "default", "web")
            .unwrap()
            .meta()
            .uid
            .clone();
        let Object::Service(k) = c.api().get(Kind::Service, "default", "kubernetes").unwrap()
        else {
            panic!()
        };
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  ports:\n  - port: 80\n";
        let mut c = c.clone();
        let o = c
            .api_mut()
            .create(
                Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap(),
                &w(),
            )
            .unwrap();
        let Object::Service(s) = o else { panic!() };
        (sts, k.spec.cluster_ip.clone(), s.spec.cluster_ip)
    };
    assert_eq!(ids(11), ids(11));
    assert_ne!(ids(11).0, ids(12).0);
    assert_ne!(ids(11).2, ids(12).2);
    assert_eq!(ids(11).1, "10.96.0.1");
}

#[test]
fn creating_in_a_missing_namespace_fails() {
    let mut c = Cluster::new(1);
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: nope\n";
    let e = c
        .api_mut()
        .create(
            Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap(),
            &w(),
        )
        .unwrap_err();
    assert_eq!(e.message, "namespaces \"nope\" not found");
}
