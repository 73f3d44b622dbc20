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
fn statefulset_ready_column() {
    let mut c = Cluster::new(1);
    k(&mut c, "kubectl apply -f web.yaml");
    set_sts_status(&mut c, "web", |s, g| {
        s.replicas = 2;
        s.ready_replicas = 2;
        s.observed_generation = Some(g);
    });
    c.advance(37_000);
    assert_eq!(
        k(&mut c, "kubectl get statefulset web").stdout,
        "NAME   READY   AGE\nweb    2/2     37s\n"
    );
    assert_eq!(
        k(&mut c, "kubectl get sts -o wide").stdout,
        "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/2     37s   nginx        registry.k8s.io/nginx-slim:0.21\n"
    );
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

#[test]
fn pod_rows_labels_sorting_and_output_formats() {
    let mut c = Cluster::new(1);
    make_pod(&mut c, "web-1", &[("app", "nginx")], true);
    c.advance(3_000);
    make_pod(&mut c, "web-0", &[("app", "nginx"), ("tier", "fe")], false);
    c.advance(60_000);
    assert_eq!(
        k(&mut c, "kubectl get pods -l app=nginx").stdout,
        "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   0/1     Pending   0          60s\nweb-1   1/1     Running   0          63s\n"
    );
    assert_eq!(
        k(&mut c, "kubectl get pods --show-labels -L tier --no-headers").stdout,
        "web-0   0/1   Pending   0     60s   fe    app=nginx,tier=fe\nweb-1   1/1   Running   0     63s         app=nginx\n"
    );
    assert_eq!(
        k(&mut c, "kubectl get pods -o name").stdout,
        "pod/web-0\npod/web-1\n"
    );
    assert_eq!(
        k(&mut c, "kubectl get pod web-1 -o jsonpath={.status.podIP}").stdout,
        "10.244.1.6"
    );
    assert_eq!(
        k(&mut c, "kubectl get pod web-1 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'").stdout,
        "registry.k8s.io/nginx-slim:0.21"
    );
    assert_eq!(
        k(
            &mut c,
            "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
        )
        .stdout,
        "NAME    NODE\nweb-0   <none>\nweb-1   kind-worker\n"
    );
    let o = k(&mut c, "kubectl get pods -o wide");
    assert!(o.stdout.contains("web-1   1/1     Running   0          63s   10.244.1.6   kind-worker   <none>           <none>\n"), "{}", o.stdout);
    assert_eq!(
        k(
            &mut c,
            "kubectl get pods --sort-by=.metadata.creationTimestamp -o name"
        )
        .stdout,
        "pod/web-1\npod/web-0\n"
    );
    let y = k(&mut c, "kubectl get pods -o yaml").stdout;
    assert!(
        y.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"),
        "{y}"
    );
    assert!(y.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"));
    let j = k(&mut c, "kubectl get pod web-0 -o json").stdout;
    assert!(
        j.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n"),
        "{j}"
    );
}

#[test]
fn several_types_print_prefixed_blocks() {
    let mut c = Cluster::new(1);
    k(&mut c, "kubectl apply -f web.yaml");
    make_pod(&mut c, "web-0", &[("app", "nginx")], true);
    let o = k(&mut c, "kubectl get sts,pods");
    assert_eq!(
        o.stdout,
        "NAME                   READY   AGE\nstatefulset.apps/web   0/2     0s\n\nNAME        READY   STATUS    RESTARTS   AGE\npod/web-0   1/1     Running   0          0s\n"
    );
}
