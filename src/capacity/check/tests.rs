//! Hand-worked scenarios. The week of Monday 2027-01-04; "today" is Sunday 2027-01-03,
//! so counting starts on Monday. Eight hours Monday to Friday unless said otherwise.

mod bookings;

use super::*;
use crate::capacity::{tasks, working, DayOffInput, TaskInput, WorkingHoursInput};
use crate::clients::{self, ClientId, ClientInput};
use crate::store::Store;

const TODAY: &str = "2027-01-03";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn book(overtime: &str) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let week = ["8", "8", "8", "8", "8", "0", "0"]
        .map(String::from)
        .to_vec();
    working::set_working_hours(
        &mut s,
        &WorkingHoursInput {
            weekday_hours: week,
            overtime_hours: overtime.into(),
            weekday_windows: None,
        },
    )
    .unwrap();
    s
}

fn client(s: &mut Store, name: &str, priority: Priority) -> ClientId {
    clients::add(
        s,
        &ClientInput {
            name: name.into(),
            priority,
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn task(s: &mut Store, client_id: Option<ClientId>, title: &str, hours: &str, due: &str) {
    let input = TaskInput {
        client_id,
        ..TaskInput::due(title, hours, due)
    };
    tasks::add(s, &input, d(TODAY)).unwrap();
}

fn ask(
    s: &Store,
    client_id: Option<ClientId>,
    hours: &str,
    start: &str,
    deadline: &str,
) -> CapacityCheck {
    let request = Request {
        client_id,
        hours: hours.into(),
        start: start.into(),
        deadline: deadline.into(),
        ..Default::default()
    };
    let mut c = check(s.conn(), &request, d(TODAY), Tz::UTC).unwrap();
    // The sentences as the CLI shows them, days rendered.
    c.reply = crate::prose::plain(&c.reply, d(TODAY));
    c.finish_note = crate::prose::plain(&c.finish_note, d(TODAY));
    c
}

#[test]
fn a_deadline_on_a_day_off_loses_that_day() {
    let mut s = book("");
    working::add_day_off(
        &mut s,
        &DayOffInput {
            first_day: "2027-01-08".into(),
            last_day: "".into(),
            label: "Off".into(),
        },
    )
    .unwrap();
    let c = ask(&s, None, "40", "", "2027-01-08");
    // Monday to Thursday give 32 hours.
    assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 8.0));
    // The last 8 hours fall on the next working day, Monday the 11th.
    assert_eq!(c.earliest_finish.as_deref(), Some("2027-01-11"));
    assert_eq!(c.reply, "I can't make Friday 8 January without letting other clients down, but I can deliver by Monday 11 January.");
    assert_eq!(ask(&s, None, "32", "", "2027-01-08").verdict, Verdict::Fits);
}

#[test]
fn overtime_covers_exactly_the_gap_and_no_more_than_the_allowance() {
    let mut s = book("5");
    task(&mut s, None, "Existing", "30", "2027-01-08");
    // 42 hours due Friday against 40 regular: 2 hours of overtime (5 allowed).
    let c = ask(&s, None, "12", "", "2027-01-08");
    assert_eq!(
        (c.verdict, c.overtime_hours, c.short_hours),
        (Verdict::FitsWithOvertime, 2.0, 0.0)
    );
    assert!(c.late.is_empty());
    assert_eq!(
        c.reply,
        "Yes, I can take this on and deliver by Friday 8 January."
    );
    // 47 hours: the 5 hours of overtime are not enough, 2 hours short.
    let c = ask(&s, None, "17", "", "2027-01-08");
    assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 2.0));
}

#[test]
fn a_request_that_fits_only_if_started_at_once() {
    let mut s = book("");
    task(&mut s, None, "Report", "24", "2027-01-08");
    // Monday and Tuesday for the request, Wednesday to Friday for the report.
    assert_eq!(
        ask(&s, None, "16", "2027-01-04", "2027-01-05").verdict,
        Verdict::Fits
    );
    // Starting Tuesday, 16 hours can't fit in one 8-hour day.
    let late = ask(&s, None, "16", "2027-01-05", "2027-01-05");
    assert_eq!((late.verdict, late.short_hours), (Verdict::DoesNotFit, 8.0));
    // Started Tuesday it can be done by Wednesday: the report takes Monday, Thursday
    // and Friday.
    assert_eq!(late.earliest_finish.as_deref(), Some("2027-01-06"));
}

#[test]
fn a_high_priority_request_squeezes_a_lower_priority_commitment() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::High);
    let tiny = client(&mut s, "Tiny", Priority::Low);
    task(&mut s, Some(tiny), "Tiny's brochure", "32", "2027-01-08");
    let c = ask(&s, Some(acme), "16", "", "2027-01-05");
    assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 8.0));
    assert_eq!(c.priority, Priority::High);
    // Accepted at high priority: Acme's work Monday and Tuesday, the brochure's last
    // 8 hours spill to Monday the 11th, three days late.
    assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-05"));
    assert_eq!(c.late.len(), 1);
    let l = &c.late[0];
    assert_eq!(
        (
            l.title.as_str(),
            l.due.as_str(),
            l.hours_late,
            l.finish.as_deref(),
            l.days_late
        ),
        (
            "Tiny's brochure",
            "2027-01-08",
            8.0,
            Some("2027-01-11"),
            Some(3)
        )
    );
    // Without hurting Tiny, Acme's work can be done by Monday the 11th.
    assert_eq!(c.earliest_finish.as_deref(), Some("2027-01-11"));
}

#[test]
fn a_low_priority_request_is_the_one_that_waits() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::High);
    let tiny = client(&mut s, "Tiny", Priority::Low);
    task(&mut s, Some(acme), "Acme launch", "32", "2027-01-08");
    let c = ask(&s, Some(tiny), "16", "", "2027-01-05");
    assert_eq!(c.verdict, Verdict::DoesNotFit);
    assert!(c.late.is_empty(), "{:?}", c.late);
    // The request gets what Acme leaves: Friday, then Monday.
    assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-11"));
}

#[test]
fn meetings_take_their_time_out_of_the_day() {
    let mut s = book("");
    let meeting =
        crate::calendar::EventInput::meeting("Workshop", "2027-01-04T09:00", "2027-01-04T13:00");
    crate::calendar::add_event(&mut s, &meeting).unwrap();
    let c = ask(&s, None, "40", "", "2027-01-08");
    assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 4.0));
    assert_eq!(c.weeks[0].meetings_minutes, 240);
    // Free time and deadlines on the calendar cost nothing.
    crate::calendar::add_event(
        &mut s,
        &crate::calendar::EventInput {
            free: true,
            ..meeting.clone()
        },
    )
    .unwrap();
    crate::calendar::add_event(
        &mut s,
        &crate::calendar::EventInput {
            kind: crate::calendar::EventKind::Deadline,
            ..meeting
        },
    )
    .unwrap();
    assert_eq!(ask(&s, None, "36", "", "2027-01-08").verdict, Verdict::Fits);
}

#[test]
fn a_personal_calendars_events_cost_no_working_time() {
    use crate::calendar::{self, CalendarInput, EventInput};
    let mut s = book("");
    let family = calendar::add_calendar(
        &mut s,
        &CalendarInput {
            name: "Family".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let school_run = EventInput::meeting("School play", "2027-01-04T09:00", "2027-01-04T13:00")
        .in_calendar(family.id);
    calendar::add_event(&mut s, &school_run).unwrap();
    let c = ask(&s, None, "40", "", "2027-01-08");
    assert_eq!((c.verdict, c.weeks[0].meetings_minutes), (Verdict::Fits, 0));

    // The same calendar marked work: the morning is busy again.
    calendar::update_calendar(
        &mut s,
        family.id,
        &CalendarInput {
            name: "Family".into(),
            personal: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    let c = ask(&s, None, "40", "", "2027-01-08");
    assert_eq!(
        (c.verdict, c.weeks[0].meetings_minutes),
        (Verdict::DoesNotFit, 240)
    );
}

#[test]
fn a_signed_contract_spreads_its_remaining_hours_over_its_weeks() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::Normal);
    s.conn()
            .execute(
                "INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
                 VALUES (?1, 'Retainer', 'fixed', 'EUR', 0, 80, '2027-01-04', '2027-01-15', 'signed_by_both', '', '')",
                [acme],
            )
            .unwrap();
    // 40 hours a week of contract work: nothing is left in week one.
    assert_eq!(
        ask(&s, None, "4", "", "2027-01-08").verdict,
        Verdict::DoesNotFit
    );
    // 8 hours logged leave 72, 36 a week: four hours free each week.
    let today = "2027-01-03".parse().unwrap();
    let k = crate::contracts::ContractId(1);
    assert_eq!(
        crate::capacity::log_contract_hours(&mut s, k, "8", today).unwrap(),
        480
    );
    // Hours are taken off on the timesheet, not with a negative number.
    assert!(matches!(
        crate::capacity::log_contract_hours(&mut s, k, "-8", today),
        Err(CapacityError::NegativeLog)
    ));
    assert!(matches!(
        crate::capacity::log_contract_hours(&mut s, k, "0", today),
        Err(CapacityError::NoHours)
    ));
    let c = ask(&s, None, "4", "", "2027-01-08");
    assert_eq!(c.verdict, Verdict::Fits);
    assert_eq!(
        (c.weeks[0].before_minutes, c.weeks[0].after_minutes),
        (36 * 60, 40 * 60)
    );
    assert_eq!(c.weeks[0].utilisation_after, Some(1.0));
}

#[test]
fn a_contract_slipping_names_the_week_whose_share_slips() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::Low);
    s.conn()
            .execute(
                "INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
                 VALUES (?1, 'Retainer', 'fixed', 'EUR', 0, 80, '2027-01-04', '2027-01-15', 'signed_by_both', '', '')",
                [acme],
            )
            .unwrap();
    let big = client(&mut s, "Big", Priority::High);
    let c = ask(&s, Some(big), "8", "", "2027-01-08");
    let l = c.late.first().expect("the retainer slips");
    assert_eq!(l.kind, CommitmentKind::Contract);
    // Its due day is the week's end, which the user never entered: labelled as a share.
    assert_eq!(
        (l.due.as_str(), l.week_share_of.as_deref()),
        ("2027-01-15", Some("2027-01-11"))
    );
    // Every week that slips, not only the worst: week one's share is pushed into week
    // two, whose own share then spills past its end.
    let weeks: Vec<(&str, f64)> = l
        .weeks
        .iter()
        .map(|w| (w.week_start.as_str(), w.hours_late))
        .collect();
    assert_eq!(weeks, [("2027-01-04", 8.0), ("2027-01-11", 8.0)]);
    assert_eq!(l.hours_late, 16.0);
}

#[test]
fn today_is_under_way_so_a_deadline_today_is_refused() {
    let s = book("");
    let r = Request {
        hours: "1".into(),
        deadline: TODAY.into(),
        ..Default::default()
    };
    assert!(matches!(
        check(s.conn(), &r, d(TODAY), Tz::UTC),
        Err(CapacityError::DeadlinePassed)
    ));
    let r = Request {
        hours: "0".into(),
        deadline: "2027-01-08".into(),
        ..Default::default()
    };
    assert!(matches!(
        check(s.conn(), &r, d(TODAY), Tz::UTC),
        Err(CapacityError::NoHours)
    ));
    let r = Request {
        hours: "2".into(),
        start: "2027-01-09".into(),
        deadline: "2027-01-08".into(),
        ..Default::default()
    };
    assert!(matches!(
        check(s.conn(), &r, d(TODAY), Tz::UTC),
        Err(CapacityError::DeadlineBeforeStart)
    ));
}

#[test]
fn an_overbooked_book_is_not_blamed_on_the_request() {
    let mut s = book("");
    task(&mut s, None, "Too much", "50", "2027-01-08");
    let c = ask(&s, None, "8", "", "2027-01-15");
    assert_eq!(c.verdict, Verdict::Fits);
    assert_eq!(c.already_late.len(), 1);
    assert!(c.late.is_empty());
}

#[test]
fn a_lower_priority_request_never_pushes_late_higher_priority_work_later() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::High);
    let tiny = client(&mut s, "Tiny", Priority::Low);
    task(&mut s, Some(acme), "Acme overload", "48", "2027-01-08");
    let c = ask(&s, Some(tiny), "8", "", "2027-01-15");
    assert_eq!(c.already_late.len(), 1);
    assert!(c.late.is_empty(), "{:?}", c.late);
    assert_eq!(c.verdict, Verdict::Fits);
}

#[test]
fn overdue_high_priority_work_goes_first_and_keeps_its_real_due_day() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::High);
    let tiny = client(&mut s, "Tiny", Priority::Low);
    task(&mut s, Some(acme), "Overdue", "16", "2027-01-01");
    task(&mut s, Some(tiny), "Brochure", "32", "2027-01-08");
    let c = ask(&s, None, "8", "", "2027-01-15");
    let late: Vec<(&str, &str, Option<&str>, Option<u32>)> = c
        .already_late
        .iter()
        .map(|l| {
            (
                l.title.as_str(),
                l.due.as_str(),
                l.finish.as_deref(),
                l.days_late,
            )
        })
        .collect();
    // Acme's work takes Monday and Tuesday; the brochure slips to the next Monday.
    assert_eq!(
        late,
        vec![
            ("Overdue", "2027-01-01", Some("2027-01-05"), Some(4)),
            ("Brochure", "2027-01-08", Some("2027-01-11"), Some(3))
        ]
    );
    // A normal request due later fits after both and makes neither later.
    assert!(c.late.is_empty(), "{:?}", c.late);
}

#[test]
fn estimates_that_ran_over_give_a_second_calibrated_verdict() {
    let mut s = book("");
    let acme = client(&mut s, "Acme", Priority::Normal);
    // No history yet: no calibrated verdict.
    assert!(ask(&s, Some(acme), "30", "", "2027-01-08")
        .calibrated
        .is_none());
    // Four done tasks estimated at 10 h that took 13 h each (done in the past, no load).
    for i in 0..4 {
        let input = TaskInput {
            done_hours: "13".into(),
            status: crate::capacity::TaskStatus::Done,
            ..TaskInput::due(&format!("Old {i}"), "10", "").for_client(acme)
        };
        tasks::add(&mut s, &input, d(TODAY)).unwrap();
    }
    let c = ask(&s, Some(acme), "30", "", "2027-01-08");
    // 30 h fit the 40-hour week; 39 h (30 × 1.3) still do.
    assert_eq!(c.verdict, Verdict::Fits);
    let cal = c.calibrated.unwrap();
    assert_eq!(
        (cal.accuracy.tasks, cal.accuracy.ratio, cal.hours),
        (4, 1.3, 39.0)
    );
    assert_eq!(cal.verdict, Verdict::Fits);
    // 35 h fit; 45.5 h do not.
    let c = ask(&s, Some(acme), "35", "", "2027-01-08");
    let cal = c.calibrated.unwrap();
    assert_eq!(
        (c.verdict, cal.verdict, cal.short_hours),
        (Verdict::Fits, Verdict::DoesNotFit, 5.5)
    );
    assert_eq!(
        cal.note,
        "Your estimates for Acme ran 1.3× over on the last 4 tasks: at 45.5 h this would not fit."
    );
    // Another client with no history of its own goes by all clients'.
    let other = client(&mut s, "Other", Priority::Normal);
    let cal = ask(&s, Some(other), "35", "", "2027-01-08")
        .calibrated
        .unwrap();
    assert_eq!(
        (cal.accuracy.client.as_deref(), cal.accuracy.tasks),
        (None, 4)
    );
}
