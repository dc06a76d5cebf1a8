//! The accountant's CSV: one row per invoice, then one per payment, amounts as decimal
//! text in their currency (never converted), each cell made safe for spreadsheets.

use std::path::Path;

use chrono::NaiveDate;

use crate::export::spreadsheet_cell;

use super::invoices::invoices;
use super::{ContractError, Currency};
use crate::store::Store;

/// Invoices and payments for an accountant: one row per invoice, then one per payment,
/// amounts as decimal text in their currency (never converted).
pub fn export_csv(store: &Store, today: NaiveDate) -> Result<String, ContractError> {
    let conn = store.conn();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "record", "date", "client", "contract", "invoice", "amount", "currency", "due_date",
        "balance", "status", "method", "note",
    ];
    out.write_record(header)
        .map_err(|e| ContractError::Unwritable("CSV".into(), e.to_string()))?;
    let contracts = super::list_contracts(conn, None)?;
    for c in &contracts {
        let currency = Currency::parse(&c.currency)?;
        for inv in invoices(conn, Some(c.id), today)? {
            let status = format!("{:?}", inv.status).to_lowercase();
            let (issued, due) = (inv.issue_day.to_string(), inv.due_day.to_string());
            let row = [
                "invoice",
                &issued,
                &c.client,
                &c.title,
                &inv.number,
                &currency.format(inv.amount_minor),
                currency.code(),
                &due,
                &currency.format(inv.balance_minor),
                &status,
                "",
                "",
            ];
            out.write_record(row.map(spreadsheet_cell))
                .map_err(|e| ContractError::Unwritable("CSV".into(), e.to_string()))?;
            for p in &inv.payments {
                let paid = p.day.to_string();
                let row = [
                    "payment",
                    &paid,
                    &c.client,
                    &c.title,
                    &inv.number,
                    &currency.format(p.amount_minor),
                    currency.code(),
                    "",
                    "",
                    "",
                    &p.method,
                    &p.note,
                ];
                out.write_record(row.map(spreadsheet_cell))
                    .map_err(|e| ContractError::Unwritable("CSV".into(), e.to_string()))?;
            }
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ContractError::Unwritable("CSV".into(), e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ContractError::Unwritable("CSV".into(), e.to_string()))
}

pub fn export_csv_file(store: &Store, path: &Path, today: NaiveDate) -> Result<u32, ContractError> {
    let text = export_csv(store, today)?;
    crate::export::write_whole(path, text.as_bytes())
        .map_err(|e| ContractError::Unwritable(path.display().to_string(), e.to_string()))?;
    Ok(text.lines().count().saturating_sub(1) as u32)
}
