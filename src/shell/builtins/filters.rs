//! Line filters: head, tail, uniq, wc (GNU coreutils behaviour and messages); sort is in
//! [`super::sort`].
//!
//! Options go through [`super::opts`]: every option GNU has is either implemented here or
//! refused as not available in this simulator.

use super::opts::{off, on, on_val, Opt, Spec, Val};
use super::{inputs, lines, Io, Output};

const HELP: Opt = off('\0', "help", Val::No);
const VERSION: Opt = off('\0', "version", Val::No);

const HEAD: Spec = Spec::gnu(
    "head",
    1,
    &[
        on_val('c', "bytes"),
        on_val('n', "lines"),
        on('q', "quiet"),
        on('\0', "silent"),
        on('v', "verbose"),
        off('z', "zero-terminated", Val::No),
        HELP,
        VERSION,
    ],
);

const TAIL: Spec = Spec::gnu(
    "tail",
    1,
    &[
        on_val('c', "bytes"),
        on_val('n', "lines"),
        on('q', "quiet"),
        on('\0', "silent"),
        on('v', "verbose"),
        off('f', "follow", Val::Opt),
        off('F', "", Val::No),
        off('\0', "max-unchanged-stats", Val::Req),
        off('\0', "pid", Val::Req),
        off('\0', "retry", Val::No),
        off('s', "sleep-interval", Val::Req),
        off('z', "zero-terminated", Val::No),
        HELP,
        VERSION,
    ],
);

/// A count for head/tail: the number, and its sign (`+N`: from line N; `-N`: all but).
struct Count {
    n: usize,
    plus: bool,
    minus: bool,
    bytes: bool,
}

pub fn head_tail(args: &[String], io: &mut Io<'_>, head: bool) -> Output {
    let (tool, spec) = if head {
        ("head", &HEAD)
    } else {
        ("tail", &TAIL)
    };
    // `-5` is `-n 5` (GNU accepts the digits as options).
    // A word that is the value of -n/-c (`-n -1`, `-qn -1`, `--lines -1`) stays as it is.
    let mut rewritten = Vec::new();
    let mut ended = false;
    let mut is_value = false;
    for a in args {
        let value_here = is_value;
        is_value = !ended
            && !value_here
            && if let Some(long) = a.strip_prefix("--") {
                !long.contains('=')
                    && ("lines".starts_with(long) || "bytes".starts_with(long))
                    && !long.is_empty()
            } else {
                a.len() > 1 && a.starts_with('-') && (a.ends_with('n') || a.ends_with('c'))
            };
        ended |= a == "--" && !value_here;
        match a.strip_prefix('-') {
            Some(d)
                if !ended
                    && !value_here
                    && !d.is_empty()
                    && d.chars().all(|c| c.is_ascii_digit()) =>
            {
                rewritten.push("-n".to_string());
                rewritten.push(d.to_string());
            }
            _ => rewritten.push(a.clone()),
        }
    }
    let p = match spec.parse(&rewritten, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    // The last of -n/-c wins.
    let last = p
        .opts
        .iter()
        .rev()
        .find(|(o, _)| o.short == 'n' || o.short == 'c');
    let count = match last {
        None => Count {
            n: 10,
            plus: false,
            minus: false,
            bytes: false,
        },
        Some((o, v)) => {
            let v = v.as_deref().unwrap_or("");
            let what = if o.short == 'c' { "bytes" } else { "lines" };
            let (plus, minus, digits) = match (v.strip_prefix('+'), v.strip_prefix('-')) {
                (Some(d), _) => (true, false, d),
                (_, Some(d)) => (false, true, d),
                _ => (false, false, v),
            };
            match digits.parse::<usize>() {
                Ok(n) => Count {
                    n,
                    plus,
                    minus,
                    bytes: o.short == 'c',
                },
                Err(_) => {
                    return Output::err(1, format!("{tool}: invalid number of {what}: ‘{v}’"))
                }
            }
        }
    };
    let files: Vec<String> = if p.operands.is_empty() {
        vec!["-".into()]
    } else {
        p.operands.clone()
    };
    let headers = (files.len() > 1 && !p.has("q") && !p.has("silent")) || p.has("v");
    let mut out = Output::default();
    let mut first = true;
    for f in &files {
        let text = if f == "-" {
            io.stdin.to_string()
        } else {
            match io.vfs.read_file(f) {
                Ok(t) => t,
                Err(e) => {
                    let m = e.message();
                    let reason = m.strip_prefix(&format!("{f}: ")).unwrap_or(&m);
                    out.stderr.push_str(&format!(
                        "{tool}: cannot open '{f}' for reading: {reason}\n"
                    ));
                    out.status = 1;
                    continue;
                }
            }
        };
        if headers {
            let name = if f == "-" { "standard input" } else { f };
            let sep = if first { "" } else { "\n" };
            out.stdout.push_str(&format!("{sep}==> {name} <==\n"));
        }
        first = false;
        out.stdout.push_str(&select(&text, &count, head));
    }
    out
}

/// The part of `text` head or tail prints. Lines keep their terminators, so a last line
/// without a newline stays without one.
fn select(text: &str, c: &Count, head: bool) -> String {
    if c.bytes {
        let b = text.as_bytes();
        let (from, to) = range(b.len(), c, head);
        return String::from_utf8_lossy(&b[from..to]).into_owned();
    }
    let pieces: Vec<&str> = text.split_inclusive('\n').collect();
    let (from, to) = range(pieces.len(), c, head);
    pieces[from..to].concat()
}

/// The selected index range of `len` items.
fn range(len: usize, c: &Count, head: bool) -> (usize, usize) {
    if head {
        if c.minus {
            (0, len.saturating_sub(c.n))
        } else {
            (0, c.n.min(len))
        }
    } else if c.plus {
        (c.n.saturating_sub(1).min(len), len)
    } else {
        (len.saturating_sub(c.n), len)
    }
}

const UNIQ: Spec = Spec::gnu(
    "uniq",
    1,
    &[
        on('c', "count"),
        on('d', "repeated"),
        on('i', "ignore-case"),
        on('u', "unique"),
        off('D', "", Val::No),
        off('\0', "all-repeated", Val::Opt),
        off('f', "skip-fields", Val::Req),
        off('s', "skip-chars", Val::Req),
        off('w', "check-chars", Val::Req),
        off('z', "zero-terminated", Val::No),
        off('\0', "group", Val::Opt),
        HELP,
        VERSION,
    ],
);

pub fn uniq(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match UNIQ.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    // `uniq [INPUT [OUTPUT]]`: the second operand is a file to write.
    if let Some(extra) = p.operands.get(2) {
        return Output::err(
            1,
            format!("uniq: extra operand '{extra}'\nTry 'uniq --help' for more information."),
        );
    }
    let (text, err, ok) = inputs("uniq", &p.operands[..p.operands.len().min(1)], io);
    if !ok {
        return Output {
            stderr: err,
            status: 1,
            ..Default::default()
        };
    }
    let icase = p.has("i");
    let same = |a: &str, b: &str| {
        if icase {
            a.to_lowercase() == b.to_lowercase()
        } else {
            a == b
        }
    };
    let (only_dup, only_single) = (p.has("d"), p.has("u"));
    let mut out = String::new();
    let ls = lines(&text);
    let mut i = 0;
    while i < ls.len() {
        let mut j = i;
        while j < ls.len() && same(ls[j], ls[i]) {
            j += 1;
        }
        let n = j - i;
        if !(only_dup && n == 1 || only_single && n > 1) {
            if p.has("c") {
                out.push_str(&format!("{n:>7} {}\n", ls[i]));
            } else {
                out.push_str(ls[i]);
                out.push('\n');
            }
        }
        i = j;
    }
    if let Some(dest) = p.operands.get(1).filter(|d| *d != "-") {
        return match io.vfs.write_file(dest, &out, false) {
            Ok(()) => Output::default(),
            Err(e) => Output::err(1, format!("uniq: {}", e.message())),
        };
    }
    Output::ok(out)
}

const WC: Spec = Spec::gnu(
    "wc",
    1,
    &[
        on('c', "bytes"),
        on('m', "chars"),
        on('l', "lines"),
        on('w', "words"),
        off('L', "max-line-length", Val::No),
        off('\0', "files0-from", Val::Req),
        off('\0', "total", Val::Req),
        HELP,
        VERSION,
    ],
);

pub fn wc(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match WC.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    // Columns in GNU order: lines, words, characters, bytes.
    let mut want = [p.has("l"), p.has("w"), p.has("m"), p.has("c")];
    if !want.iter().any(|b| *b) {
        want = [true, true, false, true];
    }
    let ncols = want.iter().filter(|b| **b).count();
    let files = &p.operands;
    let mut out = Output::default();
    let mut rows: Vec<([usize; 4], Option<String>)> = Vec::new();
    let counts = |t: &str| {
        [
            t.matches('\n').count(),
            t.split_whitespace().count(),
            t.chars().count(),
            t.len(),
        ]
    };
    if files.is_empty() {
        rows.push((counts(io.stdin), None));
    } else {
        for f in files {
            let r = if f == "-" {
                Ok(io.stdin.to_string())
            } else {
                io.vfs.read_file(f)
            };
            match r {
                Ok(t) => rows.push((counts(&t), Some(f.clone()))),
                Err(e) => {
                    out.stderr.push_str(&format!("wc: {}\n", e.message()));
                    out.status = 1;
                }
            }
        }
        if rows.len() > 1 {
            let mut tot = [0; 4];
            for (c, _) in &rows {
                for k in 0..4 {
                    tot[k] += c[k];
                }
            }
            rows.push((tot, Some("total".into())));
        }
    }
    // GNU wc: a single count from stdin is printed bare; otherwise columns share a width.
    let width = if ncols == 1 && files.is_empty() {
        0
    } else if files.is_empty() {
        7
    } else {
        rows.iter()
            .flat_map(|(c, _)| c.iter())
            .max()
            .map(|m| m.to_string().len())
            .unwrap_or(1)
    };
    for (c, name) in rows {
        let mut cols = Vec::new();
        for (k, on) in want.iter().enumerate() {
            if *on {
                cols.push(format!("{:>width$}", c[k]));
            }
        }
        let mut line = cols.join(" ");
        if let Some(n) = name {
            line.push(' ');
            line.push_str(&n);
        }
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    out
}
