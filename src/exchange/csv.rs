//! CSV import and export of clients and their contacts, for spreadsheets and for moving a
//! book in or out of another tool. The `csv` crate reads and writes the format (quoting,
//! line breaks inside cells); the columns and the rules are here.
//!
//! One row per contact, with its client's fields repeated; a client without contacts has
//! one row with the contact columns empty. The columns, in the order export writes them,
//! are `COLUMNS`. On import the header row names them in any order and any case (spaces
//! and dashes count as underscores, `color` as `colour`); unknown columns are ignored and
//! only `client` is required.
//!
//! Import is one transaction. A row's client is found by its exact name (any case and
//! spacing) or created; the client fields the row fills in replace the book's, empty
//! cells keep them (a `cadence_days` of `off` or `none` clears the cadence, as on the
//! client card). Its contact is the client's contact with the same email (any case),
//! else the same name; found, its fields are replaced the same way, else it is added. A
//! row that cannot be taken whole (an unknown priority, a malformed email, a bad colour, a
//! cadence that is not a number of days…) is skipped with its line and the reason, and
//! leaves nothing behind (each row is written in a savepoint).
//!
//! The archived flag is not part of the file: export leaves archived clients and contacts
//! out unless asked, and import never archives or restores anything.

mod export;
mod lines;

pub use export::{export_csv, export_csv_file, CsvExported};
use lines::{unclosed_quote, LineCounter};

use std::collections::HashSet;
use std::path::Path;

use ::csv::{ReaderBuilder, StringRecord, Trim};
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::merge::{
    insert_client, upsert_contact, ContactIndex, IncomingContact, Refusal, Upserted,
};
use super::vcard::{read_text, SkippedRecord};
use crate::clients::fields::{self, Colour, Name};
use crate::clients::{Client, ClientError, ClientId, ContactChannel, Priority};
use crate::export::from_spreadsheet_cell;
use crate::relationship;
use crate::store::{now_utc, savepoint, Store};

/// The columns export writes, in order; also every column import reads.
pub const COLUMNS: [&str; 11] = [
    "client",
    "priority",
    "colour",
    "client_notes",
    "cadence_days",
    "contact",
    "role",
    "email",
    "phone",
    "preferred_channel",
    "authority",
];

/// What a CSV import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct CsvReport {
    pub clients_added: u32,
    /// Clients already in the book whose priority, colour, notes or cadence the file
    /// changed (each counted once).
    pub clients_updated: u32,
    pub contacts_added: u32,
    /// Contacts found again (by email or name) and updated.
    pub contacts_updated: u32,
    pub skipped: Vec<SkippedRecord>,
}

/// Reads and imports a CSV file.
pub fn import_csv_file(store: &mut Store, path: &Path) -> Result<CsvReport, ClientError> {
    import_csv(store, &read_text(path)?)
}

/// Imports a CSV text in one transaction. A file without a `client` column is refused
/// whole; bad rows are skipped and reported, the good ones kept.
pub fn import_csv(store: &mut Store, text: &str) -> Result<CsvReport, ClientError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .trim(Trim::All)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let headers = reader
        .headers()
        .map_err(|e| ClientError::Unreadable(format!("its first line: {e}")))?;
    let columns = Columns::find(headers)?;
    // A quote never closed makes the csv crate read the rest of the file as one value of
    // the last record: that record is reported instead, not silently swallowed.
    let unclosed = unclosed_quote(text);
    let records: Vec<_> = reader.records().collect();
    let last = records.len().saturating_sub(1);
    store.write(|tx| {
        let mut report = CsvReport::default();
        let (mut added, mut updated) = (HashSet::new(), HashSet::new());
        let mut index = ContactIndex::default();
        for (i, record) in records.into_iter().enumerate() {
            if let (Some(quote), true) = (unclosed, i == last) {
                let line = lines.at(quote as u64);
                report.skipped.push(SkippedRecord {
                    line,
                    name: None,
                    reason: format!(
                        "a quote opened on line {line} is never closed, so the rest of the file \
                         would be one value; close the quote and import again"
                    ),
                });
                continue;
            }
            let record = match record {
                Ok(record) => record,
                Err(e) => match e.position() {
                    Some(p) => {
                        let reason = format!("the row is malformed: {e}");
                        report.skipped.push(SkippedRecord {
                            line: lines.at(p.byte()),
                            name: None,
                            reason,
                        });
                        continue;
                    }
                    None => return Err(ClientError::Unreadable(e.to_string())),
                },
            };
            let line = record.position().map_or(0, |p| lines.at(p.byte()));
            // Cells this export protected from spreadsheets come back as they were.
            let record: StringRecord = record.iter().map(from_spreadsheet_cell).collect();
            let row = match read_row(&columns, &record) {
                Ok(Some(row)) => row,
                Ok(None) => continue,
                Err((name, reason)) => {
                    report.skipped.push(SkippedRecord { line, name, reason });
                    continue;
                }
            };
            match savepoint(tx, |tx| store_row(tx, &mut index, &row))? {
                Ok(stored) => {
                    if stored.client_added && added.insert(stored.client) {
                        report.clients_added += 1;
                    } else if stored.client_changed
                        && !added.contains(&stored.client)
                        && updated.insert(stored.client)
                    {
                        report.clients_updated += 1;
                    }
                    match stored.contact {
                        Some(Upserted::Added) => report.contacts_added += 1,
                        Some(Upserted::Updated) => report.contacts_updated += 1,
                        None => {}
                    }
                }
                // The savepoint rolled the row back.
                Err(Refusal::Skip(reason)) => {
                    index.forget_last();
                    report.skipped.push(SkippedRecord {
                        line,
                        name: row.report_name(),
                        reason,
                    })
                }
                Err(Refusal::Fail(e)) => return Err(e),
            }
        }
        Ok(report)
    })
}

/// Where each known column is in this file.
struct Columns {
    client: usize,
    priority: Option<usize>,
    colour: Option<usize>,
    client_notes: Option<usize>,
    cadence_days: Option<usize>,
    contact: Option<usize>,
    role: Option<usize>,
    email: Option<usize>,
    phone: Option<usize>,
    preferred_channel: Option<usize>,
    authority: Option<usize>,
}

impl Columns {
    fn find(headers: &StringRecord) -> Result<Columns, ClientError> {
        let names: Vec<String> = headers
            .iter()
            .map(|h| h.trim().to_lowercase().replace([' ', '-'], "_"))
            .collect();
        let at = |name: &str| names.iter().position(|h| h == name);
        Ok(Columns {
            client: at("client").ok_or(ClientError::NoClientColumn)?,
            priority: at("priority"),
            colour: at("colour").or_else(|| at("color")),
            client_notes: at("client_notes"),
            cadence_days: at("cadence_days"),
            contact: at("contact"),
            role: at("role"),
            email: at("email"),
            phone: at("phone"),
            preferred_channel: at("preferred_channel"),
            authority: at("authority"),
        })
    }
}

/// One row, understood and validated. `None`: the cell was empty.
struct Row {
    client: Name,
    priority: Option<Priority>,
    colour: Option<Colour>,
    notes: Option<String>,
    /// `Some(None)`: the cell said `off`, so the cadence is cleared.
    cadence: Option<Option<u32>>,
    contact: Option<IncomingContact>,
}

impl Row {
    fn report_name(&self) -> Option<String> {
        let name = self.contact.as_ref().map_or(&self.client, |c| &c.name);
        Some(name.as_str().to_owned())
    }
}

/// A row's fields, or why it cannot be taken (with the name to report it by). A row of
/// empty cells (spreadsheets leave them at the end) is no row at all.
fn read_row(
    cols: &Columns,
    record: &StringRecord,
) -> Result<Option<Row>, (Option<String>, String)> {
    if record.iter().all(|cell| cell.trim().is_empty()) {
        return Ok(None);
    }
    let cell = |i| cell(record, i);
    let (client, contact) = (cell(Some(cols.client)), cell(cols.contact));
    let name = [contact, client]
        .into_iter()
        .find(|n| !n.is_empty())
        .map(str::to_owned);
    let fail = |reason: String| (name.clone(), reason);
    if client.is_empty() {
        return Err(fail(
            "the client column is empty: every row belongs to a client".into(),
        ));
    }
    let text = |e: ClientError| e.to_string();
    Ok(Some(Row {
        client: Name::parse(client).map_err(text).map_err(fail)?,
        priority: given(cell(cols.priority), str::parse)
            .map_err(text)
            .map_err(fail)?,
        colour: given(cell(cols.colour), Colour::parse)
            .map_err(text)
            .map_err(fail)?,
        notes: given(cell(cols.client_notes), fields::notes)
            .map_err(text)
            .map_err(fail)?,
        cadence: given(cell(cols.cadence_days), relationship::parse_cadence)
            .map_err(|e| e.to_string())
            .map_err(fail)?,
        contact: row_contact(cols, record).map_err(fail)?,
    }))
}

/// A column's cell, trimmed; empty when the column or the cell is missing.
fn cell(record: &StringRecord, column: Option<usize>) -> &str {
    column
        .and_then(|i| record.get(i))
        .map(str::trim)
        .unwrap_or_default()
}

/// A non-empty cell, parsed.
fn given<T, E>(raw: &str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if raw.is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

fn row_contact(cols: &Columns, record: &StringRecord) -> Result<Option<IncomingContact>, String> {
    let cell = |i| cell(record, i);
    let name = cell(cols.contact);
    let others = [
        cols.role,
        cols.email,
        cols.phone,
        cols.preferred_channel,
        cols.authority,
    ];
    if name.is_empty() {
        if others.iter().any(|&i| !cell(i).is_empty()) {
            return Err("the contact column is empty but the row has a role, email, phone, channel or authority".into());
        }
        return Ok(None);
    }
    let text = |e: ClientError| e.to_string();
    Ok(Some(IncomingContact {
        name: Name::parse(name).map_err(text)?,
        role: fields::short_text("role", cell(cols.role)).map_err(text)?,
        email: fields::email(cell(cols.email)).map_err(text)?,
        phone: fields::phone(cell(cols.phone)).map_err(text)?,
        preferred_channel: given(cell(cols.preferred_channel), str::parse::<ContactChannel>)
            .map_err(text)?,
        authority: fields::short_text("authority", cell(cols.authority)).map_err(text)?,
        uid: None,
    }))
}

/// What writing one row did.
struct Stored {
    client: ClientId,
    client_added: bool,
    client_changed: bool,
    contact: Option<Upserted>,
}

fn store_row(conn: &Connection, index: &mut ContactIndex, row: &Row) -> Result<Stored, Refusal> {
    let (client, client_added, client_changed) = match index.client(conn, &row.client)? {
        Some(client) => {
            let changed = update_client(conn, &client, row)?;
            if changed {
                index.forget_client(client.id); // read again, as it now is, next time
            }
            (client, false, changed)
        }
        None => {
            let notes = row.notes.as_deref().unwrap_or_default();
            let client = insert_client(
                conn,
                &row.client,
                row.priority.unwrap_or_default(),
                row.colour.as_ref(),
                notes,
            )?;
            if let Some(Some(days)) = row.cadence {
                conn.execute(
                    "UPDATE clients SET cadence_days = ?2 WHERE id = ?1",
                    params![client.id, days],
                )?;
            }
            (client, true, false)
        }
    };
    let contact = match &row.contact {
        Some(c) => Some(upsert_contact(conn, index, &client, c)?.1),
        None => None,
    };
    Ok(Stored {
        client: client.id,
        client_added,
        client_changed,
        contact,
    })
}

/// Sets the client fields the row gives; says whether any of them differed.
fn update_client(conn: &Connection, client: &Client, row: &Row) -> Result<bool, ClientError> {
    let current_cadence: Option<i64> = conn.query_row(
        "SELECT cadence_days FROM clients WHERE id = ?1",
        [client.id],
        |r| r.get(0),
    )?;
    let priority = row.priority.unwrap_or(client.priority);
    let colour = row
        .colour
        .as_ref()
        .map_or(client.colour.as_str(), Colour::as_str);
    let notes = row.notes.as_deref().unwrap_or(&client.notes);
    let cadence = match row.cadence {
        Some(given) => given.map(i64::from),
        None => current_cadence,
    };
    let changed = priority != client.priority
        || colour != client.colour
        || notes != client.notes
        || cadence != current_cadence;
    if changed {
        conn.execute(
            "UPDATE clients SET priority = ?2, colour = ?3, notes = ?4, cadence_days = ?5, updated_at = ?6
             WHERE id = ?1",
            params![client.id, priority.as_str(), colour, notes, cadence, now_utc()],
        )?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests;
