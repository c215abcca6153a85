//! Scale: many concurrent `watch_payment` streams against the emulator. Measures resident
//! memory, the client's CPU share, and how late each poll reached the server against its
//! watcher's schedule (creation instant + k × interval), from the arrival times the probe
//! records per payment. Watches start spread over the first interval, as real checkouts do; the
//! payments stay waiting and each watch's deadline outlasts the run.

use crate::probe::{Arrivals, Probe};
use crate::setup::{self, Fixture, POS_ID};
use crate::sizes::Sizes;
use crate::sys::{Meter, RunQueueWait};
use crate::stats::percentile;
use forumpay::{Client, Config, PaymentRef, WatchOptions};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A poll later than this after its schedule is late (issue 7).
pub const ON_TIME: Duration = Duration::from_millis(100);

/// What the scale run saw.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleResult {
    /// Concurrent watches.
    pub watches: usize,
    /// Poll interval.
    pub interval: Duration,
    /// Length of the run, first watch to last.
    pub duration: Duration,
    /// Resident memory with the payments made and no watch running.
    pub rss_before: u64,
    /// Resident memory with every watch running, at the end.
    pub rss_after: u64,
    /// Client CPU over `steady` (process minus the emulator and probe threads).
    pub client_cpu: Duration,
    /// The emulator's CPU over `steady` (recording the arrivals included).
    pub helper_cpu: Duration,
    /// The window CPU was measured over: once every watch had started, to the end.
    pub steady: Duration,
    /// Polls that reached the server.
    pub polls: u64,
    /// Polls due before the end (less [`ON_TIME`]) that never arrived.
    pub missing: u64,
    /// Polls that arrived more than [`ON_TIME`] after their schedule.
    pub late: u64,
    /// Arrivals beyond the schedule (retries) or before it.
    pub off_schedule: u64,
    /// Median, 99th percentile and largest lateness.
    pub lateness: [Duration; 3],
    /// Watches that ended before the run did (an error or a settled payment).
    pub ended_early: u64,
    /// Connections the client used (distinct client addresses the emulator saw).
    pub connections: u64,
    /// CheckPayment requests the emulator itself counted during the run.
    pub counted: u64,
    /// Per second of the run (by schedule, from the first watch's start): polls, polls later
    /// than [`ON_TIME`] and the largest lateness. Shows whether lateness comes in bursts.
    pub by_second: Vec<Second>,
}

/// One second of the scale run (see [`ScaleResult::by_second`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Second {
    /// Polls scheduled in this second.
    pub polls: u64,
    /// Of those, later than [`ON_TIME`].
    pub late: u64,
    /// The largest lateness among them.
    pub max: Duration,
    /// How long the process's threads waited, runnable, for a CPU in this second (all threads
    /// summed: up to 4 s a second with the client's two workers, the emulator and the main
    /// thread all waiting).
    pub waited: Duration,
}

impl ScaleResult {
    /// Every poll was due, arrived, and arrived within [`ON_TIME`].
    pub fn all_on_time(&self) -> bool {
        self.polls > 0 && self.missing == 0 && self.late == 0 && self.off_schedule == 0 && self.ended_early == 0
    }

    /// Client CPU as a share of one core.
    pub fn cpu_share(&self) -> f64 {
        self.client_cpu.as_secs_f64() / self.steady.as_secs_f64().max(1e-9)
    }

    /// Memory the watches added, in bytes.
    pub fn rss_growth(&self) -> u64 {
        self.rss_after.saturating_sub(self.rss_before)
    }
}

/// Runs `sizes.watches` watches for `sizes.watch_duration`.
pub async fn run(sizes: &Sizes) -> Result<ScaleResult, String> {
    let fixture = Fixture::start(false).await.map_err(|e| e.to_string())?;
    let payments = start_payments(&fixture.client, sizes.watches, sizes.concurrency).await?;
    let ids: Vec<String> = payments.iter().map(|p| p.payment_id.clone()).collect();
    let expected = (sizes.watch_duration.as_millis() / sizes.watch_interval.as_millis().max(1)) as usize + 4;
    let probe = Probe::start(&fixture.sandbox, &ids, expected);
    let target = fixture.sandbox.addr();
    let config = Config::builder(fixture.sandbox.api_user(), fixture.sandbox.api_secret())
        .base_url(format!("http://{target}/api/v2/"))
        .pos_id(POS_ID)
        .build()
        .map_err(|e| e.to_string())?;
    let client = Client::new(config).map_err(|e| e.to_string())?;
    let options = WatchOptions::default().interval(sizes.watch_interval).timeout(sizes.watch_duration + Duration::from_secs(60));

    // An application's client is warm: open its connections before the first watch.
    warm_up(&client, &payments, sizes.concurrency).await?;
    probe.clear();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let counted_before = fixture.sandbox.request_count("CheckPayment");
    let meter = Meter::open().map_err(|e| format!("cannot read /proc: {e}"))?;
    let rss_before = meter.rss();
    let t0 = Instant::now() + Duration::from_millis(50);
    let waits = WaitSampler::start().map_err(|e| format!("cannot read /proc: {e}"))?;
    let created: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; payments.len()]));
    let ended_early = Arc::new(AtomicU64::new(0));
    let n = payments.len() as u32;
    let tasks: Vec<_> = payments
        .into_iter()
        .enumerate()
        .map(|(i, payment)| {
            let (client, created, ended_early) = (client.clone(), created.clone(), ended_early.clone());
            let start = t0 + sizes.watch_interval * i as u32 / n;
            tokio::spawn(async move {
                tokio::time::sleep_until(start.into()).await;
                let at = Instant::now();
                created.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(at);
                // The options are in range (checked when the sizes are read), so this cannot fail.
                if let Ok(mut watcher) = client.watch_payment(payment, options) {
                    while let Ok(Some(_)) = watcher.next().await {}
                }
                ended_early.fetch_add(1, Ordering::Relaxed);
            })
        })
        .collect();

    tokio::time::sleep_until((t0 + sizes.watch_interval).into()).await;
    let (process_from, helpers_from) = meter.cpu();
    let steady_from = Instant::now();
    tokio::time::sleep_until((t0 + sizes.watch_duration).into()).await;
    let (process_to, helpers_to) = meter.cpu();
    let helper_cpu = helpers_to.saturating_sub(helpers_from);
    let client_cpu = process_to.saturating_sub(process_from).saturating_sub(helper_cpu);
    let end = Instant::now();
    let rss_after = meter.rss();
    for task in &tasks {
        task.abort();
    }
    let counted = fixture.sandbox.request_count("CheckPayment") - counted_before;
    let arrivals = probe.finish();
    let waits = waits.finish();
    let created = std::mem::take(&mut *created.lock().unwrap_or_else(PoisonError::into_inner));
    let mut result = ScaleResult {
        watches: created.len(),
        interval: sizes.watch_interval,
        duration: end - t0,
        rss_before,
        rss_after,
        client_cpu,
        helper_cpu,
        steady: end - steady_from,
        polls: 0,
        missing: 0,
        late: 0,
        off_schedule: arrivals.unmatched,
        lateness: [Duration::ZERO; 3],
        ended_early: ended_early.load(Ordering::Relaxed),
        connections: arrivals.connections(),
        counted,
        by_second: Vec::new(),
    };
    score(&mut result, &created, &arrivals, end);
    if let Some(first) = created.iter().flatten().min() {
        for (second, s) in result.by_second.iter_mut().enumerate() {
            let from = *first + Duration::from_secs(second as u64);
            s.waited = waited_between(&waits, from, from + Duration::from_secs(1));
        }
    }
    Ok(result)
}

/// Samples [`RunQueueWait`] every 100 ms on its own thread during the run.
struct WaitSampler {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Vec<(Instant, Duration)>>,
}

impl WaitSampler {
    fn start() -> std::io::Result<WaitSampler> {
        let wait = RunQueueWait::open()?;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new().name("bench-waits".into()).spawn(move || {
            let mut samples = vec![(Instant::now(), wait.waited())];
            while !stopping.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                samples.push((Instant::now(), wait.waited()));
            }
            samples
        })?;
        Ok(WaitSampler { stop, thread })
    }

    fn finish(self) -> Vec<(Instant, Duration)> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

/// The run-queue wait between the samples nearest after `from` and after `to`.
fn waited_between(samples: &[(Instant, Duration)], from: Instant, to: Instant) -> Duration {
    let at = |t: Instant| samples.iter().find(|(when, _)| *when >= t).or(samples.last()).map_or(Duration::ZERO, |s| s.1);
    at(to).saturating_sub(at(from))
}

/// Matches each watch's k-th arrival with its k-th scheduled poll.
fn score(result: &mut ScaleResult, created: &[Option<Instant>], arrivals: &Arrivals, end: Instant) {
    let interval = result.interval;
    let mut lateness = Vec::new();
    let first = created.iter().flatten().min().copied();
    for (i, at) in created.iter().enumerate() {
        let Some(created) = *at else {
            result.missing += 1;
            continue;
        };
        let times = &arrivals.times[i];
        let due = |cut: Instant| if cut < created { 0 } else { ((cut - created).as_nanos() / interval.as_nanos()) as u64 + 1 };
        let (due_by_end, due_strict) = (due(end), due(end.checked_sub(ON_TIME).unwrap_or(end)));
        result.missing += due_strict.saturating_sub(times.len() as u64);
        for (k, &arrived) in times.iter().enumerate() {
            let scheduled = created + interval * k as u32;
            if k as u64 >= due_by_end {
                // Scheduled after the end: a poll of the run only if it came before the end (a
                // retry); one that came after it is the next poll, seen before the recorder
                // was detached.
                result.off_schedule += u64::from(arrived < end);
                continue;
            }
            if arrived + Duration::from_millis(1) < scheduled {
                result.off_schedule += 1;
            }
            let late = arrived.saturating_duration_since(scheduled);
            result.late += u64::from(late > ON_TIME);
            lateness.push(late);
            let second = first.map_or(0, |f| scheduled.saturating_duration_since(f).as_secs() as usize);
            if result.by_second.len() <= second {
                result.by_second.resize(second + 1, Second::default());
            }
            let s = &mut result.by_second[second];
            s.polls += 1;
            s.late += u64::from(late > ON_TIME);
            s.max = s.max.max(late);
        }
    }
    result.polls = lateness.len() as u64;
    if !lateness.is_empty() {
        lateness.sort_unstable();
        result.lateness = [percentile(&lateness, 50.0), percentile(&lateness, 99.0), lateness[lateness.len() - 1]];
    }
}

/// `in_flight` CheckPayment calls at once, twice, on the first payments.
async fn warm_up(client: &Client, payments: &[PaymentRef], in_flight: usize) -> Result<(), String> {
    for _ in 0..2 {
        let calls: Vec<_> = payments
            .iter()
            .take(in_flight)
            .map(|p| {
                let (client, p) = (client.clone(), p.clone());
                tokio::spawn(async move { client.check_payment(p).await.map(|_| ()).map_err(|e| e.to_string()) })
            })
            .collect();
        for call in calls {
            call.await.map_err(|e| e.to_string())??;
        }
    }
    Ok(())
}

/// Starts `count` waiting payments, `in_flight` at a time.
async fn start_payments(client: &Client, count: usize, in_flight: usize) -> Result<Vec<PaymentRef>, String> {
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..in_flight.min(count))
        .map(|_| {
            let (client, next) = (client.clone(), next.clone());
            tokio::spawn(async move {
                let mut made = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        return Ok::<_, String>(made);
                    }
                    let p = setup::start(&client, "12.50", "BTC", &format!("watch-{i}")).await.map_err(|e| e.to_string())?;
                    made.push((i, p.payment_ref()));
                }
            })
        })
        .collect();
    let mut all = Vec::with_capacity(count);
    for task in tasks {
        all.extend(task.await.map_err(|e| e.to_string())??);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, p)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(interval: Duration) -> ScaleResult {
        ScaleResult {
            watches: 0,
            interval,
            duration: Duration::ZERO,
            rss_before: 0,
            rss_after: 0,
            client_cpu: Duration::ZERO,
            helper_cpu: Duration::ZERO,
            steady: Duration::ZERO,
            polls: 0,
            missing: 0,
            late: 0,
            off_schedule: 0,
            lateness: [Duration::ZERO; 3],
            ended_early: 0,
            connections: 0,
            counted: 0,
            by_second: Vec::new(),
        }
    }

    #[test]
    fn scores_each_poll_against_its_schedule() {
        let s = Duration::from_secs(1);
        let ms = Duration::from_millis(1);
        let t0 = Instant::now();
        let end = t0 + 2 * s + 500 * ms;
        let mut arrivals = Arrivals::default();
        arrivals.times = vec![
            // On time, 150 ms late, on time; then the next poll, after the end: not the run's.
            vec![t0 + 2 * ms, t0 + s + 150 * ms, t0 + 2 * s + 3 * ms, end + 5 * ms],
            // Its third poll never came.
            vec![t0 + 100 * ms, t0 + s + 100 * ms],
            // One arrival more than the schedule holds, before the end: a retry.
            vec![t0 + 400 * ms, t0 + s + 400 * ms, t0 + 2 * s + 400 * ms, t0 + 2 * s + 450 * ms],
        ];
        let created = [Some(t0), Some(t0 + 100 * ms), Some(t0 + 400 * ms)];
        let mut r = result(s);
        score(&mut r, &created, &arrivals, end);
        assert_eq!((r.polls, r.late, r.missing, r.off_schedule), (8, 1, 1, 1), "{r:?}");
        assert_eq!(r.lateness[2], 150 * ms);
        assert_eq!(r.by_second.iter().map(|sec| (sec.polls, sec.late)).collect::<Vec<_>>(), [(3, 0), (3, 1), (2, 0)]);
    }
}
