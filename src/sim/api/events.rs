//! core/v1 Events with the client-side aggregation of client-go's recorder: a repeat of the
//! same (involved object, type, reason, message, source) bumps `count` and `lastTimestamp`
//! instead of creating a new Event.

use super::server::ApiServer;
use super::store::EventKey;
use super::WatchEventType;
use crate::sim::objects::*;

/// Unix nanoseconds of the virtual epoch (2026-01-05T09:00:00Z): event names embed a
/// nanosecond timestamp in hex, as `fmt.Sprintf("%v.%x", name, time.UnixNano())` does.
const EPOCH_UNIX_NANOS: u64 = 1_767_603_600_000_000_000;

pub(crate) fn record(
    api: &mut ApiServer,
    involved: &Object,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
    field_path: Option<&str>,
) {
    let m = involved.meta();
    let ns = if involved.kind().namespaced() {
        m.namespace.clone()
    } else {
        "default".to_string()
    };
    let host = match involved {
        Object::Pod(p) if component == "kubelet" => p.spec.node_name.clone(),
        Object::Node(n) if component == "kubelet" => n.metadata.name.clone(),
        _ => String::new(),
    };
    let reference = ObjectReference {
        kind: involved.kind().kind_name().into(),
        namespace: if involved.kind().namespaced() {
            m.namespace.clone()
        } else {
            String::new()
        },
        name: m.name.clone(),
        uid: m.uid.clone(),
        api_version: involved.kind().api_version(),
        resource_version: m.resource_version.clone(),
        field_path: field_path.unwrap_or("").into(),
    };
    let now = api.now;
    // The index holds exactly the fields compared (see `store::EventKey`), so this finds the
    // first matching Event in store order without scanning the namespace's events.
    let like = EventKey {
        ns: ns.clone(),
        uid: reference.uid.clone(),
        kind: reference.kind.clone(),
        name: reference.name.clone(),
        field_path: reference.field_path.clone(),
        reason: reason.into(),
        message: message.into(),
        type_: type_.into(),
        component: component.into(),
    };
    let existing = match api.objects.event_like(&like) {
        Some(Object::Event(e)) => Some(e.clone()),
        _ => None,
    };
    let ev = match existing {
        Some(mut e) => {
            e.count += 1;
            e.last_timestamp = Some(now);
            e.involved_object.resource_version = reference.resource_version;
            e
        }
        None => {
            api.event_seq += 1;
            let nanos = EPOCH_UNIX_NANOS + now * 1_000_000 + api.event_seq;
            let uid = api.rng.uuid();
            Event {
                metadata: ObjectMeta {
                    name: format!("{}.{nanos:x}", m.name),
                    namespace: ns.clone(),
                    uid,
                    creation_timestamp: Some(now),
                    ..Default::default()
                },
                involved_object: reference,
                reason: reason.into(),
                message: message.into(),
                source: EventSource {
                    component: component.into(),
                    host: host.clone(),
                },
                first_timestamp: Some(now),
                last_timestamp: Some(now),
                count: 1,
                type_: type_.into(),
                reporting_component: component.into(),
                reporting_instance: host,
                ..Default::default()
            }
        }
    };
    let added = ev.count == 1;
    let mut obj = Object::Event(ev);
    api.rv += 1;
    obj.meta_mut().resource_version = api.rv.to_string();
    let key = (Kind::Event, ns, obj.meta().name.clone());
    let kind = if added {
        WatchEventType::Added
    } else {
        WatchEventType::Modified
    };
    api.put(kind, key, obj);
}
