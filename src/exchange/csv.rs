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

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ::csv::{ReaderBuilder, StringRecord, Trim, WriterBuilder};
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::vcard::{
    insert_client, read_text, upsert_contact, ContactIndex, IncomingContact, Refusal,
    SkippedRecord, Upserted,
};
use crate::clients::fields::{self, Colour, Name};
use crate::clients::{
    list, list_contacts, Client, ClientError, ClientId, ContactChannel, Priority,
};
use crate::export::{from_spreadsheet_cell, spreadsheet_cell};
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

/// What a CSV export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Type)]
pub struct CsvExported {
    pub clients: u32,
    pub contacts: u32,
}

/// The book's clients and contacts as CSV text (archived ones only when asked).
pub fn export_csv(store: &Store, include_archived: bool) -> Result<String, ClientError> {
    Ok(export(store, include_archived)?.0)
}

/// Writes the export to a file.
pub fn export_csv_file(
    store: &Store,
    include_archived: bool,
    path: &Path,
) -> Result<CsvExported, ClientError> {
    let (text, counts) = export(store, include_archived)?;
    crate::export::write_whole(path, text.as_bytes())
        .map_err(|e| ClientError::Unwritable(format!("{}: {e}", path.display())))?;
    Ok(counts)
}

fn export(store: &Store, include_archived: bool) -> Result<(String, CsvExported), ClientError> {
    let unwritable = |e: ::csv::Error| ClientError::Unwritable(e.to_string());
    let cadences = cadences(store.conn())?;
    let mut out = WriterBuilder::new().from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(unwritable)?;
    let mut counts = CsvExported::default();
    for client in list(store, include_archived)? {
        let cadence = cadences
            .get(&client.id)
            .copied()
            .flatten()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let head = [
            client.name.clone(),
            client.priority.as_str().to_owned(),
            client.colour.clone(),
            client.notes.clone(),
            cadence,
        ];
        let contacts = list_contacts(store, client.id, include_archived)?;
        if contacts.is_empty() {
            out.write_record(
                head.iter()
                    .map(|c| spreadsheet_cell(c))
                    .chain([""; 6].map(String::from)),
            )
            .map_err(unwritable)?;
        }
        for c in &contacts {
            let opt = |s: &Option<String>| s.clone().unwrap_or_default();
            let tail = [
                c.name.clone(),
                opt(&c.role),
                opt(&c.email),
                opt(&c.phone),
                c.preferred_channel
                    .map(|ch| ch.as_str().to_owned())
                    .unwrap_or_default(),
                opt(&c.authority),
            ];
            out.write_record(head.iter().chain(&tail).map(|c| spreadsheet_cell(c)))
                .map_err(unwritable)?;
        }
        counts.clients += 1;
        counts.contacts += contacts.len() as u32;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ClientError::Unwritable(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| ClientError::Unwritable(e.to_string()))?;
    Ok((text, counts))
}

/// Every client's touch-base cadence (`clients.cadence_days`, schema 4), read here until
/// the clients area carries it.
fn cadences(conn: &Connection) -> Result<HashMap<ClientId, Option<i64>>, ClientError> {
    let mut stmt = conn.prepare("SELECT id, cadence_days FROM clients")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
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

/// The byte offset of a quote that opens a field and is never closed, by RFC 4180's
/// rules: a quote opens only at the start of a field, and `""` inside is a quote.
fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
            field_start = false;
        } else if b == b'"' && field_start {
            open = Some(i);
            field_start = false;
        } else {
            field_start =
                matches!(b, b',' | b'\n' | b'\r') || (field_start && matches!(b, b' ' | b'\t'));
        }
        i += 1;
    }
    open
}

/// The line a record starts on, counted from its byte offset. The `csv` crate's own line
/// numbers skip blank lines and fall one short after CRLF line ends (its offset points at
/// the end of the line before, which is skipped here). Records come in order, so the
/// count goes on from the previous one.
struct LineCounter<'a> {
    text: &'a [u8],
    counted: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            counted: 0,
            line: 1,
        }
    }

    fn at(&mut self, byte: u64) -> u32 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted {
            self.line += self.text[self.counted..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            self.counted = start;
        }
        self.line
    }
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
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput, ContactInput};

    fn import(store: &mut Store, text: &str) -> CsvReport {
        import_csv(store, text).unwrap()
    }

    #[test]
    fn columns_in_any_order_and_case_and_unknown_ones_ignored() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import(
            &mut store,
            "Email,Shoe Size,CONTACT,Client,Color\nana@acme.com,38,Ana Silva,Acme,#123456\n",
        );
        assert_eq!(
            (
                report.clients_added,
                report.contacts_added,
                report.skipped.len()
            ),
            (1, 1, 0),
            "{report:?}"
        );
        let acme = clients::find_by_name(&store, "Acme").unwrap();
        assert_eq!(acme.colour, "#123456");
        let contacts = clients::list_contacts(&store, acme.id, false).unwrap();
        assert_eq!(
            (contacts[0].name.as_str(), contacts[0].email.as_deref()),
            ("Ana Silva", Some("ana@acme.com"))
        );
    }

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on_whatever_the_line_ends() {
        for text in [
            "client,contact,email\n\nAcme,Ana,bad\n\n\nAcme,\"Bob\nBuilder\",bad\nAcme,Cy,bad\n",
            "client,contact,email\r\n\r\nAcme,Ana,bad\r\n\r\n\r\nAcme,\"Bob\r\nBuilder\",bad\r\nAcme,Cy,bad\r\n",
        ] {
            let mut store = Store::open_in_memory().unwrap();
            let lines: Vec<u32> = import(&mut store, text).skipped.iter().map(|s| s.line).collect();
            assert_eq!(lines, [3, 6, 8], "{text:?}");
        }
    }

    #[test]
    fn a_file_without_a_client_column_is_refused_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let err = import_csv(&mut store, "name,email\nAcme,ana@acme.com\n").unwrap_err();
        assert_eq!(crate::Coded::code(&err), "import.no_client_column");
        assert!(clients::list(&store, true).unwrap().is_empty());
    }

    #[test]
    fn bad_rows_are_skipped_with_their_line_and_reason_and_leave_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "client,priority,cadence_days,contact,email\n\
                    Acme,high,14,Ana,ana@acme.com\n\
                    Globex,urgent,,Bob,bob@globex.com\n\
                    Initech,,fortnightly,,\n\
                    Umbrella,,,Carol,carol@umbrella\n\
                    ,,,,\n\
                    ,low,,Dan,\n\
                    Hooli,,,,dan@hooli.com\n";
        let report = import(&mut store, text);
        let skipped: Vec<(u32, Option<&str>)> = report
            .skipped
            .iter()
            .map(|s| (s.line, s.name.as_deref()))
            .collect();
        assert_eq!(
            skipped,
            [
                (3, Some("Bob")),
                (4, Some("Initech")),
                (5, Some("Carol")),
                (7, Some("Dan")),
                (8, Some("Hooli"))
            ]
        );
        assert!(report.skipped[0]
            .reason
            .contains("Unknown priority “urgent”"));
        assert!(report.skipped[1].reason.contains("“fortnightly”"));
        assert!(report.skipped[2].reason.contains("not an email address"));
        let names: Vec<String> = clients::list(&store, true)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Acme"]);
    }

    #[test]
    fn rows_update_the_fields_they_fill_and_keep_the_rest() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(
            &mut store,
            &ClientInput {
                name: "Acme Corp".into(),
                notes: "Keep me".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let ana = ContactInput {
            name: "Ana Silva".into(),
            role: "CTO".into(),
            email: "Ana@Acme.com".into(),
            ..Default::default()
        };
        clients::add_contact(&mut store, acme.id, &ana).unwrap();
        let report = import(&mut store, "client,priority,contact,email,phone\nacme  CORP,low,Ana S.,ana@acme.com,+49 30 1234\nAcme Corp,,Ana S.,,\n");
        assert_eq!(
            (
                report.clients_added,
                report.clients_updated,
                report.contacts_added,
                report.contacts_updated
            ),
            (0, 1, 0, 2),
            "{report:?}"
        );
        let acme = clients::get(&store, acme.id).unwrap();
        assert_eq!(
            (acme.name.as_str(), acme.priority, acme.notes.as_str()),
            ("Acme Corp", Priority::Low, "Keep me")
        );
        let contacts = clients::list_contacts(&store, acme.id, true).unwrap();
        assert_eq!(
            contacts.len(),
            1,
            "matched by email in another case, then by name"
        );
        assert_eq!(
            (
                contacts[0].name.as_str(),
                contacts[0].role.as_deref(),
                contacts[0].phone.as_deref()
            ),
            ("Ana S.", Some("CTO"), Some("+49 30 1234"))
        );
    }

    #[test]
    fn a_cadence_cell_sets_off_clears_and_empty_keeps() {
        let mut store = Store::open_in_memory().unwrap();
        let cadence = |store: &Store| -> Option<i64> {
            store
                .conn()
                .query_row("SELECT cadence_days FROM clients", [], |r| r.get(0))
                .unwrap()
        };
        import(
            &mut store,
            "client,cadence_days
Acme, 14 
",
        );
        assert_eq!(cadence(&store), Some(14));
        let report = import(
            &mut store,
            "client,cadence_days
Acme,
",
        );
        assert_eq!((report.clients_updated, cadence(&store)), (0, Some(14)));
        let report = import(
            &mut store,
            "client,cadence_days
Acme,OFF
",
        );
        assert_eq!((report.clients_updated, cadence(&store)), (1, None));
        import(
            &mut store,
            "client,cadence_days
Acme,30
",
        );
        let report = import(
            &mut store,
            "client,cadence_days
Acme,none
Globex,off
",
        );
        assert_eq!(
            (
                report.clients_updated,
                report.clients_added,
                report.skipped.len()
            ),
            (1, 1, 0)
        );
        let days: Vec<Option<i64>> = store
            .conn()
            .prepare("SELECT cadence_days FROM clients ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(days, [None, None]);
        let report = import(
            &mut store,
            "client,cadence_days
Acme,0
Acme,3661
",
        );
        assert_eq!(report.skipped.len(), 2, "{report:?}");
    }

    #[test]
    fn export_writes_one_row_per_contact_and_one_per_client_without() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, "client,client_notes,cadence_days,contact,preferred_channel\n\"Acme, Inc.\",\"two\nlines\",30,Ana,video\n\"Acme, Inc.\",,,Bob,\nGlobex,,,,\n");
        let text = export_csv(&store, false).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
        assert!(
            text.contains("\"Acme, Inc.\",normal,#2f80ed,\"two\nlines\",30,Ana,,,,video,\n"),
            "{text}"
        );
        assert!(text.ends_with("Globex,normal,#eb5757,,,,,,,,\n"), "{text}");
    }

    #[test]
    fn a_client_named_like_a_formula_is_exported_as_text() {
        let mut store = Store::open_in_memory().unwrap();
        import(
            &mut store,
            "client,contact,phone\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",@Ana,+33 6 12\n",
        );
        let text = export_csv(&store, false).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
            "{text}"
        );
        assert!(text.contains(",'@Ana,"), "{text}");
        assert!(text.contains(",'+33 6 12,"), "{text}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_not_swallowing_the_rest() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "client,contact\nAcme,Ana\nGlobex,\"Bob\nInitech,Carol\nHooli,Dan\n";
        let report = import(&mut store, text);
        assert_eq!(report.clients_added, 1);
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(report.skipped[0].line, 3);
        assert!(
            report.skipped[0].reason.contains("never closed"),
            "{:?}",
            report.skipped
        );
        // A quote closed as written is fine, doubled quotes inside included.
        assert_eq!(unclosed_quote("a,\"b \"\"c\"\" d\"\ne,f\n"), None);
        assert_eq!(unclosed_quote("a,b\"c\n"), None);
        assert_eq!(unclosed_quote("a, \"b\n"), Some(3));
    }
}
