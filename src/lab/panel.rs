//! The lesson panel as data: the course list, and for the step being followed its narrative,
//! one-click snippets, hints, the live goal checklist and the explanation, all in one locale.
//! Goals are evaluated here, over the lab's cluster and the step's history, every time the
//! panel is asked for, so the checklist can never lag the cluster. The page only draws this.

use std::rc::Rc;

use super::Lab;
use crate::lesson::markdown::Block;
use crate::lesson::{self, LessonKind, Pack};

/// One lesson in the course list.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseEntry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub kind: LessonKind,
    pub steps: usize,
}

/// A command for a terminal or a manifest for the editor, offered as one click.
#[derive(Clone, Debug, PartialEq)]
pub struct SnippetPanel {
    pub id: String,
    pub label: Option<String>,
    pub command: Option<String>,
    pub term: u8,
    pub yaml: Option<String>,
    pub file: Option<String>,
}

/// One goal of the checklist: what it compares, whether it holds, and what was observed.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalPanel {
    pub id: String,
    pub label: String,
    pub met: bool,
    pub observed: String,
}

/// A sandbox menu entry.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuPanel {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
}

/// The step being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct StepPanel {
    pub lesson_id: String,
    pub lesson_title: String,
    pub kind: LessonKind,
    pub step_id: String,
    pub index: usize,
    pub count: usize,
    pub title: String,
    pub text: Vec<Block>,
    pub snippets: Vec<SnippetPanel>,
    pub hints: Vec<Vec<Block>>,
    pub goals: Vec<GoalPanel>,
    pub explain: Vec<Block>,
    /// Every goal is met (a step without goals is never done).
    pub done: bool,
    pub has_solution: bool,
    pub menu: Vec<MenuPanel>,
}

/// Everything the lesson panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub pack_id: String,
    pub pack_title: String,
    pub course: Vec<CourseEntry>,
    pub active: Option<StepPanel>,
}

/// The lesson panel of `lab` in `locale` (`en`, `zh-CN`).
pub fn panel(lab: &Lab, locale: &str) -> Panel {
    let pack: Rc<Pack> = lab.pack();
    let course = pack
        .lessons
        .iter()
        .map(|l| CourseEntry {
            id: l.id.clone(),
            title: l.title.get(locale).to_string(),
            summary: l.summary.get(locale).to_string(),
            kind: l.kind,
            steps: l.steps.len(),
        })
        .collect();
    let active = lab.lesson.as_ref().and_then(|ls| {
        let l = pack.lesson(&ls.lesson)?;
        let step = l.steps.get(ls.step)?;
        let results = lesson::evaluate(step, &lab.cluster, &ls.history);
        Some(StepPanel {
            lesson_id: l.id.clone(),
            lesson_title: l.title.get(locale).to_string(),
            kind: l.kind,
            step_id: step.id.clone(),
            index: ls.step,
            count: l.steps.len(),
            title: step.title.get(locale).to_string(),
            text: step.text_blocks(locale),
            snippets: step
                .try_
                .iter()
                .map(|s| SnippetPanel {
                    id: s.id.clone(),
                    label: s.label.as_ref().map(|t| t.get(locale).to_string()),
                    command: s.command.clone(),
                    term: s.term,
                    yaml: s.yaml.clone(),
                    file: s.file.clone(),
                })
                .collect(),
            hints: step.hint_blocks(locale, step.hints.len()),
            done: lesson::all_met(&results),
            goals: results
                .into_iter()
                .map(|r| GoalPanel {
                    label: r.label.get(locale).to_string(),
                    id: r.id,
                    met: r.met,
                    observed: r.observed,
                })
                .collect(),
            explain: step.explain_blocks(locale).unwrap_or_default(),
            has_solution: !step.solution.is_empty(),
            menu: l
                .menu
                .iter()
                .map(|m| MenuPanel {
                    id: m.id.clone(),
                    label: m.label.get(locale).to_string(),
                    description: m.description.as_ref().map(|d| d.get(locale).to_string()),
                })
                .collect(),
        })
    });
    Panel {
        pack_id: pack.id.clone(),
        pack_title: pack.title.get(locale).to_string(),
        course,
        active,
    }
}
