//! `Config::builder(..).build()` from any settings (see `forumpay_fuzz::config`).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: forumpay_fuzz::config::ConfigInput| input.check());
