//! What the shell runs against: the [`World`] (the cluster, time, external commands),
//! commands that keep running ([`Job`]: watches, waits, `sleep`, `ping`) and interactive
//! sessions ([`Session`]: the in-pod shells, the mysql client).
//!
//! The executor is generic over the world so it can be tested without a cluster; the lab
//! instantiates it with `sim::Cluster` and kubectl.

pub use super::builtins::Output;
use super::vfs::Files;

/// Virtual milliseconds.
pub type Millis = u64;

/// New output from a running job (in the order of [`Output`]'s fields) and whether it has
/// finished (with its exit status).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Poll {
    pub stderr_first: String,
    pub stdout: String,
    pub stderr: String,
    pub done: Option<i32>,
}

/// A command still running in a terminal.
pub trait Job<W> {
    /// Output produced since the last poll; `done` once it has exited.
    fn poll(&mut self, w: &mut W) -> Poll;
    /// Ctrl-C: what it prints on SIGINT; it has then exited with status 130.
    fn interrupt(&mut self, w: &mut W) -> Output;
    /// Blocking commands (rollout status, wait, delete, sleep) want the clock to run.
    fn wants_time(&self) -> bool;
    /// A virtual instant at which this job itself wants to be polled (sleep deadline, next ping).
    fn wake_at(&self) -> Option<Millis> {
        None
    }
}

/// What a session asks of the terminal after a line of input (printed in field order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionStep {
    pub stderr_first: String,
    pub stdout: String,
    pub stderr: String,
    /// The session ended (the terminal returns to the host prompt) with this status.
    pub exited: Option<i32>,
}

impl SessionStep {
    /// Appends later output (see [`super::append_ordered`]).
    pub fn append(&mut self, first: &str, out: &str, err: &str) {
        super::append_ordered(
            [&mut self.stderr_first, &mut self.stdout, &mut self.stderr],
            [first, out, err],
        );
    }
}

/// An interactive program holding the terminal (busybox `sh` in a pod, `mysql`).
pub trait Session<W> {
    /// The prompt to show now (`/ # `, `mysql> `, `Enter password: `).
    fn prompt(&self) -> String;
    /// False while typing must not be echoed (password prompts).
    fn echo_input(&self) -> bool {
        true
    }
    /// A line typed by the learner.
    fn input(&mut self, line: &str, w: &mut W) -> SessionStep;
    /// Ctrl-C.
    fn interrupt(&mut self, w: &mut W) -> SessionStep;
    /// Output from something still running inside the session (ping), polled with time.
    fn poll(&mut self, _w: &mut W) -> SessionStep {
        SessionStep::default()
    }
    /// True while a command inside the session is running (no prompt shown).
    fn busy(&self) -> bool {
        false
    }
    /// True while the session waits on the cluster (kubectl waiting for the pod to run):
    /// the clock must move for it to make progress.
    fn wants_time(&self) -> bool {
        false
    }
    /// Next virtual instant this session wants to be polled.
    fn wake_at(&self) -> Option<Millis> {
        None
    }
    /// Output the program printed on start, before its first prompt (e.g. mysql's banner
    /// when no password is asked, or a connection error that ends it at once).
    fn start_output(&mut self) -> Option<SessionStep> {
        None
    }
    /// `$?` of the session's own shell, for a session that has one (a pod's `sh`).
    fn status(&self) -> Option<i32> {
        None
    }
    /// Completion candidates for a partial line inside the session.
    fn complete(&self, _line: &str, _w: &W) -> Vec<String> {
        Vec::new()
    }
}

/// The result of starting a command.
pub enum Launch<W> {
    Done(Output),
    Running(Box<dyn Job<W>>),
    Interactive(Box<dyn Session<W>>, Output),
}

/// The environment the shell runs in: time and the external commands (kubectl).
pub trait World: Sized + 'static {
    fn now(&self) -> Millis;
    /// Next instant something is scheduled in the world.
    fn next_timer_at(&self) -> Option<Millis>;
    /// Run the world up to instant `t` (firing everything due on the way).
    fn advance_to(&mut self, t: Millis);
    /// External command (not a shell built-in); None means `command not found`.
    fn external(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        files: &mut dyn Files,
    ) -> Option<Launch<Self>>;
    /// A command run by a shell inside a pod (busybox applets, curl, mysql); None means
    /// `sh: foo: not found`.
    fn pod_external(
        &mut self,
        _pod: &super::pod::PodRef,
        _argv: &[String],
        _stdin: Option<&str>,
        _files: &mut dyn Files,
    ) -> Option<Launch<Self>> {
        None
    }
    /// Names of external commands (completion).
    fn external_names(&self) -> Vec<String> {
        Vec::new()
    }
    /// Completion of an external command's words (flags, kinds, object names).
    fn complete_external(&self, _words: &[String]) -> Vec<String> {
        Vec::new()
    }
}

/// How long a script waits at most for one command in virtual time (a watch on a cluster
/// that never settles, e.g. a crash loop, must still end).
pub const DRAIN_LIMIT: Millis = 15 * 60 * 1000;

/// Run `job` to completion by driving virtual time; a job with nothing left to wait for
/// (an idle cluster under a watch) is interrupted, as a learner would press Ctrl-C.
/// Returns the collected output, the exit status, and whether it was interrupted.
pub fn drain<W: World>(job: &mut dyn Job<W>, w: &mut W, limit: Millis) -> (Output, bool) {
    let start = w.now();
    let mut out = Output::default();
    loop {
        let p = job.poll(w);
        super::append_ordered(
            [&mut out.stderr_first, &mut out.stdout, &mut out.stderr],
            [&p.stderr_first, &p.stdout, &p.stderr],
        );
        if let Some(s) = p.done {
            out.status = s;
            return (out, false);
        }
        let next = match (w.next_timer_at(), job.wake_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            Some(t) if t <= start + limit => w.advance_to(t.max(w.now())),
            _ => {
                let o = job.interrupt(w);
                out.append(&o);
                out.status = 130;
                return (out, true);
            }
        }
    }
}

/// `sleep N`: finishes when virtual time reaches its deadline.
pub struct Sleep {
    pub until: Millis,
}

impl<W: World> Job<W> for Sleep {
    fn poll(&mut self, w: &mut W) -> Poll {
        Poll {
            done: (w.now() >= self.until).then_some(0),
            ..Default::default()
        }
    }
    fn interrupt(&mut self, _w: &mut W) -> Output {
        Output {
            status: 130,
            ..Default::default()
        }
    }
    fn wants_time(&self) -> bool {
        true
    }
    fn wake_at(&self) -> Option<Millis> {
        Some(self.until)
    }
}

/// `timeout D CMD`: the inner job, ended with status 124 at the deadline (SIGTERM: the
/// inner command prints nothing more).
pub struct Timeout<W> {
    pub inner: Box<dyn Job<W>>,
    pub until: Millis,
}

impl<W: World> Job<W> for Timeout<W> {
    fn poll(&mut self, w: &mut W) -> Poll {
        let mut p = self.inner.poll(w);
        if p.done.is_none() && w.now() >= self.until {
            p.done = Some(124);
        }
        p
    }
    fn interrupt(&mut self, w: &mut W) -> Output {
        self.inner.interrupt(w)
    }
    fn wants_time(&self) -> bool {
        true
    }
    fn wake_at(&self) -> Option<Millis> {
        Some(match self.inner.wake_at() {
            Some(t) => t.min(self.until),
            None => self.until,
        })
    }
}

/// Parse a coreutils duration (`30`, `30s`, `2m`, `1.5h`, `500ms` is not valid) into ms.
pub fn parse_duration(s: &str) -> Option<Millis> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1000.0),
        'm' => (&s[..s.len() - 1], 60_000.0),
        'h' => (&s[..s.len() - 1], 3_600_000.0),
        'd' => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1000.0),
    };
    let v: f64 = num.parse().ok()?;
    if !(0.0..=1e9).contains(&v) || num.starts_with('+') {
        return None;
    }
    Some((v * mult).round() as Millis)
}
