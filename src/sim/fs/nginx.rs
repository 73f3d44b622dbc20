//! What the simulated nginx answers: static files under its document root, with nginx's own
//! error pages. The behaviour that matters for the lessons: `/` serves `index.html` when it
//! exists and is **403 Forbidden** when the directory has no index (an empty PVC mounted over
//! `/usr/share/nginx/html`), a missing file is 404, a directory without a trailing slash
//! redirects (301).

use super::tree::FsError;
use super::{MountTable, Volumes};

/// nginx's document root in the official image (and nginx-slim).
pub const HTML_ROOT: &str = "/usr/share/nginx/html";

/// The default page shipped in the official image (1.21+ text).
pub const DEFAULT_INDEX: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// The `50x.html` page shipped next to it.
pub const DEFAULT_50X: &str = "<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
";

/// Full nginx version an image tag ships, as shown in error pages' footer.
pub fn server_version(image_version: &str) -> &'static str {
    match image_version {
        "1.14.2" => "1.14.2",
        "1.19" => "1.19.10",
        "1.20" => "1.20.2",
        "1.21" => "1.21.6",
        "1.22" => "1.22.1",
        "1.23" => "1.23.4",
        "1.24" => "1.24.0",
        "1.25" => "1.25.5",
        "1.26" => "1.26.3",
        "1.27" => "1.27.5",
        "1.28" => "1.28.0",
        "0.20" | "0.21" | "0.22" | "0.23" | "0.24" | "0.25" | "0.26" | "0.27" => "1.11.13",
        _ => "1.29.3",
    }
}

fn error_page(code: u16, text: &str, version: &str) -> String {
    format!(
        "<html>\r\n<head><title>{code} {text}</title></head>\r\n<body>\r\n<center><h1>{code} {text}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// An HTTP response from the simulated server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: &'static str,
    pub body: String,
}

/// Serve `GET path` from a container whose mounts are `mounts` (the nginx container's view).
pub fn get(volumes: &Volumes, mounts: &MountTable, path: &str, version: &str) -> Response {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    let full = format!("{HTML_ROOT}{path}");
    let resp = |status, reason: &'static str| Response {
        status,
        reason,
        body: error_page(status, reason, version),
    };
    if volumes.is_dir(mounts, &full) {
        if !path.ends_with('/') {
            return resp(301, "Moved Permanently");
        }
        return match volumes.read(mounts, &format!("{full}index.html")) {
            Ok(body) => Response {
                status: 200,
                reason: "OK",
                body,
            },
            // nginx's index module finds no index file and autoindex is off.
            Err(_) => resp(403, "Forbidden"),
        };
    }
    match volumes.read(mounts, &full) {
        Ok(body) => Response {
            status: 200,
            reason: "OK",
            body,
        },
        Err(FsError::NotFound) | Err(FsError::NotADirectory) => resp(404, "Not Found"),
        Err(_) => resp(403, "Forbidden"),
    }
}
