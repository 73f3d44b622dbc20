//! Running a probe against the simulated program: an httpGet succeeds when something listens
//! on the port and answers 200–399 (nginx serves its document root through the simulated
//! filesystem), a tcpSocket when the port is open, an exec when the command would succeed in
//! the container. Failure texts are the kubelet prober's.

use super::app::Program;
use crate::sim::fs::{self, MountTable, Volumes};
use crate::sim::images::App;
use crate::sim::objects::{Container, IntOrString, Probe};

/// Resolve a probe port (number or named container port).
fn port_of(p: &IntOrString, c: &Container) -> Option<i32> {
    match p {
        IntOrString::Int(n) => Some(*n),
        IntOrString::String(s) => s.parse().ok().or_else(|| {
            c.ports
                .iter()
                .find(|cp| cp.name == *s)
                .map(|cp| cp.container_port)
        }),
    }
}

fn listening(prog: &Program, port: i32, since_start: u64) -> Option<bool> {
    prog.listens
        .iter()
        .find(|l| l.port == port && since_start >= l.ready_after)
        .map(|l| l.http)
}

/// Context of one probe run.
pub struct ProbeCx<'a> {
    pub ip: &'a str,
    pub container: &'a Container,
    pub program: &'a Program,
    /// ms since the container started.
    pub since_start: u64,
    pub volumes: &'a Volumes,
    pub mounts: Option<&'a MountTable>,
    pub nginx_version: &'a str,
}

/// Run a probe; `Err(text)` is the failure output after `Readiness probe failed: `.
pub fn run(probe: &Probe, cx: &ProbeCx) -> Result<(), String> {
    if let Some(h) = &probe.http_get {
        let port = port_of(&h.port, cx.container).unwrap_or(0);
        let path = if h.path.is_empty() {
            "/"
        } else {
            h.path.as_str()
        };
        let scheme = if h.scheme.is_empty() {
            "HTTP"
        } else {
            h.scheme.as_str()
        };
        let url = format!(
            "{}://{}:{port}{path}",
            scheme.to_ascii_lowercase(),
            if h.host.is_empty() { cx.ip } else { &h.host }
        );
        return match listening(cx.program, port, cx.since_start) {
            None => Err(format!(
                "Get \"{url}\": dial tcp {}:{port}: connect: connection refused",
                cx.ip
            )),
            Some(false) => Err(format!("Get \"{url}\": net/http: HTTP/1.x transport connection broken: malformed HTTP response")),
            Some(true) => {
                let status = match (cx.program.app, cx.mounts) {
                    (App::Nginx, Some(mt)) => fs::nginx::get(cx.volumes, mt, path, cx.nginx_version).status,
                    _ => 200,
                };
                if (200..400).contains(&status) {
                    Ok(())
                } else {
                    Err(format!("HTTP probe failed with statuscode: {status}"))
                }
            }
        };
    }
    if let Some(t) = &probe.tcp_socket {
        let port = port_of(&t.port, cx.container).unwrap_or(0);
        let host = if t.host.is_empty() { cx.ip } else { &t.host };
        return match listening(cx.program, port, cx.since_start) {
            Some(_) => Ok(()),
            None => Err(format!(
                "dial tcp {host}:{port}: connect: connection refused"
            )),
        };
    }
    if let Some(e) = &probe.exec {
        return exec(&e.command, cx);
    }
    Ok(())
}

/// The handful of exec probe commands lessons use: `cat`/`test -e`/`ls` of a file,
/// `true`/`false`, and mysql liveness (`mysqladmin ping`, `mysql -e ...`).
fn exec(cmd: &[String], cx: &ProbeCx) -> Result<(), String> {
    let argv: Vec<&str> = match cmd {
        [sh, c, script] if (sh == "sh" || sh == "/bin/sh" || sh == "bash") && c == "-c" => {
            script.split_whitespace().collect()
        }
        _ => cmd.iter().map(String::as_str).collect(),
    };
    let exists = |p: &str| {
        cx.mounts
            .map(|mt| cx.volumes.read(mt, p).is_ok() || cx.volumes.is_dir(mt, p))
            .unwrap_or(false)
    };
    match argv.as_slice() {
        ["true", ..] => Ok(()),
        ["false", ..] => Err(String::new()),
        ["cat", path, ..] => {
            if exists(path) {
                Ok(())
            } else {
                Err(format!("cat: can't open '{path}': No such file or directory\n"))
            }
        }
        ["test", "-e" | "-f", path, ..] | ["ls", path, ..] => {
            if exists(path) {
                Ok(())
            } else if argv[0] == "ls" {
                Err(format!("ls: {path}: No such file or directory\n"))
            } else {
                Err(String::new())
            }
        }
        [m, ..] if m.starts_with("mysql") => {
            if listening(cx.program, 3306, cx.since_start).is_some() {
                Ok(())
            } else {
                Err("mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running and that the socket: '/var/run/mysqld/mysqld.sock' exists!\n".into())
            }
        }
        [other, ..] => Err(format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"
        )),
        [] => Ok(()),
    }
}
