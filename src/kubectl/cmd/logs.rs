//! `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]`.
//!
//! kubectl picks the container (the first one, with `Defaulted container "x" out of: …` on
//! stderr when the pod has several), then the kubelet's `validateContainerLogStatus` decides
//! which container instance to read or answers an error, which the API server returns as
//! BadRequest. The simulated kubelet runs programs but records nothing they print, so a
//! container's log stream is empty: the command reports every state a real kubelet reports
//! and prints the (empty) log. `-f` keeps following until Ctrl-C or until the container's
//! current instance ends.

use super::{namespace, parse_flags, usage_error};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::{Cluster, Kind, Object, Pod};

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/// The flags this simulator accepts (also offered by completion).
pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("container", Some('c'), FlagKind::Str),
    FlagSpec::new("follow", Some('f'), FlagKind::Bool),
    FlagSpec::new("prefix", None, FlagKind::Bool),
    FlagSpec::new("previous", Some('p'), FlagKind::Bool),
    FlagSpec::new("tail", None, FlagKind::Int),
    FlagSpec::new("timestamps", None, FlagKind::Bool),
];

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl logs", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let args = p.args_before_dash();
    let Some(target) = args.first() else {
        return Outcome::Done(usage_error("kubectl logs", USAGE));
    };
    if args.len() > 2 {
        return Outcome::Done(usage_error("kubectl logs", USAGE));
    }
    let mut container = p.str("container").map(str::to_string);
    if let Some(inline) = args.get(1) {
        if container.is_some() {
            return Outcome::Done(Output::err(
                "error: only one of -c or an inline [CONTAINER] arg is allowed",
            ));
        }
        container = Some(inline.clone());
    }
    if p.int("tail").is_some_and(|t| t < -1) {
        return Outcome::Done(Output::err(
            "error: --tail must be greater than or equal to -1",
        ));
    }
    let ns = namespace(&p, cx);
    let mut out = Output::default();
    let pod = match pod_for(cx.cluster, &ns, target, &mut out) {
        Ok(pod) => pod,
        Err(o) => return Outcome::Done(o),
    };
    let name = match container {
        Some(c) => c,
        None => {
            let first = pod
                .spec
                .containers
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_default();
            if pod.spec.containers.len() > 1 || !pod.spec.init_containers.is_empty() {
                let all: Vec<&str> = pod
                    .spec
                    .init_containers
                    .iter()
                    .chain(pod.spec.containers.iter())
                    .map(|c| c.name.as_str())
                    .collect();
                out.stderr.push_str(&format!(
                    "Defaulted container \"{first}\" out of: {}\n",
                    all.join(", ")
                ));
            }
            first
        }
    };
    let known = pod
        .spec
        .init_containers
        .iter()
        .chain(pod.spec.containers.iter())
        .any(|c| c.name == name);
    if !known {
        out.stderr.push_str(&format!(
            "error: container {name} is not valid for pod {}\n",
            pod.metadata.name
        ));
        out.status = 1;
        return Outcome::Done(out);
    }
    let previous = p.bool_or("previous", false);
    // The API server has no kubelet to ask for an unscheduled pod: an empty stream.
    if pod.spec.node_name.is_empty() {
        return Outcome::Done(out);
    }
    let instance = match kubelet_instance(&pod, &name, previous) {
        Ok(id) => id,
        Err(msg) => {
            out.stderr
                .push_str(&format!("Error from server (BadRequest): {msg}\n"));
            out.status = 1;
            return Outcome::Done(out);
        }
    };
    if p.bool_or("follow", false) && !previous {
        return Outcome::Running(Box::new(Follow {
            namespace: ns,
            pod: pod.metadata.name.clone(),
            uid: pod.metadata.uid.clone(),
            container: name,
            instance,
            pending: Some(out),
        }));
    }
    Outcome::Done(out)
}

/// POD, pod/NAME, or a StatefulSet's first pod (`Found N pods, using pod/NAME`).
fn pod_for(c: &Cluster, ns: &str, target: &str, out: &mut Output) -> Result<Pod, Output> {
    let (kind, name) = match target.split_once('/') {
        None => (Kind::Pod, target),
        Some((t, n)) => match Kind::from_user_str(t) {
            Some(k) => (k, n),
            None => {
                return Err(Output::err(format!(
                    "error: the server doesn't have a resource type \"{t}\""
                )))
            }
        },
    };
    match kind {
        Kind::Pod => match c.api().get(Kind::Pod, ns, name) {
            Ok(Object::Pod(p)) => Ok(p.clone()),
            Ok(_) => Err(Output::err("error: expected a resource")),
            Err(e) => Err(Output::err(format!(
                "error: error from server (NotFound): {} in namespace \"{ns}\"",
                e.message
            ))),
        },
        Kind::StatefulSet => {
            let set = match c.api().get(Kind::StatefulSet, ns, name) {
                Ok(Object::StatefulSet(s)) => s.clone(),
                Ok(_) => return Err(Output::err("error: expected a resource")),
                Err(e) => return Err(Output::err(super::api_error_text(&e))),
            };
            let mut pods: Vec<Pod> = c
                .api()
                .list(Kind::Pod, Some(ns))
                .into_iter()
                .filter_map(|o| match o {
                    Object::Pod(p)
                        if set
                            .spec
                            .selector
                            .as_ref()
                            .is_some_and(|s| s.matches(&p.metadata.labels)) =>
                    {
                        Some(p.clone())
                    }
                    _ => None,
                })
                .collect();
            if pods.is_empty() {
                return Err(Output::err(
                    "error: \"kubectl logs\" waiting for a pod of a set is not available in this simulator",
                ));
            }
            // podutils.ByLogging: scheduled, then running, then ready pods first; then the
            // older pod.
            pods.sort_by_key(|p| {
                (
                    p.spec.node_name.is_empty(),
                    p.status.phase != "Running",
                    !p.status
                        .conditions
                        .iter()
                        .any(|c| c.type_ == "Ready" && c.status == "True"),
                    p.metadata.creation_timestamp,
                    p.metadata.name.clone(),
                )
            });
            if pods.len() > 1 {
                out.stderr.push_str(&format!(
                    "Found {} pods, using pod/{}\n",
                    pods.len(),
                    pods[0].metadata.name
                ));
            }
            Ok(pods.swap_remove(0))
        }
        _ => Err(Output::err(
            "error: \"kubectl logs\" for this resource type is not available in this simulator",
        )),
    }
}

/// The kubelet's `validateContainerLogStatus`: which instance has the log, or why none.
/// Instances are named by the container's restart count.
fn kubelet_instance(pod: &Pod, container: &str, previous: bool) -> Result<i32, String> {
    let pn = &pod.metadata.name;
    let Some(st) = pod
        .status
        .container_statuses
        .iter()
        .chain(pod.status.init_container_statuses.iter())
        .find(|s| s.name == container)
    else {
        return Err(format!(
            "container \"{container}\" in pod \"{pn}\" is not available"
        ));
    };
    let last = st.last_state.terminated.as_ref();
    if previous {
        return match last {
            Some(_) => Ok(st.restart_count - 1),
            None => Err(format!(
                "previous terminated container \"{container}\" in pod \"{pn}\" not found"
            )),
        };
    }
    if st.state.running.is_some() || st.state.terminated.is_some() {
        return Ok(st.restart_count);
    }
    if last.is_some() {
        return Ok(st.restart_count - 1);
    }
    match &st.state.waiting {
        Some(w) => Err(match w.reason.as_str() {
            "ErrImagePull" => format!(
                "container \"{container}\" in pod \"{pn}\" is waiting to start: image can't be pulled"
            ),
            "ImagePullBackOff" => format!(
                "container \"{container}\" in pod \"{pn}\" is waiting to start: trying and failing to pull image"
            ),
            r => format!("container \"{container}\" in pod \"{pn}\" is waiting to start: {r}"),
        }),
        None => Err(format!(
            "container \"{container}\" in pod \"{pn}\" is waiting to start - no logs yet"
        )),
    }
}

/// `logs -f`: the stream stays open while the same container instance runs.
#[derive(Clone)]
struct Follow {
    namespace: String,
    pod: String,
    uid: String,
    container: String,
    instance: i32,
    /// Output of the command itself (notes on stderr), delivered on the first poll.
    pending: Option<Output>,
}

impl Process for Follow {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = ProcessPoll::default();
        if let Some(o) = self.pending.take() {
            r.stdout = o.stdout;
            r.stderr = o.stderr;
        }
        let same = match cluster.api().get(Kind::Pod, &self.namespace, &self.pod) {
            Ok(Object::Pod(p)) if p.metadata.uid == self.uid => {
                p.status.container_statuses.iter().any(|s| {
                    s.name == self.container
                        && s.restart_count == self.instance
                        && s.state.running.is_some()
                })
            }
            _ => false,
        };
        if !same {
            r.finished = Some(0);
        }
        r
    }
    fn interrupt(&mut self, _cluster: &mut Cluster) -> Output {
        Output {
            status: 130,
            ..Default::default()
        }
    }
    fn wants_time(&self) -> bool {
        false
    }
    fn clone_box(&self) -> Box<dyn Process> {
        Box::new(self.clone())
    }
}
