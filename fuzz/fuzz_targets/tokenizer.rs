//! Fuzz target: the tokenizer, checked by `check_tokenizer` (see ../checks.rs).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_tokenizer(data));
