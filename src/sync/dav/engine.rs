//! Two-way sync of a CalDAV calendar with the calendar it fills in Juggle.
//!
//! Each sync first pulls, then pushes:
//! - **Pull**: what changed on the server since the last sync: RFC 6578's sync report from
//!   the kept token where the server offers it, else a listing of ETags compared with the
//!   kept ones. Only changed objects are downloaded (calendar-multiget). Each is imported
//!   by UID as a file import would; an object gone from the server takes its event along.
//! - **Push**: every event of the calendar rendered as Juggle would write it, compared with
//!   the rendering kept at the last sync. A new event is PUT with `If-None-Match: *`, a
//!   changed one with `If-Match` its ETag, its text the server's own with only the changed
//!   properties rewritten (`patch`); a deleted one is DELETEd with `If-Match`.
//!
//! Nothing is lost when both sides changed an event: the server's version takes its place
//! and Juggle's becomes a *conflict copy* beside it (listed in `juggle sync status` until
//! the user deletes one). An event deleted on one side and changed on the other is kept.
//!
//! The book is held only between requests (`Book`): a slow server never blocks the app.
//! What has not reached the server yet is simply what differs from the kept rendering, so
//! the outbox survives restarts and crashes with no queue to keep.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use reqwest::Url;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use super::accounts::{self, Account, AccountId, Collection, CollectionId};
use super::client::{Dav, Written, MAX_OBJECT_BYTES};
use super::target::Target;
use super::xml;
use super::{patch, todo};
use crate::store::{now_utc, Store};
use crate::sync::SyncError;

/// How the engine borrows the book: briefly, and never while a server is being asked.
pub trait Book {
    fn with<R>(&self, f: impl FnOnce(&mut Store) -> Result<R, SyncError>) -> Result<R, SyncError>;
}

impl Book for std::cell::RefCell<&mut Store> {
    fn with<R>(&self, f: impl FnOnce(&mut Store) -> Result<R, SyncError>) -> Result<R, SyncError> {
        f(&mut self.borrow_mut())
    }
}

/// What one sync of one account did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct AccountReport {
    pub url: String,
    pub user: String,
    pub collections: Vec<CollectionReport>,
    /// Why the account could not sync at all (wrong password, offline), in plain words.
    pub error: Option<String>,
}

/// What one sync of one calendar did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct CollectionReport {
    pub name: String,
    pub url: String,
    /// Events that came from the server, new or changed.
    pub pulled: u32,
    /// Events removed here because they were deleted on the server.
    pub removed_here: u32,
    /// Events written to the server, new or changed.
    pub pushed: u32,
    /// Events deleted on the server because they were deleted here.
    pub removed_there: u32,
    /// Events both sides changed: the server's kept in place, Juggle's as a copy.
    pub conflicts: u32,
    /// Objects that could not be read or written, each with why.
    pub failed: Vec<String>,
}

/// An event both sides changed, until the user deletes one of the two.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Conflict {
    pub calendar: String,
    /// The event's title; the copy is titled the same with " (conflict copy)".
    pub title: String,
    pub found_at: String,
}

/// An account's state for `juggle sync status` and Settings.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AccountStatus {
    pub id: AccountId,
    pub url: String,
    pub user: String,
    pub synced_at: Option<String>,
    pub last_error: Option<String>,
    pub retry_at: Option<String>,
    /// The last failure was the password (wrong, or none kept): ask for it.
    pub needs_password: bool,
    /// Changes made here that have not reached the server yet.
    pub pending: u32,
    pub conflicts: Vec<Conflict>,
    /// Its calendars, task lists and address books, and which of them sync.
    pub collections: Vec<Collection>,
}

const CONFLICT_MARK: &str = " (conflict copy)";

/// Syncs every account due (all of them with `all`): those not in back-off after a
/// failure. `password` gives each account's password, or `None` when there is none.
pub fn sync_accounts(
    book: &impl Book,
    password: &dyn Fn(&Account) -> Option<String>,
    all: bool,
    now: DateTime<Utc>,
) -> Result<Vec<AccountReport>, SyncError> {
    let accounts = book.with(|s| accounts::list_accounts(s.conn()))?;
    let mut out = Vec::new();
    for account in accounts {
        let waiting = account
            .retry_at
            .as_deref()
            .and_then(|t| t.parse::<DateTime<Utc>>().ok())
            .is_some_and(|t| t > now);
        if waiting && !all {
            continue;
        }
        let report = match password(&account) {
            Some(password) => sync_account(book, &account, &password, now)?,
            None => record_failure(
                book,
                &account,
                &SyncError::NoPassword(account.url.clone()),
                now,
            )?,
        };
        out.push(report);
    }
    Ok(out)
}

/// Syncs one account's synced calendars. A failure that stops the whole account (wrong
/// password, offline) is kept as its status, with a back-off before the next automatic try.
pub fn sync_account(
    book: &impl Book,
    account: &Account,
    password: &str,
    now: DateTime<Utc>,
) -> Result<AccountReport, SyncError> {
    let dav = Dav::new(
        &account.user,
        password,
        account.trusted_certificate.as_deref(),
    )?;
    let mut report = AccountReport {
        url: account.url.clone(),
        user: account.user.clone(),
        ..AccountReport::default()
    };
    for c in &account.collections {
        let Some(target) = Target::of(c) else {
            continue;
        };
        match sync_collection(book, &dav, c, target) {
            Ok(done) => report.collections.push(done),
            Err(e @ SyncError::Store(_)) => return Err(e),
            Err(e) if stops_account(&e) => {
                return record_failure(book, account, &e, now);
            }
            Err(e) => report.collections.push(CollectionReport {
                name: c.name.clone(),
                url: c.url.clone(),
                failed: vec![e.to_string()],
                ..CollectionReport::default()
            }),
        }
    }
    book.with(|s| {
        s.write(|tx| {
            tx.execute(
                "UPDATE dav_accounts SET synced_at = ?2, last_error = NULL, last_error_code = NULL,
                        retry_at = NULL, failures = 0 WHERE id = ?1",
                params![account.id, now_utc()],
            )?;
            Ok(())
        })
    })?;
    Ok(report)
}

/// Failures that are the account's (or the network's), not one calendar's.
fn stops_account(e: &SyncError) -> bool {
    matches!(
        e,
        SyncError::WrongPassword | SyncError::Unreachable(_) | SyncError::NoPassword(_)
    ) || matches!(e, SyncError::Status(code, _) if *code >= 500)
}

fn record_failure(
    book: &impl Book,
    account: &Account,
    e: &SyncError,
    now: DateTime<Utc>,
) -> Result<AccountReport, SyncError> {
    let message = e.to_string();
    book.with(|s| {
        s.write(|tx| {
            let failures: u32 = tx.query_row(
                "SELECT failures FROM dav_accounts WHERE id = ?1",
                [account.id],
                |r| r.get(0),
            )?;
            let retry = now + backoff(failures + 1);
            tx.execute(
                "UPDATE dav_accounts SET last_error = ?2, last_error_code = ?4,
                        failures = failures + 1, retry_at = ?3
                 WHERE id = ?1",
                params![
                    account.id,
                    message,
                    retry.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    crate::Coded::code(e),
                ],
            )?;
            Ok(())
        })
    })?;
    Ok(AccountReport {
        url: account.url.clone(),
        user: account.user.clone(),
        collections: vec![],
        error: Some(message),
    })
}

/// The wait before the next automatic try after `failures` failures in a row: one minute,
/// doubling, at most an hour.
pub fn backoff(failures: u32) -> chrono::Duration {
    chrono::Duration::minutes(1i64 << failures.saturating_sub(1).min(6))
        .min(chrono::Duration::hours(1))
}

/// An object as the server has it.
struct Remote {
    url: Url,
    etag: Option<String>,
    text: String,
}

/// What the server says changed since the last sync.
struct Changes {
    changed: Vec<Url>,
    removed: Vec<String>,
    token: Option<String>,
}

fn sync_collection(
    book: &impl Book,
    dav: &Dav,
    c: &Collection,
    target: Target,
) -> Result<CollectionReport, SyncError> {
    let url = Url::parse(&c.url).map_err(|_| SyncError::BadAddress(c.url.clone()))?;
    let mut report = CollectionReport {
        name: c.name.clone(),
        url: c.url.clone(),
        ..CollectionReport::default()
    };
    let (token, known) = book.with(|s| known(s.conn(), c.id))?;
    let changes = changes(dav, &url, token, &known)?;
    let fetched = download(dav, &url, target.cards(), &changes.changed, &mut report)?;
    book.with(|s| s.write(|tx| apply_pulled(tx, c.id, target, &fetched, &changes, &mut report)))?;
    let outgoing = book.with(|s| outgoing(s.conn(), c.id, target, &url))?;
    for out in outgoing {
        let written = match &out {
            Out::New { url, text, .. } => dav.put(url, text, None),
            Out::Changed {
                url, etag, text, ..
            } => dav.put(url, text, Some(etag.as_deref().unwrap_or("*"))),
            Out::Deleted { url, etag, .. } => dav.delete(url, etag.as_deref()),
        };
        match written {
            Ok(written) => {
                book.with(|s| s.write(|tx| record_pushed(tx, c.id, &out, &written, &mut report)))?
            }
            Err(e) if stops_account(&e) => return Err(e),
            Err(e) => report.failed.push(format!("{}: {e}", out.title())),
        }
    }
    Ok(report)
}

/// Each known object's ETag, by address.
type Etags = HashMap<String, Option<String>>;

/// The kept sync token, and each known object's ETag by address.
fn known(
    conn: &Connection,
    collection: CollectionId,
) -> Result<(Option<String>, Etags), SyncError> {
    let token = conn.query_row(
        "SELECT sync_token FROM dav_collections WHERE id = ?1",
        [collection],
        |r| r.get(0),
    )?;
    let known = conn
        .prepare("SELECT href, etag FROM dav_objects WHERE collection_id = ?1")?
        .query_map([collection], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok((token, known))
}

fn changes(
    dav: &Dav,
    url: &Url,
    token: Option<String>,
    known: &Etags,
) -> Result<Changes, SyncError> {
    let mut token = token;
    let listed = loop {
        match dav.report(url, "1", &xml::sync_collection(token.as_deref()))? {
            Ok(found) => break Some(found),
            // An expired token: ask for everything once.
            Err(_) if token.is_some() => token = None,
            Err(_) => break None,
        }
    };
    let full = token.is_none();
    let (at, listing) = match listed {
        Some(found) => found,
        // No sync report: list every member's ETag.
        None => {
            let (at, mut found) = dav.propfind(url, "1", "<d:getetag/><d:resourcetype/>")?;
            found.sync_token = None;
            (at, found)
        }
    };
    let mut seen = HashSet::new();
    let mut changes = Changes {
        changed: vec![],
        removed: vec![],
        token: listing.sync_token.clone(),
    };
    for r in listing.resources {
        let Ok(member) = at.join(&r.href) else {
            continue;
        };
        if r.collection || member.path().trim_end_matches('/') == url.path().trim_end_matches('/') {
            continue;
        }
        let key = key(&member);
        if r.status == Some(404) {
            changes.removed.push(key);
            continue;
        }
        seen.insert(key.clone());
        let same = r.etag.is_some() && known.get(&key).is_some_and(|e| *e == r.etag);
        if !same {
            changes.changed.push(member);
        }
    }
    if full {
        changes
            .removed
            .extend(known.keys().filter(|k| !seen.contains(*k)).cloned());
    }
    Ok(changes)
}

/// Downloads `changed`, 50 to a multiget (one GET each where the server has no multiget).
fn download(
    dav: &Dav,
    url: &Url,
    cards: bool,
    changed: &[Url],
    report: &mut CollectionReport,
) -> Result<Vec<Remote>, SyncError> {
    let mut out = Vec::with_capacity(changed.len());
    for batch in changed.chunks(50) {
        let hrefs: Vec<String> = batch.iter().map(|u| u.path().to_owned()).collect();
        match dav.report(url, "1", &xml::multiget(cards, &hrefs))? {
            Ok((at, found)) => {
                for r in found.resources {
                    let data = if cards {
                        r.address_data
                    } else {
                        r.calendar_data
                    };
                    let (Ok(member), Some(text)) = (at.join(&r.href), data) else {
                        continue;
                    };
                    out.push(Remote {
                        url: member,
                        etag: r.etag,
                        text,
                    });
                }
            }
            Err(_) => {
                for member in batch {
                    let answer = dav.get(member)?;
                    out.push(Remote {
                        url: member.clone(),
                        etag: answer.etag,
                        text: answer.text,
                    });
                }
            }
        }
    }
    out.retain(|r| {
        let fits = r.text.len() <= MAX_OBJECT_BYTES;
        if !fits {
            report.failed.push(format!(
                "{}: left out, {} MB is more than an event can be ({} MB)",
                r.url,
                r.text.len() / (1024 * 1024),
                MAX_OBJECT_BYTES / (1024 * 1024)
            ));
        }
        fits
    });
    Ok(out)
}

fn apply_pulled(
    tx: &mut Transaction,
    collection: CollectionId,
    target: Target,
    fetched: &[Remote],
    changes: &Changes,
    report: &mut CollectionReport,
) -> Result<(), SyncError> {
    for remote in fetched {
        let href = key(&remote.url);
        let Some(uid) = patch::uid_of(&remote.text) else {
            report
                .failed
                .push(format!("{href}: left out, it has no UID"));
            continue;
        };
        let kept: Option<(String, String)> = tx
            .query_row(
                "SELECT uid, local FROM dav_objects WHERE collection_id = ?1 AND (href = ?2 OR uid = ?3)",
                params![collection, href, uid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((old_uid, local)) = &kept {
            if let Some(now) = target.render(tx, old_uid)? {
                if now != *local {
                    keep_conflict_copy(tx, collection, target, old_uid, &now)?;
                    report.conflicts += 1;
                }
            }
            if *old_uid != uid {
                target.remove(tx, old_uid)?;
            }
        }
        // By UID, as a file import: the event keeps its id (and its tasks' time blocks).
        let imported = crate::store::savepoint(tx, |sp| target.import(sp, &remote.text))?;
        if let Err(e) = imported {
            report.failed.push(format!("{href}: {e}"));
            continue;
        }
        let local = target.render(tx, &uid)?.unwrap_or_default();
        tx.execute(
            "DELETE FROM dav_objects WHERE collection_id = ?1 AND (href = ?2 OR uid = ?3)",
            params![collection, href, uid],
        )?;
        tx.execute(
            "INSERT INTO dav_objects (collection_id, href, uid, etag, original, local)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![collection, href, uid, remote.etag, remote.text, local],
        )?;
        report.pulled += 1;
    }
    for href in &changes.removed {
        let kept: Option<(String, String)> = tx
            .query_row(
                "SELECT uid, local FROM dav_objects WHERE collection_id = ?1 AND href = ?2",
                params![collection, href],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((uid, local)) = kept else { continue };
        tx.execute(
            "DELETE FROM dav_objects WHERE collection_id = ?1 AND href = ?2",
            params![collection, href],
        )?;
        match target.render(tx, &uid)? {
            // Changed here since: kept, and sent back as a new event.
            Some(now) if now != local => {}
            Some(_) => report.removed_here += target.remove(tx, &uid)?,
            None => {}
        }
    }
    tx.execute(
        "UPDATE dav_collections SET sync_token = ?2 WHERE id = ?1",
        params![collection, changes.token],
    )?;
    Ok(())
}

/// Juggle's version of an event both sides changed, kept as a new event beside the
/// server's (and sent to the server as such, so that no device loses it).
fn keep_conflict_copy(
    tx: &mut Transaction,
    collection: CollectionId,
    target: Target,
    uid: &str,
    render: &str,
) -> Result<(), SyncError> {
    let copy_uid = target.keep_copy(tx, uid, render, CONFLICT_MARK)?;
    let title = target.title(tx, uid)?;
    tx.execute(
        "INSERT INTO dav_conflicts (collection_id, uid, copy_uid, title, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![collection, uid, copy_uid, title, now_utc()],
    )?;
    Ok(())
}

/// A change waiting to reach the server.
enum Out {
    New {
        url: Url,
        uid: String,
        text: String,
        local: String,
    },
    Changed {
        url: Url,
        uid: String,
        etag: Option<String>,
        text: String,
        local: String,
    },
    Deleted {
        url: Url,
        etag: Option<String>,
    },
}

impl Out {
    fn title(&self) -> String {
        match self {
            Out::New { uid, .. } | Out::Changed { uid, .. } => uid.clone(),
            Out::Deleted { url, .. } => url.to_string(),
        }
    }
}

/// Every change made here since the last sync: the outbox, worked out afresh.
fn outgoing(
    conn: &Connection,
    collection: CollectionId,
    target: Target,
    url: &Url,
) -> Result<Vec<Out>, SyncError> {
    let objects: Vec<(String, String, Option<String>, String, String)> = conn
        .prepare("SELECT href, uid, etag, original, local FROM dav_objects WHERE collection_id = ?1 ORDER BY id")?
        .query_map([collection], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let synced: HashSet<String> = objects.iter().map(|o| o.1.clone()).collect();
    // Everything here rendered in one pass, by UID.
    let mut renders = target.renders(conn, &|uid| synced.contains(uid))?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = Vec::new();
    for (href, uid, etag, original, local) in objects {
        let Ok(at) = Url::parse(&href) else { continue };
        match renders.get(&uid).map(|r| patch::without_stamp(r)) {
            None => out.push(Out::Deleted { url: at, etag }),
            Some(now) if now != local => out.push(Out::Changed {
                url: at,
                text: patch::patch(&original, &local, &now, &stamp),
                uid,
                etag,
                local: now,
            }),
            Some(_) => {}
        }
    }
    renders.retain(|uid, _| !synced.contains(uid));
    let mut new: Vec<(String, String)> = renders.into_iter().collect();
    new.sort();
    for (uid, text) in new {
        let Ok(at) = url.join(&format!("{}.{}", file_name(&uid), target.extension())) else {
            continue;
        };
        out.push(Out::New {
            url: at,
            uid,
            local: patch::without_stamp(&text),
            text,
        });
    }
    Ok(out)
}

/// How many changes made here wait for the server, over an account's calendars.
pub fn pending(conn: &Connection, account: &Account) -> Result<u32, SyncError> {
    let mut n = 0;
    for c in &account.collections {
        if let (Some(target), Ok(url)) = (Target::of(c), Url::parse(&c.url)) {
            n += outgoing(conn, c.id, target, &url)?.len() as u32;
        }
    }
    Ok(n)
}

fn record_pushed(
    tx: &mut Transaction,
    collection: CollectionId,
    out: &Out,
    written: &Written,
    report: &mut CollectionReport,
) -> Result<(), SyncError> {
    let etag = match written {
        Written::Done(etag) => etag.clone(),
        // Changed on the server meanwhile: the next pull brings it (and a conflict copy).
        Written::Changed => return Ok(()),
        Written::Gone => None,
    };
    match out {
        Out::New {
            url,
            uid,
            text,
            local,
        }
        | Out::Changed {
            url,
            uid,
            text,
            local,
            ..
        } => {
            tx.execute(
                "INSERT INTO dav_objects (collection_id, href, uid, etag, original, local)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (collection_id, href)
                 DO UPDATE SET uid = excluded.uid, etag = excluded.etag,
                               original = excluded.original, local = excluded.local",
                params![collection, key(url), uid, etag, text, local],
            )?;
            report.pushed += 1;
        }
        Out::Deleted { url, .. } => {
            tx.execute(
                "DELETE FROM dav_objects WHERE collection_id = ?1 AND href = ?2",
                params![collection, key(url)],
            )?;
            report.removed_there += 1;
        }
    }
    Ok(())
}

/// An object's address as kept and compared: its path percent-decoded, since servers
/// differ in what they encode (`@` or `%40`) between a PUT and a listing.
fn key(url: &Url) -> String {
    let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
    format!("{}{path}", url.origin().ascii_serialization())
}

/// A UID as a file name on the server: letters, digits and `-_.@` kept, the rest `-`.
fn file_name(uid: &str) -> String {
    uid.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.@".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Every account with what waits to go out and the conflicts still open.
pub fn status(conn: &Connection) -> Result<Vec<AccountStatus>, SyncError> {
    accounts::list_accounts(conn)?
        .into_iter()
        .map(|a| {
            let conflicts = conn
                .prepare(&format!(
                    "SELECT coalesce(cal.name, ''),
                            coalesce((SELECT e.title FROM events e
                                      WHERE e.uid = k.uid AND e.series_id IS NULL),
                                     (SELECT t.title FROM tasks t WHERE t.uid = k.uid),
                                     (SELECT p.name FROM contacts p WHERE p.import_uid = k.uid),
                                     k.title),
                            k.found_at
                     FROM dav_conflicts k
                     JOIN dav_collections c ON c.id = k.collection_id
                     LEFT JOIN calendars cal ON cal.id = c.calendar_id
                     WHERE c.account_id = ?1
                       AND (EXISTS (SELECT 1 FROM events e WHERE e.uid = k.copy_uid)
                            OR EXISTS (SELECT 1 FROM tasks t
                                       WHERE {} = k.copy_uid)
                            OR EXISTS (SELECT 1 FROM contacts p
                                       WHERE 'contact-' || p.id = k.copy_uid AND p.archived_at IS NULL))
                       AND (EXISTS (SELECT 1 FROM events e WHERE e.uid = k.uid)
                            OR EXISTS (SELECT 1 FROM tasks t WHERE t.uid = k.uid)
                            OR EXISTS (SELECT 1 FROM contacts p WHERE p.import_uid = k.uid))
                     ORDER BY k.id",
                    todo::UID
                ))?
                .query_map([a.id], |r| {
                    Ok(Conflict {
                        calendar: r.get(0)?,
                        title: r.get(1)?,
                        found_at: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let code: Option<String> = conn.query_row(
                "SELECT last_error_code FROM dav_accounts WHERE id = ?1",
                [a.id],
                |r| r.get(0),
            )?;
            Ok(AccountStatus {
                needs_password: matches!(
                    code.as_deref(),
                    Some("sync.wrong_password" | "sync.no_password")
                ),
                pending: pending(conn, &a)?,
                id: a.id,
                url: a.url,
                user: a.user,
                synced_at: a.synced_at,
                last_error: a.last_error,
                retry_at: a.retry_at,
                conflicts,
                collections: a.collections,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_an_hour() {
        let m = |n| backoff(n).num_minutes();
        assert_eq!([m(1), m(2), m(3), m(7), m(30)], [1, 2, 4, 60, 60]);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("a b/c@x.org"), "a-b-c@x.org");
        let a = Url::parse("http://h:1/c/a%40b.ics").unwrap();
        let b = Url::parse("http://h:1/c/a@b.ics").unwrap();
        assert_eq!(key(&a), key(&b));
        assert_eq!(key(&b), "http://h:1/c/a@b.ics");
    }
}
