//! Request builders: what a request would send must be refused with a `validation` error naming
//! its field, or be well formed: each key once, amounts exact, positive and in plain notation,
//! the `pos_id` the caller chose (or the configured one).

use forumpay::fuzzing::WireParams;
use forumpay::{parse_amount, Config, Decimal, ErrorCode};

/// What a request built from known values must send.
#[derive(Debug, Default)]
pub struct Expect {
    /// The `pos_id` sent (`None`: the request sends none).
    pub pos_id: Option<String>,
    /// Amounts by parameter name: sent exactly as given when `Some`, absent when `None`.
    pub amounts: Vec<(&'static str, Option<Decimal>)>,
}

impl Expect {
    /// A request that sends this `pos_id` and no amount.
    pub fn with_pos(pos_id: Option<String>) -> Expect {
        Expect { pos_id, amounts: Vec::new() }
    }
}

/// Computes what `request` would send under `config` and checks it (see the module's doc).
pub fn check_request(request: &dyn WireParams, config: &Config, expect: &Expect) {
    let pairs = match request.wire_params(config) {
        Ok(pairs) => pairs,
        Err(error) => {
            assert_eq!(error.code(), ErrorCode::Validation, "{error:?}");
            assert!(error.details().field.as_deref().is_some_and(|f| !f.is_empty()), "no field: {error:?}");
            return;
        }
    };
    check_pairs(&pairs);
    assert_eq!(value_of(&pairs, "pos_id"), expect.pos_id.as_deref(), "pos_id");
    for (key, amount) in &expect.amounts {
        let sent = value_of(&pairs, key);
        match amount {
            None => assert_eq!(sent, None, "{key} sent though not set"),
            Some(amount) => {
                let sent = sent.unwrap_or_else(|| panic!("{key} accepted but not sent"));
                assert!(*amount > Decimal::ZERO, "{key} = {sent} is not positive");
                assert_eq!(sent, amount.to_string(), "{key} not sent as its plain text");
                let back = parse_amount(key, sent).expect("a sent amount reads back");
                assert!(back == *amount && back.scale() == amount.scale(), "{key} changed: {sent}");
            }
        }
    }
}

/// Properties of any accepted request: keys are snake_case names, each sent once.
pub fn check_pairs(pairs: &[(String, String)]) {
    for (i, (key, _)) in pairs.iter().enumerate() {
        assert!(
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "parameter name {key:?}"
        );
        assert!(pairs[..i].iter().all(|(k, _)| k != key), "parameter {key} sent twice: {pairs:?}");
    }
}

fn value_of<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}
