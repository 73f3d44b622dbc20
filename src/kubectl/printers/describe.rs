//! Describe data: the lines kubectl's describers write through their PrefixWriter (indent
//! level + tab-separated text), and the shared sections (labels, annotations, pod template,
//! containers, volumes, events). `Describe::render` runs them through the describe tabwriter
//! (min width 0, padding 2), flushing before the Events table as `DescribeEvents` does.

use crate::kubectl::render::duration::{age, rfc1123z};
use crate::kubectl::render::tabwriter::TabWriter;
use crate::sim::{
    Container, ContainerStatus, Event, Object, PodTemplateSpec, Probe, Toleration, Volume,
};
use std::collections::BTreeMap;

/// One PrefixWriter write: indent level (two spaces each) and text (may hold tabs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub level: usize,
    pub text: String,
}

impl Line {
    /// The line as written to a plain buffer (rollout history's pod template).
    pub fn plain(&self) -> String {
        format!("{}{}", "  ".repeat(self.level), self.text)
    }
}

/// A describe page: the body and the events block (rendered after a flush).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Describe {
    pub body: Vec<Line>,
    pub events: Vec<Line>,
}

impl Describe {
    pub fn w(&mut self, level: usize, text: impl Into<String>) {
        self.body.push(Line {
            level,
            text: text.into(),
        });
    }

    /// `describe --show-events=false`: the page without its Events section (upstream's
    /// describers skip the event lookup; every page ends with that section).
    pub fn drop_events(&mut self) {
        self.events.clear();
        self.body
            .retain(|l| !(l.level == 0 && l.text == EVENTS_NONE));
    }

    pub fn render(&self) -> String {
        let body: String = self.body.iter().map(Line::plain).collect();
        let events: String = self.events.iter().map(Line::plain).collect();
        let mut s = TabWriter::describe().format(&body);
        s.push_str(&TabWriter::describe().format(&events));
        s
    }
}

/// printLabelsMultilineWithIndent: `Title:\tk=v` then `<indent>\tk2=v2`, `<none>` if empty.
pub fn labels_lines(
    d: &mut Describe,
    initial: &str,
    title: &str,
    labels: &BTreeMap<String, String>,
) {
    if labels.is_empty() {
        d.w(0, format!("{initial}{title}:\t<none>\n"));
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i == 0 {
            d.w(0, format!("{initial}{title}:\t{k}={v}\n"));
        } else {
            d.w(0, format!("{initial}\t{k}={v}\n"));
        }
    }
}

const SKIP_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];
const MAX_ANNOTATION_LEN: usize = 140;

/// printAnnotationsMultiline (long or multi-line values go on following lines, shortened).
pub fn annotations_lines(d: &mut Describe, title: &str, ann: &BTreeMap<String, String>) {
    let keys: Vec<&String> = ann
        .keys()
        .filter(|k| !SKIP_ANNOTATIONS.contains(&k.as_str()))
        .collect();
    if keys.is_empty() {
        d.w(0, format!("{title}:\t<none>\n"));
        return;
    }
    let mut first = true;
    for k in keys {
        let prefix = if first {
            format!("{title}:\t")
        } else {
            "\t".to_string()
        };
        first = false;
        let value = ann[k].strip_suffix('\n').unwrap_or(&ann[k]);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            d.w(0, format!("{prefix}{k}:\n"));
            for s in value.split('\n') {
                let short = if s.len() > MAX_ANNOTATION_LEN - 2 {
                    let mut cut = MAX_ANNOTATION_LEN - 2;
                    while !s.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    format!("{}...", &s[..cut])
                } else {
                    s.to_string()
                };
                d.w(0, format!("\t  {short}\n"));
            }
        } else {
            d.w(0, format!("{prefix}{k}: {value}\n"));
        }
    }
}

fn tolerations_lines(d: &mut Describe, title: &str, tols: &[Toleration]) {
    if tols.is_empty() {
        d.w(0, format!("{title}:\t<none>\n"));
        return;
    }
    let mut sorted: Vec<&Toleration> = tols.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.iter().enumerate() {
        let mut s = if i == 0 {
            format!("{title}:\t")
        } else {
            "\t".to_string()
        };
        s.push_str(&t.key);
        if !t.value.is_empty() {
            s.push_str(&format!("={}", t.value));
        }
        if !t.effect.is_empty() {
            s.push_str(&format!(":{}", t.effect));
        }
        if t.operator == "Exists" && t.value.is_empty() {
            s.push_str(if !t.key.is_empty() || !t.effect.is_empty() {
                " op=Exists"
            } else {
                "op=Exists"
            });
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        s.push('\n');
        d.w(0, s);
    }
}

/// DescribeProbe (v1.35: `#success=`/`#failure=` form).
pub fn probe_text(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    if let Some(e) = &p.exec {
        return format!("exec [{}] {attrs}", e.command.join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = if h.scheme.is_empty() {
            "http".to_string()
        } else {
            h.scheme.to_lowercase()
        };
        return format!(
            "http-get {scheme}://{}:{}{} {attrs}",
            h.host, h.port, h.path
        );
    }
    if let Some(t) = &p.tcp_socket {
        return format!("tcp-socket {}:{} {attrs}", t.host, t.port);
    }
    format!("unknown {attrs}")
}

fn ports_text(c: &Container, host: bool) -> String {
    c.ports
        .iter()
        .map(|p| {
            let proto = if p.protocol.is_empty() {
                "TCP"
            } else {
                &p.protocol
            };
            let n = if host {
                p.host_port.unwrap_or(0)
            } else {
                p.container_port
            };
            if p.name.is_empty() {
                format!("{n}/{proto}")
            } else {
                format!("{n}/{proto} ({})", p.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn state_lines(d: &mut Describe, name: &str, st: &crate::sim::ContainerState) {
    if let Some(r) = &st.running {
        d.w(2, format!("{name}:\tRunning\n"));
        d.w(
            3,
            format!(
                "Started:\t{}\n",
                r.started_at.map(rfc1123z).unwrap_or_default()
            ),
        );
    } else if let Some(w) = &st.waiting {
        d.w(2, format!("{name}:\tWaiting\n"));
        if !w.reason.is_empty() {
            d.w(3, format!("Reason:\t{}\n", w.reason));
        }
    } else if let Some(t) = &st.terminated {
        d.w(2, format!("{name}:\tTerminated\n"));
        if !t.reason.is_empty() {
            d.w(3, format!("Reason:\t{}\n", t.reason));
        }
        if !t.message.is_empty() {
            d.w(3, format!("Message:\t{}\n", t.message));
        }
        d.w(3, format!("Exit Code:\t{}\n", t.exit_code));
        if t.signal > 0 {
            d.w(3, format!("Signal:\t{}\n", t.signal));
        }
        d.w(
            3,
            format!(
                "Started:\t{}\n",
                t.started_at.map(rfc1123z).unwrap_or_default()
            ),
        );
        d.w(
            3,
            format!(
                "Finished:\t{}\n",
                t.finished_at.map(rfc1123z).unwrap_or_default()
            ),
        );
    } else {
        d.w(2, format!("{name}:\tWaiting\n"));
    }
}

/// describeContainers (space = "" for pods, "  " inside a pod template).
pub fn containers_lines(
    d: &mut Describe,
    label: &str,
    cs: &[Container],
    statuses: &[ContainerStatus],
    space: &str,
) {
    let none = if cs.is_empty() { " <none>" } else { "" };
    d.w(0, format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in cs {
        let st = statuses.iter().find(|s| s.name == c.name);
        d.w(1, format!("{name_indent}{}:\n", c.name));
        if let Some(s) = st {
            d.w(2, format!("Container ID:\t{}\n", s.container_id));
        }
        d.w(2, format!("Image:\t{}\n", c.image));
        if let Some(s) = st {
            d.w(2, format!("Image ID:\t{}\n", s.image_id));
        }
        let ports = ports_text(c, false);
        let hports = ports_text(c, true);
        let none_or = |s: String| {
            if s.is_empty() {
                "<none>".to_string()
            } else {
                s
            }
        };
        if ports.contains(',') {
            d.w(2, format!("Ports:\t{ports}\n"));
        } else {
            d.w(2, format!("Port:\t{}\n", none_or(ports)));
        }
        if hports.contains(',') {
            d.w(2, format!("Host Ports:\t{hports}\n"));
        } else {
            d.w(2, format!("Host Port:\t{}\n", none_or(hports)));
        }
        if !c.command.is_empty() {
            d.w(2, "Command:\n");
            for x in &c.command {
                for s in x.split('\n') {
                    d.w(3, format!("{s}\n"));
                }
            }
        }
        if !c.args.is_empty() {
            d.w(2, "Args:\n");
            for x in &c.args {
                for s in x.split('\n') {
                    d.w(3, format!("{s}\n"));
                }
            }
        }
        if let Some(s) = st {
            state_lines(d, "State", &s.state);
            if s.last_state.terminated.is_some() {
                state_lines(d, "Last State", &s.last_state);
            }
            d.w(
                2,
                format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }),
            );
            d.w(2, format!("Restart Count:\t{}\n", s.restart_count));
        }
        for (title, m) in [
            ("Limits", &c.resources.limits),
            ("Requests", &c.resources.requests),
        ] {
            if !m.is_empty() {
                d.w(2, format!("{title}:\n"));
                for (k, q) in m {
                    d.w(3, format!("{k}:\t{}\n", q.0));
                }
            }
        }
        for (title, p) in [
            ("Liveness", &c.liveness_probe),
            ("Readiness", &c.readiness_probe),
            ("Startup", &c.startup_probe),
        ] {
            if let Some(p) = p {
                d.w(2, format!("{title}:\t{}\n", probe_text(p)));
            }
        }
        if c.env.is_empty() {
            d.w(2, "Environment:\t<none>\n");
        } else {
            d.w(2, "Environment:\n");
            for e in &c.env {
                for (i, s) in e.value.split('\n').enumerate() {
                    if i == 0 {
                        d.w(3, format!("{}:\t{s}\n", e.name));
                    } else {
                        d.w(3, format!("\t{s}\n"));
                    }
                }
            }
        }
        if c.volume_mounts.is_empty() {
            d.w(2, "Mounts:\t<none>\n");
        } else {
            d.w(2, "Mounts:\n");
            let mut mounts = c.volume_mounts.clone();
            mounts.sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
            for m in mounts {
                let mut flags = vec![if m.read_only {
                    "ro".to_string()
                } else {
                    "rw".to_string()
                }];
                if !m.sub_path.is_empty() {
                    flags.push(format!("path={:?}", m.sub_path));
                }
                d.w(
                    3,
                    format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")),
                );
            }
        }
    }
}

/// describeVolumes.
pub fn volumes_lines(d: &mut Describe, vols: &[Volume], space: &str) {
    if vols.is_empty() {
        d.w(0, format!("{space}Volumes:\t<none>\n"));
        return;
    }
    d.w(0, format!("{space}Volumes:\n"));
    let ni = if space.is_empty() { "" } else { " " };
    for v in vols {
        d.w(1, format!("{ni}{}:\n", v.name));
        if let Some(h) = &v.host_path {
            d.w(2, format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.clone().unwrap_or("<none>".into())));
        } else if let Some(e) = &v.empty_dir {
            let medium = &e.medium;
            d.w(2, format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{medium}\n"));
            d.w(
                2,
                format!(
                    "SizeLimit:\t{}\n",
                    e.size_limit
                        .as_ref()
                        .map(|q| q.0.clone())
                        .unwrap_or("<unset>".into())
                ),
            );
        } else if let Some(s) = &v.secret {
            let opt = s.optional.unwrap_or(false);
            d.w(2, format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{opt}\n", s.secret_name));
        } else if let Some(c) = &v.config_map {
            let opt = c.optional.unwrap_or(false);
            d.w(2, format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{opt}\n", c.name));
        } else if let Some(c) = &v.persistent_volume_claim {
            d.w(2, format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", c.claim_name, c.read_only));
        } else {
            d.w(1, "<unknown>\n");
        }
    }
}

/// DescribePodTemplate.
pub fn pod_template(d: &mut Describe, t: &PodTemplateSpec) {
    d.w(0, "Pod Template:\n");
    labels_lines(d, "", "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        annotations_lines(d, "  Annotations", &t.metadata.annotations);
    }
    if !t.spec.service_account_name.is_empty() {
        d.w(
            1,
            format!("Service Account:\t{}\n", t.spec.service_account_name),
        );
    }
    if !t.spec.init_containers.is_empty() {
        containers_lines(d, "Init Containers", &t.spec.init_containers, &[], "  ");
    }
    containers_lines(d, "Containers", &t.spec.containers, &[], "  ");
    volumes_lines(d, &t.spec.volumes, "  ");
    if !t.spec.priority_class_name.is_empty() {
        d.w(
            1,
            format!("Priority Class Name:\t{}\n", t.spec.priority_class_name),
        );
    }
    labels_lines(d, "", "  Node-Selectors", &t.spec.node_selector);
    tolerations_lines(d, "  Tolerations", &t.spec.tolerations);
}

/// The pod template lines alone (for `rollout history --revision`).
pub fn pod_template_lines(t: &PodTemplateSpec) -> Vec<Line> {
    let mut d = Describe::default();
    pod_template(&mut d, t);
    d.body
}

pub fn tolerations(d: &mut Describe, title: &str, t: &[Toleration]) {
    tolerations_lines(d, title, t);
}

/// Events whose involvedObject is this object (kind, name, namespace, uid), oldest first.
/// kubectl asks with a field selector that includes `involvedObject.uid`, so an event
/// recorded without a uid (the taint manager's) is in no object's describe.
pub fn events_for<'a>(cluster: &'a crate::sim::Cluster, o: &Object) -> Vec<&'a Event> {
    events_for_uids(cluster, o, &[o.meta().uid.as_str()])
}

/// [`events_for`] with the involvedObject uid taken from `uids` (describe node asks for two:
/// the node's uid and its name, the uid the kubelet records under), merged and sorted by time.
pub fn events_for_uids<'a>(
    cluster: &'a crate::sim::Cluster,
    o: &Object,
    uids: &[&str],
) -> Vec<&'a Event> {
    let m = o.meta();
    let mut v: Vec<&Event> = cluster
        .api()
        .events()
        .filter(|e| {
            let io = &e.involved_object;
            io.kind == o.kind().kind_name()
                && io.name == m.name
                && io.namespace == m.namespace
                && uids.contains(&io.uid.as_str())
        })
        .collect();
    v.sort_by_key(|e| e.last_timestamp.or(e.first_timestamp).unwrap_or(0));
    v
}

const EVENTS_NONE: &str = "Events:\t<none>\n";

/// DescribeEvents (v1.35: fieldPath prefix on messages).
pub fn events_lines(d: &mut Describe, events: &[&Event], now: u64) {
    if events.is_empty() {
        d.w(0, EVENTS_NONE);
        return;
    }
    d.events.push(Line {
        level: 0,
        text: "Events:\n  Type\tReason\tAge\tFrom\tMessage\n".into(),
    });
    d.events.push(Line {
        level: 1,
        text: "----\t------\t----\t----\t-------\n".into(),
    });
    for e in events {
        let first = age(now, e.event_time.or(e.first_timestamp));
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", age(now, e.last_timestamp), e.count)
        } else {
            first
        };
        let source = if e.source.component.is_empty() {
            &e.reporting_component
        } else {
            &e.source.component
        };
        let mut msg = e.message.trim().to_string();
        if !e.involved_object.field_path.is_empty() {
            msg = format!("{}: {msg}", e.involved_object.field_path);
        }
        d.events.push(Line {
            level: 1,
            text: format!("{}\t{}\t{interval}\t{source}\t{msg}\n", e.type_, e.reason),
        });
    }
}
