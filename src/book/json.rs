//! The whole book as one JSON file (`juggle export` / `juggle import`, Settings → Your
//! book), for moving to another machine, keeping a copy any tool can read, or leaving.
//! The format is described in docs/book-json.md.
//!
//! Every table of the schema travels, every row and every column as SQLite holds it. The
//! tables are discovered at run time (`sqlite_master`, `PRAGMA table_info`), never listed
//! here, so a table added by a new migration is exported and imported without touching
//! this file.
//!
//! An import only fills an empty book, and touches it only once the whole file has been
//! loaded into a private in-memory database built at the *file's* schema version, checked
//! (references, integrity) and migrated forward exactly as an old data file is. That
//! database then replaces the book in one step (SQLite's backup API). So an export from
//! any earlier Juggle stays importable, and a refused import writes nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::Connection;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use specta::Type;

use crate::store::backup::{self, BackupError};
use crate::store::{latest_version, migrations, now_utc, Store, StoreError};
use crate::Coded;

/// The `format` field: what kind of file this is.
pub const FORMAT: &str = "juggle-book";
/// The `format_version` field: the shape of the file around the tables. The tables
/// themselves are versioned by `schema_version`.
pub const FORMAT_VERSION: i64 = 1;
/// The one table an import merges instead of requiring it empty: a new book already has
/// a few settings (the welcome was answered), and they must not block an import.
const SETTINGS: &str = "settings";

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("Could not read {0}: {1}")]
    Unreadable(String, String),
    #[error("Could not write {0}: {1}")]
    Unwritable(String, String),
    #[error("This is not a Juggle book file: {0}. Nothing was imported.")]
    Malformed(String),
    #[error("This book file was written by a newer Juggle (file format {0}; this one reads format {FORMAT_VERSION}). Update Juggle to import it.")]
    NewerFormat(i64),
    #[error("This book file was written by a newer Juggle (schema {found}; this one knows up to {known}). Update Juggle to import it.")]
    NewerSchema { found: i64, known: i64 },
    #[error("The book is not empty ({0}). A book file is only imported into an empty book: use a new data folder (JUGGLE_DATA_DIR), or restore a backup instead.")]
    NotEmpty(String),
    #[error("The book file's data breaks the rules of the data file: {0}. Nothing was imported.")]
    Invalid(String),
    #[error("{table}.{column} holds {what}, which a book file cannot carry.")]
    Unsupported {
        table: String,
        column: String,
        what: &'static str,
    },
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for BookError {
    fn from(e: rusqlite::Error) -> Self {
        BookError::Store(e.into())
    }
}

impl Coded for BookError {
    fn code(&self) -> &'static str {
        match self {
            BookError::Unreadable(..) => "book.unreadable",
            BookError::Unwritable(..) => "book.unwritable",
            BookError::Malformed(_) => "book.malformed",
            BookError::NewerFormat(_) => "book.newer_format",
            BookError::NewerSchema { .. } => "book.newer_schema",
            BookError::NotEmpty(_) => "book.not_empty",
            BookError::Invalid(_) => "book.invalid",
            BookError::Unsupported { .. } => "book.unsupported_value",
            BookError::Backup(e) => e.code(),
            BookError::Store(e) => e.code(),
        }
    }
}

/// What an export wrote or an import read. Field names are part of the CLI's `--json`
/// interface (docs/cli.md).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BookSummary {
    /// The schema version of the file (an import from an older one was upgraded).
    pub schema_version: i64,
    pub clients: u32,
    pub events: u32,
    /// Rows in all tables together.
    pub rows: u32,
    pub tables: Vec<TableRows>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct TableRows {
    pub table: String,
    pub rows: u32,
}

impl BookSummary {
    fn of<'a>(schema_version: i64, tables: impl Iterator<Item = (&'a str, usize)>) -> BookSummary {
        let tables: Vec<TableRows> = tables
            .map(|(t, n)| TableRows {
                table: t.to_owned(),
                rows: n as u32,
            })
            .collect();
        let rows_of = |name: &str| {
            tables
                .iter()
                .find(|t| t.table == name)
                .map_or(0, |t| t.rows)
        };
        BookSummary {
            schema_version,
            clients: rows_of("clients"),
            events: rows_of("events"),
            rows: tables.iter().map(|t| t.rows).sum(),
            tables,
        }
    }

    /// "12 clients, 9 events, 143 rows in all", for people.
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {} in all",
            counted(self.clients, "client"),
            counted(self.events, "event"),
            counted(self.rows, "row")
        )
    }
}

/// "1 row", "2 rows".
fn counted(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

// ---- The generic dump: every table as SQLite holds it ----

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
fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
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
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<(Vec<String>, Vec<String>)> {
    let mut stmt = conn.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let all: Vec<(String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut key: Vec<&(String, i64)> = all.iter().filter(|(_, pk)| *pk > 0).collect();
    key.sort_by_key(|(_, pk)| *pk);
    let key = key.into_iter().map(|(name, _)| name.clone()).collect();
    Ok((all.into_iter().map(|(name, _)| name).collect(), key))
}

fn dump_table(conn: &Connection, name: String) -> Result<Table, BookError> {
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
fn cell_to_json(value: ValueRef<'_>, table: &str, column: &str) -> Result<Value, BookError> {
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
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

// ---- Export ----

/// The book as the text of a book file, read from one consistent snapshot.
pub fn to_json(store: &Store) -> Result<(String, BookSummary), BookError> {
    // One read transaction: the CLI may export while the app writes.
    let snapshot = store.snapshot()?;
    let schema_version: i64 = snapshot.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables = dump(&snapshot)?;
    drop(snapshot);
    let summary = BookSummary::of(
        schema_version,
        tables.iter().map(|t| (t.name.as_str(), t.rows.len())),
    );
    Ok((render(schema_version, &now_utc(), &tables), summary))
}

/// Writes the book file to `path`. It is written under a temporary name and renamed when
/// complete, so a failed export never leaves half a file that looks whole.
pub fn export_file(store: &Store, path: &Path) -> Result<BookSummary, BookError> {
    let (text, summary) = to_json(store)?;
    write_whole(path, &text)?;
    Ok(summary)
}

/// Writes `text` to `path` under a temporary name beside it, then renames it into place.
fn write_whole(path: &Path, text: &str) -> Result<(), BookError> {
    let unwritable =
        |e: std::io::Error| BookError::Unwritable(path.display().to_string(), e.to_string());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book.json".into());
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, text).map_err(unwritable)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        unwritable(e)
    })?;
    Ok(())
}

/// What a rescue export could read.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Salvaged {
    pub summary: BookSummary,
    /// Tables that could not be read at all (left out of the file).
    pub unreadable: Vec<String>,
}

/// Rescue: writes whatever can still be read of a damaged data file as a book file,
/// reading it only (it is not opened as a book, so not migrated). A table that cannot be
/// read is left out and named; nothing readable is.
pub fn salvage_file(data_file: &Path, out: &Path) -> Result<Salvaged, BookError> {
    let unreadable_book = |e: rusqlite::Error| {
        BookError::Unreadable(
            data_file.display().to_string(),
            format!("nothing in it can be read ({e})"),
        )
    };
    let conn = Connection::open_with_flags(data_file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(unreadable_book)?;
    let schema_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(unreadable_book)?;
    let mut tables = Vec::new();
    let mut unreadable = Vec::new();
    for name in table_names(&conn).map_err(unreadable_book)? {
        match dump_table(&conn, name.clone()) {
            Ok(table) => tables.push(table),
            Err(_) => unreadable.push(name),
        }
    }
    write_whole(out, &render(schema_version, &now_utc(), &tables))?;
    Ok(Salvaged {
        summary: BookSummary::of(
            schema_version,
            tables.iter().map(|t| (t.name.as_str(), t.rows.len())),
        ),
        unreadable,
    })
}

/// The file's text: the header fields one per line, then each table with one row per
/// line (columns in schema order), so that it reads well and diffs well.
fn render(schema_version: i64, exported_at: &str, tables: &[Table]) -> String {
    let string = |s: &str| Value::from(s).to_string();
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"format\": {},\n", string(FORMAT)));
    out.push_str(&format!("  \"format_version\": {FORMAT_VERSION},\n"));
    out.push_str(&format!("  \"schema_version\": {schema_version},\n"));
    out.push_str(&format!("  \"exported_at\": {},\n", string(exported_at)));
    out.push_str(&format!(
        "  \"app_version\": {},\n",
        string(env!("CARGO_PKG_VERSION"))
    ));
    out.push_str("  \"tables\": {");
    for (t, table) in tables.iter().enumerate() {
        out.push_str(if t == 0 { "\n" } else { ",\n" });
        out.push_str(&format!("    {}: [", string(&table.name)));
        for (r, row) in table.rows.iter().enumerate() {
            out.push_str(if r == 0 { "\n      " } else { ",\n      " });
            let cells: Vec<String> = table
                .columns
                .iter()
                .zip(row)
                .map(|(c, v)| format!("{}:{v}", string(c)))
                .collect();
            out.push_str(&format!("{{{}}}", cells.join(",")));
        }
        out.push_str(if table.rows.is_empty() {
            "]"
        } else {
            "\n    ]"
        });
    }
    out.push_str(if tables.is_empty() {
        "}\n}\n"
    } else {
        "\n  }\n}\n"
    });
    out
}

// ---- Import ----

/// Whether the book can take an import: it holds nothing but settings (and what every new
/// book holds, should a migration ever seed rows).
pub fn is_empty(store: &Store) -> Result<bool, BookError> {
    Ok(occupied(store.conn())?.is_empty())
}

/// Imports the book file at `path` into the empty book. See `import_json`.
pub fn import_file(store: &mut Store, path: &Path) -> Result<BookSummary, BookError> {
    refuse_unless_empty(store.conn())?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| BookError::Unreadable(path.display().to_string(), e.to_string()))?;
    import_json(store, &text)
}

/// Replaces the empty book with the book file's. Its settings win over the book's; the
/// book's other settings stay. Before anything is replaced the book is backed up.
pub fn import_json(store: &mut Store, text: &str) -> Result<BookSummary, BookError> {
    refuse_unless_empty(store.conn())?;
    let schema_version = read_header(text)?;
    let page_size: i64 = store
        .conn()
        .pragma_query_value(None, "page_size", |r| r.get(0))?;
    let (loaded, read) = load(text, schema_version, page_size)?;
    keep_settings(store.conn(), &loaded)?;
    let summary = summarise(schema_version, &read, &loaded)?;
    if store.path().is_some() {
        backup::create(store, "before-import")?;
    }
    replace(store, &loaded)?;
    Ok(summary)
}

/// The file's rows per table, in the order of this build's schema (as an export lists
/// them), then any table a later schema dropped.
fn summarise(
    schema_version: i64,
    read: &[(String, usize)],
    loaded: &Connection,
) -> Result<BookSummary, BookError> {
    let rows_of = |table: &str| {
        read.iter()
            .filter(|(name, _)| name == table)
            .map(|(_, n)| n)
            .sum()
    };
    let order = table_names(loaded)?;
    let dropped = read
        .iter()
        .map(|(name, _)| name)
        .filter(|name| !order.contains(name))
        .cloned();
    let all: Vec<String> = order.iter().cloned().chain(dropped).collect();
    Ok(BookSummary::of(
        schema_version,
        all.iter().map(|t| (t.as_str(), rows_of(t))),
    ))
}

fn refuse_unless_empty(conn: &Connection) -> Result<(), BookError> {
    let occupied = occupied(conn)?;
    if occupied.is_empty() {
        return Ok(());
    }
    let what: Vec<String> = occupied
        .iter()
        .map(|(table, n)| format!("{} in {table}", counted(*n, "row")))
        .collect();
    Err(BookError::NotEmpty(what.join(", ")))
}

/// Tables (other than settings) holding rows a new book would not have, with their counts.
fn occupied(conn: &Connection) -> Result<Vec<(String, i64)>, BookError> {
    let mut fresh: Option<Connection> = None;
    let mut out = Vec::new();
    for table in table_names(conn)? {
        // Asked each time Settings opens: look for one row before counting them all.
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", quote(&table)),
            [],
            |r| r.get(0),
        )?;
        if table == SETTINGS || !any {
            continue;
        }
        let count = row_count(conn, &table)?;
        if fresh.is_none() {
            fresh = Some(private_book(DEFAULT_PAGE_SIZE, latest_version())?);
        }
        let Some(fresh) = &fresh else { continue };
        let seeded = table_names(fresh)?.contains(&table)
            && row_count(fresh, &table)? == count
            && dump_table(fresh, table.clone())? == dump_table(conn, table.clone())?;
        if !seeded {
            out.push((table, count));
        }
    }
    Ok(out)
}

fn row_count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
        r.get(0)
    })
}

/// SQLite's default page size, for a private book that is never copied anywhere.
const DEFAULT_PAGE_SIZE: i64 = 4096;

/// A private in-memory book at schema `version`, with the pragmas of a data file.
fn private_book(page_size: i64, version: i64) -> Result<Connection, BookError> {
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
fn malformed(e: serde_json::Error) -> BookError {
    match e.classify() {
        serde_json::error::Category::Data => BookError::Malformed(e.to_string()),
        _ => BookError::Malformed(format!("it is not valid JSON ({e})")),
    }
}

/// The fields around the tables, read without keeping the tables (a first, cheap pass).
#[derive(Default)]
struct Header {
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

struct HeaderVisitor;

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
fn read_header(text: &str) -> Result<i64, BookError> {
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
fn load(
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
    let broken = super::rules::broken_rows(&conn, 5)?;
    if !broken.is_empty() {
        return Err(BookError::Invalid(broken.join("; ")));
    }
    Ok((conn, read))
}

/// Inserts every row as the file has it, ids included, in one transaction. The rows are
/// inserted as they are read (a second pass over the text), so a large book never sits
/// in memory twice.
fn fill(
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

/// Where the rows go while the file is read: the private book, the schema they must fit,
/// the rows read per table, and the first refusal (serde's errors carry only text).
struct Sink<'a> {
    conn: &'a Connection,
    schema: &'a HashMap<String, Vec<String>>,
    schema_version: i64,
    read: RefCell<Vec<(String, usize)>>,
    refusal: RefCell<Option<BookError>>,
}

impl Sink<'_> {
    /// Keeps `refusal` for `fill` to return, and stops the reading.
    fn refuse<E: serde::de::Error>(&self, refusal: BookError) -> E {
        let message = refusal.to_string();
        *self.refusal.borrow_mut() = Some(refusal);
        E::custom(message)
    }
}

/// The whole file: only `tables` is read here (the header was checked already).
struct Top<'s, 'a>(&'s Sink<'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "tables" {
                map.next_value_seed(Tables(self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `"tables": { "<table>": [rows], … }`.
struct Tables<'s, 'a>(&'s Sink<'a>);

impl<'de> DeserializeSeed<'de> for Tables<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Tables<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"tables\" to be an object of tables")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let sink = self.0;
        while let Some(table) = map.next_key::<String>()? {
            let Some(columns) = sink.schema.get(&table) else {
                let why = format!(
                    "it has a table \"{table}\" that schema version {} does not have",
                    sink.schema_version
                );
                return Err(sink.refuse(BookError::Malformed(why)));
            };
            let rows = map.next_value_seed(Rows {
                sink,
                table: &table,
                columns,
            })?;
            sink.read.borrow_mut().push((table, rows));
        }
        Ok(())
    }
}

/// One table's rows, each inserted as soon as it is read.
struct Rows<'s, 'a> {
    sink: &'s Sink<'a>,
    table: &'s str,
    columns: &'s [String],
}

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of rows for table \"{}\"", self.table)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while let Some(row) = seq.next_element::<Value>()? {
            n += 1;
            if n == 1 {
                // Rows a migration seeded (the default working hours) give way to the file's.
                self.sink
                    .conn
                    .execute_batch(&format!("DELETE FROM {}", quote(self.table)))
                    .map_err(|e| self.sink.refuse(e.into()))?;
            }
            let Value::Object(row) = row else {
                let why = format!(
                    "row {n} of table \"{}\" is {row}, not an object of columns",
                    self.table
                );
                return Err(self.sink.refuse(BookError::Malformed(why)));
            };
            insert(self.sink.conn, self.table, self.columns, n, &row)
                .map_err(|e| self.sink.refuse(e))?;
        }
        Ok(n)
    }
}

fn drop_triggers(conn: &Connection) -> Result<Vec<String>, BookError> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {}", quote(name)))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

fn insert(
    conn: &Connection,
    table: &str,
    known: &[String],
    n: usize,
    row: &Map<String, Value>,
) -> Result<(), BookError> {
    let mut names = Vec::with_capacity(row.len());
    let mut values = Vec::with_capacity(row.len());
    for (column, value) in row {
        if !known.contains(column) {
            return Err(BookError::Malformed(format!(
                "row {n} of table \"{table}\" has a column \"{column}\" the table does not have"
            )));
        }
        names.push(quote(column));
        values.push(cell_from_json(value).ok_or_else(|| {
            BookError::Malformed(format!(
                "row {n} of table \"{table}\": {column} is {value}, not a number, a string or null"
            ))
        })?);
    }
    let sql = if names.is_empty() {
        format!("INSERT INTO {} DEFAULT VALUES", quote(table))
    } else {
        let slots = vec!["?"; names.len()].join(", ");
        format!(
            "INSERT INTO {} ({}) VALUES ({slots})",
            quote(table),
            names.join(", ")
        )
    };
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))
        .map_err(|e| BookError::Invalid(format!("row {n} of table \"{table}\": {e}")))?;
    Ok(())
}

/// A JSON value as SQLite stores it; `None` for what no column holds (true, [], {}).
fn cell_from_json(value: &Value) -> Option<SqlValue> {
    match value {
        Value::Null => Some(SqlValue::Null),
        Value::String(s) => Some(SqlValue::Text(s.clone())),
        Value::Number(n) if n.is_i64() => n.as_i64().map(SqlValue::Integer),
        // Beyond i64: SQLite would round it into a REAL, so refuse it.
        Value::Number(n) if n.is_u64() => None,
        Value::Number(n) => n.as_f64().map(SqlValue::Real),
        Value::Bool(_) | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Every reference points at a row, and SQLite finds nothing wrong.
fn check(conn: &Connection) -> Result<(), BookError> {
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
fn keep_settings(book: &Connection, loaded: &Connection) -> Result<(), BookError> {
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
fn replace(store: &mut Store, loaded: &Connection) -> Result<(), BookError> {
    let copy = rusqlite::backup::Backup::new(loaded, store.conn_mut())?;
    copy.run_to_completion(i32::MAX, Duration::from_millis(50), None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Store {
        Store::open_in_memory().unwrap()
    }

    #[test]
    fn an_empty_book_renders_every_table_and_reads_back() {
        let store = book();
        let (text, summary) = to_json(&store).unwrap();
        assert_eq!(
            summary.rows, 1,
            "a new book holds only the default working hours"
        );
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["schema_version"], latest_version());
        assert!(doc["tables"]["clients"].as_array().unwrap().is_empty());
        assert!(doc["tables"].get("sqlite_sequence").is_none());
    }

    #[test]
    fn values_map_to_json_by_their_sqlite_type() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b REAL, c TEXT, d ANY) STRICT; INSERT INTO t VALUES (2, 0.5, 'x\"y', NULL), (1, 3.0, '', 7)").unwrap();
        let t = dump(&conn).unwrap().remove(0);
        assert_eq!(t.columns, ["a", "b", "c", "d"]);
        assert_eq!(
            t.rows,
            [
                vec![
                    Value::from(1),
                    Value::from(3.0),
                    Value::from(""),
                    Value::from(7)
                ],
                vec![
                    Value::from(2),
                    Value::from(0.5),
                    Value::from("x\"y"),
                    Value::Null
                ]
            ]
        );
        conn.execute("INSERT INTO t VALUES (3, NULL, NULL, x'00')", [])
            .unwrap();
        let err = dump(&conn).unwrap_err();
        assert_eq!(err.code(), "book.unsupported_value");
        assert!(err.to_string().contains("t.d"), "{err}");
    }

    #[test]
    fn a_rendered_table_is_one_row_per_line_in_column_order() {
        let table = Table {
            name: "t".into(),
            columns: vec!["b".into(), "a".into()],
            rows: vec![vec![Value::from(1), Value::Null]],
        };
        let text = render(4, "2026-01-01T00:00:00Z", &[table]);
        assert!(
            text.contains("\n      {\"b\":1,\"a\":null}\n    ]"),
            "{text}"
        );
        assert!(serde_json::from_str::<Value>(&text).is_ok());
    }

    #[test]
    fn json_values_that_no_column_holds_are_refused() {
        assert_eq!(cell_from_json(&Value::from(5)), Some(SqlValue::Integer(5)));
        assert_eq!(cell_from_json(&Value::from(2.5)), Some(SqlValue::Real(2.5)));
        assert_eq!(cell_from_json(&Value::from(u64::MAX)), None);
        assert_eq!(cell_from_json(&Value::Bool(true)), None);
    }

    #[test]
    fn the_header_is_checked_before_anything_else() {
        let code = |text: &str| read_header(text).err().map(|e| e.code());
        assert_eq!(code("{"), Some("book.malformed"));
        assert_eq!(
            code(r#"{"format": "other", "format_version": 1, "schema_version": 1, "tables": {}}"#),
            Some("book.malformed")
        );
        assert_eq!(
            code(
                r#"{"format": "juggle-book", "format_version": 2, "schema_version": 1, "tables": {}}"#
            ),
            Some("book.newer_format")
        );
        assert_eq!(
            code(
                r#"{"format": "juggle-book", "format_version": 1, "schema_version": 0, "tables": {}}"#
            ),
            Some("book.malformed")
        );
        assert_eq!(
            code(r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1}"#),
            Some("book.malformed")
        );
        assert_eq!(code(r#"[1, 2, 3]"#), Some("book.malformed"));
        assert_eq!(
            code(
                r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1, "tables": {"clients": []}}"#
            ),
            None
        );
    }
}
