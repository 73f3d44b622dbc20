//! Editor text applied the way the page does it (`SetEditor` then `ApplyEditor`): no panic,
//! the editor keeps exactly what was typed, and the cluster invariants hold afterwards,
//! including after a few seconds of virtual time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stslab::lab::{Action, Lab};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut lab = Lab::new(1);
    lab.dispatch(Action::SetEditor { text: text.clone() });
    lab.dispatch(Action::ApplyEditor);
    assert_eq!(lab.editor.text, text, "the editor text changed");
    if let Err(v) = lab.cluster.check_invariants() {
        panic!("invariants broken after apply: {v:?}");
    }
    lab.dispatch(Action::Tick { ms: 3_000 });
    if let Err(v) = lab.cluster.check_invariants() {
        panic!("invariants broken after the tick: {v:?}");
    }
});
