//! Typed read helpers over the API server shared by the node-side components (scheduler,
//! kubelet, storage, endpoints, DNS). They clone, so callers can then write through the API
//! server without holding borrows.

use crate::sim::api::ApiServer;
use crate::sim::objects::*;

pub fn pods(api: &ApiServer) -> Vec<Pod> {
    api.list(Kind::Pod, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

pub fn nodes(api: &ApiServer) -> Vec<Node> {
    api.list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

pub fn pvcs(api: &ApiServer) -> Vec<PersistentVolumeClaim> {
    api.list(Kind::PersistentVolumeClaim, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

pub fn pvs(api: &ApiServer) -> Vec<PersistentVolume> {
    api.list(Kind::PersistentVolume, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::PersistentVolume(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

pub fn services(api: &ApiServer) -> Vec<Service> {
    api.list(Kind::Service, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

pub fn slices(api: &ApiServer) -> Vec<EndpointSlice> {
    api.list(Kind::EndpointSlice, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::EndpointSlice(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

pub fn pod(api: &ApiServer, ns: &str, name: &str) -> Option<Pod> {
    match api.get(Kind::Pod, ns, name) {
        Ok(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn pvc(api: &ApiServer, ns: &str, name: &str) -> Option<PersistentVolumeClaim> {
    match api.get(Kind::PersistentVolumeClaim, ns, name) {
        Ok(Object::PersistentVolumeClaim(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn pv(api: &ApiServer, name: &str) -> Option<PersistentVolume> {
    match api.get(Kind::PersistentVolume, "", name) {
        Ok(Object::PersistentVolume(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn storage_class(api: &ApiServer, name: &str) -> Option<StorageClass> {
    match api.get(Kind::StorageClass, "", name) {
        Ok(Object::StorageClass(s)) => Some(s.clone()),
        _ => None,
    }
}

pub fn config_map(api: &ApiServer, ns: &str, name: &str) -> Option<ConfigMap> {
    match api.get(Kind::ConfigMap, ns, name) {
        Ok(Object::ConfigMap(c)) => Some(c.clone()),
        _ => None,
    }
}

pub fn secret(api: &ApiServer, ns: &str, name: &str) -> Option<Secret> {
    match api.get(Kind::Secret, ns, name) {
        Ok(Object::Secret(s)) => Some(s.clone()),
        _ => None,
    }
}

pub fn node(api: &ApiServer, name: &str) -> Option<Node> {
    match api.get(Kind::Node, "", name) {
        Ok(Object::Node(n)) => Some(n.clone()),
        _ => None,
    }
}

/// The default StorageClass (annotation `storageclass.kubernetes.io/is-default-class`).
pub fn default_storage_class(api: &ApiServer) -> Option<StorageClass> {
    api.list(Kind::StorageClass, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::StorageClass(s) => Some(s.clone()),
            _ => None,
        })
        .find(|s| {
            s.metadata
                .annotations
                .get("storageclass.kubernetes.io/is-default-class")
                .is_some_and(|v| v == "true")
        })
}

/// The pod's hostname as the kubelet sets it: `spec.hostname`, else the pod name (truncated
/// to 63 characters, as `GeneratePodHostNameAndDomain` does).
pub fn hostname(p: &Pod) -> String {
    let h = if p.spec.hostname.is_empty() {
        &p.metadata.name
    } else {
        &p.spec.hostname
    };
    h.chars()
        .take(63)
        .collect::<String>()
        .trim_end_matches(['-', '.'])
        .to_string()
}

/// Phase is Succeeded or Failed.
pub fn is_terminal(p: &Pod) -> bool {
    p.status.phase == "Succeeded" || p.status.phase == "Failed"
}

/// Claim names of a pod's PVC volumes, in volume order.
pub fn pod_claims(p: &Pod) -> Vec<String> {
    p.spec
        .volumes
        .iter()
        .filter_map(|v| {
            v.persistent_volume_claim
                .as_ref()
                .map(|c| c.claim_name.clone())
        })
        .collect()
}

/// The class name a claim asks for (`None` = no class field at all).
pub fn claim_class(c: &PersistentVolumeClaim) -> Option<String> {
    c.spec.storage_class_name.clone().or_else(|| {
        c.metadata
            .annotations
            .get("volume.beta.kubernetes.io/storage-class")
            .cloned()
    })
}

/// The class a claim effectively uses: its own, or — when the field is absent — the default
/// class (what the DefaultStorageClass admission plugin and the PV controller's retroactive
/// assignment give it).
pub fn claim_class_in(api: &ApiServer, c: &PersistentVolumeClaim) -> Option<String> {
    claim_class(c).or_else(|| default_storage_class(api).map(|s| s.metadata.name))
}

/// Node selector term matching (In, NotIn, Exists, DoesNotExist, Gt, Lt) against labels.
pub fn node_selector_matches(sel: &NodeSelector, node: &Node) -> bool {
    sel.node_selector_terms.iter().any(|t| {
        (!t.match_expressions.is_empty() || !t.match_fields.is_empty())
            && t.match_expressions
                .iter()
                .all(|r| requirement_matches(r, node.metadata.labels.get(&r.key)))
            && t.match_fields.iter().all(|r| {
                let v = (r.key == "metadata.name").then(|| node.metadata.name.clone());
                requirement_matches(r, v.as_ref())
            })
    })
}

fn requirement_matches(r: &NodeSelectorRequirement, got: Option<&String>) -> bool {
    match r.operator.as_str() {
        "In" => got.is_some_and(|v| r.values.contains(v)),
        "NotIn" => got.is_none_or(|v| !r.values.contains(v)),
        "Exists" => got.is_some(),
        "DoesNotExist" => got.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(w)) = (
                got.and_then(|g| g.parse::<i64>().ok()),
                r.values.first().and_then(|w| w.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if r.operator == "Gt" {
                v > w
            } else {
                v < w
            }
        }
        _ => false,
    }
}

/// FNV-1a over strings; used for cheap "did anything relevant change" fingerprints.
pub fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// [`fnv`] computed while formatting, without building the strings: `write!` a part, then
/// [`Fnv::end_part`]; the result equals `fnv` over the formatted parts.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x100000001b3);
    }

    pub fn end_part(&mut self) {
        self.byte(0xff);
    }

    /// Closes one field inside a part (0xfe: like 0xff, never a byte of UTF-8 text).
    pub fn end_field(&mut self) {
        self.byte(0xfe);
    }

    /// Feeds bytes as they are.
    pub fn raw(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.byte(*b);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for b in s.bytes() {
            self.byte(b);
        }
        Ok(())
    }
}

/// Record an Event through the API server (one place to adapt if the signature moves).
pub fn event(
    api: &mut ApiServer,
    involved: &Object,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
    field_path: Option<&str>,
) {
    api.record_event(involved, type_, reason, message, component, field_path);
}

/// Replace the object (spec/metadata); errors are conflicts that the next sync retries.
pub fn update(api: &mut ApiServer, obj: Object) -> Result<Object, crate::sim::api::ApiError> {
    api.update(obj, &crate::sim::api::WriteOptions::default())
}

/// Replace the status subresource.
pub fn update_status(
    api: &mut ApiServer,
    obj: Object,
) -> Result<Object, crate::sim::api::ApiError> {
    api.update_status(obj)
}

/// Set (or refresh) a pod condition; the transition time changes only when the status does.
pub fn set_condition(
    p: &mut Pod,
    type_: &str,
    status: bool,
    reason: &str,
    message: &str,
    now: crate::sim::clock::Millis,
) {
    let st = if status { "True" } else { "False" };
    if let Some(c) = p.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        if c.status != st {
            c.last_transition_time = Some(now);
        }
        c.status = st.into();
        c.reason = reason.into();
        c.message = message.into();
        return;
    }
    p.status.conditions.push(PodCondition {
        type_: type_.into(),
        status: st.into(),
        reason: reason.into(),
        message: message.into(),
        last_transition_time: Some(now),
        ..Default::default()
    });
}
