//! Small simulated filesystems: one tree per persistent volume (keyed by PV name, so data
//! survives pod deletion and follows the claim's binding), one per `emptyDir`, and one root
//! filesystem per running container (ephemeral: a new pod or a container restart starts from
//! the image's files again).
//!
//! A container sees these through a [`MountTable`] built from the pod spec (see [`mounts`]):
//! the longest mount path that prefixes a path wins, exactly like the kernel's mount table.
//! ConfigMap volumes are projected read-only from the API object when the table is built.

pub mod logs;
pub mod mounts;
pub mod nginx;
pub mod tree;

use crate::sim::images::App;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
pub use tree::{normalize, FsError, Tree};

/// Which stored tree a mount refers to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VolumeKey {
    /// A PersistentVolume's contents.
    Pv(String),
    /// An `emptyDir` volume of one pod (by pod UID).
    EmptyDir { pod_uid: String, name: String },
    /// A container's writable root filesystem (by pod UID).
    Container { pod_uid: String, container: String },
}

/// What is mounted at one path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSource {
    Tree(VolumeKey),
    /// Read-only projected files (ConfigMap / Secret keys → contents).
    Files(BTreeMap<String, String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub path: String,
    pub source: MountSource,
    pub read_only: bool,
}

/// A container's view: its root filesystem plus volume mounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountTable {
    pub root: VolumeKey,
    /// Sorted longest path first so the first prefix match is the right one.
    pub mounts: Vec<Mount>,
}

impl MountTable {
    pub fn new(root: VolumeKey, mut mounts: Vec<Mount>) -> MountTable {
        for m in &mut mounts {
            m.path = normalize(&m.path);
        }
        mounts.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
        MountTable { root, mounts }
    }

    /// (mount, path inside it) for an absolute path; `None` means the root filesystem.
    fn resolve(&self, path: &str) -> (Option<&Mount>, String) {
        let path = normalize(path);
        for m in &self.mounts {
            if path == m.path {
                return (Some(m), "/".into());
            }
            if let Some(rest) = path.strip_prefix(&format!("{}/", m.path)) {
                return (Some(m), format!("/{rest}"));
            }
        }
        (None, path)
    }
}

/// All simulated file contents in the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volumes {
    trees: BTreeMap<VolumeKey, Tree>,
    /// Container log files (see [`logs`]).
    pub logs: logs::ContainerLogs,
}

/// Files each image ships (only what lessons look at).
fn image_files(app: App) -> Vec<(&'static str, &'static str)> {
    match app {
        App::Nginx => vec![
            ("/usr/share/nginx/html/index.html", nginx::DEFAULT_INDEX),
            ("/usr/share/nginx/html/50x.html", nginx::DEFAULT_50X),
            ("/etc/nginx/conf.d/default.conf", ""),
            ("/var/log/nginx/access.log", ""),
            ("/tmp/.keep", ""),
        ],
        App::Busybox | App::HttpEcho => vec![("/tmp/.keep", ""), ("/etc/hostname", "")],
        App::Mysql => vec![
            ("/var/lib/mysql/.keep", ""),
            ("/etc/mysql/conf.d/.keep", ""),
            ("/tmp/.keep", ""),
        ],
    }
}

impl Volumes {
    pub fn new() -> Volumes {
        Volumes::default()
    }

    /// Make sure a PV has a (possibly empty) tree; provisioning creates an empty directory.
    pub fn ensure(&mut self, key: VolumeKey) {
        self.trees.entry(key).or_default();
    }

    /// Forget a tree (PV deleted, pod gone).
    pub fn drop_key(&mut self, key: &VolumeKey) {
        self.trees.remove(key);
    }

    /// Drop every tree that belongs to one pod (its emptyDirs and container roots).
    /// Keys are ordered by variant, then pod uid, so each kind of a pod's trees is one range
    /// of the map: no walk over every volume of the cluster.
    pub fn drop_pod(&mut self, uid: &str) {
        self.logs.drop_pod(uid);
        let starts = [
            VolumeKey::EmptyDir {
                pod_uid: uid.into(),
                name: String::new(),
            },
            VolumeKey::Container {
                pod_uid: uid.into(),
                container: String::new(),
            },
        ];
        let mut doomed = Vec::new();
        for start in &starts {
            doomed.extend(
                self.trees
                    .range(start..)
                    .map(|(k, _)| k)
                    .take_while(|k| match k {
                        VolumeKey::EmptyDir { pod_uid, .. }
                        | VolumeKey::Container { pod_uid, .. } => {
                            pod_uid == uid
                                && std::mem::discriminant(*k) == std::mem::discriminant(start)
                        }
                        VolumeKey::Pv(_) => false,
                    })
                    .cloned(),
            );
        }
        for k in &doomed {
            self.trees.remove(k);
        }
    }

    /// Create (or reset, on a container restart) a container's root filesystem from its image.
    pub fn reset_container(&mut self, pod_uid: &str, container: &str, app: Option<App>) {
        let mut t = Tree::new();
        for (path, body) in app.map(image_files).unwrap_or_default() {
            if let Some(i) = path.rfind('/') {
                let _ = t.mkdir_all(&path[..i]);
            }
            if !path.ends_with("/.keep") {
                let _ = t.write(path, body, false);
            }
        }
        self.trees.insert(
            VolumeKey::Container {
                pod_uid: pod_uid.into(),
                container: container.into(),
            },
            t,
        );
    }

    /// Direct access to one stored tree (e.g. to show a PV's files in the UI).
    pub fn tree(&self, key: &VolumeKey) -> Option<&Tree> {
        self.trees.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &VolumeKey> {
        self.trees.keys()
    }

    fn tree_for(&self, key: &VolumeKey) -> Result<&Tree, FsError> {
        self.trees
            .get(key)
            .ok_or_else(|| FsError::NoSuchContainer("container not found".into()))
    }

    /// Read a file as seen by a container.
    pub fn read(&self, mt: &MountTable, path: &str) -> Result<String, FsError> {
        match mt.resolve(path) {
            (None, p) => self.tree_for(&mt.root)?.read(&p),
            (Some(m), p) => match &m.source {
                MountSource::Tree(k) => self.tree_for(k)?.read(&p),
                MountSource::Files(files) => {
                    if p == "/" {
                        return Err(FsError::IsADirectory);
                    }
                    files
                        .get(p.trim_start_matches('/'))
                        .cloned()
                        .ok_or(FsError::NotFound)
                }
            },
        }
    }

    pub fn is_dir(&self, mt: &MountTable, path: &str) -> bool {
        match mt.resolve(path) {
            (None, p) => self.trees.get(&mt.root).is_some_and(|t| t.is_dir(&p)),
            (Some(m), p) => match &m.source {
                MountSource::Tree(k) => self.trees.get(k).is_some_and(|t| t.is_dir(&p)),
                MountSource::Files(_) => p == "/",
            },
        }
    }

    /// Write or append a file as seen by a container.
    pub fn write(
        &mut self,
        mt: &MountTable,
        path: &str,
        data: &str,
        append: bool,
    ) -> Result<(), FsError> {
        let (key, p) = self.writable(mt, path)?;
        match self.trees.get_mut(&key) {
            Some(t) => t.write(&p, data, append),
            None => Err(FsError::NoSuchContainer("container not found".into())),
        }
    }

    /// `mkdir -p` as seen by a container.
    pub fn mkdir_all(&mut self, mt: &MountTable, path: &str) -> Result<(), FsError> {
        let (key, p) = self.writable(mt, path)?;
        match self.trees.get_mut(&key) {
            Some(t) => t.mkdir_all(&p),
            None => Err(FsError::NoSuchContainer("container not found".into())),
        }
    }

    /// `rm -rf` as seen by a container (mount points themselves cannot be removed).
    pub fn remove(&mut self, mt: &MountTable, path: &str) -> Result<(), FsError> {
        let (key, p) = self.writable(mt, path)?;
        if p == "/" {
            return Err(FsError::ReadOnly);
        }
        match self.trees.get_mut(&key) {
            Some(t) => t.remove(&p),
            None => Err(FsError::NoSuchContainer("container not found".into())),
        }
    }

    fn writable(&self, mt: &MountTable, path: &str) -> Result<(VolumeKey, String), FsError> {
        match mt.resolve(path) {
            (None, p) => Ok((mt.root.clone(), p)),
            (Some(m), p) => match (&m.source, m.read_only) {
                (MountSource::Tree(k), false) => Ok((k.clone(), p)),
                _ => Err(FsError::ReadOnly),
            },
        }
    }

    /// Entries of a directory as seen by a container: (name, is_dir), mount points included.
    pub fn list(&self, mt: &MountTable, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let norm = normalize(path);
        let mut out: BTreeMap<String, bool> = match mt.resolve(&norm) {
            (None, p) => self.tree_for(&mt.root)?.list(&p)?.into_iter().collect(),
            (Some(m), p) => match &m.source {
                MountSource::Tree(k) => self.tree_for(k)?.list(&p)?.into_iter().collect(),
                MountSource::Files(files) => {
                    if p != "/" {
                        let name = p.trim_start_matches('/');
                        return if files.contains_key(name) {
                            Ok(vec![(name.to_string(), false)])
                        } else {
                            Err(FsError::NotFound)
                        };
                    }
                    files.keys().map(|k| (k.clone(), false)).collect()
                }
            },
        };
        // Mount points directly below this directory show up as directories.
        let prefix = if norm == "/" {
            "/".to_string()
        } else {
            format!("{norm}/")
        };
        for m in &mt.mounts {
            if let Some(rest) = m.path.strip_prefix(&prefix) {
                if !rest.is_empty() && !rest.contains('/') {
                    out.insert(rest.to_string(), true);
                }
            }
        }
        Ok(out.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_pod_removes_exactly_that_pods_trees() {
        let mut v = Volumes::new();
        v.ensure(VolumeKey::Pv("u1".into()));
        for uid in ["u0", "u1", "u10", "u2"] {
            v.reset_container(uid, "a", None);
            v.reset_container(uid, "b", None);
            v.ensure(VolumeKey::EmptyDir {
                pod_uid: uid.into(),
                name: "data".into(),
            });
        }
        let mut want: Vec<VolumeKey> = v.keys().cloned().collect();
        want.retain(|k| match k {
            VolumeKey::EmptyDir { pod_uid, .. } | VolumeKey::Container { pod_uid, .. } => {
                pod_uid != "u1"
            }
            VolumeKey::Pv(_) => true,
        });
        v.drop_pod("u1");
        assert_eq!(v.keys().cloned().collect::<Vec<_>>(), want);
        assert_eq!(want.len(), 10);
    }

    fn nginx_with_pvc(v: &mut Volumes) -> MountTable {
        v.reset_container("u1", "nginx", Some(App::Nginx));
        v.ensure(VolumeKey::Pv("pvc-1".into()));
        MountTable::new(
            VolumeKey::Container {
                pod_uid: "u1".into(),
                container: "nginx".into(),
            },
            vec![Mount {
                path: "/usr/share/nginx/html".into(),
                source: MountSource::Tree(VolumeKey::Pv("pvc-1".into())),
                read_only: false,
            }],
        )
    }

    #[test]
    fn empty_pvc_over_html_gives_403_then_serves_written_index() {
        let mut v = Volumes::new();
        let mt = nginx_with_pvc(&mut v);
        assert_eq!(nginx::get(&v, &mt, "/", "1.21.6").status, 403);
        assert_eq!(nginx::get(&v, &mt, "/x.html", "1.21.6").status, 404);
        v.write(&mt, "/usr/share/nginx/html/index.html", "web-0\n", false)
            .unwrap();
        let r = nginx::get(&v, &mt, "/", "1.21.6");
        assert_eq!((r.status, r.body.as_str()), (200, "web-0\n"));
        // A new pod (new UID) on the same PV sees the same data.
        v.drop_pod("u1");
        v.reset_container("u2", "nginx", Some(App::Nginx));
        let mt2 = MountTable::new(
            VolumeKey::Container {
                pod_uid: "u2".into(),
                container: "nginx".into(),
            },
            mt.mounts.clone(),
        );
        assert_eq!(nginx::get(&v, &mt2, "/", "1.21.6").body, "web-0\n");
    }

    #[test]
    fn image_default_page_without_volume() {
        let mut v = Volumes::new();
        v.reset_container("u1", "nginx", Some(App::Nginx));
        let mt = MountTable::new(
            VolumeKey::Container {
                pod_uid: "u1".into(),
                container: "nginx".into(),
            },
            vec![],
        );
        let r = nginx::get(&v, &mt, "/", "1.21.6");
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Welcome to nginx!"));
        assert_eq!(nginx::get(&v, &mt, "/nope", "1.21.6").status, 404);
        assert!(nginx::get(&v, &mt, "/nope", "1.21.6")
            .body
            .contains("nginx/1.21.6"));
    }

    #[test]
    fn configmap_mount_is_read_only() {
        let mut v = Volumes::new();
        v.reset_container("u1", "mysql", Some(App::Mysql));
        let files: BTreeMap<String, String> = [("my.cnf".to_string(), "[mysqld]\n".to_string())]
            .into_iter()
            .collect();
        let mt = MountTable::new(
            VolumeKey::Container {
                pod_uid: "u1".into(),
                container: "mysql".into(),
            },
            vec![Mount {
                path: "/etc/mysql/conf.d".into(),
                source: MountSource::Files(files),
                read_only: true,
            }],
        );
        assert_eq!(
            v.read(&mt, "/etc/mysql/conf.d/my.cnf"),
            Ok("[mysqld]\n".into())
        );
        assert_eq!(
            v.write(&mt, "/etc/mysql/conf.d/x", "", false),
            Err(FsError::ReadOnly)
        );
        assert_eq!(v.list(&mt, "/etc/mysql"), Ok(vec![("conf.d".into(), true)]));
    }
}
