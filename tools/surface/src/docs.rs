//! The reference tables every README points at: settings, calls with their arguments, result
//! types, error fields and codes, each name shown in every language's casing.

use crate::model::{camel, Field, Struct, Surface, Ty, TypeDef};
use crate::output::Output;
use std::fmt::Write;

/// `docs/reference/*.md`.
pub fn outputs(surface: &Surface) -> Vec<Output> {
    vec![
        Output::new("docs/reference/settings.md", "<!--", &settings(surface)),
        Output::new("docs/reference/calls.md", "<!--", &calls(surface)),
        Output::new("docs/reference/results.md", "<!--", &results(surface)),
        Output::new("docs/reference/errors.md", "<!--", &errors(surface)),
    ]
}

/// A type as the tables show it.
fn ty(t: &Ty) -> String {
    match t {
        Ty::Text => "text".into(),
        Ty::Decimal => "decimal".into(),
        Ty::Timestamp => "time (RFC 3339, UTC)".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(_) => "integer".into(),
        Ty::Float => "number".into(),
        Ty::Json => "any JSON".into(),
        Ty::Extra => "map".into(),
        Ty::List(inner) => format!("list of {}", ty(inner)),
        Ty::Named(n) => format!("[`{n}`](results.md#{})", n.to_lowercase()),
    }
}

/// A doc on one table line.
fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

fn field_rows(out: &mut String, record: &Struct, requests: bool) {
    out.push_str("| Python / Rust | Node / Kotlin | type | | description |\n|---|---|---|---|---|\n");
    for f in &record.fields {
        let _ = writeln!(out, "| `{}` | `{}` | {} | {} | {} |", f.name, camel(&f.name), ty(&f.ty), marks(f, requests), one_line(&f.doc));
    }
}

fn marks(f: &Field, requests: bool) -> String {
    let mut m = Vec::new();
    if requests && f.required {
        m.push("required");
    }
    if !requests && f.nullable {
        m.push("may be null");
    }
    if f.secret {
        m.push("secret");
    }
    m.join(", ")
}

fn settings(surface: &Surface) -> String {
    let mut out = String::from(
        "# Client settings\n\nEvery language takes the same settings by these names, cased its way (decision 0019): Python\nkeyword arguments of `Client(...)`, a JS options object, Kotlin's `Settings(...)`. Durations\nare whole milliseconds. Core checks every one (`validation`, naming the setting as you spelled\nit).\n\n",
    );
    field_rows(&mut out, surface.record(&surface.settings), true);
    out.push_str("\n## Webhook endpoint\n\n");
    field_rows(&mut out, surface.record(&surface.endpoint_settings), true);
    out
}

fn calls(surface: &Surface) -> String {
    let mut out = String::from("# Calls\n\nEvery call by its one name (Python/Rust `snake_case`, Node/Kotlin `camelCase`), with its\narguments by name. Amounts are decimals (text in JS), never floats.\n");
    for (title, list) in [("Calls", &surface.calls), ("Streams (one result at a time)", &surface.streams)] {
        let _ = writeln!(out, "\n## {title}\n");
        for c in list.iter() {
            let result = if c.list { format!("list of [`{}`](results.md#{})", c.result, c.result.to_lowercase()) } else { format!("[`{}`](results.md#{})", c.result, c.result.to_lowercase()) };
            let _ = writeln!(out, "### `{}` / `{}`\n\n{}\n\nGives {result}. Arguments (`{}`):\n", c.name, camel(&c.name), one_line(&c.doc), c.request);
            field_rows(&mut out, surface.record(&c.request), true);
        }
    }
    out
}

fn results(surface: &Surface) -> String {
    let mut out = String::from("# Types\n\nEvery type the calls take and give, by name.\n");
    for (name, def) in &surface.types {
        let _ = writeln!(out, "\n## {name}\n");
        match def {
            TypeDef::Struct(s) => {
                let _ = writeln!(out, "{}\n", one_line(&s.doc));
                field_rows(&mut out, s, s.closed);
            }
            TypeDef::Enum(e) | TypeDef::OpenEnum(e) => {
                let _ = writeln!(out, "{}\n", one_line(&e.doc));
                if matches!(def, TypeDef::OpenEnum(_)) {
                    out.push_str("Text: one of these, or a newer value the API reports.\n\n");
                }
                out.push_str("| value | meaning |\n|---|---|\n");
                for v in &e.variants {
                    let _ = writeln!(out, "| `{}` | {} |", v.name, one_line(&v.doc));
                }
            }
            TypeDef::Union(u) => {
                let _ = writeln!(out, "{}\n", one_line(&u.doc));
                for (t, doc) in &u.shapes {
                    let _ = writeln!(out, "- {}: {}", ty(t), one_line(doc));
                }
            }
        }
    }
    out
}

fn errors(surface: &Surface) -> String {
    let mut out = String::from("# Errors\n\nOne error type in every language, with one class per code (Python and Node\n`<Code>Error`, Kotlin `ForumPayException.<Code>`). Branch on `code`, never on the message.\n\n## Codes\n\n| code | when |\n|---|---|\n");
    for c in &surface.error_codes {
        let _ = writeln!(out, "| `{}` | {} |", c.name, one_line(&c.doc));
    }
    out.push_str("\n## Fields\n\n");
    field_rows(&mut out, surface.record(&surface.error), false);
    out
}
