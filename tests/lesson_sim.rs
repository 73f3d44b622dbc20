//! Goal checks over the real simulated cluster (no lab): apply the course's nginx manifest
//! directly through the API server, run the controllers, and evaluate lesson 3's first step.
use stslab::lesson::{self, History};
use stslab::sim::{manifest, Cluster, Object};

fn apply(c: &mut Cluster, text: &str) {
    for (v, line) in manifest::parse_documents(text).expect("manifest parses") {
        let obj =
            Object::from_value(v).unwrap_or_else(|e| panic!("document at line {line}: {e:?}"));
        c.apply_object(obj).expect("apply");
    }
    c.settle();
}

#[test]
fn ordered_creation_goals_over_the_sim() {
    let pack = lesson::builtin().expect("builtin");
    let l = pack.lesson("create").expect("lesson create");
    let step = &l.steps[0];
    let mut c = Cluster::new(l.cluster.seed);
    let from = c.api().watch_log().last().map_or(0, |e| e.seq + 1);
    let h = History::starting_at(from, c.now());
    let start = lesson::evaluate(step, &c, &h);
    assert!(!lesson::all_met(&start), "{start:?}");

    apply(&mut c, &l.files["statefulset.yaml"]);
    c.run_until_idle(10 * 60 * 1000);
    let end = lesson::evaluate(step, &c, &h);
    let by_id = |id: &str| {
        end.iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert!(by_id("order-1").met, "{end:?}");
    assert!(by_id("order-2").met, "{end:?}");
    assert!(by_id("all-ready").met, "{end:?}");
    assert!(!by_id("watched").met, "nothing was typed");

    // Lesson 4's DNS goal: web-0's name resolves to its pod IP.
    let dns = pack.lesson("network-identity").expect("lesson");
    let r = lesson::evaluate(&dns.steps[0], &c, &h);
    assert!(
        r.iter().find(|r| r.id == "dns-web0").is_some_and(|r| r.met),
        "{r:?}"
    );
    // Lesson 3 step 2: the claims are Bound.
    let r = lesson::evaluate(&l.steps[1], &c, &h);
    assert!(
        r.iter()
            .find(|r| r.id == "pvcs-bound")
            .is_some_and(|r| r.met),
        "{r:?}"
    );
    // Lesson 3 step 3: the controller's claim event.
    let r = lesson::evaluate(&l.steps[2], &c, &h);
    assert!(
        r.iter()
            .find(|r| r.id == "claim-event")
            .is_some_and(|r| r.met),
        "{r:?}"
    );
}
