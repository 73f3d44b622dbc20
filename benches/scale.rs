//! `make bench`: how the simulator scales. A std-only timing program (harness = false) so the
//! benchmark needs no extra crates: it times, in wall-clock terms, how long the simulator takes to
//! bring a StatefulSet to Ready and to roll it to a new image, and prints the scaling ratio
//! t(1000)/t(100) (near 10 means linear; much more means something is quadratic).
//!
//! Scenarios: Parallel 0→100 and 0→1000 until all Ready, OrderedReady 0→200 until all Ready, and
//! a RollingUpdate of 100 and 1000 pods (image change) until every pod is updated and Ready.
//! Each scenario fails loudly if the cluster does not get there: a fast wrong answer is no figure.
//! The program exits 1 when a growth ratio t(1000)/t(100) exceeds 15, so CI can enforce it.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use stslab::sim::{Cluster, ClusterConfig, Kind, Object, PatchType, WriteOptions};

/// Budget for the growth ratio t(1000)/t(100) of each scaling scenario (enforced: exit 1).
const MAX_RATIO: f64 = 15.0;
/// Wall-time budget for a Parallel StatefulSet of 1000 replicas to reach all-Ready (reported).
const CREATE_1000_BUDGET_MS: f64 = 100.0;

/// Virtual time allowed for any scenario to finish (10 virtual days).
const LIMIT_MS: u64 = 10 * 24 * 3600 * 1000;

/// The default kind-like cluster, with worker pod capacity raised so 1000 pods fit.
fn cluster() -> Cluster {
    let mut cfg = ClusterConfig::default();
    for node in &mut cfg.nodes {
        if !node.roles.iter().any(|r| r == "control-plane") {
            node.capacity.pods = 400;
        }
    }
    Cluster::with_config(1, cfg).expect("bench cluster config is valid")
}

fn statefulset(replicas: u32, policy: &str) -> Object {
    Object::from_value(json!({
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": { "name": "web", "namespace": "default" },
        "spec": {
            "serviceName": "nginx",
            "replicas": replicas,
            "podManagementPolicy": policy,
            "selector": { "matchLabels": { "app": "nginx" } },
            "template": {
                "metadata": { "labels": { "app": "nginx" } },
                "spec": { "containers": [{ "name": "nginx", "image": "nginx:1.21" }] }
            }
        }
    }))
    .expect("bench StatefulSet decodes")
}

fn status(c: &Cluster) -> Value {
    c.api()
        .get(Kind::StatefulSet, "default", "web")
        .expect("StatefulSet web exists")
        .to_value()["status"]
        .clone()
}

/// Creates the StatefulSet and runs the cluster until it is idle; returns it with all replicas
/// Ready, or panics with the status it got stuck at.
fn ready(replicas: u32, policy: &str) -> Cluster {
    let mut c = cluster();
    c.api_mut()
        .create(statefulset(replicas, policy), &WriteOptions::default())
        .expect("create StatefulSet");
    c.settle();
    c.run_until_idle(LIMIT_MS);
    let st = status(&c);
    assert_eq!(
        st["readyReplicas"],
        json!(replicas),
        "{policy} 0→{replicas} did not reach Ready: {st}"
    );
    c
}

/// Changes the image of a Ready StatefulSet and runs until every pod is on the new revision.
fn rolled(mut c: Cluster, replicas: u32) -> Cluster {
    let patch =
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.22"}]}}}}"#;
    c.api_mut()
        .patch(
            Kind::StatefulSet,
            "default",
            "web",
            PatchType::Strategic,
            patch,
            &WriteOptions::default(),
        )
        .expect("patch image");
    c.settle();
    c.run_until_idle(LIMIT_MS);
    let st = status(&c);
    assert!(
        st["updatedReplicas"] == json!(replicas)
            && st["readyReplicas"] == json!(replicas)
            && st["currentRevision"] == st["updateRevision"],
        "rolling update of {replicas} did not complete: {st}"
    );
    c
}

/// Best of `runs` wall-clock times of `f` (the minimum is the least noisy on a shared machine).
fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("runs > 0"))
}

/// Best of `runs` times of the rollout alone: the Ready cluster is built outside the timing.
fn rollout(runs: u32, replicas: u32) -> (Duration, Cluster) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let c = ready(replicas, "Parallel");
        let start = Instant::now();
        let c = rolled(c, replicas);
        best = best.min(start.elapsed());
        last = Some(c);
    }
    (best, last.expect("runs > 0"))
}

fn report(name: &str, d: Duration, c: &Cluster) {
    println!(
        "{name:<40} {:>10.1} ms wall   {:>9} ms virtual",
        d.as_secs_f64() * 1000.0,
        c.now()
    );
}

/// `STSLAB_BENCH_ONLY=<scenario>` runs one scenario once, for profilers (callgrind, perf):
/// `parallel100`, `parallel1000`, `ordered200`, `rolling100` or `rolling1000`. A rolling
/// scenario includes building its Ready cluster, which `rolling100`'s and `rolling1000`'s
/// profiles share with `parallel100` and `parallel1000`; subtract those to get the rollout.
fn only(which: &str) {
    let start = Instant::now();
    let c = match which {
        "parallel100" => ready(100, "Parallel"),
        "parallel1000" => ready(1000, "Parallel"),
        "ordered200" => ready(200, "OrderedReady"),
        "rolling100" => rolled(ready(100, "Parallel"), 100),
        "rolling1000" => rolled(ready(1000, "Parallel"), 1000),
        other => {
            eprintln!("STSLAB_BENCH_ONLY: unknown scenario {other:?} (parallel100, parallel1000, ordered200, rolling100, rolling1000)");
            std::process::exit(2);
        }
    };
    report(which, start.elapsed(), &c);
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not supported by this small harness,
    // but one scenario can be picked with STSLAB_BENCH_ONLY (see `only`).
    if let Ok(which) = std::env::var("STSLAB_BENCH_ONLY") {
        only(&which);
        return;
    }
    let runs: u32 = std::env::var("STSLAB_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    println!("StatefulSet Lab simulator scale benchmark (best of {runs} runs)");

    let (p100, c) = time(runs, || ready(100, "Parallel"));
    report("Parallel 0→100 until Ready", p100, &c);
    let (p1000, c) = time(runs, || ready(1000, "Parallel"));
    report("Parallel 0→1000 until Ready", p1000, &c);
    let (o200, c) = time(runs, || ready(200, "OrderedReady"));
    report("OrderedReady 0→200 until Ready", o200, &c);

    let (r100, c) = rollout(runs, 100);
    report("RollingUpdate of 100 pods", r100, &c);
    let (r1000, c) = rollout(runs, 1000);
    report("RollingUpdate of 1000 pods", r1000, &c);

    let create_ratio = p1000.as_secs_f64() / p100.as_secs_f64();
    let update_ratio = r1000.as_secs_f64() / r100.as_secs_f64();
    println!();
    println!("growth ratio t(1000)/t(100), Parallel create:  {create_ratio:.1} (budget ≤ {MAX_RATIO:.0}; 10 = linear)");
    println!("growth ratio t(1000)/t(100), rolling update:   {update_ratio:.1} (budget ≤ {MAX_RATIO:.0})");
    println!(
        "Parallel 0→1000 until Ready: {:.1} ms wall (budget < {CREATE_1000_BUDGET_MS:.0} ms)",
        p1000.as_secs_f64() * 1000.0
    );
    // CI enforces the growth ratio (machine-independent); the absolute time is reported but
    // depends on the machine, so it only warns.
    let mut failed = false;
    for (what, r) in [
        ("Parallel create", create_ratio),
        ("rolling update", update_ratio),
    ] {
        if r > MAX_RATIO {
            eprintln!(
                "FAIL: {what} growth ratio t(1000)/t(100) = {r:.1} exceeds the budget of {MAX_RATIO:.0} (something in the simulator is super-linear)"
            );
            failed = true;
        }
    }
    if p1000.as_secs_f64() * 1000.0 >= CREATE_1000_BUDGET_MS {
        eprintln!(
            "warning: Parallel 0→1000 took {:.1} ms, over the {CREATE_1000_BUDGET_MS:.0} ms budget on this machine",
            p1000.as_secs_f64() * 1000.0
        );
    }
    if failed {
        std::process::exit(1);
    }
}
