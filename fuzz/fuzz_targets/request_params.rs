//! Every request builder, from any values through its public constructor and setters, then what
//! it would send (see `forumpay_fuzz::params`). A builder from named values (`from_map`) is
//! checked the same way: make the request from an arbitrary map and call `check_request`.
#![no_main]

use forumpay_fuzz::inputs::RequestInput;
use forumpay_fuzz::params::check_request;

libfuzzer_sys::fuzz_target!(|input: RequestInput| {
    let config = input.config();
    match input.build() {
        Ok((request, expect)) => check_request(request.as_ref(), config, &expect),
        // A named kind (reason, fee payer, payer type) that core's parser refused.
        Err(error) => assert_eq!(error.code(), forumpay::ErrorCode::Validation, "{error:?}"),
    }
});
