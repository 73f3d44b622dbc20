//! [`ApiServer`]: the store and its CRUD verbs.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{
    admission, defaults, validation, ApiError, DeleteOptions, FeatureGates, FieldError, PatchType,
    Propagation, WatchEvent, WatchEventType, WriteOptions,
};
use crate::sim::clock::Millis;
use crate::sim::objects::{Event, Kind, Object, ObjectRef, Pod};
use crate::sim::rng::Rng;

pub(crate) use super::store::Key;
use super::store::Store;

/// Watch entries kept after a compaction; the log is compacted back to this size whenever it
/// doubles. Large enough that no controller or lesson step falls behind in practice, small
/// enough to bound a long browser session's memory.
pub const WATCH_WINDOW: usize = 4096;

/// Finalizer the API server uses for foreground cascading deletion.
pub const FOREGROUND_FINALIZER: &str = "foregroundDeletion";
/// Finalizer for orphaning deletion.
pub const ORPHAN_FINALIZER: &str = "orphan";
/// StorageObjectInUseProtection finalizers.
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
/// Namespaces the NamespaceLifecycle admission plugin refuses to delete.
pub const IMMORTAL_NAMESPACES: [&str; 3] = ["default", "kube-public", "kube-system"];

/// The simulated kube-apiserver (one per cluster; `Clone` for undo snapshots).
#[derive(Debug, Clone)]
pub struct ApiServer {
    /// The objects and their indices (uid, owner uid, event de-duplication key).
    pub(crate) objects: Store,
    pub(crate) log: Vec<WatchEvent>,
    /// Seq of the last watch entry handed out (entries are numbered from 1).
    pub(crate) seq: u64,
    /// Entries with `seq <= compacted` have been dropped from `log` (etcd compaction).
    pub(crate) compacted: u64,
    pub(crate) rv: u64,
    pub(crate) now: Millis,
    pub(crate) rng: Rng,
    pub(crate) gates: FeatureGates,
    /// Service CIDR base and size (10.96.0.0/12 by default) and addresses in use.
    pub(crate) service_net: (u32, u32),
    pub(crate) service_ips: BTreeSet<u32>,
    /// Node ports held by NodePort and LoadBalancer Services (`node_ports.rs`).
    pub(crate) node_ports: BTreeSet<i32>,
    pub(crate) event_seq: u64,
}

fn key_of(kind: Kind, ns: &str, name: &str) -> Key {
    (
        kind,
        if kind.namespaced() {
            ns.to_string()
        } else {
            String::new()
        },
        name.to_string(),
    )
}

impl ApiServer {
    /// An empty store. `service_net` is (base address, prefix length).
    pub fn new(rng: Rng, gates: FeatureGates, service_net: (u32, u32)) -> ApiServer {
        ApiServer {
            objects: Store::default(),
            log: Vec::new(),
            seq: 0,
            compacted: 0,
            rv: 0,
            now: 0,
            rng,
            gates,
            service_net,
            service_ips: BTreeSet::new(),
            node_ports: BTreeSet::new(),
            event_seq: 0,
        }
    }

    /// Current virtual time as seen by the server (set by the cluster before each step).
    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn set_now(&mut self, now: Millis) {
        self.now = now;
    }

    pub fn gates(&self) -> &FeatureGates {
        &self.gates
    }

    /// Latest resourceVersion handed out.
    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Result<&Object, ApiError> {
        self.objects
            .get(&key_of(kind, ns, name))
            .ok_or_else(|| ApiError::not_found(kind, name))
    }

    /// Like [`ApiServer::get`], but returns the stored snapshot shared (no deep copy), so a
    /// controller can hold it across its own writes. Stored objects are never mutated in
    /// place, so the snapshot stays what the server held at the time of the call.
    pub fn get_shared(&self, kind: Kind, ns: &str, name: &str) -> Option<Arc<Object>> {
        self.objects.get_shared(&key_of(kind, ns, name))
    }

    /// Looks up by [`ObjectRef`].
    pub fn get_ref(&self, r: &ObjectRef) -> Option<&Object> {
        self.objects.get(&key_of(r.kind, r.ns(), &r.name))
    }

    /// Every object of `kind`, in `ns` or all namespaces, ordered by (namespace, name).
    pub fn list(&self, kind: Kind, ns: Option<&str>) -> Vec<&Object> {
        match ns {
            // A namespace is a contiguous range of the store: no need to filter every object.
            Some(want) if kind.namespaced() => self
                .objects
                .of_kind_in(kind, want)
                .map(|(_, o)| o.as_ref())
                .collect(),
            _ => self
                .objects
                .of_kind(kind)
                .map(|(_, o)| o.as_ref())
                .collect(),
        }
    }

    /// Differences between the store's indices and a full scan (empty when consistent); the
    /// invariant checker reports them.
    pub fn index_problems(&self) -> Vec<String> {
        let mut out = self.objects.index_problems();
        out.extend(self.node_port_problems());
        out
    }

    /// The pods of `ns` (or of every namespace) in store order, shared with the store
    /// instead of copied.
    pub fn pods_shared(&self, ns: Option<&str>) -> Vec<crate::sim::objects::SharedPod> {
        let wrap = |(_, o)| crate::sim::objects::SharedPod::new(o);
        match ns {
            Some(ns) => self
                .objects
                .of_kind_in(Kind::Pod, ns)
                .filter_map(wrap)
                .collect(),
            None => self.objects.of_kind(Kind::Pod).filter_map(wrap).collect(),
        }
    }

    /// The stored pod objects of `ns` in store order, borrowed (no pointer is cloned): a
    /// controller that caches what it derived from each pod compares pointers to see what
    /// changed.
    pub fn pod_objects<'s>(&'s self, ns: &str) -> impl Iterator<Item = &'s std::sync::Arc<Object>> {
        self.objects.of_kind_in(Kind::Pod, ns).map(|(_, o)| o)
    }

    /// The stored objects of a namespaced `kind` in `ns`, in store order, borrowed (no deep
    /// copy and no pointer clone until the caller takes one).
    pub fn objects_in<'s>(&'s self, kind: Kind, ns: &str) -> impl Iterator<Item = &'s Arc<Object>> {
        self.objects.of_kind_in(kind, ns).map(|(_, o)| o)
    }

    /// The stored pod `ns`/`name`, borrowed (see [`ApiServer::pod_objects`]).
    pub fn pod_object(&self, ns: &str, name: &str) -> Option<&std::sync::Arc<Object>> {
        self.objects.get_arc(&key_of(Kind::Pod, ns, name))
    }

    /// The stored node objects in store order, shared with the store instead of copied (a
    /// kubelet pass reads every node and must not pay for a deep copy of each).
    pub fn node_objects(&self) -> Vec<std::sync::Arc<Object>> {
        self.objects
            .of_kind(Kind::Node)
            .map(|(_, o)| o.clone())
            .collect()
    }

    /// Every stored object of `kind` (all namespaces) in store order, shared with the store
    /// instead of copied: a snapshot a controller can read while it writes.
    pub fn list_shared(&self, kind: Kind) -> Vec<Arc<Object>> {
        self.objects.of_kind(kind).map(|(_, o)| o.clone()).collect()
    }

    /// Finds an object by uid (owner lookups for garbage collection).
    pub fn get_by_uid(&self, uid: &str) -> Option<&Object> {
        let key = self.objects.with_uid(uid).next()?;
        self.objects.get(key)
    }

    /// True while some object still lists `uid` as an owner with `blockOwnerDeletion: true`
    /// (foreground deletion waits for these).
    pub fn has_blocking_dependents(&self, uid: &str) -> bool {
        self.objects
            .dependents(uid)
            .filter_map(|k| self.objects.get(k))
            .any(|o| {
                o.meta()
                    .owner_references
                    .iter()
                    .any(|r| r.uid == uid && r.block_owner_deletion == Some(true))
            })
    }

    /// Objects that list `uid` among their owners, in store order.
    pub fn dependents_of(&self, uid: &str) -> Vec<&Object> {
        self.objects
            .dependents(uid)
            .filter_map(|k| self.objects.get(k))
            .collect()
    }

    /// The retained watch history: the last [`WATCH_WINDOW`] to 2×[`WATCH_WINDOW`] entries
    /// (older ones are compacted away, as etcd compacts its history).
    pub fn watch_log(&self) -> &[WatchEvent] {
        &self.log
    }

    /// Seq of the newest watch entry (0 before the first write). A cursor taken from here
    /// and passed to [`ApiServer::watch_since`] sees exactly the later entries.
    pub fn last_seq(&self) -> u64 {
        self.seq
    }

    /// Entries with seq at or below this have been compacted away.
    pub fn compacted_seq(&self) -> u64 {
        self.compacted
    }

    /// Retained watch entries with `seq > after` (informer cursor). Entries compacted away
    /// are silently missing; use [`ApiServer::watch_from`] to be told.
    pub fn watch_since(&self, after: u64) -> &[WatchEvent] {
        let start = self.log.partition_point(|e| e.seq <= after);
        &self.log[start..]
    }

    /// Watch entries with `seq > after`, or `410 Gone` (`too old resource version`) when some
    /// of them were compacted away: the caller must relist, as a reflector does.
    pub fn watch_from(&self, after: u64) -> Result<&[WatchEvent], ApiError> {
        if after < self.compacted {
            return Err(ApiError::expired(after, self.compacted));
        }
        Ok(self.watch_since(after))
    }

    /// core/v1 Events in store order (namespace, name).
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.list(Kind::Event, None)
            .into_iter()
            .filter_map(|o| match o {
                Object::Event(e) => Some(e),
                _ => None,
            })
    }

    fn next_rv(&mut self) -> String {
        self.rv += 1;
        self.rv.to_string()
    }

    /// Stores `obj` under `key` and logs it (the log shares the stored snapshot).
    pub(crate) fn put(&mut self, kind: WatchEventType, key: Key, obj: Object) -> Arc<Object> {
        let arc = self.objects.insert(key, obj);
        self.append(kind, arc.clone());
        arc
    }

    pub(crate) fn append(&mut self, kind: WatchEventType, object: Arc<Object>) {
        self.seq += 1;
        self.log.push(WatchEvent {
            seq: self.seq,
            time: self.now,
            kind,
            object,
        });
        // Compaction in chunks keeps appends amortised O(1) and memory bounded.
        if self.log.len() > 2 * WATCH_WINDOW {
            let drop = self.log.len() - WATCH_WINDOW;
            self.compacted = self.log[drop - 1].seq;
            self.log.drain(..drop);
        }
    }

    /// Creates `obj`: generateName, defaulting, validation, uid/resourceVersion/timestamps,
    /// admission finalizers, ClusterIP allocation; appends ADDED.
    pub fn create(&mut self, obj: Object, opts: &WriteOptions) -> Result<Object, ApiError> {
        self.create_shared(obj, opts).map(Arc::unwrap_or_clone)
    }

    /// [`ApiServer::create`] returning the stored snapshot shared, for callers that only read
    /// the result (a controller creating many pods pays no deep copy for it).
    pub fn create_shared(
        &mut self,
        mut obj: Object,
        opts: &WriteOptions,
    ) -> Result<Arc<Object>, ApiError> {
        let kind = obj.kind();
        {
            let m = obj.meta_mut();
            if kind.namespaced() {
                if m.namespace.is_empty() {
                    m.namespace = "default".into();
                }
            } else {
                m.namespace.clear();
            }
        }
        if obj.meta().name.is_empty() && !obj.meta().generate_name.is_empty() {
            let name = format!("{}{}", obj.meta().generate_name, self.rng.name_suffix(5));
            obj.meta_mut().name = name;
        }
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        if kind.namespaced() && !name.is_empty() {
            match self.get(Kind::Namespace, "", &ns) {
                Err(_) => return Err(ApiError::not_found(Kind::Namespace, &ns)),
                Ok(n) if n.meta().deletion_timestamp.is_some() && kind != Kind::Event => {
                    return Err(ApiError::forbidden(
                        Some(kind),
                        Some(&name),
                        format!(
                            "{} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            kind.qualified_resource()
                        ),
                    ))
                }
                Ok(_) => {}
            }
        }
        defaults::on_create(&mut obj, &self.gates);
        admission::default_toleration_seconds(&mut obj);
        // DefaultStorageClass admission: a claim without any class gets the default class at
        // creation (so a StatefulSet's claims of web.yaml bind like on a real cluster).
        if let Object::PersistentVolumeClaim(c) = &mut obj {
            let beta = c
                .metadata
                .annotations
                .contains_key("volume.beta.kubernetes.io/storage-class");
            if c.spec.storage_class_name.is_none() && !beta {
                let default = self.list(Kind::StorageClass, None).into_iter().find(|o| {
                    o.meta()
                        .annotations
                        .get("storageclass.kubernetes.io/is-default-class")
                        .is_some_and(|v| v == "true")
                });
                if let Some(sc) = default {
                    c.spec.storage_class_name = Some(sc.meta().name.clone());
                }
            }
        }
        let errs = validation::validate_create(&obj, &self.gates);
        if !errs.is_empty() {
            return Err(ApiError::invalid(kind, &name, &errs));
        }
        if let Some(e) = validation::simulator_limits(&obj) {
            return Err(e);
        }
        if self.objects.contains_key(&key_of(kind, &ns, &name)) {
            return Err(ApiError::already_exists(kind, &name));
        }
        if let Object::Service(svc) = &mut obj {
            // An ExternalName Service is a DNS alias: no cluster IP, no node ports.
            if svc.spec.type_ != "ExternalName" {
                self.allocate_cluster_ip(svc, &name)?;
            }
            if let Err(e) = self.allocate_node_ports(svc, &[], opts.dry_run) {
                let ip = svc.spec.cluster_ip.clone();
                self.release_cluster_ip(&ip);
                return Err(e);
            }
        }
        let uid = self.rng.uuid();
        let now = self.now;
        {
            let m = obj.meta_mut();
            m.uid = uid;
            m.creation_timestamp = Some(now);
            m.deletion_timestamp = None;
            m.deletion_grace_period_seconds = None;
            m.generation = if has_generation(kind) { 1 } else { 0 };
            match kind {
                Kind::PersistentVolumeClaim => {
                    add_finalizer(&mut m.finalizers, super::server::PVC_PROTECTION)
                }
                Kind::PersistentVolume => {
                    add_finalizer(&mut m.finalizers, super::server::PV_PROTECTION)
                }
                _ => {}
            }
        }
        if opts.dry_run {
            if let Object::Service(svc) = &obj {
                self.release_cluster_ip(&svc.spec.cluster_ip);
            }
            return Ok(Arc::new(obj));
        }
        obj.meta_mut().resource_version = self.next_rv();
        Ok(self.put(WatchEventType::Added, key_of(kind, &ns, &name), obj))
    }

    /// Replaces spec and metadata (status is kept from the stored object for kinds with a
    /// status subresource). Optimistic concurrency on a non-empty resourceVersion.
    pub fn update(&mut self, obj: Object, opts: &WriteOptions) -> Result<Object, ApiError> {
        self.write(obj, opts, false)
    }

    /// Writes only `status` (metadata and spec are kept from the stored object).
    pub fn update_status(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.write(obj, &WriteOptions::default(), true)
    }

    /// [`ApiServer::update_status`] returning the stored snapshot shared: for a controller
    /// that writes often and reads the result, if at all, without copying it.
    pub fn update_status_shared(&mut self, obj: Object) -> Result<Arc<Object>, ApiError> {
        self.write_shared(obj, &WriteOptions::default(), true)
    }

    /// The kubelet's status write: exactly [`ApiServer::update_status`] of the stored pod with
    /// `status` in place of its own and no resourceVersion precondition. The caller hands over
    /// the status only, so the pod is copied once (into the new stored snapshot), not three
    /// times (the caller's fresh copy, the server's read, the returned value).
    pub fn update_pod_status(
        &mut self,
        ns: &str,
        name: &str,
        status: crate::sim::objects::PodStatus,
    ) -> Result<Arc<Object>, ApiError> {
        let mut p = Pod {
            status,
            ..Default::default()
        };
        p.metadata.namespace = ns.to_string();
        p.metadata.name = name.to_string();
        // `merge_status` takes nothing but the status from the object written.
        self.write_shared(Object::Pod(p), &WriteOptions::default(), true)
    }

    fn write(
        &mut self,
        obj: Object,
        opts: &WriteOptions,
        status_only: bool,
    ) -> Result<Object, ApiError> {
        self.write_shared(obj, opts, status_only)
            .map(Arc::unwrap_or_clone)
    }

    /// The one update path. The stored object is read shared (it is never mutated in place),
    /// so the only deep copy of a write is the new snapshot itself.
    fn write_shared(
        &mut self,
        mut obj: Object,
        opts: &WriteOptions,
        status_only: bool,
    ) -> Result<Arc<Object>, ApiError> {
        let kind = obj.kind();
        if kind.namespaced() && obj.meta().namespace.is_empty() {
            obj.meta_mut().namespace = "default".into();
        }
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        let old = self
            .get_shared(kind, &ns, &name)
            .ok_or_else(|| ApiError::not_found(kind, &name))?;
        let rv = &obj.meta().resource_version;
        if !rv.is_empty() && *rv != old.meta().resource_version {
            return Err(ApiError::conflict(kind, &name));
        }
        if status_only {
            obj = defaults::merge_status(&old, obj);
        } else {
            defaults::on_update(&old, &mut obj, &self.gates);
            admission::default_toleration_seconds(&mut obj);
            let errs = validation::validate_update(&old, &obj, &self.gates);
            if !errs.is_empty() {
                return Err(ApiError::invalid(kind, &name, &errs));
            }
            if let Some(e) = validation::simulator_limits(&obj) {
                return Err(e);
            }
            if let (Object::Service(o), Object::Service(n)) = (&*old, &mut obj) {
                let had = super::node_ports::held(o);
                self.allocate_node_ports(n, &had, opts.dry_run)?;
                if !opts.dry_run {
                    let has = super::node_ports::held(n);
                    let gone: Vec<i32> = had.into_iter().filter(|p| !has.contains(p)).collect();
                    self.release_node_ports(&gone);
                }
            }
        }
        {
            let (om, m) = (old.meta(), obj.meta_mut());
            m.uid.clone_from(&om.uid);
            m.creation_timestamp = om.creation_timestamp;
            m.deletion_timestamp = om.deletion_timestamp;
            m.deletion_grace_period_seconds = om.deletion_grace_period_seconds;
            m.generation = om.generation;
            m.resource_version.clone_from(&om.resource_version);
            if om.deletion_timestamp.is_some() {
                // Finalizers may only be removed from an object being deleted, not added.
                m.finalizers.retain(|f| om.finalizers.contains(f));
            }
        }
        if !status_only
            && has_generation(kind)
            && defaults::spec_of(&old) != defaults::spec_of(&obj)
        {
            obj.meta_mut().generation += 1;
        }
        if obj == *old {
            return Ok(old); // no-op writes do not bump resourceVersion (as upstream)
        }
        if opts.dry_run {
            return Ok(Arc::new(obj));
        }
        obj.meta_mut().resource_version = self.next_rv();
        if obj.meta().deletion_timestamp.is_some()
            && obj.meta().finalizers.is_empty()
            && !is_graceful_pending(&obj)
        {
            self.remove(kind, &ns, &name, Some(obj.clone()));
            return Ok(Arc::new(obj));
        }
        Ok(self.put(WatchEventType::Modified, key_of(kind, &ns, &name), obj))
    }

    /// Patches the stored object and writes it back through [`ApiServer::update`].
    pub fn patch(
        &mut self,
        kind: Kind,
        ns: &str,
        name: &str,
        patch_type: PatchType,
        patch: &str,
        opts: &WriteOptions,
    ) -> Result<Object, ApiError> {
        let current = self.get(kind, ns, name)?.clone();
        let patched = super::patch::apply(&current, patch_type, patch)?;
        let mut obj =
            Object::from_value(patched).map_err(|e| ApiError::bad_request(e.to_string()))?;
        if obj.kind() != kind || obj.meta().name != name {
            return Err(ApiError::bad_request(
                "the name or kind of the object cannot be changed by a patch",
            ));
        }
        obj.meta_mut().resource_version.clear();
        self.update(obj, opts)
    }

    /// Deletes: graceful for scheduled pods, finalizer-aware, with cascading per `opts`.
    pub fn delete(
        &mut self,
        kind: Kind,
        ns: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Object, ApiError> {
        let mut obj = self.get(kind, ns, name)?.clone();
        let now = self.now;
        if let Object::Namespace(n) = &mut obj {
            return self.delete_namespace(n.clone(), opts.dry_run);
        }
        let propagation = opts.propagation.unwrap_or(Propagation::Background);
        if opts.dry_run {
            return Ok(obj);
        }
        // Orphan: strip owner references from dependents first (synchronously).
        if propagation == Propagation::Orphan {
            self.orphan_dependents(&obj.meta().uid.clone());
        }
        if let Object::Pod(p) = &obj {
            let p = p.clone();
            return Ok(self.delete_pod(p, opts, propagation));
        }
        let m = obj.meta_mut();
        let was_terminating = m.deletion_timestamp.is_some();
        if propagation == Propagation::Foreground && !was_terminating {
            add_finalizer(&mut m.finalizers, super::server::FOREGROUND_FINALIZER);
        }
        if !m.finalizers.is_empty() {
            if !was_terminating {
                m.deletion_timestamp = Some(now);
            }
            m.deletion_grace_period_seconds = Some(0);
        } else {
            if was_terminating {
                m.deletion_grace_period_seconds = Some(0);
            }
            self.remove(kind, ns, name, None);
            return Ok(obj);
        }
        obj.meta_mut().resource_version = self.next_rv();
        self.put(
            WatchEventType::Modified,
            key_of(kind, ns, name),
            obj.clone(),
        );
        Ok(obj)
    }

    /// Pods use the graceful-delete strategy (`rest.BeforeDelete` + the pod strategy's
    /// `CheckGracefulDelete`): the grace period is the request's, else the pod's
    /// `terminationGracePeriodSeconds`, and 0 for an unscheduled or finished pod. The server
    /// always first *updates* the pod with `deletionTimestamp`/`deletionGracePeriodSeconds`
    /// (a MODIFIED event); with grace 0 and no finalizers it then removes it (DELETED). So
    /// the kubelet's final zero-grace delete of a terminated pod shows as two watch events,
    /// and a repeated delete may only shorten a pending grace period.
    fn delete_pod(
        &mut self,
        mut p: crate::sim::objects::Pod,
        opts: &DeleteOptions,
        propagation: Propagation,
    ) -> Object {
        let now = self.now;
        let (ns, name) = (p.metadata.namespace.clone(), p.metadata.name.clone());
        let mut grace = opts
            .grace_period_seconds
            .unwrap_or_else(|| p.spec.termination_grace_period_seconds.unwrap_or(30));
        if grace < 0 {
            grace = 1; // negative values mean 1s on the delete path
        }
        if p.spec.node_name.is_empty() || super::defaults::pod_is_terminal(&p) {
            grace = 0;
        }
        let m = &mut p.metadata;
        if let Some(due) = m.deletion_timestamp {
            match m.deletion_grace_period_seconds {
                // Already updated with grace 0 (or without one): delete now.
                None | Some(0) => {
                    if m.finalizers.is_empty() {
                        let obj = Object::Pod(p);
                        self.remove(Kind::Pod, &ns, &name, Some(obj.clone()));
                        return obj;
                    }
                    return Object::Pod(p);
                }
                // Only a shorter grace period changes anything.
                Some(existing) if grace >= existing => return Object::Pod(p),
                Some(existing) => {
                    let start = due.saturating_sub(existing as u64 * 1000);
                    m.deletion_timestamp = Some(start + grace as u64 * 1000);
                    m.deletion_grace_period_seconds = Some(grace);
                }
            }
        } else {
            if propagation == Propagation::Foreground {
                add_finalizer(&mut m.finalizers, FOREGROUND_FINALIZER);
            }
            m.deletion_timestamp = Some(now + grace as u64 * 1000);
            m.deletion_grace_period_seconds = Some(grace);
        }
        let mut obj = Object::Pod(p);
        obj.meta_mut().resource_version = self.next_rv();
        self.put(
            WatchEventType::Modified,
            key_of(Kind::Pod, &ns, &name),
            obj.clone(),
        );
        if grace == 0 && obj.meta().finalizers.is_empty() {
            self.remove(Kind::Pod, &ns, &name, None);
        }
        obj
    }

    /// The pods/binding subresource (`setPodNodeAndMetadata`): sets `spec.nodeName` and the
    /// `PodScheduled=True` condition in one write, so scheduling is one MODIFIED event.
    pub fn bind_pod(&mut self, ns: &str, name: &str, node: &str) -> Result<Arc<Object>, ApiError> {
        let Object::Pod(mut p) = self.get(Kind::Pod, ns, name)?.clone() else {
            return Err(ApiError::not_found(Kind::Pod, name));
        };
        if p.metadata.deletion_timestamp.is_some() {
            return Err(ApiError::conflict(Kind::Pod, name));
        }
        if !p.spec.node_name.is_empty() {
            return Err(ApiError::conflict(Kind::Pod, name));
        }
        p.spec.node_name = node.to_string();
        let now = self.now;
        match p
            .status
            .conditions
            .iter_mut()
            .find(|c| c.type_ == "PodScheduled")
        {
            Some(c) => {
                if c.status != "True" {
                    c.last_transition_time = Some(now);
                }
                c.status = "True".into();
                c.reason.clear();
                c.message.clear();
            }
            None => p.status.conditions.push(crate::sim::objects::PodCondition {
                type_: "PodScheduled".into(),
                status: "True".into(),
                last_transition_time: Some(now),
                ..Default::default()
            }),
        }
        let mut obj = Object::Pod(p);
        obj.meta_mut().resource_version = self.next_rv();
        Ok(self.put(WatchEventType::Modified, key_of(Kind::Pod, ns, name), obj))
    }

    /// Namespaces: immortal ones are refused; others turn `Terminating` and the garbage
    /// collector empties them, then removes them (the `kubernetes` spec finalizer).
    fn delete_namespace(
        &mut self,
        mut n: crate::sim::objects::Namespace,
        dry_run: bool,
    ) -> Result<Object, ApiError> {
        let name = n.metadata.name.clone();
        if IMMORTAL_NAMESPACES.contains(&name.as_str()) {
            return Err(ApiError::forbidden(
                Some(Kind::Namespace),
                Some(&name),
                format!("namespaces \"{name}\" is forbidden: this namespace may not be deleted"),
            ));
        }
        if dry_run || n.metadata.deletion_timestamp.is_some() {
            return Ok(Object::Namespace(n));
        }
        n.metadata.deletion_timestamp = Some(self.now);
        n.metadata.deletion_grace_period_seconds = Some(0);
        n.status.phase = "Terminating".into();
        let mut obj = Object::Namespace(n);
        obj.meta_mut().resource_version = self.next_rv();
        self.put(
            WatchEventType::Modified,
            key_of(Kind::Namespace, "", &name),
            obj.clone(),
        );
        Ok(obj)
    }

    /// Called by the garbage collector: empties a terminating namespace, removing it once empty.
    /// Returns true if it changed anything.
    pub(crate) fn finish_namespace(&mut self, name: &str) -> bool {
        let keys: Vec<Key> = self
            .objects
            .keys()
            .filter(|(k, ns, _)| k.namespaced() && ns == name)
            .cloned()
            .collect();
        if keys.is_empty() {
            self.remove(Kind::Namespace, "", name, None);
            return true;
        }
        let mut did = false;
        for (k, ns, n) in keys {
            let terminating = self
                .objects
                .get(&(k, ns.clone(), n.clone()))
                .is_some_and(|o| o.meta().deletion_timestamp.is_some());
            if k == Kind::Event {
                self.remove(k, &ns, &n, None);
                did = true;
            } else if !terminating && self.delete(k, &ns, &n, &DeleteOptions::default()).is_ok() {
                did = true;
            }
        }
        did
    }

    /// Removes an object from the store and logs DELETED (with `last` as the final snapshot).
    pub(crate) fn remove(&mut self, kind: Kind, ns: &str, name: &str, last: Option<Object>) {
        if let Some(old) = self.objects.remove(&key_of(kind, ns, name)) {
            let mut fin = last.unwrap_or_else(|| Arc::unwrap_or_clone(old));
            if let Object::Service(s) = &fin {
                let ip = s.spec.cluster_ip.clone();
                self.release_cluster_ip(&ip);
                self.release_node_ports(&super::node_ports::held(s));
            }
            fin.meta_mut().resource_version = self.next_rv();
            self.append(WatchEventType::Deleted, Arc::new(fin));
        }
    }

    /// Removes owner references to `uid` from every dependent (orphan propagation).
    fn orphan_dependents(&mut self, uid: &str) {
        let keys: Vec<Key> = self.objects.dependents(uid).cloned().collect();
        for k in keys {
            if let Some(mut o) = self.objects.get(&k).cloned() {
                o.meta_mut().owner_references.retain(|r| r.uid != uid);
                o.meta_mut().resource_version = self.next_rv();
                self.put(WatchEventType::Modified, k, o);
            }
        }
    }

    /// Allocates a ClusterIP from the service CIDR unless the spec names one or is headless.
    fn allocate_cluster_ip(
        &mut self,
        svc: &mut crate::sim::objects::Service,
        name: &str,
    ) -> Result<(), ApiError> {
        let (base, prefix) = self.service_net;
        let size = 1u64 << (32 - prefix.min(32));
        if svc.spec.cluster_ip == "None" {
            svc.spec.cluster_ips = vec!["None".into()];
            return Ok(());
        }
        if !svc.spec.cluster_ip.is_empty() {
            let ip = parse_ipv4(&svc.spec.cluster_ip).ok_or_else(|| {
                ApiError::invalid(
                    crate::sim::objects::Kind::Service,
                    name,
                    &[FieldError::invalid(
                        "spec.clusterIPs[0]",
                        &svc.spec.cluster_ip,
                        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                    )],
                )
            })?;
            if (ip.wrapping_sub(base) as u64) >= size {
                let cidr = format!("{}/{}", fmt_ipv4(base), prefix);
                return Err(ApiError::invalid(
                    Kind::Service,
                    name,
                    &[FieldError::invalid(
                        "spec.clusterIPs",
                        &[&svc.spec.cluster_ip],
                        &format!("failed to allocate IP {}: the provided IP ({}) is not in the valid range. The range of valid IPs is {cidr}", svc.spec.cluster_ip, svc.spec.cluster_ip),
                    )],
                ));
            }
            if !self.service_ips.insert(ip) {
                return Err(ApiError::invalid(
                    Kind::Service,
                    name,
                    &[FieldError::invalid(
                        "spec.clusterIPs",
                        &[&svc.spec.cluster_ip],
                        &format!(
                            "failed to allocate IP {}: provided IP is already allocated",
                            svc.spec.cluster_ip
                        ),
                    )],
                ));
            }
        } else {
            // Random offset, skipping the network address; linear probe on collision.
            let span = size.saturating_sub(2).max(1);
            let start = self.rng.below(span);
            let mut found = None;
            for i in 0..span {
                let ip = base + 1 + ((start + i) % span) as u32;
                if !self.service_ips.contains(&ip) {
                    found = Some(ip);
                    break;
                }
            }
            let ip = found.ok_or_else(|| {
                ApiError::forbidden(
                    Some(Kind::Service),
                    Some(name),
                    "failed to allocate a serviceIP: range is full",
                )
            })?;
            self.service_ips.insert(ip);
            svc.spec.cluster_ip = fmt_ipv4(ip);
        }
        svc.spec.cluster_ips = vec![svc.spec.cluster_ip.clone()];
        Ok(())
    }

    fn release_cluster_ip(&mut self, ip: &str) {
        if let Some(v) = parse_ipv4(ip) {
            self.service_ips.remove(&v);
        }
    }

    /// Creates or aggregates a core/v1 Event (see `events.rs`).
    pub fn record_event(
        &mut self,
        involved: &Object,
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
        field_path: Option<&str>,
    ) {
        super::events::record(
            self, involved, type_, reason, message, component, field_path,
        );
    }
}

/// Kinds whose spec changes bump `metadata.generation`.
fn has_generation(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::StatefulSet
            | Kind::Deployment
            | Kind::ReplicaSet
            | Kind::Pod
            | Kind::Service
            | Kind::PersistentVolumeClaim
    )
}

/// A pod whose grace period has not run out yet stays in the store even without finalizers.
fn is_graceful_pending(obj: &Object) -> bool {
    matches!(obj, Object::Pod(_))
        && obj
            .meta()
            .deletion_grace_period_seconds
            .is_some_and(|g| g > 0)
}

pub(crate) fn add_finalizer(list: &mut Vec<String>, f: &str) {
    if !list.iter().any(|x| x == f) {
        list.push(f.to_string());
    }
}

/// Parses dotted IPv4.
pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 3 {
            return None;
        }
        v = (v << 8) | p.parse::<u8>().ok()? as u32;
    }
    Some(v)
}

/// Formats IPv4.
pub fn fmt_ipv4(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 255,
        (v >> 8) & 255,
        v & 255
    )
}
