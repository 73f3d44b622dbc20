//! Page-wide keys: `?` toggles the shortcut sheet, Escape closes it, Space plays or pauses the
//! clock. They only act when the focus is not in a text field, so typing `?` or a space in the
//! terminal or the editor stays typing.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::web::state::UiAction;

#[hook]
pub fn use_global_keys(playing: bool, on_ui: Callback<UiAction>) {
    use_effect_with(playing, move |&playing| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new(&doc, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.key() == "Escape" {
                    on_ui.emit(UiAction::CloseSheet);
                    return;
                }
                if in_text_field(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                match e.key().as_str() {
                    "?" => {
                        e.prevent_default();
                        on_ui.emit(UiAction::ToggleSheet);
                    }
                    " " => {
                        e.prevent_default();
                        on_ui.emit(UiAction::SetPlaying(!playing));
                    }
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
}

fn in_text_field(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    matches!(
        el.tag_name().as_str(),
        "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
    )
}
