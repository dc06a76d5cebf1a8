//! Deleting from the calendar can be taken back (issue 19): a series comes back whole, with
//! its id, its edited and skipped occurrences; a skipped occurrence is listed and restored;
//! deleting past client meetings says that the client's last contact changes.

use chrono::{Duration, Utc};
use juggle::calendar::{self, Freq, Recurrence, Scope, Undo};
use juggle::clients::{self, ClientInput};
use juggle::{Coded, Store};

fn weekly() -> Recurrence {
    Recurrence {
        freq: Freq::Weekly,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count: Some(10),
        until: None,
    }
}

#[test]
fn a_deleted_series_comes_back_whole_with_undo_and_says_what_it_changed() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    // Ten weekly check-ins starting five weeks less a day ago: five are past whatever the
    // time of day the test runs (the sixth is tomorrow, not later today).
    let start = Utc::now() - Duration::weeks(5) + Duration::days(1);
    let first = start.format("%Y-%m-%dT10:00").to_string();
    let end = start.format("%Y-%m-%dT10:30").to_string();
    let series = calendar::add_event(
        &mut store,
        &calendar::EventInput::meeting("Check-in", &first, &end)
            .for_client(acme.id)
            .repeating(weekly()),
    )
    .unwrap();
    let keys: Vec<i64> = calendar::occurrences(
        &store,
        (Utc::now() - Duration::weeks(6)).date_naive(),
        (Utc::now() + Duration::weeks(6)).date_naive(),
        chrono_tz::UTC,
        &calendar::Filter::default(),
    )
    .unwrap()
    .into_iter()
    .map(|o| o.occurrence_key)
    .collect();
    assert_eq!(keys.len(), 10);

    // One occurrence skipped: listed on the series, and back with its Undo.
    let skip = calendar::delete_event(&mut store, series.id, keys[7], Scope::This).unwrap();
    assert_eq!(
        skip.undo,
        Undo::Unskip {
            series: series.id,
            key: keys[7]
        }
    );
    let listed = calendar::skipped(store.conn(), series.id).unwrap();
    assert_eq!(listed.iter().map(|s| s.key).collect::<Vec<_>>(), [keys[7]]);
    calendar::undo(&mut store, &skip.undo).unwrap();
    assert!(calendar::skipped(store.conn(), series.id)
        .unwrap()
        .is_empty());
    // Skipped again, then the whole series deleted.
    calendar::delete_event(&mut store, series.id, keys[8], Scope::This).unwrap();
    let removed = calendar::delete_event(&mut store, series.id, keys[0], Scope::All).unwrap();
    assert_eq!(removed.label, "“Check-in”");
    let note = removed.note.clone().unwrap();
    assert!(
        note.contains("5 past meetings with Acme") && note.contains("last contact"),
        "{note}"
    );
    assert!(calendar::get_event(&store, series.id).is_err());

    let back = calendar::undo(&mut store, &removed.undo).unwrap();
    assert_eq!(back, "“Check-in”");
    let again = calendar::get_event(&store, series.id).unwrap();
    assert_eq!(
        (again.title.as_str(), again.client_id),
        ("Check-in", Some(acme.id))
    );
    assert_eq!(
        calendar::skipped(store.conn(), series.id)
            .unwrap()
            .iter()
            .map(|s| s.key)
            .collect::<Vec<_>>(),
        [keys[8]],
        "its skipped occurrence came back with it"
    );
    // Undone once; a second Undo says there is nothing to undo.
    let err = calendar::undo(&mut store, &removed.undo).unwrap_err();
    assert_eq!(err.code(), "event.nothing_to_undo");
}

#[test]
fn deleting_a_future_or_private_event_has_nothing_else_to_say() {
    let mut store = Store::open_in_memory().unwrap();
    let start = (Utc::now() + Duration::days(3))
        .format("%Y-%m-%dT10:00")
        .to_string();
    let end = (Utc::now() + Duration::days(3))
        .format("%Y-%m-%dT11:00")
        .to_string();
    let e = calendar::add_event(
        &mut store,
        &calendar::EventInput::meeting("Dentist", &start, &end),
    )
    .unwrap();
    let removed = calendar::delete_event(&mut store, e.id, 0, Scope::All).unwrap();
    assert_eq!(removed.note, None);
    calendar::undo(&mut store, &removed.undo).unwrap();
    assert_eq!(calendar::get_event(&store, e.id).unwrap().title, "Dentist");
}

#[test]
fn a_removed_day_off_comes_back_with_undo_once() {
    use juggle::capacity::{self, DayOffInput};
    let mut store = Store::open_in_memory().unwrap();
    let off = capacity::add_day_off(
        &mut store,
        &DayOffInput {
            first_day: "2026-12-24".into(),
            last_day: "2026-12-26".into(),
            label: "Christmas".into(),
        },
    )
    .unwrap();
    let entry = capacity::remove_day_off(&mut store, off.id).unwrap();
    let listed = |store: &Store| {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM days_off WHERE label = 'Christmas'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
    };
    assert_eq!(listed(&store), 0);
    assert_eq!(
        juggle::store::trash::undo(&mut store, entry).unwrap(),
        "the day off"
    );
    assert_eq!(listed(&store), 1);
    let err = juggle::store::trash::undo(&mut store, entry).unwrap_err();
    assert_eq!(err.code(), "store.trash");
}
