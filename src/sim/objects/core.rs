//! Other core/v1 and discovery objects: Namespace, Node, Service, EndpointSlice, Endpoints,
//! ConfigMap, Secret, Event.

use std::collections::BTreeMap;

use super::meta::{ObjectMeta, StringMap};
use super::quantity::{IntOrString, Quantity};
use super::storage::ObjectReference;
use crate::sim::clock::Millis;

crate::k8s! {
    pub struct Namespace {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: NamespaceSpec,
        status: NamespaceStatus,
    }
}

crate::k8s! {
    pub struct NamespaceSpec {
        finalizers: Vec<String>,
    }
}

crate::k8s! {
    pub struct NamespaceStatus {
        phase: String,
    }
}

crate::k8s! {
    pub struct Node {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: NodeSpec,
        status: NodeStatus,
    }
}

crate::k8s! {
    pub struct NodeSpec {
        #[serde(rename = "podCIDR")]
        pod_cidr: String,
        #[serde(rename = "podCIDRs")]
        pod_cidrs: Vec<String>,
        #[serde(rename = "providerID")]
        provider_id: String,
        unschedulable: bool,
        taints: Vec<Taint>,
    }
}

crate::k8s! {
    pub struct Taint {
        value: String,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        time_added: Option<Millis>,
    }
    always {
        key: String,
        effect: String,
    }
}

crate::k8s! {
    pub struct NodeStatus {
        capacity: BTreeMap<String, Quantity>,
        allocatable: BTreeMap<String, Quantity>,
        conditions: Vec<NodeCondition>,
        addresses: Vec<NodeAddress>,
        node_info: Option<NodeSystemInfo>,
    }
}

crate::k8s! {
    pub struct NodeCondition {
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_heartbeat_time: Option<Millis>,
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
    pub struct NodeAddress {
    }
    always {
        #[serde(rename = "type")]
        type_: String,
        address: String,
    }
}

crate::k8s! {
    pub struct NodeSystemInfo {
        kubelet_version: String,
        container_runtime_version: String,
        kernel_version: String,
        os_image: String,
        operating_system: String,
        architecture: String,
    }
}

crate::k8s! {
    pub struct Service {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        spec: ServiceSpec,
        status: ServiceStatus,
    }
}

crate::k8s! {
    /// `clusterIP: None` makes a headless Service.
    pub struct ServiceSpec {
        ports: Vec<ServicePort>,
        selector: StringMap,
        #[serde(rename = "clusterIP")]
        cluster_ip: String,
        #[serde(rename = "clusterIPs")]
        cluster_ips: Vec<String>,
        #[serde(rename = "type")]
        type_: String,
        session_affinity: String,
        publish_not_ready_addresses: bool,
        ip_families: Vec<String>,
        ip_family_policy: Option<String>,
        internal_traffic_policy: Option<String>,
        /// NodePort and LoadBalancer: `Cluster` unless set (SetDefaults_Service).
        external_traffic_policy: String,
        /// ExternalName: the CNAME the cluster DNS answers with.
        external_name: String,
        /// LoadBalancer: whether node ports are allocated (`true` unless set).
        allocate_load_balancer_node_ports: Option<bool>,
    }
}

crate::k8s! {
    pub struct ServicePort {
        name: String,
        protocol: String,
        target_port: Option<IntOrString>,
        node_port: i32,
        app_protocol: Option<String>,
    }
    always {
        port: i32,
    }
}

crate::k8s! {
    pub struct ServiceStatus {
        load_balancer: Option<serde_json::Value>,
    }
}

impl Service {
    /// True for `clusterIP: None`.
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip == "None"
    }

    /// Upstream's `needsNodePort`: NodePort, and LoadBalancer unless
    /// `allocateLoadBalancerNodePorts: false`.
    pub fn needs_node_ports(&self) -> bool {
        match self.spec.type_.as_str() {
            "NodePort" => true,
            "LoadBalancer" => self.spec.allocate_load_balancer_node_ports != Some(false),
            _ => false,
        }
    }
}

crate::k8s! {
    /// discovery.k8s.io/v1 EndpointSlice.
    pub struct EndpointSlice {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        endpoints: Vec<Endpoint>,
        ports: Vec<EndpointPort>,
    }
    always {
        address_type: String,
    }
}

crate::k8s! {
    pub struct Endpoint {
        addresses: Vec<String>,
        conditions: EndpointConditions,
        hostname: Option<String>,
        target_ref: Option<ObjectReference>,
        node_name: Option<String>,
        zone: Option<String>,
    }
}

crate::k8s! {
    pub struct EndpointConditions {
        ready: Option<bool>,
        serving: Option<bool>,
        terminating: Option<bool>,
    }
}

crate::k8s! {
    pub struct EndpointPort {
        name: Option<String>,
        protocol: Option<String>,
        port: Option<i32>,
        app_protocol: Option<String>,
    }
}

crate::k8s! {
    /// core/v1 Endpoints (deprecated since v1.33 in favour of EndpointSlice, still served and
    /// still maintained by the endpoints controller).
    pub struct Endpoints {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        subsets: Vec<EndpointSubset>,
    }
}

crate::k8s! {
    pub struct EndpointSubset {
        addresses: Vec<EndpointAddress>,
        not_ready_addresses: Vec<EndpointAddress>,
        /// core/v1 EndpointPort has the same fields as discovery's.
        ports: Vec<EndpointPort>,
    }
}

crate::k8s! {
    pub struct EndpointAddress {
        hostname: Option<String>,
        node_name: Option<String>,
        target_ref: Option<ObjectReference>,
    }
    always {
        ip: String,
    }
}

crate::k8s! {
    pub struct ConfigMap {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        data: BTreeMap<String, String>,
        binary_data: BTreeMap<String, String>,
        immutable: Option<bool>,
    }
}

crate::k8s! {
    /// `data` values are base64 as on the wire; `stringData` is folded into `data` on write.
    pub struct Secret {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        data: BTreeMap<String, String>,
        string_data: BTreeMap<String, String>,
        #[serde(rename = "type")]
        type_: String,
        immutable: Option<bool>,
    }
}

crate::k8s! {
    /// core/v1 Event.
    pub struct Event {
        /// TypeMeta; always set on output by `Object::to_value`.
        api_version: String,
        kind: String,
        metadata: ObjectMeta,
        reason: String,
        message: String,
        source: EventSource,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        first_timestamp: Option<Millis>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        last_timestamp: Option<Millis>,
        count: i32,
        #[serde(rename = "type")]
        type_: String,
        #[serde(with = "crate::sim::objects::time::opt_micro_time")]
        event_time: Option<Millis>,
        action: String,
        reporting_component: String,
        reporting_instance: String,
    }
    always {
        involved_object: ObjectReference,
    }
}

crate::k8s! {
    pub struct EventSource {
        component: String,
        host: String,
    }
}
