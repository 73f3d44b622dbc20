//! `grep` with the options the guide and labs use: -v -E -F -G -i -c -o -n -q -w -x -e -h
//! -H -l -s -m; GNU grep's other options are refused as not available in this simulator.
//! Exit status: 0 when a line was selected, 1 when none, 2 on error (GNU grep).

use super::opts::{off, on, on_val, Hint, Spec, Val};
use super::{lines, Io, Output};
use crate::shell::regex::{Flavor, Regex};

const USAGE: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";

/// Escape a fixed string so the regex engine matches it literally.
fn escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if "\\.[]*^$+?(){}|".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

const GREP: Spec = Spec {
    tool: "grep",
    status: 2,
    hint: Hint::Text(USAGE),
    stop_at_operand: false,
    opts: &[
        on('E', "extended-regexp"),
        on('F', "fixed-strings"),
        on('G', "basic-regexp"),
        on_val('e', "regexp"),
        on('i', "ignore-case"),
        on('y', ""),
        on('\0', "no-ignore-case"),
        on('v', "invert-match"),
        on('w', "word-regexp"),
        on('x', "line-regexp"),
        on('c', "count"),
        on('o', "only-matching"),
        on('q', "quiet"),
        on('\0', "silent"),
        on('s', "no-messages"),
        on('n', "line-number"),
        on('h', "no-filename"),
        on('H', "with-filename"),
        on('l', "files-with-matches"),
        on_val('m', "max-count"),
        off('L', "files-without-match", Val::No),
        off('P', "perl-regexp", Val::No),
        off('f', "file", Val::Req),
        off('\0', "color", Val::Opt),
        off('\0', "colour", Val::Opt),
        off('b', "byte-offset", Val::No),
        off('\0', "line-buffered", Val::No),
        off('\0', "label", Val::Req),
        off('T', "initial-tab", Val::No),
        off('Z', "null", Val::No),
        off('z', "null-data", Val::No),
        off('U', "binary", Val::No),
        off('a', "text", Val::No),
        off('I', "", Val::No),
        off('\0', "binary-files", Val::Req),
        off('D', "devices", Val::Req),
        off('d', "directories", Val::Req),
        off('\0', "exclude", Val::Req),
        off('\0', "exclude-from", Val::Req),
        off('\0', "exclude-dir", Val::Req),
        off('\0', "include", Val::Req),
        off('r', "recursive", Val::No),
        off('R', "dereference-recursive", Val::No),
        off('A', "after-context", Val::Req),
        off('B', "before-context", Val::Req),
        off('C', "context", Val::Req),
        // `-NUM` is GNU grep's context shorthand.
        off('0', "", Val::No),
        off('1', "", Val::No),
        off('2', "", Val::No),
        off('3', "", Val::No),
        off('4', "", Val::No),
        off('5', "", Val::No),
        off('6', "", Val::No),
        off('7', "", Val::No),
        off('8', "", Val::No),
        off('9', "", Val::No),
        off('\0', "help", Val::No),
        off('V', "version", Val::No),
    ],
};

struct Opts {
    invert: bool,
    ext: bool,
    fixed: bool,
    icase: bool,
    count: bool,
    only: bool,
    number: bool,
    quiet: bool,
    word: bool,
    line: bool,
    files_with_matches: bool,
    no_messages: bool,
    max: Option<usize>,
    names: Option<bool>,
}

pub fn grep(args: &[String], io: &mut Io<'_>) -> Output {
    let p = match GREP.parse(args, io.flavour) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut o = Opts {
        invert: p.has("v"),
        ext: false,
        fixed: false,
        icase: false,
        count: p.has("c"),
        only: p.has("o"),
        number: p.has("n"),
        quiet: p.has("q") || p.has("silent"),
        word: p.has("w"),
        line: p.has("x"),
        files_with_matches: p.has("l"),
        no_messages: p.has("s"),
        max: None,
        names: None,
    };
    // Options that override each other: the later one wins.
    for (opt, _) in &p.opts {
        match opt.short {
            'E' => (o.ext, o.fixed) = (true, false),
            'F' => (o.ext, o.fixed) = (false, true),
            'G' => (o.ext, o.fixed) = (false, false),
            'i' | 'y' => o.icase = true,
            'h' => o.names = Some(false),
            'H' => o.names = Some(true),
            _ if opt.long == "no-ignore-case" => o.icase = false,
            _ => {}
        }
    }
    if let Some(m) = p.value("m") {
        match m.parse::<i64>() {
            // A negative count means no limit.
            Ok(n) => o.max = usize::try_from(n).ok(),
            Err(_) => return Output::err(2, "grep: invalid max count"),
        }
    }
    let mut patterns: Vec<String> = p.values("e").iter().map(|s| s.to_string()).collect();
    let mut rest = p.operands.clone();
    if patterns.is_empty() {
        if rest.is_empty() {
            return Output::err(2, USAGE);
        }
        patterns.push(rest.remove(0));
    }
    // Several patterns (or a pattern with newlines) match if any one does.
    let flavor = if o.ext {
        Flavor::Extended
    } else {
        Flavor::Basic
    };
    let mut regexes = Vec::new();
    for p in patterns.iter().flat_map(|p| p.split('\n')) {
        let src = if o.fixed { escape(p) } else { p.to_string() };
        match Regex::new(&src, if o.fixed { Flavor::Basic } else { flavor }, o.icase) {
            Ok(r) => regexes.push(r),
            Err(e) => return Output::err(2, format!("grep: {e}")),
        }
    }
    let show_names = o.names.unwrap_or(rest.len() > 1);
    let mut out = Output::default();
    let mut any = false;
    let sources: Vec<(Option<String>, Result<String, String>)> = if rest.is_empty() {
        vec![(None, Ok(io.stdin.to_string()))]
    } else {
        rest.iter()
            .map(|f| {
                let r = if f == "-" {
                    Ok(io.stdin.to_string())
                } else {
                    io.vfs.read_file(f).map_err(|e| e.message())
                };
                (
                    Some(if f == "-" {
                        "(standard input)".to_string()
                    } else {
                        f.clone()
                    }),
                    r,
                )
            })
            .collect()
    };
    let mut had_error = false;
    for (name, text) in sources {
        let text = match text {
            Ok(t) => t,
            Err(m) => {
                if !o.no_messages {
                    out.stderr.push_str(&format!("grep: {m}\n"));
                }
                had_error = true;
                continue;
            }
        };
        let prefix = match (&name, show_names) {
            (Some(n), true) => format!("{n}:"),
            _ => String::new(),
        };
        let mut count = 0;
        for (ln, line) in lines(&text).iter().enumerate() {
            if o.max.is_some_and(|m| count >= m) {
                break;
            }
            let matches = if o.line {
                // -x: some pattern's leftmost-longest match from the start spans the line.
                let whole = regexes
                    .iter()
                    .any(|r| r.find_from(line, 0) == Some((0, line.len())));
                if whole {
                    vec![(0, line.len())]
                } else {
                    Vec::new()
                }
            } else {
                find_all(&regexes, line, o.word)
            };
            let selected = matches.is_empty() == o.invert;
            if !selected {
                continue;
            }
            count += 1;
            any = true;
            if o.quiet || o.count || o.files_with_matches {
                continue;
            }
            let num = if o.number {
                format!("{}:", ln + 1)
            } else {
                String::new()
            };
            if o.only {
                if !o.invert {
                    for (s, e) in matches {
                        out.stdout
                            .push_str(&format!("{prefix}{num}{}\n", &line[s..e]));
                    }
                }
            } else {
                out.stdout.push_str(&format!("{prefix}{num}{line}\n"));
            }
        }
        if o.files_with_matches {
            // -l: the file's name once, instead of its lines or count.
            if count > 0 && !o.quiet {
                let n = name.as_deref().unwrap_or("(standard input)");
                out.stdout.push_str(&format!("{n}\n"));
            }
        } else if o.count && !o.quiet {
            out.stdout.push_str(&format!("{prefix}{count}\n"));
        }
    }
    if o.quiet {
        out.stdout.clear();
    }
    out.status = if had_error && !(o.quiet && any) {
        2
    } else if any {
        0
    } else {
        1
    };
    out
}

/// Non-overlapping leftmost-longest matches of any pattern (non-empty unless the line is empty).
fn find_all(regexes: &[Regex], line: &str, word: bool) -> Vec<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= line.len() {
        let best = regexes
            .iter()
            .filter_map(|r| {
                let mut from = pos;
                loop {
                    let (s, e) = r.find_from(line, from)?;
                    let ok = !word
                        || (!line[..s].chars().next_back().is_some_and(is_word)
                            && !line[e..].chars().next().is_some_and(is_word));
                    if ok {
                        return Some((s, e));
                    }
                    from = s + line[s..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                    if from > line.len() {
                        return None;
                    }
                }
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((s, e)) = best else { break };
        if e == s {
            // An empty match still selects the line; record it once and stop.
            if out.is_empty() {
                out.push((s, e));
            }
            break;
        }
        out.push((s, e));
        pos = e;
    }
    // For -o, empty matches print nothing; keep them only as a "selected" marker.
    if out.len() > 1 {
        out.retain(|(s, e)| s != e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::vfs::Vfs;

    fn g(args: &[&str], stdin: &str) -> Output {
        let mut v = Vfs::empty();
        let mut io = Io {
            stdin,
            vfs: &mut v,
            tty: false,
            flavour: crate::shell::builtins::Flavour::Gnu,
        };
        grep(
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &mut io,
        )
    }

    const PVC: &str =
        "NAME        STATUS\nwww-web-0   Bound\nwww-web-3   Bound\ndata-web-1  Bound\n";

    #[test]
    fn basic_and_status() {
        let o = g(&["www-web-"], PVC);
        assert_eq!(o.stdout, "www-web-0   Bound\nwww-web-3   Bound\n");
        assert_eq!(o.status, 0);
        let o = g(&["nothing"], PVC);
        assert_eq!((o.stdout.as_str(), o.status), ("", 1));
    }

    #[test]
    fn flags() {
        assert_eq!(g(&["-c", "Bound"], PVC).stdout, "3\n");
        assert_eq!(g(&["-v", "Bound"], PVC).stdout, "NAME        STATUS\n");
        assert_eq!(
            g(&["-Eo", "web-[0-9]+"], PVC).stdout,
            "web-0\nweb-3\nweb-1\n"
        );
        assert_eq!(g(&["-i", "name"], PVC).stdout, "NAME        STATUS\n");
        assert_eq!(g(&["-E", "www|data"], PVC).stdout.lines().count(), 3);
        assert_eq!(g(&["-w", "web"], "web-0\nwebx\n").stdout, "web-0\n");
    }

    #[test]
    fn errors() {
        assert_eq!(g(&[], "").status, 2);
        let o = g(&["x", "missing.txt"], "");
        assert_eq!(
            (o.stderr.as_str(), o.status),
            ("grep: missing.txt: No such file or directory\n", 2)
        );
        assert_eq!(
            g(&["["], "").stderr,
            "grep: Unmatched [, [^, [:, [., or [=\n"
        );
    }
}
