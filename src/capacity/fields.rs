//! Parsing what the user typed into capacity forms and the CLI.

use chrono::NaiveDate;

use super::CapacityError;

/// Upper bound for any one estimate: a few working years.
const MAX_HOURS: f64 = 100_000.0;

pub fn day(field: &'static str, raw: &str) -> Result<NaiveDate, CapacityError> {
    if raw.trim().is_empty() {
        return Err(CapacityError::Missing(field));
    }
    let bad = || CapacityError::BadDate(field, raw.trim().to_owned());
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    // Years far out are typos, and would make every check plan millennia of days.
    if !(1900..=2200).contains(&chrono::Datelike::year(&day)) {
        return Err(bad());
    }
    Ok(day)
}

pub fn optional_day(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, CapacityError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        day(field, raw).map(Some)
    }
}

/// Hours as typed ("6", "1.5", "0,25", "7:30") to whole minutes, rounded to the nearest.
pub fn minutes(field: &'static str, raw: &str) -> Result<u32, CapacityError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(CapacityError::Missing(field));
    }
    let bad = || CapacityError::BadHours(field, t.to_owned());
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

/// Minutes as hours for JSON and sentences: at most two decimals.
pub fn hours(minutes: u64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, CapacityError> {
    let t = raw.trim();
    let n = t.chars().count();
    if n > max {
        return Err(CapacityError::TooLong(field, n, max));
    }
    Ok(t.to_owned())
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
        assert!(matches!(
            day("due", "+262143-12-31"),
            Err(CapacityError::BadDate("due", _))
        ));
        assert!(matches!(
            day("due", "9999-12-31"),
            Err(CapacityError::BadDate("due", _))
        ));
        for bad in ["-1", "abc", "1:75", "NaN", "inf", "1e9"] {
            let e = minutes("estimate_hours", bad).unwrap_err();
            assert!(
                matches!(e, CapacityError::BadHours("estimate_hours", _)),
                "{bad}: {e}"
            );
        }
    }
}
