//! A minimal `mysql` client: the non-echoing `Enter password:` prompt, the connection
//! errors of the real client (unknown host, refused, access denied), the `mysql>` prompt,
//! a few statements with mysql's table output, and `exit`/`quit`/`\q` → `Bye`.

use super::{resolve, MysqlServer, PodFacts, PodRef, PodWorld};
use crate::shell::job::{Session, SessionStep};

enum Stage {
    Password,
    Connected { hostname: String, version: String },
}

/// The client session.
pub struct MysqlClient {
    me: PodRef,
    host: Option<String>,
    user: String,
    given_password: Option<String>,
    stage: Stage,
    buffer: String,
    client_ip: String,
    /// An error before any prompt (printed by the first poll/input).
    early_exit: Option<SessionStep>,
    banner: Option<String>,
    /// The client's warning about a password given on the command line (`-pSECRET`).
    warning: Option<String>,
    /// `-e STATEMENTS`: run them once connected, print the results and exit.
    execute: Option<String>,
    /// The database named on the command line (`mysql -h HOST DB`).
    database: Option<String>,
}

/// Real client options that change output or transport, which this client does not model.
const MODELLED_NOT: &[&str] = &[
    "-t",
    "--table",
    "-B",
    "--batch",
    "-s",
    "--silent",
    "-N",
    "--skip-column-names",
    "-v",
    "--verbose",
    "-E",
    "--vertical",
    "-H",
    "--html",
    "-X",
    "--xml",
    "--protocol",
    "--ssl-mode",
    "-S",
    "--socket",
    "-A",
    "--no-auto-rehash",
    "--default-character-set",
];

/// The databases of a fresh MySQL 8.0 server.
const DATABASES: &[&str] = &["information_schema", "mysql", "performance_schema", "sys"];

impl MysqlClient {
    /// `mysql [-h HOST] [-u USER] [-p[PASSWORD]] [-e STATEMENTS] [DATABASE]`.
    pub fn start<W: PodWorld>(
        w: &mut W,
        me: &PodRef,
        facts: &PodFacts,
        args: &[String],
    ) -> MysqlClient {
        let mut host = None;
        let mut user = "root".to_string();
        let mut ask = false;
        let mut given = None;
        let mut execute = None;
        let mut database = None;
        let mut unknown: Option<String> = None;
        let mut port: Option<String> = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "-e" | "--execute" => {
                    execute = args.get(i + 1).cloned();
                    i += 1;
                }
                _ if a.starts_with("--execute=") => execute = Some(a[10..].to_string()),
                _ if a.starts_with("-e") => execute = Some(a[2..].to_string()),
                "-h" | "--host" => {
                    host = args.get(i + 1).cloned();
                    i += 1;
                }
                "-u" | "--user" => {
                    user = args.get(i + 1).cloned().unwrap_or(user);
                    i += 1;
                }
                "-p" | "--password" => ask = true,
                _ if a.starts_with("--host=") => host = Some(a[7..].to_string()),
                _ if a.starts_with("-h") => host = Some(a[2..].to_string()),
                _ if a.starts_with("-u") => user = a[2..].to_string(),
                _ if a.starts_with("--password=") => given = Some(a[11..].to_string()),
                _ if a.starts_with("-p") => given = Some(a[2..].to_string()),
                "-D" | "--database" => {
                    database = args.get(i + 1).cloned();
                    i += 1;
                }
                "-P" | "--port" => {
                    port = args.get(i + 1).cloned();
                    i += 1;
                }
                _ if a.starts_with("--database=") => database = Some(a[11..].to_string()),
                _ if a.starts_with("--user=") => user = a[7..].to_string(),
                _ if a.starts_with("--port=") => port = Some(a[7..].to_string()),
                _ if a.starts_with("-D") => database = Some(a[2..].to_string()),
                _ if a.starts_with("-P") => port = Some(a[2..].to_string()),
                _ if a.starts_with('-') => {
                    unknown.get_or_insert_with(|| a.to_string());
                }
                _ => database = Some(a.to_string()),
            }
            i += 1;
        }
        let mut c = MysqlClient {
            me: me.clone(),
            host,
            user,
            given_password: given.clone(),
            stage: Stage::Password,
            buffer: String::new(),
            client_ip: facts.ip.clone(),
            early_exit: None,
            banner: None,
            warning: given.as_ref().map(|_| {
                "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
                    .to_string()
            }),
            execute,
            database,
        };
        if let Some(opt) = unknown {
            let name = opt.split('=').next().unwrap_or_default();
            let stderr = if MODELLED_NOT.contains(&name) {
                // A real client option whose effect this client does not reproduce.
                format!("mysql: option '{name}' is not available in this simulator\n")
            } else {
                // handle_options stops at the first unknown option (EXIT_UNKNOWN_OPTION).
                format!("mysql: [ERROR] unknown option '{opt}'.\n")
            };
            c.warning = None;
            c.early_exit = Some(SessionStep {
                stderr,
                exited: Some(2),
                ..Default::default()
            });
            return c;
        }
        if let Some(p) = port.filter(|p| p != "3306") {
            // Nothing listens there: the same refusal as a server that is not up yet.
            let host = c.host.clone().unwrap_or_else(|| "localhost".into());
            c.early_exit = Some(SessionStep {
                stderr: format!(
                    "ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{p}' (111)\n"
                ),
                exited: Some(1),
                ..Default::default()
            });
            return c;
        }
        if !ask {
            let step = c.connect(w, given);
            let step = c.after_connect(step);
            if step.exited.is_some() {
                c.early_exit = Some(step);
            } else {
                c.banner = Some(step.stdout);
            }
        }
        c
    }

    /// Once connected: an unknown database ends the client; `-e` runs its statements and
    /// exits (batch mode: tables without the `rows in set` line, errors with their line);
    /// otherwise the banner and the prompt.
    fn after_connect(&mut self, step: SessionStep) -> SessionStep {
        if step.exited.is_some() {
            return step;
        }
        if let Some(db) = self.database.clone() {
            if !DATABASES.contains(&db.as_str()) {
                return SessionStep {
                    stderr: format!("ERROR 1049 (42000): Unknown database '{db}'\n"),
                    exited: Some(1),
                    ..Default::default()
                };
            }
        }
        let Some(sql) = self.execute.clone() else {
            return step;
        };
        let mut out = SessionStep {
            exited: Some(0),
            ..Default::default()
        };
        for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match self.statement(stmt) {
                Ok(t) => out.stdout.push_str(&t),
                Err(e) => {
                    out.stderr = format!("{}\n", e.replacen("): ", ") at line 1: ", 1));
                    out.exited = Some(1);
                    break;
                }
            }
        }
        out
    }

    fn connect<W: PodWorld>(&mut self, w: &mut W, password: Option<String>) -> SessionStep {
        let fail = |msg: String| SessionStep {
            stderr: msg + "\n",
            exited: Some(1),
            ..Default::default()
        };
        let Some(host) = self.host.clone() else {
            return fail("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)".into());
        };
        let Some((ips, _)) = resolve(w, &self.me.namespace, &host) else {
            return fail(format!(
                "ERROR 2005 (HY000): Unknown MySQL server host '{host}' (-2)"
            ));
        };
        match w.mysql_at(&ips[0]) {
            MysqlServer::Refused => fail(format!(
                "ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:3306' (111)"
            )),
            MysqlServer::Unreachable => fail(format!(
                "ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:3306' (113)"
            )),
            MysqlServer::Ready {
                hostname,
                root_password,
                version,
            } => {
                let pw = password.filter(|p| !p.is_empty());
                if self.user != "root" || pw != root_password {
                    return fail(format!(
                        "ERROR 1045 (28000): Access denied for user '{}'@'{}' (using password: {})",
                        self.user,
                        self.client_ip,
                        if pw.is_some() { "YES" } else { "NO" }
                    ));
                }
                self.stage = Stage::Connected {
                    hostname,
                    version: version.clone(),
                };
                SessionStep {
                    stdout: format!(
                        "Welcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 8\nServer version: {version} MySQL Community Server - GPL\n\nCopyright (c) 2000, 2025, Oracle and/or its affiliates.\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
                    ),
                    ..Default::default()
                }
            }
        }
    }

    /// Output that was produced before the first prompt (connection without `-p`).
    pub fn take_start_output(&mut self) -> Option<SessionStep> {
        let step = self.early_exit.take().or_else(|| {
            self.banner.take().map(|b| SessionStep {
                stdout: b,
                ..Default::default()
            })
        });
        // The warning is printed while the options are read, before anything else.
        match (self.warning.take(), step) {
            (Some(w), Some(mut st)) => {
                st.stderr_first.insert_str(0, &w);
                Some(st)
            }
            (Some(w), None) => Some(SessionStep {
                stderr_first: w,
                ..Default::default()
            }),
            (None, step) => step,
        }
    }

    fn statement(&self, sql: &str) -> Result<String, String> {
        let Stage::Connected { hostname, version } = &self.stage else {
            return Err(String::new());
        };
        let s = sql.trim();
        let lower = s.to_ascii_lowercase();
        if lower == "show databases" {
            return Ok(table(
                &["Database"],
                &DATABASES.iter().map(|d| vec![*d]).collect::<Vec<_>>(),
                DATABASES.len(),
                self.execute.is_none(),
            ));
        }
        if let Some(rest) = lower.strip_prefix("select ") {
            let exprs: Vec<&str> = s[7..].split(',').map(|e| e.trim()).collect();
            let _ = rest;
            let mut heads = Vec::new();
            let mut vals = Vec::new();
            for e in &exprs {
                let v = match e.to_ascii_lowercase().as_str() {
                    "@@hostname" => hostname.clone(),
                    "@@port" => "3306".to_string(),
                    "@@version" | "version()" => version.clone(),
                    "user()" | "current_user()" => format!("{}@{}", self.user, self.client_ip),
                    n if n.parse::<f64>().is_ok() => n.to_string(),
                    q if (q.starts_with('\'') && q.ends_with('\'') && q.len() >= 2) => {
                        e[1..e.len() - 1].to_string()
                    }
                    _ => {
                        return Err(format!(
                            "ERROR 1054 (42S22): Unknown column '{}' in 'field list'",
                            e.trim_matches('`')
                        ))
                    }
                };
                heads.push(e.to_string());
                vals.push(v);
            }
            let refs: Vec<&str> = heads.iter().map(|h| h.as_str()).collect();
            let row: Vec<&str> = vals.iter().map(|v| v.as_str()).collect();
            return Ok(table(&refs, &[row], 1, self.execute.is_none()));
        }
        let near: String = s.chars().take(80).collect();
        Err(format!(
            "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{near}' at line 1"
        ))
    }
}

/// mysql's boxed table, numbers right-aligned, then `N row(s) in set (0.00 sec)` and a blank line.
fn table(heads: &[&str], rows: &[Vec<&str>], n: usize, footer: bool) -> String {
    let mut widths: Vec<usize> = heads.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let sep: String = format!(
        "+{}+\n",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let line = |cells: &[&str], align_num: bool| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if align_num && c.parse::<f64>().is_ok() {
                    format!(" {:>w$} ", c, w = widths[i])
                } else {
                    format!(" {:<w$} ", c, w = widths[i])
                }
            })
            .collect();
        format!("|{}|\n", parts.join("|"))
    };
    let mut s = sep.clone();
    s.push_str(&line(heads, false));
    s.push_str(&sep);
    for r in rows {
        s.push_str(&line(r, true));
    }
    s.push_str(&sep);
    if !footer {
        return s;
    }
    s.push_str(&format!(
        "{} {} in set (0.00 sec)\n\n",
        n,
        if n == 1 { "row" } else { "rows" }
    ));
    s
}

impl<W: PodWorld> Session<W> for MysqlClient {
    fn prompt(&self) -> String {
        match self.stage {
            Stage::Password => "Enter password: ".into(),
            Stage::Connected { .. } if !self.buffer.is_empty() => "    -> ".into(),
            Stage::Connected { .. } => "mysql> ".into(),
        }
    }

    fn echo_input(&self) -> bool {
        !matches!(self.stage, Stage::Password)
    }

    fn start_output(&mut self) -> Option<SessionStep> {
        self.take_start_output()
    }

    fn input(&mut self, line: &str, w: &mut W) -> SessionStep {
        if let Stage::Password = self.stage {
            let pw = self
                .given_password
                .take()
                .unwrap_or_else(|| line.to_string());
            let step = self.connect(w, Some(pw));
            return self.after_connect(step);
        }
        let t = line.trim();
        if self.buffer.is_empty() {
            match t.trim_end_matches(';') {
                "exit" | "quit" | "\\q" => {
                    return SessionStep {
                        stdout: "Bye\n".into(),
                        exited: Some(0),
                        ..Default::default()
                    };
                }
                "" if t.is_empty() => return SessionStep::default(),
                _ => {}
            }
        }
        if !self.buffer.is_empty() {
            self.buffer.push(' ');
        }
        self.buffer.push_str(t);
        let ends = self.buffer.ends_with(';') || self.buffer.ends_with("\\g");
        if !ends {
            return SessionStep::default();
        }
        let sql = self
            .buffer
            .trim_end_matches(';')
            .trim_end_matches("\\g")
            .to_string();
        self.buffer.clear();
        match self.statement(&sql) {
            Ok(out) => SessionStep {
                stdout: out,
                ..Default::default()
            },
            Err(e) => SessionStep {
                stderr: format!("{e}\n"),
                ..Default::default()
            },
        }
    }

    fn interrupt(&mut self, _w: &mut W) -> SessionStep {
        match self.stage {
            // Ctrl-C at the password prompt ends the client.
            Stage::Password => SessionStep {
                exited: Some(1),
                ..Default::default()
            },
            Stage::Connected { .. } => {
                self.buffer.clear();
                SessionStep::default()
            }
        }
    }
}
