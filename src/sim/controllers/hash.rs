//! Hashing and name helpers shared by the workload controllers.
//!
//! Upstream names ControllerRevisions `<set>-<hash>` and ReplicaSets `<deploy>-<pod-template-hash>`,
//! where the hash is a 32-bit FNV value printed in decimal and then "safe encoded" digit by digit
//! through the alphabet `bcdfghjklmnpqrstvwxz2456789` (k8s.io/apimachinery/pkg/util/rand). The same
//! alphabet is used for the 5 random characters of `generateName`. Reproducing this keeps the names
//! a learner sees realistic (`web-6d44c68d9`, `nginx-7c5ddbdf54-x8f9p`).

/// The alphabet of `rand.SafeEncodeString` and `rand.String`: no vowels, no confusable digits.
pub const SAFE_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// Maximum length of the prefix of a ControllerRevision name (`ControllerRevisionName`).
const MAX_REVISION_PREFIX: usize = 223;

/// `rand.SafeEncodeString`: maps every byte through [`SAFE_ALPHABET`] (`alphabet[b % 27]`).
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE_ALPHABET[(b as usize) % SAFE_ALPHABET.len()] as char)
        .collect()
}

/// 32-bit FNV-1 (multiply, then xor), as `hash/fnv.New32` used by `HashControllerRevision`.
pub fn fnv1_32(parts: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for &b in *part {
            h = h.wrapping_mul(0x0100_0193);
            h ^= b as u32;
        }
    }
    h
}

/// 32-bit FNV-1a (xor, then multiply), as `hash/fnv.New32a` used by `ComputeHash`
/// (the Deployment's pod-template-hash).
pub fn fnv1a_32(parts: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for &b in *part {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// `history.HashControllerRevision`: FNV-1 over the revision data, then the decimal collision
/// count (the "probe"), printed in decimal and safe encoded.
pub fn revision_hash(data: &[u8], collision_count: Option<i32>) -> String {
    let probe = collision_count.map(|c| c.to_string());
    let h = match &probe {
        Some(p) => fnv1_32(&[data, p.as_bytes()]),
        None => fnv1_32(&[data]),
    };
    safe_encode(&h.to_string())
}

/// `history.ControllerRevisionName`: `<prefix>-<hash>` with the prefix cut to 223 bytes.
pub fn revision_name(prefix: &str, hash: &str) -> String {
    let mut cut = prefix.len().min(MAX_REVISION_PREFIX);
    while !prefix.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{}", &prefix[..cut], hash)
}

/// `controller.ComputeHash`: FNV-1a over the pod template (upstream hashes a spew dump of the Go
/// struct; we hash its canonical JSON, which is just as stable), then the collision count as
/// 8 little-endian bytes (upstream writes a uint32 into an 8-byte buffer), safe encoded.
pub fn pod_template_hash(template_json: &[u8], collision_count: Option<i32>) -> String {
    let h = match collision_count {
        Some(c) => {
            let mut buf = [0u8; 8];
            buf[..4].copy_from_slice(&(c as u32).to_le_bytes());
            fnv1a_32(&[template_json, &buf])
        }
        None => fnv1a_32(&[template_json]),
    };
    safe_encode(&h.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encode_maps_digits_like_upstream() {
        // 0→4 1→5 2→6 3→7 4→8 5→9 6→b 7→c 8→d 9→f (ref §2.2).
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn fnv_reference_values() {
        // Published FNV test vectors for "a".
        assert_eq!(fnv1_32(&[b"a"]), 0x050c_5d7e);
        assert_eq!(fnv1a_32(&[b"a"]), 0xe40c_292c);
        assert_eq!(fnv1_32(&[b""]), 0x811c_9dc5);
    }

    #[test]
    fn revision_hash_uses_only_safe_digits_and_is_stable() {
        let a = revision_hash(br#"{"spec":{"template":{}}}"#, Some(0));
        let b = revision_hash(br#"{"spec":{"template":{}}}"#, Some(0));
        let c = revision_hash(br#"{"spec":{"template":{}}}"#, Some(1));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(!a.is_empty() && a.len() <= 10);
        assert!(a.chars().all(|ch| "456789bcdf".contains(ch)));
    }

    #[test]
    fn revision_name_truncates_prefix() {
        assert_eq!(revision_name("web", "6d44c68d9"), "web-6d44c68d9");
        let long = "a".repeat(300);
        assert_eq!(revision_name(&long, "x").len(), 225);
    }
}
