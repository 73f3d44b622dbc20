//! The Service node-port allocator (kube-apiserver `pkg/registry/core/service/portallocator`
//! and `storage/alloc.go` `initNodePorts`, v1.35), over the default
//! `--service-node-port-range` 30000-32767.
//!
//! A port the spec names is taken as is (or refused with the allocator's own message); a port
//! left at 0 on a Service that needs one gets a free port from the seeded RNG, so the same seed
//! and the same commands give the same ports. Ports with the same number (TCP and UDP 53) share
//! one node port, as upstream. A server dry run allocates nothing: upstream's dry-run operation
//! hands out the dummy ports 32769, 32770, … and only checks requested ports against those in use.

use super::errors::{ApiError, FieldError};
use super::server::ApiServer;
use crate::sim::objects::{Kind, Service};

/// The default `--service-node-port-range`.
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;

/// What `initNodePorts` allocated, so a failed create can give it back.
pub(crate) type Taken = Vec<i32>;

impl ApiServer {
    /// Fills and reserves the node ports of `svc` (ports already reserved for `keep` — the
    /// stored version of the Service on an update — are its own and stay).
    pub(crate) fn allocate_node_ports(
        &mut self,
        svc: &mut Service,
        keep: &[i32],
        dry_run: bool,
    ) -> Result<Taken, ApiError> {
        let name = svc.metadata.name.clone();
        let auto = svc.needs_node_ports();
        let mut taken: Taken = Vec::new();
        // The dry-run operation's own list of "allocated" ports.
        let mut dry: Vec<i32> = Vec::new();
        let mut by_port: Vec<(i32, i32)> = Vec::new();
        let ports = svc.spec.ports.clone();
        for (i, sp) in ports.iter().enumerate() {
            if sp.node_port == 0 && !auto {
                continue; // requested ports are honoured, none are invented
            }
            let shared = by_port.iter().find(|(p, _)| *p == sp.port).map(|x| x.1);
            let want = match shared {
                Some(np) if sp.node_port == 0 || sp.node_port == np => {
                    svc.spec.ports[i].node_port = np;
                    continue;
                }
                Some(_) => sp.node_port,
                // findRequestedNodePort: the first port of that number that names one.
                None => ports
                    .iter()
                    .find(|p| p.port == sp.port && p.node_port != 0)
                    .map_or(0, |p| p.node_port),
            };
            let np = if want != 0 {
                if !keep.contains(&want) {
                    if let Err(msg) = self.take_node_port(want, dry_run, &dry) {
                        self.release_node_ports(&taken);
                        return Err(ApiError::invalid(
                            Kind::Service,
                            &name,
                            &[FieldError::invalid(
                                &format!("spec.ports[{i}].nodePort"),
                                &want,
                                &msg,
                            )],
                        ));
                    }
                    if dry_run {
                        dry.push(want);
                    } else {
                        taken.push(want);
                    }
                }
                want
            } else if dry_run {
                let np = dry.iter().max().copied().unwrap_or(32768) + 1;
                dry.push(np);
                np
            } else {
                match self.next_node_port() {
                    Some(np) => {
                        taken.push(np);
                        np
                    }
                    None => {
                        self.release_node_ports(&taken);
                        return Err(ApiError::forbidden(
                            Some(Kind::Service),
                            Some(&name),
                            "failed to allocate a nodePort: range is full",
                        ));
                    }
                }
            };
            svc.spec.ports[i].node_port = np;
            if shared.is_none() {
                by_port.push((sp.port, np));
            }
        }
        Ok(taken)
    }

    /// `PortAllocationOperation.Allocate`: the allocator's errors as their messages.
    fn take_node_port(&mut self, port: i32, dry_run: bool, dry: &[i32]) -> Result<(), String> {
        if dry_run {
            // The dry-run operation asks only `Has`, which is false outside the range.
            if self.node_ports.contains(&port) || dry.contains(&port) {
                return Err("provided port is already allocated".into());
            }
            return Ok(());
        }
        if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&port) {
            return Err(format!(
                "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
            ));
        }
        if !self.node_ports.insert(port) {
            return Err("provided port is already allocated".into());
        }
        Ok(())
    }

    /// A random free port (seeded RNG), probing upwards from there.
    fn next_node_port(&mut self) -> Option<i32> {
        let span = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u64;
        let start = self.rng.below(span);
        for i in 0..span {
            let p = NODE_PORT_MIN + ((start + i) % span) as i32;
            if self.node_ports.insert(p) {
                return Some(p);
            }
        }
        None
    }

    /// The allocator against a full scan: exactly the ports the stored Services hold.
    pub(crate) fn node_port_problems(&self) -> Vec<String> {
        let mut want = std::collections::BTreeSet::new();
        for (_, o) in self.objects.of_kind(Kind::Service) {
            if let crate::sim::objects::Object::Service(s) = &**o {
                want.extend(held(s));
            }
        }
        if want == self.node_ports {
            return Vec::new();
        }
        vec![format!(
            "node-port allocator holds {:?}, the stored Services {:?}",
            self.node_ports, want
        )]
    }

    pub(crate) fn release_node_ports(&mut self, ports: &[i32]) {
        for p in ports {
            self.node_ports.remove(p);
        }
    }
}

/// The node ports a Service holds.
pub(crate) fn held(svc: &Service) -> Vec<i32> {
    let mut v: Vec<i32> = svc
        .spec
        .ports
        .iter()
        .map(|p| p.node_port)
        .filter(|p| *p != 0)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}
