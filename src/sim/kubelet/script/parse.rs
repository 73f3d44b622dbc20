//! Lexer and parser for the `sh -c` scripts containers run (init containers above all).
//!
//! The simulator's core may not depend on the host shell (`src/shell`, see ARCHITECTURE.md), so
//! this is a deliberately small POSIX-sh subset: words with single/double quotes, `$VAR`,
//! `${VAR}`, `$?`, `$(...)`; the operators `;` `&` newline `&&` `||` `|` `!`; redirections
//! `>` `>>` `<` with an optional fd (`2>`) and duplication (`2>&1`, `>&2`); and the compound
//! commands `if/elif/else/fi`, `while`/`until … do … done` and `{ …; }`.

/// One piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is never field-split or globbed.
    Lit { text: String, quoted: bool },
    /// `$NAME` / `${NAME}` / `$?`.
    Var { name: String, quoted: bool },
    /// `$(...)` or backquotes, the inner script unparsed.
    Sub { script: String, quoted: bool },
}

pub type Word = Vec<Part>;

/// Where a redirection points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    File(Word),
    /// `>&N`
    Fd(u8),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u8,
    /// `<` (input) rather than `>`/`>>`.
    pub input: bool,
    pub append: bool,
    pub target: Target,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple {
        words: Vec<Word>,
        redirs: Vec<Redir>,
    },
    If {
        /// (condition, body) for `if` and each `elif`.
        arms: Vec<(Vec<Item>, Vec<Item>)>,
        otherwise: Option<Vec<Item>>,
    },
    Loop {
        until: bool,
        cond: Vec<Item>,
        body: Vec<Item>,
    },
    Group(Vec<Item>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negate: bool,
    pub cmds: Vec<Command>,
}

/// `a && b || c`: the first pipeline, then (is_and, pipeline) pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub first: Pipeline,
    pub rest: Vec<(bool, Pipeline)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    /// `;` `&` `\n` `&&` `||` `|` `>` `>>` `<` (with fd), `>&`.
    Op(String, u8),
}

fn push_lit(word: &mut Word, c: char, quoted: bool) {
    if let Some(Part::Lit { text, quoted: q }) = word.last_mut() {
        if *q == quoted {
            text.push(c);
            return;
        }
    }
    word.push(Part::Lit {
        text: c.to_string(),
        quoted,
    });
}

/// Read a `$...` expansion starting after the `$`; returns the part and the new index.
fn dollar(chars: &[char], mut i: usize, quoted: bool) -> Result<(Part, usize), String> {
    match chars.get(i) {
        Some('(') => {
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            let mut q: Option<char> = None;
            while i < chars.len() {
                let c = chars[i];
                match (q, c) {
                    (Some(qc), _) if c == qc => q = None,
                    (Some(_), _) => {}
                    (None, '\'' | '"') => q = Some(c),
                    (None, '(') => depth += 1,
                    (None, ')') => {
                        depth -= 1;
                        if depth == 0 {
                            let script: String = chars[start..i].iter().collect();
                            return Ok((Part::Sub { script, quoted }, i + 1));
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err("unterminated $(".into())
        }
        Some('{') => {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '}')
                .ok_or("missing '}'")?;
            let name: String = chars[i + 1..i + end].iter().collect();
            Ok((Part::Var { name, quoted }, i + end + 1))
        }
        Some(c) if matches!(c, '?' | '$' | '#' | '0'..='9') => Ok((
            Part::Var {
                name: c.to_string(),
                quoted,
            },
            i + 1,
        )),
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            Ok((
                Part::Var {
                    name: chars[start..i].iter().collect(),
                    quoted,
                },
                i,
            ))
        }
        // A lone `$` is literal.
        _ => Ok((
            Part::Lit {
                text: "$".into(),
                quoted,
            },
            i,
        )),
    }
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut word: Word = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    macro_rules! end_word {
        () => {
            if in_word {
                toks.push(Tok::Word(std::mem::take(&mut word)));
                in_word = false;
            }
        };
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => {
                end_word!();
                i += 1;
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' => {
                if chars.get(i + 1) == Some(&'\n') {
                    i += 2;
                    continue;
                }
                if let Some(n) = chars.get(i + 1) {
                    push_lit(&mut word, *n, true);
                }
                in_word = true;
                i += 2;
            }
            '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '\'')
                    .ok_or("unterminated quoted string")?;
                if end == 0 {
                    word.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                }
                for ch in &chars[i + 1..i + 1 + end] {
                    push_lit(&mut word, *ch, true);
                }
                in_word = true;
                i += end + 2;
            }
            '"' => {
                in_word = true;
                i += 1;
                let before = word.len();
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated quoted string".into()),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            push_lit(&mut word, chars[i + 1], true);
                            i += 2;
                        }
                        Some('$') => {
                            let (p, n) = dollar(&chars, i + 1, true)?;
                            word.push(p);
                            i = n;
                        }
                        Some(ch) => {
                            push_lit(&mut word, *ch, true);
                            i += 1;
                        }
                    }
                }
                if word.len() == before {
                    word.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                }
            }
            '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '`')
                    .ok_or("unterminated `")?;
                word.push(Part::Sub {
                    script: chars[i + 1..i + 1 + end].iter().collect(),
                    quoted: false,
                });
                in_word = true;
                i += end + 2;
            }
            '$' => {
                let (p, n) = dollar(&chars, i + 1, false)?;
                word.push(p);
                in_word = true;
                i = n;
            }
            ';' | '\n' | '&' | '|' | '>' | '<' => {
                // `2>`: a word made only of one digit right before a redirection is its fd.
                let mut fd = if c == '<' { 0 } else { 1 };
                if matches!(c, '>' | '<') && in_word {
                    if let [Part::Lit {
                        text,
                        quoted: false,
                    }] = word.as_slice()
                    {
                        if text.len() == 1 && text.as_bytes()[0].is_ascii_digit() {
                            fd = text.as_bytes()[0] - b'0';
                            word.clear();
                            in_word = false;
                        }
                    }
                }
                end_word!();
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = match two.as_str() {
                    "&&" | "||" | ">>" | ">&" => two,
                    _ => c.to_string(),
                };
                i += op.chars().count();
                toks.push(Tok::Op(op, fd));
            }
            '(' | ')' => return Err(format!("syntax error: unexpected \"{c}\"")),
            _ => {
                push_lit(&mut word, c, false);
                in_word = true;
                i += 1;
            }
        }
    }
    if in_word {
        toks.push(Tok::Word(word));
    }
    Ok(toks)
}

/// The word as plain text if it is one unquoted literal (how reserved words are recognised).
fn keyword(w: &Word) -> Option<&str> {
    match w.as_slice() {
        [Part::Lit {
            text,
            quoted: false,
        }] => Some(text),
        _ => None,
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_kw(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => keyword(w),
            _ => None,
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), String> {
        if self.peek_kw() == Some(kw) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("syntax error: expected \"{kw}\""))
        }
    }

    fn skip_separators(&mut self) {
        while matches!(self.peek(), Some(Tok::Op(o, _)) if o == ";" || o == "\n" || o == "&") {
            self.pos += 1;
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Op(o, _)) if o == "\n") {
            self.pos += 1;
        }
    }

    /// Items until EOF or one of the reserved words in `stop` (at command position).
    fn list(&mut self, stop: &[&str]) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            match self.peek() {
                None => break,
                Some(Tok::Word(w)) if keyword(w).is_some_and(|k| stop.contains(&k)) => break,
                _ => {}
            }
            items.push(self.and_or()?);
        }
        Ok(items)
    }

    fn and_or(&mut self) -> Result<Item, String> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        while let Some(Tok::Op(o, _)) = self.peek() {
            let and = match o.as_str() {
                "&&" => true,
                "||" => false,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((and, self.pipeline()?));
        }
        Ok(Item { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, String> {
        let negate = self.peek_kw() == Some("!");
        if negate {
            self.pos += 1;
        }
        let mut cmds = vec![self.command()?];
        while matches!(self.peek(), Some(Tok::Op(o, _)) if o == "|") {
            self.pos += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(Pipeline { negate, cmds })
    }

    fn command(&mut self) -> Result<Command, String> {
        match self.peek_kw() {
            Some("if") => {
                self.pos += 1;
                let mut arms = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.list(&["then"])?;
                    self.expect_kw("then")?;
                    let body = self.list(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match self.peek_kw() {
                        Some("elif") => self.pos += 1,
                        Some("else") => {
                            self.pos += 1;
                            otherwise = Some(self.list(&["fi"])?);
                            self.expect_kw("fi")?;
                            break;
                        }
                        _ => {
                            self.expect_kw("fi")?;
                            break;
                        }
                    }
                }
                Ok(Command::If { arms, otherwise })
            }
            Some(kw @ ("while" | "until")) => {
                let until = kw == "until";
                self.pos += 1;
                let cond = self.list(&["do"])?;
                self.expect_kw("do")?;
                let body = self.list(&["done"])?;
                self.expect_kw("done")?;
                Ok(Command::Loop { until, cond, body })
            }
            Some("{") => {
                self.pos += 1;
                let body = self.list(&["}"])?;
                self.expect_kw("}")?;
                Ok(Command::Group(body))
            }
            _ => self.simple(),
        }
    }

    fn simple(&mut self) -> Result<Command, String> {
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        while let Some(t) = self.peek().cloned() {
            match t {
                Tok::Word(w) => {
                    words.push(w);
                    self.pos += 1;
                }
                Tok::Op(o, fd) if matches!(o.as_str(), ">" | ">>" | "<" | ">&") => {
                    self.pos += 1;
                    let Some(Tok::Word(target)) = self.peek().cloned() else {
                        return Err("syntax error: unexpected redirection".into());
                    };
                    self.pos += 1;
                    let target = match (o.as_str(), keyword(&target)) {
                        (">&", Some(n)) if n.len() == 1 && n.as_bytes()[0].is_ascii_digit() => {
                            Target::Fd(n.as_bytes()[0] - b'0')
                        }
                        _ => Target::File(target),
                    };
                    redirs.push(Redir {
                        fd,
                        input: o == "<",
                        append: o == ">>",
                        target,
                    });
                }
                Tok::Op(..) => break,
            }
        }
        if words.is_empty() && redirs.is_empty() {
            return Err("syntax error: unexpected operator".into());
        }
        Ok(Command::Simple { words, redirs })
    }
}

/// Parse a whole script.
pub fn parse(src: &str) -> Result<Vec<Item>, String> {
    let mut p = Parser {
        toks: lex(src)?,
        pos: 0,
    };
    let items = p.list(&[])?;
    if p.pos < p.toks.len() {
        return Err("syntax error: unexpected word".into());
    }
    Ok(items)
}
