//! The question: what the user asks the check, as typed, and its validation (hours,
//! deadline not passed, a start before it, the priority the client gives).

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Deserialize;
use specta::Type;

use crate::capacity::{fields, CapacityError};
use crate::clients::{self, ClientId, Priority};

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct Request {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub title: String,
    /// Hours of work, as typed.
    pub hours: String,
    /// Earliest start, `YYYY-MM-DD`; blank for tomorrow.
    #[serde(default)]
    pub start: String,
    pub deadline: String,
    /// Blank: the client's priority (normal without a client).
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Also propose concrete times in free working time (`CapacityCheck::slots`).
    #[serde(default)]
    pub slots: bool,
}

/// A request, validated against `today`.
pub(crate) struct ValidRequest {
    pub client_id: Option<ClientId>,
    pub title: String,
    pub minutes: u64,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub priority: Priority,
}

impl Request {
    pub(crate) fn validate(
        &self,
        conn: &Connection,
        today: NaiveDate,
    ) -> Result<ValidRequest, CapacityError> {
        let minutes = u64::from(fields::minutes("hours", &self.hours)?);
        if minutes == 0 {
            return Err(CapacityError::NoHours);
        }
        let deadline = fields::day("deadline", &self.deadline)?;
        let first = today + Duration::days(1);
        if deadline < first {
            return Err(CapacityError::DeadlinePassed);
        }
        let start = fields::optional_day("start", &self.start)?.unwrap_or(first);
        if deadline < start {
            return Err(CapacityError::DeadlineBeforeStart);
        }
        let client = self
            .client_id
            .map(|id| clients::get(conn, id))
            .transpose()?;
        let title = fields::text("title", &self.title, 300)?;
        Ok(ValidRequest {
            client_id: self.client_id,
            title: if title.is_empty() {
                client
                    .as_ref()
                    .map_or("New request".into(), |c| format!("Request from {}", c.name))
            } else {
                title
            },
            minutes,
            start,
            deadline,
            priority: self
                .priority
                .or(client.map(|c| c.priority))
                .unwrap_or_default(),
        })
    }
}
