//! One container's life on the node: image pull (with the node's image cache, serialized
//! pulls, ErrImagePull/ImagePullBackOff), create/start, the program running and exiting,
//! restarts with CrashLoopBackOff (immediate first restart, then 10s, 20s, 40s … 5m), and the
//! readiness/liveness probers. Each step records the kubelet's events with the container's
//! fieldPath.

use super::app::{self, Run};
use super::backoff;
use super::probe::{self, ProbeCx};
use super::runtime::{Ctr, PodRt, Stage, Term};
use super::util::{self, fnv};
use super::Kubelet;
use crate::sim::clock::Millis;
use crate::sim::fs::logs::ContainerLogs;
use crate::sim::fs::{mounts, MountTable, VolumeKey};
use crate::sim::images;
use crate::sim::kubelet::env::Env;
use crate::sim::kubelet::script::Sandbox;
use crate::sim::objects::*;
use std::collections::BTreeMap;

/// Facts about the pod a container step needs.
pub struct PodCx<'a> {
    pub pod: &'a Pod,
    pub obj: &'a Object,
    pub node: &'a str,
}

fn container_spec<'a>(pod: &'a Pod, c: &Ctr) -> Option<&'a Container> {
    let list = if c.init {
        &pod.spec.init_containers
    } else {
        &pod.spec.containers
    };
    list.iter().find(|s| s.name == c.name)
}

/// A stable fake digest per image reference.
fn image_id(image: &str) -> String {
    let (repo, _) = images::split_reference(image);
    let full = if repo.contains('.') && repo.contains('/') {
        repo
    } else if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    let d: String = (0..4)
        .map(|i| format!("{:016x}", fnv(&[image, &i.to_string()])))
        .collect();
    format!("{full}@sha256:{d}")
}

fn pull_policy(spec: Option<&Container>, image: &str) -> String {
    match spec
        .map(|s| s.image_pull_policy.clone())
        .filter(|p| !p.is_empty())
    {
        Some(p) => p,
        None => {
            let (_, tag) = images::split_reference(image);
            if tag == "latest" && !image.contains('@') {
                "Always".into()
            } else {
                "IfNotPresent".into()
            }
        }
    }
}

impl Kubelet {
    fn ev(&self, env: &mut Env, px: &PodCx, c: &Ctr, type_: &str, reason: &str, msg: &str) {
        util::event(
            env.api,
            px.obj,
            type_,
            reason,
            msg,
            "kubelet",
            Some(&c.field_path()),
        );
    }

    /// Advance one container as far as `now` allows; returns the next time it needs a look.
    pub(super) fn step_ctr(
        &mut self,
        env: &mut Env,
        px: &PodCx,
        rt: &PodRt,
        c: &mut Ctr,
    ) -> Option<Millis> {
        // Borrowed from the stored pod (not from `c`), so `c` stays free to change.
        let spec = container_spec(px.pod, c);
        for _ in 0..16 {
            let now = env.now;
            match c.stage.clone() {
                Stage::Waiting => {
                    let present = self
                        .images
                        .get(px.node)
                        .is_some_and(|s| s.contains(&c.image));
                    if present && pull_policy(spec, &c.image) != "Always" {
                        let msg = format!(
                            "Container image \"{}\" already present on machine and can be accessed by the pod",
                            c.image
                        );
                        self.ev(env, px, c, "Normal", "Pulled", &msg);
                        c.image_id = image_id(&c.image);
                        c.stage = Stage::Creating {
                            until: now + env.rng.range(50, 250),
                        };
                        continue;
                    }
                    self.ev(
                        env,
                        px,
                        c,
                        "Normal",
                        "Pulling",
                        &format!("Pulling image \"{}\"", c.image),
                    );
                    let size = images::lookup(&c.image).map(|i| i.size).unwrap_or(0);
                    let base = if present {
                        env.rng.range(400, 1000)
                    } else {
                        env.rng.range(1000, 3000) + size / 40_000
                    };
                    let d = base.saturating_mul(self.faults.pull_slowdown.max(1));
                    let start = now.max(self.pull_busy.get(px.node).copied().unwrap_or(0));
                    self.pull_busy.insert(px.node.to_string(), start + d);
                    c.stage = Stage::Pulling {
                        until: start + d,
                        started: start,
                        queued: now,
                    };
                }
                Stage::Pulling {
                    until,
                    started,
                    queued,
                } => {
                    if now < until {
                        return Some(until);
                    }
                    let ok = images::lookup(&c.image)
                        .ok()
                        .filter(|_| !self.faults.unpullable.contains(&c.image));
                    match ok {
                        Some(info) => {
                            self.images
                                .entry(px.node.to_string())
                                .or_default()
                                .insert(c.image.clone());
                            c.pull_failures = 0;
                            let msg = format!(
                                "Successfully pulled image \"{}\" in {} ({} including waiting). Image size: {} bytes.",
                                c.image,
                                images::go_duration(until - started),
                                images::go_duration(until - queued),
                                info.size
                            );
                            self.ev(env, px, c, "Normal", "Pulled", &msg);
                            c.image_id = image_id(&c.image);
                            c.stage = Stage::Creating {
                                until: now + env.rng.range(50, 250),
                            };
                        }
                        None => {
                            c.pull_failures += 1;
                            let msg = images::pull_error_message(&c.image);
                            self.ev(env, px, c, "Warning", "Failed", &msg);
                            self.ev(env, px, c, "Warning", "Failed", "Error: ErrImagePull");
                            let detail = msg
                                .strip_prefix(&format!("Failed to pull image \"{}\": ", c.image))
                                .unwrap_or(&msg)
                                .to_string();
                            c.stage = Stage::PullBackOff {
                                at: now,
                                until: now + backoff::delay(c.pull_failures),
                                message: detail,
                                announced: false,
                            };
                        }
                    }
                }
                Stage::PullBackOff {
                    at,
                    until,
                    message,
                    announced,
                } => {
                    if now >= until {
                        c.stage = Stage::Waiting;
                        continue;
                    }
                    if now < at + 1000 {
                        return Some(at + 1000);
                    }
                    if !announced {
                        let msg = format!("Back-off pulling image \"{}\"", c.image);
                        self.ev(env, px, c, "Normal", "BackOff", &msg);
                        self.ev(env, px, c, "Warning", "Failed", "Error: ImagePullBackOff");
                        c.stage = Stage::PullBackOff {
                            at,
                            until,
                            message,
                            announced: true,
                        };
                    }
                    return Some(until);
                }
                Stage::Creating { until } => {
                    if now < until {
                        return Some(until);
                    }
                    self.start_container(env, px, rt, c, spec);
                }
                Stage::Running { since } => {
                    let prog = c.program.clone()?;
                    match prog.run {
                        Run::Forever => return None,
                        Run::Exit { after, code } => {
                            if now < since + after {
                                return Some(since + after);
                            }
                            self.exit(env, px, c, code, since + after);
                        }
                        Run::UntilResolves { name, every } => {
                            let ok = crate::sim::dns::Resolver::new(env.api, env.config)
                                .resolve(&name, &px.pod.metadata.namespace)
                                .is_ok();
                            if ok {
                                self.exit(env, px, c, 0, now);
                            } else {
                                let k = (now - since) / every + 1;
                                return Some(since + k * every);
                            }
                        }
                    }
                }
                Stage::Exited {
                    term,
                    until: Some(until),
                    announced,
                } => {
                    if now >= until {
                        c.last = Some(term);
                        c.restarts += 1;
                        c.stage = Stage::Waiting;
                        continue;
                    }
                    let shows_backoff = until > term.finished + 1000;
                    if now < term.finished + 1000 {
                        return Some(term.finished + 1000);
                    }
                    if shows_backoff && !announced {
                        let msg = format!(
                            "Back-off restarting failed container {} in pod {}_{}({})",
                            c.name, rt.name, rt.ns, rt.uid
                        );
                        self.ev(env, px, c, "Warning", "BackOff", &msg);
                        c.stage = Stage::Exited {
                            term,
                            until: Some(until),
                            announced: true,
                        };
                    }
                    return Some(until);
                }
                Stage::Exited { until: None, .. } => return None,
            }
        }
        Some(env.now + 1)
    }

    fn start_container(
        &mut self,
        env: &mut Env,
        px: &PodCx,
        rt: &PodRt,
        c: &mut Ctr,
        spec: Option<&Container>,
    ) {
        let now = env.now;
        c.container_id = format!("containerd://{}", env.rng.hex(64));
        self.ev(env, px, c, "Normal", "Created", "Container created");
        self.ev(env, px, c, "Normal", "Started", "Container started");
        let app = images::app_of(&c.image).unwrap_or(images::App::Busybox);
        let (command, args, stdin) = spec
            .map(|s| (s.command.clone(), s.args.clone(), s.stdin))
            .unwrap_or_default();
        self.volumes.reset_container(&rt.uid, &c.name, Some(app));
        let mt = mounts::mount_table(env.api, px.pod, &c.name).unwrap_or_else(|_| {
            MountTable::new(
                VolumeKey::Container {
                    pod_uid: rt.uid.clone(),
                    container: c.name.clone(),
                },
                vec![],
            )
        });
        mounts::ensure_pod_trees(&mut self.volumes, &mt);
        // The process runs against the container's real mounts: what an init container's
        // script writes into a volume is there for the containers after it.
        let mut vars: BTreeMap<String, String> = BTreeMap::new();
        vars.insert("HOSTNAME".into(), util::hostname(px.pod));
        for e in spec.map(|s| s.env.as_slice()).unwrap_or_default() {
            if e.value_from.is_none() {
                vars.insert(e.name.clone(), e.value.clone());
            }
        }
        let seed = env.rng.next_u64();
        let mut sb = Sandbox {
            volumes: &mut self.volumes,
            mounts: &mt,
            vars,
            log: Default::default(),
        };
        c.program = Some(app::program(app, &command, &args, stdin, seed, &mut sb));
        // The instance's log: what the process writes, at the times it writes it.
        let mut log = std::mem::take(&mut sb.log);
        for l in &mut log.lines {
            l.at += now;
        }
        if let Some(r) = &mut log.repeat {
            r.from += now;
        }
        self.volumes
            .logs
            .put(ContainerLogs::key(&rt.uid, &c.name, c.restarts), log);
        c.stage = Stage::Running { since: now };
        c.ready_ok = 0;
        c.ready_fail = 0;
        c.live_fail = 0;
        let rp = spec.and_then(|s| s.readiness_probe.as_ref());
        let lp = spec.and_then(|s| s.liveness_probe.as_ref());
        c.ready = rp.is_none() && !c.init;
        c.next_ready_probe =
            rp.map(|p| now + p.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000);
        c.next_live_probe =
            lp.map(|p| now + p.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000);
    }

    /// The main process ended (by itself or after a kill) with `code` at `at`.
    pub(super) fn exit(&mut self, env: &mut Env, px: &PodCx, c: &mut Ctr, code: i32, at: Millis) {
        let since = match c.stage {
            Stage::Running { since } => since,
            _ => at,
        };
        self.volumes.logs.end(
            &ContainerLogs::key(&px.pod.metadata.uid, &c.name, c.restarts),
            at,
        );
        let term = Term {
            code,
            reason: if code == 0 {
                "Completed".into()
            } else {
                "Error".into()
            },
            message: String::new(),
            started: since,
            finished: at,
            container_id: c.container_id.clone(),
        };
        let policy = if px.pod.spec.restart_policy.is_empty() {
            "Always"
        } else {
            px.pod.spec.restart_policy.as_str()
        };
        let restart = match policy {
            "Never" => false,
            "OnFailure" => code != 0,
            _ => !c.init || code != 0,
        };
        if at - since >= backoff::RESET_AFTER {
            c.backoff_n = 0;
        }
        let until = restart.then(|| {
            let d = if c.backoff_n == 0 {
                0
            } else {
                backoff::delay(c.backoff_n)
            };
            c.backoff_n += 1;
            at + d.max(1000)
        });
        c.ready = false;
        c.next_ready_probe = None;
        c.next_live_probe = None;
        c.stage = Stage::Exited {
            term,
            until,
            announced: false,
        };
        let _ = env;
    }

    /// Run the probes that are due for a running container.
    pub(super) fn run_probes(
        &mut self,
        env: &mut Env,
        px: &PodCx,
        rt: &PodRt,
        c: &mut Ctr,
    ) -> Option<Millis> {
        let Stage::Running { since } = c.stage else {
            return None;
        };
        let spec = container_spec(px.pod, c)?;
        let prog = c.program.clone()?;
        let key = format!("{}/{}", rt.ns, rt.name);
        let forced_fail = self.faults.readiness.get(&key) == Some(&false);
        let version = images::lookup(&c.image)
            .map(|i| crate::sim::fs::nginx::server_version(i.version))
            .unwrap_or("1.29.3");
        let now = env.now;
        // The mount table (a pure read of the store) is built only when a probe runs.
        let due = |p: Option<&crate::sim::objects::Probe>, at: Option<Millis>| {
            p.is_some() && at.is_some_and(|t| now >= t)
        };
        let mt = if due(spec.readiness_probe.as_ref(), c.next_ready_probe)
            || due(spec.liveness_probe.as_ref(), c.next_live_probe)
        {
            mounts::mount_table(env.api, px.pod, &c.name).ok()
        } else {
            None
        };
        let mut live_wake = true;
        if spec.readiness_probe.is_none() && !c.init {
            c.ready = !forced_fail;
        }
        if let (Some(p), Some(due)) = (spec.readiness_probe.as_ref(), c.next_ready_probe) {
            if now >= due {
                let cx = ProbeCx {
                    ip: &rt.ip,
                    container: spec,
                    program: &prog,
                    since_start: now - since,
                    volumes: &self.volumes,
                    mounts: mt.as_ref(),
                    nginx_version: version,
                };
                let mut res = probe::run(p, &cx);
                if forced_fail && res.is_ok() {
                    res = Err(if p.http_get.is_some() {
                        "HTTP probe failed with statuscode: 503".into()
                    } else if let Some(t) = &p.tcp_socket {
                        format!("dial tcp {}:{}: connect: connection refused", rt.ip, t.port)
                    } else {
                        String::new()
                    });
                }
                match res {
                    Ok(()) => {
                        c.ready_fail = 0;
                        c.ready_ok += 1;
                        if c.ready_ok >= p.success_threshold.unwrap_or(1).max(1) {
                            c.ready = true;
                        }
                    }
                    Err(msg) => {
                        c.ready_ok = 0;
                        c.ready_fail += 1;
                        if c.ready_fail >= p.failure_threshold.unwrap_or(3).max(1) {
                            c.ready = false;
                        }
                        self.ev(
                            env,
                            px,
                            c,
                            "Warning",
                            "Unhealthy",
                            &format!("Readiness probe failed: {msg}"),
                        );
                    }
                }
                c.next_ready_probe =
                    Some(now + p.period_seconds.unwrap_or(10).max(1) as u64 * 1000);
            }
        }
        if let (Some(p), Some(due)) = (spec.liveness_probe.as_ref(), c.next_live_probe) {
            if now >= due {
                let cx = ProbeCx {
                    ip: &rt.ip,
                    container: spec,
                    program: &prog,
                    since_start: now - since,
                    volumes: &self.volumes,
                    mounts: mt.as_ref(),
                    nginx_version: version,
                };
                match probe::run(p, &cx) {
                    Ok(()) => {
                        c.live_fail = 0;
                        live_wake = false;
                    }
                    Err(msg) => {
                        c.live_fail += 1;
                        self.ev(
                            env,
                            px,
                            c,
                            "Warning",
                            "Unhealthy",
                            &format!("Liveness probe failed: {msg}"),
                        );
                        if c.live_fail >= p.failure_threshold.unwrap_or(3).max(1) {
                            let m = format!(
                                "Container {} failed liveness probe, will be restarted",
                                c.name
                            );
                            self.ev(env, px, c, "Normal", "Killing", &m);
                            let code = if prog.honours_sigterm {
                                prog.sigterm_exit
                            } else {
                                137
                            };
                            self.exit(env, px, c, code, now);
                            return Some(now + 1000);
                        }
                    }
                }
                c.next_live_probe = Some(now + p.period_seconds.unwrap_or(10).max(1) as u64 * 1000);
            } else {
                live_wake = c.live_fail > 0;
            }
        }
        let ready_due = c.next_ready_probe;
        let live_due = c.next_live_probe.filter(|_| live_wake);
        [ready_due, live_due].into_iter().flatten().min()
    }
}
