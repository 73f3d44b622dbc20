//! Every built-in lesson is proved on the real lab (`stslab::lab::prove`): for each step the
//! start state must not meet all goals, and the solution and each alternative must meet them
//! all. One test per lesson file so a failure names the lesson.

fn prove(file: &str) {
    let path = format!("{}/lessons/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lesson = stslab::lesson::Lesson::load(&text)
        .unwrap_or_else(|e| panic!("{path}:{}:{}: {}", e.line, e.column, e.message));
    let (proofs, report) = stslab::lab::prove::prove_all(&lesson);
    let failed: Vec<String> = proofs
        .iter()
        .filter(|p| !p.ok())
        .map(|p| format!("{p:#?}"))
        .collect();
    assert!(failed.is_empty(), "{report}\n{}", failed.join("\n"));
}

macro_rules! lessons {
    ($($(#[$attr:meta])* $name:ident => $file:literal,)*) => {
        $(#[test]
        $(#[$attr])*
        fn $name() {
            prove($file);
        })*

        /// The list above covers every lesson file, so a new lesson cannot go unproved.
        #[test]
        fn every_lesson_file_is_listed() {
            let listed = [$($file),*];
            let dir = format!("{}/lessons", env!("CARGO_MANIFEST_DIR"));
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .expect("lessons dir")
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml"))
                .collect();
            on_disk.sort();
            let mut listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
            listed.sort();
            assert_eq!(listed, on_disk);
        }
    };
}

lessons! {
    l01_why_statefulset => "01-why-statefulset.yaml",
    l02_basics => "02-basics.yaml",
    l03_create => "03-create.yaml",
    l04_network_identity => "04-network-identity.yaml",
    l05_storage => "05-storage.yaml",
    l06_scaling => "06-scaling.yaml",
    l07_updates => "07-updates.yaml",
    l08_mysql => "08-mysql.yaml",
    l09_manage => "09-manage.yaml",
    l10_best_practices => "10-best-practices.yaml",
    l11_troubleshoot_storage => "11-troubleshoot-storage.yaml",
    l12_troubleshoot_dns => "12-troubleshoot-dns.yaml",
    l13_troubleshoot_rollout => "13-troubleshoot-rollout.yaml",
    l14_troubleshoot_scheduling => "14-troubleshoot-scheduling.yaml",
    l15_sandbox => "15-sandbox.yaml",
}
