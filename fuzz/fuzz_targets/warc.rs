//! Fuzz target: the WARC reader, checked by `check_warc` (see ../checks.rs).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_warc(data));
