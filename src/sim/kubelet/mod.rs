//! The kubelets of all nodes (one component; each pod is handled by the kubelet of its node).
//!
//! For every pod bound to a running node: mount volumes (a missing ConfigMap/Secret gives the
//! repeating `FailedMount` and keeps the pod in ContainerCreating), create the sandbox (pod IP
//! from the node's CIDR), run init containers one by one, then the containers, probe them, and
//! publish the derived status. On deletion: `Killing` events, SIGTERM honoured per program
//! (nginx exits 0 quickly → `Succeeded`/Completed), SIGKILL at the end of the grace period,
//! the terminal status, then the kubelet's final zero-grace delete (errata §19).

pub mod app;
pub mod backoff;
pub mod controllers;
pub mod env;
pub mod ipam;
mod lifecycle;
pub mod probe;
pub mod runtime;
pub mod script;
mod select;
pub mod status;
mod terminate;
pub mod util;

use crate::sim::clock::Millis;
use crate::sim::fs::Volumes;
use crate::sim::objects::*;
use env::Env;
use lifecycle::PodCx;
use runtime::{Ctr, PodRt};
use std::collections::{BTreeMap, BTreeSet};

/// Node-side faults in effect (set through `faults.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeFaults {
    /// Image references that fail to pull even if the registry has them.
    pub unpullable: BTreeSet<String>,
    /// Multiplier on pull durations (1 = normal).
    pub pull_slowdown: u64,
    /// `ns/pod` → false: the pod's readiness fails (probe answers 503 / not ready).
    pub readiness: BTreeMap<String, bool>,
    /// Nodes whose kubelet is down (NotReady).
    pub down: BTreeSet<String>,
}

/// All kubelets. `volumes` is the cluster's file contents, lent during a sync.
#[derive(Clone, Debug, Default)]
pub struct Kubelet {
    pub volumes: Volumes,
    pods: BTreeMap<String, PodRt>,
    images: BTreeMap<String, BTreeSet<String>>,
    pull_busy: BTreeMap<String, Millis>,
    ipam: ipam::Ipam,
    pub faults: NodeFaults,
    /// Incremental syncs (what the pod workers' event-driven loop gives the real kubelet):
    /// the watch-log position already seen, the faults last synced against, and when each
    /// pod next needs a look (`select`). Only pods with news or a due wake-up are synced.
    cursor: u64,
    synced_faults: Option<NodeFaults>,
    interest: select::Interest,
}

/// Initial back-off of volume mount retries and its cap (nestedpendingoperations).
const MOUNT_RETRY_INITIAL: Millis = 500;
const MOUNT_RETRY_MAX: Millis = 122_000;

fn host_ip(node: &Node) -> String {
    node.status
        .addresses
        .iter()
        .find(|a| a.type_ == "InternalIP")
        .map(|a| a.address.clone())
        .unwrap_or_default()
}

impl Kubelet {
    pub fn new() -> Kubelet {
        Kubelet {
            faults: NodeFaults {
                pull_slowdown: 1,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Images present on a node (for views and tests).
    pub fn images_on(&self, node: &str) -> Vec<String> {
        self.images
            .get(node)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Is the kubelet of `node` up?
    pub fn node_up(&self, node: &Node) -> bool {
        !self.faults.down.contains(&node.metadata.name)
    }

    /// One pass over every pod. Returns true if anything was written. The cluster owns the
    /// file contents (so shells can reach them); the kubelet holds them during its sync.
    pub fn sync(&mut self, env: &mut Env, volumes: &mut Volumes) -> bool {
        std::mem::swap(&mut self.volumes, volumes);
        let did = self.sync_all(env);
        std::mem::swap(&mut self.volumes, volumes);
        did
    }

    fn sync_all(&mut self, env: &mut Env) -> bool {
        // Which pods need a look: every pod when node state or the faults changed (or the
        // watch history we needed was compacted); otherwise those with watch events since
        // the last pass, those not yet known, and those whose wake-up is due.
        let mut full = self.synced_faults.as_ref() != Some(&self.faults);
        let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
        // Uids of pods deleted since the last pass: the only runtimes that can be gone (a uid
        // is never reused, and every removal from the store is a DELETED entry).
        let mut deleted: BTreeSet<String> = BTreeSet::new();
        match env.api.watch_from(self.cursor) {
            Ok(evs) => {
                for ev in evs {
                    match ev.object.kind() {
                        Kind::Pod => {
                            let m = ev.object.meta();
                            touched.insert((m.namespace.clone(), m.name.clone()));
                            if ev.kind == crate::sim::api::WatchEventType::Deleted {
                                deleted.insert(m.uid.clone());
                            }
                        }
                        Kind::Node => full = true,
                        _ => {}
                    }
                }
            }
            Err(_) => full = true,
        }
        self.synced_faults = Some(self.faults.clone());
        let now = env.now;
        // Shared with the store, not deep-copied: this runs on every kubelet pass.
        let node_objs = env.api.node_objects();
        let nodes: Vec<&Node> = node_objs
            .iter()
            .filter_map(|o| match &**o {
                Object::Node(n) => Some(n),
                _ => None,
            })
            .collect();
        let mut did = false;
        // Forget pods that are gone (deleted, or replaced by a new uid).
        {
            let gone = self.interest.gone(env.api, full, deleted, &self.pods);
            for uid in gone {
                self.interest.clear_wake(&uid);
                if let Some(rt) = self.pods.remove(&uid) {
                    self.ipam.release(&rt.node, &rt.ip);
                    self.volumes.drop_pod(&uid);
                }
            }
        }
        // Pick the pods in store order (the order decides RNG draws, so it must not change),
        // sharing the stored snapshots (never mutated in place) instead of copying them.
        let runtimes = &self.pods;
        let known = |uid: &str| runtimes.get(uid).map(|rt| (rt.ns.clone(), rt.name.clone()));
        let pods = self.interest.pick(env.api, full, &touched, now, &known);
        let pass_start = env.api.last_seq();
        for obj in &pods {
            let Object::Pod(pod) = &**obj else {
                continue;
            };
            self.interest.clear_wake(&pod.metadata.uid);
            let Some((idx, node)) = nodes
                .iter()
                .enumerate()
                .find(|(_, n)| n.metadata.name == pod.spec.node_name)
            else {
                // Pod GC: pods bound to a node that no longer exists are force-deleted.
                let _ = env.api.delete(
                    Kind::Pod,
                    &pod.metadata.namespace,
                    &pod.metadata.name,
                    &crate::sim::api::DeleteOptions {
                        grace_period_seconds: Some(0),
                        ..Default::default()
                    },
                );
                did = true;
                continue;
            };
            if !self.node_up(node) {
                continue;
            }
            did |= self.sync_pod(env, obj, pod, node, idx);
        }
        let runtimes = &self.pods;
        self.interest
            .remember_unknown(&pods, |uid| runtimes.contains_key(uid));
        self.interest
            .note_own_deletions(env.api, pass_start, &self.pods);
        // Our own writes are news we already acted on.
        self.cursor = env.api.last_seq();
        did
    }

    /// `obj` is the stored pod `pod` (the Object form is what Events refer to).
    fn sync_pod(
        &mut self,
        env: &mut Env,
        obj: &Object,
        pod: &Pod,
        node: &Node,
        node_idx: usize,
    ) -> bool {
        let uid = pod.metadata.uid.clone();
        if !self.pods.contains_key(&uid) {
            if util::is_terminal(pod) {
                // Finished before we knew it (e.g. a restored snapshot): only the final delete.
                return self.final_delete(env, pod);
            }
            let rt = PodRt {
                uid: uid.clone(),
                ns: pod.metadata.namespace.clone(),
                name: pod.metadata.name.clone(),
                node: node.metadata.name.clone(),
                mounted: false,
                mount_failures: 0,
                next_mount_retry: env.now,
                sandbox_at: None,
                sandbox_ready: false,
                ip: String::new(),
                started_at: env.now,
                init: pod
                    .spec
                    .init_containers
                    .iter()
                    .map(|c| Ctr::new(&c.name, &c.image, true))
                    .collect(),
                ctrs: pod
                    .spec
                    .containers
                    .iter()
                    .map(|c| Ctr::new(&c.name, &c.image, false))
                    .collect(),
                stopping: None,
                finished: false,
                published: false,
            };
            self.pods.insert(uid.clone(), rt);
        }
        let Some(mut rt) = self.pods.remove(&uid) else {
            return false;
        };
        let px = PodCx {
            pod,
            obj,
            node: &node.metadata.name,
        };
        let mut next: Vec<Millis> = Vec::new();
        if pod.metadata.deletion_timestamp.is_some() {
            if let Some(t) = self.terminate(env, &px, &mut rt) {
                next.push(t);
            }
        } else {
            self.run_pod(env, &px, &mut rt, node, node_idx, &mut next);
        }
        // Between the first status and the containers' start the pod worker is busy in
        // one sync and publishes nothing (one ContainerCreating row, then Running).
        let quiet = rt.published && rt.starting() && pod.metadata.deletion_timestamp.is_none();
        let did = !quiet && self.publish(env, pod, &rt, node);
        rt.published = true;
        if rt.finished && pod.metadata.deletion_timestamp.is_some() {
            self.final_delete(env, pod);
            self.ipam.release(&rt.node, &rt.ip);
            self.volumes.drop_pod(&uid);
            return true;
        }
        self.pods.insert(uid.clone(), rt);
        if let Some(t) = next.into_iter().filter(|t| *t > env.now).min() {
            env.wake_at(t, "kubelet");
            self.interest.set_wake(uid, t);
        }
        did
    }

    fn run_pod(
        &mut self,
        env: &mut Env,
        px: &PodCx,
        rt: &mut PodRt,
        node: &Node,
        node_idx: usize,
        next: &mut Vec<Millis>,
    ) {
        let now = env.now;
        if !rt.mounted {
            if now < rt.next_mount_retry {
                next.push(rt.next_mount_retry);
                return;
            }
            if let Some(msg) = self.mount_error(env, px.pod) {
                util::event(
                    env.api,
                    px.obj,
                    "Warning",
                    "FailedMount",
                    &msg,
                    "kubelet",
                    None,
                );
                rt.mount_failures += 1;
                let d = MOUNT_RETRY_INITIAL
                    .saturating_mul(1 << (rt.mount_failures - 1).min(20))
                    .min(MOUNT_RETRY_MAX);
                rt.next_mount_retry = now + d;
                next.push(rt.next_mount_retry);
                return;
            }
            rt.mounted = true;
            rt.sandbox_at = Some(now + env.rng.range(300, 900));
        }
        if !rt.sandbox_ready {
            match rt.sandbox_at {
                Some(t) if now >= t => {
                    let cidr = ipam::node_cidr(node, node_idx);
                    rt.ip = self
                        .ipam
                        .allocate(&rt.node, cidr, env.rng)
                        .unwrap_or_default();
                    rt.sandbox_ready = true;
                }
                Some(t) => {
                    next.push(t);
                    return;
                }
                None => return,
            }
        }
        // A container steps on its own copy, written back after; the steps read only the
        // pod's identity and IP from `rt` (no other container), so they read `rt` itself.
        if !rt.inits_done() {
            if let Some(i) = rt.init.iter().position(|c| !c.succeeded()) {
                let mut c = rt.init[i].clone();
                if let Some(t) = self.step_ctr(env, px, rt, &mut c) {
                    next.push(t);
                }
                rt.init[i] = c;
            }
            if !rt.inits_done() {
                return;
            }
            // The last init container exited: that is a new sync, whose status
            // (PodInitializing) is published before the app containers are started.
            self.publish(env, px.pod, rt, node);
        }
        for i in 0..rt.ctrs.len() {
            let mut c = rt.ctrs[i].clone();
            if let Some(t) = self.step_ctr(env, px, rt, &mut c) {
                next.push(t);
            }
            if let Some(t) = self.run_probes(env, px, rt, &mut c) {
                next.push(t);
            }
            rt.ctrs[i] = c;
        }
    }

    /// The first volume that cannot be set up, as the FailedMount message.
    fn mount_error(&self, env: &Env, pod: &Pod) -> Option<String> {
        let ns = &pod.metadata.namespace;
        for v in &pod.spec.volumes {
            if let Some(cm) = &v.config_map {
                if cm.optional != Some(true) && util::config_map(env.api, ns, &cm.name).is_none() {
                    return Some(format!(
                        "MountVolume.SetUp failed for volume \"{}\" : configmap \"{}\" not found",
                        v.name, cm.name
                    ));
                }
            }
            if let Some(s) = &v.secret {
                if s.optional != Some(true) && util::secret(env.api, ns, &s.secret_name).is_none() {
                    return Some(format!(
                        "MountVolume.SetUp failed for volume \"{}\" : secret \"{}\" not found",
                        v.name, s.secret_name
                    ));
                }
            }
        }
        None
    }

    /// Write the derived status if it differs from the stored one.
    fn publish(&mut self, env: &mut Env, pod: &Pod, rt: &PodRt, node: &Node) -> bool {
        let st = status::build(pod, rt, &host_ip(node), env.now);
        if st == pod.status {
            return false;
        }
        let (ns, name) = (&pod.metadata.namespace, &pod.metadata.name);
        match env.api.get(Kind::Pod, ns, name) {
            Ok(fresh) if fresh.meta().uid == pod.metadata.uid => {}
            _ => return false,
        }
        // Status only: the server copies the stored pod once, into the new snapshot.
        env.api.update_pod_status(ns, name, st).is_ok()
    }

    /// The kubelet's final zero-grace delete of a terminated pod.
    fn final_delete(&mut self, env: &mut Env, pod: &Pod) -> bool {
        if pod.metadata.deletion_timestamp.is_none() {
            return false;
        }
        env.api
            .delete(
                Kind::Pod,
                &pod.metadata.namespace,
                &pod.metadata.name,
                &crate::sim::api::DeleteOptions {
                    grace_period_seconds: Some(0),
                    ..Default::default()
                },
            )
            .is_ok()
    }

    /// Current IP of a pod the kubelet runs (for views).
    pub fn pod_ip(&self, uid: &str) -> Option<&str> {
        self.pods
            .get(uid)
            .map(|r| r.ip.as_str())
            .filter(|s| !s.is_empty())
    }
}
