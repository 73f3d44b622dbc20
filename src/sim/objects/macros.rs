//! The `k8s!` macro that declares Kubernetes-shaped structs.
//!
//! Upstream Go types mark most fields `omitempty`; a few (struct-valued fields such as
//! `resources`, and counters such as `restartCount`) are always printed. The macro gives every
//! field `#[serde(default)]` plus "skip when default", and an optional `always { .. }` block for
//! fields that must be emitted even when empty, so `-o yaml` matches a real server.

/// Declares a struct with camelCase serde names and upstream omit rules (see module docs).
#[macro_export]
#[doc(hidden)]
macro_rules! k8s {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $( $(#[$fm:meta])* $f:ident : $t:ty ),* $(,)?
        }
        $( always { $( $(#[$am:meta])* $af:ident : $at:ty ),* $(,)? } )?
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(default, skip_serializing_if = "crate::sim::objects::is_default")]
                pub $f: $t,
            )*
            $( $(
                $(#[$am])*
                #[serde(default)]
                pub $af: $at,
            )* )?
        }
    };
}
