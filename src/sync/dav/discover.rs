//! Finding an account's collections from the address the user gave: the address itself,
//! else the well-known addresses (RFC 6764 §5), then the current user's principal
//! (RFC 5397), its calendar and address book homes (RFC 4791 §6.2.1, RFC 6352 §7.1.1), and
//! the collections in them.

use reqwest::Url;

use super::accounts::CollectionKind;
use super::client::Dav;
use super::xml::Resource;
use crate::sync::{http, SyncError};

/// A collection on the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub url: Url,
    pub kind: CollectionKind,
    pub name: String,
    pub colour: Option<String>,
}

/// What discovery found.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub principal: Url,
    pub collections: Vec<Found>,
}

/// The account's address from what the user typed: a bare domain is https.
pub fn account_address(raw: &str) -> Result<Url, SyncError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(SyncError::BadAddress(raw.to_owned()));
    }
    if raw.contains("://") {
        http::address(raw)
    } else {
        http::address(&format!("https://{raw}"))
    }
}

/// Discovers the account at `start`.
pub fn discover(dav: &Dav, start: &Url) -> Result<Discovered, SyncError> {
    let principal = principal(dav, start)?;
    let (at, found) = dav.propfind(
        &principal,
        "0",
        "<c:calendar-home-set/><a:addressbook-home-set/>",
    )?;
    let me = found.resources.into_iter().next().unwrap_or_default();
    let mut homes: Vec<Url> = [me.calendar_home, me.addressbook_home]
        .into_iter()
        .flatten()
        .filter_map(|h| at.join(&h).ok())
        .collect();
    homes.dedup();
    if homes.is_empty() {
        return Err(SyncError::NotDav(start.to_string()));
    }
    let mut collections: Vec<Found> = Vec::new();
    for home in homes {
        let (at, listed) = dav.propfind(
            &home,
            "1",
            "<d:resourcetype/><d:displayname/><i:calendar-color/><c:supported-calendar-component-set/>",
        )?;
        for r in listed.resources {
            let Ok(url) = at.join(&r.href) else { continue };
            if collections.iter().any(|c| c.url == url) {
                continue;
            }
            if let Some(kind) = kind(&r) {
                collections.push(Found {
                    name: r.name.clone().unwrap_or_else(|| last_segment(&url)),
                    colour: r.colour.as_deref().and_then(colour),
                    url,
                    kind,
                });
            }
        }
    }
    Ok(Discovered {
        principal,
        collections,
    })
}

/// The current user's principal: asked of the address given, then of the well-known ones.
fn principal(dav: &Dav, start: &Url) -> Result<Url, SyncError> {
    let mut tried = vec![start.clone()];
    for well_known in ["/.well-known/caldav", "/.well-known/carddav"] {
        if let Ok(url) = start.join(well_known) {
            tried.push(url);
        }
    }
    let mut last = None;
    for url in tried {
        match dav.propfind(&url, "0", "<d:current-user-principal/>") {
            Ok((at, found)) => {
                if let Some(p) = found
                    .resources
                    .iter()
                    .find_map(|r| r.principal.as_deref())
                    .and_then(|h| at.join(h).ok())
                {
                    return Ok(p);
                }
            }
            Err(
                e @ (SyncError::WrongPassword | SyncError::Insecure(_) | SyncError::Untrusted(..)),
            ) => return Err(e),
            Err(e @ SyncError::Unreachable(_)) if last.is_none() => last = Some(e),
            Err(_) => {}
        }
    }
    // Nothing answered at all: say why (offline, no such server); else it is not DAV.
    Err(last.unwrap_or_else(|| SyncError::NotDav(start.to_string())))
}

fn kind(r: &Resource) -> Option<CollectionKind> {
    if r.addressbook {
        return Some(CollectionKind::Addressbook);
    }
    if !r.calendar {
        return None;
    }
    let takes = |c: &str| r.components.is_empty() || r.components.iter().any(|x| x == c);
    if takes("VEVENT") {
        Some(CollectionKind::Calendar)
    } else if takes("VTODO") {
        Some(CollectionKind::Tasks)
    } else {
        None
    }
}

fn last_segment(url: &Url) -> String {
    url.path_segments()
        .and_then(|mut s| s.rfind(|x| !x.is_empty()))
        .map(|s| s.to_owned())
        .unwrap_or_else(|| url.to_string())
}

/// `#RRGGBB` from the server's `#RRGGBB` or Apple's `#RRGGBBAA`.
fn colour(raw: &str) -> Option<String> {
    let hex = raw.trim().strip_prefix('#')?;
    let ok = (hex.len() == 6 || hex.len() == 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| format!("#{}", hex[..6].to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_colours() {
        assert_eq!(
            account_address("fastmail.com").unwrap().as_str(),
            "https://fastmail.com/"
        );
        assert_eq!(
            account_address("http://127.0.0.1:5232/").unwrap().as_str(),
            "http://127.0.0.1:5232/"
        );
        assert!(account_address("http://dav.example.org").is_err());
        assert!(account_address(" ").is_err());
        assert_eq!(colour("#FF2968FF").as_deref(), Some("#ff2968"));
        assert_eq!(colour("#123abc").as_deref(), Some("#123abc"));
        assert_eq!(colour("red"), None);
        assert_eq!(
            last_segment(&Url::parse("https://x.org/cal/work/").unwrap()),
            "work"
        );
    }
}
