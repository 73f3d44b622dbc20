//! One terminal: the prompt, input continuation, history, and whatever holds the terminal
//! now (the host shell, a running job, an interactive pod session).
//!
//! The page and the CLI drive it the same way: [`Terminal::submit`] for a typed line,
//! [`Terminal::poll`] as virtual time passes, [`Terminal::interrupt`] for Ctrl-C, and
//! [`Terminal::settle`] to let a script's waiting command finish (see its rules).

use super::exec::{Hold, Shell, SPECIAL};
use super::job::{Job, Millis, Session, World, DRAIN_LIMIT};
use super::parse::{parse, ParseError};
use super::tokenizer::strip_prompt;
use super::vfs::Vfs;
use super::{builtins, Chunk, Stream};

/// The host prompt.
pub const PROMPT: &str = "$ ";
/// bash's continuation prompt (PS2).
pub const PS2: &str = "> ";
/// After the cluster goes quiet, a script lets a self-timed job (ping) run this long
/// before pressing Ctrl-C.
pub const SCRIPT_GRACE: Millis = 3_000;

/// What the terminal's world and files are, for one call.
pub struct Env<'a, W> {
    pub world: &'a mut W,
    pub vfs: &'a mut Vfs,
}

/// Tab-completion result: candidates for the word that starts at byte `start` of the line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
    /// Longest common prefix of the candidates (what Tab inserts).
    pub common: String,
}

/// One terminal.
pub struct Terminal<W> {
    shell: Shell,
    pending: String,
    hold: Option<Hold<W>>,
}

impl<W: World> Default for Terminal<W> {
    fn default() -> Self {
        Terminal::new()
    }
}

impl<W: World> Terminal<W> {
    pub fn new() -> Terminal<W> {
        Terminal {
            shell: Shell::new(),
            pending: String::new(),
            hold: None,
        }
    }

    /// The prompt to show now (empty while a job runs).
    pub fn prompt(&self) -> String {
        match &self.hold {
            Some(Hold::Job(_)) => String::new(),
            Some(Hold::Session(s)) => {
                if s.busy() {
                    String::new()
                } else {
                    s.prompt()
                }
            }
            None if !self.pending.is_empty() => PS2.to_string(),
            None => PROMPT.to_string(),
        }
    }

    /// A command (or a command inside a pod session) is running: input is not read.
    pub fn busy(&self) -> bool {
        match &self.hold {
            Some(Hold::Job(_)) => true,
            Some(Hold::Session(s)) => s.busy(),
            None => false,
        }
    }

    /// An interactive session (pod shell, mysql) holds the terminal.
    pub fn in_session(&self) -> bool {
        matches!(self.hold, Some(Hold::Session(_)))
    }

    /// False at a password prompt: typing is not echoed.
    pub fn echo_input(&self) -> bool {
        match &self.hold {
            Some(Hold::Session(s)) => s.echo_input(),
            _ => true,
        }
    }

    /// The held job wants the clock to run (blocking commands).
    pub fn wants_time(&self) -> bool {
        match &self.hold {
            Some(Hold::Job(j)) => j.wants_time(),
            Some(Hold::Session(s)) => s.wants_time(),
            None => false,
        }
    }

    /// When the held job or session wants to be polled next.
    pub fn wake_at(&self) -> Option<Millis> {
        match &self.hold {
            Some(Hold::Job(j)) => j.wake_at(),
            Some(Hold::Session(s)) => s.wake_at(),
            None => None,
        }
    }

    /// Commands entered so far (oldest first), for Up/Down and `history`.
    pub fn history(&self) -> &[String] {
        &self.shell.history
    }

    /// `$?` of the shell the learner is typing into: a pod's shell while a session holds the
    /// terminal (what a lesson's `ran ... status` check means by a command typed there).
    pub fn last_status(&self) -> i32 {
        match &self.hold {
            Some(Hold::Session(s)) => s.status().unwrap_or(self.shell.status),
            _ => self.shell.status,
        }
    }

    /// Drop whatever holds the terminal (undo replaced the cluster it was running against).
    pub fn detach(&mut self) {
        if self.hold.take().is_some() {
            self.shell.status = 130;
        }
        self.pending.clear();
    }

    /// A line typed at the prompt (Enter).
    pub fn submit(&mut self, line: &str, env: &mut Env<'_, W>) -> Vec<Chunk> {
        let mut out = Vec::new();
        let echo = if self.echo_input() {
            format!("{line}\n")
        } else {
            "\n".to_string()
        };
        out.push(Chunk {
            stream: Stream::Echo,
            text: echo,
        });
        match self.hold.take() {
            Some(Hold::Session(mut s)) => {
                if s.busy() {
                    // Typed while a command runs inside the pod: the tty echoes it, nothing reads it.
                    self.hold = Some(Hold::Session(s));
                    return out;
                }
                let step = s.input(line, env.world);
                push(&mut out, Stream::Stderr, &step.stderr_first);
                push(&mut out, Stream::Stdout, &step.stdout);
                push(&mut out, Stream::Stderr, &step.stderr);
                match step.exited {
                    Some(st) => {
                        self.shell.status = st;
                        self.prompt_into(&mut out);
                    }
                    None => {
                        self.hold = Some(Hold::Session(s));
                        self.prompt_into(&mut out);
                    }
                }
                return out;
            }
            Some(h @ Hold::Job(_)) => {
                self.hold = Some(h);
                return out;
            }
            None => {}
        }
        let text = if self.pending.is_empty() {
            strip_prompt(line).to_string()
        } else {
            line.to_string()
        };
        let src = if self.pending.is_empty() {
            text
        } else {
            format!("{}\n{}", self.pending, text)
        };
        match parse(&src) {
            Err(ParseError::Incomplete) => {
                self.pending = src;
                self.prompt_into(&mut out);
                return out;
            }
            _ => self.pending.clear(),
        }
        if src.trim().is_empty()
            || src.trim_start().starts_with('#') && parse(&src).is_ok_and(|l| l.is_empty())
        {
            self.prompt_into(&mut out);
            return out;
        }
        self.shell.history.push(src.clone());
        let ran = self.shell.run(&src, env.world, env.vfs);
        out.extend(ran.chunks);
        self.hold = ran.hold;
        if !self.busy() {
            self.prompt_into(&mut out);
        }
        out
    }

    /// New output as time passes; ends a finished job and shows the prompt again.
    pub fn poll(&mut self, env: &mut Env<'_, W>) -> Vec<Chunk> {
        let mut out = Vec::new();
        match self.hold.take() {
            Some(Hold::Job(mut j)) => {
                let p = j.poll(env.world);
                push(&mut out, Stream::Stderr, &p.stderr_first);
                push(&mut out, Stream::Stdout, &p.stdout);
                push(&mut out, Stream::Stderr, &p.stderr);
                match p.done {
                    Some(st) => {
                        self.shell.status = st;
                        self.prompt_into(&mut out);
                    }
                    None => self.hold = Some(Hold::Job(j)),
                }
            }
            Some(Hold::Session(mut s)) => {
                let was_busy = s.busy();
                let step = s.poll(env.world);
                push(&mut out, Stream::Stderr, &step.stderr_first);
                push(&mut out, Stream::Stdout, &step.stdout);
                push(&mut out, Stream::Stderr, &step.stderr);
                if let Some(st) = step.exited {
                    self.shell.status = st;
                    self.prompt_into(&mut out);
                } else {
                    let now_busy = s.busy();
                    self.hold = Some(Hold::Session(s));
                    if was_busy && !now_busy {
                        self.prompt_into(&mut out);
                    }
                }
            }
            None => {}
        }
        out
    }

    /// Ctrl-C.
    pub fn interrupt(&mut self, env: &mut Env<'_, W>) -> Vec<Chunk> {
        let mut out = vec![Chunk {
            stream: Stream::Echo,
            text: "^C\n".into(),
        }];
        match self.hold.take() {
            Some(Hold::Job(mut j)) => {
                let o = j.interrupt(env.world);
                push(&mut out, Stream::Stderr, &o.stderr_first);
                push(&mut out, Stream::Stdout, &o.stdout);
                push(&mut out, Stream::Stderr, &o.stderr);
                self.shell.status = 130;
            }
            Some(Hold::Session(mut s)) => {
                let step = s.interrupt(env.world);
                push(&mut out, Stream::Stderr, &step.stderr_first);
                push(&mut out, Stream::Stdout, &step.stdout);
                push(&mut out, Stream::Stderr, &step.stderr);
                if let Some(st) = step.exited {
                    self.shell.status = st;
                } else {
                    self.hold = Some(Hold::Session(s));
                }
            }
            None => {
                self.pending.clear();
                self.shell.status = 130;
            }
        }
        self.prompt_into(&mut out);
        out
    }

    /// Script rule for a command that is still running: drive virtual time until it ends.
    /// Blocking commands run until done; a watch (or a pod command like ping) is
    /// interrupted with Ctrl-C once the cluster has nothing left to do (after
    /// [`SCRIPT_GRACE`] for commands that tick by themselves).
    pub fn settle(&mut self, env: &mut Env<'_, W>) -> Vec<Chunk> {
        let mut out = Vec::new();
        let start = env.world.now();
        let mut quiet_since: Option<Millis> = None;
        while self.busy() {
            out.extend(self.poll(env));
            if !self.busy() {
                break;
            }
            let world_next = env.world.next_timer_at();
            let own = self.wake_at();
            let blocking = self.wants_time();
            let target = if blocking {
                match (world_next, own) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            } else if let Some(a) = world_next {
                quiet_since = None;
                Some(own.map_or(a, |b| a.min(b)))
            } else {
                let since = *quiet_since.get_or_insert(env.world.now());
                own.filter(|b| *b <= since + SCRIPT_GRACE)
            };
            match target {
                Some(t) if t <= start + DRAIN_LIMIT => {
                    let t = t.max(env.world.now());
                    env.world.advance_to(t);
                }
                _ => {
                    out.extend(self.interrupt(env));
                    break;
                }
            }
        }
        out
    }

    /// Tab completion for `line` (cursor at its end).
    pub fn complete(&self, line: &str, env: &Env<'_, W>) -> Completion {
        if let Some(Hold::Session(s)) = &self.hold {
            let start = line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
            return finish(start, s.complete(line, env.world));
        }
        let start = line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
        let before = &line[..start];
        // The command word is the first word after the last `|`, `;` or `&&`.
        let seg_start = before.rfind(['|', ';', '&']).map(|i| i + 1).unwrap_or(0);
        let words: Vec<String> = line[seg_start..start]
            .split_whitespace()
            .map(String::from)
            .collect();
        let partial = &line[start..];
        let cands: Vec<String> = if words.is_empty() {
            let mut names: Vec<String> = builtins::NAMES
                .iter()
                .chain(SPECIAL.iter())
                .map(|s| s.to_string())
                .collect();
            names.extend(env.world.external_names());
            names.sort();
            names.dedup();
            names
                .into_iter()
                .filter(|n| n.starts_with(partial))
                .collect()
        } else if words[0] == "kubectl"
            || (words[0] == "xargs" && words.get(1).is_some_and(|w| w == "kubectl"))
        {
            let mut ws: Vec<String> = words
                .iter()
                .skip_while(|w| *w != "kubectl")
                .skip(1)
                .cloned()
                .collect();
            ws.push(partial.to_string());
            let mut c = env.world.complete_external(&ws);
            if ws.iter().any(|w| w == "-f" || w.starts_with("--filename"))
                && ws.len() >= 2
                && ws[ws.len() - 2] == "-f"
            {
                c = env
                    .vfs
                    .names()
                    .into_iter()
                    .filter(|n| n.starts_with(partial))
                    .map(String::from)
                    .collect();
            }
            c
        } else {
            env.vfs
                .names()
                .into_iter()
                .filter(|n| n.starts_with(partial))
                .map(String::from)
                .collect()
        };
        finish(start, cands)
    }

    fn prompt_into(&self, out: &mut Vec<Chunk>) {
        let p = self.prompt();
        if !p.is_empty() {
            out.push(Chunk {
                stream: Stream::Prompt,
                text: p,
            });
        }
    }
}

fn finish(start: usize, mut candidates: Vec<String>) -> Completion {
    candidates.sort();
    candidates.dedup();
    let mut common = candidates.first().cloned().unwrap_or_default();
    for c in &candidates[1.min(candidates.len())..] {
        while !c.starts_with(&common) {
            common.pop();
        }
    }
    Completion {
        start,
        candidates,
        common,
    }
}

fn push(out: &mut Vec<Chunk>, stream: Stream, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.stream == stream {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Chunk {
        stream,
        text: text.to_string(),
    });
}

/// Render chunks as the terminal shows them (what the CLI prints and goldens record).
pub fn render(chunks: &[Chunk]) -> String {
    let mut s = String::new();
    for c in chunks {
        if c.stream != Stream::Clear {
            s.push_str(&c.text);
        }
    }
    s
}

#[allow(dead_code)]
fn _assert_object_safe<W: World>(_: &dyn Job<W>, _: &dyn Session<W>) {}
