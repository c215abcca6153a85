//! Core's surface schema read into a small model that every generator walks: types with their
//! fields, calls, streams, settings and error codes, docs cleaned of Rust link syntax.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The whole surface.
#[derive(Debug, Clone)]
pub struct Surface {
    /// Core's version.
    pub version: String,
    /// Calls with one result.
    pub calls: Vec<Call>,
    /// Calls whose results come one at a time.
    pub streams: Vec<Call>,
    /// The client's settings type.
    pub settings: String,
    /// The webhook endpoint's settings type.
    pub endpoint_settings: String,
    /// The webhook endpoint's answer type.
    pub webhook_answer: String,
    /// The canonical error's type.
    pub error: String,
    /// Every error code with its doc.
    pub error_codes: Vec<Variant>,
    /// Every type by name.
    pub types: BTreeMap<String, TypeDef>,
}

/// One call or stream.
#[derive(Debug, Clone)]
pub struct Call {
    /// snake_case name.
    pub name: String,
    /// The request type.
    pub request: String,
    /// The result type (of each item, for a stream or a list).
    pub result: String,
    /// Whether the result is a list.
    pub list: bool,
    /// What it does.
    pub doc: String,
    /// Whether `decode_answer` reads its answers (core's `CallInfo::decodes`).
    pub decodes: bool,
}

/// A named type.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// An object with named fields.
    Struct(Struct),
    /// One of a closed set of strings.
    Enum(Enum),
    /// A string with known values that may also be another (a newer API value).
    OpenEnum(Enum),
    /// One of several shapes (untagged).
    Union(Union),
}

/// An object type.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Its name.
    pub name: String,
    /// Its doc.
    pub doc: String,
    /// Its fields: required ones first, then by name.
    pub fields: Vec<Field>,
    /// Whether unknown names are refused (requests and settings).
    pub closed: bool,
}

/// A field.
#[derive(Debug, Clone)]
pub struct Field {
    /// snake_case name.
    pub name: String,
    /// Its doc.
    pub doc: String,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given (requests) / is always present (results).
    pub required: bool,
    /// Whether it may be null (absent).
    pub nullable: bool,
    /// Whether its value is a secret (never printed).
    pub secret: bool,
    /// The default, when the schema states one.
    pub default: Option<Value>,
}

/// A closed or open set of strings.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Its name.
    pub name: String,
    /// Its doc.
    pub doc: String,
    /// Its values.
    pub variants: Vec<Variant>,
}

/// One value of an enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The value.
    pub name: String,
    /// Its doc.
    pub doc: String,
}

/// An untagged union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Its name.
    pub name: String,
    /// Its doc.
    pub doc: String,
    /// Its shapes, each with its doc.
    pub shapes: Vec<(Ty, String)>,
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// Text.
    Text,
    /// An exact decimal (text on the wire).
    Decimal,
    /// A moment, RFC 3339 in UTC.
    Timestamp,
    /// A flag.
    Bool,
    /// A whole number of this schema format (`int64`, `uint32`, `uint16`, `uint64`, `uint8`).
    Int(String),
    /// A floating-point number.
    Float,
    /// Any JSON value.
    Json,
    /// An object of unknown fields (`extra`).
    Extra,
    /// A list.
    List(Box<Ty>),
    /// A named type.
    Named(String),
}

impl Surface {
    /// Reads core's schema.
    pub fn read(schema: &Value) -> Surface {
        let defs = schema["definitions"].as_object().cloned().unwrap_or_default();
        let calls = |key: &str| {
            schema[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| Call {
                    name: text(&c["name"]),
                    request: text(&c["request"]),
                    result: text(&c["result"]),
                    list: c["list"].as_bool().unwrap_or(false),
                    doc: clean_doc(&text(&c["doc"])),
                    decodes: c["decodes"].as_bool().unwrap_or(false),
                })
                .collect()
        };
        let types: BTreeMap<String, TypeDef> = defs.iter().map(|(name, s)| (name.clone(), type_def(name, s))).collect();
        let error_codes = match types.get("ErrorCode") {
            Some(TypeDef::Enum(e)) => e.variants.clone(),
            _ => Vec::new(),
        };
        Surface {
            version: text(&schema["version"]),
            calls: calls("calls"),
            streams: calls("streams"),
            settings: text(&schema["settings"]),
            endpoint_settings: text(&schema["webhook_endpoint"]["settings"]),
            webhook_answer: text(&schema["webhook_endpoint"]["answer"]),
            error: text(&schema["error"]),
            error_codes,
            types,
        }
    }

    /// The struct named `name`.
    pub fn record(&self, name: &str) -> &Struct {
        match self.types.get(name) {
            Some(TypeDef::Struct(s)) => s,
            _ => panic!("the schema has no object type {name}"),
        }
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn type_def(name: &str, s: &Value) -> TypeDef {
    let doc = clean_doc(&text(&s["description"]));
    let empty = Map::new();
    let props = s["properties"].as_object().or((s["type"] == "object").then_some(&empty));
    if let Some(props) = props {
        let required: Vec<String> = s["required"].as_array().into_iter().flatten().map(text).collect();
        let mut fields: Vec<Field> = props.iter().map(|(k, v)| field(k, v, required.contains(k))).collect();
        fields.sort_by(|a, b| (!a.required, &a.name).cmp(&(!b.required, &b.name)));
        let closed = s["additionalProperties"] == Value::Bool(false);
        return TypeDef::Struct(Struct { name: name.to_string(), doc, fields, closed });
    }
    if let Some(known) = s["x-known"].as_array() {
        let variants = known.iter().map(|v| Variant { name: text(v), doc: String::new() }).collect();
        return TypeDef::OpenEnum(Enum { name: name.to_string(), doc, variants });
    }
    if let Some(one_of) = s["oneOf"].as_array() {
        let variants = one_of
            .iter()
            .map(|v| Variant { name: text(&v["const"]), doc: clean_doc(&text(&v["description"])) })
            .collect();
        return TypeDef::Enum(Enum { name: name.to_string(), doc, variants });
    }
    if let Some(values) = s["enum"].as_array() {
        let variants = values.iter().map(|v| Variant { name: text(v), doc: String::new() }).collect();
        return TypeDef::Enum(Enum { name: name.to_string(), doc, variants });
    }
    let shapes = s["anyOf"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| (ty(v).0, clean_doc(&text(&v["description"]))))
        .collect();
    TypeDef::Union(Union { name: name.to_string(), doc, shapes })
}

fn field(name: &str, s: &Value, required: bool) -> Field {
    let (ty, nullable) = ty(s);
    Field {
        name: name.to_string(),
        doc: clean_doc(&text(&s["description"])),
        secret: s["x-secret"] == Value::Bool(true),
        default: s.get("default").cloned(),
        required,
        nullable,
        ty,
    }
}

/// The type of a schema and whether it admits null.
fn ty(s: &Value) -> (Ty, bool) {
    let Some(obj) = s.as_object() else { return (Ty::Json, true) };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        return (Ty::Named(r.rsplit('/').next().unwrap_or(r).to_string()), false);
    }
    if let Some(any) = obj.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = any.iter().filter(|v| v["type"] != "null").collect();
        if non_null.len() == 1 && any.len() == 2 {
            return (ty(non_null[0]).0, true);
        }
        return (Ty::Json, true);
    }
    let (kind, nullable) = match obj.get("type") {
        Some(Value::String(t)) => (t.as_str(), false),
        Some(Value::Array(ts)) => {
            let nullable = ts.iter().any(|t| t == "null");
            let kind = ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null");
            (kind, nullable)
        }
        _ => return (Ty::Json, true),
    };
    let format = obj.get("format").and_then(Value::as_str).unwrap_or_default();
    let t = match kind {
        "string" if format == "decimal" => Ty::Decimal,
        "string" if format == "date-time" => Ty::Timestamp,
        "string" => Ty::Text,
        "boolean" => Ty::Bool,
        "integer" => Ty::Int(if format.is_empty() { "int64".to_string() } else { format.to_string() }),
        "number" => Ty::Float,
        "array" => Ty::List(Box::new(obj.get("items").map(|i| ty(i).0).unwrap_or(Ty::Json))),
        "object" => Ty::Extra,
        _ => Ty::Json,
    };
    (t, nullable)
}

/// A doc comment without Rust's link syntax: "[`Client::start_payment`]" reads "`start_payment`",
/// "[`Error`]" reads "`Error`".
pub fn clean_doc(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("`]") {
            Some(end) => {
                let path = &after[..end];
                let last = path.rsplit("::").next().unwrap_or(path);
                out.push('`');
                out.push_str(last);
                out.push('`');
                rest = &after[end + 2..];
                // A link's explicit target, `[`x`](...)`, is dropped with it.
                if rest.starts_with('(') {
                    if let Some(close) = rest.find(')') {
                        rest = &rest[close + 1..];
                    }
                }
            }
            None => {
                out.push_str("[`");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n")
}

pub use forumpay::surface::naming::{camel, pascal};

/// Every type a type refers to, directly or through its fields, in a stable order (for
/// generators that must declare what they use).
pub fn reachable(surface: &Surface, roots: &[&str]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut stack: Vec<String> = roots.iter().rev().map(|r| r.to_string()).collect();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let mut refer = |t: &Ty| {
            let mut t = t;
            while let Ty::List(inner) = t {
                t = inner;
            }
            if let Ty::Named(n) = t {
                stack.push(n.clone());
            }
        };
        match surface.types.get(&name) {
            Some(TypeDef::Struct(s)) => s.fields.iter().for_each(|f| refer(&f.ty)),
            Some(TypeDef::Union(u)) => u.shapes.iter().for_each(|(t, _)| refer(t)),
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_core_schema() {
        let s = Surface::read(&forumpay::surface::schema());
        assert!(s.calls.iter().any(|c| c.name == "start_payment"));
        let started = s.record("StartedPayment");
        let token = started.fields.iter().find(|f| f.name == "access_token").unwrap();
        assert!(token.secret && token.nullable && token.ty == Ty::Text);
        let amount = started.fields.iter().find(|f| f.name == "amount").unwrap();
        assert_eq!(amount.ty, Ty::Decimal);
        let request = s.record("StartPayment");
        assert!(request.closed);
        assert!(request.fields[0].required, "required fields first");
        assert!(matches!(s.types.get("PaymentState"), Some(TypeDef::OpenEnum(_))));
        assert!(s.error_codes.iter().any(|c| c.name == "outcome_unknown" && !c.doc.is_empty()));
        assert!(reachable(&s, &["StartPayment"]).contains(&"Payer".to_string()));
    }

    #[test]
    fn docs_lose_link_syntax_and_names_get_cased() {
        assert_eq!(clean_doc("See [`crate::Client::start_payment`] and [`Error`]."), "See `start_payment` and `Error`.");
        assert_eq!(camel("invoice_amount"), "invoiceAmount");
        assert_eq!(pascal("outcome_unknown"), "OutcomeUnknown");
    }
}
