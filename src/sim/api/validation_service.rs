//! Service validation (kube-apiserver v1.35 `ValidateService` and `ValidateServiceUpdate`):
//! type, ExternalName's `externalName`, ports, node ports, and the immutable cluster IP.

use super::validation::{is_dns1123_label, port_name_errors, DNS1123_LABEL_MSG};
use super::validation_kinds::raw_invalid;
use super::FieldError;
use crate::sim::objects::*;

pub(super) fn validate_service(s: &Service, old: Option<&Object>, errs: &mut Vec<FieldError>) {
    let spec = &s.spec;
    if !["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].contains(&spec.type_.as_str()) {
        errs.push(FieldError::not_supported(
            "spec.type",
            &spec.type_,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
    }
    if spec.type_ == "ExternalName" {
        // Set by the user only: the server allocates no cluster IP for an ExternalName.
        if !spec.cluster_ips.is_empty() || !spec.cluster_ip.is_empty() {
            errs.push(FieldError::forbidden(
                "spec.clusterIPs",
                "may not be set for ExternalName services",
            ));
        }
        // The value (a CNAME) may end in a dot to say it is fully qualified.
        let cname = spec
            .external_name
            .strip_suffix('.')
            .unwrap_or(&spec.external_name);
        if cname.is_empty() {
            errs.push(FieldError::required("spec.externalName", ""));
        } else if !super::validation::is_dns1123_subdomain(cname) {
            errs.push(FieldError::invalid(
                "spec.externalName",
                cname,
                super::validation::DNS1123_SUBDOMAIN_MSG,
            ));
        }
    }
    if spec.ports.is_empty() && spec.cluster_ip != "None" && spec.type_ != "ExternalName" {
        errs.push(FieldError::required("spec.ports", ""));
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, p) in spec.ports.iter().enumerate() {
        let f = format!("spec.ports[{i}]");
        // validateServicePort, in its order: name, port, protocol, targetPort.
        if spec.ports.len() > 1 && p.name.is_empty() {
            errs.push(FieldError::required(&format!("{f}.name"), ""));
        } else if !p.name.is_empty() {
            if !is_dns1123_label(&p.name) {
                errs.push(FieldError::invalid(
                    &format!("{f}.name"),
                    &p.name,
                    DNS1123_LABEL_MSG,
                ));
            }
            if names.contains(&p.name.as_str()) {
                errs.push(FieldError::duplicate(&format!("{f}.name"), &p.name));
            }
        }
        names.push(&p.name);
        if !(1..=65535).contains(&p.port) {
            errs.push(FieldError::invalid(
                &format!("{f}.port"),
                &p.port,
                "must be between 1 and 65535, inclusive",
            ));
        }
        if !["TCP", "UDP", "SCTP"].contains(&p.protocol.as_str()) {
            errs.push(FieldError::not_supported(
                &format!("{f}.protocol"),
                &p.protocol,
                &["SCTP", "TCP", "UDP"],
            ));
        }
        match &p.target_port {
            Some(IntOrString::Int(t)) if !(1..=65535).contains(t) => {
                errs.push(FieldError::invalid(
                    &format!("{f}.targetPort"),
                    t,
                    "must be between 1 and 65535, inclusive",
                ));
            }
            Some(IntOrString::String(name)) => {
                for msg in port_name_errors(name) {
                    errs.push(FieldError::invalid(&format!("{f}.targetPort"), name, &msg));
                }
            }
            _ => {}
        }
    }
    if spec.type_ == "ClusterIP" {
        for (i, p) in spec.ports.iter().enumerate() {
            if p.node_port != 0 {
                errs.push(FieldError::forbidden(
                    &format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    // Duplicate node ports, per (protocol, nodePort).
    let mut seen: Vec<(&str, i32)> = Vec::new();
    for (i, p) in spec.ports.iter().enumerate() {
        if p.node_port == 0 {
            continue;
        }
        let key = (p.protocol.as_str(), p.node_port);
        if seen.contains(&key) {
            errs.push(FieldError::duplicate(
                &format!("spec.ports[{i}].nodePort"),
                &p.node_port,
            ));
        }
        seen.push(key);
    }
    if let Some(Object::Service(o)) = old {
        if !o.spec.cluster_ip.is_empty() && spec.cluster_ip != o.spec.cluster_ip {
            errs.push(raw_invalid(
                "spec.clusterIPs[0]",
                super::render_value(&spec.cluster_ips),
                "may not change once set",
            ));
        }
    }
}
