//! Reads the simulated cluster into the picture and timeline data the page draws. Pure
//! functions of `&Cluster`: no Yew, no browser. (When `lab::Lab::view()` lands, the bridge
//! switches to it and this file goes.)

use std::collections::BTreeMap;

use crate::sim::objects::{Kind, Object, ObjectRef, Pod};
use crate::sim::Cluster;
use crate::web::view_model::*;

const NS: &str = "default";

/// The cluster picture for namespace `default`.
pub fn picture(c: &Cluster) -> Picture {
    let api = c.api();
    let pods: Vec<&Pod> = api
        .list(Kind::Pod, Some(NS))
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
        .collect();
    let mut claims: BTreeMap<String, ClaimView> = BTreeMap::new();
    for o in api.list(Kind::PersistentVolumeClaim, Some(NS)) {
        if let Object::PersistentVolumeClaim(pvc) = o {
            let phase = if pvc.metadata.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else if pvc.status.phase.is_empty() {
                "Pending".to_string()
            } else {
                pvc.status.phase.clone()
            };
            claims.insert(
                pvc.metadata.name.clone(),
                ClaimView {
                    name: pvc.metadata.name.clone(),
                    phase,
                    volume: non_empty(&pvc.spec.volume_name),
                    capacity: pvc.status.capacity.get("storage").map(|q| q.0.clone()),
                    storage_class: pvc.spec.storage_class_name.clone(),
                },
            );
        }
    }
    let revisions: BTreeMap<String, u64> = api
        .list(Kind::ControllerRevision, Some(NS))
        .into_iter()
        .filter_map(|o| match o {
            Object::ControllerRevision(r) => Some((
                r.metadata.name.clone(),
                u64::try_from(r.revision).unwrap_or(0),
            )),
            _ => None,
        })
        .collect();
    let rev = |name: &str| -> Option<RevisionView> {
        (!name.is_empty()).then(|| RevisionView {
            number: revisions.get(name).copied().unwrap_or(0),
            hash: name.to_string(),
        })
    };
    let pod_view = |p: &Pod| pod_view(c, p, &rev);

    let mut sets = Vec::new();
    for o in api.list(Kind::StatefulSet, Some(NS)) {
        let Object::StatefulSet(s) = o else { continue };
        let name = &s.metadata.name;
        let replicas = u32::try_from(s.spec.replicas.unwrap_or(1)).unwrap_or(0);
        let templates: Vec<&str> = s
            .spec
            .volume_claim_templates
            .iter()
            .map(|t| t.metadata.name.as_str())
            .collect();
        let ordinal_of =
            |n: &str| -> Option<u32> { n.strip_prefix(&format!("{name}-"))?.parse().ok() };
        let mut top = replicas;
        for p in &pods {
            if let Some(i) = ordinal_of(&p.metadata.name) {
                top = top.max(i + 1);
            }
        }
        for t in &templates {
            for c in claims.keys() {
                if let Some(i) = c.strip_prefix(&format!("{t}-")).and_then(|r| ordinal_of(r)) {
                    top = top.max(i + 1);
                }
            }
        }
        let mut slots = Vec::new();
        for i in 0..top {
            let pod_name = format!("{name}-{i}");
            let pod = pods
                .iter()
                .find(|p| p.metadata.name == pod_name)
                .map(|p| pod_view(p));
            let slot_claims: Vec<ClaimView> = templates
                .iter()
                .filter_map(|t| claims.remove(&format!("{t}-{pod_name}")))
                .collect();
            if i >= replicas && pod.is_none() && slot_claims.is_empty() {
                continue;
            }
            slots.push(Slot {
                ordinal: i,
                pod,
                claims: slot_claims,
                beyond_replicas: i >= replicas,
            });
        }
        let partition = s
            .spec
            .update_strategy
            .rolling_update
            .as_ref()
            .and_then(|r| r.partition)
            .and_then(|p| u32::try_from(p).ok())
            .filter(|&p| p > 0);
        let strategy = if s.spec.update_strategy.type_.is_empty() {
            "RollingUpdate".to_string()
        } else {
            s.spec.update_strategy.type_.clone()
        };
        sets.push(SetView {
            name: name.clone(),
            replicas,
            ready: u32::try_from(s.status.ready_replicas).unwrap_or(0),
            service_name: s.spec.service_name.clone(),
            strategy,
            partition,
            current_revision: rev(&s.status.current_revision),
            update_revision: rev(&s.status.update_revision),
            explanation: explanation(c, Kind::StatefulSet, name),
            slots,
        });
    }

    let mut deployments = Vec::new();
    for o in api.list(Kind::Deployment, Some(NS)) {
        let Object::Deployment(d) = o else { continue };
        let prefix = format!("{}-", d.metadata.name);
        let dpods = pods
            .iter()
            .filter(|p| {
                p.metadata
                    .owner_references
                    .iter()
                    .any(|r| r.kind == "ReplicaSet" && r.name.starts_with(&prefix))
            })
            .map(|p| pod_view(p))
            .collect();
        deployments.push(DeployView {
            name: d.metadata.name.clone(),
            replicas: u32::try_from(d.spec.replicas.unwrap_or(1)).unwrap_or(0),
            ready: u32::try_from(d.status.ready_replicas).unwrap_or(0),
            pods: dpods,
        });
    }

    let mut services = Vec::new();
    for o in api.list(Kind::Service, Some(NS)) {
        let Object::Service(s) = o else { continue };
        if s.metadata.name == "kubernetes" {
            continue;
        }
        let headless = s.spec.cluster_ip == "None";
        let mut records = Vec::new();
        if headless && !s.spec.selector.is_empty() {
            for p in &pods {
                let selected = s
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v));
                if selected
                    && is_ready(p)
                    && p.spec.subdomain == s.metadata.name
                    && !p.spec.hostname.is_empty()
                    && !p.status.pod_ip.is_empty()
                {
                    records.push((
                        format!(
                            "{}.{}.{NS}.svc.cluster.local",
                            p.spec.hostname, s.metadata.name
                        ),
                        p.status.pod_ip.clone(),
                    ));
                }
            }
        }
        services.push(ServiceView {
            name: s.metadata.name.clone(),
            headless,
            cluster_ip: if s.spec.cluster_ip.is_empty() {
                "<none>".into()
            } else {
                s.spec.cluster_ip.clone()
            },
            records,
        });
    }

    Picture {
        sets,
        deployments,
        services,
        loose_claims: claims.into_values().collect(),
    }
}

fn pod_view(c: &Cluster, p: &Pod, rev: &dyn Fn(&str) -> Option<RevisionView>) -> PodView {
    let (state, status) = state_of(p);
    let total = p.spec.containers.len();
    let ready_n = p
        .status
        .container_statuses
        .iter()
        .filter(|s| s.ready)
        .count();
    let dns = (!p.spec.hostname.is_empty() && !p.spec.subdomain.is_empty()).then(|| {
        format!(
            "{}.{}.{NS}.svc.cluster.local",
            p.spec.hostname, p.spec.subdomain
        )
    });
    PodView {
        name: p.metadata.name.clone(),
        state,
        status,
        ready: format!("{ready_n}/{total}"),
        revision: p
            .metadata
            .labels
            .get("controller-revision-hash")
            .and_then(|h| rev(h)),
        node: non_empty(&p.spec.node_name),
        ip: non_empty(&p.status.pod_ip),
        dns,
        explanation: explanation(c, Kind::Pod, &p.metadata.name),
    }
}

/// The state class and the STATUS word for a pod.
fn state_of(p: &Pod) -> (PodState, String) {
    if p.metadata.deletion_timestamp.is_some() {
        return (PodState::Terminating, "Terminating".into());
    }
    let waiting = p
        .status
        .container_statuses
        .iter()
        .find_map(|s| s.state.waiting.as_ref().map(|w| w.reason.clone()))
        .filter(|r| !r.is_empty());
    match p.status.phase.as_str() {
        "Running" if is_ready(p) => (PodState::Ready, "Running".into()),
        "Running" => match waiting {
            Some(r) => (PodState::Failed, r),
            None => (PodState::Running, "Running".into()),
        },
        "Succeeded" => (PodState::Succeeded, "Completed".into()),
        "Failed" => (PodState::Failed, "Error".into()),
        _ => match waiting {
            Some(r) if p.spec.node_name.is_empty() => (PodState::Pending, r),
            Some(r) => (PodState::Creating, r),
            None => (PodState::Pending, "Pending".into()),
        },
    }
}

fn is_ready(p: &Pod) -> bool {
    p.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn explanation(c: &Cluster, kind: Kind, name: &str) -> Option<String> {
    c.explanations()
        .get(&ObjectRef {
            kind,
            namespace: Some(NS.to_string()),
            name: name.to_string(),
        })
        .cloned()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Per-pod lifecycle rows from the API server's watch log.
pub fn timeline(c: &Cluster) -> Timeline {
    let mut rows: Vec<TimelineRow> = Vec::new();
    for ev in c.api().watch_log() {
        let Object::Pod(p) = ev.object.as_ref() else {
            continue;
        };
        if p.metadata.namespace != NS {
            continue;
        }
        let idx = match rows.iter().position(|r| r.pod == p.metadata.name) {
            Some(i) => i,
            None => {
                rows.push(TimelineRow {
                    pod: p.metadata.name.clone(),
                    segments: Vec::new(),
                });
                rows.len() - 1
            }
        };
        let segs = &mut rows[idx].segments;
        if let Some(last) = segs.last_mut() {
            if last.to_ms.is_none() {
                if ev.kind == crate::sim::api::WatchEventType::Deleted {
                    last.to_ms = Some(ev.time);
                    continue;
                }
                if last.state == state_of(p).0 {
                    continue;
                }
                last.to_ms = Some(ev.time);
            }
        }
        if ev.kind != crate::sim::api::WatchEventType::Deleted {
            segs.push(Segment {
                from_ms: ev.time,
                to_ms: None,
                state: state_of(p).0,
            });
        }
    }
    Timeline {
        now_ms: c.now(),
        start_ms: rows
            .iter()
            .filter_map(|r| r.segments.first().map(|s| s.from_ms))
            .min()
            .unwrap_or(0),
        rows,
    }
}
