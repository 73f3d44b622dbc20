//! Golden transcripts: (a) every command of the guide in order, (b) the StatefulSet Basics
//! tutorial. A golden records what the simulated terminal prints; each was reviewed by hand
//! against the reference (see tests/golden/REVIEW.md). `UPDATE_GOLDEN=1 cargo test --test
//! lab_golden` regenerates them after a deliberate change.

use stslab::lab::script::run_script;

fn check(name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let script = std::fs::read_to_string(dir.join(format!("{name}.script"))).expect("script");
    let got = run_script(&script, 1);
    // Determinism: the same seed and script give the same transcript.
    assert_eq!(
        got,
        run_script(&script, 1),
        "{name}: transcript differs between two runs"
    );
    let path = dir.join(format!("{name}.out"));
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&path, &got).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
        let first = g
            .iter()
            .zip(w.iter())
            .position(|(a, b)| a != b)
            .unwrap_or(g.len().min(w.len()));
        panic!(
            "{name}: transcript differs from tests/golden/{name}.out at line {}:\n  got:  {:?}\n  want: {:?}\n(UPDATE_GOLDEN=1 regenerates after review)",
            first + 1,
            g.get(first),
            w.get(first)
        );
    }
}

#[test]
fn guide_transcript() {
    check("guide");
}

#[test]
fn basics_tutorial_transcript() {
    check("basics");
}
