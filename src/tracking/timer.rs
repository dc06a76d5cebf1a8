//! The timer: an entry with a start and no end yet, in the book, so a restart or a crash
//! finds it still running. One runs at a time: starting another stops it first, in the
//! same transaction (and a unique index on the running row makes a second one impossible).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;

use super::entries::resolve;
use super::{minutes_between, read, row, Target, TimeEntry, TrackingError, SELECT};
use crate::capacity::logged::{self, NewEntry};
use crate::fields;
use crate::store::Writer;

/// What starting a timer did: the one it stopped, if one ran, and the one now running.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Started {
    pub stopped: Option<TimeEntry>,
    pub running: TimeEntry,
}

/// The running timer, with its minutes so far.
pub fn running(conn: &Connection, now: DateTime<Utc>) -> Result<Option<TimeEntry>, TrackingError> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE e.start_utc IS NOT NULL AND e.end_utc IS NULL"),
            [],
            |r| row(r, now),
        )
        .optional()?)
}

/// Starts a timer on `target` now (stopping the one that runs), counting for today where
/// the user is.
pub fn start(
    store: &mut impl Writer,
    target: Target,
    note: &str,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Started, TrackingError> {
    let note = fields::text("note", note, 2000)?;
    store.write(|tx| {
        let stopped = stop_running(tx, now)?;
        let (client, contract, task) = resolve(tx, target)?;
        let id = logged::insert(
            tx,
            &NewEntry {
                client,
                contract,
                task,
                day: Some(now.with_timezone(&zone).date_naive()),
                start: Some(now),
                note: &note,
                billable: true,
                ..NewEntry::default()
            },
        )?;
        let running = read(tx, super::TimeEntryId(id), now)?
            .ok_or(TrackingError::NotFound("time entry", id))?;
        Ok(Started { stopped, running })
    })
}

/// Stops the running timer now; returns its entry.
pub fn stop(store: &mut impl Writer, now: DateTime<Utc>) -> Result<TimeEntry, TrackingError> {
    store.write(|tx| stop_running(tx, now)?.ok_or(TrackingError::NotRunning))
}

fn stop_running(conn: &Connection, now: DateTime<Utc>) -> Result<Option<TimeEntry>, TrackingError> {
    let Some(entry) = running(conn, now)? else {
        return Ok(None);
    };
    // A clock set back since the start: the timer ends where it began.
    let start = entry.start.unwrap_or(now);
    let end = now.max(start);
    conn.execute(
        "UPDATE time_entries SET end_utc = ?2, minutes = ?3 WHERE id = ?1",
        params![entry.id, end.timestamp(), minutes_between(start, end)],
    )?;
    read(conn, entry.id, now)
}
