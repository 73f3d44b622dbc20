//! The follower behind `kubectl get -w` and `kubectl events -w`: a cursor into the API
//! server's watch log and the text not shown yet. Each poll hands every new log entry to the
//! command's [`Rows`], which decides whether and how it is printed; Ctrl-C ends the follow
//! with kubectl's silent status 130. Entries are read by reference (the log shares stored
//! objects), so following a busy cluster copies nothing.

use crate::kubectl::{Output, Process, ProcessPoll};
use crate::sim::{Cluster, Object, WatchEventType};

/// How a following command prints one watch-log entry.
pub trait Rows: Clone + 'static {
    /// The text for `obj` as it was after a change of `kind` at virtual time `time`; empty
    /// when the command does not show this entry.
    fn entry(&mut self, kind: WatchEventType, obj: &Object, time: u64) -> String;
}

/// A running `-w`: `rows` prints, the cursor remembers how far the log was read.
#[derive(Clone)]
pub struct Follow<R> {
    rows: R,
    cursor: u64,
    pending: String,
}

impl<R: Rows> Follow<R> {
    /// Follows what happens after now; `first` (the current state, already printed by the
    /// command's `rows`) is shown by the first poll.
    pub fn new(rows: R, cluster: &Cluster, first: String) -> Self {
        Follow {
            rows,
            cursor: cluster.api().last_seq(),
            pending: first,
        }
    }
}

impl<R: Rows> Process for Follow<R> {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut out = std::mem::take(&mut self.pending);
        for e in cluster.api().watch_since(self.cursor) {
            self.cursor = e.seq;
            out.push_str(&self.rows.entry(e.kind, &e.object, e.time));
        }
        ProcessPoll {
            warnings: String::new(),
            stdout: out,
            stderr: String::new(),
            finished: None,
        }
    }

    fn interrupt(&mut self, _cluster: &mut Cluster) -> Output {
        Output {
            warnings: String::new(),
            stdout: std::mem::take(&mut self.pending),
            stderr: String::new(),
            status: 130,
        }
    }

    fn wants_time(&self) -> bool {
        false
    }
}
