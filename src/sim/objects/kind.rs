//! `Kind`: the resource types the simulator serves, with their REST names and kubectl aliases.

use serde::{Deserialize, Serialize};

/// One variant per served resource type. Ordered so maps keyed by kind are deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Namespace,
    Node,
    StorageClass,
    PersistentVolume,
    PersistentVolumeClaim,
    Service,
    EndpointSlice,
    Pod,
    StatefulSet,
    ControllerRevision,
    Deployment,
    ReplicaSet,
    ConfigMap,
    Secret,
    Event,
    Endpoints,
}

/// (kind, plural resource, group, version, short names, namespaced)
type Row = (
    Kind,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    bool,
);

const TABLE: &[Row] = &[
    (Kind::Namespace, "namespaces", "", "v1", &["ns"], false),
    (Kind::Node, "nodes", "", "v1", &["no"], false),
    (
        Kind::StorageClass,
        "storageclasses",
        "storage.k8s.io",
        "v1",
        &["sc"],
        false,
    ),
    (
        Kind::PersistentVolume,
        "persistentvolumes",
        "",
        "v1",
        &["pv"],
        false,
    ),
    (
        Kind::PersistentVolumeClaim,
        "persistentvolumeclaims",
        "",
        "v1",
        &["pvc"],
        true,
    ),
    (Kind::Service, "services", "", "v1", &["svc"], true),
    (
        Kind::EndpointSlice,
        "endpointslices",
        "discovery.k8s.io",
        "v1",
        &[],
        true,
    ),
    (Kind::Pod, "pods", "", "v1", &["po"], true),
    (
        Kind::StatefulSet,
        "statefulsets",
        "apps",
        "v1",
        &["sts"],
        true,
    ),
    (
        Kind::ControllerRevision,
        "controllerrevisions",
        "apps",
        "v1",
        &[],
        true,
    ),
    (
        Kind::Deployment,
        "deployments",
        "apps",
        "v1",
        &["deploy"],
        true,
    ),
    (Kind::ReplicaSet, "replicasets", "apps", "v1", &["rs"], true),
    (Kind::ConfigMap, "configmaps", "", "v1", &["cm"], true),
    (Kind::Secret, "secrets", "", "v1", &[], true),
    (Kind::Event, "events", "", "v1", &["ev"], true),
    (Kind::Endpoints, "endpoints", "", "v1", &["ep"], true),
];

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 16] = [
        Kind::Namespace,
        Kind::Node,
        Kind::StorageClass,
        Kind::PersistentVolume,
        Kind::PersistentVolumeClaim,
        Kind::Service,
        Kind::EndpointSlice,
        Kind::Pod,
        Kind::StatefulSet,
        Kind::ControllerRevision,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::Event,
        Kind::Endpoints,
    ];

    fn row(self) -> &'static Row {
        // TABLE lists every variant in declaration order.
        &TABLE[self as usize]
    }

    /// Plural REST resource, e.g. `statefulsets`.
    pub fn resource(self) -> &'static str {
        self.row().1
    }

    /// API group, `""` for core.
    pub fn group(self) -> &'static str {
        self.row().2
    }

    /// Version, always `v1` here.
    pub fn version(self) -> &'static str {
        self.row().3
    }

    /// `apiVersion` as written in manifests, e.g. `apps/v1` or `v1`.
    pub fn api_version(self) -> String {
        if self.group().is_empty() {
            self.version().to_string()
        } else {
            format!("{}/{}", self.group(), self.version())
        }
    }

    /// The `kind` field, e.g. `StatefulSet`.
    pub fn kind_name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::StorageClass => "StorageClass",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::Service => "Service",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Pod => "Pod",
            Kind::StatefulSet => "StatefulSet",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::Event => "Event",
            Kind::Endpoints => "Endpoints",
        }
    }

    /// kubectl short names, e.g. `["sts"]`.
    pub fn short_names(self) -> &'static [&'static str] {
        self.row().4
    }

    pub fn namespaced(self) -> bool {
        self.row().5
    }

    /// `statefulsets.apps`, or just `pods` for the core group: how kubectl names the resource in
    /// messages such as `statefulsets.apps "web" not found`.
    pub fn qualified_resource(self) -> String {
        if self.group().is_empty() {
            self.resource().to_string()
        } else {
            format!("{}.{}", self.resource(), self.group())
        }
    }

    /// `statefulset.apps` / `pod`: the prefix of `kubectl get -o name` and of `… created` lines.
    pub fn singular_qualified(self) -> String {
        let s = self.kind_name().to_lowercase();
        if self.group().is_empty() {
            s
        } else {
            format!("{s}.{}", self.group())
        }
    }

    /// Resolves what a user typed: singular, plural, short name, kind name (any case), or a
    /// group-qualified form such as `statefulsets.apps`, `sts.apps`, `statefulsets.v1.apps`.
    pub fn from_user_str(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        let (name, qual) = match s.split_once('.') {
            Some((n, q)) => (n.to_string(), Some(q.to_string())),
            None => (s.clone(), None),
        };
        Kind::ALL.into_iter().find(|k| {
            let name_ok = name == k.resource()
                || name == k.kind_name().to_ascii_lowercase()
                || k.short_names().contains(&name.as_str());
            let qual_ok = match &qual {
                None => true,
                Some(q) => {
                    !k.group().is_empty()
                        && (*q == k.group() || *q == format!("{}.{}", k.version(), k.group()))
                }
            };
            name_ok && qual_ok
        })
    }

    /// Looks a kind up by manifest `apiVersion` + `kind`.
    pub fn from_api_version_kind(api_version: &str, kind: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.kind_name() == kind && k.api_version() == api_version)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_enum() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(TABLE[i].0, *k);
        }
    }

    #[test]
    fn user_strings_resolve() {
        for s in [
            "sts",
            "statefulset",
            "statefulsets",
            "statefulsets.apps",
            "StatefulSet",
            "sts.apps",
        ] {
            assert_eq!(Kind::from_user_str(s), Some(Kind::StatefulSet), "{s}");
        }
        assert_eq!(Kind::from_user_str("po"), Some(Kind::Pod));
        assert_eq!(
            Kind::from_user_str("pvc"),
            Some(Kind::PersistentVolumeClaim)
        );
        assert_eq!(Kind::from_user_str("pods.apps"), None);
        assert_eq!(
            Kind::from_user_str("statefulsets.v1.apps"),
            Some(Kind::StatefulSet)
        );
        assert_eq!(Kind::from_user_str("widgets"), None);
    }
}
