//! `kubectl version [--client] [-o yaml|json]` (`pkg/cmd/version/version.go`).
//!
//! `-o json` is Go's `json.MarshalIndent(&versionInfo, "", "  ")` of kubectl's `Version`
//! struct, so fields come in struct order (clientVersion, kustomizeVersion, serverVersion);
//! `-o yaml` goes through sigs.k8s.io/yaml, which sorts keys. Both end with `Fprintln`'s
//! extra newline. The server's `version.Info` carries the emulation and min-compatibility
//! fields kube-apiserver v1.35 fills in; kubectl's own leaves them empty (`omitempty`).

use super::parse_flags;
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::render::json;
use crate::kubectl::render::yaml::to_yaml;
use crate::kubectl::{KubectlCtx, Output};
use serde_json::{Map, Value};

pub const CLIENT_VERSION: &str = "v1.35.7";
pub const KUSTOMIZE_VERSION: &str = "v5.7.1";

/// Build metadata of the simulated binaries. The v1.35.7 release's own commit, build date
/// and Go version could not be checked against a release artifact, so the simulator does
/// not pretend to know them: it reports what an untagged Kubernetes build reports
/// (`hack/lib/version.sh` defaults: epoch build date) with an all-zero commit.
const GIT_COMMIT: &str = "0000000000000000000000000000000000000000";
const BUILD_DATE: &str = "1970-01-01T00:00:00Z";
const GO_VERSION: &str = "go1.25";

/// kubectl version's flags (also offered by completion).
pub const FLAGS: &[FlagSpec] = &[
    FlagSpec::new("client", None, FlagKind::Bool),
    FlagSpec::new("output", Some('o'), FlagKind::Str),
];

/// apimachinery `version.Info` in struct order; `server` adds the emulation fields.
fn info(server: bool) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("major", "1"), ("minor", "35")];
    if server {
        v.extend([
            ("emulationMajor", "1"),
            ("emulationMinor", "35"),
            ("minCompatibilityMajor", "1"),
            ("minCompatibilityMinor", "34"),
        ]);
    }
    v.extend([
        ("gitVersion", CLIENT_VERSION),
        ("gitCommit", GIT_COMMIT),
        ("gitTreeState", "clean"),
        ("buildDate", BUILD_DATE),
        ("goVersion", GO_VERSION),
        ("compiler", "gc"),
        ("platform", "linux/amd64"),
    ]);
    v
}

pub fn run(rest: &[String], _cx: &mut KubectlCtx) -> Output {
    let p = match parse_flags("kubectl version", rest, FLAGS) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let args = p.args_before_dash();
    if !args.is_empty() {
        return Output::err(format!("error: extra arguments: [{}]", args.join(" ")));
    }
    let client_only = p.bool_or("client", false);
    match p.str("output").unwrap_or("") {
        "" => {
            let mut s = format!(
                "Client Version: {CLIENT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n"
            );
            if !client_only {
                s.push_str(&format!("Server Version: {CLIENT_VERSION}\n"));
            }
            Output::out(s)
        }
        "json" => Output::out(format!("{}\n", to_json(client_only))),
        "yaml" => Output::out(format!("{}\n", to_yaml(&to_value(client_only)))),
        _ => Output::err("error: --output must be 'yaml' or 'json'"),
    }
}

/// `json.MarshalIndent` with a two-space indent, keeping struct field order.
fn to_json(client_only: bool) -> String {
    let block = |server: bool| {
        let lines: Vec<String> = info(server)
            .iter()
            .map(|(k, v)| format!("    \"{k}\": {}", quoted(v)))
            .collect();
        format!("{{\n{}\n  }}", lines.join(",\n"))
    };
    let mut fields = vec![
        format!("  \"clientVersion\": {}", block(false)),
        format!("  \"kustomizeVersion\": {}", quoted(KUSTOMIZE_VERSION)),
    ];
    if !client_only {
        fields.push(format!("  \"serverVersion\": {}", block(true)));
    }
    format!("{{\n{}\n}}", fields.join(",\n"))
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    json::string(&mut out, s);
    out
}

fn to_value(client_only: bool) -> Value {
    let block = |server: bool| {
        Value::Object(
            info(server)
                .into_iter()
                .map(|(k, v)| (k.to_string(), Value::from(v)))
                .collect::<Map<String, Value>>(),
        )
    };
    let mut m = Map::new();
    m.insert("clientVersion".into(), block(false));
    m.insert("kustomizeVersion".into(), Value::from(KUSTOMIZE_VERSION));
    if !client_only {
        m.insert("serverVersion".into(), block(true));
    }
    Value::Object(m)
}
