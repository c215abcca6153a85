//! The HTTP request of one attempt: the action's path, the parameters form-encoded as its
//! query or body, and the client's headers (Basic credentials among them).

use super::{Method, Transport, ACTIONS};
use crate::error::{Error, Result};
use crate::trace;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, USER_AGENT};
use hyper::Request;

impl Transport {
    /// The HTTP request of one attempt: the action's path, the parameters as its query (GET)
    /// or form body (POST), and the client's headers.
    pub(super) fn request(&self, action: &str, method: Method, pairs: &[(std::borrow::Cow<'static, str>, String)]) -> Result<Request<Full<Bytes>>> {
        let path = match ACTIONS.iter().position(|a| *a == action) {
            Some(i) => self.urls[i].path().to_string(),
            None => format!("{}{action}/", self.base_path),
        };
        let form = form_encoded(pairs);
        let (method, target, body) = match method {
            Method::Get if form.is_empty() => (hyper::Method::GET, path, Bytes::new()),
            Method::Get => (hyper::Method::GET, format!("{path}?{form}"), Bytes::new()),
            Method::PostForm => (hyper::Method::POST, path, Bytes::from(form)),
        };
        let post = method == hyper::Method::POST;
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = method;
        *request.uri_mut() = self
            .http
            .request_target(&target)
            .parse()
            .map_err(|_| Error::validation("base_url", "base_url is not a valid URL").with_action(action))?;
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        headers.insert(AUTHORIZATION, self.authorization.clone());
        if post {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        }
        if let Some(parent) = trace::current_parent().filter(|_| self.config.send_traceparent) {
            if let Ok(value) = HeaderValue::try_from(parent.header()) {
                headers.insert(HeaderName::from_static("traceparent"), value);
            }
        }
        self.http.route_headers(headers);
        Ok(request)
    }

}

/// `pairs` form-encoded (`application/x-www-form-urlencoded`): a GET's query, a POST's body.
fn form_encoded(pairs: &[(std::borrow::Cow<'static, str>, String)]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::with_capacity(256));
    for (k, v) in pairs {
        form.append_pair(k, v);
    }
    form.finish()
}

/// `Basic base64(user:secret)`, marked sensitive.
pub(super) fn basic_authorization(user: &str, secret: &str) -> Result<HeaderValue> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::test_transport;

    #[test]
    fn requests_carry_the_form_encoded_parameters_and_basic_credentials() {
        let t = test_transport();
        let pairs = |p: &[(&'static str, &str)]| p.iter().map(|(k, v)| ((*k).into(), v.to_string())).collect::<Vec<_>>();
        let get = t.request("CheckPayment", Method::Get, &pairs(&[("pos_id", "web shop"), ("payment_id", "ä&=?#+/%")])).unwrap();
        assert_eq!(get.method(), hyper::Method::GET);
        assert_eq!(get.uri(), "/CheckPayment/?pos_id=web+shop&payment_id=%C3%A4%26%3D%3F%23%2B%2F%25");
        assert_eq!(get.headers()[HOST], "127.0.0.1:1");
        assert_eq!(get.headers()[ACCEPT], "*/*");
        assert!(get.headers()[USER_AGENT].to_str().unwrap().starts_with("forumpay-rust/"));
        assert!(get.headers().get(CONTENT_TYPE).is_none());
        assert_eq!(t.request("Ping", Method::Get, &[]).unwrap().uri(), "/Ping/");
        let form = pairs(&[("locale", "en-GB"), ("reference_no", "a b\tc~*'()!")]);
        let post = t.request("StartPayment", Method::PostForm, &form).unwrap();
        assert_eq!(post.method(), hyper::Method::POST);
        assert_eq!(post.uri(), "/StartPayment/");
        assert_eq!(post.headers()[CONTENT_TYPE], "application/x-www-form-urlencoded");
        assert_eq!(form_encoded(&form), "locale=en-GB&reference_no=a+b%09c%7E*%27%28%29%21");
        for (user, secret, encoded) in [
            ("u", "topsecret-key", "dTp0b3BzZWNyZXQta2V5"),
            ("", "", "Og=="),
            ("api-user", "s3cr3t:with:colons", "YXBpLXVzZXI6czNjcjN0OndpdGg6Y29sb25z"),
            ("ü", "a", "w7w6YQ=="),
        ] {
            let ours = basic_authorization(user, secret).unwrap();
            assert_eq!(ours, format!("Basic {encoded}"), "{user}:{secret}");
            assert!(ours.is_sensitive());
        }
        assert_eq!(get.headers()[AUTHORIZATION], "Basic dTp0b3BzZWNyZXQta2V5");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

}
