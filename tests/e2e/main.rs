//! End-to-end tier: the release build in `dist/` (from `make dist`), served under a sub-path by a
//! std-only static server, driven in real headless Chromium through chromedriver. It checks what a
//! learner sees when following the guide's first steps: put the nginx Service + StatefulSet in the
//! manifest editor, press Apply, advance virtual time, and see web-0, web-1 and web-2 in the
//! cluster view and in `kubectl get pods` in the terminal, with a clean browser console. Then the
//! learner scenarios of `scenarios.rs`: delete a pod, scale down and back, a partitioned update,
//! Undo, a reload, a broken manifest, and a lesson step's goals.
//!
//! It also measures the first load (time to the `stslab:interactive` User Timing mark, bytes
//! transferred) and writes the README screenshots to docs/screenshots/.
//!
//! Run it with `make test-e2e` (or as part of `make test`); it needs the `e2e` feature so plain
//! `cargo test` never needs a browser.

mod http;
mod scenarios;
mod server;
mod webdriver;

use serde_json::{json, Value};
use server::StaticServer;
use std::path::PathBuf;
use std::time::Duration;
use webdriver::{Driver, Session, TempDir, ENTER};

/// The guide's "Example: Nginx StatefulSet" manifest, verbatim.
const MANIFEST: &str = include_str!("nginx-web.yaml");
/// The sub-path the site is served under, as on a project page.
const PREFIX: &str = "/lab/sub/";
const SCREENSHOT_LIMIT: usize = 250 * 1024;
const PODS: [&str; 3] = ["web-0", "web-1", "web-2"];

/// Records each check as it runs and prints the closing `N passed, N failed` line.
#[derive(Default)]
struct Checks {
    passed: usize,
    failed: Vec<String>,
}

impl Checks {
    fn record(&mut self, name: &str, result: Result<String, String>) -> bool {
        match result {
            Ok(detail) => {
                self.passed += 1;
                println!("ok   - {name}{}", suffix(&detail));
                true
            }
            Err(err) => {
                println!("FAIL - {name}: {err}");
                self.failed.push(name.to_string());
                false
            }
        }
    }
}

fn suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first existing path among an environment override and the usual install locations.
fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// Installed before any page script runs: collects uncaught errors, failed resource loads,
/// unhandled promise rejections and console.error calls, so the test sees what a learner's
/// DevTools console would show.
const ERROR_HOOK: &str = r#"
window.__stslabErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target, what = (t && t !== window) ? ('failed to load ' + (t.src || t.href || t.tagName)) : e.message;
  window.__stslabErrors.push('error: ' + what);
}, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__stslabErrors.push('unhandledrejection: ' + (e.reason && e.reason.stack || e.reason));
});
(function () {
  var orig = console.error;
  console.error = function () {
    window.__stslabErrors.push('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return orig.apply(console, arguments);
  };
})();
"#;

/// Time of the `stslab:interactive` mark (ms since navigation start), once the page has set it.
const READ_INTERACTIVE: &str = r#"
var m = performance.getEntriesByName('stslab:interactive', 'mark');
return m.length ? m[0].startTime : null;
"#;

/// Bytes the first load moved over the wire (navigation + every resource), and the decoded size.
const READ_TRANSFER: &str = r#"
var nav = performance.getEntriesByType('navigation')[0];
var all = [nav].concat(performance.getEntriesByType('resource'));
var t = 0, d = 0, names = [];
all.forEach(function (e) { t += e.transferSize || 0; d += e.decodedBodySize || 0; names.push(e.name); });
return { transfer: t, decoded: d, count: all.length, names: names };
"#;

/// An element by exact accessible name: aria-label, or (for buttons) visible text.
fn button_xpath(name: &str) -> String {
    format!(
        "//*[(self::button or @role='button') and (@aria-label='{name}' or \
         (not(@aria-label) and normalize-space(.)='{name}'))]"
    )
}

fn first(s: &Session, xpath: &str, what: &str) -> Result<webdriver::Element, String> {
    s.wait_for(what, Duration::from_secs(15), |s| {
        Ok(s.xpath(xpath)?.into_iter().next())
    })
}

/// The row for `pod` in `kubectl get pods` output, split into columns, if all columns are there.
fn pod_row<'a>(text: &'a str, pod: &str) -> Option<Vec<&'a str>> {
    text.lines()
        .rev() // the latest command's output is at the bottom of the log
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|cols| cols.first() == Some(&pod) && cols.len() == 5)
}

fn save_screenshot(s: &Session, name: &str) -> Result<String, String> {
    let png = s.screenshot()?;
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("screenshot is not a PNG".into());
    }
    let dir = repo_root().join("docs/screenshots");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(name);
    std::fs::write(&path, &png).map_err(|e| format!("{}: {e}", path.display()))?;
    if png.len() >= SCREENSHOT_LIMIT {
        return Err(format!(
            "{} is {} bytes, over the {SCREENSHOT_LIMIT}-byte limit",
            path.display(),
            png.len()
        ));
    }
    Ok(format!("docs/screenshots/{name}, {} bytes", png.len()))
}

#[test]
fn learner_applies_the_guide_statefulset_and_sees_three_pods() {
    let mut checks = Checks::default();
    let outcome = run(&mut checks);
    if let Err(e) = &outcome {
        println!("FAIL - the run stopped early: {e}");
        checks.failed.push("run".into());
    }
    println!(
        "e2e: {} passed, {} failed",
        checks.passed,
        checks.failed.len()
    );
    assert!(
        checks.failed.is_empty(),
        "failed checks: {:?}",
        checks.failed
    );
}

fn run(checks: &mut Checks) -> Result<(), String> {
    let dist = std::env::var_os("STSLAB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: run `make dist` first",
            dist.display()
        ));
    }
    let chromedriver = find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver"])
        .ok_or("chromedriver not found (set CHROMEDRIVER or install chromium-driver)")?;
    let chromium = find_binary(
        "CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );

    let site = StaticServer::start(&dist, PREFIX).map_err(|e| e.to_string())?;
    let tmp = TempDir::new("e2e")?;
    let profile = tmp.0.join("profile");
    let driver = Driver::start(&chromedriver, &tmp.0.join("chromedriver.log"))?;
    let s = driver.session(chromium.as_deref(), &profile)?;

    s.viewport(1366, 768, false)?;
    s.cdp("Page.enable", json!({}))?;
    s.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": ERROR_HOOK }),
    )?;
    let url = site.url();
    s.goto(&url)?;

    // First load: the app marks itself interactive; measure that and the bytes moved.
    let tti = s.wait_for(
        "the stslab:interactive mark",
        Duration::from_secs(60),
        |s| Ok(s.exec(READ_INTERACTIVE, vec![])?.as_f64()),
    );
    let loaded = checks.record(
        &format!("page at {url} reaches the stslab:interactive mark"),
        tti.as_ref()
            .map(|ms| format!("{ms:.0} ms after navigation start"))
            .map_err(Clone::clone),
    );
    if let Ok(ms) = tti {
        println!("metric: time_to_interactive_ms={ms:.0}");
    }
    if !loaded {
        return Err("the page never became interactive".into());
    }
    let transfer = s.exec(READ_TRANSFER, vec![])?;
    println!(
        "metric: first_load_transfer_bytes={} decoded_bytes={} requests={}",
        transfer["transfer"], transfer["decoded"], transfer["count"]
    );
    checks.record("first load assets all come from under the sub-path", {
        let outside: Vec<String> = transfer["names"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|n| !n.starts_with(&url))
            .map(String::from)
            .collect();
        if outside.is_empty() {
            Ok(format!("{} requests", transfer["count"]))
        } else {
            Err(format!("loaded from outside {url}: {outside:?}"))
        }
    });

    // The learner pastes the guide's manifest into the editor and applies it.
    let editor = s.wait_css("[aria-label=\"Manifest editor\"]", Duration::from_secs(15))?;
    s.clear(&editor)?;
    s.send_keys(&editor, MANIFEST)?;
    checks.record("the manifest editor holds exactly what was typed", {
        let value = s.property(&editor, "value")?;
        match value.as_str() {
            Some(v) if v.trim_end() == MANIFEST.trim_end() => Ok(String::new()),
            Some(v) => Err(format!("editor value differs:\n{v}")),
            None => Err(format!("editor has no text value ({value})")),
        }
    });
    s.click(&first(&s, &button_xpath("Apply"), "the Apply button")?)?;

    // Advance virtual time until the StatefulSet has rolled out all three pods in order.
    let until_stable = s.xpath(&button_xpath("Until stable"))?;
    let advanced_by = if let Some(b) = until_stable.first() {
        s.click(b)?;
        "Until stable"
    } else {
        s.click(&first(&s, &button_xpath("Play"), "the Play button")?)?;
        "Play"
    };
    let view = s.wait_css("[aria-label=\"Cluster view\"]", Duration::from_secs(15))?;
    checks.record(
        &format!("after Apply and {advanced_by}, the cluster view shows web-0, web-1, web-2"),
        s.wait_for(
            "web-0..2 in the cluster view",
            Duration::from_secs(60),
            |s| {
                let text = s.text(&view)?;
                Ok(PODS
                    .iter()
                    .all(|p| text.contains(p))
                    .then_some(String::new()))
            },
        ),
    );

    // The learner asks kubectl; with Play the pods may still be starting, so ask until Running.
    let input = s.wait_css("[aria-label=\"Terminal input\"]", Duration::from_secs(15))?;
    let log = s.wait_css("[role=\"log\"]", Duration::from_secs(15))?;
    let mut attempts = 0;
    let mut last_sent: Option<std::time::Instant> = None;
    let pods = s.wait_for(
        "kubectl get pods to list web-0..2 Running 1/1",
        Duration::from_secs(60),
        |s| {
            // Ask again only every few seconds, as a learner would, not on every poll.
            if last_sent.is_none_or(|t| t.elapsed() > Duration::from_secs(4)) {
                attempts += 1;
                s.send_keys(&input, &format!("kubectl get pods{ENTER}"))?;
                last_sent = Some(std::time::Instant::now());
            }
            let text = s.text(&log)?;
            let header = text.lines().any(|l| {
                l.split_whitespace().collect::<Vec<_>>()
                    == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            });
            let rows: Option<Vec<_>> = PODS.iter().map(|p| pod_row(&text, p)).collect();
            let ready = rows
                .as_ref()
                .is_some_and(|rows| rows.iter().all(|r| r[1] == "1/1" && r[2] == "Running"));
            Ok((header && ready).then(|| {
                rows.unwrap_or_default()
                    .iter()
                    .map(|r| r.join(" "))
                    .collect::<Vec<_>>()
                    .join("; ")
            }))
        },
    );
    checks.record(
        "`kubectl get pods` in the terminal lists web-0, web-1, web-2 as 1/1 Running",
        pods.map(|rows| format!("{rows}; {attempts} command(s)")),
    );

    scenarios::run_all(&s, checks, &site)?;

    checks.record(
        "screenshot at 1366x768",
        save_screenshot(&s, "lab-1366x768.png"),
    );
    s.viewport(390, 844, true)?;
    std::thread::sleep(Duration::from_millis(500));
    checks.record("at 390x844 the page does not scroll sideways", {
        let w = s.exec(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )?;
        match (w[0].as_f64(), w[1].as_f64()) {
            (Some(sw), Some(iw)) if sw <= iw => Ok(format!("content {sw} px wide")),
            _ => Err(format!("content width {} > viewport {}", w[0], w[1])),
        }
    });
    checks.record(
        "screenshot at 390x844",
        save_screenshot(&s, "lab-390x844.png"),
    );

    // The same session in Simplified Chinese: the language button switches the interface, the
    // lesson text and the controller's explanation, and the page says which language it is in.
    s.viewport(1366, 768, false)?;
    s.click(&first(
        &s,
        &button_xpath("中文"),
        "the 中文 language button",
    )?)?;
    let zh = s.wait_for("the interface in Chinese", Duration::from_secs(15), |s| {
        let state = s.exec(
            "return [document.documentElement.lang, \
             Array.from(document.querySelectorAll('button')).map(function (b) { \
               return b.textContent.trim(); }).filter(function (t) { \
               return t === '分享' || t === 'English'; }).length, \
             (function () { var e = document.querySelector('.explain'); if (!e) return ''; \
               var k = e.querySelector('.explain-k'); \
               return e.textContent.slice(k ? k.textContent.length : 0); })()];",
            vec![],
        )?;
        let explain = state[2].as_str().unwrap_or_default().to_string();
        let chinese = explain
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        Ok((state[0] == "zh-CN" && state[1] == 2 && chinese).then_some(explain))
    });
    checks.record(
        "the language button turns the interface to Chinese (html lang=zh-CN, 分享, English; the controller's explanation in Chinese)",
        zh.map(|explain| format!("controller: {explain}")),
    );
    checks.record(
        "screenshot in Chinese at 1366x768",
        save_screenshot(&s, "lab-zh-1366x768.png"),
    );
    s.click(&first(
        &s,
        &button_xpath("English"),
        "the English language button",
    )?)?;
    checks.record(
        "the language button turns it back to English",
        s.wait_for("the interface in English", Duration::from_secs(15), |s| {
            let lang = s.exec("return document.documentElement.lang;", vec![])?;
            Ok((lang == "en").then(String::new))
        }),
    );

    // Nothing went wrong behind the learner's back.
    scenarios::teacher_packs(&s, checks, &site, &dist)?;

    checks.record("the browser console has no errors", {
        let mut errors: Vec<String> = s
            .browser_log()?
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect();
        let hooked = s.exec(
            "return window.__stslabErrors || ['error hook missing'];",
            vec![],
        )?;
        errors.extend(
            hooked
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap_or_default().to_string()),
        );
        if errors.is_empty() {
            Ok(String::new())
        } else {
            Err(errors.join("\n"))
        }
    });
    checks.record("every request to the static server succeeded", {
        let log = site.log.lock().map_err(|e| e.to_string())?;
        let bad: Vec<_> = log.iter().filter(|(st, _)| *st >= 400).collect();
        if bad.is_empty() {
            Ok(format!("{} requests", log.len()))
        } else {
            Err(format!("{bad:?}"))
        }
    });
    Ok(())
}
