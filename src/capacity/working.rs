//! Working capacity: hours per weekday, the weekly overtime allowance, and days off
//! (vacations, public holidays; typed in or imported from an .ics file).

use chrono::{Datelike, Duration, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::windows::{self, Window};
use super::{fields, CapacityError};
use crate::calendar::recurrence::{self, Series};
use crate::store::{Store, Writer};

crate::store::id!(DayOffId);

/// How much the user works. Minutes, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WorkingHours {
    /// A day with working windows works their total.
    pub weekday_minutes: [u32; 7],
    pub overtime_week_minutes: u32,
    /// Each day's working windows, Monday first, as the form shows them
    /// ("09:00-12:30, 13:30-18:00"); blank: that many hours, no clock times.
    pub weekday_windows: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct WorkingHoursInput {
    /// Seven hours, Monday first, as typed ("8", "7.5", "0"). A day with windows works
    /// their total, whatever its hours say.
    pub weekday_hours: Vec<String>,
    #[serde(default)]
    pub overtime_hours: String,
    /// Seven days' working windows, Monday first, as typed ("9-12:30, 13:30-18"); blank
    /// for none. Absent (older callers): the windows stay as they are.
    #[serde(default)]
    pub weekday_windows: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DayOff {
    pub id: DayOffId,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct DayOffInput {
    pub first_day: String,
    /// Blank for a single day.
    #[serde(default)]
    pub last_day: String,
    #[serde(default)]
    pub label: String,
}

/// What an .ics import of days off did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct DaysOffImport {
    pub added: u32,
    pub updated: u32,
    /// Events that were not whole days (a meeting is not a day off), with their title.
    pub skipped: Vec<String>,
}

pub fn working_hours(conn: &Connection) -> Result<WorkingHours, CapacityError> {
    let (week, overtime, windows): (String, u32, String) = conn.query_row(
        "SELECT weekday_minutes, overtime_week_minutes, weekday_windows FROM working_hours WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut weekday_minutes = [0u32; 7];
    for (slot, raw) in weekday_minutes.iter_mut().zip(week.split(',')) {
        *slot = raw.trim().parse().unwrap_or(0);
    }
    let windows = windows::from_store(&windows);
    Ok(WorkingHours {
        weekday_minutes,
        overtime_week_minutes: overtime,
        weekday_windows: windows
            .iter()
            .map(|day| windows::Shown(day).to_string())
            .collect(),
    })
}

/// Each weekday's working windows, Monday first (empty: no clock times that day).
pub fn working_windows(conn: &Connection) -> Result<[Vec<Window>; 7], CapacityError> {
    let text: String = conn.query_row(
        "SELECT weekday_windows FROM working_hours WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(windows::from_store(&text))
}

pub fn set_working_hours(
    store: &mut impl Writer,
    input: &WorkingHoursInput,
) -> Result<WorkingHours, CapacityError> {
    if input.weekday_hours.len() != 7 {
        return Err(CapacityError::BadWeek);
    }
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let mut week = [0u32; 7];
    for ((slot, raw), day) in week.iter_mut().zip(&input.weekday_hours).zip(DAYS) {
        // The day's own box is named: the form has seven of them.
        let bad = || CapacityError::BadDayHours(day, raw.trim().to_owned());
        let typed = if raw.trim().is_empty() { "0" } else { raw };
        *slot = fields::minutes("weekday_hours", typed).map_err(|_| bad())?;
        if *slot > 24 * 60 {
            return Err(bad());
        }
    }
    let windows = match &input.weekday_windows {
        None => None,
        Some(typed) if typed.len() != 7 => return Err(CapacityError::BadWeek),
        Some(typed) => {
            let mut parsed: [Vec<Window>; 7] = Default::default();
            for ((slot, raw), day) in parsed.iter_mut().zip(typed).zip(DAYS) {
                *slot = windows::parse(raw)
                    .map_err(|windows::BadWindows(text)| CapacityError::BadWindows(day, text))?;
            }
            Some(parsed)
        }
    };
    if let Some(windows) = &windows {
        // A day with clock times works what they add up to.
        for (slot, day) in week.iter_mut().zip(windows) {
            if !day.is_empty() {
                *slot = day.iter().map(|w| w.minutes()).sum();
            }
        }
    }
    let overtime = if input.overtime_hours.trim().is_empty() {
        0
    } else {
        fields::minutes("overtime_hours", &input.overtime_hours)?
    };
    if overtime > 168 * 60 {
        return Err(CapacityError::BadOvertime);
    }
    let text = week
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    store.write(|tx| {
        tx.execute(
            "UPDATE working_hours SET weekday_minutes = ?1, overtime_week_minutes = ?2 WHERE id = 1",
            params![text, overtime],
        )?;
        if let Some(windows) = &windows {
            tx.execute(
                "UPDATE working_hours SET weekday_windows = ?1 WHERE id = 1",
                [windows::store_text(windows)],
            )?;
        } else {
            // Hours typed without windows: a day whose hours no longer match its windows
            // drops them (the hours are what the user meant).
            let mut kept = working_windows(tx)?;
            for (day, minutes) in kept.iter_mut().zip(week) {
                if day.iter().map(|w| w.minutes()).sum::<u32>() != minutes {
                    day.clear();
                }
            }
            tx.execute(
                "UPDATE working_hours SET weekday_windows = ?1 WHERE id = 1",
                [windows::store_text(&kept)],
            )?;
        }
        working_hours(tx)
    })
}

pub fn days_off(conn: &Connection) -> Result<Vec<DayOff>, CapacityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, first_day, last_day, label FROM days_off ORDER BY first_day, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DayOff {
            id: r.get(0)?,
            first_day: r.get(1)?,
            last_day: r.get(2)?,
            label: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn add_day_off(store: &mut impl Writer, input: &DayOffInput) -> Result<DayOff, CapacityError> {
    let first = fields::day("first_day", &input.first_day)?;
    let last = fields::optional_day("last_day", &input.last_day)?.unwrap_or(first);
    if last < first {
        return Err(CapacityError::RangeBackwards);
    }
    let label = fields::text("label", &input.label, 200)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO days_off (first_day, last_day, label) VALUES (?1, ?2, ?3)",
            params![first.to_string(), last.to_string(), label],
        )?;
        let id = DayOffId(tx.last_insert_rowid());
        Ok(DayOff {
            id,
            first_day: first,
            last_day: last,
            label,
        })
    })
}

/// Removes a day off; returns the trash entry that Undo brings it back from.
pub fn remove_day_off(store: &mut impl Writer, id: DayOffId) -> Result<i64, CapacityError> {
    store.write(|tx| {
        let mut taken = crate::store::trash::Removal::default();
        taken.take(tx, "days_off", "id = ?1", &id)?;
        if taken.is_empty() {
            return Err(CapacityError::NotFound("day off", id.0));
        }
        let entry = taken.keep(tx, "the day off")?;
        tx.execute("DELETE FROM days_off WHERE id = ?1", [id])?;
        Ok(entry)
    })
}

/// Whole-day events of an .ics file (a public-holiday calendar, a vacation) become days
/// off; yearly or other repeating ones are expanded for `years` years from `from`.
/// Importing the same file again updates by UID.
pub fn import_days_off(
    store: &mut impl Writer,
    text: &str,
    from: NaiveDate,
    years: u32,
) -> Result<DaysOffImport, CapacityError> {
    if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(CapacityError::NotACalendar);
    }
    let calendar: Calendar = shallow(text)
        .parse()
        .map_err(|e: String| CapacityError::Unreadable("the calendar".into(), e))?;
    let until = from + Duration::days(366 * i64::from(years));
    let mut report = DaysOffImport::default();
    store.write(|tx| {
        for component in &calendar.components {
            let CalendarComponent::Event(event) = component else {
                continue;
            };
            let title = event.get_summary().unwrap_or("Day off").to_owned();
            let (Some(DatePerhapsTime::Date(start)), end) = (event.get_start(), event.get_end()) else {
                report.skipped.push(title);
                continue;
            };
            // DTEND of a whole-day event is exclusive.
            let length = match end {
                Some(DatePerhapsTime::Date(end)) if end > start => (end - start).num_days(),
                _ => 1,
            };
            let uid = event
                .get_uid()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{title}-{start}"));
            let starts: Vec<NaiveDate> = match event.property_value("RRULE") {
                None => vec![start],
                Some(rule) => {
                    let series = Series {
                        rrule: rule,
                        dtstart: recurrence::all_day_anchor(start),
                        exdates: &[],
                    };
                    let window =
                        |d: NaiveDate| recurrence::all_day_anchor(d).with_timezone(&chrono::Utc);
                    recurrence::starts_between(&series, window(from), window(until), 1000)?
                        .into_iter()
                        .map(|t| t.date_naive())
                        .collect()
                }
            };
            for first in starts {
                let last = first + Duration::days(length - 1);
                let key = if event.property_value("RRULE").is_some() {
                    format!("{uid}#{first}")
                } else {
                    uid.clone()
                };
                let existing: Option<i64> = tx
                    .query_row("SELECT id FROM days_off WHERE uid = ?1", [&key], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match existing {
                    Some(id) => {
                        tx.execute(
                            "UPDATE days_off SET first_day = ?2, last_day = ?3, label = ?4 WHERE id = ?1",
                            params![id, first.to_string(), last.to_string(), title],
                        )?;
                        report.updated += 1;
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO days_off (first_day, last_day, label, uid) VALUES (?1, ?2, ?3, ?4)",
                            params![first.to_string(), last.to_string(), title, key],
                        )?;
                        report.added += 1;
                    }
                }
            }
        }
        Ok(report)
    })
}

/// The text without components nested deeper than an alarm in an event: the parser
/// recurses once per level, and thousands of nested BEGIN lines would overflow the stack.
fn shallow(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX_DEPTH: usize = 3; // VCALENDAR > VEVENT > VALARM
    let mut depth = 0usize;
    let mut deep = false;
    for line in text.lines() {
        let upper = line.trim().to_ascii_uppercase();
        if upper.starts_with("BEGIN:") {
            depth += 1;
            deep |= depth > MAX_DEPTH;
        } else if upper.starts_with("END:") {
            depth = depth.saturating_sub(1);
        }
    }
    if !deep {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    depth = 0;
    for line in text.split_inclusive('\n') {
        let upper = line.trim().to_ascii_uppercase();
        let keep = if upper.starts_with("BEGIN:") {
            depth += 1;
            depth <= MAX_DEPTH
        } else if upper.starts_with("END:") {
            depth = depth.saturating_sub(1);
            depth < MAX_DEPTH
        } else {
            depth <= MAX_DEPTH
        };
        if keep {
            out.push_str(line);
        }
    }
    out.into()
}

/// Largest days-off calendar read (a public-holiday calendar is a few KB).
const MAX_DAYS_OFF_BYTES: u64 = 8 * 1024 * 1024;

pub fn import_days_off_file(
    store: &mut Store,
    path: &std::path::Path,
    from: NaiveDate,
) -> Result<DaysOffImport, CapacityError> {
    let size = std::fs::metadata(path)
        .map_err(|e| CapacityError::Unreadable(path.display().to_string(), e.to_string()))?
        .len();
    if size > MAX_DAYS_OFF_BYTES {
        return Err(CapacityError::Unreadable(
            path.display().to_string(),
            format!(
                "it is larger than {} MB",
                MAX_DAYS_OFF_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| CapacityError::Unreadable(path.display().to_string(), e.to_string()))?;
    import_days_off(store, &text, from, 3)
}

/// Regular and overtime minutes for each day from `first` to `last`, days off taken out.
/// The week's overtime allowance is spread over its working days (days with regular hours
/// that are not off), the odd minutes going to the earliest ones.
pub struct Profile {
    pub regular: Vec<u64>,
    pub overtime: Vec<u64>,
}

pub fn profile(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Profile, CapacityError> {
    let hours = working_hours(conn)?;
    let days = ((last - first).num_days() + 1).max(0) as usize;
    let mut off = vec![false; days];
    let mut stmt = conn.prepare_cached(
        "SELECT first_day, last_day FROM days_off WHERE last_day >= ?1 AND first_day <= ?2",
    )?;
    let ranges = stmt.query_map(params![first.to_string(), last.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    // All-day events marked to count as days off (out of office, a vacation).
    let mut away = conn.prepare_cached(
        "SELECT e.start_date, e.end_date FROM away_events a JOIN events e ON e.id = a.event_id
         WHERE e.all_day = 1 AND e.rrule IS NULL AND e.end_date >= ?1 AND e.start_date <= ?2",
    )?;
    let away_ranges: Vec<(String, String)> = away
        .query_map(params![first.to_string(), last.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    for range in ranges.chain(away_ranges.into_iter().map(Ok)) {
        let (a, b) = range?;
        let (Ok(a), Ok(b)) = (a.parse::<NaiveDate>(), b.parse::<NaiveDate>()) else {
            continue;
        };
        let from = (a.max(first) - first).num_days() as usize;
        let to = (b.min(last) - first).num_days() as usize;
        off[from..=to].iter_mut().for_each(|o| *o = true);
    }
    // A date with its own working times works them instead of its weekday's.
    let own = super::dates::between(conn, first, last)?;
    let regular: Vec<u64> = (0..days)
        .map(|d| {
            let date = first + Duration::days(d as i64);
            if off[d] {
                0
            } else if let Some(w) = own.get(&date) {
                w.iter().map(|w| u64::from(w.minutes())).sum()
            } else {
                u64::from(hours.weekday_minutes[weekday(first, d)])
            }
        })
        .collect();
    let mut overtime = vec![0u64; days];
    let allowance = u64::from(hours.overtime_week_minutes);
    if allowance > 0 {
        // Weeks run Monday to Sunday; the first may be partial (it starts tomorrow).
        let mut d = 0;
        while d < days {
            let end = (d + 7 - weekday(first, d)).min(days);
            let working: Vec<usize> = (d..end).filter(|&i| regular[i] > 0).collect();
            if !working.is_empty() {
                let n = working.len() as u64;
                for (k, &i) in working.iter().enumerate() {
                    overtime[i] = allowance / n + u64::from((k as u64) < allowance % n);
                }
            }
            d = end;
        }
    }
    Ok(Profile { regular, overtime })
}

/// Monday = 0 for day `d` of the profile.
fn weekday(first: NaiveDate, d: usize) -> usize {
    (first + Duration::days(d as i64))
        .weekday()
        .num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::open_in_memory().unwrap()
    }

    fn week(hours: [&str; 7], overtime: &str) -> WorkingHoursInput {
        WorkingHoursInput {
            weekday_hours: hours.iter().map(|h| h.to_string()).collect(),
            overtime_hours: overtime.into(),
            weekday_windows: None,
        }
    }

    #[test]
    fn a_new_book_works_eight_hours_on_weekdays() {
        let s = store();
        assert_eq!(
            working_hours(s.conn()).unwrap().weekday_minutes,
            [480, 480, 480, 480, 480, 0, 0]
        );
    }

    #[test]
    fn days_off_take_out_whole_days_and_overtime_spreads_over_the_working_days() {
        let mut s = store();
        set_working_hours(&mut s, &week(["8", "8", "8", "8", "4", "0", "0"], "5")).unwrap();
        // Wednesday 2027-01-06 off.
        add_day_off(
            &mut s,
            &DayOffInput {
                first_day: "2027-01-06".into(),
                last_day: "".into(),
                label: "Epiphany".into(),
            },
        )
        .unwrap();
        let p = profile(
            s.conn(),
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
        )
        .unwrap();
        assert_eq!(p.regular, vec![480, 480, 0, 480, 240, 0, 0]);
        // 300 minutes over the 4 working days left: 75 each.
        assert_eq!(p.overtime, vec![75, 75, 0, 75, 75, 0, 0]);
    }

    #[test]
    fn a_partial_first_week_gets_the_whole_allowance_over_its_remaining_days() {
        let mut s = store();
        set_working_hours(&mut s, &week(["8", "8", "8", "8", "8", "0", "0"], "4")).unwrap();
        // From Thursday: Thursday and Friday share 240 minutes.
        let p = profile(
            s.conn(),
            NaiveDate::from_ymd_opt(2027, 1, 7).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 12).unwrap(),
        )
        .unwrap();
        assert_eq!(p.overtime, vec![120, 120, 0, 0, 120, 120]);
    }

    #[test]
    fn bad_weeks_are_refused_and_nothing_changes() {
        let mut s = store();
        for bad in [
            week(["8", "8", "8", "8", "8", "0", "25"], ""),
            week(["8", "x", "8", "8", "8", "0", "0"], ""),
        ] {
            assert!(matches!(
                set_working_hours(&mut s, &bad),
                Err(CapacityError::BadDayHours(..))
            ));
        }
        let err =
            set_working_hours(&mut s, &week(["8", "8", "8", "8", "8", "0", "25"], "")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Sunday: “25” is not a number of hours from 0 to 24."
        );
        let six = WorkingHoursInput {
            weekday_hours: vec!["8".into(); 6],
            overtime_hours: "".into(),
            weekday_windows: None,
        };
        assert!(matches!(
            set_working_hours(&mut s, &six),
            Err(CapacityError::BadWeek)
        ));
        assert_eq!(working_hours(s.conn()).unwrap().weekday_minutes[0], 480);
    }

    #[test]
    fn holiday_calendars_import_whole_days_expand_yearly_ones_and_update_on_reimport() {
        let mut s = store();
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
            BEGIN:VEVENT\r\nUID:ny\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:New Year\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nUID:xmas\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20251225\r\nDTEND;VALUE=DATE:20251227\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20270105T090000Z\r\nDTEND:20270105T100000Z\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n\
            END:VCALENDAR\r\n";
        let from = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let report = import_days_off(&mut s, ics, from, 2).unwrap();
        assert_eq!(report.skipped, vec!["Standup".to_string()]);
        let all = days_off(s.conn()).unwrap();
        let spans: Vec<(String, String)> = all
            .iter()
            .map(|d| (d.first_day.to_string(), d.last_day.to_string()))
            .collect();
        assert!(
            spans.contains(&("2026-12-25".into(), "2026-12-26".into())),
            "{spans:?}"
        );
        assert!(
            spans.contains(&("2027-12-25".into(), "2027-12-26".into())),
            "{spans:?}"
        );
        assert!(
            spans.contains(&("2027-01-01".into(), "2027-01-01".into())),
            "{spans:?}"
        );
        let again = import_days_off(&mut s, ics, from, 2).unwrap();
        assert_eq!(
            (again.added, again.updated as usize),
            (0, report.added as usize)
        );
        assert_eq!(days_off(s.conn()).unwrap().len(), all.len());
    }
}
