//! Mutating admission the API server runs on pods after defaulting. Only
//! `DefaultTolerationSeconds` so far: every pod that does not already tolerate the
//! `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` NoExecute taints gets a
//! toleration for each, for 300 s. That is why a pod on a node that went down is evicted by
//! the taint-eviction controller five minutes after the node was tainted, and not at once
//! (`plugin/pkg/admission/defaulttolerationseconds/admission.go`; it runs on create and update,
//! not on subresources such as `status` or `binding`).

use crate::sim::objects::{Object, Toleration};

/// The taint keys the plugin adds tolerations for (`v1.TaintNodeNotReady`,
/// `v1.TaintNodeUnreachable`).
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";

/// `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// Adds the default NoExecute tolerations to a pod that lacks them. A toleration with an empty
/// key (or an empty effect) already covers the taint, as upstream's check treats it.
pub fn default_toleration_seconds(obj: &mut Object) {
    let Object::Pod(p) = obj else {
        return;
    };
    let covers = |t: &Toleration, key: &str| {
        (t.key == key || t.key.is_empty()) && (t.effect == "NoExecute" || t.effect.is_empty())
    };
    for key in [NOT_READY_TAINT, UNREACHABLE_TAINT] {
        if p.spec.tolerations.iter().any(|t| covers(t, key)) {
            continue;
        }
        p.spec.tolerations.push(Toleration {
            key: key.into(),
            operator: "Exists".into(),
            effect: "NoExecute".into(),
            toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
            ..Default::default()
        });
    }
}
