//! Per-volume and per-container files (owned by sim-node; seed from sim-api so `Cluster`
//! can own the state before the file model exists).

use std::collections::BTreeMap;

/// Files keyed by volume id (e.g. a PV name) then by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Volumes {
    pub files: BTreeMap<String, BTreeMap<String, String>>,
}
