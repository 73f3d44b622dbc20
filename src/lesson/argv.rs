//! Normalised command matching for `ran` checks. A line is split like a POSIX shell would (quotes,
//! backslashes, pipelines and `;`/`&&`/`||` lists), then each stage is normalised: short and long
//! flags are one name (`-w` = `--watch`), `--a=b` = `--a b`, `-it` = `-i -t`, flags form a set
//! (order-insensitive), and resource words use canonical kinds with `kind name` = `kind/name`.
//! An expected stage matches an actual stage when the programs and positionals are equal and every
//! expected flag is present (extra flags are fine: `kubectl get pods -w -o wide` satisfies
//! `kubectl get pods -w`).

use super::kinds::canonical_kind;

/// Shell-like words of a line, stages separated by `|`, `;`, `&&`, `||`. A leading `$ ` prompt
/// is ignored; backslash-newline joins lines.
pub fn stages(line: &str) -> Vec<Vec<String>> {
    let line = line.trim_start();
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let line = line.replace("\\\n", " ");
    let mut stages = vec![Vec::new()];
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let end_word = |cur: &mut String, in_word: &mut bool, st: &mut Vec<Vec<String>>| {
        if *in_word {
            if let Some(last) = st.last_mut() {
                last.push(std::mem::take(cur));
            }
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                in_word = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => {
                            if let Some(e) = chars.next() {
                                if !matches!(e, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(e);
                            }
                        }
                        _ => cur.push(d),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(e) = chars.next() {
                    cur.push(e);
                }
            }
            '|' | ';' | '&' => {
                end_word(&mut cur, &mut in_word, &mut stages);
                if matches!(chars.peek(), Some('|') | Some('&')) {
                    chars.next();
                }
                if stages.last().is_some_and(|s| !s.is_empty()) {
                    stages.push(Vec::new());
                }
            }
            c if c.is_whitespace() => end_word(&mut cur, &mut in_word, &mut stages),
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    end_word(&mut cur, &mut in_word, &mut stages);
    stages.retain(|s| !s.is_empty());
    stages
}

/// All words of the first stage (for validation).
pub fn words(line: &str) -> Vec<String> {
    stages(line).into_iter().next().unwrap_or_default()
}

/// Flags that take a value (kubectl's, by long name).
const VALUED: &[&str] = &[
    "output",
    "selector",
    "filename",
    "patch",
    "namespace",
    "image",
    "restart",
    "replicas",
    "cascade",
    "sort-by",
    "type",
    "revision",
    "to-revision",
    "timeout",
    "for",
    "container",
    "field-selector",
    "grace-period",
    "dry-run",
    "template",
    "from-literal",
    "from-file",
    "overrides",
    "env",
    "port",
    "labels",
    "requests",
    "limits",
    "current-replicas",
];

fn long_name(short: char) -> Option<&'static str> {
    Some(match short {
        'w' => "watch",
        'l' => "selector",
        'o' => "output",
        'f' => "filename",
        'p' => "patch",
        'n' => "namespace",
        'i' => "stdin",
        't' => "tty",
        'c' => "container",
        'A' => "all-namespaces",
        'R' => "recursive",
        'L' => "label-columns",
        'k' => "kustomize",
        _ => return None,
    })
}

/// A normalised command stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normal {
    pub program: String,
    pub positionals: Vec<String>,
    /// (flag, value) pairs, sorted.
    pub flags: Vec<(String, String)>,
}

/// Normalise one stage's words.
pub fn normalize(words: &[String]) -> Option<Normal> {
    let (program, rest) = words.split_first()?;
    let kubectl = program == "kubectl";
    let mut pos: Vec<String> = Vec::new();
    let mut flags: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    let mut after_dashdash = false;
    while i < rest.len() {
        let w = &rest[i];
        i += 1;
        if after_dashdash {
            pos.push(w.clone());
            continue;
        }
        if w == "--" {
            after_dashdash = true;
            pos.push(w.clone());
            continue;
        }
        if let Some(l) = w.strip_prefix("--") {
            let (name, val) = match l.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (l.to_string(), None),
            };
            let val = match val {
                Some(v) => v,
                None if kubectl && VALUED.contains(&name.as_str()) && i < rest.len() => {
                    i += 1;
                    rest[i - 1].clone()
                }
                None => String::new(),
            };
            flags.push((name, val));
            continue;
        }
        if let Some(sh) = w.strip_prefix('-').filter(|s| !s.is_empty() && kubectl) {
            let cs: Vec<char> = sh.chars().collect();
            let mut j = 0;
            while j < cs.len() {
                let name = long_name(cs[j])
                    .map(str::to_string)
                    .unwrap_or_else(|| cs[j].to_string());
                if VALUED.contains(&name.as_str()) {
                    let inline: String = cs[j + 1..].iter().collect();
                    let inline = inline.strip_prefix('=').unwrap_or(&inline).to_string();
                    let val = if !inline.is_empty() {
                        inline
                    } else if i < rest.len() {
                        i += 1;
                        rest[i - 1].clone()
                    } else {
                        String::new()
                    };
                    flags.push((name, val));
                    break;
                }
                flags.push((name, String::new()));
                j += 1;
            }
            continue;
        }
        pos.push(w.clone());
    }
    if kubectl {
        pos = kinds_joined(pos);
    }
    flags.sort();
    Some(Normal {
        program: program.clone(),
        positionals: pos,
        flags,
    })
}

/// `statefulset web` and `sts/web` both become `StatefulSet/web`; a lone kind becomes canonical.
fn kinds_joined(pos: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    let end = pos.iter().position(|p| p == "--").unwrap_or(pos.len());
    while i < pos.len() {
        let p = &pos[i];
        if i >= end {
            out.push(p.clone());
            i += 1;
            continue;
        }
        if let Some((k, n)) = p.split_once('/') {
            if let Some(ck) = canonical_kind(k) {
                out.push(format!("{ck}/{n}"));
                i += 1;
                continue;
            }
        }
        // Positions 0 and 1 may be verbs (`rollout status`), so a kind is only recognised
        // after at least one verb word.
        if i > 0 {
            if let Some(ck) = canonical_kind(p) {
                let mut names = Vec::new();
                let mut j = i + 1;
                while j < end && !pos[j].contains('=') && canonical_kind(&pos[j]).is_none() {
                    names.push(format!("{ck}/{}", pos[j]));
                    j += 1;
                }
                if names.is_empty() {
                    out.push(ck.to_string());
                } else {
                    out.extend(names);
                }
                i = j;
                continue;
            }
        }
        out.push(p.clone());
        i += 1;
    }
    out
}

fn stage_matches(exp: &Normal, act: &Normal) -> bool {
    if exp.program != act.program || exp.positionals != act.positionals {
        return false;
    }
    let mut pool = act.flags.clone();
    exp.flags
        .iter()
        .all(|f| match pool.iter().position(|g| g == f) {
            Some(k) => {
                pool.remove(k);
                true
            }
            None => false,
        })
}

/// Does the line the learner typed satisfy the expected command?
pub fn matches(expected: &str, actual: &str) -> bool {
    let exp: Vec<Normal> = stages(expected)
        .iter()
        .filter_map(|s| normalize(s))
        .collect();
    let act: Vec<Normal> = stages(actual).iter().filter_map(|s| normalize(s)).collect();
    if exp.is_empty() {
        return false;
    }
    // Every expected stage must match an actual stage, in order.
    let mut k = 0;
    for e in &exp {
        match act[k..].iter().position(|a| stage_matches(e, a)) {
            Some(off) => k += off + 1,
            None => return false,
        }
    }
    true
}
