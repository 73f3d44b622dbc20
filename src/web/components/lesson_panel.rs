//! The lesson panel: the course list when no lesson is followed; otherwise the step's text,
//! one-click snippets, tiered hints, the live goal checklist, "Show solution", the sandbox
//! menu and step navigation. Everything shown comes from `lab::panel` (goals are evaluated by
//! the core on every render); met goals get a check mark and the word "done", never colour
//! alone.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::lab::panel::{GoalPanel, MenuPanel, Panel, SnippetPanel, StepPanel};
use crate::lesson::Progress;
use crate::web::bridge::Action;
use crate::web::i18n::{t, Lang, K};

use super::markdown::blocks;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub panel: Rc<Panel>,
    pub progress: Rc<Progress>,
    pub lang: Lang,
    /// How many hints the learner has opened on this step.
    pub hints_shown: usize,
    pub on_action: Callback<Action>,
    /// Put a command into terminal `term`'s input.
    pub on_insert: Callback<(u8, String)>,
    /// The learner opened one more hint.
    pub on_hint: Callback<()>,
    /// A data URL of the completion record, when there is progress to export.
    pub export: Option<AttrValue>,
    /// The learner picked a pack file.
    pub on_pack_file: Callback<Event>,
}

#[component]
pub fn LessonPanel(p: &LessonPanelProps) -> Html {
    let lang = p.lang;
    let active = p.panel.active.as_ref();
    let pick = {
        let on_action = p.on_action.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if !el.value().is_empty() {
                on_action.emit(Action::LessonGoto {
                    lesson: el.value(),
                    step: 0,
                });
            }
        })
    };
    let current = active.map(|a| a.lesson_id.clone()).unwrap_or_default();
    html! {
        <section class="pane lesson" aria-label={t(lang, K::Lesson)}>
            <div class="lesson-nav">
                <select aria-label={t(lang, K::ChooseLesson)} onchange={pick}>
                    <option value="" selected={active.is_none()}>{ t(lang, K::AllLessons) }</option>
                    { for p.panel.course.iter().enumerate().map(|(i, c)| html! {
                        <option value={c.id.clone()} selected={c.id == current}>
                            { format!("{}. {}", i + 1, c.title) }
                        </option>
                    }) }
                </select>
            </div>
            if let Some(step) = active {
                { step_view(p, step) }
            } else {
                { course_view(p) }
            }
        </section>
    }
}

/// The course list: every lesson with its summary, progress and a Start button.
fn course_view(p: &LessonPanelProps) -> Html {
    let lang = p.lang;
    let lesson_done = |id: &str, steps: usize| {
        p.progress
            .lessons
            .get(id)
            .map(|l| l.steps_done.len().min(steps))
            .unwrap_or(0)
    };
    let total: usize = p.panel.course.iter().map(|c| c.steps).sum();
    let done: usize = p
        .panel
        .course
        .iter()
        .map(|c| lesson_done(&c.id, c.steps))
        .sum();
    html! {
        <div class="lesson-body">
            <h3>{ format!("{}: {}", t(lang, K::Course), p.panel.pack_title) }</h3>
            <p>{ t(lang, K::CourseIntro) }</p>
            <p class="progress-line">
                { format!("{}: {done}/{total} {}", t(lang, K::Progress), t(lang, K::StepsN)) }
                if let Some(href) = &p.export {
                    { " · " }
                    <a href={href.clone()} download="stslab-progress.json">{ t(lang, K::ExportProgress) }</a>
                }
            </p>
            <p>
                <label class="btn file-btn">{ t(lang, K::OpenPack) }
                    <input type="file" class="vh" accept=".yaml,.yml,.json,text/yaml"
                        onchange={p.on_pack_file.clone()} /></label>
            </p>
            <ol class="course">
                { for p.panel.course.iter().map(|c| {
                    let n = lesson_done(&c.id, c.steps);
                    let start = {
                        let on_action = p.on_action.clone();
                        let id = c.id.clone();
                        Callback::from(move |_: MouseEvent| on_action.emit(Action::LessonGoto { lesson: id.clone(), step: 0 }))
                    };
                    html! {
                        <li>
                            <div class="course-head">
                                <strong>{ c.title.clone() }</strong>
                                <span class="course-count">
                                    if n == c.steps { { format!("✔ {}", t(lang, K::LessonDone)) } }
                                    else { { format!("{n}/{} {}", c.steps, t(lang, K::StepsN)) } }
                                </span>
                            </div>
                            <p>{ c.summary.clone() }</p>
                            <button class="btn" onclick={start}
                                aria-label={format!("{} {}", t(lang, K::StartLesson), c.title)}>{ t(lang, K::StartLesson) }</button>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

fn step_view(p: &LessonPanelProps, v: &StepPanel) -> Html {
    let lang = p.lang;
    let goto = |step: usize| {
        let on_action = p.on_action.clone();
        let lesson = v.lesson_id.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::LessonGoto {
                lesson: lesson.clone(),
                step,
            })
        })
    };
    let act = |a: Action| {
        let on_action = p.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(a.clone()))
    };
    let on_hint = {
        let on_hint = p.on_hint.clone();
        Callback::from(move |_: MouseEvent| on_hint.emit(()))
    };
    let shown = p.hints_shown.min(v.hints.len());
    html! {
        <>
            <div class="lesson-body">
                <div class="steps-progress">
                    { format!("{} · {} {}/{}", v.lesson_title, t(lang, K::Step), v.index + 1, v.count) }
                </div>
                <h3>{ v.title.clone() }</h3>
                { blocks(&v.text) }
                if !v.snippets.is_empty() {
                    <div class="snippets">{ for v.snippets.iter().map(|s| snippet(p, s)) }</div>
                }
                if !v.menu.is_empty() {
                    <h4>{ t(lang, K::SandboxMenu) }</h4>
                    <ul class="menu">{ for v.menu.iter().map(|m| menu_entry(p, m)) }</ul>
                }
                if !v.goals.is_empty() {
                    <h4>{ t(lang, K::Goals) }</h4>
                    <ul class="goals" aria-live="polite">{ for v.goals.iter().map(|g| goal(lang, g)) }</ul>
                }
                if v.done {
                    <div class="step-done" role="status">
                        <strong>{ format!("✔ {}", t(lang, K::StepDone)) }</strong>
                        { blocks(&v.explain) }
                    </div>
                }
                if !v.hints.is_empty() {
                    <h4>{ t(lang, K::Hints) }</h4>
                    <ol class="hints">{ for v.hints[..shown].iter().map(|h| html!{ <li>{ blocks(h) }</li> }) }</ol>
                    if shown < v.hints.len() {
                        <button class="btn" onclick={on_hint}>{ format!("{} ({}/{})", t(lang, K::ShowHint), shown + 1, v.hints.len()) }</button>
                    }
                }
            </div>
            <div class="step-buttons">
                <button class="btn" disabled={v.index == 0}
                    onclick={goto(v.index.saturating_sub(1))}>{ t(lang, K::PrevStep) }</button>
                <button class="btn" onclick={goto(v.index)}>{ t(lang, K::ResetStep) }</button>
                if v.has_solution {
                    <button class="btn" onclick={act(Action::LessonSolve)}>{ t(lang, K::ShowSolution) }</button>
                }
                <button class={classes!("btn", v.done.then_some("primary"))} disabled={v.index + 1 >= v.count}
                    onclick={goto(v.index + 1)}>{ t(lang, K::NextStep) }</button>
            </div>
        </>
    }
}

fn goal(lang: Lang, g: &GoalPanel) -> Html {
    html! {
        <li class={if g.met { "met" } else { "unmet" }}>
            <span aria-hidden="true">{ if g.met { "✔" } else { "○" } }</span>
            <span>
                { g.label.clone() }
                <span class="vh">{ " — " }{ if g.met { t(lang, K::Done) } else { t(lang, K::NotDone) } }</span>
                if !g.met && !g.observed.is_empty() {
                    <span class="observed">{ format!(" ({}: {})", t(lang, K::Observed), g.observed) }</span>
                }
            </span>
        </li>
    }
}

fn snippet(p: &LessonPanelProps, s: &SnippetPanel) -> Html {
    let lang = p.lang;
    let caption = s
        .label
        .clone()
        .map(|l| html! { <span class="cap">{ l }</span> });
    if let Some(cmd) = &s.command {
        let insert = {
            let on_insert = p.on_insert.clone();
            let (term, cmd) = (s.term, cmd.clone());
            Callback::from(move |_: MouseEvent| on_insert.emit((term, cmd.clone())))
        };
        let run = {
            let on_action = p.on_action.clone();
            let (term, line) = (s.term, cmd.clone());
            Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Command {
                    term,
                    line: line.clone(),
                })
            })
        };
        html! {
            <div class="snippet">
                { for caption }
                <button class="snippet-cmd" onclick={insert} title={t(lang, K::InsertCommand)}
                    aria-label={format!("{}: {cmd}", t(lang, K::InsertCommand))}><code>{ cmd.clone() }</code></button>
                <button class="btn run" onclick={run}
                    aria-label={format!("{}: {cmd}", t(lang, K::RunCommand))}>{ format!("▶ {}", t(lang, K::RunCommand)) }</button>
            </div>
        }
    } else if let Some(yaml) = &s.yaml {
        let file = s.file.clone().unwrap_or_else(|| "manifest.yaml".into());
        let open = {
            let on_action = p.on_action.clone();
            let (file, yaml) = (file.clone(), yaml.clone());
            Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::OpenFile {
                    name: file.clone(),
                    text: yaml.clone(),
                })
            })
        };
        html! {
            <div class="snippet">
                { for caption }
                <button class="btn" onclick={open}>{ format!("{}: {file}", t(lang, K::OpenManifest)) }</button>
            </div>
        }
    } else {
        Html::default()
    }
}

fn menu_entry(p: &LessonPanelProps, m: &MenuPanel) -> Html {
    let on_action = p.on_action.clone();
    let id = m.id.clone();
    let onclick =
        Callback::from(move |_: MouseEvent| on_action.emit(Action::LessonMenu { id: id.clone() }));
    html! {
        <li>
            <button class="btn" {onclick}>{ m.label.clone() }</button>
            if let Some(d) = &m.description { <span class="menu-desc">{ d.clone() }</span> }
        </li>
    }
}
