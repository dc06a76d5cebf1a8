//! What the contract form sends (as typed) and its validation into the terms a row of
//! `contracts` stores: one list of columns for the INSERT and the UPDATE.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Deserialize;
use specta::Type;

use super::{optional_day, optional_whole, text, ContractError, Currency, RateModel};
use crate::clients::{self, ClientId};
use crate::store::now_utc;
use crate::store::sql::Named;

#[derive(Debug, Clone, Deserialize, Type)]
pub struct DeliverableInput {
    pub title: String,
    /// `YYYY-MM-DD`, blank for none.
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub done: bool,
}

/// What the user typed in the contract form. Numbers come as typed (text), so the core
/// parses them by the one rule set of `fields` and names the field a bad one is in.
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
    /// Whole hours of work (used by the capacity check; billed for hourly contracts);
    /// blank for none.
    #[serde(default)]
    pub estimated_hours: String,
    #[serde(default)]
    pub start_day: String,
    #[serde(default)]
    pub end_day: String,
    /// Invoices are due this many (whole) days after they are issued.
    #[serde(default = "default_terms")]
    pub payment_terms_days: String,
    #[serde(default)]
    pub ip_terms: String,
    /// Whole days; blank for none.
    #[serde(default)]
    pub notice_days: String,
    #[serde(default)]
    pub termination_text: String,
    /// What happens if a deadline is missed.
    #[serde(default)]
    pub contingency: String,
    #[serde(default)]
    pub deliverables: Vec<DeliverableInput>,
}

fn default_terms() -> String {
    "30".into()
}

pub(super) struct Valid {
    title: String,
    scope: String,
    currency: Currency,
    rate: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    estimated_hours: Option<u32>,
    payment_terms_days: u32,
    notice_days: Option<u32>,
    pub(super) deliverables: Vec<(String, Option<NaiveDate>, bool)>,
}

/// A contract's stored terms, computed once: the one list of what an INSERT and an
/// UPDATE of `contracts` write.
pub(super) struct Columns<'a> {
    input: &'a ContractInput,
    pub(super) v: Valid,
    rate_model: &'static str,
    currency: &'static str,
    start: Option<String>,
    end: Option<String>,
    /// ip_terms, termination_text and contingency as stored.
    trimmed: (&'a str, &'a str, &'a str),
    pub(super) updated_at: String,
}

impl<'a> Columns<'a> {
    pub(super) fn of(input: &'a ContractInput, v: Valid) -> Columns<'a> {
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

    pub(super) fn named(&self) -> Named<'_> {
        let (input, v) = (self.input, &self.v);
        vec![
            (":client_id", &input.client_id),
            (":title", &v.title),
            (":scope", &v.scope),
            (":rate_model", &self.rate_model),
            (":currency", &self.currency),
            (":rate_minor", &v.rate),
            (":estimated_hours", &v.estimated_hours),
            (":start_day", &self.start),
            (":end_day", &self.end),
            (":payment_terms_days", &v.payment_terms_days),
            (":ip_terms", &self.trimmed.0),
            (":notice_days", &v.notice_days),
            (":termination_text", &self.trimmed.1),
            (":contingency", &self.trimmed.2),
            (":updated_at", &self.updated_at),
        ]
    }
}

impl ContractInput {
    pub(super) fn validate(&self, conn: &Connection) -> Result<Valid, ContractError> {
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
        let estimated_hours = optional_whole("estimated_hours", &self.estimated_hours)?;
        let payment_terms_days =
            crate::fields::whole("payment_terms_days", &self.payment_terms_days)?;
        if payment_terms_days > 365 {
            return Err(ContractError::OutOfRange(
                "payment_terms_days",
                format!("Payment terms are 0 to 365 days; {payment_terms_days} is more."),
            ));
        }
        let notice_days = optional_whole("notice_days", &self.notice_days)?;
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
            estimated_hours,
            payment_terms_days,
            notice_days,
            deliverables,
        })
    }
}
