//! A CalDAV server that does not answer in time (issue 15): the sync says so and changes
//! nothing. A test binary of its own, because it shortens the request timeout for the
//! whole process (`JUGGLE_HTTP_TIMEOUT_MS`), which other tests must not share.

#[path = "support/scripted.rs"]
mod scripted;

use std::cell::RefCell;

use chrono::Utc;
use juggle::calendar::{self, EventInput};
use juggle::sync::dav::{self, CollectionKind, SyncChoice};
use juggle::Store;

#[test]
fn a_server_that_does_not_answer_in_time_is_said_to_be_slow_and_changes_nothing() {
    std::env::set_var("JUGGLE_HTTP_TIMEOUT_MS", "500");
    let base = scripted::serve(|_, _, _| {
        // The server is slower than the client waits.
        std::thread::sleep(std::time::Duration::from_secs(3));
        scripted::Reply::new(500, "")
    });
    let mut store = Store::open_in_memory().unwrap();
    let url = |p: &str| reqwest::Url::parse(&format!("{base}{p}")).unwrap();
    let found = dav::Discovered {
        principal: url("/p/"),
        collections: vec![dav::Found {
            url: url("/cal/"),
            kind: CollectionKind::Calendar,
            name: "Shared".into(),
            colour: None,
        }],
    };
    let account = dav::add_account(&mut store, &format!("{base}/"), "ann", None, &found).unwrap();
    let c = dav::find_collection(store.conn(), url("/cal/").as_str()).unwrap();
    let cal = dav::start_syncing(&mut store, c.id, &SyncChoice::default())
        .unwrap()
        .calendar_id
        .unwrap();
    calendar::add_event(
        &mut store,
        &EventInput::meeting("Mine", "2026-12-07T09:00", "2026-12-07T10:00").in_calendar(cal),
    )
    .unwrap();
    let account = dav::get_account(store.conn(), account.id).unwrap();
    let report = dav::sync_account(&RefCell::new(&mut store), &account, "pw", Utc::now()).unwrap();
    assert!(
        report
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("took too long"),
        "{report:?}"
    );
    let status = &dav::status(store.conn()).unwrap()[0];
    assert_eq!(status.pending, 1, "still waiting to go out");
}
