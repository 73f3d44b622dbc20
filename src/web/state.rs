//! The page's two reducers: [`Model`] wraps the one core session (every cluster, terminal and
//! editor change goes through `Session::dispatch`), and [`Ui`] holds what only the page cares
//! about (language, clock speed, which tab is open, drafts in the input fields). Neither does
//! IO: storage, timers and the URL are effects in `hooks`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use super::bridge::{Action, Session};
use super::i18n::{Lang, K};

/// The core session behind a reducer. The session itself is large (a whole cluster plus undo
/// snapshots), so it lives in a shared cell and the reducer bumps `rev` to tell Yew that it
/// changed, instead of cloning it on every action.
pub struct Model {
    pub session: Rc<RefCell<Session>>,
    pub rev: u64,
}

impl Model {
    pub fn new(session: Session) -> Model {
        Model {
            session: Rc::new(RefCell::new(session)),
            rev: 0,
        }
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.rev == other.rev
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.session.borrow_mut().dispatch(action);
        Rc::new(Model {
            session: Rc::clone(&self.session),
            rev: self.rev + 1,
        })
    }
}

/// Why the page started fresh although a session was stored or linked.
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreProblem {
    /// The share link in the address could not be decoded.
    Link(String),
    /// The saved session could not be decoded.
    Saved(String),
    /// A teacher's lesson pack could not be loaded or read.
    Pack(String),
}

/// Clock speeds offered by the speed picker (virtual seconds per wall second).
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// How the cluster is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterMode {
    Picture,
    Table,
}

/// Page-only state.
#[derive(Clone, Debug, PartialEq)]
pub struct Ui {
    pub lang: Lang,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The terminal tab shown (0 or 1).
    pub term_tab: u8,
    /// What the learner has typed but not yet run, per terminal.
    pub drafts: [String; 2],
    pub cluster_mode: ClusterMode,
    pub sheet_open: bool,
    /// Shown above the page: a saved session or link that could not be read.
    pub notice: Option<RestoreProblem>,
    /// A short status for the live region (e.g. "Link copied").
    pub status: Option<K>,
    /// The last share link, shown so it can be copied by hand too.
    pub share_link: Option<String>,
    /// Hints opened on the step named by the key (`lesson/step`); another step shows none.
    pub hints: (String, usize),
}

impl Ui {
    pub fn new(lang: Lang, notice: Option<RestoreProblem>) -> Ui {
        Ui {
            lang,
            playing: false,
            speed: 2,
            term_tab: 0,
            drafts: [String::new(), String::new()],
            cluster_mode: ClusterMode::Picture,
            sheet_open: false,
            notice,
            status: None,
            share_link: None,
            hints: (String::new(), 0),
        }
    }

    /// Hints opened on step `key`.
    pub fn hints_on(&self, key: &str) -> usize {
        if self.hints.0 == key {
            self.hints.1
        } else {
            0
        }
    }

    /// The selected speed as a factor.
    pub fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }
}

/// Changes to [`Ui`].
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    SetLang(Lang),
    SetPlaying(bool),
    SetSpeed(usize),
    SetTab(u8),
    SetDraft {
        term: u8,
        text: String,
    },
    SetClusterMode(ClusterMode),
    ToggleSheet,
    CloseSheet,
    DismissNotice,
    Status(Option<K>),
    ShareLink(Option<String>),
    /// Open one more hint on step `key`.
    MoreHints {
        key: String,
    },
    /// Show a problem above the page.
    Problem(RestoreProblem),
}

impl Reducible for Ui {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut ui = (*self).clone();
        match action {
            UiAction::SetLang(l) => ui.lang = l,
            UiAction::SetPlaying(p) => ui.playing = p,
            UiAction::SetSpeed(i) => ui.speed = i.min(SPEEDS.len() - 1),
            UiAction::SetTab(t) => ui.term_tab = t.min(1),
            UiAction::SetDraft { term, text } => ui.drafts[usize::from(term.min(1))] = text,
            UiAction::SetClusterMode(m) => ui.cluster_mode = m,
            UiAction::ToggleSheet => ui.sheet_open = !ui.sheet_open,
            UiAction::CloseSheet => ui.sheet_open = false,
            UiAction::DismissNotice => ui.notice = None,
            UiAction::Status(s) => ui.status = s,
            UiAction::ShareLink(l) => ui.share_link = l,
            UiAction::Problem(p) => ui.notice = Some(p),
            UiAction::MoreHints { key } => {
                let n = ui.hints_on(&key) + 1;
                ui.hints = (key, n);
            }
        }
        if ui == *self {
            self
        } else {
            Rc::new(ui)
        }
    }
}
