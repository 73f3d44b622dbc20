//! `kubectl create -f`, `create configmap NAME [--from-literal k=v]...`,
//! `create deployment NAME --image=I [--replicas=N] [--port=P]`, `create namespace NAME`.

use super::apply::{create_from_files, FLAGS as FILE_FLAGS};
use super::{api_error_text, namespace, parse_flags, usage_error, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::*;
use std::collections::BTreeMap;

fn write(cx: &mut KubectlCtx, mut obj: Object, p: &Parsed, path: &str) -> Output {
    let mode = match WriteMode::parse_printing(p, path) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let res = if mode.sends() {
        cx.cluster.api_mut().create(obj, &mode.options())
    } else {
        // The generated object names a namespace only when --namespace was given.
        if p.str("namespace").is_none() {
            obj.meta_mut().namespace.clear();
        }
        Ok(obj)
    };
    cx.cluster.settle();
    match res {
        Ok(obj) if mode.object_format.is_some() => {
            Output::out(render(&mode, &with_zero_structs(obj.to_value())))
        }
        Ok(obj) => Output::out(mode.print(&obj, "created")),
        Err(e) => Output::err(api_error_text(&e)),
    }
}

/// Go serialises struct-valued fields that are never omitted (a Deployment's `strategy`,
/// a Namespace's `spec`, any `status`) as `{}` when empty; the simulator's types leave
/// them out, so they are put back for printing.
fn with_zero_structs(mut v: serde_json::Value) -> serde_json::Value {
    let kind = v["kind"].as_str().unwrap_or_default().to_string();
    let Some(m) = v.as_object_mut() else {
        return v;
    };
    match kind.as_str() {
        "Deployment" => {
            if let Some(spec) = m.get_mut("spec").and_then(|s| s.as_object_mut()) {
                spec.entry("strategy")
                    .or_insert_with(|| serde_json::json!({}));
            }
            m.entry("status").or_insert_with(|| serde_json::json!({}));
        }
        "Namespace" => {
            m.entry("spec").or_insert_with(|| serde_json::json!({}));
            m.entry("status").or_insert_with(|| serde_json::json!({}));
        }
        _ => {}
    }
    v
}

fn render(mode: &WriteMode, v: &serde_json::Value) -> String {
    match mode.object_format {
        Some("yaml") => crate::kubectl::render::yaml::to_yaml(v),
        _ => crate::kubectl::render::json::to_json(v),
    }
}

fn meta(name: &str, ns: &str) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: ns.to_string(),
        ..Default::default()
    }
}

pub fn run(rest: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Output {
    let sub = rest.first().map(String::as_str).unwrap_or("");
    match sub {
        "configmap" | "cm" => create_configmap(&rest[1..], cx),
        "deployment" | "deploy" => create_deployment(&rest[1..], cx),
        "namespace" | "ns" => create_namespace(&rest[1..], cx),
        "service" | "svc" => super::create_service::run_create_service(&rest[1..], cx),
        s if s.is_empty() || s.starts_with('-') => {
            let p = match parse_flags("kubectl create", rest, FILE_FLAGS) {
                Ok(p) => p,
                Err(o) => return o,
            };
            if p.all("filename").is_empty() {
                return usage_error("kubectl create", "must specify one of -f and -k");
            }
            create_from_files(&p, stdin, cx)
        }
        other => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl create\"\nSee 'kubectl create -h' for help and examples"
        )),
    }
}

fn create_configmap(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("from-literal", None, FlagKind::Array),
        FlagSpec::new("dry-run", None, FlagKind::Str),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let p = match parse_flags("kubectl create configmap", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(name) = p.args_before_dash().first().cloned() else {
        return usage_error("kubectl create configmap", "NAME is required");
    };
    let mut data = BTreeMap::new();
    for lit in p.all("from-literal") {
        match lit.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                if data.contains_key(k) {
                    return Output::err(format!("error: cannot add key {k}, another key by that name already exists in Data for ConfigMap \"{name}\""));
                }
                data.insert(k.to_string(), v.to_string());
            }
            _ => {
                return Output::err(format!(
                    "error: invalid literal source {lit}, expected key=value"
                ))
            }
        }
    }
    let ns = namespace(&p, cx);
    let cm = ConfigMap {
        metadata: meta(&name, &ns),
        data,
        ..Default::default()
    };
    write(cx, Object::ConfigMap(cm), &p, "kubectl create configmap")
}

fn create_namespace(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("dry-run", None, FlagKind::Str),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let p = match parse_flags("kubectl create namespace", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(name) = p.args_before_dash().first().cloned() else {
        return usage_error("kubectl create namespace", "NAME is required");
    };
    let n = Namespace {
        metadata: meta(&name, ""),
        ..Default::default()
    };
    write(cx, Object::Namespace(n), &p, "kubectl create namespace")
}

fn create_deployment(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("image", None, FlagKind::Array),
        FlagSpec::new("replicas", Some('r'), FlagKind::Int),
        FlagSpec::new("port", None, FlagKind::Int),
        FlagSpec::new("dry-run", None, FlagKind::Str),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let p = match parse_flags("kubectl create deployment", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(name) = p.args_before_dash().first().cloned() else {
        return usage_error("kubectl create deployment", "NAME is required");
    };
    let images = p.all("image");
    if images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set");
    }
    let command: Vec<String> = p.args_after_dash().to_vec();
    let mut containers = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for img in &images {
        let mut n = img.rsplit('/').next().unwrap_or(img).to_string();
        if let Some(i) = n.find(':') {
            n.truncate(i);
        }
        if let Some(i) = n.find('@') {
            n.truncate(i);
        }
        n = n.replace('_', "-");
        let base = n.clone();
        let mut i = 1;
        while seen.contains(&n) {
            n = format!("{base}-{i}");
            i += 1;
        }
        seen.push(n.clone());
        let mut c = Container {
            name: n,
            image: img.clone(),
            command: command.clone(),
            ..Default::default()
        };
        if let Some(port) = p.int("port").filter(|x| *x >= 0) {
            c.ports.push(ContainerPort {
                container_port: port as i32,
                ..Default::default()
            });
        }
        containers.push(c);
    }
    let labels: BTreeMap<String, String> =
        [("app".to_string(), name.clone())].into_iter().collect();
    let ns = namespace(&p, cx);
    let mut m = meta(&name, &ns);
    m.labels = labels.clone();
    let d = Deployment {
        metadata: m,
        spec: DeploymentSpec {
            replicas: Some(p.int("replicas").unwrap_or(1) as i32),
            selector: Some(LabelSelector {
                match_labels: labels.clone(),
                ..Default::default()
            }),
            template: PodTemplateSpec {
                metadata: ObjectMeta {
                    labels,
                    ..Default::default()
                },
                spec: PodSpec {
                    containers,
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        ..Default::default()
    };
    write(cx, Object::Deployment(d), &p, "kubectl create deployment")
}
