//! Interface text in English and Simplified Chinese. Lesson text comes from the lesson packs;
//! this table only holds the page's own labels. Kubernetes terms stay in English in both
//! languages because that is what the learner types and reads in kubectl output.

/// The two interface languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// What follows a label: `": "` in English, the full-width `"："` in Chinese.
    pub fn colon(self) -> &'static str {
        match self {
            Lang::En => ": ",
            Lang::Zh => "：",
        }
    }

    /// The tag used in `?lang=` and for lesson text (`Localized::get`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Parse a `?lang=` value or a `navigator.language` string. Any Chinese tag picks Chinese
    /// (there is no Traditional Chinese interface yet, and Simplified reads better than English
    /// for most of those readers); anything else is English.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the switch button.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// Every label the page shows. One key per visible string so the table below can be checked
/// for completeness by the compiler (a missing arm does not compile).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K {
    AppTitle,
    Lesson,
    ShareFailed,
    Editor,
    Terminal,
    Cluster,
    /// The cluster pane's accessible name.
    ClusterView,
    Timeline,
    Apply,
    ApplyHint,
    Examples,
    ChooseExample,
    Play,
    Pause,
    Step,
    UntilStable,
    Undo,
    Redo,
    Speed,
    Clock,
    Share,
    ShareCopied,
    Shortcuts,
    Close,
    Language,
    TableView,
    PictureView,
    NoObjects,
    Detached,
    Partition,
    DnsRecords,
    NoDnsRecords,
    Explanation,
    Ready,
    NotReady,
    Revision,
    Node,
    Ip,
    Phase,
    Pod,
    Claim,
    Volume,
    Deployments,
    Services,
    StoredStateCorrupt,
    BadLink,
    Saved,
    NoErrors,
    Line,
    Column,
    TerminalN,
    Busy,
    Hints,
    ShowHint,
    Goals,
    Done,
    NotDone,
    PrevStep,
    NextStep,
    Commands,
    EmptyTimeline,
    KeysEnter,
    KeysHistory,
    KeysTab,
    KeysCtrlC,
    KeysCtrlL,
    KeysApply,
    KeysHelp,
    KeysSpace,
    Reset,
    ChooseLesson,
    Course,
    CourseIntro,
    StartLesson,
    StepsN,
    ShowSolution,
    ResetStep,
    RunCommand,
    InsertCommand,
    OpenManifest,
    Observed,
    StepDone,
    Progress,
    ExportProgress,
    LessonDone,
    SandboxMenu,
    AllLessons,
    PackFailed,
    OpenPack,
    ScrubLabel,
    ViewingPast,
    ContinueHere,
    BackToNow,
    ConfirmDiscard,
    DiscardAndContinue,
    Cancel,
    NoEvents,
    /// What the timeline's side panel shows before a row is picked.
    TimelineHint,
}

/// The label for `k` in `lang`.
pub fn t(lang: Lang, k: K) -> &'static str {
    match lang {
        Lang::En => en(k),
        Lang::Zh => zh(k),
    }
}

fn en(k: K) -> &'static str {
    match k {
        K::AppTitle => "StatefulSet Lab",
        K::Lesson => "Lesson",
        K::Editor => "Manifest",
        K::Terminal => "Terminal",
        K::Cluster => "Cluster",
        K::ClusterView => "Cluster view",
        K::Timeline => "Timeline",
        K::Apply => "Apply",
        K::ApplyHint => "Ctrl+Enter or ⌘+Enter applies the manifest",
        K::Examples => "Examples",
        K::ChooseExample => "Open an example manifest",
        K::Play => "Play",
        K::Pause => "Pause",
        K::Step => "Step",
        K::UntilStable => "Until stable",
        K::Undo => "Undo",
        K::Redo => "Redo",
        K::Speed => "Speed",
        K::Clock => "Virtual time",
        K::Share => "Share",
        K::ShareCopied => "Link copied",
        K::ShareFailed => "Copying failed; copy the link from the box",
        K::Shortcuts => "Keyboard shortcuts",
        K::Close => "Close",
        K::Language => "中文",
        K::TableView => "Table",
        K::PictureView => "Picture",
        K::NoObjects => "No StatefulSets, Deployments or claims yet. Apply a manifest to start.",
        K::Detached => "detached",
        K::Partition => "partition",
        K::DnsRecords => "DNS records",
        K::NoDnsRecords => "no records (no Ready pod selected)",
        K::Explanation => "Controller",
        K::Ready => "Ready",
        K::NotReady => "Not ready",
        K::Revision => "Revision",
        K::Node => "Node",
        K::Ip => "IP",
        K::Phase => "Phase",
        K::Pod => "Pod",
        K::Claim => "Claim",
        K::Volume => "Volume",
        K::Deployments => "Deployments",
        K::Services => "Headless Services",
        K::StoredStateCorrupt => {
            "The saved session could not be read, so the lab started fresh. Details:"
        }
        K::BadLink => "The shared link could not be opened, so the lab started fresh. Details:",
        K::Saved => "Saved",
        K::NoErrors => "No errors",
        K::Line => "line",
        K::Column => "column",
        K::TerminalN => "Terminal",
        K::Busy => "running — Ctrl+C stops it",
        K::Hints => "Hints",
        K::ShowHint => "Show a hint",
        K::Goals => "Goals",
        K::Done => "done",
        K::NotDone => "not yet",
        K::PrevStep => "Previous",
        K::NextStep => "Next",
        K::Commands => "Commands",
        K::EmptyTimeline => "Pod lifecycles appear here as the clock moves.",
        K::KeysEnter => "run the command",
        K::KeysHistory => "previous / next command",
        K::KeysTab => "complete names and flags",
        K::KeysCtrlC => "stop a running command (watch, rollout status, ping)",
        K::KeysCtrlL => "clear the terminal",
        K::KeysApply => "apply the manifest in the editor",
        K::KeysHelp => "show or hide this sheet",
        K::KeysSpace => "play or pause the clock (outside text fields)",
        K::Reset => "Reset",
        K::ChooseLesson => "Choose a lesson…",
        K::Course => "Course",
        K::CourseIntro => "Follow the guide one lesson at a time, or play freely: the editor, the terminals and the cluster work without a lesson too.",
        K::StartLesson => "Start",
        K::StepsN => "steps",
        K::ShowSolution => "Show solution",
        K::ResetStep => "Restart step",
        K::RunCommand => "Run",
        K::InsertCommand => "Put in the terminal",
        K::OpenManifest => "Open in the editor",
        K::Observed => "now",
        K::StepDone => "Step done",
        K::Progress => "Progress",
        K::ExportProgress => "Export progress",
        K::LessonDone => "finished",
        K::SandboxMenu => "Start from",
        K::AllLessons => "All lessons",
        K::PackFailed => "The lesson pack could not be opened:",
        K::OpenPack => "Open a lesson pack…",
        K::ScrubLabel => "Look back to",
        K::ViewingPast => "The cluster as it was at",
        K::ContinueHere => "Continue from here…",
        K::BackToNow => "Back to now",
        K::ConfirmDiscard => "Continue from this moment? Later actions discarded:",
        K::DiscardAndContinue => "Discard and continue",
        K::Cancel => "Cancel",
        K::NoEvents => "no events",
        K::TimelineHint => "Point at a pod's row (or Tab to it) to list its states and Events here.",
    }
}

fn zh(k: K) -> &'static str {
    match k {
        K::AppTitle => "StatefulSet 实验室",
        K::Lesson => "课程",
        K::Editor => "清单",
        K::Terminal => "终端",
        K::Cluster => "集群",
        K::ClusterView => "集群视图",
        K::Timeline => "时间线",
        K::Apply => "应用",
        K::ApplyHint => "按 Ctrl+Enter 或 ⌘+Enter 应用清单",
        K::Examples => "示例",
        K::ChooseExample => "打开示例清单",
        K::Play => "播放",
        K::Pause => "暂停",
        K::Step => "单步",
        K::UntilStable => "运行到稳定",
        K::Undo => "撤销",
        K::Redo => "重做",
        K::Speed => "速度",
        K::Clock => "虚拟时间",
        K::Share => "分享",
        K::ShareCopied => "链接已复制",
        K::ShareFailed => "复制失败，请从文本框里手动复制链接",
        K::Shortcuts => "快捷键",
        K::Close => "关闭",
        K::Language => "English",
        K::TableView => "表格",
        K::PictureView => "图示",
        K::NoObjects => "还没有 StatefulSet、Deployment 或 PVC。先 apply 一个清单吧。",
        K::Detached => "已脱离",
        K::Partition => "partition",
        K::DnsRecords => "DNS 记录",
        K::NoDnsRecords => "没有记录（没有选中 Ready 的 Pod）",
        K::Explanation => "控制器",
        K::Ready => "Ready",
        K::NotReady => "未 Ready",
        K::Revision => "版本",
        K::Node => "节点",
        K::Ip => "IP",
        K::Phase => "阶段",
        K::Pod => "Pod",
        K::Claim => "PVC",
        K::Volume => "PV",
        K::Deployments => "Deployment",
        K::Services => "Headless Service",
        K::StoredStateCorrupt => "保存的会话无法读取，已重新开始。详情：",
        K::BadLink => "分享链接无法打开，已重新开始。详情：",
        K::Saved => "已保存",
        K::NoErrors => "没有错误",
        K::Line => "行",
        K::Column => "列",
        K::TerminalN => "终端",
        K::Busy => "运行中，按 Ctrl+C 停止",
        K::Hints => "提示",
        K::ShowHint => "看一条提示",
        K::Goals => "目标",
        K::Done => "已完成",
        K::NotDone => "未完成",
        K::PrevStep => "上一步",
        K::NextStep => "下一步",
        K::Commands => "常用命令",
        K::EmptyTimeline => "时钟走动后，这里会显示每个 Pod 的生命周期。",
        K::KeysEnter => "执行命令",
        K::KeysHistory => "上一条 / 下一条命令",
        K::KeysTab => "补全名称和参数",
        K::KeysCtrlC => "中断正在运行的命令（watch、rollout status、ping）",
        K::KeysCtrlL => "清屏",
        K::KeysApply => "应用编辑器里的清单",
        K::KeysHelp => "显示或隐藏本说明",
        K::KeysSpace => "播放或暂停时钟（焦点不在输入框时）",
        K::Reset => "重置",
        K::ChooseLesson => "选择一节课…",
        K::Course => "课程",
        K::CourseIntro => {
            "可以按指南一节一节学，也可以自由练习：不选课程时，编辑器、终端和集群一样能用。"
        }
        K::StartLesson => "开始",
        K::StepsN => "步",
        K::ShowSolution => "演示答案",
        K::ResetStep => "重做本步",
        K::RunCommand => "运行",
        K::InsertCommand => "放进终端",
        K::OpenManifest => "在编辑器中打开",
        K::Observed => "当前",
        K::StepDone => "本步完成",
        K::Progress => "进度",
        K::ExportProgress => "导出学习记录",
        K::LessonDone => "已学完",
        K::SandboxMenu => "从这里开始",
        K::AllLessons => "全部课程",
        K::PackFailed => "无法打开课程包：",
        K::OpenPack => "打开课程包…",
        K::ScrubLabel => "回看到",
        K::ViewingPast => "集群在这一刻的样子：",
        K::ContinueHere => "从这里继续…",
        K::BackToNow => "回到现在",
        K::ConfirmDiscard => "从这一刻继续？将丢弃之后的操作数：",
        K::DiscardAndContinue => "丢弃并继续",
        K::Cancel => "取消",
        K::NoEvents => "没有事件",
        K::TimelineHint => {
            "把鼠标移到某个 Pod 那一行（或用 Tab 选中），这里会列出它经历的状态和事件。"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_chinese_variants_pick_chinese() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(Lang::Zh.tag()), Some(Lang::Zh));
    }
}
