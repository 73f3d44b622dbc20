//! Host shell behaviour against a fake world: pipes carry only stdout, GNU xargs runs once
//! on empty input, here-documents write files, loops and `$?`, continuation prompts,
//! watches and sleeps in virtual time.

use stslab::shell::job::{Job, Launch, Millis, Output, Poll, World};
use stslab::shell::terminal::{render, Env, Terminal};
use stslab::shell::vfs::Vfs;

/// A world with a clock, timers every 2 s until `busy_until`, and a fake `kubectl`.
struct Fake {
    now: Millis,
    busy_until: Millis,
    calls: Vec<Vec<String>>,
}

struct Watch {
    last: Millis,
}

impl Job<Fake> for Watch {
    fn poll(&mut self, w: &mut Fake) -> Poll {
        let mut p = Poll::default();
        while self.last + 2000 <= w.now {
            self.last += 2000;
            p.stdout.push_str(&format!("tick {}\n", self.last / 1000));
        }
        p
    }
    fn interrupt(&mut self, _w: &mut Fake) -> Output {
        Output::default()
    }
    fn wants_time(&self) -> bool {
        false
    }
}

impl World for Fake {
    fn now(&self) -> Millis {
        self.now
    }
    fn next_timer_at(&self) -> Option<Millis> {
        let n = (self.now / 2000 + 1) * 2000;
        (n <= self.busy_until).then_some(n)
    }
    fn advance_to(&mut self, t: Millis) {
        self.now = t;
    }
    fn external(
        &mut self,
        argv: &[String],
        _stdin: Option<&str>,
        _files: &mut dyn stslab::shell::vfs::Files,
    ) -> Option<Launch<Self>> {
        if argv[0] != "kubectl" {
            return None;
        }
        self.calls.push(argv.to_vec());
        let a: Vec<&str> = argv.iter().map(|s| s.as_str()).collect();
        Some(match a.as_slice() {
            ["kubectl", "get", "pvc"] => Launch::Done(Output::ok(
                "NAME        STATUS\nwww-web-0   Bound\nwww-web-3   Bound\nwww-web-4   Bound\n",
            )),
            ["kubectl", "get", "pods", "-w"] => Launch::Running(Box::new(Watch { last: self.now })),
            ["kubectl", "delete", "pvc"] => Launch::Done(Output::err(
                1,
                "error: resource(s) were provided, but no name was specified",
            )),
            ["kubectl", "delete", "pvc", names @ ..] => Launch::Done(Output::ok(
                names
                    .iter()
                    .map(|n| {
                        format!("persistentvolumeclaim \"{n}\" deleted from default namespace\n")
                    })
                    .collect::<String>(),
            )),
            _ => Launch::Done(Output::err(
                1,
                "Error from server (NotFound): statefulsets.apps \"web\" not found",
            )),
        })
    }
}

fn setup() -> (Terminal<Fake>, Fake, Vfs) {
    (
        Terminal::new(),
        Fake {
            now: 0,
            busy_until: 0,
            calls: vec![],
        },
        Vfs::new(),
    )
}

fn run(t: &mut Terminal<Fake>, w: &mut Fake, v: &mut Vfs, line: &str) -> String {
    let mut env = Env { world: w, vfs: v };
    let mut c = t.submit(line, &mut env);
    c.extend(t.settle(&mut env));
    render(&c)
}

#[test]
fn guide_cleanup_pipeline_deletes_scaled_down_pvcs() {
    let (mut t, mut w, mut v) = setup();
    let out = run(
        &mut t,
        &mut w,
        &mut v,
        r#"kubectl get pvc | grep "www-web-" | awk '{if ($1 ~ /web-[3-9]/) print $1}' | xargs kubectl delete pvc"#,
    );
    assert_eq!(
        out,
        "kubectl get pvc | grep \"www-web-\" | awk '{if ($1 ~ /web-[3-9]/) print $1}' | xargs kubectl delete pvc\n\
         persistentvolumeclaim \"www-web-3\" deleted from default namespace\n\
         persistentvolumeclaim \"www-web-4\" deleted from default namespace\n$ "
    );
}

#[test]
fn xargs_runs_once_on_empty_input_like_gnu() {
    let (mut t, mut w, mut v) = setup();
    let out = run(
        &mut t,
        &mut w,
        &mut v,
        "kubectl get pvc | grep data-web | xargs kubectl delete pvc",
    );
    assert!(
        out.contains("error: resource(s) were provided, but no name was specified\n"),
        "{out}"
    );
    assert_eq!(t.last_status(), 123);
    let out = run(
        &mut t,
        &mut w,
        &mut v,
        "kubectl get pvc | grep data-web | xargs -r kubectl delete pvc",
    );
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn stderr_is_not_piped() {
    let (mut t, mut w, mut v) = setup();
    let out = run(&mut t, &mut w, &mut v, "kubectl get sts web | grep -c web");
    assert!(out.contains("Error from server (NotFound)"), "{out}");
    assert!(out.contains("\n0\n"), "{out}");
    assert_eq!(t.last_status(), 1);
}

#[test]
fn heredoc_writes_a_file_and_cat_reads_it() {
    let (mut t, mut w, mut v) = setup();
    let mut env = Env {
        world: &mut w,
        vfs: &mut v,
    };
    let c1 = t.submit("cat > svc.yaml <<'EOF'", &mut env);
    assert_eq!(render(&c1), "cat > svc.yaml <<'EOF'\n> ");
    t.submit("kind: Service", &mut env);
    t.submit("name: $NOT_EXPANDED", &mut env);
    let c = t.submit("EOF", &mut env);
    assert_eq!(render(&c), "EOF\n$ ");
    assert_eq!(
        v.read("svc.yaml"),
        Ok("kind: Service\nname: $NOT_EXPANDED\n")
    );
    let out = run(&mut t, &mut w, &mut v, "cat svc.yaml | wc -l");
    assert!(out.ends_with("\n2\n$ "), "{out}");
}

#[test]
fn loops_variables_status_and_substitution() {
    let (mut t, mut w, mut v) = setup();
    assert!(run(
        &mut t,
        &mut w,
        &mut v,
        r#"for i in 0 1; do echo "web-$i"; done"#
    )
    .contains("\nweb-0\nweb-1\n"));
    assert!(run(&mut t, &mut w, &mut v, "false; echo $?").contains("\n1\n"));
    assert!(run(&mut t, &mut w, &mut v, "echo \"n=$(echo a b | wc -w)\"").contains("\nn=2\n"));
    assert!(run(&mut t, &mut w, &mut v, "nosuch && echo no || echo yes")
        .contains("bash: nosuch: command not found\nyes\n"));
    assert!(run(
        &mut t,
        &mut w,
        &mut v,
        "echo hi > f.txt; echo more >> f.txt; cat f.txt"
    )
    .contains("\nhi\nmore\n"));
}

#[test]
fn pasted_prompt_comment_and_continuation() {
    let (mut t, mut w, mut v) = setup();
    let mut env = Env {
        world: &mut w,
        vfs: &mut v,
    };
    let c = t.submit(
        "$ kubectl run -it --rm mysql-client --image=mysql:8.0 --restart=Never -- \\",
        &mut env,
    );
    assert!(render(&c).ends_with("> "));
    t.submit(
        "    mysql -h mysql-0.mysql.default.svc.cluster.local -p",
        &mut env,
    );
    assert_eq!(
        w.calls.last().unwrap().join(" "),
        "kubectl run -it --rm mysql-client --image=mysql:8.0 --restart=Never -- mysql -h mysql-0.mysql.default.svc.cluster.local -p"
    );
    let mut env = Env {
        world: &mut w,
        vfs: &mut v,
    };
    assert_eq!(
        render(&t.submit("# just a comment", &mut env)),
        "# just a comment\n$ "
    );
}

#[test]
fn watch_ends_with_ctrl_c_when_world_is_idle() {
    let (mut t, mut w, mut v) = setup();
    w.busy_until = 6000;
    let out = run(&mut t, &mut w, &mut v, "kubectl get pods -w");
    assert_eq!(out, "kubectl get pods -w\ntick 2\ntick 4\ntick 6\n^C\n$ ");
    assert_eq!(t.last_status(), 130);
}

#[test]
fn sleep_and_timeout_move_virtual_time() {
    let (mut t, mut w, mut v) = setup();
    run(&mut t, &mut w, &mut v, "sleep 5");
    assert_eq!(w.now, 5000);
    w.busy_until = 1_000_000;
    let out = run(&mut t, &mut w, &mut v, "timeout 4s kubectl get pods -w");
    assert_eq!(out, "timeout 4s kubectl get pods -w\ntick 7\ntick 9\n$ ");
    assert_eq!(t.last_status(), 124);
    assert_eq!(w.now, 9000);
    assert!(run(&mut t, &mut w, &mut v, "sleep x").contains("sleep: invalid time interval ‘x’"));
}

#[test]
fn ctrl_c_at_the_prompt_drops_pending_input() {
    let (mut t, mut w, mut v) = setup();
    let mut env = Env {
        world: &mut w,
        vfs: &mut v,
    };
    t.submit("echo 'open", &mut env);
    assert_eq!(t.prompt(), "> ");
    assert_eq!(render(&t.interrupt(&mut env)), "^C\n$ ");
    assert_eq!(t.prompt(), "$ ");
}

#[test]
fn completion_of_commands_and_files() {
    let (t, mut w, mut v) = setup();
    let env = Env {
        world: &mut w,
        vfs: &mut v,
    };
    let c = t.complete("gr", &env);
    assert_eq!(c.candidates, vec!["grep"]);
    let c = t.complete("cat state", &env);
    assert_eq!((c.start, c.common.as_str()), (4, "statefulset.yaml"));
}

#[test]
fn syntax_errors_are_reported_like_bash() {
    let (mut t, mut w, mut v) = setup();
    let out = run(&mut t, &mut w, &mut v, "| grep x");
    assert_eq!(
        out,
        "| grep x\nbash: syntax error near unexpected token `|'\n$ "
    );
    assert_eq!(t.last_status(), 2);
}
