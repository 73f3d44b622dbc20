//! `ran` checks: flags order-insensitive, aliases equal, extra flags fine, different commands not.
use stslab::lesson::argv::{matches, stages};

#[test]
fn equivalent_spellings_match() {
    assert!(matches("kubectl get pods -w", "kubectl get po --watch"));
    assert!(matches(
        "kubectl get pods -w",
        "kubectl get pods -o wide -w"
    ));
    assert!(matches(
        "kubectl get pods -l app=nginx",
        "kubectl get pods --selector=app=nginx"
    ));
    assert!(matches(
        "kubectl rollout status statefulset/web",
        "kubectl rollout status sts web"
    ));
    assert!(matches(
        "kubectl describe statefulset web",
        "kubectl describe sts/web"
    ));
    assert!(matches(
        "kubectl scale statefulset web --replicas=5",
        "kubectl scale --replicas 5 sts/web"
    ));
    assert!(matches(
        "kubectl run -it --rm debug --image=busybox --restart=Never -- sh",
        "$ kubectl run debug --rm -i -t --restart=Never --image busybox -- sh"
    ));
    assert!(matches("kubectl get pvc", "kubectl get pvc | grep www"));
    assert!(matches(
        "kubectl patch statefulset web -p '{\"spec\":{}}'",
        "kubectl patch sts web --patch '{\"spec\":{}}'"
    ));
}

#[test]
fn different_commands_do_not_match() {
    assert!(!matches("kubectl get pods -w", "kubectl get pods"));
    assert!(!matches("kubectl get pods -w", "kubectl get svc -w"));
    assert!(!matches(
        "kubectl delete pod web-1",
        "kubectl delete pod web-2"
    ));
    assert!(!matches(
        "kubectl scale statefulset web --replicas=5",
        "kubectl scale statefulset web --replicas=3"
    ));
    assert!(!matches(
        "nslookup web-0.nginx-svc.default.svc.cluster.local",
        "nslookup web-0.nginx-svc"
    ));
    assert!(!matches("", "kubectl get pods"));
}

#[test]
fn shell_splitting() {
    let s = stages(
        r#"kubectl get pvc | grep "www-web-" | awk '{if ($1 ~ /web-[3-9]/) print $1}' | xargs kubectl delete pvc"#,
    );
    assert_eq!(s.len(), 4);
    assert_eq!(s[1], vec!["grep", "www-web-"]);
    assert_eq!(s[2][1], "{if ($1 ~ /web-[3-9]/) print $1}");
    assert_eq!(stages("a && b; c || d").len(), 4);
    assert_eq!(stages("kubectl run x -- \\\n  mysql -p")[0].len(), 6);
}
