//! The `settings` table: one text value per key. Typed preferences are built on it in
//! `crate::settings`; the store's own keys (how many backups to keep) use it directly.

use rusqlite::OptionalExtension;

use super::{Reader, StoreError, Writer};

pub fn get(store: &impl Reader, key: &str) -> Result<Option<String>, StoreError> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(store: &mut impl Writer, key: &str, value: &str) -> Result<(), StoreError> {
    store.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    })
}
