//! The calendar on a real data file: events, series, exceptions, moves, conflicts,
//! reminders and every validation rule.

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use juggle::calendar::{self, EventInput, Filter, Freq, Recurrence, Scope};
use juggle::clients::ClientId;
use juggle::clients::{self, ClientInput};
use juggle::{Coded, Store};

fn book() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn meeting(title: &str, start: &str, end: &str) -> EventInput {
    EventInput::meeting(title, start, end).in_zone("Europe/Berlin")
}

fn all_day(title: &str, start: &str, end: &str) -> EventInput {
    EventInput::all_day(title, start, end).in_zone("Europe/Berlin")
}

fn weekly(count: u32) -> Option<Recurrence> {
    Some(Recurrence {
        freq: Freq::Weekly,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count: Some(count),
        until: None,
    })
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn berlin() -> Tz {
    "Europe/Berlin".parse().unwrap()
}

fn list(store: &Store, from: &str, to: &str) -> Vec<calendar::Occurrence> {
    juggle::views::occurrences(store, day(from), day(to), berlin(), &Filter::default()).unwrap()
}

fn starts(store: &Store, from: &str, to: &str) -> Vec<String> {
    list(store, from, to).into_iter().map(|o| o.start).collect()
}

#[test]
fn a_timed_event_is_listed_with_its_local_offset() {
    let (_d, mut store) = book();
    calendar::add_event(
        &mut store,
        &meeting("Kick-off", "2027-03-30T09:00", "2027-03-30T10:00"),
    )
    .unwrap();
    let found = list(&store, "2027-03-30", "2027-03-30");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start, "2027-03-30T09:00:00+02:00");
    assert_eq!(found[0].end, "2027-03-30T10:00:00+02:00");
    assert!(list(&store, "2027-03-31", "2027-04-30").is_empty());
}

#[test]
fn all_day_events_cover_their_days_inclusively() {
    let (_d, mut store) = book();
    calendar::add_event(&mut store, &all_day("Vacation", "2027-08-02", "2027-08-13")).unwrap();
    assert_eq!(
        list(&store, "2027-08-13", "2027-08-13")[0].end,
        "2027-08-13"
    );
    assert_eq!(list(&store, "2027-08-01", "2027-08-01").len(), 0);
    assert_eq!(list(&store, "2027-08-14", "2027-08-20").len(), 0);
    assert_eq!(list(&store, "2027-07-01", "2027-09-01").len(), 1);
}

#[test]
fn a_long_event_that_began_before_the_window_is_still_found() {
    let (_d, mut store) = book();
    calendar::add_event(
        &mut store,
        &meeting("Workshop", "2027-05-03T09:00", "2027-05-07T17:00"),
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &meeting("Short", "2027-05-06T09:00", "2027-05-06T09:30"),
    )
    .unwrap();
    let titles: Vec<String> = list(&store, "2027-05-06", "2027-05-06")
        .into_iter()
        .map(|o| o.title)
        .collect();
    assert_eq!(titles, ["Workshop", "Short"]);
}

#[test]
fn a_weekly_series_keeps_its_local_time_across_the_clock_change() {
    let (_d, mut store) = book();
    let input = EventInput {
        recurrence: weekly(4),
        ..meeting("Stand-up", "2027-03-15T09:00", "2027-03-15T09:15")
    };
    calendar::add_event(&mut store, &input).unwrap();
    assert_eq!(
        starts(&store, "2027-03-01", "2027-04-30"),
        [
            "2027-03-15T09:00:00+01:00",
            "2027-03-22T09:00:00+01:00",
            "2027-03-29T09:00:00+02:00",
            "2027-04-05T09:00:00+02:00"
        ]
    );
}

#[test]
fn one_occurrence_can_be_skipped_edited_or_moved_without_touching_the_rest() {
    let (_d, mut store) = book();
    let input = EventInput {
        recurrence: weekly(4),
        ..meeting("Review", "2027-01-04T10:00", "2027-01-04T11:00")
    };
    let series = calendar::add_event(&mut store, &input).unwrap();
    let occ = list(&store, "2027-01-01", "2027-01-31");
    let (second, third, fourth) = (
        occ[1].occurrence_key,
        occ[2].occurrence_key,
        occ[3].occurrence_key,
    );

    calendar::delete_event(&mut store, series.id, second, Scope::This).unwrap();
    let edited = EventInput {
        title: "Review (long)".into(),
        ..meeting("", "2027-01-18T10:00", "2027-01-18T12:00")
    };
    let over = calendar::update_event(&mut store, series.id, third, Scope::This, &edited).unwrap();
    assert_eq!(over.series_id, Some(series.id));
    calendar::move_occurrence(
        &mut store,
        series.id,
        fourth,
        Scope::This,
        "2027-01-26T14:00:00+01:00",
        "2027-01-26T15:00:00+01:00",
    )
    .unwrap();

    let now: Vec<(String, String)> = list(&store, "2027-01-01", "2027-01-31")
        .into_iter()
        .map(|o| (o.start, o.title))
        .collect();
    assert_eq!(
        now,
        [
            (
                "2027-01-04T10:00:00+01:00".to_string(),
                "Review".to_string()
            ),
            (
                "2027-01-18T10:00:00+01:00".to_string(),
                "Review (long)".to_string()
            ),
            (
                "2027-01-26T14:00:00+01:00".to_string(),
                "Review".to_string()
            ),
        ]
    );

    let first = series_key(&store);
    calendar::delete_event(&mut store, series.id, first, Scope::All).unwrap();
    assert!(
        list(&store, "2027-01-01", "2027-01-31").is_empty(),
        "edited occurrences go with their series"
    );
}

fn series_key(store: &Store) -> i64 {
    list(store, "2027-01-01", "2027-01-31")[0].occurrence_key
}

#[test]
fn moving_a_series_shifts_every_occurrence_by_the_same_amount() {
    let (_d, mut store) = book();
    let input = EventInput {
        recurrence: weekly(3),
        ..meeting("Sync", "2027-02-01T09:00", "2027-02-01T09:30")
    };
    let series = calendar::add_event(&mut store, &input).unwrap();
    let second = list(&store, "2027-02-01", "2027-02-28")[1].occurrence_key;
    // Dragged the second one to Tuesday 11:00, 45 minutes long.
    calendar::move_occurrence(
        &mut store,
        series.id,
        second,
        Scope::All,
        "2027-02-09T11:00:00+01:00",
        "2027-02-09T11:45:00+01:00",
    )
    .unwrap();
    let occ = list(&store, "2027-02-01", "2027-02-28");
    let got: Vec<(&str, &str)> = occ
        .iter()
        .map(|o| (o.start.as_str(), o.end.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("2027-02-02T11:00:00+01:00", "2027-02-02T11:45:00+01:00"),
            ("2027-02-09T11:00:00+01:00", "2027-02-09T11:45:00+01:00"),
            ("2027-02-16T11:00:00+01:00", "2027-02-16T11:45:00+01:00"),
        ]
    );
}

#[test]
fn a_key_that_is_not_an_occurrence_is_refused() {
    let (_d, mut store) = book();
    let input = EventInput {
        recurrence: weekly(3),
        ..meeting("Sync", "2027-02-01T09:00", "2027-02-01T09:30")
    };
    let series = calendar::add_event(&mut store, &input).unwrap();
    let err = calendar::delete_event(&mut store, series.id, 12345, Scope::This).unwrap_err();
    assert_eq!(err.code(), "event.no_such_occurrence");
    assert_eq!(list(&store, "2027-02-01", "2027-02-28").len(), 3);
}

#[test]
fn overlapping_busy_events_are_conflicts_but_free_and_all_day_ones_are_not() {
    let (_d, mut store) = book();
    calendar::add_event(
        &mut store,
        &meeting("A", "2027-06-01T09:00", "2027-06-01T10:00"),
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &meeting("B", "2027-06-01T09:30", "2027-06-01T10:30"),
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &meeting("C", "2027-06-01T10:30", "2027-06-01T11:00"),
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &EventInput {
            free: true,
            ..meeting("Free", "2027-06-01T09:00", "2027-06-01T12:00")
        },
    )
    .unwrap();
    calendar::add_event(&mut store, &all_day("Launch", "2027-06-01", "2027-06-01")).unwrap();
    let flags: Vec<(String, bool)> = list(&store, "2027-06-01", "2027-06-01")
        .into_iter()
        .map(|o| (o.title, o.conflict))
        .collect();
    assert_eq!(
        flags,
        [
            ("Launch".to_string(), false),
            ("A".to_string(), true),
            ("Free".to_string(), false),
            ("B".to_string(), true),
            ("C".to_string(), false), // touches B's end, does not overlap
        ]
    );
}

#[test]
fn a_new_event_is_warned_about_what_it_would_overlap() {
    let (_d, mut store) = book();
    let a = calendar::add_event(
        &mut store,
        &meeting("A", "2027-06-01T09:00", "2027-06-01T10:00"),
    )
    .unwrap();
    let weekly_b = EventInput {
        recurrence: weekly(10),
        ..meeting("B", "2027-05-04T09:30", "2027-05-04T09:45")
    };
    calendar::add_event(&mut store, &weekly_b).unwrap();
    let clash = calendar::conflicts_for(
        &store,
        &meeting("New", "2027-06-01T09:50", "2027-06-01T11:00"),
        None,
    )
    .unwrap();
    assert_eq!(
        clash.iter().map(|o| o.title.as_str()).collect::<Vec<_>>(),
        ["A"]
    );
    // A recurring candidate on Tuesdays meets B every week, and A on 1 June.
    let recurring = EventInput {
        recurrence: weekly(5),
        ..meeting("New", "2027-05-11T09:40", "2027-05-11T10:00")
    };
    let clash = calendar::conflicts_for(&store, &recurring, None).unwrap();
    let titles: Vec<&str> = clash.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["B", "B", "B", "A", "B", "B"]);
    // Editing A itself: its own slot is no conflict.
    assert!(calendar::conflicts_for(
        &store,
        &meeting("A", "2027-06-01T10:00", "2027-06-01T11:00"),
        Some(a.id)
    )
    .unwrap()
    .is_empty());
    let free = EventInput {
        free: true,
        ..meeting("Hold", "2027-06-01T09:00", "2027-06-01T10:00")
    };
    assert!(calendar::conflicts_for(&store, &free, None)
        .unwrap()
        .is_empty());
}

#[test]
fn events_can_be_filtered_by_client_and_carry_its_colour() {
    let (_d, mut store) = book();
    let acme = clients::add(
        &mut store,
        &ClientInput {
            name: "Acme".into(),
            colour: Some("#112233".into()),
            ..Default::default()
        },
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &EventInput {
            client_id: Some(acme.id),
            ..meeting("Acme call", "2027-06-01T09:00", "2027-06-01T10:00")
        },
    )
    .unwrap();
    calendar::add_event(
        &mut store,
        &meeting("Dentist", "2027-06-01T12:00", "2027-06-01T13:00"),
    )
    .unwrap();
    let only = juggle::views::occurrences(
        &store,
        day("2027-06-01"),
        day("2027-06-01"),
        berlin(),
        &Filter {
            client_id: Some(acme.id),
            ..Filter::default()
        },
    )
    .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(
        (only[0].client.as_deref(), only[0].colour.as_deref()),
        (Some("Acme"), Some("#112233"))
    );
}

#[test]
fn reminders_fall_due_once_in_their_minute() {
    let (_d, mut store) = book();
    let input = EventInput {
        reminders: vec![15, 60],
        ..meeting("Call", "2027-06-01T10:00", "2027-06-01T10:30")
    };
    calendar::add_event(&mut store, &input).unwrap();
    // 10:00 Berlin (CEST) is 08:00 UTC: reminders at 07:00 and 07:45 UTC.
    let at = |h, m| Utc.with_ymd_and_hms(2027, 6, 1, h, m, 0).unwrap();
    let due = calendar::due_reminders(&store, at(6, 59), at(7, 0), berlin()).unwrap();
    assert_eq!(
        due.iter().map(|r| r.minutes_before).collect::<Vec<_>>(),
        [60]
    );
    assert!(
        calendar::due_reminders(&store, at(7, 0), at(7, 44), berlin())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        calendar::due_reminders(&store, at(7, 44), at(7, 45), berlin()).unwrap()[0].minutes_before,
        15
    );
}

#[test]
fn every_rule_of_the_event_form() {
    let (_d, mut store) = book();
    let ok = meeting("Call", "2027-06-01T10:00", "2027-06-01T10:30");
    let cases: Vec<(EventInput, &str, Option<&str>)> = vec![
        (
            EventInput {
                title: " ".into(),
                ..ok.clone()
            },
            "event.empty_title",
            Some("title"),
        ),
        (
            EventInput {
                end: "2027-06-01T09:00".into(),
                ..ok.clone()
            },
            "event.end_before_start",
            Some("end"),
        ),
        (
            EventInput {
                end: "2027-06-01T10:00".into(),
                ..ok.clone()
            },
            "event.end_before_start",
            Some("end"),
        ),
        (
            EventInput {
                tz: "Mars/Olympus".into(),
                ..ok.clone()
            },
            "event.unknown_zone",
            Some("tz"),
        ),
        (
            EventInput {
                start: "tomorrow".into(),
                ..ok.clone()
            },
            "event.bad_datetime",
            Some("start"),
        ),
        // 02:30 does not exist in Berlin on 28 March 2027.
        (
            meeting("Gap", "2027-03-28T02:30", "2027-03-28T03:30"),
            "event.nonexistent_time",
            Some("start"),
        ),
        (
            EventInput {
                reminders: vec![50_000],
                ..ok.clone()
            },
            "event.bad_reminder",
            Some("reminders"),
        ),
        (
            all_day("Trip", "2027-06-05", "2027-06-01"),
            "event.end_before_start",
            Some("end"),
        ),
        (
            all_day("Year", "2027-01-01", "2028-06-01"),
            "event.too_long",
            Some("end"),
        ),
        (
            EventInput {
                client_id: Some(ClientId(99)),
                ..ok.clone()
            },
            "client.not_found",
            None,
        ),
        (
            EventInput {
                recurrence: Some(Recurrence {
                    freq: Freq::Weekly,
                    interval: 1,
                    by_weekday: vec!["XX".into()],
                    by_month_day: vec![],
                    count: None,
                    until: None,
                }),
                ..ok.clone()
            },
            "event.bad_rule",
            Some("recurrence"),
        ),
    ];
    for (input, code, field) in cases {
        let err = calendar::add_event(&mut store, &input).unwrap_err();
        assert_eq!((err.code(), err.field()), (code, field), "{err}");
    }
    assert!(list(&store, "2027-01-01", "2028-12-31").is_empty());
}

#[test]
fn the_hour_that_happens_twice_means_the_first_one() {
    let (_d, mut store) = book();
    // 02:30 happens twice in Berlin on 31 October 2027: the first is still CEST (+02:00).
    calendar::add_event(
        &mut store,
        &meeting("Night", "2027-10-31T02:30", "2027-10-31T04:00"),
    )
    .unwrap();
    assert_eq!(
        starts(&store, "2027-10-31", "2027-10-31"),
        ["2027-10-31T02:30:00+02:00"]
    );
}

#[test]
fn editing_all_from_a_later_occurrence_keeps_the_series_start_and_applies_the_change() {
    let (_d, mut store) = book();
    let input = EventInput {
        recurrence: weekly(3),
        ..meeting("Sync", "2027-02-01T09:00", "2027-02-01T09:30")
    };
    let series = calendar::add_event(&mut store, &input).unwrap();
    let second = list(&store, "2027-02-01", "2027-02-28")[1].occurrence_key;
    // Opened the 8 Feb occurrence, renamed it and moved it to 10:00, for all occurrences.
    let edited = EventInput {
        recurrence: weekly(3),
        ..meeting("Sync (new time)", "2027-02-08T10:00", "2027-02-08T10:30")
    };
    calendar::update_event(&mut store, series.id, second, Scope::All, &edited).unwrap();
    let got: Vec<(String, String)> = list(&store, "2027-02-01", "2027-02-28")
        .into_iter()
        .map(|o| (o.start, o.title))
        .collect();
    assert_eq!(
        got,
        [
            (
                "2027-02-01T10:00:00+01:00".to_string(),
                "Sync (new time)".to_string()
            ),
            (
                "2027-02-08T10:00:00+01:00".to_string(),
                "Sync (new time)".to_string()
            ),
            (
                "2027-02-15T10:00:00+01:00".to_string(),
                "Sync (new time)".to_string()
            ),
        ]
    );
}
