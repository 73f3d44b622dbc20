//! Scripts and transcripts: replay a file of commands (as typed at a terminal) and produce
//! exactly what the terminal shows, for the `stslab` CLI and the golden tests.
//!
//! One command a line; blank lines and `#` comment lines at the host prompt are skipped;
//! `$ ` prompts are stripped and backslash continuations and here-documents are joined by
//! the terminal itself; after `kubectl run -it` / `exec -it` lines go to the pod's shell
//! until it exits (a password prompt takes the next line without echo); a command still
//! running (a watch) ends with Ctrl-C once the cluster has nothing left to do.

use super::Lab;
use crate::shell::terminal::render;

/// Replay `text` on a fresh session with `seed`; returns the transcript.
pub fn run_script(text: &str, seed: u64) -> String {
    let mut lab = Lab::new(seed);
    run_on(&mut lab, text)
}

/// Replay `text` on an existing session (terminal 0); returns the transcript from its prompt.
pub fn run_on(lab: &mut Lab, text: &str) -> String {
    let mut out = lab.terminals[0].prompt();
    for line in text.lines() {
        let t = &lab.terminals[0];
        let at_prompt =
            t.prompt() == crate::shell::terminal::PROMPT || (t.in_session() && t.echo_input());
        let trimmed = line.trim();
        if at_prompt && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        // Lines pasted from the guide's pod blocks carry busybox's prompt.
        let line = if t.in_session() {
            line.strip_prefix("/ # ").unwrap_or(line)
        } else {
            line
        };
        let chunks = lab.run_line(0, line);
        out.push_str(&render(&chunks));
    }
    out
}
