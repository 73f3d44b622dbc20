//! Terminal lines, as typed on the page: the input is split into at most 8 lines, each sent
//! with `Action::Command` (the first byte picks the terminal and whether the guide's
//! StatefulSet is applied first, so commands have objects to act on). After each line the
//! cluster invariants must hold and the editor text must be the one the learner left, unless
//! the line itself wrote the open file (`cat > statefulset.yaml`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stslab::lab::{Action, Lab};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut lab = Lab::new(u64::from(mode >> 4));
    if mode & 1 == 1 {
        lab.run_line(0, "kubectl apply -f statefulset.yaml");
    }
    for line in text.split('\n').take(8) {
        let term = (mode >> 1) & 1;
        lab.dispatch(Action::Command {
            term,
            line: line.to_string(),
        });
        if let Err(v) = lab.cluster.check_invariants() {
            panic!("invariants broken after {line:?}: {v:?}");
        }
    }
    // Let whatever is running (a watch, a rollout status) see some time pass.
    lab.dispatch(Action::Tick { ms: 5_000 });
    if let Err(v) = lab.cluster.check_invariants() {
        panic!("invariants broken after the tick: {v:?}");
    }
});
