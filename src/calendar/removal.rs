//! Deleting from the calendar, undoably (issue 19): a deleted event or series goes to the
//! trash with everything it takes along and comes back with Undo; a skipped occurrence of
//! a series is listed on the series and can be brought back. Deleting past client meetings
//! says what it changes (they count as contact on the client's card).

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::events::stored_when;
use super::recurrence::{self, Series};
use super::time;
use super::{CalendarError, Event, EventId, EventKind};
use crate::store::{trash, Writer};

/// How to take a delete back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Undo {
    /// Put back what the trash entry holds.
    Restore { entry: i64 },
    /// Bring back the occurrence of `series` that starts at `key` (UTC seconds).
    Unskip { series: EventId, key: i64 },
}

/// What a delete did, for the toast that offers Undo.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Removed {
    /// "“Weekly check-in”", "an occurrence of “Weekly check-in”".
    pub label: String,
    pub undo: Undo,
    /// What else changed that the user sees elsewhere (past meetings were contact).
    pub note: Option<String>,
}

/// A skipped occurrence of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SkippedOccurrence {
    /// UTC seconds of the start it had (the key to bring it back with).
    pub key: i64,
    /// Its start as RFC 3339 in the series' zone; an all-day one as its date.
    pub start: String,
    pub all_day: bool,
}

/// Takes a delete back; returns what came back ("“Weekly check-in”").
pub fn undo(store: &mut impl Writer, how: &Undo) -> Result<String, CalendarError> {
    store.write(|tx| match how {
        Undo::Restore { entry } => trash::restore(tx, *entry)?.ok_or(CalendarError::NothingToUndo),
        Undo::Unskip { series, key } => {
            let title: Option<String> = tx
                .query_row("SELECT title FROM events WHERE id = ?1", [series], |r| {
                    r.get(0)
                })
                .optional()?;
            let title = title.ok_or(CalendarError::EventNotFound(*series))?;
            let n = tx.execute(
                "DELETE FROM event_exdates WHERE series_id = ?1 AND occurrence_utc = ?2",
                params![series, key],
            )?;
            if n == 0 {
                return Err(CalendarError::NothingToUndo);
            }
            Ok(format!("an occurrence of “{title}”"))
        }
    })
}

/// The occurrences skipped from `series`, earliest first.
pub fn skipped(
    conn: &Connection,
    series: EventId,
) -> Result<Vec<SkippedOccurrence>, CalendarError> {
    let (_, when) = stored_when(conn, series)?;
    let all_day = matches!(when, super::events::When::AllDay { .. });
    let zone = when.dtstart().timezone();
    let mut stmt = conn.prepare_cached(
        "SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1 ORDER BY occurrence_utc",
    )?;
    let keys = stmt
        .query_map([series], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(keys
        .into_iter()
        .map(|key| {
            let at = time::from_key(key);
            SkippedOccurrence {
                key,
                start: if all_day {
                    at.date_naive().to_string()
                } else {
                    at.with_timezone(&zone).to_rfc3339()
                },
                all_day,
            }
        })
        .collect())
}

/// How many past meetings with a client deleting `event` takes away, in a sentence; none
/// for anything else.
pub(super) fn past_meetings_note(
    conn: &Connection,
    event: &Event,
) -> Result<Option<String>, CalendarError> {
    let Some(client_id) = event.client_id.filter(|_| event.kind == EventKind::Meeting) else {
        return Ok(None);
    };
    let now = Utc::now();
    let past = match &event.rrule {
        None => {
            let (_, when) = stored_when(conn, event.id)?;
            usize::from(when.dtstart().with_timezone(&Utc) < now)
        }
        Some(rule) => {
            let (_, when) = stored_when(conn, event.id)?;
            let first: DateTime<Utc> = when.dtstart().with_timezone(&Utc);
            if first >= now {
                0
            } else {
                let exdates: Vec<i64> = conn
                    .prepare_cached(
                        "SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1",
                    )?
                    .query_map([event.id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                recurrence::starts_between_bounded(
                    &Series {
                        rrule: rule,
                        dtstart: when.dtstart(),
                        exdates: &exdates,
                    },
                    first - Duration::seconds(1),
                    now,
                    10_000,
                )?
                .0
                .len()
            }
        }
    };
    if past == 0 {
        return Ok(None);
    }
    let client: String =
        conn.query_row("SELECT name FROM clients WHERE id = ?1", [client_id], |r| {
            r.get(0)
        })?;
    Ok(Some(if past == 1 {
        format!(
            "It was a past meeting with {client}, so {client}'s last contact may now be earlier."
        )
    } else {
        format!(
            "It held {past} past meetings with {client}, so {client}'s last contact may now be earlier."
        )
    }))
}
