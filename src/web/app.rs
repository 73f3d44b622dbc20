//! The root component: owns the two reducers, wires the effects, and lays out the four areas
//! (lesson, editor, terminals, cluster) plus the timeline and the time controls.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge::{Action, Session};
use super::components::chips::Chips;
use super::components::cluster_view::ClusterView;
use super::components::editor::Editor;
use super::components::lesson_panel::LessonPanel;
use super::components::shortcuts::Shortcuts;
use super::components::terminal::Terminal;
use super::components::time_controls::TimeControls;
use super::components::timeline::Timeline;
use super::hooks::share::share;
use super::hooks::use_global_keys::use_global_keys;
use super::hooks::use_pack::{on_file, use_pack_from_url};
use super::hooks::use_persist::{initial_session, use_autosave};
use super::hooks::use_play_clock::use_play_clock;
use super::hooks::use_url::{embed_target, initial_lang, use_url_lang};
use super::i18n::{t, Lang, K};
use super::state::{Model, RestoreProblem, Ui, UiAction};

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
    // Both initial values are computed once: the session from the link or storage, and the
    // problem (if any) that forced a fresh start, which the page then shows.
    let start = use_memo((), |_| {
        let (session, problem) = initial_session();
        (RefCellOnce::new(session), problem)
    });
    let model = use_reducer(|| Model::new(start.0.take()));
    let ui = use_reducer(|| Ui::new(initial_lang(), start.1.clone()));
    let on_action: Callback<Action> = model.dispatcher().to_callback();
    let on_ui: Callback<UiAction> = ui.dispatcher().to_callback();

    let on_pack_error = {
        let on_ui = on_ui.clone();
        Callback::from(move |e: String| on_ui.emit(UiAction::Problem(RestoreProblem::Pack(e))))
    };
    use_pack_from_url(on_action.clone(), on_pack_error.clone());
    use_play_clock(ui.playing, ui.speed_factor(), on_action.clone());
    use_global_keys(ui.playing, on_ui.clone());
    use_url_lang(ui.lang);
    use_autosave(Rc::clone(&model.session), model.rev);

    let embedded = *use_memo((), |_| embed_target().is_some());
    let lang = ui.lang;
    let session = model.session.borrow();
    let clock = session.clock();
    let term = ui.term_tab;
    let emit_ui = |a: UiAction| {
        let on_ui = on_ui.clone();
        Callback::from(move |_: MouseEvent| on_ui.emit(a.clone()))
    };
    let tabs = (0u8..2).map(|i| {
        html! {
            <button role="tab" class="tab" aria-selected={(i == term).to_string()}
                onclick={emit_ui(UiAction::SetTab(i))}>
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
        Callback::from(move |line: String| session.borrow_mut().complete(term, &line))
    };
    let on_mode = {
        let on_ui = on_ui.clone();
        Callback::from(move |m| on_ui.emit(UiAction::SetClusterMode(m)))
    };
    let on_share = {
        let session = Rc::clone(&model.session);
        let on_ui = on_ui.clone();
        Callback::from(move |_: MouseEvent| {
            share(&session.borrow().to_share(), lang, on_ui.clone())
        })
    };
    let panel = Rc::new(session.lesson(lang.tag()));
    let hint_key = panel
        .active
        .as_ref()
        .map(|a| format!("{}/{}", a.lesson_id, a.step_id))
        .unwrap_or_default();
    let hints_shown = ui.hints_on(&hint_key);
    let on_hint = {
        let (on_ui, on_action) = (on_ui.clone(), on_action.clone());
        Callback::from(move |()| {
            on_ui.emit(UiAction::MoreHints {
                key: hint_key.clone(),
            });
            on_action.emit(Action::LessonHint {
                tier: hints_shown as u32 + 1,
            });
        })
    };
    let on_insert = {
        let on_ui = on_ui.clone();
        Callback::from(move |(term, text): (u8, String)| {
            on_ui.emit(UiAction::SetTab(term));
            on_ui.emit(UiAction::SetDraft { term, text });
        })
    };
    let export = (!session.progress.lessons.is_empty())
        .then(|| AttrValue::from(export_href(&session.completion_record().to_json_pretty())));
    // Scrubbing back pauses the clock: the preview is a still picture of the past.
    let on_timeline = {
        let (on_ui, on_action) = (on_ui.clone(), on_action.clone());
        Callback::from(move |a: Action| {
            if matches!(a, Action::Preview { at: Some(_) }) {
                on_ui.emit(UiAction::SetPlaying(false));
            }
            on_action.emit(a)
        })
    };
    let close_sheet = {
        let on_ui = on_ui.clone();
        Callback::from(move |_| on_ui.emit(UiAction::CloseSheet))
    };

    html! {
        <div class={classes!("app", embedded.then_some("embed"))}>
            <header class="topbar">
                <h1 class="brand">{ t(lang, K::AppTitle) }</h1>
                <TimeControls {clock} playing={ui.playing} speed={ui.speed}
                    {lang} on_action={on_action.clone()} on_ui={on_ui.clone()} />
                <div class="top-actions">
                    <button class="btn" onclick={on_share}>{ t(lang, K::Share) }</button>
                    <button class="btn" onclick={emit_ui(UiAction::ToggleSheet)} aria-keyshortcuts="?"
                        aria-label={t(lang, K::Shortcuts)} title={t(lang, K::Shortcuts)}>{ "?" }</button>
                    <button class="btn" onclick={emit_ui(UiAction::SetLang(lang.other()))}
                        lang={lang.other().tag()}>{ t(lang, K::Language) }</button>
                </div>
            </header>
            if let Some(problem) = &ui.notice {
                { notice(problem, lang, emit_ui(UiAction::DismissNotice)) }
            }
            if let Some(link) = &ui.share_link {
                <div class="sharebar">
                    <label>{ t(lang, K::Share) }{ " " }
                        <input readonly=true value={link.clone()} aria-label={t(lang, K::Share)} /></label>
                    <button class="btn" onclick={emit_ui(UiAction::ShareLink(None))}>{ t(lang, K::Close) }</button>
                </div>
            }
            <main class="grid">
                <LessonPanel {panel} progress={Rc::new(session.progress.clone())} {lang} {hints_shown}
                    on_action={on_action.clone()} {on_insert} {on_hint} {export}
                    on_pack_file={on_file(on_action.clone(), on_pack_error)} />
                <section class="pane editor-pane" aria-label={t(lang, K::Editor)}>
                    <Editor view={session.editor()} {lang} on_action={on_action.clone()} />
                </section>
                <section class="pane term-pane" aria-label={t(lang, K::Terminal)}>
                    <div class="tabs" role="tablist">{ for tabs }</div>
                    <Chips commands={GUIDE_COMMANDS.iter().map(|c| AttrValue::from(*c)).collect::<Vec<_>>()}
                        {lang} on_insert={on_draft.clone()} />
                    <Terminal key={term} {term} view={session.terminal(term)}
                        draft={AttrValue::from(ui.drafts[usize::from(term)].clone())}
                        {lang} on_action={on_action.clone()} {on_draft} {complete} />
                </section>
                <ClusterView picture={session.picture()} mode={ui.cluster_mode} {lang} {on_mode} />
                <Timeline data={session.timeline()} {lang} on_action={on_timeline}
                    discards={clock.past.as_ref().map(|p| p.discards).unwrap_or(0)} />
            </main>
            if let Some(n) = &session.notice {
                <div class="lab-notice" role="status">{ n.clone() }</div>
            }
            <div class="vh" role="status">{ ui.status.map(|k| t(lang, k)).unwrap_or_default() }</div>
            if ui.sheet_open {
                <Shortcuts {lang} on_close={close_sheet} />
            }
        </div>
    }
}

/// A `data:` URL that downloads `json` (the completion record) with no server and no script.
fn export_href(json: &str) -> String {
    let encoded: String = web_sys::js_sys::encode_uri_component(json).into();
    format!("data:application/json;charset=utf-8,{encoded}")
}

fn notice(problem: &RestoreProblem, lang: Lang, dismiss: Callback<MouseEvent>) -> Html {
    let (k, detail) = match problem {
        RestoreProblem::Link(e) => (K::BadLink, e),
        RestoreProblem::Saved(e) => (K::StoredStateCorrupt, e),
        RestoreProblem::Pack(e) => (K::PackFailed, e),
    };
    html! {
        <div class="notice" role="alert">
            <span>{ t(lang, k) }{ " " }<code>{ detail.clone() }</code></span>
            <button class="btn" onclick={dismiss}>{ t(lang, K::Close) }</button>
        </div>
    }
}

/// Hands the initial session from `use_memo` to `use_reducer` exactly once (the session is
/// not `Clone`: it owns a whole cluster).
struct RefCellOnce(std::cell::RefCell<Option<Session>>);

impl RefCellOnce {
    fn new(s: Session) -> RefCellOnce {
        RefCellOnce(std::cell::RefCell::new(Some(s)))
    }

    fn take(&self) -> Session {
        self.0.borrow_mut().take().unwrap_or_default()
    }
}
