//! Storage control plane: the PV controller (`persistentvolume-controller`: static binding,
//! reclaim, the missing-class and no-volume events), the external provisioners of each
//! StorageClass (dynamic `pvc-<claim uid>` volumes, Immediate or WaitForFirstConsumer), and
//! the `kubernetes.io/pvc-protection` / `kubernetes.io/pv-protection` finalizers.
//!
//! Everything is level-triggered over the current objects. Events that upstream repeats on
//! every 15 s resync are recorded once per distinct situation of a claim, so an idle cluster
//! stays idle; the text is the upstream text.

pub mod bind;
pub mod provision;

use crate::sim::fs::{VolumeKey, Volumes};
use crate::sim::kubelet::env::Env;
use crate::sim::kubelet::util;
use crate::sim::objects::*;
use std::collections::BTreeMap;

pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
pub const COMPONENT: &str = "persistentvolume-controller";

/// Storage controller state.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    /// Last situation reported per claim uid (to record each distinct event once).
    reported: BTreeMap<String, String>,
    pub provisioner: provision::Provisioner,
}

/// Reads the live store (the claim loop writes only claims, PVs and events, never pods, so
/// this sees the same pods a snapshot taken at the start of the pass would).
fn pod_uses_claim(api: &crate::sim::api::ApiServer, ns: &str, claim: &str) -> bool {
    api.list(Kind::Pod, Some(ns)).into_iter().any(|o| match o {
        Object::Pod(p) => {
            p.metadata.namespace == ns
                && !util::is_terminal(p)
                && util::pod_claims(p).iter().any(|c| c == claim)
        }
        _ => false,
    })
}

impl Storage {
    pub fn new() -> Storage {
        Storage::default()
    }

    /// Record `reason: message` on the claim unless it was the last thing reported for it.
    fn report(
        &mut self,
        env: &mut Env,
        c: &PersistentVolumeClaim,
        type_: &str,
        reason: &str,
        msg: &str,
        component: &str,
    ) {
        let key = format!("{reason}:{msg}");
        if self.reported.get(&c.metadata.uid) == Some(&key) {
            return;
        }
        self.reported.insert(c.metadata.uid.clone(), key);
        util::event(
            env.api,
            &Object::PersistentVolumeClaim(c.clone()),
            type_,
            reason,
            msg,
            component,
            None,
        );
    }

    /// One pass over claims and volumes. Returns true if anything was written.
    pub fn sync(&mut self, env: &mut Env, volumes: &mut Volumes) -> bool {
        let mut did = false;
        let claims = util::pvcs(env.api);
        let uids: Vec<String> = claims.iter().map(|c| c.metadata.uid.clone()).collect();
        self.reported.retain(|k, _| uids.contains(k));
        for c in &claims {
            did |= self.sync_claim(env, c);
        }
        did |= self.provisioner.finish_due(env, volumes);
        for pv in util::pvs(env.api) {
            did |= self.sync_volume(env, &pv, volumes);
        }
        did
    }

    fn sync_claim(&mut self, env: &mut Env, c: &PersistentVolumeClaim) -> bool {
        let ns = &c.metadata.namespace;
        let name = &c.metadata.name;
        // pvc-protection: the finalizer is added to every claim and released only when no
        // pod that is not yet terminated references the claim.
        if c.metadata.deletion_timestamp.is_some() {
            if c.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION)
                && !pod_uses_claim(env.api, ns, name)
            {
                let mut c2 = c.clone();
                c2.metadata.finalizers.retain(|f| f != PVC_PROTECTION);
                return util::update(env.api, Object::PersistentVolumeClaim(c2)).is_ok();
            }
            return false;
        }
        if !c.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION) {
            let mut c2 = c.clone();
            c2.metadata.finalizers.push(PVC_PROTECTION.into());
            return util::update(env.api, Object::PersistentVolumeClaim(c2)).is_ok();
        }
        // Retroactive default class: a claim with no class field gets the default class (if
        // the API server refuses the write, the claim is still treated as using it).
        if util::claim_class(c).is_none() {
            if let Some(sc) = util::default_storage_class(env.api) {
                let mut c2 = c.clone();
                c2.spec.storage_class_name = Some(sc.metadata.name.clone());
                if util::update(env.api, Object::PersistentVolumeClaim(c2)).is_ok() {
                    return true;
                }
            }
        }
        if !c.spec.volume_name.is_empty() {
            return match util::pv(env.api, &c.spec.volume_name) {
                Some(pv)
                    if pv
                        .spec
                        .claim_ref
                        .as_ref()
                        .is_some_and(|r| r.uid == c.metadata.uid) =>
                {
                    bind::sync_bound_status(env.api, c, &pv)
                }
                Some(pv) if pv.spec.claim_ref.is_none() => {
                    bind::bind_static(env.api, c, &pv, env.now)
                }
                _ => {
                    // The volume is gone (or bound elsewhere): the claim is Lost.
                    if c.status.phase != "Lost" {
                        let mut c2 = c.clone();
                        c2.status.phase = "Lost".into();
                        let _ = util::update_status(env.api, Object::PersistentVolumeClaim(c2));
                        let msg = "Bound claim has lost its PersistentVolume. Data on the volume is lost!";
                        self.report(env, c, "Warning", "ClaimLost", msg, COMPONENT);
                        return true;
                    }
                    false
                }
            };
        }
        let mut did = false;
        if c.status.phase != "Pending" {
            let mut c2 = c.clone();
            c2.status.phase = "Pending".into();
            did |= util::update_status(env.api, Object::PersistentVolumeClaim(c2)).is_ok();
        }
        // Static binding first.
        let pvs = util::pvs(env.api);
        let class = util::claim_class_in(env.api, c).unwrap_or_default();
        let sc = (!class.is_empty())
            .then(|| util::storage_class(env.api, &class))
            .flatten();
        let delayed = sc
            .as_ref()
            .is_some_and(|s| s.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer"));
        let selected = c
            .metadata
            .annotations
            .get(crate::sim::scheduler::SELECTED_NODE)
            .cloned();
        if !delayed {
            if let Some(pv) = bind::best_match(&pvs, c) {
                return bind::bind_static(env.api, c, pv, env.now) || did;
            }
        }
        if class.is_empty() {
            let msg = "no persistent volumes available for this claim and no storage class is set";
            self.report(env, c, "Normal", "FailedBinding", msg, COMPONENT);
            return did;
        }
        let Some(sc) = sc else {
            let msg = format!("storageclass.storage.k8s.io \"{class}\" not found");
            self.report(env, c, "Warning", "ProvisioningFailed", &msg, COMPONENT);
            return did;
        };
        if delayed && selected.is_none() {
            let msg = "waiting for first consumer to be created before binding";
            self.report(env, c, "Normal", "WaitForFirstConsumer", msg, COMPONENT);
            return did;
        }
        if sc.provisioner == "kubernetes.io/no-provisioner" || sc.provisioner.is_empty() {
            let msg = "no persistent volumes available for this claim and no storage class is set";
            let msg = if sc.provisioner.is_empty() {
                msg.to_string()
            } else {
                format!("storageclass \"{class}\" does not support dynamic provisioning")
            };
            self.report(env, c, "Normal", "FailedBinding", &msg, COMPONENT);
            return did;
        }
        did | self.provisioner.start(env, c, &sc, selected.as_deref())
    }

    fn sync_volume(&mut self, env: &mut Env, pv: &PersistentVolume, volumes: &mut Volumes) -> bool {
        let name = &pv.metadata.name;
        // pv-protection: release only when the volume is no longer bound.
        if pv.metadata.deletion_timestamp.is_some() {
            if pv.status.phase != "Bound"
                && pv.metadata.finalizers.iter().any(|f| f == PV_PROTECTION)
            {
                let mut p = pv.clone();
                p.metadata.finalizers.retain(|f| f != PV_PROTECTION);
                volumes.drop_key(&VolumeKey::Pv(name.clone()));
                return util::update(env.api, Object::PersistentVolume(p)).is_ok();
            }
            return false;
        }
        if !pv.metadata.finalizers.iter().any(|f| f == PV_PROTECTION) {
            let mut p = pv.clone();
            p.metadata.finalizers.push(PV_PROTECTION.into());
            return util::update(env.api, Object::PersistentVolume(p)).is_ok();
        }
        volumes.ensure(VolumeKey::Pv(name.clone()));
        let phase = match &pv.spec.claim_ref {
            None => "Available",
            Some(r) => match util::pvc(env.api, &r.namespace, &r.name) {
                Some(c) if r.uid.is_empty() || c.metadata.uid == r.uid => {
                    if c.spec.volume_name == *name {
                        "Bound"
                    } else {
                        // Pre-bound to a claim that has not bound yet.
                        "Available"
                    }
                }
                _ if r.uid.is_empty() => "Available",
                _ => "Released",
            },
        };
        if phase == "Released" && pv.spec.persistent_volume_reclaim_policy == "Delete" {
            // The provisioner (or the deleter plugin) removes the volume and its data.
            volumes.drop_key(&VolumeKey::Pv(name.clone()));
            return env
                .api
                .delete(
                    Kind::PersistentVolume,
                    "",
                    name,
                    &crate::sim::api::DeleteOptions::default(),
                )
                .is_ok();
        }
        if pv.status.phase != phase {
            let mut p = pv.clone();
            p.status.phase = phase.into();
            return util::update_status(env.api, Object::PersistentVolume(p)).is_ok();
        }
        false
    }
}
