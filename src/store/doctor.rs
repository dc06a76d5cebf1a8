//! `juggle doctor`: is the data file healthy, and is it backed up?

use std::path::Path;

use chrono::Utc;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use specta::Type;

use super::{backup, latest_version, schema, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    /// Worth acting on, but the data is fine (no recent backup, say).
    Warning,
    /// The data file itself is not right.
    Problem,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Health {
    /// No check found a problem (warnings allowed).
    pub ok: bool,
    pub data_file: String,
    pub checks: Vec<Check>,
}

/// Examines the open book.
pub fn examine(store: &Store) -> Result<Health, StoreError> {
    let data_file = store
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let backups = backup::list(store).map_err(|e| e.to_string());
    Ok(examine_conn(store.conn(), data_file, backups))
}

/// Examines the book at `data_file` without opening it as a book (no migration, nothing
/// written): what `juggle doctor` and the app's rescue screen use, so that a damaged
/// file can be diagnosed at all.
pub fn examine_file(data_file: &Path) -> Health {
    let shown = data_file.display().to_string();
    let backups = backup::list_in(&backup::folder_of(data_file)).map_err(|e| e.to_string());
    if !data_file.is_file() {
        let mut health = Health {
            ok: false,
            data_file: shown,
            checks: vec![Check {
                name: "opens".into(),
                status: Status::Problem,
                detail: "there is no data file".into(),
            }],
        };
        health.checks.push(backup_check(backups));
        return health;
    }
    match Connection::open_with_flags(data_file, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        Ok(conn) => examine_conn(&conn, shown, backups),
        Err(e) => Health {
            ok: false,
            data_file: shown,
            checks: vec![
                Check {
                    name: "opens".into(),
                    status: Status::Problem,
                    detail: e.to_string(),
                },
                backup_check(backups),
            ],
        },
    }
}

fn examine_conn(
    conn: &Connection,
    data_file: String,
    backups: Result<Vec<backup::Backup>, String>,
) -> Health {
    let mut checks = Vec::new();
    let mut add = |name: &str, ok: bool, detail: String| {
        let status = if ok { Status::Ok } else { Status::Problem };
        checks.push(Check {
            name: name.into(),
            status,
            detail,
        })
    };
    // A damaged file fails queries rather than answering them: that is a finding, not an
    // error of the doctor.
    match conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
        Ok(v) => add("integrity", v == "ok", format!("integrity_check: {v}")),
        Err(e) => add("integrity", false, format!("integrity_check failed: {e}")),
    }
    match conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(n) => add(
            "references",
            n == 0,
            format!("{n} rows point at something missing"),
        ),
        Err(e) => add(
            "references",
            false,
            format!("foreign_key_check failed: {e}"),
        ),
    }
    let version = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0));
    match &version {
        Ok(v) => add(
            "version",
            *v >= 1 && *v <= latest_version(),
            format!("schema version {v} of {}", latest_version()),
        ),
        Err(e) => add("version", false, e.to_string()),
    }
    let shape = match version {
        Ok(v) => schema::differences(conn, v).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match shape {
        Ok(d) if d.is_empty() => add(
            "schema",
            true,
            "tables, indexes and triggers as expected".into(),
        ),
        Ok(d) => add("schema", false, d.join("; ")),
        Err(e) => add("schema", false, e),
    }
    match conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0)) {
        Ok(mode) => add(
            "journal",
            mode.eq_ignore_ascii_case("wal"),
            format!("journal mode {mode}"),
        ),
        Err(e) => add("journal", false, e.to_string()),
    }
    checks.push(backup_check(backups));
    Health {
        ok: checks.iter().all(|c| c.status != Status::Problem),
        data_file,
        checks,
    }
}

fn backup_check(backups: Result<Vec<backup::Backup>, String>) -> Check {
    let (status, detail) = match backups {
        Ok(list) => match backup::last_good(&list).map(|b| b.created_at) {
            None => (
                Status::Warning,
                "no good backups yet (the app makes one when it starts)".to_owned(),
            ),
            Some(at) => {
                let days = (Utc::now() - at).num_days();
                let status = if days <= 2 {
                    Status::Ok
                } else {
                    Status::Warning
                };
                (
                    status,
                    format!(
                        "{} backup(s), the newest good one {days} day(s) old",
                        list.len()
                    ),
                )
            }
        },
        Err(e) => (Status::Warning, e),
    };
    Check {
        name: "backups".into(),
        status,
        detail,
    }
}
