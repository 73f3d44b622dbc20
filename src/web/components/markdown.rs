//! Turns the lesson engine's Markdown tree (`lesson::markdown::Block`) into DOM nodes. The
//! tree is data, never HTML, so lesson text cannot inject markup; links are already limited to
//! http(s) by the lesson loader and open in a new tab without an opener.

use yew::prelude::*;

use crate::lesson::markdown::{Block, Inline};

/// Render blocks.
pub fn blocks(bs: &[Block]) -> Html {
    html! { <>{ for bs.iter().map(block) }</> }
}

fn block(b: &Block) -> Html {
    match b {
        Block::Paragraph { inlines } => html! { <p>{ inlines_html(inlines) }</p> },
        Block::Heading { level, inlines } => match level {
            1 | 2 => html! { <h3>{ inlines_html(inlines) }</h3> },
            _ => html! { <h4>{ inlines_html(inlines) }</h4> },
        },
        Block::Note { inlines } => html! { <aside class="note">{ inlines_html(inlines) }</aside> },
        Block::Code { text, .. } => html! { <pre class="code"><code>{ text.clone() }</code></pre> },
        Block::List { ordered, items } => {
            let lis = items.iter().map(|i| html! { <li>{ inlines_html(i) }</li> });
            if *ordered {
                html! { <ol>{ for lis }</ol> }
            } else {
                html! { <ul>{ for lis }</ul> }
            }
        }
    }
}

/// Render inline nodes.
pub fn inlines_html(is: &[Inline]) -> Html {
    html! { <>{ for is.iter().map(inline) }</> }
}

fn inline(i: &Inline) -> Html {
    match i {
        Inline::Text { text } => html! { { text.clone() } },
        Inline::Emph { children } => html! { <em>{ inlines_html(children) }</em> },
        Inline::Strong { children } => html! { <strong>{ inlines_html(children) }</strong> },
        Inline::Code { text } => html! { <code>{ text.clone() }</code> },
        Inline::Link { href, children } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inlines_html(children) }</a>
        },
    }
}
