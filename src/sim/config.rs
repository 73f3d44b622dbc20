//! `ClusterConfig`: the serde-described shape of a simulated cluster (nodes, storage classes,
//! feature gates, networks) and the default kind-like cluster of the course.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::api::FeatureGates;
use crate::sim::objects::Taint;

/// Cluster shape. `Cluster::with_config(seed, cfg)` builds it; `Cluster::new` uses the default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ClusterConfig {
    pub nodes: Vec<NodeConfig>,
    pub storage_classes: Vec<StorageClassConfig>,
    pub feature_gates: FeatureGates,
    /// Pod network; each node gets the /24 at its index.
    pub pod_cidr: String,
    /// Service network for ClusterIPs.
    pub service_cidr: String,
    /// ClusterIP of kube-dns (must lie in `service_cidr`).
    pub dns_service_ip: String,
    /// Cluster domain for DNS names.
    pub cluster_domain: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct NodeConfig {
    pub name: String,
    /// e.g. `["control-plane"]`; becomes `node-role.kubernetes.io/<role>` labels.
    pub roles: Vec<String>,
    pub capacity: NodeCapacity,
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct NodeCapacity {
    pub cpu: String,
    pub memory: String,
    pub pods: u32,
    pub ephemeral_storage: String,
}

impl Default for NodeCapacity {
    fn default() -> Self {
        NodeCapacity {
            cpu: "4".into(),
            memory: "8Gi".into(),
            pods: 110,
            ephemeral_storage: "100Gi".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct StorageClassConfig {
    pub name: String,
    pub provisioner: String,
    pub reclaim_policy: String,
    pub volume_binding_mode: String,
    pub allow_volume_expansion: bool,
    /// Marks the class `storageclass.kubernetes.io/is-default-class: "true"`.
    pub default: bool,
}

impl Default for StorageClassConfig {
    fn default() -> Self {
        StorageClassConfig {
            name: "standard".into(),
            provisioner: "rancher.io/local-path".into(),
            reclaim_policy: "Delete".into(),
            volume_binding_mode: "WaitForFirstConsumer".into(),
            allow_volume_expansion: false,
            default: false,
        }
    }
}

impl Default for ClusterConfig {
    /// The kind-like default: `kind-control-plane` (tainted) + `kind-worker`, `kind-worker2`,
    /// `kind-worker3`; default StorageClass `standard` (local-path, WaitForFirstConsumer).
    fn default() -> Self {
        let cp = NodeConfig {
            name: "kind-control-plane".into(),
            roles: vec!["control-plane".into()],
            taints: vec![Taint {
                key: "node-role.kubernetes.io/control-plane".into(),
                effect: "NoSchedule".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut nodes = vec![cp];
        for n in ["kind-worker", "kind-worker2", "kind-worker3"] {
            nodes.push(NodeConfig {
                name: n.into(),
                ..Default::default()
            });
        }
        ClusterConfig {
            nodes,
            storage_classes: vec![StorageClassConfig {
                default: true,
                ..Default::default()
            }],
            feature_gates: FeatureGates::default(),
            pod_cidr: "10.244.0.0/16".into(),
            service_cidr: "10.96.0.0/12".into(),
            dns_service_ip: "10.96.0.10".into(),
            cluster_domain: "cluster.local".into(),
        }
    }
}

/// Why a config was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid cluster config: {}", self.0)
    }
}

/// Parses `a.b.c.d/n`.
pub fn parse_cidr(s: &str) -> Result<(u32, u32), ConfigError> {
    let (ip, bits) = s
        .split_once('/')
        .ok_or_else(|| ConfigError(format!("{s:?} is not a CIDR")))?;
    let ip = crate::sim::api::parse_ipv4(ip)
        .ok_or_else(|| ConfigError(format!("{s:?} is not a CIDR")))?;
    let bits: u32 = bits
        .parse()
        .map_err(|_| ConfigError(format!("{s:?} is not a CIDR")))?;
    if !(8..=30).contains(&bits) {
        return Err(ConfigError(format!(
            "{s:?}: prefix length must be between 8 and 30"
        )));
    }
    let mask = u32::MAX << (32 - bits);
    Ok((ip & mask, bits))
}
