//! The one SQLite file that holds a user's whole book.
//!
//! Opening it sets the pragmas that make it crash-safe (WAL, synchronous=FULL, foreign
//! keys) and brings its schema up to date. Every user action runs in one transaction
//! (`Store::write` or `Store::transaction`), so a failure leaves nothing half-written.
//!
//! Write transactions begin IMMEDIATE: they take the write lock when they start, before
//! reading anything. A deferred transaction that reads and then writes cannot wait for
//! another process's lock (SQLite must refuse it at once, as its snapshot is stale), so
//! the busy timeout would never apply and the CLI beside the app would fail with
//! "database is locked".

mod access;
pub mod backup;
pub mod doctor;
mod error;
mod id;
pub mod keys;
pub(crate) mod migrations;
pub mod schema;
pub(crate) mod sql;
pub mod trash;
pub mod watch;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use access::{savepoint, Reader, Writer};
pub use error::StoreError;
pub(crate) use id::id;
pub use migrations::latest_version;

/// File name of the book inside the data folder.
pub const DATA_FILE: &str = "juggle.sqlite3";
/// Environment variable that overrides the data folder (tests always set it).
pub const DATA_DIR_ENV: &str = "JUGGLE_DATA_DIR";

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// The folder that holds the data file: `$JUGGLE_DATA_DIR` if set, else the OS app-data
/// folder (`~/.local/share/juggle` on Linux, `%APPDATA%\juggle` on Windows,
/// `~/Library/Application Support/juggle` on macOS). The CLI and the app share it.
pub fn data_dir() -> Result<PathBuf, StoreError> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir()
            .map(|d| d.join("juggle"))
            .ok_or(StoreError::NoDataDir),
    }
}

impl Store {
    /// Opens (creating if needed) the book in the default data folder.
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open_dir(&data_dir()?)
    }

    /// Opens (creating if needed) `dir/juggle.sqlite3`.
    pub fn open_dir(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        Store::open_file(&dir.join(DATA_FILE))
    }

    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::prepare(conn, Some(path.to_owned()))
    }

    /// A private, empty book for unit tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        // Another process (the CLI beside the app) may hold the write lock briefly.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every transaction of this connection (ours, and the migrations') takes the write
        // lock up front so that the busy timeout applies (see the module comment).
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a transaction the user saw succeed survives a power cut, not just a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;

        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = latest_version();
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if let (true, Some(file)) = (found > 0 && found < known, &path) {
            // An existing book is about to change shape: keep it as it was first.
            let dir = file.parent().unwrap_or(Path::new(".")).join("backups");
            backup::write(&conn, &dir, "before-migration", chrono::Utc::now())
                .map_err(|e| StoreError::Backup(e.to_string()))?;
        }
        let mut store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// A private in-memory book with `page_size` pages, to build something in before it
    /// replaces a book's content (`replace_with`).
    pub(crate) fn scratch(page_size: i64) -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "page_size", page_size)?;
        Store::prepare(conn, None)
    }

    /// Replaces this book's whole content with `other`'s, in one write transaction (a
    /// crash leaves the one or the other). Both must have the same page size.
    pub(crate) fn replace_with(&mut self, other: &Store) -> Result<(), StoreError> {
        let copy = rusqlite::backup::Backup::new(&other.conn, &mut self.conn)?;
        match copy.step(-1)? {
            rusqlite::backup::StepResult::Done => Ok(()),
            _ => Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("another program kept the book busy".into()),
            ))),
        }
    }

    /// Brings the schema up to date (after opening, or after a restore).
    fn migrate(&mut self) -> Result<(), StoreError> {
        Ok(migrations::run(&mut self.conn)?)
    }

    /// Write access for a whole-file operation (restore).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Where the data file lives (`None` for an in-memory book).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Starts the one transaction of a user action (IMMEDIATE: it waits for another
    /// writer up to the busy timeout). Dropping it without `commit` rolls everything back.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Runs `action` as the one write transaction of a user action: committed if it
    /// returns `Ok`, rolled back if it returns `Err`.
    pub fn write<T, E>(
        &mut self,
        action: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut tx = self.transaction()?;
        let value = action(&mut tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// A read-only snapshot: everything read through it comes from one moment, and it
    /// takes no write lock (an export does not hold up the app).
    pub fn snapshot(&self) -> Result<Transaction<'_>, StoreError> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Deferred,
        )?)
    }

    /// Read access for queries that need no transaction.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Now, as stored: RFC 3339 in UTC to the second.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_book_is_at_the_latest_schema_with_foreign_keys_on() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        let fk: i64 = store
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    /// Another connection with no patience, to see who holds the write lock.
    fn impatient(path: &Path) -> Connection {
        let other = Connection::open(path).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        other
    }

    #[test]
    fn a_write_transaction_holds_the_write_lock_from_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let other = impatient(&dir.path().join(DATA_FILE));
        {
            let _tx = store.transaction().unwrap();
            // Deferred, the transaction would hold nothing yet, and its first read then
            // write would fail at once against this writer instead of waiting for it.
            let err = other.execute_batch("BEGIN IMMEDIATE").unwrap_err();
            assert_eq!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy)
            );
        }
        let _ = other.execute_batch("ROLLBACK");
        store
            .write(|tx| {
                let err = other.execute_batch("BEGIN IMMEDIATE").unwrap_err();
                assert_eq!(
                    err.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy)
                );
                tx.execute("INSERT INTO settings (key, value) VALUES ('t', '1')", [])
                    .map_err(StoreError::from)
            })
            .unwrap();
        // Committed, and the lock is free again.
        other.execute_batch("BEGIN IMMEDIATE; ROLLBACK").unwrap();
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<(), StoreError> = store.write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('t', '1')", [])?;
            Err(StoreError::Backup("stop".into()))
        });
        assert!(result.is_err());
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM settings WHERE key = 't'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_snapshot_takes_no_write_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let other = impatient(&dir.path().join(DATA_FILE));
        let snap = store.snapshot().unwrap();
        let _: i64 = snap
            .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
            .unwrap();
        other.execute_batch("BEGIN IMMEDIATE; ROLLBACK").unwrap();
    }
}
