//! Invoice numbers by the user's pattern with a yearly sequence: `{year}-{seq:3}` gives
//! 2026-001, 2026-002, … and 2027-001 in January. The next number is read from the
//! invoices themselves inside the transaction that issues one, so a refused action uses
//! no number and none is skipped; the book's UNIQUE constraint makes a repeat impossible.
//!
//! A book numbered its own way before there was a pattern ("INV-9") keeps its way until
//! the user sets a pattern: the suggestion then counts up the latest number instead.

use rusqlite::{Connection, OptionalExtension};

use crate::contracts::ContractError;
use crate::store::{keys, Reader, Writer};

/// The settings key of the pattern.
pub const PATTERN: &str = "invoice.number_pattern";
pub const DEFAULT_PATTERN: &str = "{year}-{seq:3}";

/// A pattern cut around its sequence: what comes before and after it (with `{year}` still
/// in them) and the sequence's least width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    before: String,
    after: String,
    width: usize,
}

impl Pattern {
    /// One `{seq}` or `{seq:N}` (N from 1 to 9), any `{year}`s, other text as is.
    pub fn parse(raw: &str) -> Result<Pattern, ContractError> {
        let bad = || {
            ContractError::OutOfRange(
                "pattern",
                format!(
                    "“{raw}” is not a numbering pattern: it needs one {{seq}} (or {{seq:3}} for 001) and may have {{year}}, like {DEFAULT_PATTERN}."
                ),
            )
        };
        let raw = raw.trim();
        let start = raw.find("{seq").ok_or_else(bad)?;
        let end = start + raw[start..].find('}').ok_or_else(bad)? + 1;
        let width = match &raw[start + 4..end - 1] {
            "" => 1,
            w => w
                .strip_prefix(':')
                .and_then(|w| w.parse::<usize>().ok())
                .filter(|w| (1..=9).contains(w))
                .ok_or_else(bad)?,
        };
        let (before, after) = (&raw[..start], &raw[end..]);
        if after.contains("{seq") || raw.chars().count() > 40 {
            return Err(bad());
        }
        Ok(Pattern {
            before: before.to_owned(),
            after: after.to_owned(),
            width,
        })
    }

    /// The number with sequence `seq` in `year`.
    pub fn format(&self, year: i32, seq: u64) -> String {
        let y = year.to_string();
        format!(
            "{}{seq:0width$}{}",
            self.before.replace("{year}", &y),
            self.after.replace("{year}", &y),
            width = self.width
        )
    }

    /// The sequence `number` has in `year` by this pattern, if it is one of its numbers.
    fn sequence(&self, year: i32, number: &str) -> Option<u64> {
        let y = year.to_string();
        let digits = number
            .strip_prefix(&self.before.replace("{year}", &y))?
            .strip_suffix(&self.after.replace("{year}", &y))?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }
}

/// The user's pattern (the default until one is set).
pub fn pattern(store: &impl Reader) -> Result<Pattern, ContractError> {
    let raw = keys::get(store, PATTERN)?;
    Pattern::parse(raw.as_deref().unwrap_or(DEFAULT_PATTERN))
}

pub fn set_pattern(store: &mut impl Writer, raw: &str) -> Result<Pattern, ContractError> {
    let p = Pattern::parse(raw)?;
    keys::set(store, PATTERN, raw.trim())?;
    Ok(p)
}

/// The next number of `year`: one past the highest sequence of that year's numbers by the
/// pattern (numbers typed by hand in another form do not count, nor take its place).
pub fn next(conn: &Connection, pattern: &Pattern, year: i32) -> Result<String, ContractError> {
    let mut stmt = conn.prepare_cached("SELECT number FROM invoices")?;
    let mut highest = 0u64;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let number: String = row.get(0)?;
        if let Some(seq) = pattern.sequence(year, &number) {
            highest = highest.max(seq);
        }
    }
    let seq = highest.checked_add(1).ok_or(ContractError::Overflow)?;
    Ok(pattern.format(year, seq))
}

/// The number a new invoice issued on a day of `year` takes when none is typed: the next by
/// the pattern once one is set, or when the book's numbers follow the default one (or there
/// are none); else the latest number counted up.
pub fn suggest(conn: &Connection, year: i32) -> Result<String, ContractError> {
    let set = keys::get(conn, PATTERN)?.is_some();
    let pattern = pattern(conn)?;
    let latest: Option<String> = conn
        .query_row(
            "SELECT number FROM invoices ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match latest {
        Some(n) if !set && !pattern.follows(&n) => counted_up(conn, &n),
        _ => next(conn, &pattern, year),
    }
}

impl Pattern {
    /// Whether `number` is one of this pattern's, in any year.
    fn follows(&self, number: &str) -> bool {
        (1000..=9999).any(|y| self.sequence(y, number).is_some())
    }
}

/// The latest number with its last run of digits counted up, keeping its width
/// ("INV-009" → "INV-010"); never one already used.
fn counted_up(conn: &Connection, latest: &str) -> Result<String, ContractError> {
    let taken = |n: &str| -> Result<bool, ContractError> {
        Ok(conn.query_row(
            "SELECT count(*) > 0 FROM invoices WHERE number = ?1",
            [n],
            |r| r.get(0),
        )?)
    };
    let mut candidate = next_number(latest).unwrap_or_else(|| format!("{latest}-2"));
    // A number typed by hand may already sit ahead: step on until a free one.
    for _ in 0..1000 {
        if !taken(&candidate)? {
            break;
        }
        candidate = next_number(&candidate).unwrap_or_else(|| format!("{candidate}-2"));
    }
    Ok(candidate)
}

/// `number` with its last run of digits plus one, zero-padded to the same width.
fn next_number(number: &str) -> Option<String> {
    let end = number.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = number[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let digits = &number[start..end];
    let next = digits.parse::<u64>().ok()?.checked_add(1)?;
    let width = digits.len();
    Some(format!(
        "{}{next:0width$}{}",
        &number[..start],
        &number[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_number_counts_up_the_last_digits_keeping_their_width() {
        assert_eq!(next_number("2026-031").as_deref(), Some("2026-032"));
        assert_eq!(next_number("INV-009").as_deref(), Some("INV-010"));
        assert_eq!(next_number("INV-9").as_deref(), Some("INV-10"));
        assert_eq!(next_number("A12/2026x").as_deref(), Some("A12/2027x"));
        assert_eq!(next_number("7").as_deref(), Some("8"));
        assert_eq!(next_number("draft"), None);
    }

    #[test]
    fn a_pattern_has_one_sequence_and_any_years() {
        let p = Pattern::parse("{year}-{seq:3}").unwrap();
        assert_eq!(p.format(2026, 7), "2026-007");
        assert_eq!(p.format(2026, 1234), "2026-1234");
        assert_eq!(p.sequence(2026, "2026-031"), Some(31));
        assert_eq!(p.sequence(2027, "2026-031"), None);
        assert_eq!(p.sequence(2026, "2026-03a"), None);
        let p = Pattern::parse("INV/{seq}/{year}").unwrap();
        assert_eq!(p.format(2027, 12), "INV/12/2027");
        assert_eq!(p.sequence(2027, "INV/12/2027"), Some(12));
        for bad in ["{year}", "{seq}{seq}", "{seq:0}", "{seq:x}", "{seq:10}", ""] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
    }
}
