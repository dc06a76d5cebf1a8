//! Values as a file writes them: properties and parameters of a parsed component, dates
//! and date-times (in the zone their TZID names), durations, and the keys of occurrences.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component as Parsed, Property as ParsedProp};

use crate::calendar::events::When;
use crate::calendar::time::{self, date_key};

use super::zones::Ctx;

/// A date or date-time value as the file gives it.
#[derive(Debug, Clone, Copy)]
pub(super) enum IcsTime {
    Date(NaiveDate),
    At(DateTime<Tz>),
}

pub(super) fn prop<'a>(c: &'a Parsed<'a>, name: &str) -> Option<&'a ParsedProp<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

pub(super) fn props<'a>(
    c: &'a Parsed<'a>,
    name: &'a str,
) -> impl Iterator<Item = &'a ParsedProp<'a>> {
    c.properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

pub(super) fn param<'a>(p: &'a ParsedProp<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A DTSTART/DTEND/EXDATE/RDATE/RECURRENCE-ID value (one of a comma list). `floating`
/// is the zone of a floating time; an unknown TZID is read as floating, with a note.
pub(super) fn ics_time(
    value: &str,
    p: &ParsedProp,
    ctx: &Ctx,
    floating: Tz,
    notes: &mut Vec<String>,
) -> Result<IcsTime, String> {
    ics_time_in(value, p, param(p, "TZID"), ctx, floating, notes)
}

/// The TZID a local time of `own` is read in: its own, else (a floating DTSTART beside a
/// zoned DTEND) its partner's: one event, one zone.
pub(super) fn tzid_of<'a>(
    own: &'a ParsedProp<'a>,
    other: Option<&'a ParsedProp<'a>>,
) -> Option<&'a str> {
    param(own, "TZID").or_else(|| other.and_then(|o| param(o, "TZID")))
}

/// [`ics_time`] with the TZID of a local time given: the property's own, or (a floating
/// DTSTART beside a zoned DTEND, as ownCloud writes) its partner's.
pub(super) fn ics_time_in(
    value: &str,
    p: &ParsedProp,
    tzid: Option<&str>,
    ctx: &Ctx,
    floating: Tz,
    notes: &mut Vec<String>,
) -> Result<IcsTime, String> {
    let v = value.trim();
    let is_date = param(p, "VALUE").is_some_and(|t| t.eq_ignore_ascii_case("DATE")) || v.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(IcsTime::Date)
            .map_err(|_| format!("“{v}” is not a date"));
    }
    let bad = || format!("“{v}” is not a date-time");
    let parse = |s: &str| {
        NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M"))
    };
    if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        let t = parse(utc).map_err(|_| bad())?;
        // A TZID on a UTC value is out of spec (RFC 5545 §3.2.19); the writers that do it
        // (ownCloud 0.7) mean the zone's wall clock, as other readers take it.
        if let Some(zoned) = param(p, "TZID").and_then(|id| ctx.zoned(id, t)) {
            return Ok(IcsTime::At(zoned));
        }
        return Ok(IcsTime::At(
            Utc.from_utc_datetime(&t).with_timezone(&floating),
        ));
    }
    let wall = parse(v).map_err(|_| bad())?;
    let Some(id) = tzid else {
        // Floating time: the calendar's or the user's zone.
        return Ok(IcsTime::At(resolve_lenient(wall, floating)));
    };
    if let Some(t) = ctx.zoned(id, wall) {
        return Ok(IcsTime::At(t));
    }
    let note = format!(
        "time zone “{id}” is unknown and the file does not define it: read as local time ({})",
        floating.name()
    );
    if !notes.contains(&note) {
        notes.push(note);
    }
    Ok(IcsTime::At(resolve_lenient(wall, floating)))
}

/// A wall-clock time in a zone; one the clocks skip is the instant just after the gap,
/// as other calendars do.
pub(super) fn resolve_lenient(wall: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    time::resolve(wall, tz)
        .or_else(|_| time::resolve(wall + Duration::hours(1), tz))
        .unwrap_or_else(|_| Utc.from_utc_datetime(&wall).with_timezone(&tz))
}

pub(super) fn time_key(t: &IcsTime) -> i64 {
    match t {
        IcsTime::Date(d) => date_key(*d),
        IcsTime::At(t) => t.timestamp(),
    }
}

/// The key of an occurrence of a series that starts at `first`, named by `t` — which
/// may be of the other value type (Google's `EXDATE;VALUE=DATE` on a timed series, Office
/// 365's date-time RECURRENCE-ID on an all-day one).
pub(super) fn key_in(t: &IcsTime, first: &When) -> i64 {
    match (t, first) {
        (IcsTime::Date(d), When::Timed { start, .. }) => {
            time::resolve(d.and_time(start.naive_local().time()), start.timezone())
                .map(|t| t.timestamp())
                .unwrap_or_else(|_| date_key(*d))
        }
        (IcsTime::At(t), When::AllDay { .. }) => date_key(t.date_naive()),
        (t, _) => time_key(t),
    }
}

/// `P1D`, `PT1H30M`, `-PT15M`, `P2W` (RFC 5545 §3.3.6); `None` when malformed or beyond
/// a century (no panic on `P99999999999W`).
pub(super) fn ics_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut total, mut number, mut in_time) = (0i64, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' if number.len() < 12 => number.push(c),
            '0'..='9' => return None,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
            }
        }
    }
    if !number.is_empty() || total > 100 * 366 * 86_400 {
        return None;
    }
    Duration::try_seconds(sign * total)
}

pub(super) fn add(t: &IcsTime, d: Duration) -> Option<IcsTime> {
    Some(match t {
        IcsTime::Date(s) => IcsTime::Date(s.checked_add_signed(d)?),
        IcsTime::At(s) => IcsTime::At(s.checked_add_signed(d)?),
    })
}

pub(super) fn wall(t: &DateTime<Tz>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S").to_string()
}
