//! Time zones of imported calendars: a TZID is an IANA name, an IANA name behind a
//! vendor's path (`/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires`),
//! one of the Windows names Outlook writes, or a name only the file's own VTIMEZONE
//! explains ("Customized Time Zone", "Екатеринбург", "UTC+11"). Juggle stores events in
//! IANA zones (series expand in them), so a VTIMEZONE is mapped to the IANA zone whose
//! offsets agree with it through the event's year: at every onset the file gives that
//! year, and twice a month. A series in a zone no IANA zone keeps through its years
//! keeps the zone's rules with its repeat rule (`VZone::to_line`), and
//! `recurrence` expands it by them (docs/calendar-import.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{NaiveDate, NaiveDateTime, TimeZone};

use super::offsets::Offsets;

/// How a stored series' rules begin the line of the zone it repeats in, when that zone
/// is one only its file defined (see `VZone::to_line`).
pub(in crate::calendar) const ZONE_LINE: &str = "X-JUGGLE-ZONE:";

/// One STANDARD or DAYLIGHT part of a VTIMEZONE.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::calendar) struct Part {
    pub(super) start: Option<NaiveDateTime>,
    pub(super) from: i32,
    pub(super) to: i32,
    pub(super) rrule: Option<String>,
    pub(super) rdates: Vec<NaiveDateTime>,
}

/// A VTIMEZONE of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::calendar) struct VZone {
    pub(super) parts: Vec<Part>,
}

pub(in crate::calendar) fn wall(v: &str) -> Option<NaiveDateTime> {
    let v = v.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(v, "%Y%m%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// `+0100`, `-0430`, `+013045` in seconds.
pub(in crate::calendar) fn offset(v: &str) -> Option<i32> {
    let v = v.trim();
    let (sign, digits) = match v.as_bytes().first()? {
        b'-' => (-1, &v[1..]),
        b'+' => (1, &v[1..]),
        _ => (1, v),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = digits.get(4..6).map_or(Some(0), |x| x.parse().ok())?;
    Some(sign * (h * 3600 + m * 60 + s))
}

/// The VTIMEZONEs of a file's unfolded lines, by TZID. Read line by line, no recursion.
pub(in crate::calendar) fn vtimezones(lines: &[(u32, String)]) -> HashMap<String, VZone> {
    let mut out = HashMap::new();
    let mut current: Option<(String, VZone)> = None;
    let mut part: Option<Part> = None;
    for (_, l) in lines {
        let upper = l.to_ascii_uppercase();
        let (name, value) = match l.split_once(':') {
            Some((n, v)) => (
                n.split(';').next().unwrap_or_default().to_ascii_uppercase(),
                v,
            ),
            None => continue,
        };
        if upper == "BEGIN:VTIMEZONE" {
            current = Some((String::new(), VZone::default()));
        } else if upper == "END:VTIMEZONE" {
            if let Some((id, z)) = current.take() {
                if !id.is_empty() && out.len() < 1000 {
                    out.insert(id, z);
                }
            }
        } else if current.is_some() && (upper == "BEGIN:STANDARD" || upper == "BEGIN:DAYLIGHT") {
            part = Some(Part::default());
        } else if upper == "END:STANDARD" || upper == "END:DAYLIGHT" {
            if let (Some(p), Some((_, z))) = (part.take(), current.as_mut()) {
                if z.parts.len() < 100 {
                    z.parts.push(p);
                }
            }
        } else if let Some(p) = part.as_mut() {
            match name.as_str() {
                "DTSTART" => p.start = wall(value),
                "TZOFFSETFROM" => p.from = offset(value).unwrap_or(0),
                "TZOFFSETTO" => p.to = offset(value).unwrap_or(0),
                "RRULE" => p.rrule = Some(value.trim().to_owned()),
                "RDATE" => {
                    let room = 1000usize.saturating_sub(p.rdates.len());
                    p.rdates
                        .extend(value.split(',').take(room).filter_map(wall));
                }
                _ => {}
            }
        } else if let Some((id, _)) = current.as_mut() {
            if name == "TZID" {
                *id = value.trim().trim_matches('"').to_owned();
            }
        }
    }
    out
}

/// Offsets already walked, by zone (its parts) and year.
type Remembered = HashMap<(String, i32), Arc<Offsets>>;

impl VZone {
    /// Onsets (UTC seconds, offset before, offset after) up to the end of `year`.
    pub(super) fn onsets(&self, year: i32) -> Vec<(i64, i32, i32)> {
        let end = NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .map(|d| d.and_time(chrono::NaiveTime::MIN))
            .unwrap_or_default();
        let mut out = vec![];
        for p in &self.parts {
            let Some(start) = p.start else { continue };
            let mut walls = vec![start];
            walls.extend(p.rdates.iter().copied());
            if let Some(rule) = &p.rrule {
                // Some writers give UNTIL without its Z; the rule is in UTC wall terms here.
                let rule = rule
                    .split(';')
                    .map(|x| match x.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") && !v.ends_with('Z') => {
                            format!("UNTIL={}Z", v.get(..15).unwrap_or(v))
                        }
                        _ => x.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(";");
                if let Some(r) = crate::calendar::recurrence::parse_rule(&rule) {
                    let dt = rrule::Tz::UTC.from_utc_datetime(&start);
                    if let Ok(set) = r.build(dt) {
                        let before = rrule::Tz::UTC.from_utc_datetime(&end);
                        walls.extend(
                            set.before(before)
                                .into_iter()
                                .take(1000)
                                .map(|d| d.naive_utc()),
                        );
                    }
                }
            }
            out.extend(
                walls
                    .into_iter()
                    .filter(|w| *w < end)
                    .map(|w| (w.and_utc().timestamp() - i64::from(p.from), p.from, p.to)),
            );
        }
        out.sort_unstable();
        out
    }

    /// The zone's offsets up to the end of `year`, or `None` for a zone without parts.
    /// Remembered per zone and year for the process (a file's events, or a view's series,
    /// share a few zones; the rules of each are walked from their start, often 1601).
    pub(in crate::calendar) fn offsets(&self, year: i32) -> Option<Arc<Offsets>> {
        const KEEP: usize = 256;
        static SEEN: OnceLock<Mutex<Remembered>> = OnceLock::new();
        let key = (self.key(), year);
        let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(found) = seen.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Some(found);
        }
        let found = Arc::new(self.walk(year)?);
        if let Ok(mut m) = seen.lock() {
            if m.len() >= KEEP {
                m.clear();
            }
            m.insert(key, Arc::clone(&found));
        }
        Some(found)
    }

    /// What tells two zones apart: their parts.
    fn key(&self) -> String {
        format!("{:?}", self.parts)
    }

    fn walk(&self, year: i32) -> Option<Offsets> {
        let onsets = self.onsets(year);
        // Before its first change, a zone is at the offset that change starts from.
        let first = onsets
            .first()
            .map(|(_, from, _)| *from)
            .or_else(|| self.parts.first().map(|p| p.from))?;
        Some(Offsets::new(
            first,
            onsets.into_iter().map(|(at, _, to)| (at, to)).collect(),
        ))
    }

    /// The UTC offset (seconds) this zone gives a wall-clock time, from its own rules
    /// (see [`Offsets::for_wall`]).
    pub(in crate::calendar) fn offset_for_wall(&self, wall: NaiveDateTime) -> Option<i32> {
        Some(self.offsets(chrono::Datelike::year(&wall))?.for_wall(wall))
    }

    /// The zone as one line of a stored series' rules (`X-JUGGLE-ZONE:` and, per part,
    /// `from/to/DTSTART/RRULE/RDATE,…` joined by `|`), for a series kept in a zone that
    /// only its file defined; `None` when a part cannot be written so.
    pub(in crate::calendar) fn to_line(&self) -> Option<String> {
        let stamp = |t: &NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
        let mut parts = vec![];
        for p in &self.parts {
            let rrule = p.rrule.clone().unwrap_or_default();
            if rrule.contains(['|', '/', '\n', '\r']) {
                return None;
            }
            let rdates: Vec<String> = p.rdates.iter().map(stamp).collect();
            parts.push(format!(
                "{}/{}/{}/{rrule}/{}",
                p.from,
                p.to,
                p.start.as_ref().map(stamp).unwrap_or_default(),
                rdates.join(",")
            ));
        }
        let line = format!("{ZONE_LINE}{}", parts.join("|"));
        (line.len() <= 20_000).then_some(line)
    }

    /// A zone written by [`VZone::to_line`].
    pub(in crate::calendar) fn from_line(line: &str) -> Option<VZone> {
        let body = line.trim().strip_prefix(ZONE_LINE)?;
        let mut parts = vec![];
        for p in body.split('|').take(100) {
            let f: Vec<&str> = p.split('/').collect();
            let [from, to, start, rrule, rdates] = f.as_slice() else {
                return None;
            };
            parts.push(Part {
                start: wall(start),
                from: from.parse().ok()?,
                to: to.parse().ok()?,
                rrule: (!rrule.is_empty()).then(|| (*rrule).to_owned()),
                rdates: rdates.split(',').take(1000).filter_map(wall).collect(),
            });
        }
        (!parts.is_empty()).then_some(VZone { parts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, String)> {
        text.lines().map(|l| (0, l.to_owned())).collect()
    }

    #[test]
    fn a_zone_kept_with_a_series_reads_back_with_the_same_offsets() {
        let zones = vtimezones(&lines(
            "BEGIN:VTIMEZONE\nTZID:Southern\nBEGIN:STANDARD\nDTSTART:16010325T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16011028T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1100\nRDATE:20271003T020000\nEND:DAYLIGHT\nEND:VTIMEZONE",
        ));
        let zone = &zones["Southern"];
        let line = zone.to_line().unwrap();
        assert!(line.starts_with(ZONE_LINE), "{line}");
        let back = VZone::from_line(&line).unwrap();
        let (a, b) = (zone.offsets(2027).unwrap(), back.offsets(2027).unwrap());
        assert_eq!(a.onsets, b.onsets);
        assert_eq!(a.first, b.first);
        // 1 March is summer (+11), 1 July winter (+10); the RDATE starts summer early.
        let wall = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(b.for_wall(wall("2027-03-01 09:00")), 11 * 3600);
        assert_eq!(b.for_wall(wall("2027-07-01 09:00")), 10 * 3600);
        assert_eq!(b.for_wall(wall("2027-10-04 09:00")), 11 * 3600);
        assert_eq!(VZone::from_line("X-JUGGLE-ZONE:1/2"), None);
    }
}
