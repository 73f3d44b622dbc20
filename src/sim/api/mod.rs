//! The API server: an ordered object store with Kubernetes write semantics — defaulting,
//! validation, resourceVersion/generation, graceful deletion, finalizers, garbage collection,
//! a watch log and core/v1 Events. Every write in the simulator, from kubectl or a controller,
//! goes through [`ApiServer`].

pub mod admission;
mod defaults;
mod errors;
mod events;
pub mod gc;
mod node_ports;
pub mod patch;
mod server;
mod store;
mod validation;
mod validation_kinds;
mod validation_service;

pub use self::errors::{
    qualified_kind, render_value, ApiError, Cause, FieldError, FieldErrorType, StatusReason,
};
pub use self::patch::PatchType;
pub use self::server::{
    fmt_ipv4, parse_ipv4, ApiServer, FOREGROUND_FINALIZER, ORPHAN_FINALIZER, PVC_PROTECTION,
    PV_PROTECTION, WATCH_WINDOW,
};
pub use self::validation::{is_dns1123_subdomain, port_name_errors};

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::sim::clock::Millis;
use crate::sim::objects::Object;

/// Options for create / update / patch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// `--dry-run=server`: run admission and validation, store nothing.
    pub dry_run: bool,
    /// `--field-manager` (recorded only; the simulator does not track managed fields).
    pub field_manager: Option<String>,
}

/// `propagationPolicy` of a delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

/// Options for delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// None → the kind's default (Background for everything the simulator serves).
    pub propagation: Option<Propagation>,
    /// None → the object's own grace period (pods: `terminationGracePeriodSeconds`, default 30).
    pub grace_period_seconds: Option<i64>,
    pub dry_run: bool,
}

/// ADDED / MODIFIED / DELETED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

/// One entry of the watch log: a snapshot of the object after the change (for Deleted, the
/// last state).
#[derive(Debug, Clone, PartialEq)]
pub struct WatchEvent {
    pub seq: u64,
    pub time: Millis,
    pub kind: WatchEventType,
    pub object: Arc<Object>,
}

/// Feature gates that change API-server or controller behaviour (v1.35.7 defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FeatureGates {
    /// Off by default from v1.35.4 (errata §0): maxUnavailable is neither defaulted nor kept.
    pub max_unavailable_stateful_set: bool,
    /// `apps.kubernetes.io/pod-index` label on StatefulSet pods (on since 1.28).
    pub pod_index_label: bool,
    /// `persistentVolumeClaimRetentionPolicy` (GA 1.32).
    pub stateful_set_auto_delete_pvc: bool,
}

impl Default for FeatureGates {
    fn default() -> Self {
        FeatureGates {
            max_unavailable_stateful_set: false,
            pod_index_label: true,
            stateful_set_auto_delete_pvc: true,
        }
    }
}

/// Simulator-wide limits (our own; messages say "simulator limit").
pub const MAX_REPLICAS: i32 = 1000;
