//! A small W3C WebDriver client for chromedriver: start the driver on a free loopback port, open a
//! headless Chromium session with a fresh profile, and the handful of commands the end-to-end tier
//! needs (navigate, find, click, type, read text, run script, screenshot, browser log, CDP).

use crate::http;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The key WebDriver uses for element references in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// WebDriver's code point for the Enter key.
pub const ENTER: &str = "\u{E007}";

pub type Result<T> = std::result::Result<T, String>;

/// A running chromedriver process; killed when dropped.
pub struct Driver {
    child: Child,
    addr: String,
}

impl Driver {
    pub fn start(binary: &Path, log_path: &Path) -> Result<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log_path.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let driver = Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(v) = driver.call("GET", "/status", None) {
                if v["ready"] == json!(true) {
                    return Ok(driver);
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "chromedriver on {} did not become ready",
                    driver.addr
                ));
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver command; returns the response's `value`, or the WebDriver error text.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let bytes = body.map(|b| b.to_string().into_bytes());
        let resp = http::request(
            &self.addr,
            method,
            path,
            bytes.as_deref(),
            Duration::from_secs(120),
        )
        .map_err(|e| format!("{method} {path}: {e}"))?;
        let v: Value = serde_json::from_slice(&resp.body)
            .map_err(|e| format!("{method} {path}: HTTP {} non-JSON reply: {e}", resp.status))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if resp.status >= 400 || value.get("error").is_some() {
            return Err(format!(
                "{method} {path}: {} {}",
                value["error"].as_str().unwrap_or("error"),
                value["message"].as_str().unwrap_or("")
            ));
        }
        Ok(value)
    }

    /// A new headless Chromium session using `profile` as its (fresh) user data directory.
    pub fn session(&self, chromium: Option<&Path>, profile: &Path) -> Result<Session<'_>> {
        let mut options = json!({ "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
        ]});
        if let Some(bin) = chromium {
            options["binary"] = json!(bin.display().to_string());
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": { "browser": "ALL" },
        }}});
        let v = self.call("POST", "/session", Some(&caps))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {v}"))?
            .to_string();
        Ok(Session { driver: self, id })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session; closed (browser quit) when dropped.
pub struct Session<'d> {
    driver: &'d Driver,
    id: String,
}

/// A reference to a DOM element inside a session.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session<'_> {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let path = format!("/session/{}{path}", self.id);
        self.driver.call(method, &path, body.as_ref())
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        self.cmd("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    fn find_with(&self, using: &str, value: &str) -> Result<Vec<Element>> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({ "using": using, "value": value })),
        )?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
            .collect())
    }

    /// All elements matching a CSS selector.
    pub fn css(&self, selector: &str) -> Result<Vec<Element>> {
        self.find_with("css selector", selector)
    }

    /// All elements matching an XPath expression.
    pub fn xpath(&self, expr: &str) -> Result<Vec<Element>> {
        self.find_with("xpath", expr)
    }

    /// Polls `f` until it returns `Some` or `timeout` passes; the error names what was awaited.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&Self) -> Result<Option<T>>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        let mut last_err = String::new();
        loop {
            match f(self) {
                Ok(Some(t)) => return Ok(t),
                Ok(None) => {}
                Err(e) => last_err = e,
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {what} {last_err}"
                ));
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the first element matching the CSS selector.
    pub fn wait_css(&self, selector: &str, timeout: Duration) -> Result<Element> {
        self.wait_for(selector, timeout, |s| {
            Ok(s.css(selector)?.into_iter().next())
        })
    }

    pub fn click(&self, el: &Element) -> Result<()> {
        self.cmd("POST", &format!("/element/{}/click", el.0), Some(json!({})))
            .map(drop)
    }

    pub fn clear(&self, el: &Element) -> Result<()> {
        self.cmd("POST", &format!("/element/{}/clear", el.0), Some(json!({})))
            .map(drop)
    }

    pub fn send_keys(&self, el: &Element, text: &str) -> Result<()> {
        self.cmd(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        )
        .map(drop)
    }

    /// The rendered text of an element, as a user reads it.
    pub fn text(&self, el: &Element) -> Result<String> {
        let v = self.cmd("GET", &format!("/element/{}/text", el.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub fn property(&self, el: &Element, name: &str) -> Result<Value> {
        self.cmd("GET", &format!("/element/{}/property/{name}", el.0), None)
    }

    /// Runs a synchronous script in the page and returns its result.
    pub fn exec(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// A Chrome DevTools Protocol command through chromedriver's `goog/cdp/execute` extension.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Browser console entries collected since the last call (chromedriver's log extension).
    pub fn browser_log(&self) -> Result<Vec<Value>> {
        let v = self.cmd("POST", "/se/log", Some(json!({ "type": "browser" })))?;
        Ok(v.as_array().cloned().unwrap_or_default())
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let v = self.cmd("GET", "/screenshot", None)?;
        base64_decode(v.as_str().unwrap_or_default())
    }

    /// Emulates a viewport of `width`×`height` CSS pixels at device scale 1.
    pub fn viewport(&self, width: u32, height: u32, mobile: bool) -> Result<()> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )
        .map(drop)
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self.cmd("DELETE", "", None);
    }
}

/// Standard base64 (RFC 4648, with padding), as WebDriver returns screenshots.
pub fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return Err(format!("invalid base64 byte {c:#x}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("stslab-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
