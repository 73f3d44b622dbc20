//! The shell inside a container: busybox `sh` (prompt `/ # `) or the image's `sh`/`bash`,
//! running the host shell's language with the container's programs and files.
//!
//! Everything runs to completion inside the line (virtual time moves as needed), except a
//! bare `ping HOST`, which keeps the terminal until Ctrl-C as busybox ping does.

use std::collections::BTreeMap;

use super::mysql::MysqlClient;
use super::net::{self, Ping};
use super::{PodApp, PodFacts, PodRef, PodWorld};
use crate::shell::builtins::Output;
use crate::shell::exec::Shell;
use crate::shell::job::{Job, Launch, Millis, Poll, Session, SessionStep};
use crate::shell::parse::{parse, Cmd};
use crate::shell::vfs::Files;

/// The environment a container process sees (`env`).
pub fn environment(facts: &PodFacts) -> Vec<(String, String)> {
    let mut v = vec![
        ("KUBERNETES_SERVICE_PORT".to_string(), "443".to_string()),
        (
            "KUBERNETES_PORT".to_string(),
            "tcp://10.96.0.1:443".to_string(),
        ),
        ("HOSTNAME".to_string(), facts.hostname.clone()),
        ("SHLVL".to_string(), "1".to_string()),
        ("HOME".to_string(), "/root".to_string()),
        ("TERM".to_string(), "xterm".to_string()),
        (
            "KUBERNETES_PORT_443_TCP_ADDR".to_string(),
            "10.96.0.1".to_string(),
        ),
        (
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        ),
        (
            "KUBERNETES_PORT_443_TCP_PORT".to_string(),
            "443".to_string(),
        ),
        (
            "KUBERNETES_PORT_443_TCP_PROTO".to_string(),
            "tcp".to_string(),
        ),
        (
            "KUBERNETES_SERVICE_PORT_HTTPS".to_string(),
            "443".to_string(),
        ),
        (
            "KUBERNETES_PORT_443_TCP".to_string(),
            "tcp://10.96.0.1:443".to_string(),
        ),
        (
            "KUBERNETES_SERVICE_HOST".to_string(),
            "10.96.0.1".to_string(),
        ),
        ("PWD".to_string(), "/".to_string()),
    ];
    v.extend(facts.env.iter().cloned());
    v
}

fn shell_for(facts: &PodFacts, me: &PodRef) -> Shell {
    let vars: BTreeMap<String, String> = environment(facts).into_iter().collect();
    let mut sh = Shell::busybox(vars);
    sh.pod = Some(me.clone());
    if facts.app != PodApp::Busybox {
        // Debian-based images (nginx, mysql) ship GNU coreutils.
        sh.flavour = crate::shell::builtins::Flavour::Gnu;
    }
    sh
}

/// The container's programs (what a shell in it finds on PATH). None: not found.
pub fn applets<W: PodWorld>(
    w: &mut W,
    me: &PodRef,
    argv: &[String],
    _stdin: Option<&str>,
    files: &mut dyn Files,
) -> Option<Launch<W>> {
    let facts = w.pod_facts(me)?;
    let args = &argv[1..];
    let busybox = facts.app == PodApp::Busybox;
    let o = match argv[0].as_str() {
        "hostname" => net::hostname(&facts, args),
        "env" | "printenv" => Output::ok(
            environment(&facts)
                .iter()
                .map(|(k, v)| format!("{k}={v}\n"))
                .collect::<String>(),
        ),
        "nslookup" if busybox => net::nslookup(w, me, &facts, args),
        "ping" if busybox => match Ping::start(w, me, args) {
            Err(o) => o,
            Ok((p, header)) => {
                return Some(Launch::Running(Box::new(PingJob {
                    ping: p,
                    header: Some(header),
                })))
            }
        },
        "wget" if busybox => {
            let (mut o, file) = net::wget(w, me, &facts, args);
            if let Some((name, body)) = file {
                if let Err(e) = files.write_file(&name, &body, false) {
                    o.stderr
                        .push_str(&format!("wget: can't open '{name}': {}\n", e.message()));
                    o.status = 1;
                }
            }
            o
        }
        "curl" if facts.app == PodApp::Nginx => net::curl(w, me, &facts, args),
        "id" => Output::ok("uid=0(root) gid=0(root) groups=0(root)\n"),
        "whoami" => Output::ok("root\n"),
        "date" => Output::ok(format!("{}\n", date_string(w.now()))),
        _ => return None,
    };
    Some(Launch::Done(o))
}

/// `date` in the container (UTC): virtual time from the cluster epoch.
fn date_string(now: Millis) -> String {
    // EPOCH 2026-01-05T09:00:00Z is a Monday.
    let secs = now / 1000 + 9 * 3600;
    let days = secs / 86_400;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    let wd = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][(days % 7) as usize];
    let mut day = 5 + days;
    let mut month = 0usize;
    let lens = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    while day > lens[month % 12] {
        day -= lens[month % 12];
        month += 1;
    }
    let mn = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][month % 12];
    format!("{wd} {mn} {day:>2} {h:02}:{m:02}:{s:02} UTC 2026")
}

/// `ping -c N` (or a ping inside a pipeline) as a job driven by virtual time.
struct PingJob {
    ping: Ping,
    header: Option<String>,
}

impl<W: PodWorld> Job<W> for PingJob {
    fn poll(&mut self, w: &mut W) -> Poll {
        let mut p = Poll {
            stdout: self.header.take().unwrap_or_default(),
            ..Default::default()
        };
        let (out, done) = self.ping.tick(w.now());
        p.stdout.push_str(&out);
        p.done = done;
        p
    }
    fn interrupt(&mut self, _w: &mut W) -> Output {
        Output {
            stdout: self.ping.stats(),
            status: 130,
            ..Default::default()
        }
    }
    fn wants_time(&self) -> bool {
        self.ping.count.is_some()
    }
    fn wake_at(&self) -> Option<Millis> {
        Some(self.ping.wake_at())
    }
}

/// Run one command line in a container non-interactively (`kubectl exec POD -- ARGV`).
pub fn exec<W: PodWorld>(w: &mut W, me: &PodRef, argv: &[String]) -> Output {
    let Some(facts) = w.pod_facts(me) else {
        return Output::err(
            1,
            format!(
                "error: unable to upgrade connection: container not found (\"{}\")",
                me.container
            ),
        );
    };
    let script = match argv {
        [sh, c, script, ..] if is_shell(sh) && c == "-c" => script.clone(),
        _ => argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
    };
    let mut fs = match w.pod_fs(me) {
        Ok(f) => f,
        Err(e) => return Output::err(1, e),
    };
    let mut shell = shell_for(&facts, me);
    if !matches!(argv.first().map(|s| s.as_str()), Some(s) if is_shell(s)) {
        // Not a shell: the runtime execs the binary directly.
        let found = [
            "echo", "cat", "ls", "hostname", "env", "printenv", "sleep", "true", "false", "grep",
            "head", "tail", "wc", "sort", "rm", "touch", "pwd", "awk", "id", "whoami", "date",
            "nslookup", "ping", "wget", "curl", "mysql", "sh", "bash",
        ]
        .contains(&argv.first().map(|s| s.as_str()).unwrap_or(""));
        if !found {
            return Output::err(
                126,
                format!(
                    "error: Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown",
                    argv.first().cloned().unwrap_or_default()
                ),
            );
        }
    }
    let ran = shell.run(&script, w, &mut fs);
    w.commit_fs(fs);
    let mut o = Output {
        status: shell.status,
        ..Default::default()
    };
    for c in ran.chunks {
        match c.stream {
            crate::shell::Stream::Stdout => o.stdout.push_str(&c.text),
            crate::shell::Stream::Stderr => o.stderr.push_str(&c.text),
            _ => {}
        }
    }
    o
}

fn is_shell(s: &str) -> bool {
    matches!(s, "sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash")
}

fn quote(a: &str) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,%+".contains(c))
    {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}

/// Open the program a `run -it` / `exec -it` session asks for: a shell, the mysql client,
/// or (any other command) a one-shot run whose output ends the session.
pub fn open<W: PodWorld>(
    w: &mut W,
    me: &PodRef,
    command: &[String],
) -> Result<Box<dyn Session<W>>, Output> {
    let facts = w
        .pod_facts(me)
        .ok_or_else(|| Output::err(1, format!("error: pod {} not found", me.pod)))?;
    let cmd: Vec<String> = if command.is_empty() {
        match facts.app {
            PodApp::Busybox => vec!["sh".into()],
            PodApp::Mysql => vec!["mysqld".into()],
            _ => vec!["nginx".into()],
        }
    } else {
        command.to_vec()
    };
    match cmd[0].as_str() {
        s if is_shell(s) && cmd.len() == 1 => Ok(Box::new(PodShell::new(me.clone(), &facts, s))),
        "mysql" => Ok(Box::new(MysqlClient::start(w, me, &facts, &cmd[1..]))),
        _ => Err(exec(w, me, &cmd)),
    }
}

/// The prompt a container's shell shows.
enum Prompt {
    /// busybox `sh`: the working directory, then `# ` (`/usr/share/nginx/html # `).
    Busybox,
    /// `bash` as root: `root@HOST:DIR# `, with the home directory as `~`.
    Bash { host: String },
    /// Debian's `dash`: `# ` wherever it is.
    Plain,
}

/// An interactive shell in a container.
pub struct PodShell {
    me: PodRef,
    shell: Shell,
    prompt: Prompt,
    ping: Option<Ping>,
}

impl PodShell {
    pub fn new(me: PodRef, facts: &PodFacts, program: &str) -> PodShell {
        let prompt = match (facts.app, program) {
            (PodApp::Busybox, _) => Prompt::Busybox,
            (_, "bash" | "/bin/bash") => Prompt::Bash {
                host: facts.hostname.clone(),
            },
            _ => Prompt::Plain,
        };
        PodShell {
            shell: shell_for(facts, &me),
            me,
            prompt,
            ping: None,
        }
    }

    /// The working directory (`/` until a `cd`).
    fn cwd(&self) -> String {
        self.shell
            .vars
            .get("PWD")
            .cloned()
            .unwrap_or_else(|| "/".into())
    }
}

impl<W: PodWorld> Session<W> for PodShell {
    fn prompt(&self) -> String {
        let cwd = self.cwd();
        match &self.prompt {
            Prompt::Busybox => format!("{cwd} # "),
            Prompt::Bash { host } => {
                let home = self.shell.vars.get("HOME").map_or("/root", |h| h.as_str());
                let shown = match cwd.strip_prefix(home) {
                    Some("") => "~".to_string(),
                    Some(rest) if rest.starts_with('/') => format!("~{rest}"),
                    _ => cwd,
                };
                format!("root@{host}:{shown}# ")
            }
            Prompt::Plain => "# ".into(),
        }
    }

    fn status(&self) -> Option<i32> {
        Some(self.shell.status)
    }

    fn input(&mut self, line: &str, w: &mut W) -> SessionStep {
        let mut step = SessionStep::default();
        let list = parse(line).unwrap_or_default();
        if let [ao] = list.as_slice() {
            if ao.rest.is_empty() && ao.first.cmds.len() == 1 {
                if let Cmd::Simple { words, redirs, .. } = &ao.first.cmds[0] {
                    let lits: Vec<String> = words.iter().filter_map(|w| w.literal()).collect();
                    if lits.len() == words.len() && redirs.is_empty() {
                        match lits.first().map(|s| s.as_str()) {
                            Some("exit") => {
                                step.exited = Some(
                                    lits.get(1)
                                        .and_then(|s| s.parse().ok())
                                        .unwrap_or(self.shell.status),
                                );
                                return step;
                            }
                            Some("ping") if !lits.iter().any(|a| a.starts_with("-c")) => {
                                let busybox = w
                                    .pod_facts(&self.me)
                                    .is_some_and(|f| f.app == PodApp::Busybox);
                                if busybox {
                                    match Ping::start(w, &self.me, &lits[1..]) {
                                        Ok((mut p, header)) => {
                                            let (out, _) = p.tick(w.now());
                                            step.stdout = header + &out;
                                            self.ping = Some(p);
                                        }
                                        Err(o) => {
                                            step.stderr = o.stderr;
                                            self.shell.status = o.status;
                                        }
                                    }
                                    return step;
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        if line.trim().is_empty() {
            return step;
        }
        let o = match w.pod_facts(&self.me) {
            None => {
                // The pod went away under the session: the stream closes.
                step.exited = Some(137);
                return step;
            }
            Some(_) => match w.pod_fs(&self.me) {
                Ok(mut fs) => {
                    // The working directory of the last `cd` (still there: it is checked).
                    let _ = fs.set_cwd(&self.cwd());
                    let ran = self.shell.run(line, w, &mut fs);
                    w.commit_fs(fs);
                    ran.chunks
                }
                Err(e) => {
                    step.stderr = format!("{e}\n");
                    return step;
                }
            },
        };
        for c in o {
            match c.stream {
                crate::shell::Stream::Stdout => step.append("", &c.text, ""),
                crate::shell::Stream::Stderr => step.append(&c.text, "", ""),
                _ => {}
            }
        }
        step
    }

    fn interrupt(&mut self, _w: &mut W) -> SessionStep {
        let mut step = SessionStep::default();
        if let Some(p) = self.ping.take() {
            step.stdout = p.stats();
            self.shell.status = 130;
        }
        step
    }

    fn poll(&mut self, w: &mut W) -> SessionStep {
        let mut step = SessionStep::default();
        if let Some(p) = &mut self.ping {
            let (out, _) = p.tick(w.now());
            step.stdout = out;
        }
        step
    }

    fn busy(&self) -> bool {
        self.ping.is_some()
    }

    fn wake_at(&self) -> Option<Millis> {
        self.ping.as_ref().map(|p| p.wake_at())
    }

    fn complete(&self, line: &str, _w: &W) -> Vec<String> {
        let word = line.rsplit(char::is_whitespace).next().unwrap_or("");
        if line.trim_start().contains(' ') {
            return vec![];
        }
        [
            "cat", "echo", "env", "exit", "hostname", "ls", "nslookup", "ping", "wget",
        ]
        .iter()
        .filter(|c| c.starts_with(word))
        .map(|s| s.to_string())
        .collect()
    }
}
