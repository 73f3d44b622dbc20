//! What the program inside a simulated container does: how long it runs, which ports it
//! listens on (and from when), and how it reacts to SIGTERM. This is what probes and in-pod
//! tools observe, so probe outcomes come from the program rather than from a script.
//!
//! Output: a busybox script's or exec'd command's stdout and stderr go to the instance's log
//! (`Sandbox::log`, see `script`). nginx, mysql and http-echo run as modelled servers whose
//! real startup and access output is not reproduced byte for byte, so their logs are empty
//! rather than invented.

use crate::sim::clock::Millis;
use crate::sim::images::App;
use crate::sim::kubelet::script::{self, Sandbox};

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

/// Build the program from image app and the container's command/args/stdin settings. A shell
/// script or exec'd command runs now against the container's files (`sb`), so what it writes
/// is there for the containers after it.
pub fn program(
    app: App,
    command: &[String],
    args: &[String],
    stdin: bool,
    seed: u64,
    sb: &mut Sandbox,
) -> Program {
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
                ["sh" | "/bin/sh", "-c", script, ..] => script::run_script(script, sb),
                _ => script::run_argv(&argv, sb),
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

    /// `program` with an empty busybox root filesystem.
    fn program(app: App, command: &[String], args: &[String], stdin: bool, seed: u64) -> Program {
        use crate::sim::fs::{MountTable, VolumeKey, Volumes};
        let mut v = Volumes::new();
        v.reset_container("u", "c", Some(App::Busybox));
        let mt = MountTable::new(
            VolumeKey::Container {
                pod_uid: "u".into(),
                container: "c".into(),
            },
            vec![],
        );
        let mut sb = Sandbox {
            volumes: &mut v,
            mounts: &mt,
            vars: Default::default(),
            log: Default::default(),
        };
        super::program(app, command, args, stdin, seed, &mut sb)
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
