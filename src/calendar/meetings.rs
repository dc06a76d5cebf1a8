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
    let mut singles = conn.prepare_cached(
        "SELECT client_id, max(coalesce(start_utc, unixepoch(start_date))) FROM events
         WHERE kind = 'meeting' AND client_id IS NOT NULL AND rrule IS NULL
           AND (?2 IS NULL OR client_id = ?2)
           AND coalesce(start_utc, unixepoch(start_date)) < ?1
         GROUP BY client_id",
    )?;
    let rows = singles.query_map(params![before.timestamp(), client], |r| Ok((r.get::<_, ClientId>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (client, at) = row?;
        keep(client, from_key(at));
    }
    let mut series = conn.prepare_cached(
        "SELECT id, client_id, rrule, coalesce(start_utc, unixepoch(start_date)), tz, span_end FROM events
         WHERE kind = 'meeting' AND client_id IS NOT NULL AND rrule IS NOT NULL
           AND (?2 IS NULL OR client_id = ?2) AND span_start < ?1",
    )?;
    let rows: Vec<(i64, ClientId, String, i64, String, i64)> = series
        .query_map(params![before.timestamp(), client], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut skipped = conn.prepare_cached("SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1")?;
    for (id, client, rrule, start, tz, span_end) in rows {
        let exdates: Vec<i64> = skipped.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let tz: Tz = tz.parse().unwrap_or(Tz::UTC);
        let series = Series { rrule: &rrule, dtstart: from_key(start).with_timezone(&tz), exdates: &exdates };
        let end = before.min(from_key(span_end));
        let starts = recurrence::starts_between(&series, end - Duration::days(SERIES_LOOKBACK_DAYS), end, u16::MAX)?;
        if let Some(at) = starts.into_iter().filter(|s| s.with_timezone(&Utc) < before).last() {
            keep(client, at.with_timezone(&Utc));
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
    let filter = Filter { client_id: Some(client) };
    let found = occurrences(store, today, today + Duration::days(days), zone, &filter)?
        .into_iter()
        .filter(|o| o.source == Source::Event && o.kind == EventKind::Meeting)
        .find(|o| starts_after(o, after, zone));
    Ok(found)
}

fn starts_after(o: &Occurrence, after: DateTime<Utc>, zone: Tz) -> bool {
    if o.all_day {
        time::parse_date(&o.start).is_ok_and(|d| time::day_start(d, zone) > after || d >= after.with_timezone(&zone).date_naive())
    } else {
        DateTime::parse_from_rfc3339(&o.start).is_ok_and(|s| s > after)
    }
}
