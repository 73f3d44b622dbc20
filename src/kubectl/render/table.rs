//! Table data (what printers return) and its decoration and text form, following
//! cli-runtime's `HumanReadablePrinter`: `-o wide` keeps priority-1 columns, `-A` prepends
//! NAMESPACE, `-L` and `--show-labels` append columns, multi-type gets prefix names with
//! `kind[.group]/`, upper-cased headers, cells cut at the first line break (`...`), and the
//! header is skipped when there are no rows.

use super::tabwriter::TabWriter;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// 0 = always shown, 1 = only with `-o wide`.
    pub priority: u8,
}

impl Column {
    pub fn new(name: &str, priority: u8) -> Column {
        Column {
            name: name.to_string(),
            priority,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<String>,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// How a table is decorated (kubectl's PrintOptions subset).
#[derive(Clone, Debug, Default)]
pub struct TableOptions {
    pub wide: bool,
    pub no_headers: bool,
    pub with_namespace: bool,
    pub show_labels: bool,
    pub label_columns: Vec<String>,
    /// `statefulset.apps` etc. when several types are printed in one command.
    pub kind_prefix: Option<String>,
}

/// `k=v,k2=v2` sorted by key, `<none>` when empty (labels.FormatLabels).
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn clean_cell(c: &str) -> String {
    match c.find(['\n', '\r', '\u{c}']) {
        Some(i) => format!("{}...", &c[..i]),
        None => c.to_string(),
    }
}

impl Table {
    /// The header line (tab separated, no newline) after decoration.
    pub fn header_line(&self, o: &TableOptions) -> String {
        let mut cols: Vec<String> = Vec::new();
        if o.with_namespace {
            cols.push("NAMESPACE".to_string());
        }
        cols.extend(
            self.columns
                .iter()
                .filter(|c| o.wide || c.priority == 0)
                .map(|c| c.name.to_uppercase()),
        );
        for l in &o.label_columns {
            cols.push(l.rsplit('/').next().unwrap_or(l).to_uppercase());
        }
        if o.show_labels {
            cols.push("LABELS".to_string());
        }
        cols.join("\t")
    }

    /// One row's tab-separated line after decoration.
    pub fn row_line(&self, r: &Row, o: &TableOptions) -> String {
        let mut cells: Vec<String> = Vec::new();
        if o.with_namespace {
            cells.push(r.namespace.clone());
        }
        for (i, c) in self.columns.iter().enumerate() {
            if !o.wide && c.priority != 0 {
                continue;
            }
            let mut v = clean_cell(r.cells.get(i).map(String::as_str).unwrap_or(""));
            if i == 0 {
                if let Some(k) = &o.kind_prefix {
                    v = format!("{k}/{v}");
                }
            }
            cells.push(v);
        }
        for l in &o.label_columns {
            cells.push(r.labels.get(l).cloned().unwrap_or_default());
        }
        if o.show_labels {
            cells.push(format_labels(&r.labels));
        }
        cells.join("\t")
    }

    /// Tab-separated text (header unless suppressed or empty, then rows), each line ending
    /// in `\n`, ready for a `TabWriter`.
    pub fn raw(&self, o: &TableOptions) -> String {
        let mut s = String::new();
        if !o.no_headers && !self.rows.is_empty() {
            s.push_str(&self.header_line(o));
            s.push('\n');
        }
        for r in &self.rows {
            s.push_str(&self.row_line(r, o));
            s.push('\n');
        }
        s
    }
}

/// Render one table with a fresh kubectl tabwriter.
pub fn render(t: &Table, o: &TableOptions) -> String {
    TabWriter::table().format(&t.raw(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        let mut labels = BTreeMap::new();
        labels.insert("app".to_string(), "nginx".to_string());
        Row {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            namespace: "default".into(),
            labels,
        }
    }

    #[test]
    fn sts_wide_and_decorations() {
        let t = Table {
            columns: vec![
                Column::new("Name", 0),
                Column::new("Ready", 0),
                Column::new("Age", 0),
                Column::new("Containers", 1),
                Column::new("Images", 1),
            ],
            rows: vec![row(&[
                "web",
                "2/2",
                "37s",
                "nginx",
                "registry.k8s.io/nginx-slim:0.21",
            ])],
        };
        let wide = TableOptions {
            wide: true,
            ..Default::default()
        };
        assert_eq!(
            render(&t, &wide),
            "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/2     37s   nginx        registry.k8s.io/nginx-slim:0.21\n"
        );
        let o = TableOptions {
            with_namespace: true,
            show_labels: true,
            label_columns: vec!["app".into()],
            kind_prefix: Some("statefulset.apps".into()),
            ..Default::default()
        };
        assert_eq!(
            render(&t, &o),
            "NAMESPACE   NAME                   READY   AGE   APP     LABELS\ndefault     statefulset.apps/web   2/2     37s   nginx   app=nginx\n"
        );
        let empty = Table {
            columns: t.columns.clone(),
            rows: vec![],
        };
        assert_eq!(render(&empty, &TableOptions::default()), "");
    }
}
