//! Goal predicates over a hand-built view: each check accepts the state it names and rejects
//! the states around it (start state, wrong order, a replaced claim).
use serde_json::{json, Value};
use stslab::lesson::check::{eval, EventView, View, WatchEntry};
use stslab::lesson::{Check, History};

#[derive(Default)]
struct Fake {
    objects: Vec<(String, String, Value)>,
    log: Vec<WatchEntry>,
    events: Vec<EventView>,
}

impl Fake {
    fn put(&mut self, kind: &str, obj: Value) {
        let name = obj["metadata"]["name"].as_str().unwrap().to_string();
        let action = if self.objects.iter().any(|(k, n, _)| k == kind && *n == name) {
            "MODIFIED"
        } else {
            "ADDED"
        };
        self.objects.retain(|(k, n, _)| !(k == kind && *n == name));
        self.objects.push((kind.into(), name, obj.clone()));
        self.log(action, kind, obj);
    }
    fn del(&mut self, kind: &str, name: &str) {
        let pos = self
            .objects
            .iter()
            .position(|(k, n, _)| k == kind && n == name)
            .unwrap();
        let (_, _, o) = self.objects.remove(pos);
        self.log("DELETED", kind, o);
    }
    fn log(&mut self, action: &'static str, kind: &str, mut object: Value) {
        object["kind"] = json!(kind);
        let seq = self.log.len() as u64 + 1;
        self.log.push(WatchEntry {
            seq,
            time: seq * 1000,
            action,
            object,
        });
    }
    fn seq(&self) -> u64 {
        self.log.len() as u64 + 1
    }
}

fn is(e: &WatchEntry, kind: &str, name: &str) -> bool {
    e.object["kind"] == kind && e.object["metadata"]["name"] == name
}

impl View for Fake {
    fn get(&self, kind: &str, name: &str) -> Option<Value> {
        self.objects
            .iter()
            .find(|(k, n, _)| k == kind && n == name)
            .map(|(_, _, o)| o.clone())
    }
    fn list(&self, kind: &str) -> Vec<Value> {
        self.objects
            .iter()
            .filter(|(k, _, _)| k == kind)
            .map(|(_, _, o)| o.clone())
            .collect()
    }
    fn watch_of(&self, kind: &str, name: &str, from: u64) -> Vec<WatchEntry> {
        self.log
            .iter()
            .filter(|e| e.seq >= from && is(e, kind, name))
            .cloned()
            .collect()
    }
    fn last_before(&self, kind: &str, name: &str, before: u64) -> Option<WatchEntry> {
        self.log
            .iter()
            .rfind(|e| e.seq < before && is(e, kind, name))
            .cloned()
    }
    fn deleted_since(&self, kind: &str, from: u64) -> Vec<Value> {
        self.log
            .iter()
            .filter(|e| e.seq >= from && e.action == "DELETED" && e.object["kind"] == kind)
            .map(|e| e.object.clone())
            .collect()
    }
    fn events(&self) -> Vec<EventView> {
        self.events.clone()
    }
    fn resolve(&self, name: &str) -> Option<Vec<String>> {
        let pod = name.split('.').next()?;
        let p = self.get("Pod", pod)?;
        Some(vec![p["status"]["podIP"].as_str()?.to_string()])
    }
    fn read_claim_file(&self, _claim: &str, _path: &str) -> Option<String> {
        None
    }
}

fn pod(name: &str, uid: &str, ready: bool, claim: &str) -> Value {
    json!({"metadata": {"name": name, "uid": uid, "labels": {"app": "nginx", "controller-revision-hash": "web-1"}},
           "spec": {"volumes": [{"name": "www", "persistentVolumeClaim": {"claimName": claim}}], "containers": [{"name": "nginx", "image": "nginx:1.21"}], "nodeName": format!("n-{name}")},
           "status": {"phase": if ready {"Running"} else {"Pending"}, "podIP": format!("10.244.0.{}", uid.len()),
                      "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}})
}

fn met(c: &str, v: &Fake, h: &History) -> bool {
    let c: Check = serde_yaml::from_str::<serde_yaml::Value>(c)
        .and_then(serde_yaml::with::singleton_map_recursive::deserialize)
        .unwrap_or_else(|e| panic!("{c}: {e}"));
    eval(&c, v, h).met
}

#[test]
fn ordered_creation_is_checked_from_the_watch_log() {
    let mut v = Fake::default();
    let h = History::starting_at(v.seq(), 0);
    assert!(
        !met("createdAfterReady: {pod: web-1, after: web-0}", &v, &h),
        "start state"
    );
    v.put("Pod", pod("web-0", "a", false, "www-web-0"));
    v.put("Pod", pod("web-0", "a", true, "www-web-0"));
    v.put("Pod", pod("web-1", "b", false, "www-web-1"));
    assert!(met("createdAfterReady: {pod: web-1, after: web-0}", &v, &h));
    // Parallel: web-2 created while web-1 is not Ready.
    v.put("Pod", pod("web-2", "c", false, "www-web-2"));
    assert!(!met(
        "createdAfterReady: {pod: web-2, after: web-1}",
        &v,
        &h
    ));
    assert!(met(
        "not: {createdAfterReady: {pod: web-2, after: web-1}}",
        &v,
        &h
    ));
}

#[test]
fn kept_claim_needs_a_deletion_and_the_same_claim() {
    let mut v = Fake::default();
    v.put(
        "PersistentVolumeClaim",
        json!({"metadata": {"name": "www-web-1", "uid": "c1"}, "status": {"phase": "Bound"}}),
    );
    v.put("Pod", pod("web-1", "p1", true, "www-web-1"));
    let h = History::starting_at(v.seq(), 0);
    let c = "keptClaim: {pod: web-1, claim: www-web-1}";
    assert!(!met(c, &v, &h), "nothing deleted yet");
    assert!(!met("podRecreated: {name: web-1}", &v, &h));
    v.del("Pod", "web-1");
    assert!(!met(c, &v, &h), "pod not back yet");
    v.put("Pod", pod("web-1", "p2", true, "www-web-1"));
    assert!(met(c, &v, &h));
    assert!(met("podRecreated: {name: web-1}", &v, &h));
    // A claim deleted and recreated in between does not count as kept.
    v.del("PersistentVolumeClaim", "www-web-1");
    v.put(
        "PersistentVolumeClaim",
        json!({"metadata": {"name": "www-web-1", "uid": "c2"}, "status": {"phase": "Bound"}}),
    );
    assert!(!met(c, &v, &h));
}

#[test]
fn deletion_order_and_fresh_names() {
    let mut v = Fake::default();
    for (n, u) in [("web-3", "3"), ("web-4", "4")] {
        v.put("Pod", pod(n, u, true, "x"));
    }
    v.put("Pod", json!({"metadata": {"name": "hello-abc", "uid": "h1", "labels": {"app": "hello"}}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}));
    let h = History::starting_at(v.seq(), 0);
    assert!(!met("deletedBefore: {first: web-4, then: web-3}", &v, &h));
    v.del("Pod", "web-4");
    let mut t = pod("web-3", "3", true, "x");
    t["metadata"]["deletionTimestamp"] = json!("2026-01-05T09:01:00Z");
    v.put("Pod", t);
    v.del("Pod", "web-3");
    assert!(met("deletedBefore: {first: web-4, then: web-3}", &v, &h));
    assert!(!met("deletedBefore: {first: web-3, then: web-4}", &v, &h));
    // A Deployment replacement has a new name; a pod whose name existed before does not count.
    assert!(!met("freshNames: {selector: app=hello, count: 1}", &v, &h));
    v.del("Pod", "hello-abc");
    v.put("Pod", json!({"metadata": {"name": "hello-xyz", "uid": "h2", "labels": {"app": "hello"}}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}));
    assert!(met("freshNames: {selector: app=hello, count: 1}", &v, &h));
    assert!(met("deleted: {kind: pod, selector: app=hello}", &v, &h));
}

#[test]
fn state_checks_and_history() {
    let mut v = Fake::default();
    v.put("StatefulSet", json!({"metadata": {"name": "web", "generation": 2},
        "spec": {"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}},
        "status": {"observedGeneration": 2, "readyReplicas": 3, "updatedReplicas": 3, "currentRevision": "web-1", "updateRevision": "web-1"}}));
    for (n, u) in [("web-0", "a"), ("web-1", "bb"), ("web-2", "ccc")] {
        v.put("Pod", pod(n, u, true, "x"));
    }
    let mut h = History::starting_at(v.seq(), 0);
    assert!(met("replicas: {name: web, desired: 3, ready: 3}", &v, &h));
    assert!(!met("replicas: {name: web, desired: 5}", &v, &h));
    assert!(met("rolloutComplete: {name: web}", &v, &h));
    assert!(met("field: {kind: sts, name: web, path: spec.updateStrategy.rollingUpdate.partition, equals: 2}", &v, &h));
    assert!(!met("field: {kind: sts, name: web, path: spec.updateStrategy.rollingUpdate.partition, equals: \"2\"}", &v, &h));
    assert!(met(
        "field: {kind: sts, name: web, path: spec.serviceName, present: false}",
        &v,
        &h
    ));
    assert!(met(
        "podRevision: {name: web-1, isUpdateRevision: true}",
        &v,
        &h
    ));
    assert!(met(
        "podImage: {name: web-2, image: \"nginx:1.21\"}",
        &v,
        &h
    ));
    assert!(met("readyPods: {selector: app=nginx, count: 3}", &v, &h));
    assert!(met("count: {kind: pods, prefix: web-, equals: 3}", &v, &h));
    assert!(met(
        "distinctNodes: {selector: app=nginx, count: 3}",
        &v,
        &h
    ));
    assert!(met(
        "dnsResolves: {name: web-1.nginx-svc.default.svc.cluster.local, pod: web-1}",
        &v,
        &h
    ));
    assert!(met(
        "dnsFails: {name: web-9.nginx-svc.default.svc.cluster.local}",
        &v,
        &h
    ));
    assert!(!met(
        "ran: {command: kubectl rollout pause statefulset/web, status: 1}",
        &v,
        &h
    ));
    h.push("kubectl rollout pause sts/web", 5, Some(1));
    assert!(met(
        "ran: {command: kubectl rollout pause statefulset/web, status: 1}",
        &v,
        &h
    ));
    assert!(!met(
        "ran: {command: kubectl rollout pause statefulset/web, status: 0}",
        &v,
        &h
    ));
    assert!(met("anyOf: [{ran: {command: kubectl get svc}}, {objectExists: {kind: StatefulSet, name: web}}]", &v, &h));
    v.events.push(EventView {
        reason: "FailedMount".into(),
        object: "pod/mysql-0".into(),
        message: "configmap \"mysql-config\" not found".into(),
        last_time: 100,
    });
    assert!(met(
        "eventSeen: {reason: FailedMount, object: pod/mysql-0, message: not found}",
        &v,
        &h
    ));
    h.started_at = 200;
    assert!(!met(
        "eventSeen: {reason: FailedMount, object: pod/mysql-0, sinceStep: true}",
        &v,
        &h
    ));
}

/// The prover rejects a step whose goals hold at the start and one whose solution falls short.
mod prover {
    use super::*;
    use std::collections::BTreeMap;
    use stslab::lesson::prove::{prove_lesson, Runner};
    use stslab::lesson::{evaluate_view, CheckResult, Lesson, Play, Step};

    /// A toy runner: `make <pod>` adds a Ready pod, `drop <pod>` deletes it.
    struct Toy {
        view: Fake,
        hist: History,
    }

    impl Runner for Toy {
        fn reset(
            &mut self,
            _: u64,
            _: Option<&Value>,
            _: &BTreeMap<String, String>,
        ) -> Result<(), String> {
            self.view = Fake::default();
            Ok(())
        }
        fn play(&mut self, item: &Play) -> Result<(), String> {
            let Play::Line(l) = item else { return Ok(()) };
            self.hist.push(l, 0, Some(0));
            match l.split_once(' ') {
                Some(("make", p)) => {
                    let uid = format!("{p}-{}", self.view.seq());
                    self.view.put("Pod", pod(p, &uid, true, "x"))
                }
                Some(("drop", p)) => self.view.del("Pod", p),
                _ => return Err(format!("unknown command {l}")),
            }
            Ok(())
        }
        fn settle(&mut self, _: u64) {}
        fn begin_step(&mut self) {
            self.hist = History::starting_at(self.view.seq(), 0);
        }
        fn history(&self) -> History {
            self.hist.clone()
        }
        fn evaluate(&self, step: &Step, h: &History) -> Vec<CheckResult> {
            evaluate_view(step, &self.view, h)
        }
    }

    const LESSON: &str = r#"id: toy
title: {en: Toy, zh-CN: 玩具}
summary: {en: Toy., zh-CN: 玩具。}
setup: [make web-0]
steps:
  - id: add
    title: {en: Add, zh-CN: 加}
    text: {en: Add web-1., zh-CN: 加 web-1。}
    solution: [make web-1]
    goals:
      - id: w1
        label: {en: web-1 Ready, zh-CN: web-1 Ready}
        check: {podReady: {name: web-1}}
  - id: replace
    title: {en: Replace, zh-CN: 替换}
    text: {en: Replace web-1., zh-CN: 替换 web-1。}
    solution: [drop web-1, make web-1]
    goals:
      - id: again
        label: {en: web-1 recreated, zh-CN: web-1 已重建}
        check: {podRecreated: {name: web-1}}
"#;

    #[test]
    fn good_lesson_proves_and_broken_ones_do_not() {
        let mut toy = Toy {
            view: Fake::default(),
            hist: History::default(),
        };
        let l = Lesson::load(LESSON).expect("loads");
        let proofs = prove_lesson(&l, &mut toy);
        assert!(proofs.iter().all(|p| p.ok()), "{proofs:?}");

        // Goal already true at the start (web-0 exists from setup).
        let l =
            Lesson::load(&LESSON.replace("{podReady: {name: web-1}}", "{podReady: {name: web-0}}"))
                .unwrap();
        let p = prove_lesson(&l, &mut toy);
        assert!(
            p[0].error.as_deref().unwrap().contains("already met"),
            "{p:?}"
        );

        // Solution that does not reach the goal.
        let l = Lesson::load(&LESSON.replace(
            "solution: [drop web-1, make web-1]",
            "solution: [make web-2]",
        ))
        .unwrap();
        let p = prove_lesson(&l, &mut toy);
        assert!(p[0].ok());
        assert!(p[1].error.as_deref().unwrap().contains("again"), "{p:?}");
    }
}
