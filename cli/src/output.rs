//! Printing: answers as aligned `key: value` lines or pretty JSON, and failures to stderr.
//!
//! No output shows a secret unless asked: human output prints `***` for `access_token`,
//! `access_url` and `stats_token`, and `--json` serializes through [`forumpay::Masked`], which
//! knows secrets from their type; `--show-secrets` prints the model's own serialization.

use crate::args::Global;
use forumpay::{Error, Masked};
use serde::Serialize;
use serde_json::json;
use std::fmt::Display;
use std::process::ExitCode;

/// Why a command failed, and so which exit status it ends with.
#[derive(Debug)]
pub enum Failure {
    /// The SDK refused the call or the API answered with an error (exit 1).
    Sdk(Error),
    /// A required setting is missing, like a missing flag (exit 2, as clap's usage errors).
    Usage(Error),
    /// Something outside the SDK went wrong: the emulator, or a demo step not as expected
    /// (exit 1).
    Other(String),
    /// An outcome with its own exit status (`watch`: cancelled 3, blocked 4, timed out 5;
    /// interrupted 130), with the error that explains it, if any; the command has already
    /// printed the rest.
    Coded {
        /// The exit status.
        status: u8,
        /// Printed like an SDK error when present.
        error: Option<Error>,
    },
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Sdk(error)
    }
}

impl Failure {
    /// The exit status for this failure.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Sdk(_) | Failure::Other(_) => ExitCode::FAILURE,
            Failure::Coded { status, .. } => ExitCode::from(*status),
        }
    }

    /// Writes the failure to stderr: `error [code]: message` (with the exchange details on the
    /// following lines), or `{"error": {...}}` with `--json`.
    pub fn print(&self, json: bool) {
        let text = match (self, json) {
            (Failure::Coded { error: None, .. }, _) => return,
            (Failure::Sdk(e) | Failure::Usage(e) | Failure::Coded { error: Some(e), .. }, true) => {
                pretty(&error_json(e))
            }
            (
                Failure::Sdk(e) | Failure::Usage(e) | Failure::Coded { error: Some(e), .. },
                false,
            ) => error_text(e),
            (Failure::Other(message), true) => {
                pretty(&json!({"error": {"code": "failed", "message": message}}))
            }
            (Failure::Other(message), false) => format!("error: {message}"),
        };
        eprintln!("{text}");
    }
}

/// The JSON form of an SDK error. A struct rather than `json!` so the keys keep this order;
/// every key is always present so scripts can rely on it.
#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    http_status: Option<u16>,
    err_code: Option<&'a str>,
    cf_ray: Option<&'a str>,
    attempts: u32,
}

/// `{"error": {...}}` for an SDK error.
#[derive(Serialize)]
struct ErrorJson<'a> {
    error: ErrorBody<'a>,
}

fn error_json(e: &Error) -> ErrorJson<'_> {
    ErrorJson {
        error: ErrorBody {
            code: e.code().as_str(),
            message: e.message(),
            http_status: e.http_status(),
            err_code: e.err_code(),
            cf_ray: e.cf_ray(),
            attempts: e.attempts(),
        },
    }
}

/// The human form of an SDK error: the stable code first, then what helps support.
fn error_text(e: &Error) -> String {
    let mut text = format!("error [{}]: {}", e.code(), e.message());
    let d = e.details();
    let mut extra = Lines::default();
    extra.opt("action", d.action.as_ref());
    extra.opt("http status", e.http_status());
    extra.opt("err code", e.err_code());
    extra.opt("cf-ray", e.cf_ray());
    if e.attempts() > 1 {
        extra.text("attempts", e.attempts());
    }
    for line in extra.render().lines() {
        text.push_str("\n  ");
        text.push_str(line);
    }
    text
}

/// Pretty JSON of any model. The models serialize amounts as strings, so nothing is rounded.
fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing our own models into a String cannot fail (no maps with non-string keys); should
    // it ever, an error object is still valid output rather than a panic.
    serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        json!({"error": {"code": "failed", "message": e.to_string()}}).to_string()
    })
}

/// How answers are printed: as JSON or for people, and whether JSON shows secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printing {
    /// `--json`.
    pub json: bool,
    /// `--show-secrets`.
    pub show_secrets: bool,
}

impl Printing {
    /// The choice the global options make.
    pub fn of(global: &Global) -> Printing {
        Printing {
            json: global.json,
            show_secrets: global.show_secrets,
        }
    }

    /// Pretty JSON of `value`, secrets masked unless `--show-secrets`.
    pub fn pretty<T: Serialize + ?Sized>(&self, value: &T) -> String {
        if self.show_secrets {
            pretty(value)
        } else {
            pretty(&Masked(value))
        }
    }

    /// One-line JSON of `value` (a JSON lines record), secrets masked unless `--show-secrets`.
    pub fn line<T: Serialize + ?Sized>(&self, value: &T) -> serde_json::Result<String> {
        if self.show_secrets {
            serde_json::to_string(value)
        } else {
            serde_json::to_string(&Masked(value))
        }
    }
}

/// An answer that can be printed for people as well as serialized.
pub trait Render: Serialize {
    /// The useful fields, in reading order.
    fn human(&self) -> String;
}

/// Prints an answer on stdout in the chosen form.
pub fn show<T: Render + ?Sized>(value: &T, printing: Printing) {
    if printing.json {
        println!("{}", printing.pretty(value));
    } else {
        println!("{}", value.human());
    }
}

/// `key: value` rows printed with the values aligned. Absent values are skipped, so a row only
/// appears when the API sent something.
#[derive(Debug, Default)]
pub struct Lines {
    rows: Vec<(String, String)>,
}

impl Lines {
    /// A row with any displayable value.
    pub fn text(&mut self, key: &str, value: impl Display) -> &mut Self {
        self.rows.push((key.to_string(), value.to_string()));
        self
    }

    /// A row when the value is present.
    pub fn opt(&mut self, key: &str, value: Option<impl Display>) -> &mut Self {
        if let Some(v) = value {
            self.text(key, v);
        }
        self
    }

    /// An amount exactly as the Decimal displays (scale kept), followed by its currency.
    pub fn amount(&mut self, key: &str, amount: &impl Display, currency: &str) -> &mut Self {
        self.text(key, format!("{amount} {currency}"))
    }

    /// An amount with its currency, when present.
    pub fn opt_amount(
        &mut self,
        key: &str,
        amount: Option<&impl Display>,
        currency: &str,
    ) -> &mut Self {
        if let Some(a) = amount {
            self.amount(key, a, currency);
        }
        self
    }

    /// A secret: only whether it is there, never its value.
    pub fn secret<T>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if value.is_some() {
            self.text(key, "***");
        }
        self
    }

    /// The rows, keys padded so the values line up.
    pub fn render(&self) -> String {
        let width = self.rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|(k, v)| format!("{:<width$} {v}", format!("{k}:")))
            .collect();
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_align_and_skip_absent_values() {
        let mut l = Lines::default();
        l.text("a", 1)
            .opt("skipped", None::<&str>)
            .text("longer", "x");
        assert_eq!(l.render(), "a:      1\nlonger: x");
    }

    #[test]
    fn secrets_never_show_their_value() {
        let mut l = Lines::default();
        l.secret("access_token", Some(&forumpay::Secret::new("tok-123")));
        assert_eq!(l.render(), "access_token: ***");
    }

    #[test]
    fn json_masks_secrets_unless_asked() {
        let token = Some(forumpay::Secret::new("tok-123"));
        let masked = Printing {
            json: true,
            show_secrets: false,
        };
        assert_eq!(masked.pretty(&token), "\"***\"");
        assert_eq!(masked.line(&token).unwrap_or_default(), "\"***\"");
        let shown = Printing {
            show_secrets: true,
            ..masked
        };
        assert_eq!(shown.line(&token).unwrap_or_default(), "\"tok-123\"");
    }

    #[test]
    fn error_json_has_every_key() {
        let e = Error::validation("invoice_amount", "bad");
        let v = serde_json::to_value(error_json(&e)).unwrap_or_default();
        assert_eq!(v["error"]["code"], "validation");
        assert!(v["error"]["http_status"].is_null());
        assert_eq!(v["error"]["attempts"], 0);
    }
}
