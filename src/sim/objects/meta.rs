//! `metav1` shapes: ObjectMeta, OwnerReference, LabelSelector (+ matching and `-l` parsing).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::clock::Millis;

/// Labels and annotations: ordered so every rendering is deterministic.
pub type StringMap = BTreeMap<String, String>;

crate::k8s! {
    /// `metadata` of every object. Timestamps are virtual [`Millis`], rendered RFC 3339.
    pub struct ObjectMeta {
        name: String,
        generate_name: String,
        namespace: String,
        uid: String,
        resource_version: String,
        generation: i64,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        creation_timestamp: Option<Millis>,
        #[serde(with = "crate::sim::objects::time::opt_time")]
        deletion_timestamp: Option<Millis>,
        deletion_grace_period_seconds: Option<i64>,
        labels: StringMap,
        annotations: StringMap,
        owner_references: Vec<OwnerReference>,
        finalizers: Vec<String>,
    }
}

crate::k8s! {
    /// A link from a dependent to its owner; drives garbage collection.
    pub struct OwnerReference {
        controller: Option<bool>,
        block_owner_deletion: Option<bool>,
    }
    always {
        api_version: String,
        kind: String,
        name: String,
        uid: String,
    }
}

impl ObjectMeta {
    /// The owner reference with `controller: true`, if any.
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references
            .iter()
            .find(|o| o.controller == Some(true))
    }

    /// True once a delete has been requested (graceful deletion or finalizers pending).
    pub fn is_terminating(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

crate::k8s! {
    /// `metav1.LabelSelector`.
    pub struct LabelSelector {
        match_labels: StringMap,
        match_expressions: Vec<LabelSelectorRequirement>,
    }
}

crate::k8s! {
    /// One `matchExpressions` entry.
    pub struct LabelSelectorRequirement {
        values: Vec<String>,
    }
    always {
        key: String,
        operator: String,
    }
}

impl LabelSelector {
    /// Selector semantics of `metav1.LabelSelectorAsSelector`: an empty selector matches
    /// everything; each matchLabels pair and expression must hold. Unknown operators match
    /// nothing (validation rejects them before they are stored).
    pub fn matches(&self, labels: &StringMap) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let got = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => got.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => got.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => got.is_some(),
                    "DoesNotExist" => got.is_none(),
                    _ => false,
                }
            })
    }

    /// True when neither matchLabels nor matchExpressions is set.
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// The `kubectl describe` / `-o wide` rendering, e.g. `app=nginx`.
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.match_expressions {
            let vals = r.values.join(",");
            parts.push(match r.operator.as_str() {
                "In" => format!("{} in ({vals})", r.key),
                "NotIn" => format!("{} notin ({vals})", r.key),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                op => format!("{} {op} ({vals})", r.key),
            });
        }
        parts.join(",")
    }
}

/// One requirement of a parsed `-l` selector string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Requirement {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// A parsed `kubectl -l` selector (`a=b,c!=d,e in (x,y),!f`): all requirements must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Selector(pub Vec<Requirement>);

impl Selector {
    /// Parses the kubectl selector syntax. Errors name the offending piece.
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        for part in split_top_level(s)? {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            reqs.push(parse_requirement(part)?);
        }
        Ok(Selector(reqs))
    }

    /// True if every requirement holds for `labels` (an empty selector matches everything).
    pub fn matches(&self, labels: &StringMap) -> bool {
        self.0.iter().all(|r| match r {
            Requirement::Eq(k, v) => labels.get(k) == Some(v),
            Requirement::NotEq(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::NotExists(k) => !labels.contains_key(k),
        })
    }
}

/// Splits on commas that are not inside `( … )`.
fn split_top_level(s: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!(
                        "unable to parse requirement: unexpected ')' in {s:?}"
                    ));
                }
            }
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!(
            "unable to parse requirement: unclosed '(' in {s:?}"
        ));
    }
    out.push(&s[start..]);
    Ok(out)
}

fn check_key(k: &str) -> Result<String, String> {
    let ok = !k.is_empty()
        && k.len() <= 317
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if ok {
        Ok(k.to_string())
    } else {
        Err(format!(
            "unable to parse requirement: invalid label key {k:?}"
        ))
    }
}

fn parse_set(rest: &str) -> Result<Vec<String>, String> {
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| format!("unable to parse requirement: expected '(' … ')' in {rest:?}"))?;
    Ok(inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

fn parse_requirement(p: &str) -> Result<Requirement, String> {
    if let Some(k) = p.strip_prefix('!') {
        return Ok(Requirement::NotExists(check_key(k.trim())?));
    }
    if let Some((k, v)) = p.split_once("!=") {
        return Ok(Requirement::NotEq(
            check_key(k.trim())?,
            v.trim().to_string(),
        ));
    }
    if let Some((k, v)) = p.split_once("==") {
        return Ok(Requirement::Eq(check_key(k.trim())?, v.trim().to_string()));
    }
    if let Some((k, v)) = p.split_once('=') {
        return Ok(Requirement::Eq(check_key(k.trim())?, v.trim().to_string()));
    }
    let words: Vec<&str> = p.splitn(2, char::is_whitespace).collect();
    if words.len() == 2 {
        let rest = words[1].trim_start();
        if let Some(r) = rest.strip_prefix("notin") {
            return Ok(Requirement::NotIn(check_key(words[0])?, parse_set(r)?));
        }
        if let Some(r) = rest.strip_prefix("in") {
            return Ok(Requirement::In(check_key(words[0])?, parse_set(r)?));
        }
        return Err(format!(
            "unable to parse requirement: unknown operator in {p:?}"
        ));
    }
    Ok(Requirement::Exists(check_key(p)?))
}
