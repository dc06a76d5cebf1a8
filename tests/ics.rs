//! iCalendar import and export on real files.

use chrono::NaiveDate;
use chrono_tz::Tz;
use juggle::calendar::{self, ics, EventInput, EventKind, Filter, Freq, Recurrence};
use juggle::clients::{self, ClientInput};
use juggle::Store;

fn book() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn list(store: &Store, from: &str, to: &str) -> Vec<calendar::Occurrence> {
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    juggle::views::occurrences(
        store,
        from.parse().unwrap(),
        to.parse().unwrap(),
        berlin,
        &Filter::default(),
    )
    .unwrap()
}

#[test]
fn a_google_calendar_file_imports_with_series_exceptions_and_reminders() {
    let (_d, mut store) = book();
    let report = ics::import(&mut store, include_str!("fixtures/google.ics"), None).unwrap();
    assert_eq!(
        (report.added, report.updated, report.skipped.len()),
        (4, 0, 0),
        "{report:?}"
    );

    let march: Vec<(String, String)> = list(&store, "2027-03-01", "2027-03-22")
        .into_iter()
        .filter(|o| o.uid == "standup-123@google.com")
        .map(|o| (o.start, o.title))
        .collect();
    assert_eq!(
        march,
        [
            ("2027-03-01T09:00:00+01:00".into(), "Team stand-up".into()),
            // 8 March is an EXDATE; 15 March was moved to 11:00.
            (
                "2027-03-15T11:00:00+01:00".into(),
                "Team stand-up (moved)".into()
            ),
            ("2027-03-22T09:00:00+01:00".into(), "Team stand-up".into()),
        ]
    );
    let all = list(&store, "2027-03-01", "2027-03-31");
    let call = all.iter().find(|o| o.uid == "abc-456@google.com").unwrap();
    assert_eq!(
        call.start, "2027-03-02T15:00:00+01:00",
        "UTC times shown in the calendar's zone"
    );
    assert!(
        call.title.ends_with("because it is long"),
        "folded lines are joined"
    );
    assert_eq!(call.kind, EventKind::Meeting);
    let trip = all.iter().find(|o| o.uid == "trip-789@google.com").unwrap();
    assert_eq!(
        (
            trip.all_day,
            trip.start.as_str(),
            trip.end.as_str(),
            trip.free
        ),
        (true, "2027-03-10", "2027-03-12", true)
    );
    let standup = calendar::get_event(&store, all[0].event_id).unwrap();
    assert_eq!(standup.reminders, [10]);
    assert_eq!(standup.notes, "Daily sync, quick.\nBring blockers.");
}

#[test]
fn re_importing_the_same_file_updates_and_never_duplicates() {
    let (_d, mut store) = book();
    ics::import(&mut store, include_str!("fixtures/google.ics"), None).unwrap();
    let before = list(&store, "2027-01-01", "2027-12-31").len();
    let again = ics::import(&mut store, include_str!("fixtures/google.ics"), None).unwrap();
    assert_eq!((again.added, again.updated), (0, 4));
    assert_eq!(list(&store, "2027-01-01", "2027-12-31").len(), before);
}

#[test]
fn bad_events_in_an_outlook_file_are_reported_by_kind_with_line_uid_and_reason() {
    let (_d, mut store) = book();
    let report = ics::import(&mut store, include_str!("fixtures/outlook.ics"), None).unwrap();
    // An unknown zone is read as local time and an end before the start as an instant:
    // both events are kept, the first with a note.
    assert_eq!(report.added, 3);
    let skipped: Vec<(u32, &str, ics::SkipKind)> = report
        .skipped
        .iter()
        .map(|s| (s.line, s.uid.as_deref().unwrap_or(""), s.kind))
        .collect();
    assert_eq!(
        skipped,
        [
            (27, "no-start@outlook", ics::SkipKind::Event),
            (32, "bad-zone@outlook", ics::SkipKind::Value),
            (44, "bad-rule@outlook", ics::SkipKind::Event)
        ]
    );
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons[0].contains("no start"), "{reasons:?}");
    assert!(
        reasons[1].contains("time zone “Atlantis Standard Time” is unknown"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("repeat rule"), "{reasons:?}");
    // The Windows zone name is understood: 14:00 in Berlin.
    let all = list(&store, "2027-04-05", "2027-04-05");
    let first = all
        .iter()
        .find(|o| o.uid != "bad-zone@outlook" && o.uid != "backwards@outlook")
        .unwrap();
    assert_eq!(first.start, "2027-04-05T14:00:00+02:00");
}

#[test]
fn a_malformed_event_is_skipped_and_the_rest_imported() {
    let (_d, mut store) = book();
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20270101T100000Z\r\nDTEND:20270101T110000Z\r\nSUMMARY:Fine\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nthis line is not a property\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let report = ics::import(&mut store, text, None).unwrap();
    assert_eq!(report.added, 1);
    // The bad line is dropped and reported; the event, left without a start, too.
    let got: Vec<(u32, ics::SkipKind)> = report.skipped.iter().map(|s| (s.line, s.kind)).collect();
    assert_eq!(got, [(9, ics::SkipKind::Event), (10, ics::SkipKind::Line)]);
}

#[test]
fn a_file_that_is_not_icalendar_is_refused_and_changes_nothing() {
    let (_d, mut store) = book();
    let err = ics::import(&mut store, "name,email\nAna,ana@acme.com\n", None).unwrap_err();
    assert!(err.to_string().contains("not an iCalendar file"));
    assert!(list(&store, "2000-01-01", "2100-01-01").is_empty());
}

#[test]
fn export_then_import_into_an_empty_book_keeps_everything() {
    let (_d, mut store) = book();
    let acme = clients::add(
        &mut store,
        &ClientInput {
            name: "Acme, Inc.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let base = EventInput {
        location: "Video".into(),
        notes: "Agenda:\n1. numbers".into(),
        reminders: vec![10, 60],
        ..EventInput::meeting(
            "Weekly; review, with Acme",
            "2027-03-01T09:00",
            "2027-03-01T10:00",
        )
        .in_zone("America/New_York")
        .for_client(acme.id)
    }
    .repeating(Recurrence {
        freq: Freq::Weekly,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count: Some(6),
        until: None,
    });
    let series = calendar::add_event(&mut store, &base).unwrap();
    let occ = list(&store, "2027-03-01", "2027-04-30");
    calendar::delete_event(
        &mut store,
        series.id,
        occ[1].occurrence_key,
        calendar::Scope::This,
    )
    .unwrap();
    calendar::move_occurrence(
        &mut store,
        series.id,
        occ[2].occurrence_key,
        calendar::Scope::This,
        "2027-03-15T12:00:00-04:00",
        "2027-03-15T13:00:00-04:00",
    )
    .unwrap();
    let holiday = EventInput {
        all_day: true,
        kind: EventKind::Other,
        start: "2027-03-20".into(),
        end: "2027-03-21".into(),
        recurrence: None,
        client_id: None,
        reminders: vec![],
        ..base.clone()
    };
    calendar::add_event(&mut store, &holiday).unwrap();

    let text = ics::export(&store, None).unwrap();
    assert!(
        text.contains("DTSTART;TZID=America/New_York:20270301T090000"),
        "{text}"
    );
    assert!(
        text.contains("RECURRENCE-ID;TZID=America/New_York:20270315T090000"),
        "{text}"
    );

    let (_d2, mut fresh) = book();
    clients::add(
        &mut fresh,
        &ClientInput {
            name: "Acme, Inc.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let report = ics::import(&mut fresh, &text, None).unwrap();
    assert!(report.skipped.is_empty(), "{report:?}");
    let strip = |v: Vec<calendar::Occurrence>| {
        v.into_iter()
            .map(|o| {
                (
                    o.uid,
                    o.title,
                    o.start,
                    o.end,
                    o.all_day,
                    o.client,
                    o.kind,
                    o.reminders,
                    o.location,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(list(&fresh, "2027-01-01", "2027-12-31")),
        strip(list(&store, "2027-01-01", "2027-12-31"))
    );
    let _ = NaiveDate::MIN;
}

#[test]
fn export_for_one_client_leaves_the_others_out() {
    let (_d, mut store) = book();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let mk = |title: &str, client| EventInput {
        client_id: client,
        ..EventInput::meeting(title, "2027-03-01T09:00", "2027-03-01T10:00")
    };
    calendar::add_event(&mut store, &mk("Acme call", Some(acme.id))).unwrap();
    calendar::add_event(&mut store, &mk("Private", None)).unwrap();
    let text = ics::export(&store, Some(acme.id)).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    assert!(text.contains("SUMMARY:Acme call"));
}

#[test]
fn an_apple_calendar_file_with_leap_day_birthdays_escaped_commas_and_floating_times() {
    let (_d, mut store) = book();
    let report = ics::import(&mut store, include_str!("fixtures/apple.ics"), None).unwrap();
    assert_eq!((report.added, report.skipped.len()), (3, 0), "{report:?}");
    let ny: Tz = "America/New_York".parse().unwrap();
    let in_ny = |from: &str, to: &str| {
        juggle::views::occurrences(
            &store,
            from.parse().unwrap(),
            to.parse().unwrap(),
            ny,
            &Filter::default(),
        )
        .unwrap()
    };

    // Yearly on 29 February: only in leap years (2028, 2032, 2036 for COUNT=3).
    let birthdays: Vec<String> = in_ny("2028-01-01", "2036-12-31")
        .into_iter()
        .filter(|o| o.all_day)
        .map(|o| o.start)
        .collect();
    assert_eq!(birthdays, ["2028-02-29", "2032-02-29", "2036-02-29"]);

    let march = in_ny("2027-03-11", "2027-03-12");
    assert_eq!(march[0].title, "Coffee with Tom, Priya and Jo");
    assert_eq!(march[0].location, "Blue Bottle, 5th Ave");
    assert_eq!(march[0].start, "2027-03-11T09:00:00-05:00");
    assert_eq!(march[0].reminders, [30]);
    // No zone on the time: the calendar's X-WR-TIMEZONE applies.
    assert_eq!(march[1].start, "2027-03-12T08:30:00-05:00");
}
