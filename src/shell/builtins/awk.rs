//! A small awk: enough for `awk '{print $1}'`, `-F`, `/re/ {print}`, `NR>1`,
//! `{if ($1 ~ /web-[3-9]/) print $1}`, BEGIN/END, variables, `printf`, `length`.
//!
//! Source → tokens → AST → tree-walking interpreter. Syntax errors are reported the way
//! gawk does (`awk: cmd. line:1: ...` with a caret line), exit status 1.

use super::opts::{off, on_val, Hint, Spec, Val};
use super::{inputs, lines, Io, Output};
use crate::shell::regex::{Flavor, Regex};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(f64),
    Str(String),
    Re(String),
    Name(String),
    Func(String),
    Dollar,
    Op(&'static str),
    LBrace,
    RBrace,
    LParen,
    RParen,
    Semi,
    Nl,
    Comma,
}

#[derive(Clone, Debug)]
enum E {
    Num(f64),
    Str(String),
    Re(usize),
    Field(Box<E>),
    Var(String),
    Bin(&'static str, Box<E>, Box<E>),
    Match(bool, Box<E>, Box<E>),
    Not(Box<E>),
    Neg(Box<E>),
    Concat(Box<E>, Box<E>),
    Assign(&'static str, Box<E>, Box<E>),
    Incr(bool, Box<E>),
    Call(String, Vec<E>),
    Cond(Box<E>, Box<E>, Box<E>),
}

#[derive(Clone, Debug)]
enum S {
    Print(Vec<E>),
    Printf(Vec<E>),
    If(E, Box<S>, Option<Box<S>>),
    Block(Vec<S>),
    Expr(E),
    Next,
}

enum Pat {
    Begin,
    End,
    Expr(Option<E>),
}

struct Prog {
    rules: Vec<(Pat, Option<Vec<S>>)>,
    regexes: Vec<Regex>,
}

const OPS: &[&str] = &[
    "&&", "||", "==", "!=", "<=", ">=", "!~", "++", "--", "+=", "-=", "*=", "/=", "<", ">", "~",
    "!", "=", "+", "-", "*", "/", "%", "?", ":",
];

fn lex(src: &str) -> Result<Vec<(T, usize)>, usize> {
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out: Vec<(T, usize)> = Vec::new();
    while i < c.len() {
        let ch = c[i];
        let start = i;
        // A `/` starts a regex where an operand is expected.
        let operand_expected = !matches!(
            out.last().map(|t| &t.0),
            Some(T::Num(_)) | Some(T::Str(_)) | Some(T::Name(_)) | Some(T::RParen) | Some(T::Re(_))
        );
        match ch {
            ' ' | '\t' => i += 1,
            '\\' if c.get(i + 1) == Some(&'\n') => i += 2,
            '\n' => {
                out.push((T::Nl, i));
                i += 1;
            }
            '#' => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '{' => {
                out.push((T::LBrace, i));
                i += 1
            }
            '}' => {
                out.push((T::RBrace, i));
                i += 1
            }
            '(' => {
                out.push((T::LParen, i));
                i += 1
            }
            ')' => {
                out.push((T::RParen, i));
                i += 1
            }
            ';' => {
                out.push((T::Semi, i));
                i += 1
            }
            ',' => {
                out.push((T::Comma, i));
                i += 1
            }
            '$' => {
                out.push((T::Dollar, i));
                i += 1
            }
            '"' => {
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(&x) = c.get(i) else {
                        return Err(start);
                    };
                    i += 1;
                    match x {
                        '"' => break,
                        '\\' => {
                            let n = c.get(i).copied().unwrap_or('\\');
                            i += 1;
                            s.push(match n {
                                'n' => '\n',
                                't' => '\t',
                                o => o,
                            });
                        }
                        o => s.push(o),
                    }
                }
                out.push((T::Str(s), start));
            }
            '/' if operand_expected => {
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(&x) = c.get(i) else {
                        return Err(start);
                    };
                    i += 1;
                    match x {
                        '/' => break,
                        '\\' if c.get(i) == Some(&'/') => {
                            s.push('/');
                            i += 1;
                        }
                        '\n' => return Err(start),
                        o => s.push(o),
                    }
                }
                out.push((T::Re(s), start));
            }
            d if d.is_ascii_digit()
                || (d == '.' && c.get(i + 1).is_some_and(|n| n.is_ascii_digit())) =>
            {
                let mut s = String::new();
                while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                    s.push(c[i]);
                    i += 1;
                }
                out.push((T::Num(s.parse().map_err(|_| start)?), start));
            }
            a if a.is_ascii_alphabetic() || a == '_' => {
                let mut s = String::new();
                while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_') {
                    s.push(c[i]);
                    i += 1;
                }
                if c.get(i) == Some(&'(')
                    && matches!(
                        s.as_str(),
                        "length" | "toupper" | "tolower" | "substr" | "index"
                    )
                {
                    out.push((T::Func(s), start));
                } else {
                    out.push((T::Name(s), start));
                }
            }
            _ => {
                let rest: String = c[i..c.len().min(i + 2)].iter().collect();
                let op = OPS.iter().find(|o| rest.starts_with(**o)).ok_or(start)?;
                i += op.len();
                out.push((T::Op(op), start));
            }
        }
    }
    Ok(out)
}

struct Parser {
    t: Vec<(T, usize)>,
    p: usize,
    end: usize,
    regexes: Vec<String>,
}

type R<X> = Result<X, usize>;

impl Parser {
    fn peek(&self) -> Option<&T> {
        self.t.get(self.p).map(|x| &x.0)
    }
    fn pos(&self) -> usize {
        self.t.get(self.p).map(|x| x.1).unwrap_or(self.end)
    }
    fn eat(&mut self, t: &T) -> bool {
        if self.peek() == Some(t) {
            self.p += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, t: &T) -> R<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(self.pos())
        }
    }
    fn skip_nl(&mut self) {
        while matches!(self.peek(), Some(T::Nl) | Some(T::Semi)) {
            self.p += 1;
        }
    }
    fn skip_only_nl(&mut self) {
        while matches!(self.peek(), Some(T::Nl)) {
            self.p += 1;
        }
    }

    fn program(&mut self) -> R<Vec<(Pat, Option<Vec<S>>)>> {
        let mut rules = Vec::new();
        self.skip_nl();
        while self.peek().is_some() {
            let pat = match self.peek() {
                Some(T::Name(n)) if n == "BEGIN" => {
                    self.p += 1;
                    Pat::Begin
                }
                Some(T::Name(n)) if n == "END" => {
                    self.p += 1;
                    Pat::End
                }
                Some(T::LBrace) => Pat::Expr(None),
                _ => Pat::Expr(Some(self.expr()?)),
            };
            let action = if self.peek() == Some(&T::LBrace) {
                Some(self.block()?)
            } else {
                None
            };
            if action.is_none() && matches!(pat, Pat::Begin | Pat::End) {
                return Err(self.pos());
            }
            rules.push((pat, action));
            self.skip_nl();
        }
        Ok(rules)
    }

    fn block(&mut self) -> R<Vec<S>> {
        self.expect(&T::LBrace)?;
        let mut v = Vec::new();
        self.skip_nl();
        while self.peek() != Some(&T::RBrace) {
            if self.peek().is_none() {
                return Err(self.end);
            }
            v.push(self.stmt()?);
            self.skip_nl();
        }
        self.p += 1;
        Ok(v)
    }

    fn simple_end(&mut self) -> R<()> {
        match self.peek() {
            Some(T::Semi) | Some(T::Nl) => {
                self.p += 1;
                Ok(())
            }
            Some(T::RBrace) | None => Ok(()),
            Some(T::Name(n)) if n == "else" => Ok(()),
            _ => Err(self.pos()),
        }
    }

    fn stmt(&mut self) -> R<S> {
        match self.peek().cloned() {
            Some(T::LBrace) => Ok(S::Block(self.block()?)),
            Some(T::Name(n)) if n == "print" || n == "printf" => {
                self.p += 1;
                let mut args = Vec::new();
                let paren = self.peek() == Some(&T::LParen) && n == "printf";
                if paren {
                    self.p += 1;
                }
                if !matches!(
                    self.peek(),
                    Some(T::Semi) | Some(T::Nl) | Some(T::RBrace) | None
                ) {
                    args.push(self.expr_no_gt()?);
                    while self.eat(&T::Comma) {
                        args.push(self.expr_no_gt()?);
                    }
                }
                if paren {
                    self.expect(&T::RParen)?;
                }
                if self.peek() == Some(&T::Op(">")) {
                    return Err(self.pos());
                }
                self.simple_end()?;
                Ok(if n == "print" {
                    S::Print(args)
                } else {
                    S::Printf(args)
                })
            }
            Some(T::Name(n)) if n == "if" => {
                self.p += 1;
                self.expect(&T::LParen)?;
                let c = self.expr()?;
                self.expect(&T::RParen)?;
                self.skip_only_nl();
                let then = self.stmt()?;
                let save = self.p;
                self.skip_nl();
                let otherwise = if matches!(self.peek(), Some(T::Name(e)) if e == "else") {
                    self.p += 1;
                    self.skip_only_nl();
                    Some(Box::new(self.stmt()?))
                } else {
                    self.p = save;
                    None
                };
                Ok(S::If(c, Box::new(then), otherwise))
            }
            Some(T::Name(n)) if n == "next" => {
                self.p += 1;
                self.simple_end()?;
                Ok(S::Next)
            }
            Some(T::Semi) => {
                self.p += 1;
                Ok(S::Block(vec![]))
            }
            _ => {
                let e = self.expr()?;
                self.simple_end()?;
                Ok(S::Expr(e))
            }
        }
    }

    fn expr(&mut self) -> R<E> {
        self.ternary(true)
    }
    /// In `print a > b`, `>` is output redirection, not comparison.
    fn expr_no_gt(&mut self) -> R<E> {
        self.ternary(false)
    }

    fn ternary(&mut self, gt: bool) -> R<E> {
        let c = self.assign(gt)?;
        if self.eat(&T::Op("?")) {
            let a = self.ternary(gt)?;
            self.expect(&T::Op(":"))?;
            let b = self.ternary(gt)?;
            return Ok(E::Cond(Box::new(c), Box::new(a), Box::new(b)));
        }
        Ok(c)
    }

    fn assign(&mut self, gt: bool) -> R<E> {
        let lhs = self.or(gt)?;
        if let Some(T::Op(op @ ("=" | "+=" | "-=" | "*=" | "/="))) = self.peek().cloned() {
            if matches!(lhs, E::Var(_) | E::Field(_)) {
                self.p += 1;
                let rhs = self.assign(gt)?;
                return Ok(E::Assign(op, Box::new(lhs), Box::new(rhs)));
            }
            return Err(self.pos());
        }
        Ok(lhs)
    }

    fn or(&mut self, gt: bool) -> R<E> {
        let mut l = self.and(gt)?;
        while self.eat(&T::Op("||")) {
            self.skip_only_nl();
            l = E::Bin("||", Box::new(l), Box::new(self.and(gt)?));
        }
        Ok(l)
    }
    fn and(&mut self, gt: bool) -> R<E> {
        let mut l = self.matching(gt)?;
        while self.eat(&T::Op("&&")) {
            self.skip_only_nl();
            l = E::Bin("&&", Box::new(l), Box::new(self.matching(gt)?));
        }
        Ok(l)
    }
    fn matching(&mut self, gt: bool) -> R<E> {
        let mut l = self.compare(gt)?;
        loop {
            let neg = if self.eat(&T::Op("~")) {
                false
            } else if self.eat(&T::Op("!~")) {
                true
            } else {
                break;
            };
            l = E::Match(neg, Box::new(l), Box::new(self.compare(gt)?));
        }
        Ok(l)
    }
    fn compare(&mut self, gt: bool) -> R<E> {
        let l = self.concat()?;
        if let Some(T::Op(op @ ("<" | "<=" | ">" | ">=" | "==" | "!="))) = self.peek().cloned() {
            if op == ">" && !gt {
                return Ok(l);
            }
            self.p += 1;
            let r = self.concat()?;
            return Ok(E::Bin(op, Box::new(l), Box::new(r)));
        }
        Ok(l)
    }
    fn concat(&mut self) -> R<E> {
        let mut l = self.additive()?;
        while matches!(
            self.peek(),
            Some(T::Num(_))
                | Some(T::Str(_))
                | Some(T::Name(_))
                | Some(T::Dollar)
                | Some(T::LParen)
                | Some(T::Func(_))
        ) {
            if matches!(self.peek(), Some(T::Name(n)) if n == "else" || n == "print" || n == "if") {
                break;
            }
            let r = self.additive()?;
            l = E::Concat(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn additive(&mut self) -> R<E> {
        let mut l = self.mult()?;
        while let Some(T::Op(op @ ("+" | "-"))) = self.peek().cloned() {
            self.p += 1;
            l = E::Bin(op, Box::new(l), Box::new(self.mult()?));
        }
        Ok(l)
    }
    fn mult(&mut self) -> R<E> {
        let mut l = self.unary()?;
        while let Some(T::Op(op @ ("*" | "/" | "%"))) = self.peek().cloned() {
            self.p += 1;
            l = E::Bin(op, Box::new(l), Box::new(self.unary()?));
        }
        Ok(l)
    }
    fn unary(&mut self) -> R<E> {
        if self.eat(&T::Op("!")) {
            return Ok(E::Not(Box::new(self.unary()?)));
        }
        if self.eat(&T::Op("-")) {
            return Ok(E::Neg(Box::new(self.unary()?)));
        }
        if self.eat(&T::Op("+")) {
            return self.unary();
        }
        if let Some(T::Op(op @ ("++" | "--"))) = self.peek().cloned() {
            self.p += 1;
            let target = self.postfix()?;
            let delta = if op == "++" { 1.0 } else { -1.0 };
            return Ok(E::Assign("+=", Box::new(target), Box::new(E::Num(delta))));
        }
        self.postfix()
    }
    fn postfix(&mut self) -> R<E> {
        let e = self.primary()?;
        if matches!(e, E::Var(_) | E::Field(_)) {
            if self.eat(&T::Op("++")) {
                return Ok(E::Incr(true, Box::new(e)));
            }
            if self.eat(&T::Op("--")) {
                return Ok(E::Incr(false, Box::new(e)));
            }
        }
        Ok(e)
    }
    fn primary(&mut self) -> R<E> {
        let pos = self.pos();
        match self.peek().cloned() {
            Some(T::Num(n)) => {
                self.p += 1;
                Ok(E::Num(n))
            }
            Some(T::Str(s)) => {
                self.p += 1;
                Ok(E::Str(s))
            }
            Some(T::Re(r)) => {
                self.p += 1;
                self.regexes.push(r);
                Ok(E::Re(self.regexes.len() - 1))
            }
            Some(T::Dollar) => {
                self.p += 1;
                let e = self.primary_incr()?;
                Ok(E::Field(Box::new(e)))
            }
            Some(T::Name(n)) => {
                self.p += 1;
                Ok(E::Var(n))
            }
            Some(T::Func(f)) => {
                self.p += 1;
                self.expect(&T::LParen)?;
                let mut args = Vec::new();
                if !self.eat(&T::RParen) {
                    args.push(self.expr()?);
                    while self.eat(&T::Comma) {
                        args.push(self.expr()?);
                    }
                    self.expect(&T::RParen)?;
                }
                Ok(E::Call(f, args))
            }
            Some(T::LParen) => {
                self.p += 1;
                let e = self.expr()?;
                self.expect(&T::RParen)?;
                Ok(e)
            }
            _ => Err(pos),
        }
    }
    /// `$NF`, `$1`, `$(i+1)`, `$i++` binds as `($i)++`.
    fn primary_incr(&mut self) -> R<E> {
        if self.eat(&T::Op("-")) {
            return Ok(E::Neg(Box::new(self.primary()?)));
        }
        self.primary()
    }
}

#[derive(Clone, Debug)]
enum V {
    Num(f64),
    Str(String),
    /// Input-derived string that looks numeric (compares as a number).
    StrNum(String),
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.parse::<f64>().is_ok() && !t.contains(|c: char| c.is_ascii_alphabetic())
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        let s = format!("{:.6}", n);
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        s
    }
}

impl V {
    fn num(&self) -> f64 {
        match self {
            V::Num(n) => *n,
            V::Str(s) | V::StrNum(s) => {
                let t = s.trim_start();
                let mut end = 0;
                for (i, c) in t.char_indices() {
                    if c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')) {
                        end = i + 1;
                    } else {
                        break;
                    }
                }
                t[..end].parse().unwrap_or(0.0)
            }
        }
    }
    fn str(&self) -> String {
        match self {
            V::Num(n) => fmt_num(*n),
            V::Str(s) | V::StrNum(s) => s.clone(),
        }
    }
    fn truthy(&self) -> bool {
        match self {
            V::Num(n) => *n != 0.0,
            V::Str(s) => !s.is_empty(),
            V::StrNum(s) => {
                if looks_numeric(s) {
                    self.num() != 0.0
                } else {
                    !s.is_empty()
                }
            }
        }
    }
    fn is_numeric(&self) -> bool {
        match self {
            V::Num(_) => true,
            V::StrNum(s) => looks_numeric(s),
            V::Str(_) => false,
        }
    }
}

struct Run<'a> {
    prog: &'a Prog,
    vars: BTreeMap<String, V>,
    fields: Vec<String>,
    record: String,
    fs: String,
    out: String,
    err: Option<String>,
}

enum Flow {
    Normal,
    Next,
}

impl Run<'_> {
    fn split(&mut self) {
        self.fields = if self.fs == " " {
            self.record.split_whitespace().map(String::from).collect()
        } else if self.fs.chars().count() == 1 && self.fs != "\\" {
            if self.record.is_empty() {
                vec![]
            } else {
                self.record
                    .split(self.fs.as_str())
                    .map(String::from)
                    .collect()
            }
        } else {
            match Regex::new(&self.fs, Flavor::Extended, false) {
                Ok(r) => {
                    let mut v = Vec::new();
                    let mut rest = self.record.as_str();
                    while let Some((s, e)) = r.find(rest).filter(|(s, e)| e > s) {
                        v.push(rest[..s].to_string());
                        rest = &rest[e..];
                    }
                    if !self.record.is_empty() {
                        v.push(rest.to_string());
                    }
                    v
                }
                Err(_) => vec![self.record.clone()],
            }
        };
        self.vars
            .insert("NF".into(), V::Num(self.fields.len() as f64));
    }

    fn get_field(&self, i: usize) -> V {
        if i == 0 {
            return V::StrNum(self.record.clone());
        }
        V::StrNum(self.fields.get(i - 1).cloned().unwrap_or_default())
    }

    fn set_field(&mut self, i: usize, v: String) {
        if i == 0 {
            self.record = v;
            self.split();
            return;
        }
        while self.fields.len() < i {
            self.fields.push(String::new());
        }
        self.fields[i - 1] = v;
        self.record = self.fields.join(" ");
        self.vars
            .insert("NF".into(), V::Num(self.fields.len() as f64));
    }

    fn eval(&mut self, e: &E) -> V {
        match e {
            E::Num(n) => V::Num(*n),
            E::Str(s) => V::Str(s.clone()),
            E::Re(i) => V::Num(if self.prog.regexes[*i].is_match(&self.record) {
                1.0
            } else {
                0.0
            }),
            E::Field(i) => {
                let n = self.eval(i).num();
                if n < 0.0 {
                    self.err = Some(format!(
                        "awk: cmd. line:1: (FILENAME=- FNR={}) fatal: attempt to access field {}",
                        self.var("NR").str(),
                        n as i64
                    ));
                    return V::Str(String::new());
                }
                self.get_field(n as usize)
            }
            E::Var(n) => self.var(n),
            E::Bin(op, a, b) => {
                if *op == "&&" {
                    let r = self.eval(a).truthy() && self.eval(b).truthy();
                    return V::Num(r as i32 as f64);
                }
                if *op == "||" {
                    let r = self.eval(a).truthy() || self.eval(b).truthy();
                    return V::Num(r as i32 as f64);
                }
                let x = self.eval(a);
                let y = self.eval(b);
                match *op {
                    "+" => V::Num(x.num() + y.num()),
                    "-" => V::Num(x.num() - y.num()),
                    "*" => V::Num(x.num() * y.num()),
                    "/" | "%" => {
                        if y.num() == 0.0 {
                            self.err =
                                Some("awk: cmd. line:1: fatal: division by zero attempted".into());
                            return V::Num(0.0);
                        }
                        V::Num(if *op == "/" {
                            x.num() / y.num()
                        } else {
                            x.num() % y.num()
                        })
                    }
                    cmp => {
                        let ord = if x.is_numeric() && y.is_numeric() {
                            x.num()
                                .partial_cmp(&y.num())
                                .unwrap_or(std::cmp::Ordering::Equal)
                        } else {
                            x.str().cmp(&y.str())
                        };
                        use std::cmp::Ordering::*;
                        let r = match cmp {
                            "<" => ord == Less,
                            "<=" => ord != Greater,
                            ">" => ord == Greater,
                            ">=" => ord != Less,
                            "==" => ord == Equal,
                            _ => ord != Equal,
                        };
                        V::Num(r as i32 as f64)
                    }
                }
            }
            E::Match(neg, a, b) => {
                let s = self.eval(a).str();
                let m = match &**b {
                    E::Re(i) => self.prog.regexes[*i].is_match(&s),
                    other => {
                        let pat = self.eval(other).str();
                        match Regex::new(&pat, Flavor::Extended, false) {
                            Ok(r) => r.is_match(&s),
                            Err(e) => {
                                self.err = Some(format!("awk: cmd. line:1: fatal: {e}: /{pat}/"));
                                false
                            }
                        }
                    }
                };
                V::Num((m != *neg) as i32 as f64)
            }
            E::Not(a) => V::Num((!self.eval(a).truthy()) as i32 as f64),
            E::Neg(a) => V::Num(-self.eval(a).num()),
            E::Concat(a, b) => {
                let s = self.eval(a).str() + &self.eval(b).str();
                V::Str(s)
            }
            E::Cond(c, a, b) => {
                if self.eval(c).truthy() {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
            E::Assign(op, target, rhs) => {
                let r = self.eval(rhs);
                let v = if *op == "=" {
                    r
                } else {
                    let cur = self.eval(target).num();
                    V::Num(match *op {
                        "+=" => cur + r.num(),
                        "-=" => cur - r.num(),
                        "*=" => cur * r.num(),
                        _ => {
                            if r.num() == 0.0 {
                                0.0
                            } else {
                                cur / r.num()
                            }
                        }
                    })
                };
                self.store(target, v.clone());
                v
            }
            E::Incr(up, target) => {
                let cur = self.eval(target).num();
                self.store(target, V::Num(if *up { cur + 1.0 } else { cur - 1.0 }));
                V::Num(cur)
            }
            E::Call(f, args) => {
                let vals: Vec<V> = args.iter().map(|a| self.eval(a)).collect();
                let s0 = vals
                    .first()
                    .map(|v| v.str())
                    .unwrap_or_else(|| self.record.clone());
                match f.as_str() {
                    "length" => V::Num(s0.chars().count() as f64),
                    "toupper" => V::Str(s0.to_uppercase()),
                    "tolower" => V::Str(s0.to_lowercase()),
                    "index" => {
                        let t = vals.get(1).map(|v| v.str()).unwrap_or_default();
                        V::Num(
                            s0.find(&t)
                                .map(|b| s0[..b].chars().count() + 1)
                                .unwrap_or(0) as f64,
                        )
                    }
                    _ => {
                        let chars: Vec<char> = s0.chars().collect();
                        let m = vals.get(1).map(|v| v.num()).unwrap_or(1.0).max(1.0) as usize;
                        let n = vals
                            .get(2)
                            .map(|v| v.num().max(0.0) as usize)
                            .unwrap_or(chars.len());
                        V::Str(chars.iter().skip(m - 1).take(n).collect())
                    }
                }
            }
        }
    }

    fn var(&self, n: &str) -> V {
        match n {
            "FS" => V::Str(self.fs.clone()),
            "$0" => V::StrNum(self.record.clone()),
            _ => self.vars.get(n).cloned().unwrap_or(V::Str(String::new())),
        }
    }

    fn store(&mut self, target: &E, v: V) {
        match target {
            E::Var(n) if n == "FS" => self.fs = v.str(),
            E::Var(n) => {
                self.vars.insert(n.clone(), v);
            }
            E::Field(i) => {
                let idx = self.eval(i).num().max(0.0) as usize;
                self.set_field(idx, v.str());
            }
            _ => {}
        }
    }

    fn exec(&mut self, s: &S) -> Flow {
        if self.err.is_some() {
            return Flow::Next;
        }
        match s {
            S::Print(args) => {
                let line = if args.is_empty() {
                    self.record.clone()
                } else {
                    args.iter()
                        .map(|a| self.eval(a).str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                self.out.push_str(&line);
                self.out.push('\n');
            }
            S::Printf(args) => {
                let vals: Vec<V> = args.iter().map(|a| self.eval(a)).collect();
                self.out.push_str(&printf(&vals));
            }
            S::If(c, t, e) => {
                if self.eval(c).truthy() {
                    return self.exec(t);
                } else if let Some(e) = e {
                    return self.exec(e);
                }
            }
            S::Block(v) => {
                for s in v {
                    if let Flow::Next = self.exec(s) {
                        return Flow::Next;
                    }
                }
            }
            S::Expr(e) => {
                self.eval(e);
            }
            S::Next => return Flow::Next,
        }
        Flow::Normal
    }
}

/// `printf` with %s %d %i %f %x %c %% and widths (`%-10s`, `%5d`).
fn printf(vals: &[V]) -> String {
    let Some(fmt) = vals.first().map(|v| v.str()) else {
        return String::new();
    };
    let mut out = String::new();
    let mut args = vals[1..].iter();
    let c: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut spec = String::new();
        while i < c.len() && (c[i] == '-' || c[i] == '.' || c[i].is_ascii_digit()) {
            spec.push(c[i]);
            i += 1;
        }
        let Some(&conv) = c.get(i) else { break };
        i += 1;
        let left = spec.starts_with('-');
        let spec = spec.trim_start_matches('-');
        let (w, prec) = match spec.split_once('.') {
            Some((w, p)) => (w.parse::<usize>().unwrap_or(0), p.parse::<usize>().ok()),
            None => (spec.parse::<usize>().unwrap_or(0), None),
        };
        let body = match conv {
            '%' => "%".to_string(),
            's' => {
                let s = args.next().map(|v| v.str()).unwrap_or_default();
                match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                }
            }
            'd' | 'i' => format!("{}", args.next().map(|v| v.num()).unwrap_or(0.0) as i64),
            'x' => format!("{:x}", args.next().map(|v| v.num()).unwrap_or(0.0) as i64),
            'c' => args
                .next()
                .map(|v| v.str().chars().next().map(String::from).unwrap_or_default())
                .unwrap_or_default(),
            'f' | 'g' | 'e' => format!(
                "{:.*}",
                prec.unwrap_or(6),
                args.next().map(|v| v.num()).unwrap_or(0.0)
            ),
            o => format!("%{o}"),
        };
        let pad = w.saturating_sub(body.chars().count());
        if left {
            out.push_str(&body);
            out.push_str(&" ".repeat(pad));
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&body);
        }
    }
    out
}

fn syntax_error(src: &str, at: usize) -> Output {
    // gawk shows the offending line and a caret under the error position.
    let before: String = src.chars().take(at).collect();
    let line_no = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count();
    let line = src.lines().nth(line_no - 1).unwrap_or("");
    Output::err(
        1,
        format!(
            "awk: cmd. line:{line_no}: {line}\nawk: cmd. line:{line_no}: {}^ syntax error",
            " ".repeat(col)
        ),
    )
}

/// gawk's options: -F and -v are modelled; the rest are refused. Options end at the program
/// text. gawk prints its full usage after a bad option; that text is not reproduced.
const AWK: Spec = Spec {
    tool: "awk",
    status: 2,
    hint: Hint::Nothing,
    stop_at_operand: true,
    opts: &[
        on_val('F', "field-separator"),
        on_val('v', "assign"),
        off('f', "file", Val::Req),
        off('b', "characters-as-bytes", Val::No),
        off('c', "traditional", Val::No),
        off('C', "copyright", Val::No),
        off('d', "dump-variables", Val::Opt),
        off('D', "debug", Val::Opt),
        off('e', "source", Val::Req),
        off('E', "exec", Val::Req),
        off('g', "gen-pot", Val::No),
        off('h', "help", Val::No),
        off('i', "include", Val::Req),
        off('I', "trace", Val::No),
        off('l', "load", Val::Req),
        off('L', "lint", Val::Opt),
        off('M', "bignum", Val::No),
        off('N', "use-lc-numeric", Val::No),
        off('n', "non-decimal-data", Val::No),
        off('o', "pretty-print", Val::Opt),
        off('O', "optimize", Val::No),
        off('p', "profile", Val::Opt),
        off('P', "posix", Val::No),
        off('r', "re-interval", Val::No),
        off('s', "no-optimize", Val::No),
        off('S', "sandbox", Val::No),
        off('t', "lint-old", Val::No),
        off('V', "version", Val::No),
    ],
};

pub fn awk(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match AWK.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut fs = p.value("F").unwrap_or(" ").to_string();
    // `-v name=value`; gawk rejects a value without `=` (its usage text is not reproduced).
    let mut assigns: Vec<(String, String)> = Vec::new();
    for v in p.values("v") {
        match v.split_once('=') {
            Some((k, v)) => assigns.push((k.to_string(), v.to_string())),
            None => {
                return Output::err(
                    2,
                    format!("awk: `{v}' argument to `-v' not in `var=value' form"),
                )
            }
        }
    }
    let args = &p.operands;
    let mut i = 0;
    let mut prog_src: Option<String> = None;
    if let Some(p) = args.get(i) {
        prog_src = Some(p.clone());
        i += 1;
    }
    let Some(src) = prog_src else {
        return Output::err(1, "usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nusage: awk [POSIX or GNU style options] [--] 'program' file ...");
    };
    if fs == "t" || fs == "\\t" {
        fs = "\t".into();
    }
    let toks = match lex(&src) {
        Ok(t) => t,
        Err(at) => return syntax_error(&src, at),
    };
    let mut p = Parser {
        t: toks,
        p: 0,
        end: src.chars().count(),
        regexes: Vec::new(),
    };
    let rules = match p.program() {
        Ok(r) => r,
        Err(at) => return syntax_error(&src, at),
    };
    let mut regexes = Vec::new();
    for r in &p.regexes {
        match Regex::new(r, Flavor::Extended, false) {
            Ok(x) => regexes.push(x),
            Err(e) => return Output::err(2, format!("awk: cmd. line:1: fatal: {e}: /{r}/")),
        }
    }
    let prog = Prog { rules, regexes };
    let files: Vec<String> = args[i..].to_vec();
    let (text, err, ok) = inputs("awk", &files, io);
    let mut run = Run {
        prog: &prog,
        vars: BTreeMap::new(),
        fields: vec![],
        record: String::new(),
        fs,
        out: String::new(),
        err: None,
    };
    for (k, v) in assigns {
        run.vars.insert(k, V::StrNum(v));
    }
    for (pat, action) in &prog.rules {
        if let (Pat::Begin, Some(a)) = (pat, action) {
            run.exec(&S::Block(a.clone()));
        }
    }
    let mut nr = 0;
    for line in lines(&text) {
        if run.err.is_some() {
            break;
        }
        nr += 1;
        run.vars.insert("NR".into(), V::Num(nr as f64));
        run.record = line.to_string();
        run.split();
        for (pat, action) in &prog.rules {
            let Pat::Expr(cond) = pat else { continue };
            let hit = match cond {
                None => true,
                Some(e) => run.eval(e).truthy(),
            };
            if !hit {
                continue;
            }
            let flow = match action {
                Some(a) => run.exec(&S::Block(a.clone())),
                None => run.exec(&S::Print(vec![])),
            };
            if let Flow::Next = flow {
                break;
            }
        }
    }
    for (pat, action) in &prog.rules {
        if let (Pat::End, Some(a)) = (pat, action) {
            run.exec(&S::Block(a.clone()));
        }
    }
    let mut out = Output {
        stderr_first: String::new(),
        stdout: run.out,
        stderr: err,
        status: if ok { 0 } else { 2 },
    };
    if let Some(e) = run.err {
        out.stderr.push_str(&e);
        out.stderr.push('\n');
        out.status = 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::vfs::Vfs;

    fn a(args: &[&str], stdin: &str) -> Output {
        let mut v = Vfs::empty();
        let mut io = Io {
            stdin,
            vfs: &mut v,
            tty: false,
            flavour: crate::shell::builtins::Flavour::Gnu,
        };
        awk(
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &mut io,
        )
    }

    #[test]
    fn guide_program() {
        let input = "www-web-0   Bound\nwww-web-3   Bound\nwww-web-4   Bound\n";
        let o = a(&["{if ($1 ~ /web-[3-9]/) print $1}"], input);
        assert_eq!(o.stdout, "www-web-3\nwww-web-4\n");
        assert_eq!(a(&["{print $1}"], "a b\nc d\n").stdout, "a\nc\n");
    }

    #[test]
    fn patterns_fs_and_end() {
        assert_eq!(a(&["-F:", "{print $2}"], "a:b:c\n").stdout, "b\n");
        assert_eq!(a(&["NR>1 {print $1}"], "H X\na 1\nb 2\n").stdout, "a\nb\n");
        assert_eq!(a(&["/web/"], "web-0\nfoo\n").stdout, "web-0\n");
        assert_eq!(a(&["{n++} END {print n}"], "a\nb\nc\n").stdout, "3\n");
        assert_eq!(
            a(&["$2 > 5 {print $1, $NF}"], "a 10 z\nb 3 y\n").stdout,
            "a z\n"
        );
        assert_eq!(
            a(&["{printf \"%-4s|%3d\\n\", $1, $2}"], "ab 7\n").stdout,
            "ab  |  7\n"
        );
        assert_eq!(
            a(
                &["{ if ($1 == \"x\") print \"yes\"; else print \"no\" }"],
                "x\ny\n"
            )
            .stdout,
            "yes\nno\n"
        );
    }

    #[test]
    fn syntax_errors() {
        let o = a(&["{print $1"], "a\n");
        assert_eq!(o.status, 1);
        assert!(
            o.stderr.starts_with("awk: cmd. line:1: {print $1\n"),
            "{}",
            o.stderr
        );
        assert_eq!(a(&["{if ($1 ~ /web-[3-9]/ print $1}"], "").status, 1);
    }
}
