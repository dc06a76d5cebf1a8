//! Undo for deletes, in the core (issue 19): a delete first copies the rows it removes into
//! `trash`, and Undo puts them back exactly, with their ids, so everything that pointed at
//! them points at them again. The rows are read and written column by column from SQLite's
//! own description of the table, so any table can be trashed without a list to keep.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension, ToSql, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::{now_utc, StoreError};

/// One removed row: its table and its columns' values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Row {
    table: String,
    values: Map<String, Json>,
}

/// The rows a delete is about to remove, collected in the order they go back (parents
/// first).
#[derive(Debug, Default)]
pub struct Removal {
    rows: Vec<Row>,
}

impl Removal {
    /// Copies the rows of `table` matching `filter` (an SQL condition on `?1`).
    pub fn take(
        &mut self,
        conn: &Connection,
        table: &str,
        filter: &str,
        param: &dyn ToSql,
    ) -> Result<(), StoreError> {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} WHERE {filter}"))?;
        let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
        let mut rows = stmt.query([param])?;
        while let Some(r) = rows.next()? {
            let mut values = Map::new();
            for (i, name) in names.iter().enumerate() {
                values.insert(name.clone(), to_json(r.get_ref(i)?));
            }
            self.rows.push(Row {
                table: table.to_owned(),
                values,
            });
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Keeps the collected rows under `label`; returns the entry Undo names.
    pub fn keep(self, tx: &Transaction, label: &str) -> Result<i64, StoreError> {
        let rows = serde_json::to_string(&self.rows)
            .map_err(|e| StoreError::Trash(format!("the rows could not be kept ({e})")))?;
        tx.execute(
            "INSERT INTO trash (label, rows, created_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![label, rows, now_utc()],
        )?;
        Ok(tx.last_insert_rowid())
    }
}

fn to_json(v: ValueRef) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Json::from(b.to_vec()),
    }
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(a) => Value::Blob(
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as u8)
                .collect(),
        ),
        Json::Object(_) => Value::Null,
    }
}

/// Puts back the rows of entry `id` and forgets it; returns its label. `None` when there
/// is no such entry (already undone, or expired).
pub fn restore(tx: &Transaction, id: i64) -> Result<Option<String>, StoreError> {
    let found: Option<(String, String)> = tx
        .query_row("SELECT label, rows FROM trash WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((label, rows)) = found else {
        return Ok(None);
    };
    let rows: Vec<Row> = serde_json::from_str(&rows)
        .map_err(|e| StoreError::Trash(format!("what was deleted could not be read back ({e})")))?;
    for row in rows {
        let columns: Vec<&String> = row.values.keys().collect();
        let marks = vec!["?"; columns.len()].join(", ");
        let names = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute(
            &format!("INSERT INTO {} ({names}) VALUES ({marks})", row.table),
            params_from_iter(row.values.values().map(to_sql)),
        )?;
    }
    tx.execute("DELETE FROM trash WHERE id = ?1", [id])?;
    Ok(Some(label))
}

/// Undo of a delete kept in the trash, as one user action; says what came back.
pub fn undo(store: &mut impl super::Writer, id: i64) -> Result<String, StoreError> {
    store.write(|tx| {
        restore(tx, id)?.ok_or_else(|| {
            StoreError::Trash("it was undone already, or is more than a day old".into())
        })
    })
}

/// Forgets entries older than `days` (Undo is for the moment after a delete, not a bin).
pub fn expire(conn: &Connection, days: i64) -> Result<usize, StoreError> {
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    Ok(conn.execute("DELETE FROM trash WHERE created_at < ?1", [cutoff])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn rows_taken_out_come_back_with_their_ids_and_values() {
        let mut store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute_batch(
            "INSERT INTO clients (id, name, name_key, priority, colour, notes, created_at, updated_at)
             VALUES (4, 'Acme ☂', 'acme ☂', 'high', '#2f80ed', 'line 1\nline 2', 'a', 'b');",
        )
        .unwrap();
        let before: String = conn
            .query_row("SELECT json_object('n', name, 'p', priority, 'notes', notes, 'c', created_at) FROM clients WHERE id = 4", [], |r| r.get(0))
            .unwrap();
        let id = store
            .write(|tx| {
                let mut removal = Removal::default();
                removal.take(tx, "clients", "id = ?1", &4)?;
                tx.execute("DELETE FROM clients WHERE id = 4", [])?;
                removal.keep(tx, "Acme")
            })
            .unwrap();
        let gone: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
            .unwrap();
        assert_eq!(gone, 0);
        let label = store.write(|tx| restore(tx, id)).unwrap();
        assert_eq!(label.as_deref(), Some("Acme"));
        let after: String = store
            .conn()
            .query_row("SELECT json_object('n', name, 'p', priority, 'notes', notes, 'c', created_at) FROM clients WHERE id = 4", [], |r| r.get(0))
            .unwrap();
        assert_eq!(before, after);
        // Undone once: a second Undo finds nothing.
        assert_eq!(store.write(|tx| restore(tx, id)).unwrap(), None);
    }
}
