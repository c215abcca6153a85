//! One HTTP exchange with the API: build the request, send it, and turn whatever comes back
//! (an answer, an `err` body, a status, a broken connection) into a JSON value or an [`Error`].

use crate::config::Config;
use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::requests::Params;
use crate::secret::scrub;
use serde_json::Value;
use std::sync::Once;
use std::time::Duration;

/// How an action is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// GET with a query string (reads, and the writes the manual documents as GET).
    Get,
    /// POST with a form body (StartPayment, as the provider's client sends it).
    PostForm,
}

/// The HTTP side of a [`crate::Client`]: one connection pool, one configuration.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Config,
}

static TLS_PROVIDER: Once = Once::new();

fn install_tls_provider() {
    // reqwest is built without a default crypto provider (ring builds far faster than aws-lc and
    // needs no OpenSSL). If the host application installed another provider first, that one is
    // kept: either works.
    TLS_PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Transport {
    pub fn new(config: Config) -> Result<Transport> {
        install_tls_provider();
        let http = reqwest::Client::builder()
            .user_agent(config.user_agent())
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::new(ErrorCode::Network, format!("could not set up HTTP: {}", chain(&e))))?;
        Ok(Transport { http, config })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends `action` once and returns its JSON answer (`Value::Null` for an empty body).
    pub async fn call(&self, action: &'static str, method: Method, params: Params) -> Result<Value> {
        let mut pairs = params.0;
        pairs.push(("locale".into(), self.config.locale.clone()));
        if let Some(user) = &self.config.user {
            pairs.push(("user".into(), user.clone()));
        }
        let url = format!("{}{}/", self.config.base_url, action);
        let builder = match method {
            Method::Get => self.http.get(&url).query(&pairs),
            Method::PostForm => self.http.post(&url).form(&pairs),
        };
        let response = builder
            .basic_auth(&self.config.api_user, Some(self.config.api_secret.expose()))
            .send()
            .await
            .map_err(|e| self.transport_error(action, &e))?;

        let status = response.status().as_u16();
        let cf_ray = header(&response, "cf-ray");
        let retry_after = header(&response, "retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response.bytes().await.map_err(|e| {
            self.transport_error(action, &e).with_details(ErrorDetails {
                action: Some(action.to_string()),
                http_status: Some(status),
                cf_ray: cf_ray.clone(),
                attempts: 1,
                ..ErrorDetails::default()
            })
        })?;
        let details = ErrorDetails {
            action: Some(action.to_string()),
            http_status: Some(status),
            cf_ray,
            retry_after,
            attempts: 1,
            ..ErrorDetails::default()
        };
        self.interpret(action, status, &body, details)
    }

    /// Turns a status and body into the answer or the matching error.
    fn interpret(&self, action: &str, status: u16, body: &[u8], mut details: ErrorDetails) -> Result<Value> {
        let parsed: Option<Value> = if body.iter().all(u8::is_ascii_whitespace) {
            Some(Value::Null)
        } else {
            serde_json::from_slice(body).ok()
        };
        let api_err = parsed.as_ref().and_then(err_fields);
        let success = (200..300).contains(&status);
        if success && api_err.is_none() {
            return parsed.ok_or_else(|| {
                Error::new(ErrorCode::Decode, "the answer is not JSON").with_details(details)
            });
        }
        let code = if success { ErrorCode::InvalidRequest } else { ErrorCode::from_http_status(status) };
        let message = match &api_err {
            Some((err, _, _)) => scrub(err, &self.config.api_secret),
            None => format!("HTTP {status} from {action}"),
        };
        if let Some((err, err_code, additional)) = api_err {
            details.err = Some(scrub(&err, &self.config.api_secret));
            details.err_code = err_code;
            details.additional = additional;
        }
        Err(Error::new(code, message).with_details(details))
    }

    fn transport_error(&self, action: &str, e: &reqwest::Error) -> Error {
        let (code, message) = if e.is_timeout() {
            (ErrorCode::Timeout, format!("no answer within {:?}", self.config.request_timeout))
        } else if e.is_connect() {
            (ErrorCode::Network, format!("could not connect to the API: {}", chain(e)))
        } else {
            (ErrorCode::Network, format!("the connection failed: {}", chain(e)))
        };
        let message = scrub(&message, &self.config.api_secret);
        Error::new(code, message).with_details(ErrorDetails {
            action: Some(action.to_string()),
            attempts: 1,
            ..ErrorDetails::default()
        })
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// `err`, `err_code` and `additional` of an error body, when it is one.
fn err_fields(value: &Value) -> Option<(String, Option<String>, Option<Value>)> {
    let obj = value.as_object()?;
    let err = match obj.get("err")? {
        Value::Null => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let err_code = obj.get("err_code").and_then(|v| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let additional = obj.get("additional").filter(|v| !v.is_null()).cloned();
    Some((err, err_code, additional))
}

/// The error and its causes on one line, without the URL (it can carry payment details).
fn chain(e: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s.to_string());
        source = s.source();
    }
    if text.is_empty() {
        "unknown transport error".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport() -> Transport {
        let config = Config::builder("u", "topsecret-key").base_url("http://127.0.0.1:1/").build().unwrap();
        Transport::new(config).unwrap()
    }

    fn code(r: Result<Value>) -> &'static str {
        r.unwrap_err().code().as_str()
    }

    #[test]
    fn statuses_and_bodies_map_to_codes() {
        let t = transport();
        let d = ErrorDetails::default;
        assert_eq!(code(t.interpret("X", 401, br#"{"err":"bad key"}"#, d())), "unauthorized");
        assert_eq!(code(t.interpret("X", 403, b"", d())), "unauthorized");
        assert_eq!(code(t.interpret("X", 404, b"<html>", d())), "not_found");
        assert_eq!(code(t.interpret("X", 429, b"", d())), "rate_limited");
        assert_eq!(code(t.interpret("X", 500, b"oops", d())), "server");
        assert_eq!(code(t.interpret("X", 400, br#"{"err":"Missing"}"#, d())), "invalid_request");
        assert_eq!(code(t.interpret("X", 200, br#"{"err":"Payment not found"}"#, d())), "invalid_request");
        assert_eq!(code(t.interpret("X", 200, b"<html>502</html>", d())), "decode");
        assert_eq!(t.interpret("X", 200, b"null", d()).unwrap(), Value::Null);
        assert_eq!(t.interpret("X", 200, b"  ", d()).unwrap(), Value::Null);
        assert!(t.interpret("X", 200, br#"{"err":"","a":1}"#, d()).is_ok());
    }

    #[test]
    fn err_body_details_are_kept_and_scrubbed() {
        let t = transport();
        let e = t
            .interpret(
                "StartPayment",
                200,
                br#"{"err":"key topsecret-key refused","err_code":"payerKYCNeeded","additional":{"x":1}}"#,
                ErrorDetails::default(),
            )
            .unwrap_err();
        assert_eq!(e.err_code(), Some("payerKYCNeeded"));
        assert!(e.details().additional.is_some());
        assert!(!e.to_string().contains("topsecret"));
        assert!(!format!("{e:?}").contains("topsecret"));
    }
}
