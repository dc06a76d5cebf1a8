//! The one SQLite file that holds a user's whole book.
//!
//! Opening it sets the pragmas that make it crash-safe (WAL, synchronous=FULL, foreign
//! keys) and brings its schema up to date. Every user action runs in one transaction
//! (`Store::transaction`), so a failure leaves nothing half-written.

pub mod backup;
pub mod book_json;
pub mod doctor;
mod error;
pub mod keys;
mod migrations;
pub mod watch;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

pub use error::StoreError;
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

    fn prepare(conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        // Another process (the CLI beside the app) may hold the write lock briefly.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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

    /// Brings the schema up to date (after opening, or after a restore).
    fn migrate(&mut self) -> Result<(), StoreError> {
        Ok(migrations::migrations().to_latest(&mut self.conn)?)
    }

    /// Write access for a whole-file operation (restore).
    fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Where the data file lives (`None` for an in-memory book).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Starts the one transaction of a user action. Dropping it without `commit` rolls
    /// everything back.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction()?)
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
}
