//! Hostile input through the same doors the page uses: editor text applied with
//! `Action::SetEditor` + `Action::ApplyEditor`, terminal lines with `Action::Command`, lesson
//! files through `Pack::load`/`Lesson::load`, and stored or shared sessions through
//! `Lab::from_share`. ARCHITECTURE.md invariant 5 says bad input yields an error with its
//! location, never a panic, and never loses what the learner typed; these tests hold the core
//! to that for malformed YAML, alias bombs, deep nesting, wrong kinds, huge numbers, long
//! lines, control characters, binary garbage and half-typed commands.
//!
//! The corpus lives in `tests/hostile/` (one file per case); inputs too large to commit (alias
//! bombs, megabyte lines, deep nesting) are generated here.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use stslab::lab::{Action, Effect, Lab, RestoreError};
use stslab::lesson::{markdown, Lesson, Pack};
use stslab::shell::terminal::render;
use stslab::sim::Kind;

/// A hostile input must be refused quickly; the page would freeze otherwise. Generous for a
/// debug build on a busy 2-core machine.
const BUDGET: Duration = Duration::from_secs(10);

/// A lab in the state a learner usually has: the guide's StatefulSet applied and settled.
fn lab_with_web() -> Lab {
    let mut lab = Lab::new(7);
    let out = render(&lab.run_line(0, "kubectl apply -f statefulset.yaml"));
    assert!(out.contains("statefulset.apps/web created"), "{out}");
    lab.dispatch(Action::UntilStable);
    lab
}

/// Every object in the cluster (Events included), with the clock and the watch-log length:
/// if a refused input wrote anything through the API server, this differs.
fn cluster_state(lab: &Lab) -> (u64, usize, Vec<Value>) {
    let api = lab.cluster.api();
    let objects = Kind::ALL
        .iter()
        .flat_map(|k| api.list(*k, None))
        .map(|o| o.to_value())
        .collect();
    (lab.cluster.now(), api.watch_log().len(), objects)
}

/// All terminal text the effects carry.
fn output(fx: &[Effect]) -> String {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Output { chunks, .. } => Some(render(chunks)),
            _ => None,
        })
        .collect()
}

/// Shorten a case for assertion messages (the inputs can be megabytes).
fn short(s: &str) -> String {
    let n = s.chars().count();
    if n <= 600 {
        return s.to_string();
    }
    let head: String = s.chars().take(300).collect();
    let tail: String = s.chars().skip(n - 300).collect();
    format!("{head} [... {} chars ...] {tail}", n - 600)
}

/// Puts `text` in the editor and applies it. Asserts no panic (implicitly), a bounded run
/// time, an error on terminal 0, the cluster unchanged and the editor text kept. Returns
/// the terminal output.
fn apply_refused(lab: &mut Lab, case: &str, text: &str) -> String {
    let before = cluster_state(lab);
    lab.dispatch(Action::SetEditor {
        text: text.to_string(),
    });
    let start = Instant::now();
    let out = output(&lab.dispatch(Action::ApplyEditor));
    assert!(
        start.elapsed() < BUDGET,
        "{case}: apply took {:?}",
        start.elapsed()
    );
    // kubectl prints `error: ...` for client-side failures and `The X "n" is invalid: ...`
    // (no `error`) for the API server's validation.
    assert!(
        out.contains("error") || out.contains("is invalid"),
        "{case}: no error shown:\n{}",
        short(&out)
    );
    assert_eq!(lab.editor.text, text, "{case}: the editor text changed");
    let after = cluster_state(lab);
    assert!(
        before == after,
        "{case}: the cluster changed\n{}",
        short(&out)
    );
    out
}

fn corpus(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into();
            (name, std::fs::read(&p).expect("read corpus file"))
        })
        .collect()
}

/// What the terminal must say for each manifest in `tests/hostile/manifests/` (a substring;
/// a location where the parser has one). A new corpus file without an entry fails the test.
const MANIFEST_EXPECT: &[(&str, &str)] = &[
    ("bad-indent.yaml", "line 5"),
    ("binary-tag.yaml", "error"),
    ("complex-key.yaml", "line 4"),
    ("control-chars.yaml", "line 4"),
    ("core-apiversion-for-sts.yaml", "StatefulSet"),
    ("duplicate-key.yaml", "line 7"),
    ("huge-replicas.yaml", "at most 1000"),
    ("list-document.yaml", "error"),
    ("missing-kind.yaml", "kind"),
    ("name-is-list.yaml", "name"),
    ("nul-byte.yaml", "line 4"),
    ("path-name.yaml", "../../etc/passwd"),
    ("replicas-float.yaml", "replicas"),
    ("replicas-negative.yaml", "spec.replicas"),
    ("replicas-overflow.yaml", "replicas"),
    ("replicas-string.yaml", "replicas"),
    ("scalar-document.yaml", "error"),
    (
        "spec-is-list.yaml",
        "json: cannot unmarshal array into Go struct field StatefulSet.spec of type v1.StatefulSetSpec",
    ),
    ("second-doc-broken.yaml", "line 9"),
    ("self-alias.yaml", "error"),
    ("tab-indent.yaml", "line 4"),
    ("truncated-in-string.yaml", "line 6"),
    ("truncated.yaml", "error"),
    ("unclosed-flow.yaml", "line 4"),
    ("unclosed-quote.yaml", "line 4"),
    ("undefined-alias.yaml", "line 5"),
    ("unicode-name.yaml", "wéb-😀-名前"),
    ("unknown-field.yaml", "labelz"),
    ("utf16-bom.yaml", "error"),
    ("wrong-apiversion.yaml", "apps/v2"),
    ("wrong-kind.yaml", "StatefulSets"),
];

#[test]
fn hostile_manifests_from_the_editor_are_refused_with_a_located_error() {
    let base = lab_with_web();
    let share = base.to_share();
    let mut seen = Vec::new();
    for (name, bytes) in corpus("manifests") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let want = MANIFEST_EXPECT
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| *w)
            .unwrap_or_else(|| panic!("{name}: add its expected message to MANIFEST_EXPECT"));
        let mut lab = Lab::from_share(&share).expect("restore the base lab");
        let out = apply_refused(&mut lab, &name, &text);
        assert!(
            out.contains(want),
            "{name}: expected {want:?} in:\n{}",
            short(&out)
        );
        seen.push(name);
    }
    for (n, _) in MANIFEST_EXPECT {
        assert!(seen.iter().any(|s| s == n), "{n} is not in the corpus");
    }
}

/// Inputs built here because they are too large to commit.
fn generated_manifests() -> Vec<(&'static str, String, &'static str)> {
    let laughs = {
        let mut s = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n");
        s.push_str("x0: &x0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for i in 1..10 {
            let p = i - 1;
            s.push_str(&format!(
                "x{i}: &x{i} [*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p}]\n"
            ));
        }
        s.push_str("data: *x9\n");
        s
    };
    let deep_flow = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep}}\ndata: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_block = {
        let mut s = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n");
        for i in 0..2_000 {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
        }
        s
    };
    let long_line = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n",
        "a".repeat(600_000)
    );
    let too_big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: \"{}\"\n",
        "x".repeat(2 << 20)
    );
    let garbage = {
        // A fixed xorshift stream: binary noise as the editor would hold it (lossy UTF-8).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let many_docs = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [\n---\n".repeat(5_000);
    vec![
        ("billion laughs", laughs, "error"),
        ("deep flow nesting", deep_flow, "line 4"),
        ("deep block nesting", deep_block, "error"),
        ("600 KB line", long_line, "metadata.name"),
        ("over the size limit", too_big, "limit"),
        ("binary garbage", garbage, "error"),
        ("5000 broken documents", many_docs, "line 5"),
    ]
}

#[test]
fn generated_hostile_manifests_are_refused_quickly() {
    let share = lab_with_web().to_share();
    for (name, text, want) in generated_manifests() {
        let mut lab = Lab::from_share(&share).expect("restore the base lab");
        let out = apply_refused(&mut lab, name, &text);
        assert!(
            out.contains(want),
            "{name}: expected {want:?} in:\n{}",
            short(&out)
        );
    }
}

/// `\xNN` → byte, `\\` → backslash; the corpus keeps control characters visible.
fn unescape(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'\\') {
            out.push(b'\\');
            i += 2;
        } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 4 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 2..i + 4]).expect("ascii hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn hostile_terminal_lines_do_not_change_the_cluster_or_the_editor() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/commands.txt");
    let text = std::fs::read_to_string(&path).expect("commands corpus");
    let share = lab_with_web().to_share();
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(unescape)
        .chain([
            "a".repeat(200_000),
            format!("kubectl get pods {}", "-v ".repeat(20_000)),
            format!("echo {}", "\"".repeat(10_001)),
            format!("echo {}", "$(".repeat(5_000)),
            "kubectl get pods | ".repeat(2_000),
        ])
        .collect();
    let mut n = 0;
    for line in &lines {
        let mut lab = Lab::from_share(&share).expect("restore the base lab");
        let editor = lab.editor.clone();
        let before = cluster_state(&lab);
        let start = Instant::now();
        let out = output(&lab.dispatch(Action::Command {
            term: 0,
            line: line.clone(),
        }));
        assert!(
            start.elapsed() < BUDGET,
            "{}: took {:?}",
            short(line),
            start.elapsed()
        );
        // An unfinished line (open quote, trailing pipe or backslash) waits for more input
        // (bash's `> ` prompt); Ctrl-C must then leave the terminal usable.
        lab.dispatch(Action::Interrupt { term: 0 });
        assert_eq!(lab.editor, editor, "{}: editor changed", short(line));
        assert!(
            cluster_state(&lab) == before,
            "{}: the cluster changed:\n{}",
            short(line),
            short(&out)
        );
        let after = render(&lab.run_line(0, "kubectl get sts web"));
        assert!(
            after.contains("web "),
            "{}: terminal unusable afterwards:\n{}",
            short(line),
            short(&after)
        );
        n += 1;
    }
    assert!(n > 90, "only {n} lines ran");
}

#[test]
fn scaling_past_the_simulator_limit_names_the_limit() {
    let mut lab = lab_with_web();
    let before = cluster_state(&lab);
    for line in [
        "kubectl scale sts web --replicas=100000",
        "kubectl patch sts web -p '{\"spec\":{\"replicas\":100000}}'",
        "kubectl patch sts web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":100000}]'",
    ] {
        let out = render(&lab.run_line(0, line));
        assert!(
            out.contains("simulator limit") && out.contains("at most 1000"),
            "{line}:\n{out}"
        );
    }
    assert!(cluster_state(&lab) == before);
}

// ---------------------------------------------------------------------------------------
// Lesson packs

/// The lesson loader either rejects the file with a located error or accepts it, and then
/// every text renders to a tree whose links are http(s) only.
fn lesson_outcome(text: &str) -> Result<Pack, stslab::lesson::PackError> {
    let start = Instant::now();
    let r = Pack::load(text);
    assert!(start.elapsed() < BUDGET, "load took {:?}", start.elapsed());
    if let Ok(p) = &r {
        for l in &p.lessons {
            for s in &l.steps {
                for loc in ["en", "zh-CN"] {
                    assert_links_safe(&s.text_blocks(loc));
                }
            }
        }
    }
    r
}

fn assert_links_safe(blocks: &[markdown::Block]) {
    fn inl(i: &[markdown::Inline]) {
        for x in i {
            match x {
                markdown::Inline::Link { href, children } => {
                    assert!(markdown::safe_href(href), "unsafe href {href:?}");
                    inl(children);
                }
                markdown::Inline::Emph { children } | markdown::Inline::Strong { children } => {
                    inl(children)
                }
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            markdown::Block::Paragraph { inlines }
            | markdown::Block::Heading { inlines, .. }
            | markdown::Block::Note { inlines } => inl(inlines),
            markdown::Block::List { items, .. } => items.iter().for_each(|i| inl(i)),
            markdown::Block::Code { .. } => {}
        }
    }
}

#[test]
fn generated_hostile_lessons_are_refused_quickly() {
    let deep = format!(
        "id: deep\nlessons: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_map = format!(
        "id: deep\ntitle: {}{}\n",
        "{a: ".repeat(20_000),
        "}".repeat(20_000)
    );
    let wide = format!("id: wide\nlessons: [{}]\n", "{id: x},".repeat(100_000));
    for (name, text) in [
        ("deep flow", deep),
        ("deep flow map", deep_map),
        ("wide", wide),
    ] {
        let start = Instant::now();
        let r = Pack::load(&text);
        assert!(start.elapsed() < BUDGET, "{name}: {:?}", start.elapsed());
        let e = r.err().unwrap_or_else(|| panic!("{name}: accepted"));
        assert!(e.line >= 1 && e.column >= 1, "{name}: {e:?}");
    }
}

#[test]
fn script_tags_in_lessons_stay_text() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/lessons/script-tag.yaml"),
    )
    .expect("corpus");
    let pack = lesson_outcome(&text).unwrap_or_else(|e| panic!("script-tag.yaml: {e}"));
    let step = &pack.lessons[0].steps[0];
    let blocks = step.text_blocks("en");
    let plain: String = blocks
        .iter()
        .map(|b| match b {
            markdown::Block::Paragraph { inlines } => markdown::plain(inlines),
            other => panic!("only paragraphs expected, got {other:?}"),
        })
        .collect::<Vec<_>>()
        .join("\n");
    // The markup is kept verbatim as text (the page renders text nodes, never HTML).
    assert!(
        plain.contains("<script>alert(document.cookie)</script>"),
        "{plain}"
    );
    assert!(
        plain.contains("<style>body{display:none}</style>"),
        "{plain}"
    );
    assert!(
        plain.contains(r#"<a href="javascript:alert(1)">click</a>"#),
        "{plain}"
    );
    assert_links_safe(&blocks);
    assert_eq!(
        pack.lessons[0].title.get("en"),
        "<script>alert('t')</script>"
    );
}

/// Expected outcome per file in `tests/hostile/lessons/`: Ok, or Err with a substring of
/// the message and the line the error points at.
const LESSON_EXPECT: &[(&str, Option<(&str, usize)>)] = &[
    ("alias-bomb.yaml", Some(("", 0))),
    ("bad-id.yaml", Some(("id", 1))),
    ("binary.yaml", Some(("", 0))),
    ("data-link.yaml", Some(("data:", 5))),
    ("huge-duration.yaml", Some(("", 0))),
    ("javascript-link-mixed-case.yaml", Some(("JaVaScRiPt:", 5))),
    ("javascript-link-space.yaml", Some(("javascript:", 5))),
    ("javascript-link.yaml", Some(("javascript:", 5))),
    ("control-char.yaml", Some(("control characters", 9))),
    ("missing-locale.yaml", Some(("locale", 0))),
    ("pack-alias-bomb-in-title.yaml", Some(("", 0))),
    ("script-tag.yaml", None),
    ("truncated.yaml", Some(("", 0))),
    ("unknown-field.yaml", Some(("solutoin", 13))),
    ("vbscript-link.yaml", Some(("vbscript:", 5))),
    ("wrong-types.yaml", Some(("", 1))),
];

#[test]
fn hostile_lesson_files_are_rejected_with_a_location() {
    let mut seen = Vec::new();
    for (name, bytes) in corpus("lessons") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let want = LESSON_EXPECT
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| *w)
            .unwrap_or_else(|| panic!("{name}: add its expected outcome to LESSON_EXPECT"));
        let got = lesson_outcome(&text);
        // Lesson::load (a single file) must agree with Pack::load on single-lesson files.
        let single = Lesson::load(&text);
        match (want, &got) {
            (None, Ok(_)) => assert!(single.is_ok(), "{name}: Lesson::load {single:?}"),
            (Some((msg, line)), Err(e)) => {
                assert!(e.line >= 1 && e.column >= 1, "{name}: location {e:?}");
                assert!(e.message.contains(msg), "{name}: {e}");
                if line > 0 {
                    assert_eq!(e.line, line, "{name}: {e}");
                }
                assert!(single.is_err(), "{name}: Lesson::load accepted it");
            }
            (w, g) => panic!("{name}: expected {w:?}, got {g:?}"),
        }
        seen.push(name);
    }
    for (n, _) in LESSON_EXPECT {
        assert!(seen.iter().any(|s| s == n), "{n} is not in the corpus");
    }
}

// ---------------------------------------------------------------------------------------
// Stored and shared sessions

#[test]
fn damaged_shared_sessions_are_refused_not_panicking() {
    let mut lab = lab_with_web();
    lab.run_line(0, "kubectl scale sts web --replicas=1");
    let good = lab.to_share();
    let body = good.split_once('.').expect("version prefix").1;
    let encode = |json: &str| format!("1.{}", stslab::lab::share::encode(json.as_bytes()));
    type Expect = fn(&RestoreError) -> bool;
    let cases: Vec<(String, Expect)> = vec![
        (String::new(), |e| *e == RestoreError::NotASession),
        ("garbage".into(), |e| *e == RestoreError::NotASession),
        ("\u{0}\u{1}\u{ff}".into(), |e| {
            *e == RestoreError::NotASession
        }),
        (format!("2.{body}"), |e| {
            *e == RestoreError::Version("2".into())
        }),
        (format!("99999999999999999999999.{body}"), |e| {
            matches!(e, RestoreError::Version(_))
        }),
        (format!("-1.{body}"), |e| *e == RestoreError::NotASession),
        ("1.".into(), |e| matches!(e, RestoreError::Data(_))),
        ("1.!!!!".into(), |e| *e == RestoreError::Encoding(2)),
        (format!("1.{}", &body[..body.len() / 2]), |e| {
            matches!(e, RestoreError::Data(_) | RestoreError::Encoding(_))
        }),
        (format!("1.{}", &body[..body.len() - 1]), |e| {
            matches!(e, RestoreError::Data(_) | RestoreError::Encoding(_))
        }),
        (format!("1.{body}é"), |e| {
            matches!(e, RestoreError::Encoding(_))
        }),
        (encode("[]"), |e| matches!(e, RestoreError::Data(_))),
        (encode(r#"{"seed":-1,"log":[]}"#), |e| {
            matches!(e, RestoreError::Data(_))
        }),
        (encode(r#"{"seed":1,"log":[{"a":"selfDestruct"}]}"#), |e| {
            matches!(e, RestoreError::Data(_))
        }),
        (
            encode(&format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))),
            |e| matches!(e, RestoreError::Data(_)),
        ),
    ];
    for (s, ok) in &cases {
        let start = Instant::now();
        match Lab::from_share(s) {
            Ok(_) => panic!("{}: restored", short(s)),
            Err(e) => {
                assert!(ok(&e), "{}: unexpected {e:?}", short(s));
                assert!(!e.to_string().is_empty());
            }
        }
        assert!(
            start.elapsed() < BUDGET,
            "{}: {:?}",
            short(s),
            start.elapsed()
        );
    }
    // The good one still restores to the same cluster.
    let back = Lab::from_share(&good).expect("good share");
    assert!(cluster_state(&back) == cluster_state(&lab));
}

/// Well-formed sessions carrying hostile actions (as an edited link could) restore without
/// panicking or freezing.
#[test]
fn shared_sessions_with_hostile_actions_restore_safely() {
    let encode = |json: &str| format!("1.{}", stslab::lab::share::encode(json.as_bytes()));
    let cases = [
        r#"{"seed":18446744073709551615,"log":[{"a":"tick","ms":18446744073709551615},{"a":"step"},{"a":"untilStable"}]}"#,
        r#"{"seed":0,"log":[{"a":"command","term":255,"line":"kubectl apply -f statefulset.yaml"},{"a":"tick","ms":18446744073709551615},{"a":"command","term":1,"line":"kubectl get pods -w"},{"a":"tick","ms":60000}]}"#,
        r#"{"seed":1,"log":[{"a":"interrupt","term":200},{"a":"undo"},{"a":"redo"},{"a":"openFile","name":"../../../etc/passwd"},{"a":"applyEditor"}]}"#,
        r#"{"seed":1,"log":[{"a":"lessonGoto","lesson":"basics","step":18446744073709551615},{"a":"lessonGoto","lesson":"<script>","step":0}]}"#,
        r#"{"seed":1,"log":[{"a":"fault","fault":{"type":"nodeDown","node":"nope"}},{"a":"fault","fault":{"type":"slowImagePulls","factor":18446744073709551615}},{"a":"command","term":0,"line":"kubectl apply -f statefulset.yaml"},{"a":"untilStable"}]}"#,
        r#"{"seed":1,"log":[{"a":"fault","fault":{"type":"slowImagePulls","factor":0}},{"a":"command","term":0,"line":"kubectl apply -f statefulset.yaml"},{"a":"untilStable"}]}"#,
        r#"{"seed":1,"log":[{"a":"loadExample","name":"nope"},{"a":"setEditor","text":"\u0000"},{"a":"reset","seed":18446744073709551615}]}"#,
    ];
    for json in cases {
        let start = Instant::now();
        let r = Lab::from_share(&encode(json));
        assert!(start.elapsed() < BUDGET, "{json}: {:?}", start.elapsed());
        let lab = r.unwrap_or_else(|e| panic!("{json}: {e}"));
        assert!(
            lab.cluster.check_invariants().is_ok(),
            "{json}: {:?}",
            lab.cluster.check_invariants()
        );
    }
}
