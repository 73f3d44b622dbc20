//! Rewinding: the session as it was at an earlier virtual time, and continuing from there.
//!
//! The session is deterministic, so "the cluster at 12.5 s" is a replay of the action log from
//! the seed, stopped where the log reaches that moment. The replay keeps every action that
//! began before it (and those at exactly that time, e.g. commands typed while paused), and
//! holds the clock at it: a `Tick`, `Step` or "until stable" that crossed it stops there.
//! The page previews such a replay while the learner scrubs the timeline; [`Action::Rewind`]
//! makes it the session, which discards the future (the page confirms first).
//!
//! A reset or a lesson jump starts a new cluster (an *epoch*): its log entry carries the new
//! cluster's time, so a rewind never reaches back across it into the previous cluster. A
//! switch of lesson pack is an epoch too: a rewind never silently changes the course.
//!
//! After [`Action::Undo`] the log's times go back as well; the replay ends before the last
//! run of actions that all lie after the chosen moment, so it follows the current branch.
//!
//! [`Action::Rewind`]: super::Action::Rewind
//! [`Action::Undo`]: super::Action::Undo

use std::rc::Rc;

use super::{Action, Effect, Lab, MAX_TIME};
use crate::sim::Millis;

/// A replay in progress: time stops at `cap`; `capped` lists the log indexes of the actions
/// that would have moved it further.
#[derive(Clone, Debug, Default)]
pub(super) struct Replay {
    cap: Millis,
    capped: Vec<usize>,
}

impl Lab {
    /// `want` as far as the clock may go now (a replay's cap, and the session's limit);
    /// notes the action being dispatched when a replay's cap cut it short.
    pub(super) fn cap(&mut self, want: Millis) -> Millis {
        let want = want.min(MAX_TIME);
        let index = self.log.len().saturating_sub(1);
        match &mut self.replay {
            Some(r) if want > r.cap => {
                if r.capped.last() != Some(&index) {
                    r.capped.push(index);
                }
                r.cap
            }
            _ => want,
        }
    }

    /// The earliest virtual time a rewind can reach: the start of the current epoch.
    pub fn first_time(&self) -> Millis {
        match self.epoch() {
            Some(i) => self.log_at[i],
            // A fresh session's cluster starts at time zero.
            None => 0,
        }
    }

    /// Index of the last logged action that started a new cluster (reset, lesson jump).
    fn epoch(&self) -> Option<usize> {
        self.log.iter().rposition(|a| {
            matches!(
                a,
                Action::Reset { .. } | Action::LessonGoto { .. } | Action::UsePack { .. }
            )
        })
    }

    /// Called right after a reset or lesson jump: its log entry gets the new cluster's time.
    pub(super) fn mark_epoch(&mut self) {
        let now = self.cluster.now();
        if let Some(t) = self.log_at.last_mut() {
            *t = now;
        }
    }

    /// How many logged actions lie after virtual time `to` (what a rewind there discards).
    pub fn actions_after(&self, to: Millis) -> usize {
        self.log.len() - self.keep_until(to)
    }

    /// Length of the log prefix that a replay to `to` keeps.
    fn keep_until(&self, to: Millis) -> usize {
        let floor = self.epoch().map_or(0, |i| i + 1);
        let mut keep = self.log_at.len();
        while keep > floor && self.log_at[keep - 1] > to {
            keep -= 1;
        }
        keep
    }

    /// A fresh session on this one's seed and course that replays `log`, stopping time at `cap`.
    fn replay(&self, log: &[Action], cap: Option<Millis>) -> Lab {
        let mut lab = Lab::new(self.seed);
        // The log switches packs where the learner did (`Action::UsePack`).
        lab.pack = Rc::clone(&self.start_pack);
        lab.start_pack = Rc::clone(&self.start_pack);
        lab.teacher = self.teacher.clone();
        lab.replay = cap.map(|cap| Replay {
            cap,
            capped: Vec::new(),
        });
        for a in log {
            lab.dispatch(a.clone());
        }
        lab
    }

    /// A new session: this one replayed up to virtual time `to` (see the module docs).
    /// The editor keeps the text the learner has now, so a rewind loses no typing.
    pub fn replay_until(&self, to: Millis) -> Lab {
        let keep = self.keep_until(to);
        let mut lab = self.replay(&self.log[..keep], Some(to));
        if lab.editor.file == self.editor.file && lab.editor.text != self.editor.text {
            lab.dispatch(Action::SetEditor {
                text: self.editor.text.clone(),
            });
        }
        lab
    }

    /// [`Action::Rewind`]: become the replay up to `to`. An action the cap cut short is logged
    /// as the `Tick` it amounted to, so the new session's log (and share link) replays to
    /// exactly this state without a cap.
    pub(super) fn rewind(&mut self, to: Millis, fx: &mut Vec<Effect>) {
        if to >= self.cluster.now() {
            fx.push(Effect::Notice("That moment is not in the past.".into()));
            return;
        }
        let mut cut = self.replay_until(to);
        let capped = cut.replay.take().map(|r| r.capped).unwrap_or_default();
        for i in capped {
            cut.log[i] = Action::Tick {
                ms: to.saturating_sub(cut.log_at[i]),
            };
        }
        *self = self.replay(&cut.log, None);
        fx.push(Effect::Reset);
    }
}
