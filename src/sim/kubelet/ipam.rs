//! Pod IP allocation per node (host-local IPAM over the node's `podCIDR`): addresses are handed
//! out sequentially after the last one allocated, wrapping around, so a recreated pod normally
//! gets a new IP (10.244.1.6 → 10.244.1.7 in the tutorial). The starting point is seeded.

use crate::sim::objects::Node;
use crate::sim::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct Ipam {
    last: BTreeMap<String, u32>,
    used: BTreeMap<String, BTreeSet<u32>>,
}

/// `10.244.N.0/24` → (base address, prefix length).
fn parse_cidr(s: &str) -> Option<(u32, u32)> {
    let (ip, len) = s.split_once('/')?;
    let parts: Vec<u32> = ip
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts.len() != 4 || parts.iter().any(|p| *p > 255) {
        return None;
    }
    let len: u32 = len.parse().ok()?;
    if !(8..=30).contains(&len) {
        return None;
    }
    Some((
        (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3],
        len,
    ))
}

pub fn fmt_ip(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 255,
        (v >> 8) & 255,
        v & 255
    )
}

/// The node's pod CIDR, or `10.244.<index>.0/24` when the node object does not carry one.
pub fn node_cidr(node: &Node, index: usize) -> (u32, u32) {
    let spec = if node.spec.pod_cidr.is_empty() {
        node.spec.pod_cidrs.first().cloned().unwrap_or_default()
    } else {
        node.spec.pod_cidr.clone()
    };
    parse_cidr(&spec).unwrap_or(((10 << 24) | (244 << 16) | ((index as u32 & 255) << 8), 24))
}

impl Ipam {
    /// Allocate the next free address on `node` (None when the range is exhausted).
    pub fn allocate(&mut self, node: &str, cidr: (u32, u32), rng: &mut Rng) -> Option<String> {
        let (base, len) = cidr;
        let size = 1u32 << (32 - len);
        // .0 is the network, .1 the gateway, the last one broadcast.
        let first = 2;
        let last_host = size - 2;
        let used = self.used.entry(node.to_string()).or_default();
        let last = self
            .last
            .entry(node.to_string())
            .or_insert_with(|| 1 + rng.below(5) as u32);
        let span = last_host - first + 1;
        for i in 1..=span {
            let off = first + ((*last + i - first) % span);
            if !used.contains(&off) {
                used.insert(off);
                *last = off;
                return Some(fmt_ip(base + off));
            }
        }
        None
    }

    /// Return an address to the pool.
    pub fn release(&mut self, node: &str, ip: &str) {
        let Some(used) = self.used.get_mut(node) else {
            return;
        };
        if let Some(v) = ip.rsplit('.').next().and_then(|s| s.parse::<u32>().ok()) {
            used.remove(&v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_and_new_ip_after_release() {
        let mut ipam = Ipam::default();
        let mut rng = Rng::new(1);
        let cidr = parse_cidr("10.244.1.0/24").unwrap();
        let a = ipam.allocate("w", cidr, &mut rng).unwrap();
        let b = ipam.allocate("w", cidr, &mut rng).unwrap();
        assert_ne!(a, b);
        ipam.release("w", &a);
        let c = ipam.allocate("w", cidr, &mut rng).unwrap();
        assert_ne!(c, a, "a recreated pod normally gets a new IP");
        assert!(c.starts_with("10.244.1."));
    }
}
