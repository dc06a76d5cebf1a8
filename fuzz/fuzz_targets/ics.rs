#![no_main]
//! The .ics reader: any bytes, imported into an empty book, then a year listed.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(mut store) = juggle::Store::open_in_memory() else { return };
    if juggle::calendar::ics::import(&mut store, &text, None).is_ok() {
        let _ = juggle::calendar::occurrences(
            &store,
            chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
            chrono_tz::Tz::UTC,
            &juggle::calendar::Filter::default(),
        );
        let _ = juggle::calendar::ics::export(&store, None);
    }
});
