//! Cluster invariants (owned by sim-node; seed from sim-api with the store-level checks).

use crate::sim::cluster::Cluster;
use crate::sim::objects::{Kind, Object};

/// Checks that hold after every settle; returns every violation found.
pub fn check(c: &Cluster) -> Result<(), Vec<String>> {
    let mut out = Vec::new();
    let api = c.api();
    for o in api.list(Kind::Pod, None) {
        if let Object::Pod(p) = o {
            if !p.spec.node_name.is_empty() && api.get(Kind::Node, "", &p.spec.node_name).is_err() {
                out.push(format!(
                    "pod {}/{} is bound to missing node {}",
                    p.metadata.namespace, p.metadata.name, p.spec.node_name
                ));
            }
        }
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}
