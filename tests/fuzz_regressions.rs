//! Replays, on stable and in the normal suite, every input kept from fuzzing (fuzz/, run
//! with nightly cargo-fuzz): the seed corpus and each input that once crashed a reader.
//! tests/fuzz-corpus/<target>/ holds them; each target here does what its fuzz target in
//! fuzz/fuzz_targets/ does, and must return (an error is fine), never panic.

use std::path::Path;

use chrono::{TimeZone, Utc};
use juggle::calendar::recurrence::{self, Series};
use juggle::Store;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

fn each(target: &str, run: impl Fn(&str)) {
    std::env::set_var("JUGGLE_TZ", "UTC");
    for (name, bytes) in inputs(target) {
        let text = String::from_utf8_lossy(&bytes);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&text)));
        assert!(outcome.is_ok(), "{target}: {name} panicked");
    }
}

#[test]
fn ics_inputs() {
    each("ics", |text| {
        let mut store = Store::open_in_memory().unwrap();
        if juggle::calendar::ics::import(&mut store, text, None).is_ok() {
            let _ = juggle::calendar::occurrences(
                &store,
                "2027-01-01".parse().unwrap(),
                "2027-12-31".parse().unwrap(),
                chrono_tz::Tz::UTC,
                &juggle::calendar::Filter::default(),
            );
            let _ = juggle::calendar::ics::export(&store, None);
        }
    });
}

#[test]
fn vcard_inputs() {
    each("vcard", |text| {
        let mut store = Store::open_in_memory().unwrap();
        let _ = juggle::exchange::import_vcards(&mut store, text);
    });
}

#[test]
fn csv_inputs() {
    each("csv", |text| {
        let mut store = Store::open_in_memory().unwrap();
        let _ = juggle::exchange::import_csv(&mut store, text);
    });
}

#[test]
fn book_json_inputs() {
    each("book_json", |text| {
        let mut store = Store::open_in_memory().unwrap();
        let _ = juggle::book::json::import_json(&mut store, text);
    });
}

#[test]
fn recurrence_inputs() {
    each("recurrence", |text| {
        let mut lines = text.splitn(2, '\n');
        let rule = lines.next().unwrap_or_default();
        let seed: i64 = lines.next().map_or(0, |s| s.bytes().map(i64::from).sum());
        let zones = [
            chrono_tz::Tz::UTC,
            chrono_tz::Europe::Berlin,
            chrono_tz::America::New_York,
        ];
        let tz = zones[(seed % 3) as usize];
        let Some(start) = tz.timestamp_opt(1_790_000_000 + seed * 3_607, 0).single() else {
            return;
        };
        let series = Series {
            rrule: rule,
            dtstart: start,
            exdates: &[start.timestamp() + 86_400],
        };
        if recurrence::validate(&series).is_err() {
            return;
        }
        let _ = recurrence::last_start(&series);
        let from = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let _ = recurrence::starts_between_bounded(
            &series,
            from,
            from + chrono::Duration::days(366),
            10_000,
        );
    });
}
