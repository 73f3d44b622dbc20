//! Catalogue of container images the simulated registry knows.
//!
//! A real cluster pulls from Docker Hub / registry.k8s.io; the simulator instead knows a fixed
//! list of real repositories and tags with their (compressed) sizes, which is what containerd
//! reports as `Image size: N bytes` in the kubelet's `Pulled` event. An image reference that is
//! not in the catalogue fails to pull (`ErrImagePull`, then `ImagePullBackOff`), exactly like a
//! typo in a tag on a real cluster. Each image also names the simulated *application* that runs
//! in it, which decides what a probe or an in-pod command sees.

/// What program an image runs; decides ports, files and SIGTERM behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum App {
    /// nginx: serves `/usr/share/nginx/html` on port 80, exits 0 on SIGTERM.
    Nginx,
    /// busybox: runs the given command (often `sh` or `sleep`), listens on nothing.
    Busybox,
    /// mysql server: listens on 3306 once its data directory is initialised.
    Mysql,
    /// A small HTTP echo server (`hashicorp/http-echo`): listens on 5678, exits 2 on SIGTERM.
    HttpEcho,
}

/// One known image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// Normalised reference as the user wrote it (tag defaulted to `latest`).
    pub reference: String,
    /// Size in bytes as reported in the `Pulled` event.
    pub size: u64,
    pub app: App,
    /// For busybox: the version, which selects the nslookup output format.
    pub version: &'static str,
}

/// (repository, tag, size bytes, app, version). Sizes are the linux/amd64 compressed sizes of
/// the real images (rounded as published by the registries).
const CATALOGUE: &[(&str, &str, u64, App, &str)] = &[
    ("nginx", "1.14.2", 44_712_612, App::Nginx, "1.14.2"),
    ("nginx", "1.19", 53_612_043, App::Nginx, "1.19"),
    ("nginx", "1.20", 54_109_440, App::Nginx, "1.20"),
    ("nginx", "1.21", 56_734_132, App::Nginx, "1.21"),
    ("nginx", "1.22", 56_781_009, App::Nginx, "1.22"),
    ("nginx", "1.23", 57_004_211, App::Nginx, "1.23"),
    ("nginx", "1.24", 57_015_322, App::Nginx, "1.24"),
    ("nginx", "1.25", 67_254_990, App::Nginx, "1.25"),
    ("nginx", "1.26", 68_112_405, App::Nginx, "1.26"),
    ("nginx", "1.27", 72_099_313, App::Nginx, "1.27"),
    ("nginx", "1.28", 72_201_870, App::Nginx, "1.28"),
    ("nginx", "1.29", 72_225_671, App::Nginx, "1.29"),
    ("nginx", "latest", 72_225_671, App::Nginx, "1.29"),
    ("nginx", "stable", 72_201_870, App::Nginx, "1.28"),
    ("nginx", "alpine", 20_442_390, App::Nginx, "1.29"),
    (
        "registry.k8s.io/nginx-slim",
        "0.20",
        8_488_113,
        App::Nginx,
        "0.20",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.22",
        8_509_420,
        App::Nginx,
        "0.22",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.23",
        8_510_017,
        App::Nginx,
        "0.23",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.25",
        8_552_930,
        App::Nginx,
        "0.25",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.27",
        8_601_772,
        App::Nginx,
        "0.27",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.21",
        8_507_306,
        App::Nginx,
        "0.21",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.24",
        8_511_238,
        App::Nginx,
        "0.24",
    ),
    (
        "registry.k8s.io/nginx-slim",
        "0.26",
        8_589_141,
        App::Nginx,
        "0.26",
    ),
    ("busybox", "1.28", 727_869, App::Busybox, "1.28"),
    ("busybox", "1.36", 2_156_260, App::Busybox, "1.36"),
    ("busybox", "1.37", 2_157_442, App::Busybox, "1.37"),
    ("busybox", "latest", 2_157_442, App::Busybox, "1.37"),
    ("mysql", "8.0", 234_511_202, App::Mysql, "8.0"),
    ("mysql", "8.4", 231_902_114, App::Mysql, "8.4"),
    ("mysql", "5.7", 137_914_250, App::Mysql, "5.7"),
    (
        "hashicorp/http-echo",
        "latest",
        3_210_548,
        App::HttpEcho,
        "1.0",
    ),
    (
        "hashicorp/http-echo",
        "1.0",
        3_210_548,
        App::HttpEcho,
        "1.0",
    ),
];

/// Why an image reference cannot be pulled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullError {
    /// Repository exists but the tag does not.
    NotFound { reference: String },
    /// The reference itself is malformed (upper case, empty, ...).
    InvalidName { reference: String },
}

/// Split `repo[:tag][@digest]` into (repository, tag), defaulting the tag to `latest` and
/// stripping the implicit `docker.io/` / `docker.io/library/` prefixes.
pub fn split_reference(image: &str) -> (String, String) {
    let image = image.trim();
    let without_digest = image.split('@').next().unwrap_or(image);
    // A ':' after the last '/' is the tag separator; one before it is a registry port.
    let last_slash = without_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (repo, tag) = match without_digest[last_slash..].find(':') {
        Some(i) => (
            &without_digest[..last_slash + i],
            &without_digest[last_slash + i + 1..],
        ),
        None => (without_digest, "latest"),
    };
    let repo = repo
        .strip_prefix("docker.io/library/")
        .or_else(|| repo.strip_prefix("docker.io/"))
        .or_else(|| repo.strip_prefix("library/"))
        .unwrap_or(repo);
    (repo.to_string(), tag.to_string())
}

/// Look an image reference up in the catalogue.
pub fn lookup(image: &str) -> Result<ImageInfo, PullError> {
    let (repo, tag) = split_reference(image);
    if repo.is_empty()
        || repo
            .chars()
            .any(|c| c.is_ascii_uppercase() || c.is_whitespace())
    {
        return Err(PullError::InvalidName {
            reference: image.to_string(),
        });
    }
    CATALOGUE
        .iter()
        .find(|(r, t, ..)| *r == repo && *t == tag)
        .map(|(_, _, size, app, version)| ImageInfo {
            reference: image.to_string(),
            size: *size,
            app: *app,
            version,
        })
        .ok_or(PullError::NotFound {
            reference: image.to_string(),
        })
}

/// The app an image runs, if the image is known (used for probes on already-running pods).
pub fn app_of(image: &str) -> Option<App> {
    lookup(image).ok().map(|i| i.app)
}

/// The containerd error text the kubelet puts into `ErrImagePull` events and container state.
/// Upstream: `Failed to pull image "x": rpc error: code = NotFound desc = failed to pull and
/// unpack image "docker.io/library/x:tag": failed to resolve reference ...: not found`.
pub fn pull_error_message(image: &str) -> String {
    let (repo, tag) = split_reference(image);
    let full = if repo.contains('.') && repo.contains('/') {
        format!("{repo}:{tag}")
    } else if repo.contains('/') {
        format!("docker.io/{repo}:{tag}")
    } else {
        format!("docker.io/library/{repo}:{tag}")
    };
    format!(
        "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
    )
}

/// Go's `time.Duration.String()` for a millisecond duration (the kubelet truncates pull
/// durations to milliseconds): `842ms`, `1.2s`, `3.125s`, `1m2.5s`.
pub fn go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let mut out = String::new();
    let mut rest = ms;
    let hours = rest / 3_600_000;
    rest %= 3_600_000;
    let minutes = rest / 60_000;
    rest %= 60_000;
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    let secs = rest / 1000;
    let frac = rest % 1000;
    if frac == 0 {
        out.push_str(&format!("{secs}s"));
    } else {
        let f = format!("{frac:03}");
        out.push_str(&format!("{secs}.{}s", f.trim_end_matches('0')));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise() {
        assert_eq!(
            split_reference("busybox"),
            ("busybox".into(), "latest".into())
        );
        assert_eq!(
            split_reference("docker.io/library/nginx:1.21"),
            ("nginx".into(), "1.21".into())
        );
        assert_eq!(
            split_reference("localhost:5000/app"),
            ("localhost:5000/app".into(), "latest".into())
        );
        assert_eq!(lookup("nginx:1.21").map(|i| i.app), Ok(App::Nginx));
        assert!(matches!(
            lookup("nginx:9.99"),
            Err(PullError::NotFound { .. })
        ));
        assert!(matches!(
            lookup("Nginx"),
            Err(PullError::InvalidName { .. })
        ));
        assert_eq!(lookup("busybox").map(|i| i.version), Ok("1.37"));
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(842), "842ms");
        assert_eq!(go_duration(1200), "1.2s");
        assert_eq!(go_duration(3125), "3.125s");
        assert_eq!(go_duration(62_500), "1m2.5s");
        assert_eq!(go_duration(2000), "2s");
    }

    #[test]
    fn pull_error_names_the_full_reference() {
        assert!(pull_error_message("nginx:9.99").contains("\"docker.io/library/nginx:9.99\""));
    }
}
