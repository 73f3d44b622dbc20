//! Controllers' explanations as data: why a controller is waiting, what it just did, or that
//! it is steady. A controller records [`Note`]s; the page and `stslab` render them in the
//! learner's language (`en` or `zh-CN`), the same way lesson text is localised. Kubernetes
//! terms (Running, Ready, revision, partition, Terminating, field names) stay in English in
//! both languages, as in kubectl output and the lessons; messages that come from the API
//! server are quoted as the server wrote them.

use std::fmt::Write as _;

/// What a StatefulSet waits for before its next step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    RunningAndReady,
    /// Ready for longer than `minReadySeconds` (the value).
    Available(i32),
}

/// The step that follows once a waited-for pod is healthy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Then {
    Create(String),
    Update(String),
}

/// Why a terminating pod cannot go away by itself: its node is not Ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StuckOnNode {
    pub node: String,
    /// The node's Ready condition status (`False` or `Unknown`).
    pub ready: String,
    pub pod: String,
}

/// One fact in an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    // StatefulSet: ownership.
    NoSelector,
    AdoptedRevision(String),
    AdoptedPod(String),
    ReleasedPod(String),
    /// On a pod: the StatefulSet that adopted it.
    PodAdoptedBy(String),
    /// On a pod: the StatefulSet that released it.
    PodReleasedBy(String),
    RevisionsFailed(String),
    BeingDeleted,
    // StatefulSet: creating and replacing pods.
    ReplacingFinished {
        pod: String,
        phase: String,
    },
    WaitFinishedGone {
        pod: String,
        phase: String,
    },
    WaitStaleClaims(String),
    CreateFailed {
        pod: String,
        message: String,
    },
    Created {
        pod: String,
        revision: String,
        next_waits: bool,
    },
    WaitTerminating {
        pod: String,
        stuck: Option<StuckOnNode>,
    },
    Terminating(StuckOnNode),
    Wait {
        pod: String,
        condition: Condition,
        then: Option<Then>,
    },
    // StatefulSet: scaling down.
    ScaleDownWaitsForRange {
        victim: String,
        range: String,
        condition: Condition,
        pod: String,
    },
    ScaleDownWaitTerminating {
        pod: String,
        next: Option<String>,
    },
    ScaleDownBlocked {
        pod: String,
        first_unhealthy: String,
    },
    /// `range` is `None` when the set has no replicas.
    ScaleDownDeleting {
        pod: String,
        range: Option<(i32, i32)>,
    },
    // StatefulSet: updates.
    RollingDeleting {
        pod: String,
        from: String,
        to: String,
        max_unavailable: Option<i32>,
    },
    RollingWait {
        pod: String,
        next: String,
    },
    BudgetUsed {
        unavailable: i32,
        max: i32,
    },
    BelowPartition {
        pod: String,
        ordinal: i32,
        partition: i32,
        start: i32,
    },
    OnDeleteKeeps {
        pods: Vec<String>,
        revision: String,
    },
    Steady {
        ready: i32,
        want: i32,
        updated: i32,
        revision: String,
    },
    ScaledToZero,
    // Deployment.
    DeploymentProgress {
        available: i32,
        want: i32,
        replica_set: String,
        has: i32,
    },
    DeploymentPaused,
    DeploymentNoReplicaSet,
    // Node lifecycle.
    NodeUnreachable {
        seconds: i64,
    },
    NodeSilent {
        seconds: i64,
    },
}

fn zh(locale: &str) -> bool {
    locale.starts_with("zh")
}

fn cond_en(c: &Condition) -> String {
    match c {
        Condition::RunningAndReady => "Running and Ready".into(),
        Condition::Available(s) => {
            format!("available (Ready for more than minReadySeconds={s})")
        }
    }
}

fn cond_zh(c: &Condition) -> String {
    match c {
        Condition::RunningAndReady => "Running 且 Ready".into(),
        Condition::Available(s) => format!("available（Ready 超过 minReadySeconds={s} 秒）"),
    }
}

impl StuckOnNode {
    fn render(&self, locale: &str) -> String {
        let StuckOnNode { node, ready, pod } = self;
        if zh(locale) {
            format!(
                "它所在的节点 {node} 不是 Ready（Ready={ready}），没有 kubelet 能确认 {pod} 已停止，所以它一直停在 Terminating；StatefulSet 绝不会同时运行两个名为 {pod} 的 Pod：请让节点恢复，或者在确定节点已永久下线时执行 `kubectl delete pod {pod} --grace-period=0 --force`"
            )
        } else {
            format!(
                "its node {node} is not Ready (Ready={ready}), so no kubelet can confirm that {pod} stopped and it stays Terminating; the StatefulSet never runs two pods named {pod}: bring the node back, or, if you are sure it is down for good, `kubectl delete pod {pod} --grace-period=0 --force`"
            )
        }
    }
}

impl Note {
    /// The note in `locale` (`zh-CN` or anything starting with `zh` gives Chinese; anything
    /// else English).
    pub fn render(&self, locale: &str) -> String {
        if zh(locale) {
            self.zh()
        } else {
            self.en()
        }
    }

    fn en(&self) -> String {
        use Note::*;
        match self {
            NoSelector => "the StatefulSet has no selector; nothing is managed".into(),
            AdoptedRevision(n) => format!("adopted orphan ControllerRevision {n}"),
            AdoptedPod(n) => format!("adopted orphan pod {n}"),
            ReleasedPod(n) => format!("released {n}: it no longer matches the selector or name"),
            PodAdoptedBy(s) => {
                format!("adopted by StatefulSet {s}: orphan whose name and labels match")
            }
            PodReleasedBy(s) => {
                format!("released by StatefulSet {s}: labels no longer match its selector")
            }
            RevisionsFailed(m) => format!("could not compute revisions: {m}"),
            BeingDeleted => "the StatefulSet is being deleted: only its status is updated".into(),
            ReplacingFinished { pod, phase } => {
                format!("{pod} is {phase}: deleting it so that it is recreated")
            }
            WaitFinishedGone { pod, phase } => {
                format!("waiting for {phase} {pod} to be removed before recreating it")
            }
            WaitStaleClaims(p) => format!(
                "waiting for the garbage collector to delete the claims a previous {p} owned (whenScaled: Delete) before creating {p}"
            ),
            CreateFailed { pod, message } => format!("could not create {pod}: {message}"),
            Created { pod, revision, next_waits: true } => format!(
                "created {pod} at revision {revision}; the next pod waits until it is Running and Ready"
            ),
            Created { pod, revision, .. } => format!("created {pod} at revision {revision}"),
            WaitTerminating { pod, stuck } => {
                let mut s = format!("waiting for {pod} to finish terminating before recreating it");
                if let Some(why) = stuck {
                    let _ = write!(s, ": {}", why.render("en"));
                }
                s
            }
            Terminating(why) => format!("{} is terminating: {}", why.pod, why.render("en")),
            Wait { pod, condition, then } => {
                let c = cond_en(condition);
                match then {
                    Some(Then::Create(n)) => format!("waiting for {pod} to be {c} before creating {n}"),
                    Some(Then::Update(n)) => format!("waiting for {pod} to be {c} before updating {n}"),
                    None => format!("waiting for {pod} to be {c}"),
                }
            }
            ScaleDownWaitsForRange { victim, range, condition, pod } => format!(
                "scale down of {victim} waits until {range} are {} ({pod} is not)",
                cond_en(condition)
            ),
            ScaleDownWaitTerminating { pod, next: Some(n) } => {
                format!("scaling down: waiting for {pod} to terminate before deleting {n}")
            }
            ScaleDownWaitTerminating { pod, next: None } => {
                format!("scaling down: waiting for {pod} to terminate")
            }
            ScaleDownBlocked { pod, first_unhealthy } => format!(
                "scale down of {pod} waits: it is not Running and Ready, and {first_unhealthy} (lower) is unhealthy too"
            ),
            ScaleDownDeleting { pod, range } => {
                let r = match range {
                    Some((a, b)) => format!("{a}..{b}"),
                    None => "(no replicas)".into(),
                };
                format!("scaling down: deleting {pod} (ordinal outside the range {r})")
            }
            RollingDeleting { pod, from, to, max_unavailable } => {
                let mut s = format!(
                    "rolling update: deleting {pod} (revision {from}) to recreate it at revision {to}"
                );
                if let Some(m) = max_unavailable {
                    let _ = write!(s, " (maxUnavailable {m})");
                }
                s
            }
            RollingWait { pod, next } => format!(
                "rolling update: waiting for {pod} to be Running and Ready before updating {next}"
            ),
            BudgetUsed { unavailable, max } => format!(
                "rolling update: {unavailable} unavailable pod(s) already use the maxUnavailable budget of {max}"
            ),
            BelowPartition { pod, ordinal, partition, start: 0 } => {
                format!("{pod} not updated: ordinal {ordinal} is below partition {partition}")
            }
            BelowPartition { pod, ordinal, partition, start } => format!(
                "{pod} not updated: ordinal {ordinal} is below start + partition = {}",
                start + partition
            ),
            OnDeleteKeeps { pods, revision } => format!(
                "OnDelete: {} keep their revision until you delete them (update revision {revision})",
                pods.join(", ")
            ),
            Steady { ready, want, updated, revision } => {
                format!("{ready}/{want} pods Ready; {updated} at update revision {revision}")
            }
            ScaledToZero => "scaled to 0: no pods".into(),
            DeploymentProgress { available, want, replica_set, has } => format!(
                "{available}/{want} available; new ReplicaSet {replica_set} has {has} of {want} replicas"
            ),
            DeploymentPaused => "paused: template changes are not rolled out".into(),
            DeploymentNoReplicaSet => "no ReplicaSet yet".into(),
            NodeUnreachable { seconds } => format!(
                "the kubelet stopped posting node status {seconds}s ago (node-monitor-grace-period 50s passed): Ready is Unknown, the node is tainted node.kubernetes.io/unreachable, and its pods are evicted when their toleration for that NoExecute taint (300s by default) runs out"
            ),
            NodeSilent { seconds } => format!(
                "no heartbeat from the kubelet since {seconds}s; Ready turns Unknown when node-monitor-grace-period (50s) has passed"
            ),
        }
    }

    fn zh(&self) -> String {
        use Note::*;
        match self {
            NoSelector => "这个 StatefulSet 没有 selector，不管理任何 Pod".into(),
            AdoptedRevision(n) => format!("收养了孤立的 ControllerRevision {n}"),
            AdoptedPod(n) => format!("收养了孤立的 Pod {n}"),
            ReleasedPod(n) => format!("释放了 {n}：它的 label 或名字已不再匹配"),
            PodAdoptedBy(s) => format!("被 StatefulSet {s} 收养：这个孤立 Pod 的名字和 label 都匹配"),
            PodReleasedBy(s) => format!("被 StatefulSet {s} 释放：label 不再匹配它的 selector"),
            RevisionsFailed(m) => format!("无法计算 revision：{m}"),
            BeingDeleted => "这个 StatefulSet 正在被删除：只更新它的 status".into(),
            ReplacingFinished { pod, phase } => {
                format!("{pod} 处于 {phase}：删除它，以便重新创建")
            }
            WaitFinishedGone { pod, phase } => {
                format!("等待处于 {phase} 的 {pod} 被移除，然后重新创建它")
            }
            WaitStaleClaims(p) => format!(
                "等待垃圾回收器删除上一个 {p} 拥有的 PVC（whenScaled: Delete），然后才创建 {p}"
            ),
            CreateFailed { pod, message } => format!("无法创建 {pod}：{message}"),
            Created { pod, revision, next_waits: true } => format!(
                "已创建 {pod}（revision {revision}）；下一个 Pod 要等它 Running 且 Ready"
            ),
            Created { pod, revision, .. } => format!("已创建 {pod}（revision {revision}）"),
            WaitTerminating { pod, stuck } => {
                let mut s = format!("等待 {pod} 终止完成，然后重新创建它");
                if let Some(why) = stuck {
                    let _ = write!(s, "：{}", why.render("zh-CN"));
                }
                s
            }
            Terminating(why) => format!("{} 正在终止：{}", why.pod, why.render("zh-CN")),
            Wait { pod, condition, then } => {
                let c = cond_zh(condition);
                match then {
                    Some(Then::Create(n)) => format!("等待 {pod} 变为 {c}，然后才创建 {n}"),
                    Some(Then::Update(n)) => format!("等待 {pod} 变为 {c}，然后才更新 {n}"),
                    None => format!("等待 {pod} 变为 {c}"),
                }
            }
            ScaleDownWaitsForRange { victim, range, condition, pod } => format!(
                "缩容 {victim} 要等 {range} 全部 {}（{pod} 还不是）",
                cond_zh(condition)
            ),
            ScaleDownWaitTerminating { pod, next: Some(n) } => {
                format!("缩容中：等待 {pod} 终止，然后删除 {n}")
            }
            ScaleDownWaitTerminating { pod, next: None } => {
                format!("缩容中：等待 {pod} 终止")
            }
            ScaleDownBlocked { pod, first_unhealthy } => format!(
                "缩容 {pod} 暂停：它不是 Running 且 Ready，而且序号更小的 {first_unhealthy} 也不健康"
            ),
            ScaleDownDeleting { pod, range } => match range {
                Some((a, b)) => format!("缩容中：删除 {pod}（序号不在 {a}..{b} 范围内）"),
                None => format!("缩容中：删除 {pod}（副本数为 0）"),
            },
            RollingDeleting { pod, from, to, max_unavailable } => {
                let mut s = format!(
                    "滚动更新：删除 {pod}（revision {from}），以 revision {to} 重新创建"
                );
                if let Some(m) = max_unavailable {
                    let _ = write!(s, "（maxUnavailable {m}）");
                }
                s
            }
            RollingWait { pod, next } => {
                format!("滚动更新：等待 {pod} 变为 Running 且 Ready，然后才更新 {next}")
            }
            BudgetUsed { unavailable, max } => format!(
                "滚动更新：已有 {unavailable} 个 Pod 不可用，用完了 maxUnavailable 的额度 {max}"
            ),
            BelowPartition { pod, ordinal, partition, start: 0 } => {
                format!("{pod} 没有更新：序号 {ordinal} 小于 partition {partition}")
            }
            BelowPartition { pod, ordinal, partition, start } => format!(
                "{pod} 没有更新：序号 {ordinal} 小于 start + partition = {}",
                start + partition
            ),
            OnDeleteKeeps { pods, revision } => format!(
                "OnDelete：{} 会保持原来的 revision，直到你删除它们（update revision {revision}）",
                pods.join("、")
            ),
            Steady { ready, want, updated, revision } => format!(
                "{ready}/{want} 个 Pod Ready；{updated} 个处于 update revision {revision}"
            ),
            ScaledToZero => "已缩容到 0：没有 Pod".into(),
            DeploymentProgress { available, want, replica_set, has } => format!(
                "{available}/{want} 个可用；新的 ReplicaSet {replica_set} 有 {has}/{want} 个副本"
            ),
            DeploymentPaused => "已暂停：模板的改动不会发布".into(),
            DeploymentNoReplicaSet => "还没有 ReplicaSet".into(),
            NodeUnreachable { seconds } => format!(
                "kubelet 已经 {seconds} 秒没有上报节点状态（超过了 node-monitor-grace-period 50 秒）：Ready 变为 Unknown，节点被加上 node.kubernetes.io/unreachable taint，Pod 对这个 NoExecute taint 的容忍时间（默认 300 秒）用完后就会被驱逐"
            ),
            NodeSilent { seconds } => format!(
                "kubelet 已经 {seconds} 秒没有心跳；超过 node-monitor-grace-period（50 秒）后 Ready 会变为 Unknown"
            ),
        }
    }
}

/// A controller's current explanation of one object: its notes in the order it recorded them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation(pub Vec<Note>);

impl Explanation {
    /// The explanation in `locale`, notes joined as a sentence list.
    pub fn render(&self, locale: &str) -> String {
        let sep = if zh(locale) { "；" } else { "; " };
        let mut out = String::new();
        for (i, n) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&n.render(locale));
        }
        out
    }
}

impl From<Note> for Explanation {
    fn from(n: Note) -> Self {
        Explanation(vec![n])
    }
}

impl From<Vec<Note>> for Explanation {
    fn from(v: Vec<Note>) -> Self {
        Explanation(v)
    }
}

/// Serialised as its English text, the form lesson checks and saved views compare.
impl serde::Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render("en"))
    }
}

impl std::fmt::Display for Explanation {
    /// English, as the tests and `stslab` print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render("en"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_join_per_language() {
        let e = Explanation(vec![
            Note::Created {
                pod: "web-0".into(),
                revision: "web-7d4b9c8f5".into(),
                next_waits: true,
            },
            Note::BelowPartition {
                pod: "web-1".into(),
                ordinal: 1,
                partition: 2,
                start: 0,
            },
        ]);
        assert_eq!(
            e.render("en"),
            "created web-0 at revision web-7d4b9c8f5; the next pod waits until it is Running and Ready; web-1 not updated: ordinal 1 is below partition 2"
        );
        assert_eq!(
            e.render("zh-CN"),
            "已创建 web-0（revision web-7d4b9c8f5）；下一个 Pod 要等它 Running 且 Ready；web-1 没有更新：序号 1 小于 partition 2"
        );
    }

    /// One note of every kind. The match below has no wildcard, so a new kind of note does
    /// not compile until it is added here, and so gets its Chinese text checked.
    fn one_of_each() -> Vec<Note> {
        use Note::*;
        let p = || "web-1".to_string();
        let stuck = || StuckOnNode {
            node: "kind-worker2".into(),
            ready: "Unknown".into(),
            pod: p(),
        };
        let all = vec![
            NoSelector,
            AdoptedRevision("web-5d8f7c6b9".into()),
            AdoptedPod(p()),
            ReleasedPod(p()),
            PodAdoptedBy("web".into()),
            PodReleasedBy("web".into()),
            RevisionsFailed("boom".into()),
            BeingDeleted,
            ReplacingFinished {
                pod: p(),
                phase: "Failed".into(),
            },
            WaitFinishedGone {
                pod: p(),
                phase: "Failed".into(),
            },
            WaitStaleClaims(p()),
            CreateFailed {
                pod: p(),
                message: "quota".into(),
            },
            Created {
                pod: p(),
                revision: "web-1a".into(),
                next_waits: true,
            },
            Created {
                pod: p(),
                revision: "web-1a".into(),
                next_waits: false,
            },
            WaitTerminating {
                pod: p(),
                stuck: Some(stuck()),
            },
            WaitTerminating {
                pod: p(),
                stuck: None,
            },
            Terminating(stuck()),
            Wait {
                pod: p(),
                condition: Condition::RunningAndReady,
                then: Some(Then::Create("web-2".into())),
            },
            Wait {
                pod: p(),
                condition: Condition::Available(10),
                then: Some(Then::Update("web-0".into())),
            },
            Wait {
                pod: p(),
                condition: Condition::RunningAndReady,
                then: None,
            },
            ScaleDownWaitsForRange {
                victim: "web-4".into(),
                range: "web-0..web-2".into(),
                condition: Condition::RunningAndReady,
                pod: p(),
            },
            ScaleDownWaitTerminating {
                pod: p(),
                next: Some("web-0".into()),
            },
            ScaleDownWaitTerminating {
                pod: p(),
                next: None,
            },
            ScaleDownBlocked {
                pod: "web-3".into(),
                first_unhealthy: p(),
            },
            ScaleDownDeleting {
                pod: "web-3".into(),
                range: Some((0, 2)),
            },
            ScaleDownDeleting {
                pod: "web-0".into(),
                range: None,
            },
            RollingDeleting {
                pod: p(),
                from: "web-1a".into(),
                to: "web-2b".into(),
                max_unavailable: Some(2),
            },
            RollingWait {
                pod: "web-2".into(),
                next: p(),
            },
            BudgetUsed {
                unavailable: 2,
                max: 2,
            },
            BelowPartition {
                pod: p(),
                ordinal: 1,
                partition: 2,
                start: 0,
            },
            OnDeleteKeeps {
                pods: vec![p(), "web-2".into()],
                revision: "web-2b".into(),
            },
            Steady {
                ready: 3,
                want: 3,
                updated: 3,
                revision: "web-2b".into(),
            },
            ScaledToZero,
            DeploymentProgress {
                available: 1,
                want: 3,
                replica_set: "nginx-7d4b9c8f5".into(),
                has: 2,
            },
            DeploymentPaused,
            DeploymentNoReplicaSet,
            NodeUnreachable { seconds: 55 },
            NodeSilent { seconds: 20 },
        ];
        for n in &all {
            match n {
                NoSelector
                | AdoptedRevision(_)
                | AdoptedPod(_)
                | ReleasedPod(_)
                | PodAdoptedBy(_)
                | PodReleasedBy(_)
                | RevisionsFailed(_)
                | BeingDeleted
                | ReplacingFinished { .. }
                | WaitFinishedGone { .. }
                | WaitStaleClaims(_)
                | CreateFailed { .. }
                | Created { .. }
                | WaitTerminating { .. }
                | Terminating(_)
                | Wait { .. }
                | ScaleDownWaitsForRange { .. }
                | ScaleDownWaitTerminating { .. }
                | ScaleDownBlocked { .. }
                | ScaleDownDeleting { .. }
                | RollingDeleting { .. }
                | RollingWait { .. }
                | BudgetUsed { .. }
                | BelowPartition { .. }
                | OnDeleteKeeps { .. }
                | Steady { .. }
                | ScaledToZero
                | DeploymentProgress { .. }
                | DeploymentPaused
                | DeploymentNoReplicaSet
                | NodeUnreachable { .. }
                | NodeSilent { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_note_has_its_own_chinese_text() {
        let english_words = [
            "waiting",
            "deleting",
            "created",
            "scaling",
            "adopted",
            "released",
            "pods Ready",
            "not updated",
            "available;",
            "no pods",
            "heartbeat",
            "until",
        ];
        for n in one_of_each() {
            let (en, zh) = (n.render("en"), n.render("zh-CN"));
            assert_ne!(en, zh, "{n:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            for w in english_words {
                assert!(!zh.contains(w), "{w:?} left in English in {zh}");
            }
            // Every name and number in the note survives translation.
            for token in en.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                if token.starts_with("web-")
                    || token.starts_with("kind-")
                    || token.parse::<i64>().is_ok()
                {
                    assert!(zh.contains(token), "{token} missing from {zh}");
                }
            }
        }
    }

    #[test]
    fn a_start_ordinal_shows_in_the_partition_boundary() {
        let n = Note::BelowPartition {
            pod: "web-6".into(),
            ordinal: 6,
            partition: 2,
            start: 5,
        };
        assert_eq!(
            n.render("en"),
            "web-6 not updated: ordinal 6 is below start + partition = 7"
        );
        assert_eq!(
            n.render("zh-CN"),
            "web-6 没有更新：序号 6 小于 start + partition = 7"
        );
    }
}
