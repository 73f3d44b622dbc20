//! The lesson format as serde types: a `Lesson` is one `lessons/NN-slug.yaml` file, a `Pack` is
//! an ordered list of lessons. The field names here ARE the authoring format documented in
//! `lessons/README.md`; every struct denies unknown fields so a typo in a teacher's file is an
//! error with a location instead of a silently ignored key.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::check::Check;

/// Text in several languages, keyed by locale tag (`en`, `zh-CN`, optionally `zh-TW`).
/// A map rather than a struct so a pack can add a locale without a code change; the loader
/// checks the tags and that the pack's required locales are present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<String, String>);

/// Locale tags a pack may use. Anything else is reported by the loader (catches `zh_CN`, `cn`).
pub const KNOWN_LOCALES: &[&str] = &["en", "zh-CN", "zh-TW"];

impl Localized {
    /// The text for `locale`, falling back zh-TW → zh-CN → en (the LGB chain), then to any
    /// text present, so the UI never shows an empty string for a loaded lesson.
    pub fn get(&self, locale: &str) -> &str {
        let chain: &[&str] = match locale {
            "zh-TW" => &["zh-TW", "zh-CN", "en"],
            "zh-CN" => &["zh-CN", "en"],
            _ => &["en"],
        };
        for tag in std::iter::once(&locale).chain(chain.iter()) {
            if let Some(t) = self.0.get(*tag) {
                return t;
            }
        }
        self.0.values().next().map(String::as_str).unwrap_or("")
    }

    /// True if `locale` has its own text (no fallback used).
    pub fn has(&self, locale: &str) -> bool {
        self.0.get(locale).is_some_and(|t| !t.trim().is_empty())
    }

    /// Build from (locale, text) pairs; used by tests and by code that makes labels.
    pub fn of(pairs: &[(&str, &str)]) -> Localized {
        Localized(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }
}

/// What kind of page a lesson is. A sandbox has no goals: it offers a menu instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum LessonKind {
    #[default]
    Lesson,
    /// A troubleshooting lab: every step starts broken.
    Lab,
    /// Free play with a menu of starting manifests and fault injections.
    Sandbox,
}

/// One lesson file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lesson {
    /// Stable id (used in progress records and URLs). Lowercase, digits and `-`.
    pub id: String,
    #[serde(default)]
    pub kind: LessonKind,
    /// Locales every text must have when this file is loaded on its own (default `[en, zh-CN]`);
    /// inside a pack the pack's `locales` apply.
    #[serde(default)]
    pub locales: Option<Vec<String>>,
    pub title: Localized,
    /// One or two sentences for the lesson list.
    pub summary: Localized,
    /// The guide section this lesson follows (free text, e.g. `创建StatefulSet`).
    #[serde(default)]
    pub guide: Option<String>,
    /// Cluster shape and seed for this lesson's fresh starts.
    #[serde(default)]
    pub cluster: ClusterSpec,
    /// Host files (name → content) present from the start, e.g. `statefulset.yaml`.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Builds the lesson's start state on a fresh cluster (after `files` are written).
    #[serde(default)]
    pub setup: Vec<Play>,
    pub steps: Vec<Step>,
    /// Sandbox only: starting manifests and fault injections offered as a menu.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
}

/// Seed and optional cluster configuration. `config` is handed to `sim::Cluster::with_config`
/// unchanged (the lab decodes it), so lesson never depends on the sim's config struct layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClusterSpec {
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub config: Option<serde_json::Value>,
}

fn default_seed() -> u64 {
    1
}

impl Default for ClusterSpec {
    fn default() -> Self {
        ClusterSpec {
            seed: default_seed(),
            config: None,
        }
    }
}

/// One step of a lesson: narrative, things to try, start state, solution, hints, goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Localized,
    /// Markdown (see `markdown.rs` for the subset).
    pub text: Localized,
    /// Commands and manifests the learner can insert or run with one click.
    #[serde(default, rename = "try")]
    pub try_: Vec<Snippet>,
    /// If true, this step starts from a fresh cluster (lesson `files` + `setup`, then this
    /// step's `setup`) instead of continuing from the previous step. Troubleshooting labs use it.
    #[serde(default)]
    pub fresh: bool,
    /// Builds this step's start state (after the previous step's solution, or fresh).
    #[serde(default)]
    pub setup: Vec<Play>,
    /// What "Show solution" plays; proving runs it and expects every goal met.
    #[serde(default)]
    pub solution: Vec<Play>,
    /// Other reasonable solutions (e.g. `kubectl patch` instead of `kubectl scale`). Proving
    /// plays each one from the start state and expects every goal met, so a check that is too
    /// strict fails the build instead of a learner.
    #[serde(default)]
    pub alternatives: Vec<Vec<Play>>,
    /// Tiered hints, shown one at a time.
    #[serde(default)]
    pub hints: Vec<Localized>,
    /// Shown once the step is done (Markdown).
    #[serde(default)]
    pub explain: Option<Localized>,
    /// The goal checklist. All must be met for the step to be done.
    #[serde(default)]
    pub goals: Vec<Goal>,
}

/// A one-click snippet: a command for the terminal or a manifest for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snippet {
    /// Stable id, unique within the step (the web uses it for buttons and analytics-free state).
    pub id: String,
    /// A terminal line (host shell, or the pod shell when one is open).
    #[serde(default)]
    pub command: Option<String>,
    /// A manifest to open in the editor under `file` (the learner then applies it).
    #[serde(default)]
    pub yaml: Option<String>,
    /// The file name for `yaml` (e.g. `statefulset.yaml`).
    #[serde(default)]
    pub file: Option<String>,
    /// Optional caption shown next to the snippet.
    #[serde(default)]
    pub label: Option<Localized>,
    /// Which terminal (0 or 1) a command goes to; 1 is handy for a watch.
    #[serde(default)]
    pub term: u8,
}

/// One item of a setup or solution script. In YAML a plain string is a terminal line;
/// the map forms write a file, move the clock, let the cluster settle or inject a fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Play {
    /// A line typed at the terminal (host prompt or, after `run -it`, the pod shell).
    Line(String),
    /// Anything else, spelled as a one-key map.
    Item(PlayItem),
}

/// The map forms of [`Play`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum PlayItem {
    /// A line on a given terminal: `{run: "kubectl get pods -w", term: 1}` is not supported by
    /// serde's one-key map, so terminals other than 0 use this struct form.
    Run { line: String, term: u8 },
    /// Write (or replace) a host file.
    File { name: String, content: String },
    /// Advance the virtual clock, e.g. `wait: 30s`.
    Wait(Duration),
    /// Run the cluster until it is idle, bounded by this duration (`settle: 5m`).
    Settle(Duration),
    /// Interrupt (Ctrl-C) what runs on a terminal.
    Interrupt(u8),
    /// A fault injection handed to `sim::Cluster::inject` (decoded by the lab).
    Fault(serde_json::Value),
}

/// A duration written as `500ms`, `30s`, `5m` or a bare number of milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "serde_yaml::Value", into = "String")]
pub struct Duration(pub u64);

impl Duration {
    pub fn millis(self) -> u64 {
        self.0
    }

    /// Parse `500ms`, `30s`, `2m`, `1h` or a bare integer (milliseconds).
    pub fn parse(s: &str) -> Result<Duration, String> {
        let s = s.trim();
        let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
            (n, 1)
        } else if let Some(n) = s.strip_suffix('s') {
            (n, 1_000)
        } else if let Some(n) = s.strip_suffix('m') {
            (n, 60_000)
        } else if let Some(n) = s.strip_suffix('h') {
            (n, 3_600_000)
        } else {
            (s, 1)
        };
        let n: u64 = num
            .trim()
            .parse()
            .map_err(|_| format!("invalid duration {s:?}: use e.g. 500ms, 30s, 5m"))?;
        n.checked_mul(mult)
            .map(Duration)
            .ok_or_else(|| format!("duration {s:?} is too large"))
    }
}

impl TryFrom<serde_yaml::Value> for Duration {
    type Error = String;
    fn try_from(v: serde_yaml::Value) -> Result<Self, String> {
        match v {
            serde_yaml::Value::Number(n) => n
                .as_u64()
                .map(Duration)
                .ok_or_else(|| "duration must be a positive number of milliseconds".into()),
            serde_yaml::Value::String(s) => Duration::parse(&s),
            _ => Err("duration must be a string like 30s or a number of milliseconds".into()),
        }
    }
}

impl From<Duration> for String {
    fn from(d: Duration) -> String {
        if d.0.is_multiple_of(60_000) && d.0 > 0 {
            format!("{}m", d.0 / 60_000)
        } else if d.0.is_multiple_of(1_000) && d.0 > 0 {
            format!("{}s", d.0 / 1_000)
        } else {
            format!("{}ms", d.0)
        }
    }
}

/// One goal: an id, a label in every language saying what is compared, and the predicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Goal {
    pub id: String,
    pub label: Localized,
    /// serde_yaml 0.9 spells enums as `!tags` by default; lesson files use the friendlier
    /// one-key map (`check: {podReady: {name: web-2}}`), nested too.
    #[serde(with = "serde_yaml::with::singleton_map_recursive")]
    pub check: Check,
}

/// A sandbox menu entry: a manifest to open, a script to play, or a fault to inject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MenuItem {
    pub id: String,
    pub label: Localized,
    #[serde(default)]
    pub description: Option<Localized>,
    /// Opens this manifest in the editor under `file`.
    #[serde(default)]
    pub yaml: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
    /// Plays these items (commands, faults) on the current cluster.
    #[serde(default)]
    pub play: Vec<Play>,
}

/// An ordered list of lessons: the built-in course or a teacher's pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    pub title: Localized,
    /// Locales every text must have. Default `[en, zh-CN]`. A pack written in one language
    /// declares e.g. `locales: [en]`; other locales then fall back to it.
    #[serde(default = "default_locales")]
    pub locales: Vec<String>,
    pub lessons: Vec<Lesson>,
}

pub fn default_locales() -> Vec<String> {
    vec!["en".into(), "zh-CN".into()]
}
