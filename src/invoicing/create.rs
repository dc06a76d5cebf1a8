//! Issuing an invoice as a document: from an instalment of the contract's schedule or from
//! free lines, with tax, numbered by the user's pattern when no number is typed. One
//! transaction: the invoice, its lines and its number stand or fall together.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::lines::{self, Line, LineInput, LineTotals};
use super::numbering;
use crate::contracts::{self, ContractError, ContractId, Currency, Invoice};
use crate::fields;
use crate::store::{Reader, Writer};
use crate::tracking::TimeEntryId;

/// What the user asks for. Numbers and days are text the core parses.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
pub struct DraftInput {
    pub contract_id: ContractId,
    /// Blank: the next number by the user's pattern.
    #[serde(default)]
    pub number: String,
    /// Blank: today.
    #[serde(default)]
    pub issue_day: String,
    /// Blank: issue day + the contract's payment terms.
    #[serde(default)]
    pub due_day: String,
    /// Bill this instalment of the schedule: one line of its amount (before tax).
    #[serde(default)]
    pub instalment_id: Option<i64>,
    /// Free lines (with or instead of the instalment's).
    #[serde(default)]
    pub lines: Vec<LineInput>,
    /// The tax rate of lines that give none, and of the instalment's line ("19"); blank: none.
    #[serde(default)]
    pub tax_percent: String,
    /// Bill the contract's unbilled billable time: a line per task at its hourly rate.
    #[serde(default)]
    pub from_time: bool,
}

/// An invoice with its lines and what they add up to.
#[derive(Debug, Clone, Serialize, Type)]
pub struct InvoiceWithLines {
    #[serde(flatten)]
    pub invoice: Invoice,
    pub lines: Vec<Line>,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub tax_groups: Vec<lines::TaxGroup>,
}

/// What an invoice would come to, before it is issued: its lines, totals and number. The
/// form shows it as the user types; nothing is written.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Preview {
    pub lines: Vec<Line>,
    pub totals: LineTotals,
    /// The number it would take when none is typed.
    pub number: String,
}

pub fn preview(
    store: &impl Reader,
    input: &DraftInput,
    today: NaiveDate,
) -> Result<Preview, ContractError> {
    let lines = lines_of_draft(store.conn(), input)?;
    let issue = issue_day(input, today)?;
    Ok(Preview {
        totals: lines::totals(&lines)?,
        lines,
        number: numbering::suggest(store.conn(), issue.year())?,
    })
}

pub fn create(
    store: &mut impl Writer,
    input: &DraftInput,
    today: NaiveDate,
) -> Result<InvoiceWithLines, ContractError> {
    store.write(|tx| {
        let (lines, entries) = billed_lines(tx, input)?;
        let totals = lines::totals(&lines)?;
        let issue = issue_day(input, today)?;
        let due = fields::optional_day("due_day", &input.due_day)?;
        let number = match input.number.trim() {
            "" => numbering::suggest(tx, issue.year())?,
            typed => typed.to_owned(),
        };
        let id = contracts::issue_invoice(
            tx,
            &contracts::Issue {
                contract: input.contract_id,
                instalment: input.instalment_id,
                number: &number,
                issue,
                due,
                amount_minor: totals.total_minor,
            },
        )?;
        super::store_lines(tx, id, &lines)?;
        super::time::mark_billed(tx, &entries, id)?;
        with_lines(tx, contracts::invoice(tx, id, today)?)
    })
}

fn issue_day(input: &DraftInput, today: NaiveDate) -> Result<NaiveDate, ContractError> {
    Ok(fields::optional_day("issue_day", &input.issue_day)?.unwrap_or(today))
}

/// The draft's lines, checked: the instalment's (its amount as the net) then the typed
/// ones, each without a rate of its own taxed at the draft's rate.
fn lines_of_draft(conn: &Connection, input: &DraftInput) -> Result<Vec<Line>, ContractError> {
    Ok(draft(conn, input)?.0)
}

/// The draft's lines and the time entries they bill.
fn draft(
    conn: &Connection,
    input: &DraftInput,
) -> Result<(Vec<Line>, Vec<TimeEntryId>), ContractError> {
    let contract = contracts::get_contract(conn, input.contract_id)?;
    let currency = Currency::parse(&contract.currency)?;
    let default_tax = lines::tax_rate(&input.tax_percent)?;
    let mut parsed: Vec<Line> = Vec::new();
    let mut billed = Vec::new();
    if input.from_time {
        let (time_lines, entries) = super::time::lines(conn, &contract, default_tax)?;
        parsed.extend(time_lines);
        billed = entries;
    }
    if let Some(id) = input.instalment_id {
        let (label, amount) = contracts::instalment(conn, input.contract_id, id)?;
        parsed.push(Line {
            description: format!("{} — {}", contract.title, label),
            quantity_milli: 1000,
            unit: String::new(),
            unit_price_minor: amount,
            tax_basis_points: default_tax,
            net_minor: amount,
        });
    }
    for input_line in &input.lines {
        let mut line = lines::parse(input_line, currency)?;
        if input_line.tax_percent.trim().is_empty() {
            line.tax_basis_points = default_tax;
        }
        parsed.push(line);
    }
    Ok((parsed, billed))
}

/// What an invoice bills: refused when there is nothing (the preview shows an empty draft).
fn billed_lines(
    conn: &Connection,
    input: &DraftInput,
) -> Result<(Vec<Line>, Vec<TimeEntryId>), ContractError> {
    let (lines, entries) = draft(conn, input)?;
    if lines.is_empty() {
        return Err(ContractError::OutOfRange(
            "lines",
            "Add at least one line, or choose an instalment to bill.".into(),
        ));
    }
    Ok((lines, entries))
}

/// An invoice read with its lines (one line of its amount when it has none).
pub fn with_lines(conn: &Connection, invoice: Invoice) -> Result<InvoiceWithLines, ContractError> {
    let lines = super::lines_of(conn, &invoice)?;
    let LineTotals {
        tax_minor,
        total_minor,
        groups,
        ..
    } = lines::totals(&lines)?;
    Ok(InvoiceWithLines {
        invoice,
        lines,
        tax_minor,
        total_minor,
        tax_groups: groups,
    })
}
