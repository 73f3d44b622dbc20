//! Command dispatch and the error rendering every command shares (`cmdutil.CheckErr`).

pub mod apply;
pub mod create;
pub mod create_service;
pub mod delete;
pub mod describe;
pub mod edit;
pub mod events;
pub mod explain;
pub mod explain_schema;
pub mod follow;
pub mod get;
pub mod info;
pub mod logs;
pub mod logs_kubelet;
pub mod node;
pub mod patch;
pub mod pod_for_object;
pub mod podcmd;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod service;
pub mod set_resources;
pub mod version;
pub mod wait;
pub mod watch;

use super::args::{self, FlagSpec, Parsed};
use super::{help, KubectlCtx, Outcome, Output};
use crate::sim::{ApiError, StatusReason};

/// Every top-level kubectl v1.35 command (for "unknown command" suggestions, and to tell a
/// real-but-unsimulated command from a typo).
pub const KUBECTL_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "alpha",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
    "options",
];

/// The commands this simulator implements.
pub const SUPPORTED: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "label",
    "logs",
    "patch",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "uncordon",
    "version",
    "wait",
];

/// kubectl's rendering of an API error (`checkErr`): the Invalid "The X "n" is invalid" forms,
/// else `Error from server (Reason): message`.
pub fn api_error_text(e: &ApiError) -> String {
    if let Some(t) = e.kubectl_invalid_text() {
        return t;
    }
    if e.reason == StatusReason::Invalid {
        return format!("The request is invalid: {}", e.message);
    }
    format!("Error from server ({}): {}", e.reason.as_str(), e.message)
}

/// The same error with `error when <verb> "<source>": ` put in front of the Status message,
/// as `cmdutil.AddSourceToErr` does (Invalid errors with causes are unaffected).
pub fn api_error_with_source(e: &ApiError, verb: &str, source: &str) -> String {
    if e.kubectl_invalid_text().is_some() || source.is_empty() {
        return api_error_text(e);
    }
    format!(
        "Error from server ({}): error when {verb} \"{source}\": {}",
        e.reason.as_str(),
        e.message
    )
}

/// The one-line form used when several errors are aggregated (`MultipleErrors`).
pub fn api_error_line_with_source(e: &ApiError, verb: &str, source: &str) -> String {
    if source.is_empty() {
        return format!("Error from server ({}): {}", e.reason.as_str(), e.message);
    }
    format!(
        "Error from server ({}): error when {verb} \"{source}\": {}",
        e.reason.as_str(),
        e.message
    )
}

/// Parse a command's flags, turning pflag errors into kubectl's two-line usage error.
pub fn parse_flags(path: &str, rest: &[String], specs: &[FlagSpec]) -> Result<Parsed, Output> {
    let p = args::parse(rest, specs)
        .map_err(|e| Output::err(format!("error: {e}\nSee '{path} --help' for usage.")))?;
    match args::unmodelled(&p, specs) {
        Some(flag) => Err(Output::err(format!(
            "error: \"{path} --{flag}\" is not available in this simulator"
        ))),
        None => Ok(p),
    }
}

/// Warnings the API server attaches to responses about `kinds` (kubectl prints each once):
/// v1 Endpoints is deprecated since v1.33.
pub fn api_warnings(kinds: &[crate::sim::Kind]) -> String {
    if kinds.contains(&crate::sim::Kind::Endpoints) {
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
            .into()
    } else {
        String::new()
    }
}

/// Prepends `warnings` to what a command prints.
pub fn with_warnings(outcome: Outcome, warnings: String) -> Outcome {
    if warnings.is_empty() {
        return outcome;
    }
    match outcome {
        Outcome::Done(mut o) => {
            o.warnings.insert_str(0, &warnings);
            Outcome::Done(o)
        }
        Outcome::Running(p) => Outcome::Running(Box::new(delete::Prefixed {
            first: Some(Output {
                warnings,
                ..Default::default()
            }),
            inner: BoxedProcess(p),
        })),
        other => other,
    }
}

/// A boxed process as a `Clone` process (for [`delete::Prefixed`]).
#[derive(Clone)]
pub struct BoxedProcess(pub Box<dyn super::Process>);

impl super::Process for BoxedProcess {
    fn poll(&mut self, cluster: &mut crate::sim::Cluster) -> super::ProcessPoll {
        self.0.poll(cluster)
    }
    fn interrupt(&mut self, cluster: &mut crate::sim::Cluster) -> Output {
        self.0.interrupt(cluster)
    }
    fn wants_time(&self) -> bool {
        self.0.wants_time()
    }
    fn wake_at(&self) -> Option<u64> {
        self.0.wake_at()
    }
}

/// `--dry-run` and `-o name` of a command that writes objects and prints one
/// `<kind>/<name> <op>` line per object (scale, set image, patch, label, annotate); commands
/// that print the object they wrote (`create service`, `expose`) also take `-o yaml|json`.
pub struct WriteMode {
    /// "" (none), "client" or "server".
    pub dry: String,
    pub name_only: bool,
    /// "yaml" or "json" when the command prints the object itself.
    pub object_format: Option<&'static str>,
    /// Objects printed so far: cli-runtime's YAMLPrinter puts `---` before every object
    /// after the first.
    printed: std::cell::Cell<usize>,
}

impl WriteMode {
    pub fn parse(p: &Parsed, path: &str) -> Result<WriteMode, Output> {
        Self::parse_with(p, path, false)
    }

    /// As [`WriteMode::parse`], for a command that has the written object at hand and so
    /// can print it with `-o yaml|json`.
    pub fn parse_printing(p: &Parsed, path: &str) -> Result<WriteMode, Output> {
        Self::parse_with(p, path, true)
    }

    fn parse_with(p: &Parsed, path: &str, objects: bool) -> Result<WriteMode, Output> {
        let dry = apply::dry_run(p)?;
        let object_format = match p.str("output") {
            None | Some("name") => None,
            Some("yaml") if objects => Some("yaml"),
            Some("json") if objects => Some("json"),
            Some(o) => {
                return Err(Output::err(format!(
                    "error: \"{path} --output={o}\" is not available in this simulator"
                )))
            }
        };
        Ok(WriteMode {
            dry,
            name_only: p.str("output") == Some("name"),
            object_format,
            printed: std::cell::Cell::new(0),
        })
    }

    /// What kubectl's printer prints for `obj`: the object with `-o yaml|json`, else the
    /// `<kind>/<name> <op>` line.
    pub fn print(&self, obj: &crate::sim::Object, op: &str) -> String {
        let n = self.printed.get();
        self.printed.set(n + 1);
        match self.object_format {
            Some("yaml") => {
                let sep = if n > 0 { "---\n" } else { "" };
                format!(
                    "{sep}{}",
                    crate::kubectl::render::yaml::to_yaml(&obj.to_value())
                )
            }
            Some(_) => crate::kubectl::render::json::to_json(&obj.to_value()),
            None => self.line(obj.kind(), obj.name(), op),
        }
    }

    /// A client dry run sends nothing: kubectl prints what it would have done.
    pub fn sends(&self) -> bool {
        self.dry != "client"
    }

    /// A server dry run is admitted and validated like a write, and stores nothing.
    pub fn options(&self) -> crate::sim::WriteOptions {
        crate::sim::WriteOptions {
            dry_run: self.dry == "server",
            ..Default::default()
        }
    }

    pub fn line(&self, kind: crate::sim::Kind, name: &str, op: &str) -> String {
        if self.name_only {
            format!("{}/{name}\n", kind.singular_qualified())
        } else {
            apply::op_line(kind, name, op, &self.dry)
        }
    }
}

/// `error: <msg>` + `See '<path> -h' for help and examples` (cmdutil.UsageErrorf).
pub fn usage_error(path: &str, msg: &str) -> Output {
    Output::err(format!(
        "error: {msg}\nSee '{path} -h' for help and examples"
    ))
}

/// `cmdutil.DefaultSubCommandRun`, which a command made only of subcommands (`kubectl set`,
/// `kubectl create service`) runs when no subcommand matched: words left over are
/// RequireNoArguments' usage error; with none, the command's help goes to stderr, status 1.
pub fn default_sub_command_run(path: &str, rest: &[String], help: Option<String>) -> Output {
    // A leading flag (`kubectl set -n default`) leaves no argument: the help.
    if rest.first().is_none_or(|w| w.starts_with('-')) {
        return Output {
            stderr: help.unwrap_or_default(),
            status: 1,
            ..Default::default()
        };
    }
    let args: Vec<&str> = rest
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    usage_error(path, &format!("unknown command \"{}\"", args.join(" ")))
}

/// The namespace a command works in: `-n` or the context's.
pub fn namespace(p: &Parsed, cx: &KubectlCtx) -> String {
    p.str("namespace")
        .map(str::to_string)
        .unwrap_or_else(|| cx.namespace.clone())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// cobra's unknown-command error with "Did you mean this?" suggestions (distance ≤ 2 or prefix).
fn unknown_command(name: &str) -> Output {
    let lower = name.to_lowercase();
    // cobra lists the root's commands in name order.
    let mut sugg: Vec<&str> = KUBECTL_COMMANDS
        .iter()
        .copied()
        .filter(|c| levenshtein(&lower, c) <= 2 || c.starts_with(&lower))
        .collect();
    sugg.sort();
    let mut s = format!("error: unknown command \"{name}\" for \"kubectl\"");
    if !sugg.is_empty() {
        s.push_str("\n\nDid you mean this?\n");
        for c in sugg {
            s.push('\t');
            s.push_str(c);
            s.push('\n');
        }
    }
    Output::err(s)
}

/// Route argv (without `kubectl`) to a command.
pub fn dispatch(argv: &[String], stdin: Option<&str>, cx: &mut KubectlCtx) -> Outcome {
    // Global flags may precede the command (`kubectl -n kube-system get pods`).
    let mut i = 0;
    let mut global: Vec<String> = Vec::new();
    while i < argv.len() && argv[i].starts_with('-') && argv[i] != "--" {
        global.push(argv[i].clone());
        let takes_value = matches!(argv[i].as_str(), "-n" | "--namespace");
        i += 1;
        if takes_value && i < argv.len() {
            global.push(argv[i].clone());
            i += 1;
        }
    }
    let Some(name) = argv.get(i) else {
        return Outcome::Done(Output::out(help::root()));
    };
    let mut rest: Vec<String> = argv[i + 1..].to_vec();
    rest.extend(global.iter().cloned());
    let dash = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    if rest[..dash].iter().any(|a| a == "-h" || a == "--help") {
        let words: Vec<&str> = rest[..dash]
            .iter()
            .filter(|a| !a.starts_with('-'))
            .map(|a| match (name.as_str(), a.as_str()) {
                // cobra resolves aliases before it picks the help text.
                ("create", "svc") => "service",
                (_, a) => a,
            })
            .collect();
        let nested = match words.as_slice() {
            [a, b, ..] => help::exact(name, &format!("{a} {b}")),
            _ => None,
        };
        return Outcome::Done(
            match nested.or_else(|| help::for_command(name, words.first().copied())) {
                Some(t) => Output::out(t),
                None if KUBECTL_COMMANDS.contains(&name.as_str()) => not_simulated(name),
                None => unknown_command(name),
            },
        );
    }
    let out = match name.as_str() {
        "get" => return get::run(&rest, cx),
        "describe" => describe::run(&rest, cx),
        "apply" => apply::run_apply(&rest, stdin, cx),
        "replace" => apply::run_replace(&rest, stdin, cx),
        "create" => create::run(&rest, stdin, cx),
        "edit" => return edit::run(&rest, cx),
        "explain" => explain::run(&rest, cx),
        "events" => return events::run(&rest, cx),
        "logs" => return logs::run(&rest, cx),
        "patch" => patch::run_patch(&rest, cx),
        "label" => patch::run_label(&rest, cx, false),
        "annotate" => patch::run_label(&rest, cx, true),
        "scale" => scale::run_scale(&rest, cx),
        "set" => scale::run_set(&rest, cx),
        "expose" => service::run_expose(&rest, cx),
        "delete" => return delete::run(&rest, stdin, cx),
        "rollout" => return rollout::run(&rest, cx),
        "run" => return run::run_run(&rest, cx),
        "exec" => return run::run_exec(&rest, cx),
        "wait" => return wait::run(&rest, cx),
        "cordon" => node::run_cordon(&rest, cx, true),
        "uncordon" => node::run_cordon(&rest, cx, false),
        "drain" => return node::run_drain(&rest, cx),
        "version" => version::run(&rest, cx),
        "cluster-info" => info::run_cluster_info(&rest, cx),
        "api-resources" => info::run_api_resources(&rest, cx),
        other if KUBECTL_COMMANDS.contains(&other) => not_simulated(other),
        other => unknown_command(other),
    };
    Outcome::Done(out)
}

/// A real kubectl command the simulator does not model (honest simulator text, not kubectl's).
fn not_simulated(name: &str) -> Output {
    Output::err(format!(
        "error: \"kubectl {name}\" is not available in this simulator"
    ))
}

/// Split `-f` values (pflag StringSlice: comma separated, repeatable).
pub fn filenames(p: &Parsed) -> Vec<String> {
    args::split_commas(&p.all("filename"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let o = unknown_command("gte");
        assert_eq!(
            o.stderr,
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"
        );
        assert_eq!(
            unknown_command("rollot").stderr,
            "error: unknown command \"rollot\" for \"kubectl\"\n\nDid you mean this?\n\trollout\n"
        );
        assert_eq!(
            unknown_command("xyzzy").stderr,
            "error: unknown command \"xyzzy\" for \"kubectl\"\n"
        );
    }
}
