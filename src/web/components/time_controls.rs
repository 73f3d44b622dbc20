//! Time controls: Play, Pause, Step, Until stable, the speed picker, Undo/Redo and the virtual
//! clock. Play and Pause are both always present (the one that does nothing is disabled) so
//! their names never change under a learner's — or a test's — cursor.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::web::bridge::{Action, ClockView};
use crate::web::i18n::{t, Lang, K};
use crate::web::state::{UiAction, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    pub clock: ClockView,
    pub playing: bool,
    pub speed: usize,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    pub on_ui: Callback<UiAction>,
}

#[component]
pub fn TimeControls(p: &TimeControlsProps) -> Html {
    let lang = p.lang;
    let ui = |a: UiAction| {
        let on_ui = p.on_ui.clone();
        Callback::from(move |_: MouseEvent| on_ui.emit(a.clone()))
    };
    let act = |a: Action| {
        let on_action = p.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(a.clone()))
    };
    let on_speed = {
        let on_ui = p.on_ui.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse::<usize>() {
                on_ui.emit(UiAction::SetSpeed(i));
            }
        })
    };
    let c = p.clock;
    html! {
        <div class="time" role="group" aria-label={t(lang, K::Clock)}>
            <button class="btn icon" aria-label={t(lang, K::Play)} title={t(lang, K::Play)}
                disabled={p.playing} onclick={ui(UiAction::SetPlaying(true))}>
                <span aria-hidden="true">{"▶"}</span><span class="lbl">{ t(lang, K::Play) }</span>
            </button>
            <button class="btn icon" aria-label={t(lang, K::Pause)} title={t(lang, K::Pause)}
                disabled={!p.playing} onclick={ui(UiAction::SetPlaying(false))}>
                <span aria-hidden="true">{"▮▮"}</span><span class="lbl">{ t(lang, K::Pause) }</span>
            </button>
            <button class="btn" onclick={act(Action::Step)}>{ t(lang, K::Step) }</button>
            <button class="btn" onclick={act(Action::UntilStable)}>{ t(lang, K::UntilStable) }</button>
            <label class="speed">
                <span class="vh">{ t(lang, K::Speed) }</span>
                <select aria-label={t(lang, K::Speed)} onchange={on_speed}>
                    { for SPEEDS.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == p.speed}>{ speed_label(*s) }</option>
                    }) }
                </select>
            </label>
            <output class={classes!("clock", (!c.idle).then_some("busy"))} aria-label={t(lang, K::Clock)}
                title={t(lang, K::Clock)}>
                { clock_label(c.now_ms) }
            </output>
            <button class="btn" disabled={!c.can_undo} onclick={act(Action::Undo)}>{ t(lang, K::Undo) }</button>
            <button class="btn" disabled={!c.can_redo} onclick={act(Action::Redo)}>{ t(lang, K::Redo) }</button>
        </div>
    }
}

/// "0.25×", "1×", "16×".
pub fn speed_label(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}×")
    } else {
        format!("{s}×")
    }
}

/// The virtual clock as the cluster's wall time (t=0 is 09:00:00 on the lab's epoch day) plus
/// the elapsed time, e.g. "09:02:05 · +2m5.0s".
pub fn clock_label(now_ms: u64) -> String {
    let secs = now_ms / 1000;
    let tenths = (now_ms % 1000) / 100;
    let wall = 9 * 3600 + secs;
    let (h, m, s) = ((wall / 3600) % 24, (wall / 60) % 60, wall % 60);
    let elapsed = if secs >= 60 {
        format!("+{}m{}.{}s", secs / 60, secs % 60, tenths)
    } else {
        format!("+{secs}.{tenths}s")
    };
    format!("{h:02}:{m:02}:{s:02} · {elapsed}")
}
