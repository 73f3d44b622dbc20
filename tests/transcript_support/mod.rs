//! Transcript assertions shared by the tests that replay a script: what a learner would read.

use stslab::lab::script::run_script;

/// The transcript of `script` (seed 1) must contain `block` (consecutive lines, exactly).
pub fn shows(script: &str, block: &str) {
    let got = run_script(script, 1);
    assert!(
        got.contains(block),
        "expected the transcript to contain\n{block}\n--- but it was ---\n{got}"
    );
}
