//! Tab completion data: command names, subcommands, flags, resource types and object names
//! (default namespace), like kubectl's cobra `__complete` would offer.

use super::args::{FlagSpec, GLOBAL_FLAGS};
use super::cmd::{apply, delete, events, explain, get, logs, service, set_resources, SUPPORTED};
use crate::sim::{Cluster, Kind};

fn flags_for(cmd: &str, sub: Option<&str>) -> &'static [FlagSpec] {
    match (cmd, sub) {
        ("set", Some("resources")) => return set_resources::FLAGS,
        ("create", Some("service" | "svc")) => return service::CLUSTERIP_FLAGS,
        _ => {}
    }
    match cmd {
        "get" => get::FLAGS,
        "apply" | "create" | "replace" => apply::FLAGS,
        "delete" => delete::FLAGS,
        "logs" => logs::FLAGS,
        "explain" => explain::FLAGS,
        "events" => events::FLAGS,
        "expose" => service::EXPOSE_FLAGS,
        _ => &[],
    }
}

fn type_words() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for k in Kind::ALL {
        v.push(k.resource().to_string());
        v.push(k.kind_name().to_lowercase());
        v.extend(k.short_names().iter().map(|s| s.to_string()));
    }
    v.push("all".into());
    v.sort();
    v.dedup();
    v
}

fn names(cluster: &Cluster, kind: Kind, ns: &str) -> Vec<String> {
    let list_ns = if kind.namespaced() { Some(ns) } else { None };
    cluster
        .api()
        .list(kind, list_ns)
        .into_iter()
        .map(|o| o.name().to_string())
        .collect()
}

/// Candidates for the last word of `words` (`["kubectl", "get", "po"]` → `["pods", "po"]`…).
pub fn complete(words: &[String], cluster: &Cluster) -> Vec<String> {
    let words: &[String] = match words.first() {
        Some(w) if w == "kubectl" => &words[1..],
        _ => words,
    };
    let cur = words.last().cloned().unwrap_or_default();
    let done = if words.is_empty() {
        &[][..]
    } else {
        &words[..words.len() - 1]
    };
    let filter =
        |c: Vec<String>| -> Vec<String> { c.into_iter().filter(|x| x.starts_with(&cur)).collect() };
    if done.is_empty() {
        return filter(SUPPORTED.iter().map(|s| s.to_string()).collect());
    }
    let cmd = done[0].as_str();
    let mut ns = "default".to_string();
    for w in done.windows(2) {
        if w[0] == "-n" || w[0] == "--namespace" {
            ns = w[1].clone();
        }
    }
    if matches!(
        done.last().map(String::as_str),
        Some("-n") | Some("--namespace")
    ) {
        return filter(names(cluster, Kind::Namespace, ""));
    }
    if cur.starts_with('-') {
        // Only flags that do something here: an unmodelled one would just be refused.
        let sub = done[1..]
            .iter()
            .find(|w| !w.starts_with('-'))
            .map(String::as_str);
        let mut v: Vec<String> = flags_for(cmd, sub)
            .iter()
            .chain(GLOBAL_FLAGS.iter())
            .filter(|f| f.modelled)
            .map(|f| format!("--{}", f.long))
            .collect();
        v.sort();
        return filter(v);
    }
    let sub_cmds: &[&str] = match cmd {
        "rollout" => &["history", "pause", "restart", "resume", "status", "undo"],
        "create" => &["configmap", "deployment", "namespace", "service"],
        "set" => &["image", "resources"],
        _ => &[],
    };
    let positional: Vec<&String> = done[1..].iter().filter(|w| !w.starts_with('-')).collect();
    if cmd == "create"
        && positional.len() == 1
        && matches!(positional[0].as_str(), "service" | "svc")
    {
        // Only the ClusterIP generator is simulated.
        return filter(vec!["clusterip".to_string()]);
    }
    if cmd == "expose" && positional.is_empty() && !cur.contains('/') {
        // expose's ValidArgs, less replicationcontroller (not simulated).
        return filter(
            ["deployment", "pod", "replicaset", "service"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
    }
    let mut rest = positional.as_slice();
    if !sub_cmds.is_empty() {
        if rest.is_empty() {
            return filter(sub_cmds.iter().map(|s| s.to_string()).collect());
        }
        rest = &rest[1..];
    }
    if cmd == "logs" {
        // `-c` and the inline [CONTAINER] argument name a container of the chosen pod.
        let pod = rest.first().map(|p| p.rsplit('/').next().unwrap_or(p));
        let want_container =
            done.last().is_some_and(|w| w == "-c" || w == "--container") || rest.len() == 1;
        if let (Some(pod), true) = (pod, want_container) {
            return match cluster.api().get(Kind::Pod, &ns, pod) {
                Ok(crate::sim::Object::Pod(p)) => filter(
                    p.spec
                        .init_containers
                        .iter()
                        .chain(p.spec.containers.iter())
                        .map(|c| c.name.clone())
                        .collect(),
                ),
                _ => Vec::new(),
            };
        }
        if rest.is_empty() && !cur.contains('/') {
            return filter(names(cluster, Kind::Pod, &ns));
        }
    }
    if cmd == "exec" {
        return filter(names(cluster, Kind::Pod, &ns));
    }
    if cmd == "explain" {
        if rest.is_empty() {
            return if cur.contains('.') {
                filter(explain::complete_path(&cur))
            } else {
                filter(type_words())
            };
        }
        return Vec::new();
    }
    if matches!(cmd, "cordon" | "uncordon" | "drain") {
        return filter(names(cluster, Kind::Node, ""));
    }
    if let Some((t, _)) = cur.split_once('/') {
        if let Some(k) = Kind::from_user_str(t) {
            return filter(
                names(cluster, k, &ns)
                    .into_iter()
                    .map(|n| format!("{t}/{n}"))
                    .collect(),
            );
        }
        return Vec::new();
    }
    match rest.first() {
        None => filter(type_words()),
        Some(t) => match Kind::from_user_str(t) {
            Some(k) => filter(names(cluster, k, &ns)),
            None => Vec::new(),
        },
    }
}
