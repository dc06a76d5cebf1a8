//! Working windows: the clock times of a working day ("09:00-12:30, 13:30-18:00") in the
//! user's zone. A day with windows works their total; only what overlaps them costs
//! working time (an evening dinner costs none). A day without windows keeps a number of
//! hours and no clock times, and then any busy time that day costs, as before.

use std::fmt;

/// One window: minutes from the day's local midnight, `start < end <= 24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: u32,
    pub end: u32,
}

impl Window {
    pub fn minutes(self) -> u32 {
        self.end - self.start
    }
}

/// Why a day's windows were refused: the text as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWindows(pub String);

/// Parses a day's windows: "09:00-12:30, 13:30-18:00", "9-12:30 13:30–18", blank for none.
/// Windows must be in order and not overlap; "24:00" ends the day.
pub fn parse(raw: &str) -> Result<Vec<Window>, BadWindows> {
    let bad = || BadWindows(raw.trim().to_owned());
    // "9 - 12" and "9–12" are "9-12": spaces then only separate windows.
    let mut text = raw.replace(['–', '—'], "-");
    while text.contains(" -") || text.contains("- ") {
        text = text.replace(" -", "-").replace("- ", "-");
    }
    let mut windows: Vec<Window> = Vec::new();
    for part in text
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (a, b) = part.split_once('-').ok_or_else(bad)?;
        let (start, end) = (clock(a).ok_or_else(bad)?, clock(b).ok_or_else(bad)?);
        if start >= end || windows.last().is_some_and(|w| w.end > start) {
            return Err(bad());
        }
        windows.push(Window { start, end });
    }
    Ok(windows)
}

/// "9", "09", "9:30", "09:30" or "24:00" as minutes from midnight.
fn clock(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let (h, m) = raw.split_once(':').unwrap_or((raw, "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 24 * 60).then_some(total)
}

/// The windows as the form shows them again: "09:00-12:30, 13:30-18:00".
pub struct Shown<'a>(pub &'a [Window]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(
                f,
                "{:02}:{:02}-{:02}:{:02}",
                w.start / 60,
                w.start % 60,
                w.end / 60,
                w.end % 60
            )?;
        }
        Ok(())
    }
}

/// The stored form: seven days, Monday first, separated by ";" (blank: no clock times).
pub fn store_text(week: &[Vec<Window>; 7]) -> String {
    week.iter()
        .map(|day| Shown(day).to_string().replace(' ', ""))
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads the stored form back; a damaged day reads as no clock times.
pub fn from_store(text: &str) -> [Vec<Window>; 7] {
    let mut week: [Vec<Window>; 7] = Default::default();
    for (slot, raw) in week.iter_mut().zip(text.split(';')) {
        *slot = parse(raw).unwrap_or_default();
    }
    week
}

/// Working windows for any day: a date's own (`dates.rs`), else its weekday's.
#[derive(Debug, Clone, Default)]
pub struct WorkingTime {
    pub week: [Vec<Window>; 7],
    pub dates: std::collections::BTreeMap<chrono::NaiveDate, Vec<Window>>,
}

impl WorkingTime {
    /// The windows of the days from `first` to `last`.
    pub fn load(
        conn: &rusqlite::Connection,
        first: chrono::NaiveDate,
        last: chrono::NaiveDate,
    ) -> Result<WorkingTime, super::CapacityError> {
        Ok(WorkingTime {
            week: super::working::working_windows(conn)?,
            dates: super::dates::between(conn, first, last)?,
        })
    }

    /// `day`'s windows; empty: that many hours, no clock times.
    pub fn on(&self, day: chrono::NaiveDate) -> &[Window] {
        use chrono::Datelike;
        self.dates
            .get(&day)
            .unwrap_or(&self.week[day.weekday().num_days_from_monday() as usize])
    }

    /// `day`'s windows as plain intervals, for the calendar's busy time (which knows no
    /// capacity types).
    pub fn minutes_on(&self, day: chrono::NaiveDate) -> Vec<(u32, u32)> {
        self.on(day).iter().map(|w| (w.start, w.end)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: u32, end: u32) -> Window {
        Window { start, end }
    }

    #[test]
    fn windows_are_read_as_people_type_them() {
        assert_eq!(
            parse("09:00-12:30, 13:30-18:00").unwrap(),
            [w(540, 750), w(810, 1080)]
        );
        assert_eq!(
            parse("9-12:30 13:30–18").unwrap(),
            [w(540, 750), w(810, 1080)]
        );
        assert_eq!(
            parse("9 - 12:30; 13:30 – 18").unwrap(),
            [w(540, 750), w(810, 1080)]
        );
        assert_eq!(parse("22:00-24:00").unwrap(), [w(1320, 1440)]);
        assert_eq!(parse("  ").unwrap(), []);
        for bad in [
            "9",
            "12-9",
            "9-12, 11-13",
            "9-25",
            "9:60-10",
            "9-12:5",
            "abc-def",
            "-12",
            "9-",
        ] {
            assert_eq!(parse(bad), Err(BadWindows(bad.into())), "{bad}");
        }
    }

    #[test]
    fn the_stored_week_reads_back_the_same() {
        let mut week: [Vec<Window>; 7] = Default::default();
        week[0] = vec![w(540, 750), w(810, 1080)];
        week[5] = vec![w(600, 720)];
        let text = store_text(&week);
        assert_eq!(text, "09:00-12:30,13:30-18:00;;;;;10:00-12:00;");
        assert_eq!(from_store(&text), week);
        assert_eq!(from_store(""), <[Vec<Window>; 7]>::default());
        assert_eq!(Shown(&week[0]).to_string(), "09:00-12:30, 13:30-18:00");
    }
}

#[cfg(test)]
mod in_the_check {
    //! The check counts only the busy time inside working windows. The week of Monday
    //! 2027-01-04; "today" is Sunday 2027-01-03; times in UTC.
    use crate::calendar::{add_event, EventInput};
    use crate::capacity::{check, working, Request, WorkingHoursInput};
    use crate::store::Store;
    use chrono_tz::Tz;

    fn book(windows: &str) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let weekdays = |v: &str| {
            let mut week = vec![v.to_string(); 5];
            week.extend(["".to_string(), "".to_string()]);
            week
        };
        let input = WorkingHoursInput {
            weekday_hours: ["9", "9", "9", "9", "9", "0", "0"]
                .map(String::from)
                .to_vec(),
            overtime_hours: String::new(),
            weekday_windows: Some(weekdays(windows)),
        };
        working::set_working_hours(&mut s, &input).unwrap();
        for (title, start, end) in [
            ("Late call", "2027-01-04T17:00", "2027-01-04T19:00"),
            ("Dinner", "2027-01-05T19:00", "2027-01-05T22:00"),
            ("Lunch", "2027-01-06T12:30", "2027-01-06T13:30"),
        ] {
            add_event(&mut s, &EventInput::meeting(title, start, end)).unwrap();
        }
        s
    }

    fn meetings_in_the_first_week(s: &Store) -> u64 {
        let request = Request {
            hours: "1".into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        let c = check(s.conn(), &request, "2027-01-03".parse().unwrap(), Tz::UTC).unwrap();
        c.weeks[0].meetings_minutes
    }

    #[test]
    fn only_busy_time_inside_the_windows_costs_working_time() {
        // 09:00-12:30 and 13:30-18:00: the late call costs 1 h, dinner nothing, lunch
        // (12:30-13:30, the break) nothing.
        let s = book("09:00-12:30, 13:30-18:00");
        assert_eq!(meetings_in_the_first_week(&s), 60);
        let hours = working::working_hours(s.conn()).unwrap();
        assert_eq!(hours.weekday_minutes, [480, 480, 480, 480, 480, 0, 0]);
        assert_eq!(hours.weekday_windows[0], "09:00-12:30, 13:30-18:00");
    }

    #[test]
    fn without_clock_times_all_busy_time_costs_as_before() {
        let s = book("");
        assert_eq!(meetings_in_the_first_week(&s), 2 * 60 + 3 * 60 + 60);
        let hours = working::working_hours(s.conn()).unwrap();
        assert_eq!(hours.weekday_minutes, [540, 540, 540, 540, 540, 0, 0]);
    }

    #[test]
    fn hours_typed_later_drop_the_windows_they_contradict() {
        let mut s = book("09:00-17:00");
        let input = WorkingHoursInput {
            weekday_hours: ["8", "6", "8", "8", "8", "0", "0"]
                .map(String::from)
                .to_vec(),
            overtime_hours: String::new(),
            weekday_windows: None,
        };
        let hours = working::set_working_hours(&mut s, &input).unwrap();
        assert_eq!(hours.weekday_windows[0], "09:00-17:00");
        assert_eq!(hours.weekday_windows[1], "", "6 h is not 09:00-17:00");
    }
}
