//! `kubectl get` tables against the reference's transcripts (ref §4.1, §7, errata §7).
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::sim::*;

#[test]
fn service_row_matches_the_tutorial_sim_note() {
    let mut c = Cluster::new(1);
    assert_eq!(
        k(&mut c, "kubectl apply -f web.yaml").stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    c.advance(12_000);
    let o = k(&mut c, "kubectl get service nginx");
    assert_eq!(
        o.stdout,
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nnginx   ClusterIP   None         <none>        80/TCP    12s\n"
    );
    let o = k(&mut c, "kubectl get svc nginx -o wide");
    assert!(
        o.stdout.starts_with(
            "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.ends_with("80/TCP    12s   app=nginx\n"));
}

#[test]
fn pvc_table_has_eight_columns_and_empty_cells_while_pending() {
    let mut c = Cluster::new(1);
    let pvc = PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: "www-web-0".into(),
            namespace: "default".into(),
            labels: [("app".to_string(), "nginx".to_string())]
                .into_iter()
                .collect(),
            ..Default::default()
        },
        spec: PersistentVolumeClaimSpec {
            access_modes: vec!["ReadWriteOnce".into()],
            resources: VolumeResourceRequirements {
                requests: [("storage".to_string(), Quantity::new("1Gi"))]
                    .into_iter()
                    .collect(),
                ..Default::default()
            },
            storage_class_name: Some("standard".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    c.api_mut()
        .create(Object::PersistentVolumeClaim(pvc), &WriteOptions::default())
        .unwrap();
    c.advance(5_000);
    let o = k(&mut c, "kubectl get pvc");
    let mut lines = o.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE"
    );
    assert_eq!(lines.next().unwrap(), "www-web-0   Pending                                      standard       <unset>                 5s");
}

#[test]
fn empty_lists_and_missing_objects() {
    let mut c = Cluster::new(1);
    let o = k(&mut c, "kubectl get pods");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("", "No resources found in default namespace.\n", 0)
    );
    let o = k(&mut c, "kubectl get pv");
    assert_eq!(o.stderr, "No resources found\n");
    let o = k(&mut c, "kubectl get sts web");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "Error from server (NotFound): statefulsets.apps \"web\" not found\n",
            1
        )
    );
    let o = k(&mut c, "kubectl get foo");
    assert_eq!(
        o.stderr,
        "error: the server doesn't have a resource type \"foo\"\n"
    );
    let o = k(&mut c, "kubectl get");
    assert!(o.stderr.starts_with("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified."));
}
