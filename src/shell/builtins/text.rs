//! Small coreutils: echo, cat, ls, rm, touch, head, tail, sort, uniq, wc.

use super::{inputs, lines, Io, Output};

pub fn echo(args: &[String]) -> Output {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
        {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let mut s = args[i..].join(" ");
    if escapes {
        s = s
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\\", "\\");
    }
    if newline {
        s.push('\n');
    }
    Output::ok(s)
}

pub fn cat(args: &[String], io: &mut Io<'_>) -> Output {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .cloned()
        .collect();
    let (out, err, ok) = inputs("cat", &files, io);
    Output {
        stderr_first: String::new(),
        stdout: out,
        stderr: err,
        status: if ok { 0 } else { 1 },
    }
}

pub fn ls(args: &[String], io: &mut Io<'_>) -> Output {
    let names: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let one = args.iter().any(|a| a.starts_with('-') && a.contains('1'));
    let mut out = Output::default();
    let listed: Vec<String> = if names.is_empty() {
        io.vfs.list(None).unwrap_or_default()
    } else {
        let mut v = Vec::new();
        for n in &names {
            if let Ok(entries) = io.vfs.list(Some(n)) {
                v.extend(entries);
            } else {
                // GNU ls reports missing operands before it lists anything.
                out.stderr_first.push_str(&format!(
                    "ls: cannot access '{n}': No such file or directory\n"
                ));
                out.status = 2;
            }
        }
        v
    };
    if long {
        for n in &listed {
            let size = io.vfs.read_file(n).map(|t| t.len()).unwrap_or(0);
            out.stdout.push_str(&format!(
                "-rw-r--r-- 1 root root {size:>5} Jan  5 09:00 {n}\n"
            ));
        }
    } else if io.tty && !one {
        if !listed.is_empty() {
            out.stdout = format!("{}\n", listed.join("  "));
        }
    } else {
        for n in &listed {
            out.stdout.push_str(n);
            out.stdout.push('\n');
        }
    }
    out
}

pub fn rm(args: &[String], io: &mut Io<'_>) -> Output {
    let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
    let mut out = Output::default();
    for n in args.iter().filter(|a| !a.starts_with('-')) {
        if io.vfs.remove_file(n).is_err() && !force {
            out.stderr.push_str(&format!(
                "rm: cannot remove '{n}': No such file or directory\n"
            ));
            out.status = 1;
        }
    }
    out
}

pub fn touch(args: &[String], io: &mut Io<'_>) -> Output {
    for n in args.iter().filter(|a| !a.starts_with('-')) {
        if !io.vfs.exists(n) {
            if let Err(e) = io.vfs.write_file(n, "", false) {
                return Output::err(1, format!("touch: cannot touch {}", e.message()));
            }
        }
    }
    Output::default()
}

/// Parse `-n N`, `-nN`, `-N`, `--lines=N`; returns (count, from_start `+N`, files).
fn count_arg(tool: &str, args: &[String]) -> Result<(usize, bool, Vec<String>), Output> {
    let mut n: usize = 10;
    let mut plus = false;
    let mut files = Vec::new();
    let mut i = 0;
    let parse = |v: &str| -> Result<(usize, bool), Output> {
        let (p, v) = match v.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, v.strip_prefix('-').unwrap_or(v)),
        };
        v.parse::<usize>()
            .map(|x| (x, p))
            .map_err(|_| Output::err(1, format!("{tool}: invalid number of lines: ‘{v}’")))
    };
    while i < args.len() {
        let a = &args[i];
        if a == "-n" || a == "--lines" {
            let Some(v) = args.get(i + 1) else {
                return Err(Output::err(
                    1,
                    format!("{tool}: option requires an argument -- 'n'"),
                ));
            };
            (n, plus) = parse(v)?;
            i += 2;
            continue;
        }
        if let Some(v) = a.strip_prefix("--lines=").or_else(|| a.strip_prefix("-n")) {
            (n, plus) = parse(v)?;
        } else if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) {
            (n, plus) = parse(&a[1..])?;
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    Ok((n, plus, files))
}

pub fn head_tail(args: &[String], io: &mut Io<'_>, head: bool) -> Output {
    let tool = if head { "head" } else { "tail" };
    let (n, plus, files) = match count_arg(tool, args) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let (text, err, ok) = inputs(tool, &files, io);
    let ls = lines(&text);
    let sel: Vec<&str> = if head {
        ls.iter().take(n).copied().collect()
    } else if plus {
        ls.iter().skip(n.saturating_sub(1)).copied().collect()
    } else {
        ls.iter()
            .skip(ls.len().saturating_sub(n))
            .copied()
            .collect()
    };
    let mut out: String = sel.iter().map(|l| format!("{l}\n")).collect();
    // Keep a missing final newline when the input's last line is printed (like coreutils).
    let includes_last = if head {
        sel.len() == ls.len()
    } else {
        !sel.is_empty()
    };
    if !text.ends_with('\n') && !text.is_empty() && includes_last {
        out.pop();
    }
    Output {
        stderr_first: String::new(),
        stdout: out,
        stderr: err,
        status: if ok { 0 } else { 1 },
    }
}

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

pub fn sort(args: &[String], io: &mut Io<'_>) -> Output {
    let mut reverse = false;
    let mut numeric = false;
    let mut unique = false;
    let mut key: Option<usize> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-k" {
            key = args
                .get(i + 1)
                .and_then(|v| v.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok());
            i += 2;
            continue;
        }
        if let Some(v) = a.strip_prefix("-k") {
            key = v
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|x| x.parse().ok());
        } else if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'r' => reverse = true,
                    'n' => numeric = true,
                    'u' => unique = true,
                    _ => return Output::err(2, format!("sort: invalid option -- '{c}'")),
                }
            }
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let (text, err, ok) = inputs("sort", &files, io);
    if !ok {
        return Output {
            stderr_first: String::new(),
            stdout: String::new(),
            stderr: err.replace("sort: ", "sort: cannot read: "),
            status: 2,
        };
    }
    let field = |l: &str| -> String {
        match key {
            Some(k) if k >= 1 => l
                .split_whitespace()
                .skip(k - 1)
                .collect::<Vec<_>>()
                .join(" "),
            _ => l.to_string(),
        }
    };
    let mut ls: Vec<&str> = lines(&text);
    ls.sort_by(|a, b| {
        let (fa, fb) = (field(a), field(b));
        let o = if numeric {
            num_prefix(&fa)
                .partial_cmp(&num_prefix(&fb))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else {
            fa.cmp(&fb)
        };
        o.then_with(|| a.cmp(b))
    });
    if reverse {
        ls.reverse();
    }
    if unique {
        ls.dedup_by(|a, b| field(a) == field(b));
    }
    Output::ok(ls.iter().map(|l| format!("{l}\n")).collect::<String>())
}

pub fn uniq(args: &[String], io: &mut Io<'_>) -> Output {
    let count = args.iter().any(|a| a == "-c");
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let (text, err, ok) = inputs("uniq", &files, io);
    let mut out = String::new();
    let ls = lines(&text);
    let mut i = 0;
    while i < ls.len() {
        let mut j = i;
        while j < ls.len() && ls[j] == ls[i] {
            j += 1;
        }
        if count {
            out.push_str(&format!("{:>7} {}\n", j - i, ls[i]));
        } else {
            out.push_str(ls[i]);
            out.push('\n');
        }
        i = j;
    }
    Output {
        stderr_first: String::new(),
        stdout: out,
        stderr: err,
        status: if ok { 0 } else { 1 },
    }
}

pub fn wc(args: &[String], io: &mut Io<'_>) -> Output {
    let mut want = (false, false, false);
    let mut files = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'l' => want.0 = true,
                    'w' => want.1 = true,
                    'c' | 'm' => want.2 = true,
                    _ => return Output::err(1, format!("wc: invalid option -- '{c}'")),
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    if !want.0 && !want.1 && !want.2 {
        want = (true, true, true);
    }
    let ncols = [want.0, want.1, want.2].iter().filter(|b| **b).count();
    let mut out = Output::default();
    let mut rows: Vec<([usize; 3], Option<String>)> = Vec::new();
    let counts = |t: &str| {
        [
            t.matches('\n').count(),
            t.split_whitespace().count(),
            t.len(),
        ]
    };
    if files.is_empty() {
        rows.push((counts(io.stdin), None));
    } else {
        for f in &files {
            match io.vfs.read_file(f) {
                Ok(t) => rows.push((counts(&t), Some(f.clone()))),
                Err(e) => {
                    out.stderr.push_str(&format!("wc: {}\n", e.message()));
                    out.status = 1;
                }
            }
        }
        if rows.len() > 1 {
            let mut tot = [0; 3];
            for (c, _) in &rows {
                for k in 0..3 {
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
        for (k, on) in [want.0, want.1, want.2].iter().enumerate() {
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
