//! The Endpoints controller (`endpoint-controller`): one core/v1 Endpoints object per Service
//! with a selector, named after the Service. The v1 Endpoints API is deprecated since v1.33
//! (EndpointSlices replace it) but still served and still kept up to date, so
//! `kubectl get endpoints` answers as on a real v1.35 cluster.
//!
//! Upstream's rules: a pod with an IP that is not finished is listed; a terminating pod only
//! with `publishNotReadyAddresses`; a ready pod (or any listed pod with
//! `publishNotReadyAddresses`) under `addresses`, the others under `notReadyAddresses`; the
//! address carries the pod's `hostname` when its `subdomain` is the Service's name. Labels are
//! the Service's plus `service.kubernetes.io/headless` for a headless Service, and every
//! change stamps `endpoints.kubernetes.io/last-change-trigger-time`.

use crate::sim::api::{ApiServer, DeleteOptions, WriteOptions};
use crate::sim::clock::Millis;
use crate::sim::endpoints::{
    endpoint_hostname, maintained, pod_reference, selected_pods, services_in, wanted_ports,
};
use crate::sim::kubelet::util;
use crate::sim::objects::*;

pub const TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
const HEADLESS: &str = "service.kubernetes.io/headless";

/// Level-triggered like the EndpointSlice controller: every pass recomputes from the current
/// objects; `seen` lets a pass be skipped when no Service, Pod or Endpoints changed.
#[derive(Clone, Debug, Default)]
pub struct EndpointsV1Controller {
    seen: Option<u64>,
}

fn address(svc: &Service, p: &Pod) -> EndpointAddress {
    EndpointAddress {
        ip: p.status.pod_ip.clone(),
        hostname: endpoint_hostname(svc, p),
        node_name: (!p.spec.node_name.is_empty()).then(|| p.spec.node_name.clone()),
        target_ref: Some(pod_reference(p)),
    }
}

/// The subsets for `svc` over the pods it selects (one subset: the pods share their ports).
fn wanted_subsets(svc: &Service, pods: &[Pod]) -> Vec<EndpointSubset> {
    let publish = svc.spec.publish_not_ready_addresses;
    let mut ready = Vec::new();
    let mut not_ready = Vec::new();
    for p in pods {
        if p.status.pod_ip.is_empty()
            || util::is_terminal(p)
            || (p.metadata.deletion_timestamp.is_some() && !publish)
        {
            continue;
        }
        if publish || p.is_ready() {
            ready.push(address(svc, p));
        } else {
            not_ready.push(address(svc, p));
        }
    }
    if ready.is_empty() && not_ready.is_empty() {
        return Vec::new();
    }
    // RepackSubsets sorts addresses by IP, then by the pod's uid.
    let key = |a: &EndpointAddress| (a.ip.clone(), a.target_ref.as_ref().map(|r| r.uid.clone()));
    ready.sort_by_key(key);
    not_ready.sort_by_key(key);
    vec![EndpointSubset {
        addresses: ready,
        not_ready_addresses: not_ready,
        ports: wanted_ports(svc, pods),
    }]
}

impl EndpointsV1Controller {
    /// Reconcile every Service's Endpoints. Returns true if anything was written.
    pub fn sync(&mut self, api: &mut ApiServer, now: Millis) -> bool {
        if let Some(Ok(evs)) = self.seen.map(|s| api.watch_from(s)) {
            let relevant = evs
                .iter()
                .any(|e| matches!(e.object.kind(), Kind::Service | Kind::Pod | Kind::Endpoints));
            if !relevant {
                self.seen = Some(api.last_seq());
                return false;
            }
        }
        let did = self.sync_all(api, now);
        self.seen = Some(api.last_seq());
        did
    }

    fn sync_all(&mut self, api: &mut ApiServer, now: Millis) -> bool {
        // Shared with the store, not copied: this pass runs after every pod change and
        // writes only Endpoints.
        let svc_objs = api.list_shared(Kind::Service);
        let services = services_in(&svc_objs);
        let mut did = false;
        for svc in services.iter().copied() {
            if !maintained(svc) {
                continue;
            }
            let subsets = wanted_subsets(svc, &selected_pods(api, svc));
            let mut labels = svc.metadata.labels.clone();
            if svc.is_headless() {
                labels.insert(HEADLESS.into(), String::new());
            }
            let ns = &svc.metadata.namespace;
            let name = &svc.metadata.name;
            let current = match api.get(Kind::Endpoints, ns, name) {
                Ok(Object::Endpoints(e)) => Some(e.clone()),
                _ => None,
            };
            let mut e = match current {
                Some(e) if e.subsets == subsets && e.metadata.labels == labels => continue,
                Some(e) => e,
                None => Endpoints {
                    metadata: ObjectMeta {
                        name: name.clone(),
                        namespace: ns.clone(),
                        ..Default::default()
                    },
                    ..Default::default()
                },
            };
            let create = e.metadata.uid.is_empty();
            e.subsets = subsets;
            e.metadata.labels = labels;
            e.metadata
                .annotations
                .insert(TRIGGER_TIME.into(), rfc3339_nano(now));
            did |= if create {
                api.create(Object::Endpoints(e), &WriteOptions::default())
                    .is_ok()
            } else {
                util::update(api, Object::Endpoints(e)).is_ok()
            };
        }
        // The Service is gone: its Endpoints go too (only those this controller wrote).
        let orphans: Vec<(String, String)> = api
            .list(Kind::Endpoints, None)
            .into_iter()
            .filter(|o| o.meta().annotations.contains_key(TRIGGER_TIME))
            .filter(|o| {
                !services.iter().any(|s| {
                    s.metadata.namespace == o.namespace()
                        && s.metadata.name == o.name()
                        && maintained(s)
                })
            })
            .map(|o| (o.namespace().to_string(), o.name().to_string()))
            .collect();
        for (ns, name) in orphans {
            did |= api
                .delete(Kind::Endpoints, &ns, &name, &DeleteOptions::default())
                .is_ok();
        }
        did
    }
}

/// Go's `time.RFC3339Nano` of a virtual instant: fractional seconds without trailing zeros.
fn rfc3339_nano(t: Millis) -> String {
    let base = crate::sim::objects::time::rfc3339(t);
    match t % 1000 {
        0 => base,
        ms => {
            let frac = format!("{ms:03}");
            format!(
                "{}.{}Z",
                &base[..base.len() - 1],
                frac.trim_end_matches('0')
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339_nano;

    #[test]
    fn trigger_time_is_rfc3339_nano() {
        assert_eq!(rfc3339_nano(61_000), "2026-01-05T09:01:01Z");
        assert_eq!(rfc3339_nano(61_500), "2026-01-05T09:01:01.5Z");
        assert_eq!(rfc3339_nano(61_025), "2026-01-05T09:01:01.025Z");
    }
}
