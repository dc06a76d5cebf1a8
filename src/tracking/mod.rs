//! Time tracking (issue 16): the hours actually worked, by a timer or typed by hand, on a
//! task, a contract or a client.
//!
//! - `timer.rs`: one timer runs at a time; it is a row in the book (started, not ended),
//!   so it survives a restart or a crash; starting another stops it.
//! - `entries.rs`: entries typed by hand (a day and hours, or from–to), edited, deleted
//!   (through the trash, so Undo brings them back), and what a target resolves to.
//! - `sheet.rs`: the week's timesheet per client and the report over any period; time
//!   running across midnight is split by day there, and only there.
//!
//! The rows are `time_entries`; their one INSERT and the sums the capacity check reads
//! (a task's hours done, a contract's hours worked) are in `capacity::logged`. Time that
//! went on an invoice is billed and cannot be billed twice; voiding the invoice frees it.

mod entries;
mod error;
mod sheet;
#[cfg(test)]
mod tests;
mod timer;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use entries::{add, delete, get, list, mark_billed, unbilled, update, EntryInput};
pub use error::TrackingError;
pub use sheet::{report, timesheet, Report, ReportRow, Timesheet, TimesheetRow};
pub use timer::{running, start, stop, Started};

use crate::capacity::TaskId;
use crate::clients::ClientId;
use crate::contracts::ContractId;

crate::store::id!(TimeEntryId);

/// What time is logged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Target {
    Task(TaskId),
    Contract(ContractId),
    Client(ClientId),
}

/// One entry as the timesheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TimeEntry {
    pub id: TimeEntryId,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub colour: Option<String>,
    pub contract_id: Option<ContractId>,
    pub contract: Option<String>,
    pub task_id: Option<TaskId>,
    pub task: Option<String>,
    /// The day it counts for (a timer's: the day it started, where the user is).
    pub day: NaiveDate,
    /// When it started and ended, for a timer or an entry typed from–to.
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// Its length; for the running timer, so far.
    pub minutes: u32,
    pub running: bool,
    pub note: String,
    pub billable: bool,
    /// The invoice it went on (not a void one): then it cannot change.
    pub invoice: Option<String>,
}

impl TimeEntry {
    /// What it was for, in a few words: the task, else the contract, else the client.
    pub fn what(&self) -> &str {
        self.task
            .as_deref()
            .or(self.contract.as_deref())
            .or(self.client.as_deref())
            .unwrap_or("(deleted)")
    }
}

/// Every column a `TimeEntry` is read from; `now` fills in a running timer's minutes.
const SELECT: &str = "
    SELECT e.id, e.client_id, c.name, c.colour, e.contract_id, k.title, e.task_id, t.title,
           e.day, e.start_utc, e.end_utc, e.minutes, e.note, e.billable,
           (SELECT i.number FROM invoices i WHERE i.id = e.invoice_id AND i.voided_on IS NULL)
    FROM time_entries e
    LEFT JOIN clients c ON c.id = e.client_id
    LEFT JOIN contracts k ON k.id = e.contract_id
    LEFT JOIN tasks t ON t.id = e.task_id";

fn instant(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| DateTime::from_timestamp(s, 0))
}

/// Whole minutes from `start` to `end`, a started minute counting whole (a timer stopped
/// after 20 seconds logs a minute, not nothing).
fn minutes_between(start: DateTime<Utc>, end: DateTime<Utc>) -> u32 {
    let seconds = (end - start).num_seconds().max(0);
    u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX)
}

fn row(r: &Row, now: DateTime<Utc>) -> rusqlite::Result<TimeEntry> {
    let start = instant(r.get(9)?);
    let end = instant(r.get(10)?);
    let stored: Option<u32> = r.get(11)?;
    let running = stored.is_none();
    let minutes = match (stored, start) {
        (Some(m), _) => m,
        (None, Some(s)) => minutes_between(s, now),
        (None, None) => 0,
    };
    Ok(TimeEntry {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        colour: r.get(3)?,
        contract_id: r.get(4)?,
        contract: r.get(5)?,
        task_id: r.get(6)?,
        task: r.get(7)?,
        day: r.get(8)?,
        start,
        end,
        minutes,
        running,
        note: r.get(12)?,
        billable: r.get(13)?,
        invoice: r.get(14)?,
    })
}

fn read(
    conn: &Connection,
    id: TimeEntryId,
    now: DateTime<Utc>,
) -> Result<Option<TimeEntry>, TrackingError> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE e.id = ?1"), [id], |r| row(r, now))
        .optional()?)
}
