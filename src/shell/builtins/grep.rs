//! `grep` with the options the guide and labs use: -v -E -F -i -c -o -n -q -w -e -h -H.
//! Exit status: 0 when a line was selected, 1 when none, 2 on error (GNU grep).

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
    names: Option<bool>,
}

pub fn grep(args: &[String], io: &mut Io<'_>) -> Output {
    let mut o = Opts {
        invert: false,
        ext: false,
        fixed: false,
        icase: false,
        count: false,
        only: false,
        number: false,
        quiet: false,
        word: false,
        names: None,
    };
    let mut patterns: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut i = 0;
    let mut opts_done = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if opts_done || !a.starts_with('-') || a == "-" {
            rest.push(a.clone());
            continue;
        }
        if a == "--" {
            opts_done = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "invert-match" => o.invert = true,
                "extended-regexp" => o.ext = true,
                "fixed-strings" => o.fixed = true,
                "ignore-case" => o.icase = true,
                "count" => o.count = true,
                "only-matching" => o.only = true,
                "line-number" => o.number = true,
                "quiet" | "silent" => o.quiet = true,
                "word-regexp" => o.word = true,
                _ => {
                    if let Some(p) = long.strip_prefix("regexp=") {
                        patterns.push(p.to_string());
                    } else {
                        return Output::err(2, format!("grep: unrecognized option '{a}'\n{USAGE}"));
                    }
                }
            }
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < flags.len() {
            match flags[k] {
                'v' => o.invert = true,
                'E' => o.ext = true,
                'F' => o.fixed = true,
                'G' => o.ext = false,
                'i' | 'y' => o.icase = true,
                'c' => o.count = true,
                'o' => o.only = true,
                'n' => o.number = true,
                'q' => o.quiet = true,
                'w' => o.word = true,
                'h' => o.names = Some(false),
                'H' => o.names = Some(true),
                'e' => {
                    let tail: String = flags[k + 1..].iter().collect();
                    if !tail.is_empty() {
                        patterns.push(tail);
                    } else if let Some(p) = args.get(i) {
                        patterns.push(p.clone());
                        i += 1;
                    } else {
                        return Output::err(
                            2,
                            format!("grep: option requires an argument -- 'e'\n{USAGE}"),
                        );
                    }
                    k = flags.len();
                    continue;
                }
                c => return Output::err(2, format!("grep: invalid option -- '{c}'\n{USAGE}")),
            }
            k += 1;
        }
    }
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
                out.stderr.push_str(&format!("grep: {m}\n"));
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
            let matches = find_all(&regexes, line, o.word);
            let selected = matches.is_empty() == o.invert;
            if !selected {
                continue;
            }
            count += 1;
            any = true;
            if o.quiet || o.count {
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
        if o.count && !o.quiet {
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
