//! The targets of issue 17 (which took over issue 7's), checked against the figures of one
//! run. Every target is a ratio of two clients measured in the same run; per-call cost is the
//! inverse of the sequential calls per second, decoding speed the decodes per second, and CPU
//! per call the client's own CPU time per operation. Instruction counts (callgrind), when the
//! run made them, are given beside: they barely move on a loaded machine.

use crate::report::{icount_of, rate_of, Icount, Measure, Row};
use crate::scale::ScaleResult;
/// The pure Rust client's row name.
pub const RUST: &str = "forumpay::Client (Rust)";
/// The raw hyper floor's row name.
pub const RAW: &str = "raw hyper (floor)";
/// Node's built-in `fetch` baseline.
pub const FETCH: &str = "fetch (Node built-in)";
/// The Python binding, async client.
pub const PY_ASYNC: &str = "forumpay (Python async)";
/// The Node binding.
pub const NODE: &str = "forumpay (Node)";
/// The least a Python program on asyncio spends per call (a bare asyncio socket).
pub const PY_FLOOR: &str = "asyncio Protocol (floor)";
/// The least a Node program spends per call (a bare `node:net` socket).
pub const NODE_FLOOR: &str = "net.Socket (floor)";
/// The Rust typed decoder's row.
pub const RUST_DECODE: &str = "forumpay::TransactionPage (Rust)";
/// Node's `JSON.parse` of the page.
pub const JSON_PARSE: &str = "JSON.parse (Node)";
/// The page through the Node binding's `decodeAnswer`.
pub const NODE_DECODE: &str = "forumpay.decodeAnswer (Node)";
/// Python's `json.loads` with `Decimal` amounts.
pub const PY_LOADS: &str = "json.loads + Decimal (Python)";
/// The page through the Python binding's `decode_answer`.
pub const PY_DECODE: &str = "forumpay.decode_answer (Python)";

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

/// `reference`'s time per sequential call over `client`'s: from the rounds the runner made
/// alternating the two (rows `CLIENT, beside Rust` and `REFERENCE, beside CLIENT`) when it made
/// them, else from the two clients' own rows (measured minutes apart). Says which.
fn time_ratio(rows: &[Row], client: &str, reference: &str) -> Option<(f64, bool)> {
    let rate = |name: &str| rate_of(rows, Measure::Sequential, name);
    match (rate(&format!("{client}, beside Rust")), rate(&format!("{reference}, beside {client}"))) {
        (Some(c), Some(r)) => Some((r / c, true)),
        _ => rate(client).zip(rate(reference)).map(|(c, r)| (r / c, false)),
    }
}

/// Per sequential call, `client` costs at most `factor` × `reference`, judged on the rounds
/// alternating the two when the runner made them. The figure adds the ratio measured apart, and
/// what `floor` (the same call on a bare socket of the client's own event loop) costs against
/// `reference`: the part of the gap that is the language's alone.
fn cost_at_most(rows: &[Row], client: &str, factor: f64, reference: &str, floor: &str) -> Verdict {
    let target = format!("{client} per-call cost ≤ {factor}× {reference}");
    let Some((ratio, alternating)) = time_ratio(rows, client, reference) else {
        return unmeasured(target, &format!("no sequential figures for {client} and {reference}"));
    };
    let how = |alternating: bool| if alternating { "in alternating rounds" } else { "measured apart" };
    let mut figure = format!("{ratio:.2}× (sequential time per call, {})", how(alternating));
    if alternating {
        if let Some((c, r)) = rate_of(rows, Measure::Sequential, client).zip(rate_of(rows, Measure::Sequential, reference)) {
            figure.push_str(&format!("; {:.2}× measured apart", r / c));
        }
    }
    if let Some((f, alternating)) = time_ratio(rows, floor, reference) {
        figure.push_str(&format!("; {floor}: {f:.2}× ({})", how(alternating)));
    }
    verdict(target, figure, ratio <= factor)
}

/// `fast` ≥ `factor` × `slow` in calls/s, sequential calls.
fn faster(rows: &[Row], fast: &str, factor: f64, slow: &str) -> Verdict {
    let target = format!("{fast} ≥ {factor}× {slow}'s speed (sequential calls)");
    match (rate_of(rows, Measure::Sequential, fast), rate_of(rows, Measure::Sequential, slow)) {
        (Some(f), Some(s)) => verdict(target, format!("{:.2}×", f / s), f / s >= factor),
        (None, _) => unmeasured(target, &format!("no sequential figure for {fast}")),
        (_, None) => unmeasured(target, &format!("no sequential figure for {slow}")),
    }
}

/// `; A executes 1.23× the instructions of B (callgrind)` when both were counted.
fn icount_note(icounts: &[Icount], measure: Measure, a: &str, b: &str) -> String {
    match (icount_of(icounts, measure, a), icount_of(icounts, measure, b)) {
        (Some(x), Some(y)) => format!("; {a} executes {:.2}× the instructions of {b} (callgrind)", x / y),
        _ => String::new(),
    }
}

/// The typed decode of the page at least `factor` × `JSON.parse`'s speed, judged on CPU time
/// per decode: the two are measured a minute apart by different processes on a shared machine,
/// where decodes per second (wall clock) follow the load of the moment (two runs of this
/// session: 1.23× and 1.59× by rate, 1.27× and 1.28× by CPU time). The rate and the
/// instruction counts are given beside; without CPU figures the rate decides.
fn decode_speed(rows: &[Row], icounts: &[Icount], factor: f64) -> Verdict {
    let target = format!("{RUST_DECODE} decodes the page ≥ {factor}× {JSON_PARSE}'s speed (CPU time per decode)");
    let sample = |client: &str| {
        rows.iter().find(|r| r.measure == Measure::Decode && r.client == client).and_then(|r| r.outcome.as_ref().ok())
    };
    match (sample(RUST_DECODE), sample(JSON_PARSE)) {
        (Some(rust), Some(node)) => {
            let by_rate = rust.rate() / node.rate();
            let rate = format!("{by_rate:.2}× by decodes/s{}", icount_note(icounts, Measure::Decode, JSON_PARSE, RUST_DECODE));
            match (rust.cpu_us_per_op(), node.cpu_us_per_op()) {
                (Some(r), Some(n)) if r > 0.0 && n > 0.0 => {
                    verdict(target, format!("{:.2}× ({r:.1} µs vs {n:.1} µs); {rate}", n / r), n / r >= factor)
                }
                _ => verdict(target, rate, by_rate >= factor),
            }
        }
        (None, _) => unmeasured(target, "no figure for the Rust decode"),
        (_, None) => unmeasured(target, "no figure for JSON.parse (Node not run?)"),
    }
}

/// The page decoded through a binding (`client`) into its typed objects takes at most
/// `factor` × the time of the language's own parser (`baseline`), measured in the same process,
/// in turns; judged on CPU time per decode like [`decode_speed`], the rate given beside.
fn binding_decode(rows: &[Row], icounts: &[Icount], target: &str, client: &str, baseline: &str, factor: f64) -> Verdict {
    let sample = |name: &str| rows.iter().find(|r| r.measure == Measure::Decode && r.client == name).map(|r| r.outcome.as_ref());
    match (sample(client), sample(baseline)) {
        (Some(Ok(ours)), Some(Ok(theirs))) => {
            let by_rate = theirs.rate() / ours.rate();
            let rate = format!("{by_rate:.2}× by decodes/s{}", icount_note(icounts, Measure::Decode, client, baseline));
            match (ours.cpu_us_per_op(), theirs.cpu_us_per_op()) {
                (Some(o), Some(t)) if o > 0.0 && t > 0.0 => {
                    verdict(target, format!("{:.2}× the time ({o:.1} µs vs {t:.1} µs); {rate}", o / t), o / t <= factor)
                }
                _ => verdict(target, rate, by_rate <= factor),
            }
        }
        (Some(Err(why)), _) => unmeasured(target, &format!("{client}: {why}")),
        (None, _) => unmeasured(target, &format!("no decode figure for {client}")),
        (_, _) => unmeasured(target, &format!("no decode figure for {baseline}")),
    }
}

/// The Rust client's CPU per call at many in flight, at most `factor` × the raw floor's.
fn concurrent_cpu(rows: &[Row], icounts: &[Icount], factor: f64) -> Verdict {
    let target = format!("{RUST} CPU per call with many in flight ≤ {factor}× {RAW}");
    let cpu = |client: &str| {
        rows.iter()
            .find(|r| r.measure == Measure::Concurrent && r.client == client)
            .and_then(|r| r.outcome.as_ref().ok())
            .and_then(|s| s.cpu_us_per_op())
    };
    match (cpu(RUST), cpu(RAW)) {
        (Some(ours), Some(raw)) => {
            let figure = format!(
                "{:.2}× ({ours:.1} µs vs {raw:.1} µs){}",
                ours / raw,
                icount_note(icounts, Measure::Concurrent, RUST, RAW)
            );
            verdict(target, figure, ours / raw <= factor)
        }
        _ => unmeasured(target, "no concurrent CPU figure for both clients"),
    }
}

/// Every target of issue 17.
pub fn evaluate(rows: &[Row], scale: Option<&ScaleResult>, icounts: &[Icount]) -> Vec<Verdict> {
    let mut all = vec![
        decode_speed(rows, icounts, 1.5),
        binding_decode(rows, icounts, "the page decoded through the Node binding ≤ 1.5× JSON.parse's time (CPU time per decode)", NODE_DECODE, JSON_PARSE, 1.5),
        binding_decode(rows, icounts, "the page decoded through the Python binding ≥ json.loads + Decimal's speed (CPU time per decode)", PY_DECODE, PY_LOADS, 1.0),
        cost_at_most(rows, PY_ASYNC, 1.15, RUST, PY_FLOOR),
        cost_at_most(rows, NODE, 1.15, RUST, NODE_FLOOR),
        faster(rows, NODE, 1.5, FETCH),
        concurrent_cpu(rows, icounts, 1.5),
    ];
    let scale_target = "100,000 watches at the default 5 s interval: ≤ 300 MB, ≤ 1 core, every poll within 100 ms of schedule";
    all.push(match scale {
        None => unmeasured(scale_target, "the scale run failed"),
        Some(s) if s.watches < 100_000 || s.interval.as_secs() != 5 => unmeasured(
            scale_target,
            &format!("this run had {} watches at {} ms", s.watches, s.interval.as_millis()),
        ),
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
                mb <= 300.0 && s.cpu_share() <= 1.0 && s.all_on_time(),
            )
        }
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Sample;
    use std::time::Duration;

    fn row(measure: Measure, client: &str, ops: u64, wall_ms: u64, cpu_ms: u64) -> Row {
        let sample = Sample {
            ops,
            wall: Duration::from_millis(wall_ms),
            latency: None,
            client_cpu: Some(Duration::from_millis(cpu_ms)),
        };
        Row::measured(measure, "x", client, Ok(sample), &[])
    }

    fn verdict_of(rows: &[Row], icounts: &[Icount], starts: &str) -> Verdict {
        evaluate(rows, None, icounts).into_iter().find(|v| v.target.starts_with(starts)).unwrap()
    }

    #[test]
    fn decode_speed_is_judged_on_cpu_time_per_decode() {
        let icounts = [
            Icount { measure: Measure::Decode, client: RUST_DECODE.into(), per_op: Ok(500_000.0) },
            Icount { measure: Measure::Decode, client: JSON_PARSE.into(), per_op: Ok(1_000_000.0) },
        ];
        let fast = [row(Measure::Decode, RUST_DECODE, 1000, 40, 40), row(Measure::Decode, JSON_PARSE, 1000, 70, 70)];
        let v = verdict_of(&fast, &icounts, RUST_DECODE);
        assert_eq!(v.verdict, "pass");
        assert!(v.figure.starts_with("1.75× (40.0 µs vs 70.0 µs); 1.75× by decodes/s") && v.figure.contains("2.00× the instructions"), "{}", v.figure);
        // A fast wall clock does not hide the CPU time.
        let slow = [row(Measure::Decode, RUST_DECODE, 1000, 30, 60), row(Measure::Decode, JSON_PARSE, 1000, 70, 70)];
        assert_eq!(verdict_of(&slow, &[], RUST_DECODE).verdict, "**miss**");
        assert!(verdict_of(&slow[..1], &[], RUST_DECODE).verdict.starts_with("not measured"));
    }

    #[test]
    fn binding_decodes_are_judged_against_their_own_parser() {
        let rows = [row(Measure::Decode, NODE_DECODE, 1000, 100, 90), row(Measure::Decode, JSON_PARSE, 1000, 70, 70)];
        let v = verdict_of(&rows, &[], "the page decoded through the Node binding");
        assert_eq!(v.verdict, "pass", "{v:?}");
        assert!(v.figure.starts_with("1.29× the time (90.0 µs vs 70.0 µs)"), "{}", v.figure);
        let rows = [row(Measure::Decode, PY_DECODE, 1000, 100, 110), row(Measure::Decode, PY_LOADS, 1000, 100, 100)];
        assert_eq!(verdict_of(&rows, &[], "the page decoded through the Python binding").verdict, "**miss**");
        assert!(verdict_of(&rows[1..], &[], "the page decoded through the Python binding").verdict.starts_with("not measured"));
    }

    #[test]
    fn concurrent_cost_is_cpu_per_call() {
        let rows = [row(Measure::Concurrent, RUST, 1000, 10, 20), row(Measure::Concurrent, RAW, 1000, 5, 14)];
        let v = verdict_of(&rows, &[], RUST);
        assert_eq!((v.verdict.as_str(), v.figure.as_str()), ("pass", "1.43× (20.0 µs vs 14.0 µs)"));
        let rows = [row(Measure::Concurrent, RUST, 1000, 10, 22), row(Measure::Concurrent, RAW, 1000, 5, 14)];
        assert_eq!(verdict_of(&rows, &[], RUST).verdict, "**miss**");
    }

    #[test]
    fn a_per_call_verdict_says_what_the_languages_own_floor_costs() {
        let rows = [row(Measure::Sequential, NODE, 1000, 140, 90), row(Measure::Sequential, RUST, 1000, 100, 60)];
        let v = verdict_of(&rows, &[], &format!("{NODE} per-call"));
        assert_eq!((v.verdict.as_str(), v.figure.as_str()), ("**miss**", "1.40× (sequential time per call, measured apart)"));
        let rows = [rows[0].clone(), rows[1].clone(), row(Measure::Sequential, NODE_FLOOR, 1000, 90, 40)];
        let v = verdict_of(&rows, &[], &format!("{NODE} per-call"));
        assert_eq!(v.figure, "1.40× (sequential time per call, measured apart); net.Socket (floor): 0.90× (measured apart)");
        let rows = [row(Measure::Sequential, PY_ASYNC, 1000, 110, 90), row(Measure::Sequential, RUST, 1000, 100, 60)];
        assert_eq!(verdict_of(&rows, &[], &format!("{PY_ASYNC} per-call")).verdict, "pass");
    }

    #[test]
    fn a_per_call_verdict_prefers_the_rounds_alternating_with_the_rust_client() {
        let beside = |client: &str, ms| row(Measure::Sequential, &format!("{client}, beside Rust"), 1000, ms, 50);
        let rust_beside = |client: &str, ms| row(Measure::Sequential, &format!("{RUST}, beside {client}"), 1000, ms, 0);
        let rows = [
            row(Measure::Sequential, NODE, 1000, 140, 90),
            row(Measure::Sequential, RUST, 1000, 100, 60),
            beside(NODE, 110),
            rust_beside(NODE, 100),
            beside(NODE_FLOOR, 90),
            rust_beside(NODE_FLOOR, 120),
        ];
        let v = verdict_of(&rows, &[], &format!("{NODE} per-call"));
        assert_eq!(v.verdict, "pass");
        assert_eq!(
            v.figure,
            "1.10× (sequential time per call, in alternating rounds); 1.40× measured apart; net.Socket (floor): 0.75× (in alternating rounds)"
        );
    }
}
