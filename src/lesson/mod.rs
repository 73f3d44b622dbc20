//! Lesson packs, goal checks and progress. See ARCHITECTURE.md and `lessons/README.md` (the
//! authoring format).
//!
//! - [`model`]: the file format as serde types ([`Pack`], [`Lesson`], [`Step`], [`Goal`], …).
//! - [`load`]: parse + validate, errors with line/column ([`PackError`]).
//! - [`check`]: declarative goal predicates over a [`check::View`] of the cluster and [`History`].
//! - [`markdown`]: the safe Markdown subset → data tree the web renders.
//! - [`progress`]: per-lesson and overall progress, exportable completion record.
//!
//! Lesson does not import lab or shell: the lab runs plays (setup/solution) and hands in the
//! commands the learner ran as a [`History`]. `lab::prove` uses [`Lesson::start_plan`] and
//! [`evaluate`] to prove every lesson.

pub mod argv;
pub mod check;
pub mod history;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod prove;
pub mod view;

use serde::Serialize;
use std::collections::BTreeMap;

pub use check::{Check, View};
pub use history::{CommandRecord, History};
pub use load::PackError;
pub use model::{
    ClusterSpec, Duration, Goal, Lesson, LessonKind, Localized, MenuItem, Pack, Play, PlayItem,
    Snippet, Step,
};
pub use progress::{CompletionRecord, Progress};

/// One built-in lesson: (source file name, the lesson as JSON). `build.rs` converts each
/// `lessons/NAME.yaml` to JSON at build time (JSON parses about twenty times faster, and the
/// page parses the whole course before it is interactive).
macro_rules! builtin_lesson {
    ($name:literal) => {
        (
            concat!($name, ".yaml"),
            include_str!(concat!(env!("OUT_DIR"), "/lessons/", $name, ".json")),
        )
    };
}

/// The built-in course, one lesson per file, in order: (source file under `lessons/`, JSON).
pub const BUILTIN: &[(&str, &str)] = &[
    builtin_lesson!("01-why-statefulset"),
    builtin_lesson!("02-basics"),
    builtin_lesson!("03-create"),
    builtin_lesson!("04-network-identity"),
    builtin_lesson!("05-storage"),
    builtin_lesson!("06-scaling"),
    builtin_lesson!("07-updates"),
    builtin_lesson!("08-mysql"),
    builtin_lesson!("09-manage"),
    builtin_lesson!("10-best-practices"),
    builtin_lesson!("11-troubleshoot-storage"),
    builtin_lesson!("12-troubleshoot-dns"),
    builtin_lesson!("13-troubleshoot-rollout"),
    builtin_lesson!("14-troubleshoot-scheduling"),
    builtin_lesson!("15-sandbox"),
];

/// The built-in course as a pack. Its content is tested to load and to equal its YAML sources
/// (tests/lesson_load.rs, tests/lesson_content.rs), so an error here means a broken build,
/// which the tests catch; callers still get a Result.
pub fn builtin() -> Result<Pack, PackError> {
    Pack::from_json_files(
        "statefulset-lab",
        Localized::of(&[("en", "StatefulSet Lab"), ("zh-CN", "StatefulSet 实验室")]),
        BUILTIN,
    )
}

/// The result of one goal check, for the live checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub met: bool,
    /// What the check compares, in every language of the lesson.
    pub label: Localized,
    /// What was observed (language-neutral values), e.g. `phase=Pending ready=false`.
    pub observed: String,
}

/// Evaluate every goal of a step over a view of the cluster and the step's history.
pub fn evaluate_view(step: &Step, view: &dyn View, history: &History) -> Vec<CheckResult> {
    step.goals
        .iter()
        .map(|g| {
            let o = check::eval(&g.check, view, history);
            CheckResult {
                id: g.id.clone(),
                met: o.met,
                label: g.label.clone(),
                observed: o.observed,
            }
        })
        .collect()
}

/// Evaluate every goal of a step over the simulated cluster.
pub fn evaluate(step: &Step, cluster: &crate::sim::Cluster, history: &History) -> Vec<CheckResult> {
    evaluate_view(step, &view::SimView::new(cluster), history)
}

/// True when every goal is met (a step with no goals is never "done").
pub fn all_met(results: &[CheckResult]) -> bool {
    !results.is_empty() && results.iter().all(|r| r.met)
}

/// How to build the start state of a step: on a fresh cluster with `seed`/`config`, write
/// `files`, then play `items` in order, then let the cluster settle.
#[derive(Debug, Clone, PartialEq)]
pub struct StartPlan<'a> {
    pub seed: u64,
    pub config: Option<&'a serde_json::Value>,
    pub files: &'a BTreeMap<String, String>,
    pub items: Vec<&'a Play>,
}

impl Lesson {
    /// The plan that builds step `index`'s start state: the lesson setup, then for every step
    /// from the nearest fresh start up to `index - 1` its setup and solution, then this step's
    /// setup. Out-of-range indices are clamped to the last step.
    pub fn start_plan(&self, index: usize) -> StartPlan<'_> {
        let index = index.min(self.steps.len().saturating_sub(1));
        let root = (0..=index)
            .rev()
            .find(|&k| self.steps.get(k).is_some_and(|s| s.fresh))
            .unwrap_or(0);
        let mut items: Vec<&Play> = self.setup.iter().collect();
        for k in root..index {
            items.extend(self.steps[k].setup.iter());
            items.extend(self.steps[k].solution.iter());
        }
        if let Some(s) = self.steps.get(index) {
            items.extend(s.setup.iter());
        }
        StartPlan {
            seed: self.cluster.seed,
            config: self.cluster.config.as_ref(),
            files: &self.files,
            items,
        }
    }

    /// Index of a step by id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}

impl Pack {
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}

impl Step {
    /// The step's narrative as a Markdown tree in `locale` (with the fallback chain).
    pub fn text_blocks(&self, locale: &str) -> Vec<markdown::Block> {
        markdown::render(self.text.get(locale))
    }

    /// The explanation shown once the step is done, if any.
    pub fn explain_blocks(&self, locale: &str) -> Option<Vec<markdown::Block>> {
        self.explain
            .as_ref()
            .map(|e| markdown::render(e.get(locale)))
    }

    /// The first `tiers` hints (1-based count), each as a Markdown tree.
    pub fn hint_blocks(&self, locale: &str, tiers: usize) -> Vec<Vec<markdown::Block>> {
        self.hints
            .iter()
            .take(tiers)
            .map(|h| markdown::render(h.get(locale)))
            .collect()
    }
}
