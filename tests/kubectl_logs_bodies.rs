//! `kubectl logs` bodies: what containers' scripts print, at the virtual time they print it
//! (`--timestamps`, `--tail`, `-f`, `-p`, init containers, `-l`), and nothing for images whose
//! output the simulator does not reproduce.

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::kubectl::{self, KubectlCtx, Outcome};
use stslab::sim::*;
use support::{argv, files, k};

fn pod_yaml(name: &str, restart: &str, init: Option<&str>, script: &str) -> String {
    let init = init
        .map(|s| {
            format!(
                "  initContainers:\n  - name: init-msg\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", {s:?}]\n"
            )
        })
        .unwrap_or_default();
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: bb\nspec:\n  restartPolicy: {restart}\n{init}  containers:\n  - name: bb\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", {script:?}]\n"
    )
}

fn create(c: &mut Cluster, yaml: &str) {
    for (v, _) in stslab::sim::manifest::parse_documents(yaml).unwrap() {
        c.apply_object(Object::from_value(v).unwrap()).unwrap();
    }
}

fn pod(c: &Cluster, name: &str) -> Pod {
    match c.api().get(Kind::Pod, "default", name) {
        Ok(Object::Pod(p)) => p.clone(),
        other => panic!("{other:?}"),
    }
}

/// Step until the pod's main container runs; returns the time then (its start is at most that).
fn until_running(c: &mut Cluster, name: &str) -> u64 {
    for _ in 0..10_000 {
        let p = pod(c, name);
        if p.status
            .container_statuses
            .iter()
            .any(|s| s.state.running.is_some())
        {
            return c.now();
        }
        assert!(c.step(), "cluster idle before {name} ran");
    }
    panic!("{name} never ran");
}

const HELLO: &str = "echo hello; sleep 5; echo world; sleep 3600";

fn hello_pod(seed: u64) -> (Cluster, u64) {
    let mut c = Cluster::new(seed);
    create(&mut c, &pod_yaml("bb", "Always", None, HELLO));
    let t0 = until_running(&mut c, "bb");
    (c, t0)
}

#[test]
fn lines_appear_when_they_are_written() {
    let (mut c, t0) = hello_pod(3);
    c.advance(200);
    let o = k(&mut c, "kubectl logs bb");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("hello\n", "", 0)
    );
    c.advance(5000);
    assert_eq!(k(&mut c, "kubectl logs bb").stdout, "hello\nworld\n");
    assert_eq!(k(&mut c, "kubectl logs bb --tail=1").stdout, "world\n");
    assert_eq!(k(&mut c, "kubectl logs bb --tail=0").stdout, "");
    assert_eq!(
        k(&mut c, "kubectl logs bb --tail=-1").stdout,
        "hello\nworld\n"
    );
    assert_eq!(
        k(&mut c, "kubectl logs bb --prefix --tail 1").stdout,
        "[pod/bb/bb] world\n"
    );
    // The kubelet's timestamps: RFC3339 with nine fractional digits, 5 s apart.
    let ts = k(&mut c, "kubectl logs bb --timestamps").stdout;
    let lines: Vec<&str> = ts.lines().collect();
    assert_eq!(lines.len(), 2, "{ts}");
    let (h, rest) = lines[0].split_once(' ').unwrap();
    assert_eq!(rest, "hello");
    let start = (t0.saturating_sub(60_000)..=t0 + 200)
        .find(|ms| stslab::kubectl::render::duration::rfc3339_nano(*ms) == h)
        .expect("timestamp in range");
    assert_eq!(h.len(), "2026-12-07T14:21:37.123456789Z".len());
    assert_eq!(
        lines[1],
        format!(
            "{} world",
            stslab::kubectl::render::duration::rfc3339_nano(start + 5000)
        )
    );
}

#[test]
fn follow_streams_lines_as_time_passes() {
    let (mut c, _) = hello_pod(4);
    c.advance(200);
    let f = files();
    let mut cx = KubectlCtx::new(&mut c, &f);
    let Outcome::Running(mut p) = kubectl::run(&argv("kubectl logs -f bb"), None, &mut cx) else {
        panic!("-f should keep running");
    };
    assert_eq!(p.poll(&mut c).stdout, "hello\n");
    c.advance(1000);
    let r = p.poll(&mut c);
    assert_eq!((r.stdout.as_str(), r.finished), ("", None));
    c.advance(4000);
    assert_eq!(p.poll(&mut c).stdout, "world\n");
    c.advance(60_000);
    assert_eq!(p.poll(&mut c).stdout, "");
}

#[test]
fn a_forever_loop_prints_every_period() {
    let mut c = Cluster::new(5);
    create(
        &mut c,
        &pod_yaml(
            "loop",
            "Always",
            None,
            "while true; do echo tick; sleep 5; done",
        ),
    );
    until_running(&mut c, "loop");
    c.advance(12_000);
    assert_eq!(k(&mut c, "kubectl logs loop").stdout, "tick\ntick\ntick\n");
    c.advance(600_000);
    let all = k(&mut c, "kubectl logs loop").stdout;
    assert!(all.lines().count() >= 122, "{}", all.lines().count());
    assert_eq!(
        k(&mut c, "kubectl logs loop --tail=2").stdout,
        "tick\ntick\n"
    );
}

#[test]
fn init_container_output() {
    let mut c = Cluster::new(6);
    create(
        &mut c,
        &pod_yaml("web-0", "Always", Some("echo init done"), "sleep 3600"),
    );
    until_running(&mut c, "web-0");
    assert_eq!(
        k(&mut c, "kubectl logs web-0 -c init-msg").stdout,
        "init done\n"
    );
    assert_eq!(k(&mut c, "kubectl logs web-0 -c bb").stdout, "");
}

#[test]
fn previous_instance_after_a_crash() {
    let mut c = Cluster::new(7);
    create(
        &mut c,
        &pod_yaml(
            "crash",
            "Always",
            None,
            "echo run at $HOSTNAME; echo oops >&2; exit 1",
        ),
    );
    let mut restarted = false;
    for _ in 0..20_000 {
        let p = pod(&c, "crash");
        if p.status
            .container_statuses
            .iter()
            .any(|s| s.restart_count >= 1)
        {
            restarted = true;
            break;
        }
        assert!(c.step());
    }
    assert!(restarted);
    let prev = k(&mut c, "kubectl logs crash -p");
    assert_eq!(
        (prev.stdout.as_str(), prev.status),
        ("run at crash\noops\n", 0)
    );
    // The pod's logs go away with it.
    let uid = pod(&c, "crash").metadata.uid.clone();
    let key = stslab::sim::fs::logs::ContainerLogs::key(&uid, "bb", 0);
    assert!(c.fs().logs.get(&key).is_some());
    k(&mut c, "kubectl delete pod crash");
    assert!(c.fs().logs.get(&key).is_none());
}

#[test]
fn servers_print_nothing_invented() {
    let mut c = Cluster::new(8);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: registry.k8s.io/nginx-slim:0.21\n",
    );
    until_running(&mut c, "web");
    c.advance(10_000);
    let o = k(&mut c, "kubectl logs web");
    assert_eq!((o.stdout.as_str(), o.status), ("", 0));
}

#[test]
fn selector_reads_each_pod_and_same_seed_same_logs() {
    let run = |seed| {
        let (mut c, _) = hello_pod(seed);
        c.advance(6000);
        k(&mut c, "kubectl logs -l app=bb --timestamps --prefix").stdout
    };
    let a = run(11);
    assert_eq!(a.lines().count(), 2, "{a}");
    assert!(a.starts_with("[pod/bb/bb] 20"), "{a}");
    assert_eq!(a, run(11));
}

#[test]
fn a_line_written_in_pieces_is_one_line() {
    let mut c = Cluster::new(9);
    create(
        &mut c,
        &pod_yaml("pieces", "Always", None, "printf 'a'; echo b; sleep 3600"),
    );
    until_running(&mut c, "pieces");
    c.advance(1000);
    assert_eq!(k(&mut c, "kubectl logs pieces").stdout, "ab\n");
    let o = k(&mut c, "kubectl logs pieces --timestamps --prefix").stdout;
    assert!(
        o.starts_with("[pod/pieces/bb] 20") && o.ends_with("Z ab\n"),
        "{o}"
    );
}
