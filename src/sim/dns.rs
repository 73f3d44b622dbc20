//! Cluster DNS (CoreDNS `kubernetes` plugin, zone `cluster.local`, `pods insecure`), answered
//! from Services and EndpointSlices exactly as they are in the API at the moment of the query.
//!
//! - `<svc>.<ns>.svc.cluster.local`: ClusterIP → the ClusterIP; headless → one A record per
//!   ready endpoint (NXDOMAIN when there is none).
//! - `<hostname>.<svc>.<ns>.svc.cluster.local`: the endpoint of a headless Service whose
//!   `hostname` is set (pods whose `subdomain` is the Service name), only while it is ready
//!   (or the Service publishes not-ready addresses).
//! - `_<port>._<proto>.<svc>.<ns>.svc.cluster.local`: SRV for named ports.
//! - an ExternalName Service's name: a CNAME to `spec.externalName`, followed (the answer is
//!   the target's records; names outside the cluster domain are NXDOMAIN, no upstream DNS).
//! - `<a-b-c-d>.<ns>.pod.cluster.local` and PTR `d.c.b.a.in-addr.arpa`.
//!
//! [`Resolver::resolve`] is the libc view a program gets (search list, ndots:5);
//! [`Resolver::query`] is one wire query, for tools that print query-by-query output.

use crate::sim::api::ApiServer;
use crate::sim::config::ClusterConfig;
use crate::sim::kubelet::util;
use crate::sim::objects::*;
use std::net::Ipv4Addr;

pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// kube-dns Service ClusterIP (kind/kubeadm default).
pub const NAMESERVER: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 10);
pub const NAMESERVER_NAME: &str = "kube-dns.kube-system.svc.cluster.local";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QType {
    A,
    Aaaa,
    Srv,
    Ptr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    A(Ipv4Addr),
    Srv {
        priority: u16,
        weight: u16,
        port: u16,
        target: String,
    },
    Ptr(String),
}

/// One DNS answer: NOERROR with records (possibly none: NODATA) or NXDOMAIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    NoError(Vec<Record>),
    NxDomain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsError {
    NxDomain,
}

/// A read-only resolver over the API server's current state.
pub struct Resolver<'a> {
    pub api: &'a ApiServer,
    pub config: &'a ClusterConfig,
}

fn dashed(ip: &str) -> String {
    ip.replace('.', "-")
}

impl<'a> Resolver<'a> {
    pub fn new(api: &'a ApiServer, config: &'a ClusterConfig) -> Resolver<'a> {
        Resolver { api, config }
    }

    /// The cluster domain, e.g. `cluster.local`.
    pub fn cluster_domain(&self) -> &str {
        if self.config.cluster_domain.is_empty() {
            CLUSTER_DOMAIN
        } else {
            &self.config.cluster_domain
        }
    }

    /// The kube-dns ClusterIP pods use as their nameserver.
    pub fn nameserver(&self) -> Ipv4Addr {
        self.config.dns_service_ip.parse().unwrap_or(NAMESERVER)
    }

    /// The `search` line of a pod's resolv.conf in namespace `ns`.
    pub fn search_list(&self, ns: &str) -> Vec<String> {
        let d = self.cluster_domain();
        vec![format!("{ns}.svc.{d}"), format!("svc.{d}"), d.to_string()]
    }

    /// A pod's `/etc/resolv.conf`.
    pub fn resolv_conf(&self, ns: &str) -> String {
        format!(
            "search {}\nnameserver {}\noptions ndots:5\n",
            self.search_list(ns).join(" "),
            self.nameserver()
        )
    }

    /// The names libc tries, in order, for `name` from namespace `ns` (ndots:5).
    pub fn candidates(&self, name: &str, ns: &str) -> Vec<String> {
        if let Some(abs) = name.strip_suffix('.') {
            return vec![abs.to_string()];
        }
        let searched: Vec<String> = self
            .search_list(ns)
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

    /// libc `getaddrinfo` for IPv4: the first candidate with A records wins.
    pub fn resolve(&self, name: &str, from_ns: &str) -> Result<Vec<Ipv4Addr>, DnsError> {
        if let Ok(ip) = name.parse::<Ipv4Addr>() {
            return Ok(vec![ip]);
        }
        for cand in self.candidates(name, from_ns) {
            if let Answer::NoError(recs) = self.query(&cand, QType::A) {
                let ips: Vec<Ipv4Addr> = recs
                    .iter()
                    .filter_map(|r| match r {
                        Record::A(ip) => Some(*ip),
                        _ => None,
                    })
                    .collect();
                if !ips.is_empty() {
                    return Ok(ips);
                }
            }
        }
        Err(DnsError::NxDomain)
    }

    /// Fully qualified name of the first candidate that resolves (what `Name:` shows).
    pub fn resolve_name(&self, name: &str, from_ns: &str) -> Option<String> {
        self.candidates(name, from_ns)
            .into_iter()
            .find(|c| matches!(self.query(c, QType::A), Answer::NoError(r) if !r.is_empty()))
    }

    /// Reverse lookup of an IP (the name busybox 1.28 prints after an address).
    pub fn reverse(&self, ip: Ipv4Addr) -> Option<String> {
        let o = ip.octets();
        match self.query(
            &format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0]),
            QType::Ptr,
        ) {
            Answer::NoError(r) => r.into_iter().find_map(|x| match x {
                Record::Ptr(n) => Some(n),
                _ => None,
            }),
            Answer::NxDomain => None,
        }
    }

    fn service(&self, ns: &str, name: &str) -> Option<Service> {
        match self.api.get(Kind::Service, ns, name) {
            Ok(Object::Service(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// Published endpoints of a Service: (address, hostname) of the ready ones.
    fn ready_endpoints(&self, svc: &Service) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for s in util::slices(self.api) {
            if s.metadata.namespace != svc.metadata.namespace
                || s.metadata.labels.get(crate::sim::endpoints::SERVICE_NAME)
                    != Some(&svc.metadata.name)
            {
                continue;
            }
            for e in &s.endpoints {
                if e.conditions.ready == Some(false) {
                    continue;
                }
                for a in &e.addresses {
                    out.push((a.clone(), e.hostname.clone()));
                }
            }
        }
        out
    }

    fn service_ports(&self, svc: &Service) -> Vec<(String, String, i32)> {
        let mut v = Vec::new();
        for s in util::slices(self.api) {
            if s.metadata.namespace == svc.metadata.namespace
                && s.metadata.labels.get(crate::sim::endpoints::SERVICE_NAME)
                    == Some(&svc.metadata.name)
            {
                for p in &s.ports {
                    v.push((
                        p.name.clone().unwrap_or_default(),
                        p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                        p.port.unwrap_or(0),
                    ));
                }
            }
        }
        v
    }

    /// One query for a fully qualified name.
    pub fn query(&self, fqdn: &str, qtype: QType) -> Answer {
        self.query_depth(fqdn, qtype, 0)
    }

    /// `spec.externalName` of an ExternalName Service.
    fn external_name(&self, ns: &str, name: &str) -> Option<String> {
        self.service(ns, name)
            .filter(|s| s.spec.type_ == "ExternalName")
            .map(|s| s.spec.external_name)
    }

    /// [`Resolver::query`], `depth` CNAMEs deep (a loop of ExternalName Services ends as
    /// NXDOMAIN instead of recursing for ever).
    fn query_depth(&self, fqdn: &str, qtype: QType, depth: u32) -> Answer {
        if depth > 8 {
            return Answer::NxDomain;
        }
        let name = fqdn.trim_end_matches('.').to_ascii_lowercase();
        if qtype == QType::Ptr || name.ends_with(".in-addr.arpa") {
            return self.query_ptr(&name, qtype);
        }
        let Some(rest) = name.strip_suffix(&format!(".{}", self.cluster_domain())) else {
            return Answer::NxDomain;
        };
        let labels: Vec<&str> = rest.split('.').collect();
        let records = match labels.as_slice() {
            [ip, _ns, "pod"] => {
                let dotted = ip.replace('-', ".");
                match dotted.parse::<Ipv4Addr>() {
                    Ok(a) => vec![Record::A(a)],
                    Err(_) => return Answer::NxDomain,
                }
            }
            // ExternalName: CoreDNS answers with a CNAME to `spec.externalName`; a resolver
            // follows it, so the answer is the target's (the simulated cluster has no
            // upstream DNS: a name outside the cluster domain is NXDOMAIN, as any other).
            [svc, ns, "svc"] if self.external_name(ns, svc).is_some() => {
                let target = self.external_name(ns, svc).unwrap_or_default();
                return self.query_depth(&target, qtype, depth + 1);
            }
            [svc, ns, "svc"] => match self.service_a(ns, svc) {
                Some(r) => r,
                None => return Answer::NxDomain,
            },
            [port, proto, svc, ns, "svc"] if port.starts_with('_') && proto.starts_with('_') => {
                match self.service_srv(ns, svc, &port[1..], &proto[1..]) {
                    Some(r) => r,
                    None => return Answer::NxDomain,
                }
            }
            [host, svc, ns, "svc"] => match self.endpoint_a(ns, svc, host) {
                Some(r) => r,
                None => return Answer::NxDomain,
            },
            _ => return Answer::NxDomain,
        };
        match qtype {
            QType::A | QType::Srv => Answer::NoError(
                records
                    .into_iter()
                    .filter(|r| {
                        matches!(
                            (qtype, r),
                            (QType::A, Record::A(_)) | (QType::Srv, Record::Srv { .. })
                        )
                    })
                    .collect(),
            ),
            // IPv4-only cluster: the name exists, but has no AAAA data.
            _ => Answer::NoError(vec![]),
        }
    }

    fn builtin(&self, ns: &str, svc: &str) -> Option<Ipv4Addr> {
        match (ns, svc) {
            ("kube-system", "kube-dns") => Some(self.nameserver()),
            ("default", "kubernetes") => Some(Ipv4Addr::new(10, 96, 0, 1)),
            _ => None,
        }
    }

    fn service_a(&self, ns: &str, name: &str) -> Option<Vec<Record>> {
        let Some(svc) = self.service(ns, name) else {
            return self.builtin(ns, name).map(|ip| vec![Record::A(ip)]);
        };
        if svc.is_headless() {
            let ips: Vec<Record> = self
                .ready_endpoints(&svc)
                .into_iter()
                .filter_map(|(a, _)| a.parse().ok().map(Record::A))
                .collect();
            return (!ips.is_empty()).then_some(ips);
        }
        svc.spec
            .cluster_ip
            .parse()
            .ok()
            .map(|ip| vec![Record::A(ip)])
    }

    fn endpoint_a(&self, ns: &str, svc: &str, host: &str) -> Option<Vec<Record>> {
        let svc = self.service(ns, svc)?;
        if !svc.is_headless() {
            return None;
        }
        let ips: Vec<Record> = self
            .ready_endpoints(&svc)
            .into_iter()
            .filter(|(a, h)| h.as_deref() == Some(host) || (h.is_none() && dashed(a) == host))
            .filter_map(|(a, _)| a.parse().ok().map(Record::A))
            .collect();
        (!ips.is_empty()).then_some(ips)
    }

    fn service_srv(&self, ns: &str, name: &str, port: &str, proto: &str) -> Option<Vec<Record>> {
        let svc = self.service(ns, name)?;
        let (_, _, num) = self
            .service_ports(&svc)
            .into_iter()
            .find(|(n, p, _)| !n.is_empty() && n == port && p.eq_ignore_ascii_case(proto))?;
        let base = format!("{name}.{ns}.svc.{}", self.cluster_domain());
        if !svc.is_headless() {
            let sp = svc
                .spec
                .ports
                .iter()
                .find(|p| p.name == port)
                .map(|p| p.port)
                .unwrap_or(num);
            return Some(vec![Record::Srv {
                priority: 0,
                weight: 100,
                port: sp as u16,
                target: format!("{base}."),
            }]);
        }
        let eps = self.ready_endpoints(&svc);
        if eps.is_empty() {
            return None;
        }
        let weight = (100 / eps.len()) as u16;
        Some(
            eps.into_iter()
                .map(|(a, h)| Record::Srv {
                    priority: 0,
                    weight,
                    port: num as u16,
                    target: format!("{}.{base}.", h.unwrap_or_else(|| dashed(&a))),
                })
                .collect(),
        )
    }

    fn query_ptr(&self, name: &str, qtype: QType) -> Answer {
        let Some(rev) = name.strip_suffix(".in-addr.arpa") else {
            return Answer::NxDomain;
        };
        let parts: Vec<&str> = rev.split('.').collect();
        if parts.len() != 4 {
            return Answer::NxDomain;
        }
        let ip = format!("{}.{}.{}.{}", parts[3], parts[2], parts[1], parts[0]);
        let mut found: Option<String> = None;
        if ip == self.nameserver().to_string() {
            found = Some(format!(
                "kube-dns.kube-system.svc.{}",
                self.cluster_domain()
            ));
        }
        for svc in util::services(self.api) {
            if found.is_some() {
                break;
            }
            let base = format!(
                "{}.{}.svc.{}",
                svc.metadata.name,
                svc.metadata.namespace,
                self.cluster_domain()
            );
            if svc.spec.cluster_ip == ip {
                found = Some(base);
            } else if svc.is_headless() {
                if let Some((a, h)) = self
                    .ready_endpoints(&svc)
                    .into_iter()
                    .find(|(a, _)| *a == ip)
                {
                    found = Some(format!("{}.{base}", h.unwrap_or_else(|| dashed(&a))));
                }
            }
        }
        match (found, qtype) {
            (Some(n), QType::Ptr) => Answer::NoError(vec![Record::Ptr(n)]),
            (Some(_), _) => Answer::NoError(vec![]),
            (None, _) => Answer::NxDomain,
        }
    }
}
