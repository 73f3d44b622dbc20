//! `kubectl expose`, `kubectl create service clusterip` and `kubectl set resources`, against
//! kubernetes/kubectl v0.35.7 (`pkg/cmd/expose/expose.go`, `pkg/cmd/create/create_service.go`,
//! `pkg/cmd/set/set_resources.go`, `pkg/polymorphichelpers/*`) and apimachinery v0.35.7
//! (`resource.Quantity`).
#[path = "kubectl_support/mod.rs"]
mod common;
use common::*;
use stslab::kubectl::{self, KubectlCtx, Outcome, Output};
use stslab::sim::*;

const DEPLOY_MULTI: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
  labels:
    tier: infra
spec:
  replicas: 1
  selector:
    matchLabels:
      app: dns
  template:
    metadata:
      labels:
        app: dns
    spec:
      containers:
      - name: dns
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 53
          protocol: TCP
        - containerPort: 53
          protocol: UDP
        - containerPort: 9153
";

const DEPLOY_EXPR: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: expr
spec:
  replicas: 1
  selector:
    matchExpressions:
    - key: app
      operator: In
      values: [expr]
    matchLabels:
      app: expr
  template:
    metadata:
      labels:
        app: expr
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
";

/// Run a line with the extra manifests available as files.
fn kf(c: &mut Cluster, line: &str) -> Output {
    let mut f = files();
    f.0.insert("dns.yaml".into(), DEPLOY_MULTI.into());
    f.0.insert("expr.yaml".into(), DEPLOY_EXPR.into());
    let mut cx = KubectlCtx::new(c, &f);
    match kubectl::run(&argv(line), None, &mut cx) {
        Outcome::Done(o) => o,
        Outcome::Running(mut p) => kubectl::drive(p.as_mut(), c, 600_000),
        _ => panic!("unexpected outcome"),
    }
}

fn setup() -> Cluster {
    let mut c = Cluster::new(5);
    assert_eq!(
        k(&mut c, "kubectl apply -f web.yaml").stdout,
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    let o = k(&mut c, "kubectl rollout status sts/web");
    assert_eq!(o.status, 0, "{o:?}");
    c
}

fn svc(c: &Cluster, name: &str) -> Service {
    match c.api().get(Kind::Service, "default", name) {
        Ok(Object::Service(s)) => s.clone(),
        other => panic!("no service {name}: {other:?}"),
    }
}

fn sts(c: &Cluster) -> StatefulSet {
    match c.api().get(Kind::StatefulSet, "default", "web") {
        Ok(Object::StatefulSet(s)) => s.clone(),
        other => panic!("no sts: {other:?}"),
    }
}

fn labels(kv: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    kv.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

// ---------------------------------------------------------------- create service clusterip

#[test]
fn create_service_clusterip_builds_kubectls_service() {
    let mut c = setup();
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip my-cs --tcp=5678:8080",
        ),
        "service/my-cs created\n",
    );
    let s = svc(&c, "my-cs");
    // Label and selector app=NAME; the port is named after the pair with ':' → '-'.
    assert_eq!(s.metadata.labels, labels(&[("app", "my-cs")]));
    assert_eq!(s.spec.selector, labels(&[("app", "my-cs")]));
    assert_eq!(s.spec.type_, "ClusterIP");
    assert_eq!(s.spec.ports.len(), 1);
    let p = &s.spec.ports[0];
    assert_eq!(
        (p.name.as_str(), p.port, p.protocol.as_str()),
        ("5678-8080", 5678, "TCP")
    );
    assert_eq!(p.target_port, Some(IntOrString::Int(8080)));
    assert_ne!(s.spec.cluster_ip, "None");

    // Several pairs (comma separated or repeated), a bare port, a named target port.
    ok(
        &k(
            &mut c,
            "kubectl create svc clusterip multi --tcp=80,443:https --tcp=9000:9001",
        ),
        "service/multi created\n",
    );
    let names: Vec<(String, i32, Option<IntOrString>)> = svc(&c, "multi")
        .spec
        .ports
        .iter()
        .map(|p| (p.name.clone(), p.port, p.target_port.clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("80".into(), 80, Some(IntOrString::Int(80))),
            (
                "443-https".into(),
                443,
                Some(IntOrString::String("https".into()))
            ),
            ("9000-9001".into(), 9000, Some(IntOrString::Int(9001))),
        ]
    );
}

#[test]
fn create_service_clusterip_headless() {
    let mut c = setup();
    // The classic headless Service: no port needed with --clusterip=None.
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip web-hl --clusterip=None",
        ),
        "service/web-hl created\n",
    );
    let s = svc(&c, "web-hl");
    assert!(s.is_headless());
    assert!(s.spec.ports.is_empty());
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip web-hl2 --clusterip=None --tcp=80",
        ),
        "service/web-hl2 created\n",
    );
    let g = k(&mut c, "kubectl get svc web-hl web-hl2");
    assert_eq!(
        g.stdout,
        "NAME      TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nweb-hl    ClusterIP   None         <none>        <none>    0s\nweb-hl2   ClusterIP   None         <none>        80/TCP    0s\n"
    );
}

#[test]
fn create_service_errors_are_kubectls() {
    let mut c = setup();
    fails(
        &k(&mut c, "kubectl create service clusterip my-x"),
        "error: at least one tcp port specifier must be provided\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip"),
        "error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip a b --tcp=80"),
        "error: exactly one NAME is required, got 2\nSee 'kubectl create service clusterip -h' for help and examples\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip p --tcp=http:80"),
        "error: strconv.ParseUint: parsing \"http\": invalid syntax\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip p --tcp=70000"),
        "error: strconv.ParseUint: parsing \"70000\": value out of range\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip p --tcp=80:0"),
        "error: must be between 1 and 65535, inclusive\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip p --tcp=80:Web-"),
        "error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must not begin or end with a hyphen\n",
    );
    // The server's error, wrapped by `Run` ("failed to create %s service: %v").
    ok(
        &k(&mut c, "kubectl create service clusterip dup --tcp=80"),
        "service/dup created\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip dup --tcp=80"),
        "error: failed to create ClusterIP service: services \"dup\" already exists\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip zero --tcp=0"),
        // The target port is the port (0), and validateServicePort checks both.
        "error: failed to create ClusterIP service: Service \"zero\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]\n",
    );
    fails(
        &k(&mut c, "kubectl create service clusterip Bad --tcp=80"),
        &format!(
            "error: failed to create ClusterIP service: {}\n",
            match c.clone().api_mut().create(
                Object::Service(Service {
                    metadata: ObjectMeta {
                        name: "Bad".into(),
                        namespace: "default".into(),
                        ..Default::default()
                    },
                    spec: ServiceSpec {
                        ports: vec![ServicePort {
                            port: 80,
                            ..Default::default()
                        }],
                        ..Default::default()
                    },
                    ..Default::default()
                }),
                &WriteOptions::default()
            ) {
                Err(e) => e.message,
                Ok(_) => panic!("invalid name accepted"),
            }
        ),
    );
    // Unknown generator: DefaultSubCommandRun's RequireNoArguments.
    fails(
        &k(&mut c, "kubectl create service foo"),
        "error: unknown command \"foo\"\nSee 'kubectl create service -h' for help and examples\n",
    );
    // No generator: the help, on stderr, exit 1.
    let o = k(&mut c, "kubectl create service");
    assert_eq!(o.status, 1);
    assert!(o.stdout.is_empty());
    assert!(
        o.stderr
            .starts_with("Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn create_service_unmodelled_flags_are_refused() {
    let mut c = setup();
    fails(
        &k(&mut c, "kubectl create service clusterip x --tcp=80 --save-config"),
        "error: \"kubectl create service clusterip --save-config\" is not available in this simulator\n",
    );
    fails(
        &k(&mut c, "kubectl create service nodeport x --tcp=80 --validate=false"),
        "error: \"kubectl create service nodeport --validate\" is not available in this simulator\n",
    );
    assert!(c.api().get(Kind::Service, "default", "x").is_err());
}

#[test]
fn create_service_dry_run_and_output_name() {
    let mut c = setup();
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip d --tcp=80 --dry-run=client",
        ),
        "service/d created (dry run)\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip d --tcp=80 --dry-run=server",
        ),
        "service/d created (server dry run)\n",
    );
    assert!(c.api().get(Kind::Service, "default", "d").is_err());
    ok(
        &k(
            &mut c,
            "kubectl create service clusterip d --tcp=80 -o name",
        ),
        "service/d\n",
    );
    assert!(c.api().get(Kind::Service, "default", "d").is_ok());
}

// ---------------------------------------------------------------- expose

#[test]
fn expose_a_statefulset_is_kubectls_error() {
    // canBeExposed lists ReplicationController, Service, Pod, Deployment and ReplicaSet only.
    let mut c = setup();
    fails(
        &k(
            &mut c,
            "kubectl expose statefulset web --port=80 --name=web-svc",
        ),
        "error: cannot expose a StatefulSet.apps\n",
    );
    fails(
        &k(&mut c, "kubectl expose sts/web --cluster-ip=None"),
        "error: cannot expose a StatefulSet.apps\n",
    );
    // The object is checked before the service type is looked at.
    fails(
        &k(
            &mut c,
            "kubectl expose sts web --port=80 --type=NodePort --name=web-np",
        ),
        "error: cannot expose a StatefulSet.apps\n",
    );
    fails(
        &k(&mut c, "kubectl expose pvc www-web-0 --port=80"),
        "error: cannot expose a PersistentVolumeClaim\n",
    );
    assert!(c.api().get(Kind::Service, "default", "web-svc").is_err());
}

#[test]
fn expose_a_deployment_copies_selector_port_and_labels() {
    let mut c = setup();
    ok(
        &k(
            &mut c,
            "kubectl create deployment hello --image=nginx --port=8080",
        ),
        "deployment.apps/hello created\n",
    );
    ok(
        &k(&mut c, "kubectl expose deployment hello"),
        "service/hello exposed\n",
    );
    let s = svc(&c, "hello");
    assert_eq!(s.metadata.labels, labels(&[("app", "hello")]));
    assert_eq!(s.spec.selector, labels(&[("app", "hello")]));
    assert_eq!(s.spec.ports.len(), 1);
    let p = &s.spec.ports[0];
    assert_eq!(
        (p.name.as_str(), p.port, p.protocol.as_str()),
        ("", 8080, "TCP")
    );
    assert_eq!(p.target_port, Some(IntOrString::Int(8080)));

    ok(
        &k(
            &mut c,
            "kubectl expose deploy/hello --port=80 --target-port=http --name=hello-http --protocol=UDP --labels=team=a,tier=web",
        ),
        "service/hello-http exposed\n",
    );
    let s = svc(&c, "hello-http");
    assert_eq!(s.metadata.labels, labels(&[("team", "a"), ("tier", "web")]));
    let p = &s.spec.ports[0];
    assert_eq!((p.port, p.protocol.as_str()), (80, "UDP"));
    assert_eq!(p.target_port, Some(IntOrString::String("http".into())));

    // The server's own error comes back as it is.
    fails(
        &k(&mut c, "kubectl expose deployment hello"),
        "Error from server (AlreadyExists): services \"hello\" already exists\n",
    );
    fails(
        &k(&mut c, "kubectl expose deployment nope --port=80"),
        "Error from server (NotFound): deployments.apps \"nope\" not found\n",
    );
}

#[test]
fn expose_without_a_port() {
    let mut c = setup();
    ok(
        &k(&mut c, "kubectl create deployment noport --image=nginx"),
        "deployment.apps/noport created\n",
    );
    fails(
        &k(&mut c, "kubectl expose deployment noport"),
        "error: couldn't find port via --port flag or introspection\n",
    );
    // A headless service needs no port.
    ok(
        &k(
            &mut c,
            "kubectl expose deployment noport --cluster-ip=None --name=noport-hl",
        ),
        "service/noport-hl exposed\n",
    );
    let s = svc(&c, "noport-hl");
    assert!(s.is_headless());
    assert!(s.spec.ports.is_empty());
    fails(
        &k(&mut c, "kubectl expose deployment noport --port=http"),
        "error: strconv.Atoi: parsing \"http\": invalid syntax\n",
    );
}

#[test]
fn expose_several_ports_and_protocols() {
    let mut c = setup();
    ok(
        &kf(&mut c, "kubectl apply -f dns.yaml"),
        "deployment.apps/dns created\n",
    );
    ok(
        &kf(&mut c, "kubectl expose deploy dns"),
        "service/dns exposed\n",
    );
    let ports: Vec<(String, i32, String)> = svc(&c, "dns")
        .spec
        .ports
        .iter()
        .map(|p| (p.name.clone(), p.port, p.protocol.clone()))
        .collect();
    assert_eq!(
        ports,
        vec![
            ("port-1-tcp".into(), 53, "TCP".into()),
            ("port-1-udp".into(), 53, "UDP".into()),
            ("port-2".into(), 9153, "TCP".into()),
        ]
    );
    // The deployment's own labels, not its selector's.
    assert_eq!(svc(&c, "dns").metadata.labels, labels(&[("tier", "infra")]));
    ok(
        &kf(&mut c, "kubectl apply -f expr.yaml"),
        "deployment.apps/expr created\n",
    );
    fails(
        &kf(&mut c, "kubectl expose deploy expr"),
        "error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - \"[{Key:app Operator:In Values:[expr]}]\" to map-based selector format\n",
    );
    ok(
        &kf(&mut c, "kubectl expose deploy expr --selector=app=expr"),
        "service/expr exposed\n",
    );
}

#[test]
fn expose_a_service_and_a_pod() {
    let mut c = setup();
    // The headless nginx service of the tutorial, as a second ClusterIP service.
    ok(
        &k(
            &mut c,
            "kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https",
        ),
        "service/nginx-https exposed\n",
    );
    let s = svc(&c, "nginx-https");
    assert_eq!(s.spec.selector, labels(&[("app", "nginx")]));
    assert_eq!(s.metadata.labels, labels(&[("app", "nginx")]));
    assert_ne!(s.spec.cluster_ip, "None");
    // A StatefulSet's pods can be exposed one by one (their labels become the selector).
    ok(
        &k(
            &mut c,
            "kubectl expose pod web-0 --port=444 --name=frontend",
        ),
        "service/frontend exposed\n",
    );
    let s = svc(&c, "frontend");
    assert_eq!(
        s.spec.selector.get("app").map(String::as_str),
        Some("nginx")
    );
    assert_eq!(
        s.spec
            .selector
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str),
        Some("web-0")
    );
    make_pod(&mut c, "bare", &[], false);
    fails(
        &k(&mut c, "kubectl expose pod bare --port=80"),
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n",
    );
    fails(
        &k(&mut c, "kubectl expose pod bare --port=80 --selector=app"),
        "error: unexpected label spec: app\n",
    );
}

#[test]
fn expose_flags_and_modes() {
    let mut c = setup();
    k(
        &mut c,
        "kubectl create deployment hello --image=nginx --port=80",
    );
    ok(
        &k(&mut c, "kubectl expose deployment hello --dry-run=client"),
        "service/hello exposed (dry run)\n",
    );
    ok(
        &k(&mut c, "kubectl expose deployment hello --dry-run=server"),
        "service/hello exposed (server dry run)\n",
    );
    assert!(c.api().get(Kind::Service, "default", "hello").is_err());
    ok(
        &k(&mut c, "kubectl expose deployment hello -o name"),
        "service/hello\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl expose deployment hello --name=x --session-affinity=Sticky",
        ),
        "error: unknown session affinity: Sticky\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl expose deployment hello --name=x --external-ip=1.2.3.4",
        ),
        "error: \"kubectl expose --external-ip\" is not available in this simulator\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl expose deployment hello --name=x --type=ClusterIP --session-affinity=None",
        ),
        "service/x exposed\n",
    );
    fails(
        &k(&mut c, "kubectl expose"),
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
}

// ---------------------------------------------------------------- set resources

fn nginx_resources(c: &Cluster) -> ResourceRequirements {
    sts(c).spec.template.spec.containers[0].resources.clone()
}

#[test]
fn set_resources_rolls_the_statefulset() {
    let mut c = setup();
    let before = sts(&c).status.update_revision.clone();
    ok(
        &k(
            &mut c,
            "kubectl set resources statefulset web -c=nginx --limits=cpu=200m,memory=512Mi",
        ),
        "statefulset.apps/web resource requirements updated\n",
    );
    let r = nginx_resources(&c);
    assert_eq!(r.limits.get("cpu"), Some(&Quantity::new("200m")));
    assert_eq!(r.limits.get("memory"), Some(&Quantity::new("512Mi")));
    // Requests default to limits on a Pod only (SetDefaults_Pod), never on the template.
    assert!(r.requests.is_empty(), "template requests: {:?}", r.requests);
    // The template changed, so the controller rolls the set: a new revision, every pod on it.
    let o = k(&mut c, "kubectl rollout status sts/web");
    assert_eq!(o.status, 0, "{o:?}");
    assert!(
        o.stdout
            .ends_with("partitioned roll out complete: 2 new pods have been updated...\n"),
        "{}",
        o.stdout
    );
    let s = sts(&c);
    assert_ne!(s.status.update_revision, before);
    assert_eq!(s.status.updated_replicas, 2);
    assert_eq!(s.status.current_revision, s.status.update_revision);
    for pod in ["web-0", "web-1"] {
        let Ok(Object::Pod(p)) = c.api().get(Kind::Pod, "default", pod) else {
            panic!("no {pod}")
        };
        assert_eq!(
            p.spec.containers[0].resources.limits.get("cpu"),
            Some(&Quantity::new("200m"))
        );
        assert_eq!(
            p.spec.containers[0].resources.requests.get("memory"),
            Some(&Quantity::new("512Mi")),
            "{pod} requests its limits"
        );
        assert_eq!(
            p.metadata.labels.get("controller-revision-hash"),
            Some(&s.status.update_revision)
        );
    }
    let h = k(&mut c, "kubectl rollout history sts/web");
    assert_eq!(
        h.stdout,
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    // The same values again: no change, so no patch and no output.
    ok(
        &k(
            &mut c,
            "kubectl set resources statefulset web -c=nginx --limits=cpu=200m,memory=512Mi",
        ),
        "",
    );
}

#[test]
fn set_resources_writes_canonical_quantities_and_keeps_other_keys() {
    let mut c = setup();
    ok(
        &k(
            &mut c,
            "kubectl set resources sts/web --limits=cpu=1000m,memory=1024Mi --requests=cpu=0.5",
        ),
        "statefulset.apps/web resource requirements updated\n",
    );
    let r = nginx_resources(&c);
    assert_eq!(r.limits.get("cpu"), Some(&Quantity::new("1")));
    assert_eq!(r.limits.get("memory"), Some(&Quantity::new("1Gi")));
    assert_eq!(r.requests.get("cpu"), Some(&Quantity::new("500m")));
    ok(
        &k(
            &mut c,
            "kubectl set resources sts/web --requests=memory=256Mi",
        ),
        "statefulset.apps/web resource requirements updated\n",
    );
    let r = nginx_resources(&c);
    assert_eq!(r.requests.get("cpu"), Some(&Quantity::new("500m")));
    assert_eq!(r.requests.get("memory"), Some(&Quantity::new("256Mi")));
    // The server's validation still applies (request above limit).
    let o = k(&mut c, "kubectl set resources sts/web --requests=cpu=2");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr
            .starts_with("error: failed to patch resources update to pod template StatefulSet.apps \"web\" is invalid: "),
        "{}",
        o.stderr
    );
}

#[test]
fn set_resources_on_a_deployment_and_modes() {
    let mut c = setup();
    k(&mut c, "kubectl create deployment hello --image=nginx");
    ok(
        &k(
            &mut c,
            "kubectl set resources deployment hello --limits=cpu=200m --dry-run=client",
        ),
        "deployment.apps/hello resource requirements updated (dry run)\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl set resources deployment hello --limits=cpu=200m --dry-run=server",
        ),
        "deployment.apps/hello resource requirements updated (server dry run)\n",
    );
    ok(
        &k(
            &mut c,
            "kubectl set resources deployment hello --limits=cpu=200m -o name",
        ),
        "deployment.apps/hello\n",
    );
    let Ok(Object::Deployment(d)) = c.api().get(Kind::Deployment, "default", "hello") else {
        panic!()
    };
    assert_eq!(
        d.spec.template.spec.containers[0]
            .resources
            .limits
            .get("cpu"),
        Some(&Quantity::new("200m"))
    );
    fails(
        &k(
            &mut c,
            "kubectl set resources deployment hello --limits=cpu=1 --local",
        ),
        "error: \"kubectl set resources --local\" is not available in this simulator\n",
    );
}

#[test]
fn set_resources_errors_are_kubectls() {
    let mut c = setup();
    let o = k(&mut c, "kubectl set resources pod web-0 --limits=cpu=300m");
    assert_eq!(o.status, 1);
    assert!(o.stderr.starts_with("error: failed to patch resources update to pod template Pod \"web-0\" is invalid: spec: Forbidden: pod updates may not change fields other than "), "{}", o.stderr);
    fails(
        &k(&mut c, "kubectl set resources svc nginx --limits=cpu=300m"),
        "error: services/nginx the object is not a pod or does not have a pod template: *v1.Service\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl set resources sts web -c=foo --limits=cpu=300m",
        ),
        "error: unable to find container named foo\n",
    );
    fails(
        &k(&mut c, "kubectl set resources sts web"),
        "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n",
    );
    fails(
        &k(&mut c, "kubectl set resources sts web --limits=cpu"),
        "error: Invalid argument syntax cpu, expected <resource>=<value>\n",
    );
    fails(
        &k(&mut c, "kubectl set resources sts web --limits=cpu=abc"),
        "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
    );
    fails(
        &k(&mut c, "kubectl set resources sts web --limits=cpu=1mm"),
        "error: unable to parse quantity's suffix\n",
    );
    fails(
        &k(&mut c, "kubectl set resources sts nope --limits=cpu=1"),
        "Error from server (NotFound): statefulsets.apps \"nope\" not found\n",
    );
    fails(
        &k(
            &mut c,
            "kubectl set resources sts --all -l app=nginx --limits=cpu=1",
        ),
        "error: cannot set --all and --selector at the same time\n",
    );
    // Two errors: one line each, as MultipleErrors prints them.
    let o = k(
        &mut c,
        "kubectl set resources svc/nginx sts/web -c=foo --limits=cpu=1",
    );
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "error: unable to find container named foo\nerror: services/nginx the object is not a pod or does not have a pod template: *v1.Service\n\n",
            1
        )
    );
    // Nothing changed by any of these.
    assert!(nginx_resources(&c).limits.is_empty());
    // Every set (`--all`); a selector that matches no set changes nothing and prints nothing
    // (web's own metadata has no labels, only its pod template has).
    ok(
        &k(
            &mut c,
            "kubectl set resources sts -l app=nginx --limits=cpu=1",
        ),
        "",
    );
    ok(
        &k(&mut c, "kubectl set resources sts --all --limits=cpu=1"),
        "statefulset.apps/web resource requirements updated\n",
    );
}

#[test]
fn set_without_a_known_subcommand() {
    let mut c = Cluster::new(5);
    fails(
        &k(&mut c, "kubectl set foo web"),
        "error: unknown command \"foo web\"\nSee 'kubectl set -h' for help and examples\n",
    );
    fails(
        &k(&mut c, "kubectl set env sts/web A=1"),
        "error: \"kubectl set env\" is not available in this simulator\n",
    );
    let o = k(&mut c, "kubectl set");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr.starts_with("Configure application resources.\n"),
        "{}",
        o.stderr
    );
}

// ---------------------------------------------------------------- help and completion

#[test]
fn help_texts_come_from_kubectl_v0_35_7() {
    let mut c = Cluster::new(5);
    let h = k(&mut c, "kubectl expose --help").stdout;
    assert!(h.starts_with("Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name"), "{h}");
    assert!(h.contains("\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)\n\nExamples:\n"), "{h}");
    assert!(h.contains("Usage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]\n"), "{h}");

    let h = k(&mut c, "kubectl create service --help").stdout;
    assert_eq!(h, "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n");
    let h = k(&mut c, "kubectl create service clusterip -h").stdout;
    assert!(h.starts_with("Create a ClusterIP service with the specified name.\n\nExamples:\n  # Create a new ClusterIP service named my-cs\n  kubectl create service clusterip my-cs --tcp=5678:8080\n  \n  # Create a new ClusterIP service named my-cs (in headless mode)\n  kubectl create service clusterip my-cs --clusterip=\"None\"\n\nUsage:\n  kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]\n"), "{h}");
    let h = k(&mut c, "kubectl create svc clusterip -h").stdout;
    assert!(h.starts_with("Create a ClusterIP service"), "{h}");

    let h = k(&mut c, "kubectl set resources --help").stdout;
    assert!(h.starts_with("Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod"), "{h}");
    assert!(h.contains(" Possible resources include (case insensitive): Use \"kubectl api-resources\" for a complete list of supported resources..\n"), "{h}");
    assert!(h.contains("Usage:\n  kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]\n"), "{h}");
    let h = k(&mut c, "kubectl set --help").stdout;
    assert!(
        h.contains(
            "  resources        Update resource requests/limits on objects with pod templates\n"
        ),
        "{h}"
    );
}

#[test]
fn completion_offers_the_new_commands() {
    let c = setup();
    let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "exp"]), &c),
        vec!["explain".to_string(), "expose".to_string()]
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "create", "se"]), &c),
        vec!["service".to_string()]
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "create", "service", ""]), &c),
        vec!["clusterip".to_string()]
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "set", "r"]), &c),
        vec!["resources".to_string()]
    );
    assert_eq!(
        kubectl::complete(&w(&["kubectl", "expose", "d"]), &c),
        vec!["deployment".to_string()]
    );
    assert!(
        kubectl::complete(&w(&["kubectl", "expose", "deploy", "--ta"]), &c)
            .contains(&"--target-port".to_string())
    );
    assert!(
        kubectl::complete(&w(&["kubectl", "set", "resources", "--li"]), &c)
            .contains(&"--limits".to_string())
    );
    assert!(kubectl::complete(
        &w(&["kubectl", "create", "service", "clusterip", "x", "--t"]),
        &c
    )
    .contains(&"--tcp".to_string()));
}
