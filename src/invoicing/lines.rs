//! An invoice's lines and what they add up to, exactly, in minor units.
//!
//! The rounding rule (docs/contracts.md): a line's net is its quantity × unit price,
//! rounded half away from zero to the minor unit; tax is computed once per rate, on the
//! sum of the nets at that rate, rounded the same way; the total is the sum of the nets
//! plus each rate's tax. So the lines shown add up to the net shown, each rate's tax is
//! within half a minor unit of the exact tax on what it applies to (per-rate totals, as EU
//! VAT invoices state them), and net + tax = total with no minor unit lost or invented.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::contracts::{ContractError, Currency};
use crate::fields;

/// One line as typed: the numbers are text the core parses.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
pub struct LineInput {
    pub description: String,
    /// "1", "10.5", "0,25": at most three decimals.
    pub quantity: String,
    /// "h", "day", "item"; blank for none.
    #[serde(default)]
    pub unit: String,
    /// Decimal text in the contract's currency.
    pub unit_price: String,
    /// "19", "7.7"; blank for no tax.
    #[serde(default)]
    pub tax_percent: String,
}

/// A line checked and typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Line {
    pub description: String,
    /// Thousandths of a unit (10.5 h = 10500).
    pub quantity_milli: u32,
    pub unit: String,
    pub unit_price_minor: i64,
    /// 1900 = 19 %.
    pub tax_basis_points: u32,
    /// Quantity × unit price, rounded half away from zero.
    pub net_minor: i64,
}

/// What one tax rate applies to and adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TaxGroup {
    pub basis_points: u32,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// What the lines add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LineTotals {
    pub net_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// One per rate, lowest first.
    pub groups: Vec<TaxGroup>,
}

/// Parses one typed line in `currency`.
pub fn parse(input: &LineInput, currency: Currency) -> Result<Line, ContractError> {
    let description = fields::text("description", &input.description, 500)?;
    if description.is_empty() {
        return Err(ContractError::OutOfRange(
            "description",
            "Describe each line: what was done or delivered.".into(),
        ));
    }
    let quantity_milli = fields::quantity("quantity", &input.quantity)?;
    let unit = fields::text("unit", &input.unit, 20)?;
    let unit_price_minor = currency.parse_amount(&input.unit_price)?;
    let tax_basis_points = tax_rate(&input.tax_percent)?;
    Ok(Line {
        net_minor: net(quantity_milli, unit_price_minor)?,
        description,
        quantity_milli,
        unit,
        unit_price_minor,
        tax_basis_points,
    })
}

/// A tax rate as typed: blank is none, at most 100 %.
pub fn tax_rate(raw: &str) -> Result<u32, ContractError> {
    if raw.trim().is_empty() {
        return Ok(0);
    }
    let bp = fields::basis_points("tax_percent", raw)?;
    if bp > 10_000 {
        return Err(ContractError::OutOfRange(
            "tax_percent",
            format!("A tax rate is at most 100 % (“{}”).", raw.trim()),
        ));
    }
    Ok(bp)
}

/// Quantity (thousandths) × unit price, rounded half away from zero.
pub fn net(quantity_milli: u32, unit_price_minor: i64) -> Result<i64, ContractError> {
    let exact = i128::from(quantity_milli) * i128::from(unit_price_minor);
    i64::try_from(round_div(exact, 1000)).map_err(|_| ContractError::Overflow)
}

/// The lines' totals by the rule at the top of this file.
pub fn totals(lines: &[Line]) -> Result<LineTotals, ContractError> {
    let mut groups: Vec<TaxGroup> = Vec::new();
    for line in lines {
        match groups
            .iter_mut()
            .find(|g| g.basis_points == line.tax_basis_points)
        {
            Some(g) => {
                g.net_minor = g
                    .net_minor
                    .checked_add(line.net_minor)
                    .ok_or(ContractError::Overflow)?;
            }
            None => groups.push(TaxGroup {
                basis_points: line.tax_basis_points,
                net_minor: line.net_minor,
                tax_minor: 0,
            }),
        }
    }
    groups.sort_by_key(|g| g.basis_points);
    let (mut net_total, mut tax_total) = (0i64, 0i64);
    for g in &mut groups {
        let tax = round_div(i128::from(g.net_minor) * i128::from(g.basis_points), 10_000);
        g.tax_minor = i64::try_from(tax).map_err(|_| ContractError::Overflow)?;
        net_total = net_total
            .checked_add(g.net_minor)
            .ok_or(ContractError::Overflow)?;
        tax_total = tax_total
            .checked_add(g.tax_minor)
            .ok_or(ContractError::Overflow)?;
    }
    Ok(LineTotals {
        net_minor: net_total,
        tax_minor: tax_total,
        total_minor: net_total
            .checked_add(tax_total)
            .ok_or(ContractError::Overflow)?,
        groups,
    })
}

/// `n / d` rounded half away from zero (`d` > 0).
fn round_div(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(q: u32, price: i64, bp: u32) -> Line {
        Line {
            description: "x".into(),
            quantity_milli: q,
            unit: String::new(),
            unit_price_minor: price,
            tax_basis_points: bp,
            net_minor: net(q, price).unwrap(),
        }
    }

    #[test]
    fn ten_and_a_half_hours_at_80_euros_with_19_percent() {
        let l = line(10_500, 8_000, 1900);
        assert_eq!(l.net_minor, 84_000);
        let t = totals(&[l]).unwrap();
        assert_eq!(
            (t.net_minor, t.tax_minor, t.total_minor),
            (84_000, 15_960, 99_960)
        );
    }

    #[test]
    fn tax_is_rounded_once_per_rate_not_per_line() {
        // Three lines of 0.10 at 19 %: 0.019 each; per line that would be 0.02 × 3 = 0.06,
        // per rate it is 0.057 → 0.06 too, but 0.05 × 19 % = 0.0095 → 0.01 on a sum of 3.
        let lines = [
            line(1000, 5, 1900),
            line(1000, 5, 1900),
            line(1000, 5, 1900),
        ];
        let t = totals(&lines).unwrap();
        assert_eq!((t.net_minor, t.tax_minor), (15, 3));
        // Two rates, two groups, lowest first.
        let t = totals(&[line(1000, 10_000, 1900), line(2000, 1_000, 700)]).unwrap();
        assert_eq!(
            t.groups,
            [
                TaxGroup {
                    basis_points: 700,
                    net_minor: 2_000,
                    tax_minor: 140
                },
                TaxGroup {
                    basis_points: 1900,
                    net_minor: 10_000,
                    tax_minor: 1_900
                },
            ]
        );
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(net(500, 1).unwrap(), 1); // 0.5 → 1
        assert_eq!(net(499, 1).unwrap(), 0);
        assert_eq!(net(1500, 3).unwrap(), 5); // 4.5 → 5
        assert_eq!(round_div(-15, 10), -2);
    }

    #[test]
    fn what_is_typed_is_parsed_by_the_one_rule_set() {
        let eur = Currency::parse("EUR").unwrap();
        let input = LineInput {
            description: " Design work ".into(),
            quantity: "10,5".into(),
            unit: "h".into(),
            unit_price: "80.00".into(),
            tax_percent: "19 %".into(),
        };
        let l = parse(&input, eur).unwrap();
        assert_eq!(
            (
                l.quantity_milli,
                l.unit_price_minor,
                l.tax_basis_points,
                l.net_minor
            ),
            (10_500, 8_000, 1900, 84_000)
        );
        assert_eq!(l.description, "Design work");
        let bad = |f: fn(&mut LineInput)| {
            let mut i = input.clone();
            f(&mut i);
            parse(&i, eur).unwrap_err()
        };
        use crate::Coded;
        assert_eq!(
            bad(|i| i.quantity = "0".into()).code(),
            "contract.bad_quantity"
        );
        assert_eq!(
            bad(|i| i.quantity = "1.2345".into()).code(),
            "contract.bad_quantity"
        );
        assert_eq!(
            bad(|i| i.unit_price = "-3".into()).code(),
            "money.bad_amount"
        );
        assert_eq!(
            bad(|i| i.tax_percent = "120".into()).field(),
            Some("tax_percent")
        );
        assert_eq!(
            bad(|i| i.description = " ".into()).field(),
            Some("description")
        );
    }

    proptest! {
        /// For any lines: the nets add up to the net, the groups' taxes to the tax, net +
        /// tax = total, and each rate's tax is within half a minor unit of the exact tax.
        #[test]
        fn lines_and_tax_always_add_up_to_the_total(
            raw in proptest::collection::vec((1u32..10_000_000, 0i64..100_000_000, prop_oneof![Just(0u32), Just(700), Just(1900), Just(2000), 0u32..=10_000]), 1..20)
        ) {
            let lines: Vec<Line> = raw.iter().map(|&(q, p, bp)| line(q, p, bp)).collect();
            let t = totals(&lines).unwrap();
            prop_assert_eq!(lines.iter().map(|l| l.net_minor).sum::<i64>(), t.net_minor);
            prop_assert_eq!(t.groups.iter().map(|g| g.tax_minor).sum::<i64>(), t.tax_minor);
            prop_assert_eq!(t.net_minor + t.tax_minor, t.total_minor);
            for g in &t.groups {
                let exact = i128::from(g.net_minor) * i128::from(g.basis_points);
                let err = (i128::from(g.tax_minor) * 10_000 - exact).abs();
                prop_assert!(err * 2 <= 10_000, "{g:?}");
            }
            for l in &lines {
                let err = (i128::from(l.net_minor) * 1000 - i128::from(l.quantity_milli) * i128::from(l.unit_price_minor)).abs();
                prop_assert!(err * 2 <= 1000);
            }
        }
    }
}
