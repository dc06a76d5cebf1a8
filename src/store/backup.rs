//! Backups of the data file, made with SQLite's online backup API (consistent while the
//! app runs): automatically once a day at start-up and before every migration, by hand
//! from the app or the CLI, and before every restore. The newest N are kept.
//!
//! A restore checks the candidate completely before anything is replaced: it opens,
//! `integrity_check` and `foreign_key_check` pass, and it holds exactly the schema its
//! version promises; then a copy of it is brought to this build's schema (and to the
//! book's page size) and checked again. Only then is the current book backed up and
//! replaced, in one write transaction. A book too damaged to open is replaced by
//! renaming the prepared copy over it, after keeping the damaged file aside.
//!
//! Backups are ordered by their creation time (to the millisecond, then the file's
//! modification time), never by name. A backup of a damaged book is marked `damaged` in
//! its name and kept apart: it never rotates a good one out. The newest backup made
//! before a restore (the book the user had) is never rotated out.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::backup::{Backup as Copy, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use specta::Type;

use super::{latest_version, migrations, schema, Store, StoreError};
use crate::Coded;

/// Kept unless the user says otherwise (setting `backups.keep`).
pub const DEFAULT_KEEP: usize = 14;
const FOLDER: &str = "backups";
const PREFIX: &str = "juggle-";
/// Marks the backup of a book that failed its quick check.
const DAMAGED: &str = "-damaged";
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";
const OLD_STAMP: &str = "%Y%m%dT%H%M%SZ";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("This book is not stored in a file, so it cannot be backed up.")]
    NoFile,
    #[error("Could not write the backup: {0}")]
    Io(String),
    #[error("{0} is not a usable Juggle backup: {1}. Nothing was replaced.")]
    Unusable(String, String),
    #[error("Keep 1 to 1,000 backups; “{0}” is not a number of backups.")]
    BadKeep(String),
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
            BackupError::BadKeep(_) => "backup.bad_keep",
            BackupError::Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            BackupError::BadKeep(_) => Some("keep"),
            BackupError::Store(e) => e.field(),
            _ => None,
        }
    }
}

/// One backup file. Field names are part of the CLI's `--json` interface.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Backup {
    pub path: String,
    pub file_name: String,
    /// RFC 3339, UTC, to the millisecond.
    #[serde(serialize_with = "serialize_stamp")]
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    /// Why it was made: `daily`, `manual`, `before-migration`, `before-restore`.
    pub reason: String,
    pub size_bytes: u64,
    /// The book was already damaged when this backup was made: restore it only if
    /// nothing better is left.
    pub damaged: bool,
}

/// A backup's time as the CLI and the UI show it: RFC 3339 in UTC to the millisecond
/// (`2026-11-25T15:30:00.123Z`, also when the milliseconds are zero).
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn serialize_stamp<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&stamp(*at))
}

/// The `backups/` folder beside the data file.
pub fn folder(store: &Store) -> Result<PathBuf, BackupError> {
    let file = store.path().ok_or(BackupError::NoFile)?;
    Ok(folder_of(file))
}

/// The `backups/` folder beside `data_file` (the book need not open).
pub fn folder_of(data_file: &Path) -> PathBuf {
    data_file.parent().unwrap_or(Path::new(".")).join(FOLDER)
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
        .map(|b| b.created_at)
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

/// Backups in `dir`, newest first by creation time (then modification time), whatever
/// their names.
pub fn list_in(dir: &Path) -> Result<Vec<Backup>, BackupError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(vec![]);
    };
    let mut found: Vec<((DateTime<Utc>, std::time::SystemTime), Backup)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let backup = describe(&path)?;
            let at = backup.created_at;
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            Some(((at, modified), backup))
        })
        .collect();
    found.sort_by_key(|(key, _)| std::cmp::Reverse(*key));
    Ok(found.into_iter().map(|(_, b)| b).collect())
}

/// The newest backup not marked damaged: what a rescue offers to restore.
pub fn last_good(list: &[Backup]) -> Option<&Backup> {
    list.iter().find(|b| !b.damaged)
}

/// `juggle-20261125T153000.123Z-daily.sqlite3` (or `…-daily-2-damaged.sqlite3`) → its
/// time, reason and mark. Names from before milliseconds (`…T153000Z-…`) still read.
fn describe(path: &Path) -> Option<Backup> {
    let name = path.file_name()?.to_str()?.to_owned();
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(".sqlite3")?;
    let (stamp, rest) = stem.split_once('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP)
        .or_else(|_| NaiveDateTime::parse_from_str(stamp, OLD_STAMP))
        .ok()?
        .and_utc();
    let (rest, damaged) = match rest.strip_suffix(DAMAGED) {
        Some(r) => (r, true),
        None => (rest, false),
    };
    // A counter added to keep names unique is not part of the reason.
    let reason = match rest.rsplit_once('-') {
        Some((r, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => r,
        _ => rest,
    };
    Some(Backup {
        path: path.display().to_string(),
        file_name: name.clone(),
        created_at: at,
        reason: reason.to_owned(),
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        damaged,
    })
}

/// A name in `dir` no file has yet.
fn fresh_name(dir: &Path, at: DateTime<Utc>, reason: &str, damaged: bool) -> String {
    let stamp = at.format(STAMP);
    let mark = if damaged { DAMAGED } else { "" };
    let mut name = format!("{PREFIX}{stamp}-{reason}{mark}.sqlite3");
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!("{PREFIX}{stamp}-{reason}-{n}{mark}.sqlite3");
    }
    name
}

/// Copies `conn`'s database into a new backup file. Written under a temporary name and
/// renamed when complete, so a half-written backup never looks like one. A copy that
/// fails SQLite's quick check is named as damaged.
pub(super) fn write(
    conn: &Connection,
    dir: &Path,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Backup, BackupError> {
    std::fs::create_dir_all(dir).map_err(|e| BackupError::Io(format!("{}: {e}", dir.display())))?;
    let partial = dir.join(format!(".{}.partial", uuid::Uuid::new_v4()));
    copy_to(conn, &partial)?;
    let damaged = !quick_check_passes(&partial);
    let path = dir.join(fresh_name(dir, at, reason, damaged));
    std::fs::rename(&partial, &path)
        .map_err(|e| BackupError::Io(format!("{}: {e}", path.display())))?;
    describe(&path).ok_or_else(|| BackupError::Io(format!("{} vanished", path.display())))
}

fn quick_check_passes(path: &Path) -> bool {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
        .is_ok_and(|v| v == "ok")
}

/// Copies the whole database in one step. One step reads every page inside one read
/// transaction, a consistent snapshot that another process's writes do not disturb (in
/// WAL mode readers and the writer do not block each other). Copying a few pages at a
/// time instead would restart the copy after every write from another connection, and
/// with a writer running would never finish.
fn copy_to(conn: &Connection, dest: &Path) -> Result<(), BackupError> {
    let mut out = Connection::open(dest)?;
    let copy = Copy::new(conn, &mut out)?;
    match copy.step(-1)? {
        StepResult::Done => Ok(()),
        other => Err(BackupError::Io(format!(
            "the copy to {} did not finish ({other:?})",
            dest.display()
        ))),
    }
}

/// The `settings` key of how many backups are kept.
pub const BACKUPS_KEEP: &str = "backups.keep";

/// How many backups are kept.
pub fn keep(store: &Store) -> Result<usize, BackupError> {
    let value = super::keys::get(store, BACKUPS_KEEP)?;
    Ok(value
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(DEFAULT_KEEP))
}

/// Sets how many backups to keep (1 or more) and prunes to it.
pub fn set_keep(store: &mut Store, n: usize) -> Result<(), BackupError> {
    if !(1..=1000).contains(&n) {
        return Err(BackupError::BadKeep(n.to_string()));
    }
    super::keys::set(store, BACKUPS_KEEP, &n.to_string())?;
    prune(&folder(store)?, n)
}

/// How many backups to keep, as typed in Settings ("14"): 1 to 1,000.
pub fn set_keep_typed(store: &mut Store, raw: &str) -> Result<(), BackupError> {
    let n = raw
        .trim()
        .parse::<usize>()
        .map_err(|_| BackupError::BadKeep(raw.trim().to_owned()))?;
    set_keep(store, n)
}

/// Keeps the newest `keep` good backups and, apart from them, the newest `keep` damaged
/// ones; and always the newest before-restore backup (the book as the user had it).
fn prune(dir: &Path, keep: usize) -> Result<(), BackupError> {
    let all = list_in(dir)?;
    let last_replaced = all
        .iter()
        .find(|b| b.reason == "before-restore")
        .map(|b| b.path.clone());
    for damaged in [false, true] {
        let old = all.iter().filter(|b| b.damaged == damaged).skip(keep);
        for old in old.filter(|b| Some(&b.path) != last_replaced.as_ref()) {
            std::fs::remove_file(&old.path)
                .map_err(|e| BackupError::Io(format!("{}: {e}", old.path)))?;
        }
    }
    Ok(())
}

/// Checks that `path` is a backup this build can restore, reading it only: it opens,
/// passes `integrity_check` and `foreign_key_check`, and holds exactly the schema of its
/// version. Returns that version.
pub fn check(path: &Path) -> Result<i64, BackupError> {
    let shown = path.display().to_string();
    let unusable = |why: String| BackupError::Unusable(shown.clone(), why);
    if !path.is_file() {
        return Err(unusable("there is no such file".into()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| unusable(e.to_string()))?;
    verify(&conn).map_err(unusable)
}

/// The whole check of an open candidate, as a plain reason when it fails.
fn verify(conn: &Connection) -> Result<i64, String> {
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| format!("it is not an SQLite database ({e})"))?;
    if verdict != "ok" {
        return Err(format!("it is damaged ({verdict})"));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > latest_version() {
        return Err(format!(
            "it was written by a newer Juggle (schema {version})"
        ));
    }
    if version < 1 {
        return Err("it is not a Juggle book".into());
    }
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    if orphans > 0 {
        return Err(format!("{orphans} of its rows point at something missing"));
    }
    let differences = schema::differences(conn, version).map_err(|e| e.to_string())?;
    if !differences.is_empty() {
        let shown: Vec<&str> = differences.iter().take(3).map(String::as_str).collect();
        return Err(format!(
            "it is not a Juggle book of schema {version} ({}{})",
            shown.join("; "),
            if differences.len() > 3 { "; …" } else { "" }
        ));
    }
    Ok(version)
}

/// A checked copy of a backup at this build's schema, ready to become the book. The
/// file is removed when this is dropped (after use, or when anything fails).
struct Prepared {
    path: PathBuf,
}

impl Drop for Prepared {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Copies `candidate` (already `check`ed) into `dir`, gives the copy `page_size` if
/// asked (a backup API copy into a WAL book needs the same page size), migrates it and
/// checks it again. Nothing of the book is touched.
fn prepare(candidate: &Path, dir: &Path, page_size: Option<i64>) -> Result<Prepared, BackupError> {
    let shown = candidate.display().to_string();
    let unusable = |why: String| BackupError::Unusable(shown.clone(), why);
    std::fs::create_dir_all(dir).map_err(|e| BackupError::Io(format!("{}: {e}", dir.display())))?;
    let prepared = Prepared {
        path: dir.join(format!(".restore-{}.partial", uuid::Uuid::new_v4())),
    };
    {
        let source = Connection::open_with_flags(candidate, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| unusable(e.to_string()))?;
        copy_to(&source, &prepared.path)?;
    }
    let mut conn = Connection::open(&prepared.path)?;
    // The copy may carry the WAL flag; a rollback journal lets VACUUM change the page size.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    if let Some(size) = page_size {
        let current: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
        if current != size {
            conn.pragma_update(None, "page_size", size)?;
            conn.execute_batch("VACUUM")?;
        }
    }
    migrations::run(&mut conn).map_err(|e| {
        unusable(format!(
            "it could not be brought up to date ({})",
            StoreError::from(e)
        ))
    })?;
    let version =
        verify(&conn).map_err(|why| unusable(format!("once brought up to date, {why}")))?;
    if version != latest_version() {
        return Err(unusable(format!("it stayed at schema {version}")));
    }
    Ok(prepared)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Restored {
    /// The backup of the book as it was just before the restore.
    pub previous: Backup,
    pub schema_version: i64,
}

/// Replaces the open book with the backup at `path`: checks it completely and prepares a
/// migrated copy first, then backs up the current book, then copies the prepared book in
/// as one write transaction (a crash leaves the old book or the new one, never a mix).
pub fn restore(store: &mut Store, path: &Path) -> Result<Restored, BackupError> {
    check(path)?;
    let dir = folder(store)?;
    let page_size: i64 = store
        .conn()
        .pragma_query_value(None, "page_size", |r| r.get(0))?;
    let ready = prepare(path, &dir, Some(page_size))?;
    let previous = create(store, "before-restore")?;
    {
        let source = Connection::open_with_flags(&ready.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let copy = Copy::new(&source, store.conn_mut())?;
        match copy.step(-1)? {
            StepResult::Done => {}
            _ => {
                return Err(BackupError::Io(
                    "another program kept the book busy; nothing was replaced, try again".into(),
                ))
            }
        }
    }
    store.migrate()?;
    Ok(Restored {
        previous,
        schema_version: store.schema_version()?,
    })
}

/// Rescue: replaces a book that cannot be opened with the backup at `path`, without
/// opening the book. The backup is checked and a migrated copy prepared first; the
/// damaged file (and its write-ahead log) is copied aside into the backups folder, marked
/// damaged; then the prepared copy is renamed over the data file.
pub fn restore_damaged(data_file: &Path, path: &Path) -> Result<Restored, BackupError> {
    check(path)?;
    let dir = folder_of(data_file);
    let ready = prepare(path, &dir, None)?;
    let io = |p: &Path, e: std::io::Error| BackupError::Io(format!("{}: {e}", p.display()));
    let set_aside_at = Utc::now();
    let aside = dir.join(fresh_name(&dir, set_aside_at, "before-restore", true));
    let wal = sidecar(data_file, "-wal");
    if data_file.exists() {
        std::fs::copy(data_file, &aside).map_err(|e| io(&aside, e))?;
        if wal.exists() {
            let aside_wal = sidecar(&aside, "-wal");
            std::fs::copy(&wal, &aside_wal).map_err(|e| io(&aside_wal, e))?;
        }
    }
    // The old log must go before the new file arrives, or SQLite would replay it onto it.
    for old in [wal, sidecar(data_file, "-shm")] {
        if old.exists() {
            std::fs::remove_file(&old).map_err(|e| io(&old, e))?;
        }
    }
    std::fs::rename(&ready.path, data_file).map_err(|e| io(data_file, e))?;
    let previous = describe(&aside).unwrap_or_else(|| Backup {
        path: aside.display().to_string(),
        file_name: String::new(),
        created_at: set_aside_at,
        reason: "before-restore".into(),
        size_bytes: 0,
        damaged: true,
    });
    Ok(Restored {
        previous,
        schema_version: latest_version(),
    })
}

/// `juggle.sqlite3` → `juggle.sqlite3-wal`.
fn sidecar(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
