//! `kubectl describe node` and `kubectl describe endpointslice` on the default cluster.

use stslab::lab::{Action, Lab};
use stslab::shell::terminal::render;

fn lab() -> Lab {
    let mut lab = Lab::new(1);
    lab.run_line(0, "kubectl apply -f statefulset.yaml");
    lab.dispatch(Action::UntilStable);
    lab
}

/// The node the scheduler put web-0 on (it depends on the seed).
fn node_of_web_0(lab: &mut Lab) -> String {
    let out = render(&lab.run_line(0, "kubectl get pod web-0 -o jsonpath={.spec.nodeName}"));
    // jsonpath prints no newline: the next prompt follows on the same line.
    let line = out.lines().nth(1).unwrap_or_default();
    line.trim_end_matches("$ ").to_string()
}

#[test]
fn describe_node_lists_its_pods_and_totals() {
    let mut lab = lab();
    let n = node_of_web_0(&mut lab);
    assert!(n.starts_with("kind-worker"), "{n}");
    let out = render(&lab.run_line(0, &format!("kubectl describe node {n}")));
    assert!(
        out.starts_with(&format!(
            "kubectl describe node {n}\nName:               {n}\nRoles:              <none>\n"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("\nTaints:             <none>\nUnschedulable:      false\nLease:\n  HolderIdentity:  {n}\n  AcquireTime:     <unset>\n")), "{out}");
    assert!(out.contains("\nConditions:\n  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n"), "{out}");
    assert!(out.contains("  Ready            True    "), "{out}");
    assert!(out.contains("\nNon-terminated Pods:          (1 in total)\n  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n"), "{out}");
    assert!(out.contains("\n  default                     web-0    0 (0%)        0 (0%)      0 (0%)           0 (0%)         "), "{out}");
    assert!(out.contains("\nAllocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n  Resource           Requests  Limits\n"), "{out}");
    let cp = render(&lab.run_line(0, "kubectl describe node kind-control-plane"));
    assert!(cp.contains("Roles:              control-plane\n"), "{cp}");
    assert!(
        cp.contains("Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"),
        "{cp}"
    );
    lab.run_line(0, &format!("kubectl cordon {n}"));
    let out = render(&lab.run_line(0, &format!("kubectl describe node {n}")));
    assert!(out.contains("\nUnschedulable:      true\n"), "{out}");
}

#[test]
fn describe_endpointslice_shows_each_endpoint() {
    let mut lab = lab();
    let n = node_of_web_0(&mut lab);
    let out = render(&lab.run_line(0, "kubectl describe endpointslice"));
    assert!(out.contains("\nAddressType:  IPv4\nPorts:\n  Name  Port  Protocol\n  ----  ----  --------\n  web   80    TCP\nEndpoints:\n  - Addresses:  10.244."), "{out}");
    assert!(out.contains(&format!("    Conditions:\n      Ready:    true\n    Hostname:   web-0\n    TargetRef:  Pod/web-0\n    NodeName:   {n}\n    Zone:       <unset>\n")), "{out}");
}
