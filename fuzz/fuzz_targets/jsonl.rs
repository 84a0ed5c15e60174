//! Fuzz target: the JSON Lines reader, checked by `check_jsonl` (see ../checks.rs).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_jsonl(data));
