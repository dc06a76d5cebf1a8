use std::path::PathBuf;

use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Could not find a folder for app data on this system; set JUGGLE_DATA_DIR.")]
    NoDataDir,
    #[error("Could not create the data folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Only SQLite's reason: the failing migration's SQL (kilobytes) is no use to a reader.
    #[error("The data file could not be upgraded to this version of Juggle: {0}")]
    Migration(String),
    #[error("The data file is newer than this version of Juggle (schema {found}, this build knows up to {known}). Update Juggle.")]
    TooNew { found: i64, known: i64 },
    #[error("Could not back up the book before upgrading it: {0}")]
    Backup(String),
    #[error("Database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A trash entry (what Undo puts back) that cannot be read or written.
    #[error("Undo is not possible: {0}")]
    Trash(String),
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        let reason = match e {
            // rusqlite's own message for bad SQL quotes the whole statement too.
            rusqlite_migration::Error::RusqliteError { err, .. } => match err {
                rusqlite::Error::SqlInputError { msg, .. } => msg,
                rusqlite::Error::SqliteFailure(_, Some(msg)) => msg,
                other => other.to_string(),
            },
            other => other.to_string(),
        };
        StoreError::Migration(reason.chars().take(200).collect())
    }
}

impl Coded for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::NoDataDir => "store.no_data_dir",
            StoreError::CreateDir { .. } => "store.create_dir",
            StoreError::Migration(_) => "store.migration",
            StoreError::TooNew { .. } => "store.too_new",
            StoreError::Backup(_) => "store.backup",
            StoreError::Sqlite(_) => "store.sqlite",
            StoreError::Trash(_) => "store.trash",
        }
    }
}
