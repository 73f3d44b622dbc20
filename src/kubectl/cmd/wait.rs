//! `kubectl wait --for=condition=X[=value] | --for=delete` as a blocking [`Process`]:
//! objects are checked in order, each prints `<kind>/<name> condition met` when satisfied;
//! `--timeout` (default 30s of virtual time) ends it with kubectl's timeout error.

use super::scale::targets;
use super::{namespace, parse_flags};
use crate::kubectl::args::{FlagKind, FlagSpec};
use crate::kubectl::{KubectlCtx, Outcome, Output, Process, ProcessPoll};
use crate::sim::{Cluster, Kind, Object};

#[derive(Clone, Debug)]
enum For {
    Delete,
    Condition(String, String),
}

#[derive(Clone)]
pub struct Wait {
    targets: Vec<(Kind, String, String, Option<String>)>,
    next: usize,
    cond: For,
    deadline: u64,
}

/// Parse a Go duration such as `30s`, `2m`, `1m30s`, `500ms` into milliseconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let mut total = 0f64;
    let mut rest = s;
    while !rest.is_empty() {
        let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let num: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let mult = match &rest[..u] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += num * mult;
        rest = &rest[u..];
    }
    Some(total as u64)
}

fn satisfied(c: &Cluster, cond: &For, t: &(Kind, String, String, Option<String>)) -> bool {
    let got = c.api().get(t.0, &t.1, &t.2).ok();
    match cond {
        For::Delete => got.is_none_or(|o| Some(&o.meta().uid) != t.3.as_ref()),
        For::Condition(name, want) => {
            let Some(o) = got else { return false };
            let v = o.to_value();
            v.pointer("/status/conditions")
                .and_then(|x| x.as_array())
                .is_some_and(|cs| {
                    cs.iter().any(|c| {
                        c.get("type")
                            .and_then(|x| x.as_str())
                            .is_some_and(|t| t.eq_ignore_ascii_case(name))
                            && c.get("status")
                                .and_then(|x| x.as_str())
                                .is_some_and(|s| s.eq_ignore_ascii_case(want))
                    })
                })
        }
    }
}

impl Process for Wait {
    fn poll(&mut self, cluster: &mut Cluster) -> ProcessPoll {
        let mut r = ProcessPoll::default();
        while self.next < self.targets.len()
            && satisfied(cluster, &self.cond, &self.targets[self.next])
        {
            let t = &self.targets[self.next];
            r.stdout.push_str(&format!(
                "{}/{} condition met\n",
                t.0.singular_qualified(),
                t.2
            ));
            self.next += 1;
        }
        if self.next == self.targets.len() {
            r.finished = Some(0);
        } else if cluster.now() >= self.deadline {
            let t = &self.targets[self.next];
            r.stderr.push_str(&format!(
                "error: timed out waiting for the condition on {}/{}\n",
                t.0.resource(),
                t.2
            ));
            r.finished = Some(1);
        }
        r
    }
    fn wants_time(&self) -> bool {
        true
    }
    fn wake_at(&self) -> Option<u64> {
        Some(self.deadline)
    }
}

pub fn run(rest: &[String], cx: &mut KubectlCtx) -> Outcome {
    let flags = [
        FlagSpec::new("for", None, FlagKind::Str),
        FlagSpec::new("timeout", None, FlagKind::Str),
        FlagSpec::new("selector", Some('l'), FlagKind::Str),
        FlagSpec::new("all", None, FlagKind::Bool),
    ];
    let p = match parse_flags("kubectl wait", rest, &flags) {
        Ok(p) => p,
        Err(o) => return Outcome::Done(o),
    };
    let f = p.str("for").unwrap_or("");
    let cond = if f.eq_ignore_ascii_case("delete") {
        For::Delete
    } else if let Some(c) = f.strip_prefix("condition=") {
        match c.split_once('=') {
            Some((n, v)) => For::Condition(n.to_string(), v.to_string()),
            None => For::Condition(c.to_string(), "True".to_string()),
        }
    } else if f.is_empty() {
        return Outcome::Done(Output::err("error: --for must be specified"));
    } else {
        return Outcome::Done(Output::err(format!(
            "error: unrecognized condition: \"{f}\""
        )));
    };
    let timeout = match p.str("timeout") {
        Some(t) => match parse_duration(t) {
            Some(ms) => ms,
            None => return Outcome::Done(Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: {}\nSee 'kubectl wait --help' for usage.", crate::kubectl::gotime::duration_error(t)))),
        },
        None => 30_000,
    };
    let ns = namespace(&p, cx);
    let ts = match targets(
        p.args_before_dash(),
        p.str("selector"),
        p.bool_or("all", false),
        &ns,
        cx,
    ) {
        Ok(t) => t,
        Err(o) => return Outcome::Done(o),
    };
    if ts.is_empty() {
        return Outcome::Done(Output::err("error: no matching resources found"));
    }
    let mut full = Vec::new();
    for (k, n) in ts {
        let tns = if k.namespaced() {
            ns.clone()
        } else {
            String::new()
        };
        let uid = cx
            .cluster
            .api()
            .get(k, &tns, &n)
            .ok()
            .map(|o: &Object| o.meta().uid.clone());
        if uid.is_none() && matches!(cond, For::Condition(..)) {
            if let Err(e) = cx.cluster.api().get(k, &tns, &n) {
                return Outcome::Done(Output::err(super::api_error_text(&e)));
            }
        }
        full.push((k, tns, n, uid));
    }
    let mut w = Wait {
        targets: full,
        next: 0,
        cond,
        deadline: cx.cluster.now() + timeout,
    };
    let first = w.poll(cx.cluster);
    if first.finished.is_some() {
        return Outcome::Done(Output {
            warnings: first.warnings,
            stdout: first.stdout,
            stderr: first.stderr,
            status: first.finished.unwrap_or(0),
        });
    }
    Outcome::Running(Box::new(super::delete::Prefixed {
        first: Some(Output {
            warnings: first.warnings,
            stdout: first.stdout,
            stderr: first.stderr,
            status: 0,
        }),
        inner: w,
    }))
}
