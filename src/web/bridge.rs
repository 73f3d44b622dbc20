//! The one adapter between the page and the core session (`lab::Lab`). Components only see
//! the plain data types below and send `Action`s; this file is the only place that knows how
//! the lab stores terminals, the editor and the cluster.
//!
//! Until `lab::Lab` (session layer: kubectl, shell, share encoding) lands on main, `Session`
//! drives the simulated cluster directly: the clock, Step, Until stable, Undo/Redo and Apply
//! from the editor are real; terminal lines are recorded but not yet executed.

use std::rc::Rc;

use super::sim_view;
use super::view_model::{Picture, Timeline};
use crate::sim::api::WriteOptions;
use crate::sim::manifest;
use crate::sim::objects::Object;
use crate::sim::Cluster;

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

/// How many undo snapshots are kept (each is a whole cluster).
const UNDO_LIMIT: usize = 50;

/// Upper bound for "Until stable": ten virtual minutes.
const STABLE_LIMIT_MS: u64 = 600_000;

/// One undo point: the cluster and the editor text.
#[derive(Clone)]
struct Snapshot {
    cluster: Cluster,
    editor: String,
}

/// The learner's session: the simulated cluster, the editor, the terminal transcripts and
/// the undo history.
pub struct Session {
    cluster: Cluster,
    terms: [Vec<Chunk>; 2],
    history: [Vec<String>; 2],
    editor: String,
    file: String,
    markers: Vec<Marker>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

impl Session {
    /// A fresh session.
    pub fn new() -> Session {
        Session {
            cluster: Cluster::new(1),
            terms: [Vec::new(), Vec::new()],
            history: [Vec::new(), Vec::new()],
            editor: String::new(),
            file: "statefulset.yaml".into(),
            markers: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            cluster: self.cluster.clone(),
            editor: self.editor.clone(),
        }
    }

    /// Remember the state before a change the learner may want to undo.
    fn checkpoint(&mut self) {
        self.undo.push(self.snapshot());
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn restore(&mut self, s: Snapshot) {
        self.cluster = s.cluster;
        self.editor = s.editor;
        self.markers.clear();
    }

    /// Apply one action.
    pub fn dispatch(&mut self, a: Action) {
        match a {
            Action::Command { term, line } => {
                let t = usize::from(term.min(1));
                self.history[t].push(line.clone());
                self.terms[t].push(Chunk {
                    stream: Stream::Prompt,
                    text: "$ ".into(),
                });
                self.terms[t].push(Chunk {
                    stream: Stream::Echo,
                    text: format!("{line}\n"),
                });
            }
            Action::Clear { term } => self.terms[usize::from(term.min(1))].clear(),
            Action::Interrupt { .. } => {}
            Action::SetEditor { text } => self.editor = text,
            Action::OpenFile { name, text } => {
                self.file = name;
                self.editor = text;
                self.markers.clear();
            }
            Action::LoadExample { .. } | Action::LessonGoto { .. } => {}
            Action::Tick { ms } => self.cluster.advance(ms),
            Action::Step => {
                self.checkpoint();
                self.cluster.step();
            }
            Action::UntilStable => {
                self.checkpoint();
                self.cluster.run_until_idle(STABLE_LIMIT_MS);
            }
            Action::ApplyEditor => {
                self.checkpoint();
                self.markers = apply(&mut self.cluster, &self.editor);
            }
            Action::Undo => {
                if let Some(s) = self.undo.pop() {
                    let now = self.snapshot();
                    self.redo.push(now);
                    self.restore(s);
                }
            }
            Action::Redo => {
                if let Some(s) = self.redo.pop() {
                    let now = self.snapshot();
                    self.undo.push(now);
                    self.restore(s);
                }
            }
            Action::Reset => *self = Session::new(),
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
            file: self.file.clone(),
            text: self.editor.clone(),
            markers: self.markers.clone(),
            examples: Vec::new(),
        }
    }

    pub fn clock(&self) -> ClockView {
        ClockView {
            now_ms: self.cluster.now(),
            idle: self.cluster.is_idle(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    /// The cluster picture.
    pub fn picture(&self) -> Picture {
        sim_view::picture(&self.cluster)
    }

    /// Pod lifecycles over virtual time.
    pub fn timeline(&self) -> Timeline {
        sim_view::timeline(&self.cluster)
    }

    /// The session as the share encoding (also what autosave stores): for now the editor's
    /// file and text.
    pub fn to_share(&self) -> String {
        serde_json::json!({ "v": 1, "file": self.file, "editor": self.editor }).to_string()
    }

    /// Rebuild a session from [`Session::to_share`]'s text.
    pub fn from_share(text: &str) -> Result<Session, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if v.get("v").and_then(|x| x.as_u64()) != Some(1) {
            return Err("not a StatefulSet Lab session (unknown version)".into());
        }
        let mut s = Session::new();
        if let Some(f) = v.get("file").and_then(|x| x.as_str()) {
            s.file = f.to_string();
        }
        s.editor = v
            .get("editor")
            .and_then(|x| x.as_str())
            .ok_or("the session has no editor text")?
            .to_string();
        Ok(s)
    }

    /// Tab completion candidates for `line` on terminal `term`.
    pub fn complete(&self, _term: u8, _line: &str) -> Completion {
        Completion::default()
    }
}

/// Create or replace every document of the editor's manifest; the markers say where and why a
/// document was refused.
fn apply(cluster: &mut Cluster, text: &str) -> Vec<Marker> {
    let docs = match manifest::parse_documents(text) {
        Ok(d) => d,
        Err(e) => {
            return vec![Marker {
                line: e.line,
                column: e.column,
                message: e.message,
            }]
        }
    };
    let mut markers = Vec::new();
    for (value, line) in docs {
        let at = |message: String| Marker {
            line,
            column: 1,
            message,
        };
        let obj = match Object::from_value(value) {
            Ok(o) => o,
            Err(e) => {
                markers.push(at(e.to_string()));
                continue;
            }
        };
        let opts = WriteOptions::default();
        let kind = obj.kind();
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        let ns = if ns.is_empty() {
            "default".to_string()
        } else {
            ns
        };
        let existing = cluster
            .api()
            .get(kind, &ns, &name)
            .ok()
            .map(|o| o.meta().resource_version.clone());
        let result = match existing {
            Some(rv) => {
                let mut obj = obj;
                obj.meta_mut().resource_version = rv;
                cluster.api_mut().update(obj, &opts)
            }
            None => cluster.api_mut().create(obj, &opts),
        };
        if let Err(e) = result {
            markers.push(at(e.to_string()));
        }
        cluster.settle();
    }
    markers
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}
