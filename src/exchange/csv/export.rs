//! The export half: the book's clients and contacts as rows of `COLUMNS`, each cell
//! made safe for spreadsheets (a leading `=` is not run as a formula).

use std::collections::HashMap;
use std::path::Path;

use ::csv::WriterBuilder;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::COLUMNS;
use crate::clients::{list, list_contacts, ClientError, ClientId};
use crate::export::spreadsheet_cell;
use crate::store::Store;

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

pub(super) fn export(
    store: &Store,
    include_archived: bool,
) -> Result<(String, CsvExported), ClientError> {
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
pub(super) fn cadences(conn: &Connection) -> Result<HashMap<ClientId, Option<i64>>, ClientError> {
    let mut stmt = conn.prepare("SELECT id, cadence_days FROM clients")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
