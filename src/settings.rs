//! The user's settings: one row per key in the `settings` table.

use rusqlite::OptionalExtension;

use crate::store::{Store, StoreError};

pub const BACKUPS_KEEP: &str = "backups.keep";
const FIRST_RUN_DONE: &str = "first_run.done";

pub fn get(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set(store: &mut Store, key: &str, value: &str) -> Result<(), StoreError> {
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    tx.commit()?;
    Ok(())
}

/// A first start: the welcome (start empty, or load the sample book) was never answered
/// and the book is empty (a book made with the CLI needs no welcome).
pub fn is_first_run(store: &Store) -> Result<bool, StoreError> {
    let has_clients: bool = store.conn().query_row("SELECT EXISTS (SELECT 1 FROM clients)", [], |r| r.get(0))?;
    Ok(!has_clients && get(store, FIRST_RUN_DONE)?.is_none())
}

pub fn finish_first_run(store: &mut Store) -> Result<(), StoreError> {
    set(store, FIRST_RUN_DONE, "1")
}
