//! Backups of the data file, made with SQLite's online backup API (consistent while the
//! app runs): automatically once a day at start-up and before every migration, by hand
//! from the app or the CLI, and before every restore. The newest N are kept.
//!
//! A restore checks the file first (it opens, `PRAGMA integrity_check` says ok, its
//! schema is one this build can read) and keeps the current book as a backup before
//! replacing anything.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use specta::Type;

use super::{latest_version, Store, StoreError};
use crate::Coded;

/// Kept unless the user says otherwise (setting `backups.keep`).
pub const DEFAULT_KEEP: usize = 14;
const FOLDER: &str = "backups";
const PREFIX: &str = "juggle-";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("This book is not stored in a file, so it cannot be backed up.")]
    NoFile,
    #[error("Could not write the backup: {0}")]
    Io(String),
    #[error("{0} is not a usable Juggle backup: {1}. Nothing was replaced.")]
    Unusable(String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Store(e.into())
    }
}

impl Coded for BackupError {
    fn code(&self) -> &'static str {
        match self {
            BackupError::NoFile => "backup.no_file",
            BackupError::Io(_) => "backup.io",
            BackupError::Unusable(..) => "backup.unusable",
            BackupError::Store(e) => e.code(),
        }
    }
}

/// One backup file. Field names are part of the CLI's `--json` interface.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Backup {
    pub path: String,
    pub file_name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Why it was made: `daily`, `manual`, `before-migration`, `before-restore`.
    pub reason: String,
    pub size_bytes: u64,
}

/// The `backups/` folder beside the data file.
pub fn folder(store: &Store) -> Result<PathBuf, BackupError> {
    let file = store.path().ok_or(BackupError::NoFile)?;
    Ok(file.parent().unwrap_or(Path::new(".")).join(FOLDER))
}

/// Backs the open book up now and prunes old backups.
pub fn create(store: &Store, reason: &str) -> Result<Backup, BackupError> {
    let dir = folder(store)?;
    let backup = write(store.conn(), &dir, reason, Utc::now())?;
    prune(&dir, keep(store)?)?;
    Ok(backup)
}

/// Backs up once a day: when the newest backup is older than a day, or there is none.
pub fn daily(store: &Store) -> Result<Option<Backup>, BackupError> {
    let newest = list(store)?.into_iter().next();
    let due = newest
        .and_then(|b| b.created_at.parse::<DateTime<Utc>>().ok())
        .is_none_or(|at| Utc::now() - at >= Duration::days(1));
    if due {
        create(store, "daily").map(Some)
    } else {
        Ok(None)
    }
}

/// Backups, newest first.
pub fn list(store: &Store) -> Result<Vec<Backup>, BackupError> {
    list_in(&folder(store)?)
}

fn list_in(dir: &Path) -> Result<Vec<Backup>, BackupError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(vec![]);
    };
    let mut out: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter_map(|e| describe(&e.path()))
        .collect();
    out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(out)
}

/// `juggle-20261125T153000Z-daily.sqlite3` → its time and reason.
fn describe(path: &Path) -> Option<Backup> {
    let name = path.file_name()?.to_str()?.to_owned();
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(".sqlite3")?;
    let (stamp, reason) = stem.split_once('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .ok()?
        .and_utc();
    let reason = reason.to_owned();
    Some(Backup {
        path: path.display().to_string(),
        file_name: name.clone(),
        created_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reason,
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

/// Copies `conn`'s database into a new backup file. Written under a temporary name and
/// renamed when complete, so a half-written backup never looks like one.
pub(super) fn write(
    conn: &Connection,
    dir: &Path,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Backup, BackupError> {
    std::fs::create_dir_all(dir).map_err(|e| BackupError::Io(format!("{}: {e}", dir.display())))?;
    let mut name = format!("{PREFIX}{}-{reason}.sqlite3", at.format("%Y%m%dT%H%M%SZ"));
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!(
            "{PREFIX}{}-{reason}-{n}.sqlite3",
            at.format("%Y%m%dT%H%M%SZ")
        );
    }
    let partial = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&partial);
    copy_to(conn, &partial)?;
    let path = dir.join(&name);
    std::fs::rename(&partial, &path)
        .map_err(|e| BackupError::Io(format!("{}: {e}", path.display())))?;
    describe(&path).ok_or_else(|| BackupError::Io(format!("{} vanished", path.display())))
}

/// Copies the whole database in one step. One step reads every page inside one read
/// transaction, a consistent snapshot that another process's writes do not disturb (in
/// WAL mode readers and the writer do not block each other). Copying a few pages at a
/// time instead would restart the copy after every write from another connection, and
/// with a writer running would never finish.
fn copy_to(conn: &Connection, dest: &Path) -> Result<(), BackupError> {
    let mut out = Connection::open(dest)?;
    let copy = rusqlite::backup::Backup::new(conn, &mut out)?;
    match copy.step(-1)? {
        rusqlite::backup::StepResult::Done => Ok(()),
        other => Err(BackupError::Io(format!(
            "the copy to {} did not finish ({other:?})",
            dest.display()
        ))),
    }
}

/// How many backups are kept.
pub fn keep(store: &Store) -> Result<usize, BackupError> {
    let value = crate::settings::get(store, crate::settings::BACKUPS_KEEP)?;
    Ok(value
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(DEFAULT_KEEP))
}

/// Sets how many backups to keep (1 or more) and prunes to it.
pub fn set_keep(store: &mut Store, n: usize) -> Result<(), BackupError> {
    if n == 0 {
        return Err(BackupError::Io("keep at least one backup".into()));
    }
    crate::settings::set(store, crate::settings::BACKUPS_KEEP, &n.to_string())?;
    prune(&folder(store)?, n)
}

fn prune(dir: &Path, keep: usize) -> Result<(), BackupError> {
    for old in list_in(dir)?.into_iter().skip(keep) {
        std::fs::remove_file(&old.path)
            .map_err(|e| BackupError::Io(format!("{}: {e}", old.path)))?;
    }
    Ok(())
}

/// Checks that `path` is a backup this build can restore: it opens read-only, passes
/// `integrity_check`, and has a known schema version.
pub fn check(path: &Path) -> Result<i64, BackupError> {
    let shown = path.display().to_string();
    let unusable = |why: String| BackupError::Unusable(shown.clone(), why);
    if !path.is_file() {
        return Err(unusable("there is no such file".into()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| unusable(e.to_string()))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| unusable(format!("it is not an SQLite database ({e})")))?;
    if verdict != "ok" {
        return Err(unusable(format!("it is damaged ({verdict})")));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| unusable(e.to_string()))?;
    let has_clients: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'clients'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| unusable(e.to_string()))?;
    if version < 1 || !has_clients {
        return Err(unusable("it is not a Juggle book".into()));
    }
    if version > latest_version() {
        return Err(unusable(format!(
            "it was written by a newer Juggle (schema {version})"
        )));
    }
    Ok(version)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Restored {
    /// The backup of the book as it was just before the restore.
    pub previous: Backup,
    pub schema_version: i64,
}

/// Replaces the open book with the backup at `path`, after checking it and backing up
/// the current book. The store then holds the restored book, migrated if needed.
pub fn restore(store: &mut Store, path: &Path) -> Result<Restored, BackupError> {
    check(path)?;
    let previous = create(store, "before-restore")?;
    store.conn_mut().restore(
        rusqlite::MAIN_DB,
        path,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    store.migrate()?;
    Ok(Restored {
        previous,
        schema_version: store.schema_version()?,
    })
}
