//! Request parameters (gathered by `form`) and their validation into 400 errors.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::catalog::{parse_amount, parse_positive};
use crate::error::{bad, SandboxError};

/// Longest `payer_id` the live API accepts.
const MAX_PAYER_ID: usize = 64;

/// Parameters of one API request (which of query and body count: see `form`).
#[derive(Debug, Default)]
pub(crate) struct Params(HashMap<String, String>);

impl Params {
    /// The body's fields, then the query's: a key in both takes the query's value, and a key
    /// repeated in one place takes its last value (as PHP reads them).
    pub(crate) fn from_pairs(body: Vec<(String, String)>, query: Vec<(String, String)>) -> Params {
        Params(body.into_iter().chain(query).collect())
    }

    /// Parameters from a query string alone (absent: none).
    pub(crate) fn query(query: &str) -> Params {
        Params::from_pairs(Vec::new(), form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// Parameters from an urlencoded form body alone (the emulator's own pages post these).
    pub(crate) fn form(body: &[u8]) -> Params {
        Params::from_pairs(form_urlencoded::parse(body).into_owned().collect(), Vec::new())
    }

    /// A parameter's value; empty values count as absent, as PHP clients send `x=` for unset fields.
    pub(crate) fn opt(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// An owned optional value.
    pub(crate) fn opt_string(&self, name: &str) -> Option<String> {
        self.opt(name).map(str::to_string)
    }

    /// A required parameter.
    pub(crate) fn req(&self, name: &str) -> Result<&str, SandboxError> {
        self.opt(name)
            .ok_or_else(|| bad(format!("Missing required parameter: {name}")))
    }

    /// A boolean sent as `true`/`false` (or `1`/`0`); absent is false.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, SandboxError> {
        match self.opt(name).map(str::to_ascii_lowercase).as_deref() {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(other) => Err(bad(format!("Invalid boolean for {name}: {other}"))),
        }
    }

    /// An optional value that must be one of `choices` (a 400 naming them otherwise).
    pub(crate) fn one_of(&self, name: &str, choices: &[&str]) -> Result<Option<&str>, SandboxError> {
        match self.opt(name) {
            Some(v) if !choices.contains(&v) => Err(bad(format!("{name} must be one of: {}", choices.join(", ")))),
            other => Ok(other),
        }
    }

    /// A required amount greater than zero.
    pub(crate) fn amount(&self, name: &str) -> Result<Decimal, SandboxError> {
        parse_positive(name, self.req(name)?)
    }

    /// An optional amount greater than zero.
    pub(crate) fn opt_amount(&self, name: &str) -> Result<Option<Decimal>, SandboxError> {
        self.opt(name).map(|v| parse_positive(name, v)).transpose()
    }

    /// An optional non-negative amount (thresholds may be zero).
    pub(crate) fn opt_threshold(&self, name: &str) -> Result<Option<Decimal>, SandboxError> {
        match self.opt(name) {
            None => Ok(None),
            Some(v) => {
                let d = parse_amount(name, v)?;
                if d < Decimal::ZERO {
                    return Err(bad(format!("{name} must not be negative")));
                }
                Ok(Some(d))
            }
        }
    }

    /// A required identifier made of `[A-Za-z0-9._-]`.
    pub(crate) fn ident(&self, name: &str) -> Result<String, SandboxError> {
        let value = self.req(name)?;
        check_ident(name, value)?;
        Ok(value.to_string())
    }

    /// The optional `payer_id`: identifier characters, at most 64 of them.
    pub(crate) fn payer_id(&self) -> Result<Option<String>, SandboxError> {
        let Some(value) = self.opt("payer_id") else {
            return Ok(None);
        };
        if value.chars().count() > MAX_PAYER_ID {
            return Err(bad("payer_id must be at most 64 characters"));
        }
        check_ident("payer_id", value)?;
        Ok(Some(value.to_string()))
    }

    /// A non-negative integer with a default.
    pub(crate) fn integer(&self, name: &str, default: usize) -> Result<usize, SandboxError> {
        match self.opt(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| bad(format!("{name} must be a non-negative integer"))),
        }
    }

    /// Every `payer_*` parameter except `payer_id`, kept verbatim.
    pub(crate) fn payer_fields(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| k.starts_with("payer_") && k.as_str() != "payer_id")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// Refuses values outside `[A-Za-z0-9._-]`.
fn check_ident(name: &str, value: &str) -> Result<(), SandboxError> {
    let ok = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(bad(format!(
            "{name} contains characters outside A-Z a-z 0-9 . _ -"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_overrides_body_and_validates() {
        let body = vec![("a".to_string(), "2".to_string()), ("payer_id".to_string(), "bad id".to_string())];
        let query = form_urlencoded::parse(b"a=1&pos_id=web&flag=true&e=").into_owned().collect();
        let p = Params::from_pairs(body, query);
        assert_eq!(p.opt("a"), Some("1"));
        assert_eq!(p.opt("e"), None);
        assert!(p.flag("flag").unwrap_or(false));
        assert!(p.flag("nope").is_ok_and(|f| !f));
        assert!(p.ident("pos_id").is_ok());
        assert!(p.payer_id().is_err());
        assert!(p.req("missing").is_err());
        assert_eq!(p.one_of("flag", &["true", "false"]).ok().flatten(), Some("true"));
        assert!(p.one_of("flag", &["yes"]).is_err());
        assert!(p.one_of("missing", &["yes"]).is_ok_and(|v| v.is_none()));
        assert!(Params::query("offset=-1").integer("offset", 0).is_err());
    }
}
