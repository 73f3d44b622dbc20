//! Describers for Pod, PersistentVolumeClaim, PersistentVolume, Service and StorageClass
//! (kubectl v1.35 `pkg/describe/describe.go` layouts).

use super::describe::*;
use super::tables::{access_modes, is_default_class};
use crate::kubectl::render::duration::{age, rfc1123z};
use crate::kubectl::render::table::format_labels;
use crate::sim::{
    Cluster, Kind, Object, PersistentVolume, PersistentVolumeClaim, Pod, Service, StorageClass,
};

pub fn pod(c: &Cluster, p: &Pod, o: &Object) -> Describe {
    let now = c.now();
    let mut d = Describe::default();
    let m = &p.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    if let Some(pr) = p.spec.priority {
        d.w(0, format!("Priority:\t{pr}\n"));
    }
    if !p.spec.priority_class_name.is_empty() {
        d.w(
            0,
            format!("Priority Class Name:\t{}\n", p.spec.priority_class_name),
        );
    }
    if !p.spec.service_account_name.is_empty() {
        d.w(
            0,
            format!("Service Account:\t{}\n", p.spec.service_account_name),
        );
    }
    if p.spec.node_name.is_empty() {
        d.w(0, "Node:\t<none>\n");
    } else {
        d.w(
            0,
            format!("Node:\t{}/{}\n", p.spec.node_name, p.status.host_ip),
        );
    }
    if let Some(t) = p.status.start_time {
        d.w(0, format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    let terminal = p.status.phase == "Failed" || p.status.phase == "Succeeded";
    if m.deletion_timestamp.is_some() && !terminal {
        d.w(
            0,
            format!(
                "Status:\tTerminating (lasts {})\n",
                age(now, m.deletion_timestamp)
            ),
        );
        d.w(
            0,
            format!(
                "Termination Grace Period:\t{}s\n",
                m.deletion_grace_period_seconds.unwrap_or(0)
            ),
        );
    } else {
        d.w(0, format!("Status:\t{}\n", p.status.phase));
    }
    if !p.status.reason.is_empty() {
        d.w(0, format!("Reason:\t{}\n", p.status.reason));
    }
    if !p.status.message.is_empty() {
        d.w(0, format!("Message:\t{}\n", p.status.message));
    }
    d.w(0, format!("IP:\t{}\n", p.status.pod_ip));
    if p.status.pod_ips.is_empty() {
        d.w(0, "IPs:\t<none>\n");
    } else {
        d.w(0, "IPs:\n");
        for ip in &p.status.pod_ips {
            d.w(1, format!("IP:\t{}\n", ip.ip));
        }
    }
    if let Some(cr) = m.controller_ref() {
        d.w(0, format!("Controlled By:\t{}/{}\n", cr.kind, cr.name));
    }
    if !p.spec.init_containers.is_empty() {
        containers_lines(
            &mut d,
            "Init Containers",
            &p.spec.init_containers,
            &p.status.init_container_statuses,
            "",
        );
    }
    containers_lines(
        &mut d,
        "Containers",
        &p.spec.containers,
        &p.status.container_statuses,
        "",
    );
    if !p.spec.readiness_gates.is_empty() {
        d.w(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in &p.spec.readiness_gates {
            let st = p
                .status
                .conditions
                .iter()
                .find(|c| c.type_ == g.condition_type)
                .map(|c| c.status.clone())
                .unwrap_or("<none>".into());
            d.w(1, format!("{} \t{st} \n", g.condition_type));
        }
    }
    if !p.status.conditions.is_empty() {
        d.w(0, "Conditions:\n  Type\tStatus\n");
        for c in &p.status.conditions {
            d.w(1, format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes_lines(&mut d, &p.spec.volumes, "");
    let qos = if p.status.qos_class.is_empty() {
        qos_class(p)
    } else {
        p.status.qos_class.clone()
    };
    d.w(0, format!("QoS Class:\t{qos}\n"));
    labels_lines(&mut d, "", "Node-Selectors", &p.spec.node_selector);
    tolerations(&mut d, "Tolerations", &p.spec.tolerations);
    events_lines(&mut d, &events_for(c, o), now);
    d
}

pub fn pvc(c: &Cluster, p: &PersistentVolumeClaim, o: &Object) -> Describe {
    let now = c.now();
    let mut d = Describe::default();
    let m = &p.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    let class = p.spec.storage_class_name.clone().unwrap_or_default();
    d.w(0, format!("StorageClass:\t{class}\n"));
    if m.deletion_timestamp.is_some() {
        d.w(
            0,
            format!(
                "Status:\tTerminating (lasts {})\n",
                age(now, m.deletion_timestamp)
            ),
        );
    } else {
        d.w(0, format!("Status:\t{}\n", p.status.phase));
    }
    d.w(0, format!("Volume:\t{}\n", p.spec.volume_name));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, format!("Finalizers:\t[{}]\n", m.finalizers.join(" ")));
    let (cap, modes) = if p.spec.volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        (
            p.status
                .capacity
                .get("storage")
                .map(|q| q.0.clone())
                .unwrap_or_default(),
            access_modes(&p.status.access_modes),
        )
    };
    d.w(0, format!("Capacity:\t{cap}\n"));
    d.w(0, format!("Access Modes:\t{modes}\n"));
    if let Some(vm) = &p.spec.volume_mode {
        d.w(0, format!("VolumeMode:\t{vm}\n"));
    }
    // Used By: pods in the namespace that mount this claim.
    let mut users: Vec<String> = c
        .api()
        .list(Kind::Pod, Some(&m.namespace))
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(pod)
                if pod.spec.volumes.iter().any(|v| {
                    v.persistent_volume_claim
                        .as_ref()
                        .is_some_and(|s| s.claim_name == m.name)
                }) =>
            {
                Some(pod.metadata.name.clone())
            }
            _ => None,
        })
        .collect();
    users.sort();
    if users.is_empty() {
        d.w(0, "Used By:\t<none>\n");
    } else {
        for (i, u) in users.iter().enumerate() {
            d.w(
                0,
                if i == 0 {
                    format!("Used By:\t{u}\n")
                } else {
                    format!("\t{u}\n")
                },
            );
        }
    }
    events_lines(&mut d, &events_for(c, o), now);
    d
}

pub fn pv(c: &Cluster, v: &PersistentVolume, o: &Object) -> Describe {
    let now = c.now();
    let mut d = Describe::default();
    let m = &v.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, format!("Finalizers:\t[{}]\n", m.finalizers.join(" ")));
    d.w(0, format!("StorageClass:\t{}\n", v.spec.storage_class_name));
    if m.deletion_timestamp.is_some() {
        d.w(
            0,
            format!(
                "Status:\tTerminating (lasts {})\n",
                age(now, m.deletion_timestamp)
            ),
        );
    } else {
        d.w(0, format!("Status:\t{}\n", v.status.phase));
    }
    let claim = v
        .spec
        .claim_ref
        .as_ref()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .unwrap_or_default();
    d.w(0, format!("Claim:\t{claim}\n"));
    d.w(
        0,
        format!(
            "Reclaim Policy:\t{}\n",
            v.spec.persistent_volume_reclaim_policy
        ),
    );
    d.w(
        0,
        format!("Access Modes:\t{}\n", access_modes(&v.spec.access_modes)),
    );
    if let Some(vm) = &v.spec.volume_mode {
        d.w(0, format!("VolumeMode:\t{vm}\n"));
    }
    d.w(
        0,
        format!(
            "Capacity:\t{}\n",
            v.spec
                .capacity
                .get("storage")
                .map(|q| q.0.clone())
                .unwrap_or_default()
        ),
    );
    match v
        .spec
        .node_affinity
        .as_ref()
        .and_then(|a| a.required.as_ref())
    {
        None => d.w(0, "Node Affinity:\t<none>\n"),
        Some(ns) => {
            d.w(0, "Node Affinity:\t\n");
            d.w(1, "Required Terms:\t\n");
            for t in &ns.node_selector_terms {
                let exprs: Vec<String> = t
                    .match_expressions
                    .iter()
                    .map(|r| format!("{} {} [{}]", r.key, r.operator, r.values.join(" ")))
                    .collect();
                d.w(2, format!("Term {}:\t{}\n", 0, exprs.join("\n")));
            }
        }
    }
    d.w(0, format!("Message:\t{}\n", v.status.message));
    d.w(0, "Source:\n");
    if let Some(h) = &v.spec.host_path {
        d.w(2, format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.clone().unwrap_or("<none>".into())));
    } else if let Some(l) = &v.spec.local {
        d.w(2, format!("Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n", l.path));
    }
    events_lines(&mut d, &events_for(c, o), now);
    d
}

pub fn service(c: &Cluster, s: &Service, o: &Object) -> Describe {
    let now = c.now();
    let mut d = Describe::default();
    let m = &s.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    let sel = if s.spec.selector.is_empty() {
        String::new()
    } else {
        format_labels(&s.spec.selector)
    };
    d.w(0, format!("Selector:\t{sel}\n"));
    d.w(0, format!("Type:\t{}\n", s.spec.type_));
    if let Some(p) = &s.spec.ip_family_policy {
        d.w(0, format!("IP Family Policy:\t{p}\n"));
    }
    if s.spec.ip_families.is_empty() {
        d.w(0, "IP Families:\t<none>\n");
    } else {
        d.w(
            0,
            format!("IP Families:\t{}\n", s.spec.ip_families.join(",")),
        );
    }
    d.w(0, format!("IP:\t{}\n", s.spec.cluster_ip));
    if s.spec.cluster_ips.is_empty() {
        d.w(0, "IPs:\t<none>\n");
    } else {
        d.w(0, format!("IPs:\t{}\n", s.spec.cluster_ips.join(",")));
    }
    if !s.spec.external_name.is_empty() {
        d.w(0, format!("External Name:\t{}\n", s.spec.external_name));
    }
    let slices: Vec<&crate::sim::EndpointSlice> = c
        .api()
        .list(Kind::EndpointSlice, Some(&m.namespace))
        .into_iter()
        .filter_map(|o| match o {
            Object::EndpointSlice(e)
                if e.metadata.labels.get("kubernetes.io/service-name") == Some(&m.name) =>
            {
                Some(e)
            }
            _ => None,
        })
        .collect();
    for sp in &s.spec.ports {
        let name = if sp.name.is_empty() {
            "<unset>".to_string()
        } else {
            sp.name.clone()
        };
        let proto = if sp.protocol.is_empty() {
            "TCP"
        } else {
            &sp.protocol
        };
        d.w(0, format!("Port:\t{name}\t{}/{proto}\n", sp.port));
        match &sp.target_port {
            Some(t) => d.w(0, format!("TargetPort:\t{t}/{proto}\n")),
            None => d.w(0, format!("TargetPort:\t{}/{proto}\n", sp.port)),
        }
        if sp.node_port != 0 {
            d.w(0, format!("NodePort:\t{name}\t{}/{proto}\n", sp.node_port));
        }
        d.w(
            0,
            format!("Endpoints:\t{}\n", endpoints_text(&slices, &sp.name)),
        );
    }
    let aff = if s.spec.session_affinity.is_empty() {
        "None"
    } else {
        &s.spec.session_affinity
    };
    d.w(0, format!("Session Affinity:\t{aff}\n"));
    if !s.spec.external_traffic_policy.is_empty() {
        d.w(
            0,
            format!(
                "External Traffic Policy:\t{}\n",
                s.spec.external_traffic_policy
            ),
        );
    }
    if let Some(p) = &s.spec.internal_traffic_policy {
        d.w(0, format!("Internal Traffic Policy:\t{p}\n"));
    }
    events_lines(&mut d, &events_for(c, o), now);
    d
}

/// formatEndpointSlices for one service port name (ready endpoints only, max 3 shown).
fn endpoints_text(slices: &[&crate::sim::EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".to_string();
    }
    let mut list = Vec::new();
    let mut count = 0;
    let mut more = false;
    for s in slices {
        for p in &s.ports {
            if p.name.clone().unwrap_or_default() != port_name {
                continue;
            }
            for e in &s.endpoints {
                if list.len() == 3 {
                    more = true;
                }
                if e.conditions.ready == Some(false) {
                    continue;
                }
                if !more {
                    if let Some(a) = e.addresses.first() {
                        list.push(format!("{a}:{}", p.port.unwrap_or(0)));
                    }
                }
                count += 1;
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

pub fn storage_class(c: &Cluster, sc: &StorageClass, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &sc.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    let def = if is_default_class(m) { "Yes" } else { "No" };
    d.w(0, format!("IsDefaultClass:\t{def}\n"));
    d.w(
        0,
        format!("Annotations:\t{}\n", format_labels_plain(&m.annotations)),
    );
    d.w(0, format!("Provisioner:\t{}\n", sc.provisioner));
    d.w(
        0,
        format!("Parameters:\t{}\n", format_labels_plain(&sc.parameters)),
    );
    let exp = match sc.allow_volume_expansion {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    d.w(0, format!("AllowVolumeExpansion:\t{exp}\n"));
    d.w(0, "MountOptions:\t<none>\n");
    if let Some(r) = &sc.reclaim_policy {
        d.w(0, format!("ReclaimPolicy:\t{r}\n"));
    }
    if let Some(b) = &sc.volume_binding_mode {
        d.w(0, format!("VolumeBindingMode:\t{b}\n"));
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// labels.FormatLabels: `<none>` when empty.
fn format_labels_plain(m: &std::collections::BTreeMap<String, String>) -> String {
    format_labels(m)
}

/// GetPodQOS: BestEffort without any requests/limits; Guaranteed when every container's cpu
/// and memory limits are set and equal its requests; otherwise Burstable.
fn qos_class(p: &Pod) -> String {
    let cs = p
        .spec
        .containers
        .iter()
        .chain(p.spec.init_containers.iter());
    let mut any = false;
    let mut guaranteed = true;
    for c in cs {
        let r = &c.resources;
        if !r.limits.is_empty() || !r.requests.is_empty() {
            any = true;
        }
        for res in ["cpu", "memory"] {
            let lim = r.limits.get(res);
            let req = r.requests.get(res).or(lim);
            if lim.is_none() || lim != req {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort".into()
    } else if guaranteed {
        "Guaranteed".into()
    } else {
        "Burstable".into()
    }
}
