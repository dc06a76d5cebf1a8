//! Two-way CalDAV sync (issue 15) against a real server: Radicale on 127.0.0.1, started
//! per test. The server's side is changed as a phone or a colleague would (PUT, DELETE);
//! Juggle's side through the same functions the app and the command line call.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/radicale.rs"]
mod radicale;
#[path = "support/scripted.rs"]
mod scripted;

use std::cell::RefCell;

use chrono::Utc;
use juggle::calendar::{self, CalendarId, Event, EventInput, Scope};
use juggle::sync::dav::{self, Account, AccountReport, CollectionKind, SyncChoice};
use juggle::{Coded, Store};

use radicale::{Radicale, PASSWORD, USER};

const WORK: &str = "/ann/work/";

fn event(uid: &str, day: &str, title: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         DTSTAMP:20261201T000000Z\r\nDTSTART:{day}T090000Z\r\nDTEND:{day}T100000Z\r\n\
         SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// A server with a Work calendar, an account for it in a new book, and Work syncing.
fn synced() -> (Radicale, Store, Account) {
    let server = Radicale::start();
    server.make(WORK, "Work", "#FF2968FF", &["VEVENT"]);
    let mut store = Store::open_in_memory().unwrap();
    let account = add(&server, &mut store);
    let work = dav::find_collection(store.conn(), &server.url(WORK)).unwrap();
    dav::start_syncing(&mut store, work.id, &SyncChoice::default()).unwrap();
    let account = dav::get_account(store.conn(), account.id).unwrap();
    (server, store, account)
}

fn add(server: &Radicale, store: &mut Store) -> Account {
    let start = dav::account_address(&server.base()).unwrap();
    let client = dav::Dav::new(USER, PASSWORD, None).unwrap();
    let found = dav::discover(&client, &start).unwrap();
    dav::add_account(store, start.as_str(), USER, None, &found).unwrap()
}

fn sync(store: &mut Store, account: &Account) -> AccountReport {
    let account = dav::get_account(store.conn(), account.id).unwrap();
    let book = RefCell::new(store);
    dav::sync_account(&book, &account, PASSWORD, Utc::now()).unwrap()
}

fn calendar_of(store: &Store, account: &Account) -> CalendarId {
    dav::get_account(store.conn(), account.id)
        .unwrap()
        .collections[0]
        .calendar_id
        .unwrap()
}

/// The synced calendar's events (series and single events), by title.
fn events(store: &Store, calendar: CalendarId) -> Vec<Event> {
    let ids: Vec<i64> = store
        .conn()
        .prepare(
            "SELECT id FROM events WHERE calendar_id = ?1 AND series_id IS NULL ORDER BY title",
        )
        .unwrap()
        .query_map([calendar], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ids.into_iter()
        .map(|id| calendar::get_event(store, calendar::EventId(id)).unwrap())
        .collect()
}

fn titles(store: &Store, calendar: CalendarId) -> Vec<String> {
    events(store, calendar)
        .into_iter()
        .map(|e| e.title)
        .collect()
}

/// The key of an event's first occurrence: its start in UTC seconds.
fn first_key(e: &Event) -> i64 {
    let tz: chrono_tz::Tz = e.tz.parse().unwrap();
    let wall = chrono::NaiveDateTime::parse_from_str(&e.start, "%Y-%m-%dT%H:%M").unwrap();
    wall.and_local_timezone(tz).unwrap().timestamp()
}

fn retitle(store: &mut Store, e: &Event, title: &str) {
    let input = EventInput {
        title: title.into(),
        ..EventInput::from_event(e)
    };
    calendar::update_event(store, e.id, first_key(e), Scope::All, &input).unwrap();
}

#[test]
fn discovery_from_the_bare_address_finds_calendars_task_lists_and_address_books() {
    let server = Radicale::start();
    server.make(WORK, "Work", "#FF2968FF", &["VEVENT"]);
    server.make("/ann/todo/", "To do", "#00AA00", &["VTODO"]);
    server.make("/ann/contacts/", "Contacts", "", &[]);
    let start = dav::account_address(&server.base()).unwrap();
    let found = dav::discover(&dav::Dav::new(USER, PASSWORD, None).unwrap(), &start).unwrap();
    assert_eq!(found.principal.as_str(), server.url("/ann/"));
    let mut seen: Vec<(String, CollectionKind, Option<String>)> = found
        .collections
        .iter()
        .map(|c| (c.url.to_string(), c.kind, c.colour.clone()))
        .collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [
            (
                server.url("/ann/contacts/"),
                CollectionKind::Addressbook,
                None
            ),
            (
                server.url("/ann/todo/"),
                CollectionKind::Tasks,
                Some("#00aa00".into())
            ),
            (
                server.url(WORK),
                CollectionKind::Calendar,
                Some("#ff2968".into())
            ),
        ]
    );
}

#[test]
fn a_wrong_password_is_said_as_such_and_nothing_is_kept() {
    let server = Radicale::start();
    let start = dav::account_address(&server.base()).unwrap();
    let e = dav::discover(&dav::Dav::new(USER, "wrong", None).unwrap(), &start).unwrap_err();
    assert_eq!(e.code(), "sync.wrong_password");
    assert!(e.to_string().contains("user name or password"), "{e}");

    // An added account whose password changed on the server: the sync says so, and waits.
    let (server, mut store, account) = synced();
    let account = dav::get_account(store.conn(), account.id).unwrap();
    let book = RefCell::new(&mut store);
    let report = dav::sync_account(&book, &account, "changed", Utc::now()).unwrap();
    assert!(report.error.unwrap().contains("user name or password"));
    let status = &dav::status(store.conn()).unwrap()[0];
    assert!(status.last_error.as_ref().unwrap().contains("password"));
    assert!(
        status.needs_password,
        "Settings asks for the password again"
    );
    assert!(status.retry_at.is_some(), "backs off before trying again");
    drop(server);
}

#[test]
fn events_go_both_ways_and_an_unchanged_calendar_downloads_nothing() {
    let (server, mut store, account) = synced();
    let cal = calendar_of(&store, &account);
    assert_eq!(
        calendar::get_calendar(store.conn(), cal).unwrap().colour,
        "#ff2968",
        "the server's colour"
    );

    // Server → Juggle.
    server.put(
        &format!("{WORK}phone.ics"),
        &event("phone@x", "20261207", "From the phone"),
    );
    let r = sync(&mut store, &account);
    assert_eq!(
        (r.collections[0].pulled, r.collections[0].pushed),
        (1, 0),
        "{r:?}"
    );
    assert_eq!(titles(&store, cal), ["From the phone"]);

    // Juggle → server: a new event.
    calendar::add_event(
        &mut store,
        &EventInput::meeting("Made in Juggle", "2026-12-08T14:00", "2026-12-08T15:00")
            .in_calendar(cal),
    )
    .unwrap();
    let r = sync(&mut store, &account);
    assert_eq!(
        (r.collections[0].pulled, r.collections[0].pushed),
        (0, 1),
        "{r:?}"
    );
    let texts = server.texts(WORK);
    assert_eq!(texts.len(), 2);
    assert!(
        texts.iter().any(|t| t.contains("SUMMARY:Made in Juggle")),
        "{texts:?}"
    );

    // Nothing changed on either side: nothing moves.
    let r = sync(&mut store, &account);
    let c = &r.collections[0];
    assert_eq!(
        (
            c.pulled,
            c.pushed,
            c.removed_here,
            c.removed_there,
            c.conflicts
        ),
        (0, 0, 0, 0, 0),
        "{r:?}"
    );

    // Moved in Juggle (a drag) → the server's event moves.
    let phone = events(&store, cal)
        .into_iter()
        .find(|e| e.title == "From the phone")
        .unwrap();
    calendar::move_occurrence(
        &mut store,
        phone.id,
        first_key(&phone),
        Scope::All,
        "2026-12-07T11:00:00Z",
        "2026-12-07T12:00:00Z",
    )
    .unwrap();
    sync(&mut store, &account);
    let text = server.get(&format!("{WORK}phone.ics")).unwrap();
    assert!(text.contains("DTSTART:20261207T110000Z"), "{text}");

    // Deleted on the server → gone here; deleted here → gone there.
    server.delete(&format!("{WORK}phone.ics"));
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].removed_here, 1, "{r:?}");
    assert_eq!(titles(&store, cal), ["Made in Juggle"]);
    let mine = events(&store, cal).remove(0);
    calendar::delete_event(&mut store, mine.id, 0, Scope::All).unwrap();
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].removed_there, 1, "{r:?}");
    assert!(server.list(WORK).is_empty());
}

const SERIES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 15.1//EN\r\nCALSCALE:GREGORIAN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:weekly-acme@example.org\r\nDTSTAMP:20261101T090000Z\r\nCREATED:20261101T090000Z\r\nSEQUENCE:2\r\nDTSTART;TZID=Europe/Berlin:20261207T100000\r\nDTEND;TZID=Europe/Berlin:20261207T110000\r\nRRULE:FREQ=WEEKLY;COUNT=6\r\nRDATE;TZID=Europe/Berlin:20261224T100000\r\nSUMMARY:Acme weekly\r\nORGANIZER;CN=Bo Boss:mailto:bo@acme.example\r\nATTENDEE;CN=\"Doe, Jane\";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:jane@example.org\r\nATTENDEE;CN=Ann;PARTSTAT=NEEDS-ACTION:mailto:ann@example.org\r\nX-MS-OLK-CONFTYPE:0\r\nX-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\nDESCRIPTION:Agenda in the shared document; this line is long enough that the\r\n  client that wrote it folded it in two.\r\nBEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT15M\r\nX-WR-ALARMUID:1A2B\r\nEND:VALARM\r\nBEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-P1D\r\nSUMMARY:Tomorrow\r\nDESCRIPTION:Acme weekly tomorrow\r\nATTENDEE:mailto:ann@example.org\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:weekly-acme@example.org\r\nDTSTAMP:20261101T090000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261214T100000\r\nDTSTART;TZID=Europe/Berlin:20261214T140000\r\nDTEND;TZID=Europe/Berlin:20261214T150000\r\nSUMMARY:Acme weekly (afternoon this time)\r\nATTENDEE;CN=\"Doe, Jane\";PARTSTAT=TENTATIVE:mailto:jane@example.org\r\nX-CUSTOM-NOTE:keep me\r\nBEGIN:X-UNKNOWN-THING\r\nX-DATA:whatever\r\nEND:X-UNKNOWN-THING\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Lines that a change legitimately rewrites: the stamp and the sequence.
fn stamped(text: &str) -> String {
    text.split("\r\n")
        .filter(|l| !l.starts_with("DTSTAMP:") && !l.starts_with("SEQUENCE:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn an_edit_in_juggle_keeps_every_part_of_the_server_object_it_did_not_touch() {
    let (server, mut store, account) = synced();
    let cal = calendar_of(&store, &account);
    let path = format!("{WORK}weekly.ics");
    server.put(&path, SERIES);
    sync(&mut store, &account);
    // As the server keeps it (Radicale writes objects out again in its own way).
    let before = server.get(&path).unwrap();
    let series = events(&store, cal)
        .into_iter()
        .find(|e| e.rrule.is_some())
        .expect("the series");
    assert_eq!(series.title, "Acme weekly");

    retitle(&mut store, &series, "Acme weekly sync");
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pushed, 1, "{r:?}");
    let after = server.get(&path).unwrap();
    // Byte for byte, but for the summary Juggle changed and the stamp and sequence an
    // edit must bump.
    assert_eq!(
        stamped(&after),
        stamped(&before.replace("SUMMARY:Acme weekly\r\n", "SUMMARY:Acme weekly sync\r\n")),
        "{after}"
    );
    assert!(
        after.contains("SEQUENCE:3"),
        "the sequence went up: {after}"
    );

    // The edited occurrence, moved in Juggle: only its own start changes.
    let moved = events(&store, cal);
    let occurrence: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM events WHERE series_id IS NOT NULL AND title LIKE '%afternoon%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!moved.is_empty());
    let occ = calendar::get_event(&store, calendar::EventId(occurrence)).unwrap();
    calendar::move_occurrence(
        &mut store,
        occ.id,
        first_key(&occ),
        Scope::This,
        "2026-12-14T16:00:00+01:00",
        "2026-12-14T17:00:00+01:00",
    )
    .unwrap();
    sync(&mut store, &account);
    let again = server.get(&path).unwrap();
    assert!(again.contains("X-CUSTOM-NOTE:keep me"), "{again}");
    assert!(
        again.contains("ATTENDEE;CN=\"Doe, Jane\";PARTSTAT=TENTATIVE"),
        "{again}"
    );
    assert!(again.contains("BEGIN:X-UNKNOWN-THING\r\nX-DATA:whatever\r\nEND:X-UNKNOWN-THING"));
    assert!(
        again.contains("RECURRENCE-ID;TZID=Europe/Berlin:20261214T100000\r\nDTSTART;TZID=Europe/Berlin:20261214T160000"),
        "{again}"
    );
    assert_eq!(
        stamped(&again)
            .replace("20261214T160000", "20261214T140000")
            .replace("20261214T170000", "20261214T150000"),
        stamped(&after),
        "nothing else moved"
    );
}

#[test]
fn both_sides_changed_keeps_both_and_loses_nothing() {
    let (server, mut store, account) = synced();
    let cal = calendar_of(&store, &account);
    let path = format!("{WORK}lunch.ics");
    server.put(&path, &event("lunch@x", "20261209", "Lunch"));
    sync(&mut store, &account);
    let lunch = events(&store, cal).remove(0);

    server.put(
        &path,
        &event("lunch@x", "20261209", "Lunch with Bo (phone)"),
    );
    retitle(&mut store, &lunch, "Lunch with Cy (Juggle)");
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].conflicts, 1, "{r:?}");
    assert_eq!(
        titles(&store, cal),
        [
            "Lunch with Bo (phone)",
            "Lunch with Cy (Juggle) (conflict copy)"
        ]
    );
    // The server has both too, so no device loses Juggle's version.
    let texts = server.texts(WORK);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t.contains("SUMMARY:Lunch with Bo (phone)")));
    assert!(texts
        .iter()
        .any(|t| t.contains("SUMMARY:Lunch with Cy (Juggle) (conflict copy)")));
    let status = &dav::status(store.conn()).unwrap()[0];
    assert_eq!(status.conflicts.len(), 1);
    assert_eq!(status.conflicts[0].title, "Lunch with Bo (phone)");

    // The user keeps one: the notice goes.
    let copy = events(&store, cal)
        .into_iter()
        .find(|e| e.title.ends_with("(conflict copy)"))
        .unwrap();
    calendar::delete_event(&mut store, copy.id, 0, Scope::All).unwrap();
    sync(&mut store, &account);
    assert!(dav::status(store.conn()).unwrap()[0].conflicts.is_empty());
    assert_eq!(server.list(WORK).len(), 1);
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_kept() {
    let (server, mut store, account) = synced();
    let cal = calendar_of(&store, &account);
    let path = format!("{WORK}review.ics");
    server.put(&path, &event("review@x", "20261210", "Review"));
    sync(&mut store, &account);
    let review = events(&store, cal).remove(0);
    server.delete(&path);
    retitle(&mut store, &review, "Review (moved agenda)");
    sync(&mut store, &account);
    assert_eq!(titles(&store, cal), ["Review (moved agenda)"]);
    let texts = server.texts(WORK);
    assert_eq!(texts.len(), 1, "sent back: {texts:?}");
    assert!(texts[0].contains("SUMMARY:Review (moved agenda)"));
}

#[test]
fn changes_made_while_the_server_is_down_wait_and_go_out_when_it_is_back() {
    let (mut server, mut store, account) = synced();
    let cal = calendar_of(&store, &account);
    server.stop();
    calendar::add_event(
        &mut store,
        &EventInput::meeting("Offline idea", "2026-12-11T09:00", "2026-12-11T10:00")
            .in_calendar(cal),
    )
    .unwrap();
    let r = sync(&mut store, &account);
    assert!(
        r.error.as_ref().unwrap().contains("Could not reach"),
        "{r:?}"
    );
    let status = &dav::status(store.conn()).unwrap()[0];
    assert_eq!(status.pending, 1, "waiting in the outbox");
    assert!(status.last_error.is_some());
    assert_eq!(
        titles(&store, cal),
        ["Offline idea"],
        "Juggle works as before"
    );

    // Automatic syncs wait for the back-off; a sync now goes at once.
    let password = |_: &Account| Some(PASSWORD.to_owned());
    let waited =
        dav::sync_accounts(&RefCell::new(&mut store), &password, false, Utc::now()).unwrap();
    assert!(waited.is_empty(), "in back-off: {waited:?}");

    server.resume();
    let done = dav::sync_accounts(&RefCell::new(&mut store), &password, true, Utc::now()).unwrap();
    assert_eq!(done[0].collections[0].pushed, 1, "{done:?}");
    let status = &dav::status(store.conn()).unwrap()[0];
    assert_eq!((status.pending, status.last_error.clone()), (0, None));
    assert!(server.texts(WORK)[0].contains("SUMMARY:Offline idea"));
}

#[test]
fn the_command_line_adds_an_account_syncs_and_says_how_it_stands() {
    let server = Radicale::start();
    server.make(WORK, "Work", "#FF2968FF", &["VEVENT"]);
    server.put(
        &format!("{WORK}a.ics"),
        &event("a@x", "20261207", "Kick-off"),
    );
    let cli = cli::Cli::new();
    let pass = [("JUGGLE_DAV_PASSWORD", PASSWORD)];
    let added = cli.ok_with(
        &["accounts", "add", &server.base(), "--user", USER, "--json"],
        &[],
        Some(&format!("{PASSWORD}\n")),
    );
    let added: serde_json::Value = serde_json::from_str(&added).unwrap();
    let collections = added["collections"].as_array().unwrap();
    assert_eq!(collections.len(), 1, "{added}");
    assert_eq!(collections[0]["kind"], "calendar");
    assert_eq!(collections[0]["name"], "Work");
    cli.ok(&["clients", "add", "Acme"]);
    cli.ok(&["accounts", "sync", &server.url(WORK), "--client", "Acme"]);
    let done = cli.ok_with(&["sync", "now", "--json"], &pass, None);
    let done: serde_json::Value = serde_json::from_str(&done).unwrap();
    assert_eq!(done[0]["kind"], "account", "{done}");
    assert_eq!(done[0]["collections"][0]["pulled"], 1, "{done}");
    let listed = cli.ok(&[
        "calendar",
        "list",
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-07",
    ]);
    assert!(listed.contains("Kick-off"), "{listed}");
    cli.ok(&[
        "calendar",
        "add",
        "Planning",
        "--start",
        "2026-12-08T10:00",
        "--end",
        "2026-12-08T11:00",
        "--calendar",
        "Work",
    ]);
    let status = cli.json(&["sync", "status", "--json"]);
    assert_eq!(status["accounts"][0]["pending"], 1, "{status}");
    cli.ok_with(&["sync", "now"], &pass, None);
    assert!(server
        .texts(WORK)
        .iter()
        .any(|t| t.contains("SUMMARY:Planning")));
    let failed = cli.run_with(&["sync", "now"], &[("JUGGLE_DAV_PASSWORD", "wrong")], None);
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stdout);
    assert!(said.contains("user name or password"), "{said}");
}

/// A book with one event of its own in a calendar synced with the server at `base`, as if
/// discovery had found it there.
fn hostile(base: &str) -> (Store, Account, CalendarId) {
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
    let account = dav::add_account(&mut store, &format!("{base}/"), USER, None, &found).unwrap();
    let c = dav::find_collection(store.conn(), url("/cal/").as_str()).unwrap();
    let c = dav::start_syncing(&mut store, c.id, &SyncChoice::default()).unwrap();
    let cal = c.calendar_id.unwrap();
    calendar::add_event(
        &mut store,
        &EventInput::meeting("Mine", "2026-12-07T09:00", "2026-12-07T10:00").in_calendar(cal),
    )
    .unwrap();
    let account = dav::get_account(store.conn(), account.id).unwrap();
    (store, account, cal)
}

/// What a hostile server's answer left: the report's words, and the book unchanged.
fn after_hostile(base: &str) -> String {
    let (mut store, account, cal) = hostile(base);
    let r = sync(&mut store, &account);
    assert_eq!(titles(&store, cal), ["Mine"], "nothing changed locally");
    assert_eq!(
        dav::status(store.conn()).unwrap()[0].pending,
        1,
        "still waiting"
    );
    match r.error {
        Some(e) => e,
        None => r.collections[0].failed.join("; "),
    }
}

#[test]
fn bad_server_answers_are_said_plainly_and_change_nothing() {
    use scripted::{serve, Reply};
    let malformed =
        serve(|_, _, _| Reply::new(207, "<multistatus xmlns=\"DAV:\"><response><href>"));
    assert!(after_hostile(&malformed).contains("not readable XML"));

    let broken = serve(|_, _, _| Reply::new(500, "Internal Server Error"));
    assert!(after_hostile(&broken).contains("the server has a problem"));

    let looping = serve(|_, path, _| Reply::new(301, "").header("Location", path.to_owned()));
    assert!(after_hostile(&looping).contains("redirects too many times"));

    let html = serve(|_, _, _| Reply::new(200, "<html><body>Sign in</body></html>"));
    assert!(after_hostile(&html).contains("WebDAV answers 207"));
}

#[test]
fn an_event_of_ten_megabytes_is_left_out_and_the_rest_syncs() {
    use scripted::{serve, Reply};
    let huge = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:huge\r\nDTSTART:20261207T090000Z\r\nSUMMARY:Huge\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "x".repeat(10 * 1024 * 1024)
    );
    let small = event("small@x", "20261208", "Small");
    let base = serve(move |method, _, body| match method {
        "REPORT" if body.contains("sync-collection") => Reply::new(
            207,
            r#"<multistatus xmlns="DAV:"><response><href>/cal/huge.ics</href><propstat><prop><getetag>"h"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/cal/small.ics</href><propstat><prop><getetag>"s"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response><sync-token>t1</sync-token></multistatus>"#,
        ),
        "REPORT" => Reply::new(
            207,
            format!(
                r#"<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/cal/huge.ics</href><propstat><prop><getetag>"h"</getetag><C:calendar-data>{huge}</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/cal/small.ics</href><propstat><prop><getetag>"s"</getetag><C:calendar-data>{small}</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#
            ),
        ),
        "PUT" => Reply::new(201, "").header("ETag", "\"m\""),
        _ => Reply::new(404, ""),
    });
    let (mut store, account, cal) = hostile(&base);
    let r = sync(&mut store, &account);
    let c = &r.collections[0];
    assert_eq!((c.pulled, c.pushed), (1, 1), "{r:?}");
    assert!(c.failed[0].contains("left out, 10 MB"), "{:?}", c.failed);
    assert_eq!(titles(&store, cal), ["Mine", "Small"]);
}

#[test]
fn a_task_list_syncs_a_clients_tasks_both_ways() {
    use juggle::capacity::tasks::{self, TaskInput, TaskStatus};
    let server = Radicale::start();
    server.make("/ann/todo/", "Reminders", "#FF9500", &["VTODO"]);
    let phone = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iOS 18//EN\r\nBEGIN:VTODO\r\nUID:call-bo@phone\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Call Bo about the launch\r\nDESCRIPTION:He wants the figures first\r\nDUE;VALUE=DATE:20261210\r\nPRIORITY:1\r\nSTATUS:NEEDS-ACTION\r\nX-APPLE-SORT-ORDER:123456\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
    server.put("/ann/todo/call-bo.ics", phone);
    let mut store = Store::open_in_memory().unwrap();
    let acme = juggle::clients::add(&mut store, &juggle::clients::ClientInput::named("Acme"))
        .unwrap()
        .id;
    let account = add(&server, &mut store);
    let list = dav::find_collection(store.conn(), &server.url("/ann/todo/")).unwrap();
    assert_eq!(list.kind, CollectionKind::Tasks);
    let choice = SyncChoice {
        client_id: Some(acme),
        personal: None,
    };
    dav::start_syncing(&mut store, list.id, &choice).unwrap();
    let today: chrono::NaiveDate = "2026-12-02".parse().unwrap();

    // Server → Juggle.
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pulled, 1, "{r:?}");
    let mine = tasks::list(store.conn(), Some(acme), true, today).unwrap();
    assert_eq!(mine.len(), 1);
    let call = &mine[0];
    assert_eq!(call.title, "Call Bo about the launch");
    assert_eq!(call.notes, "He wants the figures first");
    assert_eq!(call.due, Some("2026-12-10".parse().unwrap()));
    assert!(call.important);

    // Juggle → server: done here, and a new task with its estimate; a done task never
    // on the list stays off it.
    tasks::set_status(&mut store, call.id, TaskStatus::Done, today).unwrap();
    tasks::add(
        &mut store,
        &TaskInput::due("Write the launch brief", "6", "2026-12-12").for_client(acme),
        today,
    )
    .unwrap();
    let old = tasks::add(
        &mut store,
        &TaskInput::due("Old thing", "1", "2026-11-01").for_client(acme),
        today,
    )
    .unwrap();
    tasks::set_status(&mut store, old.id, TaskStatus::Done, today).unwrap();
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pushed, 2, "{r:?}");
    let called = server.get("/ann/todo/call-bo.ics").unwrap();
    assert!(called.contains("STATUS:COMPLETED"), "{called}");
    assert!(
        called.contains("X-APPLE-SORT-ORDER:123456"),
        "kept: {called}"
    );
    let texts = server.texts("/ann/todo/");
    assert_eq!(texts.len(), 2, "{texts:?}");
    let brief = texts
        .iter()
        .find(|t| t.contains("Write the launch brief"))
        .unwrap();
    assert!(brief.contains("X-JUGGLE-ESTIMATE-MINUTES:360"), "{brief}");
    assert!(brief.contains("DUE;VALUE=DATE:20261212"), "{brief}");

    // Deleted on the server (ticked off and cleared on the phone) → gone here.
    let brief_path = server
        .list("/ann/todo/")
        .into_iter()
        .find(|p| !p.ends_with("call-bo.ics"))
        .unwrap();
    server.delete(&brief_path);
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].removed_here, 1, "{r:?}");
    let titles: Vec<String> = tasks::list(store.conn(), Some(acme), true, today)
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(!titles.contains(&"Write the launch brief".to_string()));
}

#[test]
fn an_address_book_brings_clients_contacts_and_sends_back_their_edits() {
    use juggle::clients::{self, ContactInput};
    let server = Radicale::start();
    server.make("/ann/contacts/", "Contacts", "", &[]);
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18//EN\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme Corp;Marketing\r\nTITLE:Head of marketing\r\nEMAIL;type=INTERNET;type=WORK;type=pref:jane@acme.example\r\nTEL;type=CELL;type=VOICE:+44 7700 900123\r\nBDAY:1986-04-12\r\nitem1.X-ABLabel:_$!<Assistant>!$_\r\nX-SOCIALPROFILE;type=linkedin:https://linkedin.com/in/janedoe\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/\r\nUID:jane-doe-1234\r\nEND:VCARD\r\n";
    server.put("/ann/contacts/jane.vcf", card);
    let mut store = Store::open_in_memory().unwrap();
    let account = add(&server, &mut store);
    let book = dav::find_collection(store.conn(), &server.url("/ann/contacts/")).unwrap();
    assert_eq!(book.kind, CollectionKind::Addressbook);
    dav::start_syncing(&mut store, book.id, &SyncChoice::default()).unwrap();

    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pulled, 1, "{r:?}");
    let acme = clients::list(&store, false)
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Acme Corp")
        .expect("ORG became the client");
    let jane = clients::list_contacts(&store, acme.id, false)
        .unwrap()
        .remove(0);
    assert_eq!(jane.name, "Jane Doe");
    assert_eq!(jane.role.as_deref(), Some("Head of marketing"));
    assert_eq!(jane.email.as_deref(), Some("jane@acme.example"));

    // Her new role, typed in Juggle, goes into the card; the rest of the card stays.
    let before = server.get("/ann/contacts/jane.vcf").unwrap();
    clients::update_contact(
        &mut store,
        jane.id,
        &ContactInput {
            name: jane.name.clone(),
            role: "Chief marketing officer".into(),
            email: jane.email.clone().unwrap_or_default(),
            phone: jane.phone.clone().unwrap_or_default(),
            preferred_channel: jane.preferred_channel,
            authority: jane.authority.clone().unwrap_or_default(),
        },
    )
    .unwrap();
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pushed, 1, "{r:?}");
    let after = server.get("/ann/contacts/jane.vcf").unwrap();
    assert_eq!(
        after,
        before.replace("TITLE:Head of marketing", "TITLE:Chief marketing officer"),
        "only the title changed"
    );
    assert!(after.contains("PHOTO;ENCODING=b;TYPE=JPEG:"), "{after}");

    // A contact made in Juggle stays in Juggle.
    clients::add_contact(
        &mut store,
        acme.id,
        &ContactInput {
            name: "Cy".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let r = sync(&mut store, &account);
    assert_eq!(r.collections[0].pushed, 0, "{r:?}");
    assert_eq!(server.list("/ann/contacts/").len(), 1);

    // Deleted from the address book: archived here, her history kept.
    server.delete("/ann/contacts/jane.vcf");
    sync(&mut store, &account);
    let left: Vec<String> = clients::list_contacts(&store, acme.id, false)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, ["Cy"]);
    assert_eq!(
        clients::list_contacts(&store, acme.id, true).unwrap().len(),
        2
    );
}

/// A DAV server's discovery answers: the principal at `/p/`, a calendar home with one
/// calendar.
fn discovery_answers(method: &str, path: &str, _: &str) -> scripted::Reply {
    use scripted::Reply;
    let ms = |inner: &str| {
        Reply::new(
            207,
            format!(
                r#"<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">{inner}</multistatus>"#
            ),
        )
    };
    match (method, path) {
        ("PROPFIND", "/") => ms("<response><href>/</href><propstat><prop><current-user-principal><href>/p/</href></current-user-principal></prop><status>HTTP/1.1 200 OK</status></propstat></response>"),
        ("PROPFIND", "/p/") => ms("<response><href>/p/</href><propstat><prop><C:calendar-home-set><href>/cal/</href></C:calendar-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>"),
        ("PROPFIND", "/cal/") => ms("<response><href>/cal/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/cal/team/</href><propstat><prop><resourcetype><collection/><C:calendar/></resourcetype><displayname>Team</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>"),
        _ => Reply::new(404, ""),
    }
}

#[test]
fn a_self_signed_certificate_is_refused_until_its_fingerprint_is_trusted() {
    let base = scripted::serve_tls(discovery_answers);
    let start = dav::account_address(&base).unwrap();
    let e = dav::discover(&dav::Dav::new(USER, PASSWORD, None).unwrap(), &start).unwrap_err();
    assert_eq!(e.code(), "sync.untrusted", "{e}");
    // The fixture's fingerprint, as `openssl x509 -fingerprint -sha256` prints it.
    let fingerprint = "9F:9D:B8:45:98:D6:03:14:F9:E1:1A:D1:B7:0B:C9:8E:C9:2A:2E:0F:67:8A:95:3E:B9:7E:FF:41:03:D5:5E:E8";
    assert!(e.to_string().contains(fingerprint), "{e}");

    // Another fingerprint trusted: still refused.
    let other = "00:".repeat(31) + "00";
    let e = dav::discover(
        &dav::Dav::new(USER, PASSWORD, Some(&other)).unwrap(),
        &start,
    )
    .unwrap_err();
    assert_eq!(e.code(), "sync.untrusted", "{e}");

    let found = dav::discover(
        &dav::Dav::new(USER, PASSWORD, Some(fingerprint)).unwrap(),
        &start,
    )
    .unwrap();
    assert_eq!(found.collections.len(), 1);
    assert_eq!(found.collections[0].name, "Team");

    // The command line: refused with the fingerprint, then added with --trust.
    let cli = cli::Cli::new();
    let pass = [("JUGGLE_DAV_PASSWORD", PASSWORD)];
    let refused = cli.run_with(&["accounts", "add", &base, "--user", USER], &pass, None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains(fingerprint));
    let added = cli.ok_with(
        &[
            "accounts",
            "add",
            &base,
            "--user",
            USER,
            "--trust",
            &fingerprint.to_lowercase(),
        ],
        &pass,
        None,
    );
    assert!(added.contains("Team"), "{added}");
}
