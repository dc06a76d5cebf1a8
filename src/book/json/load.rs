//! Loading a book file into a private in-memory database at the file's schema version:
//! its header, the rows (`rows.rs`), the checks SQLite and the typed rules make, the
//! migration forward, and the final copy over the book. Nothing touches the book until
//! all of it has passed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use rusqlite::Connection;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::store::{latest_version, migrations, Store, StoreError};

use super::dump::{columns, quote, table_names};
use super::rows::{Sink, Top};
use super::{BookError, FORMAT, FORMAT_VERSION};

/// SQLite's default page size, for a private book that is never copied anywhere.
pub(super) const DEFAULT_PAGE_SIZE: i64 = 4096;

/// A private in-memory book at schema `version`, with the pragmas of a data file.
pub(super) fn private_book(page_size: i64, version: i64) -> Result<Connection, BookError> {
    let mut conn = Connection::open_in_memory()?;
    // The same page size as the book it will replace: the backup API cannot change a
    // WAL file's.
    conn.pragma_update(None, "page_size", page_size)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrations()
        .to_version(&mut conn, version as usize)
        .map_err(StoreError::from)?;
    Ok(conn)
}

/// A serde error as the reason a file is refused.
pub(super) fn malformed(e: serde_json::Error) -> BookError {
    match e.classify() {
        serde_json::error::Category::Data => BookError::Malformed(e.to_string()),
        _ => BookError::Malformed(format!("it is not valid JSON ({e})")),
    }
}

/// The fields around the tables, read without keeping the tables (a first, cheap pass).
#[derive(Default)]
pub(super) struct Header {
    format: Option<Value>,
    format_version: Option<Value>,
    schema_version: Option<Value>,
    tables: bool,
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(HeaderVisitor)
    }
}

pub(super) struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => header.format = Some(map.next_value()?),
                "format_version" => header.format_version = Some(map.next_value()?),
                "schema_version" => header.schema_version = Some(map.next_value()?),
                "tables" => header.tables = map.next_value::<IgnoredAny>().map(|_| true)?,
                _ => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(header)
    }
}

/// Checks the header: a Juggle book this build can read. Returns its schema version.
pub(super) fn read_header(text: &str) -> Result<i64, BookError> {
    let header: Header = serde_json::from_str(text).map_err(malformed)?;
    if header.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
        return Err(BookError::Malformed(format!(
            "its \"format\" is not \"{FORMAT}\""
        )));
    }
    let whole = |value: Option<Value>, field: &str| {
        value
            .as_ref()
            .and_then(Value::as_i64)
            .ok_or_else(|| BookError::Malformed(format!("its \"{field}\" is not a whole number")))
    };
    let format_version = whole(header.format_version, "format_version")?;
    if format_version > FORMAT_VERSION {
        return Err(BookError::NewerFormat(format_version));
    }
    let schema_version = whole(header.schema_version, "schema_version")?;
    if schema_version > latest_version() {
        return Err(BookError::NewerSchema {
            found: schema_version,
            known: latest_version(),
        });
    }
    if format_version < 1 || schema_version < 1 {
        return Err(BookError::Malformed(
            "its format_version and schema_version start at 1".into(),
        ));
    }
    if !header.tables {
        return Err(BookError::Malformed("it has no \"tables\" object".into()));
    }
    Ok(schema_version)
}

/// The file's rows in a private database at the file's schema version, checked, then
/// migrated forward to this build's and checked again. Also what was read, per table.
pub(super) fn load(
    text: &str,
    schema_version: i64,
    page_size: i64,
) -> Result<(Connection, Vec<(String, usize)>), BookError> {
    let mut conn = private_book(page_size, schema_version)?;
    let read = fill(&mut conn, text, schema_version)?;
    migrations::run(&mut conn).map_err(|e| {
        BookError::Invalid(format!(
            "it could not be upgraded from schema {schema_version} ({e})"
        ))
    })?;
    check(&conn)?;
    // The rules of typed input, which SQLite's checks do not know.
    let broken = crate::book::rules::broken_rows(&conn, 5)?;
    if !broken.is_empty() {
        return Err(BookError::Invalid(broken.join("; ")));
    }
    Ok((conn, read))
}

/// Inserts every row as the file has it, ids included, in one transaction. The rows are
/// inserted as they are read (a second pass over the text), so a large book never sits
/// in memory twice.
pub(super) fn fill(
    conn: &mut Connection,
    text: &str,
    schema_version: i64,
) -> Result<Vec<(String, usize)>, BookError> {
    let mut schema = HashMap::new();
    for table in table_names(conn)? {
        let (columns, _) = columns(conn, &table)?;
        schema.insert(table, columns);
    }
    let tx = conn.transaction()?;
    // References are checked once every row is in, so tables and rows may come in any
    // order (a series before or after its edited occurrences).
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    // The rows are the book as it was: a trigger must not add to them or change them.
    let triggers = drop_triggers(&tx)?;
    let sink = Sink {
        conn: &tx,
        schema: &schema,
        schema_version,
        read: RefCell::default(),
        refusal: RefCell::default(),
    };
    let mut reader = serde_json::Deserializer::from_str(text);
    if let Err(e) = Top(&sink).deserialize(&mut reader) {
        return Err(sink.refusal.take().unwrap_or_else(|| malformed(e)));
    }
    let read = sink.read.take();
    for sql in triggers {
        tx.execute_batch(&sql)?;
    }
    check(&tx)?;
    tx.commit()?;
    Ok(read)
}

pub(super) fn drop_triggers(conn: &Connection) -> Result<Vec<String>, BookError> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {}", quote(name)))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// Every reference points at a row, and SQLite finds nothing wrong.
pub(super) fn check(conn: &Connection) -> Result<(), BookError> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let broken: Vec<String> = stmt
        .query_map([], |r| {
            let (table, rowid, parent): (String, Option<i64>, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let row = rowid
                .map(|id| format!(" (row id {id})"))
                .unwrap_or_default();
            Ok(format!(
                "a row of {table}{row} refers to a missing row of {parent}"
            ))
        })?
        .take(3)
        .collect::<Result<_, _>>()?;
    if !broken.is_empty() {
        return Err(BookError::Invalid(broken.join("; ")));
    }
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(BookError::Invalid(format!(
            "integrity_check says {verdict}"
        )));
    }
    Ok(())
}

/// The book's own settings that the file does not set (the welcome answered, how many
/// backups to keep) survive the import.
pub(super) fn keep_settings(book: &Connection, loaded: &Connection) -> Result<(), BookError> {
    let mut stmt = book.prepare("SELECT key, value FROM settings")?;
    let settings: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (key, value) in settings {
        loaded.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            [key, value],
        )?;
    }
    Ok(())
}

/// Copies the loaded database over the book, pages and schema, as one write.
pub(super) fn replace(store: &mut Store, loaded: &Connection) -> Result<(), BookError> {
    let copy = rusqlite::backup::Backup::new(loaded, store.conn_mut())?;
    copy.run_to_completion(i32::MAX, Duration::from_millis(50), None)?;
    Ok(())
}
