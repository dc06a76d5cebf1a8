//! `juggle doctor`: is the data file healthy, and is it backed up?

use chrono::{DateTime, Utc};
use serde::Serialize;
use specta::Type;

use super::{backup, latest_version, Store, StoreError};

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

pub fn examine(store: &Store) -> Result<Health, StoreError> {
    let conn = store.conn();
    let mut checks = Vec::new();
    let mut add = |name: &str, ok: bool, detail: String| {
        let status = if ok { Status::Ok } else { Status::Problem };
        checks.push(Check {
            name: name.into(),
            status,
            detail,
        })
    };

    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    add(
        "integrity",
        integrity == "ok",
        format!("integrity_check: {integrity}"),
    );
    let orphans: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
    add(
        "references",
        orphans == 0,
        format!("{orphans} rows point at something missing"),
    );
    let version = store.schema_version()?;
    add(
        "schema",
        version == latest_version(),
        format!("schema version {version} of {}", latest_version()),
    );
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    add(
        "journal",
        mode.eq_ignore_ascii_case("wal"),
        format!("journal mode {mode}"),
    );
    let (status, detail) = match backup::list(store) {
        Ok(list) => match list
            .first()
            .and_then(|b| b.created_at.parse::<DateTime<Utc>>().ok())
        {
            None => (
                Status::Warning,
                "no backups yet (the app makes one when it starts)".to_owned(),
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
                    format!("{} backup(s), the newest {days} day(s) old", list.len()),
                )
            }
        },
        Err(e) => (Status::Warning, e.to_string()),
    };
    checks.push(Check {
        name: "backups".into(),
        status,
        detail,
    });
    Ok(Health {
        ok: checks.iter().all(|c| c.status != Status::Problem),
        data_file: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        checks,
    })
}
