#![no_main]
//! The contacts CSV reader: any bytes imported into an empty book.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(mut store) = juggle::Store::open_in_memory() else { return };
    let _ = juggle::exchange::import_csv(&mut store, &text);
});
