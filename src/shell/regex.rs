//! A small regular-expression engine for grep, awk and friends (no regex crate).
//!
//! Supports literals, `.`, bracket classes with ranges and negation (and `[:digit:]`-style
//! names), `*`, `+`, `?`, `{n,m}`, anchors `^` `$`, alternation `|` and groups. Both POSIX
//! flavours are parsed: basic (grep's default: `\|`, `\(`, `\)`, `\+`, `\?`, `\{` are the
//! operators) and extended (grep -E, awk). Matching computes the set of end positions for
//! each start, so it finds the POSIX leftmost-longest match without exponential backtracking.

use std::collections::BTreeSet;

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

#[derive(Clone, Debug)]
enum ClassItem {
    Ch(char),
    Range(char, char),
    Named(String),
}

/// A compiled regular expression.
#[derive(Clone, Debug)]
pub struct Regex {
    node: Node,
    icase: bool,
}

/// Which POSIX syntax to parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Basic,
    Extended,
}

struct P<'a> {
    c: Vec<char>,
    i: usize,
    flavor: Flavor,
    _s: &'a str,
}

impl Regex {
    /// Compile `pattern`; the error text is what GNU grep prints after `grep: `.
    pub fn new(pattern: &str, flavor: Flavor, icase: bool) -> Result<Regex, String> {
        let mut p = P {
            c: pattern.chars().collect(),
            i: 0,
            flavor,
            _s: pattern,
        };
        let node = p.alt(0)?;
        if p.i < p.c.len() {
            return Err(if flavor == Flavor::Extended {
                "Unmatched ) or \\)".into()
            } else {
                "Unmatched \\)".into()
            });
        }
        Ok(Regex { node, icase })
    }

    /// Does the pattern match anywhere in `text`?
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// Leftmost-longest match as a char-index range converted to byte offsets.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.find_from(text, 0)
    }

    /// Like [`find`](Self::find), starting at byte offset `from`.
    pub fn find_from(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let start_ci = offsets.iter().position(|&b| b >= from)?;
        for s in start_ci..=chars.len() {
            let ends = self.ends(&self.node, &chars, s);
            if let Some(&e) = ends.iter().next_back() {
                return Some((offsets[s], offsets[e]));
            }
        }
        None
    }

    fn eq(&self, a: char, b: char) -> bool {
        if self.icase {
            a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    }

    fn class_has(&self, items: &[ClassItem], ch: char) -> bool {
        let test = |c: char| {
            items.iter().any(|it| match it {
                ClassItem::Ch(x) => *x == c,
                ClassItem::Range(a, b) => *a <= c && c <= *b,
                ClassItem::Named(n) => match n.as_str() {
                    "digit" => c.is_ascii_digit(),
                    "alpha" => c.is_alphabetic(),
                    "alnum" => c.is_alphanumeric(),
                    "upper" => c.is_uppercase(),
                    "lower" => c.is_lowercase(),
                    "space" => c.is_whitespace(),
                    "blank" => c == ' ' || c == '\t',
                    "punct" => c.is_ascii_punctuation(),
                    "xdigit" => c.is_ascii_hexdigit(),
                    "word" => c.is_alphanumeric() || c == '_',
                    _ => false,
                },
            })
        };
        if self.icase {
            test(ch) || ch.to_lowercase().any(test) || ch.to_uppercase().any(test)
        } else {
            test(ch)
        }
    }

    /// All positions where `node` can end when it starts at `pos`.
    fn ends(&self, node: &Node, t: &[char], pos: usize) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        match node {
            Node::Char(c) => {
                if pos < t.len() && self.eq(t[pos], *c) {
                    out.insert(pos + 1);
                }
            }
            Node::Any => {
                if pos < t.len() && t[pos] != '\n' {
                    out.insert(pos + 1);
                }
            }
            Node::Class { negated, items } => {
                if pos < t.len() && self.class_has(items, t[pos]) != *negated {
                    out.insert(pos + 1);
                }
            }
            Node::Start => {
                if pos == 0 {
                    out.insert(pos);
                }
            }
            Node::End => {
                if pos == t.len() {
                    out.insert(pos);
                }
            }
            Node::Concat(nodes) => {
                let mut cur: BTreeSet<usize> = BTreeSet::from([pos]);
                for n in nodes {
                    let mut next = BTreeSet::new();
                    for &p in &cur {
                        next.extend(self.ends(n, t, p));
                    }
                    if next.is_empty() {
                        return next;
                    }
                    cur = next;
                }
                out = cur;
            }
            Node::Alt(alts) => {
                for a in alts {
                    out.extend(self.ends(a, t, pos));
                }
            }
            Node::Repeat { node, min, max } => {
                let mut cur: BTreeSet<usize> = BTreeSet::from([pos]);
                let mut seen: BTreeSet<usize> = BTreeSet::new();
                if *min == 0 {
                    out.insert(pos);
                }
                let mut i = 0u32;
                loop {
                    i += 1;
                    if max.is_some_and(|m| i > m) {
                        break;
                    }
                    let mut next = BTreeSet::new();
                    for &p in &cur {
                        next.extend(self.ends(node, t, p));
                    }
                    // Past the minimum, positions already reached add nothing new: stop loops.
                    if i > *min {
                        next.retain(|p| !seen.contains(p));
                    }
                    if next.is_empty() {
                        break;
                    }
                    if i >= *min {
                        out.extend(next.iter().copied());
                        seen.extend(next.iter().copied());
                    }
                    cur = next;
                    if i > t.len() as u32 + *min + 1 {
                        break;
                    }
                }
            }
        }
        out
    }
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }
    fn ext(&self) -> bool {
        self.flavor == Flavor::Extended
    }
    /// Is the input at an alternation bar?
    fn at_bar(&self) -> bool {
        if self.ext() {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.c.get(self.i + 1) == Some(&'|')
        }
    }
    fn at_close(&self) -> bool {
        if self.ext() {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.c.get(self.i + 1) == Some(&')')
        }
    }

    fn alt(&mut self, depth: usize) -> Result<Node, String> {
        let mut alts = vec![self.concat(depth)?];
        while self.at_bar() {
            self.i += if self.ext() { 1 } else { 2 };
            alts.push(self.concat(depth)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(vec![]))
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, String> {
        let mut items: Vec<Node> = Vec::new();
        while let Some(c) = self.peek() {
            if self.at_bar() {
                break;
            }
            if self.at_close() {
                if depth == 0 {
                    if self.ext() {
                        // A lone `)` is literal in GNU ERE.
                        self.i += 1;
                        items.push(Node::Char(')'));
                        continue;
                    }
                    return Err("Unmatched ) or \\)".into());
                }
                break;
            }
            let atom = match c {
                '^' if items.is_empty() || self.ext() => {
                    self.i += 1;
                    Node::Start
                }
                '$' if self.ext() || self.i + 1 == self.c.len() || self.at_end_of_branch(1) => {
                    self.i += 1;
                    Node::End
                }
                '.' => {
                    self.i += 1;
                    Node::Any
                }
                '[' => self.class()?,
                '(' if self.ext() => {
                    self.i += 1;
                    let n = self.alt(depth + 1)?;
                    if self.peek() != Some(')') {
                        return Err("Unmatched ( or \\(".into());
                    }
                    self.i += 1;
                    n
                }
                '*' if items.is_empty() => {
                    self.i += 1;
                    Node::Char('*')
                }
                '*' | '+' | '?' | '{' if self.ext() || c == '*' => {
                    let Some(prev) = items.pop() else {
                        return Err("Invalid preceding regular expression".into());
                    };
                    let q = self.quantifier(prev)?;
                    items.push(q);
                    continue;
                }
                '\\' => {
                    let Some(n) = self.c.get(self.i + 1).copied() else {
                        return Err("Trailing backslash".into());
                    };
                    self.i += 2;
                    match n {
                        '(' if !self.ext() => {
                            let node = self.alt(depth + 1)?;
                            if !(self.peek() == Some('\\') && self.c.get(self.i + 1) == Some(&')'))
                            {
                                return Err("Unmatched ( or \\(".into());
                            }
                            self.i += 2;
                            node
                        }
                        '+' | '?' | '{' if !self.ext() => {
                            let Some(prev) = items.pop() else {
                                return Err("Invalid preceding regular expression".into());
                            };
                            self.i -= 1;
                            let q = self.quantifier(prev)?;
                            items.push(q);
                            continue;
                        }
                        'd' => Node::Class {
                            negated: false,
                            items: vec![ClassItem::Named("digit".into())],
                        },
                        'w' => Node::Class {
                            negated: false,
                            items: vec![ClassItem::Named("word".into())],
                        },
                        'W' => Node::Class {
                            negated: true,
                            items: vec![ClassItem::Named("word".into())],
                        },
                        's' => Node::Class {
                            negated: false,
                            items: vec![ClassItem::Named("space".into())],
                        },
                        'S' => Node::Class {
                            negated: true,
                            items: vec![ClassItem::Named("space".into())],
                        },
                        't' => Node::Char('\t'),
                        'n' => Node::Char('\n'),
                        other => Node::Char(other),
                    }
                }
                _ => {
                    self.i += 1;
                    Node::Char(c)
                }
            };
            items.push(atom);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Node::Concat(vec![]))
        } else {
            Node::Concat(items)
        })
    }

    /// In BRE, `$` is an anchor only at the end of the pattern or of a branch.
    fn at_end_of_branch(&self, skip: usize) -> bool {
        let j = self.i + skip;
        j >= self.c.len()
            || (self.c[j] == '\\' && matches!(self.c.get(j + 1), Some('|') | Some(')')))
    }

    fn quantifier(&mut self, prev: Node) -> Result<Node, String> {
        let c = self.peek().unwrap_or('*');
        self.i += 1;
        let (min, max) = match c {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            _ => {
                let start = self.i;
                let close = if self.ext() { "}" } else { "\\}" };
                let rest: String = self.c[start..].iter().collect();
                let Some(end) = rest.find(close) else {
                    return Err("Unmatched \\{".into());
                };
                let body = &rest[..end];
                self.i = start + body.chars().count() + close.len();
                let (a, b) = match body.split_once(',') {
                    Some((a, b)) => (a.trim(), Some(b.trim())),
                    None => (body.trim(), None),
                };
                let min: u32 = if a.is_empty() {
                    0
                } else {
                    a.parse()
                        .map_err(|_| "Invalid content of \\{\\}".to_string())?
                };
                let max = match b {
                    None => Some(min),
                    Some("") => None,
                    Some(b) => Some(
                        b.parse::<u32>()
                            .map_err(|_| "Invalid content of \\{\\}".to_string())?,
                    ),
                };
                if max.is_some_and(|m| m < min) {
                    return Err("Invalid content of \\{\\}".into());
                }
                (min, max)
            }
        };
        Ok(Node::Repeat {
            node: Box::new(prev),
            min,
            max,
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        self.i += 1; // '['
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.i += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err("Unmatched [, [^, [:, [., or [=".into());
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == '[' && self.c.get(self.i + 1) == Some(&':') {
                let rest: String = self.c[self.i + 2..].iter().collect();
                if let Some(end) = rest.find(":]") {
                    items.push(ClassItem::Named(rest[..end].to_string()));
                    self.i += 2 + end + 2;
                    continue;
                }
            }
            self.i += 1;
            if self.peek() == Some('-') && self.c.get(self.i + 1).is_some_and(|&n| n != ']') {
                let hi = self.c[self.i + 1];
                self.i += 2;
                if hi < c {
                    return Err("Invalid range end".into());
                }
                items.push(ClassItem::Range(c, hi));
            } else {
                items.push(ClassItem::Ch(c));
            }
        }
        Ok(Node::Class { negated, items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, f: Flavor, t: &str) -> bool {
        Regex::new(p, f, false).unwrap().is_match(t)
    }

    #[test]
    fn guide_patterns() {
        assert!(m("web-[3-9]", Flavor::Extended, "www-web-3"));
        assert!(!m("web-[3-9]", Flavor::Extended, "www-web-2"));
        assert!(m("www-web-", Flavor::Basic, "www-web-0   Bound"));
        assert!(m("serviceName", Flavor::Basic, "  serviceName: nginx-svc"));
    }

    #[test]
    fn operators() {
        assert!(m("^ab+c$", Flavor::Extended, "abbbc"));
        assert!(!m("^ab+c$", Flavor::Extended, "ac"));
        assert!(m("ab+c", Flavor::Basic, "ab+c"));
        assert!(m("ab\\+c", Flavor::Basic, "abbc"));
        assert!(m("Running|Pending", Flavor::Extended, "web-0 Pending"));
        assert!(m("Running\\|Pending", Flavor::Basic, "web-0 Pending"));
        assert!(m("(ab)*x", Flavor::Extended, "ababx"));
        assert!(m("colou?r", Flavor::Extended, "color"));
        assert!(m("^[^#]", Flavor::Basic, "a"));
        assert!(!m("^[^#]", Flavor::Basic, "#a"));
        assert!(m("a{2,3}", Flavor::Extended, "caab"));
        assert!(m("[[:digit:]]+", Flavor::Extended, "x9"));
        assert!(Regex::new("WEB", Flavor::Basic, true)
            .unwrap()
            .is_match("web-0"));
    }

    #[test]
    fn leftmost_longest() {
        let r = Regex::new("web-[0-9]+|web", Flavor::Extended, false).unwrap();
        assert_eq!(r.find("x web-12 y"), Some((2, 8)));
        let r = Regex::new("a*", Flavor::Extended, false).unwrap();
        assert_eq!(r.find("bbb"), Some((0, 0)));
    }

    #[test]
    fn errors() {
        assert!(Regex::new("[abc", Flavor::Basic, false).is_err());
        assert!(Regex::new("(ab", Flavor::Extended, false).is_err());
        assert!(Regex::new("ab\\", Flavor::Basic, false).is_err());
    }
}
