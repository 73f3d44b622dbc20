//! `kubectl get`: tables (per-kind printers, `-o wide`, `--show-labels`, `-L`, `-A`,
//! `--no-headers`, `--sort-by`), `-o yaml|json|name|jsonpath=|custom-columns=`, `--template`
//! (the go-template forms the tutorial uses), and `-w` / `--watch-only` (see `watch`).

use super::{api_error_text, namespace, parse_flags, usage_error, watch};
use crate::kubectl::args::{split_commas, FlagKind, FlagSpec, Parsed};
use crate::kubectl::printers::{kind_slash_name, tables};
use crate::kubectl::render::table::{Table, TableOptions};
use crate::kubectl::render::tabwriter::TabWriter;
use crate::kubectl::render::{json, jsonpath, yaml};
use crate::kubectl::resource::{self, Selection};
use crate::kubectl::{KubectlCtx, Outcome, Output};
use crate::sim::{Kind, Object, Selector};
use serde_json::Value;

pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("selector", Some('l'), FlagKind::Str),
    FlagSpec::new("field-selector", None, FlagKind::Str),
    FlagSpec::new("all-namespaces", Some('A'), FlagKind::Bool),
    FlagSpec::new("watch", Some('w'), FlagKind::Bool),
    FlagSpec::new("watch-only", None, FlagKind::Bool),
    FlagSpec::new("output-watch-events", None, FlagKind::Bool),
    FlagSpec::new("show-labels", None, FlagKind::Bool),
    FlagSpec::new("show-kind", None, FlagKind::Bool),
    FlagSpec::new("label-columns", Some('L'), FlagKind::Array),
    FlagSpec::new("sort-by", None, FlagKind::Str),
    FlagSpec::new("no-headers", None, FlagKind::Bool),
    FlagSpec::new("template", None, FlagKind::Str),
    FlagSpec::new("ignore-not-found", None, FlagKind::Bool),
    FlagSpec::new("filename", Some('f'), FlagKind::Array),
];

/// The output format asked for with `-o`.
#[derive(Clone, Debug, PartialEq)]
pub enum Format {
    Table { wide: bool },
    Yaml,
    Json,
    Name,
    JsonPath(String),
    CustomColumns(Vec<(String, String)>),
    GoTemplate(String),
}

/// Parse `-o` (and `--template`) the way kubectl's print flags do.
pub fn parse_format(p: &Parsed) -> Result<Format, String> {
    let o = p.str("output").unwrap_or("");
    if let Some(t) = p.str("template") {
        if o.is_empty() || o == "go-template" || o == "template" {
            return Ok(Format::GoTemplate(t.to_string()));
        }
    }
    let (name, arg) = match o.split_once('=') {
        Some((a, b)) => (a, Some(b)),
        None => (o, None),
    };
    Ok(match (name, arg) {
        ("", _) => Format::Table { wide: false },
        ("wide", None) => Format::Table { wide: true },
        ("yaml", None) => Format::Yaml,
        ("json", None) => Format::Json,
        ("name", None) => Format::Name,
        ("jsonpath", Some(t)) => Format::JsonPath(t.to_string()),
        ("custom-columns", Some(c)) => Format::CustomColumns(jsonpath::parse_custom_columns(c)?),
        ("go-template", Some(t)) => Format::GoTemplate(t.to_string()),
        _ => {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
            ))
        }
    })
}

/// Options every listing shares.
pub struct Query {
    pub ns: String,
    pub all_ns: bool,
    pub selector: Option<Selector>,
    /// `--field-selector`: (field path, wanted value, equal?) terms.
    pub fields: Vec<(String, String, bool)>,
}

/// Parse `a.b=v,c!=w` (also `==`).
fn parse_fields(s: &str) -> Result<Vec<(String, String, bool)>, String> {
    let mut v = Vec::new();
    for term in s.split(',').filter(|t| !t.is_empty()) {
        let (k, val, eq) = if let Some((k, val)) = term.split_once("!=") {
            (k, val, false)
        } else if let Some((k, val)) = term.split_once("==") {
            (k, val, true)
        } else if let Some((k, val)) = term.split_once('=') {
            (k, val, true)
        } else {
            return Err(format!(
                "error: invalid selector: '{s}'; can't understand '{term}'"
            ));
        };
        v.push((k.to_string(), val.to_string(), eq));
    }
    Ok(v)
}

fn field_matches(o: &Object, fields: &[(String, String, bool)]) -> bool {
    if fields.is_empty() {
        return true;
    }
    let v = o.to_value();
    fields.iter().all(|(k, want, eq)| {
        let got = jsonpath::execute(&format!("{{.{k}}}"), &v).unwrap_or_default();
        (got == *want) == *eq
    })
}

impl Query {
    pub fn from_flags(p: &Parsed, cx: &KubectlCtx) -> Result<Query, String> {
        let selector = match p.str("selector") {
            Some(s) => Some(Selector::parse(s).map_err(|e| format!("error: {e}"))?),
            None => None,
        };
        let fields = match p.str("field-selector") {
            Some(f) => parse_fields(f)?,
            None => Vec::new(),
        };
        Ok(Query {
            ns: namespace(p, cx),
            all_ns: p.bool_or("all-namespaces", false),
            selector,
            fields,
        })
    }

    pub fn list<'a>(&self, cx: &'a KubectlCtx, kind: Kind) -> Vec<&'a Object> {
        let ns = if !kind.namespaced() || self.all_ns {
            None
        } else {
            Some(self.ns.as_str())
        };
        cx.cluster
            .api()
            .list(kind, ns)
            .into_iter()
            .filter(|o| {
                self.selector
                    .as_ref()
                    .is_none_or(|s| s.matches(&o.meta().labels))
            })
            .filter(|o| field_matches(o, &self.fields))
            .collect()
    }

    /// `No resources found in default namespace.` / `No resources found`.
    pub fn none_found(&self, kinds: &[Kind]) -> String {
        if !self.all_ns && kinds.iter().all(|k| k.namespaced()) {
            format!("No resources found in {} namespace.\n", self.ns)
        } else {
            "No resources found\n".to_string()
        }
    }
}

/// Sort objects by a `--sort-by` JSONPath (numbers numerically, everything else as text).
pub fn sort_objects(objs: &mut [&Object], field: &str) -> Result<(), String> {
    let path = if field.starts_with('{') {
        field.to_string()
    } else {
        format!("{{{field}}}")
    };
    jsonpath::parse(&path).map_err(|e| format!("error: {e}"))?;
    let key = |o: &Object| -> (Option<f64>, String) {
        let t = jsonpath::execute(&path, &o.to_value()).unwrap_or_default();
        (t.parse::<f64>().ok(), t)
    };
    objs.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        match (ka.0, kb.0) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => ka.1.cmp(&kb.1),
        }
    });
    Ok(())
}

/// Table options from flags.
pub fn table_options(p: &Parsed, wide: bool, all_ns: bool) -> TableOptions {
    TableOptions {
        wide,
        no_headers: p.bool_or("no-headers", false),
        with_namespace: all_ns,
        show_labels: p.bool_or("show-labels", false),
        label_columns: split_commas(&p.all("label-columns")),
        kind_prefix: None,
    }
}

/// The `List` wrapper kubectl prints for several objects in yaml/json.
pub fn list_value(objs: &[&Object]) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": objs.iter().map(|o| o.to_value()).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": {"resourceVersion": ""}
    })
}

/// Print objects in a non-table format.
pub fn print_generic(objs: &[&Object], f: &Format, single: bool) -> Result<String, String> {
    let v = if single && objs.len() == 1 {
        objs[0].to_value()
    } else {
        list_value(objs)
    };
    Ok(match f {
        Format::Yaml => yaml::to_yaml(&v),
        Format::Json => json::to_json(&v),
        Format::Name => objs
            .iter()
            .map(|o| format!("{}\n", kind_slash_name(o)))
            .collect(),
        Format::JsonPath(t) => jsonpath::execute(t, &v)
            .map_err(|e| format!("error: error parsing jsonpath {t}, {e}"))?,
        Format::GoTemplate(t) => super::info::go_template(t, &v)?,
        Format::CustomColumns(cols) => {
            let mut s = cols
                .iter()
                .map(|c| c.0.clone())
                .collect::<Vec<_>>()
                .join("\t");
            s.push('\n');
            for o in objs {
                let ov = o.to_value();
                let cells: Result<Vec<String>, String> = cols
                    .iter()
                    .map(|c| jsonpath::custom_column_cell(&c.1, &ov))
                    .collect();
                s.push_str(&cells?.join("\t"));
                s.push('\n');
            }
            TabWriter::table().format(&s)
        }
        Format::Table { .. } => String::new(),
    })
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let p = match parse_flags("kubectl get", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let watch = p.bool_or("watch", false) || p.bool_or("watch-only", false);
    let from_files = !p.all("filename").is_empty();
    let parsed = if from_files {
        files_selection(&p, cx)
    } else {
        resource::parse(p.args_before_dash())
    };
    let sel = match parsed {
        Ok(s) => s,
        Err(e) if e.is_empty() => {
            let mut o = usage_error(
                "kubectl get",
                "Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).",
            );
            o.stderr = format!(
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n{}",
                o.stderr
            );
            return Outcome::Done(o);
        }
        Err(e) => return Outcome::Done(Output::err(e)),
    };
    let format = match parse_format(&p) {
        Ok(f) => f,
        Err(e) => return Outcome::Done(Output::err(e)),
    };
    let q = match Query::from_flags(&p, cx) {
        Ok(q) => q,
        Err(e) => return Outcome::Done(Output::err(e)),
    };
    let warnings = super::api_warnings(&sel.kinds());
    if watch {
        return super::with_warnings(watch::start(&p, sel, format, q, cx), warnings);
    }
    super::with_warnings(Outcome::Done(get_once(&p, &sel, &format, &q, cx)), warnings)
}

fn get_once(p: &Parsed, sel: &Selection, format: &Format, q: &Query, cx: &KubectlCtx) -> Output {
    let now = cx.cluster.now();
    let mut errors: Vec<String> = Vec::new();
    // Objects grouped by kind in visiting order.
    let mut groups: Vec<(Kind, Vec<&Object>)> = Vec::new();
    for (kind, name) in sel.targets() {
        let found: Vec<&Object> = match name {
            Some(n) => {
                let ns = if kind.namespaced() { q.ns.as_str() } else { "" };
                match cx.cluster.api().get(kind, ns, &n) {
                    Ok(o) => vec![o],
                    Err(e) => {
                        if !(p.bool_or("ignore-not-found", false)
                            && e.reason == crate::sim::StatusReason::NotFound)
                        {
                            errors.push(api_error_text(&e));
                        }
                        vec![]
                    }
                }
            }
            None => q.list(cx, kind),
        };
        match groups.iter_mut().find(|g| g.0 == kind) {
            Some(g) => g.1.extend(found),
            None => groups.push((kind, found)),
        }
    }
    if let Some(field) = p.str("sort-by") {
        for g in groups.iter_mut() {
            if let Err(e) = sort_objects(&mut g.1, field) {
                return Output::err(e);
            }
        }
    }
    let mut out = Output::default();
    let total: usize = groups.iter().map(|g| g.1.len()).sum();
    match format {
        Format::Table { wide } => {
            let mut first_block = true;
            for (kind, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let mut o = table_options(p, *wide, q.all_ns);
                if sel.multi_kind() || p.bool_or("show-kind", false) {
                    o.kind_prefix = Some(kind.singular_qualified());
                }
                let t: Table = tables::table(*kind, objs, now);
                if !first_block && !o.no_headers {
                    out.stdout.push('\n');
                }
                first_block = false;
                out.stdout.push_str(&TabWriter::table().format(&t.raw(&o)));
            }
        }
        f => {
            let all: Vec<&Object> = groups.iter().flat_map(|g| g.1.iter().copied()).collect();
            let single = sel.has_names() && sel.targets().len() == 1;
            if !(single && all.is_empty()) {
                match print_generic(&all, f, single) {
                    Ok(s) => out.stdout.push_str(&s),
                    Err(e) => return Output::err(e),
                }
            }
        }
    }
    if total == 0 && errors.is_empty() && !p.bool_or("ignore-not-found", false) {
        let kinds: Vec<Kind> = groups.iter().map(|g| g.0).collect();
        if matches!(format, Format::Table { .. }) {
            out.stderr.push_str(&q.none_found(&kinds));
        }
    }
    if !errors.is_empty() {
        for e in errors {
            out.stderr.push_str(&e);
            out.stderr.push('\n');
        }
        out.status = 1;
    }
    out
}

/// `get -f FILE`: the objects the manifest names, as TYPE/NAME pairs.
fn files_selection(p: &Parsed, cx: &KubectlCtx) -> Result<Selection, String> {
    let docs = super::apply::read_docs(p, None, cx, "kubectl get")
        .map_err(|o| o.stderr.trim_end().to_string())?;
    let mut pairs = Vec::new();
    for d in &docs {
        let pr = super::apply::prepare(d, p, cx)?;
        pairs.push((pr.kind, pr.name));
    }
    Ok(Selection::Pairs(pairs))
}
