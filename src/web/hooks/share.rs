//! The Share button's effect: build the link that reproduces the session and copy it to the
//! clipboard, reporting success or failure through the page's status line.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::Callback;

use crate::web::hooks::use_url::address_with;
use crate::web::i18n::{Lang, K};
use crate::web::state::UiAction;

/// Copy the share link for `encoded` (the lab's share encoding) and show it.
pub fn share(encoded: &str, lang: Lang, on_ui: Callback<UiAction>) {
    let Some(url) = address_with(lang, Some(encoded)) else {
        return;
    };
    on_ui.emit(UiAction::ShareLink(Some(url.clone())));
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(&url);
    let ok_ui = on_ui.clone();
    let ok = Closure::once(move |_: JsValue| {
        ok_ui.emit(UiAction::Status(Some(K::ShareCopied)));
    });
    let err = Closure::once(move |_: JsValue| {
        on_ui.emit(UiAction::Status(Some(K::ShareFailed)));
    });
    let _ = promise.then2(&ok, &err);
    // The promise calls one of them later; they are two small closures per Share click.
    ok.forget();
    err.forget();
}
