//! `bindings-kotlin/src/generated.rs`: uniffi "remote" declarations of core's surface types,
//! field for field from the schema, and the exports that run each call and pull each stream.

use super::{declared, doc_lines, snake, stream_object};
use crate::model::{pascal, Call, Enum, Field, Struct, Surface, Ty, TypeDef, Union};
use serde_json::Value;
use std::fmt::Write;

/// The whole module.
pub fn module(surface: &Surface, raw: &Value) -> String {
    let mut out = String::from(concat!(
        "//! Core's surface as uniffi sees it: every request, result and settings type declared again\n",
        "//! as a \"remote\" record or enum (checked by the compiler against core's own type), one\n",
        "//! async export per call and one object per stream. Written by tools/surface (decision 0022).\n\n",
        "use crate::client::NativeClient;\n",
        "use crate::convert::{Extra, JsonValue, TextMap};\n",
        "use crate::error::NativeError;\n",
        "use forumpay::surface::*;\n",
        "use forumpay::webhooks::*;\n",
        "use forumpay::*;\n",
        "use std::sync::Arc;\n",
        "use tokio::sync::Mutex;\n",
    ));
    for name in declared(surface) {
        match surface.types.get(&name) {
            Some(TypeDef::Struct(s)) => out.push_str(&record(s, raw)),
            Some(TypeDef::Enum(e)) => out.push_str(&closed_enum(e)),
            Some(TypeDef::OpenEnum(e)) => out.push_str(&open_enum(e)),
            Some(TypeDef::Union(u)) => out.push_str(&union(u)),
            None => panic!("the schema names {name} but does not define it"),
        }
    }
    out.push_str(&calls(surface));
    out.push_str(&decode_answer(surface));
    for s in &surface.streams {
        out.push_str(&stream(s));
    }
    for name in declared(surface) {
        if let Some(TypeDef::Struct(s)) = surface.types.get(&name) {
            if s.closed {
                out.push_str(&from_named(s));
            }
        }
    }
    out
}

/// The Rust type of a schema type.
fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::Text => "String".into(),
        Ty::Decimal => "Decimal".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(format) => match format.as_str() {
            "int64" => "i64",
            "int32" => "i32",
            "uint64" => "u64",
            "uint32" => "u32",
            "uint16" => "u16",
            "uint8" => "u8",
            other => panic!("no Rust type for integers of format {other}"),
        }
        .into(),
        Ty::Float => "f64".into(),
        Ty::Json => "JsonValue".into(),
        Ty::Extra => "Extra".into(),
        Ty::List(inner) => format!("Vec<{}>", rust_ty(inner)),
        Ty::Named(n) => n.clone(),
    }
}

/// A field's Rust type: secrets are `Secret`, a map whose values are text is `TextMap` (the
/// model reads every open object as `extra`; the raw schema says what its values are).
fn field_ty(owner: &str, f: &Field, raw: &Value) -> String {
    let base = match &f.ty {
        Ty::Text if f.secret => "Secret".to_string(),
        Ty::Extra if map_of_text(&raw["definitions"][owner]["properties"][&f.name]) => "TextMap".to_string(),
        ty => rust_ty(ty),
    };
    // An untyped JSON value is nullable by nature; core holds it as `Option<Value>` when absent
    // is possible, which the schema says with `nullable`.
    if f.nullable {
        format!("Option<{base}>")
    } else {
        base
    }
}

fn map_of_text(schema: &Value) -> bool {
    schema["additionalProperties"]["type"] == "string"
}

/// `#[uniffi(default ...)]` for a field a caller may leave out.
fn default_attr(f: &Field) -> String {
    if f.required {
        return String::new();
    }
    match &f.default {
        None | Some(Value::Null) | Some(Value::Bool(false)) => "    #[uniffi(default)]\n".into(),
        Some(Value::Array(a)) if a.is_empty() => "    #[uniffi(default)]\n".into(),
        Some(Value::Object(o)) if o.is_empty() => "    #[uniffi(default)]\n".into(),
        Some(Value::Number(n)) if n.as_i64() == Some(0) => "    #[uniffi(default)]\n".into(),
        Some(v @ (Value::Number(_) | Value::Bool(_) | Value::String(_))) => format!("    #[uniffi(default = {v})]\n"),
        Some(other) => panic!("no uniffi default for {other}"),
    }
}

fn record(s: &Struct, raw: &Value) -> String {
    let mut out = format!("\n{}#[uniffi::remote(Record)]\npub struct {} {{\n", doc_lines(&s.doc, "///"), s.name);
    for f in &s.fields {
        out.push_str(&doc_lines(&f.doc, "    ///"));
        out.push_str(&default_attr(f));
        let _ = writeln!(out, "    pub {}: {},", f.name, field_ty(&s.name, f, raw));
    }
    out.push_str("}\n");
    out
}

fn variants(e: &Enum) -> String {
    e.variants
        .iter()
        .map(|v| {
            let doc = if v.doc.is_empty() { format!("`{}`.", v.name) } else { v.doc.clone() };
            format!("{}    {},\n", doc_lines(&doc, "    ///"), pascal(&v.name))
        })
        .collect()
}

fn closed_enum(e: &Enum) -> String {
    format!("\n{}#[uniffi::remote(Enum)]\npub enum {} {{\n{}}}\n", doc_lines(&e.doc, "///"), e.name, variants(e))
}

/// An enum whose values may grow on the API's side: the known ones, and `Unknown` with the
/// API's own text for any other.
fn open_enum(e: &Enum) -> String {
    format!(
        "\n{}#[uniffi::remote(Enum)]\npub enum {} {{\n{}    /// A value this version does not know, as the API sent it.\n    Unknown(String),\n}}\n",
        doc_lines(&e.doc, "///"),
        e.name,
        variants(e)
    )
}

/// The variant name of an untagged union's shape, by rule from its type.
fn shape_name(ty: &Ty) -> String {
    match ty {
        Ty::Text => "Text".into(),
        Ty::List(inner) if **inner == Ty::Int("uint8".into()) => "Bytes".into(),
        Ty::Named(n) => n.clone(),
        other => panic!("no variant name for a union shape of {other:?}"),
    }
}

fn union(u: &Union) -> String {
    let mut out = format!("\n{}#[uniffi::remote(Enum)]\npub enum {} {{\n", doc_lines(&u.doc, "///"), u.name);
    for (ty, doc) in &u.shapes {
        out.push_str(&doc_lines(doc, "    ///"));
        let _ = writeln!(out, "    {}({}),", shape_name(ty), rust_ty(ty));
    }
    out.push_str("}\n");
    out
}

fn result_ty(c: &Call) -> String {
    if c.list {
        format!("Vec<{}>", c.result)
    } else {
        c.result.clone()
    }
}

fn calls(surface: &Surface) -> String {
    let mut out = String::from("\n#[uniffi::export(async_runtime = \"tokio\")]\nimpl NativeClient {\n");
    for c in &surface.calls {
        let _ = write!(
            out,
            "{}    pub async fn {}(&self, request: {}) -> Result<{}, NativeError> {{\n        self.run(request).await\n    }}\n\n",
            doc_lines(&c.doc, "    ///"),
            c.name,
            c.request,
            result_ty(c)
        );
    }
    for s in &surface.streams {
        let _ = write!(
            out,
            "{}    pub fn {}(&self, request: {}) -> Result<Arc<{}>, NativeError> {{\n        Ok(Arc::new({} {{ inner: Mutex::new(self.open(request)?) }}))\n    }}\n\n",
            doc_lines(&s.doc, "    ///"),
            s.name,
            s.request,
            stream_object(&s.name),
            stream_object(&s.name)
        );
    }
    out.truncate(out.trim_end().len());
    out.push_str("\n}\n");
    out
}

/// `native_decode_answer(call, body)`: the result of call `call` (camelCase, as Kotlin names the
/// client's methods) from an answer the caller holds, as a variant per decodable call.
fn decode_answer(surface: &Surface) -> String {
    let decodable: Vec<&Call> = surface.calls.iter().filter(|c| c.decodes).collect();
    let mut out = String::from(
        "\n/// A decoded answer: the result of the call it was an answer of (`decodeAnswer` in Kotlin\n/// gives the `value`).\n#[derive(uniffi::Enum)]\npub enum DecodedAnswer {\n",
    );
    for c in &decodable {
        let _ = writeln!(out, "    /// An answer of `{}`.\n    {} {{ value: {} }},", c.name, pascal(&c.name), result_ty(c));
    }
    out.push_str(
        "}\n\n/// Decodes `body`, an answer of call `call` (camelCase) that the caller holds, exactly as the call\n/// decodes it (core's `surface::decode_answer`); code `validation` (field `call`) for a call\n/// without an answer of its own or none of that name.\n#[uniffi::export]\npub fn native_decode_answer(call: String, body: Vec<u8>) -> Result<DecodedAnswer, NativeError> {\n    let name = forumpay::surface::naming::snake(&call);\n    Ok(match name.as_str() {\n",
    );
    // One spelling per name (decision 0019): `get_rate` is not a Kotlin name.
    out.push_str("        _ if call.contains('_') => return Err(refused_call(&call)),\n");
    for c in &decodable {
        let _ = writeln!(out, "        {:?} => DecodedAnswer::{} {{ value: <{} as Call>::decode_answer(&body)? }},", c.name, pascal(&c.name), c.request);
    }
    out.push_str(
        "        _ => return Err(match forumpay::surface::decode_answer(&name, &body) {\n            Err(e) if CALLS.iter().any(|c| c.name == name) => e.into(),\n            _ => refused_call(&call),\n        }),\n    })\n}\n\n\
         /// An unknown call, named as the caller wrote it.\nfn refused_call(call: &str) -> NativeError {\n    Error::validation(\"call\", format!(\"there is no call `{call}` (calls are named as the client's methods, e.g. `getRate`)\")).into()\n}\n",
    );
    out
}

fn stream(s: &Call) -> String {
    let object = stream_object(&s.name);
    format!(
        "\n/// The items of `{name}`, pulled one at a time with `next()`.\n///\n{doc}#[derive(uniffi::Object)]\npub struct {object} {{\n    inner: Mutex<<{req} as Stream>::Stream>,\n}}\n\n\
         #[uniffi::export(async_runtime = \"tokio\")]\nimpl {object} {{\n    /// The next item, or null at the end. Cancelling the caller stops the request in flight.\n    \
         pub async fn next(&self) -> Result<Option<{item}>, NativeError> {{\n        \
         // Read at the first poll, on the calling thread (see `trace::trace_call_context`).\n        \
         let parent = crate::trace::call_context();\n        \
         Ok(forumpay::trace::within(parent, async {{ self.inner.lock().await.next().await }}).await?)\n    }}\n}}\n",
        name = s.name,
        doc = doc_lines(&s.doc, "///"),
        req = s.request,
        item = s.result,
    )
}

fn from_named(s: &Struct) -> String {
    format!(
        "\n/// A `{name}` from named values: a JSON map with snake_case names (code `validation` naming\n/// a missing, unknown or mistyped one).\n#[uniffi::export]\npub fn {fun}_from_named(named: JsonValue) -> Result<{name}, NativeError> {{\n    Ok(forumpay::surface::from_named(&named)?)\n}}\n",
        name = s.name,
        fun = snake(&s.name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_defaults() {
        assert_eq!(rust_ty(&Ty::List(Box::new(Ty::Named("Currency".into())))), "Vec<Currency>");
        assert_eq!(shape_name(&Ty::List(Box::new(Ty::Int("uint8".into())))), "Bytes");
        let f = |default: Option<Value>| Field {
            name: "limit".into(),
            doc: String::new(),
            ty: Ty::Int("int64".into()),
            required: false,
            nullable: false,
            secret: false,
            default,
        };
        assert_eq!(default_attr(&f(Some(serde_json::json!(20)))), "    #[uniffi(default = 20)]\n");
        assert_eq!(default_attr(&f(None)), "    #[uniffi(default)]\n");
    }
}
