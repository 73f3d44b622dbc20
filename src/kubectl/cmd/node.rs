//! `kubectl cordon|uncordon NODE` and `kubectl drain NODE` (cordon, then evict the node's
//! pods and wait for them to go; pods without a controller need `--force`).

use super::delete::Prefixed;
use super::{api_error_text, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::{Cluster, DeleteOptions, Kind, Object, WriteOptions};

fn set_unschedulable(cx: &mut KubectlCtx, node: &str, desired: bool) -> Result<String, String> {
    let obj = cx
        .cluster
        .api()
        .get(Kind::Node, "", node)
        .map_err(|e| api_error_text(&e))?
        .clone();
    let Object::Node(mut n) = obj else {
        return Err("error: not a node".into());
    };
    if n.spec.unschedulable == desired {
        return Ok(format!(
            "node/{node} already {}\n",
            if desired { "cordoned" } else { "uncordoned" }
        ));
    }
    n.spec.unschedulable = desired;
    cx.cluster
        .api_mut()
        .update(Object::Node(n), &WriteOptions::default())
        .map_err(|e| api_error_text(&e))?;
    cx.cluster.settle();
    Ok(format!(
        "node/{node} {}\n",
        if desired { "cordoned" } else { "uncordoned" }
    ))
}

pub fn run_cordon(rest: &[String], cx: &mut KubectlCtx, desired: bool) -> Output {
    let cmd = if desired { "cordon" } else { "uncordon" };
    let p = match parse_flags(
        &format!("kubectl {cmd}"),
        rest,
        &[FlagSpec::unmodelled("dry-run", None, FlagKind::Str)],
    ) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(node) = p.args_before_dash().first() else {
        return Output::err(format!(
            "error: USAGE: {cmd} NODE [flags]\nSee 'kubectl {cmd} -h' for help and examples"
        ));
    };
    match set_unschedulable(cx, node, desired) {
        Ok(s) => Output::out(s),
        Err(e) => Output::err(e),
    }
}

/// Waits for evicted pods to disappear, printing `pod/x evicted` as each goes.
#[derive(Clone)]
pub struct Drain {
    node: String,
    pods: Vec<(String, String, String)>,
}

impl Process for Drain {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = ProcessPoll::default();
        self.pods.retain(|(ns, name, uid)| {
            let alive = cluster
                .api()
                .get(Kind::Pod, ns, name)
                .is_ok_and(|o| &o.meta().uid == uid);
            if !alive {
                r.stdout.push_str(&format!("pod/{name} evicted\n"));
            }
            alive
        });
        if self.pods.is_empty() {
            r.stdout.push_str(&format!("node/{} drained\n", self.node));
            r.finished = Some(0);
        }
        r
    }
    fn wants_time(&self) -> bool {
        true
    }
}

pub fn run_drain(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let flags = [
        FlagSpec::new("force", None, FlagKind::Bool),
        FlagSpec::new("ignore-daemonsets", None, FlagKind::Bool),
        FlagSpec::new("delete-emptydir-data", None, FlagKind::Bool),
        FlagSpec::new("grace-period", None, FlagKind::Int),
        FlagSpec::unmodelled("timeout", None, FlagKind::Str),
    ];
    let p = match parse_flags("kubectl drain", rest, &flags) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let Some(node) = p.args_before_dash().first().cloned() else {
        return Outcome::Done(Output::err(
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples",
        ));
    };
    let mut out = match set_unschedulable(cx, &node, true) {
        Ok(s) => Output::out(s),
        Err(e) => return Outcome::Done(Output::err(e)),
    };
    let on_node: Vec<Object> = cx
        .cluster
        .api()
        .list(Kind::Pod, None)
        .into_iter()
        .filter(|o| matches!(o, Object::Pod(p) if p.spec.node_name == node))
        .cloned()
        .collect();
    let force = p.bool_or("force", false);
    let unmanaged: Vec<String> = on_node
        .iter()
        .filter(|o| o.meta().controller_ref().is_none())
        .map(|o| format!("{}/{}", o.namespace(), o.name()))
        .collect();
    if !unmanaged.is_empty() && !force {
        let err = format!("cannot delete cannot delete Pods that declare no controller (use --force to override): {}", unmanaged.join(", "));
        out.stderr.push_str(&format!(
            "error: unable to drain node \"{node}\" due to error: {err}, continuing command...\nThere are pending nodes to be drained:\n {node}\nerror: {err}\n"
        ));
        out.status = 1;
        return Outcome::Done(out);
    }
    if !unmanaged.is_empty() {
        out.warnings.push_str(&format!(
            "Warning: deleting Pods that declare no controller: {}\n",
            unmanaged.join(", ")
        ));
    }
    let opts = DeleteOptions {
        grace_period_seconds: p.int("grace-period").filter(|g| *g >= 0),
        ..Default::default()
    };
    let mut pods = Vec::new();
    for o in &on_node {
        out.stdout
            .push_str(&format!("evicting pod {}/{}\n", o.namespace(), o.name()));
        if cx
            .cluster
            .api_mut()
            .delete(Kind::Pod, o.namespace(), o.name(), &opts)
            .is_ok()
        {
            pods.push((
                o.namespace().to_string(),
                o.name().to_string(),
                o.meta().uid.clone(),
            ));
        }
    }
    cx.cluster.settle();
    let mut d = Drain { node, pods };
    let first = d.poll(cx.cluster);
    out.stdout.push_str(&first.stdout);
    if first.finished.is_some() {
        return Outcome::Done(out);
    }
    Outcome::Running(Box::new(Prefixed {
        first: Some(out),
        inner: d,
    }))
}
