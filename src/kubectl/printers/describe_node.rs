//! `kubectl describe node` and `describe endpointslice`, after kubectl v0.35.7
//! `describeNode` / `describeNodeResource` / `describeEndpointSliceV1`.
//!
//! The simulator serves no Lease objects; the node's lease is the one its kubelet renews
//! (holder = node name, renewed at the Ready condition's last heartbeat). System Info fields
//! the simulated nodes do not report (machine and boot IDs, kube-proxy version) print empty.

use super::describe::{
    annotations_lines, events_for, events_for_uids, events_lines, labels_lines, Describe,
};
use crate::kubectl::render::duration::{age, rfc1123z};
use crate::sim::{Cluster, EndpointSlice, Kind, Node, Object, Pod, Quantity};
use std::collections::BTreeMap;

const ROLE_PREFIX: &str = "node-role.kubernetes.io/";

pub fn node(c: &Cluster, n: &Node, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &n.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    // findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role`, sorted.
    let mut roles: Vec<String> = m
        .labels
        .iter()
        .filter_map(|(k, v)| match k.strip_prefix(ROLE_PREFIX) {
            Some(r) if !r.is_empty() => Some(r.to_string()),
            _ if k == "kubernetes.io/role" && !v.is_empty() => Some(v.clone()),
            _ => None,
        })
        .collect();
    roles.sort();
    roles.dedup();
    let roles = if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    };
    d.w(0, format!("Roles:\t{roles}\n"));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(m.creation_timestamp.unwrap_or(0))
        ),
    );
    let mut taints = n.spec.taints.clone();
    taints.sort_by(|a, b| (&a.effect, &a.key).cmp(&(&b.effect, &b.key)));
    if taints.is_empty() {
        d.w(0, "Taints:\t<none>\n");
    }
    for (i, t) in taints.iter().enumerate() {
        let text = if t.value.is_empty() {
            format!("{}:{}", t.key, t.effect)
        } else {
            format!("{}={}:{}", t.key, t.value, t.effect)
        };
        let title = if i == 0 { "Taints:" } else { "" };
        d.w(0, format!("{title}\t{text}\n"));
    }
    d.w(0, format!("Unschedulable:\t{}\n", n.spec.unschedulable));
    let renew = n
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .and_then(|c| c.last_heartbeat_time);
    d.w(0, "Lease:\n");
    d.w(1, format!("HolderIdentity:\t{}\n", m.name));
    d.w(1, "AcquireTime:\t<unset>\n");
    d.w(
        1,
        format!(
            "RenewTime:\t{}\n",
            renew.map(rfc1123z).unwrap_or_else(|| "<unset>".into())
        ),
    );
    if !n.status.conditions.is_empty() {
        d.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        d.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in &n.status.conditions {
            d.w(
                1,
                format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time.unwrap_or(0)),
                    rfc1123z(c.last_transition_time.unwrap_or(0)),
                    c.reason,
                    c.message
                ),
            );
        }
    }
    d.w(0, "Addresses:\n");
    for a in &n.status.addresses {
        d.w(1, format!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", &n.status.capacity),
        ("Allocatable", &n.status.allocatable),
    ] {
        if !list.is_empty() {
            d.w(0, format!("{title}:\n"));
            for (k, v) in sorted_resources(list) {
                d.w(0, format!("  {k}:\t{}\n", v.0));
            }
        }
    }
    let info = n.status.node_info.clone().unwrap_or_default();
    d.w(0, "System Info:\n");
    d.w(0, "  Machine ID:\t\n");
    d.w(0, "  System UUID:\t\n");
    d.w(0, "  Boot ID:\t\n");
    d.w(0, format!("  Kernel Version:\t{}\n", info.kernel_version));
    d.w(0, format!("  OS Image:\t{}\n", info.os_image));
    d.w(
        0,
        format!("  Operating System:\t{}\n", info.operating_system),
    );
    d.w(0, format!("  Architecture:\t{}\n", info.architecture));
    d.w(
        0,
        format!(
            "  Container Runtime Version:\t{}\n",
            info.container_runtime_version
        ),
    );
    d.w(0, format!("  Kubelet Version:\t{}\n", info.kubelet_version));
    d.w(0, "  Kube-Proxy Version:\t\n");
    if !n.spec.pod_cidr.is_empty() {
        d.w(0, format!("PodCIDR:\t{}\n", n.spec.pod_cidr));
    }
    if !n.spec.pod_cidrs.is_empty() {
        d.w(0, format!("PodCIDRs:\t{}\n", n.spec.pod_cidrs.join(",")));
    }
    if !n.spec.provider_id.is_empty() {
        d.w(0, format!("ProviderID:\t{}\n", n.spec.provider_id));
    }
    node_resources(c, n, &mut d);
    // kubectl searches twice: controllers record node events under the node's uid, the
    // kubelet under its node reference, whose uid is the node's name.
    let uids = [n.metadata.uid.as_str(), n.metadata.name.as_str()];
    events_lines(&mut d, &events_for_uids(c, o, &uids), c.now());
    d
}

/// `SortableResourceNames`: resource names in string order.
fn sorted_resources(l: &BTreeMap<String, Quantity>) -> Vec<(&String, &Quantity)> {
    l.iter().collect()
}

/// A pod's effective requests or limits: the sum over its containers, at least each init
/// container's (`resourcehelper.PodRequestsAndLimits`).
fn pod_amounts(p: &Pod, limits: bool) -> BTreeMap<String, i128> {
    let get = |c: &crate::sim::Container| -> BTreeMap<String, Quantity> {
        if limits {
            c.resources.limits.clone()
        } else {
            c.resources.requests.clone()
        }
    };
    let mut sum: BTreeMap<String, i128> = BTreeMap::new();
    for c in &p.spec.containers {
        for (k, q) in get(c) {
            *sum.entry(k).or_default() += q.milli_value().unwrap_or(0);
        }
    }
    for c in &p.spec.init_containers {
        for (k, q) in get(c) {
            let v = q.milli_value().unwrap_or(0);
            let e = sum.entry(k).or_default();
            *e = (*e).max(v);
        }
    }
    sum
}

/// `Quantity.String()` for a sum in milli-units: CPU as cores or `m`; bytes in the largest
/// binary unit that holds them exactly.
fn qty(resource: &str, milli: i128) -> String {
    if milli == 0 {
        return "0".into();
    }
    if resource == "cpu" {
        return if milli % 1000 == 0 {
            (milli / 1000).to_string()
        } else {
            format!("{milli}m")
        };
    }
    let mut v = milli / 1000;
    for unit in ["", "Ki", "Mi", "Gi", "Ti", "Pi"] {
        if v % 1024 != 0 || unit == "Pi" {
            return format!("{v}{unit}");
        }
        v /= 1024;
    }
    unreachable!("the loop returns at Pi")
}

fn percent(part: i128, whole: i128) -> i128 {
    if whole == 0 {
        0
    } else {
        ((part as f64) / (whole as f64) * 100.0) as i128
    }
}

/// `describeNodeResource`: the node's non-terminated pods and the totals.
fn node_resources(c: &Cluster, n: &Node, d: &mut Describe) {
    let pods: Vec<&Pod> = c
        .api()
        .list(Kind::Pod, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p)
                if p.spec.node_name == n.metadata.name
                    && p.status.phase != "Succeeded"
                    && p.status.phase != "Failed" =>
            {
                Some(p)
            }
            _ => None,
        })
        .collect();
    let alloc = if n.status.allocatable.is_empty() {
        &n.status.capacity
    } else {
        &n.status.allocatable
    };
    let of = |k: &str| alloc.get(k).and_then(|q| q.milli_value().ok()).unwrap_or(0);
    d.w(
        0,
        format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    d.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    d.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut total_req: BTreeMap<String, i128> = BTreeMap::new();
    let mut total_lim: BTreeMap<String, i128> = BTreeMap::new();
    for p in &pods {
        let req = pod_amounts(p, false);
        let lim = pod_amounts(p, true);
        let r = |m: &BTreeMap<String, i128>, k: &str| m.get(k).copied().unwrap_or(0);
        d.w(
            1,
            format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace,
                p.metadata.name,
                qty("cpu", r(&req, "cpu")),
                percent(r(&req, "cpu"), of("cpu")),
                qty("cpu", r(&lim, "cpu")),
                percent(r(&lim, "cpu"), of("cpu")),
                qty("memory", r(&req, "memory")),
                percent(r(&req, "memory"), of("memory")),
                qty("memory", r(&lim, "memory")),
                percent(r(&lim, "memory"), of("memory")),
                age(c.now(), p.metadata.creation_timestamp)
            ),
        );
        for (k, v) in req {
            *total_req.entry(k).or_default() += v;
        }
        for (k, v) in lim {
            *total_lim.entry(k).or_default() += v;
        }
    }
    d.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    d.w(1, "Resource\tRequests\tLimits\n");
    d.w(1, "--------\t--------\t------\n");
    for k in ["cpu", "memory", "ephemeral-storage"] {
        let rq = total_req.get(k).copied().unwrap_or(0);
        let lm = total_lim.get(k).copied().unwrap_or(0);
        d.w(
            1,
            format!(
                "{k}\t{} ({}%)\t{} ({}%)\n",
                qty(k, rq),
                percent(rq, of(k)),
                qty(k, lm),
                percent(lm, of(k))
            ),
        );
    }
    // Huge pages and extended resources the node offers (standard names are skipped).
    for k in alloc.keys().filter(|k| k.starts_with("hugepages-")) {
        let rq = total_req.get(k).copied().unwrap_or(0);
        let lm = total_lim.get(k).copied().unwrap_or(0);
        d.w(1, format!("{k}\t{}\t{}\n", qty(k, rq), qty(k, lm)));
    }
}

pub fn endpoint_slice(c: &Cluster, e: &EndpointSlice, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &e.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, format!("AddressType:\t{}\n", e.address_type));
    if e.ports.is_empty() {
        d.w(0, "Ports: <unset>\n");
    } else {
        d.w(0, "Ports:\n");
        port_table(&mut d, 1, &e.ports);
    }
    if e.endpoints.is_empty() {
        d.w(0, "Endpoints: <none>\n");
    } else {
        d.w(0, "Endpoints:\n");
        for ep in &e.endpoints {
            let addrs = if ep.addresses.is_empty() {
                "<none>".to_string()
            } else {
                ep.addresses.join(", ")
            };
            d.w(1, format!("- Addresses:\t{addrs}\n"));
            d.w(2, "Conditions:\n");
            let ready = ep
                .conditions
                .ready
                .map(|b| b.to_string())
                .unwrap_or_else(|| "<unset>".into());
            d.w(3, format!("Ready:\t{ready}\n"));
            let unset = |v: &Option<String>| v.clone().unwrap_or_else(|| "<unset>".into());
            d.w(2, format!("Hostname:\t{}\n", unset(&ep.hostname)));
            if let Some(t) = &ep.target_ref {
                d.w(2, format!("TargetRef:\t{}/{}\n", t.kind, t.name));
            }
            d.w(2, format!("NodeName:\t{}\n", unset(&ep.node_name)));
            d.w(2, format!("Zone:\t{}\n", unset(&ep.zone)));
        }
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// describeEndpoints: per subset the ready and not-ready IPs and a port table.
pub fn endpoints(c: &Cluster, e: &crate::sim::Endpoints, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &e.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, "Subsets:\n");
    let ips = |a: &[crate::sim::EndpointAddress]| {
        if a.is_empty() {
            "<none>".to_string()
        } else {
            a.iter()
                .map(|x| x.ip.as_str())
                .collect::<Vec<_>>()
                .join(",")
        }
    };
    for ss in &e.subsets {
        d.w(1, format!("Addresses:\t{}\n", ips(&ss.addresses)));
        d.w(
            1,
            format!("NotReadyAddresses:\t{}\n", ips(&ss.not_ready_addresses)),
        );
        if !ss.ports.is_empty() {
            d.w(1, "Ports:\n");
            port_table(&mut d, 2, &ss.ports);
        }
        d.w(0, "\n");
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// The `Name Port Protocol` table of EndpointSlice and Endpoints pages, at `level`.
fn port_table(d: &mut Describe, level: usize, ports: &[crate::sim::EndpointPort]) {
    d.w(level, "Name\tPort\tProtocol\n");
    d.w(level, "----\t----\t--------\n");
    for p in ports {
        let name = p
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "<unset>".into());
        let port = p
            .port
            .map(|n| n.to_string())
            .unwrap_or_else(|| "<unset>".into());
        let proto = p.protocol.clone().unwrap_or_default();
        d.w(level, format!("{name}\t{port}\t{proto}\n"));
    }
}
