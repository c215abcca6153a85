//! `parse_amount` against an independent oracle (see `forumpay_fuzz::amount`).
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &[u8]| forumpay_fuzz::amount::check_parse_amount(text));
