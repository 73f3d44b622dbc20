//! core/v1 Pod and the PodSpec / PodTemplateSpec shared by workload controllers.

use std::collections::BTreeMap;

use super::meta::{LabelSelector, ObjectMeta, StringMap};
use super::quantity::{IntOrString, Quantity};
use crate::sim::clock::Millis;

crate::k8s! {
    /// A Pod.
    pub struct Pod {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: PodSpec,
        status: PodStatus,
    }
}

crate::k8s! {
    /// `spec.template` of workloads.
    pub struct PodTemplateSpec {
        metadata: ObjectMeta,
        spec: PodSpec,
    }
}

crate::k8s! {
    pub struct PodSpec {
        volumes: Vec<Volume>,
        init_containers: Vec<Container>,
        containers: Vec<Container>,
        restart_policy: String,
        termination_grace_period_seconds: Option<i64>,
        active_deadline_seconds: Option<i64>,
        dns_policy: String,
        node_selector: StringMap,
        service_account_name: String,
        node_name: String,
        host_network: bool,
        security_context: Option<PodSecurityContext>,
        hostname: String,
        subdomain: String,
        affinity: Option<Affinity>,
        scheduler_name: String,
        tolerations: Vec<Toleration>,
        priority_class_name: String,
        priority: Option<i32>,
        enable_service_links: Option<bool>,
        readiness_gates: Vec<PodReadinessGate>,
    }
}

crate::k8s! {
    /// `securityContext` on the pod; kept minimal (the simulator does not enforce it).
    pub struct PodSecurityContext {
        run_as_user: Option<i64>,
        run_as_group: Option<i64>,
        run_as_non_root: Option<bool>,
        fs_group: Option<i64>,
    }
}

crate::k8s! {
    pub struct PodReadinessGate {
    }
    always {
        condition_type: String,
    }
}

crate::k8s! {
    pub struct Container {
        image: String,
        command: Vec<String>,
        args: Vec<String>,
        working_dir: String,
        ports: Vec<ContainerPort>,
        env: Vec<EnvVar>,
        volume_mounts: Vec<VolumeMount>,
        liveness_probe: Option<Probe>,
        readiness_probe: Option<Probe>,
        startup_probe: Option<Probe>,
        lifecycle: Option<serde_json::Value>,
        termination_message_path: String,
        termination_message_policy: String,
        image_pull_policy: String,
        security_context: Option<serde_json::Value>,
        stdin: bool,
        tty: bool,
    }
    always {
        name: String,
        resources: ResourceRequirements,
    }
}

crate::k8s! {
    pub struct ContainerPort {
        name: String,
        host_port: Option<i32>,
        protocol: String,
        #[serde(rename = "hostIP")]
        host_ip: String,
    }
    always {
        container_port: i32,
    }
}

crate::k8s! {
    pub struct EnvVar {
        value: String,
        value_from: Option<serde_json::Value>,
    }
    always {
        name: String,
    }
}

crate::k8s! {
    pub struct VolumeMount {
        read_only: bool,
        sub_path: String,
    }
    always {
        name: String,
        mount_path: String,
    }
}

crate::k8s! {
    /// `limits` / `requests` as Quantity strings.
    pub struct ResourceRequirements {
        limits: BTreeMap<String, Quantity>,
        requests: BTreeMap<String, Quantity>,
    }
}

crate::k8s! {
    pub struct Probe {
        http_get: Option<HttpGetAction>,
        tcp_socket: Option<TcpSocketAction>,
        exec: Option<ExecAction>,
        initial_delay_seconds: Option<i32>,
        timeout_seconds: Option<i32>,
        period_seconds: Option<i32>,
        success_threshold: Option<i32>,
        failure_threshold: Option<i32>,
        termination_grace_period_seconds: Option<i64>,
    }
}

crate::k8s! {
    pub struct HttpGetAction {
        path: String,
        host: String,
        scheme: String,
    }
    always {
        port: IntOrString,
    }
}

crate::k8s! {
    pub struct TcpSocketAction {
        host: String,
    }
    always {
        port: IntOrString,
    }
}

crate::k8s! {
    pub struct ExecAction {
        command: Vec<String>,
    }
}

crate::k8s! {
    pub struct Volume {
        persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
        config_map: Option<ConfigMapVolumeSource>,
        secret: Option<SecretVolumeSource>,
        empty_dir: Option<EmptyDirVolumeSource>,
        host_path: Option<HostPathVolumeSource>,
    }
    always {
        name: String,
    }
}

crate::k8s! {
    pub struct PersistentVolumeClaimVolumeSource {
        read_only: bool,
    }
    always {
        claim_name: String,
    }
}

crate::k8s! {
    pub struct ConfigMapVolumeSource {
        name: String,
        items: Vec<KeyToPath>,
        default_mode: Option<i32>,
        optional: Option<bool>,
    }
}

crate::k8s! {
    pub struct SecretVolumeSource {
        secret_name: String,
        items: Vec<KeyToPath>,
        default_mode: Option<i32>,
        optional: Option<bool>,
    }
}

crate::k8s! {
    pub struct KeyToPath {
        mode: Option<i32>,
    }
    always {
        key: String,
        path: String,
    }
}

crate::k8s! {
    pub struct EmptyDirVolumeSource {
        medium: String,
        size_limit: Option<Quantity>,
    }
}

crate::k8s! {
    pub struct HostPathVolumeSource {
        #[serde(rename = "type")]
        type_: Option<String>,
    }
    always {
        path: String,
    }
}

crate::k8s! {
    pub struct Toleration {
        key: String,
        operator: String,
        value: String,
        effect: String,
        toleration_seconds: Option<i64>,
    }
}

crate::k8s! {
    pub struct Affinity {
        node_affinity: Option<NodeAffinity>,
        pod_affinity: Option<PodAffinity>,
        pod_anti_affinity: Option<PodAffinity>,
    }
}

crate::k8s! {
    /// Used for both `podAffinity` and `podAntiAffinity` (same upstream shape).
    pub struct PodAffinity {
        required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
        preferred_during_scheduling_ignored_during_execution: Vec<WeightedPodAffinityTerm>,
    }
}

crate::k8s! {
    pub struct PodAffinityTerm {
        label_selector: Option<LabelSelector>,
        namespaces: Vec<String>,
        namespace_selector: Option<LabelSelector>,
    }
    always {
        topology_key: String,
    }
}

crate::k8s! {
    pub struct WeightedPodAffinityTerm {
    }
    always {
        weight: i32,
        pod_affinity_term: PodAffinityTerm,
    }
}

crate::k8s! {
    pub struct NodeAffinity {
        required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
        preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
    }
}

crate::k8s! {
    pub struct NodeSelector {
    }
    always {
        node_selector_terms: Vec<NodeSelectorTerm>,
    }
}

crate::k8s! {
    pub struct NodeSelectorTerm {
        match_expressions: Vec<NodeSelectorRequirement>,
        match_fields: Vec<NodeSelectorRequirement>,
    }
}

crate::k8s! {
    pub struct NodeSelectorRequirement {
        values: Vec<String>,
    }
    always {
        key: String,
        operator: String,
    }
}

crate::k8s! {
    pub struct PreferredSchedulingTerm {
    }
    always {
        weight: i32,
        preference: NodeSelectorTerm,
    }
}

crate::k8s! {
    pub struct PodStatus {
        phase: String,
        conditions: Vec<PodCondition>,
        message: String,
        reason: String,
        #[serde(rename = "hostIP")]
        host_ip: String,
        #[serde(rename = "hostIPs")]
        host_ips: Vec<IpEntry>,
        #[serde(rename = "podIP")]
        pod_ip: String,
        #[serde(rename = "podIPs")]
        pod_ips: Vec<IpEntry>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        start_time: Option<Millis>,
        init_container_statuses: Vec<ContainerStatus>,
        container_statuses: Vec<ContainerStatus>,
        qos_class: String,
    }
}

crate::k8s! {
    /// `{ip: …}` entries of podIPs / hostIPs.
    pub struct IpEntry {
    }
    always {
        ip: String,
    }
}

crate::k8s! {
    pub struct PodCondition {
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_probe_time: Option<Millis>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_transition_time: Option<Millis>,
        reason: String,
        message: String,
        observed_generation: Option<i64>,
    }
    always {
        #[serde(rename = "type")]
        type_: String,
        status: String,
    }
}

crate::k8s! {
    pub struct ContainerStatus {
        state: ContainerState,
        last_state: ContainerState,
        #[serde(rename = "imageID")]
        image_id: String,
        #[serde(rename = "containerID")]
        container_id: String,
        started: Option<bool>,
    }
    always {
        name: String,
        ready: bool,
        restart_count: i32,
        image: String,
    }
}

crate::k8s! {
    /// Exactly one of waiting / running / terminated is set.
    pub struct ContainerState {
        waiting: Option<ContainerStateWaiting>,
        running: Option<ContainerStateRunning>,
        terminated: Option<ContainerStateTerminated>,
    }
}

crate::k8s! {
    pub struct ContainerStateWaiting {
        reason: String,
        message: String,
    }
}

crate::k8s! {
    pub struct ContainerStateRunning {
        #[serde(with = "crate::sim::objects::time::opt_time")]
        started_at: Option<Millis>,
    }
}

crate::k8s! {
    pub struct ContainerStateTerminated {
        signal: i32,
        reason: String,
        message: String,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        started_at: Option<Millis>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        finished_at: Option<Millis>,
        #[serde(rename = "containerID")]
        container_id: String,
    }
    always {
        exit_code: i32,
    }
}

impl Pod {
    /// The `Ready` condition is `True`.
    pub fn is_ready(&self) -> bool {
        self.status
            .conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True")
    }

    /// Last transition time of the Ready condition, when Ready.
    pub fn ready_since(&self) -> Option<Millis> {
        self.status
            .conditions
            .iter()
            .find(|c| c.type_ == "Ready" && c.status == "True")
            .and_then(|c| c.last_transition_time)
    }
}
