//! `kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [--no-headers] [-w]`, as
//! kubectl v1.35's `pkg/cmd/events` prints it: the namespace's events sorted by time (series
//! or lastTimestamp, else eventTime), OBJECT as `Kind/name` with the Kind as recorded, and
//! LAST SEEN as `<age>` or `<age of last> (xN over <age of first>)` for repeated events.
//!
//! `--watch` watches without a resourceVersion, so the API server first sends every existing
//! event as ADDED (in storage order, not by time) and then each new or updated one; kubectl
//! prints the header before the first row and flushes its tabwriter after every row, so rows
//! are aligned one flush at a time — watched rows do not line up with each other, as on a real
//! terminal.

use super::follow::{Follow, Rows};
use super::{namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec, Parsed};
use crate::kubectl::render::duration::{age, human_duration_ms};
use crate::kubectl::render::tabwriter::TabWriter;
use crate::kubectl::resource::kind_of;
use crate::kubectl::{KubectlCtx, Outcome, Output};
use crate::sim::{Event, Kind, Object, WatchEventType};

/// The flags this simulator accepts (also offered by completion). The output formats of
/// `-o` are not simulated; asking for one says so.
pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("all-namespaces", Some('A'), FlagKind::Bool),
    FlagSpec::new("chunk-size", None, FlagKind::Int),
    FlagSpec::new("for", None, FlagKind::Str),
    FlagSpec::new("no-headers", None, FlagKind::Bool),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("types", None, FlagKind::Array),
    FlagSpec::new("watch", Some('w'), FlagKind::Bool),
];

/// Which events to show and how.
#[derive(Clone)]
struct Filter {
    /// None: all namespaces.
    ns: Option<String>,
    /// `--for`: (Kind name, apiVersion, object name).
    for_object: Option<(String, String, String)>,
    /// `--types`, deduplicated and sorted as `sets.List` leaves them.
    types: Vec<String>,
    no_headers: bool,
}

impl Filter {
    fn matches(&self, e: &Event) -> bool {
        self.ns
            .as_deref()
            .is_none_or(|ns| e.metadata.namespace == ns)
            && self.for_object.as_ref().is_none_or(|(kind, api, name)| {
                let io = &e.involved_object;
                io.kind == *kind && io.api_version == *api && io.name == *name
            })
            && (self.types.is_empty()
                || self.types.iter().any(|t| t.eq_ignore_ascii_case(&e.type_)))
    }

    fn header(&self) -> String {
        let ns = if self.ns.is_none() { "NAMESPACE\t" } else { "" };
        format!("{ns}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n")
    }

    fn row(&self, e: &Event, now: u64) -> String {
        let ns = if self.ns.is_none() {
            format!("{}\t", e.metadata.namespace)
        } else {
            String::new()
        };
        format!(
            "{ns}{}\t{}\t{}\t{}/{}\t{}\n",
            interval(e, now),
            e.type_,
            e.reason,
            e.involved_object.kind,
            e.involved_object.name,
            e.message.trim()
        )
    }
}

/// `getInterval`: eventTime is a MicroTime (no truncation to the second), the other two are
/// metav1.Time.
fn interval(e: &Event, now: u64) -> String {
    let first = match e.event_time {
        Some(t) => human_duration_ms(now as i64 - t as i64),
        None => age(now, e.first_timestamp),
    };
    if e.count > 1 {
        format!("{} (x{} over {first})", age(now, e.last_timestamp), e.count)
    } else {
        first
    }
}

/// `eventTime`, the sort key.
fn sort_time(e: &Event) -> u64 {
    e.last_timestamp.or(e.event_time).unwrap_or(0)
}

fn options(p: &Parsed, cx: &KubectlCtx) -> Result<Filter, Output> {
    if let Some(o) = p.str("output") {
        return Err(Output::err(format!(
            "error: \"kubectl events -o {o}\" is not available in this simulator"
        )));
    }
    let all = p.bool_or("all-namespaces", false);
    let for_object = match p.str("for").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let Some((res, name)) = s.split_once('/') else {
                return Err(Output::err("error: --for must be in resource/name form"));
            };
            if name.contains('/') {
                return Err(Output::err(
                    "error: arguments in resource/name form may not have more than one slash",
                ));
            }
            let kind: Kind = kind_of(&res.to_ascii_lowercase()).map_err(Output::err)?;
            Some((
                kind.kind_name().to_string(),
                kind.api_version(),
                name.to_string(),
            ))
        }
    };
    let mut types: Vec<String> = crate::kubectl::args::split_commas(&p.all("types"));
    types.sort();
    types.dedup();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return Err(Output::err("error: valid --types are Normal or Warning"));
    }
    Ok(Filter {
        ns: (!all).then(|| namespace(p, cx)),
        for_object,
        types,
        no_headers: p.bool_or("no-headers", false),
    })
}

/// Run `kubectl events`.
pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl events", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let f = match options(&p, cx) {
        Ok(f) => f,
        Err(o) => return Outcome::Done(o),
    };
    let now = cx.cluster.now();
    if p.bool_or("watch", false) {
        let existing: Vec<Event> = cx
            .cluster
            .api()
            .events()
            .filter(|e| f.matches(e))
            .cloned()
            .collect();
        let mut w = EventsWatch {
            filter: f,
            header_done: false,
        };
        let first: String = existing.iter().map(|e| w.print(e, now)).collect();
        return Outcome::Running(Box::new(Follow::new(w, cx.cluster, first)));
    }
    let mut events: Vec<&Event> = cx.cluster.api().events().filter(|e| f.matches(e)).collect();
    if events.is_empty() {
        // Printed to stderr, but not an error: the command succeeds.
        return Outcome::Done(Output {
            warnings: String::new(),
            stdout: String::new(),
            stderr: match &f.ns {
                None => "No events found.\n".to_string(),
                Some(ns) => format!("No events found in {ns} namespace.\n"),
            },
            status: 0,
        });
    }
    events.sort_by_key(|e| sort_time(e));
    let mut text = if f.no_headers {
        String::new()
    } else {
        f.header()
    };
    for e in events {
        text.push_str(&f.row(e, now));
    }
    Outcome::Done(Output::out(TabWriter::new(6, 3, false).format(&text)))
}

/// `kubectl events -w`: rows for new and changed events.
#[derive(Clone)]
struct EventsWatch {
    filter: Filter,
    header_done: bool,
}

impl EventsWatch {
    /// One row, with the header before the first: one tabwriter flush.
    fn print(&mut self, e: &Event, now: u64) -> String {
        let mut text = String::new();
        if !self.header_done && !self.filter.no_headers {
            text.push_str(&self.filter.header());
        }
        self.header_done = true;
        text.push_str(&self.filter.row(e, now));
        TabWriter::new(6, 3, false).format(&text)
    }
}

impl Rows for EventsWatch {
    fn entry(&mut self, kind: WatchEventType, obj: &Object, time: u64) -> String {
        match obj {
            // Events expire after an hour; kubectl does not print their deletion.
            Object::Event(e) if kind != WatchEventType::Deleted && self.filter.matches(e) => {
                self.print(e, time)
            }
            _ => String::new(),
        }
    }
}
