//! The manifest editor: a plain textarea (so typing, IME, undo and screen readers behave as in
//! any text field) over a highlighted copy of the same text, with line numbers, markers at the
//! line:column of YAML and API errors from the core, an example picker and the Apply button.

use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::web::bridge::{Action, EditorView, Marker};
use crate::web::highlight;
use crate::web::hooks::use_field::use_field_value;
use crate::web::i18n::{t, Lang, K};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub view: EditorView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Editor(p: &EditorProps) -> Html {
    let area_ref = use_node_ref();
    let hl_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let lang = p.lang;

    let report = use_field_value(area_ref.clone(), p.view.text.clone());
    let oninput = {
        let on_action = p.on_action.clone();
        let report = report.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            report.emit(el.value());
            on_action.emit(Action::SetEditor { text: el.value() });
        })
    };
    let onkeydown = {
        let on_action = p.on_action.clone();
        let report = report.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_action.emit(Action::ApplyEditor);
            } else if e.key() == "Tab" && !e.shift_key() && !e.ctrl_key() {
                // Two spaces, as YAML wants; Shift-Tab still leaves the field for keyboard users.
                e.prevent_default();
                let el: HtmlTextAreaElement = e.target_unchecked_into();
                let _ = el.set_range_text("  ");
                if let Ok(Some(pos)) = el.selection_end() {
                    let _ = el.set_selection_range(pos + 2, pos + 2);
                }
                report.emit(el.value());
                on_action.emit(Action::SetEditor { text: el.value() });
            }
        })
    };
    let onscroll = {
        let hl_ref = hl_ref.clone();
        let gutter_ref = gutter_ref.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            if let Some(hl) = hl_ref.cast::<Element>() {
                hl.set_scroll_top(el.scroll_top());
                hl.set_scroll_left(el.scroll_left());
            }
            if let Some(g) = gutter_ref.cast::<Element>() {
                g.set_scroll_top(el.scroll_top());
            }
        })
    };
    let apply = {
        let on_action = p.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::ApplyEditor))
    };
    let pick = {
        let on_action = p.on_action.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let name = el.value();
            if !name.is_empty() {
                on_action.emit(Action::LoadExample { name });
                el.set_value("");
            }
        })
    };
    let goto = {
        let area_ref = area_ref.clone();
        move |m: &Marker| {
            let area_ref = area_ref.clone();
            let (line, column) = (m.line, m.column);
            Callback::from(move |_| {
                if let Some(el) = area_ref.cast::<HtmlTextAreaElement>() {
                    let pos = offset_of(&el.value(), line, column);
                    let _ = el.focus();
                    let _ = el.set_selection_range(pos, pos);
                }
            })
        }
    };

    let text = &p.view.text;
    let lines: Vec<&str> = text.split('\n').collect();
    let gutter = lines.iter().enumerate().map(|(i, _)| {
        let n = i + 1;
        let marks: Vec<&Marker> = p.view.markers.iter().filter(|m| m.line == n).collect();
        if marks.is_empty() {
            html! { <div class="ln">{ n }</div> }
        } else {
            let title = marks
                .iter()
                .map(|m| m.message.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            html! { <div class="ln err" title={title}><span class="err-mark" aria-hidden="true">{"✖"}</span>{ n }</div> }
        }
    });
    let hl_lines = lines.iter().enumerate().map(|(i, l)| {
        let n = i + 1;
        let err_col = p
            .view
            .markers
            .iter()
            .filter(|m| m.line == n)
            .map(|m| m.column.max(1))
            .min();
        html! { <div class={classes!("hl-line", err_col.is_some().then_some("err"))}>{ highlight_line(l, err_col) }{"\n"}</div> }
    });

    html! {
        <div class="editor">
            <div class="ed-bar">
                <span class="ed-file">{ p.view.file.clone() }</span>
                if !p.view.examples.is_empty() {
                    <select class="ed-pick" aria-label={t(lang, K::ChooseExample)} onchange={pick}>
                        <option value="" selected=true>{ t(lang, K::Examples) }</option>
                        { for p.view.examples.iter().map(|n| html!{ <option value={n.clone()}>{ n.clone() }</option> }) }
                    </select>
                }
                <button class="btn primary" onclick={apply} title={t(lang, K::ApplyHint)}>{ t(lang, K::Apply) }</button>
            </div>
            <div class="ed-wrap">
                <div class="ed-gutter" ref={gutter_ref} aria-hidden="true">{ for gutter }</div>
                <div class="ed-stack">
                    <pre class="ed-hl" ref={hl_ref} aria-hidden="true">{ for hl_lines }</pre>
                    <textarea class="ed-input" ref={area_ref} aria-label="Manifest editor"
                        spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        {oninput} {onkeydown} {onscroll} />
                </div>
            </div>
            <ul class="ed-errors" aria-live="polite">
                { for p.view.markers.iter().map(|m| html! {
                    <li><button class="linklike" onclick={goto(m)}>
                        { format!("{} {}, {} {}: ", t(lang, K::Line), m.line, t(lang, K::Column), m.column) }
                    </button>{ m.message.clone() }</li>
                }) }
            </ul>
        </div>
    }
}

/// The highlighted spans of one line, with the text from `err_col` (1-based) on underlined.
fn highlight_line(line: &str, err_col: Option<usize>) -> Html {
    let err_at = err_col.map(|c| char_to_byte(line, c - 1));
    let mut pos = 0usize;
    let mut spans = Vec::new();
    for (tok, s) in highlight::line(line) {
        let start = pos;
        pos += s.len();
        match err_at {
            Some(e) if e > start && e < pos => {
                spans.push(html! { <span class={tok.class()}>{ &s[..e - start] }</span> });
                spans.push(html! { <span class={classes!(tok.class(), "squiggle")}>{ &s[e - start..] }</span> });
            }
            Some(e) if e <= start => {
                spans.push(html! { <span class={classes!(tok.class(), "squiggle")}>{ s }</span> })
            }
            _ => spans.push(html! { <span class={tok.class()}>{ s }</span> }),
        }
    }
    if err_at.is_some_and(|e| e >= line.len()) {
        // An error at the end of a line (e.g. a missing value): mark the spot itself.
        spans.push(html! { <span class="squiggle eol">{ " " }</span> });
    }
    html! { <>{ for spans }</> }
}

/// The byte index of the `n`th character of `line` (clamped to its length).
fn char_to_byte(line: &str, n: usize) -> usize {
    line.char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(line.len())
}

/// The UTF-16 offset of 1-based `line`:`column` in `text`, for `setSelectionRange`.
fn offset_of(text: &str, line: usize, column: usize) -> u32 {
    let mut off = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return u32::try_from(off + col).unwrap_or(u32::MAX);
        }
        off += l.encode_utf16().count() + 1;
    }
    u32::try_from(off).unwrap_or(u32::MAX)
}
