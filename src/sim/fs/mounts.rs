//! Build a container's [`MountTable`] from its pod: PVC volumes resolve to their bound PV's
//! tree, `emptyDir` to a per-pod tree, ConfigMap/Secret volumes to read-only projected files.
//! Also the shell-facing helpers: read/write/list a path inside `pod/container`.

use super::{FsError, Mount, MountSource, MountTable, VolumeKey, Volumes};
use crate::sim::api::ApiServer;
use crate::sim::kubelet::util;
use crate::sim::objects::*;
use std::collections::BTreeMap;

fn decode_b64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let Some(v) = T.iter().position(|&t| t == c) else {
            continue;
        };
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn project(data: &BTreeMap<String, String>, items: &[KeyToPath]) -> BTreeMap<String, String> {
    if items.is_empty() {
        return data.clone();
    }
    items
        .iter()
        .filter_map(|i| data.get(&i.key).map(|v| (i.path.clone(), v.clone())))
        .collect()
}

/// The mount table of one container of a pod (init containers included).
pub fn mount_table(api: &ApiServer, pod: &Pod, container: &str) -> Result<MountTable, FsError> {
    let c = pod
        .spec
        .containers
        .iter()
        .chain(pod.spec.init_containers.iter())
        .find(|c| c.name == container)
        .ok_or_else(|| {
            FsError::NoSuchContainer(format!(
                "container {container} is not valid for pod {}",
                pod.metadata.name
            ))
        })?;
    let uid = pod.metadata.uid.clone();
    let mut mounts = Vec::new();
    for vm in &c.volume_mounts {
        let Some(v) = pod.spec.volumes.iter().find(|v| v.name == vm.name) else {
            continue;
        };
        let ns = &pod.metadata.namespace;
        let source = if let Some(pvc) = &v.persistent_volume_claim {
            match util::pvc(api, ns, &pvc.claim_name) {
                Some(c) if !c.spec.volume_name.is_empty() => {
                    MountSource::Tree(VolumeKey::Pv(c.spec.volume_name))
                }
                _ => continue,
            }
        } else if let Some(cm) = &v.config_map {
            let data = util::config_map(api, ns, &cm.name)
                .map(|m| m.data)
                .unwrap_or_default();
            MountSource::Files(project(&data, &cm.items))
        } else if let Some(s) = &v.secret {
            let data: BTreeMap<String, String> = util::secret(api, ns, &s.secret_name)
                .map(|m| {
                    m.data
                        .iter()
                        .map(|(k, v)| (k.clone(), decode_b64(v)))
                        .collect()
                })
                .unwrap_or_default();
            MountSource::Files(project(&data, &s.items))
        } else {
            MountSource::Tree(VolumeKey::EmptyDir {
                pod_uid: uid.clone(),
                name: v.name.clone(),
            })
        };
        let read_only = vm.read_only || matches!(source, MountSource::Files(_));
        mounts.push(Mount {
            path: vm.mount_path.clone(),
            source,
            read_only,
        });
    }
    Ok(MountTable::new(
        VolumeKey::Container {
            pod_uid: uid,
            container: container.to_string(),
        },
        mounts,
    ))
}

/// Make sure every tree a pod's mounts need exists (emptyDirs start empty).
pub fn ensure_pod_trees(volumes: &mut Volumes, mt: &MountTable) {
    for m in &mt.mounts {
        if let MountSource::Tree(k @ VolumeKey::EmptyDir { .. }) = &m.source {
            volumes.ensure(k.clone());
        }
    }
}

/// Resolve `ns/pod` and a container name (empty = first container) to a mount table, checking
/// the container is running, with kubectl's error texts.
pub fn container_view(
    api: &ApiServer,
    ns: &str,
    pod: &str,
    container: &str,
) -> Result<(Pod, MountTable), FsError> {
    let p = util::pod(api, ns, pod)
        .ok_or_else(|| FsError::NoSuchContainer(format!("pods \"{pod}\" not found")))?;
    let name = if container.is_empty() {
        p.spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default()
    } else {
        container.to_string()
    };
    let running = p
        .status
        .container_statuses
        .iter()
        .chain(p.status.init_container_statuses.iter())
        .any(|s| s.name == name && s.state.running.is_some());
    if !running {
        return Err(FsError::NoSuchContainer(format!(
            "unable to upgrade connection: container not found (\"{name}\")"
        )));
    }
    let mt = mount_table(api, &p, &name)?;
    Ok((p, mt))
}
