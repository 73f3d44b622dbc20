//! The context node-side components run in: the API server, the current virtual time, a seeded
//! RNG stream, the cluster config and the wake-ups they ask for. The controller adapters build
//! one from the loop's `Ctx` per sync and turn the requested wake-ups into timers, so
//! components never read a clock.

use crate::sim::api::ApiServer;
use crate::sim::clock::{Millis, TimerKey};
use crate::sim::config::ClusterConfig;
use crate::sim::rng::Rng;

pub struct Env<'a> {
    pub api: &'a mut ApiServer,
    pub now: Millis,
    pub rng: &'a mut Rng,
    pub config: &'a ClusterConfig,
    /// Absolute due times requested during this sync.
    pub wake: Vec<(Millis, TimerKey)>,
}

impl<'a> Env<'a> {
    pub fn new(
        api: &'a mut ApiServer,
        now: Millis,
        rng: &'a mut Rng,
        config: &'a ClusterConfig,
    ) -> Env<'a> {
        Env {
            api,
            now,
            rng,
            config,
            wake: Vec::new(),
        }
    }

    /// Ask to be synced again at absolute time `at` (no-op for times not in the future).
    pub fn wake_at(&mut self, at: Millis, tag: &str) {
        if at > self.now {
            self.wake.push((at, TimerKey::new(None, tag)));
        }
    }
}
