//! `stslab`: the native command line over the same core as the page.
//!
//! - `stslab [--seed N] FILE|-` replays a script (one command a line, as typed at the
//!   terminal) and prints the transcript: each command after its prompt, then its output
//!   exactly as the terminal shows it. Exit 0 when the script ran, 2 when it could not be read.
//! - `stslab [--seed N]` with a terminal on stdin: an interactive prompt (a command that
//!   keeps running ends when the cluster has nothing left to do, as in scripts).
//! - `stslab check-lesson FILE...` validates and proves lesson files.

use std::io::{BufRead, IsTerminal, Read, Write};

use stslab::lab::{script, Lab};
use stslab::shell::terminal::render;

const USAGE: &str = "usage: stslab [--seed N] [FILE|-]\n       stslab check-lesson FILE...";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(real_main(&args));
}

fn real_main(args: &[String]) -> i32 {
    if args.first().map(|s| s.as_str()) == Some("check-lesson") {
        return check_lessons(&args[1..]);
    }
    let mut seed: u64 = 1;
    let mut file: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "--seed" => {
                let Some(v) = args.get(i + 1).and_then(|v| v.parse().ok()) else {
                    eprintln!("stslab: --seed needs a number\n{USAGE}");
                    return 2;
                };
                seed = v;
                i += 1;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            _ if a.starts_with("--seed=") => match a[7..].parse() {
                Ok(v) => seed = v,
                Err(_) => {
                    eprintln!("stslab: --seed needs a number\n{USAGE}");
                    return 2;
                }
            },
            _ if a.starts_with('-') && a != "-" => {
                eprintln!("stslab: unknown option {a}\n{USAGE}");
                return 2;
            }
            _ => {
                if file.is_some() {
                    eprintln!("stslab: only one script at a time\n{USAGE}");
                    return 2;
                }
                file = Some(a.clone());
            }
        }
        i += 1;
    }
    let text = match file.as_deref() {
        Some("-") => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("stslab: cannot read stdin: {e}");
                return 2;
            }
            s
        }
        Some(path) => match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("stslab: cannot read {path}: {e}");
                return 2;
            }
        },
        None if std::io::stdin().is_terminal() => return interactive(seed),
        None => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("stslab: cannot read stdin: {e}");
                return 2;
            }
            s
        }
    };
    print!("{}", script::run_script(&text, seed));
    let _ = std::io::stdout().flush();
    0
}

fn interactive(seed: u64) -> i32 {
    let mut lab = Lab::new(seed);
    let stdin = std::io::stdin();
    print!("{}", lab.terminals[0].prompt());
    let _ = std::io::stdout().flush();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let chunks = lab.run_line(0, &line);
        // The terminal already echoed the line as the user typed it: skip the echo.
        let shown: Vec<_> = chunks
            .into_iter()
            .filter(|c| c.stream != stslab::shell::Stream::Echo || c.text == "^C\n")
            .collect();
        print!("{}", render(&shown));
        let _ = std::io::stdout().flush();
    }
    println!();
    0
}

fn check_lessons(files: &[String]) -> i32 {
    if files.is_empty() {
        eprintln!("stslab check-lesson: no lesson files given\n{USAGE}");
        return 2;
    }
    // Every file is checked even after a failure, so one run reports everything; an unreadable
    // or invalid file (exit 2) outranks a lesson that loads but does not prove (exit 1).
    let mut invalid = 0;
    let mut unproved = 0;
    let mut steps = 0;
    for f in files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: cannot read: {e}");
                invalid += 1;
                continue;
            }
        };
        let lesson = match stslab::lesson::Lesson::load(&text) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{f}:{}:{}: {}", e.line, e.column, e.message);
                invalid += 1;
                continue;
            }
        };
        let (proofs, report) = stslab::lab::prove::prove_all(&lesson);
        steps += proofs.len();
        print!("{report}");
        for p in proofs.iter().filter(|p| !p.ok()) {
            eprintln!("{f}: {}/{} failed", lesson.id, p.step);
            for (when, results) in [("start", &p.start), ("after solution", &p.end)] {
                for r in results {
                    let mark = if r.met { "met  " } else { "unmet" };
                    eprintln!("    {when:<14} {mark} {}: {}", r.id, r.observed);
                }
            }
            unproved += 1;
        }
        if proofs.is_empty() {
            println!("ok   {}: no goals to prove ({:?})", lesson.id, lesson.kind);
        }
    }
    println!(
        "check-lesson: {} file(s), {steps} proof(s), {unproved} failed, {invalid} invalid",
        files.len()
    );
    if invalid > 0 {
        2
    } else if unproved > 0 {
        1
    } else {
        0
    }
}
