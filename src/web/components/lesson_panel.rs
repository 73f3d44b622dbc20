//! The lesson panel: lesson picker, the step's text, one-click snippets, tiered hints, the live
//! goal checklist and step navigation. Goals are evaluated by the core after every action; this
//! component only shows the results (met goals get a check mark and the word "done", never
//! colour alone).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::web::bridge::Action;
use crate::web::i18n::{t, Lang, K};
use crate::web::view_model::{LessonView, SnippetView};

use super::markdown::blocks;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub view: LessonView,
    pub lang: Lang,
    /// How many hints the learner has opened on this step.
    pub hints_shown: usize,
    pub on_action: Callback<Action>,
    /// Put a command into terminal `term`'s input.
    pub on_insert: Callback<(u8, String)>,
    pub on_hint: Callback<()>,
}

#[component]
pub fn LessonPanel(p: &LessonPanelProps) -> Html {
    let v = &p.view;
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
    let pick = {
        let on_action = p.on_action.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            on_action.emit(Action::LessonGoto {
                lesson: el.value(),
                step: 0,
            });
        })
    };
    let snippet = |s: &SnippetView| {
        let on_action = p.on_action.clone();
        let on_insert = p.on_insert.clone();
        let s2 = s.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(c) = &s2.command {
                on_insert.emit((s2.term, c.clone()));
            } else if let Some(y) = &s2.yaml {
                on_action.emit(Action::OpenFile {
                    name: s2.file.clone().unwrap_or_else(|| "manifest.yaml".into()),
                    text: y.clone(),
                });
            }
        });
        let body = s
            .command
            .clone()
            .or_else(|| s.file.clone())
            .unwrap_or_default();
        html! {
            <button class="snippet" {onclick}>
                if let Some(l) = &s.label { <span class="cap">{ l.clone() }</span> }
                { body }
            </button>
        }
    };
    let on_hint = {
        let on_hint = p.on_hint.clone();
        Callback::from(move |_: MouseEvent| on_hint.emit(()))
    };
    let shown = p.hints_shown.min(v.hints.len());
    html! {
        <section class="pane lesson" aria-label={t(lang, K::Lesson)}>
            <div class="lesson-nav">
                <select aria-label={t(lang, K::Lesson)} onchange={pick}>
                    { for v.lessons.iter().map(|(id, title)| html! {
                        <option value={id.clone()} selected={*id == v.lesson_id}>{ title.clone() }</option>
                    }) }
                </select>
            </div>
            <div class="lesson-body">
                <div class="steps-progress">{ format!("{} {}/{}", t(lang, K::Step), v.step_index + 1, v.step_count) }</div>
                <h3>{ v.step_title.clone() }</h3>
                { blocks(&v.text) }
                if !v.snippets.is_empty() {
                    <div class="snippets">{ for v.snippets.iter().map(snippet) }</div>
                }
                if !v.goals.is_empty() {
                    <h4>{ t(lang, K::Goals) }</h4>
                    <ul class="goals" aria-live="polite">
                        { for v.goals.iter().map(|g| html! {
                            <li class={if g.met { "met" } else { "unmet" }}>
                                <span aria-hidden="true">{ if g.met { "✔" } else { "○" } }</span>
                                <span>{ g.label.clone() }</span>
                                <span class="vh">{ if g.met { t(lang, K::Done) } else { t(lang, K::NotDone) } }</span>
                            </li>
                        }) }
                    </ul>
                }
                if v.done && !v.explain.is_empty() {
                    <div class="step-done" role="status">{ blocks(&v.explain) }</div>
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
                <button class="btn" disabled={v.step_index == 0}
                    onclick={goto(v.step_index.saturating_sub(1))}>{ t(lang, K::PrevStep) }</button>
                <button class={classes!("btn", v.done.then_some("primary"))} disabled={v.step_index + 1 >= v.step_count}
                    onclick={goto(v.step_index + 1)}>{ t(lang, K::NextStep) }</button>
            </div>
        </section>
    }
}
