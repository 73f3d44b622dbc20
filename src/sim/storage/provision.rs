//! Dynamic provisioning by an external provisioner (kind's `rancher.io/local-path`).
//!
//! The PV controller marks the claim with the provisioner annotations and records
//! `ExternalProvisioning`; the provisioner then records `Provisioning`, takes a seeded 1–3 s
//! (local-path runs a helper pod), creates `pvc-<claim uid>` — pinned to the selected node for
//! local-path — and the claim binds (`ProvisioningSucceeded`). A class whose provisioner is not
//! running in the cluster waits forever after `ExternalProvisioning`, as on a real cluster.

use crate::sim::clock::Millis;
use crate::sim::fs::{VolumeKey, Volumes};
use crate::sim::kubelet::env::Env;
use crate::sim::kubelet::util;
use crate::sim::objects::*;
use std::collections::BTreeMap;

pub const LOCAL_PATH: &str = "rancher.io/local-path";

#[derive(Clone, Debug)]
struct Pending {
    ns: String,
    name: String,
    node: Option<String>,
    due: Millis,
}

/// Provisioners running in the cluster and their in-flight work.
#[derive(Clone, Debug)]
pub struct Provisioner {
    /// Provisioner names that have a running controller.
    pub running: Vec<String>,
    pending: BTreeMap<String, Pending>,
    /// Event source of the local-path provisioner (its leader identity), made on first use.
    identity: Option<String>,
}

impl Default for Provisioner {
    fn default() -> Self {
        Provisioner {
            running: vec![LOCAL_PATH.to_string()],
            pending: BTreeMap::new(),
            identity: None,
        }
    }
}

impl Provisioner {
    fn identity(&mut self, env: &mut Env, provisioner: &str) -> String {
        let id = self.identity.get_or_insert_with(|| {
            format!(
                "local-path-provisioner-{}-{}_{}",
                env.rng.hex(10),
                env.rng.name_suffix(5),
                env.rng.uuid()
            )
        });
        format!("{provisioner}_{id}")
    }

    /// Begin provisioning for an unbound claim of a dynamic class (idempotent).
    pub fn start(
        &mut self,
        env: &mut Env,
        c: &PersistentVolumeClaim,
        sc: &StorageClass,
        selected: Option<&str>,
    ) -> bool {
        if self.pending.contains_key(&c.metadata.uid) {
            return false;
        }
        let mut did = false;
        let ann = &c.metadata.annotations;
        if ann.get("volume.kubernetes.io/storage-provisioner") != Some(&sc.provisioner) {
            let mut c2 = c.clone();
            for k in [
                "volume.beta.kubernetes.io/storage-provisioner",
                "volume.kubernetes.io/storage-provisioner",
            ] {
                c2.metadata
                    .annotations
                    .insert(k.into(), sc.provisioner.clone());
            }
            if util::update(env.api, Object::PersistentVolumeClaim(c2)).is_err() {
                return false;
            }
            let msg = format!(
                "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                sc.provisioner
            );
            if let Some(c) = util::pvc(env.api, &c.metadata.namespace, &c.metadata.name) {
                util::event(
                    env.api,
                    &Object::PersistentVolumeClaim(c),
                    "Normal",
                    "ExternalProvisioning",
                    &msg,
                    super::COMPONENT,
                    None,
                );
            }
            did = true;
        }
        if !self.running.contains(&sc.provisioner) {
            return did;
        }
        let source = self.identity(env, &sc.provisioner);
        let msg = format!(
            "External provisioner is provisioning volume for claim \"{}/{}\"",
            c.metadata.namespace, c.metadata.name
        );
        if let Some(c) = util::pvc(env.api, &c.metadata.namespace, &c.metadata.name) {
            util::event(
                env.api,
                &Object::PersistentVolumeClaim(c),
                "Normal",
                "Provisioning",
                &msg,
                &source,
                None,
            );
        }
        let due = env.now + env.rng.range(1000, 3000);
        env.wake_at(due, "provision");
        self.pending.insert(
            c.metadata.uid.clone(),
            Pending {
                ns: c.metadata.namespace.clone(),
                name: c.metadata.name.clone(),
                node: selected.map(str::to_string),
                due,
            },
        );
        true
    }

    /// Create the volumes whose provisioning time has come and bind them.
    pub fn finish_due(&mut self, env: &mut Env, volumes: &mut Volumes) -> bool {
        let due: Vec<(String, Pending)> = self
            .pending
            .iter()
            .filter(|(_, p)| p.due <= env.now)
            .map(|(k, p)| (k.clone(), p.clone()))
            .collect();
        let mut did = false;
        for (uid, p) in due {
            self.pending.remove(&uid);
            let Some(c) = util::pvc(env.api, &p.ns, &p.name) else {
                continue;
            };
            if c.metadata.uid != uid
                || !c.spec.volume_name.is_empty()
                || c.metadata.deletion_timestamp.is_some()
            {
                continue;
            }
            let class = util::claim_class_in(env.api, &c).unwrap_or_default();
            let Some(sc) = util::storage_class(env.api, &class) else {
                continue;
            };
            let pv = build_pv(&c, &sc, p.node.as_deref());
            let name = pv.metadata.name.clone();
            let Ok(Object::PersistentVolume(pv)) = env.api.create(
                Object::PersistentVolume(pv),
                &crate::sim::api::WriteOptions::default(),
            ) else {
                continue;
            };
            volumes.ensure(VolumeKey::Pv(name.clone()));
            super::bind::bind_static(env.api, &c, &pv, env.now);
            let source = self.identity(env, &sc.provisioner);
            if let Some(c) = util::pvc(env.api, &p.ns, &p.name) {
                util::event(
                    env.api,
                    &Object::PersistentVolumeClaim(c),
                    "Normal",
                    "ProvisioningSucceeded",
                    &format!("Successfully provisioned volume {name}"),
                    &source,
                    None,
                );
            }
            did = true;
        }
        did
    }
}

/// The PV a provisioner creates for a claim.
fn build_pv(c: &PersistentVolumeClaim, sc: &StorageClass, node: Option<&str>) -> PersistentVolume {
    let name = format!("pvc-{}", c.metadata.uid);
    let mut pv = PersistentVolume::default();
    pv.metadata.name = name.clone();
    pv.metadata.annotations.insert(
        "pv.kubernetes.io/provisioned-by".into(),
        sc.provisioner.clone(),
    );
    pv.metadata.finalizers.push(super::PV_PROTECTION.into());
    let storage = c
        .requested_storage()
        .cloned()
        .unwrap_or_else(|| Quantity::new("1Gi"));
    pv.spec.capacity.insert("storage".into(), storage);
    pv.spec.access_modes = c.spec.access_modes.clone();
    pv.spec.persistent_volume_reclaim_policy =
        sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into());
    pv.spec.storage_class_name = sc.metadata.name.clone();
    pv.spec.volume_mode = Some(
        c.spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".into()),
    );
    pv.spec.claim_ref = Some(ObjectReference {
        kind: "PersistentVolumeClaim".into(),
        namespace: c.metadata.namespace.clone(),
        name: c.metadata.name.clone(),
        uid: c.metadata.uid.clone(),
        api_version: "v1".into(),
        resource_version: c.metadata.resource_version.clone(),
        field_path: String::new(),
    });
    if sc.provisioner == LOCAL_PATH {
        if let Some(node) = node {
            pv.metadata
                .annotations
                .insert("local.path.provisioner/selected-node".into(), node.into());
            pv.spec.host_path = Some(HostPathVolumeSource {
                path: format!(
                    "/var/local-path-provisioner/{name}_{}_{}",
                    c.metadata.namespace, c.metadata.name
                ),
                type_: Some("DirectoryOrCreate".into()),
            });
            pv.spec.node_affinity = Some(VolumeNodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: vec![NodeSelectorRequirement {
                            key: "kubernetes.io/hostname".into(),
                            operator: "In".into(),
                            values: vec![node.into()],
                        }],
                        match_fields: vec![],
                    }],
                }),
            });
        }
    }
    pv
}
