//! The data file on disk: created, reopened, migrated forward, refused when too new.

use juggle::clients::ClientId;
use juggle::clients::{self, ClientInput, ContactInput, Priority};
use juggle::store::{latest_version, Store, StoreError, DATA_FILE};
use juggle::Coded;

fn input(name: &str) -> ClientInput {
    ClientInput::named(name)
}

#[test]
fn a_new_data_folder_gets_a_migrated_wal_file() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("not/yet/there");
    let store = Store::open_dir(&nested).unwrap();
    assert!(nested.join(DATA_FILE).exists());
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn everything_written_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (client, contact) = {
        let mut store = Store::open_dir(dir.path()).unwrap();
        let client = clients::add(
            &mut store,
            &ClientInput {
                priority: Priority::High,
                ..input("Acme")
            },
        )
        .unwrap();
        let ana = ContactInput {
            name: "Ana".into(),
            email: "ana@acme.com".into(),
            ..Default::default()
        };
        let contact = clients::add_contact(&mut store, client.id, &ana).unwrap();
        (clients::get(&store, client.id).unwrap(), contact)
    };
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        clients::list(&store, false).unwrap(),
        std::slice::from_ref(&client)
    );
    assert_eq!(
        clients::list_contacts(&store, client.id, false).unwrap(),
        [contact]
    );
}

#[test]
fn a_version_1_book_is_migrated_forward_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATA_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("fixtures/book-v1.sql"))
            .unwrap();
    }
    let store = Store::open_file(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());

    let all = clients::list(&store, true).unwrap();
    let names: Vec<_> = all.iter().map(|c| (c.name.as_str(), c.archived)).collect();
    assert_eq!(names, [("Acme Corp", false), ("Old Client", true)]);
    let maria = &clients::list_contacts(&store, ClientId(1), false).unwrap()[0];
    assert_eq!(maria.authority.as_deref(), Some("Signs off budgets"));
}

#[test]
fn a_book_from_a_newer_juggle_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATA_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let err = Store::open_file(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }));
    assert_eq!(err.code(), "store.too_new");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 999);
}

#[test]
fn a_failed_action_leaves_no_trace_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let acme = clients::add(&mut store, &input("Acme")).unwrap();
    let bad = ContactInput {
        name: "Bob".into(),
        phone: "call me".into(),
        ..Default::default()
    };
    assert_eq!(
        clients::add_contact(&mut store, acme.id, &bad)
            .unwrap_err()
            .code(),
        "contact.invalid_phone"
    );
    drop(store);
    let store = Store::open_dir(dir.path()).unwrap();
    assert!(clients::list_contacts(&store, acme.id, true)
        .unwrap()
        .is_empty());
    assert_eq!(
        clients::get(&store, acme.id).unwrap().updated_at,
        acme.updated_at
    );
}

#[test]
fn deleting_a_client_row_takes_its_contacts_along() {
    // Foreign keys are enforced on every connection the store opens.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let acme = clients::add(&mut store, &input("Acme")).unwrap();
    let ana = ContactInput::named("Ana");
    clients::add_contact(&mut store, acme.id, &ana).unwrap();
    let orphan = store.conn().execute(
        "INSERT INTO contacts (client_id, name, created_at, updated_at) VALUES (999, 'X', '', '')",
        [],
    );
    assert!(orphan.is_err(), "a contact of no client was accepted");
    store
        .conn()
        .execute("DELETE FROM clients WHERE id = ?1", [acme.id])
        .unwrap();
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn the_sample_book_fills_an_empty_book_and_ends_the_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    assert!(juggle::settings::is_first_run(&store).unwrap());
    let today: chrono::NaiveDate = "2027-03-10".parse().unwrap();
    juggle::generate::sample_book(&mut store, today, "Europe/Berlin").unwrap();
    juggle::settings::finish_first_run(&mut store).unwrap();
    assert!(!juggle::settings::is_first_run(&store).unwrap());

    let all = clients::list(&store, false).unwrap();
    assert_eq!(all.len(), 12);
    assert!(all.iter().all(|c| c.contact_count >= 1));
    let zone: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    let week = juggle::views::occurrences(
        &store,
        "2027-03-08".parse().unwrap(),
        "2027-03-14".parse().unwrap(),
        zone,
        &Default::default(),
    )
    .unwrap();
    let events = week
        .iter()
        .filter(|o| o.source == juggle::calendar::Source::Event)
        .count();
    assert_eq!(
        events, 6,
        "check-in, review, kick-off, deep work, compliance, menu copy"
    );
    assert!(
        week.iter().any(|o| o.conflict),
        "the sample shows what an overlap looks like"
    );
    let birthday = week
        .iter()
        .find(|o| o.source == juggle::calendar::Source::ImportantDate)
        .map(|o| o.title.as_str());
    assert_eq!(
        birthday,
        Some("Maria Lopez's birthday"),
        "important dates are on the calendar"
    );

    // Every part of Today has something to show.
    let now = chrono::NaiveDateTime::parse_from_str("2027-03-10 08:00", "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc();
    let day = juggle::views::today(&store, today, now, zone).unwrap();
    assert!(!day.events.is_empty() && !day.due.is_empty() && !day.dates.is_empty());
    assert!(!day.follow_ups.is_empty(), "Initech's overdue follow-up");
    let alerts: Vec<&str> = day.alerts.iter().map(|a| a.client.as_str()).collect();
    assert!(
        alerts.contains(&"Initech"),
        "falling satisfaction and two breaches: {alerts:?}"
    );

    // Contracts in every state; Initech's final invoice is the overdue one.
    let contracts = juggle::contracts::list_contracts(&store, None).unwrap();
    assert_eq!(contracts.len(), 6);
    let overdue: Vec<&str> = day.overdue.iter().map(|c| c.client.as_str()).collect();
    assert_eq!(overdue.first(), Some(&"Initech"), "{overdue:?}");
    assert!(day.overdue[0].overdue.iter().all(|m| m.currency == "USD"));
}
