//! Requests held after a capacity check: tentatively (counted only in what-ifs), accepted
//! (they become a task with the request's hours, start and deadline) or declined (kept, so
//! the user can see what they turned down).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::check::Request;
use super::tasks::{self, TaskId, TaskInput, TaskStatus};
use super::CapacityError;
use crate::clients::{ClientId, Priority};
use crate::store::{now_utc, Writer};

crate::store::id!(BookingId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Tentative,
    Accepted,
    Declined,
}

impl BookingStatus {
    fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Tentative => "tentative",
            BookingStatus::Accepted => "accepted",
            BookingStatus::Declined => "declined",
        }
    }

    fn parse(raw: &str) -> BookingStatus {
        match raw {
            "accepted" => BookingStatus::Accepted,
            "declined" => BookingStatus::Declined,
            _ => BookingStatus::Tentative,
        }
    }
}

/// What to do with a checked request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Tentative,
    /// Accept it as a task due `due`: the day the check offered (`CapacityCheck::offered`),
    /// or, when `None`, the requested deadline (late if it does not fit).
    Accept {
        #[serde(default)]
        due: Option<NaiveDate>,
    },
    Decline,
}

impl Decision {
    /// Accepted for the requested deadline.
    pub const ACCEPT: Decision = Decision::Accept { due: None };
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Booking {
    pub id: BookingId,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub title: String,
    pub minutes: u32,
    pub earliest_start: NaiveDate,
    pub deadline: NaiveDate,
    pub priority: Priority,
    pub status: BookingStatus,
    /// The task it became, once accepted.
    pub task_id: Option<TaskId>,
}

const SELECT: &str = "
    SELECT b.id, b.client_id, c.name, b.title, b.minutes, b.earliest_start, b.deadline, b.priority, b.status, b.task_id
    FROM bookings b LEFT JOIN clients c ON c.id = b.client_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Booking> {
    Ok(Booking {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        title: r.get(3)?,
        minutes: r.get(4)?,
        earliest_start: r.get(5)?,
        deadline: r.get(6)?,
        priority: r.get::<_, String>(7)?.parse().unwrap_or_default(),
        status: BookingStatus::parse(&r.get::<_, String>(8)?),
        task_id: r.get(9)?,
    })
}

pub fn get(conn: &Connection, id: BookingId) -> Result<Booking, CapacityError> {
    conn.query_row(&format!("{SELECT} WHERE b.id = ?1"), [id], row)
        .optional()?
        .ok_or(CapacityError::NotFound("booking", id.0))
}

/// Bookings, tentative first, then the latest decisions.
pub fn list(conn: &Connection, include_decided: bool) -> Result<Vec<Booking>, CapacityError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE ?1 OR b.status = 'tentative' ORDER BY b.status <> 'tentative', b.deadline, b.id DESC"
    ))?;
    let rows = stmt.query_map([include_decided], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the decision on a request: one transaction for the booking and its task.
pub fn decide(
    store: &mut impl Writer,
    request: &Request,
    decision: Decision,
    today: NaiveDate,
) -> Result<Booking, CapacityError> {
    store.write(|tx| {
        let mut req = request.validate(tx, today)?;
        let status = match decision {
            Decision::Tentative => BookingStatus::Tentative,
            Decision::Accept { due } => {
                // The booking keeps the day the task is due, so the two never disagree.
                if let Some(due) = due {
                    if due <= today {
                        return Err(CapacityError::DeadlinePassed);
                    }
                    if due < req.start {
                        return Err(CapacityError::DueBeforeStart);
                    }
                    req.deadline = due;
                }
                BookingStatus::Accepted
            }
            Decision::Decline => BookingStatus::Declined,
        };
        tx.execute(
            "INSERT INTO bookings (client_id, title, minutes, earliest_start, deadline, priority, status, created_at, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?7 = 'tentative' THEN NULL ELSE ?8 END)",
            params![req.client_id, req.title, req.minutes as i64, req.start.to_string(), req.deadline.to_string(), req.priority.as_str(), status.as_str(), now_utc()],
        )?;
        let id = BookingId(tx.last_insert_rowid());
        if status == BookingStatus::Accepted {
            make_task(tx, id)?;
        }
        get(tx, id)
    })
}

/// Confirms or declines a tentative booking.
pub fn settle(
    store: &mut impl Writer,
    id: BookingId,
    accept: bool,
) -> Result<Booking, CapacityError> {
    store.write(|tx| {
        let booking = get(tx, id)?;
        if booking.status != BookingStatus::Tentative {
            return Err(CapacityError::AlreadyDecided(booking.status.as_str()));
        }
        let status = if accept {
            BookingStatus::Accepted
        } else {
            BookingStatus::Declined
        };
        tx.execute(
            "UPDATE bookings SET status = ?2, decided_at = ?3 WHERE id = ?1",
            params![id, status.as_str(), now_utc()],
        )?;
        if accept {
            make_task(tx, id)?;
        }
        get(tx, id)
    })
}

fn make_task(conn: &Connection, id: BookingId) -> Result<TaskId, CapacityError> {
    let b = get(conn, id)?;
    let input = TaskInput {
        client_id: b.client_id,
        title: b.title,
        estimate_hours: format!("{}", f64::from(b.minutes) / 60.0),
        earliest_start: b.earliest_start.to_string(),
        due: b.deadline.to_string(),
        important: b.priority == Priority::High,
        status: TaskStatus::Open,
        ..Default::default()
    };
    let task = tasks::insert(conn, &input)?;
    conn.execute(
        "UPDATE tasks SET priority = ?2 WHERE id = ?1",
        params![task, b.priority.as_str()],
    )?;
    conn.execute(
        "UPDATE bookings SET task_id = ?2 WHERE id = ?1",
        params![id, task],
    )?;
    Ok(task)
}
