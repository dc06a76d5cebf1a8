//! Subscriptions: a published calendar fetched into a read-only calendar of its own (its
//! events are the file's: added, updated and removed with it) or into days off (a public
//! holiday calendar). Each refresh is a conditional GET, so an unchanged calendar costs
//! the server a 304 and the book nothing.

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::Url;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::http::{self, Fetched};
use super::SyncError;
use crate::calendar::{self, ics, CalendarId, CalendarInput};
use crate::capacity;
use crate::clients::ClientId;
use crate::store::trash::Removal;
use crate::store::{now_utc, Store, Writer};

crate::store::id!(SubscriptionId);

/// How long a subscription's calendar is trusted before it is asked for again.
pub const REFRESH_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// A subscription as Settings and `juggle subscriptions` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub url: String,
    /// The calendar it fills; `None` when it fills days off.
    pub calendar_id: Option<CalendarId>,
    /// The calendar's name, or "Days off".
    pub name: String,
    pub days_off: bool,
    /// When it was last asked for (RFC 3339), whatever came of it.
    pub checked_at: Option<String>,
    /// When it was last found changed.
    pub changed_at: Option<String>,
    /// The last refresh's failure in plain words; `None` once one succeeds.
    pub last_error: Option<String>,
}

/// What the user gives to subscribe.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct SubscriptionInput {
    /// The `https://` or `webcal://` address.
    pub url: String,
    /// Blank: the name the calendar gives itself (`X-WR-CALNAME`), else the server's.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// Into days off instead of a calendar (a public-holiday calendar).
    #[serde(default)]
    pub days_off: bool,
    /// As for a new calendar: `None` is personal unless it is a client's.
    #[serde(default)]
    pub personal: Option<bool>,
}

/// A subscription to ask for: where, and what the server said last time.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: SubscriptionId,
    pub url: Url,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Check {
    /// Asks the server (no book held while it answers).
    pub fn fetch(&self) -> Result<Fetched, SyncError> {
        http::fetch(
            &self.url,
            self.etag.as_deref(),
            self.last_modified.as_deref(),
        )
    }
}

/// What a refresh (or the first fetch of a subscription) did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Refreshed {
    pub id: SubscriptionId,
    pub name: String,
    pub url: String,
    /// The server said nothing changed (304).
    pub unchanged: bool,
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    /// Why it failed; what was in the book stays as it was.
    pub error: Option<String>,
}

const SELECT: &str = "
    SELECT s.id, s.url, s.calendar_id, coalesce(c.name, 'Days off'), s.days_off, s.checked_at,
           s.changed_at, s.last_error
    FROM subscriptions s LEFT JOIN calendars c ON c.id = s.calendar_id";

fn from_row(r: &Row) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: r.get(0)?,
        url: r.get(1)?,
        calendar_id: r.get(2)?,
        name: r.get(3)?,
        days_off: r.get(4)?,
        checked_at: r.get(5)?,
        changed_at: r.get(6)?,
        last_error: r.get(7)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Subscription>, SyncError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY s.id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: SubscriptionId) -> Result<Subscription, SyncError> {
    conn.query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(SyncError::NotFound(id.0))
}

/// Subscribes to `input.url`, whose calendar `fetched` holds (the caller asked for it
/// without the book held): the calendar (read-only) or the days off, the subscription and
/// the events, in one transaction.
pub fn subscribe(
    store: &mut impl Writer,
    input: &SubscriptionInput,
    fetched: &Fetched,
    today: NaiveDate,
) -> Result<(Subscription, Refreshed), SyncError> {
    let url = http::address(&input.url)?;
    let Fetched::Changed {
        text,
        etag,
        last_modified,
    } = fetched
    else {
        return Err(SyncError::NotACalendar);
    };
    store.write(|tx| {
        ensure_new(tx, &url)?;
        let now = now_utc();
        let (calendar_id, counts) = if input.days_off {
            let done = capacity::import_days_off(tx, text, today, 3)?;
            (None, (done.added, done.updated, 0))
        } else {
            let wanted = match input.name.trim() {
                "" => own_name(text)
                    .unwrap_or_else(|| url.host_str().unwrap_or("Calendar").to_owned()),
                name => name.to_owned(),
            };
            let made = calendar::add_calendar(
                tx,
                &CalendarInput {
                    name: free_name(tx, &wanted)?,
                    personal: input.personal,
                    client_id: input.client_id,
                    ..Default::default()
                },
            )?;
            calendar::set_read_only(tx, made.id)?;
            let report = ics::refresh_into(tx, text, input.client_id, made.id)?;
            (
                Some(made.id),
                (report.added, report.updated, report.removed),
            )
        };
        tx.execute(
            "INSERT INTO subscriptions (url, calendar_id, days_off, etag, last_modified, checked_at,
                                        changed_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
            params![
                url.as_str(),
                calendar_id,
                input.days_off,
                etag,
                last_modified,
                now
            ],
        )?;
        let made = get(tx, SubscriptionId(tx.last_insert_rowid()))?;
        let refreshed = Refreshed {
            id: made.id,
            name: made.name.clone(),
            url: made.url.clone(),
            unchanged: false,
            added: counts.0,
            updated: counts.1,
            removed: counts.2,
            error: None,
        };
        Ok((made, refreshed))
    })
}

/// Checks the address, fetches it and subscribes: for the command line, where nothing else
/// waits on the book.
pub fn subscribe_now(
    store: &mut Store,
    input: &SubscriptionInput,
    today: NaiveDate,
) -> Result<(Subscription, Refreshed), SyncError> {
    let url = http::address(&input.url)?;
    ensure_new(store.conn(), &url)?;
    let fetched = http::fetch(&url, None, None)?;
    subscribe(store, input, &fetched, today)
}

fn ensure_new(conn: &Connection, url: &Url) -> Result<(), SyncError> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM subscriptions WHERE url = ?1",
            [url.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(_) => Err(SyncError::AlreadySubscribed),
        None => Ok(()),
    }
}

/// The name the calendar gives itself (Google, Apple and Outlook write `X-WR-CALNAME`).
fn own_name(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("X-WR-CALNAME")
                .then(|| value.trim().to_owned())
        })
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(100).collect())
}

/// `wanted`, or `wanted (2)`, `(3)`… when a calendar already has that name.
pub(super) fn free_name(conn: &Connection, wanted: &str) -> Result<String, SyncError> {
    let mut name = wanted.to_owned();
    let mut n = 2;
    while calendar::find_calendar(conn, &name)?.is_some() {
        name = format!("{wanted} ({n})");
        n += 1;
    }
    Ok(name)
}

/// The subscriptions to ask for now: those not asked for within `REFRESH_EVERY`, or all.
pub fn due(conn: &Connection, now: DateTime<Utc>, all: bool) -> Result<Vec<Check>, SyncError> {
    let since = (now - REFRESH_EVERY).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut stmt = conn.prepare(
        "SELECT id, url, etag, last_modified FROM subscriptions
         WHERE ?1 OR checked_at IS NULL OR checked_at < ?2 ORDER BY id",
    )?;
    let rows: Vec<(SubscriptionId, String, Option<String>, Option<String>)> = stmt
        .query_map(params![all, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, url, etag, last_modified)| {
            Some(Check {
                id,
                url: Url::parse(&url).ok()?,
                etag,
                last_modified,
            })
        })
        .collect())
}

/// Writes what asking for `check` brought: the calendar's new events, or the failure (the
/// events stay as they were). A subscription removed meanwhile is left alone.
pub fn apply(
    store: &mut impl Writer,
    check: &Check,
    fetched: Result<Fetched, SyncError>,
    today: NaiveDate,
) -> Result<Refreshed, SyncError> {
    let written = match fetched {
        Ok(fetched) => store.write(|tx| write_fetched(tx, check, &fetched, today)),
        Err(e) => Err(e),
    };
    match written {
        Ok(done) => Ok(done),
        Err(e @ SyncError::Store(_)) => Err(e),
        Err(e) => store.write(|tx| {
            let message = e.to_string();
            tx.execute(
                "UPDATE subscriptions SET last_error = ?2, checked_at = ?3 WHERE id = ?1",
                params![check.id, message, now_utc()],
            )?;
            let s = get(tx, check.id)?;
            Ok(Refreshed {
                id: s.id,
                name: s.name,
                url: s.url,
                unchanged: false,
                added: 0,
                updated: 0,
                removed: 0,
                error: Some(message),
            })
        }),
    }
}

fn write_fetched(
    tx: &mut rusqlite::Transaction,
    check: &Check,
    fetched: &Fetched,
    today: NaiveDate,
) -> Result<Refreshed, SyncError> {
    let s = get(tx, check.id)?;
    let now = now_utc();
    let mut done = Refreshed {
        id: s.id,
        name: s.name.clone(),
        url: s.url.clone(),
        unchanged: true,
        added: 0,
        updated: 0,
        removed: 0,
        error: None,
    };
    match fetched {
        Fetched::NotModified => {
            tx.execute(
                "UPDATE subscriptions SET checked_at = ?2, last_error = NULL WHERE id = ?1",
                params![check.id, now],
            )?;
        }
        Fetched::Changed {
            text,
            etag,
            last_modified,
        } => {
            done.unchanged = false;
            match s.calendar_id {
                Some(calendar) => {
                    let client = calendar::get_calendar(tx, calendar)?.client_id;
                    let report = ics::refresh_into(tx, text, client, calendar)?;
                    (done.added, done.updated, done.removed) =
                        (report.added, report.updated, report.removed);
                }
                None => {
                    let report = capacity::import_days_off(tx, text, today, 3)?;
                    (done.added, done.updated) = (report.added, report.updated);
                }
            }
            tx.execute(
                "UPDATE subscriptions SET etag = ?2, last_modified = ?3, checked_at = ?4,
                        changed_at = ?4, last_error = NULL
                 WHERE id = ?1",
                params![check.id, etag, last_modified, now],
            )?;
        }
    }
    Ok(done)
}

/// Refreshes the subscriptions due (or all), one by one: for the command line and tests.
pub fn refresh_all(
    store: &mut Store,
    all: bool,
    today: NaiveDate,
) -> Result<Vec<Refreshed>, SyncError> {
    let checks = due(store.conn(), Utc::now(), all)?;
    checks
        .iter()
        .map(|check| apply(store, check, check.fetch(), today))
        .collect()
}

/// Ends a subscription: a calendar's goes with its calendar and events, a days-off one
/// leaves the days off it brought (they are the user's to remove). Undoable.
pub fn unsubscribe(
    store: &mut impl Writer,
    id: SubscriptionId,
) -> Result<calendar::Removed, SyncError> {
    store.write(|tx| {
        let s = get(tx, id)?;
        if let Some(calendar) = s.calendar_id {
            return Ok(calendar::delete_calendar(tx, calendar)?);
        }
        let mut taken = Removal::default();
        taken.take(tx, "subscriptions", "id = ?1", &id)?;
        let label = format!("the subscription to {}", s.url);
        let entry = taken.keep(tx, &label)?;
        tx.execute("DELETE FROM subscriptions WHERE id = ?1", [id])?;
        Ok(calendar::Removed {
            label,
            undo: calendar::Undo::Restore { entry },
            note: Some("The days off it brought stay: remove them under Days off.".into()),
        })
    })
}
