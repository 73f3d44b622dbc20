//! Learner progress: which steps of which lessons are done, hints seen, whether the solution was
//! shown, and when (a timestamp string supplied by the caller: the core never reads a clock).
//! Serializable for browser storage, and exportable as a completion record a teacher can read,
//! with a checksum that deters casual editing (it is not a signature: any key would ship to the
//! client anyway).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::model::{Localized, Pack};

/// Progress through one pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub pack: String,
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

/// Progress through one lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LessonProgress {
    /// Step ids whose goals were all met.
    #[serde(default)]
    pub steps_done: BTreeSet<String>,
    /// Highest hint tier shown per step (1-based count).
    #[serde(default)]
    pub hints_shown: BTreeMap<String, u32>,
    /// Steps where "Show solution" was used.
    #[serde(default)]
    pub solution_shown: BTreeSet<String>,
    /// When the last step was completed (caller-supplied, e.g. RFC 3339 from the browser).
    #[serde(default)]
    pub completed_at: Option<String>,
}

/// Summary numbers for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn new(pack: &Pack) -> Progress {
        Progress {
            pack: pack.id.clone(),
            lessons: BTreeMap::new(),
        }
    }

    /// Record that a step's goals were all met. `at` is the caller's timestamp; the lesson's
    /// `completed_at` is set the first time every step of the lesson is done.
    pub fn mark_done(&mut self, pack: &Pack, lesson: &str, step: &str, at: &str) {
        let Some(l) = pack.lessons.iter().find(|l| l.id == lesson) else {
            return;
        };
        if !l.steps.iter().any(|s| s.id == step) {
            return;
        }
        let lp = self.lessons.entry(lesson.to_string()).or_default();
        lp.steps_done.insert(step.to_string());
        if lp.completed_at.is_none() && l.steps.iter().all(|s| lp.steps_done.contains(&s.id)) {
            lp.completed_at = Some(at.to_string());
        }
    }

    pub fn note_hint(&mut self, lesson: &str, step: &str, tier: u32) {
        let lp = self.lessons.entry(lesson.to_string()).or_default();
        let e = lp.hints_shown.entry(step.to_string()).or_insert(0);
        *e = (*e).max(tier);
    }

    pub fn note_solution(&mut self, lesson: &str, step: &str) {
        let lp = self.lessons.entry(lesson.to_string()).or_default();
        lp.solution_shown.insert(step.to_string());
    }

    pub fn is_step_done(&self, lesson: &str, step: &str) -> bool {
        self.lessons
            .get(lesson)
            .is_some_and(|l| l.steps_done.contains(step))
    }

    /// Steps done / steps in the lesson (ids no longer in the pack are not counted).
    pub fn lesson_tally(&self, pack: &Pack, lesson: &str) -> Tally {
        let Some(l) = pack.lessons.iter().find(|l| l.id == lesson) else {
            return Tally { done: 0, total: 0 };
        };
        let done = self.lessons.get(lesson).map_or(0, |lp| {
            l.steps
                .iter()
                .filter(|s| lp.steps_done.contains(&s.id))
                .count()
        });
        Tally {
            done,
            total: l.steps.len(),
        }
    }

    pub fn is_lesson_done(&self, pack: &Pack, lesson: &str) -> bool {
        let t = self.lesson_tally(pack, lesson);
        t.total > 0 && t.done == t.total
    }

    /// Lessons done / lessons in the pack (sandboxes have no goals and are not counted).
    pub fn overall(&self, pack: &Pack) -> Tally {
        let counted: Vec<_> = pack
            .lessons
            .iter()
            .filter(|l| l.steps.iter().any(|s| !s.goals.is_empty()))
            .collect();
        Tally {
            done: counted
                .iter()
                .filter(|l| self.is_lesson_done(pack, &l.id))
                .count(),
            total: counted.len(),
        }
    }

    /// The first lesson/step not yet done, for a "Continue" button.
    pub fn next(&self, pack: &Pack) -> Option<(String, String)> {
        pack.lessons.iter().find_map(|l| {
            l.steps
                .iter()
                .find(|s| !s.goals.is_empty() && !self.is_step_done(&l.id, &s.id))
                .map(|s| (l.id.clone(), s.id.clone()))
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Restore saved progress; bad input is an error, never a panic.
    pub fn from_json(s: &str) -> Result<Progress, String> {
        serde_json::from_str(s).map_err(|e| format!("progress data is not valid: {e}"))
    }

    /// The completion record a learner can hand to a teacher.
    pub fn completion_record(&self, pack: &Pack, learner: &str) -> CompletionRecord {
        let lessons = pack
            .lessons
            .iter()
            .filter_map(|l| {
                let lp = self.lessons.get(&l.id)?;
                let t = self.lesson_tally(pack, &l.id);
                if t.done == 0 {
                    return None;
                }
                Some(CompletedLesson {
                    id: l.id.clone(),
                    title: l.title.clone(),
                    steps_done: t.done,
                    steps_total: t.total,
                    completed_at: lp.completed_at.clone(),
                    solutions_shown: lp.solution_shown.len(),
                    hints_shown: lp.hints_shown.values().sum(),
                })
            })
            .collect();
        let mut rec = CompletionRecord {
            pack: pack.id.clone(),
            pack_title: pack.title.clone(),
            learner: learner.to_string(),
            lessons,
            checksum: String::new(),
        };
        rec.checksum = rec.compute_checksum();
        rec
    }
}

/// What a learner exports: the pack, the lessons done, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionRecord {
    pub pack: String,
    pub pack_title: Localized,
    pub learner: String,
    pub lessons: Vec<CompletedLesson>,
    /// FNV-1a over the record's other fields; see [`CompletionRecord::verify`].
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletedLesson {
    pub id: String,
    pub title: Localized,
    pub steps_done: usize,
    pub steps_total: usize,
    pub completed_at: Option<String>,
    pub solutions_shown: usize,
    pub hints_shown: u32,
}

impl CompletionRecord {
    fn compute_checksum(&self) -> String {
        let mut copy = self.clone();
        copy.checksum = String::new();
        let body = serde_json::to_string(&copy).unwrap_or_default();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in b"stslab-completion-v1\0".iter().chain(body.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// True if the record was not edited since it was exported.
    pub fn verify(&self) -> bool {
        self.checksum == self.compute_checksum()
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(s: &str) -> Result<CompletionRecord, String> {
        serde_json::from_str(s).map_err(|e| format!("completion record is not valid: {e}"))
    }

    /// A plain-text summary in the given locale (for printing or pasting into a message).
    pub fn summary(&self, locale: &str) -> String {
        let zh = locale.starts_with("zh");
        let mut s = format!("{}\n", self.pack_title.get(locale));
        if !self.learner.is_empty() {
            s.push_str(&format!(
                "{}{}\n",
                if zh { "学员：" } else { "Learner: " },
                self.learner
            ));
        }
        for l in &self.lessons {
            let when =
                l.completed_at
                    .as_deref()
                    .unwrap_or(if zh { "未完成" } else { "in progress" });
            s.push_str(&format!(
                "- {} ({}/{}) {}\n",
                l.title.get(locale),
                l.steps_done,
                l.steps_total,
                when
            ));
        }
        s.push_str(&format!(
            "{}{}\n",
            if zh { "校验码：" } else { "Checksum: " },
            self.checksum
        ));
        s
    }
}
