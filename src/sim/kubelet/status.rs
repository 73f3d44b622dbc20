//! Deriving the API `PodStatus` from the kubelet's runtime view, as `generateAPIPodStatus`
//! does: container states, phase (`getPhase`), conditions with transition times kept from the
//! previous status, IPs and QoS class.

use super::runtime::{Ctr, PodRt, Stage};
use super::util::set_condition;
use crate::sim::clock::Millis;
use crate::sim::objects::*;

fn state_of(c: &Ctr, has_init: bool, now: Millis) -> ContainerState {
    let waiting = |reason: &str, message: &str| ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: reason.into(),
            message: message.into(),
        }),
        ..Default::default()
    };
    match &c.stage {
        Stage::Waiting | Stage::Pulling { .. } | Stage::Creating { .. } => waiting(
            if has_init {
                "PodInitializing"
            } else {
                "ContainerCreating"
            },
            "",
        ),
        Stage::PullBackOff { at, message, .. } => {
            // ErrImagePull right after the failure, ImagePullBackOff from the next sync on.
            if now < at + 1000 {
                waiting("ErrImagePull", message)
            } else {
                waiting(
                    "ImagePullBackOff",
                    &format!(
                        "Back-off pulling image \"{}\": ErrImagePull: {message}",
                        c.image
                    ),
                )
            }
        }
        Stage::Running { since } => ContainerState {
            running: Some(ContainerStateRunning {
                started_at: Some(*since),
            }),
            ..Default::default()
        },
        Stage::Exited { term, until, .. } => match until {
            Some(u) if *u > term.finished + 1000 && now >= term.finished + 1000 => waiting(
                "CrashLoopBackOff",
                &format!(
                    "back-off {} restarting failed container={} pod={}",
                    crate::sim::images::go_duration(u - term.finished),
                    c.name,
                    "{pod}"
                ),
            ),
            _ => terminated(term),
        },
    }
}

fn terminated(t: &super::runtime::Term) -> ContainerState {
    ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code: t.code,
            reason: t.reason.clone(),
            message: t.message.clone(),
            started_at: Some(t.started),
            finished_at: Some(t.finished),
            container_id: t.container_id.clone(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn status_of(c: &Ctr, has_init: bool, now: Millis, pod_ref: &str) -> ContainerStatus {
    let mut state = state_of(c, has_init, now);
    if let Some(w) = state.waiting.as_mut() {
        w.message = w.message.replace("{pod}", pod_ref);
    }
    ContainerStatus {
        name: c.name.clone(),
        image: c.image.clone(),
        image_id: c.image_id.clone(),
        container_id: if matches!(c.stage, Stage::Running { .. } | Stage::Exited { .. }) {
            c.container_id.clone()
        } else {
            c.last
                .as_ref()
                .map(|t| t.container_id.clone())
                .unwrap_or_default()
        },
        ready: c.ready && c.is_running(),
        restart_count: c.restarts,
        started: Some(c.is_running()),
        state,
        last_state: c.last.as_ref().map(terminated).unwrap_or_default(),
    }
}

/// `getPhase` of the kubelet.
fn phase(rt: &PodRt, restart_policy: &str) -> &'static str {
    if !rt.inits_done() {
        if rt.init.iter().any(|c| c.finished() && !c.succeeded()) && restart_policy == "Never" {
            return "Failed";
        }
        return "Pending";
    }
    let (mut running, mut waiting, mut stopped, mut failed, mut succeeded) = (0, 0, 0, 0, 0);
    for c in &rt.ctrs {
        match &c.stage {
            Stage::Running { .. } => running += 1,
            Stage::Exited { term, until, .. } => {
                stopped += 1;
                if until.is_none() {
                    if term.code == 0 {
                        succeeded += 1
                    } else {
                        failed += 1
                    }
                }
            }
            _ if c.last.is_some() => stopped += 1,
            _ => waiting += 1,
        }
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped > 0 {
        return match restart_policy {
            "Never" => {
                if failed > 0 {
                    "Failed"
                } else {
                    "Succeeded"
                }
            }
            "OnFailure" => {
                if succeeded == stopped {
                    "Succeeded"
                } else {
                    "Running"
                }
            }
            _ => {
                if succeeded + failed == stopped && rt.stopping.is_some() {
                    if failed > 0 {
                        "Failed"
                    } else {
                        "Succeeded"
                    }
                } else {
                    "Running"
                }
            }
        };
    }
    "Pending"
}

/// Build the status the kubelet would report now.
pub fn build(pod: &Pod, rt: &PodRt, host_ip: &str, now: Millis) -> PodStatus {
    let mut st = pod.status.clone();
    let has_init = !rt.init.is_empty();
    let pod_ref = format!("{}_{}({})", rt.name, rt.ns, rt.uid);
    st.host_ip = host_ip.into();
    st.host_ips = vec![IpEntry { ip: host_ip.into() }];
    if !rt.ip.is_empty() {
        st.pod_ip = rt.ip.clone();
        st.pod_ips = vec![IpEntry { ip: rt.ip.clone() }];
    }
    st.start_time = Some(rt.started_at);
    st.qos_class = qos(&pod.spec).into();
    st.init_container_statuses = rt
        .init
        .iter()
        .map(|c| status_of(c, has_init, now, &pod_ref))
        .collect();
    st.container_statuses = rt
        .ctrs
        .iter()
        .map(|c| status_of(c, has_init, now, &pod_ref))
        .collect();
    let mut phase = phase(rt, &pod.spec.restart_policy);
    if rt.finished {
        // Terminal status written at the end of termination.
        let all_ok = rt.all().filter(|c| !c.init).all(|c| match &c.stage {
            Stage::Exited { term, .. } => term.code == 0,
            _ => false,
        });
        phase = if all_ok { "Succeeded" } else { "Failed" };
    }
    st.phase = phase.into();
    let terminal = phase == "Succeeded" || phase == "Failed";
    let unready: Vec<String> = rt
        .ctrs
        .iter()
        .filter(|c| !(c.ready && c.is_running()))
        .map(|c| c.name.clone())
        .collect();
    let uninit: Vec<String> = rt
        .init
        .iter()
        .filter(|c| !c.succeeded())
        .map(|c| c.name.clone())
        .collect();
    let mut p = Pod {
        status: st,
        ..Default::default()
    };
    set_condition(
        &mut p,
        "PodReadyToStartContainers",
        rt.sandbox_ready && !rt.finished,
        "",
        "",
        now,
    );
    if terminal && uninit.is_empty() {
        set_condition(&mut p, "Initialized", true, "PodCompleted", "", now);
    } else if uninit.is_empty() {
        set_condition(&mut p, "Initialized", true, "", "", now);
    } else {
        let msg = format!("containers with incomplete status: [{}]", uninit.join(" "));
        set_condition(
            &mut p,
            "Initialized",
            false,
            "ContainersNotInitialized",
            &msg,
            now,
        );
    }
    for ty in ["Ready", "ContainersReady"] {
        if terminal {
            set_condition(&mut p, ty, false, "PodCompleted", "", now);
        } else if unready.is_empty() {
            set_condition(&mut p, ty, true, "", "", now);
        } else {
            let msg = format!("containers with unready status: [{}]", unready.join(" "));
            set_condition(&mut p, ty, false, "ContainersNotReady", &msg, now);
        }
    }
    // Upstream order: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
    let order = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    p.status.conditions.sort_by_key(|c| {
        order
            .iter()
            .position(|o| *o == c.type_)
            .unwrap_or(order.len())
    });
    p.status
}

/// QoS class: Guaranteed (limits = requests for cpu and memory on every container),
/// BestEffort (nothing set), else Burstable.
pub fn qos(spec: &PodSpec) -> &'static str {
    let all: Vec<&Container> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter())
        .collect();
    let none = all
        .iter()
        .all(|c| c.resources.requests.is_empty() && c.resources.limits.is_empty());
    if none {
        return "BestEffort";
    }
    let guaranteed = all.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let l = c.resources.limits.get(*r);
            let q = c.resources.requests.get(*r).or(l);
            l.is_some()
                && q.is_some()
                && l.and_then(|x| x.milli_value().ok()) == q.and_then(|x| x.milli_value().ok())
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}
