//! In-pod programs against a fake cluster: busybox nslookup in both formats (errata §10,
//! ref §5.2), ping until Ctrl-C with statistics, wget/curl against nginx, the mysql client.

use std::collections::BTreeMap;

use stslab::shell::job::{Launch, Millis, World};
use stslab::shell::pod::{self, Dns, Http, MysqlServer, Peer, PodApp, PodFacts, PodRef, PodWorld};
use stslab::shell::vfs::{Files, Vfs};

struct Fake {
    now: Millis,
    records: BTreeMap<String, Vec<String>>,
    html: BTreeMap<String, String>,
    image_version: String,
    mysql_ready: bool,
    files: Vfs,
}

impl World for Fake {
    fn now(&self) -> Millis {
        self.now
    }
    fn next_timer_at(&self) -> Option<Millis> {
        None
    }
    fn advance_to(&mut self, t: Millis) {
        self.now = t;
    }
    fn external(
        &mut self,
        _a: &[String],
        _s: Option<&str>,
        _f: &mut dyn Files,
    ) -> Option<Launch<Self>> {
        None
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
}

impl PodWorld for Fake {
    type Fs = Vfs;
    fn pod_facts(&self, p: &PodRef) -> Option<PodFacts> {
        Some(PodFacts {
            hostname: p.pod.clone(),
            fqdn: p.pod.clone(),
            ip: "10.244.2.9".into(),
            image: format!("busybox:{}", self.image_version),
            app: if p.pod.starts_with("web") {
                PodApp::Nginx
            } else {
                PodApp::Busybox
            },
            version: self.image_version.clone(),
            env: vec![],
            running: true,
        })
    }
    fn dns_query_a(&self, fqdn: &str) -> Dns {
        match self.records.get(fqdn) {
            Some(r) => Dns::Records(r.clone()),
            None => Dns::NxDomain,
        }
    }
    fn dns_reverse(&self, ip: &str) -> Option<String> {
        (ip == "10.244.1.5").then(|| "web-0.nginx-svc.default.svc.cluster.local".to_string())
    }
    fn dns_search(&self, ns: &str) -> Vec<String> {
        vec![
            format!("{ns}.svc.cluster.local"),
            "svc.cluster.local".into(),
            "cluster.local".into(),
        ]
    }
    fn nameserver(&self) -> (String, String) {
        (
            "10.96.0.10".into(),
            "kube-dns.kube-system.svc.cluster.local".into(),
        )
    }
    fn pod_fs(&self, _p: &PodRef) -> Result<Vfs, String> {
        Ok(self.files.clone())
    }
    fn commit_fs(&mut self, fs: Vfs) {
        self.files = fs;
    }
    fn http_get(&self, ip: &str, _port: u16, path: &str) -> Http {
        if ip != "10.244.1.5" {
            return Http::Refused;
        }
        match self.html.get(path) {
            Some(b) => Http::Response {
                status: 200,
                reason: "OK".into(),
                body: b.clone(),
            },
            None => Http::Response {
                status: 404,
                reason: "Not Found".into(),
                body: "<html>404</html>\n".into(),
            },
        }
    }
    fn ping_peer(&self, _from: &PodRef, ip: &str) -> Peer {
        if ip == "10.244.1.5" {
            Peer::Answers { same_node: false }
        } else {
            Peer::Silent
        }
    }
    fn mysql_at(&self, _ip: &str) -> MysqlServer {
        if self.mysql_ready {
            MysqlServer::Ready {
                hostname: "mysql-0".into(),
                root_password: Some("password".into()),
                version: "8.0.44".into(),
            }
        } else {
            MysqlServer::Refused
        }
    }
}

fn fake(version: &str) -> Fake {
    let mut records = BTreeMap::new();
    records.insert(
        "web-0.nginx-svc.default.svc.cluster.local".to_string(),
        vec!["10.244.1.5".to_string()],
    );
    records.insert(
        "nginx-svc.default.svc.cluster.local".to_string(),
        vec!["10.244.1.5".to_string(), "10.244.2.6".to_string()],
    );
    records.insert(
        "mysql-0.mysql.default.svc.cluster.local".to_string(),
        vec!["10.244.3.4".to_string()],
    );
    let mut html = BTreeMap::new();
    html.insert("/".to_string(), "web-0\n".to_string());
    Fake {
        now: 0,
        records,
        html,
        image_version: version.into(),
        mysql_ready: true,
        files: Vfs::empty(),
    }
}

fn me(pod: &str) -> PodRef {
    PodRef {
        namespace: "default".into(),
        pod: pod.into(),
        container: pod.into(),
    }
}

fn sh(w: &mut Fake, lines: &[&str]) -> Vec<(String, String)> {
    let mut s = pod::sh::open(w, &me("debug"), &["sh".to_string()])
        .ok()
        .unwrap();
    assert_eq!(s.prompt(), "/ # ");
    lines
        .iter()
        .map(|l| {
            let st = s.input(l, w);
            // Everything the line wrote to stderr, before or after its stdout.
            (st.stdout, st.stderr_first + &st.stderr)
        })
        .collect()
}

#[test]
fn nslookup_current_busybox_format() {
    let mut w = fake("1.37");
    let r = sh(
        &mut w,
        &[
            "nslookup web-0.nginx-svc.default.svc.cluster.local",
            "nslookup web-0.nginx-svc",
        ],
    );
    assert_eq!(
        r[0].0,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb-0.nginx-svc.default.svc.cluster.local\nAddress: 10.244.1.5\n\n\n"
    );
    // A dotted short name is not expanded by the new resolver: NXDOMAIN for A and AAAA.
    assert_eq!(
        r[1].0,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find web-0.nginx-svc: NXDOMAIN\n\n** server can't find web-0.nginx-svc: NXDOMAIN\n\n"
    );
}

#[test]
fn nslookup_busybox_128_format() {
    let mut w = fake("1.28");
    let r = sh(
        &mut w,
        &[
            "nslookup web-0.nginx-svc",
            "nslookup nginx-svc",
            "nslookup web-9.nginx-svc",
        ],
    );
    assert_eq!(
        r[0].0,
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-0.nginx-svc\nAddress 1: 10.244.1.5 web-0.nginx-svc.default.svc.cluster.local\n"
    );
    assert!(r[1].0.ends_with("Name:      nginx-svc\nAddress 1: 10.244.1.5 web-0.nginx-svc.default.svc.cluster.local\nAddress 2: 10.244.2.6\n"));
    assert_eq!(r[2].1, "nslookup: can't resolve 'web-9.nginx-svc'\n");
}

#[test]
fn ping_runs_until_ctrl_c_then_prints_statistics() {
    let mut w = fake("1.37");
    let mut s = pod::sh::open(&mut w, &me("debug"), &["sh".to_string()])
        .ok()
        .unwrap();
    let st = s.input("ping web-0.nginx-svc", &mut w);
    assert!(st.stdout.starts_with("PING web-0.nginx-svc (10.244.1.5): 56 data bytes\n64 bytes from 10.244.1.5: seq=0 ttl=62 time="));
    assert!(s.busy());
    w.now = 2000;
    let st = s.poll(&mut w);
    assert_eq!(st.stdout.lines().count(), 2);
    let st = s.interrupt(&mut w);
    assert!(st.stdout.starts_with("\n--- web-0.nginx-svc ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min/avg/max = "), "{}", st.stdout);
    assert!(!s.busy());
    let st = s.input("ping web-9.nginx-svc", &mut w);
    assert_eq!(st.stderr, "ping: bad address 'web-9.nginx-svc'\n");
}

#[test]
fn shell_commands_and_files_in_the_pod() {
    let mut w = fake("1.37");
    let r = sh(
        &mut w,
        &[
            "hostname",
            "foo",
            "echo hi > /tmp/x; cat /tmp/x",
            "wget -qO- web-0.nginx-svc.default.svc.cluster.local",
            "wget -qO- http://web-0.nginx-svc.default.svc.cluster.local/nope",
        ],
    );
    assert_eq!(r[0].0, "debug\n");
    assert_eq!(r[1].1, "sh: foo: not found\n");
    assert_eq!(r[2].0, "hi\n");
    assert_eq!(r[3].0, "web-0\n");
    assert_eq!(
        r[4].1,
        "wget: server returned error: HTTP/1.1 404 Not Found\n"
    );
}

#[test]
fn mysql_client_password_prompt_query_and_bye() {
    let mut w = fake("1.37");
    let args: Vec<String> = [
        "mysql",
        "-h",
        "mysql-0.mysql.default.svc.cluster.local",
        "-p",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut s = pod::sh::open(&mut w, &me("mysql-client"), &args)
        .ok()
        .unwrap();
    assert_eq!(s.prompt(), "Enter password: ");
    assert!(!s.echo_input());
    let st = s.input("password", &mut w);
    assert!(st.stdout.starts_with("Welcome to the MySQL monitor."));
    assert_eq!(s.prompt(), "mysql> ");
    let st = s.input("SELECT @@hostname;", &mut w);
    assert_eq!(st.stdout, "+------------+\n| @@hostname |\n+------------+\n| mysql-0    |\n+------------+\n1 row in set (0.00 sec)\n\n");
    let st = s.input("exit", &mut w);
    assert_eq!((st.stdout.as_str(), st.exited), ("Bye\n", Some(0)));
}

#[test]
fn mysql_client_errors() {
    let mut w = fake("1.37");
    let args = |h: &str| -> Vec<String> {
        ["mysql", "-h", h, "-p"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let mut s = pod::sh::open(
        &mut w,
        &me("c"),
        &args("mysql-1.mysql.default.svc.cluster.local"),
    )
    .ok()
    .unwrap();
    let st = s.input("password", &mut w);
    assert_eq!(st.stderr, "ERROR 2005 (HY000): Unknown MySQL server host 'mysql-1.mysql.default.svc.cluster.local' (-2)\n");
    assert_eq!(st.exited, Some(1));
    w.mysql_ready = false;
    let mut s = pod::sh::open(
        &mut w,
        &me("c"),
        &args("mysql-0.mysql.default.svc.cluster.local"),
    )
    .ok()
    .unwrap();
    let st = s.input("password", &mut w);
    assert_eq!(st.stderr, "ERROR 2003 (HY000): Can't connect to MySQL server on 'mysql-0.mysql.default.svc.cluster.local:3306' (111)\n");
    w.mysql_ready = true;
    let mut s = pod::sh::open(
        &mut w,
        &me("c"),
        &args("mysql-0.mysql.default.svc.cluster.local"),
    )
    .ok()
    .unwrap();
    let st = s.input("wrong", &mut w);
    assert_eq!(
        st.stderr,
        "ERROR 1045 (28000): Access denied for user 'root'@'10.244.2.9' (using password: YES)\n"
    );
}

#[test]
fn non_interactive_exec_with_sh_c() {
    let mut w = fake("1.37");
    let o = pod::sh::exec(
        &mut w,
        &me("web-0"),
        &[
            "sh".into(),
            "-c".into(),
            "echo \"$(hostname)\" > /usr/share/nginx/html/index.html".into(),
        ],
    );
    assert_eq!(o.status, 0, "{o:?}");
    assert_eq!(
        w.files.read("/usr/share/nginx/html/index.html"),
        Ok("web-0\n")
    );
    let o = pod::sh::exec(
        &mut w,
        &me("web-0"),
        &["curl".into(), "http://localhost/".into()],
    );
    assert_eq!(
        o.stderr,
        "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n"
    );
}

#[test]
fn mysql_client_warns_about_a_password_on_the_command_line() {
    let mut w = fake("1.37");
    let args: Vec<String> = ["mysql", "-h", "mysql-0.mysql", "-uroot", "-ppassword"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut s = pod::sh::open(&mut w, &me("mysql-client"), &args)
        .ok()
        .unwrap();
    let st = s.start_output().expect("output before the prompt");
    // Printed while the options are read, before the banner.
    assert_eq!(
        st.stderr_first,
        "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    );
    assert!(
        st.stdout.starts_with("Welcome to the MySQL monitor."),
        "{}",
        st.stdout
    );
    assert_eq!(s.prompt(), "mysql> ");
}
