//! The language runners (`bench/python/bench.py`, `bench/node/bench.mjs`): run as child
//! processes against the same emulator, they print one JSON line per client on stdout. The
//! protocol is in `bench/README.md`.

use crate::child::probe_env;
use crate::report::{Measure, Row};
use crate::setup::{Fixture, POS_ID};
use crate::sizes::Sizes;
use crate::stats::{Latency, Sample};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Most timed operations a runner is asked for per measurement: the slowest Python clients
/// manage a few hundred calls a second, and rates stay comparable at any count.
pub const MAX_RUNNER_OPS: u64 = 5_000;

/// One language runner.
struct Runner {
    language: &'static str,
    program: String,
    script: PathBuf,
    /// Variables set for this runner only.
    env: Vec<(&'static str, String)>,
}

/// The folder of this crate (where the runners live).
fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python to run: `FORUMPAY_BENCH_PYTHON`, else the project venv's (`bench/.venv`, made by
/// `make bench`), else `python3`.
pub fn python_interpreter() -> String {
    if let Ok(p) = std::env::var("FORUMPAY_BENCH_PYTHON") {
        return p;
    }
    let venv = bench_dir().join(".venv/bin/python");
    if venv.exists() {
        return venv.display().to_string();
    }
    "python3".into()
}

/// Where the Node runner (and the instruction count of `decodeAnswer`) loads the binding from:
/// `make bench` stages a release build in `bench/node/.binding`; an explicit
/// FORUMPAY_NODE_BINDING (inherited) wins.
pub fn node_binding_env() -> Vec<(&'static str, String)> {
    let staged = bench_dir().join("node/.binding");
    if std::env::var_os("FORUMPAY_NODE_BINDING").is_none() && staged.join("index.js").exists() {
        vec![("FORUMPAY_NODE_BINDING", staged.display().to_string())]
    } else {
        Vec::new()
    }
}

fn runners() -> Vec<Runner> {
    let node_env = node_binding_env();
    vec![
        Runner { language: "python", program: python_interpreter(), script: bench_dir().join("python/bench.py"), env: Vec::new() },
        Runner { language: "node", program: "node".into(), script: bench_dir().join("node/bench.mjs"), env: node_env },
    ]
}

/// Runs every runner whose script exists and turns its lines into rows; a runner that cannot
/// start or fails gives one "not measured" row saying why.
pub fn run_all(fixture: &Fixture, sizes: &Sizes, page_file: &Path) -> Vec<Row> {
    let mut rows = Vec::new();
    for runner in runners() {
        if !runner.script.exists() {
            continue;
        }
        eprintln!("bench: running the {} runner ({})", runner.language, runner.script.display());
        match run_one(&runner, fixture, sizes, page_file) {
            Ok(mut r) => rows.append(&mut r),
            Err(reason) => rows.push(Row::not_measured(Measure::Sequential, runner.language, "(runner)", reason)),
        }
    }
    rows
}

fn run_one(runner: &Runner, fixture: &Fixture, sizes: &Sizes, page_file: &Path) -> Result<Vec<Row>, String> {
    let output = Command::new(&runner.program)
        .arg(&runner.script)
        // Where the emulator is, its credentials and the payment: what the probe needs too.
        .envs(probe_env(fixture))
        .env("FORUMPAY_BENCH_POS_ID", POS_ID)
        .env("FORUMPAY_BENCH_WARMUP", sizes.warmup.to_string())
        .env("FORUMPAY_BENCH_SEQUENTIAL", sizes.sequential.min(MAX_RUNNER_OPS).to_string())
        .env("FORUMPAY_BENCH_CONCURRENT", sizes.concurrent.min(MAX_RUNNER_OPS).to_string())
        .env("FORUMPAY_BENCH_CONCURRENCY", sizes.concurrency.to_string())
        .env("FORUMPAY_BENCH_DECODES", sizes.decodes.min(MAX_RUNNER_OPS).to_string())
        .env("FORUMPAY_BENCH_PAGE_FILE", page_file)
        // The probe that times the Rust client in rounds alternating with a runner's own calls.
        .env("FORUMPAY_BENCH_PROBE", std::env::current_exe().map_err(|e| e.to_string())?)
        .envs(runner.env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{} could not start: {e}", runner.program))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<Row> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .map(|l| parse_line(runner.language, l))
        .collect::<Result<Vec<Vec<Row>>, String>>()?
        .into_iter()
        .flatten()
        .collect();
    if !output.status.success() {
        return Err(format!("the runner failed ({}) after {} rows", output.status, rows.len()));
    }
    Ok(rows)
}

/// The rows of one JSON line: one per measurement the client took, or one "not measured".
pub fn parse_line(language: &str, line: &str) -> Result<Vec<Row>, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("bad result line {line:?}: {e}"))?;
    let client = v["client"].as_str().ok_or("a result line has no `client`")?.to_string();
    let compare_to: Vec<String> =
        v["compare_to"].as_array().map_or_else(Vec::new, |a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
    if let Some(reason) = v["not_measured"].as_str() {
        return Ok(vec![Row::not_measured(Measure::Sequential, language, &client, reason.to_string())]);
    }
    let mut rows = Vec::new();
    for (key, measure) in [("sequential", Measure::Sequential), ("concurrent", Measure::Concurrent), ("decode", Measure::Decode), ("page", Measure::Page)] {
        let m = &v[key];
        if m.is_null() {
            continue;
        }
        let outcome = match m["not_measured"].as_str() {
            Some(reason) => Err(reason.to_string()),
            None => sample(m).ok_or_else(|| format!("`{key}` of {client} lacks ops or seconds")),
        };
        rows.push(Row { measure, language: language.to_string(), client: client.clone(), outcome, compare_to: compare_to.clone() });
    }
    Ok(rows)
}

fn sample(m: &Value) -> Option<Sample> {
    let us = |k: &str| m[k].as_f64().map(|x| Duration::from_secs_f64(x / 1e6));
    Some(Sample {
        ops: m["ops"].as_u64()?,
        wall: Duration::from_secs_f64(m["seconds"].as_f64()?),
        latency: us("p50_us").zip(us("p99_us")).map(|(p50, p99)| Latency { p50, p99 }),
        client_cpu: m["cpu_seconds"].as_f64().map(Duration::from_secs_f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_protocol() {
        let rows = parse_line(
            "python",
            r#"{"client":"requests.Session","compare_to":["forumpay::Client (Rust)"],"sequential":{"ops":10,"seconds":0.5,"p50_us":40,"p99_us":90,"cpu_seconds":0.4},"concurrent":{"not_measured":"no threads"}}"#,
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].outcome.as_ref().unwrap().rate(), 20.0);
        assert_eq!(rows[1].outcome, Err("no threads".to_string()));
        let skipped = parse_line("node", r#"{"client":"forumpay (Node)","not_measured":"binding not built"}"#).unwrap();
        assert!(skipped[0].outcome.is_err());
        assert!(parse_line("node", "{nope").is_err());
    }
}
