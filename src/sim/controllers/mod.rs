//! Workload controllers: StatefulSet, Deployment, ReplicaSet. Each mirrors upstream's informer +
//! work-queue split (see [`queue`]) and writes only through the API server.

pub mod deployment;
pub mod hash;
pub mod queue;
pub mod replicaset;
pub mod statefulset;

use crate::sim::cluster::Controller;

/// The workload controllers, in loop order.
pub fn controllers() -> Vec<Box<dyn Controller>> {
    vec![
        Box::new(statefulset::StatefulSetController::default()),
        Box::new(deployment::DeploymentController::default()),
        Box::new(replicaset::ReplicaSetController::default()),
    ]
}
