//! Cluster DNS over a StatefulSet behind a headless Service (ref §5): per-pod names only for
//! ready endpoints, the Service name → all ready pods, SRV for the named port, PTR, the search
//! list, and names following a recreated pod's new IP.

mod node_support;
use node_support::*;
use std::net::Ipv4Addr;
use stslab::sim::dns::{Answer, QType, Record};
use stslab::sim::faults::Fault;
use stslab::sim::*;

fn ip_of(c: &Cluster, name: &str) -> Ipv4Addr {
    pod(c, name)
        .expect("pod")
        .status
        .pod_ip
        .parse()
        .expect("pod has an IP")
}

#[test]
fn per_pod_names_service_name_srv_and_ptr() {
    let mut c = Cluster::new(21);
    assert!(
        c.dns().resolve("web-0.nginx-svc", "default").is_err(),
        "nothing before the set exists"
    );
    apply(&mut c, &guide_statefulset(3, "standard"));
    c.run_until_idle(300_000);
    for i in 0..3 {
        let name = format!("web-{i}");
        assert_eq!(pod(&c, &name).expect("pod").status.phase, "Running");
        let want = vec![ip_of(&c, &name)];
        assert_eq!(
            c.dns().resolve(&format!("{name}.nginx-svc"), "default"),
            Ok(want.clone()),
            "short name via search list"
        );
        assert_eq!(
            c.dns().resolve(
                &format!("{name}.nginx-svc.default.svc.cluster.local"),
                "kube-system"
            ),
            Ok(want)
        );
    }
    let mut all = c
        .dns()
        .resolve("nginx-svc", "default")
        .expect("headless service name");
    all.sort();
    let mut want: Vec<Ipv4Addr> = (0..3).map(|i| ip_of(&c, &format!("web-{i}"))).collect();
    want.sort();
    assert_eq!(all, want);
    assert!(
        c.dns().resolve("web-0.nginx-svc", "other").is_err(),
        "search list is per namespace"
    );

    let Answer::NoError(srv) = c
        .dns()
        .query("_web._tcp.nginx-svc.default.svc.cluster.local", QType::Srv)
    else {
        panic!("SRV answer");
    };
    assert_eq!(srv.len(), 3);
    assert!(srv.contains(&Record::Srv {
        priority: 0,
        weight: 33,
        port: 80,
        target: "web-0.nginx-svc.default.svc.cluster.local.".into()
    }));
    assert_eq!(
        c.dns().reverse(ip_of(&c, "web-1")).as_deref(),
        Some("web-1.nginx-svc.default.svc.cluster.local")
    );
    assert_eq!(
        c.dns()
            .reverse("10.96.0.10".parse().expect("ip"))
            .as_deref(),
        Some("kube-dns.kube-system.svc.cluster.local")
    );
    assert_eq!(
        c.dns()
            .query("web-9.nginx-svc.default.svc.cluster.local", QType::A),
        Answer::NxDomain
    );
    assert_eq!(
        c.dns()
            .query("web-0.nginx-svc.default.svc.cluster.local", QType::Aaaa),
        Answer::NoError(vec![]),
        "IPv4-only: the name exists but has no AAAA"
    );
}

#[test]
fn recreated_pod_keeps_name_gets_new_ip_and_not_ready_pods_drop_out() {
    let mut c = Cluster::new(22);
    apply(&mut c, &guide_statefulset(2, "standard"));
    c.run_until_idle(300_000);
    let old = ip_of(&c, "web-1");
    c.api_mut()
        .delete(Kind::Pod, "default", "web-1", &DeleteOptions::default())
        .expect("delete");
    c.settle();
    c.run_until_idle(300_000);
    let new = ip_of(&c, "web-1");
    assert_ne!(old, new, "a recreated pod normally gets a new IP");
    assert_eq!(c.dns().resolve("web-1.nginx-svc", "default"), Ok(vec![new]));

    c.inject(Fault::ReadinessFail {
        namespace: "default".into(),
        pod: "web-0".into(),
    })
    .expect("fault");
    c.run_until_idle(60_000);
    assert!(!pod(&c, "web-0").expect("pod").is_ready());
    assert!(
        c.dns().resolve("web-0.nginx-svc", "default").is_err(),
        "not-ready pods have no record"
    );
    assert_eq!(c.dns().resolve("nginx-svc", "default"), Ok(vec![new]));
    c.inject(Fault::ReadinessRecover {
        namespace: "default".into(),
        pod: "web-0".into(),
    })
    .expect("fault");
    c.run_until_idle(60_000);
    assert_eq!(
        c.dns().resolve("web-0.nginx-svc", "default"),
        Ok(vec![ip_of(&c, "web-0")])
    );
}

#[test]
fn missing_or_non_headless_service_s4_s6() {
    let mut c = Cluster::new(23);
    apply(&mut c, &guide_statefulset(1, "standard"));
    c.run_until_idle(300_000);
    c.api_mut()
        .delete(
            Kind::Service,
            "default",
            "nginx-svc",
            &DeleteOptions::default(),
        )
        .expect("delete svc");
    c.settle();
    c.run_until_idle(60_000);
    assert_eq!(
        pod(&c, "web-0").expect("pod").status.phase,
        "Running",
        "pods keep running"
    );
    assert!(c.dns().resolve("web-0.nginx-svc", "default").is_err());
    apply(
        &mut c,
        "
apiVersion: v1
kind: Service
metadata: {name: nginx-svc}
spec:
  selector: {app: nginx}
  ports: [{name: web, port: 80}]
",
    );
    c.run_until_idle(60_000);
    let svc = match c.api().get(Kind::Service, "default", "nginx-svc") {
        Ok(Object::Service(s)) => s.clone(),
        _ => panic!("service"),
    };
    assert_eq!(
        c.dns().resolve("nginx-svc", "default"),
        Ok(vec![svc.spec.cluster_ip.parse().expect("ip")])
    );
    assert!(
        c.dns().resolve("web-0.nginx-svc", "default").is_err(),
        "no per-pod records without a headless service"
    );
}
