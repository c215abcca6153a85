//! A fuzzer without nightly Rust: every response decoder and the webhook parser are fed
//! mutated versions of real-looking bodies (values swapped for other types, odd numbers, deep
//! nesting, byte flips, truncation). No input may panic; each must decode or give a typed error.
//!
//! `cargo test --release -p forumpay --test fuzz -- --nocapture` with `FUZZ_ITERATIONS=N` (per
//! target; default 3,000 so the normal suite stays fast) runs it longer. The coverage-guided
//! targets of `make fuzz` (fuzz/) search much further; this one keeps a quick net in `make test`.

use forumpay::{
    AcceptResult, CancelResult, Currency, ErrorCode, KycResult, PaymentStatus, Pong, Rate, Rates, RefundResult,
    StartedPayment, TransactionPage, WalletApp, WebhookNotification,
};
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A small deterministic generator (xorshift64*): the same seed replays the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ODD_TEXT: [&str; 16] = [
    "", " ", "0", "-0", "1e400", "4.825E1", "NaN", "1,234.56", "0.000000000000000000000000000001",
    "79228162514264337593543950336", "true", "\"1\"", "2022-13-45 99:99:99", "\u{0000}", "zero_confirmed", "ünïcödé",
];

fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 3 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => serde_json::from_str(&format!("{}.{}", rng.below(1_000_000), rng.next())).unwrap_or(Value::Null),
        4 => json!(ODD_TEXT[rng.below(ODD_TEXT.len())]),
        5 => json!("x".repeat(rng.below(300))),
        6 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let mut m = Map::new();
            for i in 0..rng.below(4) {
                m.insert(format!("k{i}"), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Replaces, removes or adds one node somewhere in `value`.
fn mutate(rng: &mut Rng, value: &mut Value) {
    match value {
        Value::Object(map) if !map.is_empty() && rng.below(4) != 0 => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
            match rng.below(4) {
                0 => drop(map.remove(&key)),
                1 => drop(map.insert(key, random_value(rng, 0))),
                _ => mutate(rng, map.get_mut(&key).expect("key just read")),
            }
        }
        Value::Array(items) if !items.is_empty() && rng.below(4) != 0 => {
            let i = rng.below(items.len());
            mutate(rng, &mut items[i]);
        }
        other => *other = random_value(rng, 0),
    }
}

/// The bytes of `value`, sometimes flipped, cut or wrapped.
fn to_bytes(rng: &mut Rng, value: &Value) -> Vec<u8> {
    let mut bytes = value.to_string().into_bytes();
    match rng.below(6) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] = rng.next() as u8;
        }
        1 => bytes.truncate(rng.below(bytes.len() + 1)),
        2 => bytes = format!("{}{}{}", "[".repeat(200), String::from_utf8_lossy(&bytes), "]".repeat(200)).into_bytes(),
        _ => {}
    }
    bytes
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture is JSON")
}

type Target = (&'static str, Value, fn(&[u8]) -> Option<ErrorCode>);

/// Decodes bytes the way the client does: JSON first, then the typed decoder.
fn via_json<T>(bytes: &[u8], decode: fn(Value) -> forumpay::Result<T>) -> Option<ErrorCode> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    decode(value).err().map(|e| e.code())
}

fn targets() -> Vec<Target> {
    let webhook = json!({"pos_id": "web", "payment_id": "p", "address": "a", "currency": "BTC", "reference_no": "r",
        "event": "payment.confirmed", "status": "confirmed", "amount": "0.1", "timestamp": "2024-01-15T10:30:00Z"});
    vec![
        ("Rate", fixture("rate.json"), |b| via_json(b, Rate::from_json)),
        ("Rates", fixture("rates.json"), |b| via_json(b, Rates::from_json)),
        ("StartedPayment", fixture("start_payment_rich.json"), |b| via_json(b, StartedPayment::from_json)),
        ("PaymentStatus", fixture("check_payment_underpaid_cancelled.json"), |b| via_json(b, PaymentStatus::from_json)),
        ("Currency list", fixture("currency_list.json"), |b| via_json(b, Currency::list_from_json)),
        ("TransactionPage", fixture("transactions_invoices.json"), |b| via_json(b, TransactionPage::from_json)),
        ("TransactionPage (bare)", fixture("transactions_bare.json"), |b| via_json(b, TransactionPage::from_json)),
        ("CancelResult", json!({"cancelled": true, "status": "Cancelled"}), |b| via_json(b, CancelResult::from_json)),
        ("AcceptResult", json!({"success": true}), |b| via_json(b, AcceptResult::from_json)),
        ("RefundResult", json!({"wait_time": "120 minutes"}), |b| via_json(b, RefundResult::from_json)),
        ("Pong", json!({"result": "pong", "webhook_response": {"status": "OK", "response_code": 200}}), |b| via_json(b, Pong::from_json)),
        ("KycResult", json!({"status": "ok"}), |b| via_json(b, KycResult::from_json)),
        (
            "WalletApp list",
            json!([{"id": "w-1", "name": "Wallet", "image": "https://x/w.png", "image_darkmode": null}]),
            |b| via_json(b, WalletApp::list_from_json),
        ),
        ("webhook", webhook, |b| WebhookNotification::parse(b).err().map(|e| e.code())),
    ]
}

#[test]
fn no_input_makes_a_decoder_panic() {
    let per_target: u64 = std::env::var("FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000);
    let mut rng = Rng(0x5EED_F00D_CAFE_BABE);
    let mut executions = 0u64;
    for (name, seed, decode) in targets() {
        for i in 0..per_target {
            let mut value = seed.clone();
            for _ in 0..=rng.below(4) {
                mutate(&mut rng, &mut value);
            }
            let bytes = if i % 10 == 0 {
                (0..rng.below(64)).map(|_| rng.next() as u8).collect()
            } else {
                to_bytes(&mut rng, &value)
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| decode(&bytes)));
            match outcome {
                Ok(None) => {}
                Ok(Some(code)) => assert!(
                    matches!(code, ErrorCode::Decode | ErrorCode::Webhook),
                    "{name}: unexpected code {code} for {}",
                    String::from_utf8_lossy(&bytes)
                ),
                Err(_) => panic!("{name} panicked on input #{i}: {}", String::from_utf8_lossy(&bytes)),
            }
            executions += 1;
        }
    }
    println!("fuzz: {executions} executions over {} targets, no panic", targets().len());
}
