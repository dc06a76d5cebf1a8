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

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

/// How a stored series' rules begin the line of the zone it repeats in, when that zone
/// is one only its file defined (see `VZone::to_line`).
pub(super) const ZONE_LINE: &str = "X-JUGGLE-ZONE:";

/// One STANDARD or DAYLIGHT part of a VTIMEZONE.
#[derive(Debug, Clone, Default, PartialEq)]
struct Part {
    start: Option<NaiveDateTime>,
    from: i32,
    to: i32,
    rrule: Option<String>,
    rdates: Vec<NaiveDateTime>,
}

/// A VTIMEZONE of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct VZone {
    parts: Vec<Part>,
}

/// A zone's offsets through some years, from its own rules.
#[derive(Debug, Clone)]
pub(super) struct Offsets {
    /// The offset before the first change.
    first: i32,
    /// Changes: UTC seconds, offset after; in order.
    onsets: Vec<(i64, i32)>,
    /// The smallest and largest offsets.
    range: (i32, i32),
}

impl Offsets {
    fn new(first: i32, onsets: Vec<(i64, i32)>) -> Offsets {
        let all = onsets.iter().map(|(_, o)| *o).chain([first]);
        let range = (
            all.clone().min().unwrap_or(first),
            all.max().unwrap_or(first),
        );
        Offsets {
            first,
            onsets,
            range,
        }
    }

    /// The offset in force at an instant (UTC seconds).
    pub(super) fn at_instant(&self, ts: i64) -> i32 {
        match self.onsets.partition_point(|(at, _)| *at <= ts) {
            0 => self.first,
            i => self.onsets[i - 1].1,
        }
    }

    /// The offset of a wall-clock time, as RFC 5545 §3.3.5 says: a time the clocks pass
    /// twice is the first of them (the offset before the change); a time they skip is
    /// read with the offset before the gap.
    pub(super) fn for_wall(&self, wall: NaiveDateTime) -> i32 {
        let as_utc = wall.and_utc().timestamp();
        // Only the offsets in force while this wall time can be: a few, found by search.
        let (lo, hi) = (
            as_utc - i64::from(self.range.1),
            as_utc - i64::from(self.range.0),
        );
        let from = self.onsets.partition_point(|(at, _)| *at <= lo);
        let to = self.onsets.partition_point(|(at, _)| *at <= hi);
        let mut offsets: Vec<i32> = self.onsets[from..to].iter().map(|(_, o)| *o).collect();
        offsets.push(self.at_instant(lo));
        offsets.sort_unstable();
        offsets.dedup();
        let at = |o: i32| self.at_instant(as_utc - i64::from(o));
        // The offsets that give this wall time; the largest is the earliest instant.
        if let Some(o) = offsets.iter().rev().find(|o| at(**o) == **o) {
            return *o;
        }
        // Skipped: the offset in force just before the gap.
        offsets.last().map_or(self.first, |o| at(*o))
    }

    /// The smallest and largest offsets.
    pub(super) fn range(&self) -> (i32, i32) {
        self.range
    }
}

fn wall(v: &str) -> Option<NaiveDateTime> {
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
fn offset(v: &str) -> Option<i32> {
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
pub(super) fn vtimezones(lines: &[(u32, String)]) -> HashMap<String, VZone> {
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

impl VZone {
    /// Onsets (UTC seconds, offset before, offset after) up to the end of `year`.
    fn onsets(&self, year: i32) -> Vec<(i64, i32, i32)> {
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
                if let Some(r) = super::recurrence::parse_rule(&rule) {
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
    pub(super) fn offsets(&self, year: i32) -> Option<Offsets> {
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
    pub(super) fn offset_for_wall(&self, wall: NaiveDateTime) -> Option<i32> {
        Some(self.offsets(chrono::Datelike::year(&wall))?.for_wall(wall))
    }

    /// The zone as one line of a stored series' rules (`X-JUGGLE-ZONE:` and, per part,
    /// `from/to/DTSTART/RRULE/RDATE,…` joined by `|`), for a series kept in a zone that
    /// only its file defined; `None` when a part cannot be written so.
    pub(super) fn to_line(&self) -> Option<String> {
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
    pub(super) fn from_line(line: &str) -> Option<VZone> {
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

    /// Whether `tz` keeps this zone's offsets through `year` (see [`VZone::to_iana`]).
    pub(super) fn agrees_with(&self, tz: &Tz, year: i32) -> bool {
        self.samples(year)
            .is_some_and(|(samples, want)| Self::score(tz, &samples, &want) == samples.len())
    }

    /// Instants through `year` (twice a month, and two hours each side of every onset the
    /// zone gives that year) with the offset this zone's rules give each.
    fn samples(&self, year: i32) -> Option<(Vec<i64>, Vec<i32>)> {
        let offsets = self.offsets(year)?;
        let jan = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(12, 0, 0)?;
        let mut samples: Vec<i64> = (0..24)
            .map(|i| jan.and_utc().timestamp() + i * 15 * 86_400 + 7 * 86_400)
            .collect();
        let (lo, hi) = (
            jan.and_utc().timestamp() - 86_400,
            samples[23] + 30 * 86_400,
        );
        for (at, _) in offsets
            .onsets
            .iter()
            .filter(|(at, _)| (lo..hi).contains(at))
        {
            samples.extend([at - 7200, at + 7200]);
        }
        let want = samples.iter().map(|ts| offsets.at_instant(*ts)).collect();
        Some((samples, want))
    }

    /// At how many of `samples` the zone `tz` has the offset `want`.
    fn score(tz: &Tz, samples: &[i64], want: &[i32]) -> usize {
        samples
            .iter()
            .zip(want)
            .filter(|(ts, w)| {
                chrono::DateTime::from_timestamp(**ts, 0).is_some_and(|t| {
                    tz.offset_from_utc_datetime(&t.naive_utc())
                        .fix()
                        .local_minus_utc()
                        == **w
                })
            })
            .count()
    }

    /// The IANA zone that keeps this zone's offsets through `year`; names that share a
    /// word with the TZID first ("Canberra, Melbourne, Sydney" → Australia/Melbourne).
    /// When none agrees at every sample (the file's rules are out of date), the one that
    /// agrees at most of them, if at least three in four.
    pub(super) fn to_iana(&self, tzid: &str, year: i32) -> Option<Tz> {
        let (samples, want) = self.samples(year)?;
        let fits = |tz: &Tz| Self::score(tz, &samples, &want) == samples.len();
        let words: Vec<String> = tzid
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect();
        let hinted = TZ_VARIANTS.iter().filter(|tz| {
            let name = tz.name().to_lowercase().replace('_', " ");
            words.iter().any(|w| name.contains(w.as_str()))
        });
        if let Some(tz) = hinted.into_iter().find(|tz| fits(tz)) {
            return Some(*tz);
        }
        // A zone without changes: the Etc zone of that offset (note Etc's inverted sign).
        if want.iter().all(|w| *w == want[0]) && want[0] % 3600 == 0 {
            let h = want[0] / 3600;
            let name = match h {
                0 => "UTC".to_owned(),
                h if h > 0 => format!("Etc/GMT-{h}"),
                h => format!("Etc/GMT+{}", -h),
            };
            if let Some(tz) = name.parse::<Tz>().ok().filter(fits) {
                return Some(tz);
            }
        }
        const COMMON: &[&str] = &[
            "Europe/London",
            "Europe/Berlin",
            "Europe/Helsinki",
            "Europe/Moscow",
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Asia/Shanghai",
            "Asia/Tokyo",
            "Australia/Sydney",
            "Pacific/Auckland",
        ];
        let common = COMMON.iter().filter_map(|n| n.parse::<Tz>().ok());
        let regions = [
            "Europe/",
            "America/",
            "Asia/",
            "Africa/",
            "Australia/",
            "Pacific/",
        ];
        let canonical = TZ_VARIANTS
            .iter()
            .copied()
            .filter(|tz| regions.iter().any(|r| tz.name().starts_with(r)));
        if let Some(tz) = common.clone().chain(canonical.clone()).find(|tz| fits(tz)) {
            return Some(tz);
        }
        let score = |tz: &Tz| Self::score(tz, &samples, &want);
        let hinted: Vec<Tz> = TZ_VARIANTS
            .iter()
            .copied()
            .filter(|tz| {
                let name = tz.name().to_lowercase().replace('_', " ");
                words.iter().any(|w| name.contains(w.as_str()))
            })
            .collect();
        // Hinted names first: on a tie the earlier one wins.
        let mut best: Option<(usize, Tz)> = None;
        for tz in hinted.into_iter().chain(common).chain(canonical) {
            let n = score(&tz);
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, tz));
            }
        }
        best.filter(|(n, _)| n * 4 >= samples.len() * 3)
            .map(|(_, tz)| tz)
    }
}

/// An IANA zone named by `tzid`, directly or after a vendor's path or prefix
/// (`/mozilla.org/20050126_1/Europe/Berlin`, `custom_America/New_York`, `Europe_Berlin`),
/// or a Windows zone name.
pub(super) fn named(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    // The longest suffix of the path that is an IANA name.
    let parts: Vec<&str> = tzid.split('/').collect();
    for i in 0..parts.len() {
        if let Ok(tz) = parts[i..].join("/").parse::<Tz>() {
            return Some(tz);
        }
    }
    if let Some(tz) = windows_zone(tzid) {
        return Some(tz);
    }
    // A prefix before an underscore (`custom_America/New_York`), or an underscore for
    // the slash (`Europe_Berlin`).
    for (i, _) in tzid.match_indices('_') {
        let slash = format!("{}/{}", &tzid[..i], &tzid[i + 1..]);
        for candidate in [&tzid[i + 1..], slash.as_str()] {
            if let Some(tz) = candidate
                .parse::<Tz>()
                .ok()
                .or_else(|| windows_zone(candidate))
            {
                return Some(tz);
            }
        }
    }
    None
}

fn windows_zone(name: &str) -> Option<Tz> {
    // The Windows zones Outlook users meet most, after CLDR's windowsZones.xml.
    const TABLE: &[(&str, &str)] = &[
        ("UTC", "UTC"),
        ("GMT Standard Time", "Europe/London"),
        ("Greenwich Standard Time", "Atlantic/Reykjavik"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Romance Standard Time", "Europe/Paris"),
        ("Central Europe Standard Time", "Europe/Budapest"),
        ("Central European Standard Time", "Europe/Warsaw"),
        ("E. Europe Standard Time", "Europe/Chisinau"),
        ("FLE Standard Time", "Europe/Kiev"),
        ("GTB Standard Time", "Europe/Bucharest"),
        ("Russian Standard Time", "Europe/Moscow"),
        ("Ekaterinburg Standard Time", "Asia/Yekaterinburg"),
        ("Eastern Standard Time", "America/New_York"),
        ("Central Standard Time", "America/Chicago"),
        ("Mountain Standard Time", "America/Denver"),
        ("US Mountain Standard Time", "America/Phoenix"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Atlantic Standard Time", "America/Halifax"),
        ("E. South America Standard Time", "America/Sao_Paulo"),
        ("Argentina Standard Time", "America/Buenos_Aires"),
        ("India Standard Time", "Asia/Kolkata"),
        ("China Standard Time", "Asia/Shanghai"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("Singapore Standard Time", "Asia/Singapore"),
        ("Arabian Standard Time", "Asia/Dubai"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("New Zealand Standard Time", "Pacific/Auckland"),
        ("Fiji Standard Time", "Pacific/Fiji"),
    ];
    TABLE
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .and_then(|(_, iana)| iana.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, String)> {
        text.lines().map(|l| (0, l.to_owned())).collect()
    }

    #[test]
    fn vendor_paths_prefixes_and_underscores_find_the_iana_zone() {
        for (tzid, want) in [
            (
                "/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires",
                "America/Argentina/Buenos_Aires",
            ),
            ("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"),
            ("custom_America/New_York", "America/New_York"),
            ("Europe_Berlin", "Europe/Berlin"),
            ("posix/Europe/Vaduz", "Europe/Vaduz"),
        ] {
            assert_eq!(named(tzid).map(|t| t.name()), Some(want), "{tzid}");
        }
        assert_eq!(named("Customized Time Zone"), None);
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

    #[test]
    fn a_vtimezone_maps_to_the_zone_with_its_rules() {
        let zones = vtimezones(&lines(
            "BEGIN:VTIMEZONE\nTZID:Canberra, Melbourne, Sydney\nBEGIN:STANDARD\nDTSTART:16010401T030000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16011007T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1100\nEND:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VTIMEZONE\nTZID:UTC+11\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1100\nEND:STANDARD\nEND:VTIMEZONE",
        ));
        let sydney =
            zones["Canberra, Melbourne, Sydney"].to_iana("Canberra, Melbourne, Sydney", 2027);
        assert!(
            matches!(
                sydney.map(|t| t.name()),
                Some("Australia/Melbourne" | "Australia/Sydney" | "Australia/Canberra")
            ),
            "{sydney:?}"
        );
        assert_eq!(
            zones["UTC+11"].to_iana("UTC+11", 2017).map(|t| t.name()),
            Some("Etc/GMT-11")
        );
    }
}
