//! Noticing that the book changed, whoever changed it: the app's own commands, the CLI in
//! a terminal beside it, or (later) a sync. The shell polls a [`Watch`] and tells the UI,
//! which reloads what it shows; no write path has to remember to announce itself.
//!
//! SQLite's `PRAGMA data_version` changes on a connection whenever *another* connection
//! commits to the file, so a watch opens a connection of its own, reads nothing else, and
//! sees every writer's commits, the app's included.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

pub struct Watch {
    conn: Connection,
    last: i64,
}

impl Watch {
    /// Watches the book at `path` from now on.
    pub fn open(path: &Path) -> Result<Watch, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let last = data_version(&conn)?;
        Ok(Watch { conn, last })
    }

    /// Whether anything was committed to the book since the last call (or `open`).
    pub fn changed(&mut self) -> Result<bool, StoreError> {
        let now = data_version(&self.conn)?;
        let changed = now != self.last;
        self.last = now;
        Ok(changed)
    }
}

fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn add_client(store: &mut Store, name: &str) -> Result<(), StoreError> {
        store.write(|tx| {
        tx.execute(
            "INSERT INTO clients (name, name_key, priority, colour, created_at, updated_at)
             VALUES (?1, lower(?1), 'normal', '#336699', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')",
            [name],
        )?;
        Ok(())
        })
    }

    #[test]
    fn a_commit_by_any_connection_is_seen_once_and_reads_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = Store::open_dir(dir.path()).unwrap();
        let path = app.path().unwrap().to_owned();
        let mut watch = Watch::open(&path).unwrap();
        assert!(!watch.changed().unwrap());

        // The app's own write.
        add_client(&mut app, "Acme").unwrap();
        assert!(watch.changed().unwrap());
        assert!(!watch.changed().unwrap(), "one commit is one change");

        // Another process's write (the CLI opens its own connection).
        let mut cli = Store::open_file(&path).unwrap();
        add_client(&mut cli, "Globex").unwrap();
        assert!(watch.changed().unwrap());

        // Reading changes nothing.
        let n: i64 = app
            .conn()
            .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        assert!(!watch.changed().unwrap());

        // A refused action writes nothing, so there is nothing to reload.
        assert!(add_client(&mut app, "Acme").is_err());
        assert!(!watch.changed().unwrap());
    }
}
