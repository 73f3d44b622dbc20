//! Graceful pod termination on the node. SIGTERM goes to every running container with a
//! `Killing` event; a program that honours it (nginx) exits within a few hundred ms, one that
//! does not (a `sleep` as PID 1) is SIGKILLed when the grace period ends (exit 137). Readiness
//! drops at once only for containers with a readiness probe (the errata §19 `0/1 Terminating`
//! row); otherwise the next status the pod shows is the terminal one.

use super::lifecycle::PodCx;
use super::runtime::{PodRt, Stage, Stopping, Term};
use super::Kubelet;
use crate::sim::clock::Millis;
use crate::sim::kubelet::env::Env;
use crate::sim::kubelet::util;

impl Kubelet {
    /// Advance termination; returns the next time to look, or `None` once every container has
    /// stopped (then `rt.finished` is set and the terminal status can be written).
    pub(super) fn terminate(
        &mut self,
        env: &mut Env,
        px: &PodCx,
        rt: &mut PodRt,
    ) -> Option<Millis> {
        let now = env.now;
        if rt.stopping.is_none() {
            rt.stopping = Some(Stopping { since: now });
            let grace = px
                .pod
                .metadata
                .deletion_grace_period_seconds
                .or(px.pod.spec.termination_grace_period_seconds)
                .unwrap_or(30)
                .max(0) as u64
                * 1000;
            let has_probe = |name: &str| {
                px.pod
                    .spec
                    .containers
                    .iter()
                    .any(|c| c.name == name && c.readiness_probe.is_some())
            };
            for c in rt.init.iter_mut().chain(rt.ctrs.iter_mut()) {
                if !c.is_running() {
                    c.stop_at = Some(now);
                    continue;
                }
                let msg = format!("Stopping container {}", c.name);
                util::event(
                    env.api,
                    px.obj,
                    "Normal",
                    "Killing",
                    &msg,
                    "kubelet",
                    Some(&c.field_path()),
                );
                let quick = c.program.as_ref().is_some_and(|p| p.honours_sigterm);
                c.stop_at = Some(if quick {
                    now + env.rng.range(100, 400).min(grace)
                } else {
                    now + grace
                });
                if has_probe(&c.name) {
                    c.ready = false;
                }
                c.next_ready_probe = None;
                c.next_live_probe = None;
            }
        }
        let mut pending: Vec<Millis> = Vec::new();
        for c in rt.init.iter_mut().chain(rt.ctrs.iter_mut()) {
            let at = c.stop_at.unwrap_or(now);
            if at > now {
                pending.push(at);
                continue;
            }
            let term = match &c.stage {
                Stage::Running { since } => {
                    let prog = c.program.as_ref();
                    let code = match prog {
                        Some(p) if p.honours_sigterm => p.sigterm_exit,
                        _ => 137,
                    };
                    Some(Term {
                        code,
                        reason: if code == 0 {
                            "Completed".into()
                        } else {
                            "Error".into()
                        },
                        message: String::new(),
                        started: *since,
                        finished: at,
                        container_id: c.container_id.clone(),
                    })
                }
                Stage::Exited { term, .. } => Some(term.clone()),
                _ => None,
            };
            let term = term.unwrap_or_else(|| Term {
                code: 137,
                reason: "ContainerStatusUnknown".into(),
                message: "The container could not be located when the pod was terminated".into(),
                started: at,
                finished: at,
                container_id: String::new(),
            });
            c.ready = false;
            c.stage = Stage::Exited {
                term,
                until: None,
                announced: true,
            };
        }
        if let Some(t) = pending.into_iter().min() {
            return Some(t);
        }
        rt.finished = true;
        rt.sandbox_ready = false;
        None
    }
}
