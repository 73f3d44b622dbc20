//! The `Cluster` facade: owns the API server, the virtual clock and timer queue, the seeded RNG
//! and the controller loop. Only `Cluster` moves time (`advance`, `step`, `run_until_idle`).
//!
//! Controllers mirror upstream's informer + work-queue split: each keeps a cursor into the
//! watch log (`ApiServer::watch_since`) and reconciles keys level-triggered. After any write or
//! timer, `settle` runs every controller, in a fixed order, until none reports work.

use std::collections::BTreeMap;

use crate::sim::api::{gc::GarbageCollector, ApiServer, FeatureGates, WriteOptions};
use crate::sim::clock::{Millis, Timer, TimerKey, TimerQueue};
use crate::sim::config::{parse_cidr, ClusterConfig, ConfigError};
use crate::sim::explain::Explanation;
use crate::sim::objects::ObjectRef;
use crate::sim::rng::Rng;
use crate::sim::{bootstrap, dns, faults, fs, invariants};

/// Most controller rounds one `settle` may take before the loop is declared stuck.
pub const MAX_SETTLE_ROUNDS: usize = 2_000;

/// A reconciler run by the cluster loop.
pub trait Controller: ControllerClone {
    /// Stable name (also the owner of its timers and the component in explanations).
    fn name(&self) -> &'static str;
    /// Reconciles what changed since the last call; returns true if it wrote anything or still
    /// has queued work (the loop then runs another round).
    fn sync(&mut self, cx: &mut Ctx) -> bool;
}

/// Object-safe cloning so a `Cluster` (and its controllers' informer state) can be snapshotted.
pub trait ControllerClone {
    fn clone_box(&self) -> Box<dyn Controller>;
}

impl<T: Controller + Clone + 'static> ControllerClone for T {
    fn clone_box(&self) -> Box<dyn Controller> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Controller> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// What a controller sees during `sync`.
pub struct Ctx<'a> {
    pub api: &'a mut ApiServer,
    pub rng: &'a mut Rng,
    pub fs: &'a mut fs::Volumes,
    pub faults: &'a faults::Faults,
    pub config: &'a ClusterConfig,
    now: Millis,
    owner: &'static str,
    timers: &'a mut TimerQueue,
    fired: Vec<TimerKey>,
    explanations: &'a mut BTreeMap<ObjectRef, Explanation>,
}

impl<'a> Ctx<'a> {
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Wakes this controller `ms` from now with `key` (delivered through [`Ctx::fired`]).
    pub fn after(&mut self, ms: Millis, key: TimerKey) {
        self.timers.push(
            self.now + ms,
            Timer {
                owner: self.owner,
                key,
            },
        );
    }

    /// Wakes this controller at absolute time `due` (clamped to now).
    pub fn at(&mut self, due: Millis, key: TimerKey) {
        self.timers.push(
            due.max(self.now),
            Timer {
                owner: self.owner,
                key,
            },
        );
    }

    /// Timers of this controller that fired at this instant (first round of a settle only).
    pub fn fired(&self) -> &[TimerKey] {
        &self.fired
    }

    /// Takes the fired timers (so a second call returns nothing).
    pub fn take_fired(&mut self) -> Vec<TimerKey> {
        std::mem::take(&mut self.fired)
    }

    /// Records why a controller is waiting, or what it is doing, for `obj` (rendered in the
    /// learner's language by the page; see `sim::explain`).
    pub fn explain(&mut self, obj: ObjectRef, why: impl Into<Explanation>) {
        self.explanations.insert(obj, why.into());
    }

    pub fn clear_explanation(&mut self, obj: &ObjectRef) {
        self.explanations.remove(obj);
    }

    pub fn gates(&self) -> &FeatureGates {
        self.api.gates()
    }

    /// Name of the controller being run.
    pub fn controller(&self) -> &'static str {
        self.owner
    }
}

/// The controllers every cluster runs, in loop order.
#[allow(clippy::vec_init_then_push)] // the sections below are filled in by each module's owner
pub fn default_controllers() -> Vec<Box<dyn Controller>> {
    let mut list: Vec<Box<dyn Controller>> = Vec::new();
    // sim-ctl: workload controllers (statefulset, deployment, replicaset).
    list.extend(crate::sim::controllers::controllers());

    // sim-node: scheduler, storage (PV provisioner/binder), kubelet, endpointslices here.
    list.extend(crate::sim::kubelet::controllers::all());

    // Node lifecycle and taint-based eviction (kube-controller-manager's node side).
    list.extend(crate::sim::nodectl::controllers());

    // Built in (sim-api): garbage collection by ownerReferences.
    list.push(Box::new(GarbageCollector::default()));
    list
}

/// The simulated cluster. `Clone` gives an independent snapshot (undo, previews).
#[derive(Clone)]
pub struct Cluster {
    now: Millis,
    seed: u64,
    pub(crate) api: ApiServer,
    rng: Rng,
    timers: TimerQueue,
    controllers: Vec<Box<dyn Controller>>,
    explanations: BTreeMap<ObjectRef, Explanation>,
    config: ClusterConfig,
    fs: fs::Volumes,
    faults: faults::Faults,
    bugs: Vec<String>,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.controllers.iter().map(|c| c.name()).collect();
        f.debug_struct("Cluster")
            .field("now", &self.now)
            .field("seed", &self.seed)
            .field("controllers", &names)
            .finish()
    }
}

impl Cluster {
    /// The default kind-like cluster (1 tainted control-plane + 3 workers, StorageClass
    /// `standard`), settled at t = 0.
    pub fn new(seed: u64) -> Cluster {
        match Cluster::with_config(seed, ClusterConfig::default()) {
            Ok(c) => c,
            // The built-in default is valid by construction (tested); no user input reaches here.
            Err(e) => unreachable!("default cluster config rejected: {e}"),
        }
    }

    /// Builds a cluster from `cfg`.
    pub fn with_config(seed: u64, cfg: ClusterConfig) -> Result<Cluster, ConfigError> {
        let service_net = parse_cidr(&cfg.service_cidr)?;
        parse_cidr(&cfg.pod_cidr)?;
        let mut root = Rng::new(seed);
        let api = ApiServer::new(root.fork(1), cfg.feature_gates.clone(), service_net);
        let rng = root.fork(2);
        let mut c = Cluster {
            now: 0,
            seed,
            api,
            rng,
            timers: TimerQueue::default(),
            controllers: default_controllers(),
            explanations: BTreeMap::new(),
            config: cfg,
            fs: fs::Volumes::default(),
            faults: faults::Faults::default(),
            bugs: Vec::new(),
        };
        bootstrap::populate(&mut c.api, &c.config)?;
        c.settle();
        Ok(c)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn api(&self) -> &ApiServer {
        &self.api
    }

    /// Mutable API access for user writes; call [`Cluster::settle`] afterwards.
    pub fn api_mut(&mut self) -> &mut ApiServer {
        &mut self.api
    }

    pub fn feature_gates(&self) -> &FeatureGates {
        self.api.gates()
    }

    /// Adds a controller at the end of the loop (tests, extensions).
    pub fn register(&mut self, c: Box<dyn Controller>) {
        self.controllers.push(c);
    }

    /// Removes a controller from the loop by name (tests that hand-craft the objects that
    /// controller would otherwise manage, e.g. API-server tests owning pods by a StatefulSet).
    pub fn unregister(&mut self, name: &str) -> bool {
        let before = self.controllers.len();
        self.controllers.retain(|c| c.name() != name);
        self.controllers.len() != before
    }

    /// Names of the controllers in loop order.
    pub fn controller_names(&self) -> Vec<&'static str> {
        self.controllers.iter().map(|c| c.name()).collect()
    }

    /// Runs controllers at the current instant until none has work. Timers due now are
    /// delivered to their owners in the first round.
    pub fn settle(&mut self) {
        self.api.set_now(self.now);
        let mut fired: BTreeMap<&'static str, Vec<TimerKey>> = BTreeMap::new();
        for t in self.timers.pop_due(self.now) {
            fired.entry(t.owner).or_default().push(t.key);
        }
        for round in 0..MAX_SETTLE_ROUNDS {
            let mut any = false;
            let mut busy = Vec::new();
            for i in 0..self.controllers.len() {
                let name = self.controllers[i].name();
                let mut cx = Ctx {
                    api: &mut self.api,
                    rng: &mut self.rng,
                    fs: &mut self.fs,
                    faults: &self.faults,
                    config: &self.config,
                    now: self.now,
                    owner: name,
                    timers: &mut self.timers,
                    fired: fired.remove(name).unwrap_or_default(),
                    explanations: &mut self.explanations,
                };
                if self.controllers[i].sync(&mut cx) {
                    any = true;
                    busy.push(name);
                }
            }
            if !any {
                return;
            }
            if round + 1 == MAX_SETTLE_ROUNDS {
                self.bugs.push(format!(
                    "controller loop did not settle at t={}ms after {MAX_SETTLE_ROUNDS} rounds; still busy: {}",
                    self.now,
                    busy.join(", ")
                ));
            }
        }
    }

    /// Moves time forward by `by`, firing every timer on the way.
    pub fn advance(&mut self, by: Millis) {
        let target = self.now.saturating_add(by);
        while let Some(due) = self.timers.next_due() {
            if due > target {
                break;
            }
            self.now = due.max(self.now);
            self.settle();
        }
        self.now = target;
        self.settle();
    }

    /// Jumps to the next timer and settles; false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        match self.timers.next_due() {
            Some(due) => {
                self.now = due.max(self.now);
                self.settle();
                true
            }
            None => false,
        }
    }

    /// Steps until no timer is pending (true) or until `limit` ms have passed (false; the
    /// clock then stands at now + limit).
    pub fn run_until_idle(&mut self, limit: Millis) -> bool {
        let deadline = self.now.saturating_add(limit);
        while let Some(due) = self.timers.next_due() {
            if due > deadline {
                self.now = deadline;
                self.settle();
                return false;
            }
            self.now = due.max(self.now);
            self.settle();
        }
        true
    }

    /// No timer pending (controllers have settled after every call).
    pub fn is_idle(&self) -> bool {
        self.timers.is_empty()
    }

    pub fn next_timer_at(&self) -> Option<Millis> {
        self.timers.next_due()
    }

    /// Pending timers (for debugging views): (due, owner, key).
    pub fn timers(&self) -> impl Iterator<Item = (Millis, &'static str, &TimerKey)> {
        self.timers.iter().map(|(d, t)| (d, t.owner, &t.key))
    }

    /// Current controller explanation per object.
    pub fn explanations(&self) -> &BTreeMap<ObjectRef, Explanation> {
        &self.explanations
    }

    /// Cluster DNS view.
    pub fn dns(&self) -> dns::Resolver<'_> {
        dns::Resolver::new(&self.api, &self.config)
    }

    pub fn fs(&self) -> &fs::Volumes {
        &self.fs
    }

    pub fn fs_mut(&mut self) -> &mut fs::Volumes {
        &mut self.fs
    }

    pub fn faults(&self) -> &faults::Faults {
        &self.faults
    }

    /// Injects a fault, then settles.
    pub fn inject(&mut self, fault: faults::Fault) -> Result<(), String> {
        self.api.set_now(self.now);
        self.faults.inject(fault, &mut self.api)?;
        self.settle();
        Ok(())
    }

    /// Loop-bound violations plus the invariant checks of `invariants`.
    pub fn check_invariants(&self) -> Result<(), Vec<String>> {
        let mut problems = self.bugs.clone();
        if let Err(mut more) = invariants::check(self) {
            problems.append(&mut more);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Convenience for tests and bootstrapping: create and settle.
    pub fn apply_object(
        &mut self,
        obj: crate::sim::objects::Object,
    ) -> Result<crate::sim::objects::Object, crate::sim::api::ApiError> {
        self.api.set_now(self.now);
        let r = self.api.create(obj, &WriteOptions::default());
        self.settle();
        r
    }
}
