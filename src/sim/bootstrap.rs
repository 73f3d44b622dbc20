//! The objects a fresh cluster starts with: namespaces, Nodes, StorageClasses and the
//! `kubernetes` / `kube-dns` Services, all created through the API server at t = 0.

use std::collections::BTreeMap;

use crate::sim::api::{fmt_ipv4, ApiServer, WriteOptions};
use crate::sim::config::{parse_cidr, ClusterConfig, ConfigError};
use crate::sim::objects::*;

fn meta(name: &str, ns: &str) -> ObjectMeta {
    ObjectMeta {
        name: name.into(),
        namespace: ns.into(),
        ..Default::default()
    }
}

fn q(s: &str) -> Quantity {
    Quantity::new(s)
}

/// Creates the initial objects described by `cfg`.
pub fn populate(api: &mut ApiServer, cfg: &ClusterConfig) -> Result<(), ConfigError> {
    let w = WriteOptions::default();
    let err = |e: crate::sim::api::ApiError| ConfigError(e.message);
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        api.create(
            Object::Namespace(Namespace {
                metadata: meta(ns, ""),
                ..Default::default()
            }),
            &w,
        )
        .map_err(err)?;
    }
    let (pod_base, pod_bits) = parse_cidr(&cfg.pod_cidr)?;
    if pod_bits > 24 {
        return Err(ConfigError(format!(
            "podCidr {:?} must be /24 or larger",
            cfg.pod_cidr
        )));
    }
    if cfg.nodes.is_empty() {
        return Err(ConfigError("at least one node is required".into()));
    }
    if cfg.nodes.len() > 64 {
        return Err(ConfigError(
            "at most 64 nodes are supported (simulator limit)".into(),
        ));
    }
    for (i, n) in cfg.nodes.iter().enumerate() {
        api.create(Object::Node(node(n, i, pod_base)), &w)
            .map_err(err)?;
    }
    for sc in &cfg.storage_classes {
        let mut annotations = BTreeMap::new();
        if sc.default {
            annotations.insert(
                "storageclass.kubernetes.io/is-default-class".to_string(),
                "true".to_string(),
            );
        }
        let obj = StorageClass {
            metadata: ObjectMeta {
                annotations,
                ..meta(&sc.name, "")
            },
            provisioner: sc.provisioner.clone(),
            reclaim_policy: Some(sc.reclaim_policy.clone()),
            volume_binding_mode: Some(sc.volume_binding_mode.clone()),
            allow_volume_expansion: if sc.allow_volume_expansion {
                Some(true)
            } else {
                None
            },
            ..Default::default()
        };
        api.create(Object::StorageClass(obj), &w).map_err(err)?;
    }
    let (svc_base, _) = parse_cidr(&cfg.service_cidr)?;
    let kubernetes = Service {
        metadata: ObjectMeta {
            labels: [("component", "apiserver"), ("provider", "kubernetes")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..meta("kubernetes", "default")
        },
        spec: ServiceSpec {
            cluster_ip: fmt_ipv4(svc_base + 1),
            ports: vec![ServicePort {
                name: "https".into(),
                port: 443,
                protocol: "TCP".into(),
                target_port: Some(IntOrString::Int(6443)),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    api.create(Object::Service(kubernetes), &w).map_err(err)?;
    let port = |name: &str, p: i32, proto: &str| ServicePort {
        name: name.into(),
        port: p,
        protocol: proto.into(),
        target_port: Some(IntOrString::Int(p)),
        ..Default::default()
    };
    let kube_dns = Service {
        metadata: ObjectMeta {
            labels: [
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            annotations: [
                ("prometheus.io/port", "9153"),
                ("prometheus.io/scrape", "true"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            ..meta("kube-dns", "kube-system")
        },
        spec: ServiceSpec {
            cluster_ip: cfg.dns_service_ip.clone(),
            ports: vec![
                port("dns", 53, "UDP"),
                port("dns-tcp", 53, "TCP"),
                port("metrics", 9153, "TCP"),
            ],
            selector: [("k8s-app".to_string(), "kube-dns".to_string())]
                .into_iter()
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    };
    api.create(Object::Service(kube_dns), &w).map_err(err)?;
    Ok(())
}

fn node(n: &crate::sim::config::NodeConfig, index: usize, pod_base: u32) -> Node {
    let mut labels: StringMap = [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/os", "linux"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    labels.insert("kubernetes.io/hostname".into(), n.name.clone());
    for r in &n.roles {
        labels.insert(format!("node-role.kubernetes.io/{r}"), String::new());
    }
    labels.extend(n.labels.clone());
    let cidr = format!("{}/24", fmt_ipv4(pod_base + ((index as u32) << 8)));
    let mut capacity = BTreeMap::new();
    capacity.insert("cpu".to_string(), q(&n.capacity.cpu));
    capacity.insert("memory".to_string(), q(&n.capacity.memory));
    capacity.insert("pods".to_string(), q(&n.capacity.pods.to_string()));
    capacity.insert(
        "ephemeral-storage".to_string(),
        q(&n.capacity.ephemeral_storage),
    );
    let condition = |t: &str, s: &str, reason: &str, msg: &str| NodeCondition {
        type_: t.into(),
        status: s.into(),
        reason: reason.into(),
        message: msg.into(),
        last_heartbeat_time: Some(0),
        last_transition_time: Some(0),
    };
    Node {
        metadata: ObjectMeta {
            labels,
            ..meta(&n.name, "")
        },
        spec: NodeSpec {
            pod_cidr: cidr.clone(),
            pod_cidrs: vec![cidr],
            provider_id: format!("kind://docker/kind/{}", n.name),
            taints: n.taints.clone(),
            ..Default::default()
        },
        status: NodeStatus {
            allocatable: capacity.clone(),
            capacity,
            conditions: vec![
                condition(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                condition(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                condition(
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                condition(
                    "Ready",
                    "True",
                    "KubeletReady",
                    "kubelet is posting ready status",
                ),
            ],
            addresses: vec![
                NodeAddress {
                    type_: "InternalIP".into(),
                    address: format!("172.18.0.{}", index + 2),
                },
                NodeAddress {
                    type_: "Hostname".into(),
                    address: n.name.clone(),
                },
            ],
            node_info: Some(NodeSystemInfo {
                kubelet_version: "v1.35.7".into(),
                container_runtime_version: "containerd://2.1.4".into(),
                kernel_version: "6.8.0-generic".into(),
                os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                operating_system: "linux".into(),
                architecture: "amd64".into(),
            }),
        },
        ..Default::default()
    }
}
