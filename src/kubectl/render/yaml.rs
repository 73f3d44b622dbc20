//! `-o yaml` exactly as kubectl prints it: sigs.k8s.io/yaml turns the JSON into yaml.v2
//! values and `yaml.Marshal`s them. That means: map keys in yaml.v2's "natural" order
//! (non-letters before letters, digit runs compared numerically), sequences not indented
//! under their key, `{}`/`[]` for empty collections, strings that would read back as
//! another type double-quoted (`"80"`, `"true"`, `""`, RFC 3339 timestamps), strings the
//! plain style cannot carry single-quoted (`'- x'`, `'a: b'`), multi-line strings as
//! literal blocks (`|`, `|-`, `|+`), and long plain strings folded after column 80.

use serde_json::Value;
use std::cmp::Ordering;

const BEST_WIDTH: usize = 80;

/// Render a JSON value as yaml.v2 would.
pub fn to_yaml(v: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
    };
    match v {
        Value::Object(m) if !m.is_empty() => e.mapping(m, 0, true),
        Value::Array(a) if !a.is_empty() => e.sequence(a, 0, true),
        _ => {
            e.scalar_or_empty(v, 0, false);
        }
    }
    e.out.push('\n');
    e.out
}

/// yaml.v2's `keyList.Less` for string keys.
pub fn key_less(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn is_timestamp(s: &str) -> bool {
    // yaml.v2 parseTimestamp: YYYY- prefix, then one of the allowed layouts.
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let dp: Vec<&str> = date.split('-').collect();
    let num12 = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|c| c.is_ascii_digit());
    if dp.len() != 2 || !num12(dp[0]) || !num12(dp[1]) {
        return false;
    }
    let Some(t) = time else { return true };
    let (hms, zone) = match t.find(['Z', '+', '-']) {
        Some(i) => (&t[..i], Some(&t[i..])),
        None => (t, None),
    };
    let (hms, frac) = match hms.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (hms, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let tp: Vec<&str> = hms.split(':').collect();
    if tp.len() != 3 || !tp.iter().all(|x| num12(x)) {
        return false;
    }
    match zone {
        None => rest.contains(' '), // "2006-1-2 15:4:5" has no zone; T forms require one
        Some("Z") => true,
        Some(z) => {
            let z = &z[1..];
            z.len() == 5 && z.as_bytes()[2] == b':' && num12(&z[..2]) && num12(&z[3..])
        }
    }
}

fn is_go_int(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let digits = |x: &str, f: fn(&char) -> bool| !x.is_empty() && x.chars().all(|c| f(&c));
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return digits(h, char::is_ascii_hexdigit);
    }
    if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        return digits(o, |c| ('0'..='7').contains(c));
    }
    if let Some(bn) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        return digits(bn, |c| *c == '0' || *c == '1');
    }
    if let Some(o) = s.strip_prefix('0') {
        return o.is_empty() || digits(o, |c| ('0'..='7').contains(c));
    }
    digits(s, char::is_ascii_digit)
}

fn is_yaml_float(s: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let dig = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    let mant_ok = if let Some(f) = mant.strip_prefix('.') {
        !f.is_empty() && dig(f)
    } else {
        match mant.split_once('.') {
            Some((i, f)) => !i.is_empty() && dig(i) && dig(f),
            None => !mant.is_empty() && dig(mant),
        }
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && dig(e)
        }
    };
    mant_ok && exp_ok
}

fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    if parts.len() < 2 {
        return false;
    }
    let head = parts[0];
    if head.is_empty()
        || !head.as_bytes()[0].is_ascii_digit()
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    parts[1..].iter().all(|p| {
        let b = p.as_bytes();
        match b.len() {
            1 => b[0].is_ascii_digit(),
            2 => (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit(),
            _ => false,
        }
    })
}

/// Would yaml.v2 read this plain text back as something other than a string?
fn resolves_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
        "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    if SPECIAL.contains(&s) {
        return true;
    }
    let first = s.as_bytes()[0];
    match first {
        b'.' => s.parse::<f64>().is_ok() && is_yaml_float(s),
        b'+' | b'-' | b'0'..=b'9' => {
            if is_timestamp(s) {
                return true;
            }
            let plain = s.replace('_', "");
            is_go_int(&plain) || is_yaml_float(&plain)
        }
        _ => false,
    }
}

fn printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

struct Analysis {
    block_plain: bool,
    single: bool,
    block: bool,
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            block_plain: true,
            single: true,
            block: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let mut block_ind = value.starts_with("---") || value.starts_with("...");
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut special, mut line_breaks) =
        (false, false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut preceded_ws = true;
    for i in 0..n {
        let c = chars[i];
        let followed_ws =
            i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\t' || chars[i + 1] == '\n';
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_ind = true,
                '?' | ':' | '-' if followed_ws => block_ind = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_ws => block_ind = true,
                '#' if preceded_ws => block_ind = true,
                _ => {}
            }
        }
        if !printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= prev_break;
            prev_space = true;
            prev_break = false;
        } else if c == '\n' {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= prev_space;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_ws = c == ' ' || c == '\t' || c == '\n';
    }
    let mut a = Analysis {
        block_plain: true,
        single: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks || block_ind {
        a.block_plain = false;
    }
    a
}

fn style_for(s: &str, simple_key: bool) -> Style {
    let requested = if s.contains('\n') {
        Style::Literal
    } else if !resolves_non_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    };
    let a = analyze(s);
    let mut style = requested;
    if style == Style::Plain && (!a.block_plain || (s.is_empty() && simple_key)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block || simple_key) {
        style = Style::Double;
    }
    style
}

struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            self.out.push(c);
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
    }

    fn indent(&mut self, n: usize) {
        self.put("\n");
        self.put(&" ".repeat(n));
    }

    fn mapping(&mut self, m: &serde_json::Map<String, Value>, indent: usize, inline_first: bool) {
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort_by(|a, b| key_less(a, b));
        for (i, k) in keys.into_iter().enumerate() {
            if i > 0 || !inline_first {
                self.indent(indent);
            }
            self.string(k, indent + 2, true);
            self.put(":");
            let v = &m[k];
            match v {
                Value::Object(c) if !c.is_empty() => self.mapping(c, indent + 2, false),
                Value::Array(a) if !a.is_empty() => self.sequence(a, indent, false),
                _ => self.scalar_or_empty(v, indent + 2, true),
            }
        }
    }

    fn sequence(&mut self, a: &[Value], indent: usize, inline_first: bool) {
        for (i, v) in a.iter().enumerate() {
            if i > 0 || !inline_first {
                self.indent(indent);
            }
            self.put("-");
            match v {
                Value::Object(c) if !c.is_empty() => {
                    self.put(" ");
                    self.mapping(c, indent + 2, true)
                }
                Value::Array(s) if !s.is_empty() => {
                    self.put(" ");
                    self.sequence(s, indent + 2, true)
                }
                _ => self.scalar_or_empty(v, indent + 2, true),
            }
        }
    }

    /// A scalar or empty collection; `space` puts the separating blank first.
    fn scalar_or_empty(&mut self, v: &Value, indent: usize, space: bool) {
        if space {
            self.put(" ");
        }
        match v {
            Value::Null => self.put("null"),
            Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Value::Number(n) => self.put(&n.to_string()),
            Value::String(s) => self.string(s, indent, false),
            Value::Object(_) => self.put("{}"),
            Value::Array(_) => self.put("[]"),
        }
    }

    fn string(&mut self, s: &str, indent: usize, simple_key: bool) {
        let allow_breaks = !simple_key;
        match style_for(s, simple_key) {
            Style::Plain => self.plain(s, indent, allow_breaks),
            Style::Single => self.single(s, indent, allow_breaks),
            Style::Double => self.double(s, indent, allow_breaks),
            Style::Literal => self.literal(s, indent),
        }
    }

    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for i in 0..chars.len() {
            let c = chars[i];
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.indent(indent);
                } else {
                    self.put(" ");
                }
                spaces = true;
            } else {
                self.put(c.encode_utf8(&mut [0; 4]));
                spaces = false;
            }
        }
    }

    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put("'");
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for i in 0..n {
            let c = chars[i];
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && !next_space
                {
                    self.indent(indent);
                } else {
                    self.put(" ");
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.put("'");
                }
                self.put(c.encode_utf8(&mut [0; 4]));
                spaces = false;
            }
        }
        self.put("'");
    }

    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put("\"");
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for i in 0..n {
            let c = chars[i];
            if !printable(c) || c == '\n' || c == '"' || c == '\\' || c == '\u{feff}' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".to_string(),
                    '\u{8}' => "\\b".to_string(),
                    '\t' => "\\t".to_string(),
                    '\n' => "\\n".to_string(),
                    '\u{b}' => "\\v".to_string(),
                    '\u{c}' => "\\f".to_string(),
                    '\r' => "\\r".to_string(),
                    '\u{1b}' => "\\e".to_string(),
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    '\u{85}' => "\\N".to_string(),
                    '\u{a0}' => "\\_".to_string(),
                    '\u{2028}' => "\\L".to_string(),
                    '\u{2029}' => "\\P".to_string(),
                    c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                self.put(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i + 1 != n {
                    self.indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put("\\");
                    }
                } else {
                    self.put(" ");
                }
                spaces = true;
            } else {
                self.put(c.encode_utf8(&mut [0; 4]));
                spaces = false;
            }
        }
        self.put("\"");
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.put("|");
        if s.starts_with(' ') || s.starts_with('\n') {
            self.put("2");
        }
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        if chars[n - 1] != '\n' {
            self.put("-");
        } else if n == 1 || chars[n - 2] == '\n' {
            self.put("+");
        }
        self.put("\n");
        let mut at_line_start = true;
        for &c in &chars {
            if c == '\n' {
                self.put("\n");
                at_line_start = true;
            } else {
                if at_line_start {
                    self.put(&" ".repeat(indent));
                    at_line_start = false;
                }
                self.put(c.encode_utf8(&mut [0; 4]));
            }
        }
        // The block ends with the value's own last line break; the caller adds the next
        // line's break, so drop one to avoid a blank line.
        if self.out.ends_with('\n') {
            self.out.pop();
            self.column = self
                .out
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_and_quoting() {
        let v = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "nginx", "labels": {"app": "nginx"}, "annotations": {}, "creationTimestamp": "2026-01-05T09:00:00Z"},
            "spec": {"clusterIP": "None", "ports": [{"port": 80, "name": "web", "targetPort": 80}], "selector": {"app": "nginx"},
                     "x": "80", "t": "true", "e": "", "c": "a: b", "d": "- x", "l": [], "n": null, "ips": ["None"], "nn": [["a","b"]]}
        });
        let want = "apiVersion: v1\nkind: Service\nmetadata:\n  annotations: {}\n  creationTimestamp: \"2026-01-05T09:00:00Z\"\n  labels:\n    app: nginx\n  name: nginx\nspec:\n  c: 'a: b'\n  clusterIP: None\n  d: '- x'\n  e: \"\"\n  ips:\n  - None\n  l: []\n  \"n\": null\n  nn:\n  - - a\n    - b\n  ports:\n  - name: web\n    port: 80\n    targetPort: 80\n  selector:\n    app: nginx\n  t: \"true\"\n  x: \"80\"\n";
        assert_eq!(to_yaml(&v), want);
    }

    #[test]
    fn literal_blocks() {
        let v = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"a\":1}\n"}}, "s": "a\nb"});
        assert_eq!(
            to_yaml(&v),
            "metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"a\":1}\ns: |-\n  a\n  b\n"
        );
    }

    #[test]
    fn key_order_is_natural() {
        assert_eq!(key_less("a9", "a10"), Ordering::Less);
        assert_eq!(key_less("app", "app.kubernetes.io/name"), Ordering::Less);
        assert_eq!(key_less("a.b", "ab"), Ordering::Less);
    }

    #[test]
    fn long_plain_strings_fold_after_column_80() {
        let msg = "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. preemption: 0/3 nodes";
        let y = to_yaml(&json!({"message": msg}));
        assert_eq!(
            y,
            "message: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient\n  cpu. preemption: 0/3 nodes'\n"
        );
    }
}
