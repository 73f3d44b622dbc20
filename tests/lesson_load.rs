//! Loader tests: the built-in course loads in both languages, and broken files give located
//! errors instead of panics.
use stslab::lesson::{self, Lesson, Pack};

#[test]
fn builtin_course_loads_with_both_languages() {
    let pack = lesson::builtin().unwrap_or_else(|e| panic!("builtin course: {e}"));
    assert_eq!(pack.lessons.len(), lesson::BUILTIN.len());
    for l in &pack.lessons {
        for s in &l.steps {
            assert!(s.text.has("en") && s.text.has("zh-CN"), "{}/{}", l.id, s.id);
            for g in &s.goals {
                assert!(
                    g.label.has("en") && g.label.has("zh-CN"),
                    "{}/{}/{}",
                    l.id,
                    s.id,
                    g.id
                );
            }
        }
    }
}

const MINI: &str = r#"id: mini
title: {en: Mini, zh-CN: 迷你}
summary: {en: A tiny lesson., zh-CN: 一个很小的课程。}
steps:
  - id: one
    title: {en: One, zh-CN: 一}
    text: {en: Create it., zh-CN: 创建它。}
    solution:
      - kubectl apply -f statefulset.yaml
    goals:
      - id: exists
        label: {en: web exists, zh-CN: web 存在}
        check:
          objectExists: {kind: sts, name: web}
"#;

#[test]
fn minimal_lesson_loads() {
    let l = Lesson::load(MINI).expect("loads");
    assert_eq!(l.steps[0].goals[0].id, "exists");
}

#[test]
fn missing_chinese_is_located_at_the_step() {
    let text = MINI.replace(
        "text: {en: Create it., zh-CN: 创建它。}",
        "text: {en: Create it.}",
    );
    let e = Lesson::load(&text).unwrap_err();
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("zh-CN"), "{e}");
}

#[test]
fn declared_fallback_allows_one_language() {
    let text = format!(
        "locales: [en]\n{}",
        MINI.replace(
            "text: {en: Create it., zh-CN: 创建它。}",
            "text: {en: Create it.}"
        )
    );
    let l = Lesson::load(&text).expect("fallback declared");
    assert_eq!(l.steps[0].text.get("zh-CN"), "Create it.");
}

#[test]
fn unknown_field_and_bad_check_have_locations() {
    let e = Lesson::load(&MINI.replace("    solution:", "    solutoin:")).unwrap_err();
    assert_eq!(e.line, 8, "{e}");
    assert!(e.message.contains("solutoin"), "{e}");
    let e = Lesson::load(&MINI.replace("objectExists", "objectExist")).unwrap_err();
    assert_eq!(e.line, 14, "{e}");
    let e = Lesson::load(&MINI.replace("kind: sts", "kind: stateful")).unwrap_err();
    assert!(e.message.contains("unknown kind"), "{e}");
    assert_eq!(e.line, 11, "{e}");
}

#[test]
fn javascript_links_are_rejected() {
    let e = Lesson::load(&MINI.replace("Create it.,", "'[x](javascript:alert(1))',")).unwrap_err();
    assert!(e.message.contains("not an http(s) URL"), "{e}");
}

#[test]
fn garbage_never_panics() {
    for t in [
        "",
        ":",
        "- - -",
        "id: [",
        "\u{0}",
        "steps: 5",
        "id: x\nsteps: []",
        "&a [*a, *a]",
    ] {
        assert!(Lesson::load(t).is_err());
        assert!(Pack::load(t).is_err());
    }
    let big = "a".repeat(lesson::load::MAX_PACK_BYTES + 1);
    assert!(Pack::load(&big).is_err());
}

#[test]
fn single_lesson_is_a_pack_of_one_and_duplicates_fail() {
    let p = Pack::load(MINI).expect("pack of one");
    assert_eq!(p.lessons.len(), 1);
    let item: String = MINI
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("  - {l}\n")
            } else {
                format!("    {l}\n")
            }
        })
        .collect();
    let two = format!("id: p\ntitle: {{en: P, zh-CN: 包}}\nlessons:\n{item}{item}");
    let e = Pack::load(&two).unwrap_err();
    assert!(e.message.contains("duplicate lesson id"), "{e}");
}

/// The built-in course is embedded as JSON that build.rs converts from `lessons/*.yaml`; each
/// embedded lesson must be exactly what its YAML source loads as, so that editing a lesson file
/// changes the page and nothing is lost in the conversion.
#[test]
fn builtin_json_lessons_equal_their_yaml_sources() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut sources: Vec<String> = std::fs::read_dir(&dir)
        .expect("lessons/ exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml") && n.as_bytes()[0].is_ascii_digit())
        .collect();
    sources.sort();
    let names: Vec<&str> = lesson::BUILTIN.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, sources, "BUILTIN lists every lesson file in order");
    for (name, json) in lesson::BUILTIN {
        let yaml = std::fs::read_to_string(dir.join(name)).expect("lesson file reads");
        let from_yaml = Lesson::load(&yaml).unwrap_or_else(|e| panic!("{name} (YAML): {e}"));
        let from_json = Lesson::load_json(json).unwrap_or_else(|e| panic!("{name} (JSON): {e}"));
        assert_eq!(from_json, from_yaml, "{name}");
    }
}

#[test]
fn a_broken_json_lesson_is_a_located_error() {
    let e = Lesson::load_json("{\"id\": \"x\",\n \"title\": 3}").unwrap_err();
    assert_eq!((e.line, e.column), (2, 11), "{e}");
    assert!(e.message.starts_with("invalid type: integer `3`"), "{e}");
}
