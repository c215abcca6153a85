//! The results as a Markdown report: the machine, the tables of figures with their ratios to
//! the baselines of the same run, the scale run and the targets of issue 17.

use crate::scale::ScaleResult;
use crate::sizes::Args;
use crate::stats::Sample;
use crate::targets;
use std::fmt::Write;
use std::time::Duration;

/// What a row measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Sequential CheckPayment.
    Sequential,
    /// CheckPayment with many calls in flight.
    Concurrent,
    /// Decoding the GetTransactions page.
    Decode,
    /// The emulator's requests per second.
    Emulator,
    /// Sequential GetTransactions of a full page: the call and its answer decoded into the
    /// client's typed objects.
    Page,
    /// The scale run: concurrent watches (its own table; only an instruction count is a row).
    Scale,
}

impl Measure {
    /// The table's heading for this measurement.
    pub fn title(self, args: &Args) -> String {
        let s = &args.sizes;
        match self {
            Measure::Sequential => format!("Sequential CheckPayment (n calls after {} warm-up)", s.warmup),
            Measure::Concurrent => format!("Concurrent CheckPayment ({} in flight)", s.concurrency),
            Measure::Decode => "Decoding a GetTransactions page of 50 records".to_string(),
            Measure::Emulator => format!("Emulator throughput (Rust client, {} in flight, {} requests)", s.concurrency, s.emulator),
            Measure::Page => format!(
                "Sequential GetTransactions of 50 records (the call, and the page decoded into each client's objects; {} warm-up)",
                s.warmup
            ),
            Measure::Scale => "Scale: concurrent `watch_payment` streams".to_string(),
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Measure::Decode => "decodes/s",
            Measure::Emulator => "requests/s",
            _ => "calls/s",
        }
    }
}

/// One client's figure for one measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What was measured.
    pub measure: Measure,
    /// The client's language.
    pub language: String,
    /// The client's name; rows refer to each other by it.
    pub client: String,
    /// The figure, or why there is none.
    pub outcome: Result<Sample, String>,
    /// Clients of the same measurement this one is compared with (ratio of their rates).
    pub compare_to: Vec<String>,
}

impl Row {
    /// A measured row.
    pub fn measured(measure: Measure, language: &str, client: &str, outcome: Result<Sample, String>, compare_to: &[&str]) -> Row {
        Row {
            measure,
            language: language.into(),
            client: client.into(),
            outcome,
            compare_to: compare_to.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A row saying why nothing was measured.
    pub fn not_measured(measure: Measure, language: &str, client: &str, reason: String) -> Row {
        Row { measure, language: language.into(), client: client.into(), outcome: Err(reason), compare_to: Vec::new() }
    }
}

/// Instructions per operation of one client in one measurement, counted by callgrind
/// (`icount.rs`), or why there is no count.
#[derive(Debug, Clone, PartialEq)]
pub struct Icount {
    /// What was counted.
    pub measure: Measure,
    /// The client, named as its timed row.
    pub client: String,
    /// Instructions per operation.
    pub per_op: Result<f64, String>,
}

/// The count of `client` in `measure`, if it was counted.
pub fn icount_of(icounts: &[Icount], measure: Measure, client: &str) -> Option<f64> {
    icounts.iter().find(|c| c.measure == measure && c.client == client).and_then(|c| c.per_op.as_ref().ok().copied())
}

/// A count of instructions, short (`85.3 k`, `1.12 M`).
pub fn instructions(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2} M", n / 1e6)
    } else {
        format!("{:.1} k", n / 1e3)
    }
}

/// The rate of `client` in `measure`, if it was measured.
pub fn rate_of(rows: &[Row], measure: Measure, client: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.measure == measure && r.client == client)
        .and_then(|r| r.outcome.as_ref().ok())
        .map(Sample::rate)
}

/// Everything one run found.
pub struct Report<'a> {
    /// The command line (sizes).
    pub args: &'a Args,
    /// Machine description, key and value.
    pub machine: Vec<(String, String)>,
    /// When the run took place.
    pub date: String,
    /// Every row of every measurement.
    pub rows: Vec<Row>,
    /// The scale run, or why it failed.
    pub scale: Result<ScaleResult, String>,
    /// What the scale run measured, in words.
    pub scale_note: &'static str,
    /// Size of the decoded GetTransactions page, in bytes.
    pub page_bytes: Option<usize>,
    /// Instructions per operation (empty without `--icount`).
    pub icounts: Vec<Icount>,
}

impl Report<'_> {
    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Benchmark results\n");
        let _ = writeln!(
            md,
            "Taken {} by `make bench`{}. The machine is shared with other builds, so figures are noisy: \
             compare the ratios, which are measured in the same run.\n",
            self.date,
            if self.args.quick { " with `--quick` (tiny sizes: figures are not meaningful)" } else { "" }
        );
        let _ = writeln!(md, "| machine | |\n|---|---|");
        for (k, v) in &self.machine {
            let _ = writeln!(md, "| {k} | {v} |");
        }
        for measure in [Measure::Sequential, Measure::Concurrent, Measure::Decode, Measure::Page, Measure::Emulator] {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.measure == measure).collect();
            if !rows.is_empty() {
                let _ = writeln!(md, "\n## {}\n", measure.title(self.args));
                if let (Measure::Decode, Some(bytes)) = (measure, self.page_bytes) {
                    let _ = writeln!(md, "The page: {bytes} bytes of JSON, decoded from bytes each time.\n");
                }
                self.table(&mut md, measure, &rows);
            }
        }
        let _ = writeln!(md, "\n## {}\n", Measure::Scale.title(self.args));
        let per_poll = self.icounts.iter().find(|c| c.measure == Measure::Scale);
        scale_table(&mut md, &self.scale, self.scale_note, per_poll);
        let _ = writeln!(md, "\n## Targets of issue 17\n");
        let _ = writeln!(md, "| target | figure | result |\n|---|---|---|");
        for t in targets::evaluate(&self.rows, self.scale.as_ref().ok(), &self.icounts) {
            let _ = writeln!(md, "| {} | {} | {} |", t.target, t.figure, t.verdict);
        }
        md
    }

    fn table(&self, md: &mut String, measure: Measure, rows: &[&Row]) {
        let cpu_head = if measure == Measure::Emulator { "emulator CPU/op" } else { "client CPU/op" };
        let _ = writeln!(
            md,
            "| language | client | n | {} | p50 | p99 | {cpu_head} | instructions/op (callgrind) | ratio (same run) |",
            measure.unit()
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|---:|---|");
        for r in rows {
            match &r.outcome {
                Err(reason) => {
                    let _ = writeln!(md, "| {} | {} | | not measured: {reason} | | | | | |", r.language, r.client);
                }
                Ok(s) => {
                    let (p50, p99) = s.latency.map_or((String::new(), String::new()), |l| (micros(l.p50), micros(l.p99)));
                    let cpu = s.cpu_us_per_op().map_or(String::new(), |c| format!("{c:.1} µs"));
                    let ratios: Vec<String> = r
                        .compare_to
                        .iter()
                        .map(|base| match rate_of(&self.rows, measure, base) {
                            Some(b) => format!("{:.2}× {base}", s.rate() / b),
                            None => format!("– {base} (not measured)"),
                        })
                        .collect();
                    let _ = writeln!(
                        md,
                        "| {} | {} | {} | {:.0} | {p50} | {p99} | {cpu} | {} | {} |",
                        r.language,
                        r.client,
                        s.ops,
                        s.rate(),
                        self.icount_cell(measure, r),
                        ratios.join("; ")
                    );
                }
            }
        }
    }
}

impl Report<'_> {
    /// The instructions of `row`, with their ratio to its first baseline's when both were
    /// counted (the baseline divided into it: lower is cheaper).
    fn icount_cell(&self, measure: Measure, row: &Row) -> String {
        let Some(counted) = self.icounts.iter().find(|c| c.measure == measure && c.client == row.client) else {
            return String::new();
        };
        match &counted.per_op {
            Err(why) => format!("not counted: {why}"),
            Ok(n) => match row.compare_to.first().and_then(|b| icount_of(&self.icounts, measure, b).map(|v| (b, v))) {
                Some((base, v)) => format!("{} ({:.2}× {base})", instructions(*n), n / v),
                None => instructions(*n),
            },
        }
    }
}

fn scale_table(md: &mut String, scale: &Result<ScaleResult, String>, note: &str, per_poll: Option<&Icount>) {
    let s = match scale {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(md, "not measured: {e}");
            return;
        }
    };
    let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
    let _ = writeln!(md, "{note}\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let lines = [
        ("watches × interval × duration", format!("{} × {} ms × {:.1} s", s.watches, s.interval.as_millis(), s.duration.as_secs_f64())),
        ("resident memory before → after", format!("{} → {} (+{})", mb(s.rss_before), mb(s.rss_after), mb(s.rss_growth()))),
        ("client CPU share (steady state)", format!("{:.3} core over {:.1} s", s.cpu_share(), s.steady.as_secs_f64())),
        ("emulator CPU share (recording included)", format!("{:.3} core", s.helper_cpu.as_secs_f64() / s.steady.as_secs_f64().max(1e-9))),
        ("polls of the schedule seen by the probe / CheckPayments counted by the emulator (until the probe stopped)", format!("{} / {}", s.polls, s.counted)),
        ("polls later than 100 ms / missing / off schedule", format!("{} / {} / {}", s.late, s.missing, s.off_schedule)),
        ("lateness p50 / p99 / max", format!("{} / {} / {}", micros(s.lateness[0]), micros(s.lateness[1]), micros(s.lateness[2]))),
        ("watches that ended early", s.ended_early.to_string()),
        ("connections the client used", s.connections.to_string()),
        ("seconds of the run with a poll later than 100 ms", late_seconds(s)),
        ("time the process's threads waited for a CPU, per second (median / largest)", waits(s)),
    ];
    for (k, v) in lines {
        let _ = writeln!(md, "| {k} | {v} |");
    }
    if let Some(counted) = per_poll {
        let v = counted.per_op.as_ref().map_or_else(|why| format!("not counted: {why}"), |n| instructions(*n));
        let _ = writeln!(md, "| instructions per poll, client side (callgrind: {}) | {v} |", counted.client);
    }
}

/// The seconds of the scale run (by schedule) that held a late poll: `7 s: 80 (max 107 ms)`.
fn late_seconds(s: &ScaleResult) -> String {
    let late: Vec<String> = s
        .by_second
        .iter()
        .enumerate()
        .filter(|(_, sec)| sec.late > 0)
        .map(|(i, sec)| format!("{i} s: {} (max {}; threads waited {} for a CPU)", sec.late, micros(sec.max), micros(sec.waited)))
        .collect();
    if late.is_empty() { "none".to_string() } else { late.join(", ") }
}

/// The run-queue wait of the run's seconds: median and largest.
fn waits(s: &ScaleResult) -> String {
    let mut w: Vec<Duration> = s.by_second.iter().map(|sec| sec.waited).collect();
    w.sort_unstable();
    match (w.get(w.len() / 2), w.last()) {
        (Some(median), Some(max)) => format!("{} / {}", micros(*median), micros(*max)),
        _ => "not measured".into(),
    }
}

/// A duration in µs or ms, three significant figures or so.
pub fn micros(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 10_000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}
