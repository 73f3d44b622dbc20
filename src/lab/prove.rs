//! Proving lessons on the real lab: [`LabRunner`] implements lesson's [`Runner`] over a
//! [`Lab`] (fresh cluster, the same `play` the learner's "jump to step" uses, settling through
//! `Action::Tick`, the lab's recorded command history), so `lesson::prove::prove_lesson`
//! checks every step on exactly the machinery the learner uses: the start state must not meet
//! every goal, and the solution (and each alternative) must meet all of them.

use std::collections::BTreeMap;

use super::lessons::{begin, fresh, play, settle};
use super::Lab;
use crate::lesson::prove::{prove_lesson, report, Runner, StepProof};
use crate::lesson::view::SimView;
use crate::lesson::{self, CheckResult, History, Lesson, Play, Step};

/// The lab as lesson's prover runner.
pub struct LabRunner {
    pub lab: Lab,
}

impl LabRunner {
    pub fn new() -> LabRunner {
        LabRunner { lab: Lab::new(1) }
    }
}

impl Default for LabRunner {
    fn default() -> Self {
        LabRunner::new()
    }
}

impl Runner for LabRunner {
    fn reset(
        &mut self,
        seed: u64,
        config: Option<&serde_json::Value>,
        files: &BTreeMap<String, String>,
    ) -> Result<(), String> {
        self.lab = fresh(seed, config, files)?;
        Ok(())
    }
    fn play(&mut self, item: &Play) -> Result<(), String> {
        play(&mut self.lab, item).map(|_| ())
    }
    fn settle(&mut self, limit_ms: u64) {
        settle(&mut self.lab, limit_ms);
    }
    fn begin_step(&mut self) {
        // The lab records commands into its lesson state; start a fresh one here.
        let (l, s) = self
            .lab
            .lesson
            .as_ref()
            .map(|l| (l.lesson.clone(), l.step))
            .unwrap_or_default();
        begin(&mut self.lab, &l, s);
    }
    fn history(&self) -> History {
        self.lab
            .lesson
            .as_ref()
            .map(|l| l.history.clone())
            .unwrap_or_default()
    }
    fn evaluate(&self, step: &Step, history: &History) -> Vec<CheckResult> {
        lesson::evaluate_view(step, &SimView::new(&self.lab.cluster), history)
    }
}

/// Prove every step of a lesson on the lab: the per-step proofs and a readable report.
pub fn prove_all(lesson: &Lesson) -> (Vec<StepProof>, String) {
    let mut runner = LabRunner::new();
    let proofs = prove_lesson(lesson, &mut runner);
    let text = report(lesson, &proofs);
    (proofs, text)
}

/// Prove a lesson on the lab; `Ok(report)` when every step proves, `Err(report)` otherwise.
pub fn prove(lesson: &Lesson) -> Result<String, String> {
    let (proofs, text) = prove_all(lesson);
    if proofs.iter().all(|p| p.ok()) {
        Ok(text)
    } else {
        Err(text)
    }
}
