//! Browser tests for the page (wasm-bindgen-test in headless Chromium): each test mounts a
//! component into a fresh element and checks what a learner would see or hear — text, names of
//! controls, live regions — and what a key press sends to the session.
//!
//! Run with `make test` (tier "wasm"), or:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --features web --test web`
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use stslab::sim::explain::{Condition, Note};
use stslab::web::bridge::{
    Action, Chunk, ClockView, Completion, EditorView, Marker, Stream, TermView,
};
use stslab::web::components::cluster_view::{ClusterView, ClusterViewProps};
use stslab::web::components::editor::{Editor, EditorProps};
use stslab::web::components::terminal::{Terminal, TerminalProps};
use stslab::web::components::time_controls::{TimeControls, TimeControlsProps};
use stslab::web::components::timeline::{Timeline, TimelineProps};
use stslab::web::i18n::Lang;
use stslab::web::state::{ClusterMode, UiAction};
use stslab::web::view_model::*;

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

async fn mount<C>(props: C::Properties) -> Element
where
    C: BaseComponent,
{
    let el = root();
    yew::Renderer::<C>::with_root_and_props(el.clone(), props).render();
    settle().await;
    el
}

/// Let Yew finish rendering: its scheduler drains on the microtask queue, before any timer.
async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(1)).await;
}

fn q(el: &Element, sel: &str) -> Element {
    el.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {sel}"))
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Fire a keydown the way a browser would, built through JS so no extra web-sys features are
/// needed.
fn key(el: &Element, key: &str, ctrl: bool) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"ctrlKey".into(), &ctrl.into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .unwrap()
        .unchecked_into();
    let ev =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init)).unwrap();
    el.dispatch_event(ev.unchecked_ref()).unwrap();
}

/// Click the button whose text is `label`, as a learner would, and let Yew re-render.
async fn click(el: &Element, label: &str) {
    let buttons = el.query_selector_all("button").unwrap();
    let button = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no button {label:?} in {}", text(el)));
    button.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

fn recorder<T: 'static>() -> (Rc<RefCell<Vec<T>>>, Callback<T>) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    (log, Callback::from(move |a| l.borrow_mut().push(a)))
}

fn term_view(chunks: Vec<Chunk>, history: Vec<&str>, busy: bool) -> TermView {
    TermView {
        chunks: Rc::new(chunks),
        prompt: "$ ".into(),
        busy,
        echo: true,
        history: Rc::new(history.into_iter().map(String::from).collect()),
    }
}

#[wasm_bindgen_test]
async fn terminal_has_named_input_and_polite_log_and_runs_a_line_on_enter() {
    let (actions, on_action) = recorder::<Action>();
    let (drafts, on_draft) = recorder::<String>();
    let view = term_view(
        vec![
            Chunk {
                stream: Stream::Prompt,
                text: "$ ".into(),
            },
            Chunk {
                stream: Stream::Echo,
                text: "kubectl get sts\n".into(),
            },
            Chunk {
                stream: Stream::Stderr,
                text: "No resources found in default namespace.\n".into(),
            },
        ],
        vec!["kubectl get pods", "kubectl get sts"],
        false,
    );
    let el = mount::<Terminal>(TerminalProps {
        term: 0,
        view,
        draft: "kubectl get pvc".into(),
        lang: Lang::En,
        on_action,
        on_draft,
        complete: Callback::from(|_| Completion::default()),
    })
    .await;
    let log = q(&el, "[role=log]");
    assert_eq!(log.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(text(&log).contains("No resources found in default namespace."));
    assert_eq!(
        q(&log, ".s-err").text_content().unwrap(),
        "No resources found in default namespace.\n"
    );
    let input = q(&el, "[aria-label='Terminal input']");
    assert_eq!(
        input.unchecked_ref::<HtmlTextAreaElement>().value(),
        "kubectl get pvc"
    );
    assert_eq!(text(&q(&el, ".term-prompt")), "$ ");

    key(&input, "Enter", false);
    assert_eq!(
        actions.borrow().as_slice(),
        &[Action::Command {
            term: 0,
            line: "kubectl get pvc".into()
        }]
    );
    assert_eq!(drafts.borrow().last().map(String::as_str), Some(""));

    key(&input, "ArrowUp", false);
    assert_eq!(
        drafts.borrow().last().map(String::as_str),
        Some("kubectl get sts")
    );

    key(&input, "c", true);
    assert_eq!(
        actions.borrow().last(),
        Some(&Action::Interrupt { term: 0 })
    );

    // The User Timing mark tells how long until a learner can type.
    let perf = web_sys::window().unwrap().performance().unwrap();
    let marks = js_sys::Reflect::get(&perf, &"getEntriesByName".into())
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call1(&perf, &"stslab:interactive".into())
        .unwrap();
    assert_eq!(marks.unchecked_into::<js_sys::Array>().length(), 1);
}

#[wasm_bindgen_test]
async fn busy_terminal_says_how_to_stop_and_tab_lists_candidates() {
    let (_, on_action) = recorder::<Action>();
    let (drafts, on_draft) = recorder::<String>();
    let el = mount::<Terminal>(TerminalProps {
        term: 1,
        view: term_view(vec![], vec![], true),
        draft: "kubectl get p".into(),
        lang: Lang::En,
        on_action,
        on_draft,
        complete: Callback::from(|line: String| {
            assert_eq!(line, "kubectl get p");
            Completion {
                line: None,
                candidates: vec!["pods".into(), "pvc".into(), "pv".into()],
            }
        }),
    })
    .await;
    assert!(text(&el).contains("Ctrl+C"));
    key(&q(&el, "[aria-label='Terminal input']"), "Tab", false);
    settle().await;
    let cands = text(&q(&el, ".term-cands"));
    assert!(cands.contains("pods") && cands.contains("pvc"), "{cands}");
    assert!(drafts.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn editor_marks_errors_at_line_and_column_and_applies_on_ctrl_enter() {
    let (actions, on_action) = recorder::<Action>();
    let el = mount::<Editor>(EditorProps {
        view: EditorView {
            file: "statefulset.yaml".into(),
            text: "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas: three\n".into(),
            markers: vec![Marker {
                line: 4,
                column: 13,
                message: "spec.replicas: Invalid value: \"three\"".into(),
            }],
            examples: vec!["statefulset.yaml".into(), "mysql.yaml".into()],
        },
        lang: Lang::En,
        on_action,
    })
    .await;
    let area = q(&el, "textarea[aria-label='Manifest editor']");
    assert!(area
        .unchecked_ref::<HtmlTextAreaElement>()
        .value()
        .contains("replicas: three"));
    // Line numbers, with the error line marked.
    let lines = el.query_selector_all(".ed-gutter .ln").unwrap();
    assert_eq!(lines.length(), 5);
    assert_eq!(text(&q(&el, ".ln.err")), "✖4");
    // The message names the place.
    assert!(text(&q(&el, ".ed-errors")).contains("line 4, column 13: spec.replicas: Invalid value"));
    // Keys are highlighted as keys; the bad value is underlined from its column.
    assert_eq!(text(&q(&el, ".t-key")), "apiVersion");
    assert_eq!(text(&q(&el, ".squiggle")), "three");
    // The example picker lists the guide's manifests.
    assert!(text(&q(&el, "select")).contains("mysql.yaml"));

    let apply = q(&el, ".ed-bar button");
    assert_eq!(text(&apply), "Apply");
    apply.unchecked_ref::<HtmlElement>().click();
    key(&area, "Enter", true);
    assert_eq!(
        actions.borrow().as_slice(),
        &[Action::ApplyEditor, Action::ApplyEditor]
    );
}

#[wasm_bindgen_test]
async fn time_controls_have_stable_names_and_show_the_virtual_clock() {
    let (actions, on_action) = recorder::<Action>();
    let (uis, on_ui) = recorder::<UiAction>();
    let el = mount::<TimeControls>(TimeControlsProps {
        clock: ClockView {
            now_ms: 125_000,
            idle: true,
            can_undo: true,
            can_redo: false,
            past: None,
        },
        playing: false,
        speed: 2,
        lang: Lang::En,
        on_action,
        on_ui,
    })
    .await;
    let play = q(&el, "button[aria-label='Play']");
    let pause = q(&el, "button[aria-label='Pause']");
    assert!(!play.has_attribute("disabled"));
    assert!(pause.has_attribute("disabled"));
    play.unchecked_ref::<HtmlElement>().click();
    assert_eq!(uis.borrow().as_slice(), &[UiAction::SetPlaying(true)]);
    let buttons = el.query_selector_all("button").unwrap();
    let mut names = Vec::new();
    for i in 0..buttons.length() {
        let b: Element = buttons.item(i).unwrap().unchecked_into();
        names.push(b.get_attribute("aria-label").unwrap_or_else(|| text(&b)));
    }
    assert_eq!(
        names,
        ["Play", "Pause", "Step", "Until stable", "Undo", "Redo"]
    );
    q(&el, "button:nth-of-type(3)")
        .unchecked_ref::<HtmlElement>()
        .click();
    assert_eq!(actions.borrow().as_slice(), &[Action::Step]);
    let speeds = text(&q(&el, "select"));
    assert!(
        speeds.starts_with("0.25×") && speeds.ends_with("16×"),
        "{speeds}"
    );
    assert_eq!(text(&q(&el, "output")), "09:02:05 · +2m5.0s");
}

fn pod(name: &str, state: PodState, status: &str, rev: u64, hash: &str) -> PodView {
    PodView {
        name: name.into(),
        state,
        status: status.into(),
        ready: if state == PodState::Ready {
            "1/1"
        } else {
            "0/1"
        }
        .into(),
        revision: Some(RevisionView {
            number: rev,
            hash: hash.into(),
        }),
        node: Some("kind-worker".into()),
        ip: Some("10.244.1.5".into()),
        dns: Some(format!("{name}.nginx-svc.default.svc.cluster.local")),
        explanation: None,
    }
}

fn claim(name: &str) -> ClaimView {
    ClaimView {
        name: name.into(),
        phase: "Bound".into(),
        volume: Some(format!("pvc-{name}")),
        capacity: Some("1Gi".into()),
        storage_class: Some("standard".into()),
    }
}

fn sample_picture() -> Picture {
    let old = RevisionView {
        number: 1,
        hash: "web-7b4cc9c9c5".into(),
    };
    let new = RevisionView {
        number: 2,
        hash: "web-5d4f8c7b9".into(),
    };
    Picture {
        sets: vec![SetView {
            name: "web".into(),
            replicas: 3,
            ready: 2,
            service_name: "nginx-svc".into(),
            strategy: "RollingUpdate".into(),
            partition: Some(2),
            current_revision: Some(old.clone()),
            update_revision: Some(new.clone()),
            explanation: Some(
                Note::Wait {
                    pod: "web-2".into(),
                    condition: Condition::RunningAndReady,
                    then: None,
                }
                .into(),
            ),
            slots: vec![
                Slot {
                    ordinal: 0,
                    pod: Some(pod(
                        "web-0",
                        PodState::Ready,
                        "Running",
                        1,
                        "web-7b4cc9c9c5",
                    )),
                    claims: vec![claim("www-web-0")],
                    beyond_replicas: false,
                },
                Slot {
                    ordinal: 1,
                    pod: Some(pod(
                        "web-1",
                        PodState::Ready,
                        "Running",
                        1,
                        "web-7b4cc9c9c5",
                    )),
                    claims: vec![claim("www-web-1")],
                    beyond_replicas: false,
                },
                Slot {
                    ordinal: 2,
                    pod: Some(pod(
                        "web-2",
                        PodState::Creating,
                        "ContainerCreating",
                        2,
                        "web-5d4f8c7b9",
                    )),
                    claims: vec![claim("www-web-2")],
                    beyond_replicas: false,
                },
                Slot {
                    ordinal: 3,
                    pod: None,
                    claims: vec![claim("www-web-3")],
                    beyond_replicas: true,
                },
            ],
        }],
        deployments: vec![],
        services: vec![ServiceView {
            name: "nginx-svc".into(),
            headless: true,
            cluster_ip: "None".into(),
            records: vec![(
                "web-0.nginx-svc.default.svc.cluster.local".into(),
                "10.244.1.5".into(),
            )],
        }],
        loose_claims: vec![],
        past_ms: None,
    }
}

#[wasm_bindgen_test]
async fn cluster_view_draws_ordinals_partition_revisions_and_detached_disks() {
    let (modes, on_mode) = recorder::<ClusterMode>();
    let el = mount::<ClusterView>(ClusterViewProps {
        picture: Rc::new(sample_picture()),
        mode: ClusterMode::Picture,
        lang: Lang::En,
        on_mode,
    })
    .await;
    let region = q(&el, "[role=region][aria-label='Cluster view']");
    let pods = region.query_selector_all(".picture .pod strong").unwrap();
    let names: Vec<String> = (0..pods.length())
        .map(|i| pods.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(names, ["web-0", "web-1", "web-2"]);
    // State is shape + text, not colour alone.
    let creating = q(&region, ".pod.creating");
    assert!(text(&creating).contains("◔") && text(&creating).contains("ContainerCreating · 0/1"));
    assert!(text(&q(&region, ".partition")).contains("partition = 2"));
    assert!(text(&q(&region, ".explain")).contains("waiting for web-2"));
    assert!(text(&q(&region, ".sts-head")).contains("web-7b4cc9c9c5"));
    assert!(text(&q(&region, ".sts-head")).contains("web-5d4f8c7b9"));
    let detached = q(&region, ".slot.detached");
    assert!(text(&detached).contains("#3") && text(&detached).contains("www-web-3"));
    assert!(text(&q(&region, ".svc"))
        .contains("web-0.nginx-svc.default.svc.cluster.local → 10.244.1.5"));
    // The same data as a table for screen readers.
    let rows = region.query_selector_all(".vh table tbody tr").unwrap();
    assert!(rows.length() >= 4);
    assert!(text(&q(&region, ".vh caption"))
        .contains("StatefulSet web: 2/3 Ready, RollingUpdate, partition 2"));
    q(&region, ".segmented button:nth-child(2)")
        .unchecked_ref::<HtmlElement>()
        .click();
    assert_eq!(modes.borrow().as_slice(), &[ClusterMode::Table]);
}

#[wasm_bindgen_test]
async fn cluster_view_in_chinese_keeps_kubernetes_terms() {
    let el = mount::<ClusterView>(ClusterViewProps {
        picture: Rc::new(sample_picture()),
        mode: ClusterMode::Table,
        lang: Lang::Zh,
        on_mode: Callback::noop(),
    })
    .await;
    let t = text(&el);
    assert!(t.contains("集群"), "{t}");
    // The region's accessible name is in the learner's language too.
    q(&el, "[role=region][aria-label='集群视图']");
    assert!(t.contains("StatefulSet web"));
    assert!(t.contains("已脱离"));
}

fn timeline_data(cursor_ms: Option<u64>) -> stslab::web::view_model::Timeline {
    stslab::web::view_model::Timeline {
        now_ms: 10_000,
        start_ms: 0,
        first_ms: 0,
        cursor_ms,
        rows: Rc::new(vec![TimelineRow {
            pod: "web-0".into(),
            segments: vec![
                Segment {
                    from_ms: 0,
                    to_ms: Some(2_000),
                    state: PodState::Pending,
                    status: "Pending".into(),
                    events: vec![],
                },
                Segment {
                    from_ms: 2_000,
                    to_ms: None,
                    state: PodState::Ready,
                    status: "Running".into(),
                    events: vec![EventLine {
                        at_ms: 2_100,
                        warning: false,
                        reason: "Started".into(),
                        message: "Started container nginx".into(),
                    }],
                },
            ],
        }]),
    }
}

#[wasm_bindgen_test]
async fn timeline_has_a_row_per_pod_with_readable_segments() {
    let el = mount::<Timeline>(TimelineProps {
        data: timeline_data(None),
        lang: Lang::En,
        discards: 0,
        on_action: Callback::noop(),
    })
    .await;
    let row = q(&el, ".tl-row");
    assert_eq!(
        row.get_attribute("aria-label").as_deref(),
        Some("web-0: Pending 0.0s (no events), Running 2.0s (Started Started container nginx)")
    );
    assert_eq!(el.query_selector_all("rect.seg").unwrap().length(), 2);
    assert_eq!(
        q(&el, "rect.seg.ready").get_attribute("x").as_deref(),
        Some("200.000")
    );
    // Before a row is picked, the side panel says how to pick one.
    assert!(text(&q(&el, ".tl-detail")).contains("Point at a pod's row"));
    // Focusing a row lists its stretches and events beside the bars.
    row.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    let detail = text(&q(&el, ".tl-detail"));
    assert!(detail.contains("Running: 2.0s → …"), "{detail}");
    assert!(
        detail.contains("2.1s Started: Started container nginx"),
        "{detail}"
    );
}

#[wasm_bindgen_test]
async fn continuing_from_the_past_asks_first_and_says_what_it_discards() {
    let (actions, on_action) = recorder::<Action>();
    let el = mount::<Timeline>(TimelineProps {
        data: timeline_data(Some(4_000)),
        lang: Lang::En,
        discards: 3,
        on_action,
    })
    .await;
    assert!(
        text(&el).contains("The cluster as it was at 4.0s"),
        "{}",
        text(&el)
    );
    assert!(q(&el, "line.tl-cursor").get_attribute("x1").as_deref() == Some("400.000"));
    click(&el, "Continue from here…").await;
    let t = text(&el);
    assert!(t.contains("Later actions discarded: 3"), "{t}");
    assert!(
        actions.borrow().is_empty(),
        "nothing happens before the confirmation"
    );
    click(&el, "Discard and continue").await;
    assert_eq!(actions.borrow().as_slice(), &[Action::Rewind]);
}
