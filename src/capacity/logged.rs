//! Work logged (issue 16): the rows of `time_entries`, as far as the capacity check needs
//! them. A task's "hours done" and a contract's "hours worked" are the sums of their time
//! entries, read here as queries (never a copy that could drift); the one INSERT of an
//! entry is here too, so the hours typed on a task or a contract and the timer of the
//! `time` area (which builds on this) write the same row the same way. Timers, manual
//! entries, edits and reports are the `time` area's.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Connection};

use super::tasks::TaskId;
use super::CapacityError;
use crate::clients::ClientId;
use crate::contracts::ContractId;
use crate::store::now_utc;

/// Minutes logged on the task `t` of the surrounding query.
pub(crate) const TASK_DONE: &str =
    "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e WHERE e.task_id = t.id)";

/// Minutes logged on the contract `k` of the surrounding query.
pub(crate) const CONTRACT_WORKED: &str =
    "(SELECT coalesce(sum(e.minutes), 0) FROM time_entries e WHERE e.contract_id = k.id)";

/// A row of work to write: what it was for, when, and how long (`None` while a timer runs).
#[derive(Debug, Clone, Default)]
pub struct NewEntry<'a> {
    pub client: Option<ClientId>,
    pub contract: Option<ContractId>,
    pub task: Option<TaskId>,
    pub day: Option<NaiveDate>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub minutes: Option<u32>,
    pub note: &'a str,
    pub billable: bool,
    /// The difference to a total typed on a task or a contract (see [`set_task_done`]).
    pub from_total: bool,
}

/// Writes one entry; returns its id.
pub fn insert(conn: &Connection, e: &NewEntry<'_>) -> Result<i64, CapacityError> {
    conn.execute(
        "INSERT INTO time_entries (client_id, contract_id, task_id, day, start_utc, end_utc, minutes,
                                   note, billable, from_total, created_at)
         VALUES (:client, :contract, :task, :day, :start, :end, :minutes, :note, :billable,
                 :from_total, :created)",
        named_params! {
            ":client": e.client,
            ":contract": e.contract,
            ":task": e.task,
            ":day": e.day.map(|d| d.to_string()),
            ":start": e.start.map(|t| t.timestamp()),
            ":end": e.end.map(|t| t.timestamp()),
            ":minutes": e.minutes,
            ":note": e.note,
            ":billable": e.billable,
            ":from_total": e.from_total,
            ":created": now_utc(),
        },
    )?;
    Ok(conn.last_insert_rowid())
}

/// Minutes logged on a task so far.
pub fn task_minutes(conn: &Connection, task: TaskId) -> Result<u32, CapacityError> {
    Ok(conn
        .query_row(
            "SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE task_id = ?1",
            [task],
            |r| r.get::<_, i64>(0),
        )?
        .clamp(0, i64::from(u32::MAX)) as u32)
}

/// Minutes logged on a contract so far.
pub fn contract_minutes(conn: &Connection, contract: ContractId) -> Result<u32, CapacityError> {
    Ok(conn
        .query_row(
            "SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE contract_id = ?1",
            [contract],
            |r| r.get::<_, i64>(0),
        )?
        .clamp(0, i64::from(u32::MAX)) as u32)
}

/// A task's "hours done" set to `target` minutes: the difference is logged on `day` as an
/// entry of its own (so the timesheet shows where the hours came from). Lowering it takes
/// off what was typed this way before (not yet on an invoice), latest first; below the
/// time logged by the timer or on the timesheet it is refused: those are edited there.
pub(crate) fn set_task_done(
    conn: &Connection,
    task: TaskId,
    client: Option<ClientId>,
    target: u32,
    day: NaiveDate,
) -> Result<(), CapacityError> {
    let logged = task_minutes(conn, task)?;
    if target > logged {
        insert(
            conn,
            &NewEntry {
                client,
                task: Some(task),
                day: Some(day),
                minutes: Some(target - logged),
                note: "Hours done, typed on the task",
                billable: true,
                from_total: true,
                ..NewEntry::default()
            },
        )?;
        return Ok(());
    }
    let mut excess = logged - target;
    let typed: Vec<(i64, u32)> = conn
        .prepare_cached(
            "SELECT id, minutes FROM time_entries
             WHERE task_id = ?1 AND from_total = 1 AND invoice_id IS NULL AND minutes IS NOT NULL
             ORDER BY id DESC",
        )?
        .query_map([task], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let typed_total: u32 = typed.iter().map(|(_, m)| m).sum();
    if excess > typed_total {
        return Err(CapacityError::DoneBelowLogged(hours(logged - typed_total)));
    }
    for (id, minutes) in typed {
        if excess == 0 {
            break;
        }
        let take = excess.min(minutes);
        if take == minutes {
            conn.execute("DELETE FROM time_entries WHERE id = ?1", [id])?;
        } else {
            conn.execute(
                "UPDATE time_entries SET minutes = minutes - ?2 WHERE id = ?1",
                rusqlite::params![id, take],
            )?;
        }
        excess -= take;
    }
    Ok(())
}

/// Minutes as hours for a sentence: "3", "1.5", "0.25".
pub(crate) fn hours(minutes: u32) -> String {
    let h = f64::from(minutes) / 60.0;
    let text = format!("{h:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}
