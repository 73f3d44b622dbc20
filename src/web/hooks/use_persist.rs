//! Persistence: the session is saved to localStorage (debounced, after the learner pauses),
//! and restored at start from a share link (`?s=`) or the saved copy. A copy that cannot be
//! read is removed and reported; the page then starts fresh instead of going blank.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::lab::RestoreError;
use crate::web::bridge::Session;
use crate::web::hooks::use_pack::{progress_key, saved_progress, stored_pack};
use crate::web::hooks::use_url::{class_link, embed_target, query};
use crate::web::state::RestoreProblem;

/// The localStorage key. The version suffix changes when the saved format does.
pub const STORAGE_KEY: &str = "stslab.session.v1";

/// Wait this long after the last change before writing (typing in the editor changes the
/// session on every key).
const SAVE_DELAY_MS: u32 = 400;

/// The browser's wall clock as RFC 3339 text, for progress records.
fn now_iso() -> String {
    String::from(web_sys::js_sys::Date::new_0().to_iso_string())
}

/// The session to start with, carrying the saved progress and the browser clock.
pub fn initial_session() -> (Session, Option<RestoreProblem>) {
    let (session, problem) = match embed_target() {
        // An embedded step always starts fresh on that step and never touches the learner's
        // saved session (see `use_autosave`).
        Some((lesson, step)) => {
            let mut s = Session::new();
            let problem = s
                .goto_named(&lesson, &step, None)
                .err()
                .map(RestoreProblem::Link);
            (s, problem)
        }
        // A class link on the built-in course starts that exercise (with `?pack=`, the pack
        // hook follows it once the pack has loaded).
        None if query("pack").is_none() => match class_link() {
            Ok(Some(c)) => {
                let mut s = Session::new();
                let problem = s
                    .goto_named(&c.lesson, &c.step, c.seed)
                    .err()
                    .map(RestoreProblem::Link);
                (s, problem)
            }
            Ok(None) => restore(),
            Err(e) => {
                let (s, _) = restore();
                (s, Some(RestoreProblem::Link(e)))
            }
        },
        None => restore(),
    };
    let session = session.with_clock(now_iso);
    // Progress that cannot be read is dropped: it only feeds the checklist marks and export.
    let progress = saved_progress(&session.progress.pack);
    let session = match progress {
        Some(p) => session.with_progress(p),
        None => session,
    };
    (session, problem)
}

/// The share link, else the saved session, else a fresh one. A session that follows a
/// teacher's pack is replayed with the copy of that pack kept from its last load, or, when the
/// address names a pack (`?pack=`), waits for it to arrive.
fn restore() -> (Session, Option<RestoreProblem>) {
    let mut problem = None;
    let teacher = stored_pack();
    let waits = query("pack").is_some();
    if let Some(s) = query("s") {
        match Session::from_share_with(&s, teacher.clone()) {
            Ok(session) => return (session, None),
            Err(RestoreError::NeedsPack(_)) if waits => {
                return (Session::waiting_for_pack(s), None)
            }
            Err(e) => problem = Some(RestoreProblem::Link(e.to_string())),
        }
    }
    if let Ok(Some(saved)) = LocalStorage::raw().get_item(STORAGE_KEY) {
        match Session::from_share_with(&saved, teacher) {
            Ok(session) => return (session, problem),
            Err(RestoreError::NeedsPack(_)) if waits => {
                return (Session::waiting_for_pack(saved), problem)
            }
            Err(e) => {
                let _ = LocalStorage::raw().remove_item(STORAGE_KEY);
                problem = problem.or(Some(RestoreProblem::Saved(e.to_string())));
            }
        }
    }
    (Session::new(), problem)
}

/// Save the session `rev` changes, debounced.
#[hook]
pub fn use_autosave(session: Rc<RefCell<Session>>, rev: u64) {
    let pending = use_mut_ref(|| None::<Timeout>);
    let embedded = use_memo((), |_| embed_target().is_some());
    use_effect_with(rev, move |_| {
        if *embedded {
            return;
        }
        let timeout = Timeout::new(SAVE_DELAY_MS, move || {
            let (text, progress, key) = {
                let s = session.borrow();
                (
                    s.to_share(),
                    s.progress.to_json(),
                    progress_key(&s.progress.pack),
                )
            };
            // A full or blocked storage only costs the autosave; the session itself goes on.
            let _ = LocalStorage::raw().set_item(STORAGE_KEY, &text);
            let _ = LocalStorage::raw().set_item(&key, &progress);
        });
        // Replacing the handle cancels the previous, not yet fired, save.
        *pending.borrow_mut() = Some(timeout);
    });
}
