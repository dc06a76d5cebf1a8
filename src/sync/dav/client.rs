//! A thin WebDAV client on the same blocking reqwest as subscriptions: PROPFIND, REPORT,
//! GET, conditional PUT and DELETE, with basic authentication. Redirects are followed
//! here rather than by reqwest, which would turn a PROPFIND into a GET: at most five, each
//! hop held to the same address rules as the first (https, or http on this computer).

use std::io::Read;

use reqwest::header::{
    HeaderMap, HeaderValue, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH, LOCATION,
};
use reqwest::{Method, StatusCode, Url};

use super::xml::{self, Multistatus};
use crate::sync::http::{self, plain};
use crate::sync::SyncError;

/// The most Juggle reads in one answer (a whole calendar's multiget included).
const MAX_ANSWER_BYTES: u64 = crate::calendar::ics::MAX_ICS_BYTES;
/// The most one event may weigh: a 10 MB "event" is a broken or hostile server.
pub const MAX_OBJECT_BYTES: usize = 1024 * 1024;

/// A signed-in connection to one account's server.
pub struct Dav {
    client: reqwest::blocking::Client,
    user: String,
    password: String,
}

/// An answer: where it finally came from (after redirects), its status, ETag and text.
#[derive(Debug)]
pub struct Answer {
    pub url: Url,
    pub status: StatusCode,
    pub etag: Option<String>,
    pub text: String,
}

/// What a conditional write came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// Done; the new ETag when the server gave one.
    Done(Option<String>),
    /// 412: the object changed on the server since Juggle last saw it.
    Changed,
    /// 404 on a delete: already gone.
    Gone,
}

impl Dav {
    /// Signs in as `user`; `trusted`: the fingerprint of a certificate the user trusted
    /// beside the system's.
    pub fn new(user: &str, password: &str, trusted: Option<&str>) -> Result<Self, SyncError> {
        Ok(Dav {
            client: http::client(reqwest::redirect::Policy::none(), trusted)?,
            user: user.to_owned(),
            password: password.to_owned(),
        })
    }

    /// Sends one request, following redirects by hand; 401 is the wrong password.
    fn send(
        &self,
        method: &str,
        url: &Url,
        depth: Option<&str>,
        body: Option<&str>,
        headers: HeaderMap,
    ) -> Result<Answer, SyncError> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| SyncError::BadAnswer(format!("{method} is not an HTTP method")))?;
        let mut url = url.clone();
        for _ in 0..=5 {
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .basic_auth(&self.user, Some(&self.password))
                .headers(headers.clone());
            if let Some(depth) = depth {
                request = request.header("Depth", depth);
            }
            if let Some(body) = body {
                let kind = if body.starts_with("<?xml") {
                    "application/xml; charset=utf-8"
                } else {
                    "text/calendar; charset=utf-8"
                };
                request = request.header(CONTENT_TYPE, kind).body(body.to_owned());
            }
            let response = request.send().map_err(|e| untrusted(&url, &e))?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let to = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                    .ok_or_else(|| SyncError::BadAnswer("it redirects to nowhere".into()))?;
                url = http::address(to.as_str())?;
                continue;
            }
            if status == StatusCode::UNAUTHORIZED {
                return Err(SyncError::WrongPassword);
            }
            let etag = response
                .headers()
                .get(ETAG)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut bytes = Vec::new();
            response
                .take(MAX_ANSWER_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| SyncError::Unreachable(format!("the answer broke off ({e})")))?;
            if bytes.len() as u64 > MAX_ANSWER_BYTES {
                return Err(SyncError::TooBig(MAX_ANSWER_BYTES / (1024 * 1024)));
            }
            return Ok(Answer {
                url,
                status,
                etag,
                text: crate::calendar::ics::decode(bytes),
            });
        }
        Err(SyncError::Unreachable(
            "the address redirects too many times".into(),
        ))
    }

    /// PROPFIND `props` at `url` (`depth` "0" or "1"): the answer's address after redirects
    /// (hrefs resolve against it) and what it said.
    pub fn propfind(
        &self,
        url: &Url,
        depth: &str,
        props: &str,
    ) -> Result<(Url, Multistatus), SyncError> {
        let answer = self.send(
            "PROPFIND",
            url,
            Some(depth),
            Some(&xml::propfind(props)),
            HeaderMap::new(),
        )?;
        multistatus(answer)
    }

    /// A REPORT; `Ok(None)` when the server does not do that report (403, 405, 501, …).
    pub fn report(
        &self,
        url: &Url,
        depth: &str,
        body: &str,
    ) -> Result<Result<(Url, Multistatus), StatusCode>, SyncError> {
        let answer = self.send("REPORT", url, Some(depth), Some(body), HeaderMap::new())?;
        if answer.status.is_client_error() || answer.status == StatusCode::NOT_IMPLEMENTED {
            return Ok(Err(answer.status));
        }
        multistatus(answer).map(Ok)
    }

    /// GET one object: its text and ETag.
    pub fn get(&self, url: &Url) -> Result<Answer, SyncError> {
        let answer = self.send("GET", url, None, None, HeaderMap::new())?;
        success(&answer)?;
        Ok(answer)
    }

    /// PUT `text` at `url`: only if it is still at `etag`, or (no ETag) only if nothing is
    /// there yet, so that a write never overwrites what someone else wrote meanwhile.
    pub fn put(&self, url: &Url, text: &str, etag: Option<&str>) -> Result<Written, SyncError> {
        let mut headers = HeaderMap::new();
        match etag {
            Some(etag) => headers.insert(IF_MATCH, header(etag)?),
            None => headers.insert(IF_NONE_MATCH, HeaderValue::from_static("*")),
        };
        let answer = self.send("PUT", url, None, Some(text), headers)?;
        if answer.status == StatusCode::PRECONDITION_FAILED {
            return Ok(Written::Changed);
        }
        success(&answer)?;
        Ok(Written::Done(answer.etag))
    }

    /// DELETE `url` if it is still at `etag`.
    pub fn delete(&self, url: &Url, etag: Option<&str>) -> Result<Written, SyncError> {
        let mut headers = HeaderMap::new();
        if let Some(etag) = etag {
            headers.insert(IF_MATCH, header(etag)?);
        }
        let answer = self.send("DELETE", url, None, None, headers)?;
        match answer.status {
            StatusCode::PRECONDITION_FAILED => Ok(Written::Changed),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(Written::Gone),
            _ => success(&answer).map(|()| Written::Done(None)),
        }
    }
}

/// A transport failure; an untrusted certificate comes with its fingerprint, to trust.
fn untrusted(url: &Url, e: &reqwest::Error) -> SyncError {
    let said = plain(e);
    if said.starts_with("its certificate is not trusted") {
        if let Some(fingerprint) = crate::sync::tls::server_fingerprint(url) {
            let host = url.host_str().unwrap_or_default().to_owned();
            return SyncError::Untrusted(host, fingerprint);
        }
    }
    SyncError::Unreachable(said)
}

fn header(value: &str) -> Result<HeaderValue, SyncError> {
    HeaderValue::from_str(value)
        .map_err(|_| SyncError::BadAnswer(format!("it gave an unusable ETag ({value})")))
}

fn success(answer: &Answer) -> Result<(), SyncError> {
    if answer.status.is_success() {
        return Ok(());
    }
    Err(SyncError::Status(
        answer.status.as_u16(),
        meaning(answer.status),
    ))
}

fn multistatus(answer: Answer) -> Result<(Url, Multistatus), SyncError> {
    if answer.status != StatusCode::MULTI_STATUS {
        success(&answer)?;
        return Err(SyncError::BadAnswer(format!(
            "it answered {} where WebDAV answers 207",
            answer.status
        )));
    }
    Ok((answer.url, xml::multistatus(&answer.text)?))
}

/// A DAV server's status in the user's words.
fn meaning(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "the server does not let this account change that (a read-only calendar?)",
        404 | 410 => "that calendar or address book is not on the server any more",
        405 | 501 => "that address is not a CalDAV or CardDAV collection",
        413 => "the server refuses something that large",
        429 | 503 => "the server is busy; Juggle will try again later",
        500..=599 => "the server has a problem; Juggle will try again later",
        _ => "the server refused the request",
    }
}
