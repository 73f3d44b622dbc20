//! The root component: owns the two reducers, wires the effects, and lays out the four areas
//! (lesson, editor, terminals, cluster) plus the timeline and the time controls.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge::{Action, Session};
use super::components::chips::Chips;
use super::components::cluster_view::ClusterView;
use super::components::editor::Editor;
use super::components::shortcuts::Shortcuts;
use super::components::terminal::Terminal;
use super::components::time_controls::TimeControls;
use super::components::timeline::Timeline;
use super::hooks::use_global_keys::use_global_keys;
use super::hooks::use_play_clock::use_play_clock;
use super::hooks::use_url::{initial_lang, use_url_lang};
use super::i18n::{t, K};
use super::state::{Model, Ui, UiAction};

/// Commands from the guide offered as chips on phones (verbatim from the guide's command list).
const GUIDE_COMMANDS: &[&str] = &[
    "kubectl apply -f statefulset.yaml",
    "kubectl get pods -w",
    "kubectl get statefulset",
    "kubectl get pvc",
    "kubectl delete pod web-1",
    "kubectl scale statefulset web --replicas=5",
    "kubectl rollout status statefulset/web",
    "kubectl describe statefulset web",
];

#[component]
pub fn App() -> Html {
    let model = use_reducer(|| Model::new(Session::new()));
    let ui = use_reducer(|| Ui::new(initial_lang()));
    let on_action: Callback<Action> = model.dispatcher().to_callback();
    let on_ui: Callback<UiAction> = ui.dispatcher().to_callback();

    use_play_clock(ui.playing, ui.speed_factor(), on_action.clone());
    use_global_keys(ui.playing, on_ui.clone());
    use_url_lang(ui.lang);

    let lang = ui.lang;
    let session = model.session.borrow();
    let term = ui.term_tab;
    let tabs = (0u8..2).map(|i| {
        let on_ui = on_ui.clone();
        html! {
            <button role="tab" class="tab" aria-selected={(i == term).to_string()}
                onclick={move |_| on_ui.emit(UiAction::SetTab(i))}>
                { format!("{} {}", t(lang, K::TerminalN), i + 1) }
            </button>
        }
    });
    let on_draft = {
        let on_ui = on_ui.clone();
        Callback::from(move |text: String| on_ui.emit(UiAction::SetDraft { term, text }))
    };
    let complete = {
        let session = Rc::clone(&model.session);
        Callback::from(move |line: String| session.borrow().complete(term, &line))
    };
    let toggle_lang = {
        let on_ui = on_ui.clone();
        Callback::from(move |_| on_ui.emit(UiAction::SetLang(lang.other())))
    };
    let toggle_sheet = {
        let on_ui = on_ui.clone();
        Callback::from(move |_| on_ui.emit(UiAction::ToggleSheet))
    };
    let close_sheet = {
        let on_ui = on_ui.clone();
        Callback::from(move |_| on_ui.emit(UiAction::CloseSheet))
    };
    let on_mode = {
        let on_ui = on_ui.clone();
        Callback::from(move |m| on_ui.emit(UiAction::SetClusterMode(m)))
    };
    let insert_chip = {
        let on_ui = on_ui.clone();
        Callback::from(move |text: String| on_ui.emit(UiAction::SetDraft { term, text }))
    };

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ t(lang, K::AppTitle) }</h1>
                <TimeControls clock={session.clock()} playing={ui.playing} speed={ui.speed}
                    {lang} on_action={on_action.clone()} on_ui={on_ui.clone()} />
                <div class="top-actions">
                    <button class="btn" onclick={toggle_sheet} aria-keyshortcuts="?"
                        title={t(lang, K::Shortcuts)}>{ "?" }</button>
                    <button class="btn" onclick={toggle_lang} lang={lang.other().tag()}>{ t(lang, K::Language) }</button>
                </div>
            </header>
            if let Some(n) = ui.notice.clone() {
                <div class="notice" role="alert">{ n }</div>
            }
            <main class="grid">
                <section class="pane lesson" aria-label={t(lang, K::Lesson)}>
                    <h2 class="pane-title">{ t(lang, K::Lesson) }</h2>
                </section>
                <section class="pane editor-pane" aria-label={t(lang, K::Editor)}>
                    <Editor view={session.editor()} {lang} on_action={on_action.clone()} />
                </section>
                <section class="pane term-pane" aria-label={t(lang, K::Terminal)}>
                    <div class="tabs" role="tablist">{ for tabs }</div>
                    <Chips commands={GUIDE_COMMANDS.iter().map(|c| AttrValue::from(*c)).collect::<Vec<_>>()}
                        {lang} on_insert={insert_chip} />
                    <Terminal key={term} {term} view={session.terminal(term)}
                        draft={AttrValue::from(ui.drafts[usize::from(term)].clone())}
                        {lang} on_action={on_action.clone()} {on_draft} {complete} />
                </section>
                <ClusterView picture={session.picture()} mode={ui.cluster_mode} {lang} {on_mode} />
                <Timeline data={session.timeline()} {lang} />
            </main>
            <div class="status vh" role="status">{ ui.status.clone().unwrap_or_default() }</div>
            if ui.sheet_open {
                <Shortcuts {lang} on_close={close_sheet} />
            }
        </div>
    }
}
