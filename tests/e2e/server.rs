//! A std-only static file server for the end-to-end tier. It serves `dist/` under a sub-path
//! (e.g. `/lab/sub/`), the way the site is deployed on a project page, so a build that assumes it
//! lives at `/` (absolute asset URLs) fails here instead of in production.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// What the server sent: (status, request path), in order, for diagnosing a failed run.
pub type Log = Arc<Mutex<Vec<(u16, String)>>>;

pub struct StaticServer {
    pub port: u16,
    pub prefix: String,
    pub log: Log,
    stop: Arc<AtomicBool>,
    /// While set, every connection is dropped unanswered: the network is "off".
    down: Arc<AtomicBool>,
}

impl StaticServer {
    /// Binds a free loopback port and serves `root` at `prefix` (which starts and ends with `/`)
    /// from a background thread until dropped.
    pub fn start(root: &Path, prefix: &str) -> std::io::Result<StaticServer> {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'));
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let down = Arc::new(AtomicBool::new(false));
        let log: Log = Arc::default();
        let (root, pre, stop2, log2, down2) = (
            root.to_path_buf(),
            prefix.to_string(),
            stop.clone(),
            log.clone(),
            down.clone(),
        );
        thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                if down2.load(Ordering::SeqCst) {
                    drop(conn);
                    continue;
                }
                let (root, pre, log) = (root.clone(), pre.clone(), log2.clone());
                // One thread per connection: Chromium fetches the JS and wasm in parallel.
                thread::spawn(move || {
                    let _ = serve_one(conn, &root, &pre, &log);
                });
            }
        });
        Ok(StaticServer {
            port,
            prefix: prefix.to_string(),
            log,
            stop,
            down,
        })
    }

    /// Turn the "network" off (every request fails) or back on.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        // instantiateStreaming refuses anything but application/wasm.
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "yaml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path onto a file under `root`, refusing anything outside the prefix or with a
/// `..` segment; a directory means its index.html.
fn resolve(root: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix(prefix)?;
    let mut file = root.to_path_buf();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." || seg.contains('\\') {
            return None;
        }
        file.push(seg);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn serve_one(conn: TcpStream, root: &Path, prefix: &str, log: &Log) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("").to_string();
    let mut out = conn;
    let (status, reason, ctype, body, extra) = if method != "GET" && method != "HEAD" {
        (
            405,
            "Method Not Allowed",
            "text/plain",
            b"405\n".to_vec(),
            String::new(),
        )
    } else if path == prefix.trim_end_matches('/') {
        let loc = format!("Location: {prefix}\r\n");
        (301, "Moved Permanently", "text/plain", Vec::new(), loc)
    } else if let Some(file) = resolve(root, prefix, &path) {
        let body = std::fs::read(&file)?;
        (200, "OK", content_type(&file), body, String::new())
    } else {
        (
            404,
            "Not Found",
            "text/plain",
            b"404 not found\n".to_vec(),
            String::new(),
        )
    };
    log.lock().map(|mut l| l.push((status, path))).ok();
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method == "GET" {
        out.write_all(&body)?;
    }
    out.flush()
}
