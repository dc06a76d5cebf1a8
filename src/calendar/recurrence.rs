//! Repeat rules (RFC 5545 RRULE), expanded by the `rrule` crate in the event's own zone, so
//! a weekly 09:00 meeting stays at 09:00 local time across clock changes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{RRule, RRuleSet, Unvalidated};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::ics::vtimezone::{VZone, ZONE_LINE};
use super::CalendarError;

/// The parts of a repeat rule the event form edits. Any RRULE can be stored (imported
/// ones may use more parts); `to_rrule`/`from_rrule` map between the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Recurrence {
    pub freq: Freq,
    /// Every `interval` days/weeks/months/years (1 = every).
    pub interval: u16,
    /// Days of the week, iCalendar style: `MO`, `TU`, …; with an ordinal for monthly and
    /// yearly rules (`2TU` = the second Tuesday, `-1FR` = the last Friday).
    #[serde(default)]
    pub by_weekday: Vec<String>,
    /// Days of the month, 1..31 or -31..-1 (-1 = the last day).
    #[serde(default)]
    pub by_month_day: Vec<i8>,
    /// Stop after this many occurrences.
    #[serde(default)]
    pub count: Option<u32>,
    /// Stop after this date (inclusive), `YYYY-MM-DD`.
    #[serde(default)]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

const MAX_COUNT: u32 = 5000;

impl Recurrence {
    /// The RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`). `until` becomes the end of
    /// that day in the event's zone, in UTC as RFC 5545 requires.
    pub fn to_rrule(&self, tz: Tz) -> Result<String, CalendarError> {
        let mut parts = vec![format!(
            "FREQ={}",
            match self.freq {
                Freq::Daily => "DAILY",
                Freq::Weekly => "WEEKLY",
                Freq::Monthly => "MONTHLY",
                Freq::Yearly => "YEARLY",
            }
        )];
        if self.interval == 0 {
            return Err(CalendarError::BadRule(
                "the interval must be 1 or more".into(),
            ));
        }
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if !self.by_weekday.is_empty() {
            let days: Vec<String> = self
                .by_weekday
                .iter()
                .map(|d| d.trim().to_ascii_uppercase())
                .collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if !self.by_month_day.is_empty() {
            let days: Vec<String> = self.by_month_day.iter().map(i8::to_string).collect();
            parts.push(format!("BYMONTHDAY={}", days.join(",")));
        }
        match (self.count, &self.until) {
            (Some(_), Some(_)) => {
                return Err(CalendarError::BadRule(
                    "end after a count or on a date, not both".into(),
                ))
            }
            (Some(n), None) => {
                if n == 0 || n > MAX_COUNT {
                    return Err(CalendarError::BadRule(format!(
                        "the count must be 1 to {MAX_COUNT}"
                    )));
                }
                parts.push(format!("COUNT={n}"));
            }
            (None, Some(until)) => {
                let day = super::time::parse_date(until)?;
                let end = super::time::day_start(day.succ_opt().unwrap_or(day), tz)
                    .with_timezone(&Utc)
                    - chrono::Duration::seconds(1);
                parts.push(format!("UNTIL={}", end.format("%Y%m%dT%H%M%SZ")));
            }
            (None, None) => {}
        }
        Ok(parts.join(";"))
    }

    /// The form's view of a stored rule, or `None` when it uses parts the form cannot show.
    pub fn from_rrule(rule: &str, tz: Tz) -> Option<Recurrence> {
        if rule.contains('\n') {
            return None; // several rules: more than the form shows
        }
        let parsed = parse_rule(rule)?;
        let mut rec = Recurrence {
            freq: Freq::Daily,
            interval: 1,
            by_weekday: vec![],
            by_month_day: vec![],
            count: None,
            until: None,
        };
        for part in rule.split(';') {
            let (key, value) = part.split_once('=')?;
            match key.to_ascii_uppercase().as_str() {
                "FREQ" => {
                    rec.freq = match value.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        _ => return None,
                    }
                }
                "INTERVAL" => rec.interval = value.parse().ok()?,
                "BYDAY" => rec.by_weekday = value.split(',').map(str::to_owned).collect(),
                "BYMONTHDAY" => {
                    rec.by_month_day = value
                        .split(',')
                        .map(str::parse)
                        .collect::<Result<_, _>>()
                        .ok()?
                }
                "COUNT" => rec.count = value.parse().ok(),
                "UNTIL" => {
                    let until = parsed.get_until()?.with_timezone(&tz).date_naive();
                    rec.until = Some(until.format("%Y-%m-%d").to_string());
                }
                "WKST" => {}
                _ => return None,
            }
        }
        Some(rec)
    }
}

/// An RRULE value read by the `rrule` crate, or `None`. The crate slices the text by byte
/// position and panics inside a multi-byte character (found by fuzzing: `BYDAY=MO,\u{e6}E`),
/// so only ASCII reaches it; a panic it still has is caught and taken as unreadable.
pub(crate) fn parse_rule(text: &str) -> Option<RRule<Unvalidated>> {
    if !text.is_ascii() || text.len() > 2_000 {
        return None;
    }
    std::panic::catch_unwind(|| text.parse::<RRule<Unvalidated>>().ok())
        .ok()
        .flatten()
}

/// What a series needs to be expanded.
pub struct Series<'a> {
    pub rrule: &'a str,
    /// First occurrence: a timed start, or an all-day date at 00:00 UTC.
    pub dtstart: DateTime<Tz>,
    /// Occurrence starts to leave out (UTC seconds), from EXDATE and edited occurrences.
    pub exdates: &'a [i64],
}

fn rrule_tz(tz: Tz) -> rrule::Tz {
    rrule::Tz::Tz(tz)
}

/// The rules of a stored series: one RRULE, or several (an imported event may have more
/// than one), one a line. A series kept in a zone that only its file defined has that
/// zone's rules on a line of their own too (see [`file_zone`]), which is not a repeat rule.
pub(crate) fn rules(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_zone_line(l))
}

/// Whether a line of a stored series' rules is the zone it repeats in.
pub(crate) fn is_zone_line(line: &str) -> bool {
    line.trim_start().starts_with(ZONE_LINE)
}

/// The zone a series repeats in when its file defined one that no IANA zone keeps
/// through the series' years (an imported VTIMEZONE, docs/calendar-import.md): the
/// series' wall-clock times are that zone's, and its rules give each one's instant.
fn file_zone(series: &Series) -> Option<VZone> {
    series
        .rrule
        .lines()
        .find(|l| is_zone_line(l))
        .and_then(VZone::from_line)
}

/// [`starts_between_bounded`] for a series in a zone its file defined: expanded in that
/// zone's wall clock (as UTC, so the rule sees no other clock changes), each start then
/// placed by the zone's own rules. EXDATEs and UNTIL, stored as instants, are read as
/// that zone's wall clock first.
fn in_file_zone(
    series: &Series,
    zone: &VZone,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<(Vec<DateTime<Tz>>, bool), CalendarError> {
    let tz = series.dtstart.timezone();
    let Some(offsets) = zone.offsets(to.year().saturating_add(1)) else {
        return plain_between(series, from, to, limit);
    };
    let wall_of = |ts: i64| ts + i64::from(offsets.at_instant(ts));
    let Some(dtstart) = DateTime::from_timestamp(wall_of(series.dtstart.timestamp()), 0) else {
        return plain_between(series, from, to, limit);
    };
    let exdates: Vec<i64> = series.exdates.iter().map(|e| wall_of(*e)).collect();
    let rule = rules(series.rrule)
        .map(|r| wall_until(r, &wall_of))
        .collect::<Vec<_>>()
        .join("\n");
    let wall_series = Series {
        rrule: &rule,
        dtstart: dtstart.with_timezone(&Tz::UTC),
        exdates: &exdates,
    };
    // An instant in [from, to) is a wall time in [from + least offset, to + most).
    let (least, most) = offsets.range();
    let shift = |t: DateTime<Utc>, by: i32| {
        t.checked_add_signed(Duration::seconds(i64::from(by)))
            .unwrap_or(t)
    };
    let (walls, cut) = plain_between(
        &wall_series,
        shift(from, least),
        shift(to, most),
        limit.saturating_add(limit.min(1000)),
    )?;
    let mut out: Vec<DateTime<Tz>> = walls
        .into_iter()
        .map(|w| w.naive_utc())
        .filter_map(|w| {
            let at = w.and_utc().timestamp() - i64::from(offsets.for_wall(w));
            DateTime::from_timestamp(at, 0)
        })
        .filter(|t| *t >= from && *t < to)
        .map(|t| t.with_timezone(&tz))
        .collect();
    out.sort_unstable();
    out.dedup();
    let cut = cut || out.len() > limit;
    out.truncate(limit);
    Ok((out, cut))
}

/// A rule with its UTC UNTIL as the wall-clock time `wall_of` gives (written with `Z`, as
/// the wall clock is expanded as UTC).
fn wall_until(rule: &str, wall_of: &impl Fn(i64) -> i64) -> String {
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") && v.len() > 8 => {
                chrono::NaiveDateTime::parse_from_str(
                    v.trim().trim_end_matches(['Z', 'z']),
                    "%Y%m%dT%H%M%S",
                )
                .ok()
                .and_then(|u| DateTime::from_timestamp(wall_of(u.and_utc().timestamp()), 0))
                .map_or_else(
                    || part.to_owned(),
                    |w| format!("UNTIL={}", w.format("%Y%m%dT%H%M%SZ")),
                )
            }
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A sub-daily rule (SECONDLY, MINUTELY, HOURLY) with no BY… parts: its occurrences are
/// `dtstart + k × step`, so a window is reached by arithmetic instead of expanding every
/// occurrence since the start (a MINUTELY series from 2010 is millions of them).
#[derive(Debug, Clone, Copy)]
struct Stepped {
    step: i64,
    count: Option<u32>,
    until: Option<i64>,
}

fn stepped(rule: &str) -> Result<Option<Stepped>, CalendarError> {
    let mut step = None;
    let mut interval = 1i64;
    let (mut count, mut until, mut other) = (None, None, false);
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => {
                step = match value.trim().to_ascii_uppercase().as_str() {
                    "SECONDLY" => Some(1),
                    "MINUTELY" => Some(60),
                    "HOURLY" => Some(3600),
                    _ => return Ok(None),
                }
            }
            "INTERVAL" => interval = value.trim().parse().unwrap_or(0),
            "COUNT" => count = value.trim().parse().ok(),
            "UNTIL" => {
                until = chrono::NaiveDateTime::parse_from_str(
                    value.trim().trim_end_matches(['Z', 'z']),
                    "%Y%m%dT%H%M%S",
                )
                .ok()
                .map(|t| t.and_utc().timestamp())
            }
            "WKST" => {}
            _ => other = true,
        }
    }
    let Some(step) = step else { return Ok(None) };
    if other {
        return Err(CalendarError::BadRule(
            "a rule repeating more often than daily can only use INTERVAL, COUNT and UNTIL".into(),
        ));
    }
    if !(1..=1_000_000).contains(&interval) {
        return Err(CalendarError::BadRule(
            "the interval must be 1 or more".into(),
        ));
    }
    Ok(Some(Stepped {
        step: step * interval,
        count,
        until,
    }))
}

fn build(series: &Series) -> Result<RRuleSet, CalendarError> {
    let tz = series.dtstart.timezone();
    let start = series.dtstart.with_timezone(&rrule_tz(tz));
    let unreadable = |rule: &str| {
        CalendarError::BadRule(format!(
            "“{}” is not a repeat rule Juggle can read",
            rule.chars().take(120).collect::<String>()
        ))
    };
    let mut set: Option<RRuleSet> = None;
    for text in rules(series.rrule) {
        let rule = parse_rule(text).ok_or_else(|| unreadable(text))?;
        if rule.get_count().is_some_and(|n| n > MAX_COUNT) {
            return Err(CalendarError::BadRule(format!(
                "the count must be 1 to {MAX_COUNT}"
            )));
        }
        set = Some(match set {
            None => rule.build(start).map_err(|_| unreadable(text))?,
            Some(set) => set.rrule(rule.validate(start).map_err(|_| unreadable(text))?),
        });
    }
    let mut set = set.ok_or_else(|| CalendarError::BadRule("the rule is empty".into()))?;
    for &ex in series.exdates {
        set = set.exdate(rrule_tz(tz).timestamp_opt(ex, 0).single().unwrap_or(start));
    }
    Ok(set)
}

/// The sub-daily rule of a series, if it is one (a series has one such rule at most).
fn stepped_series(series: &Series) -> Result<Option<Stepped>, CalendarError> {
    let mut found = None;
    for rule in rules(series.rrule) {
        if let Some(s) = stepped(rule)? {
            if found.is_some() || rules(series.rrule).count() > 1 {
                return Err(CalendarError::BadRule(
                    "a rule repeating more often than daily cannot be combined with another".into(),
                ));
            }
            found = Some(s);
        }
    }
    Ok(found)
}

/// Checks a rule against its first occurrence, the way storing it would.
pub fn validate(series: &Series) -> Result<(), CalendarError> {
    if stepped_series(series)?.is_some() {
        return Ok(());
    }
    std::panic::catch_unwind(|| build(series).map(|_| ())).unwrap_or_else(|_| {
        Err(CalendarError::BadRule(
            "the repeat rule could not be read".into(),
        ))
    })
}

/// Occurrence starts `>= from` and `< to`, at most `limit` of them.
pub fn starts_between(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: u16,
) -> Result<Vec<DateTime<Tz>>, CalendarError> {
    Ok(starts_between_bounded(series, from, to, usize::from(limit))?.0)
}

/// As `starts_between`, with any limit, and whether the limit cut the list short.
pub fn starts_between_bounded(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<(Vec<DateTime<Tz>>, bool), CalendarError> {
    match file_zone(series) {
        Some(zone) => in_file_zone(series, &zone, from, to, limit),
        None => plain_between(series, from, to, limit),
    }
}

/// [`starts_between_bounded`] in the series' own IANA zone.
fn plain_between(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<(Vec<DateTime<Tz>>, bool), CalendarError> {
    if let Some(s) = stepped_series(series)? {
        return Ok(stepped_between(series, s, from, to, limit));
    }
    // The rrule crate is not trusted to never panic on a hostile rule (see `parse_rule`).
    std::panic::catch_unwind(|| expand(series, from, to, limit)).unwrap_or_else(|_| {
        Err(CalendarError::BadRule(
            "the repeat rule could not be expanded".into(),
        ))
    })
}

fn expand(
    series: &Series,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<(Vec<DateTime<Tz>>, bool), CalendarError> {
    let tz = series.dtstart.timezone();
    let set = build(series)?
        .after(from.with_timezone(&rrule_tz(tz)))
        .before(to.with_timezone(&rrule_tz(tz)));
    let mut out = Vec::new();
    for d in set.into_iter() {
        if out.len() >= limit {
            return Ok((out, true));
        }
        let at = d.with_timezone(&Utc);
        if at >= to {
            break;
        }
        if at < from {
            continue;
        }
        // Two rules of one series may give the same start; it is one occurrence.
        let d = d.with_timezone(&tz);
        if out.last() != Some(&d) {
            out.push(d);
        }
    }
    Ok((out, false))
}

fn stepped_between(
    series: &Series,
    s: Stepped,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> (Vec<DateTime<Tz>>, bool) {
    let tz = series.dtstart.timezone();
    let first = series.dtstart.timestamp();
    let from = from.timestamp().max(first);
    // The first k with first + k·step >= from, by division, not by walking.
    let mut k = (from - first + s.step - 1).div_euclid(s.step);
    let mut out = Vec::new();
    loop {
        if s.count.is_some_and(|c| k >= i64::from(c)) {
            return (out, false);
        }
        let Some(at) = k.checked_mul(s.step).and_then(|d| first.checked_add(d)) else {
            return (out, false);
        };
        if at >= to.timestamp() || s.until.is_some_and(|u| at > u) {
            return (out, false);
        }
        if !series.exdates.contains(&at) {
            if out.len() >= limit {
                return (out, true);
            }
            if let Some(t) = DateTime::from_timestamp(at, 0) {
                out.push(t.with_timezone(&tz));
            }
        }
        k += 1;
    }
}

/// Start of the last occurrence (or a bound just past it), or `None` for an endless series.
pub fn last_start(series: &Series) -> Result<Option<DateTime<Tz>>, CalendarError> {
    std::panic::catch_unwind(|| last(series)).unwrap_or_else(|_| {
        Err(CalendarError::BadRule(
            "the repeat rule could not be expanded".into(),
        ))
    })
}

fn last(series: &Series) -> Result<Option<DateTime<Tz>>, CalendarError> {
    let last = plain_last(series)?;
    // In a zone its file defined, the last start is within hours of the one in the
    // series' IANA zone: a day later bounds it.
    Ok(match file_zone(series) {
        Some(_) => last.map(|l| l.checked_add_signed(Duration::days(1)).unwrap_or(l)),
        None => last,
    })
}

fn plain_last(series: &Series) -> Result<Option<DateTime<Tz>>, CalendarError> {
    let tz = series.dtstart.timezone();
    if let Some(s) = stepped_series(series)? {
        let last = match (s.count, s.until) {
            (Some(c), _) => series.dtstart.timestamp() + (i64::from(c) - 1).max(0) * s.step,
            (None, Some(u)) => u,
            (None, None) => return Ok(None),
        };
        return Ok(DateTime::from_timestamp(last, 0).map(|t| t.with_timezone(&tz)));
    }
    let set = build(series)?;
    let rules = set.get_rrule();
    if !rules
        .iter()
        .all(|r| r.get_count().is_some() || r.get_until().is_some())
    {
        return Ok(None);
    }
    // UNTIL bounds the series without walking it (an hourly rule until 2040 is more
    // occurrences than any list holds); COUNT is at most MAX_COUNT, so walking is cheap.
    let until = rules
        .iter()
        .filter_map(|r| r.get_until().map(|u| u.with_timezone(&tz)))
        .max();
    if rules.iter().all(|r| r.get_until().is_some()) {
        return Ok(until.max(Some(series.dtstart)));
    }
    let mut last = None;
    for (i, d) in set.into_iter().enumerate() {
        if i >= 200_000 {
            return Ok(until.max(last));
        }
        last = Some(d.with_timezone(&tz));
    }
    Ok(last.max(until))
}

/// The all-day series anchor: the date at 00:00 UTC, so dates never shift with zones.
pub fn all_day_anchor(date: NaiveDate) -> DateTime<Tz> {
    Tz::UTC.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};

    fn at(tz: Tz, y: i32, m: u32, d: u32, h: u32) -> DateTime<Tz> {
        tz.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn a_series_in_a_file_zone_follows_its_rules_and_a_broken_zone_line_harms_nothing() {
        // +10, and +11 from 2 May to 5 September 2027 (wall 02:00).
        let zone = "X-JUGGLE-ZONE:39600/36000/20270101T000000/FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=5/|36000/39600/20270502T020000/FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=2/";
        let rule = format!("FREQ=WEEKLY;COUNT=20\n{zone}");
        // 09:00 at +10 on Monday 26 April 2027.
        let first = Utc.with_ymd_and_hms(2027, 4, 25, 23, 0, 0).unwrap();
        let series = Series {
            rrule: &rule,
            dtstart: first.with_timezone(&Tz::UTC),
            exdates: &[],
        };
        validate(&series).unwrap();
        let hours: Vec<u32> = starts_between(&series, utc(2027, 4, 1), utc(2027, 5, 20), 10)
            .unwrap()
            .iter()
            .map(|s| s.hour())
            .collect();
        // 09:00 local each Monday: 23:00 UTC at +10, 22:00 UTC at +11.
        assert_eq!(hours, [23, 22, 22, 22]);
        // Broken or hostile zone lines: never a panic, the rule still expands.
        for line in [
            "X-JUGGLE-ZONE:",
            "X-JUGGLE-ZONE:1/2",
            "X-JUGGLE-ZONE:2147483647/-2147483648/20270101T000000/FREQ=DAILY/",
            "X-JUGGLE-ZONE:-2147483648/2147483647/99991231T235959/FREQ=SECONDLY/19000101T000000",
            "X-JUGGLE-ZONE:0/0//NOT A RULE/x,y,z",
            "X-JUGGLE-ZONE:3600/7200/20270101T000000/FREQ=DAILY;COUNT=99999999/|||",
        ] {
            let rule = format!("FREQ=DAILY;COUNT=3\n{line}");
            let series = Series {
                rrule: &rule,
                dtstart: first.with_timezone(&Tz::UTC),
                exdates: &[first.timestamp()],
            };
            validate(&series).unwrap();
            let _ = last_start(&series);
            let found = starts_between_bounded(&series, utc(1970, 1, 1), utc(2100, 1, 1), 100);
            assert!(found.is_ok(), "{line}: {found:?}");
        }
    }

    fn expand(
        rule: &str,
        start: DateTime<Tz>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<DateTime<Tz>> {
        starts_between(
            &Series {
                rrule: rule,
                dtstart: start,
                exdates: &[],
            },
            from,
            to,
            1000,
        )
        .unwrap()
    }

    #[test]
    fn weekly_0900_stays_0900_local_across_both_berlin_changes() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let starts = expand(
            "FREQ=WEEKLY",
            at(tz, 2027, 3, 15, 9),
            utc(2027, 3, 1),
            utc(2027, 11, 15),
        );
        assert!(starts.iter().all(|s| s.hour() == 9 && s.minute() == 0));
        // Before the March change 09:00 is 08:00 UTC, after it 07:00 UTC; back in November.
        let utc_hours: Vec<u32> = starts
            .iter()
            .map(|s| s.with_timezone(&Utc).hour())
            .collect();
        assert_eq!(utc_hours[0], 8); // 15 Mar, CET
        assert_eq!(utc_hours[2], 7); // 29 Mar, CEST (clocks changed on 28 Mar)
        assert_eq!(*utc_hours.last().unwrap(), 8); // 8 Nov, CET again
    }

    #[test]
    fn weekly_0900_stays_0900_local_in_new_york() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let starts = expand(
            "FREQ=WEEKLY;BYDAY=MO",
            at(tz, 2027, 3, 8, 9),
            utc(2027, 3, 1),
            utc(2027, 3, 31),
        );
        let hours: Vec<(u32, u32)> = starts
            .iter()
            .map(|s| (s.hour(), s.with_timezone(&Utc).hour()))
            .collect();
        // DST starts 14 Mar 2027 in the US: 14:00 UTC before, 13:00 UTC after.
        assert_eq!(hours, [(9, 14), (9, 13), (9, 13), (9, 13)]);
    }

    #[test]
    fn yearly_on_feb_29_only_falls_in_leap_years() {
        let starts = expand(
            "FREQ=YEARLY",
            all_day_anchor(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
            utc(2024, 1, 1),
            utc(2033, 1, 1),
        );
        let years: Vec<i32> = starts.iter().map(|s| s.year()).collect();
        assert_eq!(years, [2024, 2028, 2032]);
    }

    #[test]
    fn monthly_on_the_31st_skips_shorter_months() {
        let starts = expand(
            "FREQ=MONTHLY",
            at(Tz::UTC, 2027, 1, 31, 10),
            utc(2027, 1, 1),
            utc(2028, 1, 1),
        );
        let months: Vec<u32> = starts.iter().map(|s| s.month()).collect();
        assert_eq!(months, [1, 3, 5, 7, 8, 10, 12]);
        // "The last day of every month" is BYMONTHDAY=-1.
        let last = expand(
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            at(Tz::UTC, 2027, 1, 31, 10),
            utc(2027, 1, 1),
            utc(2027, 5, 1),
        );
        let days: Vec<u32> = last.iter().map(|s| s.day()).collect();
        assert_eq!(days, [31, 28, 31, 30]);
    }

    #[test]
    fn count_and_until_end_a_series() {
        let start = at(Tz::UTC, 2027, 1, 4, 9);
        assert_eq!(
            expand(
                "FREQ=DAILY;COUNT=3",
                start,
                utc(2027, 1, 1),
                utc(2028, 1, 1)
            )
            .len(),
            3
        );
        let until = expand(
            "FREQ=DAILY;UNTIL=20270110T235959Z",
            start,
            utc(2027, 1, 1),
            utc(2028, 1, 1),
        );
        assert_eq!(until.last().unwrap().day(), 10);
        assert_eq!(
            last_start(&Series {
                rrule: "FREQ=WEEKLY;COUNT=3",
                dtstart: start,
                exdates: &[]
            })
            .unwrap(),
            Some(at(Tz::UTC, 2027, 1, 18, 9))
        );
        assert_eq!(
            last_start(&Series {
                rrule: "FREQ=WEEKLY",
                dtstart: start,
                exdates: &[]
            })
            .unwrap(),
            None
        );
    }

    #[test]
    fn exdates_remove_single_occurrences() {
        let start = at(Tz::UTC, 2027, 1, 4, 9);
        let skip = at(Tz::UTC, 2027, 1, 5, 9).timestamp();
        let series = Series {
            rrule: "FREQ=DAILY;COUNT=3",
            dtstart: start,
            exdates: &[skip],
        };
        let days: Vec<u32> = starts_between(&series, utc(2027, 1, 1), utc(2027, 2, 1), 100)
            .unwrap()
            .iter()
            .map(|s| s.day())
            .collect();
        assert_eq!(days, [4, 6]);
    }

    #[test]
    fn the_form_round_trips_through_rrule_text() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let rec = Recurrence {
            freq: Freq::Weekly,
            interval: 2,
            by_weekday: vec!["MO".into(), "WE".into()],
            by_month_day: vec![],
            count: None,
            until: Some("2027-06-30".into()),
        };
        let text = rec.to_rrule(tz).unwrap();
        assert_eq!(
            text,
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270630T215959Z"
        );
        assert_eq!(Recurrence::from_rrule(&text, tz), Some(rec));
        assert_eq!(
            Recurrence::from_rrule("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", tz),
            None
        );
    }

    #[test]
    fn bad_rules_are_refused_with_a_reason() {
        let start = at(Tz::UTC, 2027, 1, 4, 9);
        for bad in [
            "FREQ=SOMETIMES",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=DAILY;COUNT=999999",
            "FREQ=MONTHLY;BYDAY=MO,TU,\u{e6}E",
            "",
        ] {
            let err = validate(&Series {
                rrule: bad,
                dtstart: start,
                exdates: &[],
            });
            assert!(
                matches!(err, Err(CalendarError::BadRule(_))),
                "{bad} accepted"
            );
        }
        let zero = Recurrence {
            freq: Freq::Daily,
            interval: 0,
            by_weekday: vec![],
            by_month_day: vec![],
            count: None,
            until: None,
        };
        assert!(zero.to_rrule(Tz::UTC).is_err());
    }
}
