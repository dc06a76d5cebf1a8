//! Payment schedules: shares of the contract total that always add up to it exactly.
//!
//! Splitting uses the largest-remainder method in integer arithmetic: each share gets the
//! floor of its exact part, then the minor units left over go one each to the shares with
//! the largest remainders (ties: the earlier share). Deterministic, exact, no floats.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::ContractError;

/// How the user wants to be paid.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleInput {
    /// A deposit (percent of the total) when signing, the balance on delivery.
    DepositBalance {
        deposit_percent: u32,
        deposit_due: String,
        balance_due: String,
    },
    /// N equal instalments, the first on `first_due`, then every `every_months` months.
    Instalments {
        count: u32,
        first_due: String,
        every_months: u32,
    },
    /// The monthly fee on a day of the month, for each month of the contract.
    Retainer { day_of_month: u32 },
    /// Free milestones: each a label, a share (percent, may be fractional via basis points
    /// of the whole: 2500 = 25 %) and a due day.
    Milestones { items: Vec<MilestoneInput> },
}

#[derive(Debug, Clone, Deserialize, Serialize, Type)]
pub struct MilestoneInput {
    pub label: String,
    /// Basis points of the total (10000 = 100 %).
    pub share_bp: u32,
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
