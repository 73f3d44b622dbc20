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

fn parse_one(text: &str) -> Object {
    Object::from_value(parse_documents(text).unwrap()[0].0.clone()).unwrap()
}

/// A ConfigMap `owner`: no workload controller manages ConfigMaps, so only the garbage
/// collector acts on its dependents.
fn owner(c: &mut Cluster) -> String {
    let o = c
        .api_mut()
        .create(
            parse_one("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n"),
            &w(),
        )
        .unwrap();
    o.meta().uid.clone()
}

/// A dependent of `owner`: a Pod (optionally bound to a node) or a ConfigMap.
fn dependent(kind: &str, name: &str, uid: &str, node: &str) -> Object {
    let refs = format!(
        "  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: owner\n    uid: {uid}\n    blockOwnerDeletion: true\n"
    );
    let text = if kind == "Pod" {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{role: dependent}}\n{refs}spec:\n  nodeName: \"{node}\"\n  containers:\n  - name: nginx\n    image: registry.k8s.io/nginx-slim:0.21\n"
        )
    } else {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n{refs}")
    };
    parse_one(&text)
}

fn exists(c: &Cluster, kind: Kind, name: &str) -> bool {
    c.api().get(kind, "default", name).is_ok()
}

#[test]
fn scheduled_pods_terminate_gracefully_unscheduled_go_at_once() {
    let mut c = Cluster::new(1);
    let uid = owner(&mut c);
    c.advance(5_000);
    let p = dependent("Pod", "web-0", &uid, "kind-worker");
    c.api_mut().create(p, &w()).unwrap();
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

    let p = dependent("Pod", "web-1", &uid, "");
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
    let mut c = Cluster::new(2);
    let uid = owner(&mut c);
    for n in ["dep-0", "dep-1"] {
        c.api_mut()
            .create(dependent("ConfigMap", n, &uid, ""), &w())
            .unwrap();
    }
    c.api_mut()
        .delete(
            Kind::ConfigMap,
            "default",
            "owner",
            &DeleteOptions::default(),
        )
        .unwrap();
    assert!(!exists(&c, Kind::ConfigMap, "owner"));
    assert!(
        exists(&c, Kind::ConfigMap, "dep-0"),
        "dependents go asynchronously, in the GC"
    );
    c.settle();
    assert!(!exists(&c, Kind::ConfigMap, "dep-0") && !exists(&c, Kind::ConfigMap, "dep-1"));
}

#[test]
fn foreground_cascade_waits_for_dependents() {
    let mut c = Cluster::new(2);
    let uid = owner(&mut c);
    c.api_mut()
        .create(dependent("Pod", "dep-0", &uid, "kind-worker"), &w())
        .unwrap();
    c.api_mut()
        .create(dependent("ConfigMap", "dep-1", &uid, ""), &w())
        .unwrap();
    let opts = DeleteOptions {
        propagation: Some(Propagation::Foreground),
        ..Default::default()
    };
    let o = c
        .api_mut()
        .delete(Kind::ConfigMap, "default", "owner", &opts)
        .unwrap();
    assert!(o
        .meta()
        .finalizers
        .contains(&"foregroundDeletion".to_string()));
    assert!(o.meta().deletion_timestamp.is_some());
    c.settle();
    assert!(!exists(&c, Kind::ConfigMap, "dep-1"));
    // The owner stays exactly as long as its blocking dependent pod exists (terminating).
    if let Ok(pod) = c.api().get(Kind::Pod, "default", "dep-0") {
        assert!(pod.meta().deletion_timestamp.is_some());
        assert!(exists(&c, Kind::ConfigMap, "owner"));
        let kill = DeleteOptions {
            grace_period_seconds: Some(0),
            ..Default::default()
        };
        c.api_mut()
            .delete(Kind::Pod, "default", "dep-0", &kill)
            .unwrap();
        c.settle();
    }
    assert!(!exists(&c, Kind::ConfigMap, "owner"));
}

#[test]
fn orphan_cascade_strips_owner_references() {
    let mut c = Cluster::new(2);
    let uid = owner(&mut c);
    c.api_mut()
        .create(dependent("ConfigMap", "dep-0", &uid, ""), &w())
        .unwrap();
    let opts = DeleteOptions {
        propagation: Some(Propagation::Orphan),
        ..Default::default()
    };
    c.api_mut()
        .delete(Kind::ConfigMap, "default", "owner", &opts)
        .unwrap();
    c.settle();
    assert!(!exists(&c, Kind::ConfigMap, "owner"));
    let dep = c.api().get(Kind::ConfigMap, "default", "dep-0").unwrap();
    assert!(dep.meta().owner_references.is_empty());
    assert!(dep.meta().deletion_timestamp.is_none());
}

#[test]
fn events_aggregate_by_object_reason_and_message() {
    let mut c = Cluster::new(2);
    owner(&mut c);
    let sts = c
        .api()
        .get(Kind::ConfigMap, "default", "owner")
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
    let evs: Vec<&Event> = c
        .api()
        .events()
        .filter(|e| e.involved_object.name == "owner")
        .collect();
    assert_eq!(
        evs.len(),
        2,
        "{:?}",
        c.api().events().map(|e| &e.message).collect::<Vec<_>>()
    );
    let e = evs.iter().find(|e| e.message == msg).unwrap();
    assert_eq!(
        (e.count, e.first_timestamp, e.last_timestamp),
        (2, Some(0), Some(4_000))
    );
    assert_eq!(e.involved_object.kind, "ConfigMap");
    assert_eq!(e.source.component, "statefulset-controller");
    assert!(e.metadata.name.starts_with("owner."));
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

#[test]
fn namespaces_terminate_after_their_contents() {
    let mut c = Cluster::new(1);
    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n";
    c.api_mut()
        .create(
            Object::from_value(parse_documents(ns).unwrap()[0].0.clone()).unwrap(),
            &w(),
        )
        .unwrap();
    let cm =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: demo\ndata: {a: b}\n";
    let cm = Object::from_value(parse_documents(cm).unwrap()[0].0.clone()).unwrap();
    c.api_mut().create(cm.clone(), &w()).unwrap();
    let o = c
        .api_mut()
        .delete(Kind::Namespace, "", "demo", &DeleteOptions::default())
        .unwrap();
    assert_eq!(o.to_value()["status"]["phase"], "Terminating");
    let e = c.api_mut().create(cm.clone(), &w()).unwrap_err();
    assert_eq!(e.message, "configmaps \"x\" is forbidden: unable to create new content in namespace demo because it is being terminated");
    c.settle();
    assert!(c.api().get(Kind::Namespace, "", "demo").is_err());
    assert!(c.api().get(Kind::ConfigMap, "demo", "x").is_err());
    let e = c
        .api_mut()
        .delete(Kind::Namespace, "", "default", &DeleteOptions::default())
        .unwrap_err();
    assert_eq!(
        e.message,
        "namespaces \"default\" is forbidden: this namespace may not be deleted"
    );
}

/// Writes `n` distinct updates to ConfigMap `churn` without running controllers.
fn churn(c: &mut Cluster, n: usize) {
    if c.api().get(Kind::ConfigMap, "default", "churn").is_err() {
        c.api_mut()
            .create(
                parse_one("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: churn\n"),
                &w(),
            )
            .unwrap();
    }
    for i in 0..n {
        c.api_mut()
            .patch(
                Kind::ConfigMap,
                "default",
                "churn",
                PatchType::Merge,
                &format!(r#"{{"data":{{"i":"{i}"}}}}"#),
                &w(),
            )
            .unwrap();
    }
}

#[test]
fn watch_log_is_compacted_and_old_cursors_get_410_gone() {
    let mut c = Cluster::new(31);
    churn(&mut c, 3 * WATCH_WINDOW);
    let api = c.api();
    assert!(api.watch_log().len() <= 2 * WATCH_WINDOW, "bounded");
    assert!(api.watch_log().len() >= WATCH_WINDOW, "a window is kept");
    let compacted = api.compacted_seq();
    assert!(compacted > 0);
    assert_eq!(
        api.watch_log()[0].seq,
        compacted + 1,
        "contiguous after compaction"
    );
    let e = api
        .watch_from(0)
        .expect_err("history before the window is gone");
    assert_eq!((e.code, e.reason), (410, StatusReason::Expired));
    assert_eq!(
        e.message,
        format!("too old resource version: 0 ({compacted})")
    );
    let last = api.last_seq();
    assert_eq!(api.watch_from(last - 5).map(|s| s.len()), Ok(5));
    assert_eq!(
        api.watch_from(compacted).map(|s| s.len()).ok(),
        Some(api.watch_log().len())
    );
}

#[test]
fn controllers_relist_after_falling_behind_the_compacted_history() {
    let mut c = Cluster::new(32);
    for (v, _) in parse_documents(WEB_YAML).unwrap() {
        c.api_mut()
            .create(Object::from_value(v).unwrap(), &w())
            .unwrap();
    }
    c.settle();
    assert!(c.run_until_idle(600_000));
    // A replicas change the controllers have not seen, buried under a burst of writes larger
    // than the retained window: their cursors are now older than the compaction point.
    let before = c.api().last_seq();
    c.api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Merge,
            r#"{"spec":{"replicas":1}}"#,
            &w(),
        )
        .unwrap();
    churn(&mut c, 3 * WATCH_WINDOW);
    assert!(c.api().watch_from(before).is_err());
    c.settle();
    assert!(c.run_until_idle(600_000));
    let pods: Vec<String> = c
        .api()
        .list(Kind::Pod, Some("default"))
        .iter()
        .map(|o| o.meta().name.clone())
        .collect();
    assert_eq!(pods, ["web-0"], "the relisted controller scaled down");
}
