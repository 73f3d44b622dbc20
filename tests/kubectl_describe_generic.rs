//! `kubectl describe` for kinds without a typed describer (kubectl's generic describer)
//! and for Secrets (`describeSecret`).

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::sim::*;
use support::k;

#[test]
fn a_controller_revision_through_the_generic_describer() {
    let mut c = Cluster::new(5);
    k(&mut c, "kubectl apply -f web.yaml");
    c.run_until_idle(600_000);
    let name = k(&mut c, "kubectl get controllerrevision -o name").stdout;
    let name = name.trim().trim_start_matches("controllerrevision.apps/");
    let o = k(
        &mut c,
        &format!("kubectl describe controllerrevision {name}"),
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    let s = &o.stdout;
    assert!(
        s.starts_with(&format!(
            "Name:         {name}\nNamespace:    default\nLabels:       "
        )),
        "{s}"
    );
    assert!(s.contains("\nAnnotations:  <none>\nAPI Version:  apps/v1\nData:\n  Spec:\n    Template:\n      $patch:  replace\n      Metadata:\n        Labels:\n          App:  nginx\n"), "{s}");
    // One tabwriter block runs from the last template field to Kind, as upstream's does.
    assert!(s.contains("\n        Termination Grace Period Seconds:  30\nKind:                                      ControllerRevision\nMetadata:\n  Creation Timestamp:  "), "{s}");
    assert!(s.contains("\n  Owner References:\n    API Version:           apps/v1\n    Block Owner Deletion:  true\n    Controller:            true\n    Kind:                  StatefulSet\n    Name:                  web\n"), "{s}");
    assert!(
        s.ends_with("\nRevision:                  1\nEvents:                    <none>\n"),
        "{s}"
    );
}

#[test]
fn a_secret_shows_sizes_not_values() {
    let mut c = Cluster::new(1);
    let secret = Secret {
        metadata: ObjectMeta {
            name: "db".into(),
            namespace: "default".into(),
            ..Default::default()
        },
        data: [("password", "czNjcjN0"), ("user", "YWRtaW4=")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    c.api_mut()
        .create(Object::Secret(secret), &WriteOptions::default())
        .expect("create secret");
    let o = k(&mut c, "kubectl describe secret db");
    assert_eq!(
        o.stdout,
        "Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n"
    );
}
