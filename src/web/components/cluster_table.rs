//! The cluster as tables: the same data as the picture, in a form a screen reader can walk
//! row by row (and a sighted learner can pick with the Table switch).

use std::rc::Rc;
use yew::prelude::*;

use crate::web::i18n::{t, Lang, K};
use crate::web::view_model::{Picture, PodView, RevisionView};

#[derive(Properties, PartialEq)]
pub struct ClusterTableProps {
    pub picture: Rc<Picture>,
    pub lang: Lang,
}

#[component]
pub fn ClusterTable(p: &ClusterTableProps) -> Html {
    let lang = p.lang;
    let pic = &p.picture;
    html! {
        <div class="tables">
            { for pic.sets.iter().map(|s| {
                let mut caption = format!("StatefulSet {}: {}/{} {}, {}", s.name, s.ready, s.replicas, t(lang, K::Ready), s.strategy);
                if let Some(part) = s.partition {
                    caption.push_str(&format!(", partition {part}"));
                }
                if let Some(e) = &s.explanation {
                    caption.push_str(&format!(". {}{}{}", t(lang, K::Explanation), lang.colon(), e.render(lang.tag())));
                }
                html! {
                    <table class="ctable">
                        <caption>{ caption }</caption>
                        { header(lang) }
                        <tbody>
                            { for s.slots.iter().map(|slot| {
                                let claims = slot.claims.iter().map(|c| format!("{} ({})", c.name, c.phase)).collect::<Vec<_>>().join(", ");
                                let vols = slot.claims.iter().filter_map(|c| c.volume.clone()).collect::<Vec<_>>().join(", ");
                                match &slot.pod {
                                    Some(pod) => pod_row(Some(slot.ordinal), pod, claims, vols),
                                    None => html! {
                                        <tr class="detached">
                                            <th scope="row">{ slot.ordinal }</th>
                                            <td>{ "—" }</td>
                                            <td>{ t(lang, K::Detached) }</td>
                                            <td></td><td></td><td></td><td></td><td></td>
                                            <td>{ claims }</td><td>{ vols }</td>
                                        </tr>
                                    },
                                }
                            }) }
                        </tbody>
                    </table>
                }
            }) }
            { for pic.deployments.iter().map(|d| html! {
                <table class="ctable">
                    <caption>{ format!("Deployment {}: {}/{} {}", d.name, d.ready, d.replicas, t(lang, K::Ready)) }</caption>
                    { header(lang) }
                    <tbody>{ for d.pods.iter().map(|pod| pod_row(None, pod, String::new(), String::new())) }</tbody>
                </table>
            }) }
            { for pic.services.iter().map(|s| html! {
                <table class="ctable">
                    <caption>{ format!("Service {} (clusterIP {}): {}", s.name, s.cluster_ip, t(lang, K::DnsRecords)) }</caption>
                    <tbody>
                        if s.records.is_empty() {
                            <tr><td colspan="2">{ t(lang, K::NoDnsRecords) }</td></tr>
                        }
                        { for s.records.iter().map(|(n, ip)| html! { <tr><th scope="row">{ n.clone() }</th><td>{ ip.clone() }</td></tr> }) }
                    </tbody>
                </table>
            }) }
            if !pic.loose_claims.is_empty() {
                <table class="ctable">
                    <caption>{ "PersistentVolumeClaims" }</caption>
                    <tbody>
                        { for pic.loose_claims.iter().map(|c| html! {
                            <tr><th scope="row">{ c.name.clone() }</th><td>{ c.phase.clone() }</td>
                                <td>{ c.volume.clone().unwrap_or_default() }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn pod_row(ordinal: Option<u32>, pod: &PodView, claims: String, vols: String) -> Html {
    html! {
        <tr>
            <th scope="row">{ ordinal.map(|o| o.to_string()).unwrap_or_default() }</th>
            <td>{ pod.name.clone() }</td>
            <td>{ pod.status.clone() }</td>
            <td>{ pod.ready.clone() }</td>
            <td>{ pod.revision.as_ref().map(rev_text).unwrap_or_default() }</td>
            <td>{ pod.node.clone().unwrap_or_default() }</td>
            <td>{ pod.ip.clone().unwrap_or_default() }</td>
            <td>{ pod.dns.clone().unwrap_or_default() }</td>
            <td>{ claims }</td>
            <td>{ vols }</td>
        </tr>
    }
}

fn rev_text(r: &RevisionView) -> String {
    format!("{} ({})", r.hash, r.number)
}

/// The column headings shared by the StatefulSet and Deployment tables.
fn header(lang: Lang) -> Html {
    html! {
        <thead><tr>
            <th scope="col">{ "#" }</th>
            <th scope="col">{ t(lang, K::Pod) }</th>
            <th scope="col">{ t(lang, K::Phase) }</th>
            <th scope="col">{ t(lang, K::Ready) }</th>
            <th scope="col">{ t(lang, K::Revision) }</th>
            <th scope="col">{ t(lang, K::Node) }</th>
            <th scope="col">{ t(lang, K::Ip) }</th>
            <th scope="col">{ "DNS" }</th>
            <th scope="col">{ t(lang, K::Claim) }</th>
            <th scope="col">{ t(lang, K::Volume) }</th>
        </tr></thead>
    }
}
