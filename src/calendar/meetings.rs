//! Meetings with clients, as other areas need them: the last one held with each client
//! (past meetings count as contact) and the next one coming.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::recurrence::{self, Series};
use super::time::{self, from_key};
use super::{occurrences, CalendarError, EventKind, Filter, Occurrence, Source};
use crate::clients::ClientId;
use crate::store::Store;

/// How far back a series is searched for its last occurrence: more than a year, so that
/// even a yearly meeting is found.
const SERIES_LOOKBACK_DAYS: i64 = 400;
const SHORT_LOOKBACK_DAYS: i64 = 35;

/// The start of the last meeting before `before` with each client (one client's when
/// asked). Single meetings come from an index; series are expanded near their end.
pub fn last_meetings(
    store: &Store,
    before: DateTime<Utc>,
    client: Option<ClientId>,
) -> Result<HashMap<ClientId, DateTime<Utc>>, CalendarError> {
    let conn = store.conn();
    let mut last: HashMap<ClientId, DateTime<Utc>> = HashMap::new();
    let mut keep = |client: ClientId, at: DateTime<Utc>| {
        let slot = last.entry(client).or_insert(at);
        if at > *slot {
            *slot = at;
        }
    };
    // Per client, the index answers max(start) directly; one grouped scan would read
    // every meeting ever held.
    let clients: Vec<ClientId> = match client {
        Some(c) => vec![c],
        None => conn
            .prepare_cached("SELECT id FROM clients")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?,
    };
    let mut timed = conn.prepare_cached(
        "SELECT max(start_utc) FROM events
         WHERE kind = 'meeting' AND rrule IS NULL AND client_id = ?1 AND start_utc < ?2",
    )?;
    let mut all_day = conn.prepare_cached(
        "SELECT max(start_date) FROM events
         WHERE kind = 'meeting' AND rrule IS NULL AND client_id = ?1 AND all_day = 1 AND start_date <= ?2",
    )?;
    let before_day = before.date_naive().to_string();
    for id in clients {
        if let Some(at) = timed.query_row(params![id, before.timestamp()], |r| {
            r.get::<_, Option<i64>>(0)
        })? {
            keep(id, from_key(at));
        }
        // Read as a date: one that is not is an error, never skipped or made up.
        let day: Option<NaiveDate> = all_day.query_row(params![id, before_day], |r| r.get(0))?;
        if let Some(day) = day {
            keep(id, time::from_key(time::date_key(day)));
        }
    }
    let mut series = conn.prepare_cached(
        "SELECT id, client_id, rrule, coalesce(start_utc, unixepoch(start_date)), tz, span_end FROM events
         WHERE kind = 'meeting' AND client_id IS NOT NULL AND rrule IS NOT NULL
           AND (?2 IS NULL OR client_id = ?2) AND span_start < ?1",
    )?;
    let rows: Vec<(i64, ClientId, String, i64, String, i64)> = series
        .query_map(params![before.timestamp(), client], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut skipped =
        conn.prepare_cached("SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1")?;
    for (id, client, rrule, start, tz, span_end) in rows {
        let exdates: Vec<i64> = skipped
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let tz: Tz = tz.parse().unwrap_or(Tz::UTC);
        let series = Series {
            rrule: &rrule,
            dtstart: from_key(start).with_timezone(&tz),
            exdates: &exdates,
        };
        let end = before.min(from_key(span_end));
        // Most series are weekly: a short look back finds them without expanding a year.
        for days in [SHORT_LOOKBACK_DAYS, SERIES_LOOKBACK_DAYS] {
            let starts =
                recurrence::starts_between(&series, end - Duration::days(days), end, u16::MAX)?;
            if let Some(at) = starts
                .into_iter()
                .rev()
                .find(|s| s.with_timezone(&Utc) < before)
            {
                keep(client, at.with_timezone(&Utc));
                break;
            }
        }
    }
    Ok(last)
}

/// The next meeting with a client that starts after `after`, looking `days` ahead.
pub fn next_meeting(
    store: &Store,
    client: ClientId,
    after: DateTime<Utc>,
    today: NaiveDate,
    days: i64,
    zone: Tz,
) -> Result<Option<Occurrence>, CalendarError> {
    let filter = Filter {
        client_id: Some(client),
        ..Filter::default()
    };
    // Usually within a week or two: look near first, then as far as asked.
    for span in [14.min(days), days] {
        let found = occurrences(store, today, today + Duration::days(span), zone, &filter)?
            .into_iter()
            .filter(|o| o.source == Source::Event && o.kind == EventKind::Meeting)
            .find(|o| starts_after(o, after, zone));
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

fn starts_after(o: &Occurrence, after: DateTime<Utc>, zone: Tz) -> bool {
    if o.all_day {
        time::parse_date(&o.start).is_ok_and(|d| {
            time::day_start(d, zone) > after || d >= after.with_timezone(&zone).date_naive()
        })
    } else {
        DateTime::parse_from_rfc3339(&o.start).is_ok_and(|s| s > after)
    }
}
