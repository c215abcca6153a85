//! The dashboard's fault form: which routes and kinds it offers, reading a posted form into a
//! [`Fault`], and one line describing an armed fault.

use crate::api::{canonical_action, ACTIONS};
use crate::error::{bad, SandboxError};
use crate::faults::{Fault, ANY_ROUTE};
use crate::params::Params;

/// Longest delay the form arms (the client's own timeouts are what a delay tests).
const MAX_DELAY_MS: u64 = 120_000;

/// Most requests one fault may be armed for from the form.
const MAX_TIMES: u32 = 1000;

/// Fault kinds as the form lists them: value and label.
pub(crate) const KINDS: [(&str, &str); 8] = [
    ("status", "Answer with an HTTP status"),
    ("redirect", "Answer with a redirect"),
    ("err_body", "Answer 200 with an err body"),
    ("delay", "Wait, then answer normally"),
    ("drop", "Close the connection before acting"),
    ("drop_after", "Act, then close the connection"),
    ("not_json", "Answer 200 with HTML"),
    ("truncated", "Act, then cut the answer short"),
];

/// The routes the form offers: every API action, then `*` (all of them).
pub(crate) fn routes() -> Vec<&'static str> {
    let mut routes: Vec<&'static str> = ACTIONS.to_vec();
    routes.push(ANY_ROUTE);
    routes
}

/// A fault armed from the form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArmRequest {
    /// Canonical action name or `*`.
    pub route: String,
    /// What the requests suffer.
    pub fault: Fault,
    /// For how many requests.
    pub times: u32,
}

/// Reads the posted fault form.
pub(crate) fn parse(params: &Params) -> Result<ArmRequest, SandboxError> {
    let route = match params.req("route")? {
        ANY_ROUTE => ANY_ROUTE,
        name => canonical_action(name).ok_or_else(|| bad(format!("unknown route: {name}")))?,
    };
    let times = match params.opt("times") {
        None => 1,
        Some(t) => t
            .parse::<u32>()
            .ok()
            .filter(|t| (1..=MAX_TIMES).contains(t))
            .ok_or_else(|| {
                bad(format!(
                    "times must be a whole number from 1 to {MAX_TIMES}"
                ))
            })?,
    };
    let number = |name: &str| -> Result<Option<u64>, SandboxError> {
        params
            .opt(name)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| bad(format!("{name} must be a whole number")))
            })
            .transpose()
    };
    let fault = match params.req("kind")? {
        "status" => {
            let status = number("status")?.ok_or_else(|| bad("a status fault needs the status"))?;
            let status = u16::try_from(status)
                .ok()
                .filter(|s| (200..=599).contains(s))
                .ok_or_else(|| bad("status must be between 200 and 599"))?;
            Fault::Status {
                status,
                body: params.opt_string("body"),
                retry_after: number("retry_after")?,
            }
        }
        "redirect" => {
            let status = number("status")?.ok_or_else(|| bad("a redirect needs the status"))?;
            let status = u16::try_from(status).map_err(|_| bad("a redirect's status must be between 300 and 399"))?;
            let fault = Fault::Redirect { status, location: params.req("location")?.to_string() };
            fault.check().map_err(bad)?;
            fault
        }
        "err_body" => Fault::ErrBody {
            err: params.req("err")?.to_string(),
            err_code: params.opt_string("err_code"),
        },
        "delay" => {
            let millis = number("millis")?.ok_or_else(|| bad("a delay needs millis"))?;
            if millis > MAX_DELAY_MS {
                return Err(bad(format!("millis must be at most {MAX_DELAY_MS}")));
            }
            Fault::Delay { millis }
        }
        "drop" => Fault::Drop,
        "drop_after" => Fault::DropAfter,
        "not_json" => Fault::NotJson,
        "truncated" => Fault::Truncated,
        other => return Err(bad(format!("unknown fault kind: {other}"))),
    };
    Ok(ArmRequest {
        route: route.to_string(),
        fault,
        times,
    })
}

/// One line saying what a fault does.
pub(crate) fn describe(fault: &Fault) -> String {
    match fault {
        Fault::Status {
            status,
            body,
            retry_after,
        } => {
            let mut text = format!("HTTP {status}");
            if let Some(secs) = retry_after {
                text.push_str(&format!(", Retry-After {secs} s"));
            }
            if body.is_some() {
                text.push_str(", own body");
            }
            text
        }
        Fault::Redirect { status, location } => format!("HTTP {status} to {location}"),
        Fault::ErrBody { err, err_code } => match err_code {
            Some(code) => format!("200 with err \"{err}\" ({code})"),
            None => format!("200 with err \"{err}\""),
        },
        Fault::Delay { millis } => format!("wait {millis} ms, then answer"),
        Fault::Drop => "close the connection before acting".to_string(),
        Fault::DropAfter => "act, then close the connection".to_string(),
        Fault::NotJson => "200 with an HTML body".to_string(),
        Fault::Truncated => "act, then cut the answer short".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str) -> Result<ArmRequest, SandboxError> {
        parse(&Params::form(body.as_bytes()))
    }

    #[test]
    fn reads_each_kind_and_refuses_nonsense() {
        let armed = form("route=getrate&kind=err_body&err=Injected&err_code=&times=2").ok();
        assert_eq!(
            armed,
            Some(ArmRequest {
                route: "GetRate".to_string(),
                fault: Fault::ErrBody {
                    err: "Injected".to_string(),
                    err_code: None
                },
                times: 2
            })
        );
        let status = form("route=*&kind=status&status=503&retry_after=2").ok();
        assert_eq!(
            status.map(|a| (a.route, describe(&a.fault), a.times)),
            Some(("*".to_string(), "HTTP 503, Retry-After 2 s".to_string(), 1))
        );
        assert!(form("route=Ping&kind=delay&millis=10").is_ok());
        assert!(form("route=Ping&kind=drop").is_ok());
        for bad_form in [
            "route=Nope&kind=drop",
            "route=Ping&kind=status",
            "route=Ping&kind=status&status=99",
            "route=Ping&kind=status&status=abc",
            "route=Ping&kind=delay&millis=999999999",
            "route=Ping&kind=err_body",
            "route=Ping&kind=explode",
            "route=Ping&kind=drop&times=0",
        ] {
            assert!(form(bad_form).is_err(), "{bad_form}");
        }
    }
}
