//! Calls and settings built from named values (core's surface, what every binding hands over):
//! any JSON map gives the request or a `validation` error that names an argument and repeats no
//! value of the input.

use crate::echo::data_strings;
use forumpay::surface::{self, Settings};
use forumpay::{Client, Config, ErrorCode};
use serde_json::Value;
use std::sync::OnceLock;

/// A client that never sends: arguments are only read and checked.
fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = Config::builder("fuzz", "fuzz-secret").base_url("http://127.0.0.1:9/").pos_id("web").build();
        Client::new(config.expect("a valid config")).expect("a client")
    })
}

/// Every name a binding may call, the streams included.
fn names() -> Vec<&'static str> {
    surface::CALLS.iter().chain(surface::STREAMS).map(|c| c.name).collect()
}

/// The first byte picks a call (or the settings, past the last call); the rest is JSON.
pub fn check(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(args) = serde_json::from_slice::<Value>(rest) else { return };
    let names = names();
    let result = match names.get(usize::from(pick) % (names.len() + 1)) {
        Some(name) => surface::check_arguments(client(), name, &args),
        None => surface::from_named::<Settings>(&args).and_then(Settings::build).map(drop),
    };
    if let Err(e) = result {
        assert_eq!(e.code(), ErrorCode::Validation, "named values give only validation errors: {e}");
        assert!(e.details().field.is_some(), "a validation error names its argument: {e}");
        // The message names its argument, which may be any key the caller wrote (an unknown
        // one): once that name is taken out, no value of the input may show.
        let field = e.details().field.clone().unwrap_or_default();
        let mut shown = format!("{e} {e:?}");
        if !field.is_empty() {
            // Debug writes the name quoted and escaped; Display writes it as is.
            shown = shown.replace(&format!("{field:?}"), "").replace(&field, "");
            shown = shown.replace(&format!("{field:?}").trim_matches('"').to_string(), "");
        }
        for value in data_strings(&args) {
            assert!(!shown.contains(&value), "the error repeats a value of the input: {shown}");
        }
    }
}

