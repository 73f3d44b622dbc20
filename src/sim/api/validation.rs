//! Validation with upstream messages (ref §3.3, §3.4, §3.6; errata §4–§6).

use super::{ApiError, FeatureGates, FieldError, MAX_REPLICAS};
use crate::sim::objects::*;

pub const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
pub const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
pub const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// `validation.IsValidPortName` (apimachinery): a named port such as a Service's `targetPort`.
pub fn port_name_errors(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if port.is_empty()
        || !port
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.as_bytes()[0].is_ascii_lowercase()
}

/// How a kind's `metadata.name` is validated.
#[derive(Clone, Copy)]
enum NameRule {
    Label,
    Subdomain,
    Dns1035,
    PathSegment,
}

fn name_rule(kind: Kind) -> NameRule {
    match kind {
        Kind::StatefulSet | Kind::Namespace => NameRule::Label,
        Kind::Service => NameRule::Dns1035,
        Kind::Event => NameRule::PathSegment,
        _ => NameRule::Subdomain,
    }
}

/// ObjectMeta rules for create: name/generateName, namespace, labels, annotations.
pub fn validate_meta(kind: Kind, m: &ObjectMeta, errs: &mut Vec<FieldError>) {
    if m.name.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        match name_rule(kind) {
            NameRule::Label => {
                if !is_dns1123_label(&m.name) {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        DNS1123_LABEL_MSG,
                    ));
                }
                if m.name.len() > 63 {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        "must be no more than 63 characters",
                    ));
                }
            }
            NameRule::Dns1035 => {
                if !is_dns1035_label(&m.name) {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        DNS1035_LABEL_MSG,
                    ));
                }
                if m.name.len() > 63 {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        "must be no more than 63 characters",
                    ));
                }
            }
            NameRule::Subdomain => {
                if !is_dns1123_subdomain(&m.name) {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        DNS1123_SUBDOMAIN_MSG,
                    ));
                }
            }
            NameRule::PathSegment => {
                if m.name == "." || m.name == ".." || m.name.contains('/') || m.name.contains('%') {
                    errs.push(FieldError::invalid(
                        "metadata.name",
                        &m.name,
                        "may not contain '/'",
                    ));
                }
            }
        }
    }
    if kind.namespaced() && !m.namespace.is_empty() && !is_dns1123_label(&m.namespace) {
        errs.push(FieldError::invalid(
            "metadata.namespace",
            &m.namespace,
            DNS1123_LABEL_MSG,
        ));
    }
    validate_labels(&m.labels, "metadata.labels", errs);
    validate_annotations(&m.annotations, "metadata.annotations", errs);
}

const NAME_PART_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

fn is_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(c))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// Qualified-name messages for a label/annotation key (`IsQualifiedName`).
pub fn qualified_name_errors(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if key.matches('/').count() > 1 {
        out.push("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_string());
        return out;
    }
    if let Some(p) = prefix {
        if p.is_empty() {
            out.push("prefix part must be non-empty".into());
        } else if !is_dns1123_subdomain(p) {
            out.push(format!("prefix part {DNS1123_SUBDOMAIN_MSG}"));
        }
    }
    if name.is_empty() {
        out.push("name part must be non-empty".into());
    } else {
        if name.len() > 63 {
            out.push("name part must be no more than 63 characters".into());
        }
        if !is_name_part(name) {
            out.push(NAME_PART_MSG.into());
        }
    }
    out
}

/// Label key and value rules; errors carry the key or value as the Invalid value.
pub fn validate_labels(labels: &StringMap, field: &str, errs: &mut Vec<FieldError>) {
    for (k, v) in labels {
        for m in qualified_name_errors(k) {
            errs.push(FieldError::invalid(field, k, &m));
        }
        if v.len() > 63 {
            errs.push(FieldError::invalid(
                field,
                v,
                "must be no more than 63 characters",
            ));
        }
        if !v.is_empty() && !is_name_part(v) {
            errs.push(FieldError::invalid(field, v, LABEL_VALUE_MSG));
        }
    }
}

/// Annotation keys must be qualified names; total size at most 256 KiB.
pub fn validate_annotations(ann: &StringMap, field: &str, errs: &mut Vec<FieldError>) {
    let mut total = 0usize;
    for (k, v) in ann {
        for m in qualified_name_errors(&k.to_lowercase()) {
            errs.push(FieldError::invalid(field, k, &m));
        }
        total += k.len() + v.len();
    }
    if total > 256 * 1024 {
        errs.push(FieldError::too_long(field, 256 * 1024));
    }
}

/// Create-time validation of any object.
pub fn validate_create(obj: &Object, gates: &FeatureGates) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_meta(obj.kind(), obj.meta(), &mut errs);
    super::validation_kinds::validate_kind(obj, None, gates, &mut errs);
    errs
}

/// Update-time validation: immutable metadata, kind rules, then per-kind immutability.
pub fn validate_update(old: &Object, new: &Object, gates: &FeatureGates) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let (om, nm) = (old.meta(), new.meta());
    validate_labels(&nm.labels, "metadata.labels", &mut errs);
    validate_annotations(&nm.annotations, "metadata.annotations", &mut errs);
    if !nm.uid.is_empty() && nm.uid != om.uid {
        errs.push(FieldError::invalid(
            "metadata.uid",
            &nm.uid,
            "field is immutable",
        ));
    }
    super::validation_kinds::validate_kind(new, Some(old), gates, &mut errs);
    errs
}

/// Our own guard rails, clearly labelled as the simulator's (not Kubernetes') limits.
pub fn simulator_limits(obj: &Object) -> Option<ApiError> {
    let replicas = match obj {
        Object::StatefulSet(s) => s.spec.replicas,
        Object::Deployment(d) => d.spec.replicas,
        Object::ReplicaSet(r) => r.spec.replicas,
        _ => None,
    }?;
    if replicas > MAX_REPLICAS {
        return Some(ApiError::forbidden(
            Some(obj.kind()),
            Some(obj.name()),
            format!(
                "simulator limit: {} \"{}\" asks for {replicas} replicas; this simulated cluster supports at most {MAX_REPLICAS} (this limit is StatefulSet Lab's, not Kubernetes')",
                obj.kind().singular_qualified(),
                obj.name()
            ),
        ));
    }
    None
}
