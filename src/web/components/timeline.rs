//! Per-pod lifecycle bars over virtual time: one row per pod name (a pod recreated under the
//! same name continues its row, which is the StatefulSet identity story in one picture).
//! Each segment carries its state as text and a pattern class, not only a colour. Hovering or
//! focusing a row lists its stretches and the Events behind them beside the bars.
//!
//! Under the bars, a slider scrubs back in time: the cluster picture previews the moment
//! picked (`Action::Preview`), and "Continue from here" rewinds the session to it after a
//! confirmation that says how many later actions it discards (`Action::Rewind`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::web::bridge::Action;
use crate::web::i18n::{t, Lang, K};
use crate::web::view_model::{Segment, Timeline as TimelineData, TimelineRow};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub data: TimelineData,
    pub lang: Lang,
    /// How many actions a rewind to the previewed moment would discard.
    #[prop_or_default]
    pub discards: usize,
    #[prop_or_default]
    pub on_action: Callback<Action>,
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let d = &p.data;
    let lang = p.lang;
    let detail = use_state(|| None::<usize>);
    let confirming = use_state(|| false);
    let span = d.now_ms.saturating_sub(d.start_ms).max(1);
    let pct = |ms: u64| (ms.saturating_sub(d.start_ms) as f64) * 100.0 / span as f64;
    // SVG geometry rather than inline `style`: the page's CSP forbids inline styles, and
    // presentation attributes such as x/width are not styles.
    let seg = |s: &Segment| {
        let to = s.to_ms.unwrap_or(d.now_ms);
        let left = pct(s.from_ms);
        let width = (pct(to) - left).max(0.4);
        html! {
            <rect class={classes!("seg", s.state.class())} x={format!("{:.3}", left * 10.0)} y="0"
                width={format!("{:.3}", width * 10.0)} height="10"><title>{ segment_label(s) }</title></rect>
        }
    };
    let cursor = d.cursor_ms.map(|c| {
        let x = format!("{:.3}", pct(c) * 10.0);
        html! {
            <>
                <rect class="tl-future" x={x.clone()} y="0" width={format!("{:.3}", 1000.0 - pct(c) * 10.0)} height="10" />
                <line class="tl-cursor" x1={x.clone()} x2={x} y1="0" y2="10" />
            </>
        }
    });
    // One callback per row, for focus and hover alike (the event itself is not needed).
    let show = |i: Option<usize>| {
        let detail = detail.clone();
        Callback::from(move |()| detail.set(i))
    };
    let on_scrub = {
        let (on_action, confirming) = (p.on_action.clone(), confirming.clone());
        let now = d.now_ms;
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = el.value().parse::<f64>() {
                let at = v.max(0.0) as u64;
                confirming.set(false);
                on_action.emit(Action::Preview {
                    at: (at < now).then_some(at),
                });
            }
        })
    };
    let act = |a: Action| {
        let (on_action, confirming) = (p.on_action.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_action.emit(a.clone())
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let shown_row = (*detail).and_then(|i| d.rows.get(i));
    html! {
        <section class={classes!("pane", "timeline-pane", d.cursor_ms.is_some().then_some("past"))}
            aria-label={t(lang, K::Timeline)}>
            <div class="pane-head">
                <h2 class="pane-title">{ t(lang, K::Timeline) }</h2>
                if let Some(c) = d.cursor_ms {
                    <div class="tl-past" role="group" aria-label={t(lang, K::ViewingPast)}>
                        <span>{ t(lang, K::ViewingPast) }{ " " }<strong>{ secs(c) }</strong></span>
                        if *confirming {
                            <span class="tl-confirm" role="alert">
                                { t(lang, K::ConfirmDiscard) }{ " " }
                                <strong>{ p.discards }</strong>
                            </span>
                            <button class="btn danger" onclick={act(Action::Rewind)}>{ t(lang, K::DiscardAndContinue) }</button>
                            <button class="btn" onclick={act(Action::Preview { at: None })}>{ t(lang, K::Cancel) }</button>
                        } else {
                            <button class="btn" onclick={ask}>{ t(lang, K::ContinueHere) }</button>
                            <button class="btn" onclick={act(Action::Preview { at: None })}>{ t(lang, K::BackToNow) }</button>
                        }
                    </div>
                }
                <span class="axis">{ format!("{} – {}", secs(d.start_ms), secs(d.now_ms)) }</span>
            </div>
            if d.rows.is_empty() {
                <p class="empty">{ t(lang, K::EmptyTimeline) }</p>
            } else {
                <div class="tl-body">
                    <div class="tl-main">
                        <div class="tl-scrub"><label>
                            <span class="tl-name">{ t(lang, K::ScrubLabel) }</span>
                            <input type="range" min={d.first_ms.to_string()} max={d.now_ms.to_string()}
                                step="100" value={d.cursor_ms.unwrap_or(d.now_ms).to_string()}
                                aria-valuetext={secs(d.cursor_ms.unwrap_or(d.now_ms))}
                                disabled={d.first_ms >= d.now_ms} onchange={on_scrub} />
                        </label></div>
                        <ul class="tl-rows">
                            { for d.rows.iter().enumerate().map(|(i, r)| html! {
                                <li class={classes!("tl-row", (*detail == Some(i)).then_some("shown"))} tabindex="0"
                                    aria-label={row_label(r, lang)}
                                    onfocus={show(Some(i)).reform(|_: FocusEvent| ())}
                                    onmouseenter={show(Some(i)).reform(|_: MouseEvent| ())}>
                                    <span class="tl-name" aria-hidden="true">{ r.pod.clone() }</span>
                                    <svg class="tl-track" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
                                        { for r.segments.iter().map(seg) }
                                        { cursor.clone().unwrap_or_default() }
                                    </svg>
                                </li>
                            }) }
                        </ul>
                    </div>
                    <div class="tl-detail" aria-hidden="true">
                        if shown_row.is_none() {
                            <p class="empty">{ t(lang, K::TimelineHint) }</p>
                        }
                        if let Some(r) = shown_row {
                            <strong>{ r.pod.clone() }</strong>
                            <ul>{ for r.segments.iter().map(|s| html! {
                                <li>
                                    <span class={classes!("dot", s.state.class())}></span>
                                    { segment_label(s) }
                                    if !s.events.is_empty() {
                                        <ul class="tl-events">{ for s.events.iter().map(|e| html! {
                                            <li class={classes!(e.warning.then_some("warn"))}>
                                                { format!("{} {}: {}", secs(e.at_ms), e.reason, e.message) }
                                            </li>
                                        }) }</ul>
                                    }
                                </li>
                            }) }</ul>
                        }
                    </div>
                </div>
            }
        </section>
    }
}

/// "Running: 12.5s → …".
fn segment_label(s: &Segment) -> String {
    format!(
        "{}: {} → {}",
        s.status,
        secs(s.from_ms),
        s.to_ms.map(secs).unwrap_or_else(|| "…".into())
    )
}

/// What a screen reader hears for a row: every stretch and the events behind it.
fn row_label(r: &TimelineRow, lang: Lang) -> String {
    let parts: Vec<String> = r
        .segments
        .iter()
        .map(|s| {
            let events: Vec<String> = s
                .events
                .iter()
                .map(|e| format!("{} {}", e.reason, e.message))
                .collect();
            let events = if events.is_empty() {
                t(lang, K::NoEvents).to_string()
            } else {
                events.join("; ")
            };
            format!("{} {} ({events})", s.status, secs(s.from_ms))
        })
        .collect();
    format!("{}: {}", r.pod, parts.join(", "))
}

/// Virtual milliseconds as seconds with one decimal, e.g. "12.5s".
fn secs(ms: u64) -> String {
    format!("{}.{}s", ms / 1000, (ms % 1000) / 100)
}
