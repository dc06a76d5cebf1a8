//! Picking a card's values when it has several or writes them loosely: the preferred
//! phone and email, a phone's text, and the birthday forms Juggle accepts (a year may be
//! unknown, `VALUE=text` is not a date).

use chrono::NaiveDate;

use super::card::{find, Prop};
use crate::relationship::dates::UNKNOWN_YEAR;

/// The property of that name the card prefers: lowest `rank`, then preference, then first.
pub(super) fn best<'a>(props: &'a [Prop], name: &str, rank: fn(&Prop) -> u8) -> Option<&'a Prop> {
    props
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name && !p.text.trim().is_empty())
        .min_by_key(|(i, p)| (rank(p), p.preference(), *i))
        .map(|(_, p)| p)
}

/// Which number to call a client's contact on: a mobile, then a work line, then anything
/// else, then home, and a fax or pager last.
pub(super) fn phone_rank(p: &Prop) -> u8 {
    let types = p.types();
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("fax") || has("pager") {
        4
    } else if has("cell") {
        0
    } else if has("work") {
        1
    } else if has("home") {
        3
    } else {
        2
    }
}

/// A TEL value as people write it; 4.0's `tel:+1-555-0100;ext=12` URIs become
/// `+1-555-0100 ext. 12`.
pub(super) fn phone_text(value: &str) -> String {
    let value = value.trim();
    let Some(uri) = strip_prefix_ignore_case(value, "tel:") else {
        return value.to_owned();
    };
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or_default().trim().to_owned();
    let ext = parts.find_map(|p| strip_prefix_ignore_case(p.trim(), "ext="));
    match ext {
        Some(ext) if !ext.is_empty() => format!("{number} ext. {ext}"),
        _ => number,
    }
}

/// `text` without `prefix` (ASCII, any case), when it starts with it.
pub(super) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

pub(super) fn card_birthday(props: &[Prop]) -> Result<Option<NaiveDate>, String> {
    let Some(bday) = find(props, "BDAY").filter(|p| !p.text.trim().is_empty()) else {
        return Ok(None);
    };
    let value_type = bday
        .param("VALUE")
        .and_then(|v| v.first())
        .map(|v| v.to_ascii_lowercase());
    if value_type.as_deref() == Some("text") {
        return Ok(None); // "circa 1980": a vCard may say it, a calendar can't use it
    }
    let day = birthday(&bday.text).ok_or_else(|| {
        format!(
            "its birthday “{}” is not a date (use 1986-04-12, 19860412, --04-12 or --0412)",
            bday.text.trim()
        )
    })?;
    // Apple writes a birthday without a year as 1604-04-12 with X-APPLE-OMIT-YEAR=1604.
    let omitted = bday
        .param("X-APPLE-OMIT-YEAR")
        .and_then(|v| v.first())
        .and_then(|y| y.trim().parse::<i32>().ok());
    Ok(Some(match omitted {
        Some(year) if year == chrono::Datelike::year(&day) => with_unknown_year(day).unwrap_or(day),
        _ => day,
    }))
}

pub(super) fn with_unknown_year(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(UNKNOWN_YEAR, day.month(), day.day())
}

/// A birthday in the forms address books write: `19860412`, `1986-04-12`, `--0412` and
/// `--04-12` (year unknown: `dates::UNKNOWN_YEAR`), any of them followed by a time
/// (`T103000Z`), which is ignored.
pub(super) fn birthday(raw: &str) -> Option<NaiveDate> {
    let date = raw.trim().split(['T', 't']).next().unwrap_or_default();
    let (year, month_day) = match date.strip_prefix("--") {
        Some(rest) => (UNKNOWN_YEAR, rest),
        None => {
            let year = date
                .get(..4)
                .filter(|y| y.chars().all(|c| c.is_ascii_digit()))?;
            let rest = &date[4..];
            (year.parse().ok()?, rest.strip_prefix('-').unwrap_or(rest))
        }
    };
    let (month, day) = match month_day.len() {
        4 => (month_day.get(..2)?, month_day.get(2..)?),
        5 => month_day.split_once('-')?,
        _ => return None,
    };
    if ![month, day]
        .iter()
        .all(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}
