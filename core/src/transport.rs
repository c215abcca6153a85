//! One HTTP exchange with the API: build the request, send it, and turn whatever comes back
//! (an answer, an `err` body, a status, a broken connection) into a JSON value or an [`Error`].

use crate::config::Config;
use crate::decode::{self, Answer};
use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::requests::Params;
use crate::retry::Deadline;
use crate::secret::scrub;
use crate::validate;
use http::{HttpError, Origin};
use hyper::header::HeaderValue;
use proxy::Route;
use serde_json::Value;
use std::sync::{Arc, Once};
use std::time::Duration;
use tokio::sync::Semaphore;
use url::Url;
use crate::trace;
use crate::trace::http::{action_url, answered, retrying};
use tracing::field::Empty;
use tracing::{Instrument, Span};

mod answer;
mod http;
mod proxy;
mod request;

pub(crate) use answer::interpret;
use request::basic_authorization;

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
    http: http::Connections,
    config: Config,
    /// `{base}/{Action}/` parsed once per action (in the order of [`ACTIONS`]): parsing (and
    /// IDNA) on every call was a measurable share of a call's cost. Spans name these.
    urls: Vec<Url>,
    /// The path of the base URL (`/api/v2/`), which each action's path extends.
    base_path: String,
    /// `Host`, `User-Agent` and `Accept`, made once.
    host: HeaderValue,
    user_agent: HeaderValue,
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
    // rustls is built without a default crypto provider (ring builds far faster than aws-lc and
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
        let base = Url::parse(&config.base_url).map_err(|_| Error::validation("base_url", "base_url is not a valid URL"))?;
        let host = match base.host() {
            Some(url::Host::Domain(name)) => name.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(Error::validation("base_url", "base_url has no host")),
        };
        let origin = Origin { https: base.scheme() == "https", host, port: base.port_or_known_default().unwrap_or(80) };
        let route = Route::from_env(&origin).map_err(|e| Error::new(ErrorCode::Network, format!("could not set up HTTP: {e}")))?;
        let (tls, _roots) = crate::trust::tls_config(base.scheme())?;
        let http = http::Connections::new(
            origin,
            route,
            Arc::new(tls),
            config.connect_timeout,
            Duration::from_secs(60),
            config.max_in_flight,
        )
        .map_err(|e| Error::validation("base_url", &e))?;
        let urls = ACTIONS
            .iter()
            .map(|action| Url::parse(&format!("{}{action}/", config.base_url)))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|_| Error::validation("base_url", "base_url is not a valid URL"))?;
        let header = |text: String, field: &str| {
            HeaderValue::try_from(text).map_err(|_| Error::validation(field, "cannot be sent in an HTTP header"))
        };
        let host = header(http.authority(), "base_url")?;
        let user_agent = header(config.user_agent(), "user_agent_suffix")?;
        let authorization = basic_authorization(&config.api_user, config.api_secret.expose())?;
        let in_flight = Semaphore::new(config.max_in_flight);
        Ok(Transport { http, config, urls, base_path: base.path().to_string(), host, user_agent, authorization, in_flight })
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
            // Boxed: an attempt's future (the exchange, the decode) would otherwise be inlined
            // into every call's, and calls nest reads (a StartPayment's GetRate, its recovery's
            // CheckPayment); debug builds poll such futures in very large stack frames.
            let attempt_future = Box::pin(self.send_once::<T>(action, method, &pairs, deadline));
            let failure = match attempt_future.instrument(span.clone()).await {
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
        let request = self.request(action, method, pairs).map_err(|error| Failure { error, reach: Reach::NotSent })?;
        let deadline = http::Instant::now() + timeout;
        let response = self.http.send(request, deadline).await.map_err(|e| self.transport_failure(action, e, timeout))?;

        let status = response.status;
        let cf_ray = response.headers.get("cf-ray").cloned();
        let retry_after = response
            .headers
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
        let body = match response.body().await {
            Ok(body) => body,
            Err(e) => {
                let Failure { error, reach } = self.transport_failure(action, e, timeout);
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
        answer::interpret(action, status, body, &self.config.api_secret, details)
    }

    fn transport_failure(&self, action: &str, e: HttpError, timeout: Duration) -> Failure {
        let (code, message, reach) = match e {
            // No connection, so no request: nothing can have happened on the other side.
            HttpError::Connect(cause) => (ErrorCode::Network, format!("could not connect to the API: {cause}"), Reach::NotSent),
            HttpError::Timeout { sent: false } => (ErrorCode::Timeout, format!("could not send within {timeout:?}"), Reach::NotSent),
            HttpError::Timeout { sent: true } => (ErrorCode::Timeout, format!("no answer within {timeout:?}"), Reach::MaybeActed),
            HttpError::Broken(cause) => (ErrorCode::Network, format!("the connection failed: {cause}"), Reach::MaybeActed),
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

#[cfg(test)]
/// A client's transport for unit tests (nothing listens at its address).
pub(crate) fn test_transport() -> Transport {
    let config = Config::builder("u", "topsecret-key").base_url("http://127.0.0.1:1/").build().unwrap();
    Transport::new(config).unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_calls_future_stays_within_a_threads_stack() {
        // The Kotlin binding polls typed calls on the JVM's threads (1 MiB stacks), and a debug
        // build's poll frames grow with the future: a transport that inlined connecting made
        // StartPayment's future large enough to overflow one.
        let client = crate::Client::new(crate::Config::builder("user", "secret").build().unwrap()).unwrap();
        let amount = crate::parse_amount("amount", "1").unwrap();
        let start = std::mem::size_of_val(&client.start_payment(crate::StartPayment::new("EUR", amount, "BTC")));
        let check = std::mem::size_of_val(&client.check_payment(crate::PaymentRef::new("p", "BTC", "a")));
        println!("start_payment's future: {start} bytes, check_payment's: {check}");
        assert!(start <= 16 * 1024 && check <= 8 * 1024, "start_payment {start} bytes, check_payment {check}");
    }
}
