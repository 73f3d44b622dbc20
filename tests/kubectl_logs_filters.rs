//! `kubectl logs --since`, `--since-time`, `--limit-bytes` and `--all-containers`: what the
//! kubelet leaves out or cuts, and kubectl's errors for these flags, word for word.

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::kubectl::render::duration::rfc3339_nano;
use stslab::kubectl::{self, KubectlCtx, Outcome};
use stslab::sim::*;
use support::{argv, files, k};

fn create(c: &mut Cluster, yaml: &str) {
    for (v, _) in stslab::sim::manifest::parse_documents(yaml).unwrap() {
        c.apply_object(Object::from_value(v).unwrap()).unwrap();
    }
}

/// A pod whose init container says one line and whose container prints `one` at once, `two`
/// 10 s later and `three` 10 s after that. Returns the cluster when all three are written.
fn counting_pod() -> Cluster {
    let mut c = Cluster::new(11);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bb\nspec:\n  initContainers:\n  - name: init\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo ready\"]\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo one; sleep 10; echo two; sleep 10; echo three; sleep 3600\"]\n",
    );
    for _ in 0..10_000 {
        let running = match c.api().get(Kind::Pod, "default", "bb") {
            Ok(Object::Pod(p)) => p
                .status
                .container_statuses
                .iter()
                .any(|s| s.state.running.is_some()),
            _ => false,
        };
        if running {
            c.advance(20_500);
            assert_eq!(
                k(&mut c, "kubectl logs bb -c main").stdout,
                "one\ntwo\nthree\n"
            );
            return c;
        }
        assert!(c.step(), "cluster idle before bb ran");
    }
    panic!("bb never ran");
}

#[test]
fn since_drops_older_lines() {
    let mut c = counting_pod();
    // "two" was written 10.5 s ago, "three" 0.5 s ago.
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --since=5s").stdout,
        "three\n"
    );
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --since=15s").stdout,
        "two\nthree\n"
    );
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --since=1h").stdout,
        "one\ntwo\nthree\n"
    );
    // --tail picks the last lines first; --since then filters those.
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --tail=2 --since=5s").stdout,
        "three\n"
    );
}

#[test]
fn since_time_is_an_instant() {
    let mut c = counting_pod();
    let ts = k(&mut c, "kubectl logs bb -c main --timestamps").stdout;
    let two_at = ts
        .lines()
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let o = k(
        &mut c,
        &format!("kubectl logs bb -c main --since-time={two_at}"),
    );
    assert_eq!((o.stdout.as_str(), o.status), ("two\nthree\n", 0));
    // An instant an hour from now: no line is that new.
    let later = rfc3339_nano(c.now() + 3_600_000);
    let o = k(
        &mut c,
        &format!("kubectl logs bb -c main --since-time={later}"),
    );
    assert_eq!(o.stdout, "");
}

#[test]
fn limit_bytes_cuts_the_stream_timestamps_included() {
    let mut c = counting_pod();
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --limit-bytes=6").stdout,
        "one\ntw"
    );
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --limit-bytes=8").stdout,
        "one\ntwo\n"
    );
    // A timestamp is 30 bytes and a space: 33 bytes end inside the first line.
    let o = k(
        &mut c,
        "kubectl logs bb -c main --timestamps --limit-bytes=33",
    )
    .stdout;
    assert_eq!(o.len(), 33);
    assert!(o.ends_with(" on"), "{o:?}");
    // kubectl's prefix is added after the kubelet's cut and does not count.
    assert_eq!(
        k(&mut c, "kubectl logs bb -c main --prefix --limit-bytes=6").stdout,
        "[pod/bb/main] one\n[pod/bb/main] tw"
    );
}

#[test]
fn a_followed_stream_ends_at_its_byte_limit() {
    let mut c = Cluster::new(12);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tick\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"while true; do echo tick; sleep 1; done\"]\n",
    );
    c.advance(30_000);
    let f = files();
    let mut cx = KubectlCtx::new(&mut c, &f);
    let Outcome::Running(mut p) = kubectl::run(
        &argv("kubectl logs -f tick --tail=1 --limit-bytes=12"),
        None,
        &mut cx,
    ) else {
        panic!("-f should keep running");
    };
    let first = p.poll(&mut c);
    assert_eq!((first.stdout.as_str(), first.finished), ("tick\n", None));
    c.advance(3_000);
    let r = p.poll(&mut c);
    assert_eq!((r.stdout.as_str(), r.finished), ("tick\nti", Some(0)));
}

#[test]
fn all_containers_reads_init_containers_first() {
    let mut c = counting_pod();
    let o = k(&mut c, "kubectl logs bb --all-containers");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("ready\none\ntwo\nthree\n", "", 0)
    );
    assert_eq!(
        k(&mut c, "kubectl logs bb --all-containers --prefix --tail=1").stdout,
        "[pod/bb/init] ready\n[pod/bb/main] three\n"
    );
    // Without it kubectl picks the first container and says so.
    let o = k(&mut c, "kubectl logs bb");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str()),
        (
            "one\ntwo\nthree\n",
            "Defaulted container \"main\" out of: main, init (init)\n"
        )
    );
}

#[test]
fn errors_are_kubectls() {
    let mut c = counting_pod();
    let cases = [
        (
            "kubectl logs bb --since=5",
            "error: invalid argument \"5\" for \"--since\" flag: time: missing unit in duration \"5\"\nSee 'kubectl logs --help' for usage.\n",
        ),
        (
            "kubectl logs bb --since=2d",
            "error: invalid argument \"2d\" for \"--since\" flag: time: unknown unit \"d\" in duration \"2d\"\nSee 'kubectl logs --help' for usage.\n",
        ),
        (
            "kubectl logs bb --pod-running-timeout=soon",
            "error: invalid argument \"soon\" for \"--pod-running-timeout\" flag: time: invalid duration \"soon\"\nSee 'kubectl logs --help' for usage.\n",
        ),
        (
            "kubectl logs bb --since-time=yesterday",
            "error: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"\n",
        ),
        (
            "kubectl logs nope --since-time=2026-01-05",
            "error: parsing time \"2026-01-05\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"\n",
        ),
        (
            "kubectl logs bb --since=5s --since-time=2026-01-05T09:00:00Z",
            "error: at most one of `sinceTime` or `sinceSeconds` may be specified\n",
        ),
        (
            "kubectl logs bb -c main --all-containers",
            "error: --all-containers=true should not be specified with container name main\n",
        ),
        (
            "kubectl logs bb main --all-containers",
            "error: --all-containers=true should not be specified with container name main\n",
        ),
        (
            "kubectl logs bb main -c init",
            "error: only one of -c or an inline [CONTAINER] arg is allowed\n",
        ),
        (
            "kubectl logs bb --limit-bytes=-1",
            "error: --limit-bytes must be greater than 0\n",
        ),
        (
            "kubectl logs bb --since=-5s",
            "error: --since must be greater than 0\n",
        ),
        (
            "kubectl logs bb -c main --since=400ms",
            "The PodLogOptions \"bb\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0\n",
        ),
    ];
    for (line, want) in cases {
        let o = k(&mut c, line);
        assert_eq!((o.stderr.as_str(), o.status), (want, 1), "{line}");
        assert_eq!(o.stdout, "", "{line}");
    }
}
