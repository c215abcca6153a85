use super::*;
use crate::surface::{Crossing, Step};
use crate::Secret;
use serde::Serialize;
use serde_json::{json, Map, Value};

#[derive(Serialize)]
struct Inner {
    token: Option<Secret>,
    plain_text: &'static str,
}

#[derive(Serialize)]
struct Outer {
    access_url: Secret,
    the_items: Vec<Inner>,
    extra: Value,
    quoted: &'static str,
}

fn sample() -> Outer {
    Outer {
        access_url: Secret::new("https://pay/x#tok"),
        the_items: vec![
            Inner { token: Some(Secret::new("t-1")), plain_text: "a" },
            Inner { token: None, plain_text: "\"\\\u{0}forumpay-secret:0\n\u{1f}é" },
        ],
        extra: json!({"api_key_kept": {"deep_key": [1, {"x_y": 2}]}}),
        quoted: "\u{0}forumpay-secret:0 is text here",
    }
}

/// What the binding does with the text (`results.js` in Node): the objects back from their
/// shapes, secrets in their places, and where each secret was (path to its holder, key).
fn unpacked(text: &str) -> (Value, Vec<(Vec<Step>, String)>) {
    let whole: Value = serde_json::from_str(text).unwrap();
    assert_eq!(whole.as_array().unwrap().len(), 2, "[value, shapes]: {text}");
    let shapes: Vec<String> = serde_json::from_value(whole[1].clone()).unwrap();
    let shapes: Vec<Vec<Value>> = shapes
        .iter()
        .map(|s| match s.is_empty() {
            true => vec![],
            false => s.split(',').map(|k| k.strip_prefix('*').map_or_else(|| json!(k), |secret| json!([secret]))).collect(),
        })
        .collect();
    let mut secrets = Vec::new();
    fn key_of(key: &Value, at: &[Step], secrets: &mut Vec<(Vec<Step>, String)>) -> String {
        match key {
            Value::String(key) => key.clone(),
            Value::Array(one) => {
                let key = one[0].as_str().unwrap().to_string();
                secrets.push((at.to_vec(), key.clone()));
                key
            }
            other => panic!("a key is text or [text]: {other}"),
        }
    }
    fn unpack(v: &Value, shapes: &[Vec<Value>], at: &mut Vec<Step>, secrets: &mut Vec<(Vec<Step>, String)>) -> Value {
        let Value::Array(items) = v else { return v.clone() };
        let (tag, items) = items.split_last().unwrap();
        let within = |step: Step, v: &Value, at: &mut Vec<Step>, secrets: &mut Vec<_>| {
            at.push(step);
            let out = unpack(v, shapes, at, secrets);
            at.pop();
            out
        };
        match tag.as_i64().unwrap() {
            0 => Value::Array(items.iter().enumerate().map(|(i, item)| within(Step::Index(i), item, at, secrets)).collect()),
            -1 => {
                let mut map = Map::new();
                for kv in items.chunks(2) {
                    let key = key_of(&kv[0], at, secrets);
                    map.insert(key.clone(), within(Step::Key(key), &kv[1], at, secrets));
                }
                Value::Object(map)
            }
            -2 => items[0].clone(),
            shape => {
                let keys = &shapes[shape as usize - 1];
                assert_eq!(keys.len(), items.len(), "a struct's values match its shape");
                let mut map = Map::new();
                for (key, item) in keys.iter().zip(items) {
                    let key = key_of(key, at, secrets);
                    map.insert(key.clone(), within(Step::Key(key), item, at, secrets));
                }
                Value::Object(map)
            }
        }
    }
    (unpack(&whole[0], &shapes, &mut Vec::new(), &mut secrets), secrets)
}

#[test]
fn canonical_text_unpacks_to_the_crossing() {
    let (value, secrets) = unpacked(&crossing_json(&sample(), Keys::Canonical).unwrap());
    let crossing = Crossing::of(&sample()).unwrap();
    let expected: Vec<(Vec<Step>, String)> = crossing.secrets.iter().map(|s| (s.path.clone(), s.key.clone())).collect();
    assert_eq!(value, crossing.with_secrets());
    assert_eq!(secrets, expected);
}

#[test]
fn camel_keys_outside_free_form_fields_and_secrets_in_place() {
    let opaque = |name: &str| name == "extra";
    let text = crossing_json(&sample(), Keys::Camel { opaque: &opaque }).unwrap();
    let (value, secrets) = unpacked(&text);
    assert_eq!(value["extra"], json!({"api_key_kept": {"deep_key": [1, {"x_y": 2}]}}));
    assert_eq!(value["theItems"][1], json!({"token": null, "plainText": "\"\\\u{0}forumpay-secret:0\n\u{1f}é"}));
    assert_eq!(value["theItems"][0], json!({"token": "t-1", "plainText": "a"}));
    assert_eq!(value["accessUrl"], "https://pay/x#tok");
    assert_eq!(value["quoted"], "\u{0}forumpay-secret:0 is text here");
    let expected = vec![(vec![], "accessUrl".to_string()), (vec![Step::Key("theItems".into()), Step::Index(0)], "token".to_string())];
    assert_eq!(secrets, expected);
    assert!(text.ends_with(r#",["*token,plainText","token,plainText","*accessUrl,theItems,extra,quoted"]]"#), "shapes, each once: {text}");
}

#[test]
fn a_secret_inside_a_newtype_is_still_held_apart() {
    #[derive(Serialize)]
    struct Token(Secret);
    #[derive(Serialize)]
    struct Holder {
        token: Token,
        plain: u8,
    }
    let text = crossing_json(&Holder { token: Token(Secret::new("nt-1")), plain: 1 }, Keys::Canonical).unwrap();
    assert_eq!(text, r#"[["nt-1",1,1],["*token,plain"]]"#);
}

#[test]
fn a_secret_no_field_holds_is_masked() {
    let secrets = vec![Secret::new("s-1")];
    assert_eq!(crossing_json(&secrets, Keys::Canonical).unwrap(), r#"[["***",0],[]]"#);
    assert_eq!(crossing_json(&Secret::new("s-2"), Keys::Canonical).unwrap(), r#"["***",[]]"#);
    let mut map = std::collections::BTreeMap::new();
    map.insert("a_key", Secret::new("s-3"));
    assert_eq!(crossing_json(&map, Keys::Camel { opaque: &|_| false }).unwrap(), r#"[[["aKey"],"s-3",-1],[]]"#);
}

#[test]
fn each_set_of_keys_is_written_once() {
    #[derive(Serialize)]
    struct Row {
        a_b: u32,
        c: Option<&'static str>,
    }
    let rows: Vec<Row> = (0..3).map(|i| Row { a_b: i, c: None }).collect();
    let text = crossing_json(&rows, Keys::Camel { opaque: &|_| false }).unwrap();
    assert_eq!(text, r#"[[[0,null,1],[1,null,1],[2,null,1],0],["aB,c"]]"#);
}

#[test]
fn a_shape_text_kept_from_before_is_written_as_it_was_made() {
    #[derive(Serialize)]
    struct Row {
        a_b: u32,
        token: Option<Secret>,
    }
    // The second crossing of each kind on this thread takes the kept text; the two kinds of
    // keys keep theirs apart, and so do shapes that differ only by whether a field held a secret.
    for _ in 0..2 {
        let row = Row { a_b: 1, token: Some(Secret::new("t")) };
        assert_eq!(crossing_json(&row, Keys::Camel { opaque: &|_| false }).unwrap(), r#"[[1,"t",1],["aB,*token"]]"#);
        assert_eq!(crossing_json(&row, Keys::Canonical).unwrap(), r#"[[1,"t",1],["a_b,*token"]]"#);
        let row = Row { a_b: 2, token: None };
        assert_eq!(crossing_json(&row, Keys::Canonical).unwrap(), r#"[[2,null,1],["a_b,token"]]"#);
    }
}

#[test]
fn maps_lists_numbers_and_variants() {
    #[derive(Serialize)]
    enum Shape {
        Unit,
        One(u8),
        Pair(u8, &'static str),
        Named { side_len: u8 },
    }
    let value = json!({"a_b": [1, "x", {"c_d": null}], "exact": serde_json::from_str::<Value>("0.10000000000000000000000001").unwrap()});
    let text = crossing_json(&value, Keys::Camel { opaque: &|_| false }).unwrap();
    assert_eq!(text, r#"[["aB",[1,"x",["cD",null,-1],0],"exact",0.10000000000000000000000001,-1],[]]"#);
    let shapes = vec![Shape::Unit, Shape::One(1), Shape::Pair(2, "p"), Shape::Named { side_len: 3 }];
    let text = crossing_json(&shapes, Keys::Camel { opaque: &|_| false }).unwrap();
    let (value, _) = unpacked(&text);
    assert_eq!(value, json!(["Unit", {"One": 1}, {"Pair": [2, "p"]}, {"Named": {"sideLen": 3}}]));
    assert_eq!(crossing_json(&Vec::<u8>::new(), Keys::Canonical).unwrap(), "[[0],[]]");
    assert_eq!(crossing_json(&(f64::NAN, 1.5f32, 'c', (), -12i64, u64::MAX, 0u8), Keys::Canonical).unwrap(), r#"[[null,1.5,"c",null,-12,18446744073709551615,0,0],[]]"#);
}

#[test]
fn free_form_values_are_sent_as_they_are() {
    #[derive(Serialize)]
    struct Holder {
        extra: Value,
        other: Value,
    }
    let holder = Holder { extra: json!([{"k_k": [1]}]), other: json!("plain") };
    let text = crossing_json(&holder, Keys::Camel { opaque: &|n| n == "extra" || n == "other" }).unwrap();
    assert_eq!(text, r#"[[[[{"k_k":[1]}],-2],"plain",1],["extra,other"]]"#);
    // An object needs no tag: nothing packed is a JSON object.
    let holder = Holder { extra: json!({"k_k": [1, {"a_b": [0, -2]}]}), other: json!({}) };
    let text = crossing_json(&holder, Keys::Camel { opaque: &|n| n == "extra" || n == "other" }).unwrap();
    assert_eq!(text, r#"[[{"k_k":[1,{"a_b":[0,-2]}]},{},1],["extra,other"]]"#);
}

#[test]
fn a_field_name_that_would_break_a_shape_is_refused() {
    #[derive(Serialize)]
    struct Odd {
        #[serde(rename = "a,b")]
        a: u8,
    }
    for _ in 0..2 {
        // Refused each time: a refused shape is not kept.
        let refused = crossing_json(&Odd { a: 1 }, Keys::Canonical).unwrap_err();
        assert!(refused.to_string().contains("\"a,b\""), "{refused}");
    }
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let mut samples: Vec<String> = vec![String::new(), "plain text of some length".into(), "é€😀 ünïcode".into(), "\u{7f}\u{80}\u{2028}".into()];
    for special in ['"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1}', '\u{1f}'] {
        for at in 0..20 {
            let mut text: String = "abcdefghijklmnopqrs€".chars().take(at).collect();
            text.push(special);
            text.push_str("tail after it, more than eight bytes");
            samples.push(text);
        }
    }
    for text in samples {
        let mut out = String::new();
        push_json_str(&mut out, &text);
        assert_eq!(out, serde_json::to_string(&text).unwrap(), "{text:?}");
    }
}
