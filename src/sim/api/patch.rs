//! Patch semantics (ref §4.3): strategic merge patch with the list merge keys that matter for
//! workloads, JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
//!
//! StatefulSet `updateStrategy` has no `retainKeys` strategy, so patching only `type: OnDelete`
//! keeps the defaulted `rollingUpdate` and validation rejects it (errata §4) — reproduced here
//! simply by *not* special-casing it.

use serde_json::{Map, Value};

use super::ApiError;
use crate::sim::objects::Object;

/// `kubectl patch --type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PatchType {
    Strategic,
    Merge,
    Json,
}

/// Applies `patch` to `current`, returning the patched JSON (not yet decoded or validated).
pub fn apply(current: &Object, pt: PatchType, patch: &str) -> Result<Value, ApiError> {
    let doc = current.to_value();
    let p = crate::sim::manifest::parse_document(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {}", e.message)))?;
    match pt {
        PatchType::Merge => {
            if !p.is_object() {
                return Err(ApiError::bad_request(
                    "json: cannot unmarshal array into Go value of type map[string]interface {}",
                ));
            }
            Ok(merge_patch(doc, &p))
        }
        PatchType::Strategic => {
            if !p.is_object() {
                return Err(ApiError::bad_request(
                    "json: cannot unmarshal array into Go value of type map[string]interface {}",
                ));
            }
            strategic(doc, &p, &[]).map_err(ApiError::bad_request)
        }
        PatchType::Json => json_patch(doc, &p).map_err(ApiError::bad_request),
    }
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: Value, patch: &Value) -> Value {
    match patch {
        Value::Object(pm) => {
            let mut tm = match target {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            for (k, v) in pm {
                if v.is_null() {
                    tm.remove(k);
                } else {
                    let cur = tm.remove(k).unwrap_or(Value::Null);
                    tm.insert(k.clone(), merge_patch(cur, v));
                }
            }
            Value::Object(tm)
        }
        other => other.clone(),
    }
}

/// The strategic-merge key of a list field, by field name and context.
fn merge_key(path: &[String]) -> Option<&'static str> {
    let last = path.last()?.as_str();
    let parent = path
        .len()
        .checked_sub(2)
        .map(|i| path[i].as_str())
        .unwrap_or("");
    Some(match last {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "ports" if parent == "containers" || parent == "initContainers" => "containerPort",
        "ports" if parent == "spec" => "port",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "hostAliases" => "ip",
        "topologySpreadConstraints" => "topologyKey",
        "resourceClaims" => "name",
        _ => return None,
    })
}

/// Primitive lists with `patchStrategy: merge` (set union).
fn merges_primitives(path: &[String]) -> bool {
    matches!(path.last().map(String::as_str), Some("finalizers"))
}

fn strategic(target: Value, patch: &Value, path: &[String]) -> Result<Value, String> {
    let Value::Object(pm) = patch else {
        return Ok(patch.clone());
    };
    match pm.get("$patch").and_then(Value::as_str) {
        Some("replace") => {
            let mut m = pm.clone();
            m.remove("$patch");
            return Ok(Value::Object(m));
        }
        Some("delete") => return Ok(Value::Null),
        Some(other) => return Err(format!("unknown patch type: {other} in map: {patch}")),
        None => {}
    }
    let mut tm = match target {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    for (k, v) in pm {
        if k.starts_with("$setElementOrder/") || k == "$retainKeys" {
            continue;
        }
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(list)), Value::Array(del)) = (tm.get_mut(field), v) {
                list.retain(|x| !del.contains(x));
            }
            continue;
        }
        if v.is_null() {
            tm.remove(k);
            continue;
        }
        let mut child_path = path.to_vec();
        child_path.push(k.clone());
        let cur = tm.remove(k).unwrap_or(Value::Null);
        let merged = match (cur, v) {
            (Value::Array(cur), Value::Array(items)) => merge_list(cur, items, &child_path)?,
            (cur, v @ Value::Object(_)) => strategic(cur, v, &child_path)?,
            (_, v) => strip_directives(v.clone()),
        };
        if !merged.is_null() || !v.is_object() {
            tm.insert(k.clone(), merged);
        }
    }
    Ok(Value::Object(tm))
}

/// Removes `$patch` markers from values that are inserted wholesale.
fn strip_directives(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k, strip_directives(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.into_iter()
                .filter(|x| x.get("$patch").is_none())
                .map(strip_directives)
                .collect(),
        ),
        other => other,
    }
}

fn merge_list(cur: Vec<Value>, items: &[Value], path: &[String]) -> Result<Value, String> {
    // `[{"$patch": "replace"}, …]` replaces the whole list.
    if items
        .iter()
        .any(|i| i.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        return Ok(strip_directives(Value::Array(items.to_vec())));
    }
    if merges_primitives(path) {
        let mut out = cur;
        for i in items {
            if !out.contains(i) {
                out.push(i.clone());
            }
        }
        return Ok(Value::Array(out));
    }
    let Some(key) = merge_key(path) else {
        return Ok(strip_directives(Value::Array(items.to_vec())));
    };
    let mut out = cur;
    for item in items {
        let Some(kv) = item.get(key) else {
            return Err(format!(
                "map: {item} does not contain declared merge key: {key}"
            ));
        };
        let pos = out.iter().position(|x| x.get(key) == Some(kv));
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                out.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => {
                let merged = strategic(out[i].clone(), item, path)?;
                out[i] = merged;
            }
            (None, false) => out.push(strip_directives(item.clone())),
        }
    }
    Ok(Value::Array(out))
}

/// RFC 6902 JSON patch.
pub fn json_patch(mut doc: Value, ops: &Value) -> Result<Value, String> {
    let Value::Array(ops) = ops else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for op in ops {
        let name = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("missing path in operation")?;
        match name {
            "add" => {
                let v = op
                    .get("value")
                    .cloned()
                    .ok_or("missing value in add operation")?;
                add(&mut doc, path, v)?;
            }
            "remove" => {
                remove(&mut doc, path)?;
            }
            "replace" => {
                let v = op
                    .get("value")
                    .cloned()
                    .ok_or("missing value in replace operation")?;
                if doc.pointer(path).is_none() {
                    return Err(format!("replace operation does not apply: doc is missing key: {path}: missing value"));
                }
                if let Some(slot) = doc.pointer_mut(path) {
                    *slot = v;
                }
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("missing from in operation")?;
                let v = if name == "move" {
                    remove(&mut doc, from)?
                } else {
                    doc.pointer(from).cloned().ok_or_else(|| {
                        format!("copy operation does not apply: doc is missing from path: {from}")
                    })?
                };
                add(&mut doc, path, v)?;
            }
            "test" => {
                let want = op.get("value").cloned().unwrap_or(Value::Null);
                if doc.pointer(path) != Some(&want) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let i = path
        .rfind('/')
        .ok_or_else(|| format!("invalid JSON pointer: {path:?}"))?;
    let last = path[i + 1..].replace("~1", "/").replace("~0", "~");
    Ok((path[..i].to_string(), last))
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    let target = doc.pointer_mut(&parent).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    match target {
        Value::Object(m) => {
            m.insert(last, v);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(v);
            } else {
                let i: usize = last
                    .parse()
                    .map_err(|_| format!("invalid array index {last:?}"))?;
                if i > a.len() {
                    return Err(format!(
                        "add operation does not apply: index out of bounds: {i}"
                    ));
                }
                a.insert(i, v);
            }
        }
        _ => {
            return Err(format!(
                "add operation does not apply: doc is missing path: \"{path}\""
            ))
        }
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    match doc.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(m) => m.remove(&last).ok_or_else(missing),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < a.len() {
                Ok(a.remove(i))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}
