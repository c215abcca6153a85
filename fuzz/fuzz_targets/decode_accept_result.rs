//! AcceptPayment's answer (AcceptResult): any body decodes or gives a `decode` error (see `forumpay_fuzz::decoders`).
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| forumpay_fuzz::decoders::check_decoder(body, forumpay::AcceptResult::from_json));
