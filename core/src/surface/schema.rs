//! The whole surface as one JSON document: every call, stream, setting, result and error, with
//! the doc comments of core's types. `make generate` turns it into each language's type surface
//! (Python models and stubs, TypeScript declarations, Kotlin records, the README tables), so a
//! field added to a core type reaches every language without a hand-written line.

use super::calls::{self, CALLS, STREAMS};
use super::settings::Settings;
use crate::error::{ErrorCode, ErrorFields};
use crate::webhooks::{EndpointSettings, WebhookAnswer};
use schemars::generate::{Contract, SchemaSettings};
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

/// The surface's schema (see the module's doc). Deterministic: the same core gives the same
/// document, byte for byte.
pub fn schema() -> Value {
    let mut requests = generator(Contract::Deserialize);
    let mut results = generator(Contract::Serialize);
    calls::describe_requests(&mut requests);
    calls::describe_results(&mut results);
    requests.subschema_for::<Settings>();
    requests.subschema_for::<EndpointSettings>();
    results.subschema_for::<ErrorFields>();
    results.subschema_for::<WebhookAnswer>();
    results.subschema_for::<crate::watch::PaymentUpdate>();
    results.subschema_for::<crate::models::Transaction>();

    let mut definitions = Map::new();
    for (name, schema) in results.definitions().iter().chain(requests.definitions()) {
        definitions.entry(name.clone()).or_insert_with(|| tidy(schema.clone()));
    }
    let info = |c: &calls::CallInfo| json!({"name": c.name, "request": c.request, "result": c.result, "list": c.list, "doc": c.doc, "decodes": c.decodes});
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "calls": CALLS.iter().map(info).collect::<Vec<_>>(),
        "streams": STREAMS.iter().map(info).collect::<Vec<_>>(),
        "settings": "Settings",
        "webhook_endpoint": {"settings": "EndpointSettings", "answer": "WebhookAnswer"},
        "error": "ErrorFields",
        "error_codes": ErrorCode::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "definitions": Value::Object(definitions.into_iter().collect()),
    })
}

fn generator(contract: Contract) -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = contract;
    settings.meta_schema = None;
    settings.into_generator()
}

/// schemars describes a `Decimal` by a pattern; the surface names it: `format: decimal`, text
/// in every language (an exact decimal type where the language has one).
fn tidy(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            let decimal = map.get("pattern").and_then(Value::as_str).is_some_and(|p| p.starts_with(r"^-?\d+(\.\d+)?"));
            if decimal {
                map.remove("pattern");
                map.insert("format".into(), "decimal".into());
                let nullable = match map.get("type") {
                    Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
                    _ => false,
                };
                map.insert("type".into(), if nullable { json!(["string", "null"]) } else { json!("string") });
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, tidy(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_every_call_and_marks_secrets_and_decimals() {
        let s = schema();
        let defs = &s["definitions"];
        for c in CALLS.iter().chain(STREAMS) {
            assert!(defs.get(c.request).is_some(), "request {} of {}", c.request, c.name);
            assert!(defs.get(c.result).is_some(), "result {} of {}", c.result, c.name);
        }
        let started = &defs["StartedPayment"]["properties"];
        assert_eq!(started["access_token"]["x-secret"], true, "{}", started["access_token"]);
        assert_eq!(started["amount"]["format"], "decimal", "{}", started["amount"]);
        assert_eq!(defs["StartPayment"]["properties"]["invoice_amount"]["format"], "decimal");
        assert_eq!(defs["Settings"]["properties"]["api_secret"]["x-secret"], true);
        assert_eq!(s, schema(), "deterministic");
    }
}
