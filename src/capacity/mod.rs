//! Capacity: can the user take on new work by its deadline without hurting current
//! clients? A correct answer, not a utilisation percentage.
//!
//! - `working.rs`: hours per weekday, overtime allowance, days off.
//! - `tasks.rs`: tasks per client, the urgent/important matrix and today's list.
//! - `commitments.rs`: the promised work from every source (tasks, contracts, bookings).
//! - `plan.rs`: the scheduling model and its algorithm (earliest deadline first).
//! - `check.rs`: the capacity check built on them.
//! - `bookings.rs`: checked requests held tentatively, accepted or declined.

mod bookings;
mod check;
mod commitments;
mod error;
mod fields;
pub mod plan;
pub mod tasks;
mod working;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;
use specta::Type;

pub use bookings::{decide, get as get_booking, list as list_bookings, settle, Booking, BookingId, BookingStatus, Decision};
pub use check::{check, reply, CapacityCheck, Late, Request, Verdict, WeekLoad, WhatIf};
pub use commitments::{CommitmentKind, Uncounted};
pub use error::CapacityError;
pub use tasks::{Matrix, Task, TaskId, TaskInput, TaskStatus};
pub use working::{
    add_day_off, days_off, import_days_off, import_days_off_file, remove_day_off, set_working_hours, working_hours, DayOff,
    DayOffId, DayOffInput, DaysOffImport, WorkingHours, WorkingHoursInput,
};

use crate::store::Store;

/// The capacity settings at a glance (`juggle capacity show`, the Capacity screen).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Capacity {
    pub hours: WorkingHours,
    pub days_off: Vec<DayOff>,
    /// Upcoming days off only (from today on).
    pub upcoming_days_off: Vec<DayOff>,
    pub tentative: Vec<Booking>,
}

pub fn capacity(store: &Store, today: NaiveDate) -> Result<Capacity, CapacityError> {
    let conn = store.conn();
    let days_off = working::days_off(conn)?;
    let upcoming_days_off = days_off.iter().filter(|d| d.last_day >= today.to_string()).cloned().collect();
    Ok(Capacity { hours: working::working_hours(conn)?, days_off, upcoming_days_off, tentative: bookings::list(conn, false)? })
}

/// Runs the capacity check on the store (see `check.rs`).
pub fn check_request(store: &Store, request: &Request, today: NaiveDate, zone: Tz) -> Result<CapacityCheck, CapacityError> {
    check::check(store.conn(), request, today, zone)
}

/// Adds hours worked on a contract; its estimate minus these is what the check still plans.
/// Returns the contract's total logged minutes.
pub fn log_contract_hours(store: &mut Store, contract_id: i64, hours: &str) -> Result<u32, CapacityError> {
    let minutes = fields::minutes("hours", hours)?;
    let tx = store.transaction()?;
    let n = tx.execute(
        "UPDATE contracts SET logged_minutes = logged_minutes + ?2 WHERE id = ?1",
        rusqlite::params![contract_id, minutes],
    )?;
    if n == 0 {
        return Err(CapacityError::NotFound("contract", contract_id));
    }
    let total: u32 = tx.query_row("SELECT logged_minutes FROM contracts WHERE id = ?1", [contract_id], |r| r.get(0))?;
    tx.commit()?;
    Ok(total)
}

/// Minutes of work logged on a contract so far.
pub fn contract_logged_minutes(store: &Store, contract_id: i64) -> Result<u32, CapacityError> {
    use rusqlite::OptionalExtension;
    store
        .conn()
        .query_row("SELECT logged_minutes FROM contracts WHERE id = ?1", [contract_id], |r| r.get(0))
        .optional()?
        .ok_or(CapacityError::NotFound("contract", contract_id))
}
