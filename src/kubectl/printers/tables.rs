//! Table columns and rows per kind, as the v1.35 API server's table printers
//! (`pkg/printers/internalversion/printers.go`) produce them.

use super::pod::pod_status;
use crate::kubectl::render::duration::age;
use crate::kubectl::render::table::{Column, Row, Table};
use crate::sim::{Kind, Object};
use std::collections::BTreeMap;

fn cols(spec: &[(&str, u8)]) -> Vec<Column> {
    spec.iter().map(|(n, p)| Column::new(n, *p)).collect()
}

/// Column definitions for a kind.
pub fn columns(kind: Kind) -> Vec<Column> {
    match kind {
        Kind::Pod => cols(&[
            ("Name", 0),
            ("Ready", 0),
            ("Status", 0),
            ("Restarts", 0),
            ("Age", 0),
            ("IP", 1),
            ("Node", 1),
            ("Nominated Node", 1),
            ("Readiness Gates", 1),
        ]),
        Kind::StatefulSet => cols(&[
            ("Name", 0),
            ("Ready", 0),
            ("Age", 0),
            ("Containers", 1),
            ("Images", 1),
        ]),
        Kind::Deployment => cols(&[
            ("Name", 0),
            ("Ready", 0),
            ("Up-to-date", 0),
            ("Available", 0),
            ("Age", 0),
            ("Containers", 1),
            ("Images", 1),
            ("Selector", 1),
        ]),
        Kind::ReplicaSet => cols(&[
            ("Name", 0),
            ("Desired", 0),
            ("Current", 0),
            ("Ready", 0),
            ("Age", 0),
            ("Containers", 1),
            ("Images", 1),
            ("Selector", 1),
        ]),
        Kind::Service => cols(&[
            ("Name", 0),
            ("Type", 0),
            ("Cluster-IP", 0),
            ("External-IP", 0),
            ("Port(s)", 0),
            ("Age", 0),
            ("Selector", 1),
        ]),
        Kind::PersistentVolumeClaim => cols(&[
            ("Name", 0),
            ("Status", 0),
            ("Volume", 0),
            ("Capacity", 0),
            ("Access Modes", 0),
            ("StorageClass", 0),
            ("VolumeAttributesClass", 0),
            ("Age", 0),
            ("VolumeMode", 1),
        ]),
        Kind::PersistentVolume => cols(&[
            ("Name", 0),
            ("Capacity", 0),
            ("Access Modes", 0),
            ("Reclaim Policy", 0),
            ("Status", 0),
            ("Claim", 0),
            ("StorageClass", 0),
            ("VolumeAttributesClass", 0),
            ("Reason", 0),
            ("Age", 0),
            ("VolumeMode", 1),
        ]),
        Kind::StorageClass => cols(&[
            ("Name", 0),
            ("Provisioner", 0),
            ("ReclaimPolicy", 0),
            ("VolumeBindingMode", 0),
            ("AllowVolumeExpansion", 0),
            ("Age", 0),
        ]),
        Kind::Node => cols(&[
            ("Name", 0),
            ("Status", 0),
            ("Roles", 0),
            ("Age", 0),
            ("Version", 0),
            ("Internal-IP", 1),
            ("External-IP", 1),
            ("OS-Image", 1),
            ("Kernel-Version", 1),
            ("Container-Runtime", 1),
        ]),
        Kind::Event => cols(&[
            ("Last Seen", 0),
            ("Type", 0),
            ("Reason", 0),
            ("Object", 0),
            ("Subobject", 1),
            ("Source", 1),
            ("Message", 0),
            ("First Seen", 1),
            ("Count", 1),
            ("Name", 1),
        ]),
        Kind::ControllerRevision => {
            cols(&[("Name", 0), ("Controller", 0), ("Revision", 0), ("Age", 0)])
        }
        Kind::ConfigMap => cols(&[("Name", 0), ("Data", 0), ("Age", 0)]),
        Kind::Secret => cols(&[("Name", 0), ("Type", 0), ("Data", 0), ("Age", 0)]),
        Kind::Namespace => cols(&[("Name", 0), ("Status", 0), ("Age", 0)]),
        Kind::EndpointSlice => cols(&[
            ("Name", 0),
            ("AddressType", 0),
            ("Ports", 0),
            ("Endpoints", 0),
            ("Age", 0),
        ]),
        Kind::Endpoints => cols(&[("Name", 0), ("Endpoints", 0), ("Age", 0)]),
    }
}

/// formatEndpoints: the ready addresses as `ip:port` (ip alone for a subset without ports),
/// the first three, then ` + N more...`; `<none>` without subsets. Not-ready addresses are
/// not listed, so a set with only those prints an empty cell, as upstream does.
fn format_endpoints(e: &crate::sim::Endpoints) -> String {
    if e.subsets.is_empty() {
        return "<none>".into();
    }
    let mut list: Vec<String> = Vec::new();
    let mut count = 0;
    for ss in &e.subsets {
        if ss.ports.is_empty() {
            count += ss.addresses.len();
            list.extend(ss.addresses.iter().map(|a| a.ip.clone()));
            continue;
        }
        for p in &ss.ports {
            count += ss.addresses.len();
            list.extend(
                ss.addresses
                    .iter()
                    .map(|a| format!("{}:{}", a.ip, p.port.unwrap_or_default())),
            );
        }
    }
    list.truncate(3);
    let ret = list.join(",");
    if count > 3 {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

/// `RWO,ROX,RWX,RWOP` in kubectl's fixed order.
pub fn access_modes(modes: &[String]) -> String {
    let mut out = Vec::new();
    for (m, s) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if modes.iter().any(|x| x == m) {
            out.push(s);
        }
    }
    out.join(",")
}

fn list_more(list: Vec<String>, count: usize) -> String {
    let more = count > 3;
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - 3);
    }
    if ret.is_empty() {
        "<unset>".to_string()
    } else {
        ret
    }
}

fn containers_images(t: &crate::sim::PodTemplateSpec) -> (String, String) {
    let names: Vec<&str> = t.spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = t.spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

fn selector_string(s: &Option<crate::sim::LabelSelector>) -> String {
    match s {
        None => "<none>".to_string(),
        Some(s) if s.is_empty() => "<none>".to_string(),
        Some(s) => s.to_selector_string(),
    }
}

/// Whether a StorageClass carries the default-class annotation.
pub fn is_default_class(m: &crate::sim::ObjectMeta) -> bool {
    m.annotations
        .get("storageclass.kubernetes.io/is-default-class")
        .map(String::as_str)
        == Some("true")
        || m.annotations
            .get("storageclass.beta.kubernetes.io/is-default-class")
            .map(String::as_str)
            == Some("true")
}

/// Node STATUS (`Ready`, `NotReady,SchedulingDisabled`, …): printNode says `Ready` for a
/// True Ready condition, `NotReady` for any other status (False or Unknown, as after the node
/// lifecycle controller gives up on a silent kubelet), `Unknown` only without one.
pub fn node_status(n: &crate::sim::Node) -> String {
    let mut s = match n.status.conditions.iter().find(|c| c.type_ == "Ready") {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.unschedulable {
        s.push_str(",SchedulingDisabled");
    }
    s
}

/// Node ROLES from `node-role.kubernetes.io/<role>` labels.
pub fn node_roles(labels: &BTreeMap<String, String>) -> String {
    let mut roles: Vec<String> = labels
        .keys()
        .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(r) = labels.get("kubernetes.io/role") {
        roles.push(r.clone());
    }
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    }
}

/// Service PORT(S).
pub fn service_ports(s: &crate::sim::Service) -> String {
    if s.spec.ports.is_empty() {
        return "<none>".to_string();
    }
    s.spec
        .ports
        .iter()
        .map(|p| {
            let proto = if p.protocol.is_empty() {
                "TCP"
            } else {
                &p.protocol
            };
            if p.node_port > 0 {
                format!("{}:{}/{proto}", p.port, p.node_port)
            } else {
                format!("{}/{proto}", p.port)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One object's cells (all columns, wide included).
pub fn cells(o: &Object, now: u64) -> Vec<String> {
    let m = o.meta();
    let a = age(now, m.creation_timestamp);
    match o {
        Object::Pod(p) => {
            let (ready, status, restarts) = pod_status(p, now);
            let ip = p
                .status
                .pod_ips
                .first()
                .map(|x| x.ip.clone())
                .filter(|s| !s.is_empty());
            let gates = if p.spec.readiness_gates.is_empty() {
                "<none>".to_string()
            } else {
                let t = p
                    .spec
                    .readiness_gates
                    .iter()
                    .filter(|g| {
                        p.status
                            .conditions
                            .iter()
                            .any(|c| c.type_ == g.condition_type && c.status == "True")
                    })
                    .count();
                format!("{t}/{}", p.spec.readiness_gates.len())
            };
            vec![
                m.name.clone(),
                ready,
                status,
                restarts,
                a,
                ip.unwrap_or_else(|| "<none>".into()),
                if p.spec.node_name.is_empty() {
                    "<none>".into()
                } else {
                    p.spec.node_name.clone()
                },
                "<none>".into(),
                gates,
            ]
        }
        Object::StatefulSet(s) => {
            let (c, i) = containers_images(&s.spec.template);
            vec![
                m.name.clone(),
                format!(
                    "{}/{}",
                    s.status.ready_replicas,
                    s.spec.replicas.unwrap_or(1)
                ),
                a,
                c,
                i,
            ]
        }
        Object::Deployment(d) => {
            let (c, i) = containers_images(&d.spec.template);
            vec![
                m.name.clone(),
                format!(
                    "{}/{}",
                    d.status.ready_replicas,
                    d.spec.replicas.unwrap_or(1)
                ),
                d.status.updated_replicas.to_string(),
                d.status.available_replicas.to_string(),
                a,
                c,
                i,
                selector_string(&d.spec.selector),
            ]
        }
        Object::ReplicaSet(r) => {
            let (c, i) = containers_images(&r.spec.template);
            vec![
                m.name.clone(),
                r.spec.replicas.unwrap_or(1).to_string(),
                r.status.replicas.to_string(),
                r.status.ready_replicas.to_string(),
                a,
                c,
                i,
                selector_string(&r.spec.selector),
            ]
        }
        Object::Service(s) => {
            let t = if s.spec.type_.is_empty() {
                "ClusterIP"
            } else {
                &s.spec.type_
            };
            let cip = if s.spec.cluster_ip.is_empty() {
                "<none>"
            } else {
                &s.spec.cluster_ip
            };
            // getServiceExternalIP: no load balancer is ever provisioned (kind has none),
            // and the simulated Service has no externalIPs.
            let ext = match t {
                "ClusterIP" | "NodePort" => "<none>",
                "LoadBalancer" => "<pending>",
                "ExternalName" => &s.spec.external_name,
                _ => "<unknown>",
            };
            let sel = if s.spec.selector.is_empty() {
                "<none>".to_string()
            } else {
                crate::kubectl::render::table::format_labels(&s.spec.selector)
            };
            vec![
                m.name.clone(),
                t.into(),
                cip.into(),
                ext.into(),
                service_ports(s),
                a,
                sel,
            ]
        }
        Object::PersistentVolumeClaim(c) => {
            let phase = if m.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                c.status.phase.clone()
            };
            let (cap, modes) = if c.spec.volume_name.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    c.status
                        .capacity
                        .get("storage")
                        .map(|q| q.0.clone())
                        .unwrap_or_default(),
                    access_modes(&c.status.access_modes),
                )
            };
            let class = c.spec.storage_class_name.clone().unwrap_or_else(|| {
                m.annotations
                    .get("volume.beta.kubernetes.io/storage-class")
                    .cloned()
                    .unwrap_or_default()
            });
            let vac = c
                .spec
                .volume_attributes_class_name
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or("<unset>".into());
            let mode = c.spec.volume_mode.clone().unwrap_or("<unset>".into());
            vec![
                m.name.clone(),
                phase,
                c.spec.volume_name.clone(),
                cap,
                modes,
                class,
                vac,
                a,
                mode,
            ]
        }
        Object::PersistentVolume(v) => {
            let claim = v
                .spec
                .claim_ref
                .as_ref()
                .map(|r| format!("{}/{}", r.namespace, r.name))
                .unwrap_or_default();
            let phase = if m.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                v.status.phase.clone()
            };
            let vac = v
                .spec
                .volume_attributes_class_name
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or("<unset>".into());
            vec![
                m.name.clone(),
                v.spec
                    .capacity
                    .get("storage")
                    .map(|q| q.0.clone())
                    .unwrap_or_default(),
                access_modes(&v.spec.access_modes),
                v.spec.persistent_volume_reclaim_policy.clone(),
                phase,
                claim,
                v.spec.storage_class_name.clone(),
                vac,
                v.status.reason.clone(),
                a,
                v.spec.volume_mode.clone().unwrap_or("<unset>".into()),
            ]
        }
        Object::StorageClass(sc) => {
            let mut name = m.name.clone();
            if is_default_class(m) {
                name.push_str(" (default)");
            }
            vec![
                name,
                sc.provisioner.clone(),
                sc.reclaim_policy.clone().unwrap_or("Delete".into()),
                sc.volume_binding_mode.clone().unwrap_or("Immediate".into()),
                sc.allow_volume_expansion.unwrap_or(false).to_string(),
                a,
            ]
        }
        Object::Node(n) => {
            let addr = |t: &str| {
                n.status
                    .addresses
                    .iter()
                    .find(|x| x.type_ == t)
                    .map(|x| x.address.clone())
                    .unwrap_or("<none>".into())
            };
            let info = n.status.node_info.clone().unwrap_or_default();
            let unknown = |s: String| {
                if s.is_empty() {
                    "<unknown>".to_string()
                } else {
                    s
                }
            };
            vec![
                m.name.clone(),
                node_status(n),
                node_roles(&m.labels),
                a,
                info.kubelet_version.clone(),
                addr("InternalIP"),
                addr("ExternalIP"),
                unknown(info.os_image),
                unknown(info.kernel_version),
                unknown(info.container_runtime_version),
            ]
        }
        Object::Event(e) => {
            let first = age(now, e.first_timestamp.or(e.event_time));
            let last = if e.last_timestamp.is_some() {
                age(now, e.last_timestamp)
            } else {
                first.clone()
            };
            let count = if e.count == 0 { 1 } else { e.count };
            let io = &e.involved_object;
            let target = if io.name.is_empty() {
                io.kind.to_lowercase()
            } else {
                format!("{}/{}", io.kind.to_lowercase(), io.name)
            };
            let mut source = if e.source.component.is_empty() {
                e.reporting_component.clone()
            } else {
                e.source.component.clone()
            };
            if !e.source.host.is_empty() {
                source = format!("{source}, {}", e.source.host);
            }
            vec![
                last,
                e.type_.clone(),
                e.reason.clone(),
                target,
                io.field_path.clone(),
                source,
                e.message.trim().to_string(),
                first,
                count.to_string(),
                m.name.clone(),
            ]
        }
        Object::ControllerRevision(r) => {
            let ctrl = m
                .controller_ref()
                .map(|c| {
                    let group = c.api_version.split_once('/').map(|x| x.0).unwrap_or("");
                    let kind = c.kind.to_lowercase();
                    if group.is_empty() {
                        format!("{kind}/{}", c.name)
                    } else {
                        format!("{kind}.{group}/{}", c.name)
                    }
                })
                .unwrap_or("<none>".into());
            vec![m.name.clone(), ctrl, r.revision.to_string(), a]
        }
        Object::ConfigMap(c) => vec![
            m.name.clone(),
            (c.data.len() + c.binary_data.len()).to_string(),
            a,
        ],
        Object::Secret(s) => vec![
            m.name.clone(),
            s.type_.clone(),
            (s.data.len() + s.string_data.len()).to_string(),
            a,
        ],
        Object::Namespace(n) => vec![m.name.clone(), n.status.phase.clone(), a],
        Object::EndpointSlice(e) => {
            let ports: Vec<String> = e
                .ports
                .iter()
                .take(3)
                .map(|p| {
                    p.port
                        .map(|x| x.to_string())
                        .or(p.name.clone())
                        .unwrap_or("*".into())
                })
                .collect();
            let addrs: Vec<String> = e
                .endpoints
                .iter()
                .flat_map(|x| x.addresses.iter().cloned())
                .collect();
            let n = addrs.len();
            vec![
                m.name.clone(),
                e.address_type.clone(),
                list_more(ports, e.ports.len()),
                list_more(addrs.into_iter().take(3).collect(), n),
                a,
            ]
        }
        Object::Endpoints(e) => vec![m.name.clone(), format_endpoints(e), a],
    }
}

/// A row for an object.
pub fn row(o: &Object, now: u64) -> Row {
    Row {
        cells: cells(o, now),
        namespace: o.namespace().to_string(),
        labels: o.meta().labels.clone(),
    }
}

/// A table of objects of one kind.
pub fn table(kind: Kind, objs: &[&Object], now: u64) -> Table {
    Table {
        columns: columns(kind),
        rows: objs.iter().map(|o| row(o, now)).collect(),
    }
}
