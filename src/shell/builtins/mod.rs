//! Built-in text tools of the host shell: pure functions from arguments and stdin to
//! stdout, stderr and an exit status, with the messages and exit codes of GNU coreutils.
//!
//! Every tool parses its options with [`opts`]: an option is implemented, or refused as
//! not available in this simulator, or rejected as the real tool rejects it; none is
//! silently ignored.
//!
//! Commands that must run other commands or move time (`xargs`, `timeout`, `sleep`,
//! `history`, `clear`) live in the executor, not here.

pub mod awk;
mod filters;
pub mod grep;
pub mod opts;
mod sort;
pub mod special;
mod text;

pub use opts::Flavour;

use super::vfs::Files;

/// What a finished command printed and its exit status. On a terminal the three parts show
/// in field order: `stderr_first` (messages written before any output, such as GNU ls's
/// missing operands or kubectl's `Warning:` lines), `stdout`, then `stderr` (errors reported
/// after the output, as kubectl and the text tools do when a later operand fails).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stderr_first: String,
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    /// Success with `stdout`.
    pub fn ok(stdout: impl Into<String>) -> Output {
        Output {
            stdout: stdout.into(),
            ..Default::default()
        }
    }
    /// Appends the output of a later command (see [`super::append_ordered`]).
    pub fn append(&mut self, later: &Output) {
        super::append_ordered(
            [&mut self.stderr_first, &mut self.stdout, &mut self.stderr],
            [&later.stderr_first, &later.stdout, &later.stderr],
        );
    }
    /// Failure with a message on stderr (a newline is added).
    pub fn err(status: i32, msg: impl AsRef<str>) -> Output {
        Output {
            stderr: format!("{}\n", msg.as_ref()),
            status,
            ..Default::default()
        }
    }
}

/// What a built-in may touch.
pub struct Io<'a> {
    pub stdin: &'a str,
    pub vfs: &'a mut dyn Files,
    /// stdout is the terminal (ls prints columns, not one name per line).
    pub tty: bool,
    /// GNU tools on the host, busybox applets in a pod: usage errors differ.
    pub flavour: Flavour,
}

/// Names of the text built-ins (for completion and `type`).
pub const NAMES: &[&str] = &[
    "awk", "cat", "echo", "false", "grep", "head", "ls", "pwd", "rm", "sort", "tail", "touch",
    "true", "uniq", "wc",
];

/// Run a text built-in; `None` if `name` is not one.
pub fn run(name: &str, args: &[String], io: &mut Io<'_>) -> Option<Output> {
    Some(match name {
        "true" => Output::default(),
        "false" => Output {
            status: 1,
            ..Default::default()
        },
        "echo" => text::echo(args),
        "cat" => text::cat(args, io),
        "ls" => text::ls(args, io),
        "pwd" => pwd(args, io),
        "rm" => text::rm(args, io),
        "touch" => text::touch(args, io),
        "head" => filters::head_tail(args, io, true),
        "tail" => filters::head_tail(args, io, false),
        "sort" => sort::sort(args, io),
        "uniq" => filters::uniq(args, io),
        "wc" => filters::wc(args, io),
        "grep" => grep::grep(args, io),
        "awk" => awk::awk(args, io),
        _ => return None,
    })
}

/// The shell's `pwd`: `-L` and `-P` print the same directory (there are no symbolic
/// links); any other option is bash's builtin usage error.
fn pwd(args: &[String], io: &Io<'_>) -> Output {
    for a in args {
        if a == "--" {
            break;
        }
        if a.len() > 1 && a.starts_with('-') {
            if let Some(c) = a[1..].chars().find(|c| !matches!(c, 'L' | 'P')) {
                // bash reports the first bad letter as `-c`, then its usage line.
                let shown = if a.starts_with("--") {
                    a.clone()
                } else {
                    format!("-{c}")
                };
                return match io.flavour {
                    Flavour::Gnu => Output::err(
                        2,
                        format!("bash: pwd: {shown}: invalid option\npwd: usage: pwd [-LP]"),
                    ),
                    Flavour::Busybox => Output::err(1, format!("pwd: invalid option -- '{c}'")),
                };
            }
        }
    }
    Output::ok(format!("{}\n", io.vfs.cwd()))
}

/// Split text into lines without their terminators (a final newline does not make an empty line).
pub fn lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.split('\n').collect();
    if s.ends_with('\n') || s.is_empty() {
        v.pop();
    }
    v
}

/// Read the named files (or stdin when none or `-`): Ok(concatenated) or the first error.
pub(crate) fn inputs(tool: &str, files: &[String], io: &Io<'_>) -> (String, String, bool) {
    if files.is_empty() {
        return (io.stdin.to_string(), String::new(), true);
    }
    let mut out = String::new();
    let mut err = String::new();
    let mut ok = true;
    for f in files {
        if f == "-" {
            out.push_str(io.stdin);
            continue;
        }
        match io.vfs.read_file(f) {
            Ok(t) => out.push_str(&t),
            Err(e) => {
                err.push_str(&format!("{tool}: {}\n", e.message()));
                ok = false;
            }
        }
    }
    (out, err, ok)
}
