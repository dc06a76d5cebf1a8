//! The money side of a contract: its payment schedule, invoices and payments, and the
//! accountant's CSV.

use std::path::Path;

use chrono::{Duration, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::export::spreadsheet_cell;
use specta::Type;

use super::schedule::{split, ScheduleInput};
use super::{
    day, fetch, money, optional_day, retainer_months, Contract, ContractError, ContractId,
    ContractState, Currency, RateModel,
};
use crate::store::{now_utc, Store, Writer};

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
    pub amount_minor: i64,
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

#[derive(Debug, Clone, Deserialize, Type)]
pub struct InvoiceInput {
    pub contract_id: ContractId,
    /// The instalment it bills; its amount is the default.
    #[serde(default)]
    pub instalment_id: Option<i64>,
    pub number: String,
    pub issue_day: String,
    /// Blank: issue day + the contract's payment terms.
    #[serde(default)]
    pub due_day: String,
    /// Decimal text; blank: the instalment's amount.
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct PaymentInput {
    pub invoice_id: i64,
    pub day: String,
    /// Decimal text in the invoice's currency.
    pub amount: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub note: String,
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
    let totals = Totals {
        over_invoiced_minor: totals
            .total_minor
            .map_or(0, |t| (totals.invoiced_minor - t).max(0)),
        ..totals
    };
    let logged_minutes = conn.query_row(
        "SELECT logged_minutes FROM contracts WHERE id = ?1",
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

/// Replaces the contract's schedule with one built from its terms. Refused once an
/// instalment was invoiced (the invoices would lose their meaning) or when it is finished.
pub fn set_schedule(
    store: &mut impl Writer,
    id: ContractId,
    input: &ScheduleInput,
) -> Result<Vec<Instalment>, ContractError> {
    store.write(|tx| {
        let contract = fetch(tx, id)?;
        if contract.state.closed() {
            return Err(ContractError::Closed(contract.state.words()));
        }
        let invoiced: bool = tx.query_row(
            "SELECT count(*) > 0 FROM invoices v JOIN instalments i ON i.id = v.instalment_id WHERE i.contract_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if invoiced {
            return Err(ContractError::ScheduleInvoiced);
        }
        let total = contract.total_minor.ok_or(ContractError::NoTotal)?;
        let plan = build(&contract, total, input)?;
        tx.execute("DELETE FROM instalments WHERE contract_id = ?1", [id])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO instalments (contract_id, position, label, due_day, amount_minor) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, (label, due, amount)) in plan.iter().enumerate() {
            insert.execute(params![id, i as i64, label, due.to_string(), amount])?;
        }
        drop(insert);
        let saved = instalments(tx, id)?;
        Ok(saved)
    })
}

/// (label, due day, amount) for each instalment; the amounts add up to `total` exactly.
fn build(
    contract: &Contract,
    total: i64,
    input: &ScheduleInput,
) -> Result<Vec<(String, NaiveDate, i64)>, ContractError> {
    match input {
        ScheduleInput::DepositBalance {
            deposit_percent,
            deposit_due,
            balance_due,
        } => {
            if *deposit_percent > 100 {
                return Err(ContractError::OutOfRange(
                    "deposit_percent",
                    format!(
                        "The deposit is a percentage from 0 to 100; {deposit_percent} is more."
                    ),
                ));
            }
            let p = u64::from(*deposit_percent);
            let parts = split(total, &[p, 100 - p])?;
            let (deposit, balance) = (
                day("deposit_due", deposit_due)?,
                day("balance_due", balance_due)?,
            );
            // The balance is what is left after the deposit: never due before it.
            if balance < deposit {
                return Err(ContractError::OutOfOrder("balance_due"));
            }
            Ok(vec![
                (format!("Deposit ({p} %)"), deposit, parts[0]),
                (format!("Balance ({} %)", 100 - p), balance, parts[1]),
            ])
        }
        ScheduleInput::Instalments {
            count,
            first_due,
            every_months,
        } => {
            if !(1..=120).contains(count) {
                return Err(ContractError::OutOfRange(
                    "count",
                    format!("Type 1 to 120 instalments; {count} is not."),
                ));
            }
            if !(1..=12).contains(every_months) {
                return Err(ContractError::OutOfRange(
                    "every_months",
                    format!("Instalments come every 1 to 12 months; {every_months} is not."),
                ));
            }
            let first = day("first_due", first_due)?;
            let parts = split(total, &vec![1; *count as usize])?;
            parts
                .into_iter()
                .enumerate()
                .map(|(i, amount)| {
                    let due = first
                        .checked_add_months(Months::new(every_months * i as u32))
                        .ok_or(ContractError::Overflow)?;
                    Ok((format!("Instalment {} of {count}", i + 1), due, amount))
                })
                .collect()
        }
        ScheduleInput::Retainer { day_of_month } => {
            if contract.rate_model != RateModel::Retainer {
                return Err(ContractError::OutOfRange(
                    "kind",
                    "A monthly schedule is for a retainer contract; choose another kind.".into(),
                ));
            }
            if !(1..=28).contains(day_of_month) {
                return Err(ContractError::OutOfRange(
                    "day_of_month",
                    format!("Choose a day of the month from 1 to 28; {day_of_month} is not."),
                ));
            }
            let (Some(start), Some(end)) = (contract.start_day, contract.end_day) else {
                return Err(ContractError::NoTotal);
            };
            Ok(retainer_months(start, end)
                .into_iter()
                .filter_map(|(y, m)| {
                    let due = NaiveDate::from_ymd_opt(y, m, *day_of_month)?;
                    Some((
                        due.format("Retainer %B %Y").to_string(),
                        due,
                        contract.rate_minor,
                    ))
                })
                .collect())
        }
        ScheduleInput::Milestones { items } => {
            if items.is_empty() {
                return Err(ContractError::BadShares);
            }
            let weights: Vec<u64> = items.iter().map(|m| u64::from(m.share_bp)).collect();
            let parts = split(total, &weights)?;
            let plan: Vec<(String, NaiveDate, i64)> = items
                .iter()
                .zip(parts)
                .map(|(m, amount)| {
                    let label = if m.label.trim().is_empty() {
                        "Milestone".to_owned()
                    } else {
                        m.label.trim().to_owned()
                    };
                    Ok((label, day("due", &m.due)?, amount))
                })
                .collect::<Result<_, ContractError>>()?;
            // Milestones are listed in the order they fall due.
            if plan.windows(2).any(|w| w[1].1 < w[0].1) {
                return Err(ContractError::OutOfOrder("due"));
            }
            Ok(plan)
        }
    }
}

/// An invoice number as typed: 1 to 50 characters once trimmed.
pub(super) fn check_number(number: &str) -> Result<(), ContractError> {
    if number.is_empty() || number.chars().count() > 50 {
        return Err(ContractError::OutOfRange(
            "number",
            "Type an invoice number, up to 50 characters (like 2026-014).".into(),
        ));
    }
    Ok(())
}

pub fn add_invoice(
    store: &mut impl Writer,
    input: &InvoiceInput,
) -> Result<Invoice, ContractError> {
    store.write(|tx| {
        let contract = fetch(tx, input.contract_id)?;
        if contract.state.closed() && contract.state != ContractState::Completed {
            return Err(ContractError::Closed(contract.state.words()));
        }
        let currency = Currency::parse(&contract.currency)?;
        let number = input.number.trim();
        check_number(number)?;
        let taken: bool = tx.query_row(
            "SELECT count(*) > 0 FROM invoices WHERE number = ?1",
            [number],
            |r| r.get(0),
        )?;
        if taken {
            return Err(ContractError::DuplicateInvoiceNumber(number.to_owned()));
        }
        let instalment_amount = match input.instalment_id {
            Some(i) => Some(
                tx.query_row(
                    "SELECT amount_minor FROM instalments WHERE id = ?1 AND contract_id = ?2 AND cancelled = 0",
                    params![i, input.contract_id],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
                .ok_or(ContractError::BadInstalment)?,
            ),
            None => None,
        };
        let amount = match (input.amount.trim(), instalment_amount) {
            ("", Some(a)) => a,
            (raw, _) => currency.parse_amount(raw)?,
        };
        if amount <= 0 {
            return Err(ContractError::BadAmount(
                input.amount.clone(),
                contract.currency.clone(),
                currency.exponent(),
            ));
        }
        let issue = day("issue_day", &input.issue_day)?;
        let due = match optional_day("due_day", &input.due_day)? {
            Some(d) => d,
            None => issue + Duration::days(i64::from(contract.payment_terms_days)),
        };
        if due < issue {
            return Err(ContractError::DueBeforeIssue);
        }
        tx.execute(
            "INSERT INTO invoices (contract_id, instalment_id, number, issue_day, due_day, amount_minor, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![input.contract_id, input.instalment_id, number, issue.to_string(), due.to_string(), amount, now_utc()],
        )?;
        let id = tx.last_insert_rowid();
        let saved = invoice(tx, id, issue)?;
        Ok(saved)
    })
}

/// Records a payment against an invoice; partial payments add up, an overpayment is kept
/// and shown as a credit. A payment is money received: never dated after `today`, never
/// on a void invoice.
pub fn add_payment(
    store: &mut impl Writer,
    input: &PaymentInput,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    store.write(|tx| {
        let currency: String = tx
            .query_row(
                "SELECT k.currency FROM invoices v JOIN contracts k ON k.id = v.contract_id WHERE v.id = ?1",
                [input.invoice_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(ContractError::NotFound("invoice", input.invoice_id))?;
        let currency = Currency::parse(&currency)?;
        let amount = currency.parse_amount(&input.amount)?;
        if amount == 0 {
            return Err(ContractError::BadAmount(
                input.amount.clone(),
                currency.code().to_owned(),
                currency.exponent(),
            ));
        }
        let paid_on = day("day", &input.day)?;
        if paid_on > today {
            return Err(ContractError::PaymentInFuture(today.to_string()));
        }
        let voided: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT number, voided_on FROM invoices WHERE id = ?1",
                [input.invoice_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((number, Some(_))) = voided {
            return Err(ContractError::InvoiceVoided(number));
        }
        tx.execute(
            "INSERT INTO payments (invoice_id, day, amount_minor, method, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![input.invoice_id, paid_on.to_string(), amount, input.method.trim(), input.note.trim(), now_utc()],
        )?;
        // Overflow check of the invoice's running total before committing.
        let saved = invoice(tx, input.invoice_id, paid_on)?;
        Ok(saved)
    })
}

pub fn delete_payment(store: &mut impl Writer, id: i64) -> Result<(), ContractError> {
    store.write(|tx| {
        if tx.execute("DELETE FROM payments WHERE id = ?1", [id])? == 0 {
            return Err(ContractError::NotFound("payment", id));
        }
        Ok(())
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

fn instalments(conn: &Connection, id: ContractId) -> Result<Vec<Instalment>, ContractError> {
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

const SELECT_INVOICE: &str = "
    SELECT v.id, v.contract_id, v.instalment_id, v.number, v.issue_day, v.due_day, v.amount_minor,
           v.voided_on, v.void_reason
    FROM invoices v";

/// Invoices with their payments and status as of `today`; one contract's when asked.
pub(crate) fn invoices(
    conn: &Connection,
    contract: Option<ContractId>,
    today: NaiveDate,
) -> Result<Vec<Invoice>, ContractError> {
    let sql = format!(
        "{SELECT_INVOICE} WHERE (?1 IS NULL OR v.contract_id = ?1) ORDER BY v.issue_day, v.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows: Vec<Invoice> = stmt
        .query_map(params![contract], invoice_row)?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|i| with_payments(conn, i, today))
        .collect()
}

pub(super) fn invoice(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    let row = conn
        .query_row(
            &format!("{SELECT_INVOICE} WHERE v.id = ?1"),
            [id],
            invoice_row,
        )
        .optional()?
        .ok_or(ContractError::NotFound("invoice", id))?;
    with_payments(conn, row, today)
}

fn invoice_row(r: &Row) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        instalment_id: r.get(2)?,
        number: r.get(3)?,
        issue_day: r.get(4)?,
        due_day: r.get(5)?,
        amount_minor: r.get(6)?,
        paid_minor: 0,
        credited_minor: 0,
        balance_minor: 0,
        overpaid_minor: 0,
        status: InvoiceStatus::Open,
        days_overdue: 0,
        payments: Vec::new(),
        credits: Vec::new(),
        voided_on: r.get(7)?,
        void_reason: r.get(8)?,
    })
}

fn with_payments(
    conn: &Connection,
    mut invoice: Invoice,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    let mut stmt = conn.prepare_cached("SELECT id, day, amount_minor, method, note FROM payments WHERE invoice_id = ?1 ORDER BY day, id")?;
    invoice.payments = stmt
        .query_map([invoice.id], |r| {
            Ok(Payment {
                id: r.get(0)?,
                day: r.get(1)?,
                amount_minor: r.get(2)?,
                method: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    invoice.paid_minor = invoice
        .payments
        .iter()
        .try_fold(0i64, |acc, p| money::add(acc, p.amount_minor))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, day, amount_minor, reason FROM credit_notes WHERE invoice_id = ?1 ORDER BY day, id",
    )?;
    invoice.credits = stmt
        .query_map([invoice.id], |r| {
            Ok(CreditNote {
                id: r.get(0)?,
                day: r.get(1)?,
                amount_minor: r.get(2)?,
                reason: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    invoice.credited_minor = invoice
        .credits
        .iter()
        .try_fold(0i64, |acc, c| money::add(acc, c.amount_minor))?;
    settle(&mut invoice, today);
    Ok(invoice)
}

/// Balance, credit, status and days overdue from the amounts and the due day.
fn settle(invoice: &mut Invoice, today: NaiveDate) {
    if invoice.voided_on.is_some() {
        invoice.balance_minor = 0;
        invoice.overpaid_minor = 0;
        invoice.days_overdue = 0;
        invoice.status = InvoiceStatus::Void;
        return;
    }
    // Credits never exceed the balance (the core refuses more), so this cannot go below 0.
    let owed = invoice.amount_minor - invoice.credited_minor;
    invoice.balance_minor = (owed - invoice.paid_minor).max(0);
    invoice.overpaid_minor = (invoice.paid_minor - owed).max(0);
    invoice.days_overdue = if invoice.balance_minor > 0 {
        (today - invoice.due_day).num_days().max(0) as i32
    } else {
        0
    };
    invoice.status = match () {
        _ if invoice.overpaid_minor > 0 => InvoiceStatus::Overpaid,
        _ if invoice.balance_minor == 0 => InvoiceStatus::Paid,
        _ if invoice.days_overdue > 0 => InvoiceStatus::Overdue,
        _ => InvoiceStatus::Open,
    };
}

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

#[cfg(test)]
mod tests {
    use super::super::tests::input;
    use super::super::{add_contract, transition, ContractAction};
    use super::*;
    use crate::clients::{self, ClientInput};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contract(store: &mut Store) -> Contract {
        let acme = clients::add(store, &ClientInput::named("Acme")).unwrap();
        add_contract(store, &input(acme.id), d("2026-12-01")).unwrap()
    }

    /// The area's typed days serialise as the text they always were (the CLI's --json,
    /// the UI): the contract's, its deliverables', instalments', invoices', payments' and
    /// history's, and the overdue report's.
    #[test]
    fn contract_days_serialise_as_iso_text() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            (
                json["start_day"].as_str(),
                json["end_day"].as_str(),
                json["deliverables"][0]["due"].as_str()
            ),
            (Some("2027-01-04"), Some("2027-02-26"), Some("2027-01-15"))
        );
        let plan = ScheduleInput::DepositBalance {
            deposit_percent: 30,
            deposit_due: "2027-01-04".into(),
            balance_due: "2027-02-26".into(),
        };
        let schedule = set_schedule(&mut store, c.id, &plan).unwrap();
        assert_eq!(
            serde_json::to_value(&schedule[0]).unwrap()["due_day"],
            "2027-01-04"
        );
        let inv = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: None,
                number: "2027-001".into(),
                issue_day: "2027-01-04".into(),
                due_day: String::new(),
                amount: "100.00".into(),
            },
        )
        .unwrap();
        let json = serde_json::to_value(&inv).unwrap();
        assert_eq!(
            (json["issue_day"].as_str(), json["due_day"].as_str()),
            (Some("2027-01-04"), Some("2027-01-18"))
        );
        add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-01-10".into(),
                amount: "40.00".into(),
                method: String::new(),
                note: String::new(),
            },
            d("2027-02-01"),
        )
        .unwrap();
        let today = d("2027-02-01");
        let detail = serde_json::to_value(detail(&store, c.id, today).unwrap()).unwrap();
        assert_eq!(detail["invoices"][0]["payments"][0]["day"], "2027-01-10");
        assert_eq!(detail["history"][0]["day"], "2026-12-01");
        let report = serde_json::to_value(super::super::overdue(&store, today).unwrap()).unwrap();
        assert!(
            report.to_string().contains(r#""due_day":"2027-01-18""#),
            "{report}"
        );
    }

    #[test]
    fn a_deposit_and_balance_add_up_and_partial_payments_reduce_the_balance() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let plan = ScheduleInput::DepositBalance {
            deposit_percent: 30,
            deposit_due: "2027-01-04".into(),
            balance_due: "2027-02-26".into(),
        };
        let schedule = set_schedule(&mut store, c.id, &plan).unwrap();
        assert_eq!(
            schedule.iter().map(|i| i.amount_minor).collect::<Vec<_>>(),
            [135_000, 315_000]
        );

        let inv = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: Some(schedule[0].id),
                number: "2027-001".into(),
                issue_day: "2027-01-04".into(),
                due_day: String::new(),
                amount: String::new(),
            },
        )
        .unwrap();
        assert_eq!(
            (inv.amount_minor, inv.due_day.to_string().as_str()),
            (135_000, "2027-01-18"),
            "due after the 14 days' terms"
        );
        let dup = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: None,
                number: "2027-001".into(),
                issue_day: "2027-01-05".into(),
                due_day: String::new(),
                amount: "10".into(),
            },
        );
        assert!(matches!(dup, Err(ContractError::DuplicateInvoiceNumber(_))));

        let part = add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-01-10".into(),
                amount: "1000.00".into(),
                method: "bank".into(),
                note: String::new(),
            },
            chrono::NaiveDate::MAX,
        )
        .unwrap();
        assert_eq!(
            (part.balance_minor, part.status),
            (35_000, InvoiceStatus::Open)
        );
        let late = detail(&store, c.id, d("2027-01-25")).unwrap();
        assert_eq!(
            (
                late.invoices[0].status,
                late.invoices[0].days_overdue,
                late.totals.overdue_minor
            ),
            (InvoiceStatus::Overdue, 7, 35_000)
        );
        let over = add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-01-26".into(),
                amount: "400.00".into(),
                method: String::new(),
                note: String::new(),
            },
            chrono::NaiveDate::MAX,
        )
        .unwrap();
        assert_eq!(
            (over.balance_minor, over.overpaid_minor, over.status),
            (0, 5_000, InvoiceStatus::Overpaid)
        );
        assert_eq!(
            detail(&store, c.id, d("2027-01-26"))
                .unwrap()
                .totals
                .credit_minor,
            5_000,
            "an overpayment is kept as credit"
        );
        assert!(matches!(
            set_schedule(&mut store, c.id, &plan),
            Err(ContractError::ScheduleInvoiced)
        ));
    }

    #[test]
    fn instalments_and_milestones_add_up_exactly() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let three = set_schedule(
            &mut store,
            c.id,
            &ScheduleInput::Instalments {
                count: 7,
                first_due: "2027-01-31".into(),
                every_months: 1,
            },
        )
        .unwrap();
        assert_eq!(three.iter().map(|i| i.amount_minor).sum::<i64>(), 450_000);
        assert_eq!(
            three[1].due_day.to_string(),
            "2027-02-28",
            "month ends clamp"
        );
        let items = vec![
            super::super::MilestoneInput {
                label: "Design".into(),
                share_bp: 3333,
                due: "2027-01-15".into(),
            },
            super::super::MilestoneInput {
                label: "Build".into(),
                share_bp: 3333,
                due: "2027-02-01".into(),
            },
            super::super::MilestoneInput {
                label: "Launch".into(),
                share_bp: 3334,
                due: "2027-02-26".into(),
            },
        ];
        let m = set_schedule(&mut store, c.id, &ScheduleInput::Milestones { items }).unwrap();
        assert_eq!(
            m.iter().map(|i| i.amount_minor).collect::<Vec<_>>(),
            [149_985, 149_985, 150_030]
        );
    }

    #[test]
    fn terminating_cancels_what_was_not_invoiced_and_keeps_it() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let s = set_schedule(
            &mut store,
            c.id,
            &ScheduleInput::Instalments {
                count: 3,
                first_due: "2027-01-04".into(),
                every_months: 1,
            },
        )
        .unwrap();
        add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: Some(s[0].id),
                number: "A-1".into(),
                issue_day: "2027-01-04".into(),
                due_day: String::new(),
                amount: String::new(),
            },
        )
        .unwrap();
        for a in [ContractAction::Send, ContractAction::ClientSigns] {
            transition(&mut store, c.id, a, "2026-12-10", "").unwrap();
        }
        transition(
            &mut store,
            c.id,
            ContractAction::Terminate,
            "2027-01-20",
            "Client went bust",
        )
        .unwrap();
        let after = detail(&store, c.id, d("2027-01-21")).unwrap();
        assert_eq!(
            after
                .instalments
                .iter()
                .map(|i| i.cancelled)
                .collect::<Vec<_>>(),
            [false, true, true]
        );
        assert_eq!(after.totals.scheduled_minor, 150_000);
        assert_eq!(
            after.invoices.len(),
            1,
            "the invoice stays readable and owed"
        );
    }

    #[test]
    fn the_csv_lists_invoices_and_their_payments_in_their_currency() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let inv = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: None,
                number: "7".into(),
                issue_day: "2027-01-04".into(),
                due_day: "2027-01-31".into(),
                amount: "1,500".into(),
            },
        )
        .unwrap();
        add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-01-20".into(),
                amount: "500".into(),
                method: "card".into(),
                note: "first part".into(),
            },
            chrono::NaiveDate::MAX,
        )
        .unwrap();
        let csv = export_csv(&store, d("2027-02-01")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "record,date,client,contract,invoice,amount,currency,due_date,balance,status,method,note");
        assert_eq!(
            lines[1],
            "invoice,2027-01-04,Acme,Website redesign,7,1500.00,EUR,2027-01-31,1000.00,overdue,,"
        );
        assert_eq!(
            lines[2],
            "payment,2027-01-20,Acme,Website redesign,7,500.00,EUR,,,,card,first part"
        );
    }

    #[test]
    fn the_accountants_csv_neutralises_formulas_and_keeps_amounts_numbers() {
        let mut store = Store::open_in_memory().unwrap();
        let c = contract(&mut store);
        let inv = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: None,
                number: "=1+2".into(),
                issue_day: "2027-01-04".into(),
                due_day: "2027-01-31".into(),
                amount: "100".into(),
            },
        )
        .unwrap();
        add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-01-20".into(),
                amount: "150".into(),
                method: "@card".into(),
                note: "=HYPERLINK(\"http://evil\")".into(),
            },
            chrono::NaiveDate::MAX,
        )
        .unwrap();
        let csv = export_csv(&store, d("2027-02-01")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        // The amounts stay plain numbers (negative ones too: src/export.rs).
        assert!(
            lines[1].contains(",'=1+2,100.00,EUR,2027-01-31,0.00,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].ends_with(",'@card,\"'=HYPERLINK(\"\"http://evil\"\")\""),
            "{}",
            lines[2]
        );
    }
}
