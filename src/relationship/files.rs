//! Files and folders on disk linked to a client (contracts, briefs, a project folder).
//! Juggle keeps the path only; the OS opens it.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use specta::Type;

use super::{fields, RelationshipError};
use crate::clients::{self, ClientId};
use crate::store::{now_utc, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LinkedFile {
    pub id: i64,
    pub client_id: ClientId,
    pub path: String,
    /// What the user calls it; the file name when left blank.
    pub label: String,
    /// Whether it is there now (a moved file shows as missing rather than failing).
    pub exists: bool,
    pub is_dir: bool,
}

pub fn link_file(
    store: &mut Store,
    client: ClientId,
    path: &str,
    label: &str,
) -> Result<LinkedFile, RelationshipError> {
    let path = path.trim();
    if !Path::new(path).is_absolute() {
        return Err(RelationshipError::PathNotAbsolute(path.to_owned()));
    }
    let label = match fields::text("label", label, 200)? {
        l if l.is_empty() => Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_owned()),
        l => l,
    };
    let tx = store.transaction()?;
    clients::get_in(&tx, client)?;
    let taken: bool = tx.query_row(
        "SELECT count(*) > 0 FROM client_files WHERE client_id = ?1 AND path = ?2",
        params![client, path],
        |r| r.get(0),
    )?;
    if taken {
        return Err(RelationshipError::PathAlreadyLinked);
    }
    tx.execute(
        "INSERT INTO client_files (client_id, path, label, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![client, path, label, now_utc()],
    )?;
    let saved = fetch(&tx, tx.last_insert_rowid())?;
    tx.commit()?;
    Ok(saved)
}

pub fn unlink_file(store: &mut Store, id: i64) -> Result<(), RelationshipError> {
    let tx = store.transaction()?;
    if tx.execute("DELETE FROM client_files WHERE id = ?1", [id])? == 0 {
        return Err(RelationshipError::NotFound("linked file", id));
    }
    tx.commit()?;
    Ok(())
}

pub fn list_files(
    conn: &Connection,
    client: ClientId,
) -> Result<Vec<LinkedFile>, RelationshipError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE client_id = ?1 ORDER BY lower(label), id"
    ))?;
    let rows = stmt.query_map([client], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The path of a linked file, for the shell to open.
pub fn file_path(conn: &Connection, id: i64) -> Result<PathBuf, RelationshipError> {
    Ok(PathBuf::from(fetch(conn, id)?.path))
}

const SELECT: &str = "SELECT id, client_id, path, label FROM client_files";

fn from_row(r: &Row) -> rusqlite::Result<LinkedFile> {
    let path: String = r.get(2)?;
    let meta = std::fs::metadata(&path).ok();
    Ok(LinkedFile {
        id: r.get(0)?,
        client_id: r.get(1)?,
        label: r.get(3)?,
        exists: meta.is_some(),
        is_dir: meta.is_some_and(|m| m.is_dir()),
        path,
    })
}

fn fetch(conn: &Connection, id: i64) -> Result<LinkedFile, RelationshipError> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(RelationshipError::NotFound("linked file", id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_linked_by_absolute_path_once() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(
            &mut store,
            &clients::ClientInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_string_lossy().into_owned();
        let linked = link_file(&mut store, acme.id, &path, "").unwrap();
        assert!(linked.exists && linked.is_dir);
        assert_eq!(
            linked.label,
            dir.path().file_name().unwrap().to_string_lossy()
        );
        assert!(matches!(
            link_file(&mut store, acme.id, &path, "again"),
            Err(RelationshipError::PathAlreadyLinked)
        ));
        assert!(matches!(
            link_file(&mut store, acme.id, "notes.txt", ""),
            Err(RelationshipError::PathNotAbsolute(_))
        ));
        let gone = link_file(&mut store, acme.id, "/nonexistent/brief.pdf", "Brief").unwrap();
        assert!(!gone.exists);
        assert_eq!(list_files(store.conn(), acme.id).unwrap().len(), 2);
    }
}
