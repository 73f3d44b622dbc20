//! What the learner did, as plain data handed in by the lab (lesson never imports lab or shell):
//! the command lines run since the current step began, with virtual time and exit status, and
//! where the step began in the watch log and on the clock. Checks about "since the step began"
//! use `watch_from`/`started_at`, so an earlier step's deletion cannot satisfy a later goal.

use serde::{Deserialize, Serialize};

/// One command line the learner ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CommandRecord {
    /// The line as typed (after `$ ` stripping and continuation joining).
    pub line: String,
    /// Virtual time (ms) when it was submitted.
    pub time: u64,
    /// Exit status once finished; None while still running (a watch).
    pub status: Option<i32>,
    /// The pod whose shell it was typed into (`debug`), or None at the host prompt.
    #[serde(default)]
    pub pod: Option<String>,
    /// Output (stdout and stderr) so far; the lab may truncate it.
    #[serde(default)]
    pub output: String,
}

/// The learner's history for the current step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub commands: Vec<CommandRecord>,
    /// First watch-log sequence number that belongs to this step.
    pub watch_from: u64,
    /// Virtual time (ms) when this step began.
    pub started_at: u64,
}

impl History {
    /// A history that starts at the given point of the watch log and clock.
    pub fn starting_at(watch_from: u64, started_at: u64) -> History {
        History {
            commands: Vec::new(),
            watch_from,
            started_at,
        }
    }

    pub fn push(&mut self, line: &str, time: u64, status: Option<i32>) {
        self.commands.push(CommandRecord {
            line: line.to_string(),
            time,
            status,
            pod: None,
            output: String::new(),
        });
    }
}
