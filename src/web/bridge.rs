//! The one adapter between the page and the core session (`lab::Lab`). Components only see
//! the plain data types below and send `Action`s; this file is the only place that knows how
//! the lab stores terminals, the editor and the cluster.
//!
//! `Session` wraps `lab::Lab`: terminal lines really run (kubectl, the shell, in-pod shells),
//! running commands keep printing as Tick/Step move the clock, the editor applies through the
//! lab, and the share/persistence text is the lab's own encoding. The cluster picture comes
//! from `lab::view` only; this file merely renames its fields into the page's view model.

use std::cell::RefCell;
use std::rc::Rc;

use super::view_model::{
    ClaimView, DeployView, EventLine, Picture, PodState, PodView, RevisionView, Segment,
    ServiceView, SetView, Slot, Timeline, TimelineRow,
};
use crate::lab::panel::Panel;
use crate::lab::{self, Effect, Lab};
use crate::lesson::{CompletionRecord, Progress};
use crate::shell;

/// Where a teacher's link starts a class: `?lesson=ID&step=N&seed=S` (step: an id or a
/// 1-based number; seed: the cluster's, in place of the lesson's own, so every learner of the
/// class sees the same names, hashes and addresses).
#[derive(Clone, Debug, PartialEq)]
pub struct ClassLink {
    pub lesson: String,
    pub step: String,
    pub seed: Option<u64>,
}

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
    /// Scrubbing the timeline: show the cluster as it was at `at` (None: back to the present).
    /// Only a preview; the session does not change.
    Preview {
        at: Option<u64>,
    },
    /// Continue from the previewed moment, discarding what came after it.
    Rewind,
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
    LessonSolve,
    LessonMenu {
        id: String,
    },
    /// Follow a teacher's pack (with its saved progress), optionally starting at a
    /// `(lesson, step)` the link pinned. Not part of the replayed session: the page loads the
    /// pack again from the link.
    UsePack {
        pack: Rc<crate::lesson::Pack>,
        progress: Option<Progress>,
        start: Option<ClassLink>,
    },
    /// The learner opened hint number `tier` (1-based) of the current step.
    LessonHint {
        tier: u32,
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
    /// Set while the learner previews an earlier moment.
    pub past: Option<PastView>,
}

/// The earlier moment being previewed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PastView {
    /// The moment picked on the timeline.
    pub at_ms: u64,
    /// The clock of the replayed session (the picked moment, or just after it when a lesson
    /// solution that began before it ran on).
    pub shown_ms: u64,
    /// Actions a rewind to it would discard.
    pub discards: usize,
}

/// The seed of a fresh page session (the lab is deterministic; one seed keeps links short).
const SEED: u64 = 1;

/// (generation, watch log position) of cached timeline rows.
type RowsKey = (u64, u64);

/// What the picture is drawn from: the generation, the moment picked on the timeline, the
/// shown session's watch log position (every object change moves it) and the controllers'
/// explanations (which can change without a write). Time alone changes nothing in it.
#[derive(PartialEq)]
struct PictureKey {
    generation: u64,
    past: Option<u64>,
    seq: u64,
    explanations: std::collections::BTreeMap<
        crate::sim::objects::ObjectRef,
        crate::sim::explain::Explanation,
    >,
}

/// The learner's session: one `lab::Lab`, plus the last notice and the learner's progress.
pub struct Session {
    lab: Lab,
    /// While scrubbing: the moment picked and the session replayed up to it.
    preview: Option<(u64, Lab)>,
    /// The last thing the lab could not do (e.g. "Nothing to undo").
    pub notice: Option<String>,
    /// Steps done, hints and solutions seen; kept apart from the replayable session (it spans
    /// sessions, and it holds wall-clock times, which the core never reads).
    pub progress: Progress,
    /// The wall clock for progress timestamps (injected: the page passes the browser's).
    now: fn() -> String,
    /// Bumped whenever the lab replaces its cluster (undo, reset, lesson, rewind).
    generation: u64,
    /// The timeline's rows for (generation, watch log position): they read the whole watch
    /// log, and while the clock plays most frames add nothing to it.
    rows: RefCell<Option<(RowsKey, Rc<Vec<TimelineRow>>)>>,
    /// The cluster picture, kept while nothing it is drawn from changed (see [`PictureKey`]):
    /// while the clock plays, most frames write nothing to the API server, and rebuilding
    /// the picture of a hundred pods on each of them costs frame time.
    picture: RefCell<Option<(PictureKey, Rc<Picture>)>>,
    /// A shared or saved session that follows a teacher's pack still being loaded: it is
    /// replayed when that pack arrives ([`Action::UsePack`]).
    waiting_for_pack: Option<String>,
}

fn term_index(term: u8) -> usize {
    usize::from(term).min(lab::TERMINALS - 1)
}

fn stream(s: shell::Stream) -> Option<Stream> {
    Some(match s {
        shell::Stream::Echo => Stream::Echo,
        shell::Stream::Stdout => Stream::Stdout,
        shell::Stream::Stderr => Stream::Stderr,
        shell::Stream::Prompt => Stream::Prompt,
        shell::Stream::Clear => return None,
    })
}

impl Session {
    /// A fresh session.
    pub fn new() -> Session {
        Session::from_lab(Lab::new(SEED))
    }

    fn from_lab(lab: Lab) -> Session {
        let progress = Progress::new(&lab.pack());
        Session {
            lab,
            preview: None,
            notice: None,
            progress,
            now: String::new,
            generation: 0,
            rows: RefCell::new(None),
            picture: RefCell::new(None),
            waiting_for_pack: None,
        }
    }

    /// A fresh session that replays `share` once its teacher's pack has loaded.
    pub fn waiting_for_pack(share: String) -> Session {
        let mut s = Session::new();
        s.waiting_for_pack = Some(share);
        s
    }

    /// Use `now` for progress timestamps (RFC 3339 text).
    pub fn with_clock(mut self, now: fn() -> String) -> Session {
        self.now = now;
        self
    }

    /// Continue with saved progress (ignored if it belongs to another pack).
    pub fn with_progress(mut self, p: Progress) -> Session {
        if p.pack == self.progress.pack {
            self.progress = p;
        }
        self
    }

    /// The lesson panel in `locale`, goals evaluated on the current cluster.
    pub fn lesson(&self, locale: &str) -> Panel {
        lab::panel::panel(&self.lab, locale)
    }

    /// Go to step `step` (an id or a 1-based number) of lesson `lesson`, for `?embed=` and
    /// class links; `seed` replaces the lesson's own.
    pub fn goto_named(
        &mut self,
        lesson: &str,
        step: &str,
        seed: Option<u64>,
    ) -> Result<(), String> {
        let pack = self.lab.pack();
        let l = pack
            .lesson(lesson)
            .ok_or_else(|| format!("no lesson named {lesson}"))?;
        let index = l
            .step_index(step)
            .or_else(|| step.parse::<usize>().ok().and_then(|n| n.checked_sub(1)))
            .filter(|&i| i < l.steps.len())
            .ok_or_else(|| format!("lesson {lesson} has no step {step}"))?;
        let goto = Action::LessonGoto {
            lesson: lesson.to_string(),
            step: index,
        };
        self.preview = None;
        self.run(lab::Action::LessonGoto {
            lesson: lesson.to_string(),
            step: index,
            seed,
        });
        self.note_progress(&goto);
        Ok(())
    }

    /// The completion record a learner hands to a teacher.
    pub fn completion_record(&self) -> CompletionRecord {
        self.progress.completion_record(&self.lab.pack(), "")
    }

    fn note_progress(&mut self, a: &Action) {
        let Some(ls) = &self.lab.lesson else { return };
        let pack = self.lab.pack();
        let Some(step) = pack.lesson(&ls.lesson).and_then(|l| l.steps.get(ls.step)) else {
            return;
        };
        match a {
            Action::LessonHint { tier } => self.progress.note_hint(&ls.lesson, &step.id, *tier),
            Action::LessonSolve => self.progress.note_solution(&ls.lesson, &step.id),
            _ => {}
        }
        if !self.progress.is_step_done(&ls.lesson, &step.id)
            && crate::lesson::all_met(&crate::lesson::evaluate(
                step,
                &self.lab.cluster,
                &ls.history,
            ))
        {
            let at = (self.now)();
            self.progress.mark_done(&pack, &ls.lesson, &step.id, &at);
        }
    }

    /// Apply one action.
    pub fn dispatch(&mut self, a: Action) {
        match a {
            Action::Preview { at } => {
                self.preview = at
                    .filter(|&t| t < self.lab.cluster.now())
                    .map(|t| (t, self.lab.replay_until(t)));
                return;
            }
            Action::Rewind => {
                if let Some((at, _)) = self.preview.take() {
                    self.run(lab::Action::Rewind { to: at });
                }
                return;
            }
            // Anything else happens in the present.
            _ => self.preview = None,
        }
        self.apply(a.clone());
        self.note_progress(&a);
    }

    /// The session the cluster picture shows: the previewed past, or the present.
    fn shown(&self) -> &Lab {
        self.preview.as_ref().map(|(_, l)| l).unwrap_or(&self.lab)
    }

    fn apply(&mut self, a: Action) {
        let la = match a {
            Action::Command { term, line } => lab::Action::Command { term, line },
            Action::Interrupt { term } => lab::Action::Interrupt { term },
            Action::Clear { term } => lab::Action::Clear { term },
            // Handled by `dispatch`.
            Action::Preview { .. } | Action::Rewind => return,
            Action::Tick { ms } => lab::Action::Tick { ms },
            Action::Step => lab::Action::Step,
            Action::UntilStable => lab::Action::UntilStable,
            Action::SetEditor { text } => lab::Action::SetEditor { text },
            Action::ApplyEditor => lab::Action::ApplyEditor,
            Action::LoadExample { name } => lab::Action::LoadExample { name },
            Action::OpenFile { name, text } => {
                self.run(lab::Action::OpenFile { name });
                lab::Action::SetEditor { text }
            }
            Action::LessonGoto { lesson, step } => lab::Action::LessonGoto {
                lesson,
                step,
                seed: None,
            },
            Action::LessonSolve => lab::Action::LessonSolve,
            Action::LessonMenu { id } => lab::Action::LessonMenu { id },
            // Hints are progress only: the session (and its replay) does not change.
            Action::LessonHint { .. } => return,
            Action::UsePack {
                pack,
                progress,
                start,
            } => {
                self.progress = progress
                    .filter(|p| p.pack == pack.id)
                    .unwrap_or_else(|| Progress::new(&pack));
                let waiting = self.waiting_for_pack.take();
                match waiting.map(|w| Lab::from_share_with(&w, Some(Rc::clone(&pack)))) {
                    // The linked or saved session, replayed with the pack it follows.
                    Some(Ok(lab)) => {
                        self.lab = lab;
                        self.preview = None;
                        self.generation += 1;
                    }
                    Some(Err(e)) => {
                        self.notice = Some(e.to_string());
                        self.run_effects(|lab| lab.use_pack(pack));
                    }
                    // A reload of `?pack=` fetches the pack the restored session already
                    // follows: keep the session (and its lesson) as it is.
                    None if self.lab.pack().id == pack.id => {}
                    None => self.run_effects(|lab| lab.use_pack(pack)),
                }
                if let Some(c) = start {
                    if let Err(e) = self.goto_named(&c.lesson, &c.step, c.seed) {
                        self.notice = Some(e);
                    }
                }
                return;
            }
            Action::Undo => lab::Action::Undo,
            Action::Redo => lab::Action::Redo,
            Action::Reset => lab::Action::Reset { seed: SEED },
        };
        self.run(la);
    }

    fn run(&mut self, a: lab::Action) {
        self.notice = None;
        self.run_effects(|lab| lab.dispatch(a));
    }

    fn run_effects(&mut self, f: impl FnOnce(&mut Lab) -> Vec<Effect>) {
        for fx in f(&mut self.lab) {
            if fx == Effect::Reset {
                self.generation += 1;
            }
            if let Effect::Notice(n) = fx {
                self.notice = Some(n);
            }
        }
    }

    pub fn terminal(&self, term: u8) -> TermView {
        let t = term_index(term);
        let terminal = &self.lab.terminals[t];
        let mut chunks: Vec<Chunk> = self.lab.screens[t]
            .iter()
            .filter_map(|c| {
                stream(c.stream).map(|stream| Chunk {
                    stream,
                    text: c.text.clone(),
                })
            })
            .collect();
        // The input line draws the current prompt itself.
        if !terminal.busy() && chunks.last().map(|c| c.stream) == Some(Stream::Prompt) {
            chunks.pop();
        }
        TermView {
            chunks: Rc::new(chunks),
            prompt: terminal.prompt(),
            busy: terminal.busy() && !terminal.in_session(),
            echo: terminal.echo_input(),
            history: Rc::new(terminal.history().to_vec()),
        }
    }

    pub fn editor(&self) -> EditorView {
        EditorView {
            file: self.lab.editor.file.clone(),
            text: self.lab.editor.text.clone(),
            markers: self
                .lab
                .editor_problems()
                .into_iter()
                .map(|p| Marker {
                    line: p.line,
                    column: p.column,
                    message: p.message,
                })
                .collect(),
            examples: shell::vfs::EXAMPLES
                .iter()
                .map(|(n, _)| n.to_string())
                .collect(),
        }
    }

    pub fn clock(&self) -> ClockView {
        // Cheap on purpose: the whole picture is built once per render, in `picture`/`timeline`.
        ClockView {
            now_ms: self.lab.cluster.now(),
            idle: self.lab.cluster.is_idle(),
            can_undo: self.lab.can_undo(),
            can_redo: self.lab.can_redo(),
            past: self.preview.as_ref().map(|(at, l)| PastView {
                at_ms: *at,
                shown_ms: l.cluster.now(),
                discards: self.lab.actions_after(*at),
            }),
        }
    }

    /// The cluster picture, from `lab::view` (of the previewed past while scrubbing).
    pub fn picture(&self) -> Rc<Picture> {
        let shown = self.shown();
        let same = |k: &PictureKey| {
            k.generation == self.generation
                && k.past == self.preview.as_ref().map(|(at, _)| *at)
                && k.seq == shown.cluster.api().last_seq()
                && k.explanations == *shown.cluster.explanations()
        };
        if let Some((_, p)) = self.picture.borrow().as_ref().filter(|(k, _)| same(k)) {
            return Rc::clone(p);
        }
        let mut p = picture(&shown.view());
        p.past_ms = self.preview.as_ref().map(|(_, l)| l.cluster.now());
        let p = Rc::new(p);
        let key = PictureKey {
            generation: self.generation,
            past: self.preview.as_ref().map(|(at, _)| *at),
            seq: shown.cluster.api().last_seq(),
            explanations: shown.cluster.explanations().clone(),
        };
        *self.picture.borrow_mut() = Some((key, Rc::clone(&p)));
        p
    }

    /// Pod lifecycles over virtual time, from `lab::view`'s per-pod STATUS timelines: always
    /// the present, with the previewed moment as a cursor on it.
    pub fn timeline(&self) -> Timeline {
        let key = (self.generation, self.lab.cluster.api().last_seq());
        let cached = self
            .rows
            .borrow()
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, r)| Rc::clone(r));
        let rows = cached.unwrap_or_else(|| {
            let rows = Rc::new(timeline_rows(&self.lab.timeline()));
            *self.rows.borrow_mut() = Some((key, Rc::clone(&rows)));
            rows
        });
        let mut t = timeline(rows, self.lab.cluster.now());
        t.first_ms = self.lab.first_time().min(t.now_ms);
        t.start_ms = t.start_ms.min(t.first_ms);
        t.cursor_ms = self.preview.as_ref().map(|(at, _)| *at);
        t
    }

    /// The lab's share encoding (also what autosave stores).
    pub fn to_share(&self) -> String {
        self.lab.to_share()
    }

    /// Rebuild a session from [`Session::to_share`]'s text.
    pub fn from_share(text: &str) -> Result<Session, String> {
        Session::from_share_with(text, None).map_err(|e| e.to_string())
    }

    /// Rebuild a session that may follow `teacher`'s pack; its progress is that pack's.
    pub fn from_share_with(
        text: &str,
        teacher: Option<Rc<crate::lesson::Pack>>,
    ) -> Result<Session, lab::RestoreError> {
        Lab::from_share_with(text, teacher).map(Session::from_lab)
    }

    /// Tab completion for `line` on terminal `term`.
    pub fn complete(&mut self, term: u8, line: &str) -> Completion {
        let c = self.lab.complete(term, line);
        let word = line.get(c.start..).unwrap_or("");
        let line = (c.common.len() > word.len() && c.common.starts_with(word))
            .then(|| format!("{}{}", line.get(..c.start).unwrap_or(""), c.common))
            .or_else(|| {
                // A single candidate completes the word and ends it.
                (c.candidates.len() == 1)
                    .then(|| format!("{}{} ", line.get(..c.start).unwrap_or(""), c.candidates[0]))
            });
        Completion {
            line,
            candidates: if c.candidates.len() > 1 {
                c.candidates
            } else {
                Vec::new()
            },
        }
    }
}

/// The page's pod state for a STATUS column text (what colour and glyph to draw).
fn pod_state(p: &lab::view::PodView) -> PodState {
    state_of(&p.status, &p.phase, p.ready, p.deleting)
}

/// The page's pod state from the STATUS column, the phase, readiness and deletion.
fn state_of(status: &str, phase: &str, ready: bool, deleting: bool) -> PodState {
    match status {
        _ if deleting => PodState::Terminating,
        "Terminating" => PodState::Terminating,
        "Completed" | "Succeeded" => PodState::Succeeded,
        "Pending" => PodState::Pending,
        "Running" if ready => PodState::Ready,
        "Running" => PodState::Running,
        "ContainerCreating" | "PodInitializing" => PodState::Creating,
        s if s.starts_with("Init:") => PodState::Creating,
        _ if phase == "Failed" => PodState::Failed,
        _ if phase == "Pending" => PodState::Failed,
        _ => PodState::Running,
    }
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn revision(hash: &str, number: u64) -> Option<RevisionView> {
    some(hash).map(|hash| RevisionView { number, hash })
}

fn pod(p: &lab::view::PodView, cur: &str, upd: &str) -> PodView {
    // Revision colours: the set's current revision is slot 0, an update in flight slot 1.
    let number = if !upd.is_empty() && p.revision.ends_with(upd) && upd != cur {
        1
    } else {
        0
    };
    PodView {
        name: p.name.clone(),
        state: pod_state(p),
        status: p.status.clone(),
        ready: p.ready_text.clone(),
        revision: revision(&p.revision, number),
        node: some(&p.node),
        ip: some(&p.ip),
        dns: p.dns_name.clone(),
        explanation: p.explanation.clone(),
    }
}

fn claim(c: &lab::view::ClaimView) -> ClaimView {
    ClaimView {
        name: c.name.clone(),
        phase: c.phase.clone(),
        volume: some(&c.volume),
        capacity: some(&c.capacity),
        storage_class: some(&c.storage_class),
    }
}

/// `lab::view::ClusterView` in the page's shapes.
fn picture(v: &lab::ClusterView) -> Picture {
    let mut used = std::collections::BTreeSet::new();
    let sets = v
        .sets
        .iter()
        .map(|s| {
            let slots = s
                .pods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let claims: Vec<ClaimView> = v
                        .claims
                        .iter()
                        .filter(|c| p.claims.contains(&c.name))
                        .map(claim)
                        .collect();
                    used.extend(claims.iter().map(|c| c.name.clone()));
                    let ordinal = p.ordinal.unwrap_or(i as u32);
                    Slot {
                        ordinal,
                        pod: Some(pod(p, &s.current_revision, &s.update_revision)),
                        claims,
                        beyond_replicas: i64::from(ordinal) >= i64::from(s.replicas),
                    }
                })
                .collect::<Vec<Slot>>();
            // Claims whose pod is gone keep their place in the row, drawn detached.
            let mut slots = slots;
            for (ordinal, names) in &s.detached {
                let claims: Vec<ClaimView> = v
                    .claims
                    .iter()
                    .filter(|c| names.contains(&c.name))
                    .map(claim)
                    .collect();
                used.extend(claims.iter().map(|c| c.name.clone()));
                slots.push(Slot {
                    ordinal: *ordinal,
                    pod: None,
                    claims,
                    beyond_replicas: i64::from(*ordinal) >= i64::from(s.replicas),
                });
            }
            slots.sort_by_key(|x| x.ordinal);
            SetView {
                name: s.name.clone(),
                replicas: s.replicas.max(0) as u32,
                ready: s.ready_replicas.max(0) as u32,
                service_name: s.service_name.clone(),
                strategy: s.update_strategy.clone(),
                partition: s.partition.filter(|p| *p > 0).map(|p| p as u32),
                current_revision: revision(&s.current_revision, 0),
                update_revision: revision(
                    &s.update_revision,
                    u64::from(s.update_revision != s.current_revision),
                ),
                explanation: s.explanation.clone(),
                slots,
            }
        })
        .collect();
    Picture {
        sets,
        deployments: v
            .deployments
            .iter()
            .map(|d| DeployView {
                name: d.name.clone(),
                replicas: d.replicas.max(0) as u32,
                ready: d.ready_replicas.max(0) as u32,
                pods: d.pods.iter().map(|p| pod(p, "", "")).collect(),
            })
            .collect(),
        services: v
            .services
            .iter()
            .map(|s| ServiceView {
                name: s.name.clone(),
                headless: s.headless,
                cluster_ip: s.cluster_ip.clone(),
                records: s.records.clone(),
            })
            .collect(),
        loose_claims: v
            .claims
            .iter()
            .filter(|c| !used.contains(&c.name))
            .map(claim)
            .collect(),
        past_ms: None,
    }
}

/// Per-pod STATUS timelines as bars.
fn timeline_rows(rows: &[lab::timeline::PodTimeline]) -> Vec<TimelineRow> {
    rows.iter()
        .map(|r| TimelineRow {
            pod: r.pod.clone(),
            segments: r
                .spans
                .iter()
                .map(|s| Segment {
                    from_ms: s.from,
                    to_ms: s.to,
                    state: state_of(&s.status, &s.phase, s.ready, s.deleting),
                    status: s.status.clone(),
                    events: s
                        .events
                        .iter()
                        .map(|e| EventLine {
                            at_ms: e.at,
                            warning: e.type_ == "Warning",
                            reason: e.reason.clone(),
                            message: e.message.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The timeline at virtual time `now`, from its rows.
fn timeline(rows: Rc<Vec<TimelineRow>>, now: u64) -> Timeline {
    let start_ms = rows
        .iter()
        .filter_map(|r| r.segments.first().map(|s| s.from_ms))
        .min()
        .unwrap_or(now);
    Timeline {
        now_ms: now,
        start_ms,
        rows,
        first_ms: start_ms,
        cursor_ms: None,
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}
