//! The simulated cluster: typed API objects, the API server, controllers, virtual clock and
//! seeded RNG. See ARCHITECTURE.md and team/CONTRACTS.md ("sim public API").

pub mod api;
pub mod bootstrap;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod manifest;
pub mod objects;
pub mod rng;

// sim-node modules
pub mod dns;
pub mod endpoints;
pub mod endpoints_v1;
pub mod explain;
pub mod faults;
pub mod fs;
pub mod images;
pub mod invariants;
pub mod kubelet;
pub mod nodectl;
pub mod scheduler;
pub mod storage;

// sim-ctl modules
pub mod controllers;

pub use api::*;
pub use clock::{Millis, TimerKey};
pub use cluster::{Cluster, Controller, Ctx};
pub use config::{ClusterConfig, ConfigError, NodeCapacity, NodeConfig, StorageClassConfig};
pub use objects::*;
pub use rng::Rng;
