//! Where a call's parameters come from: its query string, its body (urlencoded or
//! multipart), or both, and which wins (decision 0023).
//!
//! The provider's own client keeps one curl handle and never resets its POST setting, so after
//! StartPayment every later "GET" goes out as a POST that carries the old multipart body plus
//! its own query string. So:
//! - a call the API takes as a POST form (StartPayment, RequestKyc) reads its body, and a key
//!   also in the query takes the query's value;
//! - any other call with a query string takes its parameters from the query alone: a body next
//!   to a query is a leftover of an earlier call, and reading it would, for instance, filter
//!   GetTransactions by the reference_no of the payment started before;
//! - any other call without a query string reads its body (a POSTed form).
//!
//! Only a POST's body is read. Bodies are urlencoded (the default when no Content-Type is
//! given) or `multipart/form-data`; any other type with a non-empty body is refused (400).

use crate::error::{bad, SandboxError};
use crate::multipart;
use crate::params::Params;

/// The calls the API takes as POST forms, whose body is theirs even next to a query string.
const FORM_ACTIONS: [&str; 2] = ["StartPayment", "RequestKyc"];

/// What arrived with one API request.
pub(crate) struct Incoming<'a> {
    /// The canonical action.
    pub action: &'a str,
    /// Whether the method is POST.
    pub post: bool,
    /// The raw query string, if any.
    pub query: Option<&'a str>,
    /// The Content-Type header, if any.
    pub content_type: Option<&'a str>,
    /// The whole (bounded) body.
    pub body: &'a [u8],
}

/// The call's parameters under the rules above; 400 for a body that cannot be read.
pub(crate) fn params(request: &Incoming<'_>) -> Result<Params, SandboxError> {
    let query = request.query.filter(|q| !q.is_empty());
    let body_is_the_calls = request.post && (query.is_none() || FORM_ACTIONS.contains(&request.action));
    let body = if body_is_the_calls {
        body_fields(request.content_type, request.body)?
    } else {
        Vec::new()
    };
    let query = query.map_or_else(Vec::new, |q| form_urlencoded::parse(q.as_bytes()).into_owned().collect());
    Ok(Params::from_pairs(body, query))
}

/// The fields of a body by its Content-Type.
fn body_fields(content_type: Option<&str>, body: &[u8]) -> Result<Vec<(String, String)>, SandboxError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let Some(content_type) = content_type else {
        return Ok(urlencoded(body));
    };
    if let Some(boundary) = multipart::boundary(content_type) {
        return multipart::fields(body, &boundary?);
    }
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Ok(urlencoded(body));
    }
    Err(bad(format!(
        "Unsupported Content-Type {essence}: send parameters in the query string, as application/x-www-form-urlencoded or as multipart/form-data"
    )))
}

fn urlencoded(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTIPART: &str = "multipart/form-data; boundary=X";
    const STALE: &[u8] = b"--X\r\nContent-Disposition: form-data; name=\"reference_no\"\r\n\r\norder-1\r\n--X\r\nContent-Disposition: form-data; name=\"pos_id\"\r\n\r\nweb\r\n--X--\r\n";

    fn incoming<'a>(action: &'a str, query: Option<&'a str>, content_type: Option<&'a str>, body: &'a [u8]) -> Incoming<'a> {
        Incoming { action, post: true, query, content_type, body }
    }

    #[test]
    fn a_read_with_a_query_ignores_a_leftover_body() {
        let p = params(&incoming("GetTransactions", Some("offset=0&limit=5"), Some(MULTIPART), STALE)).unwrap();
        assert_eq!(p.opt("reference_no"), None);
        assert_eq!(p.opt("limit"), Some("5"));
        // Not even read: a leftover the server cannot parse does not fail the call.
        assert!(params(&incoming("CheckPayment", Some("a=1"), Some(MULTIPART), b"junk")).is_ok());
    }

    #[test]
    fn a_form_action_reads_its_body_and_the_query_wins() {
        let p = params(&incoming("StartPayment", Some("pos_id=kiosk"), Some(MULTIPART), STALE)).unwrap();
        assert_eq!((p.opt("pos_id"), p.opt("reference_no")), (Some("kiosk"), Some("order-1")));
        let p = params(&incoming("RequestKyc", None, Some("application/x-www-form-urlencoded; charset=UTF-8"), b"email=a%40b.c")).unwrap();
        assert_eq!(p.opt("email"), Some("a@b.c"));
    }

    #[test]
    fn a_read_without_a_query_reads_its_body() {
        let p = params(&incoming("GetTransactions", None, None, b"reference_no=r-2")).unwrap();
        assert_eq!(p.opt("reference_no"), Some("r-2"));
        let p = params(&incoming("GetTransactions", Some(""), Some(MULTIPART), STALE)).unwrap();
        assert_eq!(p.opt("reference_no"), Some("order-1"));
    }

    #[test]
    fn only_a_post_body_counts_and_odd_bodies_are_refused() {
        let mut get = incoming("StartPayment", None, None, b"pos_id=web");
        get.post = false;
        assert_eq!(params(&get).unwrap().opt("pos_id"), None);
        let e = params(&incoming("StartPayment", None, Some("application/json"), b"{}")).err().unwrap();
        assert!(e.to_string().contains("Unsupported Content-Type application/json"), "{e}");
        assert!(params(&incoming("StartPayment", None, Some("application/json"), b"")).is_ok());
        assert!(params(&incoming("StartPayment", None, Some("multipart/form-data"), STALE)).is_err());
    }
}
