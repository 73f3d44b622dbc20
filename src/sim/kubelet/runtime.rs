//! The kubelet's private view of each pod it runs (what containerd would know): sandbox, IP,
//! per-container lifecycle, probe counters and back-off. The API status is *derived* from this
//! (see `status.rs`); nothing here is visible to users except through that status and events.

use super::app::Program;
use crate::sim::clock::Millis;

/// Where one container is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not started yet (waiting for sandbox or for earlier init containers).
    Waiting,
    /// Image pull in progress, done at `until`.
    Pulling {
        until: Millis,
        started: Millis,
        queued: Millis,
    },
    /// The pull failed at `at`; back-off ends at `until`.
    PullBackOff {
        at: Millis,
        until: Millis,
        message: String,
        announced: bool,
    },
    /// Image present; the container is created and started at `until`.
    Creating {
        until: Millis,
    },
    Running {
        since: Millis,
    },
    /// Exited; a restart (if any) is decided at `until` (CrashLoopBackOff when back-off > 0).
    Exited {
        term: Term,
        until: Option<Millis>,
        announced: bool,
    },
}

/// A finished run of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub code: i32,
    pub reason: String,
    pub message: String,
    pub started: Millis,
    pub finished: Millis,
    pub container_id: String,
}

#[derive(Clone, Debug)]
pub struct Ctr {
    pub name: String,
    pub image: String,
    pub init: bool,
    pub stage: Stage,
    pub restarts: i32,
    pub last: Option<Term>,
    pub program: Option<Program>,
    pub container_id: String,
    pub image_id: String,
    /// Pull failures in a row (image back-off).
    pub pull_failures: u32,
    /// Restarts counted for the crash back-off (reset after 10 min of running).
    pub backoff_n: u32,
    /// Readiness as last decided by the prober (or by running state without a probe).
    pub ready: bool,
    pub ready_ok: i32,
    pub ready_fail: i32,
    pub live_fail: i32,
    pub next_ready_probe: Option<Millis>,
    pub next_live_probe: Option<Millis>,
    /// When SIGTERM was sent and when the process will be gone.
    pub stop_at: Option<Millis>,
}

impl Ctr {
    pub fn new(name: &str, image: &str, init: bool) -> Ctr {
        Ctr {
            name: name.into(),
            image: image.into(),
            init,
            stage: Stage::Waiting,
            restarts: 0,
            last: None,
            program: None,
            container_id: String::new(),
            image_id: String::new(),
            pull_failures: 0,
            backoff_n: 0,
            ready: false,
            ready_ok: 0,
            ready_fail: 0,
            live_fail: 0,
            next_ready_probe: None,
            next_live_probe: None,
            stop_at: None,
        }
    }

    /// `spec.containers{nginx}` / `spec.initContainers{init}` for event fieldPath.
    pub fn field_path(&self) -> String {
        if self.init {
            format!("spec.initContainers{{{}}}", self.name)
        } else {
            format!("spec.containers{{{}}}", self.name)
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.stage, Stage::Running { .. })
    }

    /// Exited for good with exit code 0 (init containers: may proceed).
    pub fn succeeded(&self) -> bool {
        matches!(&self.stage, Stage::Exited { term, until: None, .. } if term.code == 0)
    }

    /// Exited and will not be restarted.
    pub fn finished(&self) -> bool {
        matches!(&self.stage, Stage::Exited { until: None, .. })
    }
}

/// Termination in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stopping {
    pub since: Millis,
}

#[derive(Clone, Debug)]
pub struct PodRt {
    pub uid: String,
    pub ns: String,
    pub name: String,
    pub node: String,
    /// Volumes mounted (sandbox may be created).
    pub mounted: bool,
    pub mount_failures: u32,
    pub next_mount_retry: Millis,
    /// Sandbox ready at this time (PodReadyToStartContainers).
    pub sandbox_at: Option<Millis>,
    pub sandbox_ready: bool,
    pub ip: String,
    pub started_at: Millis,
    pub init: Vec<Ctr>,
    pub ctrs: Vec<Ctr>,
    pub stopping: Option<Stopping>,
    /// Terminal status written; the final delete is next.
    pub finished: bool,
    /// A status has been published for this pod (the first sync always publishes).
    pub published: bool,
}

impl PodRt {
    pub fn all(&self) -> impl Iterator<Item = &Ctr> {
        self.init.iter().chain(self.ctrs.iter())
    }

    pub fn inits_done(&self) -> bool {
        self.init.iter().all(Ctr::succeeded)
    }

    /// The pod worker is inside one `SyncPod` call that starts containers: mount, sandbox,
    /// image pulls and container starts happen in that call without a status update (the
    /// kubelet generates the status at the *start* of each sync). The next status is the one
    /// after the containers started, or the failure that ended the call (ErrImagePull,
    /// FailedMount).
    pub fn starting(&self) -> bool {
        if self.mount_failures > 0
            || self
                .all()
                .any(|c| matches!(c.stage, Stage::PullBackOff { .. }))
        {
            return false;
        }
        let busy = |c: &Ctr| {
            matches!(
                c.stage,
                Stage::Waiting | Stage::Pulling { .. } | Stage::Creating { .. }
            )
        };
        if !self.inits_done() {
            return self.init.iter().find(|c| !c.succeeded()).is_some_and(busy);
        }
        self.ctrs.iter().any(busy)
    }
}
