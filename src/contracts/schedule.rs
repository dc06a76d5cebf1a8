//! Payment schedules: how the user wants to be paid, built into instalments whose shares
//! of the contract total always add up to it exactly.
//!
//! Splitting uses the largest-remainder method in integer arithmetic: each share gets the
//! floor of its exact part, then the minor units left over go one each to the shares with
//! the largest remainders (ties: the earlier share). Deterministic, exact, no floats.

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::billing::{instalments, Instalment};
use super::{day, fetch, retainer_months, Contract, ContractError, ContractId, RateModel};
use crate::store::Writer;

/// How the user wants to be paid. Numbers come as typed (text), so the core parses them by
/// the one rule set of `fields` and names the field a bad one is in, for every front end.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleInput {
    /// A deposit (a whole percent of the total) when signing, the balance on delivery.
    DepositBalance {
        deposit_percent: String,
        deposit_due: String,
        balance_due: String,
    },
    /// N equal instalments, the first on `first_due`, then every `every_months` months.
    Instalments {
        count: String,
        first_due: String,
        every_months: String,
    },
    /// The monthly fee on a day of the month, for each month of the contract.
    Retainer { day_of_month: String },
    /// Free milestones: each a label, a share of the total and a due day.
    Milestones { items: Vec<MilestoneInput> },
}

#[derive(Debug, Clone, Deserialize, Serialize, Type)]
pub struct MilestoneInput {
    pub label: String,
    /// A percentage of the total as typed, at most two decimals ("25", "33.33"); the
    /// shares are scaled to add up to the total exactly.
    pub percent: String,
    pub due: String,
}

/// Splits `total` minor units by `weights`, exactly.
pub fn split(total: i64, weights: &[u64]) -> Result<Vec<i64>, ContractError> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if weights.is_empty() || sum == 0 || total < 0 {
        return Err(ContractError::BadShares);
    }
    let total = total as u128;
    let mut parts: Vec<(usize, u128, u128)> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let exact = total * u128::from(w);
            (i, exact / sum, exact % sum)
        })
        .collect();
    let given: u128 = parts.iter().map(|p| p.1).sum();
    let mut left = total - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].2.cmp(&parts[a].2).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i].1 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|(_, amount, _)| i64::try_from(amount).map_err(|_| ContractError::Overflow))
        .collect()
}

/// Replaces the contract's schedule with one built from its terms. Refused once an
/// instalment was invoiced (the invoices would lose their meaning) or when it is finished.
pub fn set_schedule(
    store: &mut impl Writer,
    id: ContractId,
    input: &ScheduleInput,
) -> Result<Vec<Instalment>, ContractError> {
    store.write(|tx| {
        let contract = fetch(tx, id)?;
        if contract.state.closed() {
            return Err(ContractError::Closed(contract.state.words()));
        }
        let invoiced: bool = tx.query_row(
            "SELECT count(*) > 0 FROM invoices v JOIN instalments i ON i.id = v.instalment_id WHERE i.contract_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if invoiced {
            return Err(ContractError::ScheduleInvoiced);
        }
        let total = contract.total_minor.ok_or(ContractError::NoTotal)?;
        let plan = build(&contract, total, input)?;
        tx.execute("DELETE FROM instalments WHERE contract_id = ?1", [id])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO instalments (contract_id, position, label, due_day, amount_minor) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, (label, due, amount)) in plan.iter().enumerate() {
            insert.execute(params![id, i as i64, label, due.to_string(), amount])?;
        }
        drop(insert);
        let saved = instalments(tx, id)?;
        Ok(saved)
    })
}

/// (label, due day, amount) for each instalment; the amounts add up to `total` exactly.
fn build(
    contract: &Contract,
    total: i64,
    input: &ScheduleInput,
) -> Result<Vec<(String, NaiveDate, i64)>, ContractError> {
    match input {
        ScheduleInput::DepositBalance {
            deposit_percent,
            deposit_due,
            balance_due,
        } => {
            let deposit_percent = whole("deposit_percent", deposit_percent)?;
            if deposit_percent > 100 {
                return Err(ContractError::OutOfRange(
                    "deposit_percent",
                    format!(
                        "The deposit is a percentage from 0 to 100; {deposit_percent} is more."
                    ),
                ));
            }
            let p = u64::from(deposit_percent);
            let parts = split(total, &[p, 100 - p])?;
            let (deposit, balance) = (
                day("deposit_due", deposit_due)?,
                day("balance_due", balance_due)?,
            );
            // The balance is what is left after the deposit: never due before it.
            if balance < deposit {
                return Err(ContractError::OutOfOrder("balance_due"));
            }
            Ok(vec![
                (format!("Deposit ({p} %)"), deposit, parts[0]),
                (format!("Balance ({} %)", 100 - p), balance, parts[1]),
            ])
        }
        ScheduleInput::Instalments {
            count,
            first_due,
            every_months,
        } => {
            let count = whole("count", count)?;
            let every_months = whole("every_months", every_months)?;
            if !(1..=120).contains(&count) {
                return Err(ContractError::OutOfRange(
                    "count",
                    format!("Type 1 to 120 instalments; {count} is not."),
                ));
            }
            if !(1..=12).contains(&every_months) {
                return Err(ContractError::OutOfRange(
                    "every_months",
                    format!("Instalments come every 1 to 12 months; {every_months} is not."),
                ));
            }
            let first = day("first_due", first_due)?;
            let parts = split(total, &vec![1; count as usize])?;
            parts
                .into_iter()
                .enumerate()
                .map(|(i, amount)| {
                    let due = first
                        .checked_add_months(Months::new(every_months * i as u32))
                        .ok_or(ContractError::Overflow)?;
                    Ok((format!("Instalment {} of {count}", i + 1), due, amount))
                })
                .collect()
        }
        ScheduleInput::Retainer { day_of_month } => {
            if contract.rate_model != RateModel::Retainer {
                return Err(ContractError::OutOfRange(
                    "kind",
                    "A monthly schedule is for a retainer contract; choose another kind.".into(),
                ));
            }
            let day_of_month = whole("day_of_month", day_of_month)?;
            if !(1..=28).contains(&day_of_month) {
                return Err(ContractError::OutOfRange(
                    "day_of_month",
                    format!("Choose a day of the month from 1 to 28; {day_of_month} is not."),
                ));
            }
            let (Some(start), Some(end)) = (contract.start_day, contract.end_day) else {
                return Err(ContractError::NoTotal);
            };
            Ok(retainer_months(start, end)
                .into_iter()
                .filter_map(|(y, m)| {
                    let due = NaiveDate::from_ymd_opt(y, m, day_of_month)?;
                    Some((
                        due.format("Retainer %B %Y").to_string(),
                        due,
                        contract.rate_minor,
                    ))
                })
                .collect())
        }
        ScheduleInput::Milestones { items } => {
            if items.is_empty() {
                return Err(ContractError::BadShares);
            }
            let weights: Vec<u64> = items
                .iter()
                .map(|m| {
                    Ok(u64::from(crate::fields::basis_points(
                        "shares", &m.percent,
                    )?))
                })
                .collect::<Result<_, ContractError>>()?;
            let parts = split(total, &weights)?;
            let plan: Vec<(String, NaiveDate, i64)> = items
                .iter()
                .zip(parts)
                .map(|(m, amount)| {
                    let label = if m.label.trim().is_empty() {
                        "Milestone".to_owned()
                    } else {
                        m.label.trim().to_owned()
                    };
                    Ok((label, day("due", &m.due)?, amount))
                })
                .collect::<Result<_, ContractError>>()?;
            // Milestones are listed in the order they fall due.
            if plan.windows(2).any(|w| w[1].1 < w[0].1) {
                return Err(ContractError::OutOfOrder("due"));
            }
            Ok(plan)
        }
    }
}

fn whole(field: &'static str, raw: &str) -> Result<u32, ContractError> {
    Ok(crate::fields::whole(field, raw)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thirds_of_a_hundred_euros_are_exact() {
        assert_eq!(split(10_000, &[1, 1, 1]).unwrap(), [3334, 3333, 3333]);
        assert_eq!(split(100, &[30, 70]).unwrap(), [30, 70]);
        assert_eq!(
            split(1, &[1, 1]).unwrap(),
            [1, 0],
            "the spare unit goes to the earlier share"
        );
        assert_eq!(split(0, &[1, 2]).unwrap(), [0, 0]);
        assert!(split(100, &[]).is_err() && split(100, &[0, 0]).is_err());
    }

    proptest! {
        #[test]
        fn shares_always_add_up_to_the_total(total in 0i64..=i64::MAX / 2, weights in proptest::collection::vec(0u64..1_000_000, 1..40)) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let parts = split(total, &weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|&p| p as i128).sum::<i128>(), total as i128);
            prop_assert!(parts.iter().all(|&p| p >= 0));
            // Each share is within one minor unit of its exact part.
            let sum: u128 = weights.iter().map(|&w| w as u128).sum();
            for (p, w) in parts.iter().zip(&weights) {
                let exact_floor = (total as u128 * *w as u128 / sum) as i128;
                prop_assert!((*p as i128 - exact_floor).abs() <= 1);
            }
        }

        #[test]
        fn equal_instalments_differ_by_at_most_one_minor_unit(total in 0i64..1_000_000_000_000, n in 1usize..60) {
            let parts = split(total, &vec![1; n]).unwrap();
            let (min, max) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
            prop_assert!(max - min <= 1);
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
        }
    }
}
