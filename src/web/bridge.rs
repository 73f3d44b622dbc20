//! The one adapter between the page and the core session (`lab::Lab`). Components only see
//! the plain data types below and send `Action`s; this file is the only place that knows how
//! the lab stores terminals, the editor and the cluster.
//!
//! TEMPORARY: until `lab::Lab` lands on main, `Session` keeps the editor and terminal
//! transcripts itself so the layout can be built and looked at.

use std::rc::Rc;

use super::view_model::{Picture, Timeline};

/// Everything the page can ask the session to do (mirrors `lab::Action`).
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Command {
        term: u8,
        line: String,
    },
    Interrupt {
        term: u8,
    },
    Clear {
        term: u8,
    },
    Tick {
        ms: u64,
    },
    Step,
    UntilStable,
    SetEditor {
        text: String,
    },
    ApplyEditor,
    LoadExample {
        name: String,
    },
    /// Open a host file (a lesson's manifest) in the editor.
    OpenFile {
        name: String,
        text: String,
    },
    LessonGoto {
        lesson: String,
        step: usize,
    },
    Undo,
    Redo,
    Reset,
}

/// Which stream a piece of terminal text came from (colours the transcript).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Echo,
    Stdout,
    Stderr,
    Prompt,
}

/// One piece of terminal text.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// What one terminal shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TermView {
    pub chunks: Rc<Vec<Chunk>>,
    pub prompt: String,
    pub busy: bool,
    pub echo: bool,
    /// Lines run on this terminal, oldest first (Up/Down walks them).
    pub history: Rc<Vec<String>>,
}

/// The answer to Tab: a new input line when the completion is unambiguous (or a longer common
/// prefix exists), and the candidates to list otherwise.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Completion {
    pub line: Option<String>,
    pub candidates: Vec<String>,
}

/// An error in the editor's text at a 1-based line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What the editor shows.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorView {
    pub file: String,
    pub text: String,
    pub markers: Vec<Marker>,
    pub examples: Vec<String>,
}

/// The clock and history controls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClockView {
    pub now_ms: u64,
    pub idle: bool,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// The learner's session.
pub struct Session {
    terms: [Vec<Chunk>; 2],
    history: [Vec<String>; 2],
    editor: String,
    now_ms: u64,
}

impl Session {
    /// A fresh session.
    pub fn new() -> Session {
        Session {
            terms: [Vec::new(), Vec::new()],
            history: [Vec::new(), Vec::new()],
            editor: String::new(),
            now_ms: 0,
        }
    }

    /// Apply one action.
    pub fn dispatch(&mut self, a: Action) {
        match a {
            Action::Command { term, line } => {
                self.history[usize::from(term.min(1))].push(line.clone());
                let t = &mut self.terms[usize::from(term.min(1))];
                t.push(Chunk {
                    stream: Stream::Prompt,
                    text: "$ ".into(),
                });
                t.push(Chunk {
                    stream: Stream::Echo,
                    text: format!("{line}\n"),
                });
            }
            Action::Clear { term } => self.terms[usize::from(term.min(1))].clear(),
            Action::SetEditor { text } => self.editor = text,
            Action::Tick { ms } => self.now_ms += ms,
            _ => {}
        }
    }

    pub fn terminal(&self, term: u8) -> TermView {
        TermView {
            chunks: Rc::new(self.terms[usize::from(term.min(1))].clone()),
            prompt: "$ ".into(),
            busy: false,
            echo: true,
            history: Rc::new(self.history[usize::from(term.min(1))].clone()),
        }
    }

    pub fn editor(&self) -> EditorView {
        EditorView {
            file: "statefulset.yaml".into(),
            text: self.editor.clone(),
            markers: Vec::new(),
            examples: Vec::new(),
        }
    }

    pub fn clock(&self) -> ClockView {
        ClockView {
            now_ms: self.now_ms,
            idle: true,
            can_undo: false,
            can_redo: false,
        }
    }

    /// The cluster picture.
    pub fn picture(&self) -> Picture {
        Picture::default()
    }

    /// Pod lifecycles over virtual time.
    pub fn timeline(&self) -> Timeline {
        Timeline {
            now_ms: self.now_ms,
            ..Timeline::default()
        }
    }

    /// The session as the share encoding (also what autosave stores).
    pub fn to_share(&self) -> String {
        String::new()
    }

    /// Rebuild a session from [`Session::to_share`]'s text.
    pub fn from_share(text: &str) -> Result<Session, String> {
        if text.is_empty() {
            Ok(Session::new())
        } else {
            Err("unknown format".into())
        }
    }

    /// Tab completion candidates for `line` on terminal `term`.
    pub fn complete(&self, _term: u8, _line: &str) -> Completion {
        Completion::default()
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}
