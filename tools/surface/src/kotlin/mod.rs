//! The Kotlin and Swift binding's generated surface (decision 0022): the uniffi crate's remote
//! declarations of every surface type and one export per call (`rust.rs`), and the Kotlin API
//! over them: `Client`, `BlockingClient`, `ForumPayException` and the `fromNamed` builders
//! (`api.rs`). The compiler checks every declaration against core's real types, so nothing here
//! is a copy that can drift: a field added in core is declared by the next `make generate`.

mod api;
mod rust;

use crate::model::{pascal, Surface};
use crate::output::Output;

/// The uniffi crate's generated module.
const RUST_FILE: &str = "bindings-kotlin/src/generated.rs";
/// Where the generated Kotlin goes (package `com.forumpay.sdk`).
const KOTLIN_DIR: &str = "bindings-kotlin/jvm/src/main/kotlin/com/forumpay/sdk/generated";

/// Every generated file of the Kotlin/Swift binding.
pub fn outputs(surface: &Surface) -> Vec<Output> {
    let raw = forumpay::surface::schema();
    let mut all = vec![Output::new(RUST_FILE, "//", &rust::module(surface, &raw))];
    for (name, body) in api::files(surface) {
        all.push(Output::new(format!("{KOTLIN_DIR}/{name}"), "//", &body));
    }
    all
}

/// The types the binding declares: every type a call, a stream, the settings, the webhook
/// endpoint or the error reaches.
fn declared(surface: &Surface) -> Vec<String> {
    let mut roots: Vec<&str> = Vec::new();
    for c in surface.calls.iter().chain(&surface.streams) {
        roots.push(&c.request);
        roots.push(&c.result);
    }
    roots.extend([&surface.settings, &surface.endpoint_settings, &surface.webhook_answer, &surface.error].map(String::as_str));
    crate::model::reachable(surface, &roots)
}

use forumpay::surface::naming::snake;

/// The object a stream's items are pulled from: `watch_payment` → `WatchPaymentStream`.
fn stream_object(call: &str) -> String {
    format!("{}Stream", pascal(call))
}

/// A doc comment with `prefix` before each line (`///`, ` *`), or nothing for an empty doc.
fn doc_lines(doc: &str, prefix: &str) -> String {
    if doc.trim().is_empty() {
        return String::new();
    }
    doc.trim().lines().map(|l| if l.is_empty() { format!("{prefix}\n") } else { format!("{prefix} {l}\n") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_docs() {
        assert_eq!(snake("GetRate"), "get_rate");
        assert_eq!(snake("Settings"), "settings");
        assert_eq!(stream_object("watch_payment"), "WatchPaymentStream");
        assert_eq!(doc_lines("One.\n\nTwo.", "///"), "/// One.\n///\n/// Two.\n");
    }

    #[test]
    fn deterministic_and_complete() {
        let surface = Surface::read(&forumpay::surface::schema());
        let a = outputs(&surface);
        let b = outputs(&surface);
        assert_eq!(a.iter().map(|o| &o.content).collect::<Vec<_>>(), b.iter().map(|o| &o.content).collect::<Vec<_>>());
        let rust = &a[0].content;
        for c in surface.calls.iter().chain(&surface.streams) {
            assert!(rust.contains(&format!("pub fn {}(", c.name)) || rust.contains(&format!("pub async fn {}(", c.name)), "{}", c.name);
        }
        assert!(declared(&surface).contains(&"Payer".to_string()));
    }
}
