//! Typed, Kubernetes-shaped API objects (camelCase serde, upstream field names), the [`Object`]
//! sum type, [`Kind`] metadata, and strict decoding from manifests.

#[macro_use]
mod macros;
pub mod apps;
pub mod core;
pub mod kind;
pub mod meta;
pub mod pod;
pub mod quantity;
mod shared;
pub mod storage;
mod strict;
pub mod time;

pub use self::apps::*;
pub use self::core::*;
pub use self::kind::Kind;
pub use self::meta::*;
pub use self::pod::*;
pub use self::quantity::*;
pub use self::shared::SharedPod;
pub use self::storage::*;
pub use self::time::{parse_rfc3339, rfc3339, EPOCH_RFC3339};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Used by the `k8s!` macro: omit a field when it holds its default (Go's `omitempty`).
pub fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Identifies one object: kind, namespace (None for cluster-scoped kinds), name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: Kind,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            namespace: if kind.namespaced() {
                Some(namespace.to_string())
            } else {
                None
            },
            name: name.to_string(),
        }
    }

    /// The namespace, or `""` for cluster-scoped objects.
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }
}

impl std::fmt::Display for ObjectRef {
    /// `statefulset.apps/web` (the kubectl `-o name` form).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.singular_qualified(), self.name)
    }
}

macro_rules! object_enum {
    ($($v:ident),* $(,)?) => {
        /// Any stored object: one variant per [`Kind`].
        #[derive(Debug, Clone, PartialEq)]
        pub enum Object {
            $($v($v),)*
        }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self { $(Object::$v(_) => Kind::$v,)* }
            }

            pub fn meta(&self) -> &ObjectMeta {
                match self { $(Object::$v(o) => &o.metadata,)* }
            }

            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$v(o) => &mut o.metadata,)* }
            }

            /// Serialises without apiVersion/kind (callers add them).
            fn inner_value(&self) -> Result<Value, serde_json::Error> {
                match self { $(Object::$v(o) => serde_json::to_value(o),)* }
            }

            /// Strictly decodes the body for `kind`.
            fn decode_as(kind: Kind, v: &Value) -> (Result<Object, String>, Vec<String>) {
                match kind {
                    $(Kind::$v => {
                        let (r, unknown) = strict::decode::<$v>(v);
                        (r.map(Object::$v), unknown)
                    })*
                }
            }
        }

        $(
            impl From<$v> for Object {
                fn from(o: $v) -> Object { Object::$v(o) }
            }
            impl TryFrom<Object> for $v {
                type Error = Object;
                fn try_from(o: Object) -> Result<$v, Object> {
                    match o { Object::$v(x) => Ok(x), other => Err(other) }
                }
            }
            impl<'a> TryFrom<&'a Object> for &'a $v {
                type Error = ();
                fn try_from(o: &'a Object) -> Result<&'a $v, ()> {
                    match o { Object::$v(x) => Ok(x), _ => Err(()) }
                }
            }
        )*
    };
}

object_enum!(
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
);

/// Why a manifest body could not become an [`Object`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The document is not a mapping (e.g. a bare string or list).
    NotAnObject,
    /// `apiVersion` missing or empty.
    MissingApiVersion,
    /// `kind` missing or empty.
    MissingKind,
    /// apiVersion/kind pair the simulator does not serve.
    UnknownKind { api_version: String, kind: String },
    /// Strict field validation failed: the paths of unknown fields, e.g. `spec.foo`.
    UnknownFields { kind: Kind, fields: Vec<String> },
    /// A value has the wrong type; `message` is the encoding/json style text.
    Type { kind: Kind, message: String },
}

impl std::fmt::Display for DecodeError {
    /// The API server's text (what follows `error when creating "f.yaml": `).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let handled = |k: &Kind| {
            format!(
                "{} in version \"{}\" cannot be handled as a {}",
                k.kind_name(),
                k.version(),
                k.kind_name()
            )
        };
        match self {
            DecodeError::NotAnObject => write!(f, "Object 'Kind' is missing in the document"),
            DecodeError::MissingApiVersion => write!(f, "Object 'apiVersion' is missing"),
            DecodeError::MissingKind => write!(f, "Object 'Kind' is missing"),
            DecodeError::UnknownKind { api_version, kind } => {
                write!(
                    f,
                    "no matches for kind \"{kind}\" in version \"{api_version}\""
                )
            }
            DecodeError::UnknownFields { kind, fields } => {
                let list: Vec<String> = fields
                    .iter()
                    .map(|p| format!("unknown field \"{p}\""))
                    .collect();
                write!(
                    f,
                    "{}: strict decoding error: {}",
                    handled(kind),
                    list.join(", ")
                )
            }
            DecodeError::Type { kind, message } => write!(f, "{}: {message}", handled(kind)),
        }
    }
}

/// Decodes a fragment the simulator stored itself (a ControllerRevision's template, say) with
/// the same decoder as manifests, ignoring unknown fields: one deserializer per API type keeps
/// the wasm small, and stored data was validated when it was written.
pub fn decode_stored<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, String> {
    strict::decode(v).0
}

/// Recursively sorts object keys (independent of serde_json's `preserve_order` feature).
pub fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut pairs: Vec<(String, Value)> =
                m.into_iter().map(|(k, v)| (k, sort_keys(v))).collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(pairs.into_iter().collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

impl Object {
    /// The object as JSON with `apiVersion` and `kind`, keys sorted (what `-o json|yaml` print).
    pub fn to_value(&self) -> Value {
        // Serialising plain data structs into a Value cannot fail (all map keys are strings).
        let mut v = self.inner_value().unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert(
                "apiVersion".into(),
                Value::String(self.kind().api_version()),
            );
            m.insert("kind".into(), Value::String(self.kind().kind_name().into()));
        }
        sort_keys(v)
    }

    /// Strict decode of a manifest document: apiVersion/kind pick the type; unknown fields are
    /// rejected with their paths, like a v1.35 API server with `fieldValidation=Strict`.
    pub fn from_value(v: Value) -> Result<Object, DecodeError> {
        let Value::Object(m) = &v else {
            return Err(DecodeError::NotAnObject);
        };
        let api_version = m.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = m.get("kind").and_then(Value::as_str).unwrap_or("");
        if kind.is_empty() {
            return Err(DecodeError::MissingKind);
        }
        if api_version.is_empty() {
            return Err(DecodeError::MissingApiVersion);
        }
        let k = Kind::from_api_version_kind(api_version, kind).ok_or_else(|| {
            DecodeError::UnknownKind {
                api_version: api_version.to_string(),
                kind: kind.to_string(),
            }
        })?;
        let (res, unknown) = Object::decode_as(k, &v);
        match res {
            Err(message) => Err(DecodeError::Type { kind: k, message }),
            Ok(_) if !unknown.is_empty() => Err(DecodeError::UnknownFields {
                kind: k,
                fields: unknown,
            }),
            Ok(o) => Ok(o),
        }
    }

    /// This object's [`ObjectRef`].
    pub fn object_ref(&self) -> ObjectRef {
        let m = self.meta();
        ObjectRef::new(self.kind(), &m.namespace, &m.name)
    }

    pub fn name(&self) -> &str {
        &self.meta().name
    }

    pub fn namespace(&self) -> &str {
        &self.meta().namespace
    }
}
