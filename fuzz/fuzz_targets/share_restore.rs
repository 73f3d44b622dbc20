//! Stored and shared sessions (`Lab::from_share`). Odd first byte: the rest is the share text
//! itself (damaged links). Even: the rest is the JSON inside a version-1 share, so the fuzzer
//! explores action logs (seed + actions replayed on a fresh lab). A restored session must keep
//! the cluster invariants and round-trip through `to_share`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stslab::lab::{share, Lab};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let s = if mode & 1 == 1 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        format!("{}.{}", share::VERSION, share::encode(rest))
    };
    match Lab::from_share(&s) {
        Ok(lab) => {
            if let Err(v) = lab.cluster.check_invariants() {
                panic!("invariants broken after restore: {v:?}");
            }
            let again = Lab::from_share(&lab.to_share()).expect("a share we wrote restores");
            assert_eq!(again.log(), lab.log());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
