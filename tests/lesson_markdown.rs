//! The Markdown subset renders to data, never HTML, and unsafe links never become links.
use stslab::lesson::markdown::{plain, problems, render, safe_href, Block, Inline};

#[test]
fn paragraphs_lists_code_and_notes() {
    let b = render("Hello *world* and **bold** with `kubectl get pods`.\n\n- one\n- two `x`\n\n```yaml\nkind: Pod\n```\n\n> note\n> more\n");
    assert_eq!(b.len(), 4);
    match &b[0] {
        Block::Paragraph { inlines } => {
            assert!(matches!(inlines[1], Inline::Emph { .. }));
            assert!(matches!(inlines[3], Inline::Strong { .. }));
            assert_eq!(
                inlines[5],
                Inline::Code {
                    text: "kubectl get pods".into()
                }
            );
            assert_eq!(
                plain(inlines),
                "Hello world and bold with kubectl get pods."
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&b[1], Block::List { ordered: false, items } if items.len() == 2));
    assert_eq!(
        b[2],
        Block::Code {
            lang: Some("yaml".into()),
            text: "kind: Pod".into()
        }
    );
    assert!(matches!(&b[3], Block::Note { inlines } if plain(inlines) == "note more"));
}

#[test]
fn html_stays_text_and_bad_links_are_dropped() {
    let b = render(
        "<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://kubernetes.io/docs/)",
    );
    let Block::Paragraph { inlines } = &b[0] else {
        panic!()
    };
    assert!(matches!(&inlines[0], Inline::Text { text } if text.starts_with("<script>")));
    let links: Vec<_> = inlines
        .iter()
        .filter(|i| matches!(i, Inline::Link { .. }))
        .collect();
    assert_eq!(links.len(), 1);
    assert!(matches!(links[0], Inline::Link { href, .. } if href == "https://kubernetes.io/docs/"));
    assert_eq!(problems("[x](javascript:alert(1))").len(), 1);
    assert_eq!(problems("[x](data:text/html,hi)").len(), 1);
    assert!(!safe_href("JAVASCRIPT:alert(1)"));
    assert!(!safe_href("https://a b"));
}

#[test]
fn chinese_lines_join_without_spaces_and_underscores_stay() {
    let b = render("第一行\n第二行 MYSQL_ROOT_PASSWORD\nnext");
    let Block::Paragraph { inlines } = &b[0] else {
        panic!()
    };
    assert_eq!(plain(inlines), "第一行第二行 MYSQL_ROOT_PASSWORD next");
}

#[test]
fn unclosed_markers_are_text_and_never_panic() {
    for s in [
        "*", "**", "`", "[", "[a](", "```", "- ", "1. ", "#", "> ", "\\", "*a", "`a``",
    ] {
        let _ = render(s);
    }
    assert_eq!(problems("```\ncode").len(), 1);
}
