//! Capacity: can the user take on new work by its deadline without hurting current
//! clients? A correct answer, not a utilisation percentage.
//!
//! - `working.rs`: hours per weekday, overtime allowance, days off.
//! - `tasks.rs`: tasks per client, the urgent/important matrix and today's list.
//! - `commitments.rs`: the promised work from every source (tasks, contracts, bookings).
//! - `plan.rs`: the scheduling model and its algorithm (earliest deadline first).
//! - `check.rs`: the capacity check built on them.
//! - `bookings.rs`: checked requests held tentatively, accepted or declined.

pub mod accuracy;
pub mod blocks;
mod bookings;
mod check;
mod commitments;
pub mod dates;
mod error;
mod fields;
pub mod logged;
pub mod plan;
pub mod slots;
pub mod tasks;
pub mod windows;
mod working;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use serde::Serialize;
use specta::Type;

pub use bookings::{
    decide, get as get_booking, list as list_bookings, recheck as recheck_booking, settle, Booking,
    BookingId, BookingStatus, Decision,
};
pub use check::{
    check, reply, Calibrated, CapacityCheck, Late, LateWeek, Request, Verdict, WeekLoad, WhatIf,
};
pub use commitments::{CommitmentKind, Uncounted};
pub use error::CapacityError;
pub use tasks::{Completed, Matrix, Quadrant, Task, TaskId, TaskInput, TaskStatus, TodayTasks};
pub use working::{
    add_day_off, days_off, import_days_off, import_days_off_file, remove_day_off,
    set_working_hours, working_hours, DayOff, DayOffId, DayOffInput, DaysOffImport, WorkingHours,
    WorkingHoursInput,
};

use crate::clients::ClientId;
use crate::contracts::ContractId;
use crate::store::{Store, Writer};

/// The capacity settings at a glance (`juggle capacity show`, the Capacity screen).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Capacity {
    pub hours: WorkingHours,
    pub days_off: Vec<DayOff>,
    /// Upcoming days off only (from today on).
    pub upcoming_days_off: Vec<DayOff>,
    /// Upcoming dates with working times of their own.
    pub upcoming_date_hours: Vec<dates::DateHours>,
    pub tentative: Vec<Booking>,
}

pub fn capacity(store: &Store, today: NaiveDate) -> Result<Capacity, CapacityError> {
    let conn = store.conn();
    let days_off = working::days_off(conn)?;
    let upcoming_days_off = days_off
        .iter()
        .filter(|d| d.last_day >= today)
        .cloned()
        .collect();
    Ok(Capacity {
        hours: working::working_hours(conn)?,
        days_off,
        upcoming_days_off,
        upcoming_date_hours: dates::upcoming(conn, today)?,
        tentative: bookings::list(conn, false)?,
    })
}

/// Runs the capacity check on the store (see `check.rs`).
pub fn check_request(
    store: &Store,
    request: &Request,
    today: NaiveDate,
    zone: Tz,
) -> Result<CapacityCheck, CapacityError> {
    check::check(store.conn(), request, today, zone)
}

/// Logs hours worked on a contract (an entry of its own, on today, billable): its estimate
/// minus everything logged is what the check still plans. Returns the contract's total
/// logged minutes. Hours are taken off by editing or deleting an entry on the timesheet,
/// so a negative number is refused with that advice.
pub fn log_contract_hours(
    store: &mut impl Writer,
    contract_id: ContractId,
    hours: &str,
    today: NaiveDate,
) -> Result<u32, CapacityError> {
    if hours.trim().starts_with('-') {
        return Err(CapacityError::NegativeLog);
    }
    let minutes = fields::minutes("hours", hours)?;
    if minutes == 0 {
        return Err(CapacityError::NoHours);
    }
    store.write(|tx| {
        let client: Option<ClientId> = tx
            .query_row(
                "SELECT client_id FROM contracts WHERE id = ?1",
                [contract_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CapacityError::NotFound("contract", contract_id.0))?;
        logged::insert(
            tx,
            &logged::NewEntry {
                client,
                contract: Some(contract_id),
                day: Some(today),
                minutes: Some(minutes),
                note: "Hours worked, typed on the contract",
                billable: true,
                ..logged::NewEntry::default()
            },
        )?;
        logged::contract_minutes(tx, contract_id)
    })
}

/// A day on the calendar from this area: an open task falling due, or a tentative
/// booking's deadline (marked as tentative wherever it shows).
pub struct CalendarEntry {
    pub id: i64,
    pub tentative: bool,
    pub title: String,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub colour: Option<String>,
    pub day: NaiveDate,
}

pub fn calendar_entries(
    conn: &rusqlite::Connection,
    client: Option<ClientId>,
    first: NaiveDate,
    last: NaiveDate,
) -> rusqlite::Result<Vec<CalendarEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, 0, 'Due: ' || t.title, t.client_id, c.name, c.colour, t.due_day
         FROM tasks t LEFT JOIN clients c ON c.id = t.client_id
         WHERE t.status <> 'done' AND t.due_day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR t.client_id = ?3)
         UNION ALL
         SELECT b.id, 1, 'Tentative: ' || b.title, b.client_id, c.name, c.colour, b.deadline
         FROM bookings b LEFT JOIN clients c ON c.id = b.client_id
         WHERE b.status = 'tentative' AND b.deadline BETWEEN ?1 AND ?2 AND (?3 IS NULL OR b.client_id = ?3)",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![first.to_string(), last.to_string(), client],
        |r| {
            Ok(CalendarEntry {
                id: r.get(0)?,
                tentative: r.get(1)?,
                title: r.get(2)?,
                client_id: r.get(3)?,
                client: r.get(4)?,
                colour: r.get(5)?,
                day: r.get(6)?,
            })
        },
    )?;
    rows.collect()
}
