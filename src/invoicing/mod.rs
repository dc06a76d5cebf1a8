//! Invoices as documents you can send (issue 16): lines with quantities, unit prices and
//! tax rates (`lines.rs`, the rounding rule), numbering by the user's pattern with a yearly
//! sequence (`numbering.rs`), the user's business details (`business.rs`), issuing one
//! (`create.rs`), what the document shows (`document.rs`) and its PDF (`pdf.rs`).
//!
//! The invoice row itself (number, days, amount owed, payments, credits) stays the
//! contracts area's: an invoice issued here is an invoice like any other there.

mod business;
mod create;
mod document;
pub mod lines;
pub mod logo;
pub mod numbering;
mod pdf;
mod time;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

pub use business::{get as business, set as set_business, Business, Paper};
pub use create::{create, preview, with_lines, DraftInput, InvoiceWithLines, Preview};
pub use document::{document, Document, Party};
pub use lines::{Line, LineInput, LineTotals, TaxGroup};
pub use pdf::{render, write_pdf};

use crate::contracts::{ContractError, Invoice};
use crate::store::Writer;

/// Writes an invoice's lines in order.
fn store_lines(conn: &Connection, invoice: i64, lines: &[Line]) -> Result<(), ContractError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit,
                                    unit_price_minor, tax_basis_points, net_minor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, l) in lines.iter().enumerate() {
        stmt.execute(params![
            invoice,
            position as i64,
            l.description,
            l.quantity_milli,
            l.unit,
            l.unit_price_minor,
            l.tax_basis_points,
            l.net_minor
        ])?;
    }
    Ok(())
}

/// An invoice's lines; one without (issued for an amount) reads as one line of its amount.
fn lines_of(conn: &Connection, invoice: &Invoice) -> Result<Vec<Line>, ContractError> {
    let mut stmt = conn.prepare_cached(
        "SELECT description, quantity_milli, unit, unit_price_minor, tax_basis_points, net_minor
         FROM invoice_lines WHERE invoice_id = ?1 ORDER BY position",
    )?;
    let lines: Vec<Line> = stmt
        .query_map([invoice.id], |r| {
            Ok(Line {
                description: r.get(0)?,
                quantity_milli: r.get(1)?,
                unit: r.get(2)?,
                unit_price_minor: r.get(3)?,
                tax_basis_points: r.get(4)?,
                net_minor: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    if !lines.is_empty() {
        return Ok(lines);
    }
    let label: Option<String> = match invoice.instalment_id {
        Some(i) => conn
            .query_row("SELECT label FROM instalments WHERE id = ?1", [i], |r| {
                r.get(0)
            })
            .ok(),
        None => None,
    };
    let title: String = conn.query_row(
        "SELECT title FROM contracts WHERE id = ?1",
        [invoice.contract_id],
        |r| r.get(0),
    )?;
    Ok(vec![Line {
        description: match label {
            Some(l) => format!("{title} — {l}"),
            None => title,
        },
        quantity_milli: 1000,
        unit: String::new(),
        unit_price_minor: invoice.amount_minor,
        tax_basis_points: 0,
        net_minor: invoice.amount_minor,
    }])
}

/// Saves the business details and the numbering pattern in one transaction: a refused
/// field or pattern saves nothing.
pub fn save_settings(
    store: &mut impl Writer,
    details: &Business,
    pattern: &str,
) -> Result<Business, ContractError> {
    store.write(|tx| {
        numbering::set_pattern(tx, pattern)?;
        business::set(tx, details)
    })
}

/// A file name for invoice `number`'s PDF: "Invoice 2026-001.pdf", with characters a file
/// system may refuse ("INV/2026/1") turned into dashes.
pub fn pdf_file_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("Invoice {}.pdf", safe.trim_matches('.'))
}

/// Records the day an invoice was sent (on or after its issue day).
pub fn mark_sent(
    store: &mut impl Writer,
    invoice: i64,
    day: NaiveDate,
) -> Result<Invoice, ContractError> {
    store.write(|tx| {
        let current = crate::contracts::invoice(tx, invoice, day)?;
        if current.voided_on.is_some() {
            return Err(ContractError::InvoiceVoided(current.number));
        }
        if day < current.issue_day {
            return Err(ContractError::OutOfRange(
                "day",
                "An invoice is sent on or after the day it is issued.".into(),
            ));
        }
        tx.execute(
            "UPDATE invoices SET sent_on = ?2 WHERE id = ?1",
            params![invoice, day.to_string()],
        )?;
        crate::contracts::invoice(tx, invoice, day)
    })
}
