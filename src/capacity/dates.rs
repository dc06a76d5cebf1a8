//! Working times for one date (issue 18): a half day before a holiday, a long day before a
//! launch. A date with its own times works them instead of its weekday's, and only busy
//! time inside them costs; a whole day off stays a day off (`working.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::windows::{self, Window};
use super::{fields, CapacityError};
use crate::store::Writer;

/// A date's own working times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DateHours {
    pub day: NaiveDate,
    /// As the form shows them: "09:00-13:00".
    pub windows: String,
    /// Their total.
    pub minutes: u32,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct DateHoursInput {
    pub day: String,
    /// As typed: "9-13", "09:00-12:30, 13:30-20:00".
    pub windows: String,
}

/// Sets a date's own working times (replacing any it had).
pub fn set(store: &mut impl Writer, input: &DateHoursInput) -> Result<DateHours, CapacityError> {
    let day = fields::day("day", &input.day)?;
    let parsed = windows::parse(&input.windows)
        .map_err(|windows::BadWindows(text)| CapacityError::BadWindows("That day", text))?;
    if parsed.is_empty() {
        return Err(CapacityError::BadWindows("That day", String::new()));
    }
    let mut week: [Vec<Window>; 7] = Default::default();
    week[0] = parsed;
    let text = windows::store_text(&week);
    let text = text.split(';').next().unwrap_or_default().to_owned();
    store.write(|tx| {
        tx.execute(
            "INSERT INTO working_days (day, windows) VALUES (?1, ?2)
             ON CONFLICT (day) DO UPDATE SET windows = excluded.windows",
            params![day.to_string(), text],
        )?;
        Ok(shown(day, &week[0]))
    })
}

/// Takes a date's own times away (it works its weekday's again); the trash entry Undo
/// brings them back from.
pub fn remove(store: &mut impl Writer, day: NaiveDate) -> Result<i64, CapacityError> {
    store.write(|tx| {
        let mut taken = crate::store::trash::Removal::default();
        taken.take(tx, "working_days", "day = ?1", &day.to_string())?;
        if taken.is_empty() {
            return Err(CapacityError::NoDateHours(crate::prose::day(day)));
        }
        let entry = taken.keep(tx, "the day's working times")?;
        tx.execute("DELETE FROM working_days WHERE day = ?1", [day.to_string()])?;
        Ok(entry)
    })
}

/// The dates from `from` on with their own times, in order.
pub fn upcoming(conn: &Connection, from: NaiveDate) -> Result<Vec<DateHours>, CapacityError> {
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(from);
    Ok(between(conn, from, far)?
        .iter()
        .map(|(day, w)| shown(*day, w))
        .collect())
}

/// The dates from `first` to `last` with their own times.
pub(crate) fn between(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<BTreeMap<NaiveDate, Vec<Window>>, CapacityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, windows FROM working_days WHERE day >= ?1 AND day <= ?2 ORDER BY day",
    )?;
    let rows = stmt.query_map(params![first.to_string(), last.to_string()], |r| {
        Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (day, text) = row?;
        // A damaged row reads as no times of its own: the weekday's apply.
        if let Ok(w) = windows::parse(&text) {
            if !w.is_empty() {
                out.insert(day, w);
            }
        }
    }
    Ok(out)
}

fn shown(day: NaiveDate, w: &[Window]) -> DateHours {
    DateHours {
        day,
        windows: windows::Shown(w).to_string(),
        minutes: w.iter().map(|w| w.minutes()).sum(),
    }
}

#[cfg(test)]
mod tests {
    //! The week of Monday 2027-01-04, 09:00-17:00 Monday to Friday; "today" is Sunday
    //! 2027-01-03; times in UTC.
    use super::*;
    use crate::calendar::{add_event, EventInput};
    use crate::capacity::{check, working, Request, Verdict, WorkingHoursInput};
    use crate::store::Store;
    use chrono_tz::Tz;

    fn book() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut windows = vec!["09:00-17:00".to_string(); 5];
        windows.extend([String::new(), String::new()]);
        working::set_working_hours(
            &mut s,
            &WorkingHoursInput {
                weekday_hours: vec!["0".into(); 7],
                overtime_hours: String::new(),
                weekday_windows: Some(windows),
            },
        )
        .unwrap();
        add_event(
            &mut s,
            &EventInput::meeting("Call", "2027-01-04T14:00", "2027-01-04T15:00"),
        )
        .unwrap();
        s
    }

    fn fits(s: &Store, hours: &str) -> bool {
        let request = Request {
            hours: hours.into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        let c = check(s.conn(), &request, "2027-01-03".parse().unwrap(), Tz::UTC).unwrap();
        c.verdict == Verdict::Fits
    }

    #[test]
    fn a_half_day_works_its_own_times_and_a_meeting_after_them_costs_nothing() {
        let mut s = book();
        // Monday 8 h less the 1 h call, then 4 × 8 h: 39 h.
        assert!(fits(&s, "39") && !fits(&s, "39.5"));
        let half = set(
            &mut s,
            &DateHoursInput {
                day: "2027-01-04".into(),
                windows: "9-13".into(),
            },
        )
        .unwrap();
        assert_eq!((half.windows.as_str(), half.minutes), ("09:00-13:00", 240));
        // Monday now 09:00-13:00, and the 14:00 call is outside it: 4 + 32 = 36 h.
        assert!(fits(&s, "36") && !fits(&s, "36.5"));
        let listed = upcoming(s.conn(), "2027-01-01".parse().unwrap()).unwrap();
        assert_eq!(listed, vec![half]);

        let entry = remove(&mut s, "2027-01-04".parse().unwrap()).unwrap();
        assert!(fits(&s, "39") && !fits(&s, "39.5"));
        crate::store::trash::undo(&mut s, entry).unwrap();
        assert!(fits(&s, "36") && !fits(&s, "36.5"), "back after Undo");
    }

    #[test]
    fn a_day_needs_working_times_that_read() {
        let mut s = book();
        for bad in ["", "13-9", "nine to five"] {
            let input = DateHoursInput {
                day: "2027-01-04".into(),
                windows: bad.into(),
            };
            assert!(matches!(
                set(&mut s, &input),
                Err(CapacityError::BadWindows(..))
            ));
        }
        let input = DateHoursInput {
            day: "someday".into(),
            windows: "9-13".into(),
        };
        assert!(matches!(set(&mut s, &input), Err(CapacityError::Field(_))));
    }
}
