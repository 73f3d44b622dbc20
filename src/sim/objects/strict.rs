//! Strict decoding: a serde `Deserializer` over `serde_json::Value` that records every field
//! a target struct does not know (with its full path, e.g. `spec.template.spec.containers[0].foo`)
//! and the path of the first type error. This mirrors the API server's strict field validation,
//! which reports `strict decoding error: unknown field "spec.foo"` instead of dropping data.

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Collected findings of one decode.
#[derive(Default)]
pub struct Findings {
    pub unknown: RefCell<Vec<String>>,
    /// (path, Go-style struct name owning the field) of the first type error.
    pub error_at: RefCell<Option<(String, String)>>,
}

/// Decodes `v` into `T`, returning the value or a type error message, plus the unknown fields.
pub fn decode<T: de::DeserializeOwned>(v: &Value) -> (Result<T, String>, Vec<String>) {
    let f = Findings::default();
    let res = T::deserialize(Strict {
        v,
        path: String::new(),
        owner: "",
        f: &f,
    });
    let unknown = f.unknown.borrow().clone();
    let res = res.map_err(|e| {
        let at = f.error_at.borrow().clone();
        type_error_text(&e.to_string(), at, v)
    });
    (res, unknown)
}

/// Renders a serde type error the way encoding/json phrases it:
/// `json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32`.
fn type_error_text(msg: &str, at: Option<(String, String)>, root: &Value) -> String {
    let Some((path, owner)) = at else {
        return msg.to_string();
    };
    let found = lookup(root, &path).map(json_type).unwrap_or("value");
    // encoding/json names the field by its struct fields only (`spec.containers.ports`), not
    // by list index as strict decoding's unknown-field paths do.
    let path = without_indices(&path);
    let expected = msg
        .rsplit_once("expected ")
        .map(|(_, e)| e.trim())
        .unwrap_or("");
    let go_type = match expected {
        "i32" => "int32".to_string(),
        "i64" => "int64".to_string(),
        "u8" | "u16" | "u32" | "u64" => "uint64".to_string(),
        "f64" | "f32" => "float64".to_string(),
        "a boolean" => "bool".to_string(),
        "a string" => "string".to_string(),
        "a sequence" => "[]interface {}".to_string(),
        "a map" => "map[string]string".to_string(),
        // Every API struct lives in a Go package named `v1` (core, apps, storage, meta...).
        e if e.starts_with("struct ") => format!("v1.{}", e.trim_start_matches("struct ")),
        _ => {
            return format!(
                "json: cannot unmarshal {found} into Go struct field {owner}.{path}: {msg}"
            )
        }
    };
    if msg.starts_with("invalid type") {
        format!(
            "json: cannot unmarshal {found} into Go struct field {owner}.{path} of type {go_type}"
        )
    } else {
        format!("json: cannot unmarshal {found} into Go struct field {owner}.{path} of type {go_type}: {msg}")
    }
}

fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = root;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (key, idx) = match seg.find('[') {
            Some(i) => (&seg[..i], Some(&seg[i..])),
            None => (seg, None),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        if let Some(mut rest) = idx {
            while let Some(r) = rest.strip_prefix('[') {
                let (n, tail) = r.split_once(']')?;
                cur = cur.get(n.parse::<usize>().ok()?)?;
                rest = tail;
            }
        }
    }
    Some(cur)
}

struct Strict<'de, 'f> {
    v: &'de Value,
    path: String,
    owner: &'static str,
    f: &'f Findings,
}

impl<'de, 'f> Strict<'de, 'f> {
    fn note_error<T>(&self, r: Result<T, serde_json::Error>) -> Result<T, serde_json::Error> {
        if r.is_err() && self.f.error_at.borrow().is_none() {
            *self.f.error_at.borrow_mut() = Some((self.path.clone(), self.owner.to_string()));
        }
        r
    }

    fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl<'de, 'f> de::Deserializer<'de> for Strict<'de, 'f> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let r = match self.v {
            Value::Array(items) => visitor.visit_seq(&mut Seq {
                items,
                idx: 0,
                path: self.path.clone(),
                owner: self.owner,
                f: self.f,
            }),
            Value::Object(map) => visitor.visit_map(&mut Map {
                iter: map.iter(),
                pending: None,
                s: &self,
            }),
            // `<&Value as Deserializer>::deserialize_any` for the scalars.
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => de::Deserializer::deserialize_any(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
        };
        self.note_error(r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.v.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        if let Value::Object(map) = self.v {
            for k in map.keys() {
                if !fields.contains(&k.as_str()) {
                    self.f.unknown.borrow_mut().push(self.child(k));
                }
            }
            let inner = Strict {
                v: self.v,
                path: self.path.clone(),
                owner: name,
                f: self.f,
            };
            let r = visitor.visit_map(&mut Map {
                iter: map.iter(),
                pending: None,
                s: &inner,
            });
            self.note_error(r)
        } else if self.v.is_null() {
            // Go's encoding/json leaves a struct untouched on null.
            let empty: de::value::MapDeserializer<
                'de,
                std::iter::Empty<(&'de str, &'de str)>,
                serde_json::Error,
            > = de::value::MapDeserializer::new(std::iter::empty());
            visitor.visit_map(empty)
        } else {
            // encoding/json never decodes a struct from anything but an object: an array (which
            // serde would read positionally) or a scalar is a type error at this field.
            let r = Err(de::Error::invalid_type(unexpected(self.v), &visitor));
            self.note_error(r)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let r = de::Deserializer::deserialize_enum(self.v, name, variants, visitor);
        self.note_error(r)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// serde_json's `Value::unexpected`.
fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            (None, None) => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

struct Seq<'de, 'f> {
    items: &'de [Value],
    idx: usize,
    path: String,
    owner: &'static str,
    f: &'f Findings,
}

impl<'de, 'f> SeqAccess<'de> for Seq<'de, 'f> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some(v) = self.items.get(self.idx) else {
            return Ok(None);
        };
        let path = format!("{}[{}]", self.path, self.idx);
        self.idx += 1;
        seed.deserialize(Strict {
            v,
            path,
            owner: self.owner,
            f: self.f,
        })
        .map(Some)
    }
}

struct Map<'de, 's, 'f> {
    iter: serde_json::map::Iter<'de>,
    pending: Option<(&'de String, &'de Value)>,
    s: &'s Strict<'de, 'f>,
}

impl<'de, 's, 'f> MapAccess<'de> for Map<'de, 's, 'f> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        // Go's encoding/json treats `field: null` as "leave unset"; skip such entries (unknown
        // keys were already recorded from the full key list).
        let next = self.iter.by_ref().find(|(_, v)| !v.is_null());
        match next {
            Some((k, v)) => {
                self.pending = Some((k, v));
                let kd: de::value::StrDeserializer<'_, serde_json::Error> =
                    k.as_str().into_deserializer();
                seed.deserialize(kd).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let (k, v) = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("value without key"))?;
        seed.deserialize(Strict {
            v,
            path: self.s.child(k),
            owner: self.s.owner,
            f: self.s.f,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Strict decoding reads what serde_json's `&Value` deserializer reads, except where Go's
    /// encoding/json differs: `null` leaves a field unset, and a struct is never read from an
    /// array. Where both succeed, the results must be the same value.
    fn agrees<T: de::DeserializeOwned + serde::Serialize>(v: &Value) {
        let serde = T::deserialize(v).map(|t| serde_json::to_value(t).unwrap());
        let strict = decode::<T>(v).0.map(|t| serde_json::to_value(t).unwrap());
        if let (Ok(a), Ok(b)) = (&serde, &strict) {
            assert_eq!(a, b, "{v}");
        }
    }

    fn gen(seed: &mut u64, depth: u32) -> Value {
        const KEYS: &[&str] = &[
            "name",
            "image",
            "containers",
            "replicas",
            "ports",
            "containerPort",
            "metadata",
            "labels",
            "spec",
            "selector",
            "matchLabels",
            "resources",
            "requests",
            "storage",
            "template",
            "volumeMounts",
            "env",
            "value",
            "command",
            "args",
            "x",
            "status",
        ];
        fn next_of(seed: &mut u64, n: u64) -> u64 {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*seed >> 33) % n
        }
        let pick = if depth == 0 {
            next_of(seed, 5)
        } else {
            next_of(seed, 8)
        };
        match pick {
            0 => Value::Null,
            1 => Value::Bool(next_of(seed, 2) == 0),
            2 => match next_of(seed, 4) {
                0 => serde_json::json!(next_of(seed, 100)),
                1 => serde_json::json!(-(next_of(seed, 100) as i64)),
                2 => serde_json::json!(1.5),
                _ => serde_json::json!(u64::MAX),
            },
            3 | 4 => {
                Value::String(["1Gi", "web", "80", "", "true"][next_of(seed, 5) as usize].into())
            }
            5 => {
                let n = next_of(seed, 4);
                Value::Array((0..n).map(|_| gen(seed, depth - 1)).collect())
            }
            _ => {
                let n = next_of(seed, 4);
                let mut m = serde_json::Map::new();
                for _ in 0..n {
                    let k = KEYS[next_of(seed, KEYS.len() as u64) as usize];
                    m.insert(k.to_string(), gen(seed, depth - 1));
                }
                Value::Object(m)
            }
        }
    }

    #[test]
    fn strict_agrees_with_serde_json_where_go_does() {
        use crate::sim::objects::{
            Container, IntOrString, ObjectMeta, PodSpec, PodTemplateSpec, Quantity, StatefulSet,
        };
        let mut seed = 7;
        for _ in 0..4000 {
            let v = gen(&mut seed, 4);
            agrees::<PodSpec>(&v);
            agrees::<Container>(&v);
            agrees::<ObjectMeta>(&v);
            agrees::<PodTemplateSpec>(&v);
            agrees::<StatefulSet>(&v);
            agrees::<Vec<Container>>(&v);
            agrees::<BTreeMap<String, String>>(&v);
            agrees::<Option<i32>>(&v);
            agrees::<Quantity>(&v);
            agrees::<IntOrString>(&v);
        }
    }

    /// serde would read `spec: []` as a struct with every field defaulted; the API server
    /// refuses it as a type error, and so do we — at any depth, for arrays and scalars alike.
    #[test]
    fn struct_from_array_or_scalar_is_a_type_error() {
        use crate::sim::objects::StatefulSet;
        let cases = [
            (
                serde_json::json!({"spec": []}),
                "json: cannot unmarshal array into Go struct field StatefulSet.spec of type v1.StatefulSetSpec",
            ),
            (
                serde_json::json!({"spec": {"template": {"spec": {"containers": [["nginx"]]}}}}),
                "json: cannot unmarshal array into Go struct field PodSpec.spec.template.spec.containers of type v1.Container",
            ),
            (
                serde_json::json!({"spec": {"selector": "app=nginx"}}),
                "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.selector of type v1.LabelSelector",
            ),
            (
                serde_json::json!({"spec": {"template": {"spec": {"containers": [
                    {"name": "nginx", "ports": [{"containerPort": "80"}]}
                ]}}}}),
                "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
            ),
        ];
        for (v, want) in cases {
            let (r, _) = decode::<StatefulSet>(&v);
            assert_eq!(r.err().as_deref(), Some(want), "{v}");
        }
    }

    #[test]
    fn quantity_map() {
        let v = serde_json::json!({"storage": "1Gi"});
        let (r, u) = decode::<BTreeMap<String, crate::sim::objects::Quantity>>(&v);
        assert!(u.is_empty());
        r.unwrap();
    }
}
