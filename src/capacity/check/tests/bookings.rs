//! Holding a request tentatively and accepting it: what the what-if counts, what an
//! accepted request becomes, which offered day a reply names and when accepting is refused.

use super::*;

#[test]
fn tentative_bookings_count_only_in_the_what_if() {
    let mut s = book("");
    let held = Request {
        hours: "30".into(),
        deadline: "2027-01-08".into(),
        title: "Maybe".into(),
        ..Default::default()
    };
    crate::capacity::decide(
        &mut s,
        &held,
        crate::capacity::Decision::Tentative,
        d(TODAY),
    )
    .unwrap();
    let c = ask(&s, None, "20", "", "2027-01-08");
    assert_eq!(c.verdict, Verdict::Fits);
    assert_eq!(
        (
            c.with_tentative.tentative_count,
            c.with_tentative.verdict,
            c.with_tentative.short_hours
        ),
        (1, Verdict::DoesNotFit, 10.0)
    );
    assert_eq!(c.weeks[0].tentative_minutes, 40 * 60);
}

#[test]
fn accepting_turns_the_request_into_a_task_that_later_checks_count() {
    let mut s = book("");
    let tiny = client(&mut s, "Tiny", Priority::Low);
    let accepted = Request {
        client_id: Some(tiny),
        hours: "30".into(),
        deadline: "2027-01-08".into(),
        title: "Yes".into(),
        priority: Some(Priority::High),
        ..Default::default()
    };
    let b = crate::capacity::decide(
        &mut s,
        &accepted,
        crate::capacity::Decision::ACCEPT,
        d(TODAY),
    )
    .unwrap();
    let t = tasks::get(s.conn(), b.task_id.unwrap(), d(TODAY)).unwrap();
    assert_eq!((t.estimate_minutes, t.due), (1800, Some(d("2027-01-08"))));
    // Accepted at high priority, it stays high even though its client is low.
    assert_eq!(t.client_priority, Priority::High);
    assert_eq!(
        ask(&s, None, "20", "", "2027-01-08").verdict,
        Verdict::DoesNotFit
    );
    assert!(matches!(
        crate::capacity::settle(&mut s, b.id, crate::capacity::Decision::ACCEPT, d(TODAY)),
        Err(CapacityError::AlreadyDecided("accepted"))
    ));
}

/// Issue 19: the reply offered one day, the header another, and Accept stored the
/// requested day already known to be missed.
#[test]
fn one_offered_day_is_the_reply_the_note_and_the_accepted_due_day() {
    let mut s = book("");
    task(&mut s, None, "Promised", "30", "2027-01-08");
    // 20 h by Wednesday cannot fit beside 30 h due Friday: 50 h of work end on Tuesday
    // 12 January at 8 h a day.
    let c = ask(&s, None, "20", "", "2027-01-06");
    assert_eq!(c.verdict, Verdict::DoesNotFit);
    assert_eq!(c.offered.as_deref(), Some("2027-01-12"));
    assert_eq!(c.offered, c.earliest_finish);
    assert!(c.reply.contains("Tuesday 12 January"), "{}", c.reply);
    assert!(
        c.finish_note.starts_with("Offered for Tuesday 12 January")
            && c.finish_note
                .contains("Accepted for Wednesday 6 January anyway (late)"),
        "{}",
        c.finish_note
    );
    let request = Request {
        hours: "20".into(),
        deadline: "2027-01-06".into(),
        ..Default::default()
    };
    let offered = c.offered.as_deref().map(d);
    let b = crate::capacity::decide(
        &mut s,
        &request,
        crate::capacity::Decision::Accept {
            due: offered,
            slots: Vec::new(),
        },
        d(TODAY),
    )
    .unwrap();
    assert_eq!(b.deadline, d("2027-01-12"));
    let t = tasks::get(s.conn(), b.task_id.unwrap(), d(TODAY)).unwrap();
    assert_eq!(t.due, Some(d("2027-01-12")));
    // Accepted as offered, the next check finds the book full but nothing late.
    assert!(ask(&s, None, "1", "", "2027-01-12").late.is_empty());
}

#[test]
fn a_fitting_request_is_offered_its_own_deadline() {
    let s = book("");
    let c = ask(&s, None, "8", "", "2027-01-06");
    assert_eq!(c.verdict, Verdict::Fits);
    assert_eq!(c.offered.as_deref(), Some("2027-01-06"));
    assert!(c.finish_note.starts_with("Due Wednesday 6 January"));
}

#[test]
fn the_note_explains_a_late_acceptance_finishing_before_the_offered_day() {
    // Accepted at high priority for its own day, the request pushes other work out and
    // finishes before the day that lets nobody down: the note says so in one line.
    let mut s = book("");
    let low = client(&mut s, "Low", Priority::Low);
    task(&mut s, Some(low), "Promised", "30", "2027-01-08");
    let big = client(&mut s, "Big", Priority::High);
    let c = ask(&s, Some(big), "20", "", "2027-01-06");
    assert_eq!(c.verdict, Verdict::DoesNotFit);
    assert_eq!(c.offered.as_deref(), Some("2027-01-12"));
    assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-06"));
    assert!(
        c.finish_note
            .ends_with("it would be done Wednesday 6 January and 1 other commitment would slip."),
        "{}",
        c.finish_note
    );
}

#[test]
fn accepting_for_a_day_already_gone_or_before_the_start_is_refused() {
    let mut s = book("");
    let request = Request {
        hours: "2".into(),
        start: "2027-01-06".into(),
        deadline: "2027-01-08".into(),
        ..Default::default()
    };
    let accept = |due| crate::capacity::Decision::Accept {
        due: Some(d(due)),
        slots: Vec::new(),
    };
    assert!(matches!(
        crate::capacity::decide(&mut s, &request, accept(TODAY), d(TODAY)),
        Err(CapacityError::DeadlinePassed)
    ));
    assert!(matches!(
        crate::capacity::decide(&mut s, &request, accept("2027-01-05"), d(TODAY)),
        Err(CapacityError::DueBeforeStart)
    ));
    assert!(crate::capacity::list_bookings(s.conn(), true)
        .unwrap()
        .is_empty());
}

#[test]
fn without_tentative_bookings_the_what_if_load_is_the_load_after() {
    // Issue 19: the chart showed a tentative-booking layer with no booking held.
    let mut s = book("4");
    let low = client(&mut s, "Low", Priority::Low);
    task(&mut s, Some(low), "Promised", "30", "2027-01-08");
    task(&mut s, None, "Later", "30", "2027-01-15");
    let big = client(&mut s, "Big", Priority::High);
    let c = ask(&s, Some(big), "20", "", "2027-01-06");
    assert_eq!(c.with_tentative.tentative_count, 0);
    assert!(c
        .weeks
        .iter()
        .all(|w| w.tentative_minutes == w.after_minutes));
}
