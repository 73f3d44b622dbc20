//! Static checks over the built-in course that do not need a cluster: every file a command
//! applies exists, every `ran` goal is satisfiable by the step's own solution, troubleshooting
//! labs start broken on purpose (they have a setup), and ids are stable and unique.
use std::collections::BTreeSet;
use stslab::lesson::{self, argv, Check, LessonKind, Play, PlayItem};

fn lines(plays: &[Play]) -> Vec<String> {
    plays
        .iter()
        .filter_map(|p| match p {
            Play::Line(l) => Some(l.clone()),
            Play::Item(PlayItem::Run { line, .. }) => Some(line.clone()),
            _ => None,
        })
        .collect()
}

fn ran_commands(c: &Check, out: &mut Vec<Vec<String>>) {
    match c {
        Check::Ran { command, .. } => out.push(vec![command.clone()]),
        Check::AnyOf(cs) => {
            // Any alternative will do: collect them as one group.
            let mut alts = Vec::new();
            for c in cs {
                if let Check::Ran { command, .. } = c {
                    alts.push(command.clone());
                }
            }
            if alts.len() == cs.len() {
                out.push(alts);
            } else {
                cs.iter().for_each(|c| ran_commands(c, &mut Vec::new()));
            }
        }
        Check::AllOf(cs) => cs.iter().for_each(|c| ran_commands(c, out)),
        _ => {}
    }
}

#[test]
fn applied_files_exist() {
    let pack = lesson::builtin().expect("builtin");
    for l in &pack.lessons {
        let mut known: BTreeSet<String> = l.files.keys().cloned().collect();
        known.extend(l.menu.iter().filter_map(|m| m.file.clone()));
        for s in &l.steps {
            for p in s
                .setup
                .iter()
                .chain(&s.solution)
                .chain(s.alternatives.iter().flatten())
            {
                match p {
                    Play::Item(PlayItem::File { name, .. }) => {
                        known.insert(name.clone());
                    }
                    // A here-document typed at the prompt writes a file too:
                    // `cat > svc.yaml <<'EOF'`.
                    Play::Line(l) => {
                        if let Some(name) = l
                            .trim_start()
                            .strip_prefix("cat >")
                            .and_then(|r| r.split_whitespace().next())
                        {
                            known.insert(name.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut all: Vec<String> = lines(&l.setup);
        for s in &l.steps {
            all.extend(lines(&s.setup));
            all.extend(lines(&s.solution));
            s.alternatives.iter().for_each(|a| all.extend(lines(a)));
            all.extend(s.try_.iter().filter_map(|t| t.command.clone()));
        }
        for line in all {
            for st in argv::stages(&line) {
                if st.first().map(String::as_str) != Some("kubectl") {
                    continue;
                }
                if let Some(i) = st.iter().position(|w| w == "-f") {
                    let f = &st[i + 1];
                    if f == "-" {
                        // `kubectl apply -f - <<'EOF'`: the manifest comes on stdin.
                        continue;
                    }
                    assert!(
                        known.contains(f),
                        "{}: `{line}` applies {f}, which the lesson does not provide",
                        l.id
                    );
                }
            }
        }
    }
}

#[test]
fn ran_goals_are_met_by_the_solution() {
    let pack = lesson::builtin().expect("builtin");
    for l in &pack.lessons {
        for s in &l.steps {
            for sol in std::iter::once(&s.solution).chain(&s.alternatives) {
                let sol = lines(sol);
                for g in &s.goals {
                    let mut groups = Vec::new();
                    ran_commands(&g.check, &mut groups);
                    for alts in groups {
                        assert!(
                            alts.iter()
                                .any(|a| sol.iter().any(|line| argv::matches(a, line))),
                            "{}/{}/{}: no solution line satisfies {:?}",
                            l.id,
                            s.id,
                            g.id,
                            alts
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn labs_start_broken_and_ids_are_unique() {
    let pack = lesson::builtin().expect("builtin");
    let mut ids = BTreeSet::new();
    for l in &pack.lessons {
        assert!(ids.insert(l.id.clone()));
        if l.kind == LessonKind::Lab {
            for s in &l.steps {
                assert!(
                    !s.setup.is_empty(),
                    "{}/{}: a lab step builds its broken start",
                    l.id,
                    s.id
                );
                assert!(
                    s.hints.len() >= 2,
                    "{}/{}: labs give tiered hints",
                    l.id,
                    s.id
                );
            }
        }
        for s in &l.steps {
            assert!(
                s.explain.is_some() || l.kind == LessonKind::Sandbox,
                "{}/{}: explanation",
                l.id,
                s.id
            );
        }
    }
    assert!(pack.lessons.len() >= 15);
}
