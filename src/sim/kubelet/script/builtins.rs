//! The applets a container script can call, with busybox's messages and exit codes: the
//! file tools (`echo`/`printf` with redirections, `mkdir`, `touch`, `cp`, `cat`, `rm`, `ls`),
//! `test`/`[`, `cd`, `hostname`, `sleep`, `exit`, and the long-running servers (`tail -f`,
//! `httpd -f`, `nc -l`). Other busybox applets are taken to succeed without effects the
//! simulation tracks; unless they are known to print nothing on success ([`SILENT`]), what
//! they would print is unknown, so the container's log stops recording there rather than
//! show text that is wrong (an `echo "$(date) tick"` would log ` tick`).

use super::{Exec, Out, Run, Stop};
use crate::sim::fs::FsError;

type R = Result<Out, Stop>;

/// Applets and shell builtins outside the ones modelled that print nothing when they succeed.
const SILENT: &[&str] = &[
    "export", "set", "unset", "trap", "umask", "chmod", "chown", "ln", "mv", "sync", "wait",
    "shift", "readonly", "local", "ulimit", "kill",
];

fn ok(stdout: String) -> R {
    Ok(Out {
        stdout,
        ..Default::default()
    })
}

fn fail(msg: String) -> R {
    Ok(Out::err(1, msg))
}

/// Parse a `sleep` argument (`3600`, `10s`, `1m`, `0.5`, `infinity`) into ms; `None` = forever.
pub fn sleep_ms(arg: &str) -> Option<Option<u64>> {
    if arg == "infinity" || arg == "inf" {
        return Some(None);
    }
    let (num, mul) = match arg.chars().last()? {
        's' => (&arg[..arg.len() - 1], 1000.0),
        'm' => (&arg[..arg.len() - 1], 60_000.0),
        'h' => (&arg[..arg.len() - 1], 3_600_000.0),
        'd' => (&arg[..arg.len() - 1], 86_400_000.0),
        _ => (arg, 1000.0),
    };
    let n: f64 = num.parse().ok().filter(|n: &f64| *n >= 0.0)?;
    Some(Some((n * mul) as u64))
}

/// Split leading `-xyz` flags (until `--` or the first operand).
fn flags(args: &[String]) -> (String, &[String]) {
    let mut f = String::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        if a.len() < 2 || !a.starts_with('-') {
            break;
        }
        f.push_str(&a[1..]);
        i += 1;
    }
    (f, &args[i..])
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// busybox `printf`: `%s %d %i %c %%` and backslash escapes; the format is reused until the
/// arguments are consumed.
fn printf(args: &[String]) -> R {
    let Some(fmt) = args.first() else {
        return fail("printf: usage: printf FORMAT [ARGUMENT...]\n".into());
    };
    let fmt = unescape(fmt);
    let mut rest = args[1..].iter();
    let mut out = String::new();
    loop {
        let mut used = false;
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => out.push('%'),
                Some('s') | Some('b') | Some('c') => {
                    used = true;
                    out.push_str(rest.next().map(String::as_str).unwrap_or(""));
                }
                Some('d') | Some('i') => {
                    used = true;
                    let v = rest.next().map(String::as_str).unwrap_or("0");
                    out.push_str(&v.trim().parse::<i64>().unwrap_or(0).to_string());
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            }
        }
        if !used || rest.len() == 0 {
            break;
        }
    }
    ok(out)
}

fn test(ex: &Exec, args: &[String]) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = match a.as_slice() {
        [] => false,
        ["!", rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            return (test(ex, &rest) == 0) as i32;
        }
        [s] => !s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-e", p] => ex.exists(p),
        ["-f", p] => {
            let p = ex.path(p);
            ex.sb.volumes.read(ex.sb.mounts, &p).is_ok()
        }
        ["-d", p] => ex.sb.volumes.is_dir(ex.sb.mounts, &ex.path(p)),
        ["-s", p] => {
            let p = ex.path(p);
            ex.sb
                .volumes
                .read(ex.sb.mounts, &p)
                .is_ok_and(|s| !s.is_empty())
        }
        [l, "=" | "==", r] => l == r,
        [l, "!=", r] => l != r,
        [l, op @ ("-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge"), r] => {
            let (Ok(l), Ok(r)) = (l.trim().parse::<i64>(), r.trim().parse::<i64>()) else {
                return 2;
            };
            match *op {
                "-eq" => l == r,
                "-ne" => l != r,
                "-lt" => l < r,
                "-le" => l <= r,
                "-gt" => l > r,
                _ => l >= r,
            }
        }
        _ => return 2,
    };
    (!r) as i32
}

fn copy(ex: &mut Exec, recursive: bool, src: &str, dst: &str) -> Result<(), String> {
    let s = ex.path(src);
    let mut d = ex.path(dst);
    if ex.sb.volumes.is_dir(ex.sb.mounts, &d) {
        let base = s.rsplit('/').next().unwrap_or("");
        d = format!("{}/{base}", d.trim_end_matches('/'));
    }
    if ex.sb.volumes.is_dir(ex.sb.mounts, &s) {
        if !recursive {
            return Err(format!("cp: omitting directory '{src}'\n"));
        }
        let (v, mt) = ex.vols();
        v.mkdir_all(mt, &d)
            .map_err(|e| format!("cp: can't create directory '{dst}': {}\n", e.strerror()))?;
        let entries = ex.sb.volumes.list(ex.sb.mounts, &s).unwrap_or_default();
        for (name, _) in entries {
            copy(ex, true, &format!("{s}/{name}"), &format!("{d}/{name}"))?;
        }
        return Ok(());
    }
    let data = ex
        .sb
        .volumes
        .read(ex.sb.mounts, &s)
        .map_err(|e| format!("cp: can't stat '{src}': {}\n", e.strerror()))?;
    let (v, mt) = ex.vols();
    v.write(mt, &d, &data, false)
        .map_err(|e| format!("cp: can't create '{dst}': {}\n", e.strerror()))
}

pub(super) fn run(ex: &mut Exec, argv: &[String], stdin: &str) -> R {
    let name = argv[0].rsplit('/').next().unwrap_or("");
    let args = &argv[1..];
    match name {
        "true" | ":" => ok(String::new()),
        "false" => Ok(Out::status(1)),
        "exit" => {
            let code = match args.first() {
                Some(a) => a.parse::<i32>().map(|c| c & 0xff).unwrap_or(2),
                None => ex.status,
            };
            Err(Stop::Exit(code))
        }
        "echo" => {
            let (mut newline, mut escapes, mut i) = (true, false, 0);
            while let Some(a) = args.get(i) {
                match a.as_str() {
                    "-n" => newline = false,
                    "-e" => escapes = true,
                    "-E" => escapes = false,
                    "-ne" | "-en" => {
                        newline = false;
                        escapes = true;
                    }
                    _ => break,
                }
                i += 1;
            }
            let mut s = args[i..].join(" ");
            if escapes {
                s = unescape(&s);
            }
            if newline {
                s.push('\n');
            }
            ok(s)
        }
        "printf" => printf(args),
        "test" => Ok(Out::status(test(ex, args))),
        "[" => match args.split_last() {
            Some((last, rest)) if last == "]" => Ok(Out::status(test(ex, rest))),
            _ => Ok(Out::err(2, "sh: [: missing ]\n".into())),
        },
        "hostname" => ok(format!(
            "{}\n",
            ex.sb.vars.get("HOSTNAME").cloned().unwrap_or_default()
        )),
        "pwd" => ok(format!("{}\n", ex.cwd)),
        "cd" => {
            let target = args.first().cloned().unwrap_or_else(|| "/root".into());
            let p = ex.path(&target);
            if ex.sb.volumes.is_dir(ex.sb.mounts, &p) {
                ex.cwd = p;
                ok(String::new())
            } else {
                Ok(Out::err(
                    2,
                    format!("sh: cd: can't cd to {target}: No such file or directory\n"),
                ))
            }
        }
        "sleep" => match args.first().map(|a| sleep_ms(a)) {
            Some(Some(None)) => Err(Stop::Block(Run::Forever)),
            Some(Some(Some(ms))) => {
                ex.elapsed += ms;
                ok(String::new())
            }
            // busybox's usage text or message is not reproduced: the log stops here.
            _ => {
                ex.output_unknown();
                Ok(Out::status(1))
            }
        },
        "tail" if args.iter().any(|a| a == "-f" || a == "-F") => {
            // It prints the files' last lines first; only an empty file's output is known.
            if args.iter().any(|a| !a.starts_with('-') && a != "/dev/null") {
                ex.output_unknown();
            }
            Err(Stop::Block(Run::Forever))
        }
        "httpd" if args.iter().any(|a| a.contains('f')) => Err(Stop::Block(Run::Forever)),
        "nc" if args.iter().any(|a| a.starts_with("-l")) => Err(Stop::Block(Run::Forever)),
        "sh" | "ash" | "bash" => match args {
            [c, script, ..] if c == "-c" => match super::parse::parse(script) {
                Ok(items) => {
                    let stdout = ex.items(&items, stdin);
                    // `exit` ends only the inner shell.
                    if let Some(Stop::Exit(code)) = ex.stop {
                        ex.stop = None;
                        ex.status = code;
                    }
                    Ok(Out {
                        stdout,
                        status: ex.status,
                        ..Default::default()
                    })
                }
                Err(e) => Ok(Out::err(2, format!("sh: {e}\n"))),
            },
            // An interactive shell with no stdin exits at EOF.
            _ => ok(String::new()),
        },
        "mkdir" => {
            let (f, paths) = flags(args);
            let parents = f.contains('p');
            let mut o = Out::default();
            for p in paths {
                let full = ex.path(p);
                let exists = ex.exists(&full);
                let parent_ok = full
                    .rsplit_once('/')
                    .map(|(d, _)| d.is_empty() || ex.sb.volumes.is_dir(ex.sb.mounts, d))
                    .unwrap_or(true);
                let err = if exists && !parents {
                    Some("File exists".to_string())
                } else if !parents && !parent_ok {
                    Some(FsError::NotFound.strerror())
                } else {
                    let (v, mt) = ex.vols();
                    v.mkdir_all(mt, &full).err().map(|e| e.strerror())
                };
                if let Some(e) = err {
                    o.stderr
                        .push_str(&format!("mkdir: can't create directory '{p}': {e}\n"));
                    o.status = 1;
                }
            }
            Ok(o)
        }
        "touch" => {
            let (_, paths) = flags(args);
            let mut o = Out::default();
            for p in paths {
                let full = ex.path(p);
                if ex.sb.volumes.is_dir(ex.sb.mounts, &full) {
                    continue;
                }
                let (v, mt) = ex.vols();
                if let Err(e) = v.write(mt, &full, "", true) {
                    o.stderr
                        .push_str(&format!("touch: {p}: {}\n", e.strerror()));
                    o.status = 1;
                }
            }
            Ok(o)
        }
        "cp" => {
            let (f, ops) = flags(args);
            let recursive = f.contains('r') || f.contains('R') || f.contains('a');
            let Some((dst, srcs)) = ops.split_last().filter(|(_, s)| !s.is_empty()) else {
                return fail("cp: missing file operand\n".into());
            };
            let mut o = Out::default();
            for s in srcs {
                if let Err(e) = copy(ex, recursive, s, dst) {
                    o.stderr.push_str(&e);
                    o.status = 1;
                }
            }
            Ok(o)
        }
        "cat" => {
            let (_, files) = flags(args);
            if files.is_empty() {
                return ok(stdin.to_string());
            }
            let mut o = Out::default();
            for f in files {
                if f == "-" {
                    o.stdout.push_str(stdin);
                    continue;
                }
                match ex.sb.volumes.read(ex.sb.mounts, &ex.path(f)) {
                    Ok(s) => o.stdout.push_str(&s),
                    Err(e) => {
                        o.stderr
                            .push_str(&format!("cat: can't open '{f}': {}\n", e.strerror()));
                        o.status = 1;
                    }
                }
            }
            Ok(o)
        }
        "rm" => {
            let (f, paths) = flags(args);
            let force = f.contains('f');
            let recursive = f.contains('r') || f.contains('R');
            let mut o = Out::default();
            for p in paths {
                let full = ex.path(p);
                if ex.sb.volumes.is_dir(ex.sb.mounts, &full) && !recursive {
                    o.stderr.push_str(&format!("rm: '{p}' is a directory\n"));
                    o.status = 1;
                    continue;
                }
                let (v, mt) = ex.vols();
                match v.remove(mt, &full) {
                    Ok(()) => {}
                    Err(FsError::NotFound) if force => {}
                    Err(e) => {
                        o.stderr
                            .push_str(&format!("rm: can't remove '{p}': {}\n", e.strerror()));
                        o.status = 1;
                    }
                }
            }
            Ok(o)
        }
        "ls" => {
            let (_, paths) = flags(args);
            let paths: Vec<String> = if paths.is_empty() {
                vec![".".into()]
            } else {
                paths.to_vec()
            };
            let mut o = Out::default();
            for p in &paths {
                match ex.sb.volumes.list(ex.sb.mounts, &ex.path(p)) {
                    Ok(entries) => {
                        for (n, _) in entries.iter().filter(|(n, _)| !n.starts_with('.')) {
                            o.stdout.push_str(n);
                            o.stdout.push('\n');
                        }
                    }
                    Err(e) => {
                        o.stderr.push_str(&format!("ls: {p}: {}\n", e.strerror()));
                        o.status = 1;
                    }
                }
            }
            Ok(o)
        }
        _ => {
            if !SILENT.contains(&name) {
                ex.output_unknown();
            }
            ok(String::new())
        }
    }
}
