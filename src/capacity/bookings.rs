//! Requests held after a capacity check: tentatively (counted only in what-ifs), accepted
//! (they become a task with the request's hours, start and deadline) or declined (kept, so
//! the user can see what they turned down).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::check::Request;
use super::slots::Slot;
use super::tasks::{self, TaskId, TaskInput, TaskStatus};
use super::CapacityError;
use crate::calendar::{EventInput, EventKind};
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Tentative,
    /// Accept it as a task due `due`: the day the check offered (`CapacityCheck::offered`),
    /// or, when `None`, the requested deadline (late if it does not fit).
    Accept {
        #[serde(default)]
        due: Option<NaiveDate>,
        /// Times the check proposed (`CapacityCheck::slots`) to put on the calendar as
        /// time blocks of the new task; none: nothing is scheduled.
        #[serde(default)]
        slots: Vec<Slot>,
    },
    Decline,
}

impl Decision {
    /// Accepted for the requested deadline.
    pub const ACCEPT: Decision = Decision::Accept {
        due: None,
        slots: Vec::new(),
    };

    /// Accepted due `due` (the day the check offered), nothing scheduled.
    pub fn accept_due(due: NaiveDate) -> Decision {
        Decision::Accept {
            due: Some(due),
            slots: Vec::new(),
        }
    }
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
        let mut blocks: &[Slot] = &[];
        let status = match &decision {
            Decision::Tentative => BookingStatus::Tentative,
            Decision::Accept { due, slots } => {
                // The booking keeps the day the task is due, so the two never disagree.
                req.deadline = accepted_due(*due, req.start, req.deadline, today)?;
                blocks = slots;
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
            let task = make_task(tx, id)?;
            // Accepting also schedules: the proposed times become the task's time blocks.
            for slot in blocks {
                let block = EventInput {
                    calendar_id: None,
                    title: req.title.clone(),
                    client_id: req.client_id,
                    kind: EventKind::TimeBlock,
                    all_day: false,
                    start: slot.start.clone(),
                    end: slot.end.clone(),
                    tz: slot.tz.clone(),
                    location: String::new(),
                    channel: None,
                    notes: String::new(),
                    free: false,
                    reminders: Vec::new(),
                    recurrence: None,
                };
                super::blocks::save(tx, None, &block, Some(task), false)?;
            }
        }
        get(tx, id)
    })
}

/// The day an accepted request is due: `due` when the user took the day the check offered,
/// else the requested deadline.
fn accepted_due(
    due: Option<NaiveDate>,
    start: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, CapacityError> {
    let Some(due) = due else {
        return Ok(deadline);
    };
    if due <= today {
        return Err(CapacityError::DeadlinePassed);
    }
    if due < start {
        return Err(CapacityError::DueBeforeStart);
    }
    Ok(due)
}

/// The request a booking holds, as the capacity check takes it.
fn request_of(b: &Booking) -> Request {
    Request {
        client_id: b.client_id,
        title: b.title.clone(),
        hours: format!("{}", f64::from(b.minutes) / 60.0),
        start: b.earliest_start.to_string(),
        deadline: b.deadline.to_string(),
        priority: Some(b.priority),
        slots: false,
    }
}

/// The capacity check run again for a tentative booking's request, before it is confirmed:
/// the book has moved on since it was held, so the day it fits by may have too. (The
/// booking itself is still among the tentative ones, so only `with_tentative` counts it
/// twice; the verdict and the offered day do not count tentative bookings.)
pub fn recheck(
    conn: &Connection,
    id: BookingId,
    today: NaiveDate,
    zone: chrono_tz::Tz,
) -> Result<super::CapacityCheck, CapacityError> {
    let booking = get(conn, id)?;
    if booking.status != BookingStatus::Tentative {
        return Err(CapacityError::AlreadyDecided(booking.status.as_str()));
    }
    let mut request = request_of(&booking);
    // A start already past is today's: the check plans from tomorrow anyway.
    if booking.earliest_start <= today {
        request.start.clear();
    }
    super::check::check(conn, &request, today, zone)
}

/// Confirms (`Decision::Accept`, due the requested deadline or the day a recheck offered)
/// or declines a tentative booking; `Decision::Tentative` leaves it as it is.
pub fn settle(
    store: &mut impl Writer,
    id: BookingId,
    decision: Decision,
    today: NaiveDate,
) -> Result<Booking, CapacityError> {
    store.write(|tx| {
        let booking = get(tx, id)?;
        if booking.status != BookingStatus::Tentative {
            return Err(CapacityError::AlreadyDecided(booking.status.as_str()));
        }
        match decision {
            Decision::Tentative => return Ok(booking),
            Decision::Accept { due, .. } => {
                let due = accepted_due(due, booking.earliest_start, booking.deadline, today)?;
                tx.execute(
                    "UPDATE bookings SET status = 'accepted', deadline = ?2, decided_at = ?3 WHERE id = ?1",
                    params![id, due.to_string(), now_utc()],
                )?;
                make_task(tx, id)?;
            }
            Decision::Decline => {
                tx.execute(
                    "UPDATE bookings SET status = 'declined', decided_at = ?2 WHERE id = ?1",
                    params![id, now_utc()],
                )?;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::{tasks, working, Verdict, WorkingHoursInput};
    use crate::store::Store;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Eight hours Monday to Friday; "today" is Sunday 2027-01-03.
    fn book() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        working::set_working_hours(
            &mut s,
            &WorkingHoursInput {
                weekday_hours: ["8", "8", "8", "8", "8", "0", "0"]
                    .map(String::from)
                    .to_vec(),
                overtime_hours: String::new(),
                weekday_windows: None,
            },
        )
        .unwrap();
        s
    }

    fn hold(s: &mut Store, title: &str, hours: &str, deadline: &str) -> Booking {
        let request = Request {
            title: title.into(),
            hours: hours.into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        decide(s, &request, Decision::Tentative, d("2027-01-03")).unwrap()
    }

    #[test]
    fn a_booking_that_no_longer_fits_is_confirmed_for_the_day_the_recheck_offers() {
        let today = d("2027-01-03");
        let mut s = book();
        let held = hold(&mut s, "Maybe", "30", "2027-01-08");
        // Work accepted since the booking was held: 30 + 20 hours no longer fit by Friday.
        tasks::add(&mut s, &TaskInput::due("Report", "20", "2027-01-07"), today).unwrap();

        let now = recheck(s.conn(), held.id, today, chrono_tz::UTC).unwrap();
        assert_eq!(now.verdict, Verdict::DoesNotFit);
        let offered: NaiveDate = now.offered.as_deref().unwrap().parse().unwrap();
        assert!(offered > held.deadline, "offered {offered}");

        let confirmed = settle(
            &mut s,
            held.id,
            Decision::Accept {
                due: Some(offered),
                slots: Vec::new(),
            },
            today,
        )
        .unwrap();
        assert_eq!(confirmed.status, BookingStatus::Accepted);
        assert_eq!(
            confirmed.deadline, offered,
            "the booking and its task agree"
        );
        let task = tasks::get(s.conn(), confirmed.task_id.unwrap(), today).unwrap();
        assert_eq!(task.due, Some(offered));
        assert!(matches!(
            settle(&mut s, held.id, Decision::Decline, today),
            Err(CapacityError::AlreadyDecided("accepted"))
        ));
    }

    #[test]
    fn confirming_without_a_day_keeps_the_requested_deadline_and_declining_makes_no_task() {
        let today = d("2027-01-03");
        let mut s = book();
        let yes = hold(&mut s, "Yes", "4", "2027-01-08");
        let no = hold(&mut s, "No", "4", "2027-01-08");
        assert_eq!(
            recheck(s.conn(), yes.id, today, chrono_tz::UTC)
                .unwrap()
                .verdict,
            Verdict::Fits
        );
        let yes = settle(&mut s, yes.id, Decision::ACCEPT, today).unwrap();
        assert_eq!(yes.deadline, d("2027-01-08"));
        let no = settle(&mut s, no.id, Decision::Decline, today).unwrap();
        assert_eq!((no.status, no.task_id), (BookingStatus::Declined, None));
        assert!(matches!(
            settle(
                &mut s,
                yes.id,
                Decision::Accept {
                    due: Some(today),
                    slots: Vec::new()
                },
                today
            ),
            Err(CapacityError::AlreadyDecided(_))
        ));
        let late = hold(&mut s, "Late", "4", "2027-01-08");
        assert!(matches!(
            settle(
                &mut s,
                late.id,
                Decision::Accept {
                    due: Some(today),
                    slots: Vec::new()
                },
                today
            ),
            Err(CapacityError::DeadlinePassed)
        ));
    }
}
