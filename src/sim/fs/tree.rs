//! One in-memory file tree (a volume or a container's root filesystem).
//!
//! Paths are absolute within the tree (`/index.html`). Directories are explicit entries so an
//! empty directory can exist (an empty PVC is an empty directory, which is why nginx answers
//! 403 for `/` on it). Ordered maps keep listings deterministic.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A node in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    Dir,
    File(String),
}

/// Errors as a POSIX tool would report them (`No such file or directory`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    NotADirectory,
    IsADirectory,
    ReadOnly,
    /// The pod or container does not exist or is not running.
    NoSuchContainer(String),
}

impl FsError {
    /// The strerror text busybox/coreutils print.
    pub fn strerror(&self) -> String {
        match self {
            FsError::NotFound => "No such file or directory".into(),
            FsError::NotADirectory => "Not a directory".into(),
            FsError::IsADirectory => "Is a directory".into(),
            FsError::ReadOnly => "Read-only file system".into(),
            FsError::NoSuchContainer(m) => m.clone(),
        }
    }
}

/// A file tree. The root `/` always exists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    entries: BTreeMap<String, Entry>,
}

/// Normalise `a/./b//c/../d` into `/a/b/d` (no symlinks exist, so `..` is lexical).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

fn parent(path: &str) -> Option<String> {
    if path == "/" {
        return None;
    }
    let idx = path.rfind('/').unwrap_or(0);
    Some(if idx == 0 {
        "/".into()
    } else {
        path[..idx].into()
    })
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    fn kind(&self, path: &str) -> Option<&Entry> {
        if path == "/" {
            return Some(&Entry::Dir);
        }
        self.entries.get(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.kind(&normalize(path)), Some(Entry::Dir))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.kind(&normalize(path)).is_some()
    }

    pub fn read(&self, path: &str) -> Result<String, FsError> {
        match self.kind(&normalize(path)) {
            Some(Entry::File(s)) => Ok(s.clone()),
            Some(Entry::Dir) => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Write (or append to) a file; the parent directory must exist, like `>` in a shell.
    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        let path = normalize(path);
        let dir = parent(&path).ok_or(FsError::IsADirectory)?;
        match self.kind(&dir) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err(FsError::NotADirectory),
            None => return Err(FsError::NotFound),
        }
        match self.entries.get_mut(&path) {
            Some(Entry::Dir) => Err(FsError::IsADirectory),
            Some(Entry::File(s)) if append => {
                s.push_str(data);
                Ok(())
            }
            _ => {
                self.entries.insert(path, Entry::File(data.to_string()));
                Ok(())
            }
        }
    }

    /// `mkdir -p`.
    pub fn mkdir_all(&mut self, path: &str) -> Result<(), FsError> {
        let path = normalize(path);
        let mut cur = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            cur.push('/');
            cur.push_str(part);
            match self.entries.get(&cur) {
                Some(Entry::File(_)) => return Err(FsError::NotADirectory),
                Some(Entry::Dir) => {}
                None => {
                    self.entries.insert(cur.clone(), Entry::Dir);
                }
            }
        }
        Ok(())
    }

    /// Remove a file or a directory tree (`rm -rf`).
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let path = normalize(path);
        if self.entries.remove(&path).is_none() {
            return Err(FsError::NotFound);
        }
        let prefix = format!("{path}/");
        self.entries.retain(|k, _| !k.starts_with(&prefix));
        Ok(())
    }

    /// Direct children of a directory: (name, is_dir), sorted by name.
    pub fn list(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let path = normalize(path);
        match self.kind(&path) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => {
                let name = path.rsplit('/').next().unwrap_or("").to_string();
                return Ok(vec![(name, false)]);
            }
            None => return Err(FsError::NotFound),
        }
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        Ok(self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| !k[prefix.len()..].contains('/'))
            .map(|(k, e)| (k[prefix.len()..].to_string(), matches!(e, Entry::Dir)))
            .collect())
    }

    /// True when the tree holds nothing but the root.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_needs_parent_and_lists_sorted() {
        let mut t = Tree::new();
        assert_eq!(t.write("/a/b", "x", false), Err(FsError::NotFound));
        t.mkdir_all("/a").unwrap();
        t.write("/a/b", "x", false).unwrap();
        t.write("/a/b", "y", true).unwrap();
        t.write("/a/0", "", false).unwrap();
        assert_eq!(t.read("/a/./b"), Ok("xy".into()));
        assert_eq!(
            t.list("/a"),
            Ok(vec![("0".into(), false), ("b".into(), false)])
        );
        assert_eq!(t.read("/a"), Err(FsError::IsADirectory));
        t.remove("/a").unwrap();
        assert!(t.is_empty());
    }
}
