//! Reading the file's tables as they stream in: serde visitors over `tables` that insert
//! each row into the private book as soon as it is read (a large book never sits in
//! memory twice), refusing a row that does not fit its table's columns.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::dump::quote;
use super::BookError;

/// Where the rows go while the file is read: the private book, the schema they must fit,
/// the rows read per table, and the first refusal (serde's errors carry only text).
pub(super) struct Sink<'a> {
    pub(super) conn: &'a Connection,
    pub(super) schema: &'a HashMap<String, Vec<String>>,
    pub(super) schema_version: i64,
    pub(super) read: RefCell<Vec<(String, usize)>>,
    pub(super) refusal: RefCell<Option<BookError>>,
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
pub(super) struct Top<'s, 'a>(pub(super) &'s Sink<'a>);

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
pub(super) struct Tables<'s, 'a>(&'s Sink<'a>);

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
pub(super) struct Rows<'s, 'a> {
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

pub(super) fn insert(
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
pub(super) fn cell_from_json(value: &Value) -> Option<SqlValue> {
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
