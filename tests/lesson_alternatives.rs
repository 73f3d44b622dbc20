//! The checks are fair: a learner who reaches a step's goal another reasonable way must pass.
//! `tests/lesson_prove.rs` proves every listed alternative; this file makes sure the list
//! exists. Every built-in step with a solution either lists at least one alternative
//! (`alternatives:` in the lesson YAML, see lessons/README.md) or is on [`SINGLE_PATH`] with
//! the reason, so the audit cannot silently regress when a step is added or rewritten.
//! It also plays every solution and alternative on the lab and rejects commands the simulator
//! does not know, so an alternative cannot "pass" on the strength of its other lines while one
//! of its commands only printed an error.

use std::collections::BTreeSet;

use stslab::lab::lessons::{build_start, play};
use stslab::lesson::{self, LessonKind, Play};

/// Steps where there is truly only one reasonable way to reach the goal, as
/// `(lesson id, step id, reason)`. An entry here must have no alternatives (a stale entry
/// fails the test), and the reason must say why no second way exists.
///
/// Empty today: every step of lessons 01–14 lists at least one alternative. Steps whose goal
/// *is* a particular command (a watch, a refused patch, `rollout history`) still list a
/// different spelling or order of the same command, or a different fix around it, so that
/// the `ran` matching is proved to accept what learners type.
const SINGLE_PATH: &[(&str, &str, &str)] = &[];

#[test]
fn every_step_lists_an_alternative_or_says_why_not() {
    let pack = lesson::builtin().expect("builtin");
    let allowed: BTreeSet<(&str, &str)> = SINGLE_PATH.iter().map(|(l, s, _)| (*l, *s)).collect();
    let mut missing = Vec::new();
    let mut seen = BTreeSet::new();
    for l in &pack.lessons {
        if l.kind == LessonKind::Sandbox {
            continue;
        }
        for s in &l.steps {
            if s.solution.is_empty() {
                continue;
            }
            let key = (l.id.as_str(), s.id.as_str());
            if allowed.contains(&key) {
                seen.insert(key);
                assert!(
                    s.alternatives.is_empty(),
                    "{}/{} is on SINGLE_PATH but lists alternatives: remove it from the list",
                    l.id,
                    s.id
                );
            } else if s.alternatives.is_empty() {
                missing.push(format!("{}/{}", l.id, s.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "steps without an alternative solution (add one under `alternatives:`, or put the \
         step on SINGLE_PATH with the reason): {}",
        missing.join(", ")
    );
    for (l, s, why) in SINGLE_PATH {
        assert!(
            seen.contains(&(*l, *s)),
            "SINGLE_PATH names {l}/{s}, no such step"
        );
        assert!(
            why.len() > 20,
            "{l}/{s}: give the reason it has a single path"
        );
    }
}

#[test]
fn alternatives_differ_from_the_solution_and_each_other() {
    let pack = lesson::builtin().expect("builtin");
    for l in &pack.lessons {
        for s in &l.steps {
            let mut all: Vec<&Vec<Play>> = vec![&s.solution];
            all.extend(&s.alternatives);
            for (i, a) in all.iter().enumerate() {
                for b in &all[..i] {
                    assert_ne!(
                        a, b,
                        "{}/{}: alternative {i} repeats an earlier solution",
                        l.id, s.id
                    );
                }
            }
        }
    }
}

/// What the terminal prints when a command or flag is not supported (by kubectl, the shell
/// or this simulator). A solution that prints one of these proves nothing about that line.
const UNSUPPORTED: &[&str] = &[
    "unknown command",
    "unknown flag",
    "unknown shorthand flag",
    "is not available in this simulator",
    "command not found",
    "doesn't have a resource type",
    "PLAY ERROR",
];

#[test]
fn solutions_and_alternatives_use_supported_commands() {
    let pack = lesson::builtin().expect("builtin");
    let mut bad = Vec::new();
    for l in &pack.lessons {
        if l.kind == LessonKind::Sandbox {
            continue;
        }
        for (i, s) in l.steps.iter().enumerate() {
            let runs = std::iter::once(("solution".to_string(), &s.solution)).chain(
                s.alternatives
                    .iter()
                    .enumerate()
                    .map(|(a, alt)| (format!("alternative {}", a + 1), alt)),
            );
            for (name, items) in runs {
                let mut lab = build_start(l, i, None).expect("start state");
                for item in items {
                    let out = play(&mut lab, item).unwrap_or_else(|e| format!("PLAY ERROR {e}"));
                    if let Some(u) = UNSUPPORTED.iter().find(|u| out.contains(**u)) {
                        bad.push(format!("{}/{} {name}: {item:?} printed {u:?}", l.id, s.id));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
