#![no_main]
//! The vCard reader: any bytes, decoded as a file would be, imported into an empty book.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(mut store) = juggle::Store::open_in_memory() else { return };
    let _ = juggle::exchange::import_vcards(&mut store, &text);
});
