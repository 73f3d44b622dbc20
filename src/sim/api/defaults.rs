//! Admission-time defaulting and create/update preparation (ref §1.1, §3.7).
//!
//! Mirrors `SetDefaults_*` for the fields a learner's `-o yaml` shows, plus the strategy
//! `PrepareForCreate`/`PrepareForUpdate` steps: status reset on create, status kept on update,
//! and the MaxUnavailableStatefulSet gate dropping `maxUnavailable` (errata §0).

use super::FeatureGates;
use crate::sim::objects::*;

/// Defaults a PodSpec like `SetDefaults_PodSpec` + container defaults.
pub fn default_pod_spec(spec: &mut PodSpec) {
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    if spec.security_context.is_none() {
        spec.security_context = Some(PodSecurityContext::default());
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        default_container(c);
    }
    for v in &mut spec.volumes {
        if let Some(cm) = &mut v.config_map {
            cm.default_mode.get_or_insert(420);
        }
        if let Some(s) = &mut v.secret {
            s.default_mode.get_or_insert(420);
        }
    }
}

fn default_container(c: &mut Container) {
    if c.termination_message_path.is_empty() {
        c.termination_message_path = "/dev/termination-log".into();
    }
    if c.termination_message_policy.is_empty() {
        c.termination_message_policy = "File".into();
    }
    if c.image_pull_policy.is_empty() {
        c.image_pull_policy = if image_is_latest(&c.image) {
            "Always"
        } else {
            "IfNotPresent"
        }
        .into();
    }
    for p in &mut c.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        probe.timeout_seconds.get_or_insert(1);
        probe.period_seconds.get_or_insert(10);
        probe.success_threshold.get_or_insert(1);
        probe.failure_threshold.get_or_insert(3);
        if let Some(h) = &mut probe.http_get {
            if h.path.is_empty() {
                h.path = "/".into();
            }
            if h.scheme.is_empty() {
                h.scheme = "HTTP".into();
            }
        }
    }
}

/// `SetDefaults_Pod` on top of [`default_pod_spec`]: a container (or init container) with
/// limits but no request for a resource requests its limit. Upstream does this on a Pod only,
/// never on the pod template of a StatefulSet, Deployment or ReplicaSet ("we only want this
/// defaulting semantic to take place on a v1.Pod and not a v1.PodTemplate"), so a template
/// with limits alone reads back without requests while its pods get both.
fn default_pod(spec: &mut PodSpec) {
    default_pod_spec(spec);
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        let limits = c.resources.limits.clone();
        for (k, v) in limits {
            c.resources.requests.entry(k).or_insert(v);
        }
    }
}

/// `:latest` or no tag (and no digest) → imagePullPolicy Always.
pub fn image_is_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => true,
        Some((_, tag)) => tag == "latest",
    }
}

fn default_pvc_spec(spec: &mut PersistentVolumeClaimSpec) {
    if spec.volume_mode.is_none() {
        spec.volume_mode = Some("Filesystem".into());
    }
}

fn default_statefulset(s: &mut StatefulSet, gates: &FeatureGates) {
    let spec = &mut s.spec;
    if spec.pod_management_policy.is_empty() {
        spec.pod_management_policy = "OrderedReady".into();
    }
    if spec.update_strategy.type_.is_empty() {
        spec.update_strategy.type_ = "RollingUpdate".into();
        if spec.update_strategy.rolling_update.is_none() {
            spec.update_strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy::default());
        }
    }
    if spec.update_strategy.type_ == "RollingUpdate" {
        if let Some(ru) = &mut spec.update_strategy.rolling_update {
            ru.partition.get_or_insert(0);
            if gates.max_unavailable_stateful_set {
                ru.max_unavailable.get_or_insert(IntOrString::Int(1));
            }
        }
    }
    if gates.stateful_set_auto_delete_pvc {
        let p = spec
            .persistent_volume_claim_retention_policy
            .get_or_insert_with(Default::default);
        if p.when_deleted.is_empty() {
            p.when_deleted = "Retain".into();
        }
        if p.when_scaled.is_empty() {
            p.when_scaled = "Retain".into();
        }
    }
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    default_pod_spec(&mut spec.template.spec);
    for t in &mut spec.volume_claim_templates {
        if t.api_version.is_empty() {
            t.api_version = "v1".into();
        }
        if t.kind.is_empty() {
            t.kind = "PersistentVolumeClaim".into();
        }
        default_pvc_spec(&mut t.spec);
        if t.status.phase.is_empty() {
            t.status.phase = "Pending".into();
        }
    }
}

fn default_deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    if spec.strategy.type_.is_empty() {
        spec.strategy.type_ = "RollingUpdate".into();
    }
    if spec.strategy.type_ == "RollingUpdate" {
        let ru = spec
            .strategy
            .rolling_update
            .get_or_insert_with(Default::default);
        ru.max_unavailable
            .get_or_insert(IntOrString::String("25%".into()));
        ru.max_surge
            .get_or_insert(IntOrString::String("25%".into()));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    default_pod_spec(&mut spec.template.spec);
}

fn default_service(s: &mut Service) {
    if s.spec.type_.is_empty() {
        s.spec.type_ = "ClusterIP".into();
    }
    if s.spec.session_affinity.is_empty() {
        s.spec.session_affinity = "None".into();
    }
    for p in &mut s.spec.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
        // SetDefaults_Service: an absent, zero or empty targetPort is the port itself.
        if matches!(&p.target_port, None | Some(IntOrString::Int(0)))
            || matches!(&p.target_port, Some(IntOrString::String(s)) if s.is_empty())
        {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    let t = s.spec.type_.as_str();
    // service.ExternallyAccessible (the simulator's Service has no externalIPs).
    if matches!(t, "NodePort" | "LoadBalancer") && s.spec.external_traffic_policy.is_empty() {
        s.spec.external_traffic_policy = "Cluster".into();
    }
    if matches!(t, "ClusterIP" | "NodePort" | "LoadBalancer") {
        s.spec
            .internal_traffic_policy
            .get_or_insert_with(|| "Cluster".into());
    }
    if t == "LoadBalancer" {
        s.spec.allocate_load_balancer_node_ports.get_or_insert(true);
    }
    // The registry's initIPFamilyFields: an ExternalName Service has no IP families.
    if t == "ExternalName" {
        s.spec.ip_families.clear();
        s.spec.ip_family_policy = None;
    } else {
        if s.spec.ip_families.is_empty() {
            s.spec.ip_families = vec!["IPv4".into()];
        }
        s.spec
            .ip_family_policy
            .get_or_insert_with(|| "SingleStack".into());
    }
    if s.status.load_balancer.is_none() {
        s.status.load_balancer = Some(serde_json::json!({}));
    }
}

/// patchAllocatedValues for node ports: an omitted nodePort takes the old one of the port with
/// the same name, unless another port of the new spec already uses it.
fn keep_node_ports(old: &Service, new: &mut Service) {
    let used: Vec<i32> = new
        .spec
        .ports
        .iter()
        .map(|p| p.node_port)
        .filter(|np| *np != 0 && old.spec.ports.iter().any(|p| p.node_port == *np))
        .collect();
    for p in &mut new.spec.ports {
        if p.node_port != 0 {
            continue;
        }
        if let Some(op) = old.spec.ports.iter().find(|op| op.name == p.name) {
            if !used.contains(&op.node_port) {
                p.node_port = op.node_port;
            }
        }
    }
}

/// The registry's dropTypeDependentFields: a type change that leaves a field only the old type
/// uses (and the user did not change it) clears it, so NodePort → ClusterIP needs no edit of
/// every port.
fn drop_type_dependent_fields(old: &Service, new: &mut Service) {
    let same_node_ports = old.spec.ports.len() == new.spec.ports.len()
        && old
            .spec
            .ports
            .iter()
            .zip(&new.spec.ports)
            .all(|(a, b)| a.node_port == b.node_port);
    if old.needs_node_ports() && !new.needs_node_ports() && same_node_ports {
        for p in &mut new.spec.ports {
            p.node_port = 0;
        }
    }
    let external = |s: &Service| matches!(s.spec.type_.as_str(), "NodePort" | "LoadBalancer");
    if !external(new) && new.spec.external_traffic_policy == old.spec.external_traffic_policy {
        new.spec.external_traffic_policy.clear();
    }
    if new.spec.type_ != "LoadBalancer"
        && new.spec.allocate_load_balancer_node_ports == old.spec.allocate_load_balancer_node_ports
    {
        new.spec.allocate_load_balancer_node_ports = None;
    }
}

/// Kubernetes QoS class from requests/limits.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let cs: Vec<&Container> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter())
        .collect();
    let any = cs
        .iter()
        .any(|c| !c.resources.requests.is_empty() || !c.resources.limits.is_empty());
    if !any {
        return "BestEffort";
    }
    let guaranteed = cs.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let l = c.resources.limits.get(*r);
            l.is_some() && c.resources.requests.get(*r).is_none_or(|q| Some(q) == l)
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// Pod in a terminal phase.
pub fn pod_is_terminal(p: &Pod) -> bool {
    p.status.phase == "Succeeded" || p.status.phase == "Failed"
}

/// Defaulting + PrepareForCreate.
pub fn on_create(obj: &mut Object, gates: &FeatureGates) {
    match obj {
        Object::StatefulSet(s) => {
            default_statefulset(s, gates);
            s.status = StatefulSetStatus::default();
            if !gates.max_unavailable_stateful_set {
                if let Some(ru) = &mut s.spec.update_strategy.rolling_update {
                    ru.max_unavailable = None;
                }
            }
        }
        Object::Deployment(d) => {
            default_deployment(d);
            d.status = DeploymentStatus::default();
        }
        Object::ReplicaSet(r) => {
            r.spec.replicas.get_or_insert(1);
            default_pod_spec(&mut r.spec.template.spec);
            r.status = ReplicaSetStatus::default();
        }
        Object::Pod(p) => {
            default_pod(&mut p.spec);
            if p.spec.enable_service_links.is_none() {
                p.spec.enable_service_links = Some(true);
            }
            p.status = PodStatus {
                phase: "Pending".into(),
                qos_class: qos_class(&p.spec).into(),
                ..Default::default()
            };
        }
        Object::PersistentVolumeClaim(c) => {
            default_pvc_spec(&mut c.spec);
            c.status = PersistentVolumeClaimStatus {
                phase: "Pending".into(),
                ..Default::default()
            };
        }
        Object::PersistentVolume(v) => {
            if v.spec.persistent_volume_reclaim_policy.is_empty() {
                v.spec.persistent_volume_reclaim_policy = "Retain".into();
            }
            if v.spec.volume_mode.is_none() {
                v.spec.volume_mode = Some("Filesystem".into());
            }
            if v.status.phase.is_empty() {
                v.status.phase = "Pending".into();
            }
        }
        Object::Service(s) => default_service(s),
        Object::StorageClass(sc) => {
            sc.reclaim_policy.get_or_insert_with(|| "Delete".into());
            sc.volume_binding_mode
                .get_or_insert_with(|| "Immediate".into());
        }
        Object::Secret(s) => {
            if s.type_.is_empty() {
                s.type_ = "Opaque".into();
            }
            fold_string_data(s);
        }
        Object::Namespace(n) => {
            n.spec.finalizers = vec!["kubernetes".into()];
            n.status.phase = "Active".into();
            n.metadata.labels.insert(
                "kubernetes.io/metadata.name".into(),
                n.metadata.name.clone(),
            );
        }
        _ => {}
    }
}

/// `stringData` is write-only: folded into base64 `data`.
fn fold_string_data(s: &mut Secret) {
    for (k, v) in std::mem::take(&mut s.string_data) {
        s.data.insert(k, base64(v.as_bytes()));
    }
}

/// Standard base64 (padding included).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Defaulting + PrepareForUpdate: status comes from the stored object; gate-dropped fields.
pub fn on_update(old: &Object, obj: &mut Object, gates: &FeatureGates) {
    on_create_defaults_only(obj, gates);
    match (old, obj) {
        (Object::StatefulSet(o), Object::StatefulSet(n)) => {
            n.status = o.status.clone();
            let in_use = o
                .spec
                .update_strategy
                .rolling_update
                .as_ref()
                .is_some_and(|r| r.max_unavailable.is_some());
            if !gates.max_unavailable_stateful_set && !in_use {
                if let Some(ru) = &mut n.spec.update_strategy.rolling_update {
                    ru.max_unavailable = None;
                }
            }
        }
        (Object::Deployment(o), Object::Deployment(n)) => n.status = o.status.clone(),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => n.status = o.status.clone(),
        (Object::Pod(o), Object::Pod(n)) => n.status = o.status.clone(),
        (Object::PersistentVolumeClaim(o), Object::PersistentVolumeClaim(n)) => {
            n.status = o.status.clone()
        }
        (Object::PersistentVolume(o), Object::PersistentVolume(n)) => n.status = o.status.clone(),
        (Object::Node(o), Object::Node(n)) => n.status = o.status.clone(),
        (Object::Namespace(o), Object::Namespace(n)) => n.status = o.status.clone(),
        (Object::Service(o), Object::Service(n)) => {
            n.status = o.status.clone();
            // The registry's patchAllocatedValues: values allocated on create are kept when
            // an update omits them and the type still needs them.
            let needs_ip = |s: &Service| s.spec.type_ != "ExternalName";
            if needs_ip(o) && needs_ip(n) {
                if n.spec.cluster_ip.is_empty() {
                    n.spec.cluster_ip = o.spec.cluster_ip.clone();
                }
                if n.spec.cluster_ips.is_empty() {
                    n.spec.cluster_ips = o.spec.cluster_ips.clone();
                }
            }
            if o.needs_node_ports() && n.needs_node_ports() {
                keep_node_ports(o, n);
            }
            drop_type_dependent_fields(o, n);
        }
        _ => {}
    }
}

/// Defaulting without the create-only status resets.
fn on_create_defaults_only(obj: &mut Object, gates: &FeatureGates) {
    match obj {
        Object::StatefulSet(s) => default_statefulset(s, gates),
        Object::Deployment(d) => default_deployment(d),
        Object::ReplicaSet(r) => {
            r.spec.replicas.get_or_insert(1);
            default_pod_spec(&mut r.spec.template.spec);
        }
        Object::Pod(p) => default_pod(&mut p.spec),
        Object::PersistentVolumeClaim(c) => default_pvc_spec(&mut c.spec),
        Object::Service(s) => default_service(s),
        Object::Secret(s) => fold_string_data(s),
        _ => {}
    }
}

/// Status subresource write: keep everything from `old` except status.
pub fn merge_status(old: &Object, new: Object) -> Object {
    let mut out = old.clone();
    match (&mut out, new) {
        (Object::StatefulSet(o), Object::StatefulSet(n)) => o.status = n.status,
        (Object::Deployment(o), Object::Deployment(n)) => o.status = n.status,
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => o.status = n.status,
        (Object::Pod(o), Object::Pod(n)) => o.status = n.status,
        (Object::PersistentVolumeClaim(o), Object::PersistentVolumeClaim(n)) => o.status = n.status,
        (Object::PersistentVolume(o), Object::PersistentVolume(n)) => o.status = n.status,
        (Object::Node(o), Object::Node(n)) => o.status = n.status,
        (Object::Namespace(o), Object::Namespace(n)) => o.status = n.status,
        (Object::Service(o), Object::Service(n)) => o.status = n.status,
        (o, n) => *o = n, // kinds without a status subresource: a plain write
    }
    out
}

/// The spec part used to decide whether generation bumps.
pub fn spec_of(obj: &Object) -> serde_json::Value {
    let v = obj.to_value();
    match obj {
        Object::ControllerRevision(_)
        | Object::ConfigMap(_)
        | Object::Secret(_)
        | Object::EndpointSlice(_)
        | Object::Endpoints(_) => {
            let mut v = v;
            if let Some(m) = v.as_object_mut() {
                m.remove("metadata");
            }
            v
        }
        _ => v.get("spec").cloned().unwrap_or(serde_json::Value::Null),
    }
}
