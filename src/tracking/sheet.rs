//! The week's timesheet and the report over a period. Both are queries over the entries
//! (never a copy), so they stay right when an entry is edited. Time with a start and an
//! end is split at the user's midnights here, and only here: a timer run from 23:00 to
//! 01:00 is one entry on the day it started, and an hour on each day in a report.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::{entries, TimeEntry, TrackingError};
use crate::clients::ClientId;

/// One client's line on the timesheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TimesheetRow {
    pub client_id: Option<ClientId>,
    /// `None` for time on no client (a task of no client's).
    pub client: Option<String>,
    pub colour: Option<String>,
    /// Minutes on each day of the week, the first day first.
    pub minutes: Vec<u32>,
    pub total: u32,
}

/// Seven days of logged time, per client, with the week's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Timesheet {
    pub days: Vec<NaiveDate>,
    pub rows: Vec<TimesheetRow>,
    pub day_totals: Vec<u32>,
    pub total: u32,
    /// The entries counting for these days, latest first.
    pub entries: Vec<TimeEntry>,
}

/// One client over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReportRow {
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub minutes: u32,
    pub billable_minutes: u32,
    /// Billable minutes already on an invoice.
    pub billed_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Clients by time logged, most first.
    pub rows: Vec<ReportRow>,
    pub minutes: u32,
    pub billable_minutes: u32,
    pub billed_minutes: u32,
}

/// An entry's minutes per day where the user is: a typed entry all on its day, timed
/// ones cut at each midnight (the pieces add up to the entry's minutes).
fn by_day(e: &TimeEntry, now: DateTime<Utc>, zone: Tz) -> Vec<(NaiveDate, u32)> {
    let Some(start) = e.start else {
        return vec![(e.day, e.minutes)];
    };
    let end = e.end.unwrap_or(now).max(start);
    let mut pieces = Vec::new();
    let mut from = start;
    while from < end {
        let day = from.with_timezone(&zone).date_naive();
        let next = day
            .succ_opt()
            .and_then(|d| {
                zone.from_local_datetime(&d.and_time(NaiveTime::MIN))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| *t > from)
            .unwrap_or(from + Duration::days(1));
        let to = next.min(end);
        pieces.push((day, (to - from).num_seconds()));
        from = to;
    }
    // Whole minutes per piece, the last one taking the rounding so the sum is the entry's.
    let mut out: Vec<(NaiveDate, u32)> = pieces
        .iter()
        .map(|(d, s)| (*d, u32::try_from((s + 30) / 60).unwrap_or(u32::MAX)))
        .collect();
    let shown: u32 = out.iter().map(|(_, m)| m).sum();
    if let Some(last) = out.last_mut() {
        last.1 = (last.1 + e.minutes).saturating_sub(shown);
    }
    if out.is_empty() {
        out.push((e.day, e.minutes));
    }
    out
}

/// Entries that may count for `from`..=`to`: those of the days, and the day before's (a
/// timer running past midnight).
fn entries_around(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<TimeEntry>, TrackingError> {
    entries::list(conn, from.pred_opt().unwrap_or(from), to, now)
}

/// The week of seven days from `first_day`.
pub fn timesheet(
    conn: &Connection,
    first_day: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Timesheet, TrackingError> {
    let days: Vec<NaiveDate> = first_day.iter_days().take(7).collect();
    let last = days[days.len() - 1];
    let all = entries_around(conn, first_day, last, now)?;
    let mut rows: BTreeMap<(Option<String>, Option<ClientId>), TimesheetRow> = BTreeMap::new();
    let mut entries = Vec::new();
    for e in all {
        let pieces = by_day(&e, now, zone);
        let mut counted = false;
        for (day, minutes) in pieces {
            let Some(i) = days.iter().position(|d| *d == day) else {
                continue;
            };
            counted = true;
            let row = rows
                .entry((e.client.clone(), e.client_id))
                .or_insert_with(|| TimesheetRow {
                    client_id: e.client_id,
                    client: e.client.clone(),
                    colour: e.colour.clone(),
                    minutes: vec![0; 7],
                    total: 0,
                });
            row.minutes[i] += minutes;
            row.total += minutes;
        }
        if counted || (first_day..=last).contains(&e.day) {
            entries.push(e);
        }
    }
    let rows: Vec<TimesheetRow> = rows.into_values().collect();
    let day_totals: Vec<u32> = (0..7)
        .map(|i| rows.iter().map(|r| r.minutes[i]).sum())
        .collect();
    Ok(Timesheet {
        total: day_totals.iter().sum(),
        days,
        rows,
        day_totals,
        entries,
    })
}

/// Time per client from `from` to `to`, both included.
pub fn report(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Report, TrackingError> {
    let mut rows: BTreeMap<Option<ClientId>, ReportRow> = BTreeMap::new();
    for e in entries_around(conn, from, to, now)? {
        for (day, minutes) in by_day(&e, now, zone) {
            if day < from || day > to {
                continue;
            }
            let row = rows.entry(e.client_id).or_insert_with(|| ReportRow {
                client_id: e.client_id,
                client: e.client.clone(),
                minutes: 0,
                billable_minutes: 0,
                billed_minutes: 0,
            });
            row.minutes += minutes;
            if e.billable {
                row.billable_minutes += minutes;
                if e.invoice.is_some() {
                    row.billed_minutes += minutes;
                }
            }
        }
    }
    let mut rows: Vec<ReportRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.client.cmp(&b.client)));
    Ok(Report {
        from,
        to,
        minutes: rows.iter().map(|r| r.minutes).sum(),
        billable_minutes: rows.iter().map(|r| r.billable_minutes).sum(),
        billed_minutes: rows.iter().map(|r| r.billed_minutes).sum(),
        rows,
    })
}
