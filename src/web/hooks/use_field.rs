//! Text fields that the learner types into and the core can also change (the editor when a file
//! opens or Undo runs; a terminal's input when a snippet, the history or Tab fills it).
//!
//! A field bound with `value=` is rewritten on every render, and renders lag keystrokes: a
//! render with the state from two keys ago would wipe the last key. So the field is left alone
//! while it is the source of its own value, and written only when the value it should show is
//! one it never reported (a change from the core).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Keep the textarea behind `field` showing `value`; returns the callback its `oninput`
/// must call with the text it reports.
#[hook]
pub fn use_field_value(field: NodeRef, value: String) -> Callback<String> {
    let reported: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    {
        let reported = Rc::clone(&reported);
        use_effect_with(value, move |value| {
            if reported.borrow().as_deref() != Some(value.as_str()) {
                if let Some(el) = field.cast::<HtmlTextAreaElement>() {
                    if el.value() != *value {
                        el.set_value(value);
                    }
                }
                *reported.borrow_mut() = Some(value.clone());
            }
        });
    }
    Callback::from(move |text: String| *reported.borrow_mut() = Some(text))
}
