//! Cluster DNS (owned by sim-node; this seed from sim-api only carries the `Resolver` handle
//! that `Cluster::dns()` returns, so the facade compiles before the resolver exists).

use crate::sim::api::ApiServer;
use crate::sim::config::ClusterConfig;

/// Read-only view for name resolution over the API server's Services, EndpointSlices and Pods.
pub struct Resolver<'a> {
    pub api: &'a ApiServer,
    pub config: &'a ClusterConfig,
}

impl<'a> Resolver<'a> {
    pub fn new(api: &'a ApiServer, config: &'a ClusterConfig) -> Resolver<'a> {
        Resolver { api, config }
    }

    /// The cluster domain, e.g. `cluster.local`.
    pub fn cluster_domain(&self) -> &str {
        &self.config.cluster_domain
    }
}
