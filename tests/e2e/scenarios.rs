//! The page's learner scenarios after the guide's StatefulSet is up: a deleted pod returns with
//! its name, DNS name and claim; scaling down leaves detached disks that reattach on scaling
//! back; a partition limits an image change to the ordinals at or above it; Undo restores the
//! picture; a reload restores the session; a broken manifest is marked at its line; a lesson
//! step's goals tick when its solution is played.
//!
//! Each scenario reads the cluster view as data (one record per ordinal slot, below), so the
//! assertions are about what the learner sees, not about the page's internals.

use serde_json::Value;
use std::time::Duration;

use super::server::StaticServer;
use super::webdriver::{Session, ENTER};
use super::{button_xpath, first, Checks};

/// Every ordinal slot of the cluster picture: its pod (name, status text, revision badge, DNS
/// name, IP), its disk, and whether the disk is drawn detached.
const READ_SLOTS: &str = r#"
var txt = function (root, sel) { var e = root.querySelector(sel); return e ? e.textContent.trim() : null; };
return Array.from(document.querySelectorAll('[aria-label="Cluster view"] .slot')).map(function (s) {
  return {
    ordinal: txt(s, '.ordinal'),
    pod: txt(s, '.pod strong'),
    status: txt(s, '.pod-status'),
    rev: txt(s, '.pod .rev'),
    dns: txt(s, '.dns'),
    ip: (function () { var dd = s.querySelectorAll('.pod-facts dd'); return dd.length > 1 ? dd[1].textContent : null; })(),
    disk: txt(s, '.disk-name'),
    detached: s.classList.contains('detached')
  };
});
"#;

pub struct Slot {
    pub pod: Option<String>,
    pub status: String,
    pub rev: Option<String>,
    pub dns: Option<String>,
    pub ip: Option<String>,
    pub disk: Option<String>,
    pub detached: bool,
}

fn slots(s: &Session) -> Result<Vec<Slot>, String> {
    let v = s.exec(READ_SLOTS, vec![])?;
    let str_of = |x: &Value, k: &str| x[k].as_str().map(String::from);
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .map(|x| Slot {
            pod: str_of(x, "pod"),
            status: str_of(x, "status").unwrap_or_default(),
            rev: str_of(x, "rev"),
            dns: str_of(x, "dns"),
            ip: str_of(x, "ip"),
            disk: str_of(x, "disk"),
            detached: x["detached"].as_bool().unwrap_or(false),
        })
        .collect())
}

fn describe(slots: &[Slot]) -> String {
    slots
        .iter()
        .map(|s| {
            format!(
                "{}[{}|{}|{}{}]",
                s.pod.as_deref().unwrap_or("-"),
                s.status,
                s.rev.as_deref().unwrap_or("-"),
                s.disk.as_deref().unwrap_or("-"),
                if s.detached { " detached" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn ready(slot: &Slot) -> bool {
    slot.pod.is_some() && slot.status.starts_with("Running · 1/1")
}

/// Type a command in the first terminal, then run the clock until the cluster is stable.
fn command(s: &Session, line: &str) -> Result<(), String> {
    let input = s.wait_css("[aria-label=\"Terminal input\"]", Duration::from_secs(15))?;
    s.send_keys(&input, &format!("{line}{ENTER}"))?;
    until_stable(s)
}

fn until_stable(s: &Session) -> Result<(), String> {
    s.click(&first(
        s,
        &button_xpath("Until stable"),
        "the Until stable button",
    )?)
}

/// Wait until the slots satisfy `ok`, returning their description; the error shows the last.
fn wait_slots(s: &Session, what: &str, ok: impl Fn(&[Slot]) -> bool) -> Result<String, String> {
    let mut last = String::new();
    let r = s.wait_for(what, Duration::from_secs(20), |s| {
        let v = slots(s)?;
        last = describe(&v);
        Ok(ok(&v).then(|| last.clone()))
    });
    r.map_err(|e| format!("{e}; the view showed: {last}"))
}

pub fn run_all(s: &Session, checks: &mut Checks, site: &StaticServer) -> Result<(), String> {
    let url = site.url();
    delete_returns(s, checks)?;
    let before_scale = clock_ms(s)?;
    scale_keeps_disks(s, checks)?;
    partition_and_undo(s, checks)?;
    reload_restores(s, checks, &url)?;
    works_offline(s, checks, site)?;
    rewind_and_continue(s, checks, before_scale)?;
    frames_while_100_pods_start(s, checks)?;
    broken_manifest(s, checks)?;
    lesson_goals(s, checks)?;
    Ok(())
}

/// A teacher's pack from `?pack=`: one that tries script injection renders as text and runs
/// nothing; one with a `javascript:` link is refused with its location. Leaves the page on the
/// plain address again.
pub fn teacher_packs(
    s: &Session,
    checks: &mut Checks,
    site: &StaticServer,
    dist: &std::path::Path,
) -> Result<(), String> {
    let files = [
        ("e2e-hostile-pack.yaml", include_str!("hostile-pack.yaml")),
        ("e2e-bad-link-pack.yaml", include_str!("bad-link-pack.yaml")),
    ];
    for (name, text) in files {
        std::fs::write(dist.join(name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    let result = packs(s, checks, &site.url());
    for (name, _) in files {
        let _ = std::fs::remove_file(dist.join(name));
    }
    s.goto(&site.url())?;
    result
}

const INJECTED: &str = "var l = document.querySelector('.lesson'); return { pwned: window.__pwned || null,     elements: l ? l.querySelectorAll('script, img, iframe, svg, b').length : -1,     text: l ? l.textContent : '' };";

fn packs(s: &Session, checks: &mut Checks, url: &str) -> Result<(), String> {
    s.goto(&format!("{url}?pack=e2e-hostile-pack.yaml&lang=en"))?;
    checks.record(
        "a pack that tries script injection shows its markup as text and runs nothing",
        s.wait_for(
            "the hostile pack's course list",
            Duration::from_secs(20),
            |s| {
                let v = s.exec(INJECTED, vec![])?;
                let text = v["text"].as_str().unwrap_or_default();
                if !text.contains("Pack <img src=x onerror=") {
                    return Ok(None);
                }
                Ok((v["pwned"].is_null() && v["elements"] == 0)
                    .then(|| String::from("title shown as text")))
            },
        )
        .and_then(|d: String| {
            let start = s.css(".lesson .course button")?;
            s.click(start.first().ok_or("no Start button")?)?;
            s.wait_for("the hostile step", Duration::from_secs(20), |s| {
                let v = s.exec(INJECTED, vec![])?;
                let text = v["text"].as_str().unwrap_or_default();
                if !text.contains("<script>window.__pwned = 'text'</script>") {
                    return Ok(None);
                }
                if v["pwned"].is_null() && v["elements"] == 0 {
                    Ok(Some(format!("{d}; step text shown as text")))
                } else {
                    Err(format!("injected: {v}"))
                }
            })
        }),
    );
    // The session now follows the teacher's pack (its step is open): a reload, which loads
    // the pack again, must come back to that step, not to the built-in course.
    std::thread::sleep(Duration::from_millis(1500));
    let here = s.exec("return location.href;", vec![])?;
    s.goto(here.as_str().ok_or("no location")?)?;
    checks.record(
        "a reload of a session on a teacher's pack comes back to its open step",
        s.wait_for(
            "the pack's step after the reload",
            Duration::from_secs(20),
            |s| {
                let v = s.exec(INJECTED, vec![])?;
                let text = v["text"].as_str().unwrap_or_default();
                Ok(text
                    .contains("<script>window.__pwned = 'text'</script>")
                    .then(|| String::from("step text back after the reload")))
            },
        ),
    );
    s.goto(&format!("{url}?pack=e2e-bad-link-pack.yaml&lang=en"))?;
    checks.record(
        "a pack with a javascript: link is refused, naming the file, line and column",
        s.wait_for("the pack error", Duration::from_secs(20), |s| {
            let v = s.exec(
                "var n = document.querySelector('.notice[role=alert]'); return n ? n.textContent : null;",
                vec![],
            )?;
            Ok(v.as_str()
                .filter(|t| t.contains("e2e-bad-link-pack.yaml:6:3:") && t.contains("is not an http(s) URL"))
                .map(String::from))
        }),
    );
    Ok(())
}

fn delete_returns(s: &Session, checks: &mut Checks) -> Result<(), String> {
    let before = slots(s)?;
    let old = before.get(1).ok_or("no slot #1")?;
    let (dns, disk, ip) = (old.dns.clone(), old.disk.clone(), old.ip.clone());
    command(s, "kubectl delete pod web-1")?;
    checks.record(
        "kubectl delete pod web-1: web-1 returns with the same name, DNS name and PVC",
        wait_slots(s, "web-1 back and Ready", |v| {
            v.get(1).is_some_and(|n| {
                ready(n)
                    && n.pod.as_deref() == Some("web-1")
                    && n.dns == dns
                    && n.disk == disk
                    && disk.as_deref() == Some("www-web-1")
                    && dns.as_deref() == Some("web-1.nginx-svc.default.svc.cluster.local")
            })
        })
        .map(|d| {
            let new_ip = slots(s)
                .ok()
                .and_then(|v| v.get(1).and_then(|n| n.ip.clone()));
            format!(
                "{d}; IP {} -> {}",
                ip.unwrap_or_default(),
                new_ip.unwrap_or_default()
            )
        }),
    );
    Ok(())
}

fn scale_keeps_disks(s: &Session, checks: &mut Checks) -> Result<(), String> {
    command(s, "kubectl scale statefulset web --replicas=5")?;
    checks.record(
        "scaled to 5: web-0..4 Ready with www-web-0..4",
        wait_slots(s, "5 ready pods", |v| {
            v.len() == 5
                && v.iter()
                    .enumerate()
                    .all(|(i, x)| ready(x) && x.disk.as_deref() == Some(&format!("www-web-{i}")))
        }),
    );
    command(s, "kubectl scale statefulset web --replicas=3")?;
    checks.record(
        "scaled to 3: www-web-3 and www-web-4 stay, drawn as detached disks",
        wait_slots(s, "detached disks at #3 and #4", |v| {
            v.len() == 5
                && v[..3].iter().all(ready)
                && v[3..].iter().enumerate().all(|(i, x)| {
                    x.pod.is_none()
                        && x.detached
                        && x.disk.as_deref() == Some(&format!("www-web-{}", i + 3))
                })
        }),
    );
    command(s, "kubectl scale statefulset web --replicas=5")?;
    checks.record(
        "scaled back to 5: web-3 and web-4 reattach www-web-3 and www-web-4",
        wait_slots(s, "reattached disks", |v| {
            v.len() == 5
                && v[3..].iter().enumerate().all(|(i, x)| {
                    ready(x)
                        && !x.detached
                        && x.pod.as_deref() == Some(&format!("web-{}", i + 3))
                        && x.disk.as_deref() == Some(&format!("www-web-{}", i + 3))
                })
        }),
    );
    Ok(())
}

fn partition_and_undo(s: &Session, checks: &mut Checks) -> Result<(), String> {
    let old_rev = slots(s)?.first().and_then(|x| x.rev.clone());
    command(
        s,
        r#"kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'"#,
    )?;
    command(s, "kubectl set image statefulset/web nginx=nginx:1.22")?;
    let old = old_rev.clone();
    checks.record(
        "partition 2 + new image: only web-2 and above change revision",
        wait_slots(s, "web-2..4 on the new revision", |v| {
            v.len() == 5
                && v.iter().all(ready)
                && v[..2].iter().all(|x| x.rev == old)
                && v[2..].iter().all(|x| x.rev.is_some() && x.rev != old)
        }),
    );
    checks.record("the partition is drawn as a boundary at ordinal 2", {
        let t = s.exec(
            "var p = document.querySelector('[aria-label=\"Cluster view\"] .partition'); return p ? p.textContent : null;",
            vec![],
        )?;
        match t.as_str() {
            Some(x) if x.ends_with("= 2") => Ok(x.to_string()),
            _ => Err(format!("partition boundary: {t}")),
        }
    });
    s.click(&first(s, &button_xpath("Undo"), "the Undo button")?)?;
    let old = old_rev.clone();
    checks.record(
        "Undo restores the picture from before the rollout ran",
        wait_slots(s, "web-2 back on the old revision", |v| {
            v.get(2).is_some_and(|x| x.rev == old)
        }),
    );
    until_stable(s)?;
    Ok(())
}

fn reload_restores(s: &Session, checks: &mut Checks, url: &str) -> Result<(), String> {
    let want = describe(&slots(s)?);
    // Autosave is debounced; give it time to write.
    std::thread::sleep(Duration::from_millis(1200));
    s.goto(url)?;
    let log = s.wait_css("[role=\"log\"]", Duration::from_secs(30))?;
    checks.record(
        "a reload restores the cluster and the terminal",
        wait_slots(s, "the same picture after reload", |v| describe(v) == want).and_then(|d| {
            let text = s.text(&log)?;
            if text.contains("kubectl set image statefulset/web nginx=nginx:1.22") {
                Ok(d)
            } else {
                Err(format!("the terminal lost its history: {text}"))
            }
        }),
    );
    Ok(())
}

/// With the server unreachable, a reload still starts the app from the service worker's cache
/// and restores the session from local storage.
fn works_offline(s: &Session, checks: &mut Checks, site: &StaticServer) -> Result<(), String> {
    let controlled = s.wait_for(
        "a service worker controlling the page",
        Duration::from_secs(15),
        |s| {
            let v = s.exec(
                "return navigator.serviceWorker && navigator.serviceWorker.controller ? navigator.serviceWorker.controller.scriptURL : null;",
                vec![],
            )?;
            Ok(v.as_str().map(String::from))
        },
    );
    let want = describe(&slots(s)?);
    site.set_down(true);
    let result = controlled.and_then(|sw| {
        s.goto(&site.url())?;
        let ms = s.wait_for("stslab:interactive offline", Duration::from_secs(30), |s| {
            Ok(s.exec(super::READ_INTERACTIVE, vec![])?.as_f64())
        })?;
        wait_slots(s, "the same picture offline", |v| describe(v) == want)
            .map(|_| format!("{sw}; interactive after {ms:.0} ms with the server unreachable"))
    });
    site.set_down(false);
    checks.record(
        "with the network off, a reload starts from the service worker's cache and restores the session",
        result,
    );
    Ok(())
}

/// The virtual time now, as the timeline's scrubber knows it (its maximum).
fn clock_ms(s: &Session) -> Result<u64, String> {
    let v = s.exec(
        "var r = document.querySelector('.tl-scrub input'); return r ? r.max : null;",
        vec![],
    )?;
    v.as_str()
        .and_then(|x| x.parse().ok())
        .ok_or_else(|| format!("no timeline scrubber ({v})"))
}

/// Scrub the timeline back to before the scale-up: the picture shows the three-pod set of that
/// moment; "Continue from here" asks first, then makes that moment the present.
fn rewind_and_continue(s: &Session, checks: &mut Checks, before_scale: u64) -> Result<(), String> {
    // A second before the scale command: the set had three replicas and no extra disks.
    let at = before_scale.saturating_sub(1_000);
    s.exec(
        "var r = document.querySelector('.tl-scrub input'); r.value = String(arguments[0]); \
         r.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![at.into()],
    )?;
    let three = |v: &[Slot]| {
        v.len() == 3
            && v.iter().all(|x| !x.detached)
            && v.iter().map(|x| x.disk.as_deref()).collect::<Vec<_>>()
                == [Some("www-web-0"), Some("www-web-1"), Some("www-web-2")]
    };
    let badge = "var b = document.querySelector('.past-badge'); return b ? b.textContent : null;";
    checks.record(
        "scrubbing the timeline back shows the three-pod set from before the scale-up",
        wait_slots(s, "the past picture", three).and_then(|d| {
            match s.exec(badge, vec![])?.as_str() {
                Some(b) if b.contains("as it was at") => Ok(format!("{d}; {b}")),
                other => Err(format!(
                    "no 'as it was at' badge over the picture: {other:?}"
                )),
            }
        }),
    );
    s.click(&first(
        s,
        &button_xpath("Continue from here…"),
        "Continue from here",
    )?)?;
    checks.record(
        "Continue from here asks before discarding, and says how much",
        {
            let t = s.exec(
                "var c = document.querySelector('.tl-confirm'); return c ? c.textContent : null;",
                vec![],
            )?;
            match t.as_str() {
                Some(x) if x.starts_with("Continue from this moment? Later actions discarded:") => {
                    let n: usize = x
                        .rsplit(':')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .parse()
                        .unwrap_or(0);
                    if n >= 3 {
                        Ok(x.to_string())
                    } else {
                        Err(format!(
                            "the scale, patch and set image at least come later: {x}"
                        ))
                    }
                }
                _ => Err(format!("no confirmation: {t}")),
            }
        },
    );
    checks.record(
        "screenshot of a past moment with the confirmation",
        super::save_screenshot(s, "lab-past-1366x768.png"),
    );
    s.click(&first(
        s,
        &button_xpath("Discard and continue"),
        "Discard and continue",
    )?)?;
    checks.record(
        "after Discard and continue that moment is the present, and the session goes on",
        wait_slots(s, "the rewound present", three).and_then(|d| {
            if s.exec(badge, vec![])?.is_null() && clock_ms(s)? <= at + 100 {
                Ok(d)
            } else {
                Err(format!("still previewing, or the clock is past {at} ms"))
            }
        }),
    );
    command(s, "kubectl scale statefulset web --replicas=4")?;
    checks.record(
        "the rewound session takes new commands: scaling to 4 adds web-3",
        wait_slots(s, "web-3 Ready", |v| v.len() == 4 && v.iter().all(ready)),
    );
    Ok(())
}

/// A Parallel StatefulSet of 100 pods, started with Play: the frame times while they come up.
const PARALLEL_100: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: big
spec:
  serviceName: big
  replicas: 100
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
";

/// Samples requestAnimationFrame intervals until stopped.
const FRAMES_START: &str = "window.__frames = []; var last = performance.now(); window.__sampling = true;
function f(t) { window.__frames.push(t - last); last = t; if (window.__sampling) requestAnimationFrame(f); }
requestAnimationFrame(f); return true;";
/// Pick a play speed by its index in the speed list.
const SET_SPEED: &str =
    "var s = document.querySelector('select[aria-label=\"Speed\"]'); s.value = arguments[0]; \
     s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;";
const FRAMES_STOP: &str = "window.__sampling = false; return window.__frames;";

/// Share of frame intervals under 20 ms.
fn under_20ms(frames: &[f64]) -> f64 {
    frames.iter().filter(|f| **f < 20.0).count() as f64 / frames.len().max(1) as f64
}

/// Frame times while 100 pods of a Parallel set start, reported as metrics for README.md (the
/// target is 95% of frames under 20 ms), with the same page's share while idle just before as
/// the run's baseline. What is checked is that all 100 pods do come up in the picture while
/// the clock plays.
fn frames_while_100_pods_start(s: &Session, checks: &mut Checks) -> Result<(), String> {
    s.exec(FRAMES_START, vec![])?;
    std::thread::sleep(Duration::from_secs(2));
    let idle: Vec<f64> = s
        .exec(FRAMES_STOP, vec![])?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect();
    let baseline = under_20ms(&idle);
    let editor = s.wait_css("[aria-label=\"Manifest editor\"]", Duration::from_secs(15))?;
    s.clear(&editor)?;
    s.send_keys(&editor, PARALLEL_100)?;
    s.click(&first(s, &button_xpath("Apply"), "the Apply button")?)?;
    // 8× (the set takes about two virtual minutes: image pulls are serialised per node).
    s.exec(SET_SPEED, vec!["5".into()])?;
    s.exec(FRAMES_START, vec![])?;
    s.click(&first(s, &button_xpath("Play"), "the Play button")?)?;
    let started = std::time::Instant::now();
    let count = "return Array.from(document.querySelectorAll('[aria-label=\"Cluster view\"] .slot')).filter(function (s) { \
         var n = s.querySelector('.pod strong'), st = s.querySelector('.pod-status'); \
         return n && /^big-/.test(n.textContent) && st && /^Running · 1\\/1/.test(st.textContent.trim()); }).length;";
    let up = s.wait_for("100 pods of big Ready", Duration::from_secs(90), |s| {
        Ok((s.exec(count, vec![])?.as_u64() == Some(100)).then_some(()))
    });
    let wall = started.elapsed();
    let frames: Vec<f64> = s
        .exec(FRAMES_STOP, vec![])?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect();
    s.click(&first(s, &button_xpath("Pause"), "the Pause button")?)?;
    s.exec(SET_SPEED, vec!["2".into()])?;
    let mut sorted = frames.clone();
    sorted.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let under = under_20ms(&frames);
    println!(
        "metric: frames_100_parallel count={} p50_ms={:.1} p95_ms={:.1} max_ms={:.1} under_20ms={:.1}% wall_ms={}",
        frames.len(),
        pct(0.5),
        pct(0.95),
        pct(1.0),
        under * 100.0,
        wall.as_millis()
    );
    checks.record(
        "a Parallel set of 100 pods comes up in the picture while the clock plays",
        up.map(|()| format!("{} frames, p95 {:.1} ms", frames.len(), pct(0.95))),
    );
    // Reported, not enforced: fresh-clone runs on the 2-core CI machine measured 94.6–100%
    // against the 95% target, so a gate would fail at random.
    println!(
        "metric: frames_idle_baseline count={} under_20ms={:.1}%",
        idle.len(),
        baseline * 100.0
    );
    command(s, "kubectl delete statefulset big")?;
    Ok(())
}

fn broken_manifest(s: &Session, checks: &mut Checks) -> Result<(), String> {
    let editor = s.wait_css("[aria-label=\"Manifest editor\"]", Duration::from_secs(15))?;
    let broken = super::MANIFEST.replacen("  replicas: 3", "  replicas: 3\n    oops: 1", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("oops"))
        .ok_or("no oops line")?
        + 1;
    s.clear(&editor)?;
    s.send_keys(&editor, &broken)?;
    checks.record(
        &format!("a broken manifest is marked at its line ({line})"),
        s.wait_for("an error marker", Duration::from_secs(10), |s| {
            let v = s.exec(
                "return Array.from(document.querySelectorAll('.ed-errors li')).map(function (l) { return l.textContent; });",
                vec![],
            )?;
            let items: Vec<String> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(String::from))
                .collect();
            let gutter = s.exec(
                "return Array.from(document.querySelectorAll('.ed-gutter .ln.err')).map(function (l) { return l.textContent; });",
                vec![],
            )?;
            Ok((items.len() == 1
                && items[0].starts_with(&format!("line {line}, "))
                && gutter.as_array().is_some_and(|g| g.len() == 1 && g[0].as_str().is_some_and(|t| t.ends_with(&line.to_string())))).then(|| items[0].clone()))
        }),
    );
    // Put the good manifest back so what follows starts clean.
    s.clear(&editor)?;
    s.send_keys(&editor, super::MANIFEST)?;
    Ok(())
}

fn lesson_goals(s: &Session, checks: &mut Checks) -> Result<(), String> {
    let start = "Start Create a StatefulSet and watch the order";
    s.click(&first(
        s,
        &button_xpath(start),
        "the lesson's Start button",
    )?)?;
    let read_goals = "return Array.from(document.querySelectorAll('.lesson .goals li')).map(function (l) { return [l.className, l.textContent]; });";
    checks.record(
        "starting lesson 3 shows its first step and four unmet goals",
        s.wait_for("the step and its goals", Duration::from_secs(15), |s| {
            let h = s.exec(
                "var h = document.querySelector('.lesson h3'); return h ? h.textContent : null;",
                vec![],
            )?;
            let g = s.exec(read_goals, vec![])?;
            let goals = g.as_array().cloned().unwrap_or_default();
            Ok((h.as_str() == Some("Apply and watch")
                && goals.len() == 4
                && goals.iter().all(|x| x[0] == "unmet"))
            .then(|| format!("{} goals", goals.len())))
        }),
    );
    s.click(&first(s, &button_xpath("Show solution"), "Show solution")?)?;
    checks.record(
        "Show solution plays the step: every goal is ticked and the step is done",
        s.wait_for("all goals met", Duration::from_secs(20), |s| {
            let g = s.exec(read_goals, vec![])?;
            let goals = g.as_array().cloned().unwrap_or_default();
            let done = s.exec(
                "var d = document.querySelector('.lesson .step-done'); return d ? d.textContent : null;",
                vec![],
            )?;
            Ok((goals.len() == 4
                && goals.iter().all(|x| x[0] == "met")
                && done.as_str().is_some_and(|d| d.contains("Step done")))
            .then(String::new))
        }),
    );
    Ok(())
}
