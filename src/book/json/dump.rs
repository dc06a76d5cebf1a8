//! The generic dump: every table as SQLite holds it, discovered at run time
//! (`sqlite_master`, `PRAGMA table_info`), each cell as the JSON value that round-trips.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;

use super::BookError;

/// One table as stored: its columns in schema order, its rows in key order, each value
/// as it appears in the file (number, string or null).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Every user table of `conn`'s schema, in the order the schema created them. Tests
/// compare two books with it; export writes it.
pub fn dump(conn: &Connection) -> Result<Vec<Table>, BookError> {
    table_names(conn)?
        .into_iter()
        .map(|name| dump_table(conn, name))
        .collect()
}

/// Ordinary tables only: not SQLite's own (`sqlite_sequence`, `sqlite_stat1`), not views,
/// not virtual tables or their shadow tables (derived data such as a search index).
pub(super) fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT m.name FROM sqlite_master m
         WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_'
           AND (SELECT l.type FROM pragma_table_list l WHERE l.schema = 'main' AND l.name = m.name) = 'table'
         ORDER BY m.rowid",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?.collect();
    names
}

/// Column names in schema order, and the primary key's columns in key order.
pub(super) fn columns(
    conn: &Connection,
    table: &str,
) -> rusqlite::Result<(Vec<String>, Vec<String>)> {
    let mut stmt = conn.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let all: Vec<(String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut key: Vec<&(String, i64)> = all.iter().filter(|(_, pk)| *pk > 0).collect();
    key.sort_by_key(|(_, pk)| *pk);
    let key = key.into_iter().map(|(name, _)| name.clone()).collect();
    Ok((all.into_iter().map(|(name, _)| name).collect(), key))
}

pub(super) fn dump_table(conn: &Connection, name: String) -> Result<Table, BookError> {
    let (columns, key) = columns(conn, &name)?;
    // By primary key, else by rowid: the same book always gives the same file.
    let order = if key.is_empty() {
        "rowid".to_owned()
    } else {
        key.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
    };
    let list = columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT {list} FROM {} ORDER BY {order}",
        quote(&name)
    ))?;
    let mut rows = Vec::new();
    let mut cursor = stmt.query([])?;
    while let Some(row) = cursor.next()? {
        let mut values = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            values.push(cell_to_json(row.get_ref(i)?, &name, column)?);
        }
        rows.push(values);
    }
    Ok(Table {
        name,
        columns,
        rows,
    })
}

/// INTEGER and REAL → number, TEXT → string, NULL → null. Nothing in the schema holds
/// binary data, so a BLOB is refused rather than given an encoding no reader expects.
pub(super) fn cell_to_json(
    value: ValueRef<'_>,
    table: &str,
    column: &str,
) -> Result<Value, BookError> {
    let unsupported = |what| BookError::Unsupported {
        table: table.to_owned(),
        column: column.to_owned(),
        what,
    };
    match value {
        ValueRef::Null => Ok(Value::Null),
        ValueRef::Integer(i) => Ok(Value::from(i)),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| unsupported("an infinite number")),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map(|s| Value::String(s.to_owned()))
            .map_err(|_| unsupported("text that is not UTF-8")),
        ValueRef::Blob(_) => Err(unsupported("binary data (a BLOB)")),
    }
}

/// An SQL identifier, quoted. Only names read from the schema are ever quoted here.
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
