//! Putting a wrong record right (issue 19): an invoice edited, voided with its reason (it
//! stays in the history and asks for nothing), or credited in part; and the number the
//! next invoice most likely takes.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use specta::Type;

use super::invoices::{check_number, invoice};
use super::{day, optional_day, text, ContractError, Currency, Invoice};
use crate::store::{now_utc, Writer};

/// What to change on an invoice; a blank field keeps what is there.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct InvoiceEdit {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub issue_day: String,
    #[serde(default)]
    pub due_day: String,
    /// Decimal text in the contract's currency.
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct CreditInput {
    pub invoice_id: i64,
    pub day: String,
    /// Decimal text in the contract's currency.
    pub amount: String,
    pub reason: String,
}

/// The invoice numbered `number` (as typed, trimmed).
pub fn find_invoice(conn: &Connection, number: &str) -> Result<i64, ContractError> {
    let number = number.trim();
    conn.query_row("SELECT id FROM invoices WHERE number = ?1", [number], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| ContractError::NoSuchInvoice(number.to_owned()))
}

/// The invoice's number, currency and state, for the checks below.
struct Current {
    number: String,
    currency: Currency,
    issue: NaiveDate,
    due: NaiveDate,
    amount: i64,
    paid: i64,
    credited: i64,
    voided: bool,
}

fn current(conn: &Connection, id: i64) -> Result<Current, ContractError> {
    let row = conn
        .query_row(
            "SELECT v.number, k.currency, v.issue_day, v.due_day, v.amount_minor, v.paid_minor,
                    v.credited_minor, v.voided_on IS NOT NULL
             FROM invoices v JOIN contracts k ON k.id = v.contract_id WHERE v.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?
        .ok_or(ContractError::NotFound("invoice", id))?;
    let (number, currency, issue, due, amount, paid, credited, voided) = row;
    Ok(Current {
        number,
        currency: Currency::parse(&currency)?,
        issue: day("issue_day", &issue)?,
        due: day("due_day", &due)?,
        amount,
        paid,
        credited,
        voided,
    })
}

/// Changes an invoice's number, days or amount. The amount can't go below what was paid
/// and credited; a void invoice can't change.
pub fn edit_invoice(
    store: &mut impl Writer,
    id: i64,
    edit: &InvoiceEdit,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    store.write(|tx| {
        let now = current(tx, id)?;
        if now.voided {
            return Err(ContractError::InvoiceVoided(now.number));
        }
        let number = match edit.number.trim() {
            "" => now.number.clone(),
            typed => {
                check_number(typed)?;
                let taken: bool = tx.query_row(
                    "SELECT count(*) > 0 FROM invoices WHERE number = ?1 AND id <> ?2",
                    params![typed, id],
                    |r| r.get(0),
                )?;
                if taken {
                    return Err(ContractError::DuplicateInvoiceNumber(typed.to_owned()));
                }
                typed.to_owned()
            }
        };
        let issue = optional_day("issue_day", &edit.issue_day)?.unwrap_or(now.issue);
        let due = optional_day("due_day", &edit.due_day)?.unwrap_or(now.due);
        if due < issue {
            return Err(ContractError::DueBeforeIssue);
        }
        let amount = match edit.amount.trim() {
            "" => now.amount,
            raw => {
                let a = now.currency.parse_amount(raw)?;
                if a <= 0 {
                    return Err(ContractError::BadAmount(
                        raw.to_owned(),
                        now.currency.code().to_owned(),
                        now.currency.exponent(),
                    ));
                }
                a
            }
        };
        let settled = now.paid.saturating_add(now.credited);
        if amount != now.amount && amount < settled {
            return Err(ContractError::AmountBelowPaid(now.currency.format(settled)));
        }
        tx.execute(
            "UPDATE invoices SET number = ?2, issue_day = ?3, due_day = ?4, amount_minor = ?5 WHERE id = ?1",
            params![id, number, issue.to_string(), due.to_string(), amount],
        )?;
        invoice(tx, id, today)
    })
}

/// Voids an invoice on `day` with a reason. It stays in the contract's history, leaves the
/// overdue list and the balances, and its instalment can be invoiced again. An invoice
/// with payments is credited instead (the money received must stay against something).
pub fn void_invoice(
    store: &mut impl Writer,
    id: i64,
    day_raw: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    let on = day("day", day_raw)?;
    let reason = text("reason", reason, 2000)?;
    if reason.is_empty() {
        return Err(ContractError::NoReason);
    }
    store.write(|tx| {
        let now = current(tx, id)?;
        if now.voided {
            return Err(ContractError::InvoiceVoided(now.number));
        }
        if now.paid > 0 {
            return Err(ContractError::VoidWithPayments(now.number));
        }
        tx.execute(
            "UPDATE invoices SET voided_on = ?2, void_reason = ?3, instalment_id = NULL WHERE id = ?1",
            params![id, on.to_string(), reason],
        )?;
        invoice(tx, id, today)
    })
}

/// A credit note on an invoice: part of it the client no longer owes, with the reason. At
/// most what is still owed.
pub fn credit_invoice(
    store: &mut impl Writer,
    input: &CreditInput,
    today: NaiveDate,
) -> Result<Invoice, ContractError> {
    let on = day("day", &input.day)?;
    let reason = text("reason", &input.reason, 2000)?;
    if reason.is_empty() {
        return Err(ContractError::NoReason);
    }
    store.write(|tx| {
        let now = current(tx, input.invoice_id)?;
        if now.voided {
            return Err(ContractError::InvoiceVoided(now.number));
        }
        let amount = now.currency.parse_amount(&input.amount)?;
        if amount <= 0 {
            return Err(ContractError::BadAmount(
                input.amount.clone(),
                now.currency.code().to_owned(),
                now.currency.exponent(),
            ));
        }
        let owed = (now.amount - now.credited - now.paid).max(0);
        if amount > owed {
            return Err(ContractError::CreditTooLarge(now.currency.format(owed)));
        }
        tx.execute(
            "INSERT INTO credit_notes (invoice_id, day, amount_minor, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![input.invoice_id, on.to_string(), amount, reason, now_utc()],
        )?;
        invoice(tx, input.invoice_id, today)
    })
}
