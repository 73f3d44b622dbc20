//! The forms container scripts use, each checked by what lands in the files and by the
//! process's exit code and lifetime.

use super::*;
use crate::sim::fs::{Mount, MountSource, VolumeKey};
use crate::sim::images::App;

struct Box1 {
    v: Volumes,
    mt: MountTable,
    log: crate::sim::fs::logs::InstanceLog,
}

/// A busybox container with a PV mounted at /work and a read-only ConfigMap at /cfg.
fn setup() -> Box1 {
    let mut v = Volumes::new();
    v.reset_container("u", "init", Some(App::Busybox));
    v.ensure(VolumeKey::Pv("pv1".into()));
    let cfg = [("app.conf".to_string(), "x=1\n".to_string())]
        .into_iter()
        .collect();
    let mt = MountTable::new(
        VolumeKey::Container {
            pod_uid: "u".into(),
            container: "init".into(),
        },
        vec![
            Mount {
                path: "/work".into(),
                source: MountSource::Tree(VolumeKey::Pv("pv1".into())),
                read_only: false,
            },
            Mount {
                path: "/cfg".into(),
                source: MountSource::Files(cfg),
                read_only: true,
            },
        ],
    );
    Box1 {
        v,
        mt,
        log: Default::default(),
    }
}

fn run(b: &mut Box1, script: &str) -> Run {
    let mut sb = Sandbox {
        volumes: &mut b.v,
        mounts: &b.mt,
        vars: [("HOSTNAME".to_string(), "web-0".to_string())]
            .into_iter()
            .collect(),
        log: Default::default(),
    };
    let run = run_script(script, &mut sb);
    b.log = sb.log;
    run
}

fn pv(b: &Box1, path: &str) -> Option<String> {
    b.v.tree(&VolumeKey::Pv("pv1".into()))?.read(path).ok()
}

fn code(r: &Run) -> i32 {
    match r {
        Run::Exit { code, .. } => *code,
        other => panic!("not an exit: {other:?}"),
    }
}

#[test]
fn lesson_ten_init_writes_index_once() {
    let mut b = setup();
    let s = r#"[ -f /work/index.html ] || echo "hello from $(hostname)" > /work/index.html"#;
    assert_eq!(code(&run(&mut b, s)), 0);
    assert_eq!(pv(&b, "/index.html").as_deref(), Some("hello from web-0\n"));
    // Second run (a replaced pod on the same PV) keeps the existing file.
    b.v.write(&b.mt.clone(), "/work/index.html", "kept\n", false)
        .unwrap();
    assert_eq!(code(&run(&mut b, s)), 0);
    assert_eq!(pv(&b, "/index.html").as_deref(), Some("kept\n"));
}

#[test]
fn redirections_append_and_printf() {
    let mut b = setup();
    let r = run(
        &mut b,
        "mkdir -p /work/a/b && printf '%s=%d\\n' x 1 y 2 > /work/a/b/f; echo more >> /work/a/b/f",
    );
    assert_eq!(code(&r), 0);
    assert_eq!(pv(&b, "/a/b/f").as_deref(), Some("x=1\ny=2\nmore\n"));
    // `echo -n`, single quotes keep `$`, `2>/dev/null` swallows errors.
    run(&mut b, "echo -n '$HOME' > /work/q; cat /nope 2>/dev/null");
    assert_eq!(pv(&b, "/q").as_deref(), Some("$HOME"));
}

#[test]
fn cp_touch_and_globs() {
    let mut b = setup();
    let r = run(
        &mut b,
        "cp /cfg/* /work/ && touch /work/stamp && ls /work > /work/ls",
    );
    assert_eq!(code(&r), 0);
    assert_eq!(pv(&b, "/app.conf").as_deref(), Some("x=1\n"));
    assert_eq!(pv(&b, "/stamp").as_deref(), Some(""));
    assert_eq!(pv(&b, "/ls").as_deref(), Some("app.conf\nls\nstamp\n"));
}

#[test]
fn failures_stop_and_chains() {
    let mut b = setup();
    // A read-only mount: the redirection fails, so `&&` skips; exit status 1.
    let r = run(&mut b, "echo x > /cfg/new && touch /work/never");
    assert_eq!(code(&r), 1);
    assert_eq!(pv(&b, "/never"), None);
    // mkdir without -p on a missing parent fails.
    assert_eq!(code(&run(&mut b, "mkdir /work/x/y")), 1);
    // `||` recovers, `;` continues, `exit N` ends with N.
    assert_eq!(code(&run(&mut b, "false || true")), 0);
    assert_eq!(
        code(&run(
            &mut b,
            "false; echo hi > /work/hi; exit 3; touch /work/no"
        )),
        3
    );
    assert_eq!(pv(&b, "/hi").as_deref(), Some("hi\n"));
    assert_eq!(pv(&b, "/no"), None);
    // Syntax errors exit 2 without running anything.
    assert_eq!(code(&run(&mut b, "echo 'unterminated")), 2);
}

#[test]
fn if_loops_and_lifetimes() {
    let mut b = setup();
    let r = run(
        &mut b,
        "if [ -d /work/data ]; then echo old > /work/r; else mkdir /work/data && echo new > /work/r; fi",
    );
    assert_eq!(code(&r), 0);
    assert_eq!(pv(&b, "/r").as_deref(), Some("new\n"));
    let r = run(
        &mut b,
        "while [ ! -f /work/done ]; do touch /work/done; done",
    );
    assert_eq!(code(&r), 0);
    assert_eq!(pv(&b, "/done").as_deref(), Some(""));
    // A condition that never changes: the process runs forever.
    assert_eq!(
        run(&mut b, "while [ -d /work ]; do sleep 1; done"),
        Run::Forever
    );
    assert_eq!(
        run(&mut b, "echo hi; sleep 5; exit 3"),
        Run::Exit {
            after: 5100,
            code: 3
        }
    );
    assert_eq!(run(&mut b, "while true; do sleep 5; done"), Run::Forever);
    assert!(matches!(
        run(&mut b, "until nslookup db; do echo waiting; sleep 2; done"),
        Run::UntilResolves { ref name, .. } if name == "db"
    ));
}

/// (time, text) of every stored line.
fn lines(b: &Box1) -> Vec<(u64, String)> {
    b.log.lines.iter().map(|l| (l.at, l.text.clone())).collect()
}

#[test]
fn output_goes_to_the_log_with_its_time() {
    let mut b = setup();
    run(
        &mut b,
        "echo hello; sleep 5; echo world >&2; x=$(echo hidden); echo hidden | cat >/tmp/f; echo a | cat",
    );
    assert_eq!(
        lines(&b),
        vec![
            (100, "hello".to_string()),
            (5100, "world".to_string()),
            (5100, "a".to_string())
        ]
    );
    assert_eq!(
        b.log.lines[1].stream,
        crate::sim::fs::logs::LogStream::Stderr
    );
}

#[test]
fn a_forever_loop_becomes_a_generator() {
    let mut b = setup();
    let r = run(&mut b, "echo start; while true; do echo hi; sleep 5; done");
    assert_eq!(r, Run::Forever);
    assert_eq!(lines(&b), vec![(100, "start".to_string())]);
    let rep = b.log.repeat.clone().expect("generator");
    assert_eq!((rep.from, rep.period, rep.lines.len()), (100, 5000, 1));
    let at: Vec<u64> = b.log.between(None, 10_100).iter().map(|l| l.at).collect();
    assert_eq!(at, vec![100, 100, 5100, 10_100]);
}

#[test]
fn unknown_output_stops_the_log() {
    let mut b = setup();
    run(
        &mut b,
        "echo one; set -e; echo two; echo \"$(date) tick\"; echo three",
    );
    assert_eq!(
        lines(&b),
        vec![(100, "one".to_string()), (100, "two".to_string())]
    );
    let mut b = setup();
    run(&mut b, "echo before; sleep abc; echo after");
    assert_eq!(lines(&b), vec![(100, "before".to_string())]);
}
