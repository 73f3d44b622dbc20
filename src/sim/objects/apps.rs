//! apps/v1 workloads: StatefulSet, ControllerRevision, Deployment, ReplicaSet.

use super::meta::{LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::quantity::IntOrString;
use super::storage::PersistentVolumeClaim;
use crate::sim::clock::Millis;

crate::k8s! {
    pub struct StatefulSet {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: StatefulSetSpec,
        status: StatefulSetStatus,
    }
}

crate::k8s! {
    pub struct StatefulSetSpec {
        replicas: Option<i32>,
        selector: Option<LabelSelector>,
        volume_claim_templates: Vec<PersistentVolumeClaim>,
        service_name: String,
        pod_management_policy: String,
        update_strategy: StatefulSetUpdateStrategy,
        revision_history_limit: Option<i32>,
        min_ready_seconds: i32,
        persistent_volume_claim_retention_policy: Option<StatefulSetPersistentVolumeClaimRetentionPolicy>,
        ordinals: Option<StatefulSetOrdinals>,
    }
    always {
        template: PodTemplateSpec,
    }
}

crate::k8s! {
    pub struct StatefulSetUpdateStrategy {
        #[serde(rename = "type")]
        type_: String,
        rolling_update: Option<RollingUpdateStatefulSetStrategy>,
    }
}

crate::k8s! {
    pub struct RollingUpdateStatefulSetStrategy {
        partition: Option<i32>,
        max_unavailable: Option<IntOrString>,
    }
}

crate::k8s! {
    pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
        when_deleted: String,
        when_scaled: String,
    }
}

crate::k8s! {
    pub struct StatefulSetOrdinals {
        start: i32,
    }
}

crate::k8s! {
    /// Status per ref §2.1. `replicas` and `availableReplicas` are always printed upstream.
    pub struct StatefulSetStatus {
        observed_generation: Option<i64>,
        ready_replicas: i32,
        current_replicas: i32,
        updated_replicas: i32,
        current_revision: String,
        update_revision: String,
        collision_count: Option<i32>,
        conditions: Vec<WorkloadCondition>,
    }
    always {
        replicas: i32,
        available_replicas: i32,
    }
}

crate::k8s! {
    /// Conditions of StatefulSet / Deployment / ReplicaSet status.
    pub struct WorkloadCondition {
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_update_time: Option<Millis>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_transition_time: Option<Millis>,
        reason: String,
        message: String,
    }
    always {
        #[serde(rename = "type")]
        type_: String,
        status: String,
    }
}

crate::k8s! {
    /// `data` is the raw JSON patch the controller stored (for StatefulSets: `{"spec":{"template":…,"$patch":"replace"}}`).
    pub struct ControllerRevision {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        data: Option<serde_json::Value>,
    }
    always {
        revision: i64,
    }
}

crate::k8s! {
    pub struct Deployment {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: DeploymentSpec,
        status: DeploymentStatus,
    }
}

crate::k8s! {
    pub struct DeploymentSpec {
        replicas: Option<i32>,
        selector: Option<LabelSelector>,
        strategy: DeploymentStrategy,
        min_ready_seconds: i32,
        revision_history_limit: Option<i32>,
        paused: bool,
        progress_deadline_seconds: Option<i32>,
    }
    always {
        template: PodTemplateSpec,
    }
}

crate::k8s! {
    pub struct DeploymentStrategy {
        #[serde(rename = "type")]
        type_: String,
        rolling_update: Option<RollingUpdateDeployment>,
    }
}

crate::k8s! {
    pub struct RollingUpdateDeployment {
        max_unavailable: Option<IntOrString>,
        max_surge: Option<IntOrString>,
    }
}

crate::k8s! {
    pub struct DeploymentStatus {
        observed_generation: Option<i64>,
        replicas: i32,
        updated_replicas: i32,
        ready_replicas: i32,
        available_replicas: i32,
        unavailable_replicas: i32,
        conditions: Vec<WorkloadCondition>,
        collision_count: Option<i32>,
    }
}

crate::k8s! {
    pub struct ReplicaSet {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: ReplicaSetSpec,
        status: ReplicaSetStatus,
    }
}

crate::k8s! {
    pub struct ReplicaSetSpec {
        replicas: Option<i32>,
        min_ready_seconds: i32,
        selector: Option<LabelSelector>,
    }
    always {
        template: PodTemplateSpec,
    }
}

crate::k8s! {
    pub struct ReplicaSetStatus {
        fully_labeled_replicas: i32,
        ready_replicas: i32,
        available_replicas: i32,
        observed_generation: Option<i64>,
        conditions: Vec<WorkloadCondition>,
    }
    always {
        replicas: i32,
    }
}
