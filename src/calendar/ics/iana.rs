//! Which IANA zone keeps a VTIMEZONE's offsets through a year.

use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

use super::vtimezone::VZone;

impl VZone {
    /// Whether `tz` keeps this zone's offsets through `year` (see [`VZone::to_iana`]).
    pub(in crate::calendar) fn agrees_with(&self, tz: &Tz, year: i32) -> bool {
        self.samples(year)
            .is_some_and(|(samples, want)| Self::score(tz, &samples, &want) == samples.len())
    }

    /// Instants through `year` (twice a month, and two hours each side of every onset the
    /// zone gives that year) with the offset this zone's rules give each.
    pub(super) fn samples(&self, year: i32) -> Option<(Vec<i64>, Vec<i32>)> {
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
    pub(super) fn score(tz: &Tz, samples: &[i64], want: &[i32]) -> usize {
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
    pub(in crate::calendar) fn to_iana(&self, tzid: &str, year: i32) -> Option<Tz> {
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

#[cfg(test)]
mod tests {
    use crate::calendar::ics::vtimezone::vtimezones;

    fn lines(text: &str) -> Vec<(u32, String)> {
        text.lines().map(|l| (0, l.to_owned())).collect()
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
