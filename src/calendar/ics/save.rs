//! Storing an understood event: added or updated by UID, its skipped and extra
//! occurrences.

use std::collections::HashSet;

use chrono::Duration;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::calendar::events::{self, When};
use crate::calendar::recurrence::{self, Series};
use crate::calendar::time::{self, date_key};
use crate::calendar::{CalendarError, EventId};
use crate::clients::ClientId;

use super::event::Incoming;
use super::values::time_key;

pub(super) fn client_named(
    tx: &Transaction,
    name: &str,
) -> Result<Option<ClientId>, rusqlite::Error> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    let key = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    tx.prepare_cached("SELECT id FROM clients WHERE name_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub(super) enum Stored {
    Added,
    Updated,
    Skipped(String),
}

pub(super) fn store_one(tx: &Transaction, e: &Incoming) -> Result<Stored, CalendarError> {
    let existing = |recurrence: Option<i64>| -> Result<Option<EventId>, rusqlite::Error> {
        tx.prepare_cached("SELECT id FROM events WHERE uid = ?1 AND recurrence_utc IS ?2")?
            .query_row(params![e.uid, recurrence], |r| r.get(0))
            .optional()
    };
    let Some(key) = e.recurrence.map(|r| time_key(&r)) else {
        if e.cancelled {
            return Ok(Stored::Skipped("it is cancelled".into()));
        }
        let (id, outcome) = match existing(None)? {
            Some(id) => {
                events::overwrite(tx, id, &e.event)?;
                tx.prepare_cached("DELETE FROM event_exdates WHERE series_id = ?1 AND occurrence_utc NOT IN (SELECT recurrence_utc FROM events WHERE series_id = ?1)")?.execute([id])?;
                (id, Stored::Updated)
            }
            None => (events::insert(tx, &e.event, &e.uid, None)?, Stored::Added),
        };
        for ex in &e.exdates {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
            )?
            .execute(params![id, ex])?;
        }
        store_rdates(tx, e, id)?;
        return Ok(outcome);
    };
    let mut single = e.event.clone();
    single.rrule = None;
    let Some(series) = existing(None)? else {
        // Its series is not in the file nor the book (a calendar shared as single
        // invitations): the occurrence is imported as an event of its own.
        // Its UID is marked `#occ-<key>`, so that a second such occurrence is not taken
        // for an update of the first.
        let uid = format!("{}#occ-{key}", e.uid);
        let found: Option<EventId> = tx
            .query_row(
                "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc IS NULL",
                [&uid],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match (found, e.cancelled) {
            (_, true) => Stored::Skipped(
                "it cancels one occurrence of a series that is not in the file".into(),
            ),
            (Some(id), false) => {
                events::overwrite(tx, id, &single)?;
                Stored::Updated
            }
            (None, false) => {
                events::insert(tx, &single, &uid, None)?;
                Stored::Added
            }
        });
    };
    tx.prepare_cached(
        "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
    )?
    .execute(params![series, key])?;
    match (existing(Some(key))?, e.cancelled) {
        (Some(id), true) => {
            tx.prepare_cached("DELETE FROM events WHERE id = ?1")?
                .execute([id])?;
            Ok(Stored::Updated)
        }
        (None, true) => Ok(Stored::Updated),
        (Some(id), false) => {
            events::overwrite(tx, id, &single)?;
            Ok(Stored::Updated)
        }
        (None, false) => {
            events::insert(tx, &single, &e.uid, Some((series, key)))?;
            Ok(Stored::Added)
        }
    }
}

/// RDATE occurrences, kept as occurrences of the event (rows of the series, like an
/// edited occurrence) unless the rule gives them already or an EXDATE removes them.
pub(super) fn store_rdates(
    tx: &Transaction,
    e: &Incoming,
    id: EventId,
) -> Result<(), CalendarError> {
    let first = e.event.when;
    let first_key = match first {
        When::Timed { start, .. } => start.timestamp(),
        When::AllDay { start, .. } => date_key(start),
    };
    let mut seen = HashSet::new();
    for (key, when) in &e.rdates {
        if *key == first_key || e.exdates.contains(key) || !seen.insert(*key) {
            continue;
        }
        if let Some(rule) = &e.event.rrule {
            let at = time::from_key(*key);
            let series = Series {
                rrule: rule,
                dtstart: first.dtstart(),
                exdates: &[],
            };
            if !recurrence::starts_between(&series, at, at + Duration::seconds(1), 1)?.is_empty() {
                continue;
            }
        }
        let taken: Option<EventId> = tx
            .query_row(
                "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc = ?2",
                params![e.uid, key],
                |r| r.get(0),
            )
            .optional()?;
        let mut single = e.event.clone();
        single.rrule = None;
        single.when = *when;
        match taken {
            Some(row) => events::overwrite(tx, row, &single)?,
            None => {
                events::insert(tx, &single, &e.uid, Some((id, *key)))?;
            }
        }
    }
    Ok(())
}
