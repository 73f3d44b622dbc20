//! `kubectl scale` (`--replicas`, `--current-replicas`, `--resource-version`) and
//! `kubectl set image` (container=image pairs, `*=image`; no output when nothing changes).

use super::{api_error_text, namespace, parse_flags, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::resource::{self, Selection};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::{Kind, Object, PatchType, PodSpec, Selector};

const SCALE_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("replicas", None, FlagKind::Int),
    FlagSpec::new("current-replicas", None, FlagKind::Int),
    FlagSpec::new("resource-version", None, FlagKind::Str),
    FlagSpec::new("selector", Some('l'), FlagKind::Str),
    FlagSpec::new("all", None, FlagKind::Bool),
    FlagSpec::unmodelled("timeout", None, FlagKind::Str),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
];

/// Resolve `TYPE NAME` / `TYPE/NAME` / `TYPE -l sel` / `TYPE --all` to (kind, name) pairs.
pub fn targets(
    args: &[String],
    selector: Option<&str>,
    all: bool,
    ns: &str,
    cx: &KubectlCtx,
) -> Result<Vec<(Kind, String)>, Output> {
    let sel = resource::parse(args).map_err(|e| {
        if e.is_empty() {
            Output::err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
        } else {
            Output::err(e)
        }
    })?;
    match &sel {
        Selection::Types { kinds, names, .. } if names.is_empty() => {
            if selector.is_none() && !all {
                return Err(Output::err(
                    "error: resource(s) were provided, but no name was specified",
                ));
            }
            let s = match selector {
                Some(s) => {
                    Some(Selector::parse(s).map_err(|e| Output::err(format!("error: {e}")))?)
                }
                None => None,
            };
            let mut v = Vec::new();
            for k in kinds {
                let list_ns = if k.namespaced() { Some(ns) } else { None };
                for o in cx.cluster.api().list(*k, list_ns) {
                    if s.as_ref().is_none_or(|s| s.matches(&o.meta().labels)) {
                        v.push((*k, o.name().to_string()));
                    }
                }
            }
            Ok(v)
        }
        _ => Ok(sel
            .targets()
            .into_iter()
            .map(|(k, n)| (k, n.unwrap_or_default()))
            .collect()),
    }
}

pub fn run_scale(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl scale", rest, SCALE_FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(replicas) = p.int("replicas") else {
        return Output::err("error: required flag(s) \"replicas\" not set");
    };
    if replicas < 0 {
        return Output::err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    let mode = match WriteMode::parse_printing(&p, "kubectl scale") {
        Ok(m) => m,
        Err(o) => return o,
    };
    let current = p.int("current-replicas").unwrap_or(-1);
    if current < -1 {
        return Output::err(
            "error: The --current-replicas must specify an integer of -1 or greater",
        );
    }
    let ns = namespace(&p, cx);
    let ts = match targets(
        p.args_before_dash(),
        p.str("selector"),
        p.bool_or("all", false),
        &ns,
        cx,
    ) {
        Ok(t) => t,
        Err(o) => return o,
    };
    if ts.is_empty() {
        return Output::err("error: no objects passed to scale");
    }
    if p.has("resource-version") && ts.len() > 1 {
        return Output::err("error: cannot use --resource-version with multiple resources");
    }
    let mut out = Output::default();
    for (k, name) in ts {
        if !matches!(k, Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet) {
            out.stderr.push_str(&format!(
                "error: no scaler has been implemented for {{\"{}\" \"{}\"}}\n",
                k.group(),
                k.kind_name()
            ));
            out.status = 1;
            continue;
        }
        let obj = match cx.cluster.api().get(k, &ns, &name) {
            Ok(o) => o.clone(),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        let have = match &obj {
            Object::StatefulSet(s) => s.spec.replicas.unwrap_or(1),
            Object::Deployment(d) => d.spec.replicas.unwrap_or(1),
            Object::ReplicaSet(r) => r.spec.replicas.unwrap_or(1),
            _ => 0,
        };
        if !mode.sends() {
            // Client dry run: no request, so no precondition is checked either.
            out.stdout.push_str(&mode.print(&obj, "scaled"));
            continue;
        }
        if current >= 0 && have as i64 != current {
            out.stderr.push_str(&format!(
                "error: Expected replicas to be {current}, was {have}\n"
            ));
            out.status = 1;
            continue;
        }
        if let Some(rv) = p.str("resource-version") {
            if obj.meta().resource_version != rv {
                out.stderr.push_str(&format!(
                    "error: Expected resource version to be {rv}, was {}\n",
                    obj.meta().resource_version
                ));
                out.status = 1;
                continue;
            }
        }
        let patch = format!("{{\"spec\":{{\"replicas\":{replicas}}}}}");
        match cx
            .cluster
            .api_mut()
            .patch(k, &ns, &name, PatchType::Merge, &patch, &mode.options())
        {
            // kubectl prints the object it fetched before scaling (info.Object is not
            // refreshed), so -o yaml shows the old replicas.
            Ok(_) => out.stdout.push_str(&mode.print(&obj, "scaled")),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    cx.cluster.settle();
    out
}

/// The pod spec inside a workload (or the pod's own).
pub fn pod_spec_mut(o: &mut Object) -> Option<&mut PodSpec> {
    match o {
        Object::Pod(p) => Some(&mut p.spec),
        Object::StatefulSet(s) => Some(&mut s.spec.template.spec),
        Object::Deployment(d) => Some(&mut d.spec.template.spec),
        Object::ReplicaSet(r) => Some(&mut r.spec.template.spec),
        _ => None,
    }
}

pub fn run_set(rest: &[String], cx: &mut KubectlCtx) -> Output {
    match rest.first().map(String::as_str) {
        Some("image") => set_image(&rest[1..], cx),
        Some("resources") => super::set_resources::run(&rest[1..], cx),
        Some(s @ ("env" | "selector" | "serviceaccount" | "subject")) => Output::err(format!(
            "error: \"kubectl set {s}\" is not available in this simulator"
        )),
        // Anything else: cmdutil.DefaultSubCommandRun.
        _ => super::default_sub_command_run(
            "kubectl set",
            rest,
            crate::kubectl::help::for_command("set", None),
        ),
    }
}

fn set_image(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let flags = [
        FlagSpec::new("selector", Some('l'), FlagKind::Str),
        FlagSpec::new("all", None, FlagKind::Bool),
        FlagSpec::new("dry-run", None, FlagKind::Str),
        FlagSpec::new("output", Some('o'), FlagKind::Str),
    ];
    let p = match parse_flags("kubectl set image", rest, &flags) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mode = match WriteMode::parse_printing(&p, "kubectl set image") {
        Ok(m) => m,
        Err(o) => return o,
    };
    let args = p.args_before_dash();
    let split = args
        .iter()
        .position(|a| a.contains('='))
        .unwrap_or(args.len());
    let (res, pairs) = args.split_at(split);
    if pairs.is_empty() {
        return Output::err("error: at least one image update is required");
    }
    let mut updates: Vec<(String, String)> = Vec::new();
    for a in pairs {
        match a.split_once('=') {
            Some((c, i)) if !c.is_empty() && !i.is_empty() => {
                updates.push((c.to_string(), i.to_string()))
            }
            _ => return Output::err(format!("error: invalid image update: {a}")),
        }
    }
    let ns = namespace(&p, cx);
    let ts = match targets(res, p.str("selector"), p.bool_or("all", false), &ns, cx) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = Output::default();
    for (k, name) in ts {
        let mut obj = match cx.cluster.api().get(k, &ns, &name) {
            Ok(o) => o.clone(),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        let before = obj.clone();
        let Some(spec) = pod_spec_mut(&mut obj) else {
            out.stderr.push_str(&format!(
                "error: {}/{name} does not have a pod template\n",
                k.singular_qualified()
            ));
            out.status = 1;
            continue;
        };
        let mut missing = None;
        for (c, img) in &updates {
            let mut found = false;
            for ctr in spec
                .init_containers
                .iter_mut()
                .chain(spec.containers.iter_mut())
            {
                if c == "*" || &ctr.name == c {
                    ctr.image = img.clone();
                    found = true;
                }
            }
            if !found {
                missing = Some(c.clone());
            }
        }
        if let Some(c) = missing {
            out.stderr
                .push_str(&format!("error: unable to find container named \"{c}\"\n"));
            out.status = 1;
            continue;
        }
        if obj == before {
            continue;
        }
        let res = if mode.sends() {
            cx.cluster.api_mut().update(obj, &mode.options())
        } else {
            Ok(obj)
        };
        match res {
            // A client dry run prints the changed copy, a write the server's answer.
            Ok(o) => out.stdout.push_str(&mode.print(&o, "image updated")),
            Err(e) => {
                out.stderr.push_str(&api_error_text(&e));
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    cx.cluster.settle();
    out
}
