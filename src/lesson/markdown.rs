//! A tiny, safe Markdown subset rendered to a plain data tree (the web helper turns the tree into
//! DOM nodes; nothing here ever produces HTML). Supported: paragraphs, `#` headings, `> ` notes,
//! `*emphasis*`, `**strong**`, `` `code` ``, fenced code blocks, `-`/`*`/`1.` lists (one level),
//! and `[text](https://…)` links. Raw HTML is just text. A link whose target is not http(s)
//! (e.g. `javascript:`) is dropped to its text, and [`problems`] reports it so the loader can
//! reject the lesson. `_` is deliberately not emphasis: names like `MYSQL_ROOT_PASSWORD` are common.

use serde::Serialize;

/// A block-level node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
    },
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    /// A `> ` callout (rendered as a note box).
    Note {
        inlines: Vec<Inline>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// An inline node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        children: Vec<Inline>,
    },
    Strong {
        children: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `href` is always `http://` or `https://`.
    Link {
        href: String,
        children: Vec<Inline>,
    },
}

/// Render Markdown source into blocks. Never fails: anything unrecognised is text.
pub fn render(src: &str) -> Vec<Block> {
    parse(src, &mut Vec::new())
}

/// Problems an author should fix (rejected links, unclosed code fences). Empty when clean.
pub fn problems(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    parse(src, &mut out);
    out
}

fn parse(src: &str, problems: &mut Vec<String>) -> Vec<Block> {
    let lines: Vec<&str> = src.lines().collect();
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut i = 0;
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>, problems: &mut Vec<String>| {
        if !para.is_empty() {
            let text = join_lines(para);
            blocks.push(Block::Paragraph {
                inlines: inline(&text, problems),
            });
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        if let Some(info) = t.strip_prefix("```") {
            flush(&mut para, &mut blocks, problems);
            let lang = info.split_whitespace().next().map(str::to_string);
            let mut body = Vec::new();
            i += 1;
            let mut closed = false;
            while i < lines.len() {
                if lines[i].trim_start().starts_with("```") {
                    closed = true;
                    break;
                }
                body.push(lines[i]);
                i += 1;
            }
            if !closed {
                problems.push("code block opened with ``` is never closed".into());
            }
            blocks.push(Block::Code {
                lang,
                text: body.join("\n"),
            });
            i += 1;
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut blocks, problems);
            i += 1;
            continue;
        }
        if let Some((level, rest)) = heading(t) {
            flush(&mut para, &mut blocks, problems);
            blocks.push(Block::Heading {
                level,
                inlines: inline(rest, problems),
            });
            i += 1;
            continue;
        }
        if t.starts_with('>') {
            flush(&mut para, &mut blocks, problems);
            let mut body = Vec::new();
            while i < lines.len() {
                let l = lines[i].trim_start();
                match l.strip_prefix('>') {
                    Some(rest) => body.push(rest.strip_prefix(' ').unwrap_or(rest)),
                    None => break,
                }
                i += 1;
            }
            blocks.push(Block::Note {
                inlines: inline(&join_lines(&body), problems),
            });
            continue;
        }
        if let Some((ordered, first)) = list_item(t) {
            flush(&mut para, &mut blocks, problems);
            let mut items: Vec<Vec<&str>> = vec![vec![first]];
            i += 1;
            while i < lines.len() {
                let l = lines[i];
                let lt = l.trim_start();
                if lt.is_empty() {
                    // A blank line ends the list unless the next line is another item.
                    match lines.get(i + 1).map(|n| list_item(n.trim_start())) {
                        Some(Some((o, _))) if o == ordered => {
                            i += 1;
                            continue;
                        }
                        _ => break,
                    }
                }
                match list_item(lt) {
                    Some((o, rest)) if o == ordered && l.len() - lt.len() < 2 => {
                        items.push(vec![rest])
                    }
                    _ if l.starts_with("  ") || l.starts_with('\t') => {
                        if let Some(cur) = items.last_mut() {
                            cur.push(lt)
                        }
                    }
                    _ if lt.starts_with("```") || lt.starts_with('#') => break,
                    _ => {
                        // Lazy continuation of the current item.
                        if let Some(cur) = items.last_mut() {
                            cur.push(lt)
                        }
                    }
                }
                i += 1;
            }
            blocks.push(Block::List {
                ordered,
                items: items
                    .iter()
                    .map(|ls| inline(&join_lines(ls), problems))
                    .collect(),
            });
            continue;
        }
        para.push(t);
        i += 1;
    }
    flush(&mut para, &mut blocks, problems);
    blocks
}

fn heading(t: &str) -> Option<(u8, &str)> {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if let Some(r) = rest.strip_prefix(' ') {
            return Some((hashes as u8, r.trim()));
        }
    }
    None
}

fn list_item(t: &str) -> Option<(bool, &str)> {
    for b in ["- ", "* ", "+ "] {
        if let Some(r) = t.strip_prefix(b) {
            return Some((false, r));
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 4 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ") {
            return Some((true, r));
        }
    }
    None
}

/// Join soft-wrapped lines: a space between Latin words, nothing between CJK characters
/// (a Chinese paragraph wrapped in the source must not gain stray spaces).
fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), l.chars().next()) {
            if !(is_cjk(a) && is_cjk(b)) {
                out.push(' ');
            }
        }
        out.push_str(l);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// True for targets the renderer accepts as links.
pub fn safe_href(href: &str) -> bool {
    let h = href.trim();
    (h.starts_with("https://") || h.starts_with("http://"))
        && h.len() > "http://".len()
        && !h
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}

fn inline(src: &str, problems: &mut Vec<String>) -> Vec<Inline> {
    let chars: Vec<char> = src.chars().collect();
    inline_chars(&chars, problems)
}

fn inline_chars(c: &[char], problems: &mut Vec<String>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let push_text = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text {
                text: std::mem::take(text),
            });
        }
    };
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\\' && i + 1 < c.len() && c[i + 1].is_ascii_punctuation() {
            text.push(c[i + 1]);
            i += 2;
            continue;
        }
        if ch == '`' {
            // A run of N backticks closes with the same run (so `` `a` `` can show backticks).
            let n = c[i..].iter().take_while(|&&x| x == '`').count();
            if let Some(end) = find_run(c, i + n, '`', n) {
                push_text(&mut text, &mut out);
                let code: String = c[i + n..end].iter().collect();
                let code = if n > 1 { code.trim().to_string() } else { code };
                out.push(Inline::Code { text: code });
                i = end + n;
                continue;
            }
            text.extend(&c[i..i + n]);
            i += n;
            continue;
        }
        if ch == '*' {
            let strong = c.get(i + 1) == Some(&'*');
            let n = if strong { 2 } else { 1 };
            if c.get(i + n).is_some_and(|x| !x.is_whitespace()) {
                if let Some(end) = find_run(c, i + n, '*', n) {
                    if end > i + n && !c[end - 1].is_whitespace() {
                        push_text(&mut text, &mut out);
                        let children = inline_chars(&c[i + n..end], problems);
                        out.push(if strong {
                            Inline::Strong { children }
                        } else {
                            Inline::Emph { children }
                        });
                        i = end + n;
                        continue;
                    }
                }
            }
            text.extend(&c[i..i + n]);
            i += n;
            continue;
        }
        if ch == '[' {
            if let Some((label_end, url_end)) = link_at(c, i) {
                let label = &c[i + 1..label_end];
                let href: String = c[label_end + 2..url_end].iter().collect();
                let children = inline_chars(label, problems);
                push_text(&mut text, &mut out);
                if safe_href(&href) {
                    out.push(Inline::Link {
                        href: href.trim().to_string(),
                        children,
                    });
                } else {
                    problems.push(format!(
                        "link target {href:?} is not an http(s) URL; it is shown as plain text"
                    ));
                    out.extend(children);
                }
                i = url_end + 1;
                continue;
            }
        }
        text.push(ch);
        i += 1;
    }
    push_text(&mut text, &mut out);
    out
}

/// Index of the next run of exactly `n` copies of `m` at or after `from`.
fn find_run(c: &[char], from: usize, m: char, n: usize) -> Option<usize> {
    let mut j = from;
    while j + n <= c.len() {
        if c[j..j + n].iter().all(|&x| x == m) && c.get(j + n) != Some(&m) {
            return Some(j);
        }
        if c[j] == m {
            // Skip a longer run as a whole.
            while j < c.len() && c[j] == m {
                j += 1;
            }
        } else {
            j += 1;
        }
    }
    None
}

/// For `[label](url)` starting at `i`, the index of `]` and of `)`.
fn link_at(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut j = i;
    while j < c.len() {
        match c[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= c.len() || c.get(j + 1) != Some(&'(') {
        return None;
    }
    let close = c[j + 2..].iter().position(|&x| x == ')')? + j + 2;
    Some((j, close))
}

/// The plain text of inlines (for labels, screen-reader text and tests).
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text } => s.push_str(text),
            Inline::Emph { children } | Inline::Strong { children } => s.push_str(&plain(children)),
            Inline::Link { children, .. } => s.push_str(&plain(children)),
        }
    }
    s
}
