//! CheckPayment, sequential and with many calls in flight, for the Rust client and the raw hyper
//! floor; and GetTransactions of a full page (50 records), sequential, for both. Both keep their connections alive: one connection for the sequential run, one per
//! call in flight for the concurrent run (the Rust client's pool opens as many by itself).

use crate::raw::RawClient;
use crate::setup::Fixture;
use crate::stats::{Latency, Sample};
use crate::sys::CpuMark;
use crate::setup::PAGE_RECORDS;
use forumpay::{Client, GetTransactions, PaymentRef};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Which client makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `forumpay::Client::check_payment`: validation, typed decoding, retries on failure.
    Rust,
    /// A bare hyper HTTP/1 connection parsing the body into a `serde_json::Value`.
    Raw,
    /// `forumpay::Client::get_transactions` of the fixture's page (50 records, typed).
    RustPage,
    /// The same page by a bare hyper connection, parsed into a `serde_json::Value`.
    RawPage,
}

impl Kind {
    /// The client's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rust | Kind::RustPage => crate::targets::RUST,
            Kind::Raw | Kind::RawPage => crate::targets::RAW,
        }
    }
}

/// One client able to make the call repeatedly.
enum Caller {
    Rust { client: Client, payment: PaymentRef },
    RustPage(Client),
    Raw(RawClient),
}

impl Caller {
    /// A caller of `kind`; Rust callers share `client` (one pool, as in an application).
    async fn new(kind: Kind, fixture: &Fixture, client: &Client) -> Result<Caller, String> {
        Ok(match kind {
            Kind::Rust => Caller::Rust { client: client.clone(), payment: fixture.payment.clone() },
            Kind::Raw => Caller::Raw(RawClient::connect(fixture.check_target(&fixture.payment)).await?),
            Kind::RustPage => Caller::RustPage(client.clone()),
            Kind::RawPage => Caller::Raw(RawClient::connect(fixture.page_target()).await?),
        })
    }

    async fn call(&mut self) -> Result<(), String> {
        match self {
            Caller::Rust { client, payment } => {
                client.check_payment(payment.clone()).await.map(|_| ()).map_err(|e| e.to_string())
            }
            Caller::RustPage(client) => {
                let request = GetTransactions { limit: PAGE_RECORDS as i64, ..GetTransactions::new() };
                match client.get_transactions(request).await {
                    Ok(page) if page.transactions.len() == PAGE_RECORDS => Ok(()),
                    Ok(page) => Err(format!("{} records instead of {PAGE_RECORDS}", page.transactions.len())),
                    Err(e) => Err(e.to_string()),
                }
            }
            Caller::Raw(raw) => raw.get().await.map(|_| ()),
        }
    }
}

/// A client like the fixture's with an empty pool: its connections are made on the runtime
/// that measures.
fn fresh_client(fixture: &Fixture) -> Result<Client, String> {
    Client::new(fixture.client.config().clone()).map_err(|e| e.to_string())
}

/// Timed work is split into this many rounds, the clients taking turns, so a change in the
/// machine's load during the run hits every client alike.
pub const ROUNDS: u64 = 10;

/// Sequential CheckPayment (one connection each): `warmup` calls, then `calls` timed ones.
/// The caller runs it on a current-thread runtime, so the client and its connection share
/// one thread and the figure is the per-call cost, not the luck of cross-thread wake-ups.
pub async fn sequential(kinds: &[Kind], fixture: &Fixture, warmup: u64, calls: u64) -> Vec<Result<Sample, String>> {
    interleaved(kinds, fixture, 1, warmup, calls).await
}

/// CheckPayment with `in_flight` calls at a time: `warmup` calls, then `calls` timed ones.
pub async fn concurrent(kinds: &[Kind], fixture: &Fixture, in_flight: usize, warmup: u64, calls: u64) -> Vec<Result<Sample, String>> {
    interleaved(kinds, fixture, in_flight, warmup.max(in_flight as u64), calls).await
}

/// What a client has done so far, over the rounds.
struct Tally {
    callers: Vec<Caller>,
    latencies: Vec<Duration>,
    wall: Duration,
    cpu: Duration,
}

async fn interleaved(kinds: &[Kind], fixture: &Fixture, in_flight: usize, warmup: u64, calls: u64) -> Vec<Result<Sample, String>> {
    let mut tallies: Vec<Result<Tally, String>> = Vec::new();
    for &kind in kinds {
        let mut callers = Vec::with_capacity(in_flight);
        let mut failed = None;
        let client = match fresh_client(fixture) {
            Ok(c) => c,
            Err(e) => {
                tallies.push(Err(e));
                continue;
            }
        };
        for _ in 0..in_flight {
            match Caller::new(kind, fixture, &client).await {
                Ok(c) => callers.push(c),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        tallies.push(match failed {
            Some(e) => Err(e),
            None => run_all(callers, warmup)
                .await
                .map(|(callers, _, _)| Tally { callers, latencies: Vec::new(), wall: Duration::ZERO, cpu: Duration::ZERO }),
        });
    }
    for round in 0..ROUNDS {
        let share = calls / ROUNDS + u64::from(round < calls % ROUNDS);
        for slot in tallies.iter_mut() {
            let Ok(tally) = slot else { continue };
            let cpu = CpuMark::now();
            match run_all(std::mem::take(&mut tally.callers), share).await {
                Ok((callers, mut latencies, wall)) => {
                    tally.cpu += cpu.since().0;
                    tally.callers = callers;
                    tally.latencies.append(&mut latencies);
                    tally.wall += wall;
                }
                Err(e) => *slot = Err(e),
            }
        }
    }
    tallies
        .into_iter()
        .map(|t| {
            t.map(|t| Sample { ops: calls, wall: t.wall, latency: Latency::of(t.latencies), client_cpu: Some(t.cpu) })
        })
        .collect()
}

/// Makes `calls` calls spread over every caller, each caller one call at a time; returns the
/// callers (to reuse their connections), each call's duration and the wall time.
async fn run_all(callers: Vec<Caller>, calls: u64) -> Result<(Vec<Caller>, Vec<Duration>, Duration), String> {
    let left = Arc::new(AtomicU64::new(calls));
    let started = Instant::now();
    let tasks: Vec<_> = callers
        .into_iter()
        .map(|mut caller| {
            let left = left.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
                    let t = Instant::now();
                    caller.call().await?;
                    latencies.push(t.elapsed());
                }
                Ok::<_, String>((caller, latencies))
            })
        })
        .collect();
    let mut callers = Vec::with_capacity(tasks.len());
    let mut latencies = Vec::with_capacity(calls as usize);
    for task in tasks {
        let (caller, mut l) = task.await.map_err(|e| e.to_string())??;
        callers.push(caller);
        latencies.append(&mut l);
    }
    Ok((callers, latencies, started.elapsed()))
}

/// The emulator's own throughput: requests per second it counted (its own counter, not the
/// client's) while the Rust client kept `in_flight` CheckPayment calls going. The CPU figure is
/// the emulator thread's.
pub async fn emulator(fixture: &Fixture, in_flight: usize, warmup: u64, requests: u64) -> Result<Sample, String> {
    let client = fresh_client(fixture)?;
    let mut callers = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        callers.push(Caller::new(Kind::Rust, fixture, &client).await?);
    }
    let (callers, _, _) = run_all(callers, warmup.max(in_flight as u64)).await?;
    let before = fixture.sandbox.request_count("*");
    let cpu = CpuMark::now();
    let (_, latencies, wall) = run_all(callers, requests).await?;
    let emulator_cpu = cpu.since().1;
    let answered = fixture.sandbox.request_count("*") - before;
    Ok(Sample { ops: answered, wall, latency: Latency::of(latencies), client_cpu: Some(emulator_cpu) })
}
