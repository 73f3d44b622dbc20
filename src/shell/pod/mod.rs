//! Programs inside pods: busybox `sh` (prompt `/ # `) with nslookup, ping, wget, hostname,
//! env and the text tools; curl in nginx images; a minimal `mysql` client.
//!
//! They see the cluster through [`PodWorld`], which the lab implements for `sim::Cluster`
//! (DNS answers, the container's files, HTTP to nginx, which pod owns an IP).

pub mod mysql;
pub mod net;
pub mod sh;

use super::job::World;
use super::vfs::Files;

/// Which container of which pod a program runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRef {
    pub namespace: String,
    pub pod: String,
    pub container: String,
}

/// What an image runs (selects the applets and formats available).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodApp {
    Busybox,
    Nginx,
    Mysql,
    Other,
}

/// Facts about the pod a program runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodFacts {
    pub hostname: String,
    /// `hostname -f` (from /etc/hosts: set when the pod has a subdomain).
    pub fqdn: String,
    pub ip: String,
    pub image: String,
    pub app: PodApp,
    /// Image version (busybox 1.28 vs 1.36 changes nslookup's format).
    pub version: String,
    /// Container environment from the pod spec, in order.
    pub env: Vec<(String, String)>,
    /// The pod is Running (a session needs it).
    pub running: bool,
}

/// One DNS answer for A records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dns {
    Records(Vec<String>),
    NxDomain,
}

/// An HTTP GET result as a client sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Http {
    Response {
        status: u16,
        reason: String,
        body: String,
    },
    /// Nothing listens on that port (RST).
    Refused,
    /// No host has that address.
    Unreachable,
}

/// How a ping target answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// A running pod or node: same node as the pinger or not (TTL, latency).
    Answers {
        same_node: bool,
    },
    Silent,
}

/// What a mysql client finds at an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MysqlServer {
    /// The server is up: its hostname (`SELECT @@hostname`) and root password.
    Ready {
        hostname: String,
        root_password: Option<String>,
        version: String,
    },
    /// Nothing listening on 3306 yet (initialising, not a mysql pod): errno 111.
    Refused,
    /// The address does not answer at all.
    Unreachable,
}

/// The cluster as seen from inside a pod.
pub trait PodWorld: World {
    /// A snapshot of the container's filesystem, written back with [`PodWorld::commit_fs`].
    type Fs: Files + 'static;
    fn pod_facts(&self, p: &PodRef) -> Option<PodFacts>;
    /// One wire query for A records of a fully qualified name.
    fn dns_query_a(&self, fqdn: &str) -> Dns;
    /// PTR name for an address.
    fn dns_reverse(&self, ip: &str) -> Option<String>;
    /// The pod's resolv.conf search list.
    fn dns_search(&self, namespace: &str) -> Vec<String>;
    /// The nameserver's address and PTR name (`10.96.0.10`, `kube-dns.kube-system.svc.cluster.local`).
    fn nameserver(&self) -> (String, String);
    fn pod_fs(&self, p: &PodRef) -> Result<Self::Fs, String>;
    fn commit_fs(&mut self, fs: Self::Fs);
    fn http_get(&self, ip: &str, port: u16, path: &str) -> Http;
    fn ping_peer(&self, from: &PodRef, ip: &str) -> Peer;
    fn mysql_at(&self, ip: &str) -> MysqlServer;
}

/// libc resolution (ndots:5 and the search list) as getaddrinfo does it: the first
/// candidate with records wins. Returns (addresses, the name that answered).
pub fn resolve<W: PodWorld>(w: &W, ns: &str, name: &str) -> Option<(Vec<String>, String)> {
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some((vec![name.to_string()], name.to_string()));
    }
    if name == "localhost" {
        return Some((vec!["127.0.0.1".to_string()], name.to_string()));
    }
    for cand in libc_candidates(w, ns, name) {
        if let Dns::Records(r) = w.dns_query_a(&cand) {
            if !r.is_empty() {
                return Some((r, cand));
            }
        }
    }
    None
}

/// Names libc tries, in order (ndots:5: fewer dots → search list first).
pub fn libc_candidates<W: PodWorld>(w: &W, ns: &str, name: &str) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let searched: Vec<String> = w
        .dns_search(ns)
        .into_iter()
        .map(|s| format!("{name}.{s}"))
        .collect();
    if name.matches('.').count() >= 5 {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched
            .into_iter()
            .chain(std::iter::once(name.to_string()))
            .collect()
    }
}
