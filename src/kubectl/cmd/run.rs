//! `kubectl run` (a bare Pod; `-it --rm` hands the terminal to an in-pod shell) and
//! `kubectl exec` (`-it` → in-pod session; `POD -- cmd args` → the host's [`PodExec`]).

use super::pod_for_object::{matching_pods, resolve, Failure, SortBy, Target};
use super::podcmd::{default_container, has_container};
use super::{api_error_text, namespace, parse_flags, usage_error};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Outcome, Output, PodSession};
use crate::sim::*;
use std::collections::BTreeMap;

pub const ATTACH_HINT: &str = "If you don't see a command prompt, try pressing enter.";

const RUN_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("image", None, FlagKind::Str),
    FlagSpec::new("restart", None, FlagKind::Str),
    FlagSpec::new("stdin", Some('i'), FlagKind::Bool),
    FlagSpec::new("tty", Some('t'), FlagKind::Bool),
    FlagSpec::new("rm", None, FlagKind::Bool),
    FlagSpec::new("command", None, FlagKind::Bool),
    FlagSpec::new("labels", Some('l'), FlagKind::Str),
    FlagSpec::new("env", None, FlagKind::Array),
    FlagSpec::new("port", None, FlagKind::Str),
    FlagSpec::new("attach", None, FlagKind::Bool),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("image-pull-policy", None, FlagKind::Str),
    FlagSpec::new("quiet", Some('q'), FlagKind::Bool),
];

pub fn run_run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl run", rest, RUN_FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let Some(name) = p.args_before_dash().first().cloned() else {
        return Outcome::Done(usage_error("kubectl run", "NAME is required for run"));
    };
    let Some(image) = p.str("image").filter(|i| !i.is_empty()).map(str::to_string) else {
        return Outcome::Done(Output::err("error: required flag(s) \"image\" not set"));
    };
    // -o name|yaml|json print the created pod (an attached run prints nothing of the kind).
    let output = p.str("output").map(str::to_string);
    if let Some(o) = &output {
        if !matches!(o.as_str(), "name" | "yaml" | "json") {
            return Outcome::Done(Output::err(format!(
                "error: \"kubectl run --output={o}\" is not available in this simulator"
            )));
        }
    }
    let restart = p.str("restart").unwrap_or("Always").to_string();
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return Outcome::Done(Output::err(format!(
            "error: invalid restart policy: {restart}"
        )));
    }
    let stdin = p.bool_or("stdin", false);
    let tty = p.bool_or("tty", false);
    let attach = p.bool_or("attach", stdin);
    let rm = p.bool_or("rm", false);
    if rm && !attach {
        return Outcome::Done(Output::err(
            "error: --rm should only be used for attached containers",
        ));
    }
    if attach && output.is_some() {
        return Outcome::Done(Output::err(
            "error: \"kubectl run --output\" with an attached container is not available in this simulator",
        ));
    }
    let mut extra: Vec<String> = p.args_before_dash()[1..].to_vec();
    extra.extend(p.args_after_dash().iter().cloned());
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    match p.str("labels") {
        Some(l) => {
            for kv in l.split(',') {
                match kv.split_once('=') {
                    Some((k, v)) => {
                        labels.insert(k.to_string(), v.to_string());
                    }
                    None => {
                        return Outcome::Done(Output::err(format!(
                            "error: invalid label spec: {kv}"
                        )))
                    }
                }
            }
        }
        None => {
            labels.insert("run".into(), name.clone());
        }
    }
    let mut c = Container {
        name: name.clone(),
        image: image.clone(),
        stdin,
        tty,
        ..Default::default()
    };
    if p.bool_or("command", false) {
        c.command = extra.clone();
    } else {
        c.args = extra.clone();
    }
    for e in p.all("env") {
        if let Some((k, v)) = e.split_once('=') {
            c.env.push(EnvVar {
                name: k.into(),
                value: v.into(),
                ..Default::default()
            });
        }
    }
    if let Some(port) = p.str("port").and_then(|x| x.parse::<i32>().ok()) {
        c.ports.push(ContainerPort {
            container_port: port,
            ..Default::default()
        });
    }
    if let Some(pp) = p.str("image-pull-policy") {
        c.image_pull_policy = pp.to_string();
    }
    let ns = namespace(&p, cx);
    let pod = Pod {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: ns.clone(),
            labels,
            ..Default::default()
        },
        spec: PodSpec {
            containers: vec![c],
            // generate/versioned BasicPod sets it; the server would default it anyway.
            dns_policy: "ClusterFirst".into(),
            restart_policy: restart,
            ..Default::default()
        },
        ..Default::default()
    };
    let dry = p.str("dry-run").unwrap_or("none");
    if dry == "client" {
        let mut obj = Object::Pod(pod);
        // The generated pod names a namespace only when --namespace was given.
        if p.str("namespace").is_none() {
            obj.meta_mut().namespace.clear();
        }
        return Outcome::Done(Output::out(print_pod(
            &obj,
            output.as_deref(),
            " (dry run)",
        )));
    }
    let res = cx.cluster.api_mut().create(
        Object::Pod(pod),
        &WriteOptions {
            dry_run: dry == "server",
            ..Default::default()
        },
    );
    cx.cluster.settle();
    let created = match res {
        Ok(o) => o,
        Err(e) => return Outcome::Done(Output::err(api_error_text(&e))),
    };
    if !attach {
        let suffix = if dry == "server" {
            " (server dry run)"
        } else {
            ""
        };
        return Outcome::Done(Output::out(print_pod(&created, output.as_deref(), suffix)));
    }
    Outcome::Interactive(PodSession {
        namespace: ns,
        pod: name.clone(),
        container: name,
        image,
        command: extra,
        remove_on_exit: rm,
        attach_hint: if tty && stdin {
            Some(ATTACH_HINT.to_string())
        } else {
            None
        },
        stdin,
        tty,
    })
}

/// What `kubectl run` prints for the pod it made: `pod/NAME created`, or the object for
/// `-o name|yaml|json`. Go serialises a pod's zero status as `status: {}`, which the
/// simulator's omit-empty types leave out, so it is put back.
fn print_pod(obj: &Object, output: Option<&str>, suffix: &str) -> String {
    let mut v = obj.to_value();
    if let serde_json::Value::Object(m) = &mut v {
        m.entry("status").or_insert_with(|| serde_json::json!({}));
    }
    match output {
        Some("name") => format!("pod/{}\n", obj.name()),
        Some("yaml") => crate::kubectl::render::yaml::to_yaml(&v),
        Some("json") => crate::kubectl::render::json::to_json(&v),
        _ => format!("pod/{} created{suffix}\n", obj.name()),
    }
}

/// End of an in-pod session: a `--rm` pod is deleted (`pod "x" deleted from default namespace`).
pub fn end_session(s: &PodSession, cx: &mut KubectlCtx) -> Output {
    if !s.remove_on_exit {
        return Output::default();
    }
    let r = cx
        .cluster
        .api_mut()
        .delete(Kind::Pod, &s.namespace, &s.pod, &DeleteOptions::default());
    cx.cluster.settle();
    match r {
        Ok(_) => Output::out(format!(
            "pod \"{}\" deleted from {} namespace\n",
            s.pod, s.namespace
        )),
        Err(e) => Output::err(api_error_text(&e)),
    }
}

const EXEC_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("stdin", Some('i'), FlagKind::Bool),
    FlagSpec::new("tty", Some('t'), FlagKind::Bool),
    FlagSpec::new("container", Some('c'), FlagKind::Str),
    FlagSpec::new("quiet", Some('q'), FlagKind::Bool),
];

pub fn run_exec(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl exec", rest, EXEC_FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let before = p.args_before_dash();
    let Some(target) = before.first().cloned() else {
        return Outcome::Done(usage_error(
            "kubectl exec",
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        ));
    };
    if before.len() > 1 {
        return Outcome::Done(usage_error(
            "kubectl exec",
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        ));
    }
    let argv: Vec<String> = p.args_after_dash().to_vec();
    if argv.is_empty() {
        return Outcome::Done(usage_error(
            "kubectl exec",
            "you must specify at least one command for the container",
        ));
    }
    let ns = namespace(&p, cx);
    // `attachablePodForObject`: a pod, or the best pod of a workload or Service.
    let pod = match resolve(cx.cluster, &ns, &target, "attach to") {
        Ok(Target::Pod(pod)) => *pod,
        Ok(Target::Selector(sel)) => {
            match matching_pods(cx.cluster, &ns, &sel, SortBy::Active)
                .into_iter()
                .next()
            {
                Some(pod) => pod,
                // kubectl watches for a pod for --pod-running-timeout (1m) before this.
                None => {
                    return Outcome::Done(Output::err("error: timed out waiting for the condition"))
                }
            }
        }
        Ok(Target::Pods(_)) => unreachable!("exec takes no selector"),
        Err(Failure::Api(e)) => return Outcome::Done(Output::err(api_error_text(&e))),
        Err(Failure::Text(e)) => return Outcome::Done(Output::err(e)),
    };
    let pod_name = pod.metadata.name.clone();
    if pod.status.phase == "Succeeded" || pod.status.phase == "Failed" {
        return Outcome::Done(Output::err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase
        )));
    }
    let mut pre = Output::default();
    let container = match p.str("container") {
        Some(c) => {
            // The API server checks the name against every container of the pod.
            if !has_container(&pod, c) {
                return Outcome::Done(Output::err(format!(
                    "Error from server (BadRequest): container {c} is not valid for pod {pod_name}"
                )));
            }
            c.to_string()
        }
        None => {
            let (name, note) = default_container(&pod);
            if !p.bool_or("quiet", false) {
                pre.stderr.push_str(&note.unwrap_or_default());
            }
            name
        }
    };
    let running = pod
        .status
        .container_statuses
        .iter()
        .any(|s| s.name == container && s.state.running.is_some());
    if !running {
        pre.stderr.push_str(&format!(
            "error: unable to upgrade connection: container not found (\"{container}\")\n"
        ));
        pre.status = 1;
        return Outcome::Done(pre);
    }
    if p.bool_or("stdin", false) || p.bool_or("tty", false) {
        let image = pod
            .spec
            .containers
            .iter()
            .find(|c| c.name == container)
            .map(|c| c.image.clone())
            .unwrap_or_default();
        return Outcome::Interactive(PodSession {
            namespace: ns,
            pod: pod_name,
            container,
            image,
            command: argv,
            remove_on_exit: false,
            attach_hint: None,
            stdin: p.bool_or("stdin", false),
            tty: p.bool_or("tty", false),
        });
    }
    let out = match cx.exec.as_mut() {
        Some(e) => e.exec(cx.cluster, &pod_name, Some(&container), &argv),
        None => Output::err("error: this terminal cannot run commands inside pods"),
    };
    Outcome::Done(Output {
        warnings: pre.warnings + &out.warnings,
        stdout: pre.stdout + &out.stdout,
        stderr: pre.stderr + &out.stderr,
        status: out.status,
    })
}
