//! `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]` and `kubectl logs -l SELECTOR`.
//!
//! `TYPE/NAME` goes through the polymorphic helper ([`super::pod_for_object`]): the first pod
//! of the object's selector by `podutils.ByLogging`, with `Found N pods, using pod/NAME` on
//! stderr when there are several, or a wait of up to `--pod-running-timeout` for one to
//! appear. kubectl then picks the container ([`super::podcmd`]), and the kubelet's
//! `validateContainerLogStatus` decides which container instance to read or answers an
//! error, which the API server returns as BadRequest. The log itself is the instance's
//! recorded output ([`crate::sim::fs::logs`]): the lines written up to the current virtual
//! time — what `sh -c` scripts and exec'd busybox commands print; nginx, mysql and http-echo
//! streams are empty because their real startup output is not reproduced. `--tail` keeps the
//! last N lines (10 by default with `-l`), `--timestamps` prefixes each line with the
//! kubelet's RFC3339 time with nine fractional digits, `--prefix` with
//! `[pod/NAME/CONTAINER] `. `-f` prints lines as they are written and keeps following until
//! Ctrl-C or until every followed container instance ends. As the kubelet does, `--since` /
//! `--since-time` drop lines older than that instant (after `--tail` picked the last lines),
//! and `--limit-bytes` cuts the stream, timestamps included, after that many bytes (the
//! prefix is kubectl's and does not count). `--all-containers` asks for every init container
//! and container of each pod, in the pod's order.

use super::logs_kubelet::kubelet_instance;
use super::pod_for_object::{matching_pods, resolve, Failure, PodSelector, SortBy, Target};
use super::podcmd::{default_container, has_container, DEFAULT_CONTAINER_ANNOTATION};
use super::{api_error_text, namespace, parse_flags, usage_error};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::render::duration::rfc3339_nano;
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::clock::Millis;
use crate::sim::fs::logs::{ContainerLogs, LogLine};
use crate::sim::{Cluster, Kind, Object, Pod, Selector, StatusReason};

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/// `defaultPodLogsTimeout`.
const POD_RUNNING_TIMEOUT_MS: u64 = 20_000;

/// The flags this simulator accepts (also offered by completion).
pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("container", Some('c'), FlagKind::Str),
    FlagSpec::new("follow", Some('f'), FlagKind::Bool),
    FlagSpec::new("max-log-requests", None, FlagKind::Int),
    FlagSpec::new("pod-running-timeout", None, FlagKind::Str),
    FlagSpec::new("prefix", None, FlagKind::Bool),
    FlagSpec::new("previous", Some('p'), FlagKind::Bool),
    FlagSpec::new("selector", Some('l'), FlagKind::Str),
    FlagSpec::new("tail", None, FlagKind::Int),
    FlagSpec::new("timestamps", None, FlagKind::Bool),
    FlagSpec::new("all-containers", None, FlagKind::Bool),
    FlagSpec::new("limit-bytes", None, FlagKind::Int),
    FlagSpec::new("since", None, FlagKind::Str),
    FlagSpec::new("since-time", None, FlagKind::Str),
    FlagSpec::unmodelled("ignore-errors", None, FlagKind::Bool),
    FlagSpec::unmodelled("insecure-skip-tls-verify-backend", None, FlagKind::Bool),
];

/// Which lines are old enough to skip (`PodLogOptions.sinceSeconds` / `sinceTime`).
#[derive(Clone, Copy)]
enum Since {
    All,
    /// Seconds before the moment the kubelet serves the request.
    Seconds(u64),
    At(Millis),
}

/// What the command asks of each log request.
#[derive(Clone)]
struct Opts {
    namespace: String,
    container: Option<String>,
    previous: bool,
    follow: bool,
    max_requests: usize,
    /// `--tail` (`None`: every line).
    tail: Option<usize>,
    timestamps: bool,
    prefix: bool,
    since: Since,
    /// `--limit-bytes` (`None`: no limit).
    limit: Option<u64>,
    all_containers: bool,
}

/// A `time.Duration` flag: nanoseconds (0 when absent), or pflag's error for a bad value.
fn duration_flag(p: &crate::kubectl::args::Parsed, name: &str) -> Result<i64, Output> {
    match p.str(name) {
        None => Ok(0),
        Some(t) => crate::kubectl::gotime::parse_duration(t).map_err(|e| {
            Output::err(format!(
                "error: invalid argument \"{t}\" for \"--{name}\" flag: {e}\nSee 'kubectl logs --help' for usage."
            ))
        }),
    }
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl logs", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let args = p.args_before_dash();
    let selector = p.str("selector").filter(|s| !s.is_empty());
    // Complete: the arguments, then the object the builder finds.
    let target = match (args.len(), selector) {
        (0, None) | (3.., _) => return Outcome::Done(usage_error("kubectl logs", USAGE)),
        (1, Some(_)) => {
            return Outcome::Done(usage_error(
                "kubectl logs",
                "only a selector (-l) or a POD name is allowed",
            ))
        }
        _ => args.first().cloned(),
    };
    // pflag parses every Duration flag before the command runs.
    let (since_ns, timeout_ns) = match (
        duration_flag(&p, "since"),
        duration_flag(&p, "pod-running-timeout"),
    ) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(o), _) | (_, Err(o)) => return Outcome::Done(o),
    };
    let timeout = match p.str("pod-running-timeout") {
        None => POD_RUNNING_TIMEOUT_MS,
        Some(_) if timeout_ns <= 0 => {
            return Outcome::Done(Output::err(
                "error: --pod-running-timeout must be higher than zero",
            ))
        }
        Some(_) => (timeout_ns / 1_000_000) as u64,
    };
    // `ToLogOptions` (in Complete, before the object is looked up).
    let since_time = match p.str("since-time").filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => match crate::kubectl::gotime::parse_rfc3339(t) {
            Ok(at) => Some(at),
            Err(e) => return Outcome::Done(Output::err(format!("error: {e}"))),
        },
    };
    // "round up to the nearest second" says kubectl; it rounds half away from zero.
    let since_secs = (since_ns != 0).then(|| {
        let ns = i128::from(since_ns);
        ((ns + ns.signum() * 500_000_000) / 1_000_000_000) as i64
    });
    let ns = namespace(&p, cx);
    let mut out = Output::default();
    let found = match (&target, selector) {
        (Some(t), _) => match resolve(cx.cluster, &ns, t, "get the logs from") {
            Ok(t) => t,
            Err(Failure::Text(e)) => return Outcome::Done(Output::err(e)),
            // `Complete` words a NotFound its own way; other errors print as usual.
            Err(Failure::Api(e)) if e.reason == StatusReason::NotFound => {
                return Outcome::Done(Output::err(format!(
                    "error: error from server (NotFound): {} in namespace \"{ns}\"",
                    e.message
                )))
            }
            Err(Failure::Api(e)) => return Outcome::Done(Output::err(api_error_text(&e))),
        },
        (None, Some(s)) => {
            let sel = match Selector::parse(s) {
                Ok(s) => s,
                Err(e) => return Outcome::Done(Output::err(format!("error: {e}"))),
            };
            let pods: Vec<Pod> = cx
                .cluster
                .api()
                .list(Kind::Pod, Some(&ns))
                .into_iter()
                .filter_map(|o| match o {
                    Object::Pod(p) if sel.matches(&p.metadata.labels) => Some(p.clone()),
                    _ => None,
                })
                .collect();
            if pods.is_empty() {
                out.stderr
                    .push_str(&format!("No resources found in {ns} namespace.\n"));
            }
            Target::Pods(pods)
        }
        (None, None) => unreachable!("rejected above"),
    };
    // Validate, in kubectl's order.
    if since_time.is_some() && since_ns != 0 {
        return Outcome::Done(Output::err(
            "error: at most one of `sinceTime` or `sinceSeconds` may be specified",
        ));
    }
    let all_containers = p.bool_or("all-containers", false);
    let container = args
        .get(1)
        .cloned()
        .or_else(|| p.str("container").map(str::to_string));
    if let (true, Some(c)) = (all_containers, &container) {
        return Outcome::Done(Output::err(format!(
            "error: --all-containers=true should not be specified with container name {c}"
        )));
    }
    if args.get(1).is_some() && p.str("container").is_some() {
        return Outcome::Done(Output::err(
            "error: only one of -c or an inline [CONTAINER] arg is allowed",
        ));
    }
    let limit = p.int("limit-bytes").unwrap_or(0);
    if limit < 0 {
        return Outcome::Done(Output::err("error: --limit-bytes must be greater than 0"));
    }
    if since_secs.is_some_and(|s| s < 0) {
        return Outcome::Done(Output::err("error: --since must be greater than 0"));
    }
    if p.int("tail").is_some_and(|t| t < -1) {
        return Outcome::Done(Output::err(
            "error: --tail must be greater than or equal to -1",
        ));
    }
    let opts = Opts {
        namespace: ns,
        container,
        previous: p.bool_or("previous", false),
        follow: p.bool_or("follow", false),
        max_requests: p.int("max-log-requests").unwrap_or(5).max(0) as usize,
        // `selectorTail`: 10 lines per pod with `-l` unless `--tail` is given.
        tail: match p.int("tail") {
            Some(t) if t >= 0 => Some(t as usize),
            Some(_) => None,
            None if selector.is_some() => Some(10),
            None => None,
        },
        timestamps: p.bool_or("timestamps", false),
        prefix: p.bool_or("prefix", false),
        since: match (since_secs, since_time) {
            (Some(s), _) => Since::Seconds(s as u64),
            (None, Some(at)) => Since::At(at),
            (None, None) => Since::All,
        },
        limit: (limit > 0).then_some(limit as u64),
        all_containers,
    };
    let pods = match found {
        Target::Pod(pod) => vec![*pod],
        Target::Pods(pods) => pods,
        Target::Selector(sel) => {
            let mut pods = matching_pods(cx.cluster, &opts.namespace, &sel, SortBy::Logging);
            if pods.is_empty() {
                return Outcome::Running(Box::new(Logs::Waiting {
                    selector: sel,
                    deadline: cx.cluster.now() + timeout,
                    opts,
                }));
            }
            if pods.len() > 1 {
                out.stderr.push_str(&format!(
                    "Found {} pods, using pod/{}\n",
                    pods.len(),
                    pods[0].metadata.name
                ));
            }
            pods.truncate(1);
            pods
        }
    };
    match start(cx.cluster, &pods, &opts, out) {
        Ok((out, streams)) if opts.follow && !opts.previous && !streams.is_empty() => {
            Outcome::Running(Box::new(Logs::Following {
                format: opts.format(),
                namespace: opts.namespace,
                streams,
                pending: Some(out),
            }))
        }
        Ok((out, _)) | Err(out) => Outcome::Done(out),
    }
}

/// One log request: the pod and the container `logsForObject` chose.
struct Request<'a> {
    pod: &'a Pod,
    container: String,
}

/// `logsForObject` for each pod (container defaulting), then the requests in order: the
/// streams to read, or the output of the first error.
fn start(
    cluster: &Cluster,
    pods: &[Pod],
    opts: &Opts,
    mut out: Output,
) -> Result<(Output, Vec<Stream>), Output> {
    let mut requests = Vec::new();
    for pod in pods {
        if opts.all_containers {
            let all = pod.spec.init_containers.iter().chain(&pod.spec.containers);
            requests.extend(all.map(|c| Request {
                pod,
                container: c.name.clone(),
            }));
            continue;
        }
        match request_for(pod, opts, &mut out) {
            Ok(r) => requests.push(r),
            Err(e) => {
                out.stderr.push_str(&e);
                out.status = 1;
                return Err(out);
            }
        }
    }
    // The kubelet's cut-off, fixed when it serves the request.
    let since = match opts.since {
        Since::All => None,
        Since::Seconds(s) => Some(cluster.now().saturating_sub(s * 1000)),
        Since::At(at) => Some(at),
    };
    if opts.follow && requests.len() > 1 && requests.len() > opts.max_requests {
        out.stderr.push_str(&format!("error: you are attempting to follow {} log streams, but maximum allowed concurrency is {}, use --max-log-requests to increase the limit\n", requests.len(), opts.max_requests));
        out.status = 1;
        return Err(out);
    }
    let mut streams = Vec::new();
    for r in &requests {
        // `ValidatePodLogOptions`: a --since under half a second rounds to 0 seconds.
        if let Since::Seconds(0) = opts.since {
            out.stderr.push_str(&format!(
                "The PodLogOptions \"{}\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0\n",
                r.pod.metadata.name
            ));
            out.status = 1;
            return Err(out);
        }
        // The API server has no kubelet to ask for an unscheduled pod: an empty stream.
        if r.pod.spec.node_name.is_empty() {
            continue;
        }
        match kubelet_instance(r.pod, &r.container, opts.previous) {
            Ok(instance) => {
                let mut s = Stream {
                    pod: r.pod.metadata.name.clone(),
                    uid: r.pod.metadata.uid.clone(),
                    container: r.container.clone(),
                    instance,
                    shown: None,
                    mid_line: false,
                    remain: opts.limit,
                };
                // What is written so far: the last `--tail` lines of it, then those not
                // older than `--since`.
                let mut lines = s.fresh(cluster);
                if let Some(t) = opts.tail {
                    lines.drain(..lines.len().saturating_sub(t));
                }
                if let Some(since) = since {
                    lines.retain(|l| l.at >= since);
                }
                out.stdout.push_str(&opts.format().lines(&mut s, &lines));
                s.shown = Some(cluster.now());
                streams.push(s);
            }
            Err(msg) => {
                out.stderr
                    .push_str(&format!("Error from server (BadRequest): {msg}\n"));
                out.status = 1;
                return Err(out);
            }
        }
    }
    Ok((out, streams))
}

/// The container of `pod` to read, with kubectl's notes about the choice on `out.stderr`.
fn request_for<'a>(pod: &'a Pod, opts: &Opts, out: &mut Output) -> Result<Request<'a>, String> {
    let name = match &opts.container {
        Some(c) => c.clone(),
        None => {
            if let Some(d) = pod
                .metadata
                .annotations
                .get(DEFAULT_CONTAINER_ANNOTATION)
                .filter(|d| !d.is_empty() && !has_container(pod, d))
            {
                out.stderr.push_str(&format!(
                    "Default container name \"{d}\" not found in pod {}\n",
                    pod.metadata.name
                ));
            }
            let (name, note) = default_container(pod);
            out.stderr.push_str(&note.unwrap_or_default());
            name
        }
    };
    if !has_container(pod, &name) {
        return Err(format!(
            "error: container {name} is not valid for pod {}\n",
            pod.metadata.name
        ));
    }
    Ok(Request {
        pod,
        container: name,
    })
}

impl Opts {
    fn format(&self) -> Format {
        Format {
            timestamps: self.timestamps,
            prefix: self.prefix,
        }
    }
}

/// How each log line is printed.
#[derive(Clone, Copy)]
struct Format {
    timestamps: bool,
    prefix: bool,
}

impl Format {
    /// The lines as printed; a line continuing a partial one (written without a newline)
    /// gets no prefix or timestamp of its own, as the kubelet and kubectl print whole lines.
    /// What the kubelet sends (timestamp, text, newline) counts against `--limit-bytes`; the
    /// line that reaches the limit is cut there and the stream ends.
    fn lines(&self, s: &mut Stream, lines: &[LogLine]) -> String {
        let mut out = String::new();
        for l in lines {
            if s.remain == Some(0) {
                break;
            }
            let mut sent = String::new();
            if !s.mid_line && self.timestamps {
                sent.push_str(&rfc3339_nano(l.at));
                sent.push(' ');
            }
            sent.push_str(&l.text);
            if !l.partial {
                sent.push('\n');
            }
            let mut partial = l.partial;
            if let Some(remain) = s.remain.as_mut() {
                let n = sent
                    .len()
                    .min(usize::try_from(*remain).unwrap_or(usize::MAX));
                if n < sent.len() {
                    sent = cut_at(&sent, n);
                    partial = true;
                }
                *remain -= n as u64;
            }
            if !s.mid_line && self.prefix {
                out.push_str(&format!("[pod/{}/{}] ", s.pod, s.container));
            }
            out.push_str(&sent);
            s.mid_line = partial;
        }
        out
    }
}

/// The first `n` bytes of `s`. A cut inside a character keeps its bytes as U+FFFD, the way a
/// terminal shows the broken UTF-8 the kubelet would send.
fn cut_at(s: &str, n: usize) -> String {
    String::from_utf8_lossy(&s.as_bytes()[..n.min(s.len())]).into_owned()
}

/// One read container instance (instances are named by restart count).
#[derive(Clone)]
struct Stream {
    pod: String,
    uid: String,
    container: String,
    instance: i32,
    /// Lines up to this time have been printed.
    shown: Option<Millis>,
    /// The last printed line had no newline.
    mid_line: bool,
    /// Bytes `--limit-bytes` still lets the kubelet send (`None`: no limit).
    remain: Option<u64>,
}

impl Stream {
    /// Lines written since the last read, up to now.
    fn fresh(&self, c: &Cluster) -> Vec<LogLine> {
        let key = ContainerLogs::key(&self.uid, &self.container, self.instance);
        c.fs()
            .logs
            .get(&key)
            .map(|l| l.between(self.shown, c.now()))
            .unwrap_or_default()
    }

    fn open(&self, c: &Cluster, ns: &str) -> bool {
        match c.api().get(Kind::Pod, ns, &self.pod) {
            Ok(Object::Pod(p)) if p.metadata.uid == self.uid => {
                p.status.container_statuses.iter().any(|s| {
                    s.name == self.container
                        && s.restart_count == self.instance
                        && s.state.running.is_some()
                })
            }
            _ => false,
        }
    }
}

/// The command while it blocks: waiting for a pod of the object (`GetFirstPod`'s watch), or
/// `-f` streams that stay open while the same container instances run.
#[derive(Clone)]
enum Logs {
    Waiting {
        selector: PodSelector,
        deadline: u64,
        opts: Opts,
    },
    Following {
        namespace: String,
        streams: Vec<Stream>,
        /// Output of the command itself (notes on stderr), delivered on the first poll.
        pending: Option<Output>,
        format: Format,
    },
}

impl Process for Logs {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = ProcessPoll::default();
        match self {
            Logs::Waiting {
                selector,
                deadline,
                opts,
            } => {
                let pods = matching_pods(cluster, &opts.namespace, selector, SortBy::Logging);
                if let Some(pod) = pods.into_iter().next() {
                    match start(cluster, &[pod], opts, Output::default()) {
                        Ok((out, streams))
                            if opts.follow && !opts.previous && !streams.is_empty() =>
                        {
                            *self = Logs::Following {
                                namespace: opts.namespace.clone(),
                                streams,
                                pending: Some(out),
                                format: opts.format(),
                            };
                            return self.poll(cluster);
                        }
                        Ok((o, _)) | Err(o) => {
                            r.stdout = o.stdout;
                            r.stderr = o.stderr;
                            r.finished = Some(o.status);
                        }
                    }
                } else if cluster.now() >= *deadline {
                    r.stderr = "error: timed out waiting for the condition\n".into();
                    r.finished = Some(1);
                }
            }
            Logs::Following {
                namespace,
                streams,
                pending,
                format,
            } => {
                if let Some(o) = pending.take() {
                    r.stdout = o.stdout;
                    r.stderr = o.stderr;
                }
                // Lines written since the last poll, in time order across the streams.
                let mut fresh: Vec<(Millis, usize, LogLine)> = Vec::new();
                for (i, s) in streams.iter_mut().enumerate() {
                    fresh.extend(s.fresh(cluster).into_iter().map(|l| (l.at, i, l)));
                    s.shown = Some(cluster.now());
                }
                fresh.sort_by_key(|(at, i, _)| (*at, *i));
                for (_, i, l) in &fresh {
                    r.stdout
                        .push_str(&format.lines(&mut streams[*i], std::slice::from_ref(l)));
                }
                streams.retain(|s| s.remain != Some(0) && s.open(cluster, namespace));
                if streams.is_empty() {
                    r.finished = Some(0);
                }
            }
        }
        r
    }
    fn wants_time(&self) -> bool {
        // Waiting for a pod lets the clock run (as `wait` does); a followed stream does not.
        matches!(self, Logs::Waiting { .. })
    }
    fn wake_at(&self) -> Option<u64> {
        match self {
            Logs::Waiting { deadline, .. } => Some(*deadline),
            Logs::Following { .. } => None,
        }
    }
}
