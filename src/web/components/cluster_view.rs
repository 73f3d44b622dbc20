//! The cluster picture: each StatefulSet as a row of pods in ordinal order with their disks
//! under them, the partition as a boundary, revision badges, the headless Services with their
//! DNS records, and Deployments. A table of the same data ([`super::cluster_table`]) is always
//! in the page for screen readers; the picture itself is decoration for sighted users.

use std::rc::Rc;
use yew::prelude::*;

use crate::web::i18n::{t, Lang, K};
use crate::web::state::ClusterMode;
use crate::web::view_model::{
    ClaimView, DeployView, Picture, PodView, RevisionView, ServiceView, SetView, Slot,
};

use super::cluster_table::ClusterTable;

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub picture: Rc<Picture>,
    pub mode: ClusterMode,
    pub lang: Lang,
    pub on_mode: Callback<ClusterMode>,
}

#[component]
pub fn ClusterView(p: &ClusterViewProps) -> Html {
    let lang = p.lang;
    let mode_btn = |m: ClusterMode, k: K| {
        let on_mode = p.on_mode.clone();
        html! {
            <button class="seg" aria-pressed={(p.mode == m).to_string()}
                onclick={move |_| on_mode.emit(m)}>{ t(lang, k) }</button>
        }
    };
    let pic = &p.picture;
    let body = if pic.is_empty() {
        html! { <p class="empty">{ t(lang, K::NoObjects) }</p> }
    } else if p.mode == ClusterMode::Table {
        html! { <ClusterTable picture={Rc::clone(pic)} {lang} /> }
    } else {
        html! {
            <>
                <div class="picture" aria-hidden="true">
                    { for pic.sets.iter().map(|s| set_view(s, lang)) }
                    { for pic.services.iter().filter(|s| s.headless).map(|s| service_view(s, lang)) }
                    { for pic.deployments.iter().map(|d| deploy_view(d, lang)) }
                    if !pic.loose_claims.is_empty() {
                        <div class="loose">{ for pic.loose_claims.iter().map(|c| disk(c, lang, false)) }</div>
                    }
                </div>
                <div class="vh"><ClusterTable picture={Rc::clone(pic)} {lang} /></div>
            </>
        }
    };
    html! {
        <section class={classes!("pane", "cluster-pane", pic.past_ms.is_some().then_some("past"))}
            role="region" aria-label={t(lang, K::ClusterView)}>
            <div class="pane-head">
                <h2 class="pane-title">{ t(lang, K::Cluster) }</h2>
                if let Some(ms) = pic.past_ms {
                    <span class="past-badge" role="status">
                        { t(lang, K::ViewingPast) }{ " " }<strong>{ format!("{}.{}s", ms / 1000, (ms % 1000) / 100) }</strong>
                    </span>
                }
                <div class="segmented">
                    { mode_btn(ClusterMode::Picture, K::PictureView) }
                    { mode_btn(ClusterMode::Table, K::TableView) }
                </div>
            </div>
            <div class="cluster-body">{ body }</div>
        </section>
    }
}

fn set_view(s: &SetView, lang: Lang) -> Html {
    html! {
        <article class="sts">
            <header class="sts-head">
                <span class="kind">{ "StatefulSet" }</span>
                <strong class="name">{ s.name.clone() }</strong>
                <span class="count">{ format!("{}/{} {}", s.ready, s.replicas, t(lang, K::Ready)) }</span>
                <span class="strategy">{ s.strategy.clone() }</span>
                { for s.current_revision.iter().map(badge) }
                if s.update_revision != s.current_revision {
                    <span class="arrow">{ "→" }</span>
                    { for s.update_revision.iter().map(badge) }
                }
            </header>
            if let Some(e) = &s.explanation {
                <p class="explain"><span class="explain-k">{ t(lang, K::Explanation) }{ lang.colon() }</span>{ e.render(lang.tag()) }</p>
            }
            <div class="slots">
                { for s.slots.iter().map(|slot| html! {
                    <>
                        if s.partition == Some(slot.ordinal) && slot.ordinal > 0 {
                            <div class="partition" title={format!("partition = {}", slot.ordinal)}>
                                <span>{ format!("{} = {}", t(lang, K::Partition), slot.ordinal) }</span>
                            </div>
                        }
                        { slot_view(slot, lang) }
                    </>
                }) }
            </div>
        </article>
    }
}

fn slot_view(slot: &Slot, lang: Lang) -> Html {
    let detached = slot.pod.is_none();
    html! {
        <div class={classes!("slot", detached.then_some("detached"), slot.beyond_replicas.then_some("beyond"))}>
            <div class="ordinal">{ format!("#{}", slot.ordinal) }</div>
            if let Some(pod) = &slot.pod {
                { pod_card(pod, lang) }
            } else {
                <div class="pod none"><span class="glyph">{ "⬚" }</span>{ t(lang, K::Detached) }</div>
            }
            { for slot.claims.iter().map(|c| disk(c, lang, detached)) }
        </div>
    }
}

fn pod_card(p: &PodView, lang: Lang) -> Html {
    let st = p.state;
    html! {
        <div class={classes!("pod", st.class())}>
            <div class="pod-top">
                <span class="glyph">{ st.glyph() }</span>
                <strong>{ p.name.clone() }</strong>
            </div>
            <div class="pod-status">{ format!("{} · {}", p.status, p.ready) }</div>
            { for p.revision.iter().map(badge) }
            <dl class="pod-facts">
                if let Some(n) = &p.node { <dt>{ t(lang, K::Node) }</dt><dd>{ n.clone() }</dd> }
                if let Some(ip) = &p.ip { <dt>{ t(lang, K::Ip) }</dt><dd>{ ip.clone() }</dd> }
            </dl>
            if let Some(d) = &p.dns { <div class="dns" title={d.clone()}>{ d.clone() }</div> }
            if let Some(e) = &p.explanation { <div class="pod-explain">{ e.render(lang.tag()) }</div> }
        </div>
    }
}

fn badge(r: &RevisionView) -> Html {
    html! {
        <span class={classes!("rev", format!("rev-{}", r.colour()))} title={format!("revision {}", r.number)}>
            { format!("r{} {}", r.number, r.hash) }
        </span>
    }
}

fn disk(c: &ClaimView, lang: Lang, detached: bool) -> Html {
    html! {
        <div class={classes!("disk", c.phase.to_ascii_lowercase(), detached.then_some("detached"))}>
            <div class="disk-name">{ c.name.clone() }</div>
            <div class="disk-meta">
                { c.phase.clone() }
                if let Some(cap) = &c.capacity { { " · " }{ cap.clone() } }
                if detached { { " · " }{ t(lang, K::Detached) } }
            </div>
            if let Some(v) = &c.volume { <div class="disk-pv">{ "↳ " }{ v.clone() }</div> }
        </div>
    }
}

fn service_view(s: &ServiceView, lang: Lang) -> Html {
    html! {
        <article class="svc">
            <header><span class="kind">{ "Service" }</span><strong class="name">{ s.name.clone() }</strong>
                <span class="count">{ format!("clusterIP: {}", s.cluster_ip) }</span></header>
            <div class="svc-k">{ t(lang, K::DnsRecords) }</div>
            if s.records.is_empty() {
                <div class="muted">{ t(lang, K::NoDnsRecords) }</div>
            } else {
                <ul class="records">
                    { for s.records.iter().map(|(n, ip)| html!{ <li><code>{ n.clone() }</code>{ " → " }<code>{ ip.clone() }</code></li> }) }
                </ul>
            }
        </article>
    }
}

fn deploy_view(d: &DeployView, lang: Lang) -> Html {
    html! {
        <article class="deploy">
            <header><span class="kind">{ "Deployment" }</span><strong class="name">{ d.name.clone() }</strong>
                <span class="count">{ format!("{}/{} {}", d.ready, d.replicas, t(lang, K::Ready)) }</span></header>
            <div class="slots">{ for d.pods.iter().map(|p| html!{ <div class="slot">{ pod_card(p, lang) }</div> }) }</div>
        </article>
    }
}
