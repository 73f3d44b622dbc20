//! `sort` with GNU's keys and ordering options that the labs use: -k N[,M][nrf], -t C,
//! -n, -r, -f, -u, -s. Comparison is bytewise (the C locale); the other GNU options are
//! refused as not available in this simulator.

use super::opts::{off, on, on_val, Opt, Spec, Val};
use super::{inputs, lines, Io, Output};

const HELP: Opt = off('\0', "help", Val::No);
const VERSION: Opt = off('\0', "version", Val::No);

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
