//! Line filters: head, tail, sort, uniq, wc (GNU coreutils behaviour and messages).
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

const SORT: Spec = Spec::gnu(
    "sort",
    2,
    &[
        on('f', "ignore-case"),
        on('n', "numeric-sort"),
        on('r', "reverse"),
        on('s', "stable"),
        on('u', "unique"),
        on_val('k', "key"),
        on_val('t', "field-separator"),
        off('b', "ignore-leading-blanks", Val::No),
        off('d', "dictionary-order", Val::No),
        off('g', "general-numeric-sort", Val::No),
        off('i', "ignore-nonprinting", Val::No),
        off('M', "month-sort", Val::No),
        off('h', "human-numeric-sort", Val::No),
        off('R', "random-sort", Val::No),
        off('\0', "random-source", Val::Req),
        off('\0', "sort", Val::Req),
        off('V', "version-sort", Val::No),
        off('\0', "batch-size", Val::Req),
        off('c', "", Val::No),
        off('\0', "check", Val::Opt),
        off('C', "", Val::No),
        off('\0', "compress-program", Val::Req),
        off('\0', "debug", Val::No),
        off('\0', "files0-from", Val::Req),
        off('m', "merge", Val::No),
        off('o', "output", Val::Req),
        off('S', "buffer-size", Val::Req),
        off('T', "temporary-directory", Val::Req),
        off('\0', "parallel", Val::Req),
        off('z', "zero-terminated", Val::No),
        HELP,
        VERSION,
    ],
);

/// Numeric prefix value the way `sort -n` reads it (leading blanks, sign, digits, fraction).
fn num_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || c == '.' || (i == 0 && c == '-') {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    t[..end].parse().unwrap_or(0.0)
}

/// One `-k N[,M][nrf]` key; `flags` None means the global options apply.
struct Key {
    from: usize,
    to: Option<usize>,
    flags: Option<(bool, bool, bool)>,
}

fn parse_key(spec: &str) -> Result<Key, Output> {
    let bad = |m: String| Output::err(2, format!("sort: {m}"));
    let (a, b) = match spec.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    let mut flags: Option<(bool, bool, bool)> = None;
    let mut field = |part: &str, start: bool| -> Result<usize, Output> {
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = &part[digits.len()..];
        if digits.is_empty() {
            // GNU quotes what remains of the key from the failing position.
            let (what, rest) = if start {
                ("invalid number at field start", spec)
            } else {
                ("invalid number after ','", part)
            };
            return Err(bad(format!("{what}: invalid count at start of '{rest}'")));
        }
        for c in rest.chars() {
            let f = flags.get_or_insert((false, false, false));
            match c {
                'n' => f.0 = true,
                'r' => f.1 = true,
                'f' => f.2 = true,
                // Character positions and the other ordering letters are not modelled.
                _ => {
                    return Err(bad(format!(
                        "option '-k {spec}' is not available in this simulator"
                    )))
                }
            }
        }
        digits.parse().map_err(|_| {
            bad(format!(
                "option '-k {spec}' is not available in this simulator"
            ))
        })
    };
    let from = field(a, true)?;
    if from == 0 {
        return Err(bad(format!(
            "field number is zero: invalid field specification '{spec}'"
        )));
    }
    let to = match b {
        Some(b) => Some(field(b, false)?),
        None => None,
    };
    Ok(Key { from, to, flags })
}

pub fn sort(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match SORT.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let sep: Option<char> = match p.value("t") {
        None => None,
        Some(t) if t.chars().count() == 1 => t.chars().next(),
        Some(t) => return Output::err(2, format!("sort: multi-character tab '{t}'")),
    };
    let mut keys = Vec::new();
    for k in p.values("k") {
        match parse_key(k) {
            Ok(k) => keys.push(k),
            Err(e) => return e,
        }
    }
    let global = (p.has("n"), p.has("r"), p.has("f"));
    let (text, err, ok) = inputs("sort", &p.operands, io);
    if !ok {
        return Output {
            stderr_first: String::new(),
            stdout: String::new(),
            stderr: err.replace("sort: ", "sort: cannot read: "),
            status: 2,
        };
    }
    // Fields: split at the -t character, or at runs of blanks.
    let key_text = |l: &str, k: &Key| -> String {
        let fields: Vec<&str> = match sep {
            Some(c) => l.split(c).collect(),
            None => l.split_whitespace().collect(),
        };
        let to = k.to.unwrap_or(fields.len()).min(fields.len());
        let joint = sep.map(String::from).unwrap_or_else(|| " ".into());
        if k.from > to {
            return String::new();
        }
        fields[k.from - 1..to].join(&joint)
    };
    let cmp_with = |a: &str, b: &str, (num, rev, fold): (bool, bool, bool)| {
        let o = if num {
            num_prefix(a)
                .partial_cmp(&num_prefix(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else if fold {
            a.to_uppercase().cmp(&b.to_uppercase())
        } else {
            a.cmp(b)
        };
        if rev {
            o.reverse()
        } else {
            o
        }
    };
    let keyed = |a: &str, b: &str| -> std::cmp::Ordering {
        if keys.is_empty() {
            return cmp_with(a, b, global);
        }
        keys.iter()
            .map(|k| cmp_with(&key_text(a, k), &key_text(b, k), k.flags.unwrap_or(global)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    // -s and -u drop the last-resort whole-line comparison (GNU).
    let last_resort = !p.has("s") && !p.has("u");
    let mut ls: Vec<&str> = lines(&text);
    ls.sort_by(|a, b| {
        let o = keyed(a, b);
        if o.is_eq() && last_resort {
            if global.1 {
                b.cmp(a)
            } else {
                a.cmp(b)
            }
        } else {
            o
        }
    });
    if p.has("u") {
        ls.dedup_by(|a, b| keyed(a, b).is_eq());
    }
    Output::ok(ls.iter().map(|l| format!("{l}\n")).collect::<String>())
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
