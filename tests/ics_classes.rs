//! One minimal file for each class of real-world calendar the importer once got wrong
//! (issue 11): each must import the occurrences the file means, or report what it left
//! out by kind, with its line and UID.

use chrono_tz::Tz;
use juggle::calendar::{self, ics, ics::SkipKind, Filter};
use juggle::Store;

fn book() -> Store {
    std::env::set_var("JUGGLE_TZ", "UTC");
    Store::open_in_memory().unwrap()
}

fn cal(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{events}END:VCALENDAR\r\n")
        .replace('\n', "\r\n")
        .replace("\r\r\n", "\r\n")
}

/// (uid, start, end) of every occurrence in 2027, in UTC.
fn occ(store: &Store) -> Vec<(String, String, String)> {
    calendar::occurrences(
        store,
        "2026-01-01".parse().unwrap(),
        "2028-12-31".parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
    .into_iter()
    .map(|o| (o.uid, utc(&o.start), utc(&o.end)))
    .collect()
}

/// An occurrence's start or end in UTC (`+00:00`); a date stays a date.
fn utc(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc).to_rfc3339())
        .unwrap_or_else(|_| s.to_owned())
}

fn starts(store: &Store) -> Vec<String> {
    occ(store).into_iter().map(|o| o.1).collect()
}

fn import(text: &str) -> (Store, ics::ImportReport) {
    let mut store = book();
    let report = ics::import(&mut store, &cal(text), None).unwrap();
    (store, report)
}

#[test]
fn rdates_add_occurrences_to_a_series_and_to_a_single_event() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:r\nDTSTART;TZID=Europe/Berlin:20270104T090000\nDTEND;TZID=Europe/Berlin:20270104T100000\nRRULE:FREQ=WEEKLY;COUNT=1\nRDATE;TZID=Europe/Berlin:20270111T090000,20270118T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:p\nDTSTART:20270301T100000Z\nDTEND:20270301T110000Z\nRDATE;VALUE=PERIOD:20270302T100000Z/PT2H\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let r: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "r")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        r,
        [
            "2027-01-04T08:00:00+00:00",
            "2027-01-11T08:00:00+00:00",
            "2027-01-18T08:00:00+00:00"
        ]
    );
    let p: Vec<(&str, &str)> = got
        .iter()
        .filter(|o| o.0 == "p")
        .map(|o| (o.1.as_str(), o.2.as_str()))
        .collect();
    assert_eq!(
        p,
        [
            ("2027-03-01T10:00:00+00:00", "2027-03-01T11:00:00+00:00"),
            ("2027-03-02T10:00:00+00:00", "2027-03-02T12:00:00+00:00")
        ]
    );
}

#[test]
fn a_date_only_until_and_a_local_until_end_their_series_where_they_say() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:g\nDTSTART;VALUE=DATE:20270104\nDTEND;VALUE=DATE:20270105\nRRULE:FREQ=WEEKLY;UNTIL=20270201\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:x\nDTSTART;TZID=America/New_York:20270104T180000\nDTEND;TZID=America/New_York:20270104T190000\nRRULE:FREQ=DAILY;UNTIL=20270106T180000\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let g: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "g")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        g,
        [
            "2027-01-04",
            "2027-01-11",
            "2027-01-18",
            "2027-01-25",
            "2027-02-01"
        ]
    );
    // UNTIL bounds the rule inclusively (RFC 5545 §3.3.10): the local UNTIL is an
    // occurrence itself, so the series ends with it (the oracle drops it: see
    // "until-inclusive" in docs/calendar-import.md).
    let x: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "x")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        x,
        [
            "2027-01-04T23:00:00+00:00",
            "2027-01-05T23:00:00+00:00",
            "2027-01-06T23:00:00+00:00"
        ]
    );
}

#[test]
fn an_rdate_period_of_dates_on_a_timed_event_spans_those_days() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:d\nDTSTART;TZID=America/New_York:20270105T180000\nDTEND;TZID=America/New_York:20270105T190000\nRDATE;TZID=America/New_York;VALUE=PERIOD:20270105/20270106,20270110/20270112\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:b\nDTSTART;TZID=America/New_York:20270105T180000\nDTEND;TZID=America/New_York:20270105T190000\nRDATE;VALUE=DATE:20270107\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let of = |uid: &str| -> Vec<(String, String)> {
        got.iter()
            .filter(|o| o.0 == uid)
            .map(|o| (o.1.clone(), o.2.clone()))
            .collect()
    };
    // The period's days from midnight to midnight in the event's zone, beside DTSTART.
    assert_eq!(
        of("d"),
        [
            (
                "2027-01-05T05:00:00+00:00".into(),
                "2027-01-06T05:00:00+00:00".into()
            ),
            (
                "2027-01-05T23:00:00+00:00".into(),
                "2027-01-06T00:00:00+00:00".into()
            ),
            (
                "2027-01-10T05:00:00+00:00".into(),
                "2027-01-12T05:00:00+00:00".into()
            ),
        ]
    );
    // A bare date is that day's occurrence at the series' time.
    assert_eq!(
        of("b"),
        [
            (
                "2027-01-05T23:00:00+00:00".into(),
                "2027-01-06T00:00:00+00:00".into()
            ),
            (
                "2027-01-07T23:00:00+00:00".into(),
                "2027-01-08T00:00:00+00:00".into()
            ),
        ]
    );
}

#[test]
fn zones_come_from_the_files_vtimezone_or_the_longest_iana_suffix() {
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\nDTSTART:16011104T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010311T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:c\nDTSTART;TZID=Customized Time Zone:20270705T090000\nDTEND;TZID=Customized Time Zone:20270705T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:a\nDTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires:20270705T090000\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let at = |uid: &str| got.iter().find(|o| o.0 == uid).unwrap().1.clone();
    // 09:00 EDT is 13:00 UTC; 09:00 in Buenos Aires is 12:00 UTC.
    assert_eq!(at("c"), "2027-07-05T13:00:00+00:00");
    assert_eq!(at("a"), "2027-07-05T12:00:00+00:00");
}

#[test]
fn exdates_and_recurrence_ids_of_the_other_value_type_still_remove_the_occurrence() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:t\nDTSTART:20270104T090000Z\nDTEND:20270104T100000Z\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20270105\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nDTSTART;VALUE=DATE:20270201\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nRECURRENCE-ID:20270202T000000Z\nDTSTART;VALUE=DATE:20270210\nSUMMARY:moved\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let t: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "t")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        t,
        ["2027-01-04T09:00:00+00:00", "2027-01-06T09:00:00+00:00"]
    );
    let d: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "d")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        d,
        ["2027-02-01", "2027-02-03", "2027-02-10"],
        "no duplicate of 2 Feb"
    );
}

#[test]
fn an_exdate_on_an_edited_occurrence_deletes_it() {
    let (store, _) = import(
        "BEGIN:VEVENT\nUID:e\nDTSTART:20270104T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE:20270105T090000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:e\nRECURRENCE-ID:20270105T090000Z\nDTSTART:20270105T150000Z\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert_eq!(
        starts(&store),
        ["2027-01-04T09:00:00+00:00", "2027-01-06T09:00:00+00:00"]
    );
}

#[test]
fn an_empty_rrule_is_a_single_event_and_a_second_rrule_adds_its_occurrences() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:h\nDTSTART;VALUE=DATE:20270101\nRRULE:\nSUMMARY:New Year\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:two\nDTSTART:20270301T090000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=MONTHLY;COUNT=2\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    assert_eq!(got.iter().filter(|o| o.0 == "h").count(), 1);
    let two: Vec<&str> = got
        .iter()
        .filter(|o| o.0 == "two")
        .map(|o| o.1.as_str())
        .collect();
    assert_eq!(
        two,
        [
            "2027-03-01T09:00:00+00:00",
            "2027-03-08T09:00:00+00:00",
            "2027-04-01T09:00:00+00:00"
        ]
    );
}

#[test]
fn overrides_without_their_series_are_imported_as_events() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:o\nRECURRENCE-ID:20270104T090000Z\nDTSTART:20270104T100000Z\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:o\nRECURRENCE-ID:20270111T090000Z\nDTSTART:20270111T100000Z\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(starts(&store).len(), 2);
}

#[test]
fn range_thisandfuture_moves_that_occurrence_and_the_later_ones() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:f\nDTSTART:20270104T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=4\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:f\nRECURRENCE-ID;RANGE=THISANDFUTURE:20270106T090000Z\nDTSTART:20270106T140000Z\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(
        starts(&store),
        [
            "2027-01-04T09:00:00+00:00",
            "2027-01-05T09:00:00+00:00",
            "2027-01-06T14:00:00+00:00",
            "2027-01-07T14:00:00+00:00"
        ]
    );
}

#[test]
fn an_event_without_uid_gets_a_stable_one_and_reimporting_updates_it() {
    let text = cal("BEGIN:VEVENT\nDTSTAMP:20260101T000000Z\nDTSTART:20270104T090000Z\nDURATION:PT1H\nSUMMARY:No UID\nEND:VEVENT\n");
    let mut store = book();
    let first = ics::import(&mut store, &text, None).unwrap();
    let again = ics::import(&mut store, &text.replace("20260101", "20260202"), None).unwrap();
    assert_eq!((first.added, again.added, again.updated), (1, 0, 1));
    assert_eq!(starts(&store).len(), 1);
}

#[test]
fn a_malformed_line_is_dropped_and_reported_and_the_event_kept() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:m\nDTSTART:20270104T090000Z\nDURATION:PT1H\nSUMMARY=oops\nEND:VEVENT\n",
    );
    assert_eq!(starts(&store).len(), 1);
    assert_eq!(report.skipped.len(), 1);
    let s = &report.skipped[0];
    assert_eq!(
        (s.kind, s.line, s.uid.as_deref()),
        (SkipKind::Line, 8, Some("m"))
    );
    assert!(s.reason.contains("SUMMARY=oops"), "{}", s.reason);
}

#[test]
fn an_rrule_with_escaped_semicolons_is_read() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:s\nDTSTART:20270104T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY\\;COUNT=2\\;INTERVAL=1\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(starts(&store).len(), 2);
}

#[test]
fn todos_and_journal_entries_are_reported_by_kind() {
    let (_store, report) = import(
        "BEGIN:VTODO\nUID:todo1\nSUMMARY:Buy milk\nEND:VTODO\nBEGIN:VJOURNAL\nUID:j1\nSUMMARY:Notes\nEND:VJOURNAL\n",
    );
    let kinds: Vec<(SkipKind, Option<&str>)> = report
        .skipped
        .iter()
        .map(|s| (s.kind, s.uid.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (SkipKind::Todo, Some("todo1")),
            (SkipKind::Journal, Some("j1"))
        ]
    );
}

#[test]
fn an_unknown_zone_without_vtimezone_is_read_as_local_time_and_reported() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:z\nDTSTART;TZID=Atlantis:20270104T090000\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert_eq!(starts(&store), ["2027-01-04T09:00:00+00:00"]);
    assert_eq!(report.skipped[0].kind, SkipKind::Value);
    assert!(report.skipped[0].reason.contains("Atlantis"));
}

#[test]
fn a_bad_repeat_rule_is_explained_without_the_crates_internals() {
    let (_s, report) = import(
        "BEGIN:VEVENT\nUID:b\nDTSTART:20270104T090000Z\nDURATION:PT1H\nRRULE:FREQ=FORTNIGHTLY\nEND:VEVENT\n",
    );
    let reason = &report.skipped[0].reason;
    assert!(reason.contains("FREQ=FORTNIGHTLY"), "{reason}");
    assert!(!reason.contains("RRule"), "{reason}");
}

#[test]
fn a_vtimezone_defines_its_tzid_even_when_the_name_says_another_zone() {
    // A Windows name whose VTIMEZONE gives other rules: the file's rules are the zone
    // (RFC 5545 §3.6.5). One that agrees with its name keeps the named zone.
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:New Zealand Standard Time\nBEGIN:STANDARD\nDTSTART:20191027T020000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:nz\nDTSTART;TZID=New Zealand Standard Time:20271120T130000\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nDTSTART;TZID=W. Europe Standard Time:20270705T090000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;COUNT=2\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let of = |uid: &str| -> Vec<&str> {
        got.iter()
            .filter(|o| o.0 == uid)
            .map(|o| o.1.as_str())
            .collect()
    };
    assert_eq!(of("nz"), ["2027-11-20T12:00:00+00:00"]);
    assert_eq!(
        of("w"),
        ["2027-07-05T07:00:00+00:00", "2027-08-05T07:00:00+00:00"]
    );
}

#[test]
fn a_time_the_clocks_pass_twice_is_the_first_and_a_skipped_one_uses_the_offset_before() {
    // A custom zone (no IANA zone has these rules) going from +12 to +10 at 08:00 on
    // 5 May 2024, and back to +12 at 02:00 on 1 September (clocks jump to 04:00).
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:MyTimezone\nBEGIN:STANDARD\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1200\nDTSTART:20240101T000000\nRDATE:20240901T020000\nEND:STANDARD\nBEGIN:DAYLIGHT\nTZOFFSETFROM:+1200\nTZOFFSETTO:+1000\nDTSTART:20240505T080000\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:twice\nDTSTART;TZID=MyTimezone:20240505T070001\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:after\nDTSTART;TZID=MyTimezone:20240505T080001\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:skipped\nDTSTART;TZID=MyTimezone:20240901T030000\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = calendar::occurrences(
        &store,
        "2024-01-01".parse().unwrap(),
        "2024-12-31".parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .unwrap();
    let at = |uid: &str| utc(&got.iter().find(|o| o.uid == uid).unwrap().start);
    assert_eq!(at("twice"), "2024-05-04T19:00:01+00:00");
    assert_eq!(at("after"), "2024-05-04T22:00:01+00:00");
    // 03:00 does not exist on 1 September: read with +10, the offset before the gap.
    assert_eq!(at("skipped"), "2024-08-31T17:00:00+00:00");
}

#[test]
fn a_floating_end_beside_a_zoned_start_and_a_utc_value_with_a_tzid_are_in_that_zone() {
    // ownCloud 0.7: one side floating, the other with a TZID (and a Z).
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:a\nDTSTART:20270530T120000\nDTEND;TZID=Europe/Berlin:20270530T160000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Europe/Berlin:20270602T120000Z\nDTEND:20270602T160000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:c\nDTSTART:20270603T120000Z\nDTEND;TZID=Europe/Berlin:20270603T160000\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let of = |uid: &str| {
        let o = got.iter().find(|o| o.0 == uid).unwrap();
        (o.1.as_str(), o.2.as_str())
    };
    assert_eq!(
        of("a"),
        ("2027-05-30T10:00:00+00:00", "2027-05-30T14:00:00+00:00")
    );
    assert_eq!(
        of("b"),
        ("2027-06-02T10:00:00+00:00", "2027-06-02T14:00:00+00:00")
    );
    // A real UTC start stays UTC.
    assert_eq!(
        of("c"),
        ("2027-06-03T12:00:00+00:00", "2027-06-03T14:00:00+00:00")
    );
}

#[test]
fn a_name_with_two_offsets_and_no_vtimezone_is_read_as_local_time() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:g\nDTSTART;TZID=\"GMT-05.00/-04.00\":20270726T130000\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:h\nDTSTART;TZID=GMT-05.00:20270726T130000\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert!(report.skipped[0].reason.contains("GMT-05.00/-04.00"));
    let got = occ(&store);
    let at = |uid: &str| got.iter().find(|o| o.0 == uid).unwrap().1.clone();
    assert_eq!(at("g"), "2027-07-26T13:00:00+00:00");
    assert_eq!(at("h"), "2027-07-26T18:00:00+00:00");
}

/// Starts of `uid`'s occurrences from `from` to `to` (inclusive days), in UTC.
fn starts_of(store: &Store, uid: &str, from: &str, to: &str) -> Vec<String> {
    calendar::occurrences(
        store,
        from.parse().unwrap(),
        to.parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
    .into_iter()
    .filter(|o| o.uid == uid)
    .map(|o| utc(&o.start))
    .collect()
}

#[test]
fn a_series_in_a_zone_with_out_of_date_southern_rules_repeats_by_the_files_rules() {
    // Outlook 2007's "Canberra, Melbourne, Sydney": summer time ending on the last Sunday
    // of March and starting on the last Sunday of October (the rules before 2008; today's
    // are the first Sundays of April and October). No IANA zone keeps them in 2027.
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:Canberra, Melbourne, Sydney\nBEGIN:STANDARD\nDTSTART:16010325T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16011028T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1100\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:syd\nDTSTART;TZID=\"Canberra, Melbourne, Sydney\":20270301T090000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    // Mondays 09:00: +11 until the last Sunday of March (28th), then +10 — a week before
    // Australia/Sydney changes; and +11 again from 1 November (Sydney: 4 October).
    assert_eq!(
        starts_of(&store, "syd", "2027-03-20", "2027-04-06"),
        [
            "2027-03-21T22:00:00+00:00",
            "2027-03-28T23:00:00+00:00",
            "2027-04-04T23:00:00+00:00"
        ]
    );
    assert_eq!(
        starts_of(&store, "syd", "2027-10-03", "2027-11-02"),
        [
            "2027-10-03T23:00:00+00:00",
            "2027-10-10T23:00:00+00:00",
            "2027-10-17T23:00:00+00:00",
            "2027-10-24T23:00:00+00:00",
            "2027-10-31T22:00:00+00:00"
        ]
    );
    // And so on in later years (the rules repeat).
    assert_eq!(
        starts_of(&store, "syd", "2030-03-30", "2030-04-01"),
        ["2030-03-31T23:00:00+00:00"]
    );
}

#[test]
fn a_series_in_a_custom_zone_with_only_a_standard_part_keeps_its_offset() {
    // An offset no IANA zone has (+05:17): its only part is STANDARD.
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0517\nTZOFFSETTO:+0517\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:odd\nDTSTART;TZID=Customized Time Zone:20270104T090000\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(
        starts_of(&store, "odd", "2027-01-01", "2027-01-31"),
        [
            "2027-01-04T03:43:00+00:00",
            "2027-01-05T03:43:00+00:00",
            "2027-01-06T03:43:00+00:00"
        ]
    );
}

#[test]
fn a_series_in_a_zone_whose_changes_are_rdates_follows_them() {
    // Old phones and Lotus write each change as an RDATE; these dates are no IANA zone's.
    // Summer time (+03) from 11 April to 19 September 2027, +02 otherwise.
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:Phone Zone\nBEGIN:DAYLIGHT\nDTSTART:20270411T020000\nRDATE:20270411T020000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nEND:DAYLIGHT\nBEGIN:STANDARD\nDTSTART:20270919T030000\nRDATE:20270919T030000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:ph\nDTSTART;TZID=Phone Zone:20270405T100000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;UNTIL=20270927T080000Z\nEXDATE;TZID=Phone Zone:20270426T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:ph\nRECURRENCE-ID;TZID=Phone Zone:20270503T100000\nDTSTART;TZID=Phone Zone:20270503T140000\nDURATION:PT30M\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = starts_of(&store, "ph", "2027-04-01", "2027-05-05");
    assert_eq!(
        got,
        [
            "2027-04-05T08:00:00+00:00",
            "2027-04-12T07:00:00+00:00",
            "2027-04-19T07:00:00+00:00",
            "2027-05-03T11:00:00+00:00"
        ]
    );
    // The last ones: 20 September at +02, and 27 September (the UNTIL, 10:00 local).
    assert_eq!(
        starts_of(&store, "ph", "2027-09-12", "2027-10-31"),
        [
            "2027-09-13T07:00:00+00:00",
            "2027-09-20T08:00:00+00:00",
            "2027-09-27T08:00:00+00:00"
        ]
    );
}

#[test]
fn editing_a_series_whose_rule_the_form_cannot_show_keeps_the_rule() {
    // The form shows such a rule as "kept as is" and sends no recurrence: saving the
    // series (a new title) must not turn it into a single event.
    let (mut store, _) = import(
        "BEGIN:VTIMEZONE\nTZID:Phone Zone\nBEGIN:DAYLIGHT\nDTSTART:20270411T020000\nRDATE:20270411T020000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nEND:DAYLIGHT\nBEGIN:STANDARD\nDTSTART:20270919T030000\nRDATE:20270919T030000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:ph\nSUMMARY:Call\nDTSTART;TZID=Phone Zone:20270405T100000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;COUNT=3\nEND:VEVENT\n",
    );
    let before = starts_of(&store, "ph", "2027-04-01", "2027-04-30");
    assert_eq!(
        before,
        [
            "2027-04-05T08:00:00+00:00",
            "2027-04-12T07:00:00+00:00",
            "2027-04-19T07:00:00+00:00"
        ]
    );
    let first = calendar::occurrences(
        &store,
        "2027-04-05".parse().unwrap(),
        "2027-04-05".parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
    .remove(0);
    let event = calendar::get_event(&store, first.event_id).unwrap();
    assert_eq!(event.recurrence, None, "the form cannot show this rule");
    let input = calendar::EventInput {
        calendar_id: None,
        title: "Call (renamed)".into(),
        client_id: None,
        kind: event.kind,
        all_day: false,
        start: event.start.clone(),
        end: event.end.clone(),
        tz: event.tz.clone(),
        location: String::new(),
        channel: None,
        notes: String::new(),
        free: false,
        reminders: vec![],
        recurrence: None,
    };
    let saved = calendar::update_event(
        &mut store,
        event.id,
        first.occurrence_key,
        calendar::Scope::All,
        &input,
    )
    .unwrap();
    assert_eq!(saved.rrule, event.rrule);
    assert_eq!(starts_of(&store, "ph", "2027-04-01", "2027-04-30"), before);
}

#[test]
fn any_windows_zone_name_without_a_vtimezone_is_the_zone_cldr_maps_it_to() {
    let (store, report) = import(
        "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=E. Australia Standard Time:20270705T090000\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:m\nDTSTART;TZID=\"Mountain Standard Time (Mexico)\":20270705T090000\nDURATION:PT1H\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = occ(&store);
    let at = |uid: &str| got.iter().find(|o| o.0 == uid).unwrap().1.clone();
    // Brisbane is +10 all year; Mazatlán -7.
    assert_eq!(at("b"), "2027-07-04T23:00:00+00:00");
    assert_eq!(at("m"), "2027-07-05T16:00:00+00:00");
}

#[test]
fn a_time_before_the_zones_first_change_has_the_offset_that_change_starts_from() {
    // A southern zone whose changes are RDATEs from April 2026 on: before the first one,
    // the offset is its TZOFFSETFROM (RFC 5545: the offset in use before it), -03.
    let (store, report) = import(
        "BEGIN:VTIMEZONE\nTZID:Pacific SA Custom\nBEGIN:STANDARD\nDTSTART:20260405T000000\nRDATE:20260405T000000\nRDATE:20270404T000000\nTZOFFSETFROM:-0300\nTZOFFSETTO:-0400\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:20260906T000000\nRDATE:20260906T000000\nRDATE:20270912T000000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0300\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:cl\nDTSTART;TZID=Pacific SA Custom:20260301T080000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=80\nEND:VEVENT\n",
    );
    assert!(report.skipped.is_empty(), "{report:?}");
    let got = starts_of(&store, "cl", "2026-03-01", "2026-04-12");
    assert_eq!(
        got,
        [
            "2026-03-01T11:00:00+00:00",
            "2026-03-08T11:00:00+00:00",
            "2026-03-15T11:00:00+00:00",
            "2026-03-22T11:00:00+00:00",
            "2026-03-29T11:00:00+00:00",
            "2026-04-05T12:00:00+00:00",
            "2026-04-12T12:00:00+00:00"
        ]
    );
    // Summer from 6 September 2026 to 4 April 2027 (-03), then winter again (-04).
    assert_eq!(
        starts_of(&store, "cl", "2027-03-28", "2027-04-04"),
        ["2027-03-28T11:00:00+00:00", "2027-04-04T12:00:00+00:00"]
    );
}
