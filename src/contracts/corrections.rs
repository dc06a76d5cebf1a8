//! Putting a wrong record right (issue 19): an invoice edited, voided with its reason (it
//! stays in the history and asks for nothing), or credited in part; and the number the
//! next invoice most likely takes.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use specta::Type;

use super::billing::{check_number, invoice};
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

/// The number the next invoice most likely takes: the latest number with its last run of
/// digits counted up, keeping its width ("2026-031" → "2026-032", "INV-9" → "INV-10");
/// `YYYY-001` for a first invoice. Never one already used.
pub fn suggest_invoice_number(conn: &Connection, year: i32) -> Result<String, ContractError> {
    let latest: Option<String> = conn
        .query_row(
            "SELECT number FROM invoices ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let mut candidate = match latest {
        Some(n) => next_number(&n).unwrap_or_else(|| format!("{n}-2")),
        None => format!("{year}-001"),
    };
    let taken = |n: &str| -> Result<bool, ContractError> {
        Ok(conn.query_row(
            "SELECT count(*) > 0 FROM invoices WHERE number = ?1",
            [n],
            |r| r.get(0),
        )?)
    };
    // A number typed by hand may already sit ahead: step on until a free one.
    for _ in 0..1000 {
        if !taken(&candidate)? {
            return Ok(candidate);
        }
        candidate = next_number(&candidate).unwrap_or_else(|| format!("{candidate}-2"));
    }
    Ok(candidate)
}

/// `number` with its last run of digits plus one, zero-padded to the same width.
fn next_number(number: &str) -> Option<String> {
    let end = number.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = number[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let digits = &number[start..end];
    let next = digits.parse::<u64>().ok()?.checked_add(1)?;
    let width = digits.len();
    Some(format!(
        "{}{next:0width$}{}",
        &number[..start],
        &number[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::next_number;

    #[test]
    fn the_next_number_counts_up_the_last_digits_keeping_their_width() {
        assert_eq!(next_number("2026-031").as_deref(), Some("2026-032"));
        assert_eq!(next_number("INV-009").as_deref(), Some("INV-010"));
        assert_eq!(next_number("INV-9").as_deref(), Some("INV-10"));
        assert_eq!(next_number("A12/2026x").as_deref(), Some("A12/2027x"));
        assert_eq!(next_number("7").as_deref(), Some("8"));
        assert_eq!(next_number("draft"), None);
    }
}
