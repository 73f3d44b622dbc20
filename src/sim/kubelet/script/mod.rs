//! Runs a container's `sh -c` script (or its exec'd argv) against the container's real mounts,
//! so an init container that writes `index.html` into a PVC leaves the file there for nginx and
//! its probes, and decides how long the process lives and its exit code.
//!
//! Why a second, small interpreter instead of the in-pod shell of `src/shell/pod`: the core's
//! dependency rule (ARCHITECTURE.md) lets `shell` import `sim`, never the reverse, and the
//! kubelet runs inside `sim`. The subset is what container commands use in practice — see
//! [`parse`] for the grammar and [`builtins`] for the applets.
//!
//! Time: the script runs at container start. `sleep N` adds to the lifetime without blocking
//! the interpretation, so file effects after a `sleep` land at start (a simplification nothing
//! in the lessons can observe: nothing reads the files of a container that is still running
//! its init step). Anything that never returns (`sleep infinity`, `tail -f`, `while true`, a
//! loop that does not settle) makes the process run forever; `until nslookup NAME` becomes a
//! DNS-polling process.
//!
//! Output: what the script writes to its stdout and stderr (not into files, pipes or
//! `$(...)`) goes to the container's log ([`Sandbox::log`]), each line stamped with the
//! process's elapsed time when it was written (start-up cost plus every `sleep` before it), so
//! log readers show it when it happens even though the script is interpreted at start. A
//! loop taken to run forever whose iterations settle into the same lines at the same
//! offsets every period keeps those lines as a [`Repeat`] generator (the lines the loop keeps
//! printing) instead of its first `LOOP_LIMIT` iterations. Caps, documented rather than
//! hidden: a forever loop whose output does not settle keeps the lines of its first
//! `LOOP_LIMIT` iterations only, and one that takes no virtual time per iteration keeps one
//! iteration's lines; an `until nslookup` loop records nothing of its (DNS-dependent) output
//! and nothing after it; a script that does not parse records no `sh: syntax error` text; and
//! once a command runs whose output the interpreter does not know (an applet it does not
//! model, such as `date` or `wget`), nothing more is recorded — an empty or cut log rather
//! than wrong text.

mod builtins;
pub mod parse;
#[cfg(test)]
mod tests;

use super::app::Run;
use crate::sim::clock::Millis;
use crate::sim::fs::logs::{lines_of, InstanceLog, LogStream, Repeat};
use crate::sim::fs::{normalize, MountTable, Volumes};
use parse::{Command, Item, Part, Pipeline, Redir, Target, Word};
use std::collections::BTreeMap;

/// Start-up cost of a shell process before its first statement (ms).
const SHELL_START: Millis = 100;
/// Shortest life of any process (ms).
const EXEC_MIN: Millis = 50;
/// Loop iterations tried before a loop is taken to run forever.
const LOOP_LIMIT: usize = 1000;

/// What a container's process can touch: its files and who it is.
pub struct Sandbox<'a> {
    pub volumes: &'a mut Volumes,
    pub mounts: &'a MountTable,
    /// The environment (`HOSTNAME`, the container's `env`).
    pub vars: BTreeMap<String, String>,
    /// What the process writes to stdout/stderr, times relative to its start.
    pub log: InstanceLog,
}

/// Output of one command.
#[derive(Default)]
pub(super) struct Out {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Out {
    fn status(status: i32) -> Out {
        Out {
            status,
            ..Default::default()
        }
    }
    fn err(status: i32, msg: String) -> Out {
        Out {
            stderr: msg,
            status,
            ..Default::default()
        }
    }
}

/// Where a redirected fd's text goes.
#[derive(Clone, Debug)]
enum Sink {
    File(String),
    Stdout,
    Stderr,
    Null,
}

/// Why execution stopped before the end of the script.
#[derive(Clone, Debug)]
enum Stop {
    Exit(i32),
    Block(Run),
}

pub(super) struct Exec<'s, 'a> {
    sb: &'s mut Sandbox<'a>,
    cwd: String,
    status: i32,
    elapsed: Millis,
    stop: Option<Stop>,
    depth: usize,
    /// Process start-up cost before the first statement.
    start: Millis,
    /// Nesting of output captures (`$(...)`, a pipe into a later stage); at zero, stdout
    /// goes to the container's log.
    capture: usize,
    /// A command whose output the simulator does not know has run: nothing after it is
    /// recorded (see [`builtins`]).
    unknown: bool,
}

/// Run `sh -c SCRIPT`: apply its file effects now and return how the process lives.
pub fn run_script(script: &str, sb: &mut Sandbox) -> Run {
    let items = match parse::parse(script) {
        Ok(i) => i,
        // `sh: syntax error: ...`, exit status 2, before anything runs.
        Err(_) => {
            return Run::Exit {
                after: SHELL_START,
                code: 2,
            }
        }
    };
    let mut ex = Exec::new(sb, SHELL_START);
    ex.items(&items, "");
    ex.finish()
}

/// Run an exec'd argv (no shell): the first word is the program.
pub fn run_argv(argv: &[String], sb: &mut Sandbox) -> Run {
    // No shell to start; a process still takes a moment to run and exit.
    let mut ex = Exec::new(sb, 0);
    let words: Vec<String> = argv.to_vec();
    let out = ex.simple_expanded(&words, "");
    ex.emit(LogStream::Stdout, &out.stdout);
    ex.emit(LogStream::Stderr, &out.stderr);
    if ex.stop.is_none() {
        ex.status = out.status;
    }
    ex.finish()
}

impl<'s, 'a> Exec<'s, 'a> {
    fn new(sb: &'s mut Sandbox<'a>, start: Millis) -> Exec<'s, 'a> {
        Exec {
            sb,
            cwd: "/".into(),
            status: 0,
            elapsed: 0,
            stop: None,
            depth: 0,
            start,
            capture: 0,
            unknown: false,
        }
    }

    /// What the script prints from here on is not known: stop recording its output.
    pub(super) fn output_unknown(&mut self) {
        self.unknown = true;
    }

    /// Write `text` to the container's log at the current elapsed time.
    fn emit(&mut self, stream: LogStream, text: &str) {
        if self.unknown {
            return;
        }
        let at = self.start + self.elapsed;
        lines_of(text, at, stream, &mut self.sb.log.lines);
    }

    /// A loop taken to run forever: its iterations began at `marks` (log length, elapsed);
    /// keep the iterations before its output settles and a generator for the rest.
    fn fold_forever_loop(&mut self, mut marks: Vec<(usize, Millis)>) {
        marks.push((self.sb.log.lines.len(), self.elapsed));
        let n = marks.len() - 1;
        if n == 0 {
            return;
        }
        let lines = &self.sb.log.lines;
        let pattern = |i: usize| {
            let (from, t0) = marks[i];
            let (to, t1) = marks[i + 1];
            let ls: Vec<_> = lines[from..to]
                .iter()
                .map(|l| {
                    (
                        l.at - (self.start + t0),
                        l.stream,
                        l.text.clone(),
                        l.partial,
                    )
                })
                .collect();
            (t1 - t0, ls)
        };
        let last = pattern(n - 1);
        let mut j = n - 1;
        while j > 0 && pattern(j - 1) == last {
            j -= 1;
        }
        let (period, steady) = last;
        if period == 0 || j == n - 1 {
            // No settled period to generate from: keep what was interpreted (one iteration
            // when the loop takes no time at all).
            if marks[n].1 == marks[0].1 {
                self.sb.log.lines.truncate(marks[1].0);
            }
            return;
        }
        self.sb.log.lines.truncate(marks[j].0);
        if !steady.is_empty() {
            self.sb.log.repeat = Some(Repeat {
                from: self.start + marks[j].1,
                period,
                lines: steady
                    .into_iter()
                    .map(
                        |(at, stream, text, partial)| crate::sim::fs::logs::LogLine {
                            at,
                            stream,
                            text,
                            partial,
                        },
                    )
                    .collect(),
            });
        }
    }

    fn finish(self) -> Run {
        let after = (self.start + self.elapsed).max(EXEC_MIN);
        match self.stop {
            Some(Stop::Block(Run::Exit { after: a, code })) => Run::Exit {
                after: after + a,
                code,
            },
            Some(Stop::Block(run)) => run,
            Some(Stop::Exit(code)) => Run::Exit { after, code },
            None => Run::Exit {
                after,
                code: self.status,
            },
        }
    }

    pub(super) fn path(&self, p: &str) -> String {
        if p.starts_with('/') {
            normalize(p)
        } else {
            normalize(&format!("{}/{p}", self.cwd))
        }
    }

    pub(super) fn vols(&mut self) -> (&mut Volumes, &MountTable) {
        (self.sb.volumes, self.sb.mounts)
    }

    pub(super) fn exists(&self, p: &str) -> bool {
        let p = self.path(p);
        self.sb.volumes.read(self.sb.mounts, &p).is_ok()
            || self.sb.volumes.is_dir(self.sb.mounts, &p)
    }

    /// Run a list; returns its captured stdout.
    fn items(&mut self, items: &[Item], stdin: &str) -> String {
        let mut out = String::new();
        for it in items {
            if self.stop.is_some() {
                break;
            }
            let mut st = self.pipeline(&it.first, stdin, &mut out);
            for (and, p) in &it.rest {
                if self.stop.is_some() || (*and != (st == 0)) {
                    continue;
                }
                st = self.pipeline(p, stdin, &mut out);
            }
            self.status = st;
        }
        out
    }

    fn pipeline(&mut self, p: &Pipeline, stdin: &str, out: &mut String) -> i32 {
        let mut input = stdin.to_string();
        let mut st = 0;
        for (i, c) in p.cmds.iter().enumerate() {
            let last = i + 1 == p.cmds.len();
            if !last {
                self.capture += 1;
            }
            let o = self.command(c, &input);
            if !last {
                self.capture -= 1;
            }
            st = o.status;
            // Stderr is never captured by a pipe or `$(...)`.
            self.emit(LogStream::Stderr, &o.stderr);
            if last && self.capture == 0 {
                self.emit(LogStream::Stdout, &o.stdout);
            } else if last {
                out.push_str(&o.stdout);
            } else {
                input = o.stdout;
            }
            if self.stop.is_some() {
                break;
            }
        }
        if p.negate {
            (st == 0) as i32
        } else {
            st
        }
    }

    fn command(&mut self, c: &Command, stdin: &str) -> Out {
        self.depth += 1;
        let o = if self.depth > 32 {
            Out::err(2, "sh: nesting too deep\n".into())
        } else {
            self.command_inner(c, stdin)
        };
        self.depth -= 1;
        o
    }

    fn command_inner(&mut self, c: &Command, stdin: &str) -> Out {
        match c {
            Command::Simple { words, redirs } => self.simple(words, redirs, stdin),
            Command::Group(body) => {
                let stdout = self.items(body, stdin);
                Out {
                    stdout,
                    status: self.status,
                    ..Default::default()
                }
            }
            Command::If { arms, otherwise } => {
                let mut stdout = String::new();
                for (cond, body) in arms {
                    stdout.push_str(&self.items(cond, stdin));
                    if self.stop.is_some() {
                        return Out::status(self.status);
                    }
                    if self.status == 0 {
                        stdout.push_str(&self.items(body, stdin));
                        return Out {
                            stdout,
                            status: self.status,
                            ..Default::default()
                        };
                    }
                }
                let status = match otherwise {
                    Some(body) => {
                        stdout.push_str(&self.items(body, stdin));
                        self.status
                    }
                    None => 0,
                };
                Out {
                    stdout,
                    status,
                    ..Default::default()
                }
            }
            Command::Loop { until, cond, body } => self.run_loop(*until, cond, body, stdin),
        }
    }

    fn run_loop(&mut self, until: bool, cond: &[Item], body: &[Item], stdin: &str) -> Out {
        // `until nslookup NAME; do …; done`: the classic wait-for-a-service init container;
        // it depends on DNS over time, so the kubelet polls it.
        if until {
            if let Some(name) = nslookup_target(cond) {
                self.stop = Some(Stop::Block(Run::UntilResolves { name, every: 2000 }));
                return Out::status(0);
            }
        }
        let mut stdout = String::new();
        let mut status = 0;
        let top = self.capture == 0;
        let mut marks = Vec::new();
        for _ in 0..LOOP_LIMIT {
            if top {
                marks.push((self.sb.log.lines.len(), self.elapsed));
            }
            stdout.push_str(&self.items(cond, stdin));
            if self.stop.is_some() {
                return Out::status(self.status);
            }
            if (self.status == 0) == until {
                return Out {
                    stdout,
                    status,
                    ..Default::default()
                };
            }
            stdout.push_str(&self.items(body, stdin));
            status = self.status;
            if self.stop.is_some() {
                return Out::status(status);
            }
        }
        // A loop whose condition never changes (`while true; do sleep 5; done`) runs forever.
        if top && self.sb.log.repeat.is_none() {
            self.fold_forever_loop(marks);
        }
        self.stop = Some(Stop::Block(Run::Forever));
        Out::status(0)
    }

    /// Expand one word into fields (quotes removed, variables and `$(...)` substituted,
    /// unquoted expansions split on whitespace, `*` globbed in the last path component).
    fn expand(&mut self, w: &Word) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        let mut glob = false;
        for p in w {
            let (text, quoted, expansion) = match p {
                Part::Lit { text, quoted } => {
                    if !quoted && text.contains('*') {
                        glob = true;
                    }
                    (text.clone(), *quoted, false)
                }
                Part::Var { name, quoted } => (self.var(name), *quoted, true),
                Part::Sub { script, quoted } => {
                    let o = self.substitute(script);
                    (o.trim_end_matches('\n').to_string(), *quoted, true)
                }
            };
            if quoted || !expansion {
                cur.push_str(&text);
                has |= quoted || !text.is_empty();
                continue;
            }
            let mut pieces = text.split([' ', '\t', '\n']).peekable();
            let leading_sep = text.starts_with([' ', '\t', '\n']);
            if leading_sep && has {
                fields.push(std::mem::take(&mut cur));
                has = false;
            }
            while let Some(piece) = pieces.next() {
                if !piece.is_empty() {
                    cur.push_str(piece);
                    has = true;
                }
                if pieces.peek().is_some() && has {
                    fields.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
        }
        if has {
            fields.push(cur);
        }
        if glob {
            return fields.into_iter().flat_map(|f| self.glob(&f)).collect();
        }
        fields
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.status.to_string(),
            "$" => "1".into(),
            "#" => "0".into(),
            "0" => "sh".into(),
            _ => self.sb.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    fn substitute(&mut self, script: &str) -> String {
        let Ok(items) = parse::parse(script) else {
            return String::new();
        };
        let (cwd, status) = (self.cwd.clone(), self.status);
        self.capture += 1;
        let out = self.items(&items, "");
        self.capture -= 1;
        // A subshell: `exit` and `cd` inside it do not affect the script.
        if matches!(self.stop, Some(Stop::Exit(_))) {
            self.stop = None;
        }
        self.cwd = cwd;
        let _ = status;
        out
    }

    /// Expand `*` in the last component of a path (sorted; no match leaves the word as is).
    fn glob(&self, pat: &str) -> Vec<String> {
        let (dir, file) = match pat.rfind('/') {
            Some(i) => (&pat[..i + 1], &pat[i + 1..]),
            None => ("", pat),
        };
        if dir.contains('*') || !file.contains('*') {
            return vec![pat.to_string()];
        }
        let listed = self.sb.volumes.list(
            self.sb.mounts,
            &self.path(if dir.is_empty() { "." } else { dir }),
        );
        let mut hits: Vec<String> = listed
            .unwrap_or_default()
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| !n.starts_with('.') && wildcard(file, n))
            .map(|n| format!("{dir}{n}"))
            .collect();
        hits.sort();
        if hits.is_empty() {
            vec![pat.to_string()]
        } else {
            hits
        }
    }

    fn simple(&mut self, words: &[Word], redirs: &[Redir], stdin: &str) -> Out {
        let mut argv: Vec<String> = Vec::new();
        for w in words {
            argv.extend(self.expand(w));
        }
        // Open redirections first, as the shell does (a `>` truncates even if the command fails).
        let mut outs: Vec<(u8, Sink)> = Vec::new();
        let mut input = stdin.to_string();
        for r in redirs {
            let target = match &r.target {
                Target::Fd(n) => {
                    let sink = match outs.iter().rev().find(|(fd, _)| fd == n) {
                        Some((_, s)) => s.clone(),
                        None if *n == 1 => Sink::Stdout,
                        None if *n == 2 => Sink::Stderr,
                        None => Sink::Null,
                    };
                    outs.push((r.fd, sink));
                    continue;
                }
                Target::File(w) => self.expand(w).join(" "),
            };
            let path = self.path(&target);
            if r.input {
                match self.sb.volumes.read(self.sb.mounts, &path) {
                    Ok(s) => input = s,
                    Err(e) => {
                        return Out::err(1, format!("sh: can't open {target}: {}\n", e.strerror()))
                    }
                }
                continue;
            }
            if path == "/dev/null" {
                outs.push((r.fd, Sink::Null));
                continue;
            }
            let (v, mt) = self.vols();
            if let Err(e) = v.write(mt, &path, "", r.append) {
                let why = match e {
                    crate::sim::fs::FsError::NotFound => "nonexistent directory".to_string(),
                    other => other.strerror(),
                };
                return Out::err(1, format!("sh: can't create {target}: {why}\n"));
            }
            outs.push((r.fd, Sink::File(path)));
        }
        let mut o = if argv.is_empty() {
            Out::status(0)
        } else {
            self.simple_expanded(&argv, &input)
        };
        // Each fd's last redirection decides where its text goes.
        let mut routed = String::new();
        for fd in [1u8, 2] {
            let Some((_, sink)) = outs.iter().rev().find(|(f, _)| *f == fd) else {
                continue;
            };
            let text = if fd == 1 {
                std::mem::take(&mut o.stdout)
            } else {
                std::mem::take(&mut o.stderr)
            };
            match sink {
                Sink::File(path) => {
                    let (v, mt) = self.vols();
                    let _ = v.write(mt, path, &text, true);
                }
                Sink::Stdout => routed.push_str(&text),
                Sink::Stderr => o.stderr.push_str(&text),
                Sink::Null => {}
            }
        }
        o.stdout.push_str(&routed);
        o
    }

    /// Run an already expanded command line.
    fn simple_expanded(&mut self, argv: &[String], stdin: &str) -> Out {
        // `NAME=value` assignments before (or instead of) a command.
        let mut i = 0;
        while let Some((k, v)) = argv.get(i).and_then(|a| a.split_once('=')) {
            if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            self.sb.vars.insert(k.to_string(), v.to_string());
            i += 1;
        }
        let argv = &argv[i..];
        if argv.is_empty() {
            return Out::status(0);
        }
        match builtins::run(self, argv, stdin) {
            Ok(o) => o,
            Err(Stop::Exit(code)) => {
                self.stop = Some(Stop::Exit(code));
                Out::status(code)
            }
            Err(stop) => {
                self.stop = Some(stop);
                Out::status(0)
            }
        }
    }
}

/// `nslookup NAME` as the (only) condition of an `until` loop.
fn nslookup_target(cond: &[Item]) -> Option<String> {
    let [item] = cond else { return None };
    let Command::Simple { words, .. } = item.first.cmds.first()? else {
        return None;
    };
    let lit = |w: &Word| match w.as_slice() {
        [Part::Lit { text, .. }] => Some(text.clone()),
        _ => None,
    };
    if lit(words.first()?)? != "nslookup" {
        return None;
    }
    words
        .iter()
        .skip(1)
        .filter_map(lit)
        .find(|w| !w.starts_with('-'))
}

/// `*` and `?` matching for globs and `case`-free tests.
fn wildcard(pat: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pat.chars().collect(), s.chars().collect());
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}
