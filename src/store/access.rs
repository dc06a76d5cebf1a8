//! Where a query runs: the book itself, or a transaction already open on it. Functions
//! take `&impl Reader` to read and `impl Writer` to write, so a user action that spans
//! areas runs their functions inside its one transaction (pass `tx`), while a caller with
//! just the book passes `&mut store` and gets a transaction of its own. No `_in` twins.

use rusqlite::{Connection, Transaction};

use super::{Store, StoreError};

/// Something queries can read from: the book, a connection, or an open transaction.
pub trait Reader {
    fn conn(&self) -> &Connection;
}

impl Reader for Store {
    fn conn(&self) -> &Connection {
        Store::conn(self)
    }
}

impl Reader for Connection {
    fn conn(&self) -> &Connection {
        self
    }
}

impl Reader for Transaction<'_> {
    fn conn(&self) -> &Connection {
        self
    }
}

/// Something a user action can write through: the book (the action gets its own
/// IMMEDIATE transaction, committed on `Ok`) or a transaction already open (the action
/// becomes part of it, and its caller commits).
pub trait Writer: Reader {
    fn write<T, E>(
        &mut self,
        action: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>;
}

impl Writer for Store {
    fn write<T, E>(
        &mut self,
        action: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        Store::write(self, action)
    }
}

impl Writer for Transaction<'_> {
    fn write<T, E>(
        &mut self,
        action: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        action(self)
    }
}

/// Runs `action` in a savepoint of an open transaction: what it wrote stays if it returns
/// `Ok` and is undone if it returns `Err`; the transaction goes on either way (an import
/// skips a bad row this way). The action gets the transaction itself, not rusqlite's
/// `Savepoint` (another type), so the areas' write functions run inside it. The outer
/// `Result` is SQLite failing to take or release the savepoint.
pub fn savepoint<T, E>(
    tx: &mut Transaction<'_>,
    action: impl FnOnce(&mut Transaction<'_>) -> Result<T, E>,
) -> Result<Result<T, E>, StoreError> {
    tx.execute_batch("SAVEPOINT action")?;
    let result = action(tx);
    if result.is_err() {
        tx.execute_batch("ROLLBACK TO action")?;
    }
    tx.execute_batch("RELEASE action")?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(db: &impl Reader) -> i64 {
        db.conn()
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .unwrap()
    }

    fn put(db: &mut impl Writer, key: &str) -> Result<(), StoreError> {
        db.write(|tx| {
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, '1')", [key])?;
            Ok(())
        })
    }

    #[test]
    fn writes_compose_inside_one_transaction_and_a_failure_undoes_them_all() {
        let mut store = Store::open_in_memory().unwrap();
        let before = count(&store);
        put(&mut store, "alone").unwrap();
        assert_eq!(count(&store), before + 1);
        let result: Result<(), StoreError> = store.write(|tx| {
            put(tx, "a")?;
            put(tx, "b")?;
            assert_eq!(count(tx), before + 3);
            Err(StoreError::Backup("stop".into()))
        });
        assert!(result.is_err());
        assert_eq!(count(&store), before + 1);
    }

    #[test]
    fn a_refused_savepoint_undoes_only_its_own_writes() {
        let mut store = Store::open_in_memory().unwrap();
        let before = count(&store);
        store
            .write(|tx| {
                put(tx, "kept")?;
                let refused = savepoint(tx, |tx| {
                    put(tx, "undone")?;
                    Err::<(), StoreError>(StoreError::Backup("skip".into()))
                })?;
                assert!(refused.is_err());
                savepoint(tx, |tx| put(tx, "also kept"))??;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(count(&store), before + 2);
    }
}
