//! `WebhookNotification::parse` on any body (see `forumpay_fuzz::webhook`).
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| forumpay_fuzz::webhook::check_webhook(body));
