//! The pages' CSS and JavaScript, embedded in the binary so everything works offline.

use hyper::Response;

use super::reply;
use crate::body::ReplyBody;

/// Every embedded file: path, content type, content.
const FILES: [(&str, &str, &str); 4] = [
    (
        "/assets/sandbox.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/sandbox.css"),
    ),
    (
        "/assets/pay.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/pay.js"),
    ),
    (
        "/assets/landing.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/landing.js"),
    ),
    (
        "/assets/dashboard.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/dashboard.js"),
    ),
];

/// The embedded file at `path`, if there is one.
pub(crate) fn get(path: &str) -> Option<Response<ReplyBody>> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, content_type, content)| reply::asset(content_type, content))
}
