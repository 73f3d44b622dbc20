//! The timeline under the cluster picture: for every pod name of a namespace, the STATUS column
//! over virtual time as `kubectl get pods -w` shows it, with the Events behind each stretch.
//!
//! Rows are keyed by pod *name*, not uid: when the StatefulSet controller recreates `web-1`, the
//! new pod continues the old row after a gap, which is the identity story in one picture. Pods
//! that are gone keep their row, so a rolling update's reverse order (web-2, then web-1, then
//! web-0 terminating and returning) stays visible after it finished. The source is the API
//! server's watch log, so the history reaches back as far as the log is retained.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::kubectl::printers::pod::pod_status;
use crate::sim::api::WatchEventType;
use crate::sim::{Cluster, Kind, Millis, Object};

/// One pod name's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PodTimeline {
    pub pod: String,
    pub spans: Vec<Span>,
}

/// A stretch of time in one state. `to` is None while it lasts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    pub from: Millis,
    pub to: Option<Millis>,
    /// The STATUS column (`Pending`, `ContainerCreating`, `Running`, `Terminating`, …).
    pub status: String,
    /// `status.phase`.
    pub phase: String,
    /// The Ready condition was True.
    pub ready: bool,
    /// The pod had a deletionTimestamp.
    pub deleting: bool,
    /// Events about the pod that happened during the stretch, oldest first.
    pub events: Vec<EventNote>,
}

/// One Event about a pod.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventNote {
    pub at: Millis,
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    pub message: String,
}

/// Sort key that puts `web-2` before `web-10` and groups a set's pods together.
fn natural(name: &str) -> (String, u64, String) {
    match name.rsplit_once('-') {
        Some((base, n))
            if !n.is_empty() && n.len() < 19 && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (base.to_string(), n.parse().unwrap_or(0), name.to_string())
        }
        _ => (name.to_string(), 0, name.to_string()),
    }
}

/// The timelines of namespace `ns`, one row per pod name, in natural name order.
pub fn build(c: &Cluster, ns: &str) -> Vec<PodTimeline> {
    let mut rows: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for ev in c.api().watch_log() {
        let Object::Pod(p) = &*ev.object else {
            continue;
        };
        if p.metadata.namespace != ns {
            continue;
        }
        let spans = rows.entry(p.metadata.name.clone()).or_default();
        let open = spans.last_mut().filter(|s| s.to.is_none());
        if ev.kind == WatchEventType::Deleted {
            if let Some(s) = open {
                s.to = Some(ev.time);
            }
            continue;
        }
        let (_, status, _) = pod_status(p, ev.time);
        let (ready, deleting) = (p.is_ready(), p.metadata.deletion_timestamp.is_some());
        if let Some(s) = open {
            if s.status == status && s.ready == ready && s.deleting == deleting {
                continue;
            }
            s.to = Some(ev.time);
        }
        spans.push(Span {
            from: ev.time,
            to: None,
            status,
            phase: p.status.phase.clone(),
            ready,
            deleting,
            events: Vec::new(),
        });
    }
    for o in c.api().list(Kind::Event, Some(ns)) {
        let Object::Event(e) = o else { continue };
        if e.involved_object.kind != "Pod" {
            continue;
        }
        let Some(spans) = rows.get_mut(&e.involved_object.name) else {
            continue;
        };
        let at = e
            .last_timestamp
            .or(e.event_time)
            .or(e.first_timestamp)
            .unwrap_or_default();
        // The stretch it happened in; in a gap (the pod was gone), the one before.
        let i = spans.iter().rposition(|s| s.from <= at).unwrap_or_default();
        if let Some(s) = spans.get_mut(i) {
            s.events.push(EventNote {
                at,
                type_: e.type_.clone(),
                reason: e.reason.clone(),
                message: e.message.clone(),
            });
        }
    }
    let mut out: Vec<PodTimeline> = rows
        .into_iter()
        .filter(|(_, spans)| !spans.is_empty())
        .map(|(pod, mut spans)| {
            for s in &mut spans {
                s.events.sort_by_key(|e| e.at);
            }
            PodTimeline { pod, spans }
        })
        .collect();
    out.sort_by_key(|r| natural(&r.pod));
    out
}

#[cfg(test)]
mod tests {
    use super::natural;

    #[test]
    fn natural_order_keeps_ordinals_numeric() {
        let mut v = vec!["web-10", "web-2", "db-0", "web-0", "busybox"];
        v.sort_by_key(|n| natural(n));
        assert_eq!(v, vec!["busybox", "db-0", "web-0", "web-2", "web-10"]);
    }
}
