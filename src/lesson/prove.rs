//! Proving a lesson, the Learn-Git-Branching way: for every step, build its start state exactly
//! as "jump to this step" would ([`Lesson::start_plan`]), check that the goals are NOT all met
//! (a check that passes on the start state is a broken lesson), play the solution, and check
//! that every goal IS met. The machinery that runs commands lives in the lab; it implements
//! [`Runner`] and `lab::prove` calls [`prove_lesson`]. Lesson itself never imports lab or shell.

use std::collections::BTreeMap;

use super::model::{Lesson, LessonKind, Play, Step};
use super::{all_met, CheckResult, History};

/// Virtual time the prover lets the cluster settle after a start plan and after a solution.
pub const SETTLE_MS: u64 = 10 * 60 * 1000;

/// What the prover needs from a session (implemented by the lab over a real `sim::Cluster`).
pub trait Runner {
    /// Start over on a fresh cluster and write the host files.
    fn reset(
        &mut self,
        seed: u64,
        config: Option<&serde_json::Value>,
        files: &BTreeMap<String, String>,
    ) -> Result<(), String>;
    /// Play one item (type a line, write a file, wait, settle, interrupt, inject a fault).
    fn play(&mut self, item: &Play) -> Result<(), String>;
    /// Let the cluster and the terminals settle, bounded by `limit_ms` of virtual time.
    fn settle(&mut self, limit_ms: u64);
    /// Start a new step: forget recorded commands and remember where the watch log and the
    /// clock are now (see [`History`]).
    fn begin_step(&mut self);
    /// The commands run since `begin_step`, with the step's watch-log and clock origin.
    fn history(&self) -> History;
    /// Evaluate the step's goals over the current cluster (`lesson::evaluate`).
    fn evaluate(&self, step: &Step, history: &History) -> Vec<CheckResult>;
}

/// The outcome of proving one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepProof {
    pub step: String,
    /// Goals at the start state (must not all be met).
    pub start: Vec<CheckResult>,
    /// Goals after the solution (must all be met).
    pub end: Vec<CheckResult>,
    /// Why proving failed, if it did.
    pub error: Option<String>,
}

impl StepProof {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Prove every step of a lesson. Sandboxes have no goals and prove trivially.
pub fn prove_lesson(lesson: &Lesson, runner: &mut dyn Runner) -> Vec<StepProof> {
    if lesson.kind == LessonKind::Sandbox {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        out.push(prove_step(
            lesson,
            i,
            &step.solution,
            step.id.clone(),
            runner,
        ));
        for (a, alt) in step.alternatives.iter().enumerate() {
            let name = format!("{}#alternative-{}", step.id, a + 1);
            out.push(prove_step(lesson, i, alt, name, runner));
        }
    }
    out
}

fn prove_step(
    lesson: &Lesson,
    i: usize,
    solution: &[Play],
    name: String,
    runner: &mut dyn Runner,
) -> StepProof {
    let step = &lesson.steps[i];
    let mut proof = StepProof {
        step: name,
        start: Vec::new(),
        end: Vec::new(),
        error: None,
    };
    let plan = lesson.start_plan(i);
    if let Err(e) = runner.reset(plan.seed, plan.config, plan.files) {
        proof.error = Some(format!("reset: {e}"));
        return proof;
    }
    for item in &plan.items {
        if let Err(e) = runner.play(item) {
            proof.error = Some(format!("start plan: {e}"));
            return proof;
        }
    }
    runner.settle(SETTLE_MS);
    runner.begin_step();
    proof.start = runner.evaluate(step, &runner.history());
    if all_met(&proof.start) {
        proof.error = Some("every goal is already met at the start state".into());
        return proof;
    }
    for item in solution {
        if let Err(e) = runner.play(item) {
            proof.error = Some(format!("solution: {e}"));
            return proof;
        }
    }
    runner.settle(SETTLE_MS);
    proof.end = runner.evaluate(step, &runner.history());
    if !all_met(&proof.end) {
        let missing: Vec<String> = proof
            .end
            .iter()
            .filter(|r| !r.met)
            .map(|r| format!("{} ({})", r.id, r.observed))
            .collect();
        proof.error = Some(format!(
            "the solution leaves goals unmet: {}",
            missing.join(", ")
        ));
    }
    proof
}

/// A readable report for `stslab check-lesson` and test failures.
pub fn report(lesson: &Lesson, proofs: &[StepProof]) -> String {
    let mut s = String::new();
    for p in proofs {
        match &p.error {
            None => s.push_str(&format!("ok   {}/{}\n", lesson.id, p.step)),
            Some(e) => s.push_str(&format!("FAIL {}/{}: {e}\n", lesson.id, p.step)),
        }
    }
    s
}
