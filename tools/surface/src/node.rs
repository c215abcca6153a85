//! The Node binding's type surface (`bindings-node/generated/`): TypeScript declarations of
//! every type of the surface (results, arguments, settings, the webhook endpoint's), of the
//! `Client` (a method per call and per stream, with core's docs) and of the errors, and the
//! error classes themselves (`errors.js`: `ForumPayError` and one subclass per code). Names are
//! cased by decision 0019: fields and methods in camelCase, error classes `PascalCaseError`.

use crate::model::{camel, pascal, Call, Field, Struct, Surface, Ty, TypeDef};
use crate::output::Output;
use std::collections::HashSet;
use std::fmt::Write;

/// Every generated file of the Node binding.
pub fn outputs(surface: &Surface) -> Vec<Output> {
    check_names(surface);
    let surface = &js_surface(surface);
    vec![
        Output::new("bindings-node/generated/surface.d.ts", "//", &declarations(surface)),
        Output::new("bindings-node/generated/errors.js", "//", &error_classes(surface)),
    ]
}

/// Every name must survive the binding's casing rule both ways (`snake(camel(x)) == x`), or an
/// argument written as documented would not reach core under its name.
fn check_names(surface: &Surface) {
    let snake = |s: &str| s.chars().fold(String::new(), |mut o, c| {
        if c.is_uppercase() {
            o.push('_');
            o.extend(c.to_lowercase());
        } else {
            o.push(c);
        }
        o
    });
    for t in surface.types.values() {
        if let TypeDef::Struct(s) = t {
            for f in &s.fields {
                assert_eq!(snake(&camel(&f.name)), f.name, "{}.{} does not survive camelCase and back", s.name, f.name);
            }
        }
    }
}

/// `doc` with every field named in backticks (`payment_id`) named as JavaScript spells it.
fn js_names(doc: &str, names: &HashSet<String>) -> String {
    let parts = doc.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 && part.contains('_') && names.contains(part) { camel(part) } else { part.to_string() }
    });
    parts.collect::<Vec<_>>().join("`")
}

/// The surface with its docs naming fields the JavaScript way.
fn js_surface(surface: &Surface) -> Surface {
    let mut s = surface.clone();
    let names: HashSet<String> = s
        .types
        .values()
        .filter_map(|t| match t {
            TypeDef::Struct(st) => Some(st.fields.iter().map(|f| f.name.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    let fix = |doc: &mut String| *doc = js_names(doc, &names);
    s.calls.iter_mut().chain(s.streams.iter_mut()).for_each(|c| fix(&mut c.doc));
    s.error_codes.iter_mut().for_each(|v| fix(&mut v.doc));
    for t in s.types.values_mut() {
        match t {
            TypeDef::Struct(st) => {
                fix(&mut st.doc);
                st.fields.iter_mut().for_each(|f| fix(&mut f.doc));
            }
            TypeDef::Enum(e) | TypeDef::OpenEnum(e) => {
                fix(&mut e.doc);
                e.variants.iter_mut().for_each(|v| fix(&mut v.doc));
            }
            TypeDef::Union(u) => fix(&mut u.doc),
        }
    }
    s
}

/// A JSDoc block at `indent`, or nothing for an empty doc.
fn jsdoc(doc: &str, indent: &str) -> String {
    if doc.trim().is_empty() {
        return String::new();
    }
    let doc = doc.replace("*/", "*\\/");
    let lines: Vec<&str> = doc.lines().collect();
    if lines.len() == 1 {
        return format!("{indent}/** {} */\n", lines[0]);
    }
    let mut out = format!("{indent}/**\n");
    for line in lines {
        let _ = writeln!(out, "{indent} *{}{line}", if line.is_empty() { "" } else { " " });
    }
    let _ = writeln!(out, "{indent} */");
    out
}

/// The TypeScript type of `ty`; `input`: as an argument (bytes may be a `Uint8Array`).
fn ts(ty: &Ty, input: bool) -> String {
    match ty {
        Ty::Text => "string".into(),
        Ty::Decimal => "Decimal".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int(_) | Ty::Float => "number".into(),
        Ty::Json => "unknown".into(),
        Ty::Extra => "Record<string, unknown>".into(),
        Ty::List(inner) if input && **inner == Ty::Int("uint8".into()) => "Uint8Array | number[]".into(),
        Ty::List(inner) => format!("{}[]", ts(inner, input)),
        Ty::Named(n) => n.clone(),
    }
}

fn field_line(f: &Field, input: bool) -> String {
    let mut doc = f.doc.clone();
    if f.secret {
        doc.push_str("\n\nA secret: readable by code, absent from every printed form (`toCanonical(x, { secrets: true })` includes it).");
    }
    let optional = if f.required { "" } else { "?" };
    let null = if f.nullable { " | null" } else { "" };
    let readonly = if input { "" } else { "readonly " };
    format!("{}  {readonly}{}{optional}: {}{null}\n", jsdoc(&doc, "  "), camel(&f.name), ts(&f.ty, input))
}

fn interface(s: &Struct) -> String {
    let mut out = jsdoc(&s.doc, "");
    let _ = writeln!(out, "export interface {} {{", s.name);
    for f in &s.fields {
        out.push_str(&field_line(f, s.closed));
    }
    out.push_str("}\n");
    out
}

fn type_alias(def: &TypeDef) -> String {
    match def {
        TypeDef::Struct(s) => interface(s),
        TypeDef::Enum(e) | TypeDef::OpenEnum(e) => {
            let mut doc = e.doc.clone();
            for v in e.variants.iter().filter(|v| !v.doc.is_empty()) {
                let _ = write!(doc, "\n- `{}`: {}", v.name, v.doc);
            }
            let mut values: Vec<String> = e.variants.iter().map(|v| format!("'{}'", v.name)).collect();
            if matches!(def, TypeDef::OpenEnum(_)) {
                values.push("(string & {})".into());
            }
            format!("{}export type {} = {}\n", jsdoc(&doc, ""), e.name, values.join(" | "))
        }
        TypeDef::Union(u) => {
            let shapes: Vec<String> = u.shapes.iter().map(|(t, _)| ts(t, true)).collect();
            format!("{}export type {} = {}\n", jsdoc(&u.doc, ""), u.name, shapes.join(" | "))
        }
    }
}

/// The argument list of a call's method: optional when the request requires nothing.
fn parameter(surface: &Surface, call: &Call) -> String {
    let required = surface.record(&call.request).fields.iter().any(|f| f.required);
    format!("args{}: {}", if required { "" } else { "?" }, call.request)
}

fn client(surface: &Surface) -> String {
    let settings = surface.record(&surface.settings);
    let mut out = String::from(
        "/** An async iterator over a stream's items; leaving the loop (or `return()`) stops it at once. */\n\
         export interface ForumPayStream<T> extends AsyncIterableIterator<T> {\n  return(): Promise<IteratorResult<T, undefined>>\n}\n\n",
    );
    out.push_str(&jsdoc("The ForumPay API client: every call returns a Promise of its canonical result (camelCase keys,\namounts as decimal text, timestamps as RFC 3339 text) or rejects with a `ForumPayError`.\nOne client serves any number of concurrent calls.", ""));
    out.push_str("export declare class Client {\n");
    out.push_str(&jsdoc(&format!("A client with these settings, checked at once (a `ValidationError` names a bad one).\nWith `store` (a `Store` written in JavaScript) it keeps its webhook claims and payment states\nthere instead of where `storeUrl` says.\n\n{}", settings.doc), "  "));
    // `store` is the binding's own (a JS object, never a named value): `store.d.ts`.
    let _ = writeln!(out, "  constructor(settings: {} & {{ store?: import('../store').Store | null }})", settings.name);
    for c in &surface.calls {
        let result = if c.list { format!("{}[]", c.result) } else { c.result.clone() };
        let _ = write!(out, "{}  {}({}): Promise<{result}>\n", jsdoc(&c.doc, "  "), camel(&c.name), parameter(surface, c));
    }
    for s in &surface.streams {
        let _ = write!(out, "{}  {}({}): ForumPayStream<{}>\n", jsdoc(&s.doc, "  "), camel(&s.name), parameter(surface, s), s.result);
    }
    out.push_str("}\n");
    out
}

/// The error class of `code`.
fn class_name(code: &str) -> String {
    format!("{}Error", pascal(code))
}

fn error_declarations(surface: &Surface) -> String {
    let fields = surface.record(&surface.error);
    let mut out = jsdoc(&format!("Every failure of the SDK; its subclass names the code.\n\n{}", fields.doc), "");
    out.push_str("export declare class ForumPayError extends Error {\n");
    for f in fields.fields.iter().filter(|f| f.name != "message") {
        out.push_str(&field_line(f, false));
    }
    out.push_str("}\n");
    for code in &surface.error_codes {
        let _ = write!(
            out,
            "{}export declare class {} extends ForumPayError {{\n  static readonly code: '{}'\n  readonly code: '{}'\n}}\n",
            jsdoc(&code.doc, ""),
            class_name(&code.name),
            code.name,
            code.name
        );
    }
    out
}

fn declarations(surface: &Surface) -> String {
    let mut out = format!(
        "// The type surface of `forumpay` for Node, from core's schema (version {}).\n\n\
         /** An exact decimal amount as text (\"48.25\", scale kept): never a JavaScript number. */\n\
         export type Decimal = string\n\
         /** A moment as RFC 3339 text in UTC (\"2022-11-10T08:43:33Z\"). */\n\
         export type Timestamp = string\n",
        surface.version
    );
    // The error's fields are declared once, as `ForumPayError`'s.
    for (_, def) in surface.types.iter().filter(|(name, _)| **name != surface.error) {
        out.push('\n');
        out.push_str(&type_alias(def));
    }
    out.push('\n');
    out.push_str(&client(surface));
    out.push('\n');
    out.push_str(&decode_answer(surface));
    out.push('\n');
    out.push_str(&error_declarations(surface));
    out
}

/// `decodeAnswer(call, body)`: one overload per call whose answers it reads, typed by the call's
/// result (a name it does not know gives `unknown`, and is refused by core).
fn decode_answer(surface: &Surface) -> String {
    let body = "Buffer | Uint8Array | string";
    let mut out = jsdoc(
        "Decodes `body`, an answer of call `call`'s API action that you hold (fetched or archived by\n\
         other means), into what the call's Promise gives, exactly as the call decodes it: the same\n\
         tolerances, an `InvalidRequestError` for a body carrying the API's `err` (as on an HTTP\n\
         200), a `DecodeError` for one that is not JSON or not this answer, a `ValidationError`\n\
         for an unknown call or one without an answer of its own (`verifyWebhook`). Calls are\n\
         named as the client's methods; `waitForSettlement` reads a CheckPayment answer.",
        "",
    );
    for call in surface.calls.iter().filter(|c| c.decodes) {
        let result = if call.list { format!("{}[]", call.result) } else { call.result.clone() };
        let _ = writeln!(out, "export declare function decodeAnswer(call: '{}', body: {body}): {result}", camel(&call.name));
    }
    let _ = writeln!(out, "export declare function decodeAnswer(call: string, body: {body}): unknown");
    out
}

fn error_classes(surface: &Surface) -> String {
    let fields = surface.record(&surface.error);
    let mut out = String::from("'use strict'\n// The SDK's error classes: `ForumPayError` and one subclass per error code.\n\n");
    out.push_str(&jsdoc(&format!("Every failure of the SDK; its subclass names the code.\n\n{}", fields.doc), ""));
    out.push_str("class ForumPayError extends Error {\n  constructor (fields) {\n    super(fields.message)\n    this.name = new.target.name\n");
    for f in fields.fields.iter().filter(|f| f.name != "message") {
        let name = camel(&f.name);
        let default = if f.nullable || !f.required { " ?? null" } else { "" };
        let _ = write!(out, "{}    this.{name} = fields.{name}{default}\n", jsdoc(&f.doc, "    "));
    }
    out.push_str("  }\n}\n");
    for code in &surface.error_codes {
        let _ = write!(
            out,
            "\n{}class {} extends ForumPayError {{\n  /** The code of this class's errors. */\n  static code = '{}'\n}}\n",
            jsdoc(&code.doc, ""),
            class_name(&code.name),
            code.name
        );
    }
    out.push_str("\nmodule.exports = {\n  ForumPayError");
    for code in &surface.error_codes {
        let _ = write!(out, ",\n  {}", class_name(&code.name));
    }
    out.push_str("\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_calls_secrets_and_errors_deterministically() {
        let surface = Surface::read(&forumpay::surface::schema());
        let files = outputs(&surface);
        let dts = &files[0].content;
        assert!(dts.contains("  getRate(args: GetRate): Promise<Rate>"), "a method per call");
        assert!(dts.contains("  watchPayment(args: WatchPayment): ForumPayStream<PaymentUpdate>"));
        assert!(dts.contains("  invoiceAmount: Decimal\n"), "arguments in camelCase");
        assert!(dts.contains("readonly accessToken?: string | null") || dts.contains("readonly accessToken: string | null"));
        assert!(dts.contains("export declare class OutcomeUnknownError extends ForumPayError"));
        assert!(dts.contains("export declare function decodeAnswer(call: 'getTransactions', body: Buffer | Uint8Array | string): TransactionPage\n"));
        assert!(dts.contains("decodeAnswer(call: 'getCurrencyList', body: Buffer | Uint8Array | string): Currency[]\n"));
        assert!(!dts.contains("decodeAnswer(call: 'verifyWebhook'"), "no answer of its own");
        let js = &files[1].content;
        assert!(js.contains("class OutcomeUnknownError extends ForumPayError {\n  /** The code of this class's errors. */\n  static code = 'outcome_unknown'"));
        assert!(js.contains("this.httpStatus = fields.httpStatus ?? null"));
        let again = outputs(&surface);
        assert!(files.iter().zip(&again).all(|(a, b)| a.content == b.content), "deterministic");
    }
}
