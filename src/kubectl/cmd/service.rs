//! `kubectl create service clusterip NAME [--tcp=port:targetPort] [--clusterip=IP|None]` and
//! `kubectl expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--protocol] [--name]
//! [--selector] [--labels] [--type=ClusterIP] [--cluster-ip] [--session-affinity=None]`.
//!
//! Both follow kubernetes/kubectl v0.35.7: `pkg/cmd/create/create_service.go` and
//! `pkg/cmd/expose/expose.go` with the introspection helpers of `pkg/polymorphichelpers`
//! (`canbeexposed.go`, `mapbasedselectorforobject.go`, `portsforobject.go`,
//! `multiprotocolsforobject.go`). The simulator's Service has no node ports, load balancers,
//! external names or external IPs, so those service types and flags are refused.

use super::scale::targets;
use super::{api_error_text, namespace, parse_flags, usage_error, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::{help, KubectlCtx, Output};
use crate::sim::*;
use std::collections::BTreeMap;

/// kubectl's flags for `create service clusterip` (PrintFlags, `--save-config`, `--validate`,
/// `--tcp`, `--clusterip`, `--field-manager`, `--dry-run`).
pub const CLUSTERIP_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("tcp", None, FlagKind::Array),
    FlagSpec::new("clusterip", None, FlagKind::Str),
    FlagSpec::unmodelled("save-config", None, FlagKind::Bool),
    FlagSpec::unmodelled("validate", None, FlagKind::OptStr),
    FlagSpec::unmodelled("field-manager", None, FlagKind::Str),
    FlagSpec::unmodelled("template", None, FlagKind::Str),
    FlagSpec::unmodelled("allow-missing-template-keys", None, FlagKind::Bool),
    FlagSpec::unmodelled("show-managed-fields", None, FlagKind::Bool),
];

/// kubectl's flags for `expose`.
pub const EXPOSE_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("protocol", None, FlagKind::Str),
    FlagSpec::new("port", None, FlagKind::Str),
    FlagSpec::new("type", None, FlagKind::Str),
    FlagSpec::new("selector", None, FlagKind::Str),
    FlagSpec::new("labels", Some('l'), FlagKind::Str),
    FlagSpec::new("target-port", None, FlagKind::Str),
    FlagSpec::new("name", None, FlagKind::Str),
    FlagSpec::new("session-affinity", None, FlagKind::Str),
    FlagSpec::new("cluster-ip", None, FlagKind::Str),
    FlagSpec::unmodelled("load-balancer-ip", None, FlagKind::Str),
    FlagSpec::unmodelled("external-ip", None, FlagKind::Str),
    FlagSpec::unmodelled("field-manager", None, FlagKind::Str),
    FlagSpec::unmodelled("overrides", None, FlagKind::Str),
    FlagSpec::unmodelled("override-type", None, FlagKind::Str),
    FlagSpec::unmodelled("save-config", None, FlagKind::Bool),
    FlagSpec::unmodelled("record", None, FlagKind::Bool),
    FlagSpec::unmodelled("filename", Some('f'), FlagKind::Array),
    FlagSpec::unmodelled("kustomize", Some('k'), FlagKind::Str),
    FlagSpec::unmodelled("recursive", Some('R'), FlagKind::Bool),
    FlagSpec::unmodelled("template", None, FlagKind::Str),
    FlagSpec::unmodelled("allow-missing-template-keys", None, FlagKind::Bool),
    FlagSpec::unmodelled("show-managed-fields", None, FlagKind::Bool),
];

/// `kubectl create service …`.
pub fn run_create_service(rest: &[String], cx: &mut KubectlCtx) -> Output {
    match rest.first().map(String::as_str) {
        Some("clusterip") => create_clusterip(&rest[1..], cx),
        Some(t @ ("nodeport" | "loadbalancer" | "externalname")) => Output::err(format!(
            "error: \"kubectl create service {t}\" is not available in this simulator"
        )),
        // Anything else: cmdutil.DefaultSubCommandRun.
        _ => super::default_sub_command_run(
            "kubectl create service",
            rest,
            help::for_command("create", Some("service")),
        ),
    }
}

/// `NameFromCommandArgs`: exactly one NAME before `--`.
fn one_name(p: &Parsed, path: &str) -> Result<String, Output> {
    let args = p.args_before_dash();
    if args.len() != 1 {
        return Err(usage_error(
            path,
            &format!("exactly one NAME is required, got {}", args.len()),
        ));
    }
    Ok(args[0].clone())
}

/// Go's `strconv.Atoi` (decimal, optional sign, int64 range) with its error text.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing \"{s}\": invalid syntax"));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing \"{s}\": value out of range"))
}

/// `create_service.go` `parsePorts`: `port[:targetPort]`.
fn parse_ports(spec: &str) -> Result<(i32, IntOrString), String> {
    let parts: Vec<&str> = spec.split(':').collect();
    // utilsnet.ParsePort(s, true): strconv.ParseUint(s, 10, 16).
    let p0 = parts[0];
    if p0.is_empty() || !p0.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseUint: parsing \"{p0}\": invalid syntax"
        ));
    }
    let port: i32 = match p0.parse::<u64>() {
        Ok(v) if v <= 65535 => v as i32,
        _ => {
            return Err(format!(
                "strconv.ParseUint: parsing \"{p0}\": value out of range"
            ))
        }
    };
    if parts.len() == 1 {
        return Ok((port, IntOrString::Int(port)));
    }
    let t = parts[1];
    let target = match atoi(t) {
        Err(_) => {
            let errs = port_name_errors(t);
            if !errs.is_empty() {
                return Err(errs.join(","));
            }
            IntOrString::String(t.to_string())
        }
        Ok(n) => {
            if !(1..=65535).contains(&n) {
                return Err("must be between 1 and 65535, inclusive".to_string());
            }
            IntOrString::Int(n as i32)
        }
    };
    Ok((port, target))
}

fn create_clusterip(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let path = "kubectl create service clusterip";
    let p = match parse_flags(path, rest, CLUSTERIP_FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // Complete: the name, then the dry-run strategy and the printer.
    let name = match one_name(&p, path) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse(&p, path) {
        Ok(m) => m,
        Err(o) => return o,
    };
    // Validate.
    let tcp = crate::kubectl::args::split_commas(&p.all("tcp"));
    let cluster_ip = p.str("clusterip").unwrap_or_default().to_string();
    if cluster_ip != "None" && tcp.is_empty() {
        return Output::err("error: at least one tcp port specifier must be provided");
    }
    // Run: createService.
    let mut ports = Vec::new();
    for t in &tcp {
        let (port, target) = match parse_ports(t) {
            Ok(x) => x,
            Err(e) => return Output::err(format!("error: {e}")),
        };
        ports.push(ServicePort {
            name: t.replace(':', "-"),
            port,
            target_port: Some(target),
            protocol: "TCP".into(),
            ..Default::default()
        });
    }
    let ns = namespace(&p, cx);
    let app: BTreeMap<String, String> = [("app".to_string(), name.clone())].into_iter().collect();
    let svc = Service {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: ns,
            labels: app.clone(),
            ..Default::default()
        },
        spec: ServiceSpec {
            type_: "ClusterIP".into(),
            selector: app,
            ports,
            cluster_ip,
            ..Default::default()
        },
        ..Default::default()
    };
    if mode.sends() {
        let res = cx
            .cluster
            .api_mut()
            .create(Object::Service(svc), &mode.options());
        cx.cluster.settle();
        if let Err(e) = res {
            return Output::err(format!(
                "error: failed to create ClusterIP service: {}",
                e.message
            ));
        }
    }
    Output::out(mode.line(Kind::Service, &name, "created"))
}

/// An error a command collects; rendered as `cmdutil.CheckErr` does (one error: its standard
/// message; several: one line each, without the `error: ` kubectl adds to a lone plain error).
pub enum Collected {
    Api(ApiError),
    Plain(String),
}

pub fn render_collected(errs: &[Collected]) -> String {
    match errs {
        [] => String::new(),
        [Collected::Api(e)] => format!("{}\n", api_error_text(e)),
        [Collected::Plain(m)] => {
            let mut s = if m.starts_with("error: ") {
                m.clone()
            } else {
                format!("error: {m}")
            };
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        many => {
            let mut s = String::new();
            for e in many {
                match e {
                    Collected::Api(e) => s.push_str(&format!(
                        "Error from server ({}): {}",
                        e.reason.as_str(),
                        e.message
                    )),
                    Collected::Plain(m) => s.push_str(m),
                }
                s.push('\n');
            }
            s
        }
    }
}

/// `polymorphichelpers.MakeLabels` + `parseLabels` round trip: the map itself.
fn parse_labels(spec: &str) -> Result<BTreeMap<String, String>, String> {
    if spec.is_empty() {
        return Err("no label spec passed".into());
    }
    let mut out = BTreeMap::new();
    for item in spec.split(',') {
        let kv: Vec<&str> = item.split('=').collect();
        if kv.len() != 2 {
            return Err(format!("unexpected label spec: {item}"));
        }
        if kv[0].is_empty() {
            return Err("unexpected empty label key".into());
        }
        out.insert(kv[0].to_string(), kv[1].to_string());
    }
    Ok(out)
}

fn make_labels(m: &BTreeMap<String, String>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Go's `%+v` of `[]metav1.LabelSelectorRequirement`.
fn go_requirements(reqs: &[LabelSelectorRequirement]) -> String {
    let items: Vec<String> = reqs
        .iter()
        .map(|r| {
            format!(
                "{{Key:{} Operator:{} Values:[{}]}}",
                r.key,
                r.operator,
                r.values.join(" ")
            )
        })
        .collect();
    format!("[{}]", items.join(" "))
}

/// `mapBasedSelectorForObject` for the kinds the simulator has.
fn selector_for(obj: &Object) -> Result<String, String> {
    let workload = |sel: &Option<LabelSelector>, what: &str| -> Result<String, String> {
        match sel {
            Some(s) if !s.match_labels.is_empty() => {
                if !s.match_expressions.is_empty() {
                    return Err(format!(
                        "couldn't convert expressions - \"{}\" to map-based selector format",
                        go_requirements(&s.match_expressions)
                    ));
                }
                Ok(make_labels(&s.match_labels))
            }
            _ => Err(format!(
                "invalid {what}: no selectors, therefore cannot be exposed"
            )),
        }
    };
    match obj {
        Object::Pod(p) => {
            if p.metadata.labels.is_empty() {
                Err("the pod has no labels and cannot be exposed".into())
            } else {
                Ok(make_labels(&p.metadata.labels))
            }
        }
        Object::Service(s) => {
            if s.spec.selector.is_empty() {
                Err("the service has no pod selector set".into())
            } else {
                Ok(make_labels(&s.spec.selector))
            }
        }
        Object::Deployment(d) => workload(&d.spec.selector, "deployment"),
        Object::ReplicaSet(r) => workload(&r.spec.selector, "replicaset"),
        _ => Err(String::new()),
    }
}

/// `portsForObject` (`getPorts` / `getServicePorts`): distinct ports in order.
fn ports_for(obj: &Object) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |p: i32| {
        let s = p.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    };
    match obj {
        Object::Service(s) => s.spec.ports.iter().for_each(|p| push(p.port)),
        other => {
            if let Some(spec) = pod_spec(other) {
                for c in &spec.containers {
                    for p in &c.ports {
                        push(p.container_port);
                    }
                }
            }
        }
    }
    out
}

fn pod_spec(obj: &Object) -> Option<&PodSpec> {
    match obj {
        Object::Pod(p) => Some(&p.spec),
        Object::Deployment(d) => Some(&d.spec.template.spec),
        Object::ReplicaSet(r) => Some(&r.spec.template.spec),
        Object::StatefulSet(s) => Some(&s.spec.template.spec),
        _ => None,
    }
}

/// `multiProtocolsForObject`: port → protocols (TCP when empty), in the order seen.
fn protocols_for(obj: &Object) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |port: i32, proto: &str| {
        let proto = if proto.is_empty() { "TCP" } else { proto };
        let key = port.to_string();
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(proto.to_string()),
            None => out.push((key, vec![proto.to_string()])),
        }
    };
    match obj {
        Object::Service(s) => s.spec.ports.iter().for_each(|p| add(p.port, &p.protocol)),
        other => {
            if let Some(spec) = pod_spec(other) {
                for c in &spec.containers {
                    for p in &c.ports {
                        add(p.container_port, &p.protocol);
                    }
                }
            }
        }
    }
    out
}

/// The options `RunExpose` carries from one exposed object to the next (upstream keeps the
/// selector, port(s), protocols and labels it derived from the first object).
struct Expose {
    name: String,
    default_name: String,
    selector: String,
    port: String,
    ports: String,
    labels: String,
    type_: String,
    protocol: String,
    protocols: Vec<(String, Vec<String>)>,
    target_port: String,
    session_affinity: String,
    cluster_ip: String,
}

impl Expose {
    /// `createService`.
    fn service(&self, ns: &str) -> Result<Service, String> {
        if self.selector.is_empty() {
            return Err("selector must be specified".into());
        }
        let selector = parse_labels(&self.selector)?;
        let labels = if self.labels.is_empty() {
            BTreeMap::new()
        } else {
            parse_labels(&self.labels)?
        };
        let name = if self.name.is_empty() {
            if self.default_name.is_empty() {
                return Err("name must be specified".into());
            }
            self.default_name.clone()
        } else {
            self.name.clone()
        };
        let port_string = if self.ports.is_empty() {
            &self.port
        } else {
            &self.ports
        };
        let mut ports: Vec<ServicePort> = Vec::new();
        if !port_string.is_empty() {
            let list: Vec<&str> = port_string.split(',').collect();
            for (i, s) in list.iter().enumerate() {
                let port = atoi(s)? as i32;
                let pname = if list.len() > 1 {
                    format!("port-{}", i + 1)
                } else {
                    String::new()
                };
                let mut protocol = self.protocol.clone();
                if protocol.is_empty() && self.protocols.is_empty() {
                    protocol = "TCP".into();
                } else if protocol.is_empty() {
                    protocol = "TCP".into();
                    if let Some((_, found)) = self.protocols.iter().find(|(k, _)| k == s) {
                        if found.len() == 1 {
                            protocol = found[0].clone();
                        } else {
                            for pr in found {
                                ports.push(ServicePort {
                                    name: format!("port-{}-{}", i + 1, pr.to_lowercase()),
                                    port,
                                    protocol: pr.clone(),
                                    ..Default::default()
                                });
                            }
                            continue;
                        }
                    }
                }
                ports.push(ServicePort {
                    name: pname,
                    port,
                    protocol,
                    ..Default::default()
                });
            }
        }
        // The target port: --target-port for every port (intstr.Parse), else the port.
        for p in &mut ports {
            p.target_port = Some(if self.target_port.is_empty() {
                IntOrString::Int(p.port)
            } else {
                match atoi(&self.target_port) {
                    Ok(n) => IntOrString::Int(n as i32),
                    Err(_) => IntOrString::String(self.target_port.clone()),
                }
            });
        }
        let mut svc = Service {
            metadata: ObjectMeta {
                name,
                namespace: ns.to_string(),
                labels,
                ..Default::default()
            },
            spec: ServiceSpec {
                selector,
                ports,
                type_: self.type_.clone(),
                ..Default::default()
            },
            ..Default::default()
        };
        if !self.session_affinity.is_empty() {
            match self.session_affinity.as_str() {
                "None" => svc.spec.session_affinity = "None".into(),
                other => return Err(format!("unknown session affinity: {other}")),
            }
        }
        if !self.cluster_ip.is_empty() {
            svc.spec.cluster_ip = self.cluster_ip.clone();
        }
        Ok(svc)
    }
}

/// `kubectl expose`.
pub fn run_expose(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let path = "kubectl expose";
    let p = match parse_flags(path, rest, EXPOSE_FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse(&p, path) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let ns = namespace(&p, cx);
    let ts = match targets(p.args_before_dash(), None, false, &ns, cx) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let s = |f: &str| p.str(f).unwrap_or_default().to_string();
    let mut o = Expose {
        name: s("name"),
        default_name: String::new(),
        selector: s("selector"),
        port: s("port"),
        ports: String::new(),
        labels: s("labels"),
        type_: s("type"),
        protocol: s("protocol"),
        protocols: Vec::new(),
        target_port: s("target-port"),
        session_affinity: s("session-affinity"),
        cluster_ip: s("cluster-ip"),
    };
    let mut out = Output::default();
    let mut errs: Vec<Collected> = Vec::new();
    for (kind, name) in ts {
        let obj = match cx.cluster.api().get(kind, &ns, &name) {
            Ok(obj) => obj.clone(),
            Err(e) => {
                errs.push(Collected::Api(e));
                continue;
            }
        };
        if let Err(e) = expose_one(&mut o, &obj, &ns, &mode, cx, &mut out) {
            errs.push(e);
        }
    }
    cx.cluster.settle();
    out.stderr.push_str(&render_collected(&errs));
    if !errs.is_empty() {
        out.status = 1;
    }
    out
}

fn expose_one(
    o: &mut Expose,
    obj: &Object,
    ns: &str,
    mode: &WriteMode,
    cx: &mut KubectlCtx,
    out: &mut Output,
) -> Result<(), Collected> {
    let kind = obj.kind();
    // canBeExposed: ReplicationController, Service, Pod, Deployment, ReplicaSet.
    if !matches!(
        kind,
        Kind::Service | Kind::Pod | Kind::Deployment | Kind::ReplicaSet
    ) {
        let gk = if kind.group().is_empty() {
            kind.kind_name().to_string()
        } else {
            format!("{}.{}", kind.kind_name(), kind.group())
        };
        return Err(Collected::Plain(format!("cannot expose a {gk}")));
    }
    // DNS1035LabelMaxLength.
    o.default_name = obj.name().chars().take(63).collect();
    if o.selector.is_empty() {
        o.selector = selector_for(obj).map_err(|e| {
            Collected::Plain(format!(
                "couldn't retrieve selectors via --selector flag or introspection: {e}"
            ))
        })?;
    }
    let headless = o.cluster_ip == "None";
    if o.port.is_empty() {
        let ports = ports_for(obj);
        match ports.len() {
            0 => {
                if !headless {
                    return Err(Collected::Plain(
                        "couldn't find port via --port flag or introspection".into(),
                    ));
                }
            }
            1 => o.port = ports[0].clone(),
            _ => o.ports = ports.join(","),
        }
    }
    let protocols = protocols_for(obj);
    if !protocols.is_empty() {
        o.protocols = protocols;
    }
    if o.labels.is_empty() {
        o.labels = make_labels(&obj.meta().labels);
    }
    // Service types and affinities the simulator's Service does not carry, refused where
    // upstream's createService would first use them (after the object's own checks).
    if let t @ ("NodePort" | "LoadBalancer" | "ExternalName") = o.type_.as_str() {
        return Err(Collected::Plain(format!(
            "error: \"kubectl expose --type={t}\" is not available in this simulator"
        )));
    }
    if o.session_affinity == "ClientIP" {
        return Err(Collected::Plain(
            "error: \"kubectl expose --session-affinity=ClientIP\" is not available in this simulator".into(),
        ));
    }
    let svc = o.service(ns).map_err(Collected::Plain)?;
    let name = svc.metadata.name.clone();
    if mode.sends() {
        cx.cluster
            .api_mut()
            .create(Object::Service(svc), &mode.options())
            .map_err(Collected::Api)?;
    }
    out.stdout
        .push_str(&mode.line(Kind::Service, &name, "exposed"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_pairs_parse_as_kubectl_does() {
        assert_eq!(parse_ports("80"), Ok((80, IntOrString::Int(80))));
        assert_eq!(parse_ports("80:8080"), Ok((80, IntOrString::Int(8080))));
        assert_eq!(
            parse_ports("80:web"),
            Ok((80, IntOrString::String("web".into())))
        );
        assert_eq!(
            parse_ports("x:80"),
            Err("strconv.ParseUint: parsing \"x\": invalid syntax".into())
        );
        assert_eq!(
            parse_ports("70000"),
            Err("strconv.ParseUint: parsing \"70000\": value out of range".into())
        );
        assert_eq!(
            parse_ports("80:0"),
            Err("must be between 1 and 65535, inclusive".into())
        );
        assert_eq!(
            parse_ports("80:Web_1"),
            Err("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into())
        );
    }
}
