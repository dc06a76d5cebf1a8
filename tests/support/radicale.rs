//! A real CalDAV/CardDAV server for a test: Radicale (installed by the test command's
//! set-up, `scripts/setup.sh`), on a free port of 127.0.0.1, with its own temporary
//! storage and a plain htpasswd file holding `ann` / `secret`. Stopped when dropped; it
//! can be stopped and started again on the same port and storage (the server "down").
//! Tests talk to it directly with the helpers below, as a phone or a colleague would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::blocking::Client;
use reqwest::Method;

pub const USER: &str = "ann";
pub const PASSWORD: &str = "correct horse 7f3a9c";

pub struct Radicale {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // The process's TLS provider, as Juggle's own client installs it (plain http here).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut server = Radicale {
            port,
            dir,
            child: None,
        };
        server.resume();
        server
    }

    /// Starts the server (again), and returns once it says it is ready.
    pub fn resume(&mut self) {
        let python = std::env::var("JUGGLE_PYTHON").unwrap_or_else(|_| "python3".into());
        let d = self.dir.path();
        let mut child = Command::new(python)
            .args(["-m", "radicale", "--server-hosts"])
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--storage-filesystem-folder")
            .arg(d.join("collections"))
            .args(["--auth-type", "htpasswd", "--auth-htpasswd-filename"])
            .arg(d.join("users"))
            .args([
                "--auth-htpasswd-encryption",
                "plain",
                "--logging-level",
                "info",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Radicale runs (scripts/setup.sh installs it with the oracles)");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        loop {
            match lines.next() {
                Some(Ok(line)) => {
                    let ready = line.contains("Radicale server ready");
                    seen.push(line);
                    if ready {
                        break;
                    }
                }
                _ => panic!("Radicale did not start:\n{}", seen.join("\n")),
            }
        }
        // Keep reading its log, so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        self.child = Some(child);
    }

    /// Stops the server; the port is then closed (a server that is down).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Where Radicale keeps the collection at `path` (`/ann/work/`): one file per object.
    pub fn folder(&self, path: &str) -> std::path::PathBuf {
        self.dir
            .path()
            .join("collections/collection-root")
            .join(path.trim_matches('/'))
    }

    /// `http://127.0.0.1:PORT` (no path), as a user would type the server.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The full address of `path` (`/ann/work/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    /// A client per request, so that none outlives a call (the end-to-end tests call these
    /// from async code, inside `block_in_place`).
    fn request(&self, method: &str, path: &str) -> reqwest::blocking::RequestBuilder {
        Client::new()
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                self.url(path),
            )
            .basic_auth(USER, Some(PASSWORD))
    }

    /// Makes a calendar (`components`: "VEVENT", "VTODO") or, with no components, an
    /// address book, at `path` (`/ann/work/`).
    pub fn make(&self, path: &str, name: &str, colour: &str, components: &[&str]) {
        // Radicale makes the principal's collection on the first authenticated request.
        self.request("PROPFIND", &format!("/{USER}/"))
            .header("Depth", "0")
            .send()
            .unwrap();
        let (kind, extra) = if components.is_empty() {
            ("<CR:addressbook/>", String::new())
        } else {
            let comps: String = components
                .iter()
                .map(|c| format!("<C:comp name=\"{c}\"/>"))
                .collect();
            (
                "<C:calendar/>",
                format!("<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set><I:calendar-color>{colour}</I:calendar-color>"),
            )
        };
        let body = format!(
            r#"<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop><D:resourcetype><D:collection/>{kind}</D:resourcetype><D:displayname>{name}</D:displayname>{extra}</D:prop></D:set></D:mkcol>"#
        );
        let answer = self.request("MKCOL", path).body(body).send().unwrap();
        assert_eq!(answer.status().as_u16(), 201, "{}", answer.text().unwrap());
    }

    /// PUTs an object as another client would; returns its ETag.
    pub fn put(&self, path: &str, text: &str) -> String {
        let answer = self
            .request("PUT", path)
            .header("Content-Type", "text/calendar; charset=utf-8")
            .body(text.to_owned())
            .send()
            .unwrap();
        assert!(answer.status().is_success(), "{:?}", answer.status());
        etag(&answer)
    }

    /// The object at `path`, or `None` when there is none.
    pub fn get(&self, path: &str) -> Option<String> {
        let answer = self.request("GET", path).send().unwrap();
        (answer.status().as_u16() != 404).then(|| answer.text().unwrap())
    }

    pub fn delete(&self, path: &str) {
        let answer = self.request("DELETE", path).send().unwrap();
        assert!(answer.status().is_success(), "{:?}", answer.status());
    }

    /// The objects in a collection: their paths, sorted.
    pub fn list(&self, path: &str) -> Vec<String> {
        let answer = self
            .request("PROPFIND", path)
            .header("Depth", "1")
            .body(r#"<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>"#)
            .send()
            .unwrap();
        let text = answer.text().unwrap();
        let mut out: Vec<String> = text
            .split("<href>")
            .skip(1)
            .filter_map(|s| s.split("</href>").next())
            .filter(|h| h.ends_with(".ics") || h.ends_with(".vcf"))
            .map(str::to_owned)
            .collect();
        out.sort();
        out
    }

    /// Every object's text in a collection.
    pub fn texts(&self, path: &str) -> Vec<String> {
        self.list(path).iter().filter_map(|p| self.get(p)).collect()
    }
}

fn etag(answer: &reqwest::blocking::Response) -> String {
    answer
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
    }
}
