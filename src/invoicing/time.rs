//! An invoice from time worked (issue 16): the contract's unbilled billable entries, one
//! line per task (time on no task in one line of the contract's own), each its hours at
//! the contract's hourly rate. The entries are marked billed in the invoice's transaction,
//! so no hour is billed twice; voiding the invoice frees them again.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::lines::{self, Line};
use crate::contracts::{Contract, ContractError, RateModel};
use crate::tracking::{self, TimeEntryId, TrackingError};

fn contract_error(e: TrackingError) -> ContractError {
    match e {
        TrackingError::Contract(e) => e,
        TrackingError::Store(e) => ContractError::Store(e),
        other => ContractError::OutOfRange("from_time", other.to_string()),
    }
}

/// The lines billing `contract`'s unbilled time, and the entries they bill.
pub(super) fn lines(
    conn: &Connection,
    contract: &Contract,
    tax_basis_points: u32,
) -> Result<(Vec<Line>, Vec<TimeEntryId>), ContractError> {
    if contract.rate_model != RateModel::Hourly {
        return Err(contract_error(TrackingError::NotHourly(
            contract.title.clone(),
        )));
    }
    let entries =
        tracking::unbilled(conn, contract.id, chrono::Utc::now()).map_err(contract_error)?;
    if entries.is_empty() {
        return Err(ContractError::OutOfRange(
            "from_time",
            "No billable time on this contract is left to invoice: log time on it first.".into(),
        ));
    }
    // Per task, in the order their time was first logged.
    let mut groups: BTreeMap<(usize, String), u32> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for e in &entries {
        let what = e.task.clone().unwrap_or_else(|| contract.title.clone());
        let i = match order.iter().position(|w| *w == what) {
            Some(i) => i,
            None => {
                order.push(what.clone());
                order.len() - 1
            }
        };
        *groups.entry((i, what)).or_default() += e.minutes;
    }
    let mut out = Vec::new();
    for ((_, what), minutes) in groups {
        // Hours in thousandths, rounded half up: 20 minutes are 0.333 h.
        let quantity_milli = u32::try_from((u64::from(minutes) * 1000 + 30) / 60)
            .map_err(|_| ContractError::Overflow)?;
        if quantity_milli == 0 {
            continue;
        }
        out.push(Line {
            description: what,
            quantity_milli,
            unit: "h".into(),
            unit_price_minor: contract.rate_minor,
            tax_basis_points,
            net_minor: lines::net(quantity_milli, contract.rate_minor)?,
        });
    }
    Ok((out, entries.iter().map(|e| e.id).collect()))
}

/// Marks the billed entries with their invoice.
pub(super) fn mark_billed(
    conn: &Connection,
    entries: &[TimeEntryId],
    invoice: i64,
) -> Result<(), ContractError> {
    tracking::mark_billed(conn, entries, invoice).map_err(contract_error)
}
