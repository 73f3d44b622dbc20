//! What the program inside a simulated container does: how long it runs, which ports it
//! listens on (and from when), and how it reacts to SIGTERM. This is what probes and in-pod
//! tools observe, so probe outcomes come from the program rather than from a script.

use crate::sim::clock::Millis;
use crate::sim::images::App;

/// The life of a container's main process after it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// Keeps running until stopped.
    Forever,
    /// Exits by itself after `after` ms with `code`.
    Exit { after: Millis, code: i32 },
    /// Keeps polling until `name` resolves in cluster DNS, then exits 0 (the classic
    /// `until nslookup myservice; do sleep 2; done` init container).
    UntilResolves { name: String, every: Millis },
}

/// A port the program listens on, from `ready_after` ms after its start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    pub port: i32,
    pub http: bool,
    pub ready_after: Millis,
}

/// The simulated program of one container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub app: App,
    pub run: Run,
    pub listens: Vec<Listen>,
    /// Exit code when stopped with SIGTERM.
    pub sigterm_exit: i32,
    /// Whether SIGTERM stops it at all (a `sleep` as PID 1 ignores it and is SIGKILLed after
    /// the grace period, exit 137).
    pub honours_sigterm: bool,
}

/// Parse a `sleep` argument (`3600`, `10s`, `1m`, `infinity`) into ms; `None` = forever.
fn sleep_ms(arg: &str) -> Option<Option<Millis>> {
    if arg == "infinity" || arg == "inf" {
        return Some(None);
    }
    let (num, mul) = match arg.chars().last()? {
        's' => (&arg[..arg.len() - 1], 1000),
        'm' => (&arg[..arg.len() - 1], 60_000),
        'h' => (&arg[..arg.len() - 1], 3_600_000),
        'd' => (&arg[..arg.len() - 1], 86_400_000),
        _ => (arg, 1000),
    };
    num.parse::<u64>().ok().map(|n| Some(n.saturating_mul(mul)))
}

/// Interpret a tiny shell script (`sh -c '...'`) as far as its lifetime goes: the first
/// statement that ends or blocks decides. Unknown commands are treated as quick successes.
fn script_run(script: &str) -> Run {
    let script = script.trim();
    if let Some(rest) = script.strip_prefix("until ") {
        // until nslookup NAME; do sleep N; done
        let cond = rest.split(';').next().unwrap_or("").trim();
        let mut words = cond.split_whitespace();
        if words.next() == Some("nslookup") {
            if let Some(name) = words.next() {
                return Run::UntilResolves {
                    name: name.to_string(),
                    every: 2000,
                };
            }
        }
    }
    for stmt in script.split([';', '\n']).flat_map(|s| s.split("&&")) {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        match words.as_slice() {
            ["exit", code, ..] => {
                return Run::Exit {
                    after: 100,
                    code: code.parse().unwrap_or(2),
                }
            }
            ["exit"] | ["true"] => {}
            ["false", ..] => {
                return Run::Exit {
                    after: 100,
                    code: 1,
                }
            }
            ["sleep", arg, ..] => match sleep_ms(arg) {
                Some(None) => return Run::Forever,
                Some(Some(ms)) => {
                    // A sleep followed by more statements: take the remaining lifetime too.
                    let rest = script.split_once(stmt).map(|(_, r)| r).unwrap_or("");
                    return match script_run(rest.trim_start_matches([';', '&', ' '])) {
                        Run::Exit { after, code } => Run::Exit {
                            after: after + ms,
                            code,
                        },
                        Run::Forever => Run::Forever,
                        other => other,
                    };
                }
                None => {
                    return Run::Exit {
                        after: 100,
                        code: 1,
                    }
                }
            },
            ["tail", "-f", ..] | ["httpd", "-f", ..] => return Run::Forever,
            ["while", "true", ..] | ["while", ":", ..] => return Run::Forever,
            _ => {}
        }
    }
    Run::Exit {
        after: 100,
        code: 0,
    }
}

/// Build the program from image app and the container's command/args/stdin settings.
pub fn program(app: App, command: &[String], args: &[String], stdin: bool, seed: u64) -> Program {
    let argv: Vec<String> = command.iter().chain(args.iter()).cloned().collect();
    match app {
        App::Nginx if argv.is_empty() => Program {
            app,
            run: Run::Forever,
            listens: vec![Listen {
                port: 80,
                http: true,
                ready_after: 0,
            }],
            sigterm_exit: 0,
            honours_sigterm: true,
        },
        App::Mysql
            if argv.is_empty() || argv[0] == "mysqld" || argv[0] == "docker-entrypoint.sh" =>
        {
            Program {
                app,
                run: Run::Forever,
                // Initialising the data directory takes a while (seeded 12–20 s).
                listens: vec![Listen {
                    port: 3306,
                    http: false,
                    ready_after: 12_000 + seed % 8_000,
                }],
                sigterm_exit: 0,
                honours_sigterm: true,
            }
        }
        App::HttpEcho => {
            let port = argv
                .iter()
                .find_map(|a| a.strip_prefix("-listen=:"))
                .and_then(|p| p.parse().ok())
                .unwrap_or(5678);
            Program {
                app,
                run: Run::Forever,
                listens: vec![Listen {
                    port,
                    http: true,
                    ready_after: 0,
                }],
                sigterm_exit: 2,
                honours_sigterm: true,
            }
        }
        _ => {
            // busybox (or an image whose entrypoint was overridden): interpret the argv.
            let run = match argv
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                // `sh` with an attached stdin waits for input; without it exits at EOF.
                [] | ["sh"] | ["/bin/sh"] => {
                    if stdin {
                        Run::Forever
                    } else {
                        Run::Exit { after: 50, code: 0 }
                    }
                }
                ["sh", "-c", script, ..] | ["/bin/sh", "-c", script, ..] => script_run(script),
                ["sleep", arg, ..] => match sleep_ms(arg) {
                    Some(None) => Run::Forever,
                    Some(Some(ms)) => Run::Exit { after: ms, code: 0 },
                    None => Run::Exit { after: 50, code: 1 },
                },
                ["true"] => Run::Exit { after: 50, code: 0 },
                ["false"] => Run::Exit { after: 50, code: 1 },
                [other, ..] => script_run(other),
            };
            // PID 1 shells and sleeps ignore SIGTERM (no handler installed): SIGKILL after
            // the grace period, exit code 137.
            Program {
                app,
                run,
                listens: vec![],
                sigterm_exit: 137,
                honours_sigterm: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn busybox_commands() {
        let p = program(App::Busybox, &s(&["sh", "-c", "exit 1"]), &[], false, 0);
        assert_eq!(
            p.run,
            Run::Exit {
                after: 100,
                code: 1
            }
        );
        let p = program(App::Busybox, &s(&["sleep", "3600"]), &[], false, 0);
        assert_eq!(
            p.run,
            Run::Exit {
                after: 3_600_000,
                code: 0
            }
        );
        let p = program(App::Busybox, &[], &[], true, 0);
        assert_eq!(p.run, Run::Forever);
        let p = program(
            App::Busybox,
            &s(&["sh", "-c", "until nslookup db; do sleep 2; done"]),
            &[],
            false,
            0,
        );
        assert!(matches!(p.run, Run::UntilResolves { .. }));
        let p = program(
            App::Busybox,
            &s(&["sh", "-c", "echo hi; sleep 5; exit 3"]),
            &[],
            false,
            0,
        );
        assert_eq!(
            p.run,
            Run::Exit {
                after: 5100,
                code: 3
            }
        );
    }

    #[test]
    fn servers_listen() {
        let p = program(App::Nginx, &[], &[], false, 0);
        assert_eq!(p.listens[0].port, 80);
        let p = program(App::Mysql, &[], &[], false, 3);
        assert_eq!(p.listens[0].ready_after, 12_003);
    }
}
