//! The sample book's capacity: working hours with a little overtime, a long weekend off,
//! tasks in every quadrant and state, and a request held tentatively.

use chrono::{Duration, NaiveDate};

use crate::clients::ClientId;
use crate::store::Store;
use crate::views::Error;

/// Working hours with a little overtime, a long weekend off, tasks in every quadrant and
/// state (one delegated, one overdue, one done) and a request held tentatively.
pub(super) fn sample_capacity(
    store: &mut Store,
    today: NaiveDate,
    ids: &[ClientId],
) -> Result<(), Error> {
    use crate::capacity::{self, Decision, Request, TaskInput, TaskStatus, WorkingHoursInput};
    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let week = ["8", "8", "8", "8", "6", "0", "0"]
        .map(String::from)
        .to_vec();
    capacity::set_working_hours(
        store,
        &WorkingHoursInput {
            weekday_hours: week,
            overtime_hours: "4".into(),
            // Clock times, so an evening event costs no working time (Friday ends early).
            weekday_windows: Some(
                [
                    "09:00-12:30, 13:30-18:00",
                    "09:00-12:30, 13:30-18:00",
                    "09:00-12:30, 13:30-18:00",
                    "09:00-12:30, 13:30-18:00",
                    "09:00-12:30, 13:30-16:00",
                    "",
                    "",
                ]
                .map(String::from)
                .to_vec(),
            ),
        },
    )?;
    capacity::add_day_off(
        store,
        &capacity::DayOffInput {
            first_day: day(33),
            last_day: day(36),
            label: "Long weekend".into(),
        },
    )?;
    let task =
        |client: usize, title: &str, hours: &str, due: i64, urgent: bool, important: bool| {
            TaskInput {
                client_id: Some(ids[client]),
                title: title.into(),
                estimate_hours: hours.into(),
                due: day(due),
                urgent,
                important,
                ..Default::default()
            }
        };
    let tasks = [
        TaskInput {
            done_hours: "4".into(),
            ..task(0, "Quarterly report draft", "10", 3, true, true)
        },
        task(2, "Kick-off notes and project plan", "6", 2, true, true),
        task(
            6,
            "Compliance checklist for release 2.3",
            "8",
            6,
            false,
            true,
        ),
        task(
            1,
            "Logo variants for the spring range",
            "12",
            9,
            false,
            true,
        ),
        task(4, "Spring menu copy", "10", 16, false, false),
        TaskInput {
            status: TaskStatus::InProgress,
            done_hours: "2".into(),
            ..task(11, "Launch landing page", "14", 12, true, false)
        },
        TaskInput {
            delegated_to: "Kim (VA)".into(),
            follow_up: day(1),
            ..task(5, "Chase invoice 2026-031", "0.5", 4, true, false)
        },
        task(3, "Patient newsletter", "3", -2, false, false),
        task(8, "Annual report layout", "20", 40, false, true),
        TaskInput {
            status: TaskStatus::Done,
            ..task(0, "Send revised quote", "1", -5, true, true)
        },
    ];
    for t in &tasks {
        capacity::tasks::add(store, t, today)?;
    }
    let held = Request {
        client_id: Some(ids[9]),
        title: "Hooli brand refresh".into(),
        hours: "24".into(),
        start: day(7),
        deadline: day(30),
        priority: None,
        slots: false,
    };
    capacity::decide(store, &held, Decision::Tentative, today)?;
    Ok(())
}
