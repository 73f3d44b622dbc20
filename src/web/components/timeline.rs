//! Per-pod lifecycle bars over virtual time: one row per pod name (a pod recreated under the
//! same name continues its row, which is the StatefulSet identity story in one picture).
//! Each segment carries its state as text in its title and a pattern class, not only a colour.

use yew::prelude::*;

use crate::web::i18n::{t, Lang, K};
use crate::web::view_model::{Segment, Timeline as TimelineData};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub data: TimelineData,
    pub lang: Lang,
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let d = &p.data;
    let lang = p.lang;
    let span = d.now_ms.saturating_sub(d.start_ms).max(1);
    let pct = |ms: u64| (ms.saturating_sub(d.start_ms) as f64) * 100.0 / span as f64;
    // SVG geometry rather than inline `style`: the page's CSP forbids inline styles, and
    // presentation attributes such as x/width are not styles.
    let seg = |s: &Segment| {
        let to = s.to_ms.unwrap_or(d.now_ms);
        let left = pct(s.from_ms);
        let width = (pct(to) - left).max(0.4);
        let label = format!(
            "{}: {} → {}",
            state_word(s),
            secs(s.from_ms),
            s.to_ms.map(secs).unwrap_or_else(|| "…".into())
        );
        html! {
            <rect class={classes!("seg", s.state.class())} x={format!("{:.3}", left * 10.0)} y="0"
                width={format!("{:.3}", width * 10.0)} height="10"><title>{ label }</title></rect>
        }
    };
    let row_label = |r: &crate::web::view_model::TimelineRow| {
        let parts: Vec<String> = r
            .segments
            .iter()
            .map(|s| format!("{} {}", state_word(s), secs(s.from_ms)))
            .collect();
        format!("{}: {}", r.pod, parts.join(", "))
    };
    html! {
        <section class="pane timeline-pane" aria-label={t(lang, K::Timeline)}>
            <div class="pane-head">
                <h2 class="pane-title">{ t(lang, K::Timeline) }</h2>
                <span class="axis">{ format!("{} – {}", secs(d.start_ms), secs(d.now_ms)) }</span>
            </div>
            if d.rows.is_empty() {
                <p class="empty">{ t(lang, K::EmptyTimeline) }</p>
            } else {
                <ul class="tl-rows">
                    { for d.rows.iter().map(|r| html! {
                        <li class="tl-row" aria-label={row_label(r)}>
                            <span class="tl-name" aria-hidden="true">{ r.pod.clone() }</span>
                            <svg class="tl-track" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
                                { for r.segments.iter().map(seg) }
                            </svg>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn state_word(s: &Segment) -> &'static str {
    s.state.class()
}

/// Virtual milliseconds as seconds with one decimal, e.g. "12.5s".
fn secs(ms: u64) -> String {
    format!("{}.{}s", ms / 1000, (ms % 1000) / 100)
}
