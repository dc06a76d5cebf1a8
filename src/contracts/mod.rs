//! Contracts and the money they bring: terms, the lifecycle, payment schedules, invoices,
//! payments, what is overdue, and the dates they put on the calendar.

mod billing;
mod corrections;
mod error;
pub mod lifecycle;
pub mod money;
mod overdue;
pub mod schedule;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use billing::{
    add_invoice, add_payment, delete_payment, detail, export_csv, export_csv_file, set_schedule,
    ContractDetail, CreditNote, Instalment, Invoice, InvoiceInput, InvoiceStatus, Payment,
    PaymentInput, Totals,
};
pub use corrections::{
    credit_invoice, edit_invoice, find_invoice, suggest_invoice_number, void_invoice, CreditInput,
    InvoiceEdit,
};
pub use error::ContractError;
pub use lifecycle::{ContractAction, ContractState};
pub use money::{Currency, Money};
pub use overdue::{
    calendar_entries, client_money, overdue, Aging, CalendarEntry, ClientMoney, ClientOverdue,
    EntryKind, OverdueInvoice, OverdueReport,
};
pub use schedule::{MilestoneInput, ScheduleInput};

use crate::clients::{self, ClientId};
use crate::store::sql::{self, Named};
use crate::store::{now_utc, Reader, Store, Writer};

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

#[derive(Debug, Clone, Deserialize, Type)]
pub struct DeliverableInput {
    pub title: String,
    /// `YYYY-MM-DD`, blank for none.
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Deliverable {
    pub id: i64,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// What the user typed in the contract form.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct ContractInput {
    pub client_id: ClientId,
    pub title: String,
    #[serde(default)]
    pub scope: String,
    pub rate_model: RateModel,
    /// ISO 4217 code.
    pub currency: String,
    /// Decimal text in the currency ("4500.00"): the price, the hourly rate or the monthly fee.
    pub rate: String,
    /// Hours of work (used by the capacity check; billed for hourly contracts).
    #[serde(default)]
    pub estimated_hours: Option<u32>,
    #[serde(default)]
    pub start_day: String,
    #[serde(default)]
    pub end_day: String,
    /// Invoices are due this many days after they are issued.
    #[serde(default = "default_terms")]
    pub payment_terms_days: u32,
    #[serde(default)]
    pub ip_terms: String,
    #[serde(default)]
    pub notice_days: Option<u32>,
    #[serde(default)]
    pub termination_text: String,
    /// What happens if a deadline is missed.
    #[serde(default)]
    pub contingency: String,
    #[serde(default)]
    pub deliverables: Vec<DeliverableInput>,
}

fn default_terms() -> u32 {
    30
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

struct Valid {
    title: String,
    scope: String,
    currency: Currency,
    rate: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    deliverables: Vec<(String, Option<NaiveDate>, bool)>,
}

/// A contract's stored terms, computed once: the one list of what an INSERT and an
/// UPDATE of `contracts` write.
struct Columns<'a> {
    input: &'a ContractInput,
    v: Valid,
    rate_model: &'static str,
    currency: &'static str,
    start: Option<String>,
    end: Option<String>,
    /// ip_terms, termination_text and contingency as stored.
    trimmed: (&'a str, &'a str, &'a str),
    updated_at: String,
}

impl<'a> Columns<'a> {
    fn of(input: &'a ContractInput, v: Valid) -> Columns<'a> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        Columns {
            input,
            rate_model: input.rate_model.as_str(),
            currency: v.currency.code(),
            start: day(v.start),
            end: day(v.end),
            trimmed: (
                input.ip_terms.trim(),
                input.termination_text.trim(),
                input.contingency.trim(),
            ),
            v,
            updated_at: now_utc(),
        }
    }

    fn named(&self) -> Named<'_> {
        let (input, v) = (self.input, &self.v);
        vec![
            (":client_id", &input.client_id),
            (":title", &v.title),
            (":scope", &v.scope),
            (":rate_model", &self.rate_model),
            (":currency", &self.currency),
            (":rate_minor", &v.rate),
            (":estimated_hours", &input.estimated_hours),
            (":start_day", &self.start),
            (":end_day", &self.end),
            (":payment_terms_days", &input.payment_terms_days),
            (":ip_terms", &self.trimmed.0),
            (":notice_days", &input.notice_days),
            (":termination_text", &self.trimmed.1),
            (":contingency", &self.trimmed.2),
            (":updated_at", &self.updated_at),
        ]
    }
}

impl ContractInput {
    fn validate(&self, conn: &Connection) -> Result<Valid, ContractError> {
        clients::get(conn, self.client_id)?;
        let title = text("title", &self.title, 200)?;
        if title.is_empty() {
            return Err(ContractError::EmptyTitle);
        }
        let currency = Currency::parse(&self.currency)?;
        let start = optional_day("start_day", &self.start_day)?;
        let end = optional_day("end_day", &self.end_day)?;
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                return Err(ContractError::EndBeforeStart);
            }
        }
        if self.payment_terms_days > 365 {
            return Err(ContractError::OutOfRange(
                "payment_terms_days",
                format!(
                    "Payment terms are 0 to 365 days; {} is more.",
                    self.payment_terms_days
                ),
            ));
        }
        let deliverables = self
            .deliverables
            .iter()
            .filter(|d| !d.title.trim().is_empty())
            .map(|d| {
                Ok((
                    text("deliverables", &d.title, 500)?,
                    optional_day("deliverables", &d.due)?,
                    d.done,
                ))
            })
            .collect::<Result<_, ContractError>>()?;
        Ok(Valid {
            title,
            scope: text("scope", &self.scope, 20_000)?,
            rate: currency.parse_amount(&self.rate)?,
            currency,
            start,
            end,
            deliverables,
        })
    }
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
        let last: Option<String> = tx
            .query_row(
                "SELECT day FROM contract_history WHERE contract_id = ?1 AND state <> 'draft'
                 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(last) = last.and_then(|d| d.parse::<NaiveDate>().ok()) {
            if day < last {
                return Err(ContractError::BeforeLastStep(last.to_string()));
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

pub fn get_contract(store: &Store, id: ContractId) -> Result<Contract, ContractError> {
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

fn lifecycle_day(raw: &str) -> Result<NaiveDate, ContractError> {
    day("day", raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::ClientInput;

    pub(crate) fn input(client: ClientId) -> ContractInput {
        ContractInput {
            client_id: client,
            title: "Website redesign".into(),
            scope: "Five pages".into(),
            rate_model: RateModel::Fixed,
            currency: "EUR".into(),
            rate: "4500.00".into(),
            estimated_hours: Some(60),
            start_day: "2027-01-04".into(),
            end_day: "2027-02-26".into(),
            payment_terms_days: 14,
            ip_terms: String::new(),
            notice_days: Some(14),
            termination_text: String::new(),
            contingency: String::new(),
            deliverables: vec![DeliverableInput {
                title: "Wireframes".into(),
                due: "2027-01-15".into(),
                done: false,
            }],
        }
    }

    #[test]
    fn a_contract_goes_through_its_lifecycle_with_history() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let today: NaiveDate = "2026-12-01".parse().unwrap();
        let c = add_contract(&mut store, &input(acme.id), today).unwrap();
        assert_eq!(
            (c.state, c.committed, c.total_minor),
            (ContractState::Draft, false, Some(450_000))
        );
        assert_eq!(c.actions, [ContractAction::Send, ContractAction::Withdraw]);
        transition(&mut store, c.id, ContractAction::Send, "2026-12-02", "").unwrap();
        transition(
            &mut store,
            c.id,
            ContractAction::ClientSigns,
            "2026-12-05",
            "",
        )
        .unwrap();
        let signed = transition(
            &mut store,
            c.id,
            ContractAction::Countersign,
            "2026-12-06",
            "",
        )
        .unwrap();
        assert!(signed.committed);
        let err = transition(&mut store, c.id, ContractAction::Send, "2026-12-07", "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "A contract that is signed by both cannot be sent."
        );
        assert!(matches!(
            transition(
                &mut store,
                c.id,
                ContractAction::Terminate,
                "2026-12-07",
                " "
            ),
            Err(ContractError::NoTerminationReason)
        ));
        let ended = transition(
            &mut store,
            c.id,
            ContractAction::Terminate,
            "2026-12-07",
            "Budget cut",
        )
        .unwrap();
        assert_eq!(
            (
                ended.state,
                ended.terminated_on.as_deref(),
                ended.termination_reason.as_deref()
            ),
            (
                ContractState::Terminated,
                Some("2026-12-07"),
                Some("Budget cut")
            )
        );
        let history = detail(&store, c.id, today).unwrap().history;
        let states: Vec<_> = history
            .iter()
            .map(|h| (h.state, h.day.to_string()))
            .collect();
        assert_eq!(
            states,
            [
                (ContractState::Draft, "2026-12-01".to_string()),
                (ContractState::Sent, "2026-12-02".to_string()),
                (ContractState::SignedByClient, "2026-12-05".to_string()),
                (ContractState::SignedByBoth, "2026-12-06".to_string()),
                (ContractState::Terminated, "2026-12-07".to_string()),
            ]
        );
        assert!(matches!(
            update_contract(&mut store, c.id, &input(acme.id)),
            Err(ContractError::Closed(_))
        ));
    }

    #[test]
    fn totals_follow_the_rate_model() {
        assert_eq!(
            total_of(RateModel::Hourly, 9_000, Some(10), None, None),
            Some(90_000)
        );
        assert_eq!(total_of(RateModel::Hourly, 9_000, None, None, None), None);
        assert_eq!(
            total_of(
                RateModel::Retainer,
                200_000,
                None,
                "2027-01-15".parse().ok(),
                "2027-06-14".parse().ok()
            ),
            Some(1_200_000)
        );
        assert_eq!(
            total_of(RateModel::Fixed, i64::MAX, None, None, None),
            Some(i64::MAX)
        );
        assert_eq!(
            total_of(RateModel::Hourly, i64::MAX, Some(2), None, None),
            None,
            "overflow gives no total"
        );
        assert_eq!(
            retainer_months("2026-11-30".parse().unwrap(), "2027-02-01".parse().unwrap()),
            [(2026, 11), (2026, 12), (2027, 1), (2027, 2)]
        );
    }
}
