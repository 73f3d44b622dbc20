//! Choosing a pod's container the way `k8s.io/kubectl/pkg/cmd/util/podcmd` does, shared by
//! `logs` and `exec` so both print the same `Defaulted container …` note.
//!
//! Upstream lists the candidates as `containers`, then ephemeral containers (`NAME (ephem)`),
//! then init containers (`NAME (init)`); the simulator has no ephemeral containers. The
//! `kubectl.kubernetes.io/default-container` annotation preselects a container.

use crate::sim::Pod;

/// `podcmd.DefaultContainerAnnotationName`.
pub const DEFAULT_CONTAINER_ANNOTATION: &str = "kubectl.kubernetes.io/default-container";

/// `FindContainerByName`: a regular or init container of that name exists.
pub fn has_container(pod: &Pod, name: &str) -> bool {
    pod.spec
        .containers
        .iter()
        .chain(pod.spec.init_containers.iter())
        .any(|c| c.name == name)
}

/// `AllContainerNames`: containers, then init containers marked ` (init)`.
pub fn all_container_names(pod: &Pod) -> String {
    let mut names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
    names.extend(
        pod.spec
            .init_containers
            .iter()
            .map(|c| format!("{} (init)", c.name)),
    );
    names.join(", ")
}

/// The container used when none is named: the annotated default if the pod has it, else the
/// first container. The second value is the note kubectl writes to stderr when it picked
/// the first of several (`None` when the choice was not ambiguous).
pub fn default_container(pod: &Pod) -> (String, Option<String>) {
    if let Some(name) = pod
        .metadata
        .annotations
        .get(DEFAULT_CONTAINER_ANNOTATION)
        .filter(|n| !n.is_empty() && has_container(pod, n))
    {
        return (name.clone(), None);
    }
    let first = pod
        .spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let note = (pod.spec.containers.len() > 1 || !pod.spec.init_containers.is_empty()).then(|| {
        format!(
            "Defaulted container \"{first}\" out of: {}\n",
            all_container_names(pod)
        )
    });
    (first, note)
}
