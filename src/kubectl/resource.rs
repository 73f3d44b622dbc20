//! Resource/name argument forms, as cli-runtime's resource.Builder reads them:
//! `sts web`, `statefulset/web`, `sts,pods`, `pods web-0 web-1`, `all`, and the errors kubectl
//! prints for unknown types and mixed forms.

use crate::sim::Kind;

/// The `all` category (kubectl's `all` expands to these, in this order; kinds the simulator
/// does not serve — daemonsets, jobs, cronjobs, … — have no objects to show anyway).
pub const ALL_CATEGORY: &[Kind] = &[
    Kind::Pod,
    Kind::Service,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
];

/// What the positional arguments asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// `TYPE[,TYPE...] [NAME...]`; empty names = every object of the types.
    Types {
        kinds: Vec<Kind>,
        names: Vec<String>,
        all_category: bool,
    },
    /// `TYPE/NAME ...`.
    Pairs(Vec<(Kind, String)>),
}

impl Selection {
    /// (kind, Some(name)) pairs or (kind, None) for whole lists, in kubectl's visiting order.
    pub fn targets(&self) -> Vec<(Kind, Option<String>)> {
        match self {
            Selection::Pairs(p) => p.iter().map(|(k, n)| (*k, Some(n.clone()))).collect(),
            Selection::Types { kinds, names, .. } if names.is_empty() => {
                kinds.iter().map(|k| (*k, None)).collect()
            }
            Selection::Types { kinds, names, .. } => kinds
                .iter()
                .flat_map(|k| names.iter().map(move |n| (*k, Some(n.clone()))))
                .collect(),
        }
    }

    pub fn kinds(&self) -> Vec<Kind> {
        let mut v: Vec<Kind> = Vec::new();
        for (k, _) in self.targets() {
            if !v.contains(&k) {
                v.push(k);
            }
        }
        if let Selection::Types { kinds, .. } = self {
            for k in kinds {
                if !v.contains(k) {
                    v.push(*k);
                }
            }
        }
        v
    }

    pub fn has_names(&self) -> bool {
        match self {
            Selection::Pairs(_) => true,
            Selection::Types { names, .. } => !names.is_empty(),
        }
    }

    /// Whether names are printed with a `kind/` prefix (several types, or `all`).
    pub fn multi_kind(&self) -> bool {
        match self {
            Selection::Pairs(p) => {
                let mut kinds: Vec<Kind> = p.iter().map(|x| x.0).collect();
                kinds.dedup();
                kinds.len() > 1
            }
            Selection::Types {
                kinds,
                all_category,
                ..
            } => *all_category || kinds.len() > 1,
        }
    }
}

/// `error: the server doesn't have a resource type "foo"`.
pub fn unknown_type(t: &str) -> String {
    format!("error: the server doesn't have a resource type \"{t}\"")
}

/// Resolve one user-typed type.
pub fn kind_of(t: &str) -> Result<Kind, String> {
    Kind::from_user_str(t).ok_or_else(|| unknown_type(t))
}

/// Parse positionals. Errors are full stderr lines (with `error: `).
pub fn parse(args: &[String]) -> Result<Selection, String> {
    if args.is_empty() {
        return Err(String::new());
    }
    if args[0].contains('/') {
        let mut pairs = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            if n.is_empty() {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name"
                        .to_string(),
                );
            }
            pairs.push((kind_of(t)?, n.to_string()));
        }
        return Ok(Selection::Pairs(pairs));
    }
    let mut kinds = Vec::new();
    let mut all_category = false;
    for t in args[0].split(',').filter(|t| !t.is_empty()) {
        if t == "all" {
            all_category = true;
            for k in ALL_CATEGORY {
                if !kinds.contains(k) {
                    kinds.push(*k);
                }
            }
            continue;
        }
        let k = kind_of(t)?;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let names: Vec<String> = args[1..].to_vec();
    if names.iter().any(|n| n.contains('/')) {
        return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
    }
    Ok(Selection::Types {
        kinds,
        names,
        all_category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            parse(&v(&["sts", "web"])).unwrap().targets(),
            vec![(Kind::StatefulSet, Some("web".to_string()))]
        );
        assert_eq!(
            parse(&v(&["statefulset/web", "pod/web-0"]))
                .unwrap()
                .targets(),
            vec![
                (Kind::StatefulSet, Some("web".into())),
                (Kind::Pod, Some("web-0".into()))
            ]
        );
        let s = parse(&v(&["sts,pods"])).unwrap();
        assert!(s.multi_kind());
        assert_eq!(
            s.targets(),
            vec![(Kind::StatefulSet, None), (Kind::Pod, None)]
        );
        assert_eq!(
            parse(&v(&["pods", "web-0", "web-1"]))
                .unwrap()
                .targets()
                .len(),
            2
        );
        assert_eq!(
            parse(&v(&["foo"])).unwrap_err(),
            "error: the server doesn't have a resource type \"foo\""
        );
        assert!(parse(&v(&["pods", "pod/web-0"]))
            .unwrap_err()
            .contains("resource/name form"));
    }
}
