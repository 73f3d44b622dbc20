//! `resource.Quantity` and `intstr.IntOrString`.
//!
//! A Quantity is kept as the string the user wrote (that is what `-o yaml` echoes) and parsed on
//! demand into milli-units, exact integer arithmetic only, so `500m`, `1.5`, `1Gi` and `2e3`
//! compare the same on every platform.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A resource quantity such as `500m`, `128Mi`, `1Gi`; YAML numbers are accepted too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantity(pub String);

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let s = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got {other})"
                )))
            }
        };
        Ok(Quantity(s))
    }
}

impl Quantity {
    pub fn new(s: &str) -> Quantity {
        Quantity(s.to_string())
    }

    /// Value in milli-units, rounded up (so `1m` of a byte is 1 byte when divided back).
    pub fn milli_value(&self) -> Result<i128, String> {
        parse_milli(&self.0).ok_or_else(|| {
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".to_string()
        })
    }

    /// Value in whole units (bytes for memory/storage, cores for cpu), rounded up.
    pub fn value(&self) -> Result<i128, String> {
        let m = self.milli_value()?;
        Ok(if m >= 0 { (m + 999) / 1000 } else { m / 1000 })
    }

    /// CPU in millicores.
    pub fn cpu_millis(&self) -> Result<i128, String> {
        self.milli_value()
    }

    /// Memory or storage in bytes.
    pub fn bytes(&self) -> Result<i128, String> {
        self.value()
    }
}

/// Parses a quantity string into milli-units (ceil). `None` when malformed or absurdly large.
fn parse_milli(s: &str) -> Option<i128> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let num_end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    // mantissa = digits, scale10 = -len(frac)
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 30 {
        return None;
    }
    let mantissa: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let mut exp10: i32 = -(frac_part.len() as i32) + 3; // milli-units
    let mut mul2: u32 = 0;
    match suffix {
        "" => {}
        "n" => exp10 -= 9,
        "u" => exp10 -= 6,
        "m" => exp10 -= 3,
        "k" => exp10 += 3,
        "M" => exp10 += 6,
        "G" => exp10 += 9,
        "T" => exp10 += 12,
        "P" => exp10 += 15,
        "E" => exp10 += 18,
        "Ki" => mul2 = 10,
        "Mi" => mul2 = 20,
        "Gi" => mul2 = 30,
        "Ti" => mul2 = 40,
        "Pi" => mul2 = 50,
        "Ei" => mul2 = 60,
        other => {
            let e = other
                .strip_prefix('e')
                .or_else(|| other.strip_prefix('E'))?;
            let n: i32 = e.parse().ok()?;
            if !(-30..=30).contains(&n) {
                return None;
            }
            exp10 += n;
        }
    }
    let mut v = mantissa.checked_mul(1i128.checked_shl(mul2)?)?;
    if exp10 >= 0 {
        v = v.checked_mul(10i128.checked_pow(exp10 as u32)?)?;
    } else {
        let d = 10i128.checked_pow((-exp10) as u32)?;
        v = (v + d - 1) / d;
    }
    Some(if neg { -v } else { v })
}

/// `intstr.IntOrString`: serialised as a bare number or string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => write!(f, "{s}"),
        }
    }
}

impl IntOrString {
    /// `intstr.GetScaledValueFromIntOrPercent` with rounding up: percent of `total`, or the int.
    pub fn scaled_value(&self, total: i32, round_up: bool) -> Result<i32, String> {
        match self {
            IntOrString::Int(i) => Ok(*i),
            IntOrString::String(s) => {
                let p: i64 = s
                    .strip_suffix('%')
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| {
                        "invalid value for IntOrString: invalid type: string is not a percentage"
                            .to_string()
                    })?;
                let v = p * total as i64;
                Ok(if round_up { (v + 99) / 100 } else { v / 100 } as i32)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_quantities() {
        assert_eq!(Quantity::new("500m").cpu_millis(), Ok(500));
        assert_eq!(Quantity::new("1.5").cpu_millis(), Ok(1500));
        assert_eq!(Quantity::new("2").cpu_millis(), Ok(2000));
        assert_eq!(Quantity::new("1Gi").bytes(), Ok(1 << 30));
        assert_eq!(Quantity::new("128Mi").bytes(), Ok(128 << 20));
        assert_eq!(Quantity::new("1G").bytes(), Ok(1_000_000_000));
        assert_eq!(Quantity::new("2e3").bytes(), Ok(2000));
        assert_eq!(Quantity::new("0.5Gi").bytes(), Ok(1 << 29));
        assert!(Quantity::new("1Xi").bytes().is_err());
        assert!(Quantity::new("").bytes().is_err());
        assert!(Quantity::new("abc").bytes().is_err());
    }
}
