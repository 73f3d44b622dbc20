//! kubectl v1.35 emulation over the simulated cluster.
//!
//! One door: [`run`] takes argv (with or without a leading `kubectl`), stdin (for `-f -`) and
//! a [`KubectlCtx`], and returns an [`Outcome`]:
//! - `Done(Output)`: finished; stdout/stderr/exit status as kubectl would produce them.
//! - `Running(Box<dyn Process>)`: a command still running in the terminal (`get -w`,
//!   `rollout status`, `delete` waiting for the object to go, `wait`). The host calls
//!   [`Process::poll`] after every change to the cluster; a process whose
//!   [`Process::wants_time`] is true is *blocking* (kubectl would sit there until the cluster
//!   moves), so the host must advance virtual time (e.g. `Cluster::step`) while it runs.
//!   `poll` itself never moves time. [`drive`] does both, for scripts and tests.
//! - `Interactive(PodSession)`: `run -it` / `exec -it` hand the terminal to an in-pod shell;
//!   the host waits for [`PodSession::state`] to be `Ready`, prints `attach_hint` to stderr,
//!   runs the shell and finally calls [`end_session`] (which deletes a `--rm` pod).
//! - `Edit(EditRequest)`: `kubectl edit` asks the page to open `text` in the editor; when the
//!   learner saves, the host calls [`finish_edit`] with the saved text.
//!
//! Inside: `args` parses flags like pflag, `resource` resolves `TYPE NAME` forms, `cmd/*` run
//! the commands against `sim::ApiServer`, `printers/*` turn objects into table and describe
//! data, and `render/*` is the only place that produces aligned text, yaml or json.

pub mod args;
pub mod cmd;
pub mod complete;
pub mod gotime;
pub mod help;
pub mod printers;
pub mod render;
pub mod resource;

use crate::sim::Cluster;

pub use cmd::edit::{finish_edit, EditRequest};
pub use cmd::run::end_session;
pub use complete::complete;

/// What a finished command printed, and its exit status, in the order kubectl writes it:
/// `warnings` first (the API server's and kubectl's own `Warning:` lines arrive with the
/// response, before the result is printed), then `stdout`, then `stderr` (kubectl collects
/// the errors of a multi-object command and prints them when it returns).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub warnings: String,
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    pub fn out(s: impl Into<String>) -> Output {
        Output {
            stdout: s.into(),
            ..Default::default()
        }
    }

    /// An error line (a trailing newline is added when missing) with exit status 1.
    pub fn err(s: impl Into<String>) -> Output {
        let mut e: String = s.into();
        if !e.ends_with('\n') {
            e.push('\n');
        }
        Output {
            stderr: e,
            status: 1,
            ..Default::default()
        }
    }
}

/// New output from a running [`Process`] (in the order of [`Output`]'s fields);
/// `finished` carries the exit status once done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessPoll {
    pub warnings: String,
    pub stdout: String,
    pub stderr: String,
    pub finished: Option<i32>,
}

/// A command still running in a terminal.
pub trait Process: ProcessClone {
    /// New output since the last poll. Never advances time.
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll;
    /// Ctrl-C: what kubectl prints when interrupted (usually nothing: SIGINT ends it with
    /// status 130); the process is over.
    fn interrupt(&mut self, _cluster: &mut Cluster) -> Output {
        Output {
            status: 130,
            ..Default::default()
        }
    }
    /// True for blocking commands (rollout status, wait, delete): the host drives the clock.
    fn wants_time(&self) -> bool;
    /// A virtual instant at which the process wants to be polled even if the cluster has no
    /// timer due then (`wait --timeout`); hosts that drive time should stop there too.
    fn wake_at(&self) -> Option<u64> {
        None
    }
}

/// Object-safe cloning, so a terminal with a running command can be snapshotted (undo); every
/// `Clone` process has it.
pub trait ProcessClone {
    fn clone_box(&self) -> Box<dyn Process>;
}

impl<T: Process + Clone + 'static> ProcessClone for T {
    fn clone_box(&self) -> Box<dyn Process> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Process> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// An in-pod terminal session requested by `run -it` / `exec -it`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSession {
    pub namespace: String,
    pub pod: String,
    /// Container to run in (first container when not given with `-c`).
    pub container: String,
    pub image: String,
    /// Command after `--` (e.g. `["sh"]`); empty means the image's default command.
    pub command: Vec<String>,
    /// `run --rm`: delete the pod when the session ends.
    pub remove_on_exit: bool,
    /// Printed to stderr once attached (kubectl's attach hint), for `run -it`.
    pub attach_hint: Option<String>,
    pub stdin: bool,
    pub tty: bool,
}

/// Whether a session's pod can be attached to yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Still Pending / ContainerCreating: keep advancing time.
    Waiting,
    /// Running: attach now.
    Ready,
    /// Cannot attach (pod gone or finished); the text is kubectl's error for stderr.
    Failed(String),
}

impl PodSession {
    /// kubectl waits for the pod to run before attaching (`--pod-running-timeout`).
    pub fn state(&self, cluster: &Cluster) -> SessionState {
        match cluster
            .api()
            .get(crate::sim::Kind::Pod, &self.namespace, &self.pod)
        {
            Err(e) => SessionState::Failed(cmd::api_error_text(&e)),
            Ok(crate::sim::Object::Pod(p)) => match p.status.phase.as_str() {
                "Running" => SessionState::Ready,
                "Succeeded" | "Failed" => SessionState::Failed(format!(
                    "error: cannot attach a container in a completed pod; current phase is {}",
                    p.status.phase
                )),
                _ => SessionState::Waiting,
            },
            Ok(_) => SessionState::Waiting,
        }
    }
}

/// What `kubectl edit` needs from the page.
pub enum Outcome {
    Done(Output),
    Running(Box<dyn Process>),
    Interactive(PodSession),
    Edit(EditRequest),
}

/// Host files for `-f FILE` (the page's virtual filesystem / editor buffers).
pub trait FileSource {
    fn read(&self, path: &str) -> Option<String>;
}

/// No files at all (tests, contexts without a filesystem).
pub struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Runs a command inside a pod (`kubectl exec POD -- cmd args`); the shell helper implements it.
pub trait PodExec {
    fn exec(
        &mut self,
        cluster: &mut Cluster,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Output;
}

/// Everything a kubectl invocation can touch.
pub struct KubectlCtx<'a> {
    pub cluster: &'a mut Cluster,
    pub files: &'a dyn FileSource,
    /// Namespace of the kubeconfig context (`default`).
    pub namespace: String,
    /// In-pod command runner for non-interactive `exec`; None → exec reports it cannot run.
    pub exec: Option<&'a mut dyn PodExec>,
}

impl<'a> KubectlCtx<'a> {
    pub fn new(cluster: &'a mut Cluster, files: &'a dyn FileSource) -> KubectlCtx<'a> {
        KubectlCtx {
            cluster,
            files,
            namespace: "default".to_string(),
            exec: None,
        }
    }
}

/// Run one kubectl command line.
pub fn run(argv: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Outcome {
    let args: &[String] = match argv.first() {
        Some(a) if a == "kubectl" => &argv[1..],
        _ => argv,
    };
    cmd::dispatch(args, stdin, cx)
}

/// Run a process to completion, stepping the clock while it is blocking, for at most
/// `limit_ms` of virtual time. Returns everything it printed (status 130 if it had to stop).
pub fn drive(p: &mut dyn Process, cluster: &mut Cluster, limit_ms: u64) -> Output {
    let deadline = cluster.now().saturating_add(limit_ms);
    let mut out = Output::default();
    loop {
        let r = p.poll(cluster);
        out.warnings.push_str(&r.warnings);
        out.stdout.push_str(&r.stdout);
        out.stderr.push_str(&r.stderr);
        if let Some(s) = r.finished {
            out.status = s;
            return out;
        }
        let timer = cluster.next_timer_at().filter(|t| *t <= deadline);
        let wake = p.wake_at().filter(|t| *t <= deadline && *t > cluster.now());
        match (timer, wake) {
            (Some(t), Some(w)) if w < t => cluster.advance(w - cluster.now()),
            (Some(_), _) => {
                cluster.step();
            }
            (None, Some(w)) => cluster.advance(w - cluster.now()),
            (None, None) => {
                let i = p.interrupt(cluster);
                out.warnings.push_str(&i.warnings);
                out.stdout.push_str(&i.stdout);
                out.stderr.push_str(&i.stderr);
                out.status = 130;
                return out;
            }
        }
    }
}
