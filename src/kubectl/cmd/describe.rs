//! `kubectl describe TYPE [NAME_PREFIX]` / `TYPE/NAME` / `-l`: one describe page per object,
//! pages separated by a blank line; a name that matches no object exactly describes every
//! object whose name starts with it (kubectl's prefix fallback).

use super::{api_error_text, namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::printers::{describe_generic, describe_node, describe_pod, describe_workload};
use crate::kubectl::resource;
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::{Cluster, Kind, Object, Selector};

fn page(c: &Cluster, o: &Object, show_events: bool) -> String {
    let mut d = match o {
        Object::Pod(p) => describe_pod::pod(c, p, o),
        Object::PersistentVolumeClaim(p) => describe_pod::pvc(c, p, o),
        Object::PersistentVolume(v) => describe_pod::pv(c, v, o),
        Object::Service(s) => describe_pod::service(c, s, o),
        Object::StorageClass(s) => describe_pod::storage_class(c, s, o),
        Object::StatefulSet(s) => describe_workload::statefulset(c, s, o),
        Object::Deployment(d) => describe_workload::deployment(c, d, o),
        Object::ReplicaSet(r) => describe_workload::replicaset(c, r, o),
        Object::ConfigMap(m) => describe_workload::configmap(c, m, o),
        Object::Namespace(n) => describe_workload::namespace(n),
        Object::Node(n) => describe_node::node(c, n, o),
        Object::EndpointSlice(e) => describe_node::endpoint_slice(c, e, o),
        Object::Endpoints(e) => describe_node::endpoints(c, e, o),
        Object::Secret(s) => describe_generic::secret(s),
        // Kinds without a typed describer upstream (ControllerRevision, Event).
        _ => describe_generic::generic(c, o),
    };
    if !show_events {
        d.drop_events();
    }
    d.render()
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("selector", Some('l'), FlagKind::Str),
        FlagSpec::new("all-namespaces", Some('A'), FlagKind::Bool),
        FlagSpec::new("show-events", None, FlagKind::Bool),
    ];
    let p = match parse_flags("kubectl describe", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let sel = match resource::parse(p.args_before_dash()) {
        Ok(s) => s,
        Err(e) if e.is_empty() => {
            return Output::err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n")
        }
        Err(e) => return Output::err(e),
    };
    let ns = namespace(&p, cx);
    let all_ns = p.bool_or("all-namespaces", false);
    let selector = match p.str("selector").map(Selector::parse) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return Output::err(format!("error: {e}")),
        None => None,
    };
    let mut objs: Vec<Object> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for (k, name) in sel.targets() {
        let list_ns = if !k.namespaced() || all_ns {
            None
        } else {
            Some(ns.as_str())
        };
        match name {
            None => {
                for o in cx.cluster.api().list(k, list_ns) {
                    if selector
                        .as_ref()
                        .is_none_or(|s| s.matches(&o.meta().labels))
                    {
                        objs.push(o.clone());
                    }
                }
            }
            Some(n) => {
                let tns = if k.namespaced() { ns.as_str() } else { "" };
                match cx.cluster.api().get(k, tns, &n) {
                    Ok(o) => objs.push(o.clone()),
                    Err(e) => {
                        let prefixed: Vec<Object> = cx
                            .cluster
                            .api()
                            .list(k, list_ns)
                            .into_iter()
                            .filter(|o| o.name().starts_with(&n))
                            .cloned()
                            .collect();
                        if prefixed.is_empty() {
                            errors.push(api_error_text(&e));
                        }
                        objs.extend(prefixed);
                    }
                }
            }
        }
    }
    let mut out = Output {
        warnings: super::api_warnings(&sel.kinds()),
        ..Default::default()
    };
    let mut pages = Vec::new();
    for o in &objs {
        pages.push(page(cx.cluster, o, p.bool_or("show-events", true)));
    }
    out.stdout = pages.join("\n\n");
    if !out.stdout.is_empty() && !out.stdout.ends_with('\n') {
        out.stdout.push('\n');
    }
    if objs.is_empty() && errors.is_empty() {
        let kinds = sel.kinds();
        if !all_ns && kinds.iter().all(|k: &Kind| k.namespaced()) {
            out.stderr
                .push_str(&format!("No resources found in {ns} namespace.\n"));
        } else {
            out.stderr.push_str("No resources found\n");
        }
    }
    for e in &errors {
        out.stderr.push_str(e);
        out.stderr.push('\n');
    }
    if !errors.is_empty() {
        out.status = 1;
    }
    out
}
