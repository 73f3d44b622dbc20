//! Network tools inside a pod: `nslookup` (busybox 1.28 libc format vs the current busybox
//! resolver format, chosen by image version), `ping`, `wget`, `curl`, `hostname`.

use super::{libc_candidates, resolve, Dns, Http, Peer, PodFacts, PodRef, PodWorld};
use crate::shell::builtins::Output;
use crate::shell::job::Millis;

/// busybox before 1.30 used libc and the old output format.
pub fn old_busybox(version: &str) -> bool {
    let mut it = version.split('.').map(|x| x.parse::<u32>().unwrap_or(0));
    let (maj, min) = (it.next().unwrap_or(1), it.next().unwrap_or(99));
    maj == 1 && min < 30
}

/// `nslookup NAME`.
pub fn nslookup<W: PodWorld>(w: &W, me: &PodRef, facts: &PodFacts, args: &[String]) -> Output {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = names.first().map(|s| s.as_str()) else {
        return Output::err(
            1,
            "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST",
        );
    };
    let (ns_ip, ns_name) = w.nameserver();
    if old_busybox(&facts.version) {
        // busybox 1.28: printf("%-10s %s\n"), `Address N: ip[ ptr]`; failures on stderr.
        let mut out = format!(
            "{:<10} {}\nAddress 1: {} {}\n\n",
            "Server:", ns_ip, ns_ip, ns_name
        );
        match resolve(w, &me.namespace, name) {
            Some((ips, _)) => {
                out.push_str(&format!("{:<10} {}\n", "Name:", name));
                for (i, ip) in ips.iter().enumerate() {
                    match w.dns_reverse(ip) {
                        Some(ptr) => out.push_str(&format!(
                            "Address {}: {} {}\n",
                            i + 1,
                            ip,
                            ptr.trim_end_matches('.')
                        )),
                        None => out.push_str(&format!("Address {}: {}\n", i + 1, ip)),
                    }
                }
                Output::ok(out)
            }
            None => Output {
                stderr_first: String::new(),
                stdout: out,
                stderr: format!("nslookup: can't resolve '{name}'\n"),
                status: 1,
            },
        }
    } else {
        // Current busybox: its own resolver; the search list only for names without a dot;
        // one reply block per query (A then AAAA), each followed by a blank line.
        let mut out = format!("Server:\t\t{ns_ip}\nAddress:\t{ns_ip}:53\n\n");
        let queries: Vec<String> =
            if name.contains('.') || name.parse::<std::net::Ipv4Addr>().is_ok() {
                vec![name.trim_end_matches('.').to_string()]
            } else {
                w.dns_search(&me.namespace)
                    .into_iter()
                    .map(|s| format!("{name}.{s}"))
                    .collect()
            };
        let mut failed = false;
        for q in queries {
            match w.dns_query_a(&q) {
                Dns::Records(ips) if !ips.is_empty() => {
                    for ip in ips {
                        out.push_str(&format!("Name:\t{q}\nAddress: {ip}\n"));
                    }
                    out.push('\n');
                    // The AAAA query answers NOERROR with no data: one more empty line.
                    out.push('\n');
                }
                _ => {
                    failed = true;
                    out.push_str(&format!("** server can't find {q}: NXDOMAIN\n\n"));
                    out.push_str(&format!("** server can't find {q}: NXDOMAIN\n\n"));
                }
            }
        }
        Output {
            stderr_first: String::new(),
            stdout: out,
            stderr: String::new(),
            status: failed as i32,
        }
    }
}

/// A ping in progress (busybox format).
#[derive(Clone, Debug)]
pub struct Ping {
    pub shown: String,
    pub ip: Option<String>,
    pub peer: Peer,
    pub sent: u32,
    pub received: u32,
    pub rtts: Vec<u32>,
    pub next_at: Millis,
    pub count: Option<u32>,
}

/// Deterministic round-trip time in microseconds for packet `seq` to `ip`.
fn rtt_us(ip: &str, seq: u32, same_node: bool) -> u32 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in ip.bytes().chain(seq.to_le_bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let base = if same_node { 40 } else { 110 };
    base + (h % 60) as u32 + if seq == 0 { 30 } else { 0 }
}

fn ms(us: u32) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

impl Ping {
    /// Start `ping [-c N] HOST`: the header, or the resolver error.
    pub fn start<W: PodWorld>(
        w: &W,
        me: &PodRef,
        args: &[String],
    ) -> Result<(Ping, String), Output> {
        let mut count = None;
        let mut host = None;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "-c" {
                count = args.get(i + 1).and_then(|v| v.parse::<u32>().ok());
                if count.is_none() {
                    return Err(Output::err(
                        1,
                        format!(
                            "ping: invalid number '{}'",
                            args.get(i + 1).map(|s| s.as_str()).unwrap_or("")
                        ),
                    ));
                }
                i += 2;
                continue;
            } else if let Some(v) = a.strip_prefix("-c") {
                count = v.parse().ok();
            } else if a.starts_with('-') {
                // Other options (-W, -i, ...) take no effect here.
            } else {
                host = Some(a.clone());
            }
            i += 1;
        }
        let Some(host) = host else {
            return Err(Output::err(
                1,
                "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST",
            ));
        };
        let Some((ips, _)) = resolve(w, &me.namespace, &host) else {
            return Err(Output::err(1, format!("ping: bad address '{host}'")));
        };
        let ip = ips[0].clone();
        let peer = if ip == "127.0.0.1" {
            Peer::Answers { same_node: true }
        } else {
            w.ping_peer(me, &ip)
        };
        let header = format!("PING {host} ({ip}): 56 data bytes\n");
        Ok((
            Ping {
                shown: host,
                ip: Some(ip),
                peer,
                sent: 0,
                received: 0,
                rtts: vec![],
                next_at: w.now(),
                count,
            },
            header,
        ))
    }

    /// Replies due by `now`; Some(status) when a counted ping is over.
    pub fn tick(&mut self, now: Millis) -> (String, Option<i32>) {
        let mut out = String::new();
        while self.next_at <= now {
            if self.count.is_some_and(|c| self.sent >= c) {
                break;
            }
            let seq = self.sent;
            self.sent += 1;
            if let (Peer::Answers { same_node }, Some(ip)) = (self.peer, &self.ip) {
                let us = rtt_us(ip, seq, same_node);
                let ttl = if same_node { 64 } else { 62 };
                out.push_str(&format!(
                    "64 bytes from {ip}: seq={seq} ttl={ttl} time={} ms\n",
                    ms(us)
                ));
                self.received += 1;
                self.rtts.push(us);
            }
            self.next_at += 1000;
        }
        if self.count.is_some_and(|c| self.sent >= c) {
            out.push_str(&self.stats());
            return (out, Some(if self.received > 0 { 0 } else { 1 }));
        }
        (out, None)
    }

    /// The statistics busybox prints when it ends (count reached or SIGINT).
    pub fn stats(&self) -> String {
        let loss = ((self.sent - self.received) * 100)
            .checked_div(self.sent)
            .unwrap_or(0);
        let mut s = format!(
            "\n--- {} ping statistics ---\n{} packets transmitted, {} packets received, {}% packet loss\n",
            self.shown, self.sent, self.received, loss
        );
        if !self.rtts.is_empty() {
            let min = self.rtts.iter().min().copied().unwrap_or(0);
            let max = self.rtts.iter().max().copied().unwrap_or(0);
            let avg = self.rtts.iter().map(|x| *x as u64).sum::<u64>() / self.rtts.len() as u64;
            s.push_str(&format!(
                "round-trip min/avg/max = {}/{}/{} ms\n",
                ms(min),
                ms(avg as u32),
                ms(max)
            ));
        }
        s
    }

    /// Next instant a packet is due.
    pub fn wake_at(&self) -> Millis {
        self.next_at
    }
}

/// Split `http://host[:port]/path`.
fn split_url(url: &str) -> (String, u16, String) {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap_or(80)),
        None => (hostport.to_string(), 80),
    };
    (host, port, path)
}

/// Fetch as a client in pod `me`: localhost means the pod's own address.
fn fetch<W: PodWorld>(
    w: &W,
    me: &PodRef,
    facts: &PodFacts,
    host: &str,
    port: u16,
    path: &str,
) -> Result<(String, Http), ()> {
    let (ips, _) = resolve(w, &me.namespace, host).ok_or(())?;
    let ip = ips[0].clone();
    let target = if ip == "127.0.0.1" {
        facts.ip.clone()
    } else {
        ip.clone()
    };
    Ok((ip, w.http_get(&target, port, path)))
}

/// busybox `wget [-q] [-O FILE|-] URL`; returns output and an optional file to write.
pub fn wget<W: PodWorld>(
    w: &W,
    me: &PodRef,
    facts: &PodFacts,
    args: &[String],
) -> (Output, Option<(String, String)>) {
    let mut quiet = false;
    let mut out_file: Option<String> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-q" => quiet = true,
            "-O" => {
                out_file = args.get(i + 1).cloned();
                i += 1;
            }
            "-qO-" | "-qO" => {
                quiet = true;
                out_file = Some(if a == "-qO-" {
                    "-".into()
                } else {
                    args.get(i + 1).cloned().unwrap_or_default()
                });
                if a == "-qO" {
                    i += 1;
                }
            }
            _ if a.starts_with("-O") => out_file = Some(a[2..].to_string()),
            _ if a.starts_with("-q") && a.contains('O') => {
                quiet = true;
                out_file = Some(a.split_once('O').map(|x| x.1).unwrap_or("-").to_string());
            }
            _ if a.starts_with('-') => {}
            _ => url = Some(a.to_string()),
        }
        i += 1;
    }
    let Some(url) = url else {
        return (Output::err(1, "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP"), None);
    };
    let (host, port, path) = split_url(&url);
    let mut o = Output::default();
    let Ok((ip, resp)) = fetch(w, me, facts, &host, port, &path) else {
        return (Output::err(1, format!("wget: bad address '{host}'")), None);
    };
    if !quiet {
        o.stderr
            .push_str(&format!("Connecting to {host} ({ip}:{port})\n"));
    }
    match resp {
        Http::Refused => {
            o.stderr.push_str(&format!(
                "wget: can't connect to remote host ({ip}): Connection refused\n"
            ));
            o.status = 1;
            (o, None)
        }
        Http::Unreachable => {
            o.stderr.push_str(&format!(
                "wget: can't connect to remote host ({ip}): No route to host\n"
            ));
            o.status = 1;
            (o, None)
        }
        Http::Response { status, reason, .. } if status >= 400 => {
            o.stderr.push_str(&format!(
                "wget: server returned error: HTTP/1.1 {status} {reason}\n"
            ));
            o.status = 1;
            (o, None)
        }
        Http::Response { body, .. } => {
            let target = out_file.unwrap_or_else(|| {
                let last = path.rsplit('/').next().unwrap_or("");
                if last.is_empty() {
                    "index.html".into()
                } else {
                    last.to_string()
                }
            });
            let bar = |name: &str| {
                format!(
                    "{name:<20} 100% |********************************| {:>5}  0:00:00 ETA\n",
                    body.len()
                )
            };
            if target == "-" {
                if !quiet {
                    o.stderr.push_str("writing to stdout\n");
                }
                o.stdout = body.clone();
                if !quiet {
                    o.stderr.push_str(&bar("-"));
                    o.stderr.push_str("written to stdout\n");
                }
                (o, None)
            } else {
                if !quiet {
                    o.stderr.push_str(&format!("saving to '{target}'\n"));
                    o.stderr.push_str(&bar(&target));
                    o.stderr.push_str(&format!("'{target}' saved\n"));
                }
                (o, Some((target, body)))
            }
        }
    }
}

/// `curl [-s] URL` (nginx images ship curl; busybox does not).
pub fn curl<W: PodWorld>(w: &W, me: &PodRef, facts: &PodFacts, args: &[String]) -> Output {
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::err(
            2,
            "curl: try 'curl --help' or 'curl --manual' for more information",
        );
    };
    let (host, port, path) = split_url(url);
    match fetch(w, me, facts, &host, port, &path) {
        Err(()) => Output::err(6, format!("curl: (6) Could not resolve host: {host}")),
        Ok((_, Http::Refused)) | Ok((_, Http::Unreachable)) => Output::err(
            7,
            format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
        ),
        Ok((_, Http::Response { body, .. })) => Output::ok(body),
    }
}

/// `hostname [-f|-i|-s]`.
pub fn hostname(facts: &PodFacts, args: &[String]) -> Output {
    match args.first().map(|s| s.as_str()) {
        Some("-f") | Some("--fqdn") | Some("--long") => Output::ok(format!("{}\n", facts.fqdn)),
        Some("-i") | Some("--ip-address") => Output::ok(format!("{}\n", facts.ip)),
        Some("-s") | Some("--short") | None => Output::ok(format!("{}\n", facts.hostname)),
        Some(other) if !other.starts_with('-') => {
            Output::err(1, "hostname: sethostname: Operation not permitted")
        }
        Some(other) => Output::err(
            1,
            format!(
                "hostname: invalid option -- '{}'",
                other.trim_start_matches('-')
            ),
        ),
    }
}

/// Names to try for libc lookups (exported for tests).
pub fn candidates<W: PodWorld>(w: &W, ns: &str, name: &str) -> Vec<String> {
    libc_candidates(w, ns, name)
}
