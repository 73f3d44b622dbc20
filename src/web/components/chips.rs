//! Tap-to-insert command chips for phones, where typing `kubectl get pods -w` is slow. A tap
//! puts the command into the active terminal's input; the learner still presses Enter.

use yew::prelude::*;

use crate::web::i18n::{t, Lang, K};

#[derive(Properties, PartialEq)]
pub struct ChipsProps {
    pub commands: Vec<AttrValue>,
    pub lang: Lang,
    pub on_insert: Callback<String>,
}

#[component]
pub fn Chips(p: &ChipsProps) -> Html {
    html! {
        <nav class="chips" aria-label={t(p.lang, K::Commands)}>
            { for p.commands.iter().map(|c| {
                let on_insert = p.on_insert.clone();
                let text = c.to_string();
                html! { <button class="chip" onclick={move |_| on_insert.emit(text.clone())}>{ c.clone() }</button> }
            }) }
        </nav>
    }
}
