//! One option parser for the shell's built-in tools, so that no option is silently ignored.
//!
//! Each tool declares a table of the options the real program has (GNU coreutils/grep on
//! the host, busybox in a pod), split into *modelled* ones (implemented for real) and
//! *real but not modelled* ones. Parsing follows getopt_long: clustered short options
//! (`-rn`), attached or separate values (`-n5`, `-n 5`), long options with `=` or a
//! separate value and unique-prefix abbreviations (`--num`), `--` ends the options, a lone
//! `-` is an operand (stdin), and options may follow operands (GNU permutes) unless the
//! tool stops at its first operand (`awk`, `xargs`, `timeout`: the rest is a program).
//!
//! Three outcomes, so a learner never mistakes a simulator gap for real behaviour:
//! a modelled option reaches the tool; a real option that is not modelled is refused with
//! `TOOL: option '-x' is not available in this simulator` (the wording kubectl uses for
//! its own gaps); an option the real tool lacks gets the real tool's getopt error.

use super::Output;

/// Whether an option takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val {
    No,
    /// Required: `-n 5`, `-n5`, `--lines=5`, `--lines 5`.
    Req,
    /// Optional, long form only (`--color`, `--color=auto`).
    Opt,
}

/// One option of a real tool. `short` is `'\0'` and `long` is `""` when absent.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    pub short: char,
    pub long: &'static str,
    pub val: Val,
    pub modelled: bool,
}

/// A modelled option without a value.
pub const fn on(short: char, long: &'static str) -> Opt {
    Opt {
        short,
        long,
        val: Val::No,
        modelled: true,
    }
}

/// A modelled option with a required value.
pub const fn on_val(short: char, long: &'static str) -> Opt {
    Opt {
        short,
        long,
        val: Val::Req,
        modelled: true,
    }
}

/// A real option the simulator does not reproduce (refused, never ignored).
pub const fn off(short: char, long: &'static str, val: Val) -> Opt {
    Opt {
        short,
        long,
        val,
        modelled: false,
    }
}

/// A tool's option table and how its real implementation reports usage errors.
pub struct Spec {
    pub tool: &'static str,
    pub opts: &'static [Opt],
    /// Exit status of a usage error in GNU (2 for ls, sort, grep; 125 for timeout).
    pub status: i32,
    /// What GNU prints after the error line.
    pub hint: Hint,
    /// Options end at the first operand (the rest is a program and its arguments).
    pub stop_at_operand: bool,
}

impl Spec {
    /// A GNU tool whose usage errors end with `Try 'TOOL --help' for more information.`
    pub const fn gnu(tool: &'static str, status: i32, opts: &'static [Opt]) -> Spec {
        Spec {
            tool,
            opts,
            status,
            hint: Hint::Try,
            stop_at_operand: false,
        }
    }
}

/// The lines a GNU tool prints after a usage error.
#[derive(Clone, Copy, Debug)]
pub enum Hint {
    /// `Try 'TOOL --help' for more information.`
    Try,
    /// Fixed text (grep prints its usage line before the `Try` line).
    Text(&'static str),
    /// Nothing reproduced (gawk prints a long usage text the simulator does not copy).
    Nothing,
}

/// The options found, in command-line order, and the operands.
#[derive(Debug, Default)]
pub struct Parsed {
    pub opts: Vec<(Opt, Option<String>)>,
    pub operands: Vec<String>,
}

impl Parsed {
    fn matches(o: &Opt, key: &str) -> bool {
        let mut b = [0u8; 4];
        (o.short != '\0' && key == o.short.encode_utf8(&mut b))
            || (!o.long.is_empty() && key == o.long)
    }

    /// Was the option given (`key`: its short letter, or its long name when it has none)?
    pub fn has(&self, key: &str) -> bool {
        self.opts.iter().any(|(o, _)| Parsed::matches(o, key))
    }

    /// The last value given to the option.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(o, _)| Parsed::matches(o, key))
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value given to the option, in order (`grep -e A -e B`, `sort -k1 -k2`).
    pub fn values(&self, key: &str) -> Vec<&str> {
        self.opts
            .iter()
            .filter(|(o, _)| Parsed::matches(o, key))
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }
}

/// Which real program the tool stands for: GNU on the host, busybox in a pod.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavour {
    #[default]
    Gnu,
    Busybox,
}

impl Spec {
    /// A getopt usage error: the message, then GNU's hint lines. busybox would print its
    /// applet usage block after the message; that text is not reproduced, so a pod shows
    /// the getopt line alone (exit 1, busybox's usage-error status).
    fn usage_error(&self, msg: &str, fl: Flavour) -> Output {
        match fl {
            Flavour::Gnu => {
                let hint = match self.hint {
                    Hint::Try => format!("\nTry '{} --help' for more information.", self.tool),
                    Hint::Text(t) => format!("\n{t}"),
                    Hint::Nothing => String::new(),
                };
                Output::err(self.status, format!("{}: {msg}{hint}", self.tool))
            }
            Flavour::Busybox => Output::err(1, format!("{}: {msg}", self.tool)),
        }
    }

    /// The refusal of a real option the simulator does not reproduce.
    fn not_available(&self, shown: &str, fl: Flavour) -> Output {
        let status = if fl == Flavour::Gnu { self.status } else { 1 };
        Output::err(
            status,
            format!(
                "{}: option '{shown}' is not available in this simulator",
                self.tool
            ),
        )
    }

    /// Parse `args` the way getopt_long does.
    pub fn parse(&self, args: &[String], fl: Flavour) -> Result<Parsed, Output> {
        let mut p = Parsed::default();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            i += 1;
            if a == "--" {
                p.operands.extend(args[i..].iter().cloned());
                break;
            }
            if let Some(body) = a.strip_prefix("--") {
                let (name, inline) = match body.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (body, None),
                };
                let o = self.find_long(name, a, fl)?;
                let v = match (o.val, inline) {
                    (Val::No, Some(_)) => {
                        return Err(self.usage_error(
                            &format!("option '--{}' doesn't allow an argument", o.long),
                            fl,
                        ))
                    }
                    (Val::Req, None) => match args.get(i) {
                        Some(v) => {
                            i += 1;
                            Some(v.clone())
                        }
                        None => {
                            return Err(self.usage_error(
                                &format!("option '--{}' requires an argument", o.long),
                                fl,
                            ))
                        }
                    },
                    (_, v) => v,
                };
                if !o.modelled {
                    return Err(self.not_available(&format!("--{}", o.long), fl));
                }
                p.opts.push((o, v));
                continue;
            }
            if a.len() < 2 || !a.starts_with('-') {
                if self.stop_at_operand {
                    p.operands.extend(args[i - 1..].iter().cloned());
                    break;
                }
                p.operands.push(a.clone());
                continue;
            }
            let cluster: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < cluster.len() {
                let c = cluster[k];
                k += 1;
                let Some(o) = self.opts.iter().find(|o| o.short == c).copied() else {
                    return Err(self.usage_error(&format!("invalid option -- '{c}'"), fl));
                };
                let v = if o.val == Val::Req {
                    let rest: String = cluster[k..].iter().collect();
                    k = cluster.len();
                    if !rest.is_empty() {
                        Some(rest)
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        Some(v.clone())
                    } else {
                        return Err(
                            self.usage_error(&format!("option requires an argument -- '{c}'"), fl)
                        );
                    }
                } else {
                    None
                };
                if !o.modelled {
                    return Err(self.not_available(&format!("-{c}"), fl));
                }
                p.opts.push((o, v));
            }
        }
        Ok(p)
    }

    /// An exact long name, else a unique prefix (getopt_long abbreviations).
    fn find_long(&self, name: &str, shown: &str, fl: Flavour) -> Result<Opt, Output> {
        let longs = || self.opts.iter().filter(|o| !o.long.is_empty());
        if let Some(o) = longs().find(|o| o.long == name) {
            return Ok(*o);
        }
        let cands: Vec<&Opt> = if name.is_empty() {
            Vec::new()
        } else {
            longs().filter(|o| o.long.starts_with(name)).collect()
        };
        match cands.as_slice() {
            [o] => Ok(**o),
            [] => Err(self.usage_error(&format!("unrecognized option '{shown}'"), fl)),
            many => {
                let list: String = many.iter().map(|o| format!(" '--{}'", o.long)).collect();
                Err(self.usage_error(
                    &format!("option '{shown}' is ambiguous; possibilities:{list}"),
                    fl,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Spec = Spec::gnu(
        "t",
        1,
        &[
            on('n', "lines"),
            on_val('k', "key"),
            on('r', "reverse"),
            off('R', "recursive", Val::No),
            off('\0', "color", Val::Opt),
            on('\0', "count"),
        ],
    );

    fn parse(args: &[&str]) -> Result<Parsed, Output> {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        T.parse(&v, Flavour::Gnu)
    }

    #[test]
    fn clusters_values_and_operands() {
        let p = parse(&["-rn", "a", "-k2", "-k", "3", "-", "--key=4", "--", "-r"]).unwrap();
        assert!(p.has("r") && p.has("n") && p.has("lines"));
        assert_eq!(p.values("k"), ["2", "3", "4"]);
        assert_eq!(p.operands, ["a", "-", "-r"]);
        assert!(parse(&["--rev"]).unwrap().has("r"));
    }

    #[test]
    fn errors() {
        let e = parse(&["-z"]).unwrap_err();
        assert_eq!(
            e.stderr,
            "t: invalid option -- 'z'\nTry 't --help' for more information.\n"
        );
        assert_eq!(
            parse(&["--zz"]).unwrap_err().stderr.lines().next(),
            Some("t: unrecognized option '--zz'")
        );
        assert_eq!(
            parse(&["-R"]).unwrap_err().stderr,
            "t: option '-R' is not available in this simulator\n"
        );
        assert_eq!(
            parse(&["--color=auto"]).unwrap_err().stderr,
            "t: option '--color' is not available in this simulator\n"
        );
        assert_eq!(
            parse(&["-k"]).unwrap_err().stderr.lines().next(),
            Some("t: option requires an argument -- 'k'")
        );
        assert_eq!(
            parse(&["--co"]).unwrap_err().stderr.lines().next(),
            Some("t: option '--co' is ambiguous; possibilities: '--color' '--count'")
        );
        assert_eq!(
            parse(&["--reverse=1"]).unwrap_err().stderr.lines().next(),
            Some("t: option '--reverse' doesn't allow an argument")
        );
    }
}
