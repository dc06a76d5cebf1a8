//! The zones one import sees: the file's VTIMEZONEs and the calendar-wide default, and
//! which IANA zone each TZID is kept in.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::values::resolve_lenient;
use super::vtimezone::VZone;
use super::zone_names;

/// What reading a file needs besides the lines: its zones.
pub(super) struct Ctx {
    pub(super) default_tz: Tz,
    pub(super) vzones: HashMap<String, VZone>,
    /// TZID and year → zone, as mapping a VTIMEZONE tries every IANA zone.
    pub(super) cache: RefCell<HashMap<(String, i32), Option<Tz>>>,
    /// TZID, IANA zone and year → whether the zone keeps the VTIMEZONE's offsets.
    pub(super) agrees: RefCell<HashMap<(String, Tz, i32), bool>>,
}

impl Ctx {
    /// The instant a wall-clock time in the zone `tzid` names: by the IANA zone of that
    /// exact name; else by the file's VTIMEZONE, which defines its TZID (RFC 5545
    /// §3.6.5: its own rules give the offset, and the event is kept in the IANA zone that
    /// best matches them); else by the zone a vendor's or Windows name means; else `None`.
    pub(super) fn zoned(&self, tzid: &str, wall: NaiveDateTime) -> Option<DateTime<Tz>> {
        let tzid = tzid.trim().trim_matches('"');
        if let Ok(tz) = tzid.parse::<Tz>() {
            return Some(resolve_lenient(wall, tz));
        }
        let Some((_, vzone)) = self.vzone(tzid) else {
            return self
                .zone(tzid, wall.year())
                .map(|tz| resolve_lenient(wall, tz));
        };
        let Some(offset) = vzone.offset_for_wall(wall) else {
            // A VTIMEZONE without rules defines nothing: the name alone, if it says.
            return self
                .zone(tzid, wall.year())
                .map(|tz| resolve_lenient(wall, tz));
        };
        let instant = Utc.from_utc_datetime(&wall) - Duration::seconds(i64::from(offset));
        let tz = self.zone(tzid, wall.year()).unwrap_or(Tz::UTC);
        Some(instant.with_timezone(&tz))
    }

    /// The line that keeps a series in `tzid` repeating by the file's own rules, when
    /// the file defines that zone and `tz` (the IANA zone the series is kept in) does not
    /// keep its offsets in every year from `from` to `to` (at most 60 years are checked).
    pub(super) fn zone_line(&self, tzid: &str, tz: Tz, from: i32, to: i32) -> Option<String> {
        let tzid = tzid.trim().trim_matches('"');
        if tzid.parse::<Tz>().is_ok() {
            return None;
        }
        let (_, vzone) = self.vzone(tzid)?;
        let to = to.min(from.saturating_add(60)).min(2100);
        let disagrees = (from..=to).any(|year| {
            let key = (tzid.to_owned(), tz, year);
            if let Some(agrees) = self.agrees.borrow().get(&key) {
                return !*agrees;
            }
            let agrees = vzone.agrees_with(&tz, year);
            self.agrees.borrow_mut().insert(key, agrees);
            !agrees
        });
        if disagrees {
            vzone.to_line()
        } else {
            None
        }
    }

    /// The file's VTIMEZONE of that TZID, with its full TZID.
    pub(super) fn vzone(&self, tzid: &str) -> Option<(&str, &VZone)> {
        if let Some((k, z)) = self.vzones.get_key_value(tzid) {
            return Some((k.as_str(), z));
        }
        // A quoted TZID with a comma ("Canberra, Melbourne, Sydney") can reach here cut at
        // the comma by the parser: the one VTIMEZONE it begins.
        let mut found = self.vzones.iter().filter(|(k, _)| k.starts_with(tzid));
        match (found.next(), found.next()) {
            (Some((k, z)), None) => Some((k.as_str(), z)),
            _ => None,
        }
    }

    /// The IANA zone an event in `tzid` is kept in: the zone of that name; with a
    /// VTIMEZONE, the zone a vendor's or Windows name means if it keeps the VTIMEZONE's
    /// offsets that year, else the IANA zone that best matches them; without one, the
    /// zone the name means.
    pub(super) fn zone(&self, tzid: &str, year: i32) -> Option<Tz> {
        let tzid = tzid.trim().trim_matches('"');
        if let Ok(tz) = tzid.parse::<Tz>() {
            return Some(tz);
        }
        let key = (tzid.to_owned(), year);
        if let Some(found) = self.cache.borrow().get(&key) {
            return *found;
        }
        let named = zone_names::named(tzid);
        let found = match self.vzone(tzid) {
            Some((full, z)) => named
                .filter(|tz| z.agrees_with(tz, year))
                .or_else(|| z.to_iana(full, year)),
            None => named,
        }
        .or_else(|| zone_names::fixed_offset(tzid));
        self.cache.borrow_mut().insert(key, found);
        found
    }
}
