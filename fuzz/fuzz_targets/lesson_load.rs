//! Lesson packs and lesson files (`Pack::load`, `Lesson::load`): either a located error or a
//! pack whose every text renders to a Markdown tree with http(s) links only.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stslab::lesson::markdown::{safe_href, Block, Inline};
use stslab::lesson::{Lesson, Pack};

fn inlines(i: &[Inline]) {
    for x in i {
        match x {
            Inline::Link { href, children } => {
                assert!(safe_href(href), "unsafe link {href:?}");
                inlines(children);
            }
            Inline::Emph { children } | Inline::Strong { children } => inlines(children),
            Inline::Text { .. } | Inline::Code { .. } => {}
        }
    }
}

fn blocks(b: &[Block]) {
    for x in b {
        match x {
            Block::Paragraph { inlines: i }
            | Block::Heading { inlines: i, .. }
            | Block::Note { inlines: i } => inlines(i),
            Block::List { items, .. } => items.iter().for_each(|i| inlines(i)),
            Block::Code { .. } => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Pack::load(&text) {
        Ok(pack) => {
            for l in &pack.lessons {
                for s in &l.steps {
                    for loc in ["en", "zh-CN"] {
                        blocks(&s.text_blocks(loc));
                        s.explain_blocks(loc).iter().for_each(|b| blocks(b));
                        s.hint_blocks(loc, 10).iter().for_each(|b| blocks(b));
                    }
                }
            }
        }
        Err(e) => assert!(e.line >= 1 && e.column >= 1, "unlocated error {e:?}"),
    }
    if let Err(e) = Lesson::load(&text) {
        assert!(e.line >= 1 && e.column >= 1, "unlocated error {e:?}");
    }
    // The markdown renderer on its own, for inputs that are not YAML at all.
    blocks(&stslab::lesson::markdown::render(&text));
});
