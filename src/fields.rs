//! What people type into a form or a CLI flag, parsed once by one set of rules for every
//! area: a blank required field says what to enter, a day is `YYYY-MM-DD` with a
//! four-digit year (the capacity check narrows it to 1900–2200: further out is a typo, and
//! would make its plan run over millennia), hours are "6", "1.5", "0,25" or "7:30", text is trimmed and has a length limit.
//!
//! The problem is a [`FieldError`] naming its field; each area wraps it in its own error
//! (`CapacityError::Field`, …), whose code keeps the area's stable prefix
//! (`capacity.bad_date`, `contract.bad_date`, `relationship.missing`).

use chrono::{Datelike, NaiveDate};

/// Years a typed day may have: four digits, so "20260-01-01" is a typo, not a date, while a
/// vCard's 1604 (a birthday whose year is unknown) or a company founded in 1850 still are.
/// Areas that plan ahead narrow it (`day_within`).
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Upper bound for any one number of hours: a few working years.
const MAX_HOURS: f64 = 100_000.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Blank where a value is needed.
    Missing,
    /// Not a day, or a day outside [`YEARS`]; the text as typed.
    BadDate(String),
    /// Not a number of hours; the text as typed.
    BadHours(String),
    /// Longer than allowed, in characters.
    TooLong { len: usize, max: usize },
    /// Not a whole number (a count, days, months, a percentage); the text as typed.
    NotWhole(String),
    /// Not a percentage with at most two decimals; the text as typed.
    BadPercent(String),
    /// Not a positive quantity with at most three decimals; the text as typed.
    BadQuantity(String),
}

/// A field's value refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field, as the forms and the `{ field }` of errors name it.
    pub field: &'static str,
    pub problem: Problem,
}

/// The area whose error a field problem becomes: its code prefix.
#[derive(Debug, Clone, Copy)]
pub enum Area {
    Capacity,
    Contract,
    Relationship,
    Time,
}

impl FieldError {
    fn new(field: &'static str, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }

    /// The stable code of this problem in `area` (`capacity.bad_date`).
    pub fn code(&self, area: Area) -> &'static str {
        use Area::*;
        use Problem::*;
        match (area, &self.problem) {
            (Capacity, Missing) => "capacity.missing",
            (Capacity, BadDate(_)) => "capacity.bad_date",
            (Capacity, BadHours(_)) => "capacity.bad_hours",
            (Capacity, TooLong { .. }) => "capacity.too_long",
            (Capacity, NotWhole(_)) => "capacity.not_whole",
            (Capacity, BadPercent(_)) => "capacity.bad_percent",
            (Capacity, BadQuantity(_)) => "capacity.bad_quantity",
            (Contract, Missing) => "contract.missing",
            (Contract, BadDate(_)) => "contract.bad_date",
            (Contract, BadHours(_)) => "contract.bad_hours",
            (Contract, TooLong { .. }) => "contract.too_long",
            (Contract, NotWhole(_)) => "contract.not_whole",
            (Contract, BadPercent(_)) => "contract.bad_percent",
            (Contract, BadQuantity(_)) => "contract.bad_quantity",
            (Relationship, Missing) => "relationship.missing",
            (Relationship, BadDate(_)) => "relationship.bad_date",
            (Relationship, BadHours(_)) => "relationship.bad_hours",
            (Relationship, TooLong { .. }) => "relationship.too_long",
            (Relationship, NotWhole(_)) => "relationship.not_whole",
            (Relationship, BadPercent(_)) => "relationship.bad_percent",
            (Relationship, BadQuantity(_)) => "relationship.bad_quantity",
            (Time, Missing) => "time.missing",
            (Time, BadDate(_)) => "time.bad_date",
            (Time, BadHours(_)) => "time.bad_hours",
            (Time, TooLong { .. }) => "time.too_long",
            (Time, NotWhole(_)) => "time.not_whole",
            (Time, BadPercent(_)) => "time.bad_percent",
            (Time, BadQuantity(_)) => "time.bad_quantity",
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::Missing => write!(f, "Enter {}.", label(self.field)),
            Problem::BadDate(raw) if raw.is_empty() => write!(f, "Enter {}.", label(self.field)),
            // The app's date fields never send bad text; a command line or a file does.
            Problem::BadDate(raw) => {
                write!(
                    f,
                    "“{raw}” is not a date: choose one, or type it like 2026-12-31."
                )
            }
            Problem::BadHours(raw) => {
                write!(f, "“{raw}” is not a number of hours (like 6, 1.5 or 0.25).")
            }
            Problem::TooLong { len, max } => write!(
                f,
                "Keep {} under {max} characters (it has {len}).",
                label(self.field)
            ),
            Problem::NotWhole(raw) => write!(
                f,
                "“{raw}” is not a whole number: type {} in digits only.",
                label(self.field)
            ),
            Problem::BadQuantity(raw) => {
                write!(
                    f,
                    "“{raw}” is not a quantity: type a number above zero like 1, 10.5 or 0.25."
                )
            }
            Problem::BadPercent(raw) => {
                write!(f, "“{raw}” is not a percentage (like 25 or 33.33).")
            }
        }
    }
}

impl std::error::Error for FieldError {}

/// A field's name in a sentence ("Enter the deadline.").
fn label(field: &str) -> &'static str {
    match field {
        "deadline" => "the deadline",
        "hours" => "the hours of work",
        "estimate_hours" => "the estimate in hours",
        "done_hours" => "the hours done",
        "first_day" => "the first day",
        "last_day" => "the last day",
        "weekday_hours" => "the hours of each day",
        "due" => "the due day",
        "start" | "start_date" => "the start day",
        "end" | "end_date" => "the end day",
        "follow_up" => "the follow-up day",
        "day" | "date" => "the day",
        "title" => "the title",
        "scope" => "the scope",
        "notes" => "the notes",
        "summary" => "the summary",
        "label" => "the label",
        "text" => "the text",
        "number" => "the invoice number",
        "estimated_hours" => "the estimated hours",
        "payment_terms_days" => "the payment terms",
        "notice_days" => "the notice period",
        "deposit_percent" => "the deposit",
        "count" => "the number of instalments",
        "every_months" => "the months between instalments",
        "day_of_month" => "the day of the month",
        "shares" => "each milestone's share",
        "note" => "the note",
        "from" => "the start time",
        "to" => "the end time",
        _ => "a value",
    }
}

/// The trimmed text of a field that must not be blank.
fn required<'a>(field: &'static str, raw: &'a str) -> Result<&'a str, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, Problem::Missing));
    }
    Ok(t)
}

/// A required day.
pub fn day(field: &'static str, raw: &str) -> Result<NaiveDate, FieldError> {
    day_within(field, raw, YEARS)
}

/// A required day whose year is in `years`.
pub fn day_within(
    field: &'static str,
    raw: &str,
    years: std::ops::RangeInclusive<i32>,
) -> Result<NaiveDate, FieldError> {
    let t = required(field, raw)?;
    let bad = || FieldError::new(field, Problem::BadDate(t.to_owned()));
    let day = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
    if !years.contains(&day.year()) {
        return Err(bad());
    }
    Ok(day)
}

/// A day, or none when left blank.
pub fn optional_day(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        day(field, raw).map(Some)
    }
}

/// Hours as typed ("6", "1.5", "0,25", "7:30") to whole minutes, rounded to the nearest.
pub fn minutes(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let t = required(field, raw)?;
    let bad = || FieldError::new(field, Problem::BadHours(t.to_owned()));
    let hours = if let Some((h, m)) = t.split_once(':') {
        let (h, m): (u32, u32) = (
            h.trim().parse().map_err(|_| bad())?,
            m.trim().parse().map_err(|_| bad())?,
        );
        if m >= 60 {
            return Err(bad());
        }
        f64::from(h) + f64::from(m) / 60.0
    } else {
        t.replace(',', ".").parse::<f64>().map_err(|_| bad())?
    };
    if !hours.is_finite() || !(0.0..=MAX_HOURS).contains(&hours) {
        return Err(bad());
    }
    Ok((hours * 60.0).round() as u32)
}

/// A whole number as typed ("14", " 3 "): digits only, so "1.5", "-1" and "1e3" are refused
/// rather than rounded, cut or read as something else. Ranges are the area's rule.
pub fn whole(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let t = required(field, raw)?;
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, Problem::NotWhole(t.to_owned())));
    }
    // Only digits: the one way left to fail is a number too large for any count here.
    t.parse()
        .map_err(|_| FieldError::new(field, Problem::NotWhole(t.to_owned())))
}

/// A whole number, or none when left blank.
pub fn optional_whole(field: &'static str, raw: &str) -> Result<Option<u32>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        whole(field, raw).map(Some)
    }
}

/// A percentage as typed ("25", "33.33", "33,3 %") in basis points (2500, 3333, 3330), by
/// moving the decimal point in the text (no float rounding): at most three digits before
/// the point and two after, so shares of a total split exactly.
pub fn basis_points(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let t = required(field, raw)?;
    let bad = || FieldError::new(field, Problem::BadPercent(t.to_owned()));
    let number = t
        .strip_suffix('%')
        .unwrap_or(t)
        .trim_end()
        .replace(',', ".");
    let (int, frac) = number.split_once('.').unwrap_or((&number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 3 || frac.len() > 2 || !digits(int) || !digits(frac) {
        return Err(bad());
    }
    format!("{int}{frac:0<2}").parse().map_err(|_| bad())
}

/// A quantity as typed ("10.5", "0,25", "3") in thousandths (10500, 250, 3000), by moving
/// the decimal point in the text: above zero, at most three decimals and a million units.
pub fn quantity(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    let t = required(field, raw)?;
    let bad = || FieldError::new(field, Problem::BadQuantity(t.to_owned()));
    let number = t.replace(',', ".");
    let (int, frac) = number.split_once('.').unwrap_or((&number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 6 || frac.len() > 3 || !digits(int) || !digits(frac) {
        return Err(bad());
    }
    let value: u32 = format!("{int}{frac:0<3}").parse().map_err(|_| bad())?;
    if value == 0 {
        return Err(bad());
    }
    Ok(value)
}

/// Trimmed free text of at most `max` characters (blank allowed).
pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let t = raw.trim();
    let len = t.chars().count();
    if len > max {
        return Err(FieldError::new(field, Problem::TooLong { len, max }));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_iso_within_the_years_people_plan_in() {
        assert_eq!(
            day("due", " 2027-01-04 ").unwrap().to_string(),
            "2027-01-04"
        );
        for bad in [
            "20260-01-01",
            "+262143-12-31",
            "0999-12-31",
            "4/1/2027",
            "2027-02-30",
        ] {
            let e = day("due", bad).unwrap_err();
            assert_eq!(e.problem, Problem::BadDate(bad.to_owned()), "{bad}");
        }
        assert!(
            day("birthday", "1604-03-30").is_ok(),
            "vCard's unknown year"
        );
        assert!(day_within("due", "9999-12-31", 1900..=2200).is_err());
        assert_eq!(day("due", "  ").unwrap_err().problem, Problem::Missing);
        assert_eq!(optional_day("due", " ").unwrap(), None);
    }

    #[test]
    fn hours_accept_decimals_commas_and_clock_notation() {
        assert_eq!(minutes("h", "6").unwrap(), 360);
        assert_eq!(minutes("h", "1.5").unwrap(), 90);
        assert_eq!(minutes("h", "0,25").unwrap(), 15);
        assert_eq!(minutes("h", "7:30").unwrap(), 450);
        for bad in ["-1", "abc", "1:75", "NaN", "inf", "1e9"] {
            assert!(
                matches!(
                    minutes("hours", bad).unwrap_err().problem,
                    Problem::BadHours(_)
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn whole_numbers_are_digits_only() {
        assert_eq!(whole("count", " 12 ").unwrap(), 12);
        assert_eq!(whole("count", "0").unwrap(), 0);
        for bad in ["abc", "1.5", "-1", "1e3", "+3", "1 2", "99999999999"] {
            assert_eq!(
                whole("count", bad).unwrap_err().problem,
                Problem::NotWhole(bad.to_owned()),
                "{bad}"
            );
        }
        assert_eq!(whole("count", " ").unwrap_err().problem, Problem::Missing);
        assert_eq!(optional_whole("notice_days", " ").unwrap(), None);
        assert_eq!(optional_whole("notice_days", "30").unwrap(), Some(30));
        assert!(optional_whole("notice_days", "-30").is_err());
        assert_eq!(
            whole("payment_terms_days", "1.5").unwrap_err().to_string(),
            "“1.5” is not a whole number: type the payment terms in digits only."
        );
    }

    #[test]
    fn percentages_become_basis_points_without_rounding() {
        assert_eq!(basis_points("shares", "33.33").unwrap(), 3333);
        assert_eq!(basis_points("shares", "33,3 %").unwrap(), 3330);
        assert_eq!(basis_points("shares", "25").unwrap(), 2500);
        assert_eq!(basis_points("shares", "25.").unwrap(), 2500);
        for bad in ["abc", "33.333", "-5", "1000", ".5", "1.2.3", "5%%"] {
            assert_eq!(
                basis_points("shares", bad).unwrap_err().problem,
                Problem::BadPercent(bad.to_owned()),
                "{bad}"
            );
        }
        assert_eq!(
            basis_points("shares", "").unwrap_err().problem,
            Problem::Missing
        );
    }

    #[test]
    fn messages_name_the_field_in_words_never_its_identifier() {
        assert_eq!(
            day("deadline", "").unwrap_err().to_string(),
            "Enter the deadline."
        );
        let long = text("notes", &"x".repeat(11), 10).unwrap_err().to_string();
        assert_eq!(long, "Keep the notes under 10 characters (it has 11).");
    }

    #[test]
    fn codes_keep_each_area_prefix() {
        let e = day("due", "x").unwrap_err();
        assert_eq!(e.code(Area::Capacity), "capacity.bad_date");
        assert_eq!(e.code(Area::Contract), "contract.bad_date");
        assert_eq!(e.code(Area::Relationship), "relationship.bad_date");
    }
}
