//! Storage objects: StorageClass (storage.k8s.io/v1), PersistentVolume, PersistentVolumeClaim.

use std::collections::BTreeMap;

use super::meta::{LabelSelector, ObjectMeta};
use super::pod::NodeSelector;
use super::quantity::Quantity;

crate::k8s! {
    pub struct StorageClass {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        parameters: BTreeMap<String, String>,
        reclaim_policy: Option<String>,
        volume_binding_mode: Option<String>,
        allow_volume_expansion: Option<bool>,
    }
    always {
        provisioner: String,
    }
}

crate::k8s! {
    pub struct PersistentVolumeClaim {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: PersistentVolumeClaimSpec,
        status: PersistentVolumeClaimStatus,
    }
}

crate::k8s! {
    pub struct PersistentVolumeClaimSpec {
        access_modes: Vec<String>,
        selector: Option<LabelSelector>,
        resources: VolumeResourceRequirements,
        volume_name: String,
        storage_class_name: Option<String>,
        volume_mode: Option<String>,
        volume_attributes_class_name: Option<String>,
    }
}

crate::k8s! {
    pub struct VolumeResourceRequirements {
        limits: BTreeMap<String, Quantity>,
        requests: BTreeMap<String, Quantity>,
    }
}

crate::k8s! {
    pub struct PersistentVolumeClaimStatus {
        phase: String,
        access_modes: Vec<String>,
        capacity: BTreeMap<String, Quantity>,
        conditions: Vec<serde_json::Value>,
    }
}

crate::k8s! {
    pub struct PersistentVolume {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: PersistentVolumeSpec,
        status: PersistentVolumeStatus,
    }
}

crate::k8s! {
    pub struct PersistentVolumeSpec {
        capacity: BTreeMap<String, Quantity>,
        access_modes: Vec<String>,
        claim_ref: Option<ObjectReference>,
        persistent_volume_reclaim_policy: String,
        storage_class_name: String,
        volume_mode: Option<String>,
        node_affinity: Option<VolumeNodeAffinity>,
        host_path: Option<super::pod::HostPathVolumeSource>,
        local: Option<LocalVolumeSource>,
        volume_attributes_class_name: Option<String>,
    }
}

crate::k8s! {
    pub struct LocalVolumeSource {
        fs_type: Option<String>,
    }
    always {
        path: String,
    }
}

crate::k8s! {
    pub struct VolumeNodeAffinity {
        required: Option<NodeSelector>,
    }
}

crate::k8s! {
    pub struct PersistentVolumeStatus {
        phase: String,
        message: String,
        reason: String,
    }
}

crate::k8s! {
    /// core/v1 ObjectReference (PV claimRef, Event involvedObject).
    pub struct ObjectReference {
        kind: String,
        namespace: String,
        name: String,
        uid: String,
        api_version: String,
        resource_version: String,
        field_path: String,
    }
}

impl PersistentVolumeClaim {
    /// `spec.resources.requests.storage`, if set.
    pub fn requested_storage(&self) -> Option<&Quantity> {
        self.spec.resources.requests.get("storage")
    }
}
