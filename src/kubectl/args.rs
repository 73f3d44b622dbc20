//! kubectl's flag parsing, following cobra/pflag conventions.
//!
//! pflag accepts `--flag=v`, `--flag v`, `-n v`, `-nv`, `-n=v`, combined boolean shorthands
//! (`-it`), boolean `--flag` / `--flag=false`, flags interspersed with positionals, and `--`
//! ends flag parsing (cobra remembers where: `ArgsLenAtDash`, which `run`/`exec` use to split
//! the container command from kubectl's own arguments). Error texts are pflag's, so that the
//! command layer can append kubectl's `See 'kubectl get --help' for usage.` line.

use std::collections::BTreeMap;

/// What a flag takes. `Bool` flags take an optional `=value`; the others always take a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    Str,
    Int,
    /// Repeatable string flag (`-f a -f b`, `-L a -L b`); values are kept in order.
    Array,
    /// String flag with pflag's NoOptDefVal: bare `--cascade` takes no value (recorded as "").
    OptStr,
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    /// False for a real kubectl flag whose effect the simulator does not reproduce: it parses
    /// (so a typo still gets pflag's error) but using it is refused by [`unmodelled`], never
    /// silently ignored.
    pub modelled: bool,
}

impl FlagSpec {
    pub const fn new(long: &'static str, short: Option<char>, kind: FlagKind) -> FlagSpec {
        FlagSpec {
            long,
            short,
            kind,
            modelled: true,
        }
    }

    /// A real kubectl flag the simulator does not reproduce (see [`FlagSpec::modelled`]).
    pub const fn unmodelled(long: &'static str, short: Option<char>, kind: FlagKind) -> FlagSpec {
        FlagSpec {
            long,
            short,
            kind,
            modelled: false,
        }
    }
}

/// The first flag of `specs` that was given on the command line but is not modelled.
pub fn unmodelled(p: &Parsed, specs: &[FlagSpec]) -> Option<&'static str> {
    specs
        .iter()
        .find(|s| !s.modelled && p.values.contains_key(s.long))
        .map(|s| s.long)
}

/// Flags every kubectl command accepts (the subset the simulator models).
pub const GLOBAL_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("namespace", Some('n'), FlagKind::Str),
    FlagSpec::new("help", Some('h'), FlagKind::Bool),
];

/// The result of parsing: positionals, flag values (by long name, in order given) and the
/// position of `--` among the positionals (cobra's `ArgsLenAtDash`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub positionals: Vec<String>,
    pub values: BTreeMap<String, Vec<String>>,
    pub dash_at: Option<usize>,
}

impl Parsed {
    /// Whether the flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }

    /// Last value given for a flag (pflag: later occurrences win).
    pub fn str(&self, long: &str) -> Option<&str> {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// All values of a repeatable flag; comma-splitting is up to the caller.
    pub fn all(&self, long: &str) -> Vec<String> {
        self.values.get(long).cloned().unwrap_or_default()
    }

    /// Boolean flag value with its default.
    pub fn bool_or(&self, long: &str, default: bool) -> bool {
        match self.str(long) {
            Some(v) => parse_bool(v).unwrap_or(default),
            None => default,
        }
    }

    /// Integer flag value (already validated by the parser).
    pub fn int(&self, long: &str) -> Option<i64> {
        self.str(long).and_then(|v| v.parse().ok())
    }

    /// Positionals before `--`.
    pub fn args_before_dash(&self) -> &[String] {
        match self.dash_at {
            Some(i) => &self.positionals[..i],
            None => &self.positionals,
        }
    }

    /// Positionals after `--` (empty when there was no `--`).
    pub fn args_after_dash(&self) -> &[String] {
        match self.dash_at {
            Some(i) => &self.positionals[i..],
            None => &[],
        }
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn find_long<'a>(specs: &[&'a [FlagSpec]], name: &str) -> Option<&'a FlagSpec> {
    specs.iter().flat_map(|s| s.iter()).find(|f| f.long == name)
}

fn find_short<'a>(specs: &[&'a [FlagSpec]], c: char) -> Option<&'a FlagSpec> {
    specs
        .iter()
        .flat_map(|s| s.iter())
        .find(|f| f.short == Some(c))
}

fn check_value(spec: &FlagSpec, value: &str) -> Result<(), String> {
    match spec.kind {
        FlagKind::Bool if parse_bool(value).is_none() => Err(format!(
            "invalid argument {value:?} for \"--{}\" flag: strconv.ParseBool: parsing {value:?}: invalid syntax",
            spec.long
        )),
        FlagKind::Int if value.parse::<i64>().is_err() => Err(format!(
            "invalid argument {value:?} for \"--{}\" flag: strconv.ParseInt: parsing {value:?}: invalid syntax",
            spec.long
        )),
        _ => Ok(()),
    }
}

fn push(p: &mut Parsed, spec: &FlagSpec, value: String) {
    p.values
        .entry(spec.long.to_string())
        .or_default()
        .push(value);
}

/// Parse `args` (everything after the command words) against the command's flags plus the
/// global ones. Errors carry pflag's message without the `error: ` prefix.
pub fn parse(args: &[String], specs: &[FlagSpec]) -> Result<Parsed, String> {
    let all: [&[FlagSpec]; 2] = [specs, GLOBAL_FLAGS];
    let mut p = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.dash_at = Some(p.positionals.len());
            p.positionals.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = find_long(&all, name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = match (spec.kind, inline) {
                (_, Some(v)) => v,
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::OptStr, None) => String::new(),
                (_, None) => {
                    if i < args.len() {
                        i += 1;
                        args[i - 1].clone()
                    } else {
                        return Err(format!("flag needs an argument: --{name}"));
                    }
                }
            };
            check_value(spec, &value)?;
            push(&mut p, spec, value);
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                let spec = find_short(&all, c)
                    .ok_or_else(|| format!("unknown shorthand flag: '{c}' in {a}"))?;
                let rest: String = chars[k + 1..].iter().collect();
                if spec.kind == FlagKind::Bool {
                    if let Some(v) = rest.strip_prefix('=') {
                        check_value(spec, v)?;
                        push(&mut p, spec, v.to_string());
                        break;
                    }
                    push(&mut p, spec, "true".to_string());
                    k += 1;
                    continue;
                }
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_string()
                } else if !rest.is_empty() {
                    rest
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    return Err(format!("flag needs an argument: '{c}' in {a}"));
                };
                check_value(spec, &value)?;
                push(&mut p, spec, value);
                break;
            }
            continue;
        }
        p.positionals.push(a.clone());
    }
    Ok(p)
}

/// Split comma-separated values of repeatable flags (`-L a,b -L c` → a, b, c), as pflag's
/// StringSlice does.
pub fn split_commas(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FlagSpec] = &[
        FlagSpec::new("image", None, FlagKind::Str),
        FlagSpec::new("stdin", Some('i'), FlagKind::Bool),
        FlagSpec::new("tty", Some('t'), FlagKind::Bool),
        FlagSpec::new("replicas", None, FlagKind::Int),
        FlagSpec::new("filename", Some('f'), FlagKind::Array),
    ];

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn forms() {
        let p = parse(
            &v(&[
                "web",
                "--image=busybox",
                "-it",
                "-n",
                "ns1",
                "--",
                "sh",
                "-c",
                "x",
            ]),
            SPECS,
        )
        .unwrap();
        assert_eq!(p.args_before_dash(), &v(&["web"])[..]);
        assert_eq!(p.args_after_dash(), &v(&["sh", "-c", "x"])[..]);
        assert_eq!(p.str("image"), Some("busybox"));
        assert!(p.bool_or("stdin", false) && p.bool_or("tty", false));
        assert_eq!(p.str("namespace"), Some("ns1"));
        let p = parse(
            &v(&["-nkube-system", "--image", "x", "-f", "a", "-f=b"]),
            SPECS,
        )
        .unwrap();
        assert_eq!(p.str("namespace"), Some("kube-system"));
        assert_eq!(p.all("filename"), v(&["a", "b"]));
        assert_eq!(p.str("image"), Some("x"));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(&v(&["--foo"]), SPECS).unwrap_err(),
            "unknown flag: --foo"
        );
        assert_eq!(
            parse(&v(&["-x"]), SPECS).unwrap_err(),
            "unknown shorthand flag: 'x' in -x"
        );
        assert_eq!(
            parse(&v(&["--image"]), SPECS).unwrap_err(),
            "flag needs an argument: --image"
        );
        assert_eq!(
            parse(&v(&["-n"]), SPECS).unwrap_err(),
            "flag needs an argument: 'n' in -n"
        );
        assert_eq!(
            parse(&v(&["--replicas=x"]), SPECS).unwrap_err(),
            "invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        let p = parse(&v(&["--stdin=false"]), SPECS).unwrap();
        assert!(!p.bool_or("stdin", true));
    }
}
