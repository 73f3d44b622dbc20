//! Describers for the kinds kubectl has no typed describer for, and for Secrets.
//!
//! `describe.GenericDescriberFor` covers every kind missing from kubectl's describer map
//! (here ControllerRevision and Event): name, namespace, labels, annotations, then every
//! other field of the object as served, walked by `printUnstructuredContent` with
//! `smartLabelFor` labels, then the events about the object.

use super::describe::{annotations_lines, events_for, events_lines, labels_lines, Describe};
use crate::sim::{Cluster, Object, Secret};
use serde_json::{Map, Value};

/// The fields `genericDescriber` prints itself or leaves out.
const SKIP: &[&str] = &[
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

pub fn generic(c: &Cluster, o: &Object) -> Describe {
    let mut d = Describe::default();
    let m = o.meta();
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    if let Value::Object(content) = o.to_value() {
        unstructured(&mut d, 0, &content, "");
    }
    events_lines(&mut d, &events_for(c, o), c.now());
    d
}

/// `printUnstructuredContent`: fields in sorted order, maps and lists as nested blocks.
fn unstructured(d: &mut Describe, level: usize, content: &Map<String, Value>, prefix: &str) {
    let mut fields: Vec<&String> = content.keys().collect();
    fields.sort();
    for field in fields {
        let path = format!("{prefix}.{field}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        match &content[field] {
            Value::Object(m) => {
                d.w(level, format!("{}:\n", smart_label(field)));
                unstructured(d, level + 1, m, &path);
            }
            Value::Array(items) => {
                d.w(level, format!("{}:\n", smart_label(field)));
                for item in items {
                    match item {
                        Value::Object(m) => unstructured(d, level + 1, m, &path),
                        v => d.w(level + 1, format!("{}\n", go_value(v))),
                    }
                }
            }
            v => d.w(level, format!("{}:\t{}\n", smart_label(field), go_value(v))),
        }
    }
}

/// Go's `%v` of a decoded JSON value.
fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_value).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_value(v)))
                .collect();
            format!("map[{}]", inner.join(" "))
        }
        other => other.to_string(),
    }
}

/// `smartLabelFor`: `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`.
/// Names with characters other than letters and `-` are kept as they are.
pub fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: &[&str] = &["API", "URL", "UID", "OSB", "GUID"];
    camel_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let up = p.to_uppercase();
            if ACRONYMS.contains(&up.as_str()) {
                up
            } else {
                // Go's strings.Title: the first letter upper-cased, the rest as they were.
                let mut cs = p.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `github.com/fatih/camelcase.Split`: runs of one character class (lower, upper, digit,
/// other), with the last upper letter of a run moved onto a following lower run
/// (`PDFLoader` → `PDF`, `Loader`).
fn camel_split(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(r) if k == last => r.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        if runs[i][0].is_uppercase() && runs[i + 1][0].is_lowercase() {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.into_iter().collect())
        .collect()
}

/// `describeSecret`: data keys in order with their decoded sizes (a service account token
/// is shown in full). It prints no events.
pub fn secret(s: &Secret) -> Describe {
    let mut d = Describe::default();
    let m = &s.metadata;
    d.w(0, format!("Name:\t{}\n", m.name));
    d.w(0, format!("Namespace:\t{}\n", m.namespace));
    labels_lines(&mut d, "", "Labels", &m.labels);
    annotations_lines(&mut d, "Annotations", &m.annotations);
    d.w(0, format!("\nType:\t{}\n", s.type_));
    d.w(0, "\nData\n====\n");
    for (k, v) in &s.data {
        if k == "token" && s.type_ == "kubernetes.io/service-account-token" {
            d.w(
                0,
                format!("{k}:\t{}\n", String::from_utf8_lossy(&base64_decode(v))),
            );
        } else {
            d.w(0, format!("{k}:\t{} bytes\n", base64_decode(v).len()));
        }
    }
    d
}

/// Secret data is base64 on the wire; kubectl describes the decoded bytes.
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_labels() {
        assert_eq!(smart_label("creationTimestamp"), "Creation Timestamp");
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("blockOwnerDeletion"), "Block Owner Deletion");
        assert_eq!(smart_label("PDFLoader"), "PDF Loader");
        assert_eq!(smart_label("k8s"), "k8s");
    }

    #[test]
    fn base64_sizes() {
        assert_eq!(base64_decode("YWRtaW4="), b"admin");
        assert_eq!(base64_decode("MWYyZDFlMmU2N2Rm").len(), 12);
    }
}
