//! The targets of issue 7, checked against the figures of one run. Every speed target is a
//! ratio of two clients measured in the same run; per-call cost is the inverse of the
//! sequential calls per second.

use crate::report::{rate_of, Measure, Row};
use crate::scale::ScaleResult;

/// The pure Rust client's row name.
pub const RUST: &str = "forumpay::Client (Rust)";
/// The raw hyper floor's row name.
pub const RAW: &str = "raw hyper (floor)";
/// Python's `requests.Session` baseline.
pub const REQUESTS: &str = "requests.Session";
/// Python's `httpx.AsyncClient` baseline.
pub const HTTPX_ASYNC: &str = "httpx.AsyncClient";
/// Node's built-in `fetch` baseline.
pub const FETCH: &str = "fetch (Node built-in)";
/// The Python binding, sync client (row name its runner must use).
pub const PY_SYNC: &str = "forumpay (Python sync)";
/// The Python binding, async client.
pub const PY_ASYNC: &str = "forumpay (Python async)";
/// The Node binding.
pub const NODE: &str = "forumpay (Node)";

/// One target and how the run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The target in words.
    pub target: String,
    /// The figure(s) it was judged on.
    pub figure: String,
    /// `pass`, `miss`, or `not measured: ...`.
    pub verdict: String,
}

fn verdict(target: impl Into<String>, figure: impl Into<String>, pass: bool) -> Verdict {
    Verdict { target: target.into(), figure: figure.into(), verdict: if pass { "pass" } else { "**miss**" }.into() }
}

fn unmeasured(target: impl Into<String>, why: &str) -> Verdict {
    Verdict { target: target.into(), figure: String::new(), verdict: format!("not measured: {why}") }
}

/// `fast` ≥ `factor` × `slow` in calls/s, sequential and concurrent.
fn at_least(rows: &[Row], fast: &str, factor: f64, slow: &str) -> Verdict {
    let target = format!("{fast} ≥ {factor}× {slow} calls/s");
    let mut figures = Vec::new();
    let mut pass = true;
    for (measure, name) in [(Measure::Sequential, "sequential"), (Measure::Concurrent, "concurrent")] {
        match (rate_of(rows, measure, fast), rate_of(rows, measure, slow)) {
            (Some(f), Some(s)) => {
                figures.push(format!("{:.2}× {name}", f / s));
                pass &= f / s >= factor;
            }
            (None, _) => return unmeasured(target, &format!("no {name} figure for {fast}")),
            (_, None) => return unmeasured(target, &format!("no {name} figure for {slow}")),
        }
    }
    verdict(target, figures.join(", "), pass)
}

/// Per sequential call, `client` costs at most `factor` × `reference`.
fn cost_at_most(rows: &[Row], client: &str, factor: f64, reference: &str) -> Verdict {
    let target = format!("{client} per-call cost ≤ {factor}× {reference}");
    match (rate_of(rows, Measure::Sequential, client), rate_of(rows, Measure::Sequential, reference)) {
        (Some(c), Some(r)) => verdict(target, format!("{:.2}× (sequential time per call)", r / c), r / c <= factor),
        (None, _) => unmeasured(target, &format!("no sequential figure for {client}")),
        (_, None) => unmeasured(target, &format!("no sequential figure for {reference}")),
    }
}

/// Every target of issue 7.
pub fn evaluate(rows: &[Row], scale: Option<&ScaleResult>) -> Vec<Verdict> {
    let mut all = vec![
        at_least(rows, PY_SYNC, 3.0, REQUESTS),
        at_least(rows, PY_ASYNC, 2.0, HTTPX_ASYNC),
        at_least(rows, NODE, 1.5, FETCH),
        cost_at_most(rows, PY_SYNC, 1.15, RUST),
        cost_at_most(rows, PY_ASYNC, 1.15, RUST),
        cost_at_most(rows, NODE, 1.15, RUST),
        cost_at_most(rows, RUST, 1.3, RAW),
    ];
    let scale_target = "10,000 watches ≤ 150 MB RSS, ≤ 0.5 core, every poll within 100 ms";
    all.push(match scale {
        None => unmeasured(scale_target, "the scale run failed"),
        Some(s) if s.watches < 10_000 => unmeasured(scale_target, &format!("this run had only {} watches", s.watches)),
        Some(s) => {
            let mb = s.rss_growth() as f64 / 1e6;
            verdict(
                scale_target,
                format!(
                    "+{mb:.1} MB, {:.3} core, {} late / {} missing of {} polls",
                    s.cpu_share(),
                    s.late,
                    s.missing,
                    s.polls
                ),
                mb <= 150.0 && s.cpu_share() <= 0.5 && s.all_on_time(),
            )
        }
    });
    let emulator_target = "emulator ≥ 20,000 requests/s";
    all.push(match rate_of(rows, Measure::Emulator, RUST) {
        Some(r) => verdict(emulator_target, format!("{r:.0} requests/s"), r >= 20_000.0),
        None => unmeasured(emulator_target, "the emulator run failed"),
    });
    all
}
