//! core/v1 Endpoints on a v1.35 cluster: deprecated (every request gets the API server's
//! warning) but still kept up to date by the endpoint controller, so the `kubectl get
//! endpoints` of older tutorials answers as a real cluster does.

mod transcript_support;

use stslab::lab::script::run_script;
use transcript_support::shows;

const WARNING: &str =
    "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n";

#[test]
fn endpoints_follow_the_ready_pods_with_the_deprecation_warning() {
    let script = "kubectl get endpoints
kubectl apply -f statefulset.yaml
kubectl get ep
kubectl rollout status sts/web > /dev/null
kubectl get ep nginx-svc
kubectl scale sts web --replicas=5
kubectl rollout status sts/web > /dev/null
kubectl get ep nginx-svc --no-headers
kubectl delete svc nginx-svc
kubectl get ep
";
    shows(
        script,
        &format!("$ kubectl get endpoints\n{WARNING}No resources found in default namespace.\n"),
    );
    shows(
        script,
        &format!(
            "$ kubectl get ep\n{WARNING}NAME        ENDPOINTS   AGE\nnginx-svc   <none>      0s\n"
        ),
    );
    let got = run_script(script, 1);
    let at = got
        .find("$ kubectl get ep nginx-svc\n")
        .expect("get ep nginx-svc");
    let rows: Vec<&str> = got[at..].lines().skip(2).take(2).collect();
    assert!(rows[0].starts_with("NAME        ENDPOINTS"), "{got}");
    assert_eq!(rows[1].matches(":80").count(), 3, "three ready pods: {got}");
    let at = got.find("--no-headers\n").expect("no-headers");
    let five = got[at..].lines().nth(2).unwrap_or_default();
    assert!(
        five.contains(" + 2 more..."),
        "five pods show as 3 + 2: {five}"
    );
    assert!(
        got.ends_with(&format!(
            "$ kubectl get ep\n{WARNING}No resources found in default namespace.\n$ "
        )),
        "the Service's Endpoints go with it: {got}"
    );
}

#[test]
fn a_pod_that_is_not_ready_is_a_not_ready_address() {
    // A readiness probe on `/`: the updated web-2 serves an empty volume (403), so it stays
    // unready and the rolling update halts there.
    let script = "kubectl apply -f statefulset.yaml
kubectl rollout status sts/web > /dev/null
kubectl patch sts web --type=json -p '[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/readinessProbe\",\"value\":{\"httpGet\":{\"path\":\"/\",\"port\":80},\"periodSeconds\":1}}]'
sleep 120
kubectl get pod web-2 --no-headers
kubectl get pod web-2 -o jsonpath='{.status.podIP}'; echo
kubectl describe ep nginx-svc | grep NotReadyAddresses
kubectl get ep nginx-svc --no-headers
";
    let got = run_script(script, 1);
    let line = |cmd: &str, skip: usize| -> String {
        let at = got.find(cmd).unwrap_or_else(|| panic!("{cmd}: {got}"));
        got[at..].lines().nth(skip).unwrap_or_default().to_string()
    };
    assert!(
        line("$ kubectl get pod web-2 --no-headers", 1).contains("0/1"),
        "{got}"
    );
    let ip = line("$ kubectl get pod web-2 -o jsonpath", 1);
    assert!(ip.starts_with("10.244."), "{got}");
    // describe prints the warning, then its page.
    assert_eq!(line("$ kubectl describe ep", 1), WARNING.trim_end());
    assert_eq!(
        line("$ kubectl describe ep", 2),
        format!("  NotReadyAddresses:  {ip}")
    );
    let ready = line("$ kubectl get ep nginx-svc --no-headers", 2);
    assert_eq!(ready.matches(":80").count(), 2, "{got}");
    assert!(!ready.contains(&format!("{ip}:")), "{got}");
}

#[test]
fn api_resources_lists_endpoints() {
    shows(
        "kubectl api-resources | grep -w ep\n",
        "endpoints                ep           v1                    true         Endpoints\n",
    );
}
