//! Injected faults and per-route request counters.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A misbehaviour the next matching API request(s) will see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer with `status`; body defaults to `{"err":"Injected fault"}`; optional `Retry-After` seconds.
    Status {
        /// HTTP status code.
        status: u16,
        /// Raw body to send instead of the default.
        #[serde(default)]
        body: Option<String>,
        /// Value of a `Retry-After` header, in seconds.
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// Answer with a redirect (`status`, 300 to 399) to `location`, before acting: what a
    /// misconfigured front end sends. The client does not follow it (decision 0034).
    Redirect {
        /// HTTP status code, 300 to 399.
        status: u16,
        /// The `Location` header.
        location: String,
    },
    /// Wait, then handle the request normally.
    Delay {
        /// How long to wait.
        millis: u64,
    },
    /// Close the connection without a response, before acting.
    Drop,
    /// Act (state changes happen), then close the connection without a response.
    DropAfter,
    /// HTTP 200 with an HTML body, as a misconfigured proxy would send.
    NotJson,
    /// Act, then send a 200 JSON response cut after half its bytes.
    Truncated,
    /// HTTP 200 with `{"err": .., "err_code": ..}`.
    ErrBody {
        /// The `err` text.
        err: String,
        /// The `err_code`, sent only when set.
        #[serde(default)]
        err_code: Option<String>,
    },
}

impl Fault {
    /// Whether the fault can be served as given: a redirect's status is 300 to 399 and its
    /// location is text a header can carry.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Fault::Redirect { status, .. } if !(300..=399).contains(status) => {
                Err("a redirect's status must be between 300 and 399".to_string())
            }
            Fault::Redirect { location, .. } if hyper::header::HeaderValue::from_str(location).is_err() => {
                Err("location cannot be sent in an HTTP header".to_string())
            }
            _ => Ok(()),
        }
    }
}

/// Route name matching every API route.
pub(crate) const ANY_ROUTE: &str = "*";

#[derive(Debug)]
struct Armed {
    route: String,
    fault: Fault,
    remaining: u32,
}

/// Armed faults, consumed in injection order, and how many requests each route received.
#[derive(Debug, Default)]
pub(crate) struct FaultTable {
    armed: Vec<Armed>,
    counts: HashMap<String, u64>,
    total: u64,
}

impl FaultTable {
    /// Arms `fault` for the next `times` requests to `route` (an action name or `*`).
    pub(crate) fn inject(&mut self, route: &str, fault: Fault, times: u32) {
        if times > 0 {
            self.armed.push(Armed {
                route: route.to_string(),
                fault,
                remaining: times,
            });
        }
    }

    /// Counts a request to `action` and returns the fault it must suffer, if any.
    pub(crate) fn on_request(&mut self, action: &str) -> Option<Fault> {
        *self.counts.entry(action.to_string()).or_insert(0) += 1;
        self.total += 1;
        let at = self
            .armed
            .iter()
            .position(|a| a.route == action || a.route == ANY_ROUTE)?;
        let armed = self.armed.get_mut(at)?;
        armed.remaining -= 1;
        let fault = armed.fault.clone();
        if armed.remaining == 0 {
            self.armed.remove(at);
        }
        Some(fault)
    }

    /// Requests received for `route`, or for every route with `*`.
    pub(crate) fn count(&self, route: &str) -> u64 {
        if route == ANY_ROUTE {
            self.total
        } else {
            self.counts.get(route).copied().unwrap_or(0)
        }
    }

    /// The armed faults in the order they will be consumed: route, fault, requests left.
    pub(crate) fn armed(&self) -> Vec<(String, Fault, u32)> {
        self.armed
            .iter()
            .map(|a| (a.route.clone(), a.fault.clone(), a.remaining))
            .collect()
    }

    /// Requests received per route, by route name.
    pub(crate) fn counts(&self) -> Vec<(String, u64)> {
        let mut counts: Vec<(String, u64)> =
            self.counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
        counts.sort();
        counts
    }

    /// Disarms every fault; the counters stay.
    pub(crate) fn disarm(&mut self) {
        self.armed.clear();
    }

    /// Disarms everything and zeroes the counters.
    pub(crate) fn reset(&mut self) {
        *self = FaultTable::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_consumed_and_counted() {
        let mut table = FaultTable::default();
        table.inject("CheckPayment", Fault::Drop, 2);
        table.inject(ANY_ROUTE, Fault::NotJson, 1);
        assert_eq!(table.on_request("Ping"), Some(Fault::NotJson));
        assert_eq!(table.on_request("Ping"), None);
        assert_eq!(table.on_request("CheckPayment"), Some(Fault::Drop));
        assert_eq!(table.on_request("CheckPayment"), Some(Fault::Drop));
        assert_eq!(table.on_request("CheckPayment"), None);
        assert_eq!(table.count("CheckPayment"), 3);
        assert_eq!(table.count(ANY_ROUTE), 5);
        assert_eq!(
            table.counts(),
            vec![("CheckPayment".to_string(), 3), ("Ping".to_string(), 2)]
        );
        table.inject("GetRate", Fault::Drop, 2);
        assert_eq!(table.armed(), vec![("GetRate".to_string(), Fault::Drop, 2)]);
        table.disarm();
        assert!(table.armed().is_empty());
        assert_eq!(table.count(ANY_ROUTE), 5);
    }

    #[test]
    fn fault_json_round_trips() {
        let cases = [
            r#"{"kind":"status","status":503,"retry_after":2}"#,
            r#"{"kind":"delay","millis":10}"#,
            r#"{"kind":"drop"}"#,
            r#"{"kind":"drop_after"}"#,
            r#"{"kind":"not_json"}"#,
            r#"{"kind":"truncated"}"#,
            r#"{"kind":"err_body","err":"x","err_code":"payerKYCNeeded"}"#,
            r#"{"kind":"redirect","status":302,"location":"/api/v2/Ping/"}"#,
        ];
        for case in cases {
            let fault: Result<Fault, _> = serde_json::from_str(case);
            assert!(fault.is_ok(), "{case}: {fault:?}");
        }
        let fault: Result<Fault, _> = serde_json::from_str(cases[0]);
        assert_eq!(
            fault.ok(),
            Some(Fault::Status {
                status: 503,
                body: None,
                retry_after: Some(2)
            })
        );
    }

    #[test]
    fn a_redirect_must_be_one_a_header_can_carry() {
        let redirect = |status, location: &str| Fault::Redirect { status, location: location.to_string() };
        assert_eq!(redirect(301, "https://example.com/").check(), Ok(()));
        assert!(redirect(200, "/").check().unwrap_err().contains("300 and 399"));
        assert!(redirect(302, "/a\nSet-Cookie: x").check().unwrap_err().contains("header"));
        assert_eq!(Fault::Drop.check(), Ok(()));
    }
}
