//! Calendar subscriptions (issue 15) against a real HTTP server on 127.0.0.1: the first
//! fetch makes a read-only calendar; a refresh sends the ETag and a 304 changes nothing;
//! a new version adds, updates and removes; a failing server leaves the events and says
//! why; a days-off subscription fills days off; the command line does the same.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/http.rs"]
mod http;

use chrono::NaiveDate;
use juggle::calendar::{self, EventKind, Filter, Scope};
use juggle::sync::{self, SubscriptionInput};
use juggle::{Coded, Store};

use http::Published;

fn today() -> NaiveDate {
    "2027-01-04".parse().unwrap()
}

fn ics(events: &[(&str, &str, &str)]) -> String {
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:School\r\n",
    );
    for (uid, day, title) in events {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{day}T090000Z\r\n\
             DTEND:{day}T100000Z\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        ));
    }
    text + "END:VCALENDAR\r\n"
}

fn titles(store: &Store) -> Vec<String> {
    let from = "2027-01-01".parse().unwrap();
    let to = "2027-02-28".parse().unwrap();
    let view =
        juggle::views::calendar_window(store, from, to, chrono_tz::Tz::UTC, &Filter::default())
            .unwrap();
    let mut t: Vec<String> = view
        .occurrences
        .iter()
        .filter(|o| o.kind != EventKind::Deadline)
        .map(|o| o.title.clone())
        .collect();
    t.sort();
    t
}

#[test]
fn a_subscription_follows_its_calendar_and_a_304_changes_nothing() {
    let server = Published::start(&ics(&[
        ("play@school", "20270111", "School play"),
        ("trip@school", "20270118", "Class trip"),
    ]));
    let mut store = Store::open_in_memory().unwrap();
    let input = SubscriptionInput {
        url: server.url.clone(),
        ..Default::default()
    };
    let (made, first) = sync::subscribe_now(&mut store, &input, today()).unwrap();
    assert_eq!((made.name.as_str(), first.added), ("School", 2));
    let cal = calendar::get_calendar(store.conn(), made.calendar_id.unwrap()).unwrap();
    assert!(cal.read_only && cal.personal, "{cal:?}");
    assert_eq!(titles(&store), ["Class trip", "School play"]);
    let again = sync::subscribe_now(&mut store, &input, today()).unwrap_err();
    assert_eq!(again.code(), "sync.already_subscribed");

    // Unchanged: the ETag goes back and the server answers 304.
    let done = sync::refresh_all(&mut store, true, today()).unwrap();
    assert!(done[0].unchanged, "{done:?}");
    let last = server.requests().pop().unwrap().to_ascii_lowercase();
    assert!(last.contains("if-none-match: \"v1\""), "{last}");

    // A new version: one event changed, one gone, one new.
    server.publish(&ics(&[
        ("play@school", "20270111", "School play (moved hall)"),
        ("fair@school", "20270125", "Science fair"),
    ]));
    let done = sync::refresh_all(&mut store, true, today()).unwrap();
    assert_eq!(
        (
            done[0].added,
            done[0].updated,
            done[0].removed,
            done[0].unchanged
        ),
        (1, 1, 1, false)
    );
    assert_eq!(titles(&store), ["School play (moved hall)", "Science fair"]);

    // The server fails: the events stay, and the subscription says why until it recovers.
    server.fail_with(500);
    let done = sync::refresh_all(&mut store, true, today()).unwrap();
    let error = done[0].error.clone().unwrap();
    assert!(error.contains("500"), "{error}");
    assert_eq!(titles(&store).len(), 2);
    assert_eq!(sync::list(store.conn()).unwrap()[0].last_error, Some(error));
    server.recover();
    sync::refresh_all(&mut store, true, today()).unwrap();
    assert_eq!(sync::list(store.conn()).unwrap()[0].last_error, None);

    // Read-only: changed where it is published, not here.
    let event = calendar::occurrences(
        &store,
        "2027-01-01".parse().unwrap(),
        "2027-02-28".parse().unwrap(),
        chrono_tz::Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
    .remove(0);
    let refused =
        calendar::delete_event(&mut store, event.event_id, event.occurrence_key, Scope::All)
            .unwrap_err();
    assert_eq!(refused.code(), "calendar.read_only");

    // Unsubscribing takes the calendar and its events; Undo brings them back.
    let removed = sync::unsubscribe(&mut store, made.id).unwrap();
    assert!(titles(&store).is_empty());
    assert!(sync::list(store.conn()).unwrap().is_empty());
    calendar::undo(&mut store, &removed.undo).unwrap();
    assert_eq!(titles(&store).len(), 2);
    assert_eq!(sync::list(store.conn()).unwrap().len(), 1);
}

#[test]
fn a_holiday_calendar_subscribed_as_days_off_fills_days_off() {
    let server = Published::start(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:h1\r\n\
         DTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270505\r\nSUMMARY:Holiday\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let mut store = Store::open_in_memory().unwrap();
    let input = SubscriptionInput {
        url: server.url.clone(),
        days_off: true,
        ..Default::default()
    };
    let (made, first) = sync::subscribe_now(&mut store, &input, today()).unwrap();
    assert_eq!(
        (made.days_off, made.calendar_id, first.added),
        (true, None, 1)
    );
    let off = juggle::capacity::days_off(store.conn()).unwrap();
    assert!(off.iter().any(|d| d.label == "Holiday"), "{off:?}");
    assert!(calendar::list_calendars(store.conn()).unwrap().is_empty());
}

#[test]
fn addresses_that_are_not_calendars_are_refused_and_nothing_is_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let page = Published::start("<html>not a calendar</html>");
    let refused = |url: &str, store: &mut Store| {
        let input = SubscriptionInput {
            url: url.into(),
            ..Default::default()
        };
        sync::subscribe_now(store, &input, today())
            .unwrap_err()
            .code()
    };
    assert_eq!(refused(&page.url, &mut store), "sync.not_a_calendar");
    assert_eq!(
        refused("http://example.org/x.ics", &mut store),
        "sync.insecure"
    );
    assert_eq!(refused("calendar.ics", &mut store), "sync.bad_address");
    // Nothing listens on port 9 (discard) here: the server does not answer.
    assert_eq!(
        refused("http://127.0.0.1:9/x.ics", &mut store),
        "sync.unreachable"
    );
    page.fail_with(404);
    assert_eq!(refused(&page.url, &mut store), "sync.http_status");
    assert!(sync::list(store.conn()).unwrap().is_empty());
    assert!(calendar::list_calendars(store.conn()).unwrap().is_empty());
}

#[test]
fn the_command_line_subscribes_lists_and_syncs() {
    let server = Published::start(&ics(&[("play@school", "20270111", "School play")]));
    let cli = cli::Cli::new();
    let made = cli.json(&["subscribe", &server.url, "--json"]);
    assert_eq!(made["name"], "School");
    let list = cli.json(&["subscriptions", "--json"]);
    assert_eq!(list[0]["url"], server.url.as_str());
    let said = cli.ok(&["sync", "now"]);
    assert!(said.contains("School: unchanged."), "{said}");
    let calendars = cli.json(&["calendars", "list", "--json"]);
    assert_eq!(calendars[0]["read_only"], true);
    let said = cli.ok(&["unsubscribe", &server.url]);
    assert!(said.contains("Removed the calendar “School”"), "{said}");
}
