//! Printers turn objects into data: table rows (`tables`, `pod`) and describe sections
//! (`describe*`). They never align text; `render` does.

pub mod describe;
pub mod describe_generic;
pub mod describe_node;
pub mod describe_pod;
pub mod describe_workload;
pub mod pod;
pub mod tables;

use crate::sim::{Kind, Object};

/// `statefulset.apps/web` / `pod/web-0`: the name printer's form of an object.
pub fn kind_slash_name(o: &Object) -> String {
    format!("{}/{}", o.kind().singular_qualified(), o.name())
}

/// `statefulset.apps/web` from a kind and a name.
pub fn ref_name(kind: Kind, name: &str) -> String {
    format!("{}/{}", kind.singular_qualified(), name)
}
