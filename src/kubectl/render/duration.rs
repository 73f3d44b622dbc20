//! Time as kubectl prints it: apimachinery `duration.HumanDuration` (the AGE column and
//! describe's event ages) and the two timestamp layouts (RFC 3339 for objects, RFC 1123Z for
//! describe), computed from virtual milliseconds since the simulation epoch.

/// Virtual t=0 as seconds since the Unix epoch (2026-01-05T09:00:00Z).
pub const EPOCH_UNIX_SECS: i64 = 1_767_603_600;

/// apimachinery `HumanDuration` for a duration in whole milliseconds.
pub fn human_duration_ms(ms: i64) -> String {
    // Go: `int(d.Seconds())` truncates toward zero.
    let seconds = ms / 1000;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{}h", hours / 24, h)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{}d", hours / 24 / 365, dy)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Age of a timestamp as the AGE column shows it. Stored timestamps have whole-second
/// precision (metav1.Time), so the creation instant is truncated before subtracting.
pub fn age(now: u64, stamp: Option<u64>) -> String {
    match stamp {
        None => "<unknown>".to_string(),
        Some(t) => human_duration_ms(now as i64 - ((t / 1000) * 1000) as i64),
    }
}

fn civil(ms: u64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let secs = EPOCH_UNIX_SECS + (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    let weekday = (days + 4).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
    (
        y,
        m,
        d,
        (sod / 3600) as u32,
        (sod % 3600 / 60) as u32,
        (sod % 60) as u32,
        weekday,
    )
}

/// `2026-01-05T09:00:00Z` form (metav1.Time JSON).
pub fn rfc3339(ms: u64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `2026-01-05T09:00:00.250000000Z`: the kubelet's log timestamps (`timeFormatOut`, RFC3339
/// with nine fixed fractional digits; virtual time has millisecond resolution).
pub fn rfc3339_nano(ms: u64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(ms);
    let ns = (ms % 1000) * 1_000_000;
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ns:09}Z")
}

/// `Mon, 05 Jan 2026 09:00:00 +0000` form (describe's CreationTimestamp, Start Time).
pub fn rfc1123z(ms: u64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s, wd) = civil(ms);
    format!(
        "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0000",
        DAYS[wd as usize],
        MONTHS[mo as usize - 1]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_cases() {
        let s = |x: i64| human_duration_ms(x * 1000);
        assert_eq!(human_duration_ms(-2000), "<invalid>");
        assert_eq!(human_duration_ms(-1500), "0s");
        assert_eq!(s(0), "0s");
        assert_eq!(s(119), "119s");
        assert_eq!(s(120), "2m");
        assert_eq!(s(125), "2m5s");
        assert_eq!(s(599), "9m59s");
        assert_eq!(s(600), "10m");
        assert_eq!(s(659), "10m");
        assert_eq!(s(3 * 3600 - 1), "179m");
        assert_eq!(s(3 * 3600), "3h");
        assert_eq!(s(3 * 3600 + 60), "3h1m");
        assert_eq!(s(8 * 3600), "8h");
        assert_eq!(s(47 * 3600 + 3599), "47h");
        assert_eq!(s(48 * 3600), "2d");
        assert_eq!(s(50 * 3600), "2d2h");
        assert_eq!(s(10 * 86400), "10d");
        assert_eq!(s(2 * 365 * 86400), "2y");
        assert_eq!(s(2 * 365 * 86400 + 86400), "2y1d");
        assert_eq!(s(9 * 365 * 86400), "9y");
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "2026-01-05T09:00:00Z");
        assert_eq!(rfc1123z(0), "Mon, 05 Jan 2026 09:00:00 +0000");
        assert_eq!(rfc3339(15 * 3600 * 1000 + 1999), "2026-01-06T00:00:01Z");
        assert_eq!(age(10_500, Some(1_900)), "9s");
        assert_eq!(age(0, None), "<unknown>");
    }
}
