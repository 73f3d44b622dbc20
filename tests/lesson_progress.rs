//! Progress across the built-in course, and a completion record that detects edits.
use stslab::lesson::{self, CompletionRecord, Progress};

#[test]
fn progress_and_completion_record() {
    let pack = lesson::builtin().expect("builtin");
    let mut p = Progress::new(&pack);
    let l = &pack.lessons[0];
    assert_eq!(p.next(&pack), Some((l.id.clone(), l.steps[0].id.clone())));
    for s in &l.steps[..l.steps.len() - 1] {
        p.mark_done(&pack, &l.id, &s.id, "2026-12-07T01:00:00Z");
    }
    assert!(!p.is_lesson_done(&pack, &l.id));
    p.note_hint(&l.id, &l.steps[0].id, 2);
    p.note_solution(&l.id, &l.steps[1].id);
    p.mark_done(
        &pack,
        &l.id,
        &l.steps.last().unwrap().id,
        "2026-12-07T01:05:00Z",
    );
    p.mark_done(&pack, &l.id, "no-such-step", "x");
    assert!(p.is_lesson_done(&pack, &l.id));
    let overall = p.overall(&pack);
    assert_eq!(overall.done, 1);
    assert_eq!(
        overall.total,
        pack.lessons.len() - 1,
        "the sandbox is not counted"
    );
    assert_eq!(p.next(&pack).map(|x| x.0), Some(pack.lessons[1].id.clone()));

    let back = Progress::from_json(&p.to_json()).expect("roundtrip");
    assert_eq!(back, p);
    assert!(Progress::from_json("{nope").is_err());

    let rec = p.completion_record(&pack, "Li Lei");
    assert_eq!(rec.lessons.len(), 1);
    assert_eq!(
        rec.lessons[0].completed_at.as_deref(),
        Some("2026-12-07T01:05:00Z")
    );
    assert_eq!(rec.lessons[0].hints_shown, 2);
    assert!(rec.verify());
    let json = rec.to_json_pretty();
    let again = CompletionRecord::from_json(&json).expect("parse");
    assert!(again.verify());
    let forged = CompletionRecord::from_json(&json.replace("\"stepsDone\": 4", "\"stepsDone\": 9"))
        .expect("parse");
    assert!(!forged.verify());
    assert!(rec.summary("zh-CN").contains("学员：Li Lei"));
}
