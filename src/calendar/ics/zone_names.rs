//! Zones by name: IANA names, behind a vendor's path or prefix, Windows names, and
//! `UTC+11`-style offsets.

use chrono_tz::Tz;

use super::windows_zones::WINDOWS_ZONES;

/// An IANA zone named by `tzid`, directly or after a vendor's path or prefix
/// (`/mozilla.org/20050126_1/Europe/Berlin`, `custom_America/New_York`, `Europe_Berlin`),
/// or a Windows zone name.
pub(in crate::calendar) fn named(tzid: &str) -> Option<Tz> {
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

/// The IANA zone a Windows zone name means (CLDR's table, in `windows_zones.rs`).
pub(in crate::calendar) fn windows_zone(name: &str) -> Option<Tz> {
    WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .and_then(|(_, iana)| iana.parse().ok())
}

/// `UTC+11`, `GMT-5`, `UTC+05:30` without a VTIMEZONE: the Etc zone of whole hours.
pub(in crate::calendar) fn fixed_offset(tzid: &str) -> Option<Tz> {
    let upper = tzid.trim().to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))?;
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    // Whole hours only (`5`, `05`, `05:00`, `05.00`): a second offset
    // (`GMT-05.00/-04.00`, a zone with summer time) says too little to guess.
    let (h, m) = digits.split_once([':', '.']).unwrap_or((digits, "00"));
    if h.is_empty() || h.len() > 2 || m != "00" || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = h.parse().ok()?;
    match sign * hours {
        0 => Some(Tz::UTC),
        h if h > 0 => format!("Etc/GMT-{h}").parse().ok(),
        h => format!("Etc/GMT+{}", -h).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_windows_name_means_a_zone_chrono_tz_knows() {
        for (windows, iana) in WINDOWS_ZONES {
            assert_eq!(
                windows_zone(windows).map(|t| t.name()),
                Some(*iana),
                "{windows}"
            );
        }
        assert_eq!(
            named("E. Australia Standard Time").map(|t| t.name()),
            Some("Australia/Brisbane")
        );
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
}
