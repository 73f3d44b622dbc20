//! The pod row (server printer `printPod`): READY, STATUS (phase → init containers →
//! containers from last to first → Terminating), RESTARTS with `(N ago)`.

use crate::kubectl::render::duration::age;
use crate::sim::Pod;

/// (ready "1/1", status, restarts) for a pod at `now`.
pub fn pod_status(p: &Pod, now: u64) -> (String, String, String) {
    let mut restarts: i32 = 0;
    let mut total = p.spec.containers.len();
    let mut ready = 0;
    let mut last_restart: Option<u64> = None;
    let phase = p.status.phase.clone();
    let mut reason = if p.status.reason.is_empty() {
        phase.clone()
    } else {
        p.status.reason.clone()
    };
    for c in &p.status.conditions {
        if c.type_ == "PodScheduled" && c.reason == "SchedulingGated" {
            reason = "SchedulingGated".into();
        }
    }
    let restartable = |name: &str| {
        p.spec
            .init_containers
            .iter()
            .any(|c| c.name == name && c.restart_policy_always())
    };
    total += p
        .spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy_always())
        .count();
    let mut initializing = false;
    let n_init = p.spec.init_containers.len();
    for (i, c) in p.status.init_container_statuses.iter().enumerate() {
        restarts += c.restart_count;
        if let Some(t) = &c.last_state.terminated {
            last_restart = last_restart.max(t.finished_at);
        }
        let st = &c.state;
        if st.terminated.as_ref().is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable(&c.name) && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &st.terminated {
            reason = if t.reason.is_empty() {
                if t.signal != 0 {
                    format!("Init:Signal:{}", t.signal)
                } else {
                    format!("Init:ExitCode:{}", t.exit_code)
                }
            } else {
                format!("Init:{}", t.reason)
            };
        } else if let Some(w) = st
            .waiting
            .as_ref()
            .filter(|w| !w.reason.is_empty() && w.reason != "PodInitializing")
        {
            reason = format!("Init:{}", w.reason);
        } else {
            reason = format!("Init:{i}/{n_init}");
        }
        initializing = true;
        break;
    }
    let initialized = p
        .status
        .conditions
        .iter()
        .any(|c| c.type_ == "Initialized" && c.status == "True");
    if !initializing || initialized {
        restarts = 0;
        last_restart = None;
        let mut has_running = false;
        for c in p.status.container_statuses.iter().rev() {
            restarts += c.restart_count;
            if let Some(t) = &c.last_state.terminated {
                last_restart = last_restart.max(t.finished_at);
            }
            let st = &c.state;
            if let Some(w) = st.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
                reason = w.reason.clone();
            } else if let Some(t) = st.terminated.as_ref() {
                reason = if !t.reason.is_empty() {
                    t.reason.clone()
                } else if t.signal != 0 {
                    format!("Signal:{}", t.signal)
                } else {
                    format!("ExitCode:{}", t.exit_code)
                };
            } else if c.ready && st.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if p
                .status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True")
            {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    let terminal = phase == "Succeeded" || phase == "Failed";
    if p.metadata.deletion_timestamp.is_some() && p.status.reason == "NodeLost" {
        reason = "Unknown".into();
    } else if p.metadata.deletion_timestamp.is_some() && !terminal {
        reason = "Terminating".into();
    }
    let restarts_s = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", age(now, Some(t))),
        _ => restarts.to_string(),
    };
    (format!("{ready}/{total}"), reason, restarts_s)
}

/// Sidecar detection: an init container with `restartPolicy: Always`. The simulator's
/// Container type has no restartPolicy field, so no init container is a sidecar.
trait RestartPolicy {
    fn restart_policy_always(&self) -> bool;
}

impl RestartPolicy for crate::sim::Container {
    fn restart_policy_always(&self) -> bool {
        false
    }
}
