//! One VEVENT understood: its times, repeat rules, EXDATEs and RDATEs, as a Juggle event.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component as Parsed, Property as ParsedProp};
use rusqlite::Transaction;

use crate::calendar::events::{ValidEvent, When};
use crate::calendar::recurrence::{self, Series};
use crate::calendar::time::{self, date_key};
use crate::calendar::{EventInput, EventKind};
use crate::clients::ClientId;

use super::save::client_named;
use super::values::{
    add, ics_duration, ics_time, ics_time_in, key_in, param, prop, props, resolve_lenient, tzid_of,
    unescape, wall, IcsTime,
};
use super::zones::Ctx;
use super::MAX_REMINDER_MINUTES;

/// One VEVENT, understood.
pub(super) struct Incoming {
    pub(super) line: u32,
    pub(super) uid: String,
    /// RECURRENCE-ID as written: this is an edited (or cancelled) occurrence of `uid`.
    pub(super) recurrence: Option<IcsTime>,
    /// RANGE=THISANDFUTURE on the RECURRENCE-ID.
    pub(super) and_future: bool,
    pub(super) cancelled: bool,
    pub(super) event: ValidEvent,
    pub(super) exdates: Vec<i64>,
    /// RDATE occurrences: their key and when each happens.
    pub(super) rdates: Vec<(i64, When)>,
}

/// An RRULE value as the rrule crate reads it: unescaped (`\;`), without empty parts or
/// trailing commas, and with an UNTIL of the form RFC 5545 asks for — a date-only UNTIL
/// (all-day series) or a local time (Exchange 2010, Zimbra) becomes the UTC instant it
/// means in the series' zone. `None` for an empty rule (a single event).
pub(super) fn rule_text(raw: &str, first: &When) -> Option<String> {
    let raw = raw.replace("\\;", ";").replace("\\,", ",");
    let mut parts = vec![];
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            parts.push(part.to_owned());
            continue;
        };
        let key = key.trim().to_ascii_uppercase();
        let value = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(",");
        if key == "UNTIL" {
            parts.push(format!("UNTIL={}", until_utc(&value, first)));
        } else {
            parts.push(format!("{key}={value}"));
        }
    }
    (!parts.is_empty()).then(|| parts.join(";"))
}

pub(super) fn until_utc(value: &str, first: &When) -> String {
    let v = value.trim();
    if v.ends_with(['Z', 'z']) {
        return v.to_ascii_uppercase();
    }
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    if let Ok(day) = NaiveDate::parse_from_str(v, "%Y%m%d") {
        return match first {
            // All-day series are anchored at 00:00 UTC of each date.
            When::AllDay { .. } => fmt(time::from_key(date_key(day))),
            // The whole of that day where the series happens.
            When::Timed { start, .. } => {
                let next = day.succ_opt().unwrap_or(day);
                fmt(time::day_start(next, start.timezone()).with_timezone(&Utc)
                    - Duration::seconds(1))
            }
        };
    }
    match (NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S"), first) {
        (Ok(t), When::AllDay { .. }) => fmt(time::from_key(date_key(t.date()))),
        (Ok(t), When::Timed { start, .. }) => time::resolve(t, start.timezone())
            .map(|t| fmt(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| fmt(t.and_utc())),
        _ => v.to_owned(), // left for the rrule crate to refuse
    }
}

pub(super) fn understand(
    tx: &Transaction,
    c: &Parsed,
    ctx: &Ctx,
    uid: &str,
    client: Option<ClientId>,
    notes: &mut Vec<String>,
) -> Result<Incoming, String> {
    let floating = ctx.default_tz;
    let start_prop = prop(c, "DTSTART").ok_or("it has no start (DTSTART)")?;
    let end_prop = prop(c, "DTEND");
    let start = ics_time_in(
        start_prop.val.as_str(),
        start_prop,
        tzid_of(start_prop, end_prop),
        ctx,
        floating,
        notes,
    )?;
    let end = match (end_prop, prop(c, "DURATION")) {
        (Some(p), _) => Some(ics_time_in(
            p.val.as_str(),
            p,
            tzid_of(p, Some(start_prop)),
            ctx,
            floating,
            notes,
        )?),
        (None, Some(d)) => {
            let d = ics_duration(d.val.as_str()).ok_or("its DURATION is malformed or too long")?;
            Some(add(&start, d).ok_or("its DURATION is too long")?)
        }
        (None, None) => None,
    };
    let tz = match &start {
        IcsTime::At(t) => t.timezone(),
        IcsTime::Date(_) => floating,
    };
    let (start_text, end_text, all_day) = match (&start, &end) {
        // DTEND of an all-day event is exclusive; Juggle's last day is inclusive.
        (IcsTime::Date(s), Some(IcsTime::Date(e))) => (
            s.to_string(),
            (*e - Duration::days(1)).max(*s).to_string(),
            true,
        ),
        (IcsTime::Date(s), None) => (s.to_string(), s.to_string(), true),
        // An end that is a time on a date start: the event's days, to that end's date.
        (IcsTime::Date(s), Some(IcsTime::At(e))) => {
            (s.to_string(), e.date_naive().max(*s).to_string(), true)
        }
        (IcsTime::At(s), Some(IcsTime::At(e))) if e > s => {
            (wall(s, tz), wall(&e.with_timezone(&tz), tz), false)
        }
        // No end, or an end not after the start: RFC 5545 makes it an instant; it gets
        // half an hour so that it can be seen (docs/calendar-import.md).
        (IcsTime::At(s), _) => (wall(s, tz), wall(&(*s + Duration::minutes(30)), tz), false),
    };
    let text = |name| {
        prop(c, name)
            .map(|p| unescape(p.val.as_str()))
            .unwrap_or_default()
    };
    let title = text("SUMMARY");
    let kind = match text("X-JUGGLE-KIND").as_str() {
        "meeting" => EventKind::Meeting,
        "deadline" => EventKind::Deadline,
        "time_block" => EventKind::TimeBlock,
        "other" => EventKind::Other,
        _ if prop(c, "ATTENDEE").is_some() => EventKind::Meeting,
        _ => EventKind::Other,
    };
    let client_id = match client {
        Some(id) => Some(id),
        None => client_named(tx, &text("X-JUGGLE-CLIENT")).map_err(|e| e.to_string())?,
    };
    let mut reminders = vec![];
    for t in c
        .components
        .iter()
        .filter(|a| a.name.as_str().eq_ignore_ascii_case("VALARM"))
        .filter_map(|a| prop(a, "TRIGGER"))
        .filter(|t| {
            param(t, "VALUE").is_none()
                && param(t, "RELATED").is_none_or(|r| r.eq_ignore_ascii_case("START"))
        })
    {
        match ics_duration(t.val.as_str()).filter(|d| *d <= Duration::zero()) {
            Some(d) if -d.num_minutes() <= i64::from(MAX_REMINDER_MINUTES) => {
                reminders.push((-d.num_minutes()) as u32)
            }
            Some(_) => notes.push(format!(
                "a reminder “{}” is more than four weeks ahead and was left out",
                t.val.as_str()
            )),
            None => {}
        }
    }
    let input = EventInput {
        calendar_id: None,
        title: if title.trim().is_empty() {
            "(no title)".into()
        } else {
            title.chars().take(500).collect()
        },
        client_id,
        kind,
        all_day,
        start: start_text,
        end: end_text,
        tz: tz.name().to_owned(),
        location: text("LOCATION"),
        channel: None,
        notes: text("DESCRIPTION"),
        free: text("TRANSP").eq_ignore_ascii_case("TRANSPARENT"),
        reminders,
        recurrence: None,
    };
    let mut event = input.validate(tx).map_err(|e| e.to_string())?;
    let first = event.when;
    let rules: Vec<String> = props(c, "RRULE")
        .filter_map(|p| rule_text(p.val.as_str(), &first))
        .collect();
    if !rules.is_empty() {
        let mut rule = rules.join("\n");
        let series = Series {
            rrule: &rule,
            dtstart: first.dtstart(),
            exdates: &[],
        };
        recurrence::validate(&series).map_err(|e| e.to_string())?;
        // A timed series in a zone only the file defines, which no IANA zone keeps through
        // the series' years, repeats in that zone's own rules (kept with its rule).
        if let (When::Timed { start, .. }, Some(id)) = (first, tzid_of(start_prop, end_prop)) {
            let from = start.year();
            let to = match recurrence::last_start(&series) {
                Ok(Some(last)) => last.year(),
                _ => from.saturating_add(60),
            };
            if let Some(line) = ctx.zone_line(id, start.timezone(), from, to) {
                rule = format!("{rule}\n{line}");
            }
        }
        event.rrule = Some(rule);
    }
    let mut exdates = Vec::new();
    for p in props(c, "EXDATE") {
        for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
            match ics_time(v, p, ctx, tz, notes) {
                Ok(t) => exdates.push(key_in(&t, &first)),
                Err(e) => notes.push(format!("an EXDATE was left out: {e}")),
            }
        }
    }
    let mut rdates = Vec::new();
    for p in props(c, "RDATE") {
        for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
            match rdate(v, p, ctx, tz, &first, notes) {
                Ok(when) => {
                    let key = match when {
                        When::Timed { start, .. } => start.timestamp(),
                        When::AllDay { start, .. } => date_key(start),
                    };
                    rdates.push((key, when));
                }
                Err(e) => notes.push(format!("an RDATE was left out: {e}")),
            }
        }
    }
    let (recurrence, and_future) = match prop(c, "RECURRENCE-ID") {
        Some(p) => (
            Some(ics_time(p.val.as_str(), p, ctx, tz, notes)?),
            param(p, "RANGE").is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
        ),
        None => (None, false),
    };
    Ok(Incoming {
        line: 0,
        uid: uid.to_owned(),
        recurrence,
        and_future,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        event,
        exdates,
        rdates,
    })
}

/// One RDATE value: a date, a date-time or a period (`start/end`, `start/duration`),
/// as an occurrence of the event that starts at `first`.
pub(super) fn rdate(
    v: &str,
    p: &ParsedProp,
    ctx: &Ctx,
    tz: Tz,
    first: &When,
    notes: &mut Vec<String>,
) -> Result<When, String> {
    let (start, end) = match v.split_once('/') {
        Some((s, e)) => {
            let start = ics_time(s, p, ctx, tz, notes)?;
            let end = match ics_duration(e) {
                Some(d) => add(&start, d).ok_or("its period is too long")?,
                None => ics_time(e, p, ctx, tz, notes)?,
            };
            (start, Some(end))
        }
        None => (ics_time(v, p, ctx, tz, notes)?, None),
    };
    let length = first.length();
    Ok(match (first, start) {
        (When::Timed { start: s0, .. }, t) => {
            let tz = s0.timezone();
            let midnight = |d: NaiveDate| resolve_lenient(d.and_time(chrono::NaiveTime::MIN), tz);
            let start = match (t, end) {
                (IcsTime::At(t), _) => t.with_timezone(&tz),
                // A period of dates says its own bounds: from that day's start.
                (IcsTime::Date(d), Some(_)) => midnight(d),
                // A bare date: the series' occurrence of that day.
                (IcsTime::Date(_), None) => time::from_key(key_in(&t, first)).with_timezone(&tz),
            };
            let end = match end {
                Some(IcsTime::At(e)) if e > start => e.with_timezone(&tz),
                Some(IcsTime::Date(e)) if midnight(e) > start => midnight(e),
                _ => start + length,
            };
            When::Timed { start, end }
        }
        (When::AllDay { .. }, t) => {
            let day = time::from_key(key_in(&t, first)).date_naive();
            When::AllDay {
                start: day,
                end: day + length - Duration::days(1),
            }
        }
    })
}
