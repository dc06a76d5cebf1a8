//! CalDAV sync of a 5,000-event calendar (issue 15): the first sync (everything
//! downloaded and imported), a re-sync with nothing changed (one sync report, nothing
//! downloaded), and a re-sync after one event changed on the server and one in Juggle.
//! Against a real Radicale on 127.0.0.1 (installed by the test command's set-up); the
//! objects are written into its storage folder directly, as if a phone had put them.
//! Each step runs once per round, three rounds; the numbers go in the closing note.
//!
//! Run: `cargo bench --bench dav_sync`.

#[path = "../tests/support/radicale.rs"]
mod radicale;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use chrono::Utc;
use juggle::calendar::{self, EventInput};
use juggle::sync::dav::{self, Account, AccountReport, SyncChoice};
use juggle::Store;

use radicale::{Radicale, PASSWORD, USER};

const EVENTS: usize = 5_000;
const WORK: &str = "/ann/work/";

fn object(i: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        + chrono::Duration::days((i / 8) as i64);
    let hour = 8 + i % 8;
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bench//EN\r\nBEGIN:VEVENT\r\nUID:bench-{i}@example.org\r\n\
         DTSTAMP:20260101T000000Z\r\nDTSTART:{d}T{hour:02}0000Z\r\nDTEND:{d}T{hour:02}4500Z\r\n\
         SUMMARY:Meeting {i}\r\nLOCATION:Room {r}\r\nATTENDEE;CN=Bo:mailto:bo@example.org\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
        d = day.format("%Y%m%d"),
        r = i % 12
    )
}

fn timed(what: &str, f: impl FnOnce() -> AccountReport) -> Duration {
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    let c = &r.collections[0];
    println!(
        "{what:<44} {:>8.2} s   (in {}, out {}, failed {})",
        took.as_secs_f64(),
        c.pulled,
        c.pushed,
        c.failed.len()
    );
    took
}

fn rounds() -> usize {
    std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

fn main() {
    for round in 1..=rounds() {
        println!("round {round}");
        let mut server = Radicale::start();
        server.make(WORK, "Work", "#1E88E5FF", &["VEVENT"]);
        server.stop();
        let folder = server.folder(WORK);
        for i in 0..EVENTS {
            std::fs::write(folder.join(format!("bench-{i}.ics")), object(i)).unwrap();
        }
        server.resume();

        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let start = dav::account_address(&server.base()).unwrap();
        let found = dav::discover(&dav::Dav::new(USER, PASSWORD, None).unwrap(), &start).unwrap();
        let account = dav::add_account(&mut store, start.as_str(), USER, None, &found).unwrap();
        let work = dav::find_collection(store.conn(), &server.url(WORK)).unwrap();
        let work = dav::start_syncing(&mut store, work.id, &SyncChoice::default()).unwrap();
        let sync = |store: &mut Store| {
            let account: Account = dav::get_account(store.conn(), account.id).unwrap();
            dav::sync_account(&RefCell::new(store), &account, PASSWORD, Utc::now()).unwrap()
        };
        timed("first sync of 5,000 events", || sync(&mut store));
        timed("re-sync, nothing changed", || sync(&mut store));
        let t = Instant::now();
        let account_now = dav::get_account(store.conn(), account.id).unwrap();
        let waiting = dav::pending(store.conn(), &account_now).unwrap();
        println!(
            "{:<44} {:>8.2} s   ({waiting} waiting)",
            "  of which: what waits to go out",
            t.elapsed().as_secs_f64()
        );
        server.put(
            &format!("{WORK}bench-7.ics"),
            &object(7).replace("Meeting 7", "Moved"),
        );
        calendar::add_event(
            &mut store,
            &EventInput::meeting("New here", "2026-06-01T09:00", "2026-06-01T10:00")
                .in_calendar(work.calendar_id.unwrap()),
        )
        .unwrap();
        timed("re-sync, one change each side", || sync(&mut store));
    }
}
