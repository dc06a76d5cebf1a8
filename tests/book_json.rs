//! The whole book as one JSON file, on real data folders: exported and imported into a
//! new folder with nothing lost, an old schema's file upgraded, and every refusal (a book
//! that is not empty, a newer Juggle's file, a malformed one) leaving the book untouched.

use juggle::clients::ClientId;
use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use juggle::book::json::{self as book_json, BookError};
use juggle::calendar::{self, EventInput, EventKind, Freq, Recurrence, Scope};
use juggle::clients::{self, ClientInput, ContactChannel, ContactInput, Priority};
use juggle::relationship::{cadence, dates, files, interactions, plan, policies, satisfaction};
use juggle::relationship::{BreachKind, DateKind, InteractionKind};
use juggle::settings::{self, Preferences, Theme, WeekStart};
use juggle::store::{doctor, latest_version};
use juggle::{Coded, Store};

const ZONE: &str = "Europe/Berlin";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 10).unwrap()
}

fn berlin() -> Tz {
    ZONE.parse().unwrap()
}

fn folder() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn dump(store: &Store) -> Vec<book_json::Table> {
    book_json::dump(store.conn()).unwrap()
}

fn event(title: &str, start: &str, end: &str) -> EventInput {
    EventInput::meeting(title, start, end).in_zone(ZONE)
}

/// The sample book, plus a row of every kind the public API can write that the sample
/// leaves out: archived clients and contacts, a vCard UID, a series with an edited and a
/// skipped occurrence, an all-day range, linked files, a second policy version, preferences.
fn full_book(store: &mut Store) {
    juggle::generate::sample_book(store, today(), ZONE).unwrap();
    let odd = clients::add(
        store,
        &ClientInput {
            name: "Zeta “Quotes” & Sons".into(),
            priority: Priority::Low,
            colour: Some("#123abc".into()),
            notes: "Line one\nline two, ünïcödé, emoji 🎉, a tab\there".into(),
        },
    )
    .unwrap();
    let ana = ContactInput {
        name: "Ana Silva".into(),
        role: "CTO".into(),
        email: "ana@zeta.example".into(),
        phone: "+351 21 123 4567".into(),
        preferred_channel: Some(ContactChannel::Video),
        authority: "Technical sign-off".into(),
    };
    let ana = clients::add_contact(store, odd.id, &ana).unwrap();
    let gone = clients::add_contact(store, odd.id, &ContactInput::named("Former Person")).unwrap();
    clients::set_contact_archived(store, gone.id, true).unwrap();
    let old = clients::add(store, &ClientInput::named("Old Client")).unwrap();
    clients::set_archived(store, old.id, true).unwrap();
    let vcard = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Kim Lee\r\nORG:Zeta “Quotes” & Sons\r\nBDAY:--0412\r\nEND:VCARD\r\n";
    juggle::exchange::import_vcards(store, vcard).unwrap();

    let weekly = Recurrence {
        freq: Freq::Weekly,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count: Some(6),
        until: None,
    };
    let series = calendar::add_event(
        store,
        &EventInput {
            client_id: Some(odd.id),
            location: "Room 4".into(),
            notes: "Bring the numbers".into(),
            reminders: vec![10, 60],
            recurrence: Some(weekly),
            ..event("Zeta stand-up", "2027-03-01T09:00", "2027-03-01T09:30")
        },
    )
    .unwrap();
    let key = |d: u32| {
        berlin()
            .with_ymd_and_hms(2027, 3, d, 9, 0, 0)
            .unwrap()
            .timestamp()
    };
    calendar::update_event(
        store,
        series.id,
        key(8),
        Scope::This,
        &EventInput {
            client_id: Some(odd.id),
            ..event(
                "Zeta stand-up (moved)",
                "2027-03-08T11:00",
                "2027-03-08T11:30",
            )
        },
    )
    .unwrap();
    calendar::delete_event(store, series.id, key(15), Scope::This).unwrap();
    calendar::add_event(
        store,
        &EventInput {
            all_day: true,
            kind: EventKind::Other,
            free: true,
            ..event("Conference", "2027-04-05", "2027-04-07")
        },
    )
    .unwrap();

    dates::add_date(
        store,
        &dates::ImportantDateInput {
            client_id: odd.id,
            contact_id: Some(ana.id),
            kind: DateKind::Graduation,
            first_day: "2027-06-30".into(),
            last_day: String::new(),
            yearly: false,
            note: "MBA".into(),
        },
    )
    .unwrap();
    let talk = interactions::add_interaction(
        store,
        &interactions::InteractionInput {
            client_id: odd.id,
            kind: InteractionKind::Meeting,
            day: "2027-03-02".into(),
            contact_ids: vec![ana.id],
            summary: "Scoped phase two".into(),
            follow_up: "2027-03-05".into(),
        },
    )
    .unwrap();
    interactions::set_follow_up_done(store, talk.id, true).unwrap();
    cadence::set_cadence(store, odd.id, Some(21)).unwrap();
    satisfaction::record_score(
        store,
        &satisfaction::ScoreInput {
            client_id: odd.id,
            day: "2027-03-02".into(),
            score: 0,
            note: "Rough start".into(),
        },
    )
    .unwrap();
    policies::save_policy(store, "1. Invoices are due within 30 days.").unwrap();
    policies::acknowledge(store, odd.id, None, "2027-03-03").unwrap();
    policies::add_breach(
        store,
        &policies::BreachInput {
            client_id: odd.id,
            kind: BreachKind::Other,
            day: "2027-03-04".into(),
            note: String::new(),
        },
    )
    .unwrap();
    plan::save_plan(
        store,
        odd.id,
        &plan::PlanInput {
            goals: "Phase two".into(),
            next_steps: String::new(),
            review_on: String::new(),
        },
    )
    .unwrap();
    files::link_file(store, odd.id, "/srv/clients/zeta/contract.pdf", "Contract").unwrap();
    files::link_file(store, odd.id, "/srv/clients/zeta", "").unwrap();

    settings::set_preferences(
        store,
        &Preferences {
            week_start: WeekStart::Sunday,
            theme: Theme::Dark,
        },
    )
    .unwrap();
    juggle::store::backup::set_keep(store, 5).unwrap();
}

/// Every table of the schema up to the relationship area: the test must reach them all.
const REACHED: &[&str] = &[
    "clients",
    "contacts",
    "events",
    "event_exdates",
    "settings",
    "important_dates",
    "interactions",
    "interaction_contacts",
    "satisfaction",
    "policy_versions",
    "policy_acks",
    "breaches",
    "account_plans",
    "client_files",
];

fn assert_same_tables(a: &[book_json::Table], b: &[book_json::Table]) {
    let names = |t: &[book_json::Table]| t.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.columns, y.columns, "columns of {}", x.name);
        assert_eq!(x.rows.len(), y.rows.len(), "row count of {}", x.name);
        assert!(x.rows == y.rows, "rows of {} differ", x.name);
    }
}

fn without_export_time(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_whole_book_exported_and_imported_into_a_new_folder_loses_nothing() {
    let (_src_dir, mut source) = folder();
    full_book(&mut source);
    let before = dump(&source);
    for table in REACHED {
        let t = before
            .iter()
            .find(|t| t.name == *table)
            .unwrap_or_else(|| panic!("no table {table}"));
        assert!(!t.rows.is_empty(), "the test book has no rows in {table}");
    }

    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("book.json");
    let exported = book_json::export_file(&source, &file).unwrap();
    assert_eq!(exported.schema_version, latest_version());
    assert_eq!(exported.clients, 14);
    assert_eq!(
        exported.rows as usize,
        before.iter().map(|t| t.rows.len()).sum::<usize>()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "juggle-book");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["app_version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["exported_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(doc["tables"]["clients"][0]["name"], "Acme Corp");

    let (target_dir, mut target) = folder();
    let imported = book_json::import_file(&mut target, &file).unwrap();
    assert_eq!(imported, exported);

    // Row for row, table for table; and the same again from the file on disk.
    assert_same_tables(&before, &dump(&target));
    drop(target);
    let target = Store::open_dir(target_dir.path()).unwrap();
    assert_same_tables(&before, &dump(&target));
    let mode: String = target
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let health = doctor::examine(&target).unwrap();
    assert!(
        health
            .checks
            .iter()
            .filter(|c| c.name != "backups")
            .all(|c| c.status == doctor::Status::Ok),
        "{health:?}"
    );

    // Through the public API too.
    assert_eq!(
        clients::list(&target, true).unwrap(),
        clients::list(&source, true).unwrap()
    );
    let now = Utc.with_ymd_and_hms(2027, 3, 10, 12, 0, 0).unwrap();
    for client in clients::list(&source, true).unwrap() {
        let card = |store: &Store| {
            serde_json::to_value(
                juggle::views::card(store, client.id, today(), now, berlin()).unwrap(),
            )
            .unwrap()
        };
        assert_eq!(card(&target), card(&source), "the card of {}", client.name);
    }
    let march = |store: &Store| {
        let list = juggle::views::occurrences(
            store,
            today() - chrono::Duration::days(10),
            today() + chrono::Duration::days(40),
            berlin(),
            &Default::default(),
        );
        serde_json::to_value(list.unwrap()).unwrap()
    };
    assert_eq!(march(&target), march(&source));
    assert_eq!(
        settings::preferences(&target).unwrap(),
        Preferences {
            week_start: WeekStart::Sunday,
            theme: Theme::Dark
        }
    );

    // Exporting the imported book gives the same file.
    let (again, _) = book_json::to_json(&target).unwrap();
    assert_eq!(without_export_time(&again), without_export_time(&text));
}

/// A book file as Juggle 0.1 (schema 1: clients and contacts) wrote it.
const SCHEMA_1_FILE: &str = r##"{
  "format": "juggle-book",
  "format_version": 1,
  "schema_version": 1,
  "exported_at": "2026-04-01T10:00:00Z",
  "app_version": "0.1.0",
  "tables": {
    "contacts": [
      {"id":7,"client_id":2,"name":"Maria Lopez","role":"CFO","email":"maria@acme.com","phone":null,"preferred_channel":"phone","authority":"Signs off budgets","archived_at":null,"created_at":"2026-01-05T09:01:00Z","updated_at":"2026-01-05T09:01:00Z"}
    ],
    "clients": [
      {"id":2,"name":"Acme Corp","name_key":"acme corp","priority":"high","colour":"#2f80ed","notes":"Calls before 10am.","archived_at":null,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z"},
      {"id":5,"name":"Old Client","name_key":"old client","priority":"low","colour":"#eb5757","notes":"","archived_at":"2026-03-01T12:00:00Z","created_at":"2025-06-01T09:00:00Z","updated_at":"2026-03-01T12:00:00Z"}
    ]
  }
}"##;

#[test]
fn a_file_from_an_older_schema_is_upgraded_on_import() {
    let (_dir, mut store) = folder();
    let summary = book_json::import_json(&mut store, SCHEMA_1_FILE).unwrap();
    assert_eq!(
        (summary.schema_version, summary.clients, summary.rows),
        (1, 2, 3)
    );
    assert_eq!(store.schema_version().unwrap(), latest_version());

    let all = clients::list(&store, true).unwrap();
    let names: Vec<_> = all
        .iter()
        .map(|c| (c.id, c.name.as_str(), c.archived))
        .collect();
    assert_eq!(
        names,
        [
            (ClientId(2), "Acme Corp", false),
            (ClientId(5), "Old Client", true)
        ]
    );
    let maria = &clients::list_contacts(&store, ClientId(2), false).unwrap()[0];
    assert_eq!(
        (maria.id, maria.authority.as_deref()),
        (juggle::clients::ContactId(7), Some("Signs off budgets"))
    );
    // Columns added since schema 1 take their defaults; the new tables are empty.
    let card = juggle::views::card(&store, ClientId(2), today(), Utc::now(), berlin()).unwrap();
    assert_eq!(card.contact.cadence_days, None);
    // The ids go on from the file's.
    let next = clients::add(&mut store, &ClientInput::named("New")).unwrap();
    assert_eq!(next.id, ClientId(6));
}

fn refused(store: &mut Store, text: &str) -> BookError {
    let before = dump(store);
    let err = book_json::import_json(store, text).unwrap_err();
    assert_same_tables(&before, &dump(store));
    let backups = store.path().unwrap().parent().unwrap().join("backups");
    assert!(!backups.exists(), "a refused import made a backup");
    err
}

#[test]
fn a_book_that_is_not_empty_is_refused_and_kept_as_it_is() {
    let (_dir, mut source) = folder();
    full_book(&mut source);
    let (text, _) = book_json::to_json(&source).unwrap();

    let (_t, mut target) = folder();
    clients::add(&mut target, &ClientInput::named("Mine")).unwrap();
    assert!(!book_json::is_empty(&target).unwrap());
    let err = refused(&mut target, &text);
    assert_eq!(err.code(), "book.not_empty");
    assert!(err.to_string().contains("1 row in clients"), "{err}");

    // An event alone, or a policy alone, is data too.
    let (_e, mut with_event) = folder();
    calendar::add_event(
        &mut with_event,
        &event("Dentist", "2027-03-01T09:00", "2027-03-01T10:00"),
    )
    .unwrap();
    assert_eq!(refused(&mut with_event, &text).code(), "book.not_empty");
    let (_p, mut with_policy) = folder();
    policies::save_policy(&mut with_policy, "Be kind.").unwrap();
    assert_eq!(refused(&mut with_policy, &text).code(), "book.not_empty");
}

#[test]
fn a_book_with_only_settings_takes_the_files_and_keeps_its_own_others() {
    let (_dir, mut target) = folder();
    settings::finish_first_run(&mut target).unwrap();
    settings::set_preferences(
        &mut target,
        &Preferences {
            week_start: WeekStart::Monday,
            theme: Theme::Light,
        },
    )
    .unwrap();
    assert!(book_json::is_empty(&target).unwrap());

    let (_s, mut source) = folder();
    full_book(&mut source);
    let (text, _) = book_json::to_json(&source).unwrap();
    book_json::import_json(&mut target, &text).unwrap();
    assert_eq!(settings::preferences(&target).unwrap().theme, Theme::Dark);
    assert!(!settings::is_first_run(&target).unwrap());
    assert_eq!(
        settings::get(&target, "first_run.done").unwrap().as_deref(),
        Some("1")
    );
    // The empty book as it was is kept, as before a restore.
    let reasons: Vec<_> = juggle::store::backup::list(&target)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert_eq!(reasons, ["before-import"]);
}

#[test]
fn a_file_from_a_newer_juggle_is_refused() {
    let (_dir, mut store) = folder();
    let newer = SCHEMA_1_FILE.replace(
        "\"schema_version\": 1",
        &format!("\"schema_version\": {}", latest_version() + 1),
    );
    let err = refused(&mut store, &newer);
    assert_eq!(err.code(), "book.newer_schema");
    assert!(err.to_string().contains("newer Juggle"), "{err}");
    let newer_format = SCHEMA_1_FILE.replace("\"format_version\": 1", "\"format_version\": 2");
    assert_eq!(
        refused(&mut store, &newer_format).code(),
        "book.newer_format"
    );
}

#[test]
fn malformed_files_are_refused_with_a_clear_message_and_nothing_written() {
    let (_dir, mut store) = folder();
    let cases: &[(&str, String, &str, &str)] = &[
        ("cut short", SCHEMA_1_FILE[..SCHEMA_1_FILE.len() / 2].to_owned(), "book.malformed", "not valid JSON"),
        ("not a book", "[1, 2, 3]".to_owned(), "book.malformed", "expected a JSON object"),
        ("another format", SCHEMA_1_FILE.replace("juggle-book", "calendar"), "book.malformed", "\"format\""),
        ("no tables", r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1}"#.to_owned(), "book.malformed", "no \"tables\""),
        ("a table that is no list", r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1, "tables": {"clients": {}}}"#.to_owned(), "book.malformed", "expected a list of rows for table \"clients\""),
        ("a row that is no object", SCHEMA_1_FILE.replace("\"contacts\": [", "\"contacts\": [42, "), "book.malformed", "row 1 of table \"contacts\" is 42, not an object"),
        ("unknown table", SCHEMA_1_FILE.replace("\"contacts\": [", "\"invoices\": ["), "book.malformed", "table \"invoices\""),
        ("unknown column", SCHEMA_1_FILE.replace("\"role\":", "\"rank\":"), "book.malformed", "column \"rank\""),
        ("a value no column holds", SCHEMA_1_FILE.replace("\"phone\":null", "\"phone\":true"), "book.malformed", "phone is true"),
        ("a broken rule", SCHEMA_1_FILE.replace("\"priority\":\"high\"", "\"priority\":\"urgent\""), "book.invalid", "row 1 of table \"clients\""),
        ("a missing reference", SCHEMA_1_FILE.replace("\"client_id\":2", "\"client_id\":99"), "book.invalid", "refers to a missing row of clients"),
        ("a duplicate id", SCHEMA_1_FILE.replace("\"id\":5", "\"id\":2"), "book.invalid", "UNIQUE"),
    ];
    for (what, text, code, says) in cases {
        let err = refused(&mut store, text);
        assert_eq!(err.code(), *code, "{what}: {err}");
        assert!(err.to_string().contains(says), "{what}: {err}");
    }
    assert!(book_json::is_empty(&store).unwrap());

    let missing = book_json::import_file(&mut store, Path::new("/no/such/book.json")).unwrap_err();
    assert_eq!(missing.code(), "book.unreadable");
    assert!(
        missing.to_string().contains("/no/such/book.json"),
        "{missing}"
    );
}

#[test]
fn the_command_line_exports_and_imports_a_book() {
    let run = |dir: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_juggle"))
            .args(args)
            .env("JUGGLE_DATA_DIR", dir)
            .env("JUGGLE_TZ", "UTC")
            .output()
            .unwrap()
    };
    let (source_dir, mut source) = folder();
    full_book(&mut source);
    drop(source);
    let file = source_dir.path().join("book.json");
    let out = run(
        source_dir.path(),
        &["export", "--out", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Exported 14 clients, "));

    let target = tempfile::tempdir().unwrap();
    let out = run(target.path(), &["import", file.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["clients"], 14);
    assert_eq!(summary["schema_version"], latest_version());

    let again = run(target.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("[book.not_empty]"));

    let prefs = run(target.path(), &["preferences", "--json"]);
    let prefs: serde_json::Value = serde_json::from_slice(&prefs.stdout).unwrap();
    assert_eq!(
        prefs,
        serde_json::json!({ "week_start": "sunday", "theme": "dark" })
    );
    let bad = run(target.path(), &["preferences", "--theme", "purple"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[settings.invalid]"));
}

#[test]
fn imported_rows_follow_the_rules_of_typed_input_and_the_broken_row_is_named() {
    let (_dir, mut store) = folder();
    full_book(&mut store);
    juggle::capacity::add_day_off(
        &mut store,
        &juggle::capacity::DayOffInput {
            first_day: "2027-08-02".into(),
            last_day: "2027-08-13".into(),
            label: "Summer".into(),
        },
    )
    .unwrap();
    let (text, _) = book_json::to_json(&store).unwrap();
    assert!(
        text.contains("\"first_day\":\"2027-08-02\""),
        "the day off is in the file"
    );
    assert!(text.contains("FREQ=WEEKLY"), "the series is in the file");
    let week: String = store
        .conn()
        .query_row("SELECT weekday_minutes FROM working_hours", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        text.contains(&format!("\"{week}\"")),
        "the working hours are in the file"
    );
    for (what, broken, says) in [
        (
            // Still "in order" as text, so SQLite's own check lets it through.
            "a reversed day-off range",
            text.replace("\"last_day\":\"2027-08-13\"", "\"last_day\":\"2027-08-1\""),
            "days_off row",
        ),
        (
            "a day that is no date",
            text.replace(
                "\"first_day\":\"2027-08-02\"",
                "\"first_day\":\"2027-02-30\"",
            ),
            "days_off row",
        ),
        (
            "an invalid repeat rule",
            text.replacen("FREQ=WEEKLY", "FREQ=SOMETIMES", 1),
            "repeat rule",
        ),
        (
            // 99,999 minutes on a Monday: the capacity check would plan impossible days.
            "working hours beyond a day",
            text.replacen(&format!("\"{week}\""), "\"99999,480,480,480,480,0,0\"", 1),
            "working_hours row",
        ),
    ] {
        let (_other, mut fresh) = folder();
        let err = refused(&mut fresh, &broken);
        assert_eq!(err.code(), "book.invalid", "{what}: {err}");
        assert!(err.to_string().contains(says), "{what}: {err}");
    }
}
