//! Revision work of one set remembered between syncs (a pure cache, like [`super::cache`]).
//!
//! Every sync builds the update-revision candidate — the template serialised to sorted JSON
//! and hashed (`newRevision`) — and decodes the current and update revisions' stored templates
//! back into pod templates (`applyRevision`). Between two syncs of a set the template and the
//! revisions almost never change, yet those conversions were a large share of a sync. So:
//!
//! - the candidate's data and hash are kept with the template they were computed from, and
//!   reused while the set's template is equal (by value) to it;
//! - a decoded revision template is kept under the revision's uid and resourceVersion: a
//!   stored object with the same uid and resourceVersion is the same stored version, so its
//!   data — and the template decoded from it — is the same.
//!
//! Every answer equals a fresh computation; a cloned controller starts empty.

use serde_json::Value;

use super::history::{data_bytes, new_revision_from, revision_data, revision_template};
use crate::sim::controllers::hash::revision_hash;
use crate::sim::objects::{ControllerRevision, PodTemplateSpec, StatefulSet};

/// Decoded templates kept per set: the current and update revision, plus room for a rollback.
const TEMPLATES_KEPT: usize = 4;

/// See the module docs.
#[derive(Debug, Default)]
pub struct RevisionMemo {
    /// The template the data was computed from, the data, and its canonical bytes.
    data: Option<(PodTemplateSpec, Value, Vec<u8>)>,
    /// Hash of those bytes per collision count (cleared with `data`).
    hashes: Vec<(i32, String)>,
    /// (uid, resourceVersion) of a revision → its decoded template, most recent last.
    templates: Vec<((String, String), PodTemplateSpec)>,
}

impl RevisionMemo {
    /// [`super::history::new_revision`], reusing the data and hash of an equal template.
    pub fn candidate(
        &mut self,
        set: &StatefulSet,
        revision: i64,
        collision_count: i32,
    ) -> ControllerRevision {
        let hash = self.hash(set, collision_count);
        new_revision_from(set, revision, self.data().clone(), hash)
    }

    /// The candidate's data as of the last [`RevisionMemo::hash`] (or `candidate`).
    pub fn data(&self) -> &Value {
        static NULL: Value = Value::Null;
        match &self.data {
            Some((_, data, _)) => data,
            None => &NULL,
        }
    }

    /// The hash the candidate for `set` gets at `collision_count` (the name suffix and the
    /// value of its hash label), remembering its data for [`RevisionMemo::data`]: what a
    /// comparison with the stored revisions needs, without building the candidate.
    pub fn hash(&mut self, set: &StatefulSet, collision_count: i32) -> String {
        let fresh = !matches!(&self.data, Some((t, _, _)) if *t == set.spec.template);
        if fresh {
            let data = revision_data(set);
            let bytes = data_bytes(&data);
            self.data = Some((set.spec.template.clone(), data, bytes));
            self.hashes.clear();
        }
        let Some((_, _, bytes)) = &self.data else {
            unreachable!("set just above")
        };
        match self.hashes.iter().find(|(c, _)| *c == collision_count) {
            Some((_, h)) => h.clone(),
            None => {
                let h = revision_hash(bytes, Some(collision_count));
                self.hashes.push((collision_count, h.clone()));
                h
            }
        }
    }

    /// [`super::history::apply_revision`], decoding each stored revision version once.
    pub fn apply(
        &mut self,
        set: &StatefulSet,
        rev: &ControllerRevision,
    ) -> Result<StatefulSet, String> {
        let m = &rev.metadata;
        let key = (m.uid.clone(), m.resource_version.clone());
        // Only stored revisions (with a uid and resourceVersion) identify their data.
        let keyed = !key.0.is_empty() && !key.1.is_empty();
        let template = match self.templates.iter().find(|(k, _)| keyed && *k == key) {
            Some((_, t)) => t.clone(),
            None => {
                let t = revision_template(rev)?;
                if keyed {
                    if self.templates.len() == TEMPLATES_KEPT {
                        self.templates.remove(0);
                    }
                    self.templates.push((key, t.clone()));
                }
                t
            }
        };
        let mut out = set.clone();
        out.spec.template = template;
        Ok(out)
    }
}
