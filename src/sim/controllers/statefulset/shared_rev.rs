//! A stored ControllerRevision read in place. A sync lists a set's revisions and picks its
//! current and update revision on every run; their data (the whole pod template as JSON) is
//! large, so copying them cost more than the rest of a sync of a few pods. Stored objects are
//! never mutated (every write stores a new one), so holding the store's pointer is holding
//! the revision as it was listed, exactly like the copy it replaces.

use std::borrow::Borrow;
use std::ops::Deref;
use std::sync::Arc;

use crate::sim::objects::{ControllerRevision, Object};

/// A ControllerRevision shared with the store (or, after a write, with the server's result).
#[derive(Clone, Debug)]
pub struct SharedRev(Arc<Object>);

impl SharedRev {
    /// Wraps a stored object if it is a ControllerRevision.
    pub fn new(obj: &Arc<Object>) -> Option<SharedRev> {
        matches!(obj.as_ref(), Object::ControllerRevision(_)).then(|| SharedRev(obj.clone()))
    }

    /// Wraps a revision the caller owns (the result of a create or renumbering write).
    pub fn owned(rev: ControllerRevision) -> SharedRev {
        SharedRev(Arc::new(Object::ControllerRevision(rev)))
    }
}

impl Deref for SharedRev {
    type Target = ControllerRevision;

    fn deref(&self) -> &ControllerRevision {
        match self.0.as_ref() {
            Object::ControllerRevision(r) => r,
            _ => unreachable!("SharedRev holds a ControllerRevision (checked in new)"),
        }
    }
}

impl Borrow<ControllerRevision> for SharedRev {
    fn borrow(&self) -> &ControllerRevision {
        self
    }
}

impl PartialEq for SharedRev {
    fn eq(&self, other: &SharedRev) -> bool {
        **self == **other
    }
}
