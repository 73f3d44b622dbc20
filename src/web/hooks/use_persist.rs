//! Persistence: the session is saved to localStorage (debounced, after the learner pauses),
//! and restored at start from a share link (`?s=`) or the saved copy. A copy that cannot be
//! read is removed and reported; the page then starts fresh instead of going blank.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::web::bridge::Session;
use crate::web::hooks::use_url::query;
use crate::web::state::RestoreProblem;

/// The localStorage key. The version suffix changes when the saved format does.
pub const STORAGE_KEY: &str = "stslab.session.v1";

/// Wait this long after the last change before writing (typing in the editor changes the
/// session on every key).
const SAVE_DELAY_MS: u32 = 400;

/// The session to start with: the share link, else the saved session, else a fresh one.
pub fn initial_session() -> (Session, Option<RestoreProblem>) {
    let mut problem = None;
    if let Some(s) = query("s") {
        match Session::from_share(&s) {
            Ok(session) => return (session, None),
            Err(e) => problem = Some(RestoreProblem::Link(e)),
        }
    }
    if let Ok(Some(saved)) = LocalStorage::raw().get_item(STORAGE_KEY) {
        match Session::from_share(&saved) {
            Ok(session) => return (session, problem),
            Err(e) => {
                let _ = LocalStorage::raw().remove_item(STORAGE_KEY);
                problem = problem.or(Some(RestoreProblem::Saved(e)));
            }
        }
    }
    (Session::new(), problem)
}

/// Save the session `rev` changes, debounced.
#[hook]
pub fn use_autosave(session: Rc<RefCell<Session>>, rev: u64) {
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(rev, move |_| {
        let timeout = Timeout::new(SAVE_DELAY_MS, move || {
            let text = session.borrow().to_share();
            // A full or blocked storage only costs the autosave; the session itself goes on.
            let _ = LocalStorage::raw().set_item(STORAGE_KEY, &text);
        });
        // Replacing the handle cancels the previous, not yet fired, save.
        *pending.borrow_mut() = Some(timeout);
    });
}
