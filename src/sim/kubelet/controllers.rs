//! Adapters that run the node-side components in the cluster's controller loop, in this
//! order: scheduler, storage (PV controller + provisioners), kubelets, EndpointSlices,
//! Endpoints.

use super::env::Env;
use super::Kubelet;
use crate::sim::cluster::{Controller, Ctx};
use crate::sim::endpoints::EndpointsController;
use crate::sim::endpoints_v1::EndpointsV1Controller;
use crate::sim::scheduler::Scheduler;
use crate::sim::storage::Storage;

/// Run `f` with an [`Env`] built from the loop context, then arm the requested wake-ups.
fn with_env<R>(
    cx: &mut Ctx,
    f: impl FnOnce(&mut Env, &mut crate::sim::fs::Volumes, &crate::sim::faults::Faults) -> R,
) -> R {
    let now = cx.now();
    let (r, wake) = {
        let mut env = Env::new(cx.api, now, cx.rng, cx.config);
        let r = f(&mut env, cx.fs, cx.faults);
        (r, env.wake)
    };
    for (at, key) in wake {
        cx.at(at, key);
    }
    r
}

#[derive(Clone, Debug, Default)]
pub struct SchedulerController(pub Scheduler);

impl Controller for SchedulerController {
    fn name(&self) -> &'static str {
        "default-scheduler"
    }
    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now();
        self.0.sync(cx.api, now)
    }
}

#[derive(Clone, Debug, Default)]
pub struct StorageController(pub Storage);

impl Controller for StorageController {
    fn name(&self) -> &'static str {
        "persistentvolume-controller"
    }
    fn sync(&mut self, cx: &mut Ctx) -> bool {
        with_env(cx, |env, fs, _| self.0.sync(env, fs))
    }
}

#[derive(Clone, Debug, Default)]
pub struct KubeletController(pub Kubelet);

impl Controller for KubeletController {
    fn name(&self) -> &'static str {
        "kubelet"
    }
    fn sync(&mut self, cx: &mut Ctx) -> bool {
        with_env(cx, |env, fs, faults| {
            self.0.faults = faults.node_view();
            self.0.sync(env, fs)
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct EndpointSliceController(pub EndpointsController);

impl Controller for EndpointSliceController {
    fn name(&self) -> &'static str {
        "endpointslice-controller"
    }
    fn sync(&mut self, cx: &mut Ctx) -> bool {
        self.0.sync(cx.api)
    }
}

#[derive(Clone, Debug, Default)]
pub struct EndpointController(pub EndpointsV1Controller);

impl Controller for EndpointController {
    fn name(&self) -> &'static str {
        "endpoint-controller"
    }
    fn sync(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now();
        self.0.sync(cx.api, now)
    }
}

/// The node-side controllers in loop order.
pub fn all() -> Vec<Box<dyn Controller>> {
    vec![
        Box::new(SchedulerController::default()),
        Box::new(StorageController::default()),
        Box::new(KubeletController(Kubelet::new())),
        Box::new(EndpointSliceController::default()),
        Box::new(EndpointController::default()),
    ]
}
