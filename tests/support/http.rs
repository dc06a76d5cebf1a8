//! A calendar published over HTTP on 127.0.0.1, as Google or a holiday site would serve
//! it: an ETag on every answer, 304 when the client sends the ETag it has, and whatever
//! status the test sets. It records each request's headers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Published {
    pub url: String,
    state: Arc<Mutex<State>>,
}

struct State {
    status: u16,
    body: String,
    etag: String,
    requests: Vec<String>,
}

impl Published {
    /// Serves `body` at `http://127.0.0.1:PORT/calendar.ics` until the test ends.
    pub fn start(body: &str) -> Published {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/calendar.ics", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            status: 200,
            body: body.to_owned(),
            etag: "\"v1\"".into(),
            requests: vec![],
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut head = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let mut s = shared.lock().unwrap();
                s.requests.push(head.clone());
                let sent_etag = head.lines().find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("if-none-match")
                        .then(|| value.trim().to_owned())
                });
                let (status, body) = if s.status == 200 && sent_etag.as_deref() == Some(&s.etag) {
                    (304, String::new())
                } else {
                    (
                        s.status,
                        if s.status == 200 {
                            s.body.clone()
                        } else {
                            String::new()
                        },
                    )
                };
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: text/calendar\r\nETag: {}\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    s.etag,
                    body.len()
                );
                drop(s);
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        Published { url, state }
    }

    /// Publishes a new version (a new ETag).
    pub fn publish(&self, body: &str) {
        let mut s = self.state.lock().unwrap();
        s.body = body.to_owned();
        s.etag = format!("\"v{}\"", s.requests.len() + 2);
        s.status = 200;
    }

    /// Answers every request with `status` (and no calendar) from now on.
    pub fn fail_with(&self, status: u16) {
        self.state.lock().unwrap().status = status;
    }

    pub fn recover(&self) {
        self.state.lock().unwrap().status = 200;
    }

    /// The requests' header blocks, in order.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }
}
