//! Per-kind validation: StatefulSet (ref §3.3/§3.4 with errata §4–§6), pod specs, Services (in `validation_service.rs`),
//! PVCs, and the update-time immutability rules.

use super::validation::{
    is_dns1123_label, validate_annotations, validate_labels, DNS1123_LABEL_MSG,
};
use super::{FeatureGates, FieldError};
use crate::sim::objects::*;

/// v1.35 text (errata §5).
pub const STS_FORBIDDEN: &str = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
pub const PVC_FORBIDDEN: &str = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
pub const POD_FORBIDDEN: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const GE0: &str = "must be greater than or equal to 0";

/// Dispatches to the kind's rules; `old` is set on update.
pub fn validate_kind(
    obj: &Object,
    old: Option<&Object>,
    gates: &FeatureGates,
    errs: &mut Vec<FieldError>,
) {
    match obj {
        Object::StatefulSet(s) => {
            validate_sts_spec(&s.spec, gates, errs);
            if let Some(Object::StatefulSet(o)) = old {
                validate_sts_update(&o.spec, &s.spec, errs);
            }
        }
        Object::Pod(p) => {
            validate_pod_spec(&p.spec, "spec", Some(&[]), errs);
            if let Some(Object::Pod(o)) = old {
                validate_pod_update(o, p, errs);
            }
        }
        Object::Deployment(d) => {
            non_negative(d.spec.replicas, "spec.replicas", errs);
            validate_selector_and_template(
                d.spec.selector.as_ref(),
                &d.spec.template,
                "deployment",
                errs,
            );
            validate_pod_spec(&d.spec.template.spec, "spec.template.spec", Some(&[]), errs);
        }
        Object::ReplicaSet(r) => {
            non_negative(r.spec.replicas, "spec.replicas", errs);
            validate_selector_and_template(
                r.spec.selector.as_ref(),
                &r.spec.template,
                "replicaset",
                errs,
            );
            validate_pod_spec(&r.spec.template.spec, "spec.template.spec", Some(&[]), errs);
        }
        Object::Service(s) => super::validation_service::validate_service(s, old, errs),
        Object::PersistentVolumeClaim(c) => {
            validate_pvc_spec(&c.spec, errs);
            if let Some(Object::PersistentVolumeClaim(o)) = old {
                validate_pvc_update(o, c, errs);
            }
        }
        Object::ControllerRevision(c) => {
            if let Some(Object::ControllerRevision(o)) = old {
                if o.data != c.data {
                    errs.push(FieldError::invalid("data", &c.data, "field is immutable"));
                }
            }
        }
        _ => {}
    }
}

fn non_negative(v: Option<i32>, field: &str, errs: &mut Vec<FieldError>) {
    if let Some(n) = v {
        if n < 0 {
            errs.push(FieldError::invalid(field, &n, GE0));
        }
    }
}

/// Go's `%v`/JSON rendering of the internal `apps.RollingUpdateStatefulSetStrategy` (field order
/// kept, as `json.Marshal` does for structs).
fn render_rolling_update(ru: &RollingUpdateStatefulSetStrategy) -> String {
    let mu = match &ru.max_unavailable {
        None => "null".to_string(),
        Some(v) => super::render_value(v),
    };
    format!(
        "{{\"Partition\":{},\"MaxUnavailable\":{mu}}}",
        ru.partition.unwrap_or(0)
    )
}

fn validate_sts_spec(spec: &StatefulSetSpec, _gates: &FeatureGates, errs: &mut Vec<FieldError>) {
    match spec.pod_management_policy.as_str() {
        "OrderedReady" | "Parallel" => {}
        "" => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            other,
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let us = &spec.update_strategy;
    match us.type_.as_str() {
        "" => errs.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if let Some(ru) = &us.rolling_update {
                errs.push(raw_invalid(
                    "spec.updateStrategy.rollingUpdate",
                    render_rolling_update(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &us.rolling_update {
                if let Some(p) = ru.partition {
                    if p < 0 {
                        errs.push(FieldError::invalid(
                            "spec.updateStrategy.rollingUpdate.partition",
                            &p,
                            GE0,
                        ));
                    }
                }
                if let Some(mu) = &ru.max_unavailable {
                    validate_max_unavailable(mu, errs);
                }
            }
        }
        other => {
            let ru = us
                .rolling_update
                .as_ref()
                .map(render_rolling_update)
                .unwrap_or_else(|| "null".into());
            errs.push(raw_invalid(
                "spec.updateStrategy",
                format!(
                    "{{\"Type\":{},\"RollingUpdate\":{ru}}}",
                    super::render_value(other)
                ),
                "must be 'RollingUpdate' or 'OnDelete'",
            ));
        }
    }
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        for (f, v) in [
            ("whenDeleted", &p.when_deleted),
            ("whenScaled", &p.when_scaled),
        ] {
            if v != "Retain" && v != "Delete" {
                errs.push(FieldError::not_supported(
                    &format!("spec.persistentVolumeClaimRetentionPolicy.{f}"),
                    v,
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    non_negative(spec.replicas, "spec.replicas", errs);
    if spec.min_ready_seconds < 0 {
        errs.push(FieldError::invalid(
            "spec.minReadySeconds",
            &spec.min_ready_seconds,
            GE0,
        ));
    }
    if let Some(o) = &spec.ordinals {
        if o.start < 0 {
            errs.push(FieldError::invalid("spec.ordinals.start", &o.start, GE0));
        }
    }
    if !validate_selector_and_template(spec.selector.as_ref(), &spec.template, "statefulset", errs)
    {
        validate_service_name(spec, errs);
        return;
    }
    if spec.template.spec.restart_policy != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            &spec.template.spec.restart_policy,
            &["Always"],
        ));
    }
    if spec.template.spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
    // volumeMounts may name volumeClaimTemplates, which become volumes only when pods are
    // built; the mount/volume cross-check is left to pod creation (FailedCreate events).
    validate_pod_spec(&spec.template.spec, "spec.template.spec", None, errs);
    validate_service_name(spec, errs);
}

fn validate_service_name(spec: &StatefulSetSpec, errs: &mut Vec<FieldError>) {
    if !spec.service_name.is_empty() && !is_dns1123_label(&spec.service_name) {
        errs.push(FieldError::invalid(
            "spec.serviceName",
            &spec.service_name,
            DNS1123_LABEL_MSG,
        ));
    }
}

/// An Invalid error whose value is already rendered.
pub(super) fn raw_invalid(field: &str, rendered: String, detail: &str) -> FieldError {
    FieldError {
        field: field.into(),
        type_: super::FieldErrorType::Invalid,
        value: rendered,
        detail: detail.into(),
    }
}

fn validate_max_unavailable(mu: &IntOrString, errs: &mut Vec<FieldError>) {
    let f = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    let value = match mu {
        IntOrString::Int(i) => {
            if *i < 0 {
                errs.push(FieldError::invalid(f, i, GE0));
            }
            *i as i64
        }
        IntOrString::String(s) => {
            let num = s
                .strip_suffix('%')
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            match num {
                None => {
                    errs.push(FieldError::invalid(f, s, PERCENT_MSG));
                    0
                }
                Some(n) => n.parse::<i64>().unwrap_or(i64::MAX),
            }
        }
    };
    if value == 0 {
        errs.push(FieldError::invalid(f, mu, "cannot be 0"));
    }
    if let IntOrString::String(s) = mu {
        if value > 100 {
            errs.push(FieldError::invalid(f, s, "must not be greater than 100%"));
        }
    }
}

/// Selector syntax, the empty-selector rule and the selector/labels match (rules 17–22).
/// Returns false when the selector itself is unusable (template checks are then skipped).
fn validate_selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    what: &str,
    errs: &mut Vec<FieldError>,
) -> bool {
    let labels = &template.metadata.labels;
    match selector {
        None => {
            errs.push(FieldError::required("spec.selector", ""));
            errs.push(labels_mismatch(labels));
        }
        Some(sel) if sel.is_empty() => {
            errs.push(raw_invalid(
                "spec.selector",
                "{}".into(),
                &format!("empty selector is invalid for {what}"),
            ));
        }
        Some(sel) => {
            let before = errs.len();
            validate_label_selector(sel, "spec.selector", errs);
            if errs.len() > before {
                // `LabelSelectorAsSelector` fails as well: upstream adds an Invalid on the
                // selector with no detail and skips the template checks.
                errs.push(raw_invalid("spec.selector", render_label_selector(sel), ""));
                return false;
            }
            if !sel.matches(labels) {
                errs.push(labels_mismatch(labels));
            }
        }
    }
    validate_labels(labels, "spec.template.labels", errs);
    validate_annotations(
        &template.metadata.annotations,
        "spec.template.annotations",
        errs,
    );
    true
}

/// `json.Marshal(metav1.LabelSelector)`: struct field order, omitempty.
fn render_label_selector(sel: &LabelSelector) -> String {
    let mut parts = Vec::new();
    if !sel.match_labels.is_empty() {
        parts.push(format!(
            "\"matchLabels\":{}",
            super::render_value(&sel.match_labels)
        ));
    }
    if !sel.match_expressions.is_empty() {
        let reqs: Vec<String> = sel
            .match_expressions
            .iter()
            .map(|r| {
                let mut s = format!(
                    "{{\"key\":{},\"operator\":{}",
                    super::render_value(&r.key),
                    super::render_value(&r.operator)
                );
                if !r.values.is_empty() {
                    s.push_str(&format!(",\"values\":{}", super::render_value(&r.values)));
                }
                s.push('}');
                s
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", reqs.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}

fn labels_mismatch(labels: &StringMap) -> FieldError {
    let rendered = if labels.is_empty() {
        "null".to_string()
    } else {
        super::render_value(labels)
    };
    raw_invalid(
        "spec.template.metadata.labels",
        rendered,
        "`selector` does not match template `labels`",
    )
}

/// `ValidateLabelSelector`.
pub fn validate_label_selector(sel: &LabelSelector, field: &str, errs: &mut Vec<FieldError>) {
    for (i, r) in sel.match_expressions.iter().enumerate() {
        let p = format!("{field}.matchExpressions[{i}]");
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.is_empty() {
                    errs.push(FieldError::required(
                        &format!("{p}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !r.values.is_empty() {
                    errs.push(FieldError::forbidden(
                        &format!("{p}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            other => errs.push(FieldError::invalid(
                &format!("{p}.operator"),
                other,
                "not a valid selector operator",
            )),
        }
        for m in super::validation::qualified_name_errors(&r.key) {
            errs.push(FieldError::invalid(&format!("{p}.key"), &r.key, &m));
        }
    }
    validate_labels(&sel.match_labels, &format!("{field}.matchLabels"), errs);
}

/// Container/volume rules shared by pods and pod templates. `extra_volumes`: None skips the
/// volumeMount → volume cross-check; Some(names) adds names that exist besides `volumes`.
pub fn validate_pod_spec(
    spec: &PodSpec,
    field: &str,
    extra_volumes: Option<&[&str]>,
    errs: &mut Vec<FieldError>,
) {
    let mut vol_names: Vec<&str> = Vec::new();
    for (i, v) in spec.volumes.iter().enumerate() {
        let p = format!("{field}.volumes[{i}].name");
        if v.name.is_empty() {
            errs.push(FieldError::required(&p, ""));
        } else if !is_dns1123_label(&v.name) {
            errs.push(FieldError::invalid(&p, &v.name, DNS1123_LABEL_MSG));
        } else if vol_names.contains(&v.name.as_str()) {
            errs.push(FieldError::duplicate(&p, &v.name));
        }
        vol_names.push(&v.name);
    }
    let check_mounts = extra_volumes.is_some();
    vol_names.extend_from_slice(extra_volumes.unwrap_or(&[]));
    if spec.containers.is_empty() {
        errs.push(FieldError::required(&format!("{field}.containers"), ""));
    }
    let mut names: Vec<&str> = Vec::new();
    let groups = [
        ("initContainers", &spec.init_containers),
        ("containers", &spec.containers),
    ];
    for (group, list) in groups {
        for (i, c) in list.iter().enumerate() {
            let p = format!("{field}.{group}[{i}]");
            if c.name.is_empty() {
                errs.push(FieldError::required(&format!("{p}.name"), ""));
            } else if !is_dns1123_label(&c.name) {
                errs.push(FieldError::invalid(
                    &format!("{p}.name"),
                    &c.name,
                    DNS1123_LABEL_MSG,
                ));
            } else if names.contains(&c.name.as_str()) {
                errs.push(FieldError::duplicate(&format!("{p}.name"), &c.name));
            }
            names.push(&c.name);
            if c.image.trim().is_empty() {
                errs.push(FieldError::required(&format!("{p}.image"), ""));
            }
            for (j, port) in c.ports.iter().enumerate() {
                let pp = format!("{p}.ports[{j}]");
                if !(1..=65535).contains(&port.container_port) {
                    errs.push(FieldError::invalid(
                        &format!("{pp}.containerPort"),
                        &port.container_port,
                        "must be between 1 and 65535, inclusive",
                    ));
                }
                if !port.protocol.is_empty()
                    && !["TCP", "UDP", "SCTP"].contains(&port.protocol.as_str())
                {
                    errs.push(FieldError::not_supported(
                        &format!("{pp}.protocol"),
                        &port.protocol,
                        &["SCTP", "TCP", "UDP"],
                    ));
                }
            }
            for (j, m) in c.volume_mounts.iter().enumerate() {
                let mp = format!("{p}.volumeMounts[{j}]");
                if m.name.is_empty() {
                    errs.push(FieldError::required(&format!("{mp}.name"), ""));
                } else if check_mounts && !vol_names.contains(&m.name.as_str()) {
                    errs.push(FieldError::not_found(&format!("{mp}.name"), &m.name));
                }
                if m.mount_path.is_empty() {
                    errs.push(FieldError::required(&format!("{mp}.mountPath"), ""));
                }
            }
            validate_resources(&c.resources, &format!("{p}.resources"), errs);
        }
    }
    if let Some(g) = spec.termination_grace_period_seconds {
        if g < 0 {
            errs.push(FieldError::invalid(
                &format!("{field}.terminationGracePeriodSeconds"),
                &g,
                GE0,
            ));
        }
    }
}

fn validate_resources(r: &ResourceRequirements, field: &str, errs: &mut Vec<FieldError>) {
    for (which, map) in [("limits", &r.limits), ("requests", &r.requests)] {
        for (name, q) in map {
            if q.milli_value().is_err() {
                errs.push(FieldError::invalid(
                    &format!("{field}.{which}[{name}]"),
                    &q.0,
                    "must be a valid quantity",
                ));
            } else if q.milli_value().is_ok_and(|v| v < 0) {
                errs.push(FieldError::invalid(
                    &format!("{field}.{which}[{name}]"),
                    &q.0,
                    GE0,
                ));
            }
        }
    }
    for (name, req) in &r.requests {
        if let (Some(lim), Ok(rv)) = (r.limits.get(name), req.milli_value()) {
            if lim.milli_value().is_ok_and(|lv| rv > lv) {
                errs.push(FieldError::invalid(
                    &format!("{field}.requests"),
                    &req.0,
                    &format!("must be less than or equal to {name} limit of {}", lim.0),
                ));
            }
        }
    }
}

fn validate_sts_update(old: &StatefulSetSpec, new: &StatefulSetSpec, errs: &mut Vec<FieldError>) {
    let mut restored = new.clone();
    restored.replicas = old.replicas;
    restored.ordinals = old.ordinals.clone();
    restored.template = old.template.clone();
    restored.update_strategy = old.update_strategy.clone();
    restored.revision_history_limit = old.revision_history_limit;
    restored.persistent_volume_claim_retention_policy =
        old.persistent_volume_claim_retention_policy.clone();
    restored.min_ready_seconds = old.min_ready_seconds;
    if restored != *old {
        errs.push(FieldError::forbidden("spec", STS_FORBIDDEN));
    }
}

fn validate_pod_update(old: &Pod, new: &Pod, errs: &mut Vec<FieldError>) {
    let mut restored = new.spec.clone();
    for (r, o) in restored.containers.iter_mut().zip(&old.spec.containers) {
        r.image = o.image.clone();
    }
    for (r, o) in restored
        .init_containers
        .iter_mut()
        .zip(&old.spec.init_containers)
    {
        r.image = o.image.clone();
    }
    restored.active_deadline_seconds = old.spec.active_deadline_seconds;
    if new.spec.tolerations.starts_with(&old.spec.tolerations) {
        restored.tolerations = old.spec.tolerations.clone();
    }
    if old
        .spec
        .termination_grace_period_seconds
        .is_some_and(|g| g < 0)
    {
        restored.termination_grace_period_seconds = old.spec.termination_grace_period_seconds;
    }
    // The scheduler's binding sets nodeName once (pods/binding subresource).
    if old.spec.node_name.is_empty() {
        restored.node_name = old.spec.node_name.clone();
    }
    if restored != old.spec {
        errs.push(FieldError::forbidden("spec", POD_FORBIDDEN));
    }
}

fn validate_pvc_spec(spec: &PersistentVolumeClaimSpec, errs: &mut Vec<FieldError>) {
    if spec.access_modes.is_empty() {
        errs.push(FieldError::required(
            "spec.accessModes",
            "at least 1 access mode is required",
        ));
    }
    for m in &spec.access_modes {
        if ![
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ]
        .contains(&m.as_str())
        {
            errs.push(FieldError::not_supported(
                "spec.accessModes",
                m,
                &[
                    "ReadOnlyMany",
                    "ReadWriteMany",
                    "ReadWriteOnce",
                    "ReadWriteOncePod",
                ],
            ));
        }
    }
    match spec.resources.requests.get("storage") {
        None => errs.push(FieldError::required("spec.resources[storage]", "")),
        Some(q) => match q.bytes() {
            Ok(v) if v > 0 => {}
            _ => errs.push(FieldError::invalid(
                "spec.resources[storage]",
                &q.0,
                "must be greater than zero",
            )),
        },
    }
}

fn validate_pvc_update(
    old: &PersistentVolumeClaim,
    new: &PersistentVolumeClaim,
    errs: &mut Vec<FieldError>,
) {
    let mut restored = new.spec.clone();
    restored.resources.requests = old.spec.resources.requests.clone();
    restored.volume_attributes_class_name = old.spec.volume_attributes_class_name.clone();
    // The binder fills volumeName once.
    if old.spec.volume_name.is_empty() {
        restored.volume_name = old.spec.volume_name.clone();
    }
    if restored != old.spec {
        errs.push(FieldError::forbidden("spec", PVC_FORBIDDEN));
        return;
    }
    let new_size = new.requested_storage().and_then(|q| q.bytes().ok());
    let capacity = old
        .status
        .capacity
        .get("storage")
        .and_then(|q| q.bytes().ok());
    let old_size = old.requested_storage().and_then(|q| q.bytes().ok());
    if let (Some(n), Some(c)) = (new_size, capacity.or(old_size)) {
        if n < c {
            errs.push(FieldError::forbidden(
                "spec.resources.requests.storage",
                "field can not be less than status.capacity",
            ));
        }
    }
}
