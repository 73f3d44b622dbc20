//! API errors shaped like `metav1.Status`, and apimachinery `field.Error` rendering (ref §3.1,
//! errata §4: JSON value rendering on v1.35).

use serde::Serialize;

use crate::sim::objects::Kind;

/// `metav1.StatusReason` values the simulator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusReason {
    NotFound,
    AlreadyExists,
    Invalid,
    Conflict,
    BadRequest,
    Forbidden,
    MethodNotAllowed,
    /// 410 Gone: a watch or list from a resourceVersion older than the compacted history.
    Expired,
}

impl StatusReason {
    /// The word kubectl prints in `Error from server (NotFound): …`.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusReason::NotFound => "NotFound",
            StatusReason::AlreadyExists => "AlreadyExists",
            StatusReason::Invalid => "Invalid",
            StatusReason::Conflict => "Conflict",
            StatusReason::BadRequest => "BadRequest",
            StatusReason::Forbidden => "Forbidden",
            StatusReason::MethodNotAllowed => "MethodNotAllowed",
            StatusReason::Expired => "Expired",
        }
    }
}

/// One cause of an Invalid error: `field` and the rendered body (`Invalid value: …: detail`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub field: String,
    pub message: String,
}

/// An error returned by the API server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: u16,
    pub reason: StatusReason,
    /// The Status message, e.g. `statefulsets.apps "web" not found` or
    /// `StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: …`.
    pub message: String,
    pub kind: Option<Kind>,
    pub name: Option<String>,
    pub causes: Vec<Cause>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// `StatefulSet.apps` / `Pod`: the qualified kind used in Invalid messages.
pub fn qualified_kind(kind: Kind) -> String {
    if kind.group().is_empty() {
        kind.kind_name().to_string()
    } else {
        format!("{}.{}", kind.kind_name(), kind.group())
    }
}

impl ApiError {
    fn new(
        code: u16,
        reason: StatusReason,
        message: String,
        kind: Option<Kind>,
        name: Option<&str>,
    ) -> ApiError {
        ApiError {
            code,
            reason,
            message,
            kind,
            name: name.map(str::to_string),
            causes: Vec::new(),
        }
    }

    pub fn not_found(kind: Kind, name: &str) -> ApiError {
        let msg = format!("{} \"{name}\" not found", kind.qualified_resource());
        ApiError::new(404, StatusReason::NotFound, msg, Some(kind), Some(name))
    }

    pub fn already_exists(kind: Kind, name: &str) -> ApiError {
        let msg = format!("{} \"{name}\" already exists", kind.qualified_resource());
        ApiError::new(
            409,
            StatusReason::AlreadyExists,
            msg,
            Some(kind),
            Some(name),
        )
    }

    pub fn conflict(kind: Kind, name: &str) -> ApiError {
        let msg = format!(
            "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            kind.qualified_resource()
        );
        ApiError::new(409, StatusReason::Conflict, msg, Some(kind), Some(name))
    }

    /// `410 Gone` for a watch from a compacted resourceVersion, with the apiserver's text
    /// (`too old resource version: <requested> (<oldest kept - 1>)`).
    pub fn expired(requested: u64, compacted: u64) -> ApiError {
        ApiError::new(
            410,
            StatusReason::Expired,
            format!("too old resource version: {requested} ({compacted})"),
            None,
            None,
        )
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, StatusReason::BadRequest, message.into(), None, None)
    }

    pub fn forbidden(
        kind: Option<Kind>,
        name: Option<&str>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::new(403, StatusReason::Forbidden, message.into(), kind, name)
    }

    pub fn method_not_allowed(message: impl Into<String>) -> ApiError {
        ApiError::new(
            405,
            StatusReason::MethodNotAllowed,
            message.into(),
            None,
            None,
        )
    }

    /// 422 Invalid with one cause per field error (duplicates removed, order kept).
    pub fn invalid(kind: Kind, name: &str, errs: &[FieldError]) -> ApiError {
        let mut causes: Vec<Cause> = Vec::new();
        for e in errs {
            let c = Cause {
                field: e.field.clone(),
                message: e.body(),
            };
            if !causes.contains(&c) {
                causes.push(c);
            }
        }
        let rendered: Vec<String> = causes
            .iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect();
        let agg = if rendered.len() == 1 {
            rendered[0].clone()
        } else {
            format!("[{}]", rendered.join(", "))
        };
        let message = format!("{} \"{name}\" is invalid: {agg}", qualified_kind(kind));
        let mut e = ApiError::new(422, StatusReason::Invalid, message, Some(kind), Some(name));
        e.causes = causes;
        e
    }

    /// kubectl's rendering for an Invalid error with causes (ref §3.2):
    /// `The StatefulSet "web" is invalid: <cause>` or the multi-line `* ` form.
    pub fn kubectl_invalid_text(&self) -> Option<String> {
        if self.reason != StatusReason::Invalid || self.causes.is_empty() {
            return None;
        }
        let kind = self.kind?.kind_name();
        let name = self.name.clone().unwrap_or_default();
        let lines: Vec<String> = self
            .causes
            .iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect();
        Some(if lines.len() == 1 {
            format!("The {kind} \"{name}\" is invalid: {}", lines[0])
        } else {
            let mut s = format!("The {kind} \"{name}\" is invalid: \n");
            s.push_str(
                &lines
                    .iter()
                    .map(|l| format!("* {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            s
        })
    }
}

/// Kinds of `field.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorType {
    Required,
    Forbidden,
    Invalid,
    NotSupported(Vec<String>),
    Duplicate,
    NotFound,
    TooLong(usize),
    TooMany(usize, usize),
    Internal,
}

/// An apimachinery `field.Error`. `value` is already rendered (see [`render_value`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub type_: FieldErrorType,
    pub value: String,
    pub detail: String,
}

impl FieldError {
    pub fn required(field: &str, detail: &str) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::Required,
            value: String::new(),
            detail: detail.into(),
        }
    }

    pub fn forbidden(field: &str, detail: &str) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::Forbidden,
            value: String::new(),
            detail: detail.into(),
        }
    }

    /// `value` is any serialisable value, rendered per v1.35 rules.
    pub fn invalid<T: Serialize + ?Sized>(field: &str, value: &T, detail: &str) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::Invalid,
            value: render_value(value),
            detail: detail.into(),
        }
    }

    pub fn not_supported<T: Serialize + ?Sized>(
        field: &str,
        value: &T,
        supported: &[&str],
    ) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::NotSupported(supported.iter().map(|s| s.to_string()).collect()),
            value: render_value(value),
            detail: String::new(),
        }
    }

    pub fn duplicate<T: Serialize + ?Sized>(field: &str, value: &T) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::Duplicate,
            value: render_value(value),
            detail: String::new(),
        }
    }

    pub fn not_found<T: Serialize + ?Sized>(field: &str, value: &T) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::NotFound,
            value: render_value(value),
            detail: String::new(),
        }
    }

    pub fn too_long(field: &str, max: usize) -> FieldError {
        FieldError {
            field: field.into(),
            type_: FieldErrorType::TooLong(max),
            value: String::new(),
            detail: String::new(),
        }
    }

    /// The part after `<field>: ` (apimachinery `ErrorBody`).
    pub fn body(&self) -> String {
        let with_detail = |head: String| {
            if self.detail.is_empty() {
                head
            } else {
                format!("{head}: {}", self.detail)
            }
        };
        match &self.type_ {
            FieldErrorType::Required => with_detail("Required value".into()),
            FieldErrorType::Forbidden => with_detail("Forbidden".into()),
            FieldErrorType::Invalid => with_detail(format!("Invalid value: {}", self.value)),
            FieldErrorType::NotSupported(vals) => {
                let list: Vec<String> = vals.iter().map(|v| format!("\"{v}\"")).collect();
                format!(
                    "Unsupported value: {}: supported values: {}",
                    self.value,
                    list.join(", ")
                )
            }
            FieldErrorType::Duplicate => format!("Duplicate value: {}", self.value),
            FieldErrorType::NotFound => format!("Not found: {}", self.value),
            FieldErrorType::TooLong(n) => {
                format!(
                    "Too long: may not be more than {n} {}",
                    if *n == 1 { "byte" } else { "bytes" }
                )
            }
            FieldErrorType::TooMany(got, max) => {
                format!("Too many: {got}: must have at most {max} items")
            }
            FieldErrorType::Internal => with_detail("Internal error".into()),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// v1.35 value rendering (errata §4): numbers/bools bare, strings quoted, everything else as
/// compact JSON with sorted keys and `null` for nil.
pub fn render_value<T: Serialize + ?Sized>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(j) => serde_json::to_string(&crate::sim::objects::sort_keys(j)).unwrap_or_default(),
        Err(_) => String::from("<unrenderable>"),
    }
}
