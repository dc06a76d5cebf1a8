//! Backups and restore on real files: made, listed, pruned, checked, restored; a damaged
//! backup refused with nothing replaced; a backup before every migration.

use juggle::clients::{self, ClientInput};
use std::path::Path;

use juggle::store::{backup, doctor, DATA_FILE};
use juggle::{Coded, Store};

fn add(store: &mut Store, name: &str) {
    clients::add(store, &ClientInput::named(name)).unwrap();
}

fn names(store: &Store) -> Vec<String> {
    clients::list(store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn a_backup_restores_the_book_as_it_was_and_keeps_the_replaced_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add(&mut store, "Acme");
    let saved = backup::create(&store, "manual").unwrap();
    add(&mut store, "Globex");

    let restored = backup::restore(&mut store, saved.path.as_ref()).unwrap();
    assert_eq!(names(&store), ["Acme"]);
    assert_eq!(restored.previous.reason, "before-restore");
    // The replaced book is itself restorable.
    backup::restore(&mut store, restored.previous.path.as_ref()).unwrap();
    assert_eq!(names(&store), ["Acme", "Globex"]);
    drop(store);
    assert_eq!(
        names(&Store::open_dir(dir.path()).unwrap()),
        ["Acme", "Globex"]
    );
}

#[test]
fn a_damaged_or_foreign_file_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add(&mut store, "Acme");
    let good = backup::create(&store, "manual").unwrap();

    // Scramble the b-tree page headers of a real backup (a disk gone bad): the header
    // page still opens, SQLite's integrity check catches the rest.
    let damaged = dir.path().join("damaged.sqlite3");
    let mut bytes = std::fs::read(&good.path).unwrap();
    for page in bytes.chunks_mut(4096).skip(1) {
        for b in &mut page[..8] {
            *b ^= 0x5a;
        }
    }
    std::fs::write(&damaged, bytes).unwrap();
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "not a database").unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
        .unwrap();

    let before = backup::list(&store).unwrap().len();
    for bad in [
        &damaged,
        &text,
        &foreign,
        &dir.path().join("missing.sqlite3"),
    ] {
        let err = backup::restore(&mut store, bad).unwrap_err();
        assert_eq!(err.code(), "backup.unusable", "{err}");
        assert!(err.to_string().contains("Nothing was replaced"), "{err}");
    }
    assert_eq!(names(&store), ["Acme"]);
    assert_eq!(
        backup::list(&store).unwrap().len(),
        before,
        "no backup was made for a refused restore"
    );
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    backup::set_keep(&mut store, 3).unwrap();
    for _ in 0..5 {
        backup::create(&store, "manual").unwrap();
    }
    let list = backup::list(&store).unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.windows(2).all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    assert!(backup::set_keep(&mut store, 0).is_err());
}

#[test]
fn the_daily_backup_happens_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert!(backup::daily(&store).unwrap().is_some());
    assert!(backup::daily(&store).unwrap().is_none());
    assert_eq!(backup::list(&store).unwrap()[0].reason, "daily");
}

#[test]
fn opening_an_older_book_backs_it_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DATA_FILE)).unwrap();
        conn.execute_batch(include_str!("fixtures/book-v1.sql"))
            .unwrap();
    }
    let store = Store::open_dir(dir.path()).unwrap();
    let list = backup::list(&store).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, "before-migration");
    assert_eq!(
        backup::check(list[0].path.as_ref()).unwrap(),
        1,
        "the backup is the book as it was"
    );
    // Opening again (already migrated) makes no new backup.
    drop(store);
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(backup::list(&store).unwrap().len(), 1);
}

/// A book file at `version` (the migrations up to it), with one client, outside any store.
fn book_at(path: &Path, version: usize, page_size: Option<i64>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(size) = page_size {
        // The page size is fixed when the first table is written.
        conn.execute_batch(&format!(
            "PRAGMA page_size = {size}; CREATE TABLE sized (x); DROP TABLE sized;"
        ))
        .unwrap();
    }
    drop(conn);
    let store = Store::open_file(path).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "INSERT INTO clients (name, name_key, priority, colour, notes, created_at, updated_at)
         VALUES ('Old', 'old', 'normal', '#2f80ed', '', '', '')",
        [],
    )
    .unwrap();
    let _ = version;
}

#[test]
fn a_file_that_only_looks_like_a_book_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add(&mut store, "Acme");

    // Only a clients table, at a schema number: it used to "restore", then every
    // command failed while doctor said healthy.
    let only_clients = dir.path().join("only-clients.sqlite3");
    rusqlite::Connection::open(&only_clients)
        .unwrap()
        .execute_batch(
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 6;",
        )
        .unwrap();
    // A real book missing an index and holding a row that points nowhere.
    let saved = backup::create(&store, "manual").unwrap();
    let no_index = dir.path().join("no-index.sqlite3");
    std::fs::copy(&saved.path, &no_index).unwrap();
    {
        let c = rusqlite::Connection::open(&no_index).unwrap();
        let index: String = c
            .query_row(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        c.execute_batch(&format!("DROP INDEX \"{index}\"")).unwrap();
    }
    let orphan = dir.path().join("orphan.sqlite3");
    std::fs::copy(&saved.path, &orphan).unwrap();
    rusqlite::Connection::open(&orphan)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO contacts (client_id, name, created_at, updated_at) VALUES (999, 'Nobody', '', '')")
        .unwrap();

    for (bad, why) in [
        (&only_clients, "not a Juggle book of schema 6"),
        (&no_index, "is missing"),
        (&orphan, "point at something missing"),
    ] {
        let err = backup::restore(&mut store, bad).unwrap_err();
        assert_eq!(err.code(), "backup.unusable", "{err}");
        assert!(err.to_string().contains(why), "{err}");
        assert!(err.to_string().contains("Nothing was replaced"), "{err}");
    }
    assert_eq!(names(&store), ["Acme"]);
}

#[test]
fn an_older_backup_is_migrated_as_a_copy_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.sqlite3");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(include_str!("fixtures/book-v1.sql"))
        .unwrap();
    let mut store = Store::open_dir(&dir.path().join("book")).unwrap();
    add(&mut store, "Current");
    backup::restore(&mut store, &old).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        juggle::store::latest_version()
    );
    assert!(!names(&store).is_empty());
    assert!(!names(&store).contains(&"Current".to_owned()));
    // The backup itself was not touched: still schema 1.
    assert_eq!(backup::check(&old).unwrap(), 1);
    assert!(doctor::examine(&store).unwrap().ok);
}

#[test]
fn a_backup_with_another_page_size_restores() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("big-pages.sqlite3");
    book_at(&other, 6, Some(16384));
    let size: i64 = rusqlite::Connection::open(&other)
        .unwrap()
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    assert_eq!(size, 16384);
    let mut store = Store::open_dir(&dir.path().join("book")).unwrap();
    add(&mut store, "Current");
    backup::restore(&mut store, &other).unwrap();
    assert_eq!(names(&store), ["Old"]);
}

#[test]
fn rotation_never_deletes_the_newest_or_the_book_replaced_by_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    backup::set_keep(&mut store, 1).unwrap();
    add(&mut store, "Acme");
    // Backup and restore within the same second: by name, "before-restore" sorted
    // older than "manual" and was deleted, i.e. the current book.
    let saved = backup::create(&store, "manual").unwrap();
    add(&mut store, "Globex");
    let restored = backup::restore(&mut store, saved.path.as_ref()).unwrap();
    let list = backup::list(&store).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].path, restored.previous.path);
    assert!(Path::new(&restored.previous.path).exists());
    // A later backup is the newest and stays; the last before-restore one stays too.
    let later = backup::create(&store, "manual").unwrap();
    let list = backup::list(&store).unwrap();
    assert_eq!(list[0].path, later.path);
    assert!(list.iter().any(|b| b.path == restored.previous.path));
}

#[test]
fn backups_of_a_damaged_book_are_marked_and_never_rotate_good_ones_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    backup::set_keep(&mut store, 2).unwrap();
    for i in 0..200 {
        add(&mut store, &format!("client {i}"));
    }
    let good = backup::create(&store, "manual").unwrap();
    assert!(!good.damaged);
    // Damage a data page of the live book behind SQLite's back (a disk gone bad).
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let file = dir.path().join(DATA_FILE);
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096;
    let last = bytes.len() / page - 1;
    for b in &mut bytes[last * page..last * page + 8] {
        *b ^= 0x5a;
    }
    std::fs::write(&file, bytes).unwrap();
    drop(store);
    let store = Store::open_dir(dir.path()).unwrap();
    for _ in 0..3 {
        let b = backup::create(&store, "daily").unwrap();
        assert!(b.damaged, "{}", b.file_name);
        assert!(b.file_name.ends_with("-damaged.sqlite3"), "{}", b.file_name);
    }
    let list = backup::list(&store).unwrap();
    assert!(
        list.iter().any(|b| b.path == good.path),
        "the good one is kept"
    );
    assert_eq!(backup::last_good(&list).unwrap().path, good.path);
    assert_eq!(list.iter().filter(|b| b.damaged).count(), 2);
}

#[test]
fn doctor_finds_a_schema_that_is_not_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    store
        .conn()
        .execute_batch("CREATE TABLE leftovers (x)")
        .unwrap();
    let health = doctor::examine(&store).unwrap();
    assert!(!health.ok);
    let schema = health.checks.iter().find(|c| c.name == "schema").unwrap();
    assert_eq!(schema.status, doctor::Status::Problem);
    assert!(schema.detail.contains("leftovers"), "{}", schema.detail);
}

#[test]
fn a_failed_migration_says_why_in_a_line_not_kilobytes_of_sql() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DATA_FILE)).unwrap();
        conn.execute_batch(include_str!("fixtures/book-v1.sql"))
            .unwrap();
        // Something in the way of a later migration.
        conn.execute_batch("CREATE TABLE tasks (x)").unwrap();
    }
    let err = Store::open_dir(dir.path()).err().unwrap();
    assert_eq!(err.code(), "store.migration");
    let text = err.to_string();
    assert!(text.len() < 300, "{} bytes: {text}", text.len());
    assert!(text.contains("tasks"), "{text}");
}

/// A backup's time is typed inside the core but serialises as it always did: RFC 3339 in
/// UTC to the millisecond, also when the milliseconds are zero (names from before them).
#[test]
fn a_backup_time_serialises_to_the_millisecond() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "juggle-20261125T153000Z-daily.sqlite3",
        "juggle-20261126T080000.250Z-manual.sqlite3",
    ] {
        std::fs::write(dir.path().join(name), b"").unwrap();
    }
    let list = juggle::store::backup::list_in(dir.path()).unwrap();
    let times: Vec<String> = list
        .iter()
        .map(|b| {
            serde_json::to_value(b).unwrap()["created_at"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        times,
        ["2026-11-26T08:00:00.250Z", "2026-11-25T15:30:00.000Z"]
    );
}
