//! [`SharedPod`]: a pod read from the API server's store without copying it. The store keeps
//! every object behind an `Arc` (the watch log shares the same snapshot), so a controller that
//! reads all pods of a set on every sync holds pointers instead of deep copies; a pod that is
//! only a plan (not stored yet) is wrapped the same way.

use std::ops::Deref;
use std::sync::Arc;

use super::{Object, Pod};

/// A stored (or planned) pod behind a shared pointer; derefs to [`Pod`].
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPod(Arc<Object>);

impl SharedPod {
    /// Wraps a stored object if it is a pod.
    pub fn new(obj: &Arc<Object>) -> Option<SharedPod> {
        matches!(obj.as_ref(), Object::Pod(_)).then(|| SharedPod(obj.clone()))
    }

    /// Wraps a pod that is not stored (a placeholder for a missing replica).
    pub fn owned(pod: Pod) -> SharedPod {
        SharedPod(Arc::new(Object::Pod(pod)))
    }

    /// Whether this is exactly the stored object `obj` (the same pointer: stored objects are
    /// immutable, every write stores a new one).
    pub fn is(&self, obj: &Arc<Object>) -> bool {
        Arc::ptr_eq(&self.0, obj)
    }

    /// Whether both wrap the same pointer (the same stored version).
    pub fn same(&self, other: &SharedPod) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// A deep copy, for a write.
    pub fn to_pod(&self) -> Pod {
        self.deref().clone()
    }
}

impl Deref for SharedPod {
    type Target = Pod;

    fn deref(&self) -> &Pod {
        match self.0.as_ref() {
            Object::Pod(p) => p,
            // `new` and `owned` only ever wrap pods, and the pointer is never re-targeted.
            _ => unreachable!("SharedPod wraps a pod"),
        }
    }
}
