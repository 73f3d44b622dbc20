//! The learner session: the cluster, two terminals, the host files, the editor buffer, an
//! action log, and undo/redo snapshots. Every UI event is an [`Action`]; [`Lab::dispatch`]
//! is the only mutation. The same seed and the same actions give the same session, which is
//! why the action log (with the seed) is the persistence and share format ([`share`]).
//!
//! Time: blocking commands (`rollout status`, `delete` waiting, `sleep`) and the pod shell's
//! `ping` need the clock to move; the page sends [`Action::Tick`] while playing (or
//! [`Action::Step`] to jump to the next event). Scripts use [`Lab::run_line`], which lets a
//! command finish the way the CLI transcript shows it (see `Terminal::settle`).
//!
//! `kubectl edit`: the command writes kubectl's temp file and blocks its terminal; the lab
//! opens that file in the editor ([`Effect::Editor`]). [`Action::ApplyEditor`] on that file
//! is the editor saving and quitting: the lab runs `kubectl::finish_edit` and the terminal
//! prints what kubectl prints (or the editor reopens with kubectl's error comments).
//! Ctrl-C in the terminal ends kubectl; the editor goes back to the file it showed before.

pub mod lessons;
pub mod markers;
pub mod panel;
pub mod prove;
mod rewind;
pub mod script;
pub mod share;
pub mod timeline;
pub mod view;
pub mod world;

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::lesson::Pack;
use crate::shell::terminal::{Completion, Env, Terminal};
use crate::shell::vfs::Vfs;
use crate::shell::{Chunk, Stream};
use crate::sim::{Cluster, Millis};

pub use share::RestoreError;
pub use view::ClusterView;

/// Number of terminals on the page.
pub const TERMINALS: usize = 2;
/// Undo depth.
const UNDO_DEPTH: usize = 50;
/// Scrollback kept per terminal (chunks).
const SCROLLBACK: usize = 4000;
/// Bound for "run until stable".
pub const STABLE_LIMIT: Millis = 30 * 60 * 1000;
/// Latest virtual time a session may reach (about 100 years). A `Tick` from an edited share
/// link could otherwise push the clock to `u64::MAX`, where every timer the simulator
/// schedules (`now + delay`) overflows.
pub const MAX_TIME: Millis = 100 * 365 * 24 * 3600 * 1000;

/// Everything the learner can do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "a", rename_all = "camelCase")]
pub enum Action {
    /// A line typed (or a snippet clicked) in terminal `term`.
    Command {
        term: u8,
        line: String,
    },
    /// Ctrl-C in terminal `term`.
    Interrupt {
        term: u8,
    },
    /// Let `ms` of virtual time pass (the page's play timer).
    Tick {
        ms: Millis,
    },
    /// Jump to the next scheduled event.
    Step,
    /// Run until nothing is scheduled (bounded).
    UntilStable,
    /// The editor's text changed.
    SetEditor {
        text: String,
    },
    /// Show file `name` in the editor (saving the current buffer to its file first).
    OpenFile {
        name: String,
    },
    /// Save the editor to its file and run `kubectl apply -f FILE` in terminal 0; while the
    /// editor shows the temp file of a pending `kubectl edit`, save it and let that edit go on.
    ApplyEditor,
    /// Restore a bundled example manifest and open it.
    LoadExample {
        name: String,
    },
    Undo,
    Redo,
    /// Inject a fault (the sim's fault as JSON).
    Fault {
        fault: serde_json::Value,
    },
    /// Ctrl-L in terminal `term`: clear what it shows (the session's commands are unchanged).
    Clear {
        term: u8,
    },
    /// Go back to virtual time `to` and continue from there: the session becomes a replay of
    /// its log up to that moment, and everything after it is discarded. Not itself logged.
    Rewind {
        to: Millis,
    },
    /// Start over on a fresh cluster.
    Reset {
        seed: u64,
    },
    /// Go to a lesson step (builds its start state).
    LessonGoto {
        lesson: String,
        step: usize,
        /// A class link's seed, in place of the lesson's own.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
    },
    /// "Show solution": play the current step's solution in the terminal.
    LessonSolve,
    /// A sandbox menu entry of the current lesson: open its manifest and/or play its items.
    LessonMenu {
        id: String,
    },
    /// Follow the lesson pack with this id: the built-in course or the teacher's pack the
    /// session was given ([`Lab::use_pack`]). Logged, so a replay switches where the learner
    /// did; leaves the current lesson and keeps the cluster.
    UsePack {
        id: String,
    },
}

/// What changed, for the page to update incrementally.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Effect {
    /// New text in a terminal.
    Output { term: u8, chunks: Vec<Chunk> },
    /// The editor buffer changed from the core's side (open, undo, lesson start).
    Editor,
    /// The whole session was replaced (undo/redo/reset/lesson): re-render everything.
    Reset,
    /// An action could not be done (e.g. nothing to undo); the text is for a toast.
    Notice(String),
}

/// The editor: which file it shows and the unsaved text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editor {
    pub file: String,
    pub text: String,
}

#[derive(Clone)]
struct Snapshot {
    cluster: Cluster,
    vfs: Vfs,
    editor: Editor,
    screens: [Vec<Chunk>; TERMINALS],
    /// The lesson's history too: an undone command no longer counts towards a goal.
    lesson: Option<LessonState>,
}

/// A `kubectl edit` waiting for the editor, in terminal `term`.
struct PendingEdit {
    term: usize,
    link: world::EditLink,
    /// What the editor showed before the edit took it over.
    before: Editor,
}

/// The lesson being followed.
#[derive(Clone, Debug)]
pub struct LessonState {
    pub lesson: String,
    pub step: usize,
    pub history: crate::lesson::History,
}

/// One learner session.
pub struct Lab {
    pub cluster: Cluster,
    pub terminals: [Terminal<Cluster>; TERMINALS],
    /// What each terminal shows (chunks since the last `clear`).
    pub screens: [Vec<Chunk>; TERMINALS],
    pub vfs: Vfs,
    pub editor: Editor,
    pub lesson: Option<LessonState>,
    /// The course lessons come from: the built-in one, or a teacher's pack.
    pack: Rc<Pack>,
    /// The course the session started with (what a replay starts from).
    start_pack: Rc<Pack>,
    /// A teacher's pack this session may switch to with [`Action::UsePack`].
    teacher: Option<Rc<Pack>>,
    /// The editor text at the last Apply and the errors that Apply met, for the markers.
    applied: Option<(String, Vec<markers::Problem>)>,
    seed: u64,
    log: Vec<Action>,
    /// The virtual time at which each logged action was dispatched (parallel to `log`; not
    /// stored, since a replay computes it again).
    log_at: Vec<Millis>,
    /// While replaying for a rewind: the moment time may not move past, and which actions hit it.
    replay: Option<rewind::Replay>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// Edits in progress (oldest first); the editor shows the newest one's file.
    edits: Vec<PendingEdit>,
}

impl Lab {
    /// A fresh session on the default cluster.
    pub fn new(seed: u64) -> Lab {
        let vfs = Vfs::new();
        let text = vfs.read("statefulset.yaml").unwrap_or_default().to_string();
        let mut lab = Lab {
            cluster: Cluster::new(seed),
            terminals: [Terminal::new(), Terminal::new()],
            screens: [Vec::new(), Vec::new()],
            vfs,
            editor: Editor {
                file: "statefulset.yaml".into(),
                text,
            },
            lesson: None,
            pack: lessons::builtin_pack(),
            start_pack: lessons::builtin_pack(),
            teacher: None,
            applied: None,
            seed,
            log: Vec::new(),
            log_at: Vec::new(),
            replay: None,
            undo: Vec::new(),
            redo: Vec::new(),
            edits: Vec::new(),
        };
        lab.init_screens();
        lab
    }

    fn init_screens(&mut self) {
        for t in 0..TERMINALS {
            self.screens[t] = vec![Chunk {
                stream: Stream::Prompt,
                text: self.terminals[t].prompt(),
            }];
        }
    }

    /// Problems to mark in the editor: its YAML syntax error while typing, and the errors
    /// of the last Apply as long as the text is still what was applied.
    pub fn editor_problems(&self) -> Vec<markers::Problem> {
        let mut p = markers::parse_problems(&self.editor.text);
        if let Some((text, problems)) = &self.applied {
            if *text == self.editor.text && p.is_empty() {
                p.extend(problems.iter().cloned());
            }
        }
        p
    }

    /// The course lessons come from.
    pub fn pack(&self) -> Rc<Pack> {
        Rc::clone(&self.pack)
    }

    /// Follow a teacher's pack (or the built-in course again) instead of the current one:
    /// makes it available, then dispatches the logged [`Action::UsePack`].
    pub fn use_pack(&mut self, pack: Rc<Pack>) -> Vec<Effect> {
        let id = pack.id.clone();
        if id != lessons::builtin_pack().id {
            self.teacher = Some(pack);
        }
        self.dispatch(Action::UsePack { id })
    }

    /// The pack with this id, if this session has it.
    fn pack_named(&self, id: &str) -> Option<Rc<Pack>> {
        let builtin = lessons::builtin_pack();
        if builtin.id == id {
            return Some(builtin);
        }
        self.teacher.as_ref().filter(|p| p.id == id).cloned()
    }

    /// The seed the session started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The actions so far (the persistence format).
    pub fn log(&self) -> &[Action] {
        &self.log
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Tab completion in a terminal.
    pub fn complete(&mut self, term: u8, line: &str) -> Completion {
        let t = (term as usize).min(TERMINALS - 1);
        let env = Env {
            world: &mut self.cluster,
            vfs: &mut self.vfs,
        };
        self.terminals[t].complete(line, &env)
    }

    /// True while a `kubectl edit` in terminal `term` waits for the editor.
    pub fn edit_pending(&self, term: u8) -> bool {
        self.edits.iter().any(|e| e.term == usize::from(term))
    }

    fn snapshot(&self) -> Snapshot {
        // Running commands are not restored (see `restore`), so neither is an edit: the
        // snapshot keeps the editor as it was before the first pending edit took it over.
        let editor = match self.edits.first() {
            Some(e) => e.before.clone(),
            None => self.editor.clone(),
        };
        Snapshot {
            cluster: self.cluster.clone(),
            vfs: self.vfs.clone(),
            editor,
            screens: self.screens.clone(),
            lesson: self.lesson.clone(),
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.cluster = s.cluster;
        self.vfs = s.vfs;
        self.editor = s.editor;
        self.screens = s.screens;
        self.lesson = s.lesson;
        // Running commands belonged to the replaced timeline.
        for t in &mut self.terminals {
            t.detach();
        }
        self.edits.clear();
    }

    fn push_undo(&mut self) {
        let s = self.snapshot();
        self.undo.push(s);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn show(&mut self, term: usize, chunks: Vec<Chunk>, fx: &mut Vec<Effect>) {
        if chunks.is_empty() {
            return;
        }
        let screen = &mut self.screens[term];
        for c in &chunks {
            if c.stream == Stream::Clear {
                screen.clear();
                continue;
            }
            match screen.last_mut() {
                Some(last) if last.stream == c.stream => last.text.push_str(&c.text),
                _ => screen.push(c.clone()),
            }
        }
        if screen.len() > SCROLLBACK {
            let cut = screen.len() - SCROLLBACK;
            screen.drain(..cut);
        }
        fx.push(Effect::Output {
            term: term as u8,
            chunks,
        });
    }

    /// Poll every terminal (after time moved).
    fn poll_all(&mut self, fx: &mut Vec<Effect>) {
        for t in 0..TERMINALS {
            let mut env = Env {
                world: &mut self.cluster,
                vfs: &mut self.vfs,
            };
            let c = self.terminals[t].poll(&mut env);
            self.show(t, c, fx);
        }
    }

    /// Move time to `target`, stopping at every event so terminals print in order.
    fn advance_to(&mut self, target: Millis, fx: &mut Vec<Effect>) {
        loop {
            let mut next = self.cluster.next_timer_at();
            for t in &self.terminals {
                if let Some(w) = t.wake_at() {
                    next = Some(next.map_or(w, |n| n.min(w)));
                }
            }
            match next {
                Some(n) if n <= target => {
                    let n = n.max(self.cluster.now());
                    crate::shell::job::World::advance_to(&mut self.cluster, n);
                    self.poll_all(fx);
                    if n == target {
                        return;
                    }
                    // A timer due now that did not fire would loop forever; guard it.
                    if self.cluster.next_timer_at() == Some(n) && n == self.cluster.now() {
                        self.cluster.settle();
                        if self.cluster.next_timer_at() == Some(n) {
                            return;
                        }
                    }
                }
                _ => {
                    crate::shell::job::World::advance_to(&mut self.cluster, target);
                    self.poll_all(fx);
                    return;
                }
            }
        }
    }

    /// Apply one action; returns what changed.
    pub fn dispatch(&mut self, a: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Action::Rewind { to } = a {
            self.rewind(to, &mut fx);
            return fx;
        }
        self.log.push(a.clone());
        self.log_at.push(self.cluster.now());
        // Edits opened outside an action (none expected) belong to no terminal.
        let _ = world::take_opened_edits();
        match a {
            Action::Command { term, line } => {
                let t = (term as usize).min(TERMINALS - 1);
                if !self.terminals[t].busy() && !self.terminals[t].in_session() {
                    self.push_undo();
                }
                self.sync_editor_file();
                let time = self.cluster.now();
                let mut env = Env {
                    world: &mut self.cluster,
                    vfs: &mut self.vfs,
                };
                let in_pod = self.terminals[t].in_session();
                let c = self.terminals[t].submit(&line, &mut env);
                self.record(&line, time, t, in_pod, &c);
                self.show(t, c, &mut fx);
                self.refresh_editor(&mut fx);
                self.sync_edits(t, &mut fx);
            }
            Action::Interrupt { term } => {
                let t = (term as usize).min(TERMINALS - 1);
                let mut env = Env {
                    world: &mut self.cluster,
                    vfs: &mut self.vfs,
                };
                let c = self.terminals[t].interrupt(&mut env);
                self.show(t, c, &mut fx);
                self.sync_edits(t, &mut fx);
            }
            Action::Tick { ms } => {
                let want = self.cluster.now().saturating_add(ms);
                let target = self.cap(want).max(self.cluster.now());
                self.advance_to(target, &mut fx);
            }
            Action::Step => {
                self.push_undo();
                let mut next = self.cluster.next_timer_at();
                for t in &self.terminals {
                    if let Some(w) = t.wake_at() {
                        next = Some(next.map_or(w, |n| n.min(w)));
                    }
                }
                match next {
                    Some(n) => {
                        let n = self.cap(n).max(self.cluster.now());
                        self.advance_to(n, &mut fx)
                    }
                    None => fx.push(Effect::Notice(
                        "Nothing is scheduled: the cluster is stable.".into(),
                    )),
                }
            }
            Action::UntilStable => {
                self.push_undo();
                let limit = self
                    .cluster
                    .now()
                    .saturating_add(STABLE_LIMIT)
                    .min(MAX_TIME);
                while let Some(n) = self.cluster.next_timer_at() {
                    if n > limit {
                        break;
                    }
                    let to = self.cap(n).max(self.cluster.now());
                    self.advance_to(to, &mut fx);
                    if to < n {
                        break; // a replay's cap: it stops exactly there
                    }
                }
            }
            Action::SetEditor { text } => self.editor.text = text,
            Action::OpenFile { name } => {
                self.sync_editor_file();
                self.editor = Editor {
                    text: self.vfs.read(&name).unwrap_or_default().to_string(),
                    file: name,
                };
                fx.push(Effect::Editor);
            }
            Action::ApplyEditor => {
                if let Some(i) = self
                    .edits
                    .iter()
                    .rposition(|e| e.link.borrow().req.file == self.editor.file)
                {
                    self.save_edit(i, &mut fx);
                    return fx;
                }
                self.sync_editor_file();
                let line = format!("kubectl apply -f {}", self.editor.file);
                self.push_undo();
                let time = self.cluster.now();
                let mut env = Env {
                    world: &mut self.cluster,
                    vfs: &mut self.vfs,
                };
                let c = self.terminals[0].submit(&line, &mut env);
                self.record(&line, time, 0, false, &c);
                let said: String = c
                    .iter()
                    .filter(|c| matches!(c.stream, Stream::Stdout | Stream::Stderr))
                    .map(|c| c.text.as_str())
                    .collect();
                let problems = markers::apply_problems(&self.editor.text, &said);
                self.applied = Some((self.editor.text.clone(), problems));
                self.show(0, c, &mut fx);
                self.sync_edits(0, &mut fx);
            }
            Action::LoadExample { name } => {
                match crate::shell::vfs::EXAMPLES.iter().find(|(n, _)| *n == name) {
                    Some((n, text)) => {
                        self.push_undo();
                        self.vfs.write(n, text);
                        self.editor = Editor {
                            file: n.to_string(),
                            text: text.to_string(),
                        };
                        fx.push(Effect::Editor);
                    }
                    None => fx.push(Effect::Notice(format!("No example named {name}"))),
                }
            }
            Action::Undo => match self.undo.pop() {
                Some(s) => {
                    let cur = self.snapshot();
                    self.redo.push(cur);
                    self.restore(s);
                    fx.push(Effect::Reset);
                }
                None => fx.push(Effect::Notice("Nothing to undo".into())),
            },
            Action::Redo => match self.redo.pop() {
                Some(s) => {
                    let cur = self.snapshot();
                    self.undo.push(cur);
                    self.restore(s);
                    fx.push(Effect::Reset);
                }
                None => fx.push(Effect::Notice("Nothing to redo".into())),
            },
            Action::Fault { fault } => match serde_json::from_value(fault) {
                Ok(f) => {
                    self.push_undo();
                    if let Err(e) = self.cluster.inject(f) {
                        fx.push(Effect::Notice(e));
                    }
                    self.poll_all(&mut fx);
                }
                Err(e) => fx.push(Effect::Notice(format!("Unknown fault: {e}"))),
            },
            Action::Clear { term } => {
                let t = (term as usize).min(TERMINALS - 1);
                self.screens[t] = vec![Chunk {
                    stream: Stream::Prompt,
                    text: self.terminals[t].prompt(),
                }];
            }
            Action::Rewind { .. } => {} // handled above: it is not logged
            Action::Reset { seed } => {
                let (log, log_at) = (
                    std::mem::take(&mut self.log),
                    std::mem::take(&mut self.log_at),
                );
                let (pack, replay) = (Rc::clone(&self.pack), self.replay.take());
                let (start_pack, teacher) = (Rc::clone(&self.start_pack), self.teacher.take());
                *self = Lab::new(seed);
                (self.log, self.log_at) = (log, log_at);
                (self.pack, self.replay) = (pack, replay);
                (self.start_pack, self.teacher) = (start_pack, teacher);
                self.mark_epoch();
                fx.push(Effect::Reset);
            }
            Action::LessonGoto { lesson, step, seed } => {
                match lessons::start_in(&self.pack, &lesson, step, seed) {
                    Ok(mut lab) => {
                        lab.log = std::mem::take(&mut self.log);
                        lab.log_at = std::mem::take(&mut self.log_at);
                        lab.pack = Rc::clone(&self.pack);
                        lab.start_pack = Rc::clone(&self.start_pack);
                        lab.teacher = self.teacher.take();
                        lab.replay = self.replay.take();
                        *self = lab;
                        self.mark_epoch();
                        fx.push(Effect::Reset);
                    }
                    Err(e) => fx.push(Effect::Notice(e)),
                }
            }
            Action::LessonSolve => match lessons::solution(self) {
                Some(items) => {
                    self.play_as_one(&items, &mut fx);
                    fx.push(Effect::Reset);
                }
                None => fx.push(Effect::Notice("This step has no solution to show.".into())),
            },
            Action::LessonMenu { id } => match lessons::menu_item(self, &id) {
                Some(item) => {
                    self.push_undo();
                    if let (Some(yaml), Some(file)) = (&item.yaml, &item.file) {
                        self.sync_editor_file();
                        self.vfs.write(file, yaml);
                        self.editor = Editor {
                            file: file.clone(),
                            text: yaml.clone(),
                        };
                    }
                    let undo_len = self.undo.len();
                    self.play_as_one(&item.play, &mut fx);
                    // The snapshot above already covers the whole entry.
                    self.undo.truncate(undo_len);
                    fx.push(Effect::Reset);
                }
                None => fx.push(Effect::Notice(format!("No menu entry named {id}"))),
            },
            Action::UsePack { id } => match self.pack_named(&id) {
                Some(pack) => {
                    self.pack = pack;
                    self.lesson = None;
                    // Snapshots hold lesson states of the other course: undo stops here.
                    self.undo.clear();
                    self.redo.clear();
                    fx.push(Effect::Reset);
                }
                None => fx.push(Effect::Notice(format!(
                    "The lesson pack \"{id}\" is not loaded."
                ))),
            },
        }
        fx
    }

    /// Adopt edits opened by terminal `term`'s last command (the editor opens the newest) and
    /// forget the ones that are over (the editor returns to what it showed before).
    fn sync_edits(&mut self, term: usize, fx: &mut Vec<Effect>) {
        for link in world::take_opened_edits() {
            if link.borrow().closed {
                continue; // ran where it could not wait for an editor (a pipe) and was ended
            }
            let (file, text) = {
                let st = link.borrow();
                (st.req.file.clone(), st.req.text.clone())
            };
            self.sync_editor_file();
            let before = self.editor.clone();
            self.edits.push(PendingEdit { term, link, before });
            self.editor = Editor { file, text };
            fx.push(Effect::Editor);
        }
        while let Some(i) = self.edits.iter().position(|e| e.link.borrow().closed) {
            let done = self.edits.remove(i);
            let file = done.link.borrow().req.file.clone();
            if self.editor.file == file {
                let mut back = done.before;
                if let Ok(t) = self.vfs.read(&back.file) {
                    back.text = t.to_string();
                }
                self.editor = back;
                fx.push(Effect::Editor);
            }
        }
    }

    /// The editor saved the temp file of pending edit `i` and quit: kubectl goes on.
    fn save_edit(&mut self, i: usize, fx: &mut Vec<Effect>) {
        self.sync_editor_file();
        self.push_undo();
        let term = self.edits[i].term;
        let link = self.edits[i].link.clone();
        let req = link.borrow().req.clone();
        let saved = self.editor.text.clone();
        let outcome = {
            let mut cx =
                crate::kubectl::KubectlCtx::new(&mut self.cluster, &crate::kubectl::NoFiles);
            crate::kubectl::finish_edit(&req, &saved, &mut cx)
        };
        let out = |o: crate::kubectl::Output| crate::shell::builtins::Output {
            stderr_first: o.warnings,
            stdout: o.stdout,
            stderr: o.stderr,
            status: o.status,
        };
        match outcome {
            crate::kubectl::Outcome::Edit(next) => {
                // kubectl reopens the editor on a new temp file and drops the previous one.
                self.vfs.remove(&req.file);
                self.vfs.write(&next.file, &next.text);
                self.editor = Editor {
                    file: next.file.clone(),
                    text: next.text.clone(),
                };
                fx.push(Effect::Editor);
                let mut st = link.borrow_mut();
                st.queued = Some((
                    out(crate::kubectl::Output {
                        stderr: next.stderr.clone(),
                        ..Default::default()
                    }),
                    None,
                ));
                st.req = next;
            }
            crate::kubectl::Outcome::Done(o) => {
                // kubectl removes its temp file unless it failed (then it says where it is).
                if o.status == 0 {
                    self.vfs.remove(&req.file);
                }
                let status = o.status;
                link.borrow_mut().queued = Some((out(o), Some(status)));
            }
            // finish_edit only ends or reopens the edit.
            crate::kubectl::Outcome::Running(_) | crate::kubectl::Outcome::Interactive(_) => {}
        }
        let mut env = Env {
            world: &mut self.cluster,
            vfs: &mut self.vfs,
        };
        let c = self.terminals[term].poll(&mut env);
        let output: String = c
            .iter()
            .filter(|c| matches!(c.stream, Stream::Stdout | Stream::Stderr))
            .map(|c| c.text.as_str())
            .collect();
        self.show(term, c, fx);
        if let Some(ls) = &mut self.lesson {
            if let Some(last) = ls
                .history
                .commands
                .iter_mut()
                .rev()
                .find(|r| r.status.is_none())
            {
                last.output.push_str(&output);
                if !self.terminals[term].busy() {
                    last.status = Some(self.terminals[term].last_status());
                }
            }
        }
        self.sync_edits(term, fx);
    }

    /// Play lesson items (a solution, a menu entry) as one learner action: one undo step, and
    /// only the action that asked for them in the log, since replaying it plays them again.
    fn play_as_one(&mut self, items: &[crate::lesson::Play], fx: &mut Vec<Effect>) {
        let log = std::mem::take(&mut self.log);
        let log_at = std::mem::take(&mut self.log_at);
        self.push_undo();
        let undo_len = self.undo.len();
        for item in items {
            if let Err(e) = lessons::play(self, item) {
                fx.push(Effect::Notice(e));
                break;
            }
        }
        self.undo.truncate(undo_len);
        self.redo.clear();
        self.log = log;
        self.log_at = log_at;
    }

    /// Write the editor buffer to its file (the buffer *is* the file).
    fn sync_editor_file(&mut self) {
        if self.vfs.read(&self.editor.file).ok() != Some(self.editor.text.as_str()) {
            let (f, t) = (self.editor.file.clone(), self.editor.text.clone());
            self.vfs.write(&f, &t);
        }
    }

    /// A command may have written the open file (`cat > statefulset.yaml`).
    fn refresh_editor(&mut self, fx: &mut Vec<Effect>) {
        if let Ok(t) = self.vfs.read(&self.editor.file) {
            if t != self.editor.text {
                self.editor.text = t.to_string();
                fx.push(Effect::Editor);
            }
        }
    }

    fn record(&mut self, line: &str, time: Millis, term: usize, in_pod: bool, chunks: &[Chunk]) {
        if let Some(ls) = &mut self.lesson {
            let t = &self.terminals[term];
            let status = if t.busy() && !t.in_session() {
                None
            } else {
                Some(t.last_status())
            };
            let output: String = chunks
                .iter()
                .filter(|c| matches!(c.stream, Stream::Stdout | Stream::Stderr))
                .map(|c| c.text.as_str())
                .collect();
            ls.history.commands.push(crate::lesson::CommandRecord {
                line: crate::shell::tokenizer::strip_prompt(line).to_string(),
                time,
                status,
                pod: if in_pod { Some("pod".into()) } else { None },
                output: output.chars().take(4000).collect(),
            });
        }
    }

    /// Run a line in terminal `term` and let it finish as a script would (watches end with
    /// Ctrl-C once the cluster is quiet). Returns the terminal text it produced.
    pub fn run_line(&mut self, term: u8, line: &str) -> Vec<Chunk> {
        let t = (term as usize).min(TERMINALS - 1);
        let mut chunks = Vec::new();
        for fx in self.dispatch(Action::Command {
            term: t as u8,
            line: line.to_string(),
        }) {
            if let Effect::Output { chunks: c, .. } = fx {
                chunks.extend(c);
            }
        }
        if self.terminals[t].busy() {
            let mut env = Env {
                world: &mut self.cluster,
                vfs: &mut self.vfs,
            };
            let c = self.terminals[t].settle(&mut env);
            let mut fx = Vec::new();
            self.show(t, c.clone(), &mut fx);
            chunks.extend(c);
            // The other terminal saw the same time pass.
            let other = 1 - t;
            let mut env = Env {
                world: &mut self.cluster,
                vfs: &mut self.vfs,
            };
            let oc = self.terminals[other].poll(&mut env);
            self.show(other, oc, &mut fx);
            self.sync_edits(t, &mut fx);
            if let Some(ls) = &mut self.lesson {
                if let Some(last) = ls.history.commands.last_mut() {
                    if last.status.is_none() {
                        last.status = Some(self.terminals[t].last_status());
                    }
                }
            }
        }
        chunks
    }

    /// Data for the cluster picture.
    pub fn view(&self) -> ClusterView {
        view::build(&self.cluster)
    }

    /// Every pod name's STATUS over time in the default namespace, with its Events.
    pub fn timeline(&self) -> Vec<timeline::PodTimeline> {
        timeline::build(&self.cluster, "default")
    }
}
