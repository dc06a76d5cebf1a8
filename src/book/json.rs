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

mod dump;
mod load;
mod rows;

pub use dump::{dump, Table};
use dump::{dump_table, quote, table_names};
use load::{keep_settings, load, private_book, read_header, replace, DEFAULT_PAGE_SIZE};

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use specta::Type;

use crate::store::backup::{self, BackupError};
use crate::store::{latest_version, now_utc, Store, StoreError};
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

#[cfg(test)]
mod tests;
