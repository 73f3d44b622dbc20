//! Virtual time rendering: `Millis` since the virtual epoch ⇄ RFC 3339 strings.
//!
//! The simulator keeps time as milliseconds since [`EPOCH_RFC3339`]; the API renders
//! `metav1.Time` the way a real server does (second precision, `Z` suffix). No wall clock is
//! read anywhere: the conversion is pure calendar arithmetic.

use crate::sim::clock::Millis;

/// Virtual t = 0, as printed in timestamps.
pub const EPOCH_RFC3339: &str = "2026-01-05T09:00:00Z";

/// Unix seconds of [`EPOCH_RFC3339`] (2026-01-05T09:00:00Z).
pub(crate) const EPOCH_UNIX: i64 = days_from_civil(2026, 1, 5) * 86_400 + 9 * 3600;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Renders virtual time as RFC 3339 with second precision, e.g. `2026-01-05T09:00:42Z`.
pub fn rfc3339(t: Millis) -> String {
    let secs = EPOCH_UNIX + (t / 1000) as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Renders virtual time with microseconds (`metav1.MicroTime`, used by `eventTime`).
pub fn rfc3339_micro(t: Millis) -> String {
    let base = rfc3339(t);
    format!("{}.{:06}Z", &base[..base.len() - 1], (t % 1000) * 1000)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` into virtual time; instants before the
/// virtual epoch clamp to 0 (the simulator has no past).
pub fn parse_rfc3339(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            return None;
        }
        let ms: String = digits.chars().chain("000".chars()).take(3).collect();
        millis = ms.parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || &rest[3..4] != ":" {
                return None;
            }
            sign * (rest[1..3].parse::<i64>().ok()? * 3600 + rest[4..6].parse::<i64>().ok()? * 60)
        }
    };
    let unix = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset;
    let rel = (unix - EPOCH_UNIX) * 1000 + millis;
    Some(rel.max(0) as Millis)
}

/// Serde codec for `Option<Millis>` fields rendered as `metav1.Time`.
pub mod opt_time {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&rfc3339(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(s) => parse_rfc3339(&s).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!("parsing time {s:?}: not RFC 3339"))
            }),
        }
    }
}

/// Serde codec for `Option<Millis>` fields rendered as `metav1.MicroTime`.
pub mod opt_micro_time {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&rfc3339_micro(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
        super::opt_time::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trips() {
        assert_eq!(rfc3339(0), EPOCH_RFC3339);
        assert_eq!(rfc3339(61_500), "2026-01-05T09:01:01Z");
        assert_eq!(rfc3339(86_400_000 * 27), "2026-02-01T09:00:00Z");
        assert_eq!(parse_rfc3339("2026-01-05T09:01:01Z"), Some(61_000));
        assert_eq!(parse_rfc3339("2026-01-05T10:01:01+01:00"), Some(61_000));
        assert_eq!(parse_rfc3339("2020-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(rfc3339_micro(1_234), "2026-01-05T09:00:01.234000Z");
    }
}
