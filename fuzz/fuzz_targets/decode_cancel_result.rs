//! CancelPayment's answer (CancelResult): any body decodes or gives a `decode` error (see `forumpay_fuzz::decoders`).
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| forumpay_fuzz::decoders::check_decoder(body, forumpay::CancelResult::from_json));
