//! `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`, following
//! kubernetes/kubectl v0.35.7 `pkg/cmd/create/create_service.go`: one `ServiceOptions` per
//! type, the same `Validate` and `createService` for all four, and the created (or, with
//! `--dry-run=client`, the built) object printed by `-o name|yaml|json` or as
//! `service/NAME created`.

use super::{namespace, parse_flags, usage_error, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::{help, KubectlCtx, Output};
use crate::sim::*;
use std::collections::BTreeMap;

/// The flags every type shares (PrintFlags, `--save-config`, `--validate`, `--field-manager`,
/// `--dry-run`); `FLAGS_*` add each type's own.
macro_rules! service_flags {
    ($($own:expr),* $(,)?) => {
        &[
            FlagSpec::new("output", Some('o'), FlagKind::Str),
            FlagSpec::new("dry-run", None, FlagKind::Str),
            FlagSpec::new("tcp", None, FlagKind::Array),
            $($own,)*
            FlagSpec::unmodelled("save-config", None, FlagKind::Bool),
            FlagSpec::unmodelled("validate", None, FlagKind::OptStr),
            FlagSpec::unmodelled("field-manager", None, FlagKind::Str),
            FlagSpec::unmodelled("template", None, FlagKind::Str),
            FlagSpec::unmodelled("allow-missing-template-keys", None, FlagKind::Bool),
            FlagSpec::unmodelled("show-managed-fields", None, FlagKind::Bool),
        ]
    };
}

/// `create service clusterip`: `--clusterip`.
pub const CLUSTERIP_FLAGS: &[FlagSpec] =
    service_flags![FlagSpec::new("clusterip", None, FlagKind::Str)];
/// `create service nodeport`: `--node-port`.
pub const NODEPORT_FLAGS: &[FlagSpec] =
    service_flags![FlagSpec::new("node-port", None, FlagKind::Int)];
/// `create service loadbalancer`: only the shared flags.
pub const LOADBALANCER_FLAGS: &[FlagSpec] = service_flags![];
/// `create service externalname`: `--external-name` (cobra-required).
pub const EXTERNALNAME_FLAGS: &[FlagSpec] =
    service_flags![FlagSpec::new("external-name", None, FlagKind::Str)];

/// `kubectl create service …`.
pub fn run_create_service(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let (type_, flags) = match rest.first().map(String::as_str) {
        Some("clusterip") => ("ClusterIP", CLUSTERIP_FLAGS),
        Some("nodeport") => ("NodePort", NODEPORT_FLAGS),
        Some("loadbalancer") => ("LoadBalancer", LOADBALANCER_FLAGS),
        Some("externalname") => ("ExternalName", EXTERNALNAME_FLAGS),
        // Anything else: cmdutil.DefaultSubCommandRun.
        _ => {
            return super::default_sub_command_run(
                "kubectl create service",
                rest,
                help::for_command("create", Some("service")),
            )
        }
    };
    create_service(type_, flags, &rest[1..], cx)
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
pub(super) fn atoi(s: &str) -> Result<i64, String> {
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

fn create_service(type_: &str, flags: &[FlagSpec], rest: &[String], cx: &mut KubectlCtx) -> Output {
    let path = format!("kubectl create service {}", type_.to_lowercase());
    let p = match parse_flags(&path, rest, flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // cobra's MarkFlagRequired, checked before Run.
    if type_ == "ExternalName" && !p.has("external-name") {
        return Output::err("error: required flag(s) \"external-name\" not set");
    }
    // Complete: the name, then the dry-run strategy and the printer.
    let name = match one_name(&p, &path) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse_printing(&p, &path) {
        Ok(m) => m,
        Err(o) => return o,
    };
    // Validate.
    let tcp = crate::kubectl::args::split_commas(&p.all("tcp"));
    let cluster_ip = p.str("clusterip").unwrap_or_default().to_string();
    let external_name = p.str("external-name").unwrap_or_default().to_string();
    // (Upstream's "ClusterIP=None can only be used with ClusterIP service type" cannot fire:
    // only `clusterip` has the flag.)
    if cluster_ip != "None" && tcp.is_empty() && type_ != "ExternalName" {
        return Output::err("error: at least one tcp port specifier must be provided");
    }
    if type_ == "ExternalName" && !crate::sim::api::is_dns1123_subdomain(&external_name) {
        return Output::err(format!(
            "error: invalid service external name {external_name}"
        ));
    }
    // Run: createService.
    let node_port = p.int("node-port").unwrap_or(0) as i32;
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
            node_port,
            ..Default::default()
        });
    }
    let app: BTreeMap<String, String> = [("app".to_string(), name.clone())].into_iter().collect();
    let svc = Service {
        metadata: ObjectMeta {
            name: name.clone(),
            // Only an explicit --namespace is written into the object (EnforceNamespace).
            namespace: p.str("namespace").unwrap_or_default().to_string(),
            labels: app.clone(),
            ..Default::default()
        },
        spec: ServiceSpec {
            type_: type_.into(),
            selector: app,
            ports,
            cluster_ip,
            external_name,
            ..Default::default()
        },
        // The zero ServiceStatus kubectl serialises: `status: {loadBalancer: {}}`.
        status: ServiceStatus {
            load_balancer: Some(serde_json::json!({})),
        },
        ..Default::default()
    };
    let mut obj = Object::Service(svc);
    if mode.sends() {
        obj.meta_mut().namespace = namespace(&p, cx);
        let res = cx.cluster.api_mut().create(obj, &mode.options());
        cx.cluster.settle();
        match res {
            Ok(o) => obj = o,
            Err(e) => {
                return Output::err(format!(
                    "error: failed to create {type_} service: {}",
                    e.message
                ))
            }
        }
    }
    Output::out(mode.print(&obj, "created"))
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
