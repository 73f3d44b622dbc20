//! Plain data for the cluster picture: StatefulSets with their pods in ordinal order,
//! claims and volumes, headless Service records, Deployments. The per-pod timeline is
//! separate ([`super::timeline`], [`super::Lab::timeline`]): it reads the whole watch log, and
//! the page builds it once per render, not with every picture.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::kubectl::printers::pod::pod_status;
use crate::sim::explain::Explanation;
use crate::sim::{Cluster, Kind, Millis, Object, Pod};

/// One pod.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PodView {
    pub name: String,
    pub ordinal: Option<u32>,
    pub phase: String,
    /// The STATUS column (`ContainerCreating`, `Running`, `Terminating`, `Completed`, …).
    pub status: String,
    /// READY column, e.g. `1/1`.
    pub ready_text: String,
    pub ready: bool,
    pub restarts: String,
    /// `controller-revision-hash` label.
    pub revision: String,
    pub node: String,
    pub ip: String,
    /// `<pod>.<service>.<ns>.svc.cluster.local` when the pod has a subdomain.
    pub dns_name: Option<String>,
    /// The per-pod record currently resolves (headless Service selects it and it is ready).
    pub dns_resolves: bool,
    pub deleting: bool,
    pub claims: Vec<String>,
    /// The controller's current explanation about this pod, if any.
    pub explanation: Option<Explanation>,
}

/// One StatefulSet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SetView {
    pub name: String,
    pub replicas: i32,
    pub ready_replicas: i32,
    pub service_name: String,
    pub pod_management_policy: String,
    pub update_strategy: String,
    pub partition: Option<i32>,
    pub current_revision: String,
    pub update_revision: String,
    pub explanation: Option<Explanation>,
    pub pods: Vec<PodView>,
    /// Ordinals without a pod whose claims from the set's templates still exist (the set was
    /// scaled down, or the pod is gone for now): `(ordinal, claim names)`, by ordinal. Kubernetes
    /// keeps these claims, and a pod with that ordinal mounts them again.
    pub detached: Vec<(u32, Vec<String>)>,
}

/// One PersistentVolumeClaim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimView {
    pub name: String,
    pub phase: String,
    pub volume: String,
    pub capacity: String,
    pub storage_class: String,
    /// Pods that mount it now.
    pub used_by: Vec<String>,
    pub attached: bool,
}

/// A Service and its DNS records.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceView {
    pub name: String,
    pub headless: bool,
    pub cluster_ip: String,
    /// (name, address) A records currently published.
    pub records: Vec<(String, String)>,
}

/// A Deployment with its pods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeploymentView {
    pub name: String,
    pub replicas: i32,
    pub ready_replicas: i32,
    pub pods: Vec<PodView>,
}

/// The whole picture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterView {
    pub now: Millis,
    pub sets: Vec<SetView>,
    pub deployments: Vec<DeploymentView>,
    /// Pods owned by neither (e.g. orphans after `--cascade=orphan`, `debug`).
    pub other_pods: Vec<PodView>,
    pub claims: Vec<ClaimView>,
    pub services: Vec<ServiceView>,
    pub nodes: Vec<String>,
    /// Nothing is scheduled: the cluster is stable.
    pub idle: bool,
}

fn owner_kind(p: &Pod) -> Option<(String, String)> {
    p.metadata
        .owner_references
        .iter()
        .find(|o| o.controller == Some(true))
        .map(|o| (o.kind.clone(), o.name.clone()))
}

fn pod_view(c: &Cluster, p: &Pod) -> PodView {
    let (ready_text, status, restarts) = pod_status(p, c.now());
    let ordinal = p
        .metadata
        .labels
        .get("apps.kubernetes.io/pod-index")
        .and_then(|v| v.parse().ok());
    let dns_name = (!p.spec.subdomain.is_empty()).then(|| {
        let host = if p.spec.hostname.is_empty() {
            &p.metadata.name
        } else {
            &p.spec.hostname
        };
        format!(
            "{host}.{}.{}.svc.{}",
            p.spec.subdomain,
            p.metadata.namespace,
            c.dns().cluster_domain()
        )
    });
    let dns_resolves = dns_name.as_ref().is_some_and(|n| {
        matches!(c.dns().query(n, crate::sim::dns::QType::A), crate::sim::dns::Answer::NoError(r) if !r.is_empty())
    });
    let r = crate::sim::ObjectRef {
        kind: Kind::Pod,
        namespace: Some(p.metadata.namespace.clone()),
        name: p.metadata.name.clone(),
    };
    PodView {
        name: p.metadata.name.clone(),
        ordinal,
        phase: p.status.phase.clone(),
        ready: p
            .status
            .conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True"),
        status,
        ready_text,
        restarts,
        revision: p
            .metadata
            .labels
            .get("controller-revision-hash")
            .cloned()
            .unwrap_or_default(),
        node: p.spec.node_name.clone(),
        ip: p.status.pod_ip.clone(),
        dns_name,
        dns_resolves,
        deleting: p.metadata.deletion_timestamp.is_some(),
        claims: p
            .spec
            .volumes
            .iter()
            .filter_map(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .map(|c| c.claim_name.clone())
            })
            .collect(),
        explanation: c.explanations().get(&r).cloned(),
    }
}

/// Claims `<template>-<set>-<ordinal>` whose ordinal has no pod, grouped by ordinal.
fn detached_claims(
    c: &Cluster,
    ns: &str,
    s: &crate::sim::StatefulSet,
    pods: &[PodView],
) -> Vec<(u32, Vec<String>)> {
    let mut by: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for o in c.api().list(Kind::PersistentVolumeClaim, Some(ns)) {
        let name = &o.meta().name;
        for t in &s.spec.volume_claim_templates {
            let prefix = format!("{}-{}-", t.metadata.name, s.metadata.name);
            let ord = name
                .strip_prefix(&prefix)
                .filter(|n| !n.starts_with('0') || n.len() == 1)
                .and_then(|n| n.parse::<u32>().ok());
            if let Some(ord) = ord {
                if !pods.iter().any(|p| p.ordinal == Some(ord)) {
                    by.entry(ord).or_default().push(name.clone());
                }
            }
        }
    }
    by.into_iter().collect()
}

/// Build the picture of namespace `default` (plus nodes).
pub fn build(c: &Cluster) -> ClusterView {
    let ns = "default";
    let pods: Vec<Pod> = c
        .api()
        .list(Kind::Pod, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let mut sets = Vec::new();
    let mut claimed: Vec<String> = Vec::new();
    for o in c.api().list(Kind::StatefulSet, Some(ns)) {
        let Object::StatefulSet(s) = o else { continue };
        let mut mine: Vec<PodView> = pods
            .iter()
            .filter(|p| owner_kind(p) == Some(("StatefulSet".into(), s.metadata.name.clone())))
            .map(|p| pod_view(c, p))
            .collect();
        mine.sort_by_key(|p| (p.ordinal.unwrap_or(u32::MAX), p.name.clone()));
        claimed.extend(mine.iter().map(|p| p.name.clone()));
        let r = crate::sim::ObjectRef {
            kind: Kind::StatefulSet,
            namespace: Some(ns.into()),
            name: s.metadata.name.clone(),
        };
        sets.push(SetView {
            name: s.metadata.name.clone(),
            replicas: s.spec.replicas.unwrap_or(1),
            ready_replicas: s.status.ready_replicas,
            service_name: s.spec.service_name.clone(),
            pod_management_policy: s.spec.pod_management_policy.clone(),
            update_strategy: s.spec.update_strategy.type_.clone(),
            partition: s
                .spec
                .update_strategy
                .rolling_update
                .as_ref()
                .and_then(|r| r.partition),
            current_revision: s.status.current_revision.clone(),
            update_revision: s.status.update_revision.clone(),
            explanation: c.explanations().get(&r).cloned(),
            detached: detached_claims(c, ns, s, &mine),
            pods: mine,
        });
    }
    let mut deployments = Vec::new();
    for o in c.api().list(Kind::Deployment, Some(ns)) {
        let Object::Deployment(d) = o else { continue };
        // Deployment → ReplicaSets (owned) → pods.
        let rs_names: Vec<String> = c
            .api()
            .list(Kind::ReplicaSet, Some(ns))
            .into_iter()
            .filter(|r| {
                r.meta()
                    .owner_references
                    .iter()
                    .any(|o| o.kind == "Deployment" && o.name == d.metadata.name)
            })
            .map(|r| r.meta().name.clone())
            .collect();
        let mine: Vec<PodView> = pods
            .iter()
            .filter(|p| {
                owner_kind(p).is_some_and(|(k, n)| k == "ReplicaSet" && rs_names.contains(&n))
            })
            .map(|p| pod_view(c, p))
            .collect();
        claimed.extend(mine.iter().map(|p| p.name.clone()));
        deployments.push(DeploymentView {
            name: d.metadata.name.clone(),
            replicas: d.spec.replicas.unwrap_or(1),
            ready_replicas: d.status.ready_replicas,
            pods: mine,
        });
    }
    let other_pods = pods
        .iter()
        .filter(|p| !claimed.contains(&p.metadata.name))
        .map(|p| pod_view(c, p))
        .collect();
    let claims = c
        .api()
        .list(Kind::PersistentVolumeClaim, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(pvc) => Some(pvc.clone()),
            _ => None,
        })
        .map(|pvc| {
            let used_by: Vec<String> = pods
                .iter()
                .filter(|p| {
                    p.spec.volumes.iter().any(|v| {
                        v.persistent_volume_claim
                            .as_ref()
                            .is_some_and(|c| c.claim_name == pvc.metadata.name)
                    })
                })
                .map(|p| p.metadata.name.clone())
                .collect();
            let attached = pods.iter().any(|p| {
                p.status.phase == "Running"
                    && p.spec.volumes.iter().any(|v| {
                        v.persistent_volume_claim
                            .as_ref()
                            .is_some_and(|c| c.claim_name == pvc.metadata.name)
                    })
            });
            ClaimView {
                name: pvc.metadata.name.clone(),
                phase: pvc.status.phase.clone(),
                volume: pvc.spec.volume_name.clone(),
                capacity: pvc
                    .status
                    .capacity
                    .get("storage")
                    .map(|q| q.0.clone())
                    .unwrap_or_default(),
                storage_class: pvc.spec.storage_class_name.clone().unwrap_or_default(),
                used_by,
                attached,
            }
        })
        .collect();
    let services = c
        .api()
        .list(Kind::Service, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s.clone()),
            _ => None,
        })
        .map(|s| {
            let domain = c.dns().cluster_domain().to_string();
            let svc_name = format!("{}.{ns}.svc.{domain}", s.metadata.name);
            let mut records = Vec::new();
            if let crate::sim::dns::Answer::NoError(r) =
                c.dns().query(&svc_name, crate::sim::dns::QType::A)
            {
                for rec in r {
                    if let crate::sim::dns::Record::A(ip) = rec {
                        records.push((svc_name.clone(), ip.to_string()));
                    }
                }
            }
            for p in &pods {
                if p.spec.subdomain == s.metadata.name {
                    let host = if p.spec.hostname.is_empty() {
                        &p.metadata.name
                    } else {
                        &p.spec.hostname
                    };
                    let n = format!("{host}.{svc_name}");
                    if let crate::sim::dns::Answer::NoError(r) =
                        c.dns().query(&n, crate::sim::dns::QType::A)
                    {
                        for rec in r {
                            if let crate::sim::dns::Record::A(ip) = rec {
                                records.push((n.clone(), ip.to_string()));
                            }
                        }
                    }
                }
            }
            ServiceView {
                name: s.metadata.name.clone(),
                headless: s.spec.cluster_ip == "None",
                cluster_ip: s.spec.cluster_ip.clone(),
                records,
            }
        })
        .collect();
    let nodes = c
        .api()
        .list(Kind::Node, None)
        .into_iter()
        .map(|n| n.meta().name.clone())
        .collect();
    ClusterView {
        now: c.now(),
        sets,
        deployments,
        other_pods,
        claims,
        services,
        nodes,
        idle: c.is_idle(),
    }
}
