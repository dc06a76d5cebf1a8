//! The rules typed input follows, applied to the rows of an imported book file. SQLite's
//! own checks compare dates as text and know nothing of repeat rules; a reversed day-off
//! range or a broken rule would get in and later break the calendar, the capacity check
//! or the card for good. Each broken row is named by its table and id.

use chrono::{NaiveDate, TimeZone};
use rusqlite::Connection;

use crate::calendar::recurrence::{self, Series};

/// Every broken row, one sentence each (at most `limit`).
pub fn broken_rows(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<String>> {
    let mut found = Vec::new();
    ranges(conn, "days_off", "first_day", "last_day", &mut found)?;
    ranges(conn, "important_dates", "first_day", "last_day", &mut found)?;
    // Every day column the core reads as a date (a row it cannot read would break its
    // list for good), not only the ones the forms check.
    days(
        conn,
        "tasks",
        &["earliest_start", "due_day", "follow_up_day"],
        &mut found,
    )?;
    days(conn, "interactions", &["day", "follow_up"], &mut found)?;
    days(conn, "satisfaction", &["day"], &mut found)?;
    days(conn, "breaches", &["day"], &mut found)?;
    days(
        conn,
        "bookings",
        &["earliest_start", "deadline"],
        &mut found,
    )?;
    days(conn, "invoices", &["issue_day", "due_day"], &mut found)?;
    days(conn, "contracts", &["start_day", "end_day"], &mut found)?;
    days(conn, "deliverables", &["due_day"], &mut found)?;
    days(conn, "instalments", &["due_day"], &mut found)?;
    days(conn, "payments", &["day"], &mut found)?;
    days(conn, "invoices", &["voided_on"], &mut found)?;
    days(conn, "credit_notes", &["day"], &mut found)?;
    days(conn, "time_entries", &["day"], &mut found)?;
    working_hours(conn, &mut found)?;
    events(conn, &mut found)?;
    found.truncate(limit);
    Ok(found)
}

/// Seven whole numbers of minutes, Monday first, each at most a day (the working-hours
/// form's rule): anything else would make the capacity check plan impossible days.
fn working_hours(conn: &Connection, found: &mut Vec<String>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("SELECT id, weekday_minutes FROM working_hours")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, week) = row?;
        let minutes: Vec<Option<u32>> = week.split(',').map(|m| m.trim().parse().ok()).collect();
        let valid = minutes.len() == 7 && minutes.iter().all(|m| m.is_some_and(|m| m <= 24 * 60));
        if !valid {
            found.push(format!(
                "working_hours row {id}: “{week}” is not seven daily minutes from 0 to 1440"
            ));
        }
    }
    Ok(())
}

fn day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// A first and last day that must both be dates, the last not before the first.
fn ranges(
    conn: &Connection,
    table: &str,
    first: &str,
    last: &str,
    found: &mut Vec<String>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(&format!("SELECT id, {first}, {last} FROM {table}"))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, a, b) = row?;
        match (day(&a), day(&b)) {
            (Some(x), Some(y)) if y < x => found.push(format!(
                "{table} row {id}: the last day ({b}) is before the first ({a})"
            )),
            (Some(_), Some(_)) => {}
            _ => found.push(format!(
                "{table} row {id}: “{a}” to “{b}” is not a range of dates (YYYY-MM-DD)"
            )),
        }
    }
    Ok(())
}

/// Columns that are either empty or a date.
fn days(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    found: &mut Vec<String>,
) -> rusqlite::Result<()> {
    for column in columns {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, value) = row?;
            if day(&value).is_none() {
                found.push(format!(
                    "{table} row {id}: {column} “{value}” is not a date (YYYY-MM-DD)"
                ));
            }
        }
    }
    Ok(())
}

/// An event's time zone, its start before its end, and its repeat rule as the calendar
/// reads it.
fn events(conn: &Connection, found: &mut Vec<String>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, all_day, start_utc, end_utc, start_date, end_date, tz, rrule FROM events",
    )?;
    type Row = (
        i64,
        bool,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let rows = stmt.query_map([], |r| -> rusqlite::Result<Row> {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    for row in rows {
        let (id, all_day, start_utc, end_utc, start_date, end_date, tz, rrule) = row?;
        let mut broken = |why: String| found.push(format!("events row {id}: {why}"));
        let Ok(zone) = tz.parse::<chrono_tz::Tz>() else {
            broken(format!("“{tz}” is not a time zone"));
            continue;
        };
        let start = if all_day {
            let (a, b) = (start_date.unwrap_or_default(), end_date.unwrap_or_default());
            match (day(&a), day(&b)) {
                (Some(x), Some(y)) if y >= x => x
                    .and_hms_opt(0, 0, 0)
                    .map(|t| chrono_tz::UTC.from_utc_datetime(&t)),
                (Some(_), Some(_)) => {
                    broken(format!("its last day ({b}) is before its first ({a})"));
                    continue;
                }
                _ => {
                    broken(format!("“{a}” to “{b}” is not a range of dates"));
                    continue;
                }
            }
        } else {
            match (start_utc, end_utc) {
                (Some(s), Some(e)) if e >= s => {
                    chrono::DateTime::from_timestamp(s, 0).map(|t| t.with_timezone(&zone))
                }
                (Some(_), Some(_)) => {
                    broken("it ends before it starts".into());
                    continue;
                }
                _ => {
                    broken("a timed event needs a start and an end".into());
                    continue;
                }
            }
        };
        let Some(start) = start else {
            broken("its start is out of range".into());
            continue;
        };
        if let Some(rule) = rrule {
            let series = Series {
                rrule: &rule,
                dtstart: start,
                exdates: &[],
            };
            if let Err(e) = recurrence::validate(&series) {
                broken(format!("its repeat rule “{rule}” is invalid ({e})"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    /// A day the core reads as a date but cannot read (blank included: "none" is NULL)
    /// is named, so the import is refused rather than breaking a list later.
    #[test]
    fn every_day_the_core_reads_as_a_date_is_checked() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute_batch(
            "INSERT INTO clients (id, name, name_key, priority, colour, created_at, updated_at)
                 VALUES (1, 'Acme', 'acme', 'normal', '#336699', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
             INSERT INTO tasks (id, title, estimate_minutes, follow_up_day, created_at, updated_at)
                 VALUES (7, 'T', 60, '', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
             INSERT INTO satisfaction (client_id, day, score, note, created_at)
                 VALUES (1, '2027-02-30', 8, '', '2027-01-01T00:00:00Z');",
        )
        .unwrap();
        let broken = broken_rows(conn, 5).unwrap();
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(
            broken[0].starts_with("tasks row 7: follow_up_day “”"),
            "{broken:?}"
        );
        assert!(
            broken[1].contains("satisfaction row 1: day “2027-02-30”"),
            "{broken:?}"
        );
    }
}
