#![no_main]
//! Recurrence expansion: the first line is the rule, the second picks the start; the
//! rule is checked, bounded and expanded over a year the way the calendar does.
use chrono::{TimeZone, Utc};
use juggle::calendar::recurrence::{self, Series};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(2, '\n');
    let rule = lines.next().unwrap_or_default();
    let seed: i64 = lines.next().map_or(0, |s| s.bytes().map(i64::from).sum());
    let zones = [chrono_tz::Tz::UTC, chrono_tz::Europe::Berlin, chrono_tz::America::New_York];
    let tz = zones[(seed % 3) as usize];
    let Some(start) = tz.timestamp_opt(1_790_000_000 + seed * 3_607, 0).single() else { return };
    let series = Series { rrule: rule, dtstart: start, exdates: &[start.timestamp() + 86_400] };
    if recurrence::validate(&series).is_err() {
        return;
    }
    let _ = recurrence::last_start(&series);
    let from = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
    let _ = recurrence::starts_between_bounded(&series, from, from + chrono::Duration::days(366), 10_000);
});
