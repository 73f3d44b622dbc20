//! Kind names as authors and learners write them (`sts`, `pods`, `statefulsets.apps`) mapped to
//! the canonical Kubernetes kind. Used by checks (objectExists {kind: pvc}) and by argv
//! normalisation (`kubectl get po` ≡ `kubectl get pods`). Mirrors kubectl's short names (ref §4.0).

const TABLE: &[(&str, &[&str])] = &[
    ("Pod", &["pod", "pods", "po"]),
    (
        "StatefulSet",
        &[
            "statefulset",
            "statefulsets",
            "sts",
            "statefulsets.apps",
            "statefulset.apps",
        ],
    ),
    ("Service", &["service", "services", "svc"]),
    (
        "PersistentVolumeClaim",
        &["persistentvolumeclaim", "persistentvolumeclaims", "pvc"],
    ),
    (
        "PersistentVolume",
        &["persistentvolume", "persistentvolumes", "pv"],
    ),
    (
        "StorageClass",
        &[
            "storageclass",
            "storageclasses",
            "sc",
            "storageclasses.storage.k8s.io",
        ],
    ),
    (
        "Deployment",
        &["deployment", "deployments", "deploy", "deployments.apps"],
    ),
    (
        "ReplicaSet",
        &["replicaset", "replicasets", "rs", "replicasets.apps"],
    ),
    (
        "ControllerRevision",
        &[
            "controllerrevision",
            "controllerrevisions",
            "controllerrevisions.apps",
        ],
    ),
    ("ConfigMap", &["configmap", "configmaps", "cm"]),
    ("Secret", &["secret", "secrets"]),
    ("Event", &["event", "events", "ev"]),
    ("Node", &["node", "nodes", "no"]),
    ("Namespace", &["namespace", "namespaces", "ns"]),
    (
        "EndpointSlice",
        &[
            "endpointslice",
            "endpointslices",
            "endpointslices.discovery.k8s.io",
        ],
    ),
    ("Endpoints", &["endpoints", "ep"]),
];

/// The canonical kind for any spelling (case-insensitive), or None.
pub fn canonical_kind(s: &str) -> Option<&'static str> {
    let l = s.trim().to_ascii_lowercase();
    TABLE
        .iter()
        .find(|(k, al)| k.eq_ignore_ascii_case(&l) || al.contains(&l.as_str()))
        .map(|(k, _)| *k)
}
