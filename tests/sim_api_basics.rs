//! Basics a learner relies on: the default cluster shape, creating the tutorial's web.yaml,
//! admission defaults (ref §3.7) and strict decoding.

use stslab::sim::manifest::parse_documents;
use stslab::sim::*;

const WEB_YAML: &str = include_str!("data/web.yaml");

fn create_all(c: &mut Cluster, text: &str) -> Vec<Result<Object, String>> {
    let docs = parse_documents(text).expect("manifest parses");
    docs.into_iter()
        .map(|(v, _)| {
            let obj = Object::from_value(v).map_err(|e| e.to_string())?;
            let r = c
                .api_mut()
                .create(obj, &WriteOptions::default())
                .map_err(|e| e.message);
            c.settle();
            r
        })
        .collect()
}

#[test]
fn default_cluster_is_kind_like() {
    let c = Cluster::new(1);
    let nodes: Vec<&str> = c
        .api()
        .list(Kind::Node, None)
        .iter()
        .map(|o| o.name())
        .collect();
    assert_eq!(
        nodes,
        [
            "kind-control-plane",
            "kind-worker",
            "kind-worker2",
            "kind-worker3"
        ]
    );
    let Object::Node(cp) = c.api().get(Kind::Node, "", "kind-control-plane").unwrap() else {
        panic!()
    };
    assert_eq!(
        cp.spec.taints[0].key,
        "node-role.kubernetes.io/control-plane"
    );
    assert_eq!(cp.spec.taints[0].effect, "NoSchedule");
    let Object::Node(w2) = c.api().get(Kind::Node, "", "kind-worker2").unwrap() else {
        panic!()
    };
    assert_eq!(w2.spec.pod_cidr, "10.244.2.0/24");
    let Object::StorageClass(sc) = c.api().get(Kind::StorageClass, "", "standard").unwrap() else {
        panic!()
    };
    assert_eq!(
        sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"],
        "true"
    );
    assert_eq!(
        sc.volume_binding_mode.as_deref(),
        Some("WaitForFirstConsumer")
    );
    assert_eq!(sc.provisioner, "rancher.io/local-path");
    let Object::Service(dns) = c
        .api()
        .get(Kind::Service, "kube-system", "kube-dns")
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(dns.spec.cluster_ip, "10.96.0.10");
    let nss: Vec<&str> = c
        .api()
        .list(Kind::Namespace, None)
        .iter()
        .map(|o| o.name())
        .collect();
    assert_eq!(
        nss,
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    assert!(!c.feature_gates().max_unavailable_stateful_set);
}

#[test]
fn web_yaml_is_created_and_defaulted_like_section_3_7() {
    let mut c = Cluster::new(7);
    let res = create_all(&mut c, WEB_YAML);
    assert!(res.iter().all(|r| r.is_ok()), "{res:?}");
    let sts = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .to_value();
    let spec = &sts["spec"];
    assert_eq!(spec["podManagementPolicy"], "OrderedReady");
    assert_eq!(spec["revisionHistoryLimit"], 10);
    assert_eq!(
        spec["persistentVolumeClaimRetentionPolicy"]["whenDeleted"],
        "Retain"
    );
    assert_eq!(
        spec["updateStrategy"],
        serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
    let ctr = &spec["template"]["spec"]["containers"][0];
    assert_eq!(ctr["imagePullPolicy"], "IfNotPresent");
    assert_eq!(ctr["terminationMessagePath"], "/dev/termination-log");
    assert_eq!(ctr["terminationMessagePolicy"], "File");
    assert_eq!(ctr["resources"], serde_json::json!({}));
    assert_eq!(ctr["ports"][0]["protocol"], "TCP");
    let pod = &spec["template"]["spec"];
    assert_eq!(pod["dnsPolicy"], "ClusterFirst");
    assert_eq!(pod["restartPolicy"], "Always");
    assert_eq!(pod["schedulerName"], "default-scheduler");
    assert_eq!(pod["securityContext"], serde_json::json!({}));
    assert_eq!(pod["terminationGracePeriodSeconds"], 30);
    let vct = &spec["volumeClaimTemplates"][0];
    assert_eq!(vct["apiVersion"], "v1");
    assert_eq!(vct["kind"], "PersistentVolumeClaim");
    assert_eq!(vct["spec"]["volumeMode"], "Filesystem");
    assert_eq!(vct["status"]["phase"], "Pending");
    assert!(vct["metadata"].get("creationTimestamp").is_none());
    assert_eq!(sts["metadata"]["generation"], 1);
    assert_eq!(sts["metadata"]["creationTimestamp"], EPOCH_RFC3339);
    let Object::Service(svc) = c.api().get(Kind::Service, "default", "nginx").unwrap() else {
        panic!()
    };
    assert!(svc.is_headless());
}

#[test]
fn unknown_fields_are_rejected_with_their_paths() {
    let text = WEB_YAML
        .replace(
            "  serviceName: \"nginx\"",
            "  serviceName: \"nginx\"\n  foo: 1",
        )
        .replace(
            "      - name: nginx\n",
            "      - name: nginx\n        imagee: x\n",
        );
    let docs = parse_documents(&text).unwrap();
    let err = Object::from_value(docs[1].0.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].imagee\""
    );
}

#[test]
fn wrong_types_name_the_field() {
    let text = WEB_YAML.replace("replicas: 2", "replicas: two");
    let docs = parse_documents(&text).unwrap();
    let err = Object::from_value(docs[1].0.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"
    );
}
