//! Adoption and release (ref §1.3, §1.12, §6.1 #2, §7.13): orphan pods whose names and labels
//! match are adopted; pods whose labels stop matching are released; a cascade=orphan delete
//! followed by a re-create restarts nothing.

mod sts_support;
use sts_support::*;
use stslab::sim::api::{DeleteOptions, Propagation, WriteOptions};
use stslab::sim::objects::{Kind, Object};

fn owner_uid(c: &stslab::sim::Cluster, name: &str) -> Option<String> {
    pod(c, name).and_then(|p| p.metadata.controller_ref().map(|r| r.uid.clone()))
}

#[test]
fn should_adopt_matching_orphans_and_release_non_matching_pods() {
    let mut c = cluster(30);
    create_web(&mut c, 1, "");
    run(&mut c);
    let set_uid = sts(&c, "web").metadata.uid;
    assert_eq!(owner_uid(&c, "web-0"), Some(set_uid.clone()));

    // Orphan it by clearing ownerReferences: the set re-adopts it.
    let mut p = pod(&c, "web-0").expect("web-0");
    let pod_uid = p.metadata.uid.clone();
    p.metadata.owner_references.clear();
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .expect("orphan pod");
    c.settle();
    assert_eq!(owner_uid(&c, "web-0"), Some(set_uid.clone()), "re-adopted");
    assert_eq!(
        pod(&c, "web-0").expect("web-0").metadata.uid,
        pod_uid,
        "same pod, not a new one"
    );

    // Remove the selector label: the set releases it.
    let mut p = pod(&c, "web-0").expect("web-0");
    p.metadata.labels.remove("app");
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .expect("relabel pod");
    c.settle();
    assert_eq!(owner_uid(&c, "web-0"), None, "released");

    // Put the label back: adopted again.
    let mut p = pod(&c, "web-0").expect("web-0");
    p.metadata.labels.insert("app".into(), "nginx".into());
    c.api_mut()
        .update(Object::Pod(p), &WriteOptions::default())
        .expect("relabel pod");
    c.settle();
    assert_eq!(owner_uid(&c, "web-0"), Some(set_uid));
    assert_eq!(pod(&c, "web-0").expect("web-0").metadata.uid, pod_uid);
}

#[test]
fn non_cascading_delete_then_reapply_adopts_without_restarts() {
    let mut c = cluster(31);
    create_web(&mut c, 3, "");
    run(&mut c);
    let rev = sts(&c, "web").status.update_revision;
    let opts = DeleteOptions {
        propagation: Some(Propagation::Orphan),
        ..Default::default()
    };
    c.api_mut()
        .delete(Kind::StatefulSet, "default", "web", &opts)
        .expect("orphan delete");
    c.settle();
    run(&mut c);
    assert_eq!(
        pod_names(&c),
        ["web-0", "web-1", "web-2"],
        "pods survive an orphaning delete"
    );
    assert_eq!(owner_uid(&c, "web-1"), None);
    delete_pod(&mut c, "web-0");
    run(&mut c);
    assert_eq!(
        pod_names(&c),
        ["web-1", "web-2"],
        "no controller recreates web-0"
    );

    let uid1 = pod(&c, "web-1").expect("web-1").metadata.uid;
    create(&mut c, &web_yaml(2, ""));
    run(&mut c);
    assert_eq!(
        pod_names(&c),
        ["web-0", "web-1"],
        "web-0 recreated, condemned web-2 deleted"
    );
    assert_eq!(
        pod(&c, "web-1").expect("web-1").metadata.uid,
        uid1,
        "web-1 adopted, not restarted"
    );
    let s = sts(&c, "web");
    assert_eq!(
        s.status.update_revision, rev,
        "same template → same revision name"
    );
    assert_eq!(revisions(&c).len(), 1, "the orphaned revision was adopted");
    assert_eq!(owner_uid(&c, "web-1"), Some(s.metadata.uid));
    assert_eq!(
        claim_names(&c),
        ["www-web-0", "www-web-1", "www-web-2"],
        "claims reused by name"
    );
}

#[test]
fn orphans_with_foreign_names_are_never_adopted() {
    let mut c = cluster(32);
    create(
        &mut c,
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web-x
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.21
"#,
    );
    create_web(&mut c, 1, "");
    run(&mut c);
    assert_eq!(owner_uid(&c, "web-x"), None);
    assert_eq!(sts(&c, "web").status.replicas, 1);
}
