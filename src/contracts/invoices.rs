//! Invoices and payments: issuing an invoice (for an instalment or an amount), recording
//! and deleting payments, and reading invoices back with what is paid, credited and
//! overdue as of a day. Corrections (edit, void, credit) are in `corrections.rs`.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Deserialize;

use specta::Type;

use super::billing::{CreditNote, Invoice, InvoiceStatus, Payment};
use super::{day, fetch, money, optional_day, ContractError, ContractId, ContractState, Currency};
use crate::store::{now_utc, Reader, Writer};

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
        let currency = Currency::parse(&contract.currency)?;
        let instalment_amount = match input.instalment_id {
            Some(i) => Some(instalment(tx, input.contract_id, i)?.1),
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
        let due = optional_day("due_day", &input.due_day)?;
        let id = issue_invoice(
            tx,
            &Issue {
                contract: input.contract_id,
                instalment: input.instalment_id,
                number: input.number.trim(),
                issue,
                due,
                amount_minor: amount,
            },
        )?;
        invoice(tx, id, issue)
    })
}

/// An invoice as the core issues it, its values checked and typed.
pub struct Issue<'a> {
    pub contract: ContractId,
    pub instalment: Option<i64>,
    pub number: &'a str,
    pub issue: NaiveDate,
    /// None: issue day + the contract's payment terms.
    pub due: Option<NaiveDate>,
    /// What the client owes for it, tax included.
    pub amount_minor: i64,
}

/// Writes an invoice row inside the caller's transaction, refusing what the contract does
/// not take (closed, a used number, a foreign instalment, due before issue). The one
/// INSERT of an invoice: the form, the CLI and the invoice documents all go through it.
pub fn issue_invoice(tx: &rusqlite::Transaction, issue: &Issue) -> Result<i64, ContractError> {
    let contract = fetch(tx, issue.contract)?;
    if contract.state.closed() && contract.state != ContractState::Completed {
        return Err(ContractError::Closed(contract.state.words()));
    }
    check_number(issue.number)?;
    let taken: bool = tx.query_row(
        "SELECT count(*) > 0 FROM invoices WHERE number = ?1",
        [issue.number],
        |r| r.get(0),
    )?;
    if taken {
        return Err(ContractError::DuplicateInvoiceNumber(
            issue.number.to_owned(),
        ));
    }
    if let Some(i) = issue.instalment {
        instalment(tx, issue.contract, i)?;
    }
    if issue.amount_minor <= 0 {
        let currency = Currency::parse(&contract.currency)?;
        return Err(ContractError::BadAmount(
            currency.format(issue.amount_minor),
            contract.currency.clone(),
            currency.exponent(),
        ));
    }
    let due = issue
        .due
        .unwrap_or(issue.issue + Duration::days(i64::from(contract.payment_terms_days)));
    if due < issue.issue {
        return Err(ContractError::DueBeforeIssue);
    }
    tx.execute(
        "INSERT INTO invoices (contract_id, instalment_id, number, issue_day, due_day, amount_minor, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![issue.contract, issue.instalment, issue.number, issue.issue.to_string(), due.to_string(), issue.amount_minor, now_utc()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// An instalment of the contract still open to invoicing: its label and amount.
pub fn instalment(
    conn: &Connection,
    contract: ContractId,
    id: i64,
) -> Result<(String, i64), ContractError> {
    conn.query_row(
        "SELECT label, amount_minor FROM instalments WHERE id = ?1 AND contract_id = ?2 AND cancelled = 0",
        params![id, contract],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(ContractError::BadInstalment)
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
            return Err(ContractError::PaymentInFuture(crate::prose::day(today)));
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

/// An invoice's net is the sum of its lines' nets; one without lines (issued for an amount)
/// has no tax: its net is its amount.
const SELECT_INVOICE: &str = "
    SELECT v.id, v.contract_id, v.instalment_id, v.number, v.issue_day, v.due_day, v.amount_minor,
           v.voided_on, v.void_reason, v.sent_on,
           coalesce((SELECT sum(l.net_minor) FROM invoice_lines l WHERE l.invoice_id = v.id), v.amount_minor)
    FROM invoices v";

/// Every invoice with its payments and status as of `today`, oldest first.
pub fn list_invoices(store: &impl Reader, today: NaiveDate) -> Result<Vec<Invoice>, ContractError> {
    invoices(store.conn(), None, today)
}

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

pub fn invoice(conn: &Connection, id: i64, today: NaiveDate) -> Result<Invoice, ContractError> {
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
        net_minor: r.get(10)?,
        sent_on: r.get(9)?,
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
