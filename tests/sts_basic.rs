//! StatefulSet basics: ordered creation, stable identity, claims, events, status (ref §1.13 A,
//! §6.1 #1, §6.2 #1, §7.1–§7.3).

mod sts_support;
use sts_support::*;
use stslab::sim::api::WatchEventType;

#[test]
fn should_provide_basic_identity() {
    let mut c = cluster(1);
    create_web(&mut c, 3, "");
    run(&mut c);
    assert_eq!(pod_names(&c), ["web-0", "web-1", "web-2"]);
    for i in 0..3 {
        let p = pod(&c, &format!("web-{i}")).expect("pod");
        assert_eq!(p.spec.hostname, format!("web-{i}"));
        assert_eq!(p.spec.subdomain, "nginx");
        assert_eq!(p.metadata.generate_name, "web-");
        assert_eq!(
            p.metadata.labels["statefulset.kubernetes.io/pod-name"],
            format!("web-{i}")
        );
        assert_eq!(
            p.metadata.labels["apps.kubernetes.io/pod-index"],
            i.to_string()
        );
        let owner = p.metadata.controller_ref().expect("controller ref");
        assert_eq!(
            (
                owner.kind.as_str(),
                owner.name.as_str(),
                owner.block_owner_deletion
            ),
            ("StatefulSet", "web", Some(true))
        );
        let vol = p
            .spec
            .volumes
            .iter()
            .find(|v| v.name == "www")
            .expect("www volume");
        assert_eq!(
            vol.persistent_volume_claim
                .as_ref()
                .map(|c| c.claim_name.clone()),
            Some(format!("www-web-{i}"))
        );
    }
    assert_eq!(claim_names(&c), ["www-web-0", "www-web-1", "www-web-2"]);
    let cl = claim(&c, "www-web-0").expect("claim");
    assert_eq!(cl.metadata.labels["app"], "nginx");
    assert!(
        cl.metadata.owner_references.is_empty(),
        "Retain/Retain: claims carry no owner"
    );
}

#[test]
fn creates_pods_in_order_one_at_a_time() {
    let mut c = cluster(2);
    create_web(&mut c, 3, "");
    // Right after the apply only web-0 exists (it is not Running and Ready yet).
    assert_eq!(pod_names(&c), ["web-0"]);
    assert_eq!(
        explanation(&c, "web"),
        "waiting for web-0 to be Running and Ready before creating web-1"
    );
    run(&mut c);
    assert_eq!(
        watch_order(&c, WatchEventType::Added),
        ["web-0", "web-1", "web-2"]
    );
    let events = sts_events(&c);
    assert_eq!(
        &events[..2],
        [
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "create Pod web-0 in StatefulSet web successful"
        ]
    );
    assert!(events.contains(&"create Pod web-2 in StatefulSet web successful".to_string()));
}

#[test]
fn status_after_creation_has_every_field() {
    let mut c = cluster(3);
    create_web(&mut c, 3, "");
    run(&mut c);
    let s = sts(&c, "web");
    let st = &s.status;
    assert_eq!(
        (st.replicas, st.ready_replicas, st.available_replicas),
        (3, 3, 3)
    );
    assert_eq!((st.current_replicas, st.updated_replicas), (3, 3));
    assert_eq!(st.observed_generation, Some(1));
    assert_eq!(st.collision_count, Some(0));
    assert_eq!(st.current_revision, st.update_revision);
    let revs = revisions(&c);
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].revision, 1);
    assert_eq!(st.update_revision, revs[0].metadata.name);
    let hash = &revs[0].metadata.labels["controller.kubernetes.io/hash"];
    assert_eq!(revs[0].metadata.name, format!("web-{hash}"));
    for name in pod_names(&c) {
        assert_eq!(
            revision_label(&pod(&c, &name).expect("pod")),
            st.update_revision
        );
    }
    assert!(
        explanation(&c, "web").starts_with("3/3 pods Ready"),
        "{}",
        explanation(&c, "web")
    );
}
