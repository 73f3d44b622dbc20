//! One terminal: the transcript (a `role="log"` live region) and the input line with its
//! prompt. Keys map straight to session actions: Enter runs the line, Ctrl-C interrupts,
//! Ctrl-L clears, Tab asks the core for completions, Up/Down walk the history. The input is a
//! one-row textarea so a pasted block of several lines arrives whole and runs line by line, as
//! it would in a real shell.

use std::cell::Cell;

use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::web::bridge::{Action, Completion, Stream, TermView};
use crate::web::hooks::use_field::use_field_value;
use crate::web::i18n::{t, Lang, K};

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub term: u8,
    pub view: TermView,
    pub draft: AttrValue,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    pub on_draft: Callback<String>,
    pub complete: Callback<String, Completion>,
}

thread_local! {
    static MARKED: Cell<bool> = const { Cell::new(false) };
}

/// Record the User Timing mark `stslab:interactive` once per page load, the first time a
/// terminal is on screen and accepts input.
fn mark_interactive() {
    if MARKED.with(|m| m.replace(true)) {
        return;
    }
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark("stslab:interactive");
    }
}

#[component]
pub fn Terminal(p: &TerminalProps) -> Html {
    let out_ref = use_node_ref();
    let input_ref = use_node_ref();
    // Position in the history while walking it with Up/Down (None = editing a new line).
    let cursor = use_state(|| None::<usize>);
    let candidates = use_state(Vec::<String>::new);

    {
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if input_ref.cast::<HtmlTextAreaElement>().is_some() {
                mark_interactive();
            }
        });
    }
    {
        // Keep the newest output in view.
        let out_ref = out_ref.clone();
        use_effect_with(p.view.chunks.len(), move |_| {
            if let Some(el) = out_ref.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let onkeydown = {
        let term = p.term;
        let on_action = p.on_action.clone();
        let on_draft = p.on_draft.clone();
        let complete = p.complete.clone();
        let history = p.view.history.clone();
        let draft = p.draft.to_string();
        let cursor = cursor.clone();
        let candidates = candidates.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let ctrl = e.ctrl_key() || e.meta_key();
            // What the field holds now: keys can arrive faster than the page re-renders, so
            // the draft from the last render may lack the last characters typed.
            let draft = input_ref
                .cast::<HtmlTextAreaElement>()
                .map(|el| el.value())
                .unwrap_or_else(|| draft.clone());
            match e.key().as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    on_action.emit(Action::Command {
                        term,
                        line: draft.clone(),
                    });
                    on_draft.emit(String::new());
                    cursor.set(None);
                    candidates.set(Vec::new());
                }
                "c" | "C" if e.ctrl_key() && !has_selection(&e) => {
                    e.prevent_default();
                    on_action.emit(Action::Interrupt { term });
                    on_draft.emit(String::new());
                    cursor.set(None);
                }
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    on_action.emit(Action::Clear { term });
                }
                "Tab" if !ctrl && !e.shift_key() => {
                    e.prevent_default();
                    let c = complete.emit(draft.clone());
                    if let Some(line) = c.line {
                        on_draft.emit(line);
                    }
                    candidates.set(c.candidates);
                }
                "ArrowUp" if !history.is_empty() => {
                    e.prevent_default();
                    let i = match *cursor {
                        Some(i) => i.saturating_sub(1),
                        None => history.len() - 1,
                    };
                    cursor.set(Some(i));
                    on_draft.emit(history[i].clone());
                }
                "ArrowDown" if cursor.is_some() => {
                    e.prevent_default();
                    let next = cursor.map(|i| i + 1).filter(|&i| i < history.len());
                    cursor.set(next);
                    on_draft.emit(next.map(|i| history[i].clone()).unwrap_or_default());
                }
                _ => {}
            }
        })
    };

    let report = use_field_value(input_ref.clone(), p.draft.to_string());
    let oninput = {
        let term = p.term;
        let on_action = p.on_action.clone();
        let on_draft = p.on_draft.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let text = el.value();
            report.emit(text.clone());
            // A paste with newlines: run every complete line, keep the unfinished tail typed.
            if let Some(last_nl) = text.rfind('\n') {
                let (lines, tail) = text.split_at(last_nl);
                on_action.emit(Action::Command {
                    term,
                    line: lines.replace("\r\n", "\n"),
                });
                on_draft.emit(tail[1..].to_string());
            } else {
                on_draft.emit(text);
            }
        })
    };

    let focus_input = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input_ref.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        })
    };

    let chunks = p.view.chunks.iter().map(|c| {
        let class = match c.stream {
            Stream::Echo => "s-echo",
            Stream::Stdout => "s-out",
            Stream::Stderr => "s-err",
            Stream::Prompt => "s-prompt",
        };
        html! { <span class={class}>{ c.text.clone() }</span> }
    });
    let lang = p.lang;
    let input_class = classes!("term-input", (!p.view.echo).then_some("secret"));
    html! {
        <div class="terminal">
            <pre class="term-out" role="log" aria-live="polite"
                 aria-label={format!("{} {}", t(lang, K::TerminalN), p.term + 1)}
                 ref={out_ref}>
                { for chunks }
            </pre>
            if !candidates.is_empty() {
                <div class="term-cands" aria-live="polite">
                    { for candidates.iter().map(|c| html!{ <span>{ c.clone() }</span> }) }
                </div>
            }
            <div class="term-line" onclick={focus_input}>
                if p.view.busy {
                    <span class="term-busy">{ t(lang, K::Busy) }</span>
                } else {
                    <span class="term-prompt" aria-hidden="true">{ p.view.prompt.clone() }</span>
                }
                <textarea class={input_class} rows="1" ref={input_ref}
                    aria-label="Terminal input"
                    autocomplete="off" autocapitalize="off" spellcheck="false"
                    {onkeydown} {oninput} />
            </div>
        </div>
    }
}

/// True if the learner selected text in the input, so Ctrl-C should copy instead of interrupt.
fn has_selection(e: &KeyboardEvent) -> bool {
    let el: HtmlTextAreaElement = e.target_unchecked_into();
    matches!(
        (el.selection_start(), el.selection_end()),
        (Ok(Some(a)), Ok(Some(b))) if a != b
    )
}
