//! StatefulSet validation rules (ref §3.3, §3.4 with errata §4–§6) with the exact text a
//! learner sees from kubectl on a v1.35.7 cluster.

use stslab::sim::manifest::parse_documents;
use stslab::sim::*;

const WEB_YAML: &str = include_str!("data/web.yaml");

/// The StatefulSet document of web.yaml, edited by `f`.
fn sts_with(f: impl FnOnce(&mut serde_json::Value)) -> Object {
    let mut v = parse_documents(WEB_YAML).unwrap()[1].0.clone();
    f(&mut v);
    Object::from_value(v).unwrap()
}

fn create_err(obj: Object) -> String {
    let mut c = Cluster::new(3);
    let e = c
        .api_mut()
        .create(obj, &WriteOptions::default())
        .unwrap_err();
    e.kubectl_invalid_text().unwrap_or(e.message)
}

fn web_cluster() -> Cluster {
    let mut c = Cluster::new(3);
    for (v, _) in parse_documents(WEB_YAML).unwrap() {
        c.api_mut()
            .create(Object::from_value(v).unwrap(), &WriteOptions::default())
            .unwrap();
    }
    c.settle();
    c
}

fn patch_err(c: &mut Cluster, pt: PatchType, p: &str) -> String {
    let e = c
        .api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            pt,
            p,
            &WriteOptions::default(),
        )
        .unwrap_err();
    e.kubectl_invalid_text().unwrap_or(e.message)
}

const PREFIX: &str = "The StatefulSet \"web\" is invalid: ";

#[test]
fn selector_mismatch_renders_labels_as_json() {
    let obj = sts_with(|v| v["spec"]["selector"]["matchLabels"]["app"] = "other".into());
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.template.metadata.labels: Invalid value: {{\"app\":\"nginx\"}}: `selector` does not match template `labels`")
    );
}

#[test]
fn missing_selector_gives_two_causes_in_multiline_form() {
    let obj = sts_with(|v| {
        v["spec"].as_object_mut().unwrap().remove("selector");
    });
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}\n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {{\"app\":\"nginx\"}}: `selector` does not match template `labels`")
    );
}

#[test]
fn empty_selector_is_invalid() {
    let obj = sts_with(|v| v["spec"]["selector"] = serde_json::json!({}));
    assert_eq!(
        create_err(obj),
        format!(
            "{PREFIX}spec.selector: Invalid value: {{}}: empty selector is invalid for statefulset"
        )
    );
}

#[test]
fn name_rules() {
    let obj = sts_with(|v| v["metadata"]["name"] = "Web".into());
    let e = {
        let mut c = Cluster::new(3);
        c.api_mut()
            .create(obj, &WriteOptions::default())
            .unwrap_err()
    };
    assert_eq!(
        e.kubectl_invalid_text().unwrap(),
        "The StatefulSet \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    let obj = sts_with(|v| v["metadata"]["name"] = "".into());
    let mut c = Cluster::new(3);
    let e = c
        .api_mut()
        .create(obj, &WriteOptions::default())
        .unwrap_err();
    assert!(
        e.message
            .ends_with("metadata.name: Required value: name or generateName is required"),
        "{}",
        e.message
    );
}

#[test]
fn numeric_rules() {
    let cases: [(&str, &str, serde_json::Value, &str); 4] = [
        ("replicas", "spec.replicas", (-1).into(), "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        ("minReadySeconds", "", (-1).into(), "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"),
        ("ordinals", "", serde_json::json!({"start": -1}), "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"),
        (
            "updateStrategy",
            "",
            serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"partition": -1}}),
            "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
        ),
    ];
    for (field, _, value, want) in cases {
        let obj = sts_with(|v| v["spec"][field] = value.clone());
        assert_eq!(create_err(obj), format!("{PREFIX}{want}"), "{field}");
    }
}

#[test]
fn policy_and_strategy_rules() {
    let obj = sts_with(|v| v["spec"]["podManagementPolicy"] = "Foo".into());
    assert_eq!(create_err(obj), format!("{PREFIX}spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'"));
    let obj = sts_with(|v| v["spec"]["updateStrategy"] = serde_json::json!({"type": "Foo"}));
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.updateStrategy: Invalid value: {{\"Type\":\"Foo\",\"RollingUpdate\":null}}: must be 'RollingUpdate' or 'OnDelete'")
    );
    let obj = sts_with(|v| {
        v["spec"]["updateStrategy"] =
            serde_json::json!({"type": "OnDelete", "rollingUpdate": {"partition": 2}})
    });
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.updateStrategy.rollingUpdate: Invalid value: {{\"Partition\":2,\"MaxUnavailable\":null}}: only allowed for updateStrategy 'RollingUpdate'")
    );
    let obj = sts_with(|v| {
        v["spec"]["persistentVolumeClaimRetentionPolicy"] =
            serde_json::json!({"whenDeleted": "Foo"})
    });
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Foo\": supported values: \"Retain\", \"Delete\"")
    );
}

#[test]
fn template_rules() {
    let obj = sts_with(|v| v["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure".into());
    assert_eq!(create_err(obj), format!("{PREFIX}spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""));
    let obj = sts_with(|v| v["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 5.into());
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported")
    );
    let obj = sts_with(|v| {
        v["spec"]["template"]["metadata"]["labels"]["tier"] = "bad value!".into();
    });
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.template.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
    );
    let obj = sts_with(|v| v["spec"]["serviceName"] = "Nginx".into());
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.serviceName: Invalid value: \"Nginx\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
    );
    let obj = sts_with(|v| v["spec"]["template"]["spec"]["containers"][0]["image"] = "".into());
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}spec.template.spec.containers[0].image: Required value")
    );
    let obj = sts_with(|v| {
        v["spec"]["selector"]["matchExpressions"] =
            serde_json::json!([{"key": "app", "operator": "Foo", "values": ["nginx"]}])
    });
    // The selector cannot be converted either, so upstream adds a detail-less Invalid on it
    // and skips the template checks (no labels-mismatch cause).
    assert_eq!(
        create_err(obj),
        format!("{PREFIX}\n* spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator\n* spec.selector: Invalid value: {{\"matchLabels\":{{\"app\":\"nginx\"}},\"matchExpressions\":[{{\"key\":\"app\",\"operator\":\"Foo\",\"values\":[\"nginx\"]}}]}}")
    );
}

#[test]
fn max_unavailable_is_dropped_on_create_with_the_gate_off() {
    let mut c = Cluster::new(3);
    let obj = sts_with(|v| {
        v["spec"]["updateStrategy"] = serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "150%"}})
    });
    let stored = c.api_mut().create(obj, &WriteOptions::default()).unwrap();
    assert_eq!(
        stored.to_value()["spec"]["updateStrategy"],
        serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
}

#[test]
fn max_unavailable_rules_with_the_gate_on() {
    let cfg = ClusterConfig {
        feature_gates: FeatureGates {
            max_unavailable_stateful_set: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let cases = [
        (serde_json::json!(0), "{PREFIX}spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0".to_string()),
        (serde_json::json!("150%"), "{PREFIX}spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%".to_string()),
        (
            serde_json::json!("x"),
            "{PREFIX}\n* spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')\n* spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"x\": cannot be 0".to_string(),
        ),
    ];
    for (mu, want) in cases {
        let mut c = Cluster::with_config(3, cfg.clone()).unwrap();
        let obj = sts_with(|v| {
            v["spec"]["updateStrategy"] = serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": mu}})
        });
        let e = c
            .api_mut()
            .create(obj, &WriteOptions::default())
            .unwrap_err();
        assert_eq!(
            e.kubectl_invalid_text().unwrap(),
            want.replace("{PREFIX}", PREFIX)
        );
    }
    // Defaulted to 1 with the gate on (1.35.0–1.35.3 behaviour).
    let mut c = Cluster::with_config(3, cfg).unwrap();
    let stored = c
        .api_mut()
        .create(sts_with(|_| {}), &WriteOptions::default())
        .unwrap();
    assert_eq!(
        stored.to_value()["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"],
        1
    );
}

#[test]
fn immutable_fields_give_the_v1_35_forbidden_text() {
    let mut c = web_cluster();
    for p in [
        r#"{"spec":{"podManagementPolicy":"Parallel"}}"#,
        r#"{"spec":{"serviceName":"nginx-svc"}}"#,
        r#"{"spec":{"selector":{"matchLabels":{"app":"nginx","x":"y"}},"template":{"metadata":{"labels":{"x":"y"}}}}}"#,
        r#"{"spec":{"volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}"#,
    ] {
        assert_eq!(
            patch_err(&mut c, PatchType::Strategic, p),
            format!("{PREFIX}spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
            "{p}"
        );
    }
    // Mutable fields pass, and a spec change bumps generation.
    let o = c
        .api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Strategic,
            r#"{"spec":{"revisionHistoryLimit":3,"minReadySeconds":2,"replicas":5}}"#,
            &WriteOptions::default(),
        )
        .unwrap();
    assert_eq!(o.meta().generation, 2);
}

#[test]
fn on_delete_patch_keeps_rolling_update_and_is_rejected() {
    let mut c = web_cluster();
    assert_eq!(
        patch_err(&mut c, PatchType::Strategic, r#"{"spec":{"updateStrategy":{"type":"OnDelete"}}}"#),
        format!("{PREFIX}spec.updateStrategy.rollingUpdate: Invalid value: {{\"Partition\":0,\"MaxUnavailable\":null}}: only allowed for updateStrategy 'RollingUpdate'")
    );
    let o = c
        .api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Strategic,
            r#"{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}"#,
            &WriteOptions::default(),
        )
        .unwrap();
    assert_eq!(
        o.to_value()["spec"]["updateStrategy"],
        serde_json::json!({"type": "OnDelete"})
    );
}

#[test]
fn status_subresource_keeps_spec_and_update_keeps_status() {
    let mut c = web_cluster();
    let Object::StatefulSet(mut s) = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone()
    else {
        panic!()
    };
    s.status.replicas = 2;
    s.spec.replicas = Some(9);
    let Object::StatefulSet(after) = c
        .api_mut()
        .update_status(Object::StatefulSet(s.clone()))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (
            after.status.replicas,
            after.spec.replicas,
            after.metadata.generation
        ),
        (2, Some(2), 1)
    );
    s.status.replicas = 0;
    s.metadata.resource_version.clear();
    let Object::StatefulSet(after) = c
        .api_mut()
        .update(Object::StatefulSet(s), &WriteOptions::default())
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (
            after.status.replicas,
            after.spec.replicas,
            after.metadata.generation
        ),
        (2, Some(9), 2)
    );
}

#[test]
fn stale_resource_version_conflicts() {
    let mut c = web_cluster();
    let o = c
        .api()
        .get(Kind::StatefulSet, "default", "web")
        .unwrap()
        .clone();
    c.api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Merge,
            r#"{"spec":{"replicas":3}}"#,
            &WriteOptions::default(),
        )
        .unwrap();
    let e = c.api_mut().update(o, &WriteOptions::default()).unwrap_err();
    assert_eq!(e.reason, StatusReason::Conflict);
    assert_eq!(e.message, "Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been modified; please apply your changes to the latest version and try again");
}

#[test]
fn replicas_above_the_simulator_limit_are_refused_with_our_own_label() {
    let mut c = web_cluster();
    let e = c
        .api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Merge,
            r#"{"spec":{"replicas":5000}}"#,
            &WriteOptions::default(),
        )
        .unwrap_err();
    assert!(e.message.starts_with("simulator limit: "), "{}", e.message);
    assert!(e.message.contains("at most 1000"), "{}", e.message);
}

#[test]
fn not_found_and_already_exists() {
    let mut c = web_cluster();
    let e = c
        .api()
        .get(Kind::StatefulSet, "default", "nope")
        .unwrap_err();
    assert_eq!(e.message, "statefulsets.apps \"nope\" not found");
    let e = c
        .api_mut()
        .create(sts_with(|_| {}), &WriteOptions::default())
        .unwrap_err();
    assert_eq!(e.message, "statefulsets.apps \"web\" already exists");
}

/// A Service with one port, edited by `f`.
fn svc_with(f: impl FnOnce(&mut serde_json::Value)) -> Object {
    let mut v = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": { "name": "nginx" },
        "spec": { "clusterIP": "None", "selector": { "app": "nginx" },
                  "ports": [{ "name": "web", "port": 80 }] }
    });
    f(&mut v["spec"]["ports"][0]);
    Object::from_value(v).unwrap()
}

#[test]
fn service_port_rules() {
    // validateServicePort: the protocol is one of three, in upper case.
    assert_eq!(
        create_err(svc_with(|p| p["protocol"] = "tcp".into())),
        "The Service \"nginx\" is invalid: spec.ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\""
    );
    // A named targetPort follows IsValidPortName.
    assert_eq!(
        create_err(svc_with(|p| p["targetPort"] = "http_web".into())),
        "The Service \"nginx\" is invalid: spec.ports[0].targetPort: Invalid value: \"http_web\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
    );
    assert_eq!(
        create_err(svc_with(|p| p["targetPort"] = 70000.into())),
        "The Service \"nginx\" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
    assert!(
        create_err(svc_with(|p| p["name"] = "Web".into())).starts_with(
            "The Service \"nginx\" is invalid: spec.ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label"
        )
    );
    // SetDefaults_Service: a zero targetPort is the port itself, not an error.
    let mut c = Cluster::new(3);
    c.api_mut()
        .create(
            svc_with(|p| p["targetPort"] = 0.into()),
            &WriteOptions::default(),
        )
        .unwrap();
    let Ok(Object::Service(s)) = c.api().get(Kind::Service, "default", "nginx") else {
        panic!("no Service")
    };
    assert_eq!(s.spec.ports[0].target_port, Some(IntOrString::Int(80)));
}
