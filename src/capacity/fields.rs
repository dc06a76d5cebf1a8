//! Parsing what the user typed into capacity forms and the CLI.

use chrono::NaiveDate;

use super::CapacityError;
use crate::fields;

/// Years a plan may reach: further out is a typo, and would make every check plan
/// millennia of days.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

pub fn day(field: &'static str, raw: &str) -> Result<NaiveDate, CapacityError> {
    Ok(fields::day_within(field, raw, YEARS)?)
}

pub fn optional_day(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, CapacityError> {
    Ok(fields::optional_day(field, raw)?)
}

/// Hours as typed ("6", "1.5", "0,25", "7:30") to whole minutes, rounded to the nearest.
pub fn minutes(field: &'static str, raw: &str) -> Result<u32, CapacityError> {
    Ok(fields::minutes(field, raw)?)
}

/// Minutes as hours for JSON and sentences: at most two decimals.
pub fn hours(minutes: u64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, CapacityError> {
    Ok(fields::text(field, raw, max)?)
}

pub fn title(raw: &str) -> Result<String, CapacityError> {
    let t = text("title", raw, 300)?;
    if t.is_empty() {
        return Err(CapacityError::EmptyTitle);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;

    #[test]
    fn hours_accept_decimals_commas_and_clock_notation() {
        assert_eq!(minutes("h", "6").unwrap(), 360);
        assert_eq!(minutes("h", "1.5").unwrap(), 90);
        assert_eq!(minutes("h", "0,25").unwrap(), 15);
        assert_eq!(minutes("h", "7:30").unwrap(), 450);
        assert_eq!(minutes("h", " 2 ").unwrap(), 120);
    }

    #[test]
    fn nonsense_hours_are_refused_with_the_field() {
        assert_eq!(
            minutes("hours", " ").unwrap_err().to_string(),
            "Enter the hours of work."
        );
        assert_eq!(
            day("deadline", "").unwrap_err().to_string(),
            "Enter the deadline."
        );
        for bad in ["+262143-12-31", "9999-12-31"] {
            let e = day("due", bad).unwrap_err();
            assert_eq!((e.code(), e.field()), ("capacity.bad_date", Some("due")));
        }
        for bad in ["-1", "abc", "1:75", "NaN", "inf", "1e9"] {
            let e = minutes("estimate_hours", bad).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                ("capacity.bad_hours", Some("estimate_hours")),
                "{bad}"
            );
        }
    }
}
