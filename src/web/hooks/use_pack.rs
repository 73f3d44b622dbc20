//! Teachers' lesson packs: `?pack=URL` (this site, or an https origin that allows CORS) or a
//! file the learner picks in the lesson panel. The text is parsed by `lesson::Pack::load` as data
//! only: Markdown without raw HTML, links limited to http(s). Nothing in a pack can run code, and
//! the one request this makes is for the pack the learner asked for.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{FileReader, HtmlInputElement, XmlHttpRequest};
use yew::prelude::*;

use crate::lesson::{Pack, Progress};
use crate::web::bridge::{Action, ClassLink};
use crate::web::hooks::use_url::{class_link, query};

/// Where a pack's progress is kept (one key per pack id).
pub fn progress_key(pack_id: &str) -> String {
    format!("stslab.progress.v1:{pack_id}")
}

/// The saved progress for `pack_id`, if readable.
pub fn saved_progress(pack_id: &str) -> Option<Progress> {
    let text = LocalStorage::raw()
        .get_item(&progress_key(pack_id))
        .ok()??;
    Progress::from_json(&text).ok()
}

/// Where the text of the last teacher's pack loaded is kept, so that a saved session that
/// follows it can be replayed after a reload, offline or when it came from a local file.
const PACK_KEY: &str = "stslab.pack.v1";

/// The teacher's pack kept by the last load, if it still reads.
pub fn stored_pack() -> Option<Rc<Pack>> {
    let text = LocalStorage::raw().get_item(PACK_KEY).ok()??;
    Pack::load(&text).ok().map(Rc::new)
}

/// Parse pack text into the action that switches to it (starting at `start`, a class link's
/// lesson, step and seed); errors name the source and position.
fn to_action(source: &str, text: &str, start: Option<ClassLink>) -> Result<Action, String> {
    let pack = Pack::load(text).map_err(|e| format!("{source}:{e}"))?;
    // A full or blocked storage only costs the restore of this pack after a reload.
    let _ = LocalStorage::raw().set_item(PACK_KEY, text);
    let progress = saved_progress(&pack.id);
    Ok(Action::UsePack {
        pack: Rc::new(pack),
        progress,
        start,
    })
}

/// Load `?pack=URL` once at start. The result is an action, or a message for the page.
#[hook]
pub fn use_pack_from_url(on_action: Callback<Action>, on_error: Callback<String>) {
    use_effect_with((), move |_| {
        if let Some(url) = query("pack") {
            // Read now: the address drops the class link once the page has started.
            match class_link() {
                Ok(start) => fetch(url, start, on_action, on_error),
                Err(e) => on_error.emit(e),
            }
        }
    });
}

fn fetch(
    url: String,
    start: Option<ClassLink>,
    on_action: Callback<Action>,
    on_error: Callback<String>,
) {
    let Ok(xhr) = XmlHttpRequest::new() else {
        on_error.emit(format!("{url}: this browser cannot load files"));
        return;
    };
    if xhr.open_with_async("GET", &url, true).is_err() {
        on_error.emit(format!("{url}: not an address the page can load"));
        return;
    }
    let req = xhr.clone();
    let done = Closure::once_into_js(move || {
        let status = req.status().unwrap_or(0);
        let text = req.response_text().ok().flatten().unwrap_or_default();
        match status {
            200..=299 => match to_action(&url, &text, start) {
                Ok(a) => on_action.emit(a),
                Err(e) => on_error.emit(e),
            },
            // 0: the network failed or the other site does not allow CORS.
            0 => on_error.emit(format!(
                "{url}: could not be loaded (offline, or the site does not allow cross-origin requests)"
            )),
            s => on_error.emit(format!("{url}: the server answered HTTP {s}")),
        }
    });
    xhr.set_onloadend(Some(done.unchecked_ref()));
    if xhr.send().is_err() {
        // onloadend still fires with status 0 and reports it.
    }
}

/// The `onchange` of a file input: read the picked file as a pack.
pub fn on_file(on_action: Callback<Action>, on_error: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Ok(reader) = FileReader::new() else {
            return;
        };
        let name = file.name();
        let r = reader.clone();
        let (on_action, on_error) = (on_action.clone(), on_error.clone());
        let done = Closure::once_into_js(move || {
            let text = r
                .result()
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match to_action(&name, &text, None) {
                Ok(a) => on_action.emit(a),
                Err(e) => on_error.emit(e),
            }
        });
        reader.set_onloadend(Some(done.unchecked_ref()));
        let _ = reader.read_as_text(&file);
        // The same file can be picked again after fixing it.
        input.set_value("");
    })
}
