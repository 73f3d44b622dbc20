#[path = "kubectl_common.rs"]
mod common;
use common::*;
use stslab::sim::Cluster;

#[test]
fn smoke() {
    let mut c = Cluster::new(7);
    for line in [
        "kubectl apply -f web.yaml",
        "kubectl get svc",
        "kubectl get sts",
        "kubectl get sts web -o yaml",
        "kubectl get nodes",
        "kubectl get sc",
        "kubectl describe sts web",
        "kubectl get pods",
        "kubectl apply -f web.yaml",
        "kubectl get all",
        "kubectl version",
        "kubectl foo",
        "kubectl get pods --foo",
        "kubectl delete svc nginx",
    ] {
        let o = k(&mut c, line);
        println!("$ {line}\n{}{}[{}]", o.stdout, o.stderr, o.status);
    }
}
