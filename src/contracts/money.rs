//! Money: integer minor units of an ISO 4217 currency, parsed from and shown as decimal
//! text by the currency's own exponent (EUR 2, JPY 0, KWD 3). No floats anywhere, and
//! every sum is overflow-checked.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::ContractError;

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Money {
    /// Minor units (cents for EUR).
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A currency Juggle can invoice in: a known ISO 4217 code with a decimal exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    code: iso_currency::Currency,
    exponent: u16,
}

impl Currency {
    pub fn parse(code: &str) -> Result<Currency, ContractError> {
        let upper = code.trim().to_ascii_uppercase();
        iso_currency::Currency::from_code(&upper)
            .and_then(|c| c.exponent().map(|exponent| Currency { code: c, exponent }))
            .ok_or(ContractError::UnknownCurrency(code.trim().to_owned()))
    }

    pub fn code(self) -> &'static str {
        self.code.code()
    }

    pub fn exponent(self) -> u16 {
        self.exponent
    }

    /// "1,234.5" / "1234.50" / "1234" → minor units. At most `exponent` decimals; a
    /// thousands separator of `,` or a space is allowed; no sign (amounts are never negative).
    pub fn parse_amount(self, raw: &str) -> Result<i64, ContractError> {
        let bad = || {
            ContractError::BadAmount(raw.trim().to_owned(), self.code().to_owned(), self.exponent)
        };
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ' && *c != '\u{a0}')
            .collect();
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole)
            || (!fraction.is_empty() && !digits(fraction))
            || cleaned.ends_with('.') && self.exponent == 0
        {
            return Err(bad());
        }
        if fraction.len() > usize::from(self.exponent) {
            return Err(bad());
        }
        let scale = 10i64
            .checked_pow(u32::from(self.exponent))
            .ok_or(ContractError::Overflow)?;
        let whole: i64 = whole.parse().map_err(|_| ContractError::Overflow)?;
        let padded = format!("{fraction:0<width$}", width = usize::from(self.exponent));
        let fraction: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().map_err(|_| bad())?
        };
        whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(fraction))
            .ok_or(ContractError::Overflow)
    }

    /// Minor units as plain decimal text ("1234.50"), for files; the UI formats with
    /// `Intl.NumberFormat`.
    pub fn format(self, minor: i64) -> String {
        let exp = usize::from(self.exponent);
        if exp == 0 {
            return minor.to_string();
        }
        let sign = if minor < 0 { "-" } else { "" };
        let digits = format!("{:0>width$}", minor.unsigned_abs(), width = exp + 1);
        let (whole, fraction) = digits.split_at(digits.len() - exp);
        format!("{sign}{whole}.{fraction}")
    }
}

/// A currency the UI may offer and must format: its code, name and minor-unit exponent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CurrencyInfo {
    pub code: String,
    pub name: String,
    pub exponent: u16,
}

/// Every invoiceable ISO 4217 currency, by code. The UI formats amounts with these
/// exponents: CLDR's display digits differ from ISO's minor unit for some (HUF, IDR…).
pub fn currencies() -> Vec<CurrencyInfo> {
    let mut all: Vec<CurrencyInfo> =
        <iso_currency::Currency as iso_currency::IntoEnumIterator>::iter()
            .filter_map(|c: iso_currency::Currency| {
                c.exponent().map(|exponent| CurrencyInfo {
                    code: c.code().to_owned(),
                    name: c.name().to_owned(),
                    exponent,
                })
            })
            .collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    all
}

/// `a + b`, or an overflow error.
pub fn add(a: i64, b: i64) -> Result<i64, ContractError> {
    a.checked_add(b).ok_or(ContractError::Overflow)
}

/// `a × n`, or an overflow error.
pub fn times(a: i64, n: i64) -> Result<i64, ContractError> {
    a.checked_mul(n).ok_or(ContractError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_currency_exponent() {
        let eur = Currency::parse("eur").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(eur.parse_amount("1,234.5").unwrap(), 123_450);
        assert_eq!(eur.parse_amount("1234").unwrap(), 123_400);
        assert_eq!(eur.parse_amount("0.07").unwrap(), 7);
        assert_eq!(jpy.parse_amount("15000").unwrap(), 15_000);
        assert_eq!(kwd.parse_amount("1.005").unwrap(), 1_005);
        for bad in ["", "1.234", "-5", "1e3", "abc", "1.2.3", "."] {
            assert!(eur.parse_amount(bad).is_err(), "{bad}");
        }
        assert!(jpy.parse_amount("10.5").is_err(), "yen has no minor units");
        assert!(matches!(
            eur.parse_amount("99999999999999999999"),
            Err(ContractError::Overflow)
        ));
        assert_eq!(
            (
                eur.format(123_450),
                jpy.format(15_000),
                kwd.format(1_005),
                eur.format(5)
            ),
            (
                "1234.50".into(),
                "15000".into(),
                "1.005".into(),
                "0.05".into()
            )
        );
    }

    #[test]
    fn the_currency_list_carries_iso_exponents() {
        let all = currencies();
        let exponent = |code: &str| all.iter().find(|c| c.code == code).map(|c| c.exponent);
        assert_eq!(
            (
                exponent("EUR"),
                exponent("JPY"),
                exponent("KWD"),
                exponent("HUF"),
                exponent("XAU")
            ),
            (Some(2), Some(0), Some(3), Some(2), None)
        );
    }

    #[test]
    fn unknown_and_non_decimal_currencies_are_refused() {
        assert!(matches!(
            Currency::parse("ABC"),
            Err(ContractError::UnknownCurrency(_))
        ));
        assert!(Currency::parse("XAU").is_err(), "gold has no minor unit");
        assert_eq!(Currency::parse(" usd ").unwrap().code(), "USD");
    }
}
