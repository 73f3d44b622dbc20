//! The share / persistence format: the seed and the action log, as compact JSON in
//! base64url, prefixed with a format version (`1.`). Restoring replays the log on a fresh
//! session, so a shared link reproduces the session exactly. Anything unreadable (an old
//! version, a truncated link, edited data) is a [`RestoreError`], never a panic.

use serde::{Deserialize, Serialize};

use std::rc::Rc;

use super::{Action, Lab};
use crate::lesson::Pack;

/// Current format version.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    seed: u64,
    log: Vec<Action>,
}

/// Why a saved or shared session could not be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// No `N.` version prefix.
    NotASession,
    /// Saved by another version of the lab.
    Version(String),
    /// Not valid base64url.
    Encoding(usize),
    /// Decoded, but not a session (the JSON error).
    Data(String),
    /// The session follows a teacher's lesson pack (this id) that was not given.
    NeedsPack(String),
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::NotASession => write!(f, "this is not a saved StatefulSet Lab session"),
            RestoreError::Version(v) => {
                write!(f, "this session was saved by a different version of the lab (format {v}, expected {VERSION})")
            }
            RestoreError::Encoding(at) => write!(
                f,
                "the session text is damaged (invalid character at position {at})"
            ),
            RestoreError::Data(m) => write!(f, "the session data is damaged: {m}"),
            RestoreError::NeedsPack(id) => write!(
                f,
                "this session follows the lesson pack \"{id}\", which is not loaded: open the link with its pack"
            ),
        }
    }
}

impl std::error::Error for RestoreError {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        let chars = chunk.len() + 1;
        for i in 0..chars {
            s.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}

/// Decode base64url (padding tolerated); Err(position) of the first bad character.
pub fn decode(s: &str) -> Result<Vec<u8>, usize> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, c) in s.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(i),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return Err(s.len());
    }
    Ok(out)
}

impl Lab {
    /// The session as a compact string (for the URL and local storage).
    pub fn to_share(&self) -> String {
        let saved = Saved {
            seed: self.seed(),
            log: self.log().to_vec(),
        };
        let json = serde_json::to_vec(&saved).unwrap_or_default();
        format!("{VERSION}.{}", encode(&json))
    }

    /// Rebuild a session from [`Lab::to_share`] output by replaying its actions.
    pub fn from_share(s: &str) -> Result<Lab, RestoreError> {
        Lab::from_share_with(s, None)
    }

    /// [`Lab::from_share`] for a session that may follow a teacher's pack: `teacher` is that
    /// pack. A session that switched to a pack it is not given is refused before replaying
    /// (its lesson steps would not exist, and the replay would not be the learner's session).
    pub fn from_share_with(s: &str, teacher: Option<Rc<Pack>>) -> Result<Lab, RestoreError> {
        let s = s.trim();
        let (v, body) = s.split_once('.').ok_or(RestoreError::NotASession)?;
        if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit()) {
            return Err(RestoreError::NotASession);
        }
        if v != VERSION.to_string() {
            return Err(RestoreError::Version(v.to_string()));
        }
        let bytes = decode(body).map_err(|at| RestoreError::Encoding(at + v.len() + 1))?;
        let saved: Saved =
            serde_json::from_slice(&bytes).map_err(|e| RestoreError::Data(e.to_string()))?;
        let mut lab = Lab::new(saved.seed);
        lab.teacher = teacher;
        for a in &saved.log {
            if let Action::UsePack { id } = a {
                if lab.pack_named(id).is_none() {
                    return Err(RestoreError::NeedsPack(id.clone()));
                }
            }
        }
        for a in saved.log {
            lab.dispatch(a);
        }
        Ok(lab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trip() {
        for n in 0..20 {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&data)), Ok(data));
        }
        assert_eq!(encode(b"hi?"), "aGk_");
        assert_eq!(decode("a!"), Err(1));
    }
}
