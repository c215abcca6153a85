//! One HTTP exchange with the API: build the request, send it, and turn whatever comes back
//! (an answer, an `err` body, a status, a broken connection) into a JSON value or an [`Error`].

use crate::config::Config;
use crate::decode::{self, Answer};
use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::requests::Params;
use crate::retry::Deadline;
use crate::secret::{scrub, Secret};
use crate::validate;
use serde_json::Value;
use reqwest::header::{HeaderValue, AUTHORIZATION};
use std::sync::Once;
use tokio::sync::Semaphore;
use std::time::Duration;
use crate::trace;
use crate::trace::http::{action_url, answered, retrying};
use tracing::field::Empty;
use tracing::{Instrument, Span};

/// How an action is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// GET with a query string (reads, and the writes the manual documents as GET).
    Get,
    /// POST with a form body (StartPayment and RequestKyc, as the provider's client sends them).
    PostForm,
}

/// Whether the API may have acted on a request that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The request never left: no connection was made, or the deadline had already passed.
    NotSent,
    /// The API answered with a refusal (4xx, or an `err` body): it did not act.
    Refused,
    /// The request went out and no usable answer came back (timeout, broken connection,
    /// 5xx, unreadable success): the API may or may not have acted.
    MaybeActed,
}

/// A successful answer: decoded already, or parsed and still to be decoded (then decoding may
/// fail, which is an unreadable answer, reported with what is known of the exchange).
pub(crate) enum Body<T> {
    /// Decoded straight from the bytes.
    Typed(T),
    /// Parsed only: the general path's value.
    Parsed(Value, ErrorDetails),
}

impl<T: Answer> Body<T> {
    /// The typed result.
    fn typed(self) -> Result<T> {
        match self {
            Body::Typed(t) => Ok(t),
            Body::Parsed(value, exchange) => decode::from_value(value).map_err(|e| e.with_exchange(&exchange)),
        }
    }

    fn with_attempts(self, attempts: u32) -> Self {
        match self {
            Body::Parsed(value, exchange) => Body::Parsed(value, ErrorDetails { attempts, ..exchange }),
            typed => typed,
        }
    }
}

/// A failed attempt and whether the API may have acted on it.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: Error,
    pub reach: Reach,
}

/// The HTTP side of a [`crate::Client`]: one connection pool, one configuration.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Config,
    /// `{base}/{Action}/` parsed once per action (in the order of [`ACTIONS`]): parsing (and
    /// IDNA) on every call was a measurable share of a call's cost.
    urls: Vec<reqwest::Url>,
    /// The `Authorization` header, encoded once (base64 of the credentials on every call was
    /// measurable too); marked sensitive so no debug output shows it.
    authorization: HeaderValue,
    /// Bounds the requests in flight: without it, ten thousand watches polling at once made
    /// the pool open thousands of connections and stall (measured in the benchmarks).
    in_flight: Semaphore,
}

/// Every action the client sends.
const ACTIONS: [&str; 12] = [
    "Ping", "GetRate", "GetRates", "StartPayment", "CheckPayment", "CancelPayment", "AcceptPayment",
    "RefundPayment", "GetCurrencyList", "GetTransactions", "RequestKyc", "GetWalletApps",
];

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
        // Config::build has checked that the base URL parses as http(s).
        let scheme = reqwest::Url::parse(&config.base_url).map(|u| u.scheme().to_owned()).unwrap_or_default();
        let (tls, _roots) = crate::trust::tls_config(&scheme)?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .user_agent(config.user_agent())
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(config.max_in_flight)
            .build()
            .map_err(|e| Error::new(ErrorCode::Network, format!("could not set up HTTP: {}", chain(&e))))?;
        let urls = ACTIONS
            .iter()
            .map(|action| reqwest::Url::parse(&format!("{}{action}/", config.base_url)))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|_| Error::validation("base_url", "base_url is not a valid URL"))?;
        let authorization = basic_authorization(&config.api_user, config.api_secret.expose())?;
        let in_flight = Semaphore::new(config.max_in_flight);
        Ok(Transport { http, config, urls, authorization, in_flight })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends a read, retrying transient failures (`server`, `timeout`, `network`,
    /// `rate_limited`) with backoff until it succeeds, the attempts run out or the deadline
    /// passes. The error carries the number of attempts made.
    pub async fn read<T: Answer>(&self, action: &'static str, params: Params, deadline: Deadline) -> Result<T> {
        let body =
            self.with_retries::<T>(action, Method::Get, params, deadline, |f| f.error.is_transient()).await.map_err(|f| f.error)?;
        body.typed()
    }

    /// Sends a write, re-sending it only when the API cannot have acted on it: the connection
    /// was never made, or the API answered 429. Any other failure is returned with whether the
    /// API may have acted ([`Reach`]), so the caller can find out what happened. A success that
    /// cannot be decoded means the API acted but its answer is lost: `MaybeActed` too.
    pub async fn write<T: Answer>(
        &self,
        action: &'static str,
        method: Method,
        params: Params,
        deadline: Deadline,
    ) -> std::result::Result<T, Failure> {
        let body = self
            .with_retries::<T>(action, method, params, deadline, |f| {
                f.reach == Reach::NotSent || f.error.code() == ErrorCode::RateLimited
            })
            .await?;
        body.typed().map_err(|error| Failure { error, reach: Reach::MaybeActed })
    }

    async fn with_retries<T: Answer>(
        &self,
        action: &'static str,
        method: Method,
        params: Params,
        deadline: Deadline,
        retryable: impl Fn(&Failure) -> bool,
    ) -> std::result::Result<Body<T>, Failure> {
        let pairs = self.with_common_params(params);
        validate::params(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str())))
            .map_err(|e| Failure { error: e.with_action(action), reach: Reach::NotSent })?;
        let policy = self.config.retry;
        let mut attempt = 1;
        loop {
            let span = self.attempt_span(action, method, attempt);
            trace::count_attempt();
            let failure = match self.send_once::<T>(action, method, &pairs, deadline).instrument(span.clone()).await {
                Ok(body) => return Ok(body.with_attempts(attempt)),
                Err(f) => f,
            };
            answered(&span, failure.error.details(), Some(failure.error.code()));
            let failure = Failure { error: failure.error.with_attempts(attempt), ..failure };
            if attempt >= policy.max_attempts || !retryable(&failure) {
                return Err(failure);
            }
            let wait = policy.delay_before(attempt + 1, failure.error.details().retry_after);
            if wait >= deadline.remaining() {
                return Err(failure);
            }
            retrying(&span, &failure.error, wait);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The span of one HTTP attempt (OpenTelemetry HTTP client conventions). The URL is the
    /// action's, without query string or credentials.
    pub(crate) fn attempt_span(&self, action: &'static str, method: Method, attempt: u32) -> Span {
        let method = match method {
            Method::Get => "GET",
            Method::PostForm => "POST",
        };
        let url = ACTIONS.iter().position(|a| *a == action).map(|i| &self.urls[i]);
        let span = tracing::info_span!(
            target: trace::HTTP,
            "forumpay.attempt",
            otel.name = method,
            otel.kind = "client",
            otel.status_code = Empty,
            http.request.method = method,
            server.address = url.and_then(|u| u.host_str()),
            server.port = url.and_then(|u| u.port_or_known_default()),
            url.full = url.map(action_url),
            forumpay.action = action,
            forumpay.attempt = attempt,
            http.request.resend_count = (attempt > 1).then(|| attempt - 1),
            http.response.status_code = Empty,
            forumpay.cf_ray = Empty,
            forumpay.err_code = Empty,
            error.type = Empty,
            forumpay.retry.delay_ms = Empty,
            forumpay.retry.reason = Empty,
        );
        span
    }

    fn with_common_params(&self, params: Params) -> Vec<(std::borrow::Cow<'static, str>, String)> {
        let mut pairs = params.0;
        pairs.push(("locale".into(), self.config.locale.clone()));
        if let Some(user) = &self.config.user {
            pairs.push(("user".into(), user.clone()));
        }
        pairs
    }

    /// One attempt, given at most the time left before the deadline.
    async fn send_once<T: Answer>(
        &self,
        action: &'static str,
        method: Method,
        pairs: &[(std::borrow::Cow<'static, str>, String)],
        deadline: Deadline,
    ) -> std::result::Result<Body<T>, Failure> {
        let timeout = self.config.request_timeout.min(deadline.remaining());
        if timeout.is_zero() {
            let error = Error::new(ErrorCode::Timeout, format!("the call's deadline of {:?} passed", deadline.total()))
                .with_action(action);
            return Err(Failure { error, reach: Reach::NotSent });
        }
        // Waiting for a free slot counts against the deadline like any other wait.
        let Ok(Ok(_permit)) = tokio::time::timeout(timeout, self.in_flight.acquire()).await else {
            let error = Error::new(ErrorCode::Timeout, format!("no free connection slot within {timeout:?}"))
                .with_action(action);
            return Err(Failure { error, reach: Reach::NotSent });
        };
        let url = match ACTIONS.iter().position(|a| *a == action) {
            Some(i) => self.urls[i].clone(),
            None => reqwest::Url::parse(&format!("{}{action}/", self.config.base_url))
                .map_err(|_| Failure { error: Error::validation("base_url", "base_url is not a valid URL"), reach: Reach::NotSent })?,
        };
        let builder = match method {
            Method::Get => self.http.get(with_query(url, pairs)),
            Method::PostForm => self.http.post(url).form(pairs),
        };
        let builder = match trace::current_parent() {
            Some(parent) if self.config.send_traceparent => builder.header("traceparent", parent.header()),
            _ => builder,
        };
        let response = builder
            .header(AUTHORIZATION, self.authorization.clone())
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| self.transport_failure(action, &e, timeout))?;

        let status = response.status().as_u16();
        let cf_ray = response.headers().get("cf-ray").cloned();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // What an error would tell of this exchange; built only when there is an error.
        let details = || ErrorDetails {
            action: Some(action.to_string()),
            http_status: Some(status),
            cf_ray: cf_ray.as_ref().and_then(|v| v.to_str().ok()).map(str::to_string),
            retry_after,
            attempts: 1,
            ..ErrorDetails::default()
        };
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => {
                let Failure { error, reach } = self.transport_failure(action, &e, timeout);
                return Err(Failure { error: error.with_details(details()), reach });
            }
        };
        // The usual answer, a success holding the result, is decoded straight from its bytes;
        // anything else (an `err` body, not JSON, unreadable) takes the general path below,
        // which says exactly what it is.
        if (200..300).contains(&status) {
            if let Some(typed) = decode::answer::<T>(&body) {
                // The attempt's span (this future is instrumented with it) records the answer;
                // its details are built only when someone listens.
                let span = Span::current();
                if !span.is_disabled() {
                    answered(&span, &details(), None);
                }
                return Ok(Body::Typed(typed));
            }
        }
        self.interpret(action, status, &body, details()).map(|value| {
            let exchange = details();
            answered(&Span::current(), &exchange, None);
            Body::Parsed(value, exchange)
        }).map_err(|error| {
            // An answer arrived. Only a 5xx or an unreadable success leaves open whether the API
            // acted; a 4xx or an `err` body is a refusal.
            let maybe = matches!(error.code(), ErrorCode::Server | ErrorCode::Decode);
            Failure { error, reach: if maybe { Reach::MaybeActed } else { Reach::Refused } }
        })
    }

    /// Turns a status and body into the answer or the matching error.
    fn interpret(&self, action: &str, status: u16, body: &[u8], details: ErrorDetails) -> Result<Value> {
        interpret(action, status, body, &self.config.api_secret, details)
    }

    fn transport_failure(&self, action: &str, e: &reqwest::Error, timeout: Duration) -> Failure {
        let (code, message, reach) = if e.is_connect() {
            // No connection, so no request: nothing can have happened on the other side.
            (ErrorCode::Network, format!("could not connect to the API: {}", chain(e)), Reach::NotSent)
        } else if e.is_timeout() {
            (ErrorCode::Timeout, format!("no answer within {timeout:?}"), Reach::MaybeActed)
        } else {
            (ErrorCode::Network, format!("the connection failed: {}", chain(e)), Reach::MaybeActed)
        };
        let message = scrub(&message, &self.config.api_secret);
        let error = Error::new(code, message).with_details(ErrorDetails {
            action: Some(action.to_string()),
            attempts: 1,
            ..ErrorDetails::default()
        });
        Failure { error, reach }
    }
}

/// Turns a status and body into the answer or the matching error: a success is the parsed
/// body (an empty one is `null`), a success carrying the API's `err` is `invalid_request`, any
/// other status its code; the `err` text is scrubbed of `secret`. `details` are what is known
/// of the exchange. The transport's general path, and [`crate::surface::decode_answer`]'s.
pub(crate) fn interpret(action: &str, status: u16, body: &[u8], secret: &Secret, mut details: ErrorDetails) -> Result<Value> {
    let parsed: Option<Value> = if body.iter().all(u8::is_ascii_whitespace) {
        Some(Value::Null)
    } else {
        serde_json::from_slice(body).ok()
    };
    let api_err = parsed.as_ref().and_then(err_fields);
    let success = (200..300).contains(&status);
    if success && api_err.is_none() {
        return parsed.ok_or_else(|| Error::new(ErrorCode::Decode, "the answer is not JSON").with_details(details));
    }
    let code = if success { ErrorCode::InvalidRequest } else { ErrorCode::from_http_status(status) };
    let message = match &api_err {
        Some((err, _, _)) => scrub(err, secret),
        None => format!("HTTP {status} from {action}"),
    };
    if let Some((err, err_code, additional)) = api_err {
        details.err = Some(scrub(&err, secret));
        details.err_code = err_code;
        details.additional = additional;
    }
    Err(Error::new(code, message).with_details(details))
}

/// `url` with `pairs` as its query, form-encoded as reqwest's `query` would, in one step.
fn with_query(mut url: reqwest::Url, pairs: &[(std::borrow::Cow<'static, str>, String)]) -> reqwest::Url {
    let mut query = form_urlencoded::Serializer::new(String::with_capacity(256));
    for (k, v) in pairs {
        query.append_pair(k, v);
    }
    let query = query.finish();
    url.set_query(if query.is_empty() { None } else { Some(&query) });
    url
}

/// `Basic base64(user:secret)`, marked sensitive.
fn basic_authorization(user: &str, secret: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Basic {}", base64(format!("{user}:{secret}").as_bytes())))
        .map_err(|_| Error::validation("api_secret", "the credentials cannot be sent in an HTTP header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648), as Basic authentication writes credentials.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
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
    fn query_and_authorization_are_what_reqwest_would_send() {
        let http = reqwest::Client::new();
        let url = reqwest::Url::parse("http://127.0.0.1:1/api/v2/CheckPayment/").unwrap();
        for pairs in [
            vec![],
            vec![("pos_id".into(), "web shop".to_string()), ("payment_id".into(), "ä&=?#+/%".to_string())],
            vec![("locale".into(), "en-GB".to_string()), ("reference_no".into(), "a b\tc~*'()!".to_string())],
        ] {
            let theirs = http.get(url.clone()).query(&pairs).build().unwrap();
            assert_eq!(with_query(url.clone(), &pairs).as_str(), theirs.url().as_str());
        }
        for (user, secret) in [("u", "topsecret-key"), ("", ""), ("api-user", "s3cr3t:with:colons"), ("ü", "a")] {
            let theirs = http.get(url.clone()).basic_auth(user, Some(secret)).build().unwrap();
            let ours = basic_authorization(user, secret).unwrap();
            assert_eq!(Some(&ours), theirs.headers().get(AUTHORIZATION), "{user}:{secret}");
            assert!(ours.is_sensitive());
        }
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
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
    fn non_2xx_bodies_keep_their_string_err_code() {
        let t = transport();
        let body = br#"{"err":"Payment not found","err_code":"paymentNotFound","additional":{"id":"p-1"}}"#;
        for (status, code) in [(400, "invalid_request"), (401, "unauthorized"), (403, "unauthorized"), (404, "not_found"), (429, "rate_limited"), (500, "server"), (503, "server")] {
            let e = t.interpret("CheckPayment", status, body, ErrorDetails::default()).unwrap_err();
            assert_eq!(e.code().as_str(), code, "{status}");
            assert_eq!(e.err_code(), Some("paymentNotFound"), "{status}");
            assert_eq!(e.details().err.as_deref(), Some("Payment not found"), "{status}");
            assert_eq!(e.details().additional, Some(serde_json::json!({"id": "p-1"})), "{status}");
        }
        // A numeric err_code reads as its digits; an empty or non-text one as none.
        let e = t.interpret("X", 400, br#"{"err":"x","err_code":1042}"#, ErrorDetails::default()).unwrap_err();
        assert_eq!(e.err_code(), Some("1042"));
        for odd in [r#""""#, "null", "[]", "{}"] {
            let body = format!(r#"{{"err":"x","err_code":{odd}}}"#);
            let e = t.interpret("X", 400, body.as_bytes(), ErrorDetails::default()).unwrap_err();
            assert_eq!(e.err_code(), None, "{odd}");
        }
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
