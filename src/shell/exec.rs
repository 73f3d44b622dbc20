//! The executor: runs parsed lists against built-ins, the virtual files and the world.
//!
//! Only stdout flows through pipes and `>`; stderr goes straight to the terminal, in the
//! order the stages produce it. A command that keeps running (a watch, `rollout status`,
//! `sleep`) or takes over the terminal (a pod shell) is handed back to the terminal when it
//! is the last thing on the line; anywhere else (inside a pipeline, a loop or `$(...)`) it
//! is run to completion by driving virtual time ([`drain`]).

use std::collections::BTreeMap;

use super::builtins::{self, special, Io, Output};
use super::job::{drain, Job, Launch, Session, Sleep, Timeout, World, DRAIN_LIMIT};
use super::parse::{parse, AndOr, Cmd, Conn, List, ParseError, Pipeline, Redir};
use super::tokenizer::{Part, RedirOp, Word};
use super::vfs::Files;
use super::{append_ordered, Chunk, Stream};

/// Shell state that survives between lines: variables, `$?`, history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shell {
    /// `bash` on the host, `sh` (busybox) in a pod: prefixes error messages.
    pub name: String,
    /// Run everything to completion (in-pod shells: nothing can be handed back).
    pub drain_all: bool,
    /// Set for a shell inside a pod: commands are that container's programs.
    pub pod: Option<super::pod::PodRef>,
    pub vars: BTreeMap<String, String>,
    pub status: i32,
    pub history: Vec<String>,
    /// Which real tools the built-ins stand for (usage errors differ): GNU on the host and
    /// in Debian-based images, busybox applets in a busybox image.
    pub flavour: builtins::Flavour,
}

/// Something that keeps the terminal after the line has been run.
pub enum Hold<W> {
    Job(Box<dyn Job<W>>),
    Session(Box<dyn Session<W>>),
}

/// The result of running one line.
pub struct Ran<W> {
    pub chunks: Vec<Chunk>,
    pub hold: Option<Hold<W>>,
}

/// Names handled by the executor itself (completion lists them with the text tools).
pub const SPECIAL: &[&str] = &[
    "cd", "clear", "exit", "export", "history", "sleep", "timeout", "unset", "xargs",
];

struct Cx<'a, W> {
    w: &'a mut W,
    vfs: &'a mut dyn Files,
    chunks: Vec<Chunk>,
    hold: Option<Hold<W>>,
}

impl<W> Cx<'_, W> {
    fn emit(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.chunks.last_mut() {
            if last.stream == stream {
                last.text.push_str(text);
                return;
            }
        }
        self.chunks.push(Chunk {
            stream,
            text: text.to_string(),
        });
    }
}

/// The outcome of one simple command before redirection.
enum Step<W> {
    Done(Output),
    Hold(Hold<W>, Output),
}

impl Shell {
    pub fn new() -> Shell {
        let mut vars = BTreeMap::new();
        vars.insert("HOME".to_string(), super::vfs::HOME.to_string());
        vars.insert("PWD".to_string(), super::vfs::HOME.to_string());
        Shell {
            name: "bash".into(),
            drain_all: false,
            pod: None,
            vars,
            status: 0,
            history: Vec::new(),
            flavour: builtins::Flavour::Gnu,
        }
    }

    /// busybox `sh` inside a pod (`sh: foo: not found`).
    pub fn busybox(vars: BTreeMap<String, String>) -> Shell {
        Shell {
            name: "sh".into(),
            drain_all: true,
            pod: None,
            vars,
            status: 0,
            history: Vec::new(),
            flavour: builtins::Flavour::Busybox,
        }
    }

    fn syntax_message(&self, m: &str) -> String {
        if self.name == "sh" {
            // busybox: `sh: syntax error: unexpected "|"`
            match m.split_once('`') {
                Some((_, tok)) => format!(
                    "sh: syntax error: unexpected \"{}\"",
                    tok.trim_end_matches('\'')
                ),
                None => format!("sh: {m}"),
            }
        } else {
            format!("bash: {m}")
        }
    }

    /// Run one complete source text (already known to parse). Syntax errors are printed
    /// as bash prints them and set `$?` to 2.
    pub fn run<W: World>(&mut self, src: &str, w: &mut W, vfs: &mut dyn Files) -> Ran<W> {
        let mut cx = Cx {
            w,
            vfs,
            chunks: Vec::new(),
            hold: None,
        };
        match parse(src) {
            Ok(list) => {
                let top = !self.drain_all;
                let st = self.list(&list, &mut cx, top);
                if cx.hold.is_none() {
                    self.status = st;
                }
            }
            Err(ParseError::Syntax(m)) => {
                let msg = self.syntax_message(&m);
                cx.emit(Stream::Stderr, &format!("{msg}\n"));
                self.status = 2;
            }
            Err(ParseError::Incomplete) => {
                cx.emit(
                    Stream::Stderr,
                    &format!("{}: syntax error: unexpected end of file\n", self.name),
                );
                self.status = 2;
            }
        }
        Ran {
            chunks: cx.chunks,
            hold: cx.hold,
        }
    }

    fn list<W: World>(&mut self, list: &List, cx: &mut Cx<'_, W>, top: bool) -> i32 {
        let mut st = self.status;
        for (i, ao) in list.iter().enumerate() {
            let last = top && i + 1 == list.len();
            st = self.and_or(ao, cx, last);
            self.status = st;
        }
        st
    }

    fn and_or<W: World>(&mut self, ao: &AndOr, cx: &mut Cx<'_, W>, may_hold: bool) -> i32 {
        let mut st = self.pipeline(&ao.first, cx, may_hold && ao.rest.is_empty());
        for (k, (conn, p)) in ao.rest.iter().enumerate() {
            self.status = st;
            let run = match conn {
                Conn::And => st == 0,
                Conn::Or => st != 0,
            };
            if run {
                st = self.pipeline(p, cx, may_hold && k + 1 == ao.rest.len());
            }
        }
        st
    }

    fn pipeline<W: World>(&mut self, p: &Pipeline, cx: &mut Cx<'_, W>, may_hold: bool) -> i32 {
        let mut input: Option<String> = None;
        let mut status = 0;
        let n = p.cmds.len();
        for (i, cmd) in p.cmds.iter().enumerate() {
            let last = i + 1 == n;
            let (out, st) = self.command(cmd, input.take(), cx, may_hold && n == 1, last);
            status = st;
            if last {
                cx.emit(Stream::Stdout, &out);
            } else {
                input = Some(out);
            }
        }
        if p.negate {
            (status == 0) as i32
        } else {
            status
        }
    }

    /// Run one command; returns (stdout for the next stage or terminal, status).
    fn command<W: World>(
        &mut self,
        cmd: &Cmd,
        stdin: Option<String>,
        cx: &mut Cx<'_, W>,
        may_hold: bool,
        last: bool,
    ) -> (String, i32) {
        match cmd {
            Cmd::For { var, items, body } => {
                let mut values = Vec::new();
                for it in items {
                    values.extend(self.expand(it, cx));
                }
                let mut st = 0;
                let mut sub = Cx {
                    w: &mut *cx.w,
                    vfs: &mut *cx.vfs,
                    chunks: Vec::new(),
                    hold: None,
                };
                for v in values {
                    self.vars.insert(var.clone(), v);
                    st = self.list(body, &mut sub, false);
                }
                let chunks = std::mem::take(&mut sub.chunks);
                (self.split_stdout(chunks, cx, last), st)
            }
            Cmd::If {
                cond,
                then,
                otherwise,
            } => {
                let mut sub = Cx {
                    w: &mut *cx.w,
                    vfs: &mut *cx.vfs,
                    chunks: Vec::new(),
                    hold: None,
                };
                let c = self.list(cond, &mut sub, false);
                self.status = c;
                let st = if c == 0 {
                    self.list(then, &mut sub, false)
                } else if let Some(o) = otherwise {
                    self.list(o, &mut sub, false)
                } else {
                    0
                };
                let chunks = std::mem::take(&mut sub.chunks);
                (self.split_stdout(chunks, cx, last), st)
            }
            Cmd::Simple {
                assigns,
                words,
                redirs,
            } => self.simple(assigns, words, redirs, stdin, cx, may_hold, last),
        }
    }

    /// Stdout chunks of a compound command become its stdout and stderr goes to the
    /// terminal; when its stdout is the terminal (`last`), everything goes there in order.
    fn split_stdout<W>(&self, chunks: Vec<Chunk>, cx: &mut Cx<'_, W>, last: bool) -> String {
        let mut out = String::new();
        for c in chunks {
            match c.stream {
                Stream::Stdout if !last => out.push_str(&c.text),
                s => cx.emit(s, &c.text),
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn simple<W: World>(
        &mut self,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[Redir],
        stdin: Option<String>,
        cx: &mut Cx<'_, W>,
        may_hold: bool,
        last: bool,
    ) -> (String, i32) {
        let mut argv = Vec::new();
        for w in words {
            argv.extend(self.expand(w, cx));
        }
        let mut values = Vec::new();
        for (name, w) in assigns {
            let v = self.expand_one(w, cx);
            values.push((name.clone(), v));
        }
        if argv.is_empty() {
            for (n, v) in values {
                self.vars.insert(n, v);
            }
            // A bare redirection still creates/truncates its file.
            let (_o, st) = self.apply_redirs(redirs, Output::default(), cx);
            return (String::new(), st);
        }
        // Redirected input replaces the pipe.
        let mut stdin = stdin;
        for r in redirs {
            match &r.op {
                RedirOp::In => {
                    let name = self.expand_one(&r.target, cx);
                    match cx.vfs.read_file(&name) {
                        Ok(t) => stdin = Some(t),
                        Err(e) => {
                            cx.emit(Stream::Stderr, &format!("{}: {}\n", self.name, e.message()));
                            return (String::new(), 1);
                        }
                    }
                }
                RedirOp::HereDoc { body, expand } => {
                    stdin = Some(if *expand {
                        self.expand_heredoc(body, cx)
                    } else {
                        body.clone()
                    });
                }
                _ => {}
            }
        }
        let stdout_redirected = redirs
            .iter()
            .any(|r| r.fd == 1 && !matches!(r.op, RedirOp::In | RedirOp::HereDoc { .. }));
        let step = self.dispatch(&argv, stdin, cx, may_hold && !stdout_redirected);
        let out = match step {
            Step::Done(o) => o,
            Step::Hold(h, o) => {
                cx.hold = Some(h);
                o
            }
        };
        let (o, st) = self.apply_redirs(redirs, out, cx);
        cx.emit(Stream::Stderr, &o.stderr_first);
        if last && !stdout_redirected {
            // Stdout is the terminal: it shows between the early and the late messages.
            cx.emit(Stream::Stdout, &o.stdout);
            cx.emit(Stream::Stderr, &o.stderr);
            return (String::new(), st);
        }
        cx.emit(Stream::Stderr, &o.stderr);
        (o.stdout, st)
    }

    /// Apply output redirections to a finished command's output.
    fn apply_redirs<W: World>(
        &mut self,
        redirs: &[Redir],
        mut o: Output,
        cx: &mut Cx<'_, W>,
    ) -> (Output, i32) {
        let status = o.status;
        for r in redirs {
            let (append, fd) = match &r.op {
                RedirOp::Out => (false, r.fd),
                RedirOp::Append => (true, r.fd),
                RedirOp::Dup(target) => {
                    // Both streams now write to one place, in the order they were written.
                    let merged = || [o.stderr_first.as_str(), &o.stdout, &o.stderr].concat();
                    if r.fd == 2 && *target == 1 {
                        o.stdout = merged();
                        o.stderr_first.clear();
                        o.stderr.clear();
                    } else if r.fd == 1 && *target == 2 {
                        o.stderr = merged();
                        o.stderr_first.clear();
                        o.stdout.clear();
                    }
                    continue;
                }
                _ => continue,
            };
            let name = self.expand_one(&r.target, cx);
            let text = if fd == 2 {
                std::mem::take(&mut o.stderr_first) + &std::mem::take(&mut o.stderr)
            } else {
                std::mem::take(&mut o.stdout)
            };
            if name == "/dev/null" {
                continue;
            }
            if name.is_empty() {
                o.stderr
                    .push_str(&format!("{}: : No such file or directory\n", self.name));
                return (o, 1);
            }
            if let Err(e) = cx.vfs.write_file(&name, &text, append) {
                o.stderr
                    .push_str(&format!("{}: {}\n", self.name, e.message()));
                return (o, 1);
            }
        }
        (o, status)
    }

    fn dispatch<W: World>(
        &mut self,
        argv: &[String],
        stdin: Option<String>,
        cx: &mut Cx<'_, W>,
        may_hold: bool,
    ) -> Step<W> {
        self.dispatch_mode(argv, stdin, cx, may_hold, false)
    }

    /// `raw`: hand a running job back unpolled (for `timeout` to wrap).
    fn dispatch_mode<W: World>(
        &mut self,
        argv: &[String],
        stdin: Option<String>,
        cx: &mut Cx<'_, W>,
        may_hold: bool,
        raw: bool,
    ) -> Step<W> {
        let name = argv[0].as_str();
        let args = &argv[1..];
        match name {
            "cd" => {
                let args = match special::shell_builtin("cd", args, self.flavour) {
                    Ok((_, operands)) => operands,
                    Err(e) => return Step::Done(e),
                };
                let home = self
                    .vars
                    .get("HOME")
                    .cloned()
                    .unwrap_or_else(|| "/root".into());
                // `cd -` goes back to OLDPWD and prints where it went.
                let back = args.first().is_some_and(|a| a == "-");
                let dir = match args.first().map(|s| s.as_str()) {
                    None | Some("~") => home,
                    Some("-") => match self.vars.get("OLDPWD") {
                        Some(d) => d.clone(),
                        None => {
                            return Step::Done(Output::err(
                                1,
                                format!("{}: cd: OLDPWD not set", self.name),
                            ))
                        }
                    },
                    Some(d) => match d.strip_prefix("~/") {
                        Some(rest) => format!("{home}/{rest}"),
                        None => d.to_string(),
                    },
                };
                // The working directory lives in `PWD`; the filesystem checks the directory.
                return Step::Done(match cx.vfs.set_cwd(&dir) {
                    Ok(abs) => {
                        let old = self.vars.insert("PWD".into(), abs.clone());
                        if let Some(old) = old {
                            self.vars.insert("OLDPWD".into(), old);
                        }
                        if back {
                            Output::ok(format!("{abs}\n"))
                        } else {
                            Output::default()
                        }
                    }
                    Err(_) => Output::err(
                        1,
                        format!("{}: cd: {dir}: No such file or directory", self.name),
                    ),
                });
            }
            "export" => {
                let args = match special::shell_builtin("export", args, self.flavour) {
                    Ok((_, operands)) => operands,
                    Err(e) => return Step::Done(e),
                };
                for a in &args {
                    if let Some((k, v)) = a.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                return Step::Done(Output::default());
            }
            "unset" => {
                let args = match special::shell_builtin("unset", args, self.flavour) {
                    Ok((_, operands)) => operands,
                    Err(e) => return Step::Done(e),
                };
                for a in &args {
                    self.vars.remove(a);
                }
                return Step::Done(Output::default());
            }
            "exit" => {
                return Step::Done(Output {
                    status: args
                        .first()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(self.status),
                    ..Default::default()
                })
            }
            "history" => {
                let last = match special::history(args, self.flavour) {
                    Ok(special::History::Clear) => {
                        self.history.clear();
                        return Step::Done(Output::default());
                    }
                    Ok(special::History::Show(n)) => n,
                    Err(e) => return Step::Done(e),
                };
                let skip = last.map_or(0, |n| self.history.len().saturating_sub(n));
                let mut s = String::new();
                for (i, h) in self.history.iter().enumerate().skip(skip) {
                    s.push_str(&format!("{:>5}  {}\n", i + 1, h));
                }
                return Step::Done(Output::ok(s));
            }
            "clear" => {
                if let Err(e) = special::clear(args, self.flavour) {
                    return Step::Done(e);
                }
                cx.chunks.push(Chunk {
                    stream: Stream::Clear,
                    text: String::new(),
                });
                return Step::Done(Output::default());
            }
            "sleep" => {
                let ms = match special::sleep(args, self.flavour) {
                    Ok(ms) => ms,
                    Err(e) => return Step::Done(e),
                };
                let job: Box<dyn Job<W>> = Box::new(Sleep {
                    until: cx.w.now() + ms,
                });
                if raw {
                    return Step::Hold(Hold::Job(job), Output::default());
                }
                return self.hold_or_drain(job, cx, may_hold);
            }
            "timeout" => {
                let (ms, inner) = match special::timeout(args, self.flavour) {
                    Ok(v) => v,
                    Err(e) => return Step::Done(e),
                };
                let until = cx.w.now() + ms;
                return match self.dispatch_mode(&inner, stdin, cx, false, true) {
                    Step::Done(o) => Step::Done(o),
                    Step::Hold(Hold::Job(job), o) => {
                        let t: Box<dyn Job<W>> = Box::new(Timeout { inner: job, until });
                        match self.hold_or_drain(t, cx, may_hold) {
                            Step::Done(mut o2) => {
                                o2.stdout.insert_str(0, &o.stdout);
                                Step::Done(o2)
                            }
                            h => h,
                        }
                    }
                    Step::Hold(h, o) => Step::Hold(h, o),
                };
            }
            "xargs" => return Step::Done(self.xargs(args, stdin.as_deref().unwrap_or(""), cx)),
            _ => {}
        }
        let tty = may_hold;
        if let Some(o) = builtins::run(
            name,
            args,
            &mut Io {
                stdin: stdin.as_deref().unwrap_or(""),
                vfs: cx.vfs,
                tty,
                flavour: self.flavour,
            },
        ) {
            return Step::Done(o);
        }
        let launched = match &self.pod {
            Some(me) => cx.w.pod_external(me, argv, stdin.as_deref(), cx.vfs),
            None => cx.w.external(argv, stdin.as_deref(), cx.vfs),
        };
        match launched {
            None if self.name == "sh" => {
                Step::Done(Output::err(127, format!("sh: {name}: not found")))
            }
            None => Step::Done(Output::err(127, format!("bash: {name}: command not found"))),
            Some(Launch::Done(o)) => Step::Done(o),
            Some(Launch::Running(job)) if raw => Step::Hold(Hold::Job(job), Output::default()),
            Some(Launch::Running(job)) => self.hold_or_drain(job, cx, may_hold),
            Some(Launch::Interactive(mut s, first)) => {
                if may_hold {
                    Step::Hold(Hold::Session(s), first)
                } else {
                    // No terminal to hand over (pipe/loop): let it attach, then it reads
                    // end-of-input.
                    let mut o = first;
                    let start = cx.w.now();
                    let mut exited = None;
                    loop {
                        let step = s.poll(cx.w);
                        append_ordered(
                            [&mut o.stderr_first, &mut o.stdout, &mut o.stderr],
                            [&step.stderr_first, &step.stdout, &step.stderr],
                        );
                        if step.exited.is_some() {
                            exited = step.exited;
                            break;
                        }
                        if !s.wants_time() {
                            break;
                        }
                        match cx.w.next_timer_at() {
                            Some(t) if t <= start + DRAIN_LIMIT => {
                                cx.w.advance_to(t.max(cx.w.now()))
                            }
                            _ => break,
                        }
                    }
                    if exited.is_none() {
                        let step = s.input("exit", cx.w);
                        append_ordered(
                            [&mut o.stderr_first, &mut o.stdout, &mut o.stderr],
                            [&step.stderr_first, &step.stdout, &step.stderr],
                        );
                        exited = step.exited;
                    }
                    o.status = exited.unwrap_or(0);
                    Step::Done(o)
                }
            }
        }
    }

    fn hold_or_drain<W: World>(
        &mut self,
        mut job: Box<dyn Job<W>>,
        cx: &mut Cx<'_, W>,
        may_hold: bool,
    ) -> Step<W> {
        if may_hold {
            // Collect what it prints immediately, so the first rows appear with the command.
            let p = job.poll(cx.w);
            let o = Output {
                stderr_first: p.stderr_first,
                stdout: p.stdout,
                stderr: p.stderr,
                status: p.done.unwrap_or(0),
            };
            if p.done.is_some() {
                return Step::Done(o);
            }
            return Step::Hold(Hold::Job(job), o);
        }
        let (o, _interrupted) = drain(job.as_mut(), cx.w, DRAIN_LIMIT);
        Step::Done(o)
    }

    /// GNU xargs: whitespace/quote-separated items appended to the command, run once even
    /// on empty input (unless -r); `-n N` batches; `-I R` replaces per line.
    fn xargs<W: World>(&mut self, args: &[String], input: &str, cx: &mut Cx<'_, W>) -> Output {
        let special::Xargs {
            no_empty,
            batch,
            replace,
            cmd,
        } = match special::xargs(args, self.flavour) {
            Ok(x) => x,
            Err(e) => return e,
        };
        let mut runs: Vec<Vec<String>> = Vec::new();
        if let Some(r) = &replace {
            for line in builtins::lines(input)
                .iter()
                .filter(|l| !l.trim().is_empty())
            {
                runs.push(
                    cmd.iter()
                        .map(|c| c.replace(r.as_str(), line.trim()))
                        .collect(),
                );
            }
        } else {
            let items = xargs_items(input);
            if items.is_empty() {
                if !no_empty {
                    runs.push(cmd.clone());
                }
            } else {
                let size = batch.unwrap_or(items.len());
                for ch in items.chunks(size) {
                    let mut v = cmd.clone();
                    v.extend(ch.iter().cloned());
                    runs.push(v);
                }
            }
        }
        let mut out = Output::default();
        for argv in runs {
            let o = match self.dispatch(&argv, Some(String::new()), cx, false) {
                Step::Done(o) => o,
                Step::Hold(_, o) => o,
            };
            out.append(&o);
            if o.status == 127 {
                // GNU xargs reports a missing command itself.
                out.stderr = format!("xargs: {}: No such file or directory\n", argv[0]);
                out.status = 127;
                return out;
            }
            if o.status != 0 {
                out.status = 123;
            }
        }
        out
    }

    /// Expand a word into fields (unquoted expansions are split on whitespace).
    fn expand<W: World>(&mut self, w: &Word, cx: &mut Cx<'_, W>) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut present = false;
        let mut globbable = true;
        for p in &w.parts {
            match p {
                Part::Lit(t) => {
                    cur.push_str(t);
                    present = true;
                }
                Part::Quoted(t) => {
                    cur.push_str(t);
                    present = true;
                    globbable = false;
                }
                Part::Var { name, quoted } | Part::Subst { src: name, quoted } => {
                    let value = match p {
                        Part::Var { .. } => self.var(name),
                        _ => self.substitute(name, cx),
                    };
                    globbable = false;
                    if *quoted {
                        cur.push_str(&value);
                        present = true;
                        continue;
                    }
                    let starts_ws = value.starts_with(char::is_whitespace);
                    let ends_ws = value.ends_with(char::is_whitespace);
                    let pieces: Vec<&str> = value.split_whitespace().collect();
                    if pieces.is_empty() {
                        if starts_ws && present {
                            fields.push(std::mem::take(&mut cur));
                            present = false;
                        }
                        continue;
                    }
                    if starts_ws && present {
                        fields.push(std::mem::take(&mut cur));
                    }
                    for (k, piece) in pieces.iter().enumerate() {
                        if k > 0 {
                            fields.push(std::mem::take(&mut cur));
                        }
                        cur.push_str(piece);
                    }
                    present = true;
                    if ends_ws {
                        fields.push(std::mem::take(&mut cur));
                        present = false;
                    }
                }
            }
        }
        if present {
            fields.push(cur);
        }
        if globbable && fields.len() == 1 && fields[0].contains(['*', '?']) {
            let pat = fields[0].clone();
            let hits: Vec<String> = cx
                .vfs
                .list(None)
                .unwrap_or_default()
                .into_iter()
                .filter(|n| glob_match(&pat, n))
                .collect();
            if !hits.is_empty() {
                return hits;
            }
        }
        fields
    }

    /// Expand a word as a single string (assignments, redirection targets).
    fn expand_one<W: World>(&mut self, w: &Word, cx: &mut Cx<'_, W>) -> String {
        let mut s = String::new();
        for p in &w.parts {
            match p {
                Part::Lit(t) | Part::Quoted(t) => s.push_str(t),
                Part::Var { name, .. } => s.push_str(&self.var(name)),
                Part::Subst { src, .. } => s.push_str(&self.substitute(src, cx)),
            }
        }
        s
    }

    /// `$var` and `$(...)` inside an unquoted here-document body.
    fn expand_heredoc<W: World>(&mut self, body: &str, cx: &mut Cx<'_, W>) -> String {
        // Re-tokenize the body as the contents of a double-quoted string.
        let quoted = format!("\"{}\"", body.replace('\\', "\\\\").replace('"', "\\\""));
        match super::tokenizer::tokenize(&quoted) {
            Ok(toks) => match toks.as_slice() {
                [super::tokenizer::Tok::Word(w)] => {
                    let w = w.clone();
                    self.expand_one(&w, cx)
                }
                _ => body.to_string(),
            },
            Err(_) => body.to_string(),
        }
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.status.to_string(),
            "$" => "1".to_string(),
            "#" | "0" => {
                if name == "0" {
                    "bash".into()
                } else {
                    "0".into()
                }
            }
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// `$(...)`: run the inner source, capture stdout minus trailing newlines.
    fn substitute<W: World>(&mut self, src: &str, cx: &mut Cx<'_, W>) -> String {
        let saved = self.status;
        let mut sub = Cx {
            w: &mut *cx.w,
            vfs: &mut *cx.vfs,
            chunks: Vec::new(),
            hold: None,
        };
        match parse(src) {
            Ok(list) => {
                self.list(&list, &mut sub, false);
            }
            Err(ParseError::Syntax(m)) => sub.emit(
                Stream::Stderr,
                &format!("{}: command substitution: {m}\n", self.name),
            ),
            Err(ParseError::Incomplete) => sub.emit(
                Stream::Stderr,
                &format!(
                    "{}: command substitution: unexpected end of file\n",
                    self.name
                ),
            ),
        }
        let chunks = std::mem::take(&mut sub.chunks);
        let out = self.split_stdout(chunks, cx, false);
        let _ = saved;
        out.trim_end_matches('\n').to_string()
    }
}

/// Split xargs input into items: blanks separate, quotes group, backslash escapes.
fn xargs_items(input: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut q: Option<char> = None;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match (q, c) {
            (Some(qc), c) if c == qc => q = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                q = Some(c);
                has = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    has = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if has {
                    items.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (None, c) => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        items.push(cur);
    }
    items
}

/// Shell wildcard match (`*`, `?`).
pub fn glob_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}
