//! File tools: echo, cat, ls, rm, touch (GNU coreutils behaviour and messages).
//!
//! Options go through [`super::opts`]: every option GNU has is either implemented here or
//! refused as not available in this simulator.

use super::opts::{off, on, Spec, Val};
use super::{inputs, Io, Output};

const HELP: crate::shell::builtins::opts::Opt = off('\0', "help", Val::No);
const VERSION: crate::shell::builtins::opts::Opt = off('\0', "version", Val::No);

/// bash's builtin echo: only an argument made of `n`, `e`, `E` letters is an option; any
/// other word (`-z`, `--help`) is printed as text.
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

const CAT: Spec = Spec::gnu(
    "cat",
    1,
    &[
        on('A', "show-all"),
        on('b', "number-nonblank"),
        on('e', ""),
        on('E', "show-ends"),
        on('n', "number"),
        on('s', "squeeze-blank"),
        on('t', ""),
        on('T', "show-tabs"),
        // GNU documents -u as ignored: accepting it is the real behaviour.
        on('u', ""),
        on('v', "show-nonprinting"),
        HELP,
        VERSION,
    ],
);

pub fn cat(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match CAT.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let (text, err, ok) = inputs("cat", &p.operands, io);
    let show_all = p.has("A");
    let v = show_all || p.has("e") || p.has("t") || p.has("v");
    let ends = show_all || p.has("e") || p.has("E");
    let tabs = show_all || p.has("t") || p.has("T");
    let (nonblank, number) = (p.has("b"), p.has("n"));
    let squeeze = p.has("s");
    let mut out = String::new();
    let mut lineno = 0;
    let mut prev_blank = false;
    for piece in text.split_inclusive('\n') {
        let (body, nl) = match piece.strip_suffix('\n') {
            Some(b) => (b, true),
            None => (piece, false),
        };
        let blank = body.is_empty() && nl;
        if squeeze && blank && prev_blank {
            continue;
        }
        prev_blank = blank;
        // -b overrides -n: blank lines keep no number.
        if (nonblank && !body.is_empty()) || (number && !nonblank) {
            lineno += 1;
            out.push_str(&format!("{lineno:>6}\t"));
        }
        if v || tabs {
            out.push_str(&visible(body, v, tabs));
        } else {
            out.push_str(body);
        }
        if nl {
            if ends {
                out.push('$');
            }
            out.push('\n');
        }
    }
    Output {
        stderr_first: String::new(),
        stdout: out,
        stderr: err,
        status: if ok { 0 } else { 1 },
    }
}

/// GNU cat's `-v`/`-T` notation, byte by byte: `^X` for controls, `^?` for DEL, `M-` for
/// bytes above 127; tabs become `^I` only with `-T`.
fn visible(body: &str, v: bool, tabs: bool) -> String {
    if !v {
        return if tabs {
            body.replace('\t', "^I")
        } else {
            body.to_string()
        };
    }
    let mut s = String::new();
    for b in body.bytes() {
        if b == b'\t' {
            s.push_str(if tabs { "^I" } else { "\t" });
            continue;
        }
        let mut c = b;
        if c >= 128 {
            s.push_str("M-");
            c -= 128;
        }
        match c {
            0..=31 => {
                s.push('^');
                s.push((c + 64) as char);
            }
            127 => s.push_str("^?"),
            _ => s.push(c as char),
        }
    }
    s
}

const LS: Spec = Spec::gnu(
    "ls",
    2,
    &[
        on('a', "all"),
        on('A', "almost-all"),
        on('l', ""),
        on('1', ""),
        on('r', "reverse"),
        off('\0', "author", Val::No),
        off('b', "escape", Val::No),
        off('\0', "block-size", Val::Req),
        off('B', "ignore-backups", Val::No),
        off('c', "", Val::No),
        off('C', "", Val::No),
        off('\0', "color", Val::Opt),
        off('d', "directory", Val::No),
        off('D', "dired", Val::No),
        off('f', "", Val::No),
        off('F', "classify", Val::Opt),
        off('\0', "file-type", Val::No),
        off('\0', "format", Val::Req),
        off('\0', "full-time", Val::No),
        off('g', "", Val::No),
        off('\0', "group-directories-first", Val::No),
        off('G', "no-group", Val::No),
        off('h', "human-readable", Val::No),
        off('\0', "si", Val::No),
        off('H', "dereference-command-line", Val::No),
        off('\0', "dereference-command-line-symlink-to-dir", Val::No),
        off('\0', "hide", Val::Req),
        off('\0', "hyperlink", Val::Opt),
        off('\0', "indicator-style", Val::Req),
        off('i', "inode", Val::No),
        off('I', "ignore", Val::Req),
        off('k', "kibibytes", Val::No),
        off('L', "dereference", Val::No),
        off('m', "", Val::No),
        off('n', "numeric-uid-gid", Val::No),
        off('N', "literal", Val::No),
        off('o', "", Val::No),
        off('p', "", Val::No),
        off('q', "hide-control-chars", Val::No),
        off('\0', "show-control-chars", Val::No),
        off('Q', "quote-name", Val::No),
        off('\0', "quoting-style", Val::Req),
        off('R', "recursive", Val::No),
        off('s', "size", Val::No),
        off('S', "", Val::No),
        off('\0', "sort", Val::Req),
        off('\0', "time", Val::Req),
        off('\0', "time-style", Val::Req),
        off('t', "", Val::No),
        off('T', "tabsize", Val::Req),
        off('u', "", Val::No),
        off('U', "", Val::No),
        off('v', "", Val::No),
        off('w', "width", Val::Req),
        off('x', "", Val::No),
        off('X', "", Val::No),
        off('Z', "context", Val::No),
        off('\0', "zero", Val::No),
        HELP,
        VERSION,
    ],
);

/// A directory: it can be listed but not read.
fn is_dir(io: &Io<'_>, name: &str) -> bool {
    io.vfs.list(Some(name)).is_ok() && io.vfs.read_file(name).is_err()
}

pub fn ls(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match LS.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let (all, almost) = (p.has("a"), p.has("A"));
    let long = p.has("l");
    // The later of -1 and -l decides the format (GNU keeps the last format option).
    let one = p
        .opts
        .iter()
        .rev()
        .find(|(o, _)| o.short == '1' || o.short == 'l');
    let one = one.is_some_and(|(o, _)| o.short == '1');
    let long = long && !one;
    let mut out = Output::default();
    let mut listed: Vec<String> = Vec::new();
    // Names from the listing of a directory: dot files hidden unless -a/-A; -a adds `.`
    // and `..` (they sort first).
    let add_dir = |entries: Vec<String>, listed: &mut Vec<String>| {
        if all {
            listed.push(".".into());
            listed.push("..".into());
        }
        listed.extend(
            entries
                .into_iter()
                .filter(|e| all || almost || !e.starts_with('.')),
        );
    };
    if p.operands.is_empty() {
        add_dir(io.vfs.list(None).unwrap_or_default(), &mut listed);
    } else {
        for n in &p.operands {
            match io.vfs.list(Some(n)) {
                Ok(entries) if is_dir(io, n) => add_dir(entries, &mut listed),
                Ok(entries) => listed.extend(entries),
                Err(_) => {
                    // GNU ls reports missing operands before it lists anything.
                    out.stderr_first.push_str(&format!(
                        "ls: cannot access '{n}': No such file or directory\n"
                    ));
                    out.status = 2;
                }
            }
        }
    }
    if p.has("r") {
        listed.reverse();
    }
    if long {
        for n in &listed {
            if n == "." || n == ".." || is_dir(io, n) {
                out.stdout.push_str(&format!(
                    "drwxr-xr-x 1 root root {:>5} Jan  5 09:00 {n}\n",
                    4096
                ));
                continue;
            }
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

const RM: Spec = Spec::gnu(
    "rm",
    1,
    &[
        on('f', "force"),
        on('r', "recursive"),
        on('R', ""),
        off('i', "", Val::No),
        off('I', "", Val::No),
        off('\0', "interactive", Val::Opt),
        off('\0', "one-file-system", Val::No),
        off('\0', "no-preserve-root", Val::No),
        off('\0', "preserve-root", Val::Opt),
        off('d', "dir", Val::No),
        off('v', "verbose", Val::No),
        HELP,
        VERSION,
    ],
);

pub fn rm(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match RM.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let force = p.has("f");
    let recursive = p.has("r") || p.has("R");
    if p.operands.is_empty() && !force {
        return Output::err(
            1,
            "rm: missing operand\nTry 'rm --help' for more information.",
        );
    }
    let mut out = Output::default();
    let fail = |out: &mut Output, msg: String| {
        out.stderr.push_str(&msg);
        out.stderr.push('\n');
        out.status = 1;
    };
    for n in &p.operands {
        let base = n.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let dir = is_dir(io, n);
        if dir && !recursive {
            fail(&mut out, format!("rm: cannot remove '{n}': Is a directory"));
            continue;
        }
        if dir && (base == "." || base == "..") {
            fail(
                &mut out,
                format!("rm: refusing to remove '.' or '..' directory: skipping '{n}'"),
            );
            continue;
        }
        // The filesystems remove a directory with everything under it (`rm -r`).
        if let Err(e) = io.vfs.remove_file(n) {
            let m = e.message();
            let reason = m.strip_prefix(&format!("{n}: ")).unwrap_or(&m).to_string();
            if force && reason == "No such file or directory" {
                continue;
            }
            fail(&mut out, format!("rm: cannot remove '{n}': {reason}"));
        }
    }
    out
}

const TOUCH: Spec = Spec::gnu(
    "touch",
    1,
    &[
        on('c', "no-create"),
        off('a', "", Val::No),
        off('d', "date", Val::Req),
        off('f', "", Val::No),
        off('h', "no-dereference", Val::No),
        off('m', "", Val::No),
        off('r', "reference", Val::Req),
        off('t', "", Val::Req),
        off('\0', "time", Val::Req),
        HELP,
        VERSION,
    ],
);

pub fn touch(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match TOUCH.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    if p.operands.is_empty() {
        return Output::err(
            1,
            "touch: missing file operand\nTry 'touch --help' for more information.",
        );
    }
    let mut out = Output::default();
    for n in &p.operands {
        if io.vfs.exists(n) || p.has("c") {
            continue;
        }
        if let Err(e) = io.vfs.write_file(n, "", false) {
            let m = e.message();
            let reason = m.strip_prefix(&format!("{n}: ")).unwrap_or(&m);
            out.stderr
                .push_str(&format!("touch: cannot touch '{n}': {reason}\n"));
            out.status = 1;
        }
    }
    out
}
