//! Calls' arguments and client settings from any named values (see `forumpay_fuzz::named`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| forumpay_fuzz::named::check(data));
