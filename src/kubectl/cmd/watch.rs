//! `kubectl get -w` / `--watch-only`, followed by [`Follow`]: the current list first (header once,
//! unless `--watch-only`), then one row per ADDED/MODIFIED/DELETED event read from the API
//! server's watch log, each row showing the object as it was at that event (AGE relative to
//! the event's time). A single remembered-widths tabwriter keeps columns aligned; widths only
//! grow. A named watch (`get pod web-0 -w`) prints the object, then only later changes.

use super::follow::{Follow, Rows};
use super::get::{table_options, Format, Query};
use crate::kubectl::args::Parsed;
use crate::kubectl::printers::{kind_slash_name, tables};
use crate::kubectl::render::table::{Table, TableOptions};
use crate::kubectl::render::tabwriter::TabWriter;
use crate::kubectl::render::{json, jsonpath, yaml};
use crate::kubectl::resource::Selection;
use crate::kubectl::{KubectlCtx, Outcome, Output};
use crate::sim::{Kind, Object, Selector, WatchEventType};

#[derive(Clone)]
pub struct Watch {
    kind: Kind,
    name: Option<String>,
    ns: Option<String>,
    selector: Option<Selector>,
    tw: TabWriter,
    opts: TableOptions,
    format: Format,
    header_done: bool,
    events: bool,
    printed: usize,
}

/// Start a watch (errors are returned as a finished outcome).
pub fn start(p: &Parsed, sel: Selection, format: Format, q: Query, cx: &mut KubectlCtx) -> Outcome {
    let kinds = sel.kinds();
    if kinds.len() != 1 || sel.targets().len() > 1 && sel.has_names() {
        return Outcome::Done(Output::err(
            "error: you may only specify a single resource type",
        ));
    }
    let kind = kinds[0];
    let name = sel.targets().first().and_then(|t| t.1.clone());
    let ns = if !kind.namespaced() || q.all_ns {
        None
    } else {
        Some(q.ns.clone())
    };
    let wide = matches!(format, Format::Table { wide: true });
    let mut w = Watch {
        kind,
        name: name.clone(),
        ns,
        selector: q.selector.clone(),
        tw: TabWriter::table(),
        opts: table_options(p, wide, q.all_ns),
        format,
        header_done: false,
        events: p.bool_or("output-watch-events", false),
        printed: 0,
    };
    let now = cx.cluster.now();
    let initial: Vec<Object> = match &name {
        Some(n) => {
            let nsx = if kind.namespaced() { q.ns.as_str() } else { "" };
            match cx.cluster.api().get(kind, nsx, n) {
                Ok(o) => vec![o.clone()],
                Err(e) => {
                    if p.bool_or("ignore-not-found", false) {
                        return Outcome::Done(Output::default());
                    }
                    return Outcome::Done(Output::err(super::api_error_text(&e)));
                }
            }
        }
        None => q.list(cx, kind).into_iter().cloned().collect(),
    };
    let mut first = String::new();
    if !p.bool_or("watch-only", false) {
        let refs: Vec<&Object> = initial.iter().collect();
        first = w.print(&refs, now, WatchEventType::Added);
    }
    Outcome::Running(Box::new(Follow::new(w, cx.cluster, first)))
}

impl Watch {
    fn matches(&self, o: &Object) -> bool {
        o.kind() == self.kind
            && self.ns.as_deref().is_none_or(|ns| o.namespace() == ns)
            && self.name.as_deref().is_none_or(|n| o.name() == n)
            && self
                .selector
                .as_ref()
                .is_none_or(|s| s.matches(&o.meta().labels))
    }

    fn print(&mut self, objs: &[&Object], now: u64, ev: WatchEventType) -> String {
        if objs.is_empty() {
            return String::new();
        }
        match &self.format {
            Format::Table { .. } => {
                let mut t = Table {
                    columns: tables::columns(self.kind),
                    rows: Vec::new(),
                };
                for o in objs {
                    t.rows.push(tables::row(o, now));
                }
                let mut opts = self.opts.clone();
                if self.header_done {
                    opts.no_headers = true;
                }
                let mut raw = t.raw(&opts);
                if self.events {
                    let word = match ev {
                        WatchEventType::Added => "ADDED",
                        WatchEventType::Modified => "MODIFIED",
                        WatchEventType::Deleted => "DELETED",
                    };
                    raw = raw
                        .lines()
                        .enumerate()
                        .map(|(i, l)| {
                            if i == 0 && !opts.no_headers {
                                format!("EVENT\t{l}\n")
                            } else {
                                format!("{word}\t{l}\n")
                            }
                        })
                        .collect();
                }
                self.header_done = true;
                self.tw.format(&raw)
            }
            f => {
                let mut s = String::new();
                for o in objs {
                    let v = o.to_value();
                    match f {
                        Format::Yaml => {
                            if self.printed > 0 {
                                s.push_str("---\n");
                            }
                            s.push_str(&yaml::to_yaml(&v));
                        }
                        Format::Json => s.push_str(&json::to_json(&v)),
                        Format::Name => s.push_str(&format!("{}\n", kind_slash_name(o))),
                        Format::JsonPath(t) => {
                            s.push_str(&jsonpath::execute(t, &v).unwrap_or_default())
                        }
                        Format::GoTemplate(t) => {
                            s.push_str(&super::info::go_template(t, &v).unwrap_or_default())
                        }
                        Format::CustomColumns(cols) => {
                            let mut line = String::new();
                            if !self.header_done {
                                line.push_str(
                                    &cols
                                        .iter()
                                        .map(|c| c.0.clone())
                                        .collect::<Vec<_>>()
                                        .join("\t"),
                                );
                                line.push('\n');
                                self.header_done = true;
                            }
                            let cells: Vec<String> = cols
                                .iter()
                                .map(|c| jsonpath::custom_column_cell(&c.1, &v).unwrap_or_default())
                                .collect();
                            line.push_str(&cells.join("\t"));
                            line.push('\n');
                            s.push_str(&self.tw.format(&line));
                        }
                        Format::Table { .. } => {}
                    }
                    self.printed += 1;
                }
                s
            }
        }
    }
}

impl Rows for Watch {
    fn entry(&mut self, kind: WatchEventType, obj: &Object, time: u64) -> String {
        if self.matches(obj) {
            self.print(&[obj], time, kind)
        } else {
            String::new()
        }
    }
}
