//! `kubectl set resources (TYPE NAME | TYPE/NAME | TYPE -l SEL | TYPE --all) [-c CONTAINERS]
//! --limits=… --requests=…`, after kubernetes/kubectl v0.35.7 `pkg/cmd/set/set_resources.go`
//! (with `pkg/cmd/set/helper.go` `selectContainers`, `pkg/polymorphichelpers/updatepodspec.go`
//! and `pkg/generate/versioned/run.go` `HandleResourceRequirementsV1`). Quantities are parsed
//! and written in canonical form as apimachinery v0.35.7 `resource.Quantity` does.

use super::scale::{pod_spec_mut, targets};
use super::service::{render_collected, Collected};
use super::{parse_flags, WriteMode};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Output};
use crate::sim::Quantity;
use std::collections::BTreeMap;

pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("output", Some('o'), FlagKind::Str),
    FlagSpec::new("dry-run", None, FlagKind::Str),
    FlagSpec::new("all", None, FlagKind::Bool),
    FlagSpec::new("selector", Some('l'), FlagKind::Str),
    FlagSpec::new("containers", Some('c'), FlagKind::Str),
    FlagSpec::new("limits", None, FlagKind::Str),
    FlagSpec::new("requests", None, FlagKind::Str),
    FlagSpec::unmodelled("local", None, FlagKind::Bool),
    FlagSpec::unmodelled("field-manager", None, FlagKind::Str),
    FlagSpec::unmodelled("record", None, FlagKind::Bool),
    FlagSpec::unmodelled("filename", Some('f'), FlagKind::Array),
    FlagSpec::unmodelled("kustomize", Some('k'), FlagKind::Str),
    FlagSpec::unmodelled("recursive", Some('R'), FlagKind::Bool),
    FlagSpec::unmodelled("template", None, FlagKind::Str),
    FlagSpec::unmodelled("allow-missing-template-keys", None, FlagKind::Bool),
    FlagSpec::unmodelled("show-managed-fields", None, FlagKind::Bool),
];

const FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const NUMERIC: &str = "unable to parse numeric part of quantity";
const SUFFIX: &str = "unable to parse quantity's suffix";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

/// `parseQuantityString`: (positive, num, denom, suffix).
fn split_quantity(s: &str) -> Result<(bool, String, String, String), &'static str> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    if pos < end {
        match b[0] {
            b'-' => {
                positive = false;
                pos += 1;
            }
            b'+' => pos += 1,
            _ => {}
        }
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, "0".into(), String::new(), String::new()));
    }
    let start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = s[start..pos].to_string();
    if pos >= end {
        return Ok((positive, num, String::new(), String::new()));
    }
    if num.is_empty() {
        num = "0".into();
    }
    let mut denom = String::new();
    if b[pos] == b'.' {
        pos += 1;
        let ds = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = s[ds..pos].to_string();
        if pos >= end {
            return Ok((positive, num, denom, String::new()));
        }
    }
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, num, denom, s[suffix_start..].to_string()));
    }
    if b[pos] == b'-' || b[pos] == b'+' {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok((positive, num, denom, s[suffix_start..].to_string()));
    }
    Err(FORMAT_WRONG)
}

/// `quantitySuffixer.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let dec = [
        ("n", -9),
        ("u", -6),
        ("m", -3),
        ("", 0),
        ("k", 3),
        ("M", 6),
        ("G", 9),
        ("T", 12),
        ("P", 15),
        ("E", 18),
    ];
    if let Some((_, e)) = dec.iter().find(|(s, _)| *s == suffix) {
        return Some((10, *e, Format::DecimalSi));
    }
    let bin = [
        ("Ki", 10),
        ("Mi", 20),
        ("Gi", 30),
        ("Ti", 40),
        ("Pi", 50),
        ("Ei", 60),
    ];
    if let Some((_, e)) = bin.iter().find(|(s, _)| *s == suffix) {
        return Some((2, *e, Format::BinarySi));
    }
    if suffix.len() > 1 && (suffix.starts_with('e') || suffix.starts_with('E')) {
        let n: i64 = suffix[1..].parse().ok()?;
        return Some((10, n as i32, Format::DecimalExponent));
    }
    None
}

/// `resource.ParseQuantity` followed by its JSON form (`Quantity.MarshalJSON`): the input when
/// it is already canonical, else `CanonicalizeBytes`. The value is kept exactly in nano-units
/// (as ParseQuantity rounds up to); a value too large for that is refused.
pub fn canonical_quantity(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err(FORMAT_WRONG.into());
    }
    if s == "0" {
        return Ok("0".into());
    }
    let (positive, num, denom, suffix) = split_quantity(s).map_err(str::to_string)?;
    let (base, exponent, mut format) = interpret(&suffix).ok_or(SUFFIX)?;
    let too_big = || format!("error: the quantity \"{s}\" is not available in this simulator");
    let shifted = format!("{num}{denom}");
    // The cached-string fast path of ParseQuantity.
    let digits_ok = shifted.len() <= 18;
    if digits_ok {
        let value: i64 = shifted.parse().map_err(|_| NUMERIC.to_string())?;
        match format {
            Format::BinarySi => {
                let precision = 15 - num.len() as i32 - (exponent as f32 * 3.0 / 10.0) as i32 - 1;
                if exponent >= 0
                    && denom.is_empty()
                    && precision >= 0
                    && exponent % 10 == 0
                    && value & 0x07 != 0
                    && value.checked_mul(1i64 << exponent).is_some()
                {
                    return Ok(s.to_string());
                }
            }
            _ => {
                let precision = 18 - (num.len() + denom.len()) as i32;
                let scale = exponent - denom.len() as i32;
                if precision >= 0
                    && scale >= -9
                    && scale % 3 == 0
                    && !shifted.ends_with("000")
                    && !shifted.starts_with('0')
                {
                    return Ok(s.to_string());
                }
            }
        }
    }
    // Exact value in nano-units: shifted × base^exponent × 10^(9 − len(denom)), rounded up.
    let digits = shifted.trim_start_matches('0');
    if digits.len() > 30 {
        return Err(too_big());
    }
    let mut v: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| NUMERIC.to_string())?
    };
    let mut exp10: i32 = 9 - denom.len() as i32;
    if base == 2 {
        v = v
            .checked_mul(1i128.checked_shl(exponent as u32).ok_or_else(too_big)?)
            .ok_or_else(too_big)?;
    } else {
        exp10 += exponent;
    }
    if exp10 >= 0 {
        let m = 10i128.checked_pow(exp10 as u32).ok_or_else(too_big)?;
        v = v.checked_mul(m).ok_or_else(too_big)?;
    } else {
        match 10i128.checked_pow((-exp10) as u32) {
            Some(d) => v = (v + d - 1) / d,
            None => v = i128::from(v != 0),
        }
    }
    if v == 0 {
        return Ok("0".into());
    }
    const NANO: i128 = 1_000_000_000;
    if format == Format::BinarySi && v < NANO {
        format = Format::DecimalSi;
    }
    let sign = if positive { "" } else { "-" };
    if format == Format::BinarySi {
        if v < 1024 * NANO || v % NANO != 0 {
            format = Format::DecimalSi;
        } else {
            let mut amount = v / NANO;
            let mut times = 0;
            while amount % 1024 == 0 && times < 6 {
                amount /= 1024;
                times += 1;
            }
            let suf = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][times];
            return Ok(format!("{sign}{amount}{suf}"));
        }
    }
    // AsCanonicalBytes: factors of ten into the exponent, then down to a multiple of three.
    let mut amount = v;
    let mut exp: i32 = -9;
    while amount % 10 == 0 {
        amount /= 10;
        exp += 1;
    }
    while exp % 3 != 0 {
        amount *= 10;
        exp -= 1;
    }
    let suf = match format {
        Format::DecimalExponent => {
            if exp == 0 {
                String::new()
            } else {
                format!("e{exp}")
            }
        }
        _ => match exp {
            -9 => "n".into(),
            -6 => "u".into(),
            -3 => "m".into(),
            0 => String::new(),
            3 => "k".into(),
            6 => "M".into(),
            9 => "G".into(),
            12 => "T".into(),
            15 => "P".into(),
            18 => "E".into(),
            _ => return Err(too_big()),
        },
    };
    Ok(format!("{sign}{amount}{suf}"))
}

/// `populateResourceListV1`.
fn resource_list(spec: &str) -> Result<BTreeMap<String, Quantity>, String> {
    let mut out = BTreeMap::new();
    if spec.is_empty() {
        return Ok(out);
    }
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        if parts.len() != 2 {
            return Err(format!(
                "Invalid argument syntax {statement}, expected <resource>=<value>"
            ));
        }
        let q = canonical_quantity(parts[1])?;
        out.insert(parts[0].to_string(), Quantity(q));
    }
    Ok(out)
}

/// `selectString`: `*` wildcards, non-greedy, as upstream's loop does it.
fn select_string(s: &str, spec: &str) -> bool {
    if spec == "*" {
        return true;
    }
    if !spec.contains('*') {
        return s == spec;
    }
    let mut pos: usize = 0;
    let parts: Vec<&str> = spec.split('*').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let next = s.get(pos..).and_then(|rest| rest.find(part));
        let Some(next) = next else {
            return false;
        };
        // upstream compares the index within s[pos:] with pos and the string's length.
        if next < pos
            || (i == 0 && pos != 0)
            || (i == parts.len() - 1 && s.len() != part.len() + next)
        {
            return false;
        }
        pos = next;
    }
    true
}

/// `kubectl set resources`.
pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Output {
    let path = "kubectl set resources";
    let p = match parse_flags(path, rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // Complete: dry-run strategy, printer, then the objects.
    let mode = match WriteMode::parse_printing(&p, path) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let ns = super::namespace(&p, cx);
    let selector = p.str("selector").unwrap_or_default().to_string();
    let all = p.bool_or("all", false);
    let sel = (!selector.is_empty()).then_some(selector.as_str());
    let ts = match targets(p.args_before_dash(), sel, all, &ns, cx) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut objects = Vec::new();
    let mut lookup_errs = Vec::new();
    for (k, name) in &ts {
        match cx.cluster.api().get(*k, &ns, name) {
            Ok(o) => objects.push(o.clone()),
            Err(e) => lookup_errs.push(Collected::Api(e)),
        }
    }
    if !lookup_errs.is_empty() {
        return Output {
            stderr: render_collected(&lookup_errs),
            status: 1,
            ..Default::default()
        };
    }
    // Validate.
    if all && !selector.is_empty() {
        return Output::err("error: cannot set --all and --selector at the same time");
    }
    let limits_s = p.str("limits").unwrap_or_default();
    let requests_s = p.str("requests").unwrap_or_default();
    if limits_s.is_empty() && requests_s.is_empty() {
        return Output::err(
            "error: you must specify an update to requests or limits (in the form of --requests/--limits)",
        );
    }
    let (limits, requests) = match (resource_list(limits_s), resource_list(requests_s)) {
        (Err(e), _) | (_, Err(e)) => {
            return Output::err(if e.starts_with("error: ") {
                e
            } else {
                format!("error: {e}")
            })
        }
        (Ok(l), Ok(r)) => (l, r),
    };
    let containers_sel = p.str("containers").unwrap_or("*").to_string();
    // Run: every patch is computed first (its errors come first), then sent in order.
    let mut errs: Vec<Collected> = Vec::new();
    let mut patches = Vec::new();
    for obj in objects {
        let kind = obj.kind();
        let before = obj.clone();
        let mut after = obj;
        let Some(spec) = pod_spec_mut(&mut after) else {
            patches.push(Err(format!(
                "error: {}/{} the object is not a pod or does not have a pod template: *v1.{}\n",
                kind.resource(),
                before.name(),
                kind.kind_name()
            )));
            continue;
        };
        let mut transformed = false;
        let chosen = spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut())
            .filter(|c| select_string(&c.name, &containers_sel));
        for c in chosen {
            for (k, v) in &limits {
                c.resources.limits.insert(k.clone(), v.clone());
            }
            for (k, v) in &requests {
                c.resources.requests.insert(k.clone(), v.clone());
            }
            transformed = true;
        }
        if !transformed {
            errs.push(Collected::Plain(format!(
                "error: unable to find container named {containers_sel}"
            )));
            continue;
        }
        patches.push(Ok((kind, before, after)));
    }
    let mut out = Output::default();
    for patch in patches {
        let (_, before, after) = match patch {
            Ok(x) => x,
            Err(e) => {
                errs.push(Collected::Plain(e));
                continue;
            }
        };
        if before == after {
            continue;
        }
        // A client dry run prints the changed copy, a write the server's answer.
        let mut shown = after.clone();
        if mode.sends() {
            match cx.cluster.api_mut().update(after, &mode.options()) {
                Ok(o) => shown = o,
                Err(e) => {
                    errs.push(Collected::Plain(format!(
                        "failed to patch resources update to pod template {}",
                        e.message
                    )));
                    continue;
                }
            }
        }
        out.stdout
            .push_str(&mode.print(&shown, "resource requirements updated"));
    }
    cx.cluster.settle();
    out.stderr = render_collected(&errs);
    if !errs.is_empty() {
        out.status = 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_written_canonically() {
        let c = |s: &str| canonical_quantity(s);
        for same in [
            "200m", "512Mi", "1", "100m", "256Mi", "1Gi", "3Ki", "1G", "2e3", "0",
        ] {
            assert_eq!(c(same), Ok(same.to_string()), "{same}");
        }
        assert_eq!(c("0.5"), Ok("500m".into()));
        assert_eq!(c("1000m"), Ok("1".into()));
        assert_eq!(c("1024Mi"), Ok("1Gi".into()));
        assert_eq!(c("0.5Gi"), Ok("512Mi".into()));
        assert_eq!(c("1.5Ki"), Ok("1536".into()));
        assert_eq!(c("1000"), Ok("1k".into()));
        assert_eq!(c("1500"), Ok("1500".into()));
        assert_eq!(c("0.1m"), Ok("100u".into()));
        assert_eq!(c("1.5e3"), Ok("1500".into()));
        assert_eq!(c("512Ki"), Ok("512Ki".into()));
        assert_eq!(c("00"), Ok("0".into()));
        assert_eq!(c("abc"), Err(FORMAT_WRONG.into()));
        assert_eq!(c("1Q"), Err(FORMAT_WRONG.into()));
        assert_eq!(c("1X"), Err(FORMAT_WRONG.into()));
        assert_eq!(c("1mm"), Err(SUFFIX.into()));
        assert_eq!(c(""), Err(FORMAT_WRONG.into()));
    }

    #[test]
    fn container_wildcards() {
        assert!(select_string("nginx", "*"));
        assert!(select_string("nginx", "nginx"));
        assert!(select_string("nginx", "ng*"));
        assert!(!select_string("nginx", "w*"));
        // Upstream's loop only checks that the first part starts the name when it is not the
        // first part found, so "x*" selects "nginx" there too.
        assert!(select_string("nginx", "x*"));
        assert!(!select_string("nginx", "*q"));
        assert!(!select_string("nginx", "web"));
    }
}
