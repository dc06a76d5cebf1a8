//! Backups and restore on real files: made, listed, pruned, checked, restored; a damaged
//! backup refused with nothing replaced; a backup before every migration.

use juggle::clients::{self, ClientInput};
use juggle::store::{backup, DATA_FILE};
use juggle::{Coded, Store};

fn add(store: &mut Store, name: &str) {
    clients::add(
        store,
        &ClientInput {
            name: name.into(),
            ..Default::default()
        },
    )
    .unwrap();
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
        list.windows(2).all(|w| w[0].file_name > w[1].file_name),
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
