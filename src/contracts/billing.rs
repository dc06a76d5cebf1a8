//! The money side of a contract as it is shown: its instalments, invoices, payments,
//! credit notes and totals, and the detail that gathers them with the history. Writing
//! them is in `schedule.rs` (instalments) and `invoices.rs` (invoices and payments).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use specta::Type;

use super::invoices::invoices;
use super::{fetch, money, Contract, ContractError, ContractId, ContractState};
use crate::store::Store;

/// One change of state, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct HistoryEntry {
    pub state: ContractState,
    pub day: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Instalment {
    pub id: i64,
    pub label: String,
    pub due_day: NaiveDate,
    pub amount_minor: i64,
    /// Cancelled by a termination; kept as history.
    pub cancelled: bool,
    /// The invoice issued for it, if any.
    pub invoice_number: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    Overdue,
    Paid,
    /// Paid more than its amount: the difference is a credit, shown, never dropped.
    Overpaid,
    /// Cancelled with a reason; kept in the history, asks for nothing.
    Void,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Payment {
    pub id: i64,
    pub day: NaiveDate,
    pub amount_minor: i64,
    pub method: String,
    pub note: String,
}

/// Part of an invoice the client no longer owes.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CreditNote {
    pub id: i64,
    pub day: NaiveDate,
    pub amount_minor: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Invoice {
    pub id: i64,
    pub contract_id: ContractId,
    pub instalment_id: Option<i64>,
    pub number: String,
    pub issue_day: NaiveDate,
    pub due_day: NaiveDate,
    /// What the client owes for it, tax included.
    pub amount_minor: i64,
    /// The amount before tax: the sum of its lines' nets (its amount when it has no lines).
    pub net_minor: i64,
    /// The day it was marked sent.
    pub sent_on: Option<NaiveDate>,
    pub paid_minor: i64,
    /// The sum of its credit notes.
    pub credited_minor: i64,
    /// Still to be paid (never negative): the amount less payments and credits.
    pub balance_minor: i64,
    /// Paid beyond the amount.
    pub overpaid_minor: i64,
    pub status: InvoiceStatus,
    /// Days past the due day while unpaid.
    pub days_overdue: i32,
    pub payments: Vec<Payment>,
    pub credits: Vec<CreditNote>,
    /// The day it was voided, and why (it then asks for nothing).
    pub voided_on: Option<NaiveDate>,
    pub void_reason: String,
}

/// The contract's money at a glance, in its currency.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Totals {
    pub currency: String,
    pub total_minor: Option<i64>,
    /// Instalments not cancelled.
    pub scheduled_minor: i64,
    /// Invoices not void, less their credit notes.
    pub invoiced_minor: i64,
    /// Invoiced beyond the contract's total: a sanity warning, never a refusal (an extra
    /// agreed by mail, or a typo worth a second look).
    pub over_invoiced_minor: i64,
    pub paid_minor: i64,
    /// Invoiced and not yet paid.
    pub outstanding_minor: i64,
    pub overdue_minor: i64,
    /// Paid beyond invoices.
    pub credit_minor: i64,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ContractDetail {
    pub contract: Contract,
    pub history: Vec<HistoryEntry>,
    pub instalments: Vec<Instalment>,
    pub invoices: Vec<Invoice>,
    pub totals: Totals,
    /// Minutes of work logged on it (the capacity check plans the estimate minus these).
    pub logged_minutes: u32,
}

pub fn detail(
    store: &Store,
    id: ContractId,
    today: NaiveDate,
) -> Result<ContractDetail, ContractError> {
    let conn = store.conn();
    let contract = fetch(conn, id)?;
    let instalments = instalments(conn, id)?;
    let invoices = invoices(conn, Some(id), today)?;
    let sum = |f: &dyn Fn(&Invoice) -> i64| {
        invoices
            .iter()
            .try_fold(0i64, |acc, i| money::add(acc, f(i)))
    };
    let totals = Totals {
        currency: contract.currency.clone(),
        total_minor: contract.total_minor,
        scheduled_minor: instalments
            .iter()
            .filter(|i| !i.cancelled)
            .try_fold(0i64, |acc, i| money::add(acc, i.amount_minor))?,
        invoiced_minor: sum(&|i| {
            if i.voided_on.is_some() {
                0
            } else {
                i.amount_minor - i.credited_minor
            }
        })?,
        over_invoiced_minor: 0,
        paid_minor: sum(&|i| i.paid_minor)?,
        outstanding_minor: sum(&|i| i.balance_minor)?,
        overdue_minor: sum(&|i| {
            if i.status == InvoiceStatus::Overdue {
                i.balance_minor
            } else {
                0
            }
        })?,
        credit_minor: sum(&|i| i.overpaid_minor)?,
    };
    // The contract's total is before tax, so the check reads the invoices' nets: tax added
    // on an invoice is not "invoiced beyond the contract".
    let invoiced_net = sum(&|i| {
        if i.voided_on.is_some() {
            0
        } else {
            (i.net_minor - i.credited_minor).max(0)
        }
    })?;
    let totals = Totals {
        over_invoiced_minor: totals.total_minor.map_or(0, |t| (invoiced_net - t).max(0)),
        ..totals
    };
    // Hours worked are the contract's time entries (issue 16).
    let logged_minutes = conn.query_row(
        "SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE contract_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(ContractDetail {
        history: history(conn, id)?,
        contract,
        instalments,
        invoices,
        totals,
        logged_minutes,
    })
}

fn history(conn: &Connection, id: ContractId) -> Result<Vec<HistoryEntry>, ContractError> {
    let mut stmt = conn.prepare_cached(
        "SELECT state, day, note FROM contract_history WHERE contract_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let state: String = r.get(0)?;
        Ok(HistoryEntry {
            state: ContractState::parse(&state).unwrap_or(ContractState::Draft),
            day: r.get(1)?,
            note: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn instalments(
    conn: &Connection,
    id: ContractId,
) -> Result<Vec<Instalment>, ContractError> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.label, i.due_day, i.amount_minor, i.cancelled,
                (SELECT number FROM invoices v WHERE v.instalment_id = i.id ORDER BY v.id LIMIT 1)
         FROM instalments i WHERE i.contract_id = ?1 ORDER BY i.position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Instalment {
            id: r.get(0)?,
            label: r.get(1)?,
            due_day: r.get(2)?,
            amount_minor: r.get(3)?,
            cancelled: r.get(4)?,
            invoice_number: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests;
