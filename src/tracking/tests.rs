use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::*;
use crate::capacity::{tasks, TaskInput};
use crate::clients::{self, ClientInput};
use crate::contracts::{self, ContractAction, ContractInput};
use crate::store::{trash, Store};

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

struct Book {
    s: Store,
    acme: ClientId,
    hourly: ContractId,
}

/// Acme with a signed hourly contract at 80.00 EUR.
fn book() -> Book {
    let mut s = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut s, &ClientInput::named("Acme"))
        .unwrap()
        .id;
    let input = ContractInput::hourly(acme, "Support", "80", "EUR");
    let hourly = contracts::add_contract(&mut s, &input, d("2026-11-01"))
        .unwrap()
        .id;
    for a in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(&mut s, hourly, a, "2026-11-02", "").unwrap();
    }
    Book { s, acme, hourly }
}

fn hours(target: Target, day: &str, hours: &str) -> EntryInput {
    EntryInput {
        target: Some(target),
        day: day.into(),
        hours: hours.into(),
        ..EntryInput::default()
    }
}

fn from_to(target: Target, day: &str, from: &str, to: &str) -> EntryInput {
    EntryInput {
        target: Some(target),
        day: day.into(),
        from: from.into(),
        to: to.into(),
        billable: true,
        ..EntryInput::default()
    }
}

#[test]
fn one_timer_runs_at_a_time_and_starting_another_stops_it() {
    let Book {
        mut s,
        acme,
        hourly,
    } = book();
    let first = start(
        &mut s,
        Target::Client(acme),
        "calls",
        at("2026-12-01T08:00:00Z"),
        BERLIN,
    )
    .unwrap();
    assert!(first.stopped.is_none());
    assert!(first.running.running);
    // Time on the client goes on its one hourly contract.
    assert_eq!(first.running.contract_id, Some(hourly));
    assert_eq!(
        running(s.conn(), at("2026-12-01T08:30:00Z"))
            .unwrap()
            .unwrap()
            .minutes,
        30
    );

    let second = start(
        &mut s,
        Target::Contract(hourly),
        "",
        at("2026-12-01T09:15:20Z"),
        BERLIN,
    )
    .unwrap();
    let stopped = second.stopped.unwrap();
    // A started minute counts whole: 75 min 20 s is 76 minutes.
    assert_eq!((stopped.minutes, stopped.running), (76, false));
    let now = running(s.conn(), at("2026-12-01T09:16:00Z"))
        .unwrap()
        .unwrap();
    assert_eq!(now.id, second.running.id);

    let done = stop(&mut s, at("2026-12-01T10:15:20Z")).unwrap();
    assert_eq!((done.minutes, done.running), (60, false));
    assert!(running(s.conn(), at("2026-12-01T11:00:00Z"))
        .unwrap()
        .is_none());
    assert!(matches!(
        stop(&mut s, at("2026-12-01T11:00:00Z")),
        Err(TrackingError::NotRunning)
    ));
    // The database itself refuses a second running timer.
    let twice = s.conn().execute_batch(
        "INSERT INTO time_entries (client_id, day, start_utc, created_at) VALUES (1, '2026-12-01', 1, '');
         INSERT INTO time_entries (client_id, day, start_utc, created_at) VALUES (1, '2026-12-01', 2, '');",
    );
    assert!(twice.is_err());
}

#[test]
fn a_running_timer_is_in_the_book_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite3");
    {
        let mut s = Store::open_file(&path).unwrap();
        let acme = clients::add(&mut s, &ClientInput::named("Acme"))
            .unwrap()
            .id;
        start(
            &mut s,
            Target::Client(acme),
            "",
            at("2026-12-01T08:00:00Z"),
            BERLIN,
        )
        .unwrap();
    }
    let mut s = Store::open_file(&path).unwrap();
    let again = running(s.conn(), at("2026-12-01T09:00:00Z"))
        .unwrap()
        .unwrap();
    assert_eq!((again.client.as_deref(), again.minutes), (Some("Acme"), 60));
    assert_eq!(
        stop(&mut s, at("2026-12-01T09:00:00Z")).unwrap().minutes,
        60
    );
}

#[test]
fn typed_entries_take_hours_or_a_start_and_end_and_refuse_what_cannot_be() {
    let Book { mut s, acme, .. } = book();
    let now = at("2026-12-01T18:00:00Z");
    let c = Target::Client(acme);
    assert_eq!(
        add(&mut s, &hours(c, "2026-11-30", "1:30"), now, BERLIN)
            .unwrap()
            .minutes,
        90
    );
    let ranged = add(
        &mut s,
        &from_to(c, "2026-11-30", "09:00", "10:45"),
        now,
        BERLIN,
    )
    .unwrap();
    assert_eq!(ranged.minutes, 105);
    assert_eq!(
        ranged.start,
        Some(at("2026-11-30T08:00:00Z")),
        "09:00 in Berlin"
    );

    let refused = |input: EntryInput, s: &mut Store| add(s, &input, now, BERLIN).unwrap_err();
    assert!(matches!(
        refused(from_to(c, "2026-11-30", "10:00", "11:00"), &mut s),
        TrackingError::Overlaps(what) if what == "Support"
    ));
    assert!(matches!(
        refused(hours(c, "2026-12-02", "1"), &mut s),
        TrackingError::InFuture
    ));
    assert!(matches!(
        refused(from_to(c, "2026-12-01", "18:00", "20:00"), &mut s),
        TrackingError::InFuture
    ));
    assert!(matches!(
        refused(hours(c, "2026-11-30", ""), &mut s),
        TrackingError::NoLength
    ));
    assert!(matches!(
        refused(hours(c, "2026-11-30", "0"), &mut s),
        TrackingError::NoLength
    ));
    assert!(matches!(
        refused(hours(c, "2026-11-30", "25"), &mut s),
        TrackingError::OverADay
    ));
    assert!(matches!(
        refused(from_to(c, "2026-11-30", "9", "10:00"), &mut s),
        TrackingError::BadTime("from", _)
    ));
    assert!(matches!(
        refused(from_to(c, "2026-11-30", "12:00", ""), &mut s),
        TrackingError::HalfRange
    ));
    assert!(matches!(
        refused(
            EntryInput {
                hours: "1".into(),
                ..from_to(c, "2026-11-30", "12:00", "13:00")
            },
            &mut s
        ),
        TrackingError::BothLengths
    ));
    assert!(matches!(
        refused(
            EntryInput {
                target: None,
                ..hours(c, "2026-11-30", "1")
            },
            &mut s
        ),
        TrackingError::NoTarget
    ));
    assert!(matches!(
        refused(hours(c, "20260-01-01", "1"), &mut s),
        TrackingError::Field(_)
    ));
    // Nothing refused was written.
    assert_eq!(
        list(s.conn(), d("2026-11-01"), d("2026-12-31"), now)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn night_work_is_one_entry_split_at_midnight_only_in_reports() {
    let Book { mut s, acme, .. } = book();
    let now = at("2026-12-01T18:00:00Z");
    let night = add(
        &mut s,
        &from_to(Target::Client(acme), "2026-11-29", "23:00", "01:30"),
        now,
        BERLIN,
    )
    .unwrap();
    assert_eq!((night.day, night.minutes), (d("2026-11-29"), 150));
    let sheet = timesheet(s.conn(), d("2026-11-23"), now, BERLIN).unwrap();
    assert_eq!(sheet.rows[0].minutes, vec![0, 0, 0, 0, 0, 0, 60]);
    let next = timesheet(s.conn(), d("2026-11-30"), now, BERLIN).unwrap();
    assert_eq!(next.rows[0].minutes[0], 90);
    assert_eq!(next.total, 90);
    let r = report(s.conn(), d("2026-11-29"), d("2026-11-30"), now, BERLIN).unwrap();
    assert_eq!((r.minutes, r.rows[0].minutes), (150, 150));
    let one_day = report(s.conn(), d("2026-11-30"), d("2026-11-30"), now, BERLIN).unwrap();
    assert_eq!(one_day.minutes, 90);
}

#[test]
fn a_tasks_hours_done_are_its_time_and_typing_more_logs_the_difference() {
    let Book { mut s, acme, .. } = book();
    let today = d("2026-12-01");
    let now = at("2026-12-01T18:00:00Z");
    let task = tasks::add(
        &mut s,
        &TaskInput {
            done_hours: "2".into(),
            ..TaskInput::due("Report", "10", "2026-12-20").for_client(acme)
        },
        today,
    )
    .unwrap();
    assert_eq!((task.done_minutes, task.remaining_minutes), (120, 480));
    add(
        &mut s,
        &hours(Target::Task(task.id), "2026-12-01", "1.5"),
        now,
        BERLIN,
    )
    .unwrap();
    let read = tasks::get(s.conn(), task.id, today).unwrap();
    assert_eq!(read.done_minutes, 210);

    // Typing 5 hours done logs the 1.5 missing.
    let mut edit = TaskInput {
        done_hours: "5".into(),
        ..TaskInput::due("Report", "10", "2026-12-20").for_client(acme)
    };
    assert_eq!(
        tasks::update(&mut s, task.id, &edit, today)
            .unwrap()
            .done_minutes,
        300
    );
    // Below the 1.5 h from the timesheet it is refused, nothing written.
    edit.done_hours = "1".into();
    assert!(matches!(
        tasks::update(&mut s, task.id, &edit, today),
        Err(crate::capacity::CapacityError::DoneBelowLogged(h)) if h == "1.5"
    ));
    assert_eq!(
        tasks::get(s.conn(), task.id, today).unwrap().done_minutes,
        300
    );
    // Lowering takes off typed hours, latest first; the timesheet's entry stays.
    edit.done_hours = "2".into();
    assert_eq!(
        tasks::update(&mut s, task.id, &edit, today)
            .unwrap()
            .done_minutes,
        120
    );
    let left = list(s.conn(), today, today, now).unwrap();
    assert_eq!(
        left.iter().map(|e| e.minutes).collect::<Vec<_>>(),
        vec![90, 30],
        "the timesheet's 1.5 h and what is left of the first typed 2 h"
    );
    // Blank keeps what is logged.
    edit.done_hours = String::new();
    assert_eq!(
        tasks::update(&mut s, task.id, &edit, today)
            .unwrap()
            .done_minutes,
        120
    );
}

#[test]
fn a_deleted_entry_comes_back_with_undo_and_reports_follow_edits() {
    let Book { mut s, acme, .. } = book();
    let now = at("2026-12-01T18:00:00Z");
    let e = add(
        &mut s,
        &hours(Target::Client(acme), "2026-11-30", "3"),
        now,
        BERLIN,
    )
    .unwrap();
    let r = |s: &Store| {
        report(s.conn(), d("2026-11-30"), d("2026-11-30"), now, BERLIN)
            .unwrap()
            .minutes
    };
    assert_eq!(r(&s), 180);
    update(
        &mut s,
        e.id,
        &hours(Target::Client(acme), "2026-11-30", "2"),
        now,
        BERLIN,
    )
    .unwrap();
    assert_eq!(r(&s), 120);
    let entry = delete(&mut s, e.id, now).unwrap();
    assert_eq!(r(&s), 0);
    trash::undo(&mut s, entry).unwrap();
    assert_eq!(r(&s), 120);
    assert_eq!(get(s.conn(), e.id, now).unwrap().minutes, 120);
}
