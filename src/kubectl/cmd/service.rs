//! `kubectl expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--protocol] [--name]
//! [--selector] [--labels] [--type] [--cluster-ip] [--session-affinity=None]`
//! (`create service` is in `create_service.rs`).
//!
//! It follows kubernetes/kubectl v0.35.7 `pkg/cmd/expose/expose.go` with the introspection
//! helpers of `pkg/polymorphichelpers` (`canbeexposed.go`, `mapbasedselectorforobject.go`,
//! `portsforobject.go`, `multiprotocolsforobject.go`). Every `--type` is built; the API server
//! allocates node ports and validates (an ExternalName needs `spec.externalName`, which expose
//! cannot set). The simulator's Service has no external IPs, load-balancer IPs or ClientIP
//! affinity, so those flags are refused.

use super::create_service::atoi;
pub use super::create_service::CLUSTERIP_FLAGS;
use super::scale::targets;
use super::{api_error_text, namespace, parse_flags, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::*;
use std::collections::BTreeMap;

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
    /// `--namespace` given (kubectl's EnforceNamespace).
    enforce_namespace: bool,
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
    let mode = match WriteMode::parse_printing(&p, path) {
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
        enforce_namespace: p.str("namespace").is_some(),
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
    // An affinity the simulator's Service does not carry, refused where upstream's
    // createService would first use it (after the object's own checks).
    if o.session_affinity == "ClientIP" {
        return Err(Collected::Plain(
            "error: \"kubectl expose --session-affinity=ClientIP\" is not available in this simulator".into(),
        ));
    }
    let mut svc = o.service(ns).map_err(Collected::Plain)?;
    // The zero ServiceStatus kubectl serialises: `status: {loadBalancer: {}}`.
    svc.status.load_balancer = Some(serde_json::json!({}));
    let mut obj = Object::Service(svc);
    if mode.sends() {
        obj = cx
            .cluster
            .api_mut()
            .create(obj, &mode.options())
            .map_err(Collected::Api)?;
    } else if !o.enforce_namespace {
        // A client dry run names the namespace only when --namespace was given.
        obj.meta_mut().namespace.clear();
    }
    out.stdout.push_str(&mode.print(&obj, "exposed"));
    Ok(())
}
