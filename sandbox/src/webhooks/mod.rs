//! Webhook notifications: the queue every payment change feeds, background delivery with
//! retries (in order per payment, payments in parallel), the record of every attempt, and
//! flushing.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinSet;

use crate::delivery::{self, Failure, TIMEOUT};
use crate::error::SandboxError;
use crate::shared::{lock, Shared};

mod records;

pub use records::WebhookDelivery;
pub(crate) use records::{Notice, Notification};

/// Attempts per notification, the first included.
const MAX_ATTEMPTS: u32 = 5;

/// Wait before the second attempt; doubled before each later one (100, 200, 400, 800 ms).
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// A queued notification with its URL, tagged with the reset generation it belongs to.
#[derive(Debug)]
struct Job {
    /// Number of the notification (its attempts share it; a redelivery gets a new one).
    notification: u64,
    payment_id: String,
    url: String,
    body: String,
    generation: u64,
}

/// One recorded attempt and the notification it belongs to.
#[derive(Debug)]
struct Record {
    notification: u64,
    delivery: WebhookDelivery,
}

/// Default URL, attempt records and the next notification number.
#[derive(Debug, Default)]
struct Book {
    default_url: Option<String>,
    records: Vec<Record>,
    next_notification: u64,
}

/// The webhook side of one sandbox.
#[derive(Debug)]
pub(crate) struct Webhooks {
    book: Mutex<Book>,
    queue: mpsc::UnboundedSender<Job>,
    /// Taken by the dispatcher when the sandbox's runtime starts it.
    receiver: Mutex<Option<mpsc::UnboundedReceiver<Job>>>,
    /// Bumped by `reset`: jobs of an older generation stop and record nothing.
    generation: watch::Sender<u64>,
    /// Notifications queued and not yet delivered or given up.
    pending: Mutex<usize>,
    /// Signalled when `pending` drops to zero (blocking waiters).
    idle: Condvar,
    /// Signalled when `pending` drops to zero (async waiters).
    idle_async: Notify,
}

impl Webhooks {
    /// Nothing queued, no default URL.
    pub(crate) fn new() -> Webhooks {
        let (queue, receiver) = mpsc::unbounded_channel();
        Webhooks {
            book: Mutex::new(Book::default()),
            queue,
            receiver: Mutex::new(Some(receiver)),
            generation: watch::Sender::new(0),
            pending: Mutex::new(0),
            idle: Condvar::new(),
            idle_async: Notify::new(),
        }
    }

    /// Sets or clears the URL for payments started without `webhook_url`.
    pub(crate) fn set_default_url(&self, url: Option<&str>) {
        lock(&self.book).default_url = url.map(str::to_string);
    }

    /// The URL for payments started without `webhook_url`.
    pub(crate) fn default_url(&self) -> Option<String> {
        lock(&self.book).default_url.clone()
    }

    /// Every attempt so far, oldest first.
    pub(crate) fn deliveries(&self) -> Vec<WebhookDelivery> {
        lock(&self.book)
            .records
            .iter()
            .map(|r| r.delivery.clone())
            .collect()
    }

    /// The notifications of `payment_id` that had at least one attempt, oldest first.
    pub(crate) fn notifications(&self, payment_id: &str) -> Vec<Notification> {
        let book = lock(&self.book);
        let mut grouped: Vec<Notification> = Vec::new();
        for record in book
            .records
            .iter()
            .filter(|r| r.delivery.payment_id == payment_id)
        {
            match grouped.iter_mut().find(|n| n.number == record.notification) {
                Some(n) => n.attempts.push(record.delivery.clone()),
                None => grouped.push(Notification {
                    number: record.notification,
                    url: record.delivery.url.clone(),
                    body: record.delivery.body.clone(),
                    attempts: vec![record.delivery.clone()],
                }),
            }
        }
        grouped
    }

    /// Queues `notices` in order; a notice without any URL is dropped.
    pub(crate) fn enqueue(&self, notices: Vec<Notice>) {
        let default_url = self.default_url();
        for notice in notices {
            let Some(url) = notice.url.or_else(|| default_url.clone()) else {
                continue;
            };
            self.queue_job(notice.payment_id, url, notice.body);
        }
    }

    /// Sends notification `number` again (same URL and body) as a new notification, with its
    /// own attempts; returns the new number.
    pub(crate) fn redeliver(&self, number: u64) -> Result<u64, SandboxError> {
        let (payment_id, url, body) = {
            let book = lock(&self.book);
            let record = book
                .records
                .iter()
                .find(|r| r.notification == number)
                .ok_or_else(|| SandboxError::NotFound(format!("webhook notification {number}")))?;
            let d = &record.delivery;
            (d.payment_id.clone(), d.url.clone(), d.body.clone())
        };
        Ok(self.queue_job(payment_id, url, body))
    }

    /// Numbers and queues one notification.
    fn queue_job(&self, payment_id: String, url: String, body: String) -> u64 {
        let notification = {
            let mut book = lock(&self.book);
            book.next_notification += 1;
            book.next_notification
        };
        *lock(&self.pending) += 1;
        let job = Job {
            notification,
            payment_id,
            url,
            body,
            generation: *self.generation.borrow(),
        };
        if self.queue.send(job).is_err() {
            self.finish_one();
        }
        notification
    }

    /// Cancels queued and running deliveries, forgets records and the default URL.
    pub(crate) fn reset(&self) {
        let mut book = lock(&self.book);
        // Numbers keep counting, so a stale redelivery (a dashboard open before the reset)
        // finds nothing instead of another payment's notification.
        *book = Book {
            next_notification: book.next_notification,
            ..Book::default()
        };
        self.generation.send_modify(|g| *g = g.wrapping_add(1));
    }

    /// Waits (blocking the thread) until nothing is pending.
    pub(crate) fn flush(&self, timeout: Duration) -> Result<(), SandboxError> {
        let pending = lock(&self.pending);
        let (pending, _) = self
            .idle
            .wait_timeout_while(pending, timeout, |n| *n > 0)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match *pending {
            0 => Ok(()),
            n => Err(flush_timeout(n, timeout)),
        }
    }

    /// Waits (asynchronously) until nothing is pending.
    pub(crate) async fn flush_async(&self, timeout: Duration) -> Result<(), SandboxError> {
        let idle = async {
            loop {
                let notified = self.idle_async.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                if *lock(&self.pending) == 0 {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(timeout, idle)
            .await
            .map_err(|_| flush_timeout(*lock(&self.pending), timeout))
    }

    /// One notification is done (delivered, given up or cancelled).
    fn finish_one(&self) {
        let mut pending = lock(&self.pending);
        *pending = pending.saturating_sub(1);
        if *pending == 0 {
            self.idle.notify_all();
            self.idle_async.notify_waiters();
        }
    }

    /// Keeps an attempt unless a reset happened since the job was queued.
    fn record(&self, job: &Job, delivery: WebhookDelivery) {
        let mut book = lock(&self.book);
        if *self.generation.borrow() == job.generation {
            book.records.push(Record {
                notification: job.notification,
                delivery,
            });
        }
    }

    /// Runs one job to its end, or until a reset cancels it.
    async fn deliver(&self, job: Job) {
        let mut generation = self.generation.subscribe();
        let cancelled = generation.wait_for(|g| *g != job.generation);
        tokio::select! {
            () = self.attempts(&job) => {}
            _ = cancelled => {}
        }
        self.finish_one();
    }

    /// Up to five attempts with backoff; an invalid URL is recorded once and not retried.
    async fn attempts(&self, job: &Job) {
        let mut backoff = FIRST_BACKOFF;
        for attempt in 1..=MAX_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            let result = delivery::post_json(&job.url, &job.body, false, TIMEOUT).await;
            let (status, outcome, delivered, retry) = match result {
                Ok(answer) => (
                    Some(answer.status),
                    answer.status.to_string(),
                    answer.is_success(),
                    true,
                ),
                Err(failure @ Failure::InvalidUrl(_)) => (None, failure.to_string(), false, false),
                Err(failure @ Failure::Transport(_)) => (None, failure.to_string(), false, true),
            };
            self.record(
                job,
                WebhookDelivery {
                    payment_id: job.payment_id.clone(),
                    url: job.url.clone(),
                    body: job.body.clone(),
                    attempt,
                    status,
                    outcome,
                    delivered,
                },
            );
            if delivered || !retry {
                return;
            }
        }
    }
}

fn flush_timeout(pending: usize, timeout: Duration) -> SandboxError {
    SandboxError::Timeout(format!(
        "{pending} webhook notification(s) still pending after {} ms",
        timeout.as_millis()
    ))
}

/// The delivery dispatcher: one lane (task) per payment keeps that payment's notifications in
/// order while payments proceed in parallel. Ends, with every lane, when the sandbox stops.
pub(crate) async fn run(shared: Arc<Shared>) {
    let Some(mut jobs) = lock(&shared.webhooks.receiver).take() else {
        return;
    };
    let mut lanes: HashMap<String, mpsc::UnboundedSender<Job>> = HashMap::new();
    let mut lanes_generation = 0;
    let mut workers = JoinSet::new();
    while let Some(job) = jobs.recv().await {
        while workers.try_join_next().is_some() {}
        if job.generation != lanes_generation {
            // After a reset, old lanes drain their cancelled jobs and end.
            lanes.clear();
            lanes_generation = job.generation;
        }
        let job = match lanes.get(&job.payment_id) {
            Some(lane) => match lane.send(job) {
                Ok(()) => continue,
                Err(mpsc::error::SendError(job)) => job,
            },
            None => job,
        };
        let (lane, mut queue) = mpsc::unbounded_channel::<Job>();
        lanes.insert(job.payment_id.clone(), lane);
        let shared = shared.clone();
        workers.spawn(async move {
            shared.webhooks.deliver(job).await;
            while let Some(job) = queue.recv().await {
                shared.webhooks.deliver(job).await;
            }
        });
    }
}
