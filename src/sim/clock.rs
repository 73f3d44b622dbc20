//! Virtual time: [`Millis`] and the timer queue that `Cluster::step` jumps through.
//!
//! Timers are ordered by (due time, insertion sequence) so two timers due at the same instant
//! always fire in the order they were set — natively and in wasm alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::objects::ObjectRef;

/// Virtual milliseconds since [`crate::sim::objects::EPOCH_RFC3339`].
pub type Millis = u64;

/// What a controller asked to be woken for: an optional object plus a free-form purpose tag
/// (e.g. `"minReadySeconds"`, `"pull:nginx"`), delivered back to the controller that set it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimerKey {
    pub object: Option<ObjectRef>,
    pub tag: String,
}

impl TimerKey {
    pub fn new(object: Option<ObjectRef>, tag: &str) -> TimerKey {
        TimerKey {
            object,
            tag: tag.to_string(),
        }
    }

    pub fn for_object(object: ObjectRef, tag: &str) -> TimerKey {
        TimerKey {
            object: Some(object),
            tag: tag.to_string(),
        }
    }
}

/// One pending wake-up: which controller set it and what for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub owner: &'static str,
    pub key: TimerKey,
}

/// Pending timers ordered by (due, seq). Duplicate (owner, key, due) entries are collapsed so a
/// controller re-arming the same wake-up on every sync does not grow the queue.
#[derive(Debug, Clone, Default)]
pub struct TimerQueue {
    entries: BTreeMap<(Millis, u64), Timer>,
    seq: u64,
}

impl TimerQueue {
    /// Schedules `timer` at absolute time `due`.
    pub fn push(&mut self, due: Millis, timer: Timer) {
        if self
            .entries
            .iter()
            .any(|((d, _), t)| *d == due && *t == timer)
        {
            return;
        }
        self.seq += 1;
        self.entries.insert((due, self.seq), timer);
    }

    /// Due time of the earliest timer.
    pub fn next_due(&self) -> Option<Millis> {
        self.entries.keys().next().map(|(d, _)| *d)
    }

    /// Removes and returns every timer due at or before `now`, in firing order.
    pub fn pop_due(&mut self, now: Millis) -> Vec<Timer> {
        let mut out = Vec::new();
        while let Some((&(due, seq), _)) = self.entries.iter().next() {
            if due > now {
                break;
            }
            if let Some(t) = self.entries.remove(&(due, seq)) {
                out.push(t);
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// All pending timers as (due, timer), in firing order (for debugging views).
    pub fn iter(&self) -> impl Iterator<Item = (Millis, &Timer)> {
        self.entries.iter().map(|((d, _), t)| (*d, t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_in_due_then_insertion_order() {
        let mut q = TimerQueue::default();
        let t = |tag: &str| Timer {
            owner: "x",
            key: TimerKey::new(None, tag),
        };
        q.push(20, t("b"));
        q.push(10, t("a"));
        q.push(20, t("c"));
        q.push(20, t("b")); // duplicate collapses
        assert_eq!(q.next_due(), Some(10));
        let fired: Vec<String> = q.pop_due(20).into_iter().map(|t| t.key.tag).collect();
        assert_eq!(fired, ["a", "b", "c"]);
        assert!(q.is_empty());
    }
}
