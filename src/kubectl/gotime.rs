//! Go's `time.ParseDuration` and `time.Parse(time.RFC3339, …)`, with their exact error texts,
//! for flags that kubectl declares as `time.Duration` or parses as RFC 3339 (`logs --since`,
//! `--since-time`, `--pod-running-timeout`). A learner who mistypes one reads what kubectl
//! would print.

use crate::sim::objects::time::{days_from_civil, EPOCH_UNIX};
use crate::sim::Millis;

/// Go's `time.quote`: ASCII as is (with `"` and `\` escaped), anything else as `\x` bytes.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) < 0x20 || (c as u32) >= 0x80 {
            let mut b = [0u8; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{00b5}s", 1_000),
    ("\u{03bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// `time.ParseDuration`: nanoseconds, or the error text (`time: invalid duration "x"`, …).
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Integer part (leadingInt: overflow is an error).
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for &c in &b[..digits] {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
        }
        let pre = digits > 0;
        s = &s[digits..];
        // Fraction (leadingFraction: digits past what fits are dropped).
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if s.starts_with('.') {
            s = &s[1..];
            let n = s.bytes().take_while(|c| c.is_ascii_digit()).count();
            let mut overflow = false;
            for c in s[..n].bytes() {
                if overflow {
                    continue;
                }
                if f > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(c - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = n > 0;
            s = &s[n..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let u = &s[..unit_len];
        s = &s[unit_len..];
        let Some(&(_, unit)) = UNITS.iter().find(|(name, _)| *name == u) else {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                quote(u),
                quote(orig)
            ));
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i128).wrapping_neg() as i64);
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go's complaint about a duration flag value the simulator cannot use (for a value Go
/// accepts but the command does not model, such as a negative timeout, the generic one).
pub fn duration_error(t: &str) -> String {
    match parse_duration(t) {
        Err(e) => e,
        Ok(_) => format!("time: invalid duration {}", quote(t)),
    }
}

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// `time.Parse(time.RFC3339, s)` (which also takes a fractional second) as virtual time
/// (instants before the simulator's epoch clamp to 0), or Go's error text.
pub fn parse_rfc3339(value: &str) -> Result<Millis, String> {
    let cannot = |elem: &str, layout_elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(value),
            quote(RFC3339),
            quote(elem),
            quote(layout_elem)
        )
    };
    let range = |what: &str| format!("parsing time {}: {what} out of range", quote(value));
    let mut v = value;
    // getnum: one or two digits (`fixed`: exactly two).
    fn num(v: &str, fixed: bool) -> Option<(i64, &str)> {
        let b = v.as_bytes();
        if !b.first()?.is_ascii_digit() {
            return None;
        }
        if !b.get(1).is_some_and(u8::is_ascii_digit) {
            return (!fixed).then(|| (i64::from(b[0] - b'0'), &v[1..]));
        }
        Some((
            i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'),
            &v[2..],
        ))
    }
    // 2006
    let Some(year) = v
        .get(..4)
        .filter(|y| y.as_bytes()[0].is_ascii_digit())
        .and_then(|y| y.parse::<i64>().ok())
    else {
        return Err(cannot(v, "2006"));
    };
    v = &v[4..];
    // Every remainder is a slice of `value`: a literal separator is skipped or named.
    macro_rules! literal {
        ($p:expr) => {
            match v.strip_prefix($p) {
                Some(rest) => v = rest,
                None => return Err(cannot(v, $p)),
            }
        };
    }
    literal!("-");
    let Some((month, rest)) = num(v, true) else {
        return Err(cannot(v, "01"));
    };
    if !(1..=12).contains(&month) {
        return Err(range("month"));
    }
    v = rest;
    literal!("-");
    let Some((day, rest)) = num(v, true) else {
        return Err(cannot(v, "02"));
    };
    v = rest;
    literal!("T");
    let Some((hour, rest)) = num(v, false) else {
        return Err(cannot(v, "15"));
    };
    if !(0..24).contains(&hour) {
        return Err(range("hour"));
    }
    v = rest;
    literal!(":");
    let Some((minute, rest)) = num(v, true) else {
        return Err(cannot(v, "04"));
    };
    if minute >= 60 {
        return Err(range("minute"));
    }
    v = rest;
    literal!(":");
    let Some((second, rest)) = num(v, true) else {
        return Err(cannot(v, "05"));
    };
    if second >= 60 {
        return Err(range("second"));
    }
    v = rest;
    // A fractional second the layout does not name is still accepted.
    let mut millis = 0i64;
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
        let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let frac = &v[1..n];
        millis = format!("{:0<3}", &frac[..frac.len().min(3)])
            .parse()
            .unwrap_or(0);
        v = &v[n..];
    }
    // Z07:00
    let offset = if let Some(rest) = v.strip_prefix('Z') {
        v = rest;
        0
    } else {
        let b = v.as_bytes();
        if b.len() < 6 || b[3] != b':' {
            return Err(cannot(v, "Z07:00"));
        }
        let field = |r: std::ops::Range<usize>| v.get(r).and_then(|f| num(f, true));
        let (Some((hh, "")), Some((mm, "")), Some(rest)) = (field(1..3), field(4..6), v.get(6..))
        else {
            return Err(cannot(v, "Z07:00"));
        };
        // Go checks the ranges (with `>`: offsets of 24 hours exist) before the sign.
        if hh > 24 {
            return Err(range("time zone offset hour"));
        }
        if mm > 60 {
            return Err(range("time zone offset minute"));
        }
        let sign = match b[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(cannot(v, "Z07:00")),
        };
        v = rest;
        sign * (hh * 3600 + mm * 60)
    };
    if !v.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            quote(value),
            quote(v)
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > days_in[(month - 1) as usize] {
        return Err(format!("parsing time {}: day out of range", quote(value)));
    }
    let unix =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Ok(((unix - EPOCH_UNIX) * 1000 + millis).max(0) as Millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("5s"), Ok(5_000_000_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("1.5m"), Ok(90_000_000_000));
        assert_eq!(parse_duration("-5s"), Ok(-5_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("300us"), Ok(300_000));
        assert_eq!(
            parse_duration("5"),
            Err("time: missing unit in duration \"5\"".into())
        );
        assert_eq!(
            parse_duration("5d"),
            Err("time: unknown unit \"d\" in duration \"5d\"".into())
        );
        assert_eq!(
            parse_duration("abc"),
            Err("time: invalid duration \"abc\"".into())
        );
        assert_eq!(
            parse_duration(""),
            Err("time: invalid duration \"\"".into())
        );
        assert_eq!(
            parse_duration("9999999999h"),
            Err("time: invalid duration \"9999999999h\"".into())
        );
        assert_eq!(quote("5秒"), "\"5\\xe7\\xa7\\x92\"");
    }

    #[test]
    fn rfc3339_parses_like_go() {
        assert_eq!(parse_rfc3339("2026-01-05T09:00:10Z"), Ok(10_000));
        assert_eq!(parse_rfc3339("2026-01-05T10:00:10.250+01:00"), Ok(10_250));
        assert_eq!(parse_rfc3339("2020-01-01T00:00:00Z"), Ok(0));
        assert_eq!(
            parse_rfc3339("yesterday"),
            Err("parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"".into())
        );
        assert_eq!(
            parse_rfc3339("2026-01-05"),
            Err("parsing time \"2026-01-05\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"".into())
        );
        assert_eq!(
            parse_rfc3339("2026-01-05 09:00:00Z"),
            Err("parsing time \"2026-01-05 09:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 09:00:00Z\" as \"T\"".into())
        );
        assert_eq!(
            parse_rfc3339("2026-01-05T09:00:00"),
            Err("parsing time \"2026-01-05T09:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"".into())
        );
        assert_eq!(
            parse_rfc3339("2026-13-05T09:00:00Z"),
            Err("parsing time \"2026-13-05T09:00:00Z\": month out of range".into())
        );
        assert_eq!(
            parse_rfc3339("2026-02-30T09:00:00Z"),
            Err("parsing time \"2026-02-30T09:00:00Z\": day out of range".into())
        );
        assert_eq!(
            parse_rfc3339("2026-01-05T09:00:00Zjunk"),
            Err("parsing time \"2026-01-05T09:00:00Zjunk\": extra text: \"junk\"".into())
        );
    }
}
