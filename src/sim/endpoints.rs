//! The EndpointSlice controller (`endpointslice-controller.k8s.io`): one IPv4 slice per
//! Service with a selector, listing every selected pod that has an IP and is not finished.
//! Conditions follow upstream: `serving` = pod Ready, `terminating` = deletionTimestamp set,
//! `ready` = serving and not terminating — or always true with `publishNotReadyAddresses`.
//! `hostname` is the pod's `spec.hostname` only when its `spec.subdomain` equals the Service
//! name, which is what gives StatefulSet pods their per-pod DNS records.

use crate::sim::api::{ApiServer, WriteOptions};
use crate::sim::kubelet::util;
use crate::sim::objects::*;

pub const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
pub const CONTROLLER: &str = "endpointslice-controller.k8s.io";
pub const SERVICE_NAME: &str = "kubernetes.io/service-name";

/// Everything is recomputed from the current objects; `seen` (the watch-log position of the
/// last pass) only lets a pass be skipped when no Service, Pod or EndpointSlice changed.
#[derive(Clone, Debug, Default)]
pub struct EndpointsController {
    seen: Option<u64>,
}

fn wanted_endpoints(svc: &Service, pods: &[Pod]) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = pods
        .iter()
        .filter(|p| {
            p.metadata.namespace == svc.metadata.namespace
                && !svc.spec.selector.is_empty()
                && svc
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                && !p.status.pod_ip.is_empty()
                && !util::is_terminal(p)
        })
        .map(|p| {
            let terminating = p.metadata.deletion_timestamp.is_some();
            let serving = p.is_ready();
            let ready = svc.spec.publish_not_ready_addresses || (serving && !terminating);
            Endpoint {
                addresses: vec![p.status.pod_ip.clone()],
                conditions: EndpointConditions {
                    ready: Some(ready),
                    serving: Some(serving || svc.spec.publish_not_ready_addresses),
                    terminating: Some(terminating),
                },
                hostname: endpoint_hostname(svc, p),
                target_ref: Some(pod_reference(p)),
                node_name: Some(p.spec.node_name.clone()),
                zone: None,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let n = |e: &Endpoint| {
            e.target_ref
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default()
        };
        n(a).cmp(&n(b))
    });
    out
}

/// Service ports resolved to the target port numbers of the selected pods.
pub(crate) fn wanted_ports(svc: &Service, pods: &[Pod]) -> Vec<EndpointPort> {
    svc.spec
        .ports
        .iter()
        .map(|sp| {
            let port = match &sp.target_port {
                None => sp.port,
                Some(IntOrString::Int(n)) => *n,
                Some(IntOrString::String(name)) => pods
                    .iter()
                    .flat_map(|p| p.spec.containers.iter())
                    .flat_map(|c| c.ports.iter())
                    .find(|cp| cp.name == *name)
                    .map(|cp| cp.container_port)
                    .unwrap_or(sp.port),
            };
            EndpointPort {
                name: Some(sp.name.clone()),
                protocol: Some(if sp.protocol.is_empty() {
                    "TCP".into()
                } else {
                    sp.protocol.clone()
                }),
                port: Some(port),
                app_protocol: sp.app_protocol.clone(),
            }
        })
        .collect()
}

/// An endpoint's hostname: the pod's `spec.hostname`, only when its `spec.subdomain` names
/// this Service (that is what gives a StatefulSet pod its DNS name).
pub(crate) fn endpoint_hostname(svc: &Service, p: &Pod) -> Option<String> {
    (!p.spec.hostname.is_empty() && p.spec.subdomain == svc.metadata.name)
        .then(|| p.spec.hostname.clone())
}

/// An endpoint's `targetRef`.
pub(crate) fn pod_reference(p: &Pod) -> ObjectReference {
    ObjectReference {
        kind: "Pod".into(),
        namespace: p.metadata.namespace.clone(),
        name: p.metadata.name.clone(),
        uid: p.metadata.uid.clone(),
        ..Default::default()
    }
}

/// Whether the endpoint controllers maintain endpoints for `svc`: it selects pods, is not
/// being deleted (a Service without a selector has endpoints its owner writes by hand) and is
/// not an ExternalName, which both controllers skip since v1.24 (kubernetes/kubernetes#105986).
pub(crate) fn maintained(svc: &Service) -> bool {
    selects(svc) && svc.metadata.deletion_timestamp.is_none()
}

fn selects(svc: &Service) -> bool {
    !svc.spec.selector.is_empty() && svc.spec.type_ != "ExternalName"
}

/// The Services among objects shared with the store (`ApiServer::list_shared`).
pub(crate) fn services_in(objs: &[std::sync::Arc<Object>]) -> Vec<&Service> {
    objs.iter()
        .filter_map(|o| match &**o {
            Object::Service(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// The pods of `svc`'s namespace that its selector matches (only those are cloned).
pub(crate) fn selected_pods(api: &ApiServer, svc: &Service) -> Vec<Pod> {
    api.list(Kind::Pod, Some(&svc.metadata.namespace))
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p)
                if p.metadata.namespace == svc.metadata.namespace
                    && svc
                        .spec
                        .selector
                        .iter()
                        .all(|(k, v)| p.metadata.labels.get(k) == Some(v)) =>
            {
                Some(p.clone())
            }
            _ => None,
        })
        .collect()
}

impl EndpointsController {
    pub fn new() -> EndpointsController {
        EndpointsController::default()
    }

    /// Reconcile every Service's slice. Returns true if anything was written.
    pub fn sync(&mut self, api: &mut ApiServer) -> bool {
        if let Some(Ok(evs)) = self.seen.map(|s| api.watch_from(s)) {
            let relevant = evs.iter().any(|e| {
                matches!(
                    e.object.kind(),
                    Kind::Service | Kind::Pod | Kind::EndpointSlice
                )
            });
            if !relevant {
                self.seen = Some(api.last_seq());
                return false;
            }
        }
        let did = self.sync_all(api);
        self.seen = Some(api.last_seq());
        did
    }

    fn sync_all(&mut self, api: &mut ApiServer) -> bool {
        // Snapshots shared with the store rather than deep copies (this pass runs after every
        // pod change): the loop below writes only EndpointSlices, and reads these as they
        // were at the start of the pass, exactly as copies would be.
        let svc_objs = api.list_shared(Kind::Service);
        let services = services_in(&svc_objs);
        let slice_objs = api.list_shared(Kind::EndpointSlice);
        let slices: Vec<&EndpointSlice> = slice_objs
            .iter()
            .filter_map(|o| match &**o {
                Object::EndpointSlice(s) => Some(s),
                _ => None,
            })
            .collect();
        let mut did = false;
        for svc in &services {
            if !maintained(svc) {
                continue;
            }
            // Read live: this loop writes only EndpointSlices, so the pods are those at the
            // start of the pass.
            let selected = selected_pods(api, svc);
            let endpoints = wanted_endpoints(svc, &selected);
            let ports = wanted_ports(svc, &selected);
            let mut labels = svc.metadata.labels.clone();
            labels.insert(SERVICE_NAME.into(), svc.metadata.name.clone());
            labels.insert(MANAGED_BY.into(), CONTROLLER.into());
            if svc.is_headless() {
                labels.insert("service.kubernetes.io/headless".into(), String::new());
            }
            let existing = slices.iter().find(|s| {
                s.metadata.namespace == svc.metadata.namespace
                    && s.metadata.labels.get(SERVICE_NAME) == Some(&svc.metadata.name)
                    && s.metadata.labels.get(MANAGED_BY).map(String::as_str) == Some(CONTROLLER)
                    && s.metadata
                        .owner_references
                        .iter()
                        .any(|o| o.uid == svc.metadata.uid)
            });
            match existing {
                Some(s) => {
                    if s.endpoints != endpoints || s.ports != ports || s.metadata.labels != labels {
                        let mut s2: EndpointSlice = (**s).clone();
                        s2.endpoints = endpoints;
                        s2.ports = ports;
                        s2.metadata.labels = labels;
                        did |= util::update(api, Object::EndpointSlice(s2)).is_ok();
                    }
                }
                None => {
                    let mut s = EndpointSlice {
                        address_type: "IPv4".into(),
                        endpoints,
                        ports,
                        ..Default::default()
                    };
                    s.metadata.generate_name = format!("{}-", svc.metadata.name);
                    s.metadata.namespace = svc.metadata.namespace.clone();
                    s.metadata.labels = labels;
                    s.metadata.owner_references = vec![OwnerReference {
                        api_version: "v1".into(),
                        kind: "Service".into(),
                        name: svc.metadata.name.clone(),
                        uid: svc.metadata.uid.clone(),
                        controller: Some(true),
                        block_owner_deletion: Some(true),
                    }];
                    did |= api
                        .create(Object::EndpointSlice(s), &WriteOptions::default())
                        .is_ok();
                }
            }
        }
        // Slices whose Service is gone (garbage collection would do this via ownerReferences).
        for s in &slices {
            if s.metadata.labels.get(MANAGED_BY).map(String::as_str) != Some(CONTROLLER) {
                continue;
            }
            let owner_alive = s.metadata.owner_references.iter().any(|o| {
                services
                    .iter()
                    .any(|svc| svc.metadata.uid == o.uid && selects(svc))
            });
            if !owner_alive && s.metadata.deletion_timestamp.is_none() {
                did |= api
                    .delete(
                        Kind::EndpointSlice,
                        &s.metadata.namespace,
                        &s.metadata.name,
                        &crate::sim::api::DeleteOptions::default(),
                    )
                    .is_ok();
            }
        }
        did
    }
}
