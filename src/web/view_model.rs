//! Plain data the cluster picture, its table and the timeline draw. `bridge` fills these from
//! the session; the components only render them. Keeping them free of Yew types lets a test
//! build one by hand and check what the learner would see.

use std::rc::Rc;

/// The whole cluster picture.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Picture {
    pub sets: Vec<SetView>,
    pub deployments: Vec<DeployView>,
    pub services: Vec<ServiceView>,
    /// Claims that belong to no StatefulSet slot (made by hand, or from a deleted set).
    pub loose_claims: Vec<ClaimView>,
    /// Set while the learner scrubs back: the virtual time the picture shows.
    pub past_ms: Option<u64>,
}

impl Picture {
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
            && self.deployments.is_empty()
            && self.services.is_empty()
            && self.loose_claims.is_empty()
    }
}

/// One StatefulSet: its pods in ordinal order, each with its claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetView {
    pub name: String,
    pub replicas: u32,
    pub ready: u32,
    pub service_name: String,
    /// `RollingUpdate` or `OnDelete`.
    pub strategy: String,
    /// `rollingUpdate.partition` when it is above 0: ordinals below it keep the old revision.
    pub partition: Option<u32>,
    pub current_revision: Option<RevisionView>,
    pub update_revision: Option<RevisionView>,
    /// The controller's current reason for waiting or acting, in its own words.
    pub explanation: Option<crate::sim::explain::Explanation>,
    pub slots: Vec<Slot>,
}

/// One ordinal of a StatefulSet: the pod (if it exists) and the claims named for it. A slot
/// with claims and no pod is a detached disk (scaled down, or pod deleted and not yet back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub ordinal: u32,
    pub pod: Option<PodView>,
    pub claims: Vec<ClaimView>,
    /// True if the ordinal is at or above `replicas` (kept only because a claim survives).
    pub beyond_replicas: bool,
}

/// A ControllerRevision, shown as a badge: `number` picks the colour, `hash` is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionView {
    pub number: u64,
    pub hash: String,
}

impl RevisionView {
    /// The colour slot (0..6) for this revision; the CSS defines `--rev-0` … `--rev-5`.
    pub fn colour(&self) -> u64 {
        self.number % 6
    }
}

/// How far a pod has come, reduced to the states a learner is taught to tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    Pending,
    Creating,
    Running,
    Ready,
    Terminating,
    Failed,
    Succeeded,
}

impl PodState {
    /// CSS class suffix and the shape glyph that goes with the colour.
    pub fn class(self) -> &'static str {
        match self {
            PodState::Pending => "pending",
            PodState::Creating => "creating",
            PodState::Running => "running",
            PodState::Ready => "ready",
            PodState::Terminating => "terminating",
            PodState::Failed => "failed",
            PodState::Succeeded => "succeeded",
        }
    }

    /// A shape that tells the state apart without colour.
    pub fn glyph(self) -> &'static str {
        match self {
            PodState::Pending => "○",
            PodState::Creating => "◔",
            PodState::Running => "◑",
            PodState::Ready => "●",
            PodState::Terminating => "◌",
            PodState::Failed => "✖",
            PodState::Succeeded => "✔",
        }
    }
}

/// One pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodView {
    pub name: String,
    pub state: PodState,
    /// The STATUS column text kubectl would print (`Pending`, `ContainerCreating`, `Running`,
    /// `Terminating`, `CrashLoopBackOff`, …).
    pub status: String,
    /// `READY` as kubectl prints it, e.g. `1/1`.
    pub ready: String,
    pub revision: Option<RevisionView>,
    pub node: Option<String>,
    pub ip: Option<String>,
    /// The per-pod DNS name, when the pod has a hostname under a governing Service.
    pub dns: Option<String>,
    pub explanation: Option<crate::sim::explain::Explanation>,
}

/// One PersistentVolumeClaim, drawn as a disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimView {
    pub name: String,
    /// `Pending`, `Bound`, `Lost`; `Terminating` while it has a deletion timestamp.
    pub phase: String,
    pub volume: Option<String>,
    pub capacity: Option<String>,
    pub storage_class: Option<String>,
}

/// A Service and the DNS records it currently publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceView {
    pub name: String,
    pub headless: bool,
    pub cluster_ip: String,
    /// `(name, ip)` pairs the cluster DNS answers right now.
    pub records: Vec<(String, String)>,
}

/// A Deployment and its pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployView {
    pub name: String,
    pub replicas: u32,
    pub ready: u32,
    pub pods: Vec<PodView>,
}

/// Lifecycle bars over virtual time.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Timeline {
    pub now_ms: u64,
    pub start_ms: u64,
    pub rows: Rc<Vec<TimelineRow>>,
    /// The earliest moment the session can be rewound to.
    pub first_ms: u64,
    /// The moment being previewed while the learner scrubs back (None: the present).
    pub cursor_ms: Option<u64>,
}

/// One pod name's history (a recreated pod with the same name continues the same row).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    pub pod: String,
    pub segments: Vec<Segment>,
}

/// A stretch of time in one state; `to_ms` None means "until now".
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub from_ms: u64,
    pub to_ms: Option<u64>,
    pub state: PodState,
    /// The STATUS column as kubectl printed it (`ContainerCreating`, `Running`, …).
    pub status: String,
    /// The Events behind the stretch, oldest first.
    pub events: Vec<EventLine>,
}

/// One Event about a pod, as `kubectl describe pod` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventLine {
    pub at_ms: u64,
    pub warning: bool,
    pub reason: String,
    pub message: String,
}
