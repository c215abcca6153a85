//! Instructions per operation, counted by valgrind's callgrind: unlike times, the count barely
//! moves when other work shares the machine, so a regression shows even on a loaded one.
//!
//! Each subject is run twice under callgrind in a child process (this binary's `icount-probe`
//! mode, or `node` / `python` for their decoders), once with `n1` and once with `n2`
//! operations after the same warm-up: the difference divided by `n2 - n1` is the cost of one
//! operation, start-up and warm-up cancelled out. The emulator stays in the harness, outside
//! the count. Counted are user-space instructions of every thread of the child (the client's
//! runtime included); time in the kernel (socket reads and writes, wake-ups) is not.

use crate::calls::Kind;
use crate::child::{probe_env, PROBE};
use crate::decode::Decoder;
use crate::external::python_interpreter;
use crate::setup::Fixture;
use std::path::Path;
use std::process::{Command, Stdio};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// CheckPayment by a client, `in_flight` at a time.
    Calls(Kind, usize),
    /// The page decoded by a Rust decoder.
    Decode(Decoder),
    /// The page parsed by Node's `JSON.parse`.
    NodeParse,
    /// The page parsed by Python's `json.loads` with every amount a `Decimal`.
    PythonLoads,
    /// A poll of `watches` concurrent watches at 1 s (timer, wake-up, the call, the known
    /// state): the scale run's unit of work.
    Watch(usize),
    /// The page decoded through the Node binding's `decodeAnswer`.
    NodeDecodeAnswer,
}

impl Subject {
    /// The row name in the report (the same as the timed row's, so they share a line).
    pub fn client(self) -> &'static str {
        match self {
            Subject::Calls(kind, _) => kind.name(),
            Subject::Decode(d) => d.name(),
            Subject::NodeParse => crate::targets::JSON_PARSE,
            Subject::PythonLoads => crate::targets::PY_LOADS,
            Subject::NodeDecodeAnswer => crate::targets::NODE_DECODE,
            Subject::Watch(_) => WATCH_POLLS,
        }
    }

    /// A name for files (`calls-rust-64`, `decode-typed`, ...).
    fn file_name(self) -> String {
        match self {
            Subject::Calls(kind, in_flight) => format!("calls-{}-{in_flight}", if kind == Kind::Rust { "rust" } else { "raw" }),
            Subject::Decode(d) => format!("decode-{}", if d == Decoder::Typed { "typed" } else { "value" }),
            Subject::NodeParse => "node-json-parse".into(),
            Subject::PythonLoads => "python-json-loads".into(),
            Subject::Watch(watches) => format!("watch-{watches}"),
            Subject::NodeDecodeAnswer => "node-decode-answer".into(),
        }
    }

    /// Operations of the two runs.
    fn counts(self) -> (u64, u64) {
        match self {
            Subject::Calls(_, 1) => (200, 1_200),
            Subject::Calls(_, in_flight) => (in_flight as u64 * 4, in_flight as u64 * 24),
            Subject::Decode(_) => (10, 110),
            Subject::NodeParse | Subject::NodeDecodeAnswer => (50, 300),
            Subject::PythonLoads => (10, 60),
            // Polls per watch: seconds of run (two runs of 2 s and 6 s).
            Subject::Watch(_) => (2, 6),
        }
    }

    /// The command for `n` operations.
    fn command(self, n: u64, page: &Path) -> Command {
        match self {
            Subject::Calls(kind, in_flight) => {
                let mut c = Command::new(std::env::current_exe().unwrap_or_else(|_| "forumpay-bench".into()));
                let kind = if kind == Kind::Rust { "rust" } else { "raw" };
                c.args([PROBE, "calls", kind, &in_flight.to_string(), &n.to_string()]);
                c
            }
            Subject::Decode(d) => {
                let mut c = Command::new(std::env::current_exe().unwrap_or_else(|_| "forumpay-bench".into()));
                let which = if d == Decoder::Typed { "typed" } else { "value" };
                c.args([PROBE, "decode", which, &n.to_string()]).env("FORUMPAY_BENCH_PAGE_FILE", page);
                c
            }
            Subject::NodeParse => {
                let mut c = Command::new("node");
                c.args([NODE_DETERMINISTIC, "-e", NODE_PARSE, &page.display().to_string(), &n.to_string()]);
                c
            }
            Subject::PythonLoads => {
                let mut c = Command::new(python_interpreter());
                c.args(["-c", PYTHON_LOADS, &page.display().to_string(), &n.to_string()]);
                c
            }
            Subject::Watch(watches) => {
                let mut c = Command::new(std::env::current_exe().unwrap_or_else(|_| "forumpay-bench".into()));
                c.args([PROBE, "watch", &watches.to_string(), &n.to_string()]);
                c
            }
            Subject::NodeDecodeAnswer => {
                let mut c = Command::new("node");
                c.args([NODE_DETERMINISTIC, "-e", NODE_DECODE_ANSWER, &page.display().to_string(), &n.to_string()]);
                c.envs(crate::external::node_binding_env());
                c
            }
        }
    }
}

/// Node's flag that keeps V8 from compiling and collecting on threads of its own: under
/// callgrind, which runs one thread at a time, when optimized code arrived depended on the
/// schedule, and the count of the same decoder moved by a fifth from run to run (1.64 M to
/// 2.09 M); with it, by 2% (the scripts also warm up with 300 operations before the counted ones).
const NODE_DETERMINISTIC: &str = "--single-threaded";

/// Node's baseline, as `bench/node/bench.mjs` measures it: `JSON.parse` of the page.
const NODE_PARSE: &str = "const fs = require('fs'); const page = fs.readFileSync(process.argv[1], 'utf8'); \
    let n = 0; for (let i = 0; i < 300 + Number(process.argv[2]); i++) n += JSON.parse(page).invoices.length; \
    if (n < 0) console.log(n);";

/// The page through the Node binding, as `bench/node/bench.mjs` measures it (the binding from
/// where the runner loads it).
const NODE_DECODE_ANSWER: &str = "const fs = require('fs'); const f = require(process.env.FORUMPAY_NODE_BINDING || 'forumpay'); \
    const page = fs.readFileSync(process.argv[1]); let n = 0; \
    for (let i = 0; i < 300 + Number(process.argv[2]); i++) n += f.decodeAnswer('getTransactions', page).transactions.length; \
    if (n < 0) console.log(n);";

/// Python's baseline, as `bench/python/bench.py` measures it: `json.loads` with every float and
/// amount string a `Decimal`.
const PYTHON_LOADS: &str = r#"import json, sys
from decimal import Decimal
AMOUNTS = ("invoice_amount", "amount", "amount_exchange", "network_processing_fee", "payment", "refund", "refund_amount_opened")
page = open(sys.argv[1], "rb").read()
for _ in range(int(sys.argv[2])):
    data = json.loads(page, parse_float=Decimal)
    for r in data["invoices"]:
        for k in AMOUNTS:
            if isinstance(r.get(k), str) and r[k]:
                r[k] = Decimal(r[k])
"#;

/// How the scale table names the count of [`Subject::Watch`].
pub const WATCH_POLLS: &str = "100 watches at 1 s, 2 vs 6 polls each";

/// The subjects `make bench` counts, in report order.
pub const SUBJECTS: [Subject; 10] = [
    Subject::Calls(Kind::Raw, 1),
    Subject::Calls(Kind::Rust, 1),
    Subject::Calls(Kind::Raw, 64),
    Subject::Calls(Kind::Rust, 64),
    Subject::Decode(Decoder::ValueOnly),
    Subject::Decode(Decoder::Typed),
    Subject::NodeParse,
    Subject::NodeDecodeAnswer,
    Subject::PythonLoads,
    Subject::Watch(100),
];

/// Instructions per operation of `subject`, or why there is no figure.
pub fn count(subject: Subject, fixture: &Fixture, page: &Path) -> Result<f64, String> {
    let (n1, n2) = subject.counts();
    let first = run(subject, n1, fixture, page)?;
    let second = run(subject, n2, fixture, page)?;
    let per_run = per_op(first, second, n1, n2);
    // A watch run's count is polls per watch: every watch made them.
    Ok(match subject {
        Subject::Watch(watches) => per_run / watches.max(1) as f64,
        _ => per_run,
    })
}

/// The cost of one operation from two totals.
fn per_op(first: u64, second: u64, n1: u64, n2: u64) -> f64 {
    second.saturating_sub(first) as f64 / (n2 - n1).max(1) as f64
}

/// Total instructions of one run of `n` operations. The profile is kept for reading with
/// `callgrind_annotate` when `FORUMPAY_BENCH_CALLGRIND_DIR` names a folder.
fn run(subject: Subject, n: u64, fixture: &Fixture, page: &Path) -> Result<u64, String> {
    let keep = std::env::var_os("FORUMPAY_BENCH_CALLGRIND_DIR").map(std::path::PathBuf::from);
    let name = format!("callgrind.{}.{n}.out", subject.file_name());
    let out = keep.as_ref().map_or_else(|| std::env::temp_dir().join(format!("forumpay-{}-{name}", std::process::id())), |d| d.join(&name));
    let inner = subject.command(n, page);
    let mut c = Command::new("valgrind");
    c.args(["--tool=callgrind", &format!("--callgrind-out-file={}", out.display())])
        .arg(inner.get_program())
        .args(inner.get_args())
        .envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .envs(probe_env(fixture))
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    let output = c.output().map_err(|e| format!("valgrind could not start ({e}): `make bench` installs it"))?;
    if keep.is_none() {
        let _ = std::fs::remove_file(&out);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        return Err(format!("the probe failed ({}): {}", output.status, tail.join(" / ")));
    }
    collected(&stderr).ok_or_else(|| "callgrind printed no total".to_string())
}

/// The total callgrind prints on exit (`==123== Collected : 184552732`).
fn collected(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|l| l.split_once("Collected :").and_then(|(_, n)| n.trim().parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_callgrinds_total_and_divides_the_difference() {
        let stderr = "==4242== Events    : Ir\n==4242== Collected : 184552732\n==4242==\n==4242== I   refs:      184,552,732\n";
        assert_eq!(collected(stderr), Some(184_552_732));
        assert_eq!(collected("nothing here"), None);
        assert_eq!(per_op(17_050_711, 184_552_732, 10, 110), 1_675_020.21);
    }
}
