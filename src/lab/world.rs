//! The shell's world is the simulated cluster: `kubectl` runs through kubectl's one door,
//! in-pod programs see the cluster's DNS, files, nginx and mysql through [`PodWorld`], and
//! `run -it` / `exec -it` sessions wait for the pod, print kubectl's attach hint, and end
//! through `kubectl::end_session` (which deletes a `--rm` pod). `kubectl edit` writes kubectl's
//! temp file and holds the terminal with an [`EditJob`] until the lab hands it the editor's
//! verdict (see [`EditState`]).

use std::cell::RefCell;
use std::rc::Rc;

use crate::kubectl::{
    self, EditRequest, FileSource, KubectlCtx, Outcome, PodExec, PodSession, Process, SessionState,
};
use crate::shell::builtins::Output;
use crate::shell::job::{Job, Launch, Millis, Poll, Session, SessionStep, World};
use crate::shell::pod::{self, Dns, Http, MysqlServer, Peer, PodApp, PodFacts, PodRef, PodWorld};
use crate::shell::vfs::{Files, VfsError};
use crate::sim::dns::{Answer, QType, Record, NAMESERVER_NAME};
use crate::sim::fs::{self as simfs, MountTable, Volumes};
use crate::sim::images::{self, App};
use crate::sim::{Cluster, Kind, Object, Pod};

/// Host files as kubectl's `-f` source.
struct HostFiles<'a>(&'a dyn Files);

impl FileSource for HostFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.0.read_file(path).ok()
    }
}

/// `kubectl exec POD -- CMD` runs the command with the in-pod programs.
struct Exec;

impl PodExec for Exec {
    fn exec(
        &mut self,
        cluster: &mut Cluster,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> kubectl::Output {
        let me = PodRef {
            namespace: "default".into(),
            pod: pod.into(),
            container: container.unwrap_or("").into(),
        };
        let o = pod::sh::exec(cluster, &me, argv);
        kubectl::Output {
            warnings: o.stderr_first,
            stdout: o.stdout,
            stderr: o.stderr,
            status: o.status,
        }
    }
}

fn out(o: kubectl::Output) -> Output {
    Output {
        stderr_first: o.warnings,
        stdout: o.stdout,
        stderr: o.stderr,
        status: o.status,
    }
}

/// A kubectl process as a shell job.
struct KubectlJob(Box<dyn Process>);

impl Job<Cluster> for KubectlJob {
    fn poll(&mut self, w: &mut Cluster) -> Poll {
        let p = self.0.poll(w);
        Poll {
            stderr_first: p.warnings,
            stdout: p.stdout,
            stderr: p.stderr,
            done: p.finished,
        }
    }
    fn interrupt(&mut self, w: &mut Cluster) -> Output {
        out(self.0.interrupt(w))
    }
    fn wants_time(&self) -> bool {
        self.0.wants_time()
    }
    fn wake_at(&self) -> Option<Millis> {
        // `wait --timeout`, `delete --timeout`: a deadline with no cluster timer due then.
        self.0.wake_at()
    }
}

impl World for Cluster {
    fn now(&self) -> Millis {
        Cluster::now(self)
    }
    fn next_timer_at(&self) -> Option<Millis> {
        Cluster::next_timer_at(self)
    }
    fn advance_to(&mut self, t: Millis) {
        let now = Cluster::now(self);
        if t > now {
            self.advance(t - now);
        }
    }
    fn external(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        files: &mut dyn Files,
    ) -> Option<Launch<Self>> {
        if argv[0] != "kubectl" {
            return None;
        }
        let mut exec = Exec;
        let outcome = {
            let src = HostFiles(&*files);
            let mut cx = KubectlCtx::new(self, &src);
            cx.exec = Some(&mut exec);
            kubectl::run(argv, stdin, &mut cx)
        };
        Some(match outcome {
            Outcome::Done(o) => Launch::Done(out(o)),
            Outcome::Running(p) => Launch::Running(Box::new(KubectlJob(p))),
            Outcome::Interactive(s) => {
                Launch::Interactive(Box::new(Attach::new(s)), Output::default())
            }
            Outcome::Edit(req) => {
                // kubectl writes the object to its temp file, then waits for the editor.
                // Writing the host filesystem cannot fail.
                let _ = files.write_file(&req.file, &req.text, false);
                let link = Rc::new(RefCell::new(EditState {
                    req,
                    queued: None,
                    closed: false,
                }));
                OPENED.with(|o| o.borrow_mut().push(link.clone()));
                Launch::Running(Box::new(EditJob(link)))
            }
        })
    }
    fn pod_external(
        &mut self,
        me: &PodRef,
        argv: &[String],
        stdin: Option<&str>,
        files: &mut dyn Files,
    ) -> Option<Launch<Self>> {
        pod::sh::applets(self, me, argv, stdin, files)
    }
    fn external_names(&self) -> Vec<String> {
        vec!["kubectl".into()]
    }
    fn complete_external(&self, words: &[String]) -> Vec<String> {
        kubectl::complete(words, self)
    }
}

/// A `kubectl edit` between its editor launches, shared by the terminal's [`EditJob`] and the
/// lab, which owns the editor: the lab saves through `kubectl::finish_edit` and queues what
/// kubectl printed (and its exit status once it ends) for the job to deliver.
#[derive(Debug)]
pub struct EditState {
    /// What the editor shows now (kubectl's temp file) and what the next save is compared with.
    pub req: EditRequest,
    /// Output for the terminal; `status` is Some once kubectl has exited.
    pub queued: Option<(Output, Option<i32>)>,
    /// The command is over (exited, or interrupted with Ctrl-C).
    pub closed: bool,
}

/// Shared handle on an edit in progress.
pub type EditLink = Rc<RefCell<EditState>>;

thread_local! {
    /// Edits opened since the lab last looked. The shell's `Launch` carries no editor request
    /// (and the shell is generic over its world), so `external` leaves new edits here and the
    /// lab takes them right after the terminal call that ran the command (same thread, same
    /// call stack: deterministic).
    static OPENED: RefCell<Vec<EditLink>> = const { RefCell::new(Vec::new()) };
}

/// Take the edits opened by the commands run since the last call (oldest first).
pub fn take_opened_edits() -> Vec<EditLink> {
    OPENED.with(|o| std::mem::take(&mut *o.borrow_mut()))
}

/// The terminal side of `kubectl edit`: blocks (kubectl waits for the editor) until the lab
/// queues the outcome; Ctrl-C ends kubectl without changing anything.
pub struct EditJob(EditLink);

impl Job<Cluster> for EditJob {
    fn poll(&mut self, _w: &mut Cluster) -> Poll {
        let mut st = self.0.borrow_mut();
        match st.queued.take() {
            Some((o, status)) => {
                if status.is_some() {
                    st.closed = true;
                }
                Poll {
                    stderr_first: o.stderr_first,
                    stdout: o.stdout,
                    stderr: o.stderr,
                    done: status,
                }
            }
            None => Poll::default(),
        }
    }
    fn interrupt(&mut self, _w: &mut Cluster) -> Output {
        // SIGINT: kubectl's interrupt handler exits; nothing is printed, nothing is sent.
        let mut st = self.0.borrow_mut();
        st.closed = true;
        st.queued = None;
        Output {
            status: 130,
            ..Default::default()
        }
    }
    fn wants_time(&self) -> bool {
        false
    }
}

/// `run -it` / `exec -it`: wait for the pod, attach, run the program, end the session.
pub struct Attach {
    session: PodSession,
    inner: Option<Box<dyn Session<Cluster>>>,
    /// Output to deliver at the next poll (attach hint, start output, the ending).
    queued: SessionStep,
}

impl Attach {
    pub fn new(session: PodSession) -> Attach {
        Attach {
            session,
            inner: None,
            queued: SessionStep::default(),
        }
    }

    fn end(&mut self, w: &mut Cluster, mut step: SessionStep, status: i32) -> SessionStep {
        let src = HostFiles(&crate::shell::vfs::Vfs::empty());
        let mut cx = KubectlCtx::new(w, &src);
        let o = kubectl::end_session(&self.session, &mut cx);
        step.append(&o.warnings, &o.stdout, &o.stderr);
        step.exited = Some(status);
        step
    }

    /// Try to attach now; fills `queued`.
    fn try_attach(&mut self, w: &mut Cluster) {
        match self.session.state(w) {
            SessionState::Waiting => {}
            SessionState::Failed(msg) => {
                let step = SessionStep {
                    stderr: format!("{}\n", msg.trim_end()),
                    ..Default::default()
                };
                self.queued = self.end(w, step, 1);
            }
            SessionState::Ready => {
                let me = PodRef {
                    namespace: self.session.namespace.clone(),
                    pod: self.session.pod.clone(),
                    container: self.session.container.clone(),
                };
                let mut step = SessionStep::default();
                if let Some(h) = &self.session.attach_hint {
                    // kubectl prints the hint before the first byte from the container.
                    step.stderr_first.push_str(h);
                    if !h.ends_with('\n') {
                        step.stderr_first.push('\n');
                    }
                }
                match pod::sh::open(w, &me, &self.session.command) {
                    Ok(mut s) => {
                        if let Some(st) = s.start_output() {
                            step.append(&st.stderr_first, &st.stdout, &st.stderr);
                            if let Some(code) = st.exited {
                                self.queued = self.end(w, step, code);
                                return;
                            }
                        }
                        self.inner = Some(s);
                        self.queued = step;
                    }
                    Err(o) => {
                        step.append(&o.stderr_first, &o.stdout, &o.stderr);
                        self.queued = self.end(w, step, o.status);
                    }
                }
            }
        }
    }
}

impl Session<Cluster> for Attach {
    fn prompt(&self) -> String {
        self.inner.as_ref().map(|s| s.prompt()).unwrap_or_default()
    }
    fn echo_input(&self) -> bool {
        self.inner.as_ref().is_none_or(|s| s.echo_input())
    }
    fn status(&self) -> Option<i32> {
        self.inner.as_ref().and_then(|s| s.status())
    }
    fn input(&mut self, line: &str, w: &mut Cluster) -> SessionStep {
        let Some(s) = self.inner.as_mut() else {
            return SessionStep::default();
        };
        let step = s.input(line, w);
        match step.exited {
            Some(code) => {
                self.inner = None;
                self.end(
                    w,
                    SessionStep {
                        exited: None,
                        ..step
                    },
                    code,
                )
            }
            None => step,
        }
    }
    fn interrupt(&mut self, w: &mut Cluster) -> SessionStep {
        match self.inner.as_mut() {
            Some(s) => {
                let step = s.interrupt(w);
                if let Some(code) = step.exited {
                    self.inner = None;
                    return self.end(
                        w,
                        SessionStep {
                            exited: None,
                            ..step
                        },
                        code,
                    );
                }
                step
            }
            // Ctrl-C while kubectl waits for the pod: kubectl exits; a --rm pod is left behind.
            None => SessionStep {
                exited: Some(130),
                ..Default::default()
            },
        }
    }
    fn poll(&mut self, w: &mut Cluster) -> SessionStep {
        if self.inner.is_none() && self.queued == SessionStep::default() {
            self.try_attach(w);
        }
        let mut step = std::mem::take(&mut self.queued);
        if let Some(s) = self.inner.as_mut() {
            let more = s.poll(w);
            step.append(&more.stderr_first, &more.stdout, &more.stderr);
            if let Some(code) = more.exited {
                self.inner = None;
                return self.end(w, step, code);
            }
        }
        step
    }
    fn busy(&self) -> bool {
        match &self.inner {
            None => self.queued.exited.is_none(),
            Some(s) => s.busy(),
        }
    }
    fn wants_time(&self) -> bool {
        self.inner.is_none()
    }
    fn wake_at(&self) -> Option<Millis> {
        self.inner.as_ref().and_then(|s| s.wake_at())
    }
    fn complete(&self, line: &str, w: &Cluster) -> Vec<String> {
        self.inner
            .as_ref()
            .map(|s| s.complete(line, w))
            .unwrap_or_default()
    }
}

fn get_pod(c: &Cluster, ns: &str, name: &str) -> Option<Pod> {
    match c.api().get(Kind::Pod, ns, name) {
        Ok(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

fn pod_by_ip(c: &Cluster, ip: &str) -> Option<Pod> {
    c.api()
        .list(Kind::Pod, None)
        .into_iter()
        .find_map(|o| match o {
            Object::Pod(p) if p.status.pod_ip == ip && p.status.phase == "Running" => {
                Some(p.clone())
            }
            _ => None,
        })
}

fn container_name(p: &Pod, want: &str) -> String {
    if want.is_empty() {
        p.spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default()
    } else {
        want.to_string()
    }
}

/// ms since the container started running (None: not running).
fn running_for(c: &Cluster, p: &Pod, container: &str) -> Option<Millis> {
    let st = p
        .status
        .container_statuses
        .iter()
        .find(|s| s.name == container)?;
    let started = st.state.running.as_ref()?.started_at?;
    Some(c.now().saturating_sub(started))
}

/// A container's files, snapshotted for one command and written back after it.
pub struct PodFs {
    vols: Volumes,
    mt: MountTable,
    /// The shell's working directory (absolute).
    cwd: String,
}

impl PodFs {
    /// `path` made absolute against the working directory.
    fn abs(&self, path: &str) -> String {
        if path.starts_with('/') {
            simfs::normalize(path)
        } else {
            simfs::normalize(&format!("{}/{path}", self.cwd))
        }
    }
}

impl Files for PodFs {
    fn read_file(&self, path: &str) -> Result<String, VfsError> {
        self.vols
            .read(&self.mt, &self.abs(path))
            .map_err(|e| VfsError::Other(format!("{path}: {}", e.strerror())))
    }
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), VfsError> {
        self.vols
            .write(&self.mt, &self.abs(path), text, append)
            .map_err(|e| VfsError::Other(format!("{path}: {}", e.strerror())))
    }
    fn remove_file(&mut self, path: &str) -> Result<(), VfsError> {
        self.vols
            .remove(&self.mt, &self.abs(path))
            .map_err(|e| VfsError::Other(format!("{path}: {}", e.strerror())))
    }
    fn list(&self, dir: Option<&str>) -> Result<Vec<String>, VfsError> {
        let d = dir.unwrap_or(".");
        if !self.vols.is_dir(&self.mt, &self.abs(d)) {
            return match self.vols.read(&self.mt, &self.abs(d)) {
                Ok(_) => Ok(vec![d.to_string()]),
                Err(e) => Err(VfsError::Other(format!("{d}: {}", e.strerror()))),
            };
        }
        self.vols
            .list(&self.mt, &self.abs(d))
            .map(|v| v.into_iter().map(|(n, _)| n).collect())
            .map_err(|e| VfsError::Other(format!("{d}: {}", e.strerror())))
    }
    fn cwd(&self) -> String {
        self.cwd.clone()
    }
    fn set_cwd(&mut self, dir: &str) -> Result<String, VfsError> {
        let d = self.abs(dir);
        if self.vols.is_dir(&self.mt, &d) {
            self.cwd = d.clone();
            Ok(d)
        } else {
            Err(VfsError::NotFound(dir.to_string()))
        }
    }
}

impl PodWorld for Cluster {
    type Fs = PodFs;

    fn pod_facts(&self, p: &PodRef) -> Option<PodFacts> {
        let pod = get_pod(self, &p.namespace, &p.pod)?;
        let cname = container_name(&pod, &p.container);
        let c = pod.spec.containers.iter().find(|c| c.name == cname)?;
        let info = images::lookup(&c.image).ok();
        let app = match info.as_ref().map(|i| i.app) {
            Some(App::Busybox) => PodApp::Busybox,
            Some(App::Nginx) => PodApp::Nginx,
            Some(App::Mysql) => PodApp::Mysql,
            _ => PodApp::Other,
        };
        let hostname = if pod.spec.hostname.is_empty() {
            pod.metadata.name.clone()
        } else {
            pod.spec.hostname.clone()
        };
        let fqdn = if pod.spec.subdomain.is_empty() {
            hostname.clone()
        } else {
            format!(
                "{hostname}.{}.{}.svc.{}",
                pod.spec.subdomain,
                p.namespace,
                self.dns().cluster_domain()
            )
        };
        Some(PodFacts {
            hostname,
            fqdn,
            ip: pod.status.pod_ip.clone(),
            image: c.image.clone(),
            app,
            version: info.map(|i| i.version.to_string()).unwrap_or_default(),
            env: c
                .env
                .iter()
                .map(|e| (e.name.clone(), e.value.clone()))
                .collect(),
            running: pod.status.phase == "Running",
        })
    }

    fn dns_query_a(&self, fqdn: &str) -> Dns {
        match self.dns().query(fqdn, QType::A) {
            Answer::NxDomain => Dns::NxDomain,
            Answer::NoError(recs) => Dns::Records(
                recs.into_iter()
                    .filter_map(|r| match r {
                        Record::A(ip) => Some(ip.to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
        }
    }

    fn dns_reverse(&self, ip: &str) -> Option<String> {
        self.dns().reverse(ip.parse().ok()?)
    }

    fn dns_search(&self, namespace: &str) -> Vec<String> {
        self.dns().search_list(namespace)
    }

    fn nameserver(&self) -> (String, String) {
        (
            self.dns().nameserver().to_string(),
            NAMESERVER_NAME.to_string(),
        )
    }

    fn pod_fs(&self, p: &PodRef) -> Result<PodFs, String> {
        let (_pod, mt) =
            simfs::mounts::container_view(self.api(), &p.namespace, &p.pod, &p.container)
                .map_err(|e| format!("error: {}", e.strerror()))?;
        let mut vols = self.fs().clone();
        simfs::mounts::ensure_pod_trees(&mut vols, &mt);
        Ok(PodFs {
            vols,
            mt,
            cwd: "/".into(),
        })
    }

    fn commit_fs(&mut self, fs: PodFs) {
        *self.fs_mut() = fs.vols;
    }

    fn http_get(&self, ip: &str, port: u16, path: &str) -> Http {
        let Some(pod) = pod_by_ip(self, ip) else {
            return Http::Unreachable;
        };
        for c in &pod.spec.containers {
            let Ok(info) = images::lookup(&c.image) else {
                continue;
            };
            if info.app == App::Nginx && port == 80 {
                let Ok(mt) = simfs::mounts::mount_table(self.api(), &pod, &c.name) else {
                    continue;
                };
                let r = simfs::nginx::get(
                    self.fs(),
                    &mt,
                    path,
                    simfs::nginx::server_version(info.version),
                );
                return Http::Response {
                    status: r.status,
                    reason: r.reason.to_string(),
                    body: r.body,
                };
            }
        }
        Http::Refused
    }

    fn ping_peer(&self, from: &PodRef, ip: &str) -> Peer {
        let Some(target) = pod_by_ip(self, ip) else {
            return Peer::Silent;
        };
        let mine = get_pod(self, &from.namespace, &from.pod)
            .map(|p| p.spec.node_name)
            .unwrap_or_default();
        Peer::Answers {
            same_node: mine == target.spec.node_name,
        }
    }

    fn mysql_at(&self, ip: &str) -> MysqlServer {
        let Some(pod) = pod_by_ip(self, ip) else {
            return MysqlServer::Unreachable;
        };
        for c in &pod.spec.containers {
            let Ok(info) = images::lookup(&c.image) else {
                continue;
            };
            if info.app != App::Mysql || !(c.command.is_empty() || c.command[0] == "mysqld") {
                continue;
            }
            // mysqld listens once its data directory is initialised (12–20 s after start in
            // the kubelet's program model); the client sees "refused" until then.
            return match running_for(self, &pod, &c.name) {
                Some(ms) if ms >= 20_000 => MysqlServer::Ready {
                    hostname: pod.metadata.name.clone(),
                    root_password: c
                        .env
                        .iter()
                        .find(|e| e.name == "MYSQL_ROOT_PASSWORD")
                        .map(|e| e.value.clone()),
                    version: match info.version {
                        "8.0" => "8.0.44".to_string(),
                        "8.4" => "8.4.7".to_string(),
                        v => format!("{v}.44"),
                    },
                },
                _ => MysqlServer::Refused,
            };
        }
        MysqlServer::Refused
    }
}
