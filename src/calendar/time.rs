//! Dates, wall-clock times and zones: parsing what users type, and turning wall-clock
//! times into instants the way people expect around clock changes.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::CalendarError;

/// Zone used when none is given: `JUGGLE_TZ` (tests pin it), else the system's, else UTC.
pub fn local_zone() -> Tz {
    std::env::var("JUGGLE_TZ")
        .ok()
        .or_else(|| iana_time_zone::get_timezone().ok())
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

pub fn parse_zone(name: &str) -> Result<Tz, CalendarError> {
    name.trim()
        .parse()
        .map_err(|_| CalendarError::UnknownZone(name.to_owned()))
}

pub fn parse_date(raw: &str) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| CalendarError::BadDate(raw.to_owned()))
}

/// `YYYY-MM-DDTHH:MM[:SS]` (a space instead of `T` is fine).
pub fn parse_wall(raw: &str) -> Result<NaiveDateTime, CalendarError> {
    let s = raw.trim().replacen(' ', "T", 1);
    NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M"))
        .map_err(|_| CalendarError::BadDateTime(raw.to_owned()))
}

/// The instant a wall-clock time names in `tz`. In the hour that happens twice when clocks
/// go back, the first one (as calendar apps do); in the hour that is skipped, an error.
pub fn resolve(wall: NaiveDateTime, tz: Tz) -> Result<DateTime<Tz>, CalendarError> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(first, _) => Ok(first),
        LocalResult::None => Err(CalendarError::NonexistentTime(
            wall.format("%Y-%m-%d %H:%M").to_string(),
            tz.name().to_owned(),
        )),
    }
}

/// A day's start in `tz`, moving forward past a skipped midnight (some zones skip it).
pub fn day_start(date: NaiveDate, tz: Tz) -> DateTime<Tz> {
    (0..4)
        .find_map(|h| resolve(date.and_time(NaiveTime::from_hms_opt(h, 0, 0)?), tz).ok())
        .unwrap_or_else(|| {
            Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
                .with_timezone(&tz)
        })
}

/// Seconds since the epoch of a date's midnight in UTC: the key of all-day occurrences.
pub fn date_key(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

/// The instant of a key the core computed itself (from an instant or a day it holds, or a
/// stored one the book import checked), which is always in chrono's range. A key from
/// outside (a command's argument) goes through [`checked_key`] instead: out of range, this
/// one would read as 1970-01-01.
pub fn from_key(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// The instant of a key that came from outside: one no instant has (beyond the years
/// chrono can hold) names no occurrence.
pub fn checked_key(ts: i64) -> Result<DateTime<Utc>, CalendarError> {
    DateTime::from_timestamp(ts, 0).ok_or(CalendarError::NoSuchOccurrence)
}

/// Today's date where the user is.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&local_zone()).date_naive()
}
