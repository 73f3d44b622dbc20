//! Lessons on the lab: "jump to step" builds a step's start state from its plan
//! ([`start_lesson`]), playing setup and solution items on the same machinery the learner uses.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Action, Editor, Effect, Lab, LessonState};
use crate::lesson::prove::SETTLE_MS;
use crate::lesson::{self, History, Lesson, MenuItem, Pack, Play, PlayItem};
use crate::shell::terminal::render;
use crate::sim::{Cluster, ClusterConfig};

/// Run one play item on the lab; returns the terminal text it produced.
pub fn play(lab: &mut Lab, item: &Play) -> Result<String, String> {
    let collect = |fx: Vec<Effect>| {
        let mut s = String::new();
        for f in fx {
            if let Effect::Output { chunks, .. } = f {
                s.push_str(&render(&chunks));
            }
        }
        s
    };
    Ok(match item {
        Play::Line(line) => render(&lab.run_line(0, line)),
        Play::Item(PlayItem::Run { line, term }) if *term == 0 => render(&lab.run_line(0, line)),
        // Another terminal keeps its command running (typically a watch).
        Play::Item(PlayItem::Run { line, term }) => collect(lab.dispatch(Action::Command {
            term: *term,
            line: line.clone(),
        })),
        Play::Item(PlayItem::File { name, content }) => {
            lab.vfs.write(name, content);
            if lab.editor.file == *name {
                lab.editor.text = content.clone();
            }
            String::new()
        }
        Play::Item(PlayItem::Wait(d)) => collect(lab.dispatch(Action::Tick { ms: d.millis() })),
        Play::Item(PlayItem::Settle(d)) => {
            settle(lab, d.millis());
            String::new()
        }
        Play::Item(PlayItem::Interrupt(t)) => collect(lab.dispatch(Action::Interrupt { term: *t })),
        Play::Item(PlayItem::Fault(v)) => {
            let f = serde_json::from_value(v.clone()).map_err(|e| format!("bad fault {v}: {e}"))?;
            lab.cluster.inject(f)?;
            lab.cluster.settle();
            String::new()
        }
    })
}

/// Run until nothing is scheduled, at most `limit` ms.
pub(super) fn settle(lab: &mut Lab, limit: u64) {
    let end = lab.cluster.now().saturating_add(limit);
    while let Some(n) = lab.cluster.next_timer_at() {
        if n > end {
            break;
        }
        lab.dispatch(Action::Tick {
            ms: n.saturating_sub(lab.cluster.now()),
        });
    }
}

pub(super) fn fresh(
    seed: u64,
    config: Option<&serde_json::Value>,
    files: &BTreeMap<String, String>,
) -> Result<Lab, String> {
    let mut lab = Lab::new(seed);
    if let Some(cfg) = config {
        let cfg: ClusterConfig =
            serde_json::from_value(cfg.clone()).map_err(|e| format!("bad cluster config: {e}"))?;
        lab.cluster = Cluster::with_config(seed, cfg).map_err(|e| e.0)?;
    }
    for (name, content) in files {
        lab.vfs.write(name, content);
    }
    if let Some((name, content)) = files.iter().next() {
        lab.editor = Editor {
            file: name.clone(),
            text: content.clone(),
        };
    }
    Ok(lab)
}

pub(super) fn begin(lab: &mut Lab, lesson: &str, step: usize) {
    let from = lab
        .cluster
        .api()
        .watch_log()
        .last()
        .map(|e| e.seq + 1)
        .unwrap_or(0);
    lab.lesson = Some(LessonState {
        lesson: lesson.to_string(),
        step,
        history: History::starting_at(from, lab.cluster.now()),
    });
}

/// A lab at the start of `lesson` step `step`, as "jump to this step" builds it; `seed`
/// replaces the lesson's own (a class link can pin one).
pub fn build_start(lesson: &Lesson, step: usize, seed: Option<u64>) -> Result<Lab, String> {
    let plan = lesson.start_plan(step);
    let mut lab = fresh(seed.unwrap_or(plan.seed), plan.config, plan.files)?;
    for item in plan.items {
        play(&mut lab, item)?;
    }
    settle(&mut lab, SETTLE_MS);
    begin(
        &mut lab,
        &lesson.id,
        step.min(lesson.steps.len().saturating_sub(1)),
    );
    lab.log.clear();
    lab.log_at.clear();
    Ok(lab)
}

thread_local! {
    /// The built-in course, parsed once per thread (every `Lab::new` shares it).
    static BUILTIN: Rc<Pack> = Rc::new(lesson::builtin().unwrap_or_else(|e| Pack {
        // The content is tested to load (tests/lesson_content.rs); should it ever fail, the
        // page still works, without lessons, and the title says why.
        id: "statefulset-lab".into(),
        title: lesson::Localized::of(&[("en", &format!("Lessons failed to load: {e}"))]),
        locales: lesson::model::default_locales(),
        lessons: Vec::new(),
    }));
}

/// The built-in course.
pub fn builtin_pack() -> Rc<Pack> {
    BUILTIN.with(Rc::clone)
}

/// Start a step of a lesson of `pack`, on the lesson's seed or on `seed`.
pub fn start_in(pack: &Pack, id: &str, step: usize, seed: Option<u64>) -> Result<Lab, String> {
    let l = pack
        .lesson(id)
        .ok_or_else(|| format!("no lesson named {id}"))?;
    build_start(l, step, seed)
}

/// Start a step of a built-in lesson.
pub fn start_lesson(id: &str, step: usize) -> Result<Lab, String> {
    start_in(&builtin_pack(), id, step, None)
}

/// The current step's solution, if a lesson is followed and the step has one.
pub fn solution(lab: &Lab) -> Option<Vec<Play>> {
    let ls = lab.lesson.as_ref()?;
    let pack = lab.pack();
    let step = pack.lesson(&ls.lesson)?.steps.get(ls.step)?;
    (!step.solution.is_empty()).then(|| step.solution.clone())
}

/// A menu entry of the current lesson.
pub fn menu_item(lab: &Lab, id: &str) -> Option<MenuItem> {
    let ls = lab.lesson.as_ref()?;
    let pack = lab.pack();
    let item = pack.lesson(&ls.lesson)?.menu.iter().find(|m| m.id == id)?;
    Some(item.clone())
}

/// Check a lesson on the lab: every step's start state can be built (its setup and the
/// previous steps' solutions run without error). Goal proving lives in `lesson::prove` and
/// runs once lesson's cluster view is enabled.
pub fn check(lesson: &Lesson) -> Result<String, String> {
    let mut ok = String::new();
    let mut bad = String::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        match build_start(lesson, i, None) {
            Ok(_) => ok.push_str(&format!(
                "ok   {}/{}: start state built\n",
                lesson.id, step.id
            )),
            Err(e) => bad.push_str(&format!("FAIL {}/{}: {e}\n", lesson.id, step.id)),
        }
    }
    if bad.is_empty() {
        Ok(ok)
    } else {
        Err(ok + &bad)
    }
}
