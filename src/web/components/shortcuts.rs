//! The keyboard-shortcut sheet shown by `?`: a modal dialog listing the keys the terminal,
//! the editor and the page understand.

use yew::prelude::*;

use crate::web::i18n::{t, Lang, K};

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[component]
pub fn Shortcuts(p: &ShortcutsProps) -> Html {
    let lang = p.lang;
    let rows = [
        ("Enter", K::KeysEnter),
        ("↑ / ↓", K::KeysHistory),
        ("Tab", K::KeysTab),
        ("Ctrl+C", K::KeysCtrlC),
        ("Ctrl+L", K::KeysCtrlL),
        ("Ctrl+Enter / ⌘+Enter", K::KeysApply),
        ("Space", K::KeysSpace),
        ("?", K::KeysHelp),
    ];
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <div class="sheet-backdrop">
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
                <h2 id="sheet-title">{ t(lang, K::Shortcuts) }</h2>
                <table>
                    { for rows.iter().map(|(keys, k)| html! {
                        <tr><th scope="row"><kbd>{ *keys }</kbd></th><td>{ t(lang, *k) }</td></tr>
                    }) }
                </table>
                <button class="btn primary" onclick={close} autofocus=true>{ t(lang, K::Close) }</button>
            </div>
        </div>
    }
}
