//! The host's small virtual filesystem: a flat, ordered map of file names to text.
//!
//! The editor's buffers and the bundled example manifests are files here, so
//! `kubectl apply -f statefulset.yaml`, `cat statefulset.yaml` and `cat > x.yaml <<EOF`
//! all see the same text. The upstream tutorial applies manifests by URL
//! (`https://k8s.io/examples/application/web/web.yaml`); those URLs resolve to the bundled
//! copies so the tutorial replays offline.

use std::collections::BTreeMap;

/// Bundled example manifests: (file name, text).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "statefulset.yaml",
        include_str!("examples/statefulset.yaml"),
    ),
    (
        "headless-service.yaml",
        include_str!("examples/headless-service.yaml"),
    ),
    ("mysql.yaml", include_str!("examples/mysql.yaml")),
    ("web.yaml", include_str!("examples/web.yaml")),
    (
        "web-parallel.yaml",
        include_str!("examples/web-parallel.yaml"),
    ),
];

/// URLs the tutorial uses, mapped to bundled examples.
const URLS: &[(&str, &str)] = &[
    (
        "https://k8s.io/examples/application/web/web.yaml",
        "web.yaml",
    ),
    (
        "https://k8s.io/examples/application/web/web-parallel.yaml",
        "web-parallel.yaml",
    ),
];

/// The working directory shown by `pwd`; relative names live here.
pub const HOME: &str = "/root";

/// Error reading a file, rendered the way coreutils does (`cat: x: No such file or directory`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VfsError {
    NotFound(String),
    IsDirectory(String),
    /// Any other failure, already rendered as `path: reason`.
    Other(String),
}

impl VfsError {
    /// The coreutils-style message after `tool: `.
    pub fn message(&self) -> String {
        match self {
            VfsError::NotFound(n) => format!("{n}: No such file or directory"),
            VfsError::IsDirectory(n) => format!("{n}: Is a directory"),
            VfsError::Other(m) => m.clone(),
        }
    }
}

/// The host filesystem.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Vfs {
    files: BTreeMap<String, String>,
}

impl Default for Vfs {
    fn default() -> Self {
        Vfs::new()
    }
}

/// Normalise a user path to the key used in the map (relative to [`HOME`]).
fn key(name: &str) -> String {
    let n = name.strip_prefix("./").unwrap_or(name);
    let n = n.strip_prefix("~/").unwrap_or(n);
    let n = n.strip_prefix("/root/").unwrap_or(n);
    n.to_string()
}

impl Vfs {
    /// A filesystem holding the bundled examples.
    pub fn new() -> Vfs {
        Vfs {
            files: EXAMPLES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// An empty filesystem (tests, lessons that start from nothing).
    pub fn empty() -> Vfs {
        Vfs {
            files: BTreeMap::new(),
        }
    }

    /// Read a file (or a known example URL).
    pub fn read(&self, name: &str) -> Result<&str, VfsError> {
        if let Some((_, f)) = URLS.iter().find(|(u, _)| *u == name) {
            if let Some(t) = EXAMPLES.iter().find(|(n, _)| n == f).map(|(_, t)| *t) {
                return Ok(t);
            }
        }
        let k = key(name);
        if k.is_empty() || k == "." || k == "/root" || k == "/" || k == "~" {
            return Err(VfsError::IsDirectory(name.to_string()));
        }
        self.files
            .get(&k)
            .map(|s| s.as_str())
            .ok_or_else(|| VfsError::NotFound(name.to_string()))
    }

    /// Does the file exist?
    pub fn exists(&self, name: &str) -> bool {
        self.read(name).is_ok()
    }

    /// Create or replace a file.
    pub fn write(&mut self, name: &str, text: &str) {
        self.files.insert(key(name), text.to_string());
    }

    /// Append to a file, creating it.
    pub fn append(&mut self, name: &str, text: &str) {
        self.files.entry(key(name)).or_default().push_str(text);
    }

    /// Remove a file; false if it did not exist.
    pub fn remove(&mut self, name: &str) -> bool {
        self.files.remove(&key(name)).is_some()
    }

    /// File names in order (what `ls` prints).
    pub fn names(&self) -> Vec<&str> {
        self.files.keys().map(|s| s.as_str()).collect()
    }
}

/// A filesystem the shell's tools and redirections work on: the host [`Vfs`], or a pod's
/// container filesystem (volumes from the simulated cluster).
pub trait Files {
    fn read_file(&self, path: &str) -> Result<String, VfsError>;
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), VfsError>;
    fn remove_file(&mut self, path: &str) -> Result<(), VfsError>;
    /// Entries of a directory (None: the working directory), sorted.
    fn list(&self, dir: Option<&str>) -> Result<Vec<String>, VfsError>;
    /// The working directory (`pwd`).
    fn cwd(&self) -> String;
    /// `cd`: make `dir` (absolute, or relative to the working directory) the working
    /// directory; returns its absolute path.
    fn set_cwd(&mut self, dir: &str) -> Result<String, VfsError>;
    fn exists(&self, path: &str) -> bool {
        self.read_file(path).is_ok() || self.list(Some(path)).is_ok()
    }
}

impl Files for Vfs {
    fn read_file(&self, path: &str) -> Result<String, VfsError> {
        self.read(path).map(String::from)
    }
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), VfsError> {
        if append {
            self.append(path, text);
        } else {
            self.write(path, text);
        }
        Ok(())
    }
    fn remove_file(&mut self, path: &str) -> Result<(), VfsError> {
        if self.remove(path) {
            Ok(())
        } else {
            Err(VfsError::NotFound(path.to_string()))
        }
    }
    fn list(&self, dir: Option<&str>) -> Result<Vec<String>, VfsError> {
        match dir {
            None | Some(".") | Some("~") | Some("/root") | Some("/root/") | Some("./") => {
                Ok(self.names().into_iter().map(String::from).collect())
            }
            Some(d) if self.exists(d) => Ok(vec![d.to_string()]),
            Some(d) => Err(VfsError::NotFound(d.to_string())),
        }
    }
    fn cwd(&self) -> String {
        HOME.to_string()
    }
    /// The host's files all live in one directory, the home directory.
    fn set_cwd(&mut self, dir: &str) -> Result<String, VfsError> {
        match dir {
            "~" | "." | "./" | HOME | "/root/" => Ok(HOME.to_string()),
            d => Err(VfsError::NotFound(d.to_string())),
        }
    }
    fn exists(&self, path: &str) -> bool {
        Vfs::exists(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_and_urls() {
        let v = Vfs::new();
        assert!(v
            .read("statefulset.yaml")
            .unwrap()
            .contains("serviceName: \"nginx-svc\""));
        assert!(v
            .read("https://k8s.io/examples/application/web/web.yaml")
            .unwrap()
            .contains("nginx-slim:0.21"));
        assert!(v
            .read("web-parallel.yaml")
            .unwrap()
            .contains("podManagementPolicy: \"Parallel\""));
        assert_eq!(
            v.read("nope.yaml"),
            Err(VfsError::NotFound("nope.yaml".into()))
        );
    }

    #[test]
    fn write_append_remove() {
        let mut v = Vfs::empty();
        v.write("./a.txt", "x\n");
        v.append("a.txt", "y\n");
        assert_eq!(v.read("/root/a.txt"), Ok("x\ny\n"));
        assert!(v.remove("a.txt"));
        assert!(v.names().is_empty());
    }
}
