//! Files and folders on disk linked to a client (contracts, briefs, a project folder).
//! Juggle keeps the path only; the OS opens it.
//!
//! A link may come from an import or a crafted book, so what is opened is decided here,
//! from the path, before the OS sees it: only an absolute local path that exists is
//! opened; a program (an executable file, or a name like `.exe`, `.bat`, `.desktop`) only
//! after the user confirms a message naming it; a network path (`\\server\share`,
//! `//server/share`) only after confirmation too, and it is never even looked at just to
//! show the card (that alone would contact the server); a URL or relative path never.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use specta::Type;

use super::{fields, RelationshipError};
use crate::clients::{self, ClientId};
use crate::store::{now_utc, Writer};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LinkedFile {
    pub id: i64,
    pub client_id: ClientId,
    pub path: String,
    /// What the user calls it; the file name when left blank.
    pub label: String,
    /// Whether it is there now (a moved file shows as missing rather than failing).
    /// Never checked for a network path.
    pub exists: bool,
    pub is_dir: bool,
    /// What opening it takes.
    pub opening: Opening,
}

/// How a linked path may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Opening {
    /// A local document or folder: opened at once.
    Direct,
    /// A program, or on a network share: opened only after the user confirms.
    Confirm,
    /// Not opened: relative, a URL, or missing.
    Never,
}

/// What the path is, from its text alone (no file-system access).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Local,
    Network,
    /// A URL, or not absolute.
    Elsewhere,
}

fn place(path: &str) -> Place {
    let lower = path.to_ascii_lowercase();
    if path.starts_with("\\\\") || path.starts_with("//") || lower.starts_with("smb:") {
        Place::Network
    } else if lower.contains("://") || lower.starts_with("file:") || !Path::new(path).is_absolute()
    {
        Place::Elsewhere
    } else {
        Place::Local
    }
}

/// File name endings that run something when "opened" on some system.
const PROGRAM_ENDINGS: &[&str] = &[
    "exe",
    "com",
    "bat",
    "cmd",
    "msi",
    "msp",
    "scr",
    "pif",
    "cpl",
    "ps1",
    "psm1",
    "vbs",
    "vbe",
    "js",
    "jse",
    "wsf",
    "wsh",
    "hta",
    "lnk",
    "reg",
    "jar",
    "app",
    "command",
    "tool",
    "sh",
    "bash",
    "zsh",
    "csh",
    "run",
    "bin",
    "desktop",
    "appimage",
    "deb",
    "rpm",
    "pkg",
    "dmg",
    "url",
    "webloc",
    "inf",
    "scf",
    "applescript",
    "workflow",
];

fn looks_like_program(path: &Path, meta: &std::fs::Metadata) -> bool {
    if meta.is_dir() {
        return false;
    }
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PROGRAM_ENDINGS.contains(&e.to_ascii_lowercase().as_str()));
    #[cfg(unix)]
    let by_mode = {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    };
    #[cfg(not(unix))]
    let by_mode = false;
    by_name || by_mode
}

pub fn link_file(
    store: &mut impl Writer,
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
    store.write(|tx| {
        clients::get(tx, client)?;
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
        let saved = fetch(tx, tx.last_insert_rowid())?;
        Ok(saved)
    })
}

pub fn unlink_file(store: &mut impl Writer, id: i64) -> Result<(), RelationshipError> {
    store.write(|tx| {
        if tx.execute("DELETE FROM client_files WHERE id = ?1", [id])? == 0 {
            return Err(RelationshipError::NotFound("linked file", id));
        }
        Ok(())
    })
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

/// The path of a linked file, for the shell to open. `confirmed`: the user has agreed
/// to the message of a `NeedsConfirmation` answer for this file.
pub fn path_to_open(
    conn: &Connection,
    id: i64,
    confirmed: bool,
) -> Result<PathBuf, RelationshipError> {
    let file = fetch(conn, id)?;
    let path = PathBuf::from(&file.path);
    match (place(&file.path), file.opening) {
        (Place::Elsewhere, _) => Err(RelationshipError::NotOpenable(format!(
            "“{}” is not a file on this computer ({}); Juggle opens only full local paths.",
            file.label, file.path
        ))),
        (_, Opening::Never) => Err(RelationshipError::NotOpenable(format!(
            "“{}” is not at {} any more.",
            file.label, file.path
        ))),
        (Place::Network, _) if !confirmed => Err(RelationshipError::NeedsConfirmation(format!(
            "“{}” is on another computer ({}). Opening it connects to that computer. Open it?",
            file.label, file.path
        ))),
        (_, Opening::Confirm) if !confirmed => Err(RelationshipError::NeedsConfirmation(format!(
            "“{}” is a program, not a document: {}. Opening it runs it. Run it?",
            file.label, file.path
        ))),
        _ => Ok(path),
    }
}

const SELECT: &str = "SELECT id, client_id, path, label FROM client_files";

fn from_row(r: &Row) -> rusqlite::Result<LinkedFile> {
    let path: String = r.get(2)?;
    let (exists, is_dir, opening) = match place(&path) {
        // Not looked at: merely showing the card must not contact a server.
        Place::Network => (true, false, Opening::Confirm),
        Place::Elsewhere => (false, false, Opening::Never),
        Place::Local => match std::fs::metadata(&path) {
            Err(_) => (false, false, Opening::Never),
            Ok(meta) if looks_like_program(Path::new(&path), &meta) => {
                (true, false, Opening::Confirm)
            }
            Ok(meta) => (true, meta.is_dir(), Opening::Direct),
        },
    };
    Ok(LinkedFile {
        id: r.get(0)?,
        client_id: r.get(1)?,
        label: r.get(3)?,
        exists,
        is_dir,
        opening,
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
    use crate::Store;

    #[test]
    fn files_are_linked_by_absolute_path_once() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &clients::ClientInput::named("Acme")).unwrap();
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

    /// A link as an import or a crafted book may hold it (the form refuses most of these).
    fn stored(store: &Store, path: &str, label: &str) -> i64 {
        store
            .conn()
            .execute(
                "INSERT INTO client_files (client_id, path, label, created_at) VALUES (1, ?1, ?2, '')",
                params![path, label],
            )
            .unwrap();
        store.conn().last_insert_rowid()
    }

    #[test]
    fn only_local_documents_open_directly_programs_and_shares_after_a_named_confirmation() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        clients::add(&mut store, &clients::ClientInput::named("Acme")).unwrap();
        let doc = dir.path().join("contract.pdf");
        std::fs::write(&doc, "%PDF").unwrap();
        let program = dir.path().join("contract.pdf.exe");
        std::fs::write(&program, "MZ").unwrap();
        let script = dir.path().join("tool");
        std::fs::write(&script, "#!/bin/sh").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let conn = |s: &Store| s.conn().execute_batch("").map(|_| ());
        conn(&store).unwrap();

        let ok = stored(&store, &doc.display().to_string(), "Contract");
        assert_eq!(path_to_open(store.conn(), ok, false).unwrap(), doc);

        for (path, label) in [
            (program.display().to_string(), "Signed contract.pdf"),
            (script.display().to_string(), "Brief"),
        ] {
            let id = stored(&store, &path, label);
            let err = path_to_open(store.conn(), id, false).unwrap_err();
            assert_eq!(crate::Coded::code(&err), "file.needs_confirmation");
            assert!(err.to_string().contains(label), "{err}");
            assert!(
                err.to_string().contains(&path),
                "the real file is named: {err}"
            );
            assert_eq!(
                path_to_open(store.conn(), id, true).unwrap(),
                PathBuf::from(&path)
            );
        }

        let share = stored(&store, "\\\\fileserver\\contracts\\acme.pdf", "Share");
        let listed = list_files(store.conn(), ClientId(1)).unwrap();
        let shown = listed.iter().find(|f| f.id == share).unwrap();
        assert_eq!(shown.opening, Opening::Confirm);
        let err = path_to_open(store.conn(), share, false).unwrap_err();
        assert_eq!(crate::Coded::code(&err), "file.needs_confirmation");
        assert!(err.to_string().contains("another computer"), "{err}");

        for bad in [
            "contracts/acme.pdf",
            "https://evil.example/x.pdf",
            "file:///etc/passwd",
        ] {
            let id = stored(&store, bad, "Bad");
            for confirmed in [false, true] {
                let err = path_to_open(store.conn(), id, confirmed).unwrap_err();
                assert_eq!(crate::Coded::code(&err), "file.not_openable", "{bad}");
            }
        }
        let gone = stored(&store, "/nowhere/at/all.pdf", "Gone");
        let err = path_to_open(store.conn(), gone, true).unwrap_err();
        assert_eq!(crate::Coded::code(&err), "file.not_openable");
    }
}
