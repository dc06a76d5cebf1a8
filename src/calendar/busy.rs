//! Busy time per day: how many minutes timed, busy events take out of each day, for the
//! capacity check. Reads the `events` table directly (timestamps only, no display fields)
//! because it looks years ahead, where building full occurrences would be wasteful.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::recurrence::{self, Series};
use super::time;
use super::CalendarError;

/// Minutes of meetings and time blocks on each day from `first` to `last` in `zone`.
/// Counts timed events that are not marked free and are not deadlines (a deadline marks a
/// moment, not work); an event running past midnight counts on both days.
pub fn busy_minutes(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
    zone: Tz,
) -> Result<Vec<u64>, CalendarError> {
    let days = ((last - first).num_days() + 1).max(0) as usize;
    let starts: Vec<i64> = (0..=days)
        .map(|d| time::day_start(first + Duration::days(d as i64), zone).timestamp())
        .collect();
    let (from, to) = (starts[0], starts[days]);
    let mut busy = vec![0u64; days];
    let mut add = |s: i64, e: i64| {
        let (s, e) = (s.max(from), e.min(to));
        if s >= e {
            return;
        }
        // The day holding `s`, then walk forward while the span continues.
        let mut d = starts.partition_point(|&t| t <= s) - 1;
        while d < days && starts[d] < e {
            let overlap = e.min(starts[d + 1]) - s.max(starts[d]);
            busy[d] += (overlap.max(0) / 60) as u64;
            d += 1;
        }
    };
    let longest: i64 = conn.query_row(
        "SELECT coalesce(max(span_end - span_start), 0) FROM events WHERE rrule IS NULL AND all_day = 0",
        [],
        |r| r.get(0),
    )?;
    let mut single = conn.prepare_cached(
        "SELECT start_utc, end_utc FROM events
         WHERE rrule IS NULL AND all_day = 0 AND free = 0 AND kind <> 'deadline'
           AND span_start < ?2 AND span_start >= ?1 - ?3 AND span_end > ?1",
    )?;
    for span in single.query_map(params![from, to, longest], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (s, e) = span?;
        add(s, e);
    }
    let mut series = conn.prepare_cached(
        "SELECT id, start_utc, end_utc, tz, rrule FROM events
         WHERE rrule IS NOT NULL AND all_day = 0 AND free = 0 AND kind <> 'deadline'
           AND span_start < ?2 AND span_end > ?1",
    )?;
    let rows: Vec<(i64, i64, i64, String, String)> = series
        .query_map(params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut skipped =
        conn.prepare_cached("SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1")?;
    for (id, start, end, tz, rrule) in rows {
        let tz: Tz = tz.parse().unwrap_or(Tz::UTC);
        let exdates: Vec<i64> = skipped
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let length = end - start;
        let series = Series {
            rrule: &rrule,
            dtstart: time::from_key(start).with_timezone(&tz),
            exdates: &exdates,
        };
        for s in recurrence::starts_between(
            &series,
            time::from_key(from - length),
            time::from_key(to),
            u16::MAX,
        )? {
            add(s.timestamp(), s.timestamp() + length);
        }
    }
    Ok(busy)
}
