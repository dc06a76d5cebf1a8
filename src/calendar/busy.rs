//! Busy time per day: how many minutes timed, busy events take out of each day, for the
//! capacity check. Reads the `events` table directly (timestamps only, no display fields)
//! because it looks years ahead, where building full occurrences would be wasteful.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::recurrence::{self, Series};
use super::time;
use super::CalendarError;

/// Busy minutes in working time, per day of the window asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Busy {
    /// Per day: minutes of busy events, the ones kept apart excepted.
    pub days: Vec<u64>,
    /// The events kept apart: (event, day, minutes in working time), by event then day.
    pub apart: Vec<(i64, usize, u64)>,
}

/// Minutes of meetings and time blocks on each day from `first` to `last` in `zone` that
/// fall in working time. `windows` holds each weekday's working windows (Monday first,
/// minutes from local midnight): on a day with windows only the overlap with them counts
/// (a 17:00–19:00 meeting in a 9–18 day costs one hour, an evening dinner none); a day
/// without windows has no clock times, and all of its busy time counts.
/// Counts timed events that are not marked free, are not deadlines (a deadline marks a
/// moment, not work) and are not in a personal calendar (life, not work); an event running
/// past midnight counts on both days.
///
/// The events in `apart` (time blocks that are a task's own work) are not summed into the
/// days: their minutes per day come back one by one, for the capacity check to decide.
pub fn busy_minutes(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
    zone: Tz,
    windows: &dyn Fn(NaiveDate) -> Vec<(u32, u32)>,
    apart: &HashSet<i64>,
) -> Result<Busy, CalendarError> {
    let days = ((last - first).num_days() + 1).max(0) as usize;
    let starts: Vec<i64> = (0..=days)
        .map(|d| time::day_start(first + Duration::days(d as i64), zone).timestamp())
        .collect();
    // Each day's working time as instants: its windows, or the whole day.
    let working: Vec<Vec<(i64, i64)>> = (0..days)
        .map(|d| {
            let day = first + Duration::days(d as i64);
            let own = windows(day);
            if own.is_empty() {
                vec![(starts[d], starts[d + 1])]
            } else {
                own.iter()
                    .map(|&(a, b)| (local(day, a, zone), local(day, b, zone)))
                    .collect()
            }
        })
        .collect();
    let (from, to) = (starts[0], starts[days]);
    let mut busy = Busy {
        days: vec![0u64; days],
        apart: Vec::new(),
    };
    // Busy time is the union of the spans inside working time: two meetings at once cost
    // the time once. Each day's clipped spans are merged before they are counted.
    let mut clipped: Vec<Vec<(i64, i64)>> = vec![Vec::new(); days];
    let mut add = |id: i64, s: i64, e: i64| {
        let (s, e) = (s.max(from), e.min(to));
        if s >= e {
            return;
        }
        // The day holding `s`, then walk forward while the span continues.
        let mut d = starts.partition_point(|&t| t <= s) - 1;
        while d < days && starts[d] < e {
            if apart.contains(&id) {
                let overlap: i64 = working[d]
                    .iter()
                    .map(|&(a, b)| (e.min(b) - s.max(a)).max(0))
                    .sum();
                if overlap >= 60 {
                    busy.apart.push((id, d, (overlap / 60) as u64));
                }
            } else {
                for &(a, b) in &working[d] {
                    let (x, y) = (s.max(a), e.min(b));
                    if x < y {
                        clipped[d].push((x, y));
                    }
                }
            }
            d += 1;
        }
    };
    for (id, s, e) in spans(conn, from, to, Personal::Left)? {
        add(id, s, e);
    }
    for (d, spans) in clipped.iter_mut().enumerate() {
        spans.sort_unstable();
        let mut seconds = 0i64;
        let mut open: Option<(i64, i64)> = None;
        for &(x, y) in spans.iter() {
            match open {
                Some((a, b)) if x <= b => open = Some((a, b.max(y))),
                _ => {
                    if let Some((a, b)) = open {
                        seconds += b - a;
                    }
                    open = Some((x, y));
                }
            }
        }
        if let Some((a, b)) = open {
            seconds += b - a;
        }
        busy.days[d] = (seconds / 60) as u64;
    }
    Ok(busy)
}

/// Whether the events of personal calendars are among the spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Personal {
    Kept,
    Left,
}

/// Every busy span (event, start, end as Unix times) that overlaps `from..to`: timed events
/// not marked free and not deadlines, a series' occurrences expanded.
fn spans(
    conn: &Connection,
    from: i64,
    to: i64,
    personal: Personal,
) -> Result<Vec<(i64, i64, i64)>, CalendarError> {
    // The condition on the parameter numbered `n`: 1 when personal calendars' events are
    // left out.
    let work = |n: u8| {
        format!(
            "(?{n} = 0 OR NOT EXISTS (SELECT 1 FROM calendars c
                                       WHERE c.id = events.calendar_id AND c.personal = 1))"
        )
    };
    let left = personal == Personal::Left;
    let mut out = Vec::new();
    let longest: i64 = conn.query_row(
        "SELECT coalesce(max(span_end - span_start), 0) FROM events WHERE rrule IS NULL AND all_day = 0",
        [],
        |r| r.get(0),
    )?;
    let mut single = conn.prepare_cached(&format!(
        "SELECT id, start_utc, end_utc FROM events
         WHERE rrule IS NULL AND all_day = 0 AND free = 0 AND kind <> 'deadline'
           AND span_start < ?2 AND span_start >= ?1 - ?3 AND span_end > ?1 AND {}",
        work(4)
    ))?;
    for span in single.query_map(params![from, to, longest, left], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        out.push(span?);
    }
    let mut series = conn.prepare_cached(&format!(
        "SELECT id, start_utc, end_utc, tz, rrule FROM events
         WHERE rrule IS NOT NULL AND all_day = 0 AND free = 0 AND kind <> 'deadline'
           AND span_start < ?2 AND span_end > ?1 AND {}",
        work(3)
    ))?;
    let rows: Vec<(i64, i64, i64, String, String)> = series
        .query_map(params![from, to, left], |r| {
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
            out.push((id, s.timestamp(), s.timestamp() + length));
        }
    }
    Ok(out)
}

/// The free working time of `day` in `zone`: its windows (minutes from local midnight)
/// less every busy span, as (start, end) Unix times in order. A day without windows has
/// no clock times, so no free time to name.
pub fn free_time(
    conn: &Connection,
    day: NaiveDate,
    zone: Tz,
    windows: &[(u32, u32)],
) -> Result<Vec<(i64, i64)>, CalendarError> {
    let mut free: Vec<(i64, i64)> = windows
        .iter()
        .map(|&(a, b)| (local(day, a, zone), local(day, b, zone)))
        .collect();
    let (Some(first), Some(last)) = (free.first(), free.last()) else {
        return Ok(free);
    };
    // A personal appointment costs no capacity, but no work is proposed on top of it.
    let mut busy = spans(conn, first.0, last.1, Personal::Kept)?;
    busy.sort_by_key(|&(_, s, _)| s);
    for (_, s, e) in busy {
        free = free
            .into_iter()
            .flat_map(|(a, b)| {
                if e <= a || s >= b {
                    vec![(a, b)]
                } else {
                    [(a, s.max(a)), (e.min(b), b)]
                        .into_iter()
                        .filter(|(x, y)| x < y)
                        .collect()
                }
            })
            .collect();
    }
    Ok(free)
}

/// `minute` minutes after local midnight on `day`, as a Unix time. A wall time the clock
/// skips (spring forward) counts as that many minutes after midnight.
fn local(day: NaiveDate, minute: u32, zone: Tz) -> i64 {
    let midnight = time::day_start(day, zone).timestamp();
    let wall = day
        .and_hms_opt(0, 0, 0)
        .map(|m| m + Duration::minutes(i64::from(minute)));
    wall.and_then(|w| zone.from_local_datetime(&w).earliest())
        .map_or(midnight + i64::from(minute) * 60, |t| t.timestamp())
}
