//! Container log files: what each container instance wrote to stdout and stderr, with the
//! virtual time of every line (the kubelet's `/var/log/pods/NS_POD_UID/CONTAINER/N.log`).
//! They live with the volumes because they are node-side files: kept per instance (pod uid,
//! container, restart count) so `kubectl logs -p` reads the previous one, and dropped with the
//! pod's other trees.
//!
//! Only output the simulator genuinely knows is recorded: what the kubelet's script
//! interpreter (`sim::kubelet::script`) runs for `sh -c` and exec'd busybox commands. The
//! startup output of nginx, mysql and http-echo cannot be reproduced byte for byte, so their
//! streams stay empty rather than invented.
//!
//! A script's whole run is interpreted at container start, so every line is stored up front
//! with the time it is written; readers show only lines whose time has come. A loop that
//! runs forever and prints the same lines every period is kept as a [`Repeat`] generator
//! instead of a growing list. When the instance ends (exit or kill), [`ContainerLogs::end`]
//! cuts what it would have written later.

use crate::sim::clock::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which stream a line was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogStream {
    Stdout,
    Stderr,
}

/// One line of output (`partial`: written without a trailing newline).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: Millis,
    pub stream: LogStream,
    pub text: String,
    pub partial: bool,
}

/// The same lines every `period` ms from `from` on (offsets relative to each period's start),
/// forever or until the instance ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub from: Millis,
    pub period: Millis,
    pub lines: Vec<LogLine>,
}

/// The log of one container instance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceLog {
    pub lines: Vec<LogLine>,
    pub repeat: Option<Repeat>,
    /// When the process ended; nothing written after it.
    pub end: Option<Millis>,
}

impl InstanceLog {
    /// Lines written in `(after, until]` (`after = None`: from the beginning), in time order.
    pub fn between(&self, after: Option<Millis>, until: Millis) -> Vec<LogLine> {
        let until = self.end.map_or(until, |e| e.min(until));
        let fresh = |at: Millis| after.is_none_or(|a| at > a) && at <= until;
        let mut out: Vec<LogLine> = self.lines.iter().filter(|l| fresh(l.at)).cloned().collect();
        if let Some(r) = &self.repeat {
            if r.period > 0 && r.from <= until {
                // First period that can hold a fresh line.
                let lo = after.map_or(0, |a| a.saturating_sub(r.from) / r.period);
                let hi = (until - r.from) / r.period;
                for k in lo..=hi {
                    let base = r.from + k * r.period;
                    for l in &r.lines {
                        let at = base + l.at;
                        if fresh(at) {
                            out.push(LogLine { at, ..l.clone() });
                        }
                    }
                }
            }
        }
        out
    }

    /// Time of the first line written after `after`, if any is ever written.
    pub fn next_after(&self, after: Millis) -> Option<Millis> {
        let mut next = self.lines.iter().map(|l| l.at).find(|at| *at > after);
        if let Some(r) = &self.repeat {
            if r.period > 0 && !r.lines.is_empty() {
                let k = after.saturating_sub(r.from) / r.period;
                let cand = (k..k + 2)
                    .flat_map(|k| r.lines.iter().map(move |l| r.from + k * r.period + l.at))
                    .find(|at| *at > after);
                next = match (next, cand) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
        next.filter(|at| self.end.is_none_or(|e| *at <= e))
    }
}

/// Key of one container instance's log.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogKey {
    pub pod_uid: String,
    pub container: String,
    pub instance: i32,
}

/// Every container instance's log in the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerLogs {
    logs: BTreeMap<LogKey, InstanceLog>,
}

impl ContainerLogs {
    pub fn key(pod_uid: &str, container: &str, instance: i32) -> LogKey {
        LogKey {
            pod_uid: pod_uid.into(),
            container: container.into(),
            instance,
        }
    }

    /// Store a new instance's log (replacing any earlier one under that key).
    pub fn put(&mut self, key: LogKey, log: InstanceLog) {
        self.logs.insert(key, log);
    }

    pub fn get(&self, key: &LogKey) -> Option<&InstanceLog> {
        self.logs.get(key)
    }

    /// The instance's process ended at `at`.
    pub fn end(&mut self, key: &LogKey, at: Millis) {
        if let Some(l) = self.logs.get_mut(key) {
            if l.end.is_none() {
                l.end = Some(at);
            }
        }
    }

    /// Forget every log of a pod.
    pub fn drop_pod(&mut self, uid: &str) {
        // Keys order by pod uid first: the pod's logs are one range.
        let start = ContainerLogs::key(uid, "", i32::MIN);
        let doomed: Vec<LogKey> = self
            .logs
            .range(start..)
            .map(|(k, _)| k)
            .take_while(|k| k.pod_uid == uid)
            .cloned()
            .collect();
        for k in &doomed {
            self.logs.remove(k);
        }
    }
}

/// Split written text into lines at `at` (a trailing fragment without newline is partial).
pub fn lines_of(text: &str, at: Millis, stream: LogStream, out: &mut Vec<LogLine>) {
    let mut rest = text;
    while !rest.is_empty() {
        let (line, partial, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], false, &rest[i + 1..]),
            None => (rest, true, ""),
        };
        out.push(LogLine {
            at,
            stream,
            text: line.to_string(),
            partial,
        });
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: Millis, t: &str) -> LogLine {
        LogLine {
            at,
            stream: LogStream::Stdout,
            text: t.into(),
            partial: false,
        }
    }

    #[test]
    fn repeat_generates_lazily_and_ends() {
        let mut l = InstanceLog {
            lines: vec![line(100, "start")],
            repeat: Some(Repeat {
                from: 100,
                period: 5000,
                lines: vec![line(0, "hi")],
            }),
            end: None,
        };
        let at: Vec<Millis> = l.between(None, 10_100).iter().map(|l| l.at).collect();
        assert_eq!(at, vec![100, 100, 5100, 10_100]);
        let at: Vec<Millis> = l.between(Some(5100), 10_100).iter().map(|l| l.at).collect();
        assert_eq!(at, vec![10_100]);
        assert_eq!(l.next_after(5100), Some(10_100));
        l.end = Some(7000);
        assert_eq!(l.between(None, 1_000_000).len(), 3);
        assert_eq!(l.next_after(5100), None);
    }
}
