//! Tolerant decoding of the API's JSON, straight from the answer's bytes into the typed results
//! (decision 0003, and 0025 for how it got fast): the live service sends numbers as strings and
//! as numbers, booleans as `"1"`/`"0"`/`true`, and `""` where it means "none"; each model names
//! its known fields once ([`fields::model_fields!`]), reads each in one pass with the readers
//! of [`scalar`], and keeps whatever else arrives in `extra`.
//!
//! No `serde_json::Value` is built on the way, except for what a model keeps as sent; strings
//! are borrowed from the input until a field takes them, and amounts are parsed from the
//! borrowed text. Error messages name the field and what was expected, never the value: a value
//! may be a token.

pub(crate) mod answer;
pub(crate) mod fields;
pub(crate) mod json;
pub(crate) mod reader;
mod reader_serde;
pub(crate) mod scalar;

pub(crate) use answer::{answer, from_slice, from_value, Answer};

use serde_json::{Map, Value};

/// Unknown fields of an answer, kept so that nothing the API sends is lost.
pub type Extra = Map<String, Value>;

#[cfg(test)]
mod tests {
    use super::fields::model_fields;
    use super::*;
    use crate::error::Result;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Probe {
        known: Option<String>,
        amount: Option<rust_decimal::Decimal>,
        kind: Option<String>,
        sent: Option<Value>,
        items: Vec<Probe>,
        inner: Option<Box<Probe>>,
        extra: Extra,
    }

    model_fields! {
        Probe for "Test" as ProbeFields {
            known: text, amount: text, kind("type"): text, sent: json, items: list(Probe), inner: object(Probe),
        }
    }

    impl Probe {
        fn from_fields(f: &mut ProbeFields<'_>) -> Result<Probe> {
            Ok(Probe {
                known: f.known().opt_string()?,
                amount: f.amount().opt_decimal()?,
                kind: f.kind().opt_string()?,
                sent: f.sent().json(),
                items: f.items().list()?,
                inner: f.inner().opt_object()?.map(Box::new),
                extra: f.extra(),
            })
        }
    }

    impl Answer for Probe {
        const CONTEXT: &'static str = "Test";
        fn read(r: &mut reader::Reader<'_>) -> reader::Result<(Result<Self>, bool)> {
            answer::object_answer(r)
        }
    }

    fn probe(json: &str) -> Result<Probe> {
        from_slice(json.as_bytes())
    }

    #[test]
    fn known_fields_are_read_and_the_rest_kept() {
        let p = probe(
            r#"{"known": 7, "amount": "1.50", "type": "Sell", "sent": {"a": [1]}, "new": {"deep": 1}, "n": null}"#,
        )
        .unwrap();
        assert_eq!(p.known.as_deref(), Some("7"));
        assert_eq!(p.amount.unwrap().to_string(), "1.50");
        assert_eq!(p.kind.as_deref(), Some("Sell"));
        assert_eq!(p.sent, Some(json!({"a": [1]})));
        assert_eq!(p.extra, json!({"new": {"deep": 1}, "n": null}).as_object().unwrap().clone());
    }

    #[test]
    fn the_last_of_repeated_keys_wins_as_in_a_parsed_value() {
        let p = probe(r#"{"known": "a", "known": "b", "x": 1, "x": 2}"#).unwrap();
        assert_eq!((p.known.as_deref(), &p.extra["x"]), (Some("b"), &json!(2)));
    }

    #[test]
    fn items_read_the_same_whatever_the_order_of_their_keys() {
        // The key order learnt from one item must not change how the next is read: keys in
        // another order, missing, repeated, unknown in between, or escaped.
        let items = [
            r#"{"known": "a", "amount": "1.5", "type": "t", "x": 1}"#,
            r#"{"known": "b", "amount": "2.5", "type": "u", "x": 2}"#,
            r#"{"type": "v", "known": "c", "y": [1], "amount": 3}"#,
            r#"{"amount": "4", "type": "w"}"#,
            r#"{"known": "d", "x": 1, "known": "e", "amount": "5", "amount": "6", "type": "z"}"#,
            r#"{"kno\u0077n": "f", "am": 1, "amount\"": 2, "typ": 3, "types": 4, "type": ""}"#,
            r#"{"inner": {"amount": "7", "known": "g"}, "known": "h", "items": [{"type": "i"}]}"#,
        ];
        let list = probe(&format!(r#"{{"items": [{}]}}"#, items.join(", "))).unwrap();
        let alone: Vec<Probe> = items.iter().map(|item| probe(item).unwrap()).collect();
        assert_eq!(list.items, alone);
        assert_eq!(alone[4].known.as_deref(), Some("e"));
        assert_eq!(alone[4].amount.unwrap().to_string(), "6");
        assert_eq!(alone[5].known.as_deref(), Some("f"));
        assert_eq!(alone[5].extra.keys().collect::<Vec<_>>(), ["am", "amount\"", "typ", "types"]);
        assert_eq!(alone[6].inner.as_ref().unwrap().amount.unwrap().to_string(), "7");
    }

    #[test]
    fn nested_models_and_their_shapes() {
        let p = probe(r#"{"items": [{"known": "a"}, {"items": ""}], "inner": {"known": "i"}}"#).unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.inner.unwrap().known.as_deref(), Some("i"));
        for none in ["null", "\"\"", "[]"] {
            assert!(probe(&format!(r#"{{"inner": {none}}}"#)).unwrap().inner.is_none(), "{none}");
        }
        for bad in ["1", "\"x\"", "[1]", "true"] {
            let e = probe(&format!(r#"{{"inner": {bad}}}"#)).unwrap_err();
            assert_eq!(e.message(), "field `inner`: expected an object", "{bad}");
        }
        let e = probe(r#"{"items": [{"known": "a"}, 5, {"known": []}]}"#).unwrap_err();
        assert_eq!(e.message(), "expected a JSON object, got a number", "the first bad item is the error");
        assert_eq!(probe(r#"{"items": {}}"#).unwrap_err().message(), "field `items`: expected a list");
    }

    #[test]
    fn the_answer_must_be_an_object_of_json() {
        for (bad, kind) in
            [("null", "null"), ("[]", "a list"), ("\"\"", "a string"), ("12.5", "a number"), ("1", "a number")]
        {
            assert_eq!(probe(bad).unwrap_err().message(), format!("expected a JSON object, got {kind}"), "{bad}");
        }
        let e = probe("{\"known\": ").unwrap_err();
        assert_eq!((e.code().as_str(), e.message()), ("decode", "the answer is not valid JSON (line 1, column 11)"));
        assert!(probe("{} x").is_err(), "trailing characters");
    }

    #[test]
    fn an_err_at_the_top_is_noticed() {
        assert!(answer::<Probe>(br#"{"known": "a", "err": "Payment not found"}"#).is_none());
        assert!(answer::<Probe>(br#"{"known": "a", "inner": {"err": "x"}}"#).is_some(), "only the top counts");
        assert!(answer::<Probe>(br#"{"known": []}"#).is_none(), "an answer that cannot be built");
    }

    #[test]
    fn from_value_reads_the_same() {
        let v = json!({"known": "a", "amount": 0.1, "sent": null, "zzz": [1, "2"]});
        let p = from_value::<Probe>(v).unwrap();
        assert_eq!(p.amount.unwrap().to_string(), "0.1");
        assert_eq!(p.sent, None);
        assert_eq!(p.extra["zzz"], json!([1, "2"]));
    }
}
