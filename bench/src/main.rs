//! `forumpay-bench`: the benchmark of issue 7 (`make bench`). Starts the sandbox emulator
//! in-process on loopback, measures the Rust client against a raw hyper floor, runs the
//! language runners against the same emulator, runs the watch scale test, and prints (and
//! writes to `tests/bench/results.md`) one report with every figure's ratio to its baseline.

mod calls;
mod child;
mod decode;
mod external;
mod icount;
mod probe;
mod raw;
mod report;
mod scale;
mod setup;
mod sizes;
mod stats;
mod sys;
mod targets;

use bytes::Bytes;
use calls::Kind;
use decode::Decoder;
use report::{Icount, Measure, Report, Row};
use setup::Fixture;
use sizes::Args;
use std::path::PathBuf;
use targets::{JSON_PARSE, RAW, RUST};

/// What the scale table measured, in words (printed above it).
const SCALE_NOTE: &str = "Each watch is the real `Client::watch_payment` (one shared client, payments left \
waiting, deadline past the end of the run), its `next()` awaited in its own task; the client's pool is warmed \
first (twice 64 calls at once), then watches start spread over the first interval. The emulator tells a recorder when each \
CheckPayment request arrives (after reading it), per payment: lateness is that arrival minus the watcher's schedule \
(creation + k × interval). Memory is the process's VmRSS growth from before the first watch to the end (the \
emulator's payments already made; connection buffers of both ends and the recorder included). CPU is the \
process's user + system time minus the emulator's thread, over the run after every watch \
started, divided by that wall time.";

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().is_some_and(|a| a == child::PROBE) {
        child::probe_main(&argv[1..]);
    }
    let args = match Args::parse(&argv, |k| std::env::var(k).ok()) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let mut rows = Vec::new();
    let mut page_bytes = None;
    let mut icounts = Vec::new();
    let fixture = if args.scale_only { None } else { Some(runtime.block_on(Fixture::start(true))) };
    match fixture {
        None => {}
        Some(Ok(fixture)) => {
            let page = runtime.block_on(fixture.transactions_page()).map_err(|e| e.to_string());
            page_bytes = page.as_ref().ok().map(Bytes::len);
            if args.serve_probes.is_none() {
                rows = rust_rows(&runtime, &fixture, &args, &page);
            }
            match page.and_then(|p| PageFile::write(&p)) {
                Ok(file) => {
                    if let Some(secs) = args.serve_probes {
                        child::serve(&fixture, &file.0, secs);
                        return;
                    }
                    if args.external {
                        rows.extend(external::run_all(&fixture, &args.sizes, &file.0));
                    }
                    if args.icount {
                        icounts = count_instructions(&fixture, &args, &file.0);
                    }
                }
                Err(e) => rows.push(Row::not_measured(Measure::Decode, "external", "(runners)", e)),
            }
        }
        Some(Err(e)) => rows.push(Row::not_measured(Measure::Sequential, "rust", RUST, format!("the emulator did not start: {e}"))),
    }
    eprintln!("bench: scale run ({} watches for {:?})", args.sizes.watches, args.sizes.watch_duration);
    let scale = runtime.block_on(scale::run(&args.sizes));
    if let Ok(s) = &scale {
        let seconds: Vec<String> =
            s.by_second.iter().map(|sec| format!("{}/{}/{}", sec.late, report::micros(sec.max), report::micros(sec.waited))).collect();
        eprintln!("bench: late polls / largest lateness / CPU wait, by second of the run: {}", seconds.join(" "));
    }
    let failed = scale.is_err() || rows.iter().any(|r| r.language == "rust" && r.outcome.is_err());
    let report =
        Report { args: &args, machine: sys::machine(), date: sys::now_utc(), rows, scale, scale_note: SCALE_NOTE, page_bytes, icounts };
    let markdown = report.markdown();
    println!("{markdown}");
    if let Some(out) = &args.out {
        let out = if out.is_relative() { workspace_root().join(out) } else { out.clone() };
        let written = out.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&out, &markdown));
        match written {
            Ok(()) => eprintln!("bench: wrote {}", out.display()),
            Err(e) => {
                eprintln!("bench: could not write {}: {e}", out.display());
                std::process::exit(1);
            }
        }
    }
    if failed {
        eprintln!("bench: a Rust measurement failed (see the report)");
        std::process::exit(1);
    }
}

/// The repository root (a relative `--out` is taken from there, whatever the current folder).
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Rust client, the raw floor, the decoders and the emulator.
fn rust_rows(runtime: &tokio::runtime::Runtime, fixture: &Fixture, args: &Args, page: &Result<Bytes, String>) -> Vec<Row> {
    let s = &args.sizes;
    let mut rows = Vec::new();
    let kinds = [Kind::Raw, Kind::Rust];
    eprintln!("bench: sequential CheckPayment");
    let one_thread = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let outcomes = one_thread.block_on(calls::sequential(&kinds, fixture, s.warmup, s.sequential));
    drop(one_thread);
    for (kind, outcome) in kinds.iter().zip(outcomes) {
        rows.push(Row::measured(Measure::Sequential, "rust", kind.name(), outcome, compare(*kind)));
    }
    eprintln!("bench: concurrent CheckPayment");
    let outcomes = runtime.block_on(calls::concurrent(&kinds, fixture, s.concurrency, s.warmup, s.concurrent));
    for (kind, outcome) in kinds.iter().zip(outcomes) {
        rows.push(Row::measured(Measure::Concurrent, "rust", kind.name(), outcome, compare(*kind)));
    }
    eprintln!("bench: decoding");
    match page {
        Ok(page) => {
            let decoders = [Decoder::ValueOnly, Decoder::Typed];
            for (decoder, outcome) in decoders.into_iter().zip(decode::run(&decoders, page, s.warmup, s.decodes)) {
                let base: &[&str] = if decoder == Decoder::Typed { &[Decoder::ValueOnly.name(), JSON_PARSE] } else { &[] };
                rows.push(Row::measured(Measure::Decode, "rust", decoder.name(), outcome, base));
            }
        }
        Err(e) => rows.push(Row::not_measured(Measure::Decode, "rust", Decoder::Typed.name(), e.clone())),
    }
    eprintln!("bench: GetTransactions pages");
    let page_kinds = [Kind::RawPage, Kind::RustPage];
    let one_thread = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let outcomes = one_thread.block_on(calls::sequential(&page_kinds, fixture, s.warmup / 4, s.page_calls()));
    drop(one_thread);
    for (kind, outcome) in page_kinds.iter().zip(outcomes) {
        rows.push(Row::measured(Measure::Page, "rust", kind.name(), outcome, compare(*kind)));
    }
    eprintln!("bench: emulator throughput");
    let outcome = runtime.block_on(calls::emulator(fixture, s.concurrency, s.warmup, s.emulator));
    rows.push(Row::measured(Measure::Emulator, "rust", RUST, outcome, &[]));
    rows
}

fn compare(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Rust | Kind::RustPage => &[RAW],
        Kind::Raw | Kind::RawPage => &[],
    }
}

/// The decode run's page in a temporary file, for the runners and the probes; removed on drop.
struct PageFile(PathBuf);

impl PageFile {
    fn write(page: &Bytes) -> Result<PageFile, String> {
        let file = std::env::temp_dir().join(format!("forumpay-bench-page-{}.json", std::process::id()));
        std::fs::write(&file, page).map_err(|e| format!("cannot write the page for the runners: {e}"))?;
        Ok(PageFile(file))
    }
}

impl Drop for PageFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Instructions per operation of every subject `make bench` counts (callgrind, in child
/// processes against the same emulator).
fn count_instructions(fixture: &Fixture, args: &Args, page: &std::path::Path) -> Vec<Icount> {
    icount::SUBJECTS
        .iter()
        .map(|&subject| {
            eprintln!("bench: counting instructions of {} (callgrind)", subject.client());
            let subject = match subject {
                icount::Subject::Calls(kind, n) if n > 1 => icount::Subject::Calls(kind, args.sizes.concurrency),
                other => other,
            };
            let measure = match subject {
                icount::Subject::Calls(_, 1) => Measure::Sequential,
                icount::Subject::Calls(..) => Measure::Concurrent,
                icount::Subject::Watch(_) => Measure::Scale,
                _ => Measure::Decode,
            };
            Icount { measure, client: subject.client().to_string(), per_op: icount::count(subject, fixture, page) }
        })
        .collect()
}
