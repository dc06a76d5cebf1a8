//! Fetching a published calendar: the address checked (https, or http from this computer),
//! a conditional GET with the ETag and Last-Modified the server gave last time, a size
//! limit, a timeout, and every failure said in plain words.

use std::io::Read;
use std::sync::Once;
use std::time::Duration;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{StatusCode, Url};

use super::SyncError;
use crate::calendar::ics::MAX_ICS_BYTES;

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// 304: nothing changed since the ETag or date sent.
    NotModified,
    /// The calendar's text, and what to send next time.
    Changed {
        text: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// The address to fetch, from what the user pasted: `webcal://` is the same address over
/// https; plain http is refused except from this computer (a test server, a local tool).
pub fn address(raw: &str) -> Result<Url, SyncError> {
    let raw = raw.trim();
    let bad = || SyncError::BadAddress(raw.to_owned());
    let text = match raw.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("webcal") => format!("https://{rest}"),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("webcals") => {
            format!("https://{rest}")
        }
        Some(_) => raw.to_owned(),
        None => return Err(bad()),
    };
    let url = Url::parse(&text).map_err(|_| bad())?;
    let local = matches!(
        url.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]" | "::1")
    );
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(url),
        "http" if local => Ok(url),
        "http" => Err(SyncError::Insecure(raw.to_owned())),
        _ => Err(bad()),
    }
}

/// Asks for the calendar at `url`, sending `etag` / `last_modified` from the last answer.
pub fn fetch(
    url: &Url,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<Fetched, SyncError> {
    let client = client(reqwest::redirect::Policy::limited(5), None)?;
    let mut request = client.get(url.clone());
    if let Some(etag) = etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(date) = last_modified {
        request = request.header(IF_MODIFIED_SINCE, date);
    }
    let response = request
        .send()
        .map_err(|e| SyncError::Unreachable(plain(&e)))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(SyncError::Status(status.as_u16(), meaning(status)));
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    let mut bytes = Vec::new();
    response
        .take(MAX_ICS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SyncError::Unreachable(format!("the answer broke off ({e})")))?;
    if bytes.len() as u64 > MAX_ICS_BYTES {
        return Err(SyncError::TooBig(MAX_ICS_BYTES / (1024 * 1024)));
    }
    // Read as a file import reads it.
    let text = crate::calendar::ics::decode(bytes);
    if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(SyncError::NotACalendar);
    }
    Ok(Fetched::Changed {
        text,
        etag,
        last_modified,
    })
}

/// The HTTP client every request of `sync` goes through: rustls with the system's roots,
/// a timeout, Juggle's user agent, and `redirects` as the caller needs them.
pub(super) fn client(
    redirects: reqwest::redirect::Policy,
    trusted: Option<&str>,
) -> Result<reqwest::blocking::Client, SyncError> {
    static PROVIDER: Once = Once::new();
    // The TLS provider the whole process uses (the shell's updater installs the same one).
    PROVIDER.call_once(|| {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    });
    let mut builder = reqwest::blocking::Client::builder();
    if let Some(fingerprint) = trusted {
        builder = builder.tls_backend_preconfigured(
            super::tls::pinned(fingerprint).map_err(SyncError::Unreachable)?,
        );
    }
    builder
        .timeout(timeout())
        .connect_timeout(Duration::from_secs(15))
        .redirect(redirects)
        .user_agent(concat!("Juggle/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| SyncError::Unreachable(plain(&e)))
}

/// How long a request may take: 60 s, or `JUGGLE_HTTP_TIMEOUT_MS` (tests of a slow server).
fn timeout() -> Duration {
    std::env::var("JUGGLE_HTTP_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_millis)
}

/// A status in the user's words.
fn meaning(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 | 403 => "the address needs a password or is not shared (for Google, use the secret address in iCal format)",
        404 | 410 => "there is no calendar at that address any more",
        429 => "too many requests; Juggle will try again later",
        500..=599 => "the server has a problem; Juggle will try again later",
        _ => "not a calendar",
    }
}

/// A transport failure in the user's words, with the detail after it.
pub(super) fn plain(e: &reqwest::Error) -> String {
    // Every cause for the classification, the innermost (the one that says why) to show.
    let mut all = e.to_string();
    let mut detail = all.clone();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail = s.to_string();
        all = format!("{all}: {detail}");
        source = s.source();
    }
    let lower = all.to_ascii_lowercase();
    let what = if e.is_timeout() {
        "the server took too long to answer"
    } else if lower.contains("certificate") || lower.contains("tls") {
        "its certificate is not trusted"
    } else if lower.contains("dns") || lower.contains("resolve") || lower.contains("lookup") {
        "no server by that name (check the address, and that you are online)"
    } else if e.is_redirect() {
        "the address redirects too many times"
    } else if e.is_connect() {
        "the server did not answer (check that you are online)"
    } else {
        "the connection failed"
    };
    format!("{what} ({detail})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;

    #[test]
    fn webcal_is_https_and_plain_http_only_from_this_computer() {
        assert_eq!(
            address(" webcal://calendar.google.com/calendar/ical/x/basic.ics ")
                .unwrap()
                .as_str(),
            "https://calendar.google.com/calendar/ical/x/basic.ics"
        );
        assert_eq!(
            address("https://example.org/h.ics").unwrap().scheme(),
            "https"
        );
        assert!(address("http://127.0.0.1:8080/h.ics").is_ok());
        assert!(address("http://localhost/h.ics").is_ok());
        assert_eq!(
            address("http://example.org/h.ics").unwrap_err().code(),
            "sync.insecure"
        );
        for bad in [
            "example.org/h.ics",
            "ftp://example.org/h.ics",
            "https://",
            "",
        ] {
            assert_eq!(
                address(bad).unwrap_err().code(),
                "sync.bad_address",
                "{bad}"
            );
        }
    }
}
