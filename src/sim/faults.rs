//! Injected faults (owned by sim-node; seed from sim-api so `Cluster::inject` has a type).

use serde::{Deserialize, Serialize};

use crate::sim::api::ApiServer;

/// A fault a lesson or the learner can inject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// The node's kubelet stops reporting (NotReady).
    NodeDown { node: String },
}

/// Faults currently in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    pub active: Vec<Fault>,
}

impl Faults {
    /// Records the fault after checking its target exists.
    pub fn inject(&mut self, fault: Fault, api: &mut ApiServer) -> Result<(), String> {
        match &fault {
            Fault::NodeDown { node } => {
                api.get(crate::sim::objects::Kind::Node, "", node)
                    .map_err(|e| e.message)?;
            }
        }
        if !self.active.contains(&fault) {
            self.active.push(fault);
        }
        Ok(())
    }
}
