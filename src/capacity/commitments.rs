//! What the user has already promised, from every area that holds work. Each source reads
//! its own tables and returns commitments; a new kind of work plugs in as one more entry
//! in `SOURCES`. Meetings and time blocks are not commitments with a window: they happen
//! at a fixed time, so they take their minutes out of the day they are on (`check.rs`).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::{logged, CapacityError};
use crate::clients::{ClientId, Priority};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    Task,
    /// A contract signed by both: its estimated hours, minus those logged, over its window.
    Contract,
    /// A request held tentatively: counted only in the what-if.
    Tentative,
    /// The request being checked.
    Request,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    pub kind: CommitmentKind,
    pub id: i64,
    pub title: String,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub priority: Priority,
    pub minutes: u64,
    /// First day work may happen (before clamping to tomorrow).
    pub release: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// Spread evenly over its window (a contract), rather than free within it (a task).
    pub spread: bool,
}

/// Work that exists but cannot be placed: no due day, no contract end.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct Uncounted {
    pub tasks_without_due: u32,
    pub contracts_without_end: u32,
    pub contracts_without_estimate: u32,
}

type Source = fn(&Connection, &mut Vec<Commitment>, &mut Uncounted) -> Result<(), CapacityError>;

/// The sources of committed work.
const SOURCES: &[Source] = &[open_tasks, committed_contracts];

pub fn committed(conn: &Connection) -> Result<(Vec<Commitment>, Uncounted), CapacityError> {
    let mut all = Vec::new();
    let mut uncounted = Uncounted::default();
    for source in SOURCES {
        source(conn, &mut all, &mut uncounted)?;
    }
    Ok((all, uncounted))
}

fn priority(raw: Option<String>) -> Priority {
    raw.as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or_default()
}

/// A stored day, read as a date: one that is not a date is an error, never a day skipped
/// or made up (a deadline of 1970-01-01 would make the work overdue).
fn day(r: &rusqlite::Row, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get(col)
}

/// Open tasks the user does themself: delegated ones are someone else's hours.
fn open_tasks(
    conn: &Connection,
    out: &mut Vec<Commitment>,
    uncounted: &mut Uncounted,
) -> Result<(), CapacityError> {
    // Hours done are the task's time entries; a task with all its estimate done plans nothing.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.title, t.client_id, c.name, coalesce(t.priority, c.priority),
                t.estimate_minutes - {done}, t.earliest_start, t.due_day
         FROM tasks t LEFT JOIN clients c ON c.id = t.client_id
         WHERE t.status <> 'done' AND t.delegated_to = '' AND t.estimate_minutes > {done}",
        done = logged::TASK_DONE
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(deadline) = day(r, 7)? else {
            uncounted.tasks_without_due += 1;
            continue;
        };
        out.push(Commitment {
            kind: CommitmentKind::Task,
            id: r.get(0)?,
            title: r.get(1)?,
            client_id: r.get(2)?,
            client: r.get(3)?,
            priority: priority(r.get(4)?),
            minutes: r.get::<_, i64>(5)?.max(0) as u64,
            release: day(r, 6)?,
            deadline,
            spread: false,
        });
    }
    Ok(())
}

fn committed_contracts(
    conn: &Connection,
    out: &mut Vec<Commitment>,
    uncounted: &mut Uncounted,
) -> Result<(), CapacityError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT k.id, k.title, k.client_id, c.name, c.priority, k.estimated_hours * 60 - {worked},
                k.start_day, k.end_day, k.estimated_hours
         FROM contracts k JOIN clients c ON c.id = k.client_id
         WHERE k.state IN ('signed_by_both', 'active')",
        worked = logged::CONTRACT_WORKED
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let remaining: Option<i64> = r.get(5)?;
        if r.get::<_, Option<i64>>(8)?.unwrap_or(0) == 0 {
            uncounted.contracts_without_estimate += 1;
            continue;
        }
        let Some(deadline) = day(r, 7)? else {
            uncounted.contracts_without_end += 1;
            continue;
        };
        let minutes = remaining.unwrap_or(0).max(0) as u64;
        if minutes == 0 {
            continue;
        }
        out.push(Commitment {
            kind: CommitmentKind::Contract,
            id: r.get(0)?,
            title: r.get(1)?,
            client_id: r.get(2)?,
            client: r.get(3)?,
            priority: priority(r.get(4)?),
            minutes,
            release: day(r, 6)?,
            deadline,
            spread: true,
        });
    }
    Ok(())
}

/// Requests held tentatively whose deadline has not passed (`first` is tomorrow).
pub fn tentative(conn: &Connection, first: NaiveDate) -> Result<Vec<Commitment>, CapacityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.title, b.client_id, c.name, b.priority, b.minutes, b.earliest_start, b.deadline
         FROM bookings b LEFT JOIN clients c ON c.id = b.client_id
         WHERE b.status = 'tentative' AND b.deadline >= ?1",
    )?;
    let rows = stmt.query_map([first.to_string()], |r| {
        Ok(Commitment {
            kind: CommitmentKind::Tentative,
            id: r.get(0)?,
            title: r.get(1)?,
            client_id: r.get(2)?,
            client: r.get(3)?,
            priority: priority(r.get(4)?),
            minutes: r.get::<_, i64>(5)?.max(0) as u64,
            release: day(r, 6)?,
            deadline: r.get(7)?,
            spread: false,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::{decide, Decision, Request};
    use crate::store::Store;

    #[test]
    fn a_held_requests_deadline_is_read_as_a_date_never_as_1970() {
        let mut store = Store::open_in_memory().unwrap();
        let today: NaiveDate = "2027-01-03".parse().unwrap();
        let held = Request {
            title: "Maybe".into(),
            hours: "5".into(),
            deadline: "2027-01-07".into(),
            ..Default::default()
        };
        let b = decide(&mut store, &held, Decision::Tentative, today).unwrap();
        let first = today.succ_opt().unwrap();
        let found = tentative(store.conn(), first).unwrap();
        assert_eq!(found[0].deadline.to_string(), "2027-01-07");
        // Text that sorts after tomorrow but is no day: an error, where it was 1970-01-01
        // (overdue, planned first).
        store
            .conn()
            .execute(
                "UPDATE bookings SET deadline = '2027-01-0x' WHERE id = ?1",
                [b.id],
            )
            .unwrap();
        assert!(tentative(store.conn(), first).is_err());
    }
}
