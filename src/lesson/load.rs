//! Parsing and validating lesson files and packs. Every failure is a [`PackError`] with a 1-based
//! line and column: serde errors carry their own location; semantic errors (a missing `zh-CN`,
//! a duplicate id, a `javascript:` link) are located at the `id:` line of the step, goal or
//! snippet concerned. Nothing here panics on any input; sizes are bounded before parsing.

use std::collections::BTreeSet;

use super::markdown;
use super::model::{
    default_locales, Lesson, LessonKind, Localized, Pack, Play, PlayItem, KNOWN_LOCALES,
};

/// Refuses flow collections nested deeper than the manifest limit before serde_yaml parses
/// the file: libyaml's cost grows with the square of the flow depth (see
/// `sim::manifest::flow_nesting_beyond`).
fn flow_nesting(text: &str) -> Result<(), PackError> {
    let max = crate::sim::manifest::MAX_DEPTH;
    match crate::sim::manifest::flow_nesting_beyond(text, max) {
        Some((line, column)) => Err(err(
            line,
            column,
            format!("lesson file nests deeper than {max} levels"),
        )),
        None => Ok(()),
    }
}

/// Upper bounds that keep a hostile or broken file from exhausting the page.
pub const MAX_LESSON_BYTES: usize = 256 * 1024;
pub const MAX_PACK_BYTES: usize = 4 * 1024 * 1024;
pub const MAX_LESSONS: usize = 200;
pub const MAX_STEPS: usize = 60;
pub const MAX_GOALS: usize = 40;
pub const MAX_HINTS: usize = 10;
pub const MAX_PLAY: usize = 200;
pub const MAX_TEXT: usize = 32 * 1024;

/// A load error with its location in the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for PackError {}

fn err(line: usize, column: usize, message: impl Into<String>) -> PackError {
    PackError {
        line,
        column,
        message: message.into(),
    }
}

fn from_yaml(e: serde_yaml::Error, text: &str) -> PackError {
    let msg = e.to_string();
    // Reader errors (control characters) carry only a byte offset ("at position N").
    let (line, column) = crate::sim::manifest::offset_location(text, &msg)
        .or(e.location().map(|l| (l.line(), l.column())))
        .unwrap_or((1, 1));
    // serde_yaml appends " at line X column Y"; the location is already in the fields.
    let msg = match msg.find(" at line ").or(msg.find(" at position ")) {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    err(line, column, msg)
}

impl Lesson {
    /// Parse and validate one lesson file (locales from its `locales:` or `[en, zh-CN]`).
    pub fn load(text: &str) -> Result<Lesson, PackError> {
        if text.len() > MAX_LESSON_BYTES {
            return Err(err(
                1,
                1,
                format!("lesson file is larger than {} KB", MAX_LESSON_BYTES / 1024),
            ));
        }
        flow_nesting(text)?;
        let lesson: Lesson = serde_yaml::from_str(text).map_err(|e| from_yaml(e, text))?;
        let locales = lesson.locales.clone().unwrap_or_else(default_locales);
        validate_locales(&locales, text)?;
        validate_lesson(&lesson, &locales, text)?;
        Ok(lesson)
    }

    /// Parse and validate one lesson given as JSON: the built-in course, which `build.rs`
    /// converts from its YAML files. The same checks as [`Lesson::load`] run on it.
    pub fn load_json(text: &str) -> Result<Lesson, PackError> {
        let lesson: Lesson = serde_json::from_slice(text.as_bytes()).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.find(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
            err(e.line(), e.column(), msg)
        })?;
        let locales = lesson.locales.clone().unwrap_or_else(default_locales);
        validate_locales(&locales, text)?;
        validate_lesson(&lesson, &locales, text)?;
        Ok(lesson)
    }
}

impl Pack {
    /// Parse a pack file (`id`, `title`, `lessons: [...]`), or a single lesson file, which
    /// becomes a pack of one.
    pub fn load(text: &str) -> Result<Pack, PackError> {
        if text.len() > MAX_PACK_BYTES {
            return Err(err(
                1,
                1,
                format!("pack is larger than {} MB", MAX_PACK_BYTES / 1024 / 1024),
            ));
        }
        flow_nesting(text)?;
        let probe: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|e| from_yaml(e, text))?;
        if probe.get("lessons").is_none() {
            let lesson = Lesson::load(text)?;
            return Ok(Pack {
                id: lesson.id.clone(),
                title: lesson.title.clone(),
                locales: lesson.locales.clone().unwrap_or_else(default_locales),
                lessons: vec![lesson],
            });
        }
        let pack: Pack = serde_yaml::from_str(text).map_err(|e| from_yaml(e, text))?;
        validate_locales(&pack.locales, text)?;
        check_id(&pack.id).map_err(|m| at_key(text, "id", 0, m))?;
        need_locales(&pack.title, &pack.locales, "title")
            .map_err(|m| at_key(text, "title", 0, m))?;
        if pack.lessons.is_empty() || pack.lessons.len() > MAX_LESSONS {
            return Err(at_key(
                text,
                "lessons",
                0,
                format!("a pack holds 1 to {MAX_LESSONS} lessons"),
            ));
        }
        let mut seen = BTreeSet::new();
        for l in &pack.lessons {
            if !seen.insert(l.id.clone()) {
                return Err(locate_id(
                    text,
                    &l.id,
                    0,
                    format!("duplicate lesson id {:?}", l.id),
                ));
            }
            validate_lesson(l, &pack.locales, text)?;
        }
        Ok(pack)
    }

    /// Assemble a pack from separate lesson files (name, text), e.g. the built-in course.
    /// Errors name the file in the message.
    pub fn from_files(
        id: &str,
        title: Localized,
        files: &[(&str, &str)],
    ) -> Result<Pack, PackError> {
        Pack::assemble(id, title, files, Lesson::load)
    }

    /// [`Pack::from_files`] for lessons given as JSON ([`Lesson::load_json`]): the built-in
    /// course.
    pub fn from_json_files(
        id: &str,
        title: Localized,
        files: &[(&str, &str)],
    ) -> Result<Pack, PackError> {
        Pack::assemble(id, title, files, Lesson::load_json)
    }

    fn assemble(
        id: &str,
        title: Localized,
        files: &[(&str, &str)],
        load: fn(&str) -> Result<Lesson, PackError>,
    ) -> Result<Pack, PackError> {
        let mut lessons = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, text) in files {
            let l = load(text).map_err(|e| PackError {
                message: format!("{name}: {}", e.message),
                ..e
            })?;
            if !seen.insert(l.id.clone()) {
                return Err(err(1, 1, format!("{name}: duplicate lesson id {:?}", l.id)));
            }
            lessons.push(l);
        }
        Ok(Pack {
            id: id.to_string(),
            title,
            locales: default_locales(),
            lessons,
        })
    }
}

fn validate_locales(locales: &[String], text: &str) -> Result<(), PackError> {
    if locales.is_empty() {
        return Err(at_key(
            text,
            "locales",
            0,
            "locales must name at least one locale",
        ));
    }
    for l in locales {
        if !KNOWN_LOCALES.contains(&l.as_str()) {
            return Err(at_key(
                text,
                "locales",
                0,
                format!("unknown locale {l:?} (known: {})", KNOWN_LOCALES.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Ids are lowercase letters, digits and `-`, at most 64 characters.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "id {id:?} must be 1-64 characters of a-z, 0-9 and '-'"
        ))
    }
}

fn need_locales(t: &Localized, locales: &[String], what: &str) -> Result<(), String> {
    for tag in t.0.keys() {
        if !KNOWN_LOCALES.contains(&tag.as_str()) {
            return Err(format!("{what}: unknown locale {tag:?}"));
        }
    }
    for l in locales {
        if !t.has(l) {
            return Err(format!(
                "{what}: missing text for locale {l:?} (declare `locales:` to use a fallback)"
            ));
        }
    }
    for v in t.0.values() {
        if v.len() > MAX_TEXT {
            return Err(format!("{what}: text longer than {} KB", MAX_TEXT / 1024));
        }
    }
    Ok(())
}

fn need_markdown(t: &Localized, locales: &[String], what: &str) -> Result<(), String> {
    need_locales(t, locales, what)?;
    for (tag, v) in &t.0 {
        if let Some(p) = markdown::problems(v).into_iter().next() {
            return Err(format!("{what} ({tag}): {p}"));
        }
    }
    Ok(())
}

fn validate_play(items: &[Play], what: &str) -> Result<(), String> {
    if items.len() > MAX_PLAY {
        return Err(format!("{what}: more than {MAX_PLAY} items"));
    }
    for p in items {
        match p {
            Play::Line(l) if l.trim().is_empty() => {
                return Err(format!("{what}: empty command line"));
            }
            Play::Item(PlayItem::Run { line, term }) => {
                if line.trim().is_empty() {
                    return Err(format!("{what}: empty command line"));
                }
                if *term > 1 {
                    return Err(format!("{what}: terminal must be 0 or 1"));
                }
            }
            Play::Item(PlayItem::Interrupt(t)) if *t > 1 => {
                return Err(format!("{what}: terminal must be 0 or 1"));
            }
            Play::Item(PlayItem::File { name, .. }) if name.trim().is_empty() => {
                return Err(format!("{what}: file name must not be empty"));
            }
            Play::Item(PlayItem::Fault(v)) if !v.is_object() => {
                return Err(format!("{what}: a fault is a map, e.g. {{type: ...}}"));
            }
            _ => {}
        }
    }
    Ok(())
}

fn validate_lesson(l: &Lesson, locales: &[String], text: &str) -> Result<(), PackError> {
    let lesson_at = |m: String| locate_id(text, &l.id, 0, m);
    check_id(&l.id).map_err(lesson_at)?;
    need_locales(&l.title, locales, "title").map_err(|m| at_key(text, "title", 0, m))?;
    need_locales(&l.summary, locales, "summary").map_err(|m| at_key(text, "summary", 0, m))?;
    validate_play(&l.setup, "setup").map_err(|m| at_key(text, "setup", 0, m))?;
    if l.steps.is_empty() || l.steps.len() > MAX_STEPS {
        return Err(at_key(
            text,
            "steps",
            0,
            format!("a lesson has 1 to {MAX_STEPS} steps"),
        ));
    }
    if l.kind == LessonKind::Sandbox && l.menu.is_empty() {
        return Err(at_key(text, "steps", 0, "a sandbox needs a `menu`"));
    }
    let mut step_ids = BTreeSet::new();
    let mut line_from = 0;
    for (si, s) in l.steps.iter().enumerate() {
        let step_line = find_id_line(text, &s.id, line_from).unwrap_or(line_from);
        let at = |m: String| {
            let (line, col) = find_id_line(text, &s.id, line_from)
                .map(|ln| (ln + 1, col_of(text, ln)))
                .unwrap_or((1, 1));
            err(line, col, format!("step {:?}: {m}", s.id))
        };
        check_id(&s.id).map_err(at)?;
        if !step_ids.insert(s.id.clone()) {
            return Err(at("duplicate step id".into()));
        }
        need_locales(&s.title, locales, "title").map_err(at)?;
        need_markdown(&s.text, locales, "text").map_err(at)?;
        if let Some(e) = &s.explain {
            need_markdown(e, locales, "explain").map_err(at)?;
        }
        if s.hints.len() > MAX_HINTS {
            return Err(at(format!("more than {MAX_HINTS} hints")));
        }
        for (hi, h) in s.hints.iter().enumerate() {
            need_markdown(h, locales, &format!("hint {}", hi + 1)).map_err(at)?;
        }
        validate_play(&s.setup, "setup").map_err(at)?;
        validate_play(&s.solution, "solution").map_err(at)?;
        for (ai, a) in s.alternatives.iter().enumerate() {
            validate_play(a, &format!("alternative {}", ai + 1)).map_err(at)?;
            if a.is_empty() {
                return Err(at(format!("alternative {} is empty", ai + 1)));
            }
        }
        if si == 0 && s.fresh {
            return Err(at(
                "the first step always starts fresh; remove `fresh`".into()
            ));
        }
        let goal_kind = l.kind != LessonKind::Sandbox;
        if goal_kind && s.goals.is_empty() {
            return Err(at("needs at least one goal".into()));
        }
        if goal_kind && s.solution.is_empty() {
            return Err(at("needs a solution".into()));
        }
        if s.goals.len() > MAX_GOALS {
            return Err(at(format!("more than {MAX_GOALS} goals")));
        }
        let mut ids = BTreeSet::new();
        for sn in &s.try_ {
            let sat =
                |m: String| locate_id(text, &sn.id, step_line, format!("snippet {:?}: {m}", sn.id));
            check_id(&sn.id).map_err(sat)?;
            if !ids.insert(sn.id.clone()) {
                return Err(sat("duplicate id in this step".into()));
            }
            match (&sn.command, &sn.yaml) {
                (Some(c), None) if !c.trim().is_empty() => {}
                (None, Some(_)) if sn.file.as_deref().is_some_and(|f| !f.trim().is_empty()) => {}
                (None, Some(_)) => return Err(sat("a yaml snippet needs a `file` name".into())),
                _ => return Err(sat("give exactly one of `command` or `yaml`".into())),
            }
            if sn.term > 1 {
                return Err(sat("terminal must be 0 or 1".into()));
            }
            if let Some(lb) = &sn.label {
                need_locales(lb, locales, "label").map_err(sat)?;
            }
        }
        let mut ids = BTreeSet::new();
        for g in &s.goals {
            let gat =
                |m: String| locate_id(text, &g.id, step_line, format!("goal {:?}: {m}", g.id));
            check_id(&g.id).map_err(gat)?;
            if !ids.insert(g.id.clone()) {
                return Err(gat("duplicate id in this step".into()));
            }
            need_locales(&g.label, locales, "label").map_err(gat)?;
            g.check.validate(0).map_err(gat)?;
        }
        line_from = step_line;
    }
    let mut menu_ids = BTreeSet::new();
    for m in &l.menu {
        let mat = |msg: String| locate_id(text, &m.id, 0, format!("menu {:?}: {msg}", m.id));
        check_id(&m.id).map_err(mat)?;
        if !menu_ids.insert(m.id.clone()) {
            return Err(mat("duplicate id".into()));
        }
        need_locales(&m.label, locales, "label").map_err(mat)?;
        if let Some(d) = &m.description {
            need_markdown(d, locales, "description").map_err(mat)?;
        }
        if m.yaml.is_some() != m.file.is_some() {
            return Err(mat("`yaml` and `file` go together".into()));
        }
        if m.yaml.is_none() && m.play.is_empty() {
            return Err(mat("give `yaml` + `file` or `play`".into()));
        }
        validate_play(&m.play, "play").map_err(mat)?;
    }
    Ok(())
}

/// 0-based index of the first line at or after `from` that is `id: <id>` (optionally `- `).
fn find_id_line(text: &str, id: &str, from: usize) -> Option<usize> {
    text.lines().enumerate().skip(from).find_map(|(i, l)| {
        let t = l.trim_start().trim_start_matches("- ").trim();
        let v = t.strip_prefix("id:")?.trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'');
        (v == id).then_some(i)
    })
}

fn col_of(text: &str, line: usize) -> usize {
    text.lines()
        .nth(line)
        .map_or(1, |l| l.len() - l.trim_start().len() + 1)
}

fn locate_id(text: &str, id: &str, from: usize, message: String) -> PackError {
    match find_id_line(text, id, from).or_else(|| find_id_line(text, id, 0)) {
        Some(ln) => err(ln + 1, col_of(text, ln), message),
        None => err(1, 1, message),
    }
}

/// Locate a top-level (unindented) `key:` line.
fn at_key(text: &str, key: &str, from: usize, message: impl Into<String>) -> PackError {
    let found = text.lines().enumerate().skip(from).find(|(_, l)| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    match found {
        Some((i, _)) => err(i + 1, 1, message),
        None => err(1, 1, message),
    }
}
