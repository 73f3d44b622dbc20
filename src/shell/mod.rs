//! The host shell and the in-pod shells. See ARCHITECTURE.md.
//!
//! Text goes through [`tokenizer`] and [`parse`] into a list of pipelines; [`exec`] runs
//! them against built-in text tools ([`builtins`]), the virtual files ([`vfs`]) and
//! kubectl; [`terminal`] keeps one terminal's state (prompt, history, a running process,
//! an interactive pod session) for the page and the CLI.

pub mod builtins;
pub mod exec;
pub mod job;
pub mod parse;
pub mod regex;
pub mod tokenizer;
pub mod vfs;

/// Which stream a piece of terminal text belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stream {
    /// The learner's input, echoed after the prompt.
    Echo,
    Stdout,
    Stderr,
    /// A prompt (`$ `, `/ # `, `mysql> `, `> `).
    Prompt,
    /// `clear`: the screen is wiped before the following chunks.
    Clear,
}

/// A piece of terminal output.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// Appends later output, given as its three ordered parts (stderr written before any
/// stdout, stdout, stderr written after), to output collected so far in the same shape.
/// Exact while the collected output has no stdout or trailing stderr yet; after that, an
/// early message of the later output can only join the trailing stderr, so the slots keep
/// the order of the first error relative to the output, not of every line.
pub fn append_ordered(acc: [&mut String; 3], next: [&str; 3]) {
    let [first, out, err] = acc;
    if out.is_empty() && !err.is_empty() {
        // With no stdout yet, a late message is simply an earlier one.
        let e = std::mem::take(err);
        first.push_str(&e);
    }
    if out.is_empty() && err.is_empty() {
        first.push_str(next[0]);
    } else {
        err.push_str(next[0]);
    }
    out.push_str(next[1]);
    err.push_str(next[2]);
}

pub mod pod;
pub mod terminal;
