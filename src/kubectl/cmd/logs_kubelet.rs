//! The kubelet's side of `kubectl logs`: which container instance a log request reads, or
//! the error the kubelet answers (the API server returns it as BadRequest).

use crate::sim::Pod;

/// The kubelet's `validateContainerLogStatus`: which instance has the log, or why none.
/// Instances are named by the container's restart count.
pub fn kubelet_instance(pod: &Pod, container: &str, previous: bool) -> Result<i32, String> {
    let pn = &pod.metadata.name;
    let Some(st) = pod
        .status
        .container_statuses
        .iter()
        .chain(pod.status.init_container_statuses.iter())
        .find(|s| s.name == container)
    else {
        return Err(format!(
            "container \"{container}\" in pod \"{pn}\" is not available"
        ));
    };
    let last = st.last_state.terminated.as_ref();
    if previous {
        return match last {
            Some(_) => Ok(st.restart_count - 1),
            None => Err(format!(
                "previous terminated container \"{container}\" in pod \"{pn}\" not found"
            )),
        };
    }
    if st.state.running.is_some() || st.state.terminated.is_some() {
        return Ok(st.restart_count);
    }
    if last.is_some() {
        return Ok(st.restart_count - 1);
    }
    match &st.state.waiting {
        Some(w) => Err(match w.reason.as_str() {
            "ErrImagePull" => format!(
                "container \"{container}\" in pod \"{pn}\" is waiting to start: image can't be pulled"
            ),
            "ImagePullBackOff" => format!(
                "container \"{container}\" in pod \"{pn}\" is waiting to start: trying and failing to pull image"
            ),
            r => format!("container \"{container}\" in pod \"{pn}\" is waiting to start: {r}"),
        }),
        None => Err(format!(
            "container \"{container}\" in pod \"{pn}\" is waiting to start - no logs yet"
        )),
    }
}
