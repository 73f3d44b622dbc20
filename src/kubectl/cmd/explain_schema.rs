//! The part of the apps/v1 OpenAPI v3 schema `kubectl explain` walks for StatefulSets.
//!
//! Descriptions are the Go doc comments of k8s.io/api v0.35.7 (`apps/v1/types.go`,
//! `core/v1/types.go`) and apimachinery (`TypeMeta`, `IntOrString`), kept as comment lines
//! and turned into OpenAPI descriptions by [`description`], kube-openapi's
//! `generateDescription` rules. Enum fields carry openapi-gen's "Possible enum values" list
//! from the constants' comments. Types whose fields the simulator does not describe
//! (ObjectMeta, LabelSelector, PodTemplateSpec, the status types) are [`Ty::Opaque`].

/// One property of an object schema.
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// Go doc comment lines (without `// `).
    pub doc: &'static str,
    pub required: bool,
    /// Enum values with their constant's description.
    pub enums: &'static [(&'static str, &'static str)],
}

/// What a field holds.
pub enum Ty {
    Str,
    Int,
    /// An object schema the simulator knows the fields of.
    Obj(&'static Schema),
    /// A list of such objects.
    List(&'static Schema),
    /// A referenced type without properties (IntOrString): name and doc comment.
    Scalar(&'static str, &'static str),
    /// A referenced object type whose properties the simulator does not describe.
    Opaque(&'static str, &'static str),
}

/// An object type: name, doc comment and properties (sorted by name, as Go ranges maps).
pub struct Schema {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

impl Ty {
    /// The template's `typeGuess`.
    pub fn guess(&self) -> String {
        match self {
            Ty::Str => "string".into(),
            Ty::Int => "integer".into(),
            Ty::Obj(s) => s.name.into(),
            Ty::List(s) => format!("[]{}", s.name),
            Ty::Scalar(n, _) | Ty::Opaque(n, _) => (*n).into(),
        }
    }
}

/// kube-openapi `generateDescription`: lines joined with spaces, blank lines kept as
/// paragraph breaks, indented lines kept on their own line, TODO and `+` lines dropped.
pub fn description(doc: &str) -> String {
    let mut buf = String::new();
    for line in doc.split('\n') {
        if line == "---" {
            break;
        }
        let line = line.trim_end_matches(' ');
        let leading = line.trim_start_matches(' ');
        if line.is_empty() {
            buf.pop();
            buf.push_str("\n\n");
        } else if leading.starts_with("TODO") || leading.starts_with('+') {
        } else if line.starts_with(' ') || line.starts_with('\t') {
            buf.pop();
            buf.push('\n');
            buf.push_str(line);
            buf.push('\n');
        } else {
            buf.push_str(line);
            buf.push(' ');
        }
    }
    buf.trim_start_matches('\n')
        .trim_end_matches('\n')
        .trim_matches(' ')
        .to_string()
}

/// The field's OpenAPI description, with openapi-gen's enum list appended.
pub fn field_description(f: &Field) -> String {
    let mut d = description(f.doc);
    if !f.enums.is_empty() {
        d.push_str("\n\nPossible enum values:");
        for (v, text) in f.enums {
            d.push_str(&format!("\n - `\"{v}\"` {text}"));
        }
    }
    d
}

const API_VERSION: &str = "APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n+optional";
const KIND: &str = "Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\n+optional";
const METADATA: &str = "Standard object's metadata.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n+optional";
const OBJECT_META: Ty = Ty::Opaque("ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes all objects\nusers must create.");
const INT_OR_STRING: &str = "IntOrString is a type that can hold an int32 or a string.  When used in\nJSON or YAML marshalling and unmarshalling, it produces or consumes the\ninner type.  This allows you to have, for example, a JSON field that can\naccept a name or number.\nTODO: Rename to Int32OrString\n\n+protobuf=true";

pub static STATEFULSET: Schema = Schema {
    name: "StatefulSet",
    doc: "StatefulSet represents a set of pods with consistent identities.\nIdentities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always\nmap to the same storage identity.",
    fields: &[
        Field { name: "apiVersion", ty: Ty::Str, doc: API_VERSION, required: false, enums: &[] },
        Field { name: "kind", ty: Ty::Str, doc: KIND, required: false, enums: &[] },
        Field { name: "metadata", ty: OBJECT_META, doc: METADATA, required: false, enums: &[] },
        Field { name: "spec", ty: Ty::Obj(&SPEC), doc: "Spec defines the desired identities of pods in this set.\n+optional", required: false, enums: &[] },
        Field { name: "status", ty: Ty::Opaque("StatefulSetStatus", "StatefulSetStatus represents the current state of a StatefulSet."), doc: "Status is the current status of Pods in this StatefulSet. This data\nmay be out of date by some window of time.\n+optional", required: false, enums: &[] },
    ],
};

pub static SPEC: Schema = Schema {
    name: "StatefulSetSpec",
    doc: "A StatefulSetSpec is the specification of a StatefulSet.",
    fields: &[
        Field { name: "minReadySeconds", ty: Ty::Int, doc: "Minimum number of seconds for which a newly created pod should be ready\nwithout any of its container crashing for it to be considered available.\nDefaults to 0 (pod will be considered available as soon as it is ready)\n+optional", required: false, enums: &[] },
        Field { name: "ordinals", ty: Ty::Obj(&ORDINALS), doc: "ordinals controls the numbering of replica indices in a StatefulSet. The\ndefault ordinals behavior assigns a \"0\" index to the first replica and\nincrements the index by one for each additional replica requested.\n+optional", required: false, enums: &[] },
        Field { name: "persistentVolumeClaimRetentionPolicy", ty: Ty::Obj(&RETENTION), doc: "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent\nvolume claims created from volumeClaimTemplates. By default, all persistent\nvolume claims are created as needed and retained until manually deleted. This\npolicy allows the lifecycle to be altered, for example by deleting persistent\nvolume claims when their stateful set is deleted, or when their pod is scaled\ndown.\n+optional", required: false, enums: &[] },
        Field { name: "podManagementPolicy", ty: Ty::Str, doc: "podManagementPolicy controls how pods are created during initial scale up,\nwhen replacing pods on nodes, or when scaling down. The default policy is\n`OrderedReady`, where pods are created in increasing order (pod-0, then\npod-1, etc) and the controller will wait until each pod is ready before\ncontinuing. When scaling down, the pods are removed in the opposite order.\nThe alternative policy is `Parallel` which will create pods in parallel\nto match the desired scale without waiting, and on scale down will delete\nall pods at once.\n+optional", required: false, enums: &[
            ("OrderedReady", "will create pods in strictly increasing order on scale up and strictly decreasing order on scale down, progressing only when the previous pod is ready or terminated. At most one pod will be changed at any time."),
            ("Parallel", "will create and delete pods as soon as the stateful set replica count is changed, and will not wait for pods to be ready or complete termination."),
        ] },
        Field { name: "replicas", ty: Ty::Int, doc: "replicas is the desired number of replicas of the given Template.\nThese are replicas in the sense that they are instantiations of the\nsame Template, but individual replicas also have a consistent identity.\nIf unspecified, defaults to 1.\nTODO: Consider a rename of this field.\n+optional", required: false, enums: &[] },
        Field { name: "revisionHistoryLimit", ty: Ty::Int, doc: "revisionHistoryLimit is the maximum number of revisions that will\nbe maintained in the StatefulSet's revision history. The revision history\nconsists of all revisions not represented by a currently applied\nStatefulSetSpec version. The default value is 10.", required: false, enums: &[] },
        Field { name: "selector", ty: Ty::Opaque("LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and\nmatchExpressions are ANDed. An empty label selector matches all objects. A null\nlabel selector matches no objects.\n+structType=atomic"), doc: "selector is a label query over pods that should match the replica count.\nIt must match the pod template's labels.\nMore info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", required: true, enums: &[] },
        Field { name: "serviceName", ty: Ty::Str, doc: "serviceName is the name of the service that governs this StatefulSet.\nThis service must exist before the StatefulSet, and is responsible for\nthe network identity of the set. Pods get DNS/hostnames that follow the\npattern: pod-specific-string.serviceName.default.svc.cluster.local\nwhere \"pod-specific-string\" is managed by the StatefulSet controller.\n+optional", required: false, enums: &[] },
        Field { name: "template", ty: Ty::Opaque("PodTemplateSpec", "PodTemplateSpec describes the data a pod should have when created from a template"), doc: "template is the object that describes the pod that will be created if\ninsufficient replicas are detected. Each pod stamped out by the StatefulSet\nwill fulfill this Template, but have a unique identity from the rest\nof the StatefulSet. Each pod will be named with the format\n<statefulsetname>-<podindex>. For example, a pod in a StatefulSet named\n\"web\" with index number \"3\" would be named \"web-3\".\nThe only allowed template.spec.restartPolicy value is \"Always\".", required: true, enums: &[] },
        Field { name: "updateStrategy", ty: Ty::Obj(&UPDATE_STRATEGY), doc: "updateStrategy indicates the StatefulSetUpdateStrategy that will be\nemployed to update Pods in the StatefulSet when a revision is made to\nTemplate.", required: false, enums: &[] },
        Field { name: "volumeClaimTemplates", ty: Ty::List(&PVC), doc: "volumeClaimTemplates is a list of claims that pods are allowed to reference.\nThe StatefulSet controller is responsible for mapping network identities to\nclaims in a way that maintains the identity of a pod. Every claim in\nthis list must have at least one matching (by name) volumeMount in one\ncontainer in the template. A claim in this list takes precedence over\nany volumes in the template, with the same name.\nTODO: Define the behavior if a claim already exists with the same name.\n+optional\n+listType=atomic", required: false, enums: &[] },
    ],
};

pub static UPDATE_STRATEGY: Schema = Schema {
    name: "StatefulSetUpdateStrategy",
    doc: "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet\ncontroller will use to perform updates. It includes any additional parameters\nnecessary to perform the update for the indicated strategy.",
    fields: &[
        Field { name: "rollingUpdate", ty: Ty::Obj(&ROLLING_UPDATE), doc: "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.\n+optional", required: false, enums: &[] },
        Field { name: "type", ty: Ty::Str, doc: "Type indicates the type of the StatefulSetUpdateStrategy.\nDefault is RollingUpdate.\n+optional", required: false, enums: &[
            ("OnDelete", "triggers the legacy behavior. Version tracking and ordered rolling restarts are disabled. Pods are recreated from the StatefulSetSpec when they are manually deleted. When a scale operation is performed with this strategy,specification version indicated by the StatefulSet's currentRevision."),
            ("RollingUpdate", "indicates that update will be applied to all Pods in the StatefulSet with respect to the StatefulSet ordering constraints. When a scale operation is performed with this strategy, new Pods will be created from the specification version indicated by the StatefulSet's updateRevision."),
        ] },
    ],
};

pub static ROLLING_UPDATE: Schema = Schema {
    name: "RollingUpdateStatefulSetStrategy",
    doc: "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
    fields: &[
        Field { name: "maxUnavailable", ty: Ty::Scalar("IntOrString", INT_OR_STRING), doc: "The maximum number of pods that can be unavailable during the update.\nValue can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%).\nAbsolute number is calculated from percentage by rounding up. This can not be 0.\nDefaults to 1. This field is beta-level and is enabled by default. The field applies to all pods in the range 0 to\nReplicas-1. That means if there is any unavailable pod in the range 0 to Replicas-1, it\nwill be counted towards MaxUnavailable.\nThis setting might not be effective for the OrderedReady podManagementPolicy. That policy ensures pods are created and become ready one at a time.\n\n+featureGate=MaxUnavailableStatefulSet\n+optional", required: false, enums: &[] },
        Field { name: "partition", ty: Ty::Int, doc: "Partition indicates the ordinal at which the StatefulSet should be partitioned\nfor updates. During a rolling update, all pods from ordinal Replicas-1 to\nPartition are updated. All pods from ordinal Partition-1 to 0 remain untouched.\nThis is helpful in being able to do a canary based deployment. The default value is 0.\n+optional", required: false, enums: &[] },
    ],
};

pub static RETENTION: Schema = Schema {
    name: "StatefulSetPersistentVolumeClaimRetentionPolicy",
    doc: "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs\ncreated from the StatefulSet VolumeClaimTemplates.",
    fields: &[
        Field { name: "whenDeleted", ty: Ty::Str, doc: "WhenDeleted specifies what happens to PVCs created from StatefulSet\nVolumeClaimTemplates when the StatefulSet is deleted. The default policy\nof `Retain` causes PVCs to not be affected by StatefulSet deletion. The\n`Delete` policy causes those PVCs to be deleted.", required: false, enums: &[] },
        Field { name: "whenScaled", ty: Ty::Str, doc: "WhenScaled specifies what happens to PVCs created from StatefulSet\nVolumeClaimTemplates when the StatefulSet is scaled down. The default\npolicy of `Retain` causes PVCs to not be affected by a scaledown. The\n`Delete` policy causes the associated PVCs for any excess pods above\nthe replica count to be deleted.", required: false, enums: &[] },
    ],
};

pub static ORDINALS: Schema = Schema {
    name: "StatefulSetOrdinals",
    doc: "StatefulSetOrdinals describes the policy used for replica ordinal assignment\nin this StatefulSet.",
    fields: &[
        Field { name: "start", ty: Ty::Int, doc: "start is the number representing the first replica's index. It may be used\nto number replicas from an alternate index (eg: 1-indexed) over the default\n0-indexed names, or to orchestrate progressive movement of replicas from\none StatefulSet to another.\nIf set, replica indices will be in the range:\n  [.spec.ordinals.start, .spec.ordinals.start + .spec.replicas).\nIf unset, defaults to 0. Replica indices will be in the range:\n  [0, .spec.replicas).\n+optional", required: false, enums: &[] },
    ],
};

pub static PVC: Schema = Schema {
    name: "PersistentVolumeClaim",
    doc: "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    fields: &[
        Field { name: "apiVersion", ty: Ty::Str, doc: API_VERSION, required: false, enums: &[] },
        Field { name: "kind", ty: Ty::Str, doc: KIND, required: false, enums: &[] },
        Field { name: "metadata", ty: OBJECT_META, doc: METADATA, required: false, enums: &[] },
        Field { name: "spec", ty: Ty::Opaque("PersistentVolumeClaimSpec", "PersistentVolumeClaimSpec describes the common attributes of storage devices\nand allows a Source for provider-specific attributes"), doc: "spec defines the desired characteristics of a volume requested by a pod author.\nMore info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n+optional", required: false, enums: &[] },
        Field { name: "status", ty: Ty::Opaque("PersistentVolumeClaimStatus", "PersistentVolumeClaimStatus is the current status of a persistent volume claim."), doc: "status represents the current information/status of a persistent volume claim.\nRead-only.\nMore info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims\n+optional", required: false, enums: &[] },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_follow_openapi_gen() {
        assert_eq!(
            description(SPEC.fields[4].doc),
            "replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1."
        );
        assert_eq!(
            description(ORDINALS.fields[0].doc),
            "start is the number representing the first replica's index. It may be used to number replicas from an alternate index (eg: 1-indexed) over the default 0-indexed names, or to orchestrate progressive movement of replicas from one StatefulSet to another. If set, replica indices will be in the range:\n  [.spec.ordinals.start, .spec.ordinals.start + .spec.replicas).\nIf unset, defaults to 0. Replica indices will be in the range:\n  [0, .spec.replicas)."
        );
        assert_eq!(
            description(INT_OR_STRING),
            "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number."
        );
    }
}
