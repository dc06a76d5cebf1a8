//! Hostile calendar and contact files (issue 11): none may panic, overflow the stack, hang
//! or grow without bound. Each finishes quickly; none asserts a time.

use chrono_tz::Tz;
use juggle::calendar::{self, ics, Filter};
use juggle::Store;

fn book() -> Store {
    std::env::set_var("JUGGLE_TZ", "UTC");
    Store::open_in_memory().unwrap()
}

fn cal(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{body}END:VCALENDAR\r\n")
}

fn count_in(store: &Store, from: &str, to: &str) -> usize {
    calendar::occurrences(
        store,
        from.parse().unwrap(),
        to.parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
    .len()
}

#[test]
fn a_secondly_series_from_long_ago_is_fast_forwarded_to_the_window() {
    let mut store = book();
    let text = cal("BEGIN:VEVENT\r\nUID:sec\r\nDTSTART:20100101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;INTERVAL=7\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nUID:min\r\nDTSTART:20100101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;INTERVAL=30\r\nEND:VEVENT\r\n");
    let report = ics::import(&mut store, &text, None).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    // One day: 24 × 2 half-hours, and the 7-second series bounded by the per-series cut.
    let n = count_in(&store, "2027-03-01", "2027-03-01");
    assert!(n >= 48, "{n}");
    assert!(n <= 48 + calendar::MAX_PER_SERIES, "{n}");
}

#[test]
fn the_calendar_says_which_series_it_cut_short() {
    let mut store = book();
    let text = cal("BEGIN:VEVENT\r\nUID:sec\r\nSUMMARY:Ticker\r\nDTSTART:20100101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;INTERVAL=7\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nUID:min\r\nSUMMARY:Half-hourly\r\nDTSTART:20100101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;INTERVAL=30\r\nEND:VEVENT\r\n");
    ics::import(&mut store, &text, None).unwrap();
    let window = |from: &str, to: &str| {
        juggle::views::calendar_window(
            &store,
            from.parse().unwrap(),
            to.parse().unwrap(),
            Tz::UTC,
            &Filter::default(),
        )
        .unwrap()
    };
    // Two days: 24,686 seven-second occurrences, of which the first 20,000 are shown.
    let view = window("2027-03-01", "2027-03-02");
    assert_eq!(view.occurrences.len(), 96 + calendar::MAX_PER_SERIES);
    let cut: Vec<(&str, u32, &str)> = view
        .cut
        .iter()
        .map(|c| (c.title.as_str(), c.shown, c.note.as_str()))
        .collect();
    assert_eq!(
        cut,
        [(
            "Ticker",
            20_000,
            "Showing the first 20,000 occurrences of “Ticker”"
        )]
    );
    // One day (12,343 of them) is shown whole, and nothing is said.
    let view = window("2027-03-01", "2027-03-01");
    assert_eq!(view.occurrences.len(), 48 + 12_343);
    assert!(view.cut.is_empty(), "{:?}", view.cut);
}

#[test]
fn a_sub_daily_rule_with_by_parts_is_refused_with_a_clear_message() {
    let mut store = book();
    let text = cal("BEGIN:VEVENT\r\nUID:h\r\nDTSTART:20270101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;BYSECOND=1,2,3\r\nEND:VEVENT\r\n");
    let report = ics::import(&mut store, &text, None).unwrap();
    assert!(
        report.skipped[0].reason.contains("more often than daily"),
        "{report:?}"
    );
}

#[test]
fn a_long_bounded_hourly_series_still_shows_near_its_end() {
    let mut store = book();
    let text = cal("BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20270101T000000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=HOURLY;UNTIL=20400101T000000Z\r\nEND:VEVENT\r\n");
    ics::import(&mut store, &text, None).unwrap();
    // More than 65,535 occurrences lie before this day.
    assert_eq!(count_in(&store, "2039-12-30", "2039-12-30"), 24);
}

#[test]
fn huge_durations_and_triggers_do_not_panic() {
    let mut store = book();
    let text = cal("BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20270101T000000Z\r\nDURATION:P99999999999999W\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nUID:d2\r\nDTSTART:20270101T000000Z\r\nDURATION:PT9223372036854775807S\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20270101T000000Z\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nTRIGGER:-P99999999999999999W\r\nEND:VALARM\r\nBEGIN:VALARM\r\nTRIGGER:-P9000W\r\nEND:VALARM\r\nEND:VEVENT\r\n");
    let report = ics::import(&mut store, &text, None).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    assert!(report.skipped.iter().any(|s| s.uid.as_deref() == Some("d")));
}

fn deep(n: usize) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:deep\r\nDTSTART;VALUE=DATE:20270101\r\n",
    );
    for _ in 0..n {
        s.push_str("BEGIN:X\r\n");
    }
    for _ in 0..n {
        s.push_str("END:X\r\n");
    }
    s.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    s
}

#[test]
fn thousands_of_nested_begins_do_not_overflow_the_stack() {
    let text = deep(50_000);
    let mut store = book();
    let report = ics::import(&mut store, &text, None).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    // The days-off import reads .ics files too.
    let mut store = book();
    let days =
        juggle::capacity::import_days_off(&mut store, &text, "2027-01-01".parse().unwrap(), 1)
            .unwrap();
    assert_eq!(days.added, 1);
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_a_message() {
    let mut store = book();
    let big = " ".repeat(ics::MAX_ICS_BYTES as usize + 1);
    let err = ics::import(&mut store, &big, None).unwrap_err();
    assert!(err.to_string().contains("larger than"), "{err}");
}

#[test]
fn ten_thousand_cards_of_one_company_import_in_one_pass() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nORG:Acme\r\nEMAIL:p{i}@acme.com\r\nEND:VCARD\r\n"
        ));
    }
    let mut store = book();
    let report = juggle::exchange::import_vcards(&mut store, &text).unwrap();
    assert_eq!((report.added, report.clients_added), (10_000, 1));
    let again = juggle::exchange::import_vcards(&mut store, &text).unwrap();
    assert_eq!((again.added, again.updated), (0, 10_000));
}

#[test]
fn ten_thousand_csv_rows_of_one_company_import_in_one_pass() {
    let mut text = String::from("Client,Contact,Email\r\n");
    for i in 0..10_000 {
        text.push_str(&format!("Acme,Person {i},p{i}@acme.com\r\n"));
    }
    let mut store = book();
    let report = juggle::exchange::import_csv(&mut store, &text).unwrap();
    assert_eq!((report.contacts_added, report.clients_added), (10_000, 1));
    let again = juggle::exchange::import_csv(&mut store, &text).unwrap();
    assert_eq!((again.contacts_added, again.contacts_updated), (0, 10_000));
}

#[test]
fn a_series_in_a_file_zone_that_changes_every_day_stays_bounded() {
    // A VTIMEZONE whose clocks change twice a day, and a series every minute in it: the
    // zone's changes and the series' expansion are both bounded.
    let mut store = book();
    let text = cal("BEGIN:VTIMEZONE\r\nTZID:Flicker\r\nBEGIN:STANDARD\r\nDTSTART:20270101T000000\r\nRRULE:FREQ=DAILY\r\nTZOFFSETFROM:+0130\r\nTZOFFSETTO:+0017\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:20270101T120000\r\nRRULE:FREQ=DAILY\r\nTZOFFSETFROM:+0017\r\nTZOFFSETTO:+0130\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
                    BEGIN:VEVENT\r\nUID:f\r\nDTSTART;TZID=Flicker:20270101T000000\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n");
    let report = ics::import(&mut store, &text, None).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    // A month of minutes is more than one view shows: cut (the wall times the clocks
    // pass twice are one occurrence each, so a few fewer than the cut).
    let n = count_in(&store, "2027-03-01", "2027-03-31");
    assert!((19_000..=calendar::MAX_PER_SERIES).contains(&n), "{n}");
}
