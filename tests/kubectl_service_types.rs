//! NodePort, LoadBalancer and ExternalName Services: `kubectl create service
//! nodeport|loadbalancer|externalname` and `expose --type` (kubernetes/kubectl v0.35.7
//! `pkg/cmd/create/create_service.go`, `pkg/cmd/expose/expose.go`), the API server's node-port
//! allocator, defaulting and validation (kube-apiserver v1.35 `portallocator`,
//! `SetDefaults_Service`, `ValidateService`), the `get`/`describe` printers, and `-o yaml|json`
//! on these write commands.
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::kubectl::{self, KubectlCtx, Outcome, Output};
use stslab::sim::*;

fn svc(c: &Cluster, name: &str) -> Service {
    match c.api().get(Kind::Service, "default", name) {
        Ok(Object::Service(s)) => s.clone(),
        other => panic!("no service {name}: {other:?}"),
    }
}

/// Run a line with `f.yaml` holding `yaml`.
fn with_file(c: &mut Cluster, line: &str, yaml: &str) -> Output {
    let mut f = files();
    f.0.insert("f.yaml".into(), yaml.into());
    let mut cx = KubectlCtx::new(c, &f);
    match kubectl::run(&argv(line), None, &mut cx) {
        Outcome::Done(o) => o,
        _ => panic!("unexpected outcome"),
    }
}

#[test]
fn create_service_nodeport_allocates_a_port_and_defaults_like_the_api_server() {
    let mut c = Cluster::new(5);
    ok(
        &k(&mut c, "kubectl create service nodeport np --tcp=80:8080"),
        "service/np created\n",
    );
    let s = svc(&c, "np");
    assert_eq!(s.spec.type_, "NodePort");
    let np = s.spec.ports[0].node_port;
    assert!((30000..=32767).contains(&np), "{np}");
    assert_eq!(s.spec.external_traffic_policy, "Cluster");
    assert_eq!(s.spec.internal_traffic_policy.as_deref(), Some("Cluster"));
    assert_eq!(s.spec.allocate_load_balancer_node_ports, None);
    assert!(!s.spec.cluster_ip.is_empty());
    // Same seed, same commands: the same port.
    let mut again = Cluster::new(5);
    k(
        &mut again,
        "kubectl create service nodeport np --tcp=80:8080",
    );
    assert_eq!(svc(&again, "np").spec.ports[0].node_port, np);

    let ip = s.spec.cluster_ip.clone();
    let o = k(&mut c, "kubectl get svc np");
    let w = ip.len().max(10) + 3;
    ok(
        &o,
        &format!(
            "NAME   TYPE       {:<w$}EXTERNAL-IP   PORT(S)        AGE\nnp     NodePort   {:<w$}<none>        80:{np}/TCP   0s\n",
            "CLUSTER-IP", ip
        ),
    );
    let d = k(&mut c, "kubectl describe svc np");
    ok(
        &d,
        &format!(
            "Name:                     np
Namespace:                default
Labels:                   app=np
Annotations:              <none>
Selector:                 app=np
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       {ip}
IPs:                      {ip}
Port:                     80-8080  80/TCP
TargetPort:               8080/TCP
NodePort:                 80-8080  {np}/TCP
Endpoints:                
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
"
        ),
    );
}

#[test]
fn requested_node_ports_are_checked_by_the_allocator() {
    let mut c = Cluster::new(5);
    ok(
        &k(
            &mut c,
            "kubectl create service nodeport fixed --tcp=80 --node-port=30080",
        ),
        "service/fixed created\n",
    );
    assert_eq!(svc(&c, "fixed").spec.ports[0].node_port, 30080);
    fails(
        &k(
            &mut c,
            "kubectl create service nodeport dup --tcp=80 --node-port=30080",
        ),
        "error: failed to create NodePort service: Service \"dup\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl create service nodeport far --tcp=80 --node-port=40000",
        ),
        "error: failed to create NodePort service: Service \"far\" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767\n",
    );
    // A failed create gives back the cluster IP it took: nothing is left behind.
    assert!(c.api().get(Kind::Service, "default", "dup").is_err());
    // Deleting the Service frees its port.
    k(&mut c, "kubectl delete svc fixed");
    ok(
        &k(
            &mut c,
            "kubectl create service nodeport dup --tcp=80 --node-port=30080",
        ),
        "service/dup created\n",
    );
    // The API refuses a nodePort on a ClusterIP Service.
    let o = with_file(
        &mut c,
        "kubectl apply -f f.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: cip\nspec:\n  ports:\n  - port: 80\n    nodePort: 30001\n",
    );
    fails(
        &o,
        "The Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'\n",
    );
}

#[test]
fn an_update_keeps_the_node_port_it_omits() {
    let mut c = Cluster::new(5);
    let v1 = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n";
    ok(
        &with_file(&mut c, "kubectl create -f f.yaml", v1),
        "service/web created\n",
    );
    let np = svc(&c, "web").spec.ports[0].node_port;
    let v2 = v1.replace("    port: 80\n", "    port: 80\n    targetPort: 8080\n");
    ok(
        &with_file(&mut c, "kubectl replace -f f.yaml", &v2),
        "service/web replaced\n",
    );
    let s = svc(&c, "web");
    assert_eq!(s.spec.ports[0].node_port, np);
    assert_eq!(s.spec.ports[0].target_port, Some(IntOrString::Int(8080)));
}

#[test]
fn create_service_loadbalancer_is_pending_on_kind() {
    let mut c = Cluster::new(5);
    ok(
        &k(
            &mut c,
            "kubectl create service loadbalancer lb --tcp=80:80,443:8443",
        ),
        "service/lb created\n",
    );
    let s = svc(&c, "lb");
    assert_eq!(s.spec.allocate_load_balancer_node_ports, Some(true));
    assert_eq!(s.spec.external_traffic_policy, "Cluster");
    let (a, b) = (s.spec.ports[0].node_port, s.spec.ports[1].node_port);
    assert!(a != b && a >= 30000 && b >= 30000, "{a} {b}");
    let o = k(&mut c, "kubectl get svc lb -o custom-columns=T:.spec.type");
    ok(&o, "T\nLoadBalancer\n");
    let o = k(&mut c, "kubectl get svc lb --no-headers");
    let cols: Vec<&str> = o.stdout.split_whitespace().collect();
    assert_eq!(
        (cols[1], cols[3], cols[4].to_string()),
        (
            "LoadBalancer",
            "<pending>",
            format!("80:{a}/TCP,443:{b}/TCP")
        )
    );
}

#[test]
fn create_service_externalname_is_a_dns_alias() {
    let mut c = Cluster::new(5);
    k(&mut c, "kubectl create deployment ext --image=nginx");
    ok(
        &k(
            &mut c,
            "kubectl create service externalname ext --external-name=db.example.com",
        ),
        "service/ext created\n",
    );
    let s = svc(&c, "ext");
    assert_eq!(
        (s.spec.cluster_ip.as_str(), s.spec.cluster_ips.len()),
        ("", 0)
    );
    ok(
        &k(&mut c, "kubectl get svc ext"),
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)   AGE\next    ExternalName   <none>       db.example.com   <none>    0s\n",
    );
    ok(
        &k(&mut c, "kubectl get svc ext -o yaml"),
        &format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: \"2026-01-05T09:00:00Z\"\n  generation: 1\n  labels:\n    app: ext\n  name: ext\n  namespace: default\n  resourceVersion: \"{}\"\n  uid: {}\nspec:\n  externalName: db.example.com\n  selector:\n    app: ext\n  sessionAffinity: None\n  type: ExternalName\nstatus:\n  loadBalancer: {{}}\n",
            s.metadata.resource_version, s.metadata.uid
        ),
    );
    ok(
        &k(&mut c, "kubectl describe svc ext"),
        "Name:              ext\nNamespace:         default\nLabels:            app=ext\nAnnotations:       <none>\nSelector:          app=ext\nType:              ExternalName\nIP Families:       <none>\nIP:                \nIPs:               <none>\nExternal Name:     db.example.com\nSession Affinity:  None\nEvents:            <none>\n",
    );
    // The endpoint controllers skip ExternalName Services, even with a selector.
    k(&mut c, "kubectl rollout status deployment/ext");
    assert!(c
        .api()
        .list(Kind::EndpointSlice, Some("default"))
        .iter()
        .all(|o| o.meta().labels.get("kubernetes.io/service-name") != Some(&"ext".to_string())));
    // kubectl's own checks, then the API server's.
    fails(
        &k(&mut c, "kubectl create service externalname x"),
        "error: required flag(s) \"external-name\" not set\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl create service externalname x --external-name=Bad_Name",
        ),
        "error: invalid service external name Bad_Name\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl create service nodeport x --tcp=80 --clusterip=None",
        ),
        "error: unknown flag: --clusterip\nSee 'kubectl create service nodeport --help' for usage.\n",
    );
    let o = with_file(
        &mut c,
        "kubectl apply -f f.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: en\nspec:\n  type: ExternalName\n  clusterIP: 10.96.5.5\n",
    );
    fails(
        &o,
        "The Service \"en\" is invalid: \n* spec.clusterIPs: Forbidden: may not be set for ExternalName services\n* spec.externalName: Required value\n",
    );
}

#[test]
fn dry_run_client_prints_the_object_kubectl_built() {
    let mut c = Cluster::new(5);
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip x --tcp=80:80 --dry-run=client -o yaml",
        ),
        "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: x\n  name: x\nspec:\n  ports:\n  - name: 80-80\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: x\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl create service nodeport x -n default --tcp=80 --node-port=30080 --dry-run=client -o json",
        ),
        "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\",\n    \"metadata\": {\n        \"labels\": {\n            \"app\": \"x\"\n        },\n        \"name\": \"x\",\n        \"namespace\": \"default\"\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"name\": \"80\",\n                \"nodePort\": 30080,\n                \"port\": 80,\n                \"protocol\": \"TCP\",\n                \"targetPort\": 80\n            }\n        ],\n        \"selector\": {\n            \"app\": \"x\"\n        },\n        \"type\": \"NodePort\"\n    },\n    \"status\": {\n        \"loadBalancer\": {}\n    }\n}\n",
    );
    assert!(c.api().get(Kind::Service, "default", "x").is_err());
    k(
        &mut c,
        "kubectl create deployment hello --image=nginx --port=80",
    );
    ok(
        &k(
            &mut c,
            "kubectl expose deployment hello --type=LoadBalancer --dry-run=client -o yaml",
        ),
        "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: hello\n  name: hello\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: hello\n  type: LoadBalancer\nstatus:\n  loadBalancer: {}\n",
    );
}

#[test]
fn server_writes_print_the_stored_object() {
    let mut c = Cluster::new(5);
    // A server dry run holds no port: the dry-run allocator hands out 32769, 32770, ….
    let o = k(
        &mut c,
        "kubectl create service nodeport y --tcp=80,81 --dry-run=server -o yaml",
    );
    assert_eq!(o.status, 0, "{o:?}");
    assert!(
        o.stdout.contains("  - name: \"80\"\n    nodePort: 32769\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("  - name: \"81\"\n    nodePort: 32770\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("  externalTrafficPolicy: Cluster\n"));
    assert!(c.api().get(Kind::Service, "default", "y").is_err());
    k(
        &mut c,
        "kubectl create deployment hello --image=nginx --port=80",
    );
    let o = k(
        &mut c,
        "kubectl expose deployment hello --type=NodePort -o json",
    );
    let s = svc(&c, "hello");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["spec"]["ports"][0]["nodePort"], s.spec.ports[0].node_port);
    assert_eq!(v["metadata"]["uid"], s.metadata.uid.as_str());
    fails(
        &k(
            &mut c,
            "kubectl expose deployment hello --name=en --type=ExternalName",
        ),
        "The Service \"en\" is invalid: spec.externalName: Required value\n",
    );
}

#[test]
fn run_prints_the_pod_with_output() {
    let mut c = Cluster::new(5);
    // generate/versioned BasicPod: dnsPolicy, the zero resources and status Go prints.
    ok(
        &k(&mut c, "kubectl run x --image=nginx --dry-run=client -o yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: x\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    );
    assert!(c.api().get(Kind::Pod, "default", "x").is_err());
    ok(&k(&mut c, "kubectl run x --image=nginx -o name"), "pod/x\n");
    assert!(c.api().get(Kind::Pod, "default", "x").is_ok());
    let o = k(&mut c, "kubectl run y --image=nginx -n default -o json");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["metadata"]["namespace"].as_str()),
        (Some("Pod"), Some("default"))
    );
    assert!(v["metadata"]["uid"].as_str().is_some_and(|u| !u.is_empty()));
    fails(
        &k(&mut c, "kubectl run z --image=nginx -o wide"),
        "error: \"kubectl run --output=wide\" is not available in this simulator\n",
    );
}

#[test]
fn an_externalname_resolves_through_its_cname() {
    let mut c = Cluster::new(5);
    k(&mut c, "kubectl create service clusterip backend --tcp=80");
    let ip: std::net::Ipv4Addr = svc(&c, "backend").spec.cluster_ip.parse().unwrap();
    k(
        &mut c,
        "kubectl create service externalname alias --external-name=backend.default.svc.cluster.local",
    );
    k(
        &mut c,
        "kubectl create service externalname outside --external-name=db.example.com",
    );
    assert_eq!(c.dns().resolve("alias", "default"), Ok(vec![ip]));
    assert_eq!(
        c.dns().resolve_name("alias", "default").as_deref(),
        Some("alias.default.svc.cluster.local")
    );
    // No upstream DNS in the simulated cluster: the external target does not resolve.
    assert!(c.dns().resolve("outside", "default").is_err());
    // A loop of ExternalNames ends.
    k(
        &mut c,
        "kubectl create service externalname a --external-name=b.default.svc.cluster.local",
    );
    k(
        &mut c,
        "kubectl create service externalname b --external-name=a.default.svc.cluster.local",
    );
    assert!(c.dns().resolve("a", "default").is_err());
}

#[test]
fn changing_the_type_allocates_or_drops_node_ports() {
    let mut c = Cluster::new(5);
    ok(
        &k(
            &mut c,
            "kubectl create service nodeport web --tcp=80 --node-port=30080",
        ),
        "service/web created\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl patch svc web -p {\"spec\":{\"type\":\"LoadBalancer\"}}",
        ),
        "service/web patched\n",
    );
    let s = svc(&c, "web");
    assert_eq!(
        (
            s.spec.ports[0].node_port,
            s.spec.allocate_load_balancer_node_ports
        ),
        (30080, Some(true))
    );
    ok(
        &k(
            &mut c,
            "kubectl patch svc web -p {\"spec\":{\"type\":\"ClusterIP\"}}",
        ),
        "service/web patched\n",
    );
    let s = svc(&c, "web");
    assert_eq!(
        (
            s.spec.ports[0].node_port,
            s.spec.external_traffic_policy.as_str(),
            s.spec.allocate_load_balancer_node_ports
        ),
        (0, "", None)
    );
    // The port went back to the allocator.
    ok(
        &k(
            &mut c,
            "kubectl create service nodeport other --tcp=80 --node-port=30080",
        ),
        "service/other created\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl patch svc web -p {\"spec\":{\"type\":\"NodePort\"}}",
        ),
        "service/web patched\n",
    );
    let s = svc(&c, "web");
    assert!(
        (30000..=32767).contains(&s.spec.ports[0].node_port) && s.spec.ports[0].node_port != 30080
    );
    assert_eq!(s.spec.external_traffic_policy, "Cluster");
    // The allocator holds exactly the ports the stored Services hold.
    assert_eq!(stslab::sim::invariants::check(&c), Ok(()));
    k(&mut c, "kubectl delete svc web other");
    assert_eq!(c.api().index_problems(), Vec::<String>::new());
}
