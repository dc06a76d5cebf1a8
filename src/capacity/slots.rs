//! Concrete times for a request that fits (issue 18): the plan's minutes for the request on
//! each day, placed in that day's free working time (its windows less every busy event),
//! earliest first. Accepting the request can put them on the calendar as time blocks
//! linked to the task it becomes, so accepting work also schedules it.
//!
//! Offered only when every day the plan uses has working windows: a day of plain hours has
//! no clock times to name.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::windows::WorkingTime;
use super::CapacityError;

/// A block of free working time, on the wall clock of `tz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Slot {
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM`, exclusive.
    pub end: String,
    /// The IANA zone the times are in (the user's).
    pub tz: String,
}

/// Places `per_day[d]` minutes (day `d` counted from `first`) in the days' free working
/// time. Empty when a day used has no working windows.
pub(crate) fn place(
    conn: &Connection,
    first: NaiveDate,
    per_day: &[u64],
    zone: Tz,
    windows: &WorkingTime,
) -> Result<Vec<Slot>, CapacityError> {
    let wall = |t: i64| {
        Utc.timestamp_opt(t, 0)
            .single()
            .map(|u| u.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    };
    let mut slots = Vec::new();
    for (d, &minutes) in per_day.iter().enumerate() {
        if minutes == 0 {
            continue;
        }
        let day = first + Duration::days(d as i64);
        let own = windows.on(day);
        if own.is_empty() {
            return Ok(Vec::new());
        }
        let spans: Vec<(u32, u32)> = own.iter().map(|w| (w.start, w.end)).collect();
        let mut left = minutes as i64 * 60;
        for (a, b) in crate::calendar::free_time(conn, day, zone, &spans)? {
            if left == 0 {
                break;
            }
            let take = (b - a).min(left);
            slots.push(Slot {
                start: wall(a),
                end: wall(a + take),
                tz: zone.name().to_owned(),
            });
            left -= take;
        }
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    //! Monday 2027-01-04 works 09:00-12:30 and 13:30-18:00 (7 h after a 10:00-11:00 call);
    //! "today" is Sunday 2027-01-03; times in UTC.
    use super::*;
    use crate::calendar::{add_event, EventInput};
    use crate::capacity::{check, decide, working, Decision, Request, Verdict, WorkingHoursInput};
    use crate::store::Store;

    fn book() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut windows = vec![String::new(); 7];
        windows[0] = "09:00-12:30, 13:30-18:00".into();
        let hours = WorkingHoursInput {
            weekday_hours: vec!["0".into(); 7],
            overtime_hours: String::new(),
            weekday_windows: Some(windows),
        };
        working::set_working_hours(&mut s, &hours).unwrap();
        add_event(
            &mut s,
            &EventInput::meeting("Call", "2027-01-04T10:00", "2027-01-04T11:00"),
        )
        .unwrap();
        s
    }

    fn ask(s: &Store, hours: &str) -> crate::capacity::CapacityCheck {
        let request = Request {
            title: "Landing page".into(),
            hours: hours.into(),
            deadline: "2027-01-04".into(),
            slots: true,
            ..Default::default()
        };
        check(s.conn(), &request, "2027-01-03".parse().unwrap(), Tz::UTC).unwrap()
    }

    fn times(slots: &[Slot]) -> Vec<(&str, &str)> {
        slots
            .iter()
            .map(|s| (&s.start[11..], &s.end[11..]))
            .collect()
    }

    #[test]
    fn a_request_that_fits_is_offered_the_free_working_time_around_meetings() {
        let s = book();
        let c = ask(&s, "5");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(
            times(&c.slots),
            [("09:00", "10:00"), ("11:00", "12:30"), ("13:30", "16:00")]
        );
        assert!(c
            .slots
            .iter()
            .all(|s| s.tz == "UTC" && s.start.starts_with("2027-01-04")));
        assert!(
            ask(&s, "8").slots.is_empty(),
            "does not fit: nothing proposed"
        );
    }

    #[test]
    fn a_personal_appointment_costs_no_capacity_but_no_work_is_proposed_on_it() {
        let mut s = book();
        let family = crate::calendar::add_calendar(
            &mut s,
            &crate::calendar::CalendarInput {
                name: "Family".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let dentist = EventInput::meeting("Dentist", "2027-01-04T14:00", "2027-01-04T15:00")
            .in_calendar(family.id);
        add_event(&mut s, &dentist).unwrap();
        // Still 7 h of capacity (it costs none), but the proposal goes around it.
        let c = ask(&s, "5");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(
            times(&c.slots),
            [
                ("09:00", "10:00"),
                ("11:00", "12:30"),
                ("13:30", "14:00"),
                ("15:00", "17:00")
            ]
        );
        assert_eq!(ask(&s, "7").verdict, Verdict::Fits);
    }

    #[test]
    fn accepting_the_proposed_times_puts_them_on_the_calendar_as_the_tasks_blocks() {
        let mut s = book();
        let c = ask(&s, "5");
        let request = Request {
            title: "Landing page".into(),
            hours: "5".into(),
            deadline: "2027-01-04".into(),
            ..Default::default()
        };
        let accept = Decision::Accept {
            due: None,
            slots: c.slots.clone(),
        };
        let booking = decide(&mut s, &request, accept, "2027-01-03".parse().unwrap()).unwrap();
        let task = booking.task_id.unwrap();
        let linked: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM task_blocks b JOIN events e ON e.id = b.event_id
                 WHERE b.task_id = ?1 AND e.kind = 'time_block'",
                [task],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(linked, 3);
        // The blocks are the task's own work: 2 h are left on Monday, no less.
        assert_eq!(ask(&s, "2").verdict, Verdict::Fits);
        assert_eq!(times(&ask(&s, "2").slots), [("16:00", "18:00")]);
        assert_eq!(ask(&s, "2.5").verdict, Verdict::DoesNotFit);
    }
}
