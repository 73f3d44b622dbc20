//! Describers for StatefulSet (v1.35 layout: no Service Name / Pod Management Policy lines,
//! errata §8) and Deployment.

use super::describe::*;
use crate::kubectl::render::duration::rfc1123z;
use crate::sim::{Cluster, Deployment, Kind, Object, StatefulSet};

fn selector_text(s: &Option<crate::sim::LabelSelector>) -> String {
    s.as_ref()
        .map(|x| x.to_selector_string())
        .unwrap_or_default()
}

/// Running / Waiting / Succeeded / Failed counts of pods matching the selector and
/// controlled by `uid`.
fn pod_counts(
    c: &Cluster,
    ns: &str,
    sel: &Option<crate::sim::LabelSelector>,
    uid: &str,
) -> (usize, usize, usize, usize) {
    let mut n = (0, 0, 0, 0);
    for o in c.api().list(Kind::Pod, Some(ns)) {
        let Object::Pod(p) = o else { continue };
        if !sel.as_ref().is_some_and(|s| s.matches(&p.metadata.labels)) {
            continue;
        }
        if p.metadata.controller_ref().is_none_or(|r| r.uid != uid) {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => n.0 += 1,
            "Pending" => n.1 += 1,
            "Succeeded" => n.2 += 1,
            "Failed" => n.3 += 1,
            _ => {}
        }
    }
    n
}

pub fn statefulset(c: &Cluster, s: &StatefulSet, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &s.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    d.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            m.creation_timestamp.map(rfc1123z).unwrap_or_default()
        ),
    );
    d.w(
        0,
        format!("Selector:\t{}\n", selector_text(&s.spec.selector)),
    );
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(
        0,
        format!(
            "Replicas:\t{} desired | {} total\n",
            s.spec.replicas.unwrap_or(1),
            s.status.replicas
        ),
    );
    d.w(
        0,
        format!("Update Strategy:\t{}\n", s.spec.update_strategy.type_),
    );
    if let Some(ru) = &s.spec.update_strategy.rolling_update {
        if let Some(p) = ru.partition {
            d.w(1, format!("Partition:\t{p}\n"));
            if let Some(mu) = &ru.max_unavailable {
                d.w(1, format!("MaxUnavailable:\t{mu}\n"));
            }
        }
    }
    let (r, w, su, f) = pod_counts(c, &m.namespace, &s.spec.selector, &m.uid);
    d.w(
        0,
        format!("Pods Status:\t{r} Running / {w} Waiting / {su} Succeeded / {f} Failed\n"),
    );
    pod_template(&mut d, &s.spec.template);
    if s.spec.volume_claim_templates.is_empty() {
        d.w(0, "Volume Claims:\t<none>\n");
    } else {
        d.w(0, "Volume Claims:\n");
        for t in &s.spec.volume_claim_templates {
            d.w(1, format!("Name:\t{}\n", t.metadata.name));
            d.w(
                1,
                format!(
                    "StorageClass:\t{}\n",
                    t.spec.storage_class_name.clone().unwrap_or_default()
                ),
            );
            labels_lines(&mut d, "  ", "Labels", &t.metadata.labels);
            labels_lines(&mut d, "  ", "Annotations", &t.metadata.annotations);
            match t.spec.resources.requests.get("storage") {
                Some(q) => d.w(1, format!("Capacity:\t{}\n", q.0)),
                None => d.w(1, "Capacity:\t<default>\n"),
            }
            d.w(
                1,
                format!("Access Modes:\t[{}]\n", t.spec.access_modes.join(" ")),
            );
        }
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

pub fn deployment(c: &Cluster, dp: &Deployment, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &dp.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    d.w(
        0,
        format!(
            "CreationTimestamp:\t{}\n",
            m.creation_timestamp.map(rfc1123z).unwrap_or_default()
        ),
    );
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(
        0,
        format!("Selector:\t{}\n", selector_text(&dp.spec.selector)),
    );
    let st = &dp.status;
    d.w(
        0,
        format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            dp.spec.replicas.unwrap_or(1),
            st.updated_replicas,
            st.replicas,
            st.available_replicas,
            st.unavailable_replicas
        ),
    );
    d.w(0, format!("StrategyType:\t{}\n", dp.spec.strategy.type_));
    d.w(
        0,
        format!("MinReadySeconds:\t{}\n", dp.spec.min_ready_seconds),
    );
    if let Some(ru) = &dp.spec.strategy.rolling_update {
        let mu = ru
            .max_unavailable
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default();
        let ms = ru
            .max_surge
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default();
        d.w(
            0,
            format!("RollingUpdateStrategy:\t{mu} max unavailable, {ms} max surge\n"),
        );
    }
    pod_template(&mut d, &dp.spec.template);
    if !st.conditions.is_empty() {
        d.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        d.w(1, "----\t------\t------\n");
        for cnd in &st.conditions {
            d.w(
                1,
                format!("{} \t{}\t{}\n", cnd.type_, cnd.status, cnd.reason),
            );
        }
    }
    let rss: Vec<&crate::sim::ReplicaSet> = c
        .api()
        .list(Kind::ReplicaSet, Some(&m.namespace))
        .into_iter()
        .filter_map(|o| match o {
            Object::ReplicaSet(r)
                if r.metadata
                    .controller_ref()
                    .is_some_and(|cr| cr.uid == m.uid) =>
            {
                Some(r)
            }
            _ => None,
        })
        .collect();
    if !rss.is_empty() {
        let fmt = |v: Vec<&&crate::sim::ReplicaSet>| {
            let s: Vec<String> = v
                .iter()
                .map(|r| {
                    format!(
                        "{} ({}/{} replicas created)",
                        r.metadata.name,
                        r.status.replicas,
                        r.spec.replicas.unwrap_or(1)
                    )
                })
                .collect();
            if s.is_empty() {
                "<none>".to_string()
            } else {
                s.join(", ")
            }
        };
        let is_new = |r: &&crate::sim::ReplicaSet| {
            let mut a = r.spec.template.clone();
            a.metadata.labels.remove("pod-template-hash");
            a == dp.spec.template
        };
        let new: Vec<&&crate::sim::ReplicaSet> = rss.iter().filter(|r| is_new(r)).collect();
        let old: Vec<&&crate::sim::ReplicaSet> = rss.iter().filter(|r| !is_new(r)).collect();
        d.w(0, format!("OldReplicaSets:\t{}\n", fmt(old)));
        d.w(0, format!("NewReplicaSet:\t{}\n", fmt(new)));
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

pub fn replicaset(c: &Cluster, rs: &crate::sim::ReplicaSet, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &rs.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    d.w(
        0,
        format!("Selector:\t{}\n", selector_text(&rs.spec.selector)),
    );
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    if let Some(cr) = m.controller_ref() {
        d.w(0, format!("Controlled By:\t{}/{}\n", cr.kind, cr.name));
    }
    d.w(
        0,
        format!(
            "Replicas:\t{} current / {} desired\n",
            rs.status.replicas,
            rs.spec.replicas.unwrap_or(1)
        ),
    );
    let (r, w, su, f) = pod_counts(c, &m.namespace, &rs.spec.selector, &m.uid);
    d.w(
        0,
        format!("Pods Status:\t{r} Running / {w} Waiting / {su} Succeeded / {f} Failed\n"),
    );
    pod_template(&mut d, &rs.spec.template);
    if !rs.status.conditions.is_empty() {
        d.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        d.w(1, "----\t------\t------\n");
        for cnd in &rs.status.conditions {
            d.w(
                1,
                format!("{} \t{}\t{}\n", cnd.type_, cnd.status, cnd.reason),
            );
        }
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// ConfigMap: Data / BinaryData sections (events only when any exist, like `ShowEvents`).
pub fn configmap(c: &Cluster, cm: &crate::sim::ConfigMap, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = &cm.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, "\nData\n====\n");
    for (k, v) in &cm.data {
        d.w(0, format!("{k}:\n----\n"));
        d.w(0, format!("{v}\n"));
        d.w(0, "\n");
    }
    d.w(0, "\nBinaryData\n====\n");
    for (k, v) in &cm.binary_data {
        d.w(0, format!("{k}: {} bytes\n", v.len()));
    }
    d.w(0, "\n");
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// Namespace (the simulator serves no ResourceQuota or LimitRange objects).
pub fn namespace(ns: &crate::sim::Namespace) -> Describe {
    let mut d = Describe::default();
    let m = &ns.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, format!("Status:\t{}\n", ns.status.phase));
    d.w(0, "\n");
    d.w(0, "No resource quota.\n");
    d.w(0, "\n");
    d.w(0, "No LimitRange resource.\n");
    d
}
