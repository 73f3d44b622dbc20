//! Bash-like tokenizer for the host shell.
//!
//! It turns source text (possibly several lines, as pasted) into tokens: words made of
//! literal, quoted, variable and command-substitution parts, operators (`|`, `&&`, `||`,
//! `;`, newline) and redirections, including here-documents whose bodies follow the line.
//! Unfinished input (open quote, trailing `\` or `|`, missing here-doc terminator) is
//! reported as [`LexError::Incomplete`] so the terminal can ask for more lines with `> `,
//! the way bash does, instead of failing.

/// One piece of a word. Quoted pieces are never split or globbed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Unquoted literal text (backslash escapes already removed).
    Lit(String),
    /// Text from single quotes, double quotes or an escape: taken literally.
    Quoted(String),
    /// `$name`, `${name}`, `$?`: `quoted` says whether it sat inside double quotes.
    Var { name: String, quoted: bool },
    /// `$(...)`: the inner source and whether it sat inside double quotes.
    Subst { src: String, quoted: bool },
}

/// A shell word: parts glued together without whitespace.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when it contains no expansions (used for keywords, names, delimiters).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(t) | Part::Quoted(t) => s.push_str(t),
                _ => return None,
            }
        }
        Some(s)
    }

    /// True when the word is an unquoted plain literal equal to `kw` (reserved words).
    pub fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.parts.as_slice(), [Part::Lit(t)] if t == kw)
    }
}

/// Redirection operators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N` (e.g. `2>&1`)
    Dup(u8),
    /// `<<DELIM` / `<<'DELIM'`: `expand` is false when the delimiter was quoted.
    HereDoc { body: String, expand: bool },
}

/// A token of the shell language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    Word(Word),
    Pipe,
    AndAnd,
    OrOr,
    Semi,
    Newline,
    /// `&` (background): accepted by the parser only to report that it is unsupported.
    Amp,
    /// A redirection: source fd (default 1 for output, 0 for input), operator, target word.
    Redir {
        fd: u8,
        op: RedirOp,
        target: Word,
    },
}

/// Why the input could not be tokenized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexError {
    /// More input is needed (bash would print its `> ` continuation prompt).
    Incomplete,
    /// A real syntax error, with the message bash would print.
    Syntax(String),
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    toks: Vec<Tok>,
    /// Here-documents whose bodies start after the current line: (token index, delimiter, strip tabs).
    pending: Vec<(usize, String, bool)>,
    _src: &'a str,
}

/// Tokenize a complete source text.
pub fn tokenize(src: &str) -> Result<Vec<Tok>, LexError> {
    let mut lx = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        toks: Vec::new(),
        pending: Vec::new(),
        _src: src,
    };
    lx.run()?;
    Ok(lx.toks)
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        '|' | '&' | ';' | '<' | '>' | '(' | ')' | ' ' | '\t' | '\n'
    )
}

/// Valid first character of a variable name.
fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' => self.pos += 1,
                '\\' if self.peek_at(1) == Some('\n') => self.pos += 2,
                '\n' => {
                    self.pos += 1;
                    self.toks.push(Tok::Newline);
                    self.read_heredocs()?;
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                '|' => {
                    if self.peek_at(1) == Some('|') {
                        self.pos += 2;
                        self.toks.push(Tok::OrOr);
                    } else {
                        self.pos += 1;
                        self.toks.push(Tok::Pipe);
                    }
                }
                '&' => {
                    if self.peek_at(1) == Some('&') {
                        self.pos += 2;
                        self.toks.push(Tok::AndAnd);
                    } else if self.peek_at(1) == Some('>') {
                        return Err(LexError::Syntax(
                            "syntax error near unexpected token `&>'".into(),
                        ));
                    } else {
                        self.pos += 1;
                        self.toks.push(Tok::Amp);
                    }
                }
                ';' => {
                    if self.peek_at(1) == Some(';') {
                        return Err(LexError::Syntax(
                            "syntax error near unexpected token `;;'".into(),
                        ));
                    }
                    self.pos += 1;
                    self.toks.push(Tok::Semi);
                }
                '(' | ')' => {
                    return Err(LexError::Syntax(format!(
                        "syntax error near unexpected token `{c}'"
                    )));
                }
                '<' | '>' => self.redir(0, false)?,
                d if d.is_ascii_digit()
                    && matches!(self.peek_at(1), Some('<') | Some('>'))
                    && self.at_word_start() =>
                {
                    self.pos += 1;
                    self.redir(d as u8 - b'0', true)?;
                }
                _ => {
                    let w = self.word()?;
                    self.toks.push(Tok::Word(w));
                }
            }
        }
        if !self.pending.is_empty() {
            return Err(LexError::Incomplete);
        }
        Ok(())
    }

    fn at_word_start(&self) -> bool {
        self.pos == 0 || is_meta(self.chars[self.pos - 1])
    }

    fn redir(&mut self, default_fd: u8, explicit: bool) -> Result<(), LexError> {
        let c = self.chars[self.pos];
        let fd = if explicit {
            default_fd
        } else if c == '<' {
            0
        } else {
            1
        };
        self.pos += 1;
        let op = if c == '>' {
            if self.peek() == Some('>') {
                self.pos += 1;
                RedirOp::Append
            } else if self.peek() == Some('&') {
                self.pos += 1;
                match self.peek() {
                    Some(d) if d.is_ascii_digit() => {
                        self.pos += 1;
                        self.toks.push(Tok::Redir {
                            fd,
                            op: RedirOp::Dup(d as u8 - b'0'),
                            target: Word::default(),
                        });
                        return Ok(());
                    }
                    _ => {
                        return Err(LexError::Syntax(
                            "syntax error near unexpected token `&'".into(),
                        ))
                    }
                }
            } else {
                RedirOp::Out
            }
        } else if self.peek() == Some('<') {
            self.pos += 1;
            let strip = if self.peek() == Some('-') {
                self.pos += 1;
                true
            } else {
                false
            };
            self.skip_blanks();
            let w = self.target_word()?;
            let quoted = w.parts.iter().any(|p| matches!(p, Part::Quoted(_)));
            let delim = w
                .literal()
                .ok_or_else(|| LexError::Syntax("bad here-document delimiter".into()))?;
            self.pending.push((self.toks.len(), delim, strip));
            self.toks.push(Tok::Redir {
                fd: 0,
                op: RedirOp::HereDoc {
                    body: String::new(),
                    expand: !quoted,
                },
                target: w,
            });
            return Ok(());
        } else {
            RedirOp::In
        };
        self.skip_blanks();
        let target = self.target_word()?;
        self.toks.push(Tok::Redir { fd, op, target });
        Ok(())
    }

    fn target_word(&mut self) -> Result<Word, LexError> {
        match self.peek() {
            None => Err(LexError::Syntax(
                "syntax error near unexpected token `newline'".into(),
            )),
            Some('\n') => Err(LexError::Syntax(
                "syntax error near unexpected token `newline'".into(),
            )),
            Some(c) if is_meta(c) => Err(LexError::Syntax(format!(
                "syntax error near unexpected token `{c}'"
            ))),
            _ => self.word(),
        }
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ') | Some('\t')) {
            self.pos += 1;
        }
    }

    /// After a newline: read the bodies of here-documents opened on the previous line.
    fn read_heredocs(&mut self) -> Result<(), LexError> {
        let pending = std::mem::take(&mut self.pending);
        for (idx, delim, strip) in pending {
            let mut body = String::new();
            let mut found = false;
            while self.pos < self.chars.len() {
                let start = self.pos;
                while self.pos < self.chars.len() && self.chars[self.pos] != '\n' {
                    self.pos += 1;
                }
                let mut line: String = self.chars[start..self.pos].iter().collect();
                let had_nl = self.pos < self.chars.len();
                if had_nl {
                    self.pos += 1;
                }
                if strip {
                    line = line.trim_start_matches('\t').to_string();
                }
                if line.trim_end_matches('\r') == delim {
                    found = true;
                    break;
                }
                body.push_str(&line);
                body.push('\n');
            }
            if !found {
                return Err(LexError::Incomplete);
            }
            if let Some(Tok::Redir {
                op: RedirOp::HereDoc { body: b, .. },
                ..
            }) = self.toks.get_mut(idx)
            {
                *b = body;
            }
        }
        Ok(())
    }

    fn word(&mut self) -> Result<Word, LexError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut lit = String::new();
        fn flush(lit: &mut String, parts: &mut Vec<Part>) {
            if !lit.is_empty() {
                parts.push(Part::Lit(std::mem::take(lit)));
            }
        }
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            match c {
                '\\' => match self.peek_at(1) {
                    None => return Err(LexError::Incomplete),
                    Some('\n') => self.pos += 2,
                    Some(n) => {
                        flush(&mut lit, &mut parts);
                        parts.push(Part::Quoted(n.to_string()));
                        self.pos += 2;
                    }
                },
                '\'' => {
                    flush(&mut lit, &mut parts);
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek() != Some('\'') {
                        if self.peek().is_none() {
                            return Err(LexError::Incomplete);
                        }
                        self.pos += 1;
                    }
                    parts.push(Part::Quoted(self.chars[start..self.pos].iter().collect()));
                    self.pos += 1;
                }
                '"' => {
                    flush(&mut lit, &mut parts);
                    self.pos += 1;
                    self.double_quoted(&mut parts)?;
                }
                '$' => {
                    if let Some(p) = self.dollar(false)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push('$');
                        self.pos += 1;
                    }
                }
                '`' => {
                    return Err(LexError::Syntax(
                        "backquote command substitution is not supported; use $(...)".into(),
                    ))
                }
                _ => {
                    lit.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(Word { parts })
    }

    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), LexError> {
        let mut text = String::new();
        // Even `""` must leave a (quoted, empty) part so the word survives as an empty argument.
        let mut pushed_any = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Incomplete);
            };
            match c {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\\' => match self.peek_at(1) {
                    None => return Err(LexError::Incomplete),
                    Some('\n') => self.pos += 2,
                    Some(n @ ('$' | '"' | '\\' | '`')) => {
                        text.push(n);
                        self.pos += 2;
                    }
                    Some(_) => {
                        text.push('\\');
                        self.pos += 1;
                    }
                },
                '$' => {
                    if let Some(p) = self.dollar(true)? {
                        if !text.is_empty() {
                            parts.push(Part::Quoted(std::mem::take(&mut text)));
                        }
                        parts.push(p);
                        pushed_any = true;
                    } else {
                        text.push('$');
                        self.pos += 1;
                    }
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if !text.is_empty() || !pushed_any {
            parts.push(Part::Quoted(text));
        }
        Ok(())
    }

    /// At a `$`: returns the expansion part and advances, or None for a literal `$`.
    fn dollar(&mut self, quoted: bool) -> Result<Option<Part>, LexError> {
        match self.peek_at(1) {
            Some('(') => {
                if self.peek_at(2) == Some('(') {
                    return Err(LexError::Syntax(
                        "arithmetic expansion $((...)) is not supported".into(),
                    ));
                }
                self.pos += 2;
                let start = self.pos;
                let mut depth = 1;
                let mut in_s = false;
                let mut in_d = false;
                loop {
                    let Some(c) = self.peek() else {
                        return Err(LexError::Incomplete);
                    };
                    match c {
                        '\'' if !in_d => in_s = !in_s,
                        '"' if !in_s => in_d = !in_d,
                        '\\' if !in_s => self.pos += 1,
                        '(' if !in_s && !in_d => depth += 1,
                        ')' if !in_s && !in_d => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
                let src: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                Ok(Some(Part::Subst { src, quoted }))
            }
            Some('{') => {
                self.pos += 2;
                let start = self.pos;
                while self.peek() != Some('}') {
                    if self.peek().is_none() {
                        return Err(LexError::Incomplete);
                    }
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                if name.is_empty()
                    || !(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        || name == "?"
                        || name == "#")
                {
                    return Err(LexError::Syntax(format!("${{{name}}}: bad substitution")));
                }
                Ok(Some(Part::Var { name, quoted }))
            }
            Some(c @ ('?' | '#' | '$' | '0'..='9')) => {
                self.pos += 2;
                Ok(Some(Part::Var {
                    name: c.to_string(),
                    quoted,
                }))
            }
            Some(c) if is_name_start(c) => {
                self.pos += 1;
                let start = self.pos;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                Ok(Some(Part::Var {
                    name: self.chars[start..self.pos].iter().collect(),
                    quoted,
                }))
            }
            _ => Ok(None),
        }
    }
}

/// Strip a pasted `$ ` prompt from the start of a line (the guide's blocks show it).
pub fn strip_prompt(line: &str) -> &str {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("$ ") {
        rest
    } else if t == "$" {
        ""
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<String> {
        tokenize(src)
            .unwrap()
            .into_iter()
            .filter_map(|t| match t {
                Tok::Word(w) => w.literal(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words(r#"a 'b c' "d e" f\ g"#),
            vec!["a", "b c", "d e", "f g"]
        );
        assert_eq!(
            words(r#"kubectl patch sts web -p '{"spec":{"replicas":3}}'"#)[5],
            r#"{"spec":{"replicas":3}}"#
        );
        assert_eq!(words(r#""" x"#), vec!["", "x"]);
    }

    #[test]
    fn incomplete_inputs() {
        assert_eq!(tokenize("echo 'abc"), Err(LexError::Incomplete));
        assert_eq!(tokenize("echo \\"), Err(LexError::Incomplete));
        assert_eq!(tokenize("cat <<EOF\nhello\n"), Err(LexError::Incomplete));
    }

    #[test]
    fn heredoc_body() {
        let t = tokenize("cat > f <<'EOF'\na $x\nEOF\necho hi").unwrap();
        assert!(t.iter().any(|t| matches!(t, Tok::Redir { op: RedirOp::HereDoc { body, expand: false }, .. } if body == "a $x\n")));
        assert!(matches!(t.last(), Some(Tok::Word(w)) if w.literal().as_deref() == Some("hi")));
    }

    #[test]
    fn comments_and_continuation() {
        assert_eq!(words("a # b c"), vec!["a"]);
        assert_eq!(words("a b#c"), vec!["a", "b#c"]);
        assert_eq!(
            words("kubectl run x -- \\\n    mysql -p"),
            vec!["kubectl", "run", "x", "--", "mysql", "-p"]
        );
    }

    #[test]
    fn prompt_strip() {
        assert_eq!(strip_prompt("$ kubectl get pods"), "kubectl get pods");
        assert_eq!(strip_prompt("kubectl"), "kubectl");
    }
}
