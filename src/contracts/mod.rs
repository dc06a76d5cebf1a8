//! Contracts and the money they bring: terms, the lifecycle, payment schedules, invoices,
//! payments, what is overdue, and the dates they put on the calendar.

mod billing;
mod corrections;
mod error;
mod export;
mod invoices;
pub mod lifecycle;
pub mod money;
mod overdue;
pub mod schedule;
mod terms;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use billing::{
    detail, ContractDetail, CreditNote, Instalment, Invoice, InvoiceStatus, Payment, Totals,
};
pub use corrections::{
    credit_invoice, edit_invoice, find_invoice, void_invoice, CreditInput, InvoiceEdit,
};
pub use error::ContractError;
pub use export::{export_csv, export_csv_file};
pub use invoices::{
    add_invoice, add_payment, delete_payment, instalment, invoice, issue_invoice, list_invoices,
    InvoiceInput, Issue, PaymentInput,
};
pub use lifecycle::{ContractAction, ContractState};
pub use money::{Currency, Money};
pub use overdue::{
    calendar_entries, client_money, overdue, Aging, CalendarEntry, ClientMoney, ClientOverdue,
    EntryKind, OverdueInvoice, OverdueReport,
};
pub use schedule::{set_schedule, MilestoneInput, ScheduleInput};
pub use terms::{ContractInput, DeliverableInput};

use terms::Columns;

use crate::clients::ClientId;
use crate::store::sql;
use crate::store::{now_utc, Reader, Writer};

crate::store::id!(ContractId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RateModel {
    /// One price for the whole job.
    Fixed,
    /// A rate per hour, times the estimated hours.
    Hourly,
    /// A monthly fee for each month from start to end.
    Retainer,
}

impl RateModel {
    pub fn as_str(self) -> &'static str {
        match self {
            RateModel::Fixed => "fixed",
            RateModel::Hourly => "hourly",
            RateModel::Retainer => "retainer",
        }
    }

    fn parse(s: &str) -> RateModel {
        match s {
            "hourly" => RateModel::Hourly,
            "retainer" => RateModel::Retainer,
            _ => RateModel::Fixed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Deliverable {
    pub id: i64,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// A contract as the UI and the CLI see it. Field names are part of `contracts list --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Contract {
    pub id: ContractId,
    pub client_id: ClientId,
    pub client: String,
    pub colour: String,
    pub title: String,
    pub scope: String,
    pub rate_model: RateModel,
    pub currency: String,
    pub rate_minor: i64,
    pub estimated_hours: Option<u32>,
    pub start_day: Option<NaiveDate>,
    pub end_day: Option<NaiveDate>,
    pub payment_terms_days: u32,
    pub ip_terms: String,
    pub notice_days: Option<u32>,
    pub termination_text: String,
    pub contingency: String,
    pub state: ContractState,
    /// Signed by both or active: counts as committed work.
    pub committed: bool,
    /// Finished either way (completed, terminated, withdrawn, declined): no new schedule or
    /// invoices, no edits.
    pub closed: bool,
    pub terminated_on: Option<String>,
    pub termination_reason: Option<String>,
    /// What the whole contract is worth, when its terms say (hourly needs hours, a
    /// retainer its dates).
    pub total_minor: Option<i64>,
    pub deliverables: Vec<Deliverable>,
    /// What may be done next.
    pub actions: Vec<ContractAction>,
}

pub fn add_contract(
    store: &mut impl Writer,
    input: &ContractInput,
    today: NaiveDate,
) -> Result<Contract, ContractError> {
    store.write(|tx| {
        let row = Columns::of(input, input.validate(tx)?);
        let mut params = row.named();
        params.extend([
            (":state", &"draft" as &dyn rusqlite::ToSql),
            (":created_at", &row.updated_at),
        ]);
        tx.execute(&sql::insert("contracts", &params), params.as_slice())?;
        let id = ContractId(tx.last_insert_rowid());
        save_deliverables(tx, id, &row.v.deliverables)?;
        record(tx, id, ContractState::Draft, today, "")?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

/// Changes the terms. A finished contract stays as it was.
pub fn update_contract(
    store: &mut impl Writer,
    id: ContractId,
    input: &ContractInput,
) -> Result<Contract, ContractError> {
    store.write(|tx| {
        let current = fetch(tx, id)?;
        if current.state.closed() {
            return Err(ContractError::Closed(current.state.words()));
        }
        let row = Columns::of(input, input.validate(tx)?);
        let mut params = row.named();
        params.push((":id", &id));
        tx.execute(&sql::update("contracts", &params), params.as_slice())?;
        tx.execute("DELETE FROM deliverables WHERE contract_id = ?1", [id])?;
        save_deliverables(tx, id, &row.v.deliverables)?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

/// Moves a contract along its lifecycle on `day`, never before its last step. Terminating
/// needs a reason and cancels the instalments not yet invoiced (they stay in the history
/// as cancelled); withdrawing, declining and reopening take an optional note.
pub fn transition(
    store: &mut impl Writer,
    id: ContractId,
    action: ContractAction,
    day: &str,
    note: &str,
) -> Result<Contract, ContractError> {
    let day = lifecycle_day(day)?;
    let note = text("reason", note, 2000)?;
    store.write(|tx| {
        let current = fetch(tx, id)?;
        let next = current.state.after(action)?;
        // The history reads forward: no step dated before the one it follows. The draft's
        // own entry is the day it was typed in, which says nothing about when it was sent
        // (a contract from before Juggle is entered today and marked signed months ago).
        // Read as a date: a stored day that is not one is an error, never a skipped check.
        let last: Option<NaiveDate> = tx
            .query_row(
                "SELECT day FROM contract_history WHERE contract_id = ?1 AND state <> 'draft'
                 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(last) = last {
            if day < last {
                return Err(ContractError::BeforeLastStep(crate::prose::day(last)));
            }
        }
        if next == ContractState::Terminated {
            if note.is_empty() {
                return Err(ContractError::NoTerminationReason);
            }
            tx.execute(
                "UPDATE contracts SET terminated_on = ?2, termination_reason = ?3 WHERE id = ?1",
                params![id, day.to_string(), note],
            )?;
            tx.execute(
                "UPDATE instalments SET cancelled = 1
                 WHERE contract_id = ?1 AND cancelled = 0 AND id NOT IN (SELECT instalment_id FROM invoices WHERE instalment_id IS NOT NULL)",
                [id],
            )?;
        }
        tx.execute(
            "UPDATE contracts SET state = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, next.as_str(), now_utc()],
        )?;
        record(tx, id, next, day, &note)?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

pub fn get_contract(store: &impl Reader, id: ContractId) -> Result<Contract, ContractError> {
    fetch(store.conn(), id)
}

/// Contracts, newest first; one client's when asked.
pub fn list_contracts(
    db: &impl Reader,
    client: Option<ClientId>,
) -> Result<Vec<Contract>, ContractError> {
    let conn = db.conn();
    let sql = format!("{SELECT} WHERE (?1 IS NULL OR k.client_id = ?1) ORDER BY k.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found: Vec<Contract> = stmt
        .query_map(params![client], from_row)?
        .collect::<Result<_, _>>()?;
    for c in &mut found {
        c.deliverables = deliverables(conn, c.id)?;
    }
    Ok(found)
}

fn save_deliverables(
    conn: &Connection,
    id: ContractId,
    items: &[(String, Option<NaiveDate>, bool)],
) -> Result<(), ContractError> {
    let mut insert = conn.prepare_cached("INSERT INTO deliverables (contract_id, position, title, due_day, done) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, (title, due, done)) in items.iter().enumerate() {
        insert.execute(params![
            id,
            i as i64,
            title,
            due.map(|d| d.to_string()),
            done
        ])?;
    }
    Ok(())
}

fn deliverables(conn: &Connection, id: ContractId) -> Result<Vec<Deliverable>, ContractError> {
    let mut stmt = conn.prepare_cached("SELECT id, title, due_day, done FROM deliverables WHERE contract_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([id], |r| {
        Ok(Deliverable {
            id: r.get(0)?,
            title: r.get(1)?,
            due: r.get(2)?,
            done: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn record(
    conn: &Connection,
    id: ContractId,
    state: ContractState,
    day: NaiveDate,
    note: &str,
) -> Result<(), ContractError> {
    conn.execute(
        "INSERT INTO contract_history (contract_id, state, day, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, state.as_str(), day.to_string(), note, now_utc()],
    )?;
    Ok(())
}

/// The total a contract's terms give, if they give one.
fn total_of(
    model: RateModel,
    rate: i64,
    hours: Option<u32>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<i64> {
    match model {
        RateModel::Fixed => Some(rate),
        RateModel::Hourly => hours.and_then(|h| rate.checked_mul(i64::from(h))),
        RateModel::Retainer => {
            let (s, e) = (start?, end?);
            let months = (e.year() - s.year()) * 12 + e.month() as i32 - s.month() as i32 + 1;
            rate.checked_mul(i64::from(months.max(0)))
        }
    }
}

/// Months of a retainer, as (year, month) from start to end.
pub(crate) fn retainer_months(start: NaiveDate, end: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (start.year(), start.month());
    while (y, m) <= (end.year(), end.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

const SELECT: &str = "
    SELECT k.id, k.client_id, c.name, c.colour, k.title, k.scope, k.rate_model, k.currency, k.rate_minor,
           k.estimated_hours, k.start_day, k.end_day, k.payment_terms_days, k.ip_terms, k.notice_days,
           k.termination_text, k.contingency, k.state, k.terminated_on, k.termination_reason
    FROM contracts k JOIN clients c ON c.id = k.client_id";

fn from_row(r: &Row) -> rusqlite::Result<Contract> {
    let model = RateModel::parse(&r.get::<_, String>(6)?);
    let state = ContractState::parse(&r.get::<_, String>(17)?).unwrap_or(ContractState::Draft);
    let rate: i64 = r.get(8)?;
    let hours: Option<u32> = r.get(9)?;
    let start: Option<NaiveDate> = r.get(10)?;
    let end: Option<NaiveDate> = r.get(11)?;
    Ok(Contract {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        colour: r.get(3)?,
        title: r.get(4)?,
        scope: r.get(5)?,
        rate_model: model,
        currency: r.get(7)?,
        rate_minor: rate,
        estimated_hours: hours,
        total_minor: total_of(model, rate, hours, start, end),
        start_day: start,
        end_day: end,
        payment_terms_days: r.get(12)?,
        ip_terms: r.get(13)?,
        notice_days: r.get(14)?,
        termination_text: r.get(15)?,
        contingency: r.get(16)?,
        committed: state.committed(),
        closed: state.closed(),
        actions: state.actions(),
        state,
        terminated_on: r.get(18)?,
        termination_reason: r.get(19)?,
        deliverables: Vec::new(),
    })
}

pub(crate) fn fetch(conn: &Connection, id: ContractId) -> Result<Contract, ContractError> {
    let mut c = conn
        .query_row(&format!("{SELECT} WHERE k.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(ContractError::NotFound("contract", id.0))?;
    c.deliverables = deliverables(conn, id)?;
    Ok(c)
}

fn text(field: &'static str, raw: &str, max: usize) -> Result<String, ContractError> {
    Ok(crate::fields::text(field, raw, max)?)
}

pub(crate) fn day(field: &'static str, raw: &str) -> Result<NaiveDate, ContractError> {
    Ok(crate::fields::day(field, raw)?)
}

pub(crate) fn optional_day(
    field: &'static str,
    raw: &str,
) -> Result<Option<NaiveDate>, ContractError> {
    Ok(crate::fields::optional_day(field, raw)?)
}

fn optional_whole(field: &'static str, raw: &str) -> Result<Option<u32>, ContractError> {
    Ok(crate::fields::optional_whole(field, raw)?)
}

fn lifecycle_day(raw: &str) -> Result<NaiveDate, ContractError> {
    day("day", raw)
}

#[cfg(test)]
mod tests;
