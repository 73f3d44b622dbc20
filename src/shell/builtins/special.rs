//! Option handling for the commands the executor runs itself (`sleep`, `timeout`, `xargs`,
//! `clear`, `history`): they run other commands or move time, so they live in
//! [`crate::shell::exec`], but their options follow the same rule as the text tools —
//! implemented, refused as not available in this simulator, or rejected like the real tool.

use super::opts::{off, on, on_val, Flavour, Hint, Opt, Spec, Val};
use super::Output;
use crate::shell::job::{parse_duration, Millis};

const HELP: Opt = off('\0', "help", Val::No);
const VERSION: Opt = off('\0', "version", Val::No);

const SLEEP: Spec = Spec::gnu("sleep", 1, &[HELP, VERSION]);

/// `sleep NUMBER[SUFFIX]...`: GNU sleeps for the sum of its operands.
pub fn sleep(args: &[String], fl: Flavour) -> Result<Millis, Output> {
    let p = SLEEP.parse(args, fl)?;
    if p.operands.is_empty() {
        return Err(Output::err(
            1,
            "sleep: missing operand\nTry 'sleep --help' for more information.",
        ));
    }
    let mut total: Millis = 0;
    for a in &p.operands {
        match parse_duration(a) {
            Some(ms) => total = total.saturating_add(ms),
            None => {
                return Err(Output::err(
                    1,
                    format!(
                    "sleep: invalid time interval ‘{a}’\nTry 'sleep --help' for more information."
                ),
                ))
            }
        }
    }
    Ok(total)
}

const TIMEOUT: Spec = Spec {
    tool: "timeout",
    status: 125,
    hint: Hint::Try,
    stop_at_operand: true,
    opts: &[
        off('s', "signal", Val::Req),
        off('k', "kill-after", Val::Req),
        off('\0', "preserve-status", Val::No),
        off('\0', "foreground", Val::No),
        off('v', "verbose", Val::No),
        HELP,
        VERSION,
    ],
};

/// `timeout DURATION COMMAND [ARG]...`: the duration and the command.
pub fn timeout(args: &[String], fl: Flavour) -> Result<(Millis, Vec<String>), Output> {
    let p = TIMEOUT.parse(args, fl)?;
    let (Some(d), true) = (p.operands.first(), p.operands.len() > 1) else {
        return Err(Output::err(
            125,
            "timeout: missing operand\nTry 'timeout --help' for more information.",
        ));
    };
    let Some(ms) = parse_duration(d) else {
        return Err(Output::err(
            125,
            format!(
                "timeout: invalid time interval ‘{d}’\nTry 'timeout --help' for more information."
            ),
        ));
    };
    Ok((ms, p.operands[1..].to_vec()))
}

const XARGS: Spec = Spec {
    tool: "xargs",
    status: 1,
    hint: Hint::Try,
    stop_at_operand: true,
    opts: &[
        on('r', "no-run-if-empty"),
        on_val('n', "max-args"),
        on_val('I', ""),
        off('0', "null", Val::No),
        off('a', "arg-file", Val::Req),
        off('d', "delimiter", Val::Req),
        off('E', "", Val::Req),
        off('e', "eof", Val::Opt),
        off('i', "replace", Val::Opt),
        off('L', "", Val::Req),
        off('l', "max-lines", Val::Opt),
        off('o', "open-tty", Val::No),
        off('P', "max-procs", Val::Req),
        off('p', "interactive", Val::No),
        off('\0', "process-slot-var", Val::Req),
        off('s', "max-chars", Val::Req),
        off('\0', "show-limits", Val::No),
        off('t', "verbose", Val::No),
        off('x', "exit", Val::No),
        HELP,
        VERSION,
    ],
};

/// What `xargs` was asked to do.
pub struct Xargs {
    pub no_empty: bool,
    pub batch: Option<usize>,
    pub replace: Option<String>,
    pub cmd: Vec<String>,
}

pub fn xargs(args: &[String], fl: Flavour) -> Result<Xargs, Output> {
    let p = XARGS.parse(args, fl)?;
    let batch = match p.value("n") {
        None => None,
        // 0 would make zero-sized batches (found by fuzzing).
        Some(v) => match v.parse().ok().filter(|n: &usize| *n > 0) {
            Some(n) => Some(n),
            None => return Err(Output::err(1, format!("xargs: invalid number \"{v}\" for -n option\nTry 'xargs --help' for more information."))),
        },
    };
    let mut cmd = p.operands.clone();
    if cmd.is_empty() {
        cmd.push("echo".into());
    }
    Ok(Xargs {
        no_empty: p.has("r"),
        batch,
        replace: p.value("I").map(String::from),
        cmd,
    })
}

/// ncurses `clear`: its options are real but not modelled; after a bad option it prints a
/// usage text that is not reproduced.
const CLEAR: Spec = Spec {
    tool: "clear",
    status: 1,
    hint: Hint::Nothing,
    stop_at_operand: false,
    opts: &[
        off('T', "", Val::Req),
        off('V', "", Val::No),
        off('x', "", Val::No),
    ],
};

pub fn clear(args: &[String], fl: Flavour) -> Result<(), Output> {
    CLEAR.parse(args, fl).map(|_| ())
}

/// What `history` was asked to do.
pub enum History {
    Clear,
    /// The last N entries (all when None).
    Show(Option<usize>),
}

/// bash's builtins with options: (name, modelled letters, real but not modelled letters,
/// usage line). `cd -L/-P/-e` are modelled because there are no symbolic links: every
/// spelling reaches the same directory.
const BASH: &[(&str, &str, &str, &str)] = &[
    ("cd", "LPe", "@", "cd: usage: cd [-L|[-P [-e]] [-@]] [dir]"),
    (
        "export",
        "",
        "fnp",
        "export: usage: export [-fn] [name[=value] ...] or export -p",
    ),
    ("unset", "v", "fn", "unset: usage: unset [-f] [-v] [-n] [name ...]"),
    (
        "history",
        "c",
        "danrwps",
        "history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]",
    ),
];

/// Options of a bash builtin (`cd`, `export`, `unset`, `history`), parsed the way bash's
/// internal getopt does: they end at the first word that is not an option, a lone `-` is an
/// operand, `--` ends them. Returns the modelled letters given and the operands. Usage
/// errors exit 2, as bash's builtins do; busybox sh's own wording is not reproduced, so a
/// pod shows the getopt-style line.
pub fn shell_builtin(
    name: &str,
    args: &[String],
    fl: Flavour,
) -> Result<(String, Vec<String>), Output> {
    let Some((_, modelled, unmodelled, usage)) = BASH.iter().find(|b| b.0 == name) else {
        return Ok((String::new(), args.to_vec()));
    };
    let prefix = if fl == Flavour::Gnu { "bash: " } else { "sh: " };
    let mut flags = String::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        if a == "--help" {
            return Err(Output::err(
                2,
                format!("{prefix}{name}: option '--help' is not available in this simulator"),
            ));
        }
        if a.len() < 2 || !a.starts_with('-') {
            break;
        }
        for c in a[1..].chars() {
            if modelled.contains(c) {
                flags.push(c);
            } else if unmodelled.contains(c) {
                return Err(Output::err(
                    2,
                    format!("{prefix}{name}: option '-{c}' is not available in this simulator"),
                ));
            } else if fl == Flavour::Gnu {
                return Err(Output::err(
                    2,
                    format!("bash: {name}: -{c}: invalid option\n{usage}"),
                ));
            } else {
                return Err(Output::err(2, format!("{name}: invalid option -- '{c}'")));
            }
        }
        i += 1;
    }
    Ok((flags, args[i..].to_vec()))
}

/// bash's `history` builtin: `-c` and `history N` are modelled; its other options are
/// refused; anything else gets bash's builtin usage error.
pub fn history(args: &[String], fl: Flavour) -> Result<History, Output> {
    let (flags, operands) = shell_builtin("history", args, fl)?;
    if flags.contains('c') {
        return Ok(History::Clear);
    }
    match operands.first() {
        None => Ok(History::Show(None)),
        Some(n) => match n.parse::<usize>() {
            Ok(n) => Ok(History::Show(Some(n))),
            // bash's own wording for a non-numeric count.
            Err(_) => Err(Output::err(
                1,
                format!("bash: history: {n}: numeric argument required"),
            )),
        },
    }
}
