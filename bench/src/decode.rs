//! Decoding a full GetTransactions page (50 records) from the bytes of the answer: the typed
//! decode of the core, and as its floor the parse into an untyped `serde_json::Value`.

use crate::stats::{Latency, Sample};
use crate::sys::CpuMark;
use forumpay::TransactionPage;
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};
use crate::calls::ROUNDS;

/// What is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// `TransactionPage::from_slice(bytes)`: exact amounts, timestamps, states, tolerant field
    /// types, straight from the bytes (what the client does with an answer).
    Typed,
    /// `serde_json::from_slice::<Value>(bytes)` only: what any client must do at least.
    ValueOnly,
}

impl Decoder {
    /// The decoder's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Decoder::Typed => crate::targets::RUST_DECODE,
            Decoder::ValueOnly => "serde_json::Value (floor)",
        }
    }

    /// Decodes `bytes` once; the number of records.
    pub fn decode(self, bytes: &[u8]) -> Result<usize, String> {
        match self {
            Decoder::ValueOnly => {
                let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
                Ok(value.get("invoices").and_then(Value::as_array).map_or(0, Vec::len))
            }
            Decoder::Typed => TransactionPage::from_slice(bytes).map(|p| p.transactions.len()).map_err(|e| e.to_string()),
        }
    }
}

/// Each decode's duration, the wall time and the CPU time so far.
type Tally = (Vec<Duration>, Duration, Duration);

/// `warmup` decodes, then `decodes` timed ones of `page` by each decoder, the decoders taking
/// turns in [`ROUNDS`] rounds.
pub fn run(decoders: &[Decoder], page: &[u8], warmup: u64, decodes: u64) -> Vec<Result<Sample, String>> {
    let mut tallies: Vec<Result<Tally, String>> = decoders
        .iter()
        .map(|&d| (0..warmup).try_for_each(|_| d.decode(black_box(page)).map(|n| { black_box(n); })))
        .map(|warm| warm.map(|()| (Vec::with_capacity(decodes as usize), Duration::ZERO, Duration::ZERO)))
        .collect();
    for round in 0..ROUNDS {
        let share = decodes / ROUNDS + u64::from(round < decodes % ROUNDS);
        for (&decoder, slot) in decoders.iter().zip(tallies.iter_mut()) {
            let Ok((latencies, wall, cpu)) = slot else { continue };
            let mark = CpuMark::now();
            let started = Instant::now();
            let mut failed = None;
            for _ in 0..share {
                let t = Instant::now();
                match decoder.decode(black_box(page)) {
                    Ok(n) => {
                        black_box(n);
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
                latencies.push(t.elapsed());
            }
            *wall += started.elapsed();
            *cpu += mark.since().0;
            if let Some(e) = failed {
                *slot = Err(e);
            }
        }
    }
    tallies
        .into_iter()
        .map(|t| t.map(|(latencies, wall, cpu)| Sample { ops: decodes, wall, latency: Latency::of(latencies), client_cpu: Some(cpu) }))
        .collect()
}
