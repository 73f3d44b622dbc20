//! Parser: tokens → lists of and/or-connected pipelines of commands.
//!
//! Grammar (a bash subset big enough for the guide, the StatefulSet Basics tutorial and
//! the labs): simple commands with `NAME=value` prefixes and redirections, pipelines `|`
//! (with `!`), lists joined by `&&`, `||`, `;` and newlines, `for NAME in WORDS; do LIST; done`
//! and `if LIST; then LIST; [else LIST;] fi`.

use super::tokenizer::{tokenize, LexError, RedirOp, Tok, Word};

/// A redirection attached to a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u8,
    pub op: RedirOp,
    pub target: Word,
}

/// One command of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmd {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirs: Vec<Redir>,
    },
    For {
        var: String,
        items: Vec<Word>,
        body: List,
    },
    If {
        cond: List,
        then: List,
        otherwise: Option<List>,
    },
}

/// Commands joined by `|`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negate: bool,
    pub cmds: Vec<Cmd>,
}

/// How a pipeline is connected to the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conn {
    And,
    Or,
}

/// Pipelines joined by `&&` / `||`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Conn, Pipeline)>,
}

/// A sequence of and/or lists (separated by `;` or newlines).
pub type List = Vec<AndOr>;

/// Why a source could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// More lines are needed (continuation prompt).
    Incomplete,
    /// Syntax error; the message is what bash prints after `bash: `.
    Syntax(String),
}

impl From<LexError> for ParseError {
    fn from(e: LexError) -> Self {
        match e {
            LexError::Incomplete => ParseError::Incomplete,
            LexError::Syntax(m) => ParseError::Syntax(m),
        }
    }
}

/// Parse a whole source text.
pub fn parse(src: &str) -> Result<List, ParseError> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, pos: 0 };
    let list = p.list(&[])?;
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    Ok(list)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.literal().unwrap_or_else(|| "word".into()),
        Tok::Pipe => "|".into(),
        Tok::AndAnd => "&&".into(),
        Tok::OrOr => "||".into(),
        Tok::Semi => ";".into(),
        Tok::Newline => "newline".into(),
        Tok::Amp => "&".into(),
        Tok::Redir { .. } => "redirection".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            None => ParseError::Incomplete,
            Some(t) => ParseError::Syntax(format!(
                "syntax error near unexpected token `{}'",
                tok_text(t)
            )),
        }
    }

    fn peek_keyword(&self, kws: &[&str]) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if kws.iter().any(|k| w.is_keyword(k)))
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.pos += 1;
        }
    }

    /// A list, stopping before any of the `terminators` keywords (e.g. `done`).
    fn list(&mut self, terminators: &[&str]) -> Result<List, ParseError> {
        let mut out = Vec::new();
        loop {
            while matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Semi)) {
                if matches!(self.peek(), Some(Tok::Semi)) && out.is_empty() {
                    return Err(self.unexpected());
                }
                self.pos += 1;
            }
            if self.peek().is_none() {
                if terminators.is_empty() {
                    return Ok(out);
                }
                return Err(ParseError::Incomplete);
            }
            if self.peek_keyword(terminators) {
                return Ok(out);
            }
            out.push(self.and_or()?);
            match self.peek() {
                None => {}
                Some(Tok::Semi) | Some(Tok::Newline) => {}
                Some(Tok::Amp) => {
                    return Err(ParseError::Syntax(
                        "background jobs (&) are not supported in this terminal".into(),
                    ))
                }
                Some(_) if self.peek_keyword(terminators) => {}
                Some(_) => return Err(self.unexpected()),
            }
        }
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek() {
                Some(Tok::AndAnd) => Conn::And,
                Some(Tok::OrOr) => Conn::Or,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((conn, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut negate = false;
        if self.peek_keyword(&["!"]) {
            negate = true;
            self.pos += 1;
        }
        let mut cmds = vec![self.command()?];
        while matches!(self.peek(), Some(Tok::Pipe)) {
            self.pos += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(Pipeline { negate, cmds })
    }

    fn expect_keyword(&mut self, kw: &str) -> Result<(), ParseError> {
        if self.peek_keyword(&[kw]) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn command(&mut self) -> Result<Cmd, ParseError> {
        if self.peek_keyword(&["for"]) {
            self.pos += 1;
            let var = match self.peek() {
                Some(Tok::Word(w)) => w.literal().filter(|v| is_name(v)).ok_or_else(|| {
                    ParseError::Syntax(format!(
                        "`{}': not a valid identifier",
                        w.literal().unwrap_or_default()
                    ))
                })?,
                _ => return Err(self.unexpected()),
            };
            self.pos += 1;
            let mut items = Vec::new();
            self.skip_newlines();
            if self.peek_keyword(&["in"]) {
                self.pos += 1;
                while let Some(Tok::Word(w)) = self.peek() {
                    items.push(w.clone());
                    self.pos += 1;
                }
            }
            match self.peek() {
                Some(Tok::Semi) | Some(Tok::Newline) => self.pos += 1,
                None => return Err(ParseError::Incomplete),
                _ => {}
            }
            self.skip_newlines();
            if self.peek().is_none() {
                return Err(ParseError::Incomplete);
            }
            self.expect_keyword("do")?;
            let body = self.list(&["done"])?;
            if body.is_empty() {
                return Err(self.unexpected());
            }
            self.expect_keyword("done")?;
            return Ok(Cmd::For { var, items, body });
        }
        if self.peek_keyword(&["if"]) {
            self.pos += 1;
            let cond = self.list(&["then"])?;
            self.expect_keyword("then")?;
            let then = self.list(&["else", "fi"])?;
            let otherwise = if self.peek_keyword(&["else"]) {
                self.pos += 1;
                Some(self.list(&["fi"])?)
            } else {
                None
            };
            self.expect_keyword("fi")?;
            return Ok(Cmd::If {
                cond,
                then,
                otherwise,
            });
        }
        if self.peek_keyword(&["do", "done", "then", "else", "fi"]) {
            return Err(self.unexpected());
        }
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Word(w)) => {
                    if words.is_empty() {
                        if let Some(a) = split_assignment(w) {
                            assigns.push(a);
                            self.pos += 1;
                            continue;
                        }
                    }
                    words.push(w.clone());
                    self.pos += 1;
                }
                Some(Tok::Redir { fd, op, target }) => {
                    redirs.push(Redir {
                        fd: *fd,
                        op: op.clone(),
                        target: target.clone(),
                    });
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if words.is_empty() && assigns.is_empty() && redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Cmd::Simple {
            assigns,
            words,
            redirs,
        })
    }
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=value` at the start of a simple command is an assignment, not a word.
fn split_assignment(w: &Word) -> Option<(String, Word)> {
    use super::tokenizer::Part;
    let Some(Part::Lit(first)) = w.parts.first() else {
        return None;
    };
    let eq = first.find('=')?;
    let name = &first[..eq];
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    let rest = &first[eq + 1..];
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(w.parts[1..].iter().cloned());
    Some((name.to_string(), Word { parts }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_of_four() {
        let l = parse(r#"kubectl get pvc | grep "www-web-" | awk '{if ($1 ~ /web-[3-9]/) print $1}' | xargs kubectl delete pvc"#)
            .unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].first.cmds.len(), 4);
    }

    #[test]
    fn for_loop() {
        let l =
            parse(r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done"#).unwrap();
        assert!(
            matches!(&l[0].first.cmds[0], Cmd::For { var, items, body } if var == "i" && items.len() == 2 && body.len() == 1)
        );
    }

    #[test]
    fn incomplete_and_errors() {
        assert_eq!(parse("echo a |"), Err(ParseError::Incomplete));
        assert_eq!(
            parse("for i in 1 2; do echo $i"),
            Err(ParseError::Incomplete)
        );
        assert_eq!(parse("echo a && "), Err(ParseError::Incomplete));
        assert_eq!(
            parse("| echo"),
            Err(ParseError::Syntax(
                "syntax error near unexpected token `|'".into()
            ))
        );
        assert_eq!(
            parse("done"),
            Err(ParseError::Syntax(
                "syntax error near unexpected token `done'".into()
            ))
        );
    }

    #[test]
    fn lists_and_assignments() {
        let l = parse("A=1 echo $A; false || echo no && echo yes").unwrap();
        assert_eq!(l.len(), 2);
        assert!(matches!(&l[0].first.cmds[0], Cmd::Simple { assigns, .. } if assigns.len() == 1));
        assert_eq!(l[1].rest.len(), 2);
    }
}
