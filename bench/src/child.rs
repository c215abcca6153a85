//! What this binary does as a child process (`forumpay-bench icount-probe ...`): the probes that
//! `icount.rs` counts under callgrind, and that the language runners run to time the Rust
//! client beside their own calls (`calls rust 1 N` prints `seconds S`); and the emulator kept up
//! for probes run by hand (`--serve-probes`).

use crate::decode::Decoder;
use crate::raw::{RawClient, Target};
use crate::setup::{Fixture, POS_ID};
use forumpay::{Client, Config, PaymentRef};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The argument that turns this binary into a probe.
pub const PROBE: &str = "icount-probe";

/// Keeps the fixture's emulator up for `secs` seconds after printing, as shell `export` lines,
/// what a probe needs to reach it: for profiling a probe by hand (`perf`, `strace`, valgrind's
/// other tools) with the emulator in another process. `forumpay-bench --serve-probes SECS`.
pub fn serve(fixture: &Fixture, page: &Path, secs: u64) {
    for (k, v) in probe_env(fixture) {
        println!("export {k}='{v}'");
    }
    println!("export FORUMPAY_BENCH_PAGE_FILE='{}'", page.display());
    println!("# then: {} {PROBE} calls rust|raw IN_FLIGHT N, or {PROBE} decode typed|value N", std::env::current_exe().unwrap_or_default().display());
    std::thread::sleep(std::time::Duration::from_secs(secs));
}

/// What a probe needs to reach the emulator, as the language runners get it.
pub fn probe_env(fixture: &Fixture) -> Vec<(&'static str, String)> {
    let p = &fixture.payment;
    vec![
        ("FORUMPAY_BENCH_BASE_URL", fixture.sandbox.base_url()),
        ("FORUMPAY_BENCH_API_USER", fixture.sandbox.api_user().to_string()),
        ("FORUMPAY_BENCH_API_SECRET", fixture.sandbox.api_secret().to_string()),
        ("FORUMPAY_BENCH_ADDR", fixture.sandbox.addr().to_string()),
        ("FORUMPAY_BENCH_LOCALE", fixture.client.config().locale().to_string()),
        ("FORUMPAY_BENCH_PAYMENT_ID", p.payment_id.clone()),
        ("FORUMPAY_BENCH_CURRENCY", p.currency.clone()),
        ("FORUMPAY_BENCH_ADDRESS", p.address.clone()),
    ]
}

/// The probe: `icount-probe calls rust|raw IN_FLIGHT N` or `icount-probe decode typed|value N`.
/// Runs N operations after a fixed warm-up and exits (1 with a message on failure); `calls`
/// prints `seconds S`, the wall time of the N counted calls (the language runners time the Rust
/// client so, in rounds alternating with their own clients' calls).
pub fn probe_main(args: &[String]) -> ! {
    let outcome = match args {
        [what, kind, in_flight, n] if what == "calls" => {
            let in_flight = in_flight.parse().unwrap_or(1);
            let n = n.parse().unwrap_or(0);
            probe_calls(kind == "rust", in_flight, n)
        }
        [what, which, n] if what == "decode" => probe_decode(which == "typed", n.parse().unwrap_or(0)),
        [what, watches, polls] if what == "watch" => probe_watch(watches.parse().unwrap_or(1), polls.parse().unwrap_or(1)),
        [what, how, n] if what == "crossing" => probe_crossing(how == "text", n.parse().unwrap_or(0)),
        _ => Err(format!("usage: {PROBE} calls rust|raw IN_FLIGHT N | decode typed|value N | watch WATCHES POLLS | crossing text|value N")),
    };
    if let Err(e) = outcome {
        eprintln!("{PROBE}: {e}");
        std::process::exit(1);
    }
    std::process::exit(0)
}

fn var(name: &str) -> Result<String, String> {
    std::env::var(format!("FORUMPAY_BENCH_{name}")).map_err(|_| format!("FORUMPAY_BENCH_{name} is not set"))
}

fn probe_decode(typed: bool, n: u64) -> Result<(), String> {
    let page = std::fs::read(var("PAGE_FILE")?).map_err(|e| e.to_string())?;
    let decoder = if typed { Decoder::Typed } else { Decoder::ValueOnly };
    for _ in 0..n {
        std::hint::black_box(decoder.decode(std::hint::black_box(&page))?);
    }
    Ok(())
}

/// `watches` real `watch_payment` streams at the shortest interval (1 s), each ending at its
/// deadline after exactly `polls` polls: the watcher's whole cycle per poll (timer, wake-up, the
/// call, the known state), for counting by hand: run it with `polls` = P1 and P2 under callgrind
/// (after `--serve-probes`) and divide the difference by `watches × (P2 - P1)`. Fails if a
/// watch made another number of polls (it fell more than half an interval behind).
fn probe_watch(watches: usize, polls: u32) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let client = probe_client()?;
        // Waiting payments of their own (the fixture's is confirmed: its watch would end at once).
        let mut payments = Vec::with_capacity(watches);
        for i in 0..watches {
            let started = crate::setup::start(&client, "12.50", "BTC", &format!("probe-watch-{i}")).await.map_err(|e| e.to_string())?;
            payments.push(started.payment_ref());
        }
        let interval = std::time::Duration::from_secs(1);
        let options = forumpay::WatchOptions::default().interval(interval).timeout(interval * polls.max(1) - interval / 2);
        let tasks: Vec<_> = payments
            .into_iter()
            .map(|payment| {
                let mut watcher = client.watch_payment(payment, options).map_err(|e| e.to_string());
                tokio::spawn(async move {
                    let watcher = watcher.as_mut().map_err(|e| e.clone())?;
                    while let Ok(Some(_)) = watcher.next().await {}
                    Ok::<u64, String>(watcher.polls())
                })
            })
            .collect();
        for task in tasks {
            let made = task.await.map_err(|e| e.to_string())??;
            if made != u64::from(polls) {
                return Err(format!("a watch made {made} polls, not {polls}"));
            }
        }
        Ok(())
    })
}

/// The probes' client of the harness's emulator.
fn probe_client() -> Result<Client, String> {
    let config = Config::builder(var("API_USER")?, var("API_SECRET")?).base_url(var("BASE_URL")?).pos_id(POS_ID).build().map_err(|e| e.to_string())?;
    Client::new(config).map_err(|e| e.to_string())
}

/// The decoded page made into the Node binding's packed crossing text N times: straight from
/// the typed page (`text`, `crossing_json`), or through the canonical `Value` first (`value`:
/// `Crossing::of`, then the same writer over the `Value`, whose objects it packs as maps, keys
/// and all). Run by hand under callgrind (decisions 0032, 0035).
fn probe_crossing(text: bool, n: u64) -> Result<(), String> {
    use forumpay::surface::{crossing_json, Crossing, Keys};
    let page = std::fs::read(var("PAGE_FILE")?).map_err(|e| e.to_string())?;
    let page = forumpay::TransactionPage::from_slice(&page).map_err(|e| e.to_string())?;
    let opaque = |name: &str| matches!(name, "extra" | "additional" | "double_spending_alert" | "customer_details");
    let keys = Keys::Camel { opaque: &opaque };
    for _ in 0..n {
        let out = if text {
            crossing_json(std::hint::black_box(&page), keys)
        } else {
            Crossing::of(std::hint::black_box(&page)).and_then(|c| crossing_json(&c.value, keys))
        };
        std::hint::black_box(out.map_err(|e| e.to_string())?);
    }
    Ok(())
}

/// Warm-up calls before the counted ones (the same in both runs, so they cancel out).
const PROBE_WARMUP: u64 = 100;

fn probe_calls(rust: bool, in_flight: usize, n: u64) -> Result<(), String> {
    let runtime = if in_flight == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()
    }
    .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let payment = PaymentRef::new(var("PAYMENT_ID")?, var("CURRENCY")?, var("ADDRESS")?);
        let base_url = var("BASE_URL")?;
        let (user, secret) = (var("API_USER")?, var("API_SECRET")?);
        let config = Config::builder(&user, &secret).base_url(&base_url).pos_id(POS_ID).build().map_err(|e| e.to_string())?;
        let client = Client::new(config).map_err(|e| e.to_string())?;
        let addr = var("ADDR")?.parse().map_err(|_| "FORUMPAY_BENCH_ADDR is not an address".to_string())?;
        let locale = var("LOCALE")?;
        let target = Target::check_payment(addr, &base_url, &payment, &locale, &user, &secret);
        let left = Arc::new(AtomicU64::new(PROBE_WARMUP + n));
        let timed_from = Arc::new(std::sync::OnceLock::new());
        let mut workers = Vec::new();
        for _ in 0..in_flight {
            let (left, client, payment, target, timed_from) = (left.clone(), client.clone(), payment.clone(), target.clone(), timed_from.clone());
            workers.push(tokio::spawn(async move {
                let mut raw = if rust { None } else { Some(RawClient::connect(target).await?) };
                while let Ok(before) = left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |k| k.checked_sub(1)) {
                    if before == n {
                        let _ = timed_from.set(std::time::Instant::now());
                    }
                    match &mut raw {
                        Some(raw) => raw.get().await.map(|_| ())?,
                        None => client.check_payment(payment.clone()).await.map(|_| ()).map_err(|e| e.to_string())?,
                    }
                }
                Ok::<(), String>(())
            }));
        }
        for w in workers {
            w.await.map_err(|e| e.to_string())??;
        }
        // The counted calls' wall time, for a runner timing the Rust client beside its own.
        println!("seconds {}", timed_from.get().map_or(0.0, |t| t.elapsed().as_secs_f64()));
        Ok(())
    })
}
