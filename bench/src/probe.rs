//! The scale run's recorder: told by the emulator of every API request as it arrives
//! ([`Sandbox::observe_requests`]), it notes when each CheckPayment arrived, per payment. That is
//! when a poll of the real `watch_payment` reaches the server, seen from outside the watcher,
//! and a little later than the bytes reached the socket (the emulator has read and parsed the
//! request by then), so lateness is if anything overstated.
//!
//! It replaced a relay between the client and the emulator (issue 17): at 100,000 watches the
//! relay's second pair of TCP connections cost as much CPU as the emulator itself, and its
//! thread was one more hop every poll waited for on a shared 2-core machine.

use forumpay_sandbox::Sandbox;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// When each payment's CheckPayment requests arrived.
#[derive(Debug, Default)]
pub struct Arrivals {
    index: HashMap<String, usize>,
    /// Per payment (in the order given to [`Probe::start`]), arrival times in order.
    pub times: Vec<Vec<Instant>>,
    /// CheckPayment requests naming no known payment.
    pub unmatched: u64,
    /// The client addresses the requests came from (one per connection).
    peers: HashSet<SocketAddr>,
}

impl Arrivals {
    fn record(&mut self, peer: SocketAddr, query: Option<&str>, at: Instant) {
        self.peers.insert(peer);
        let Some(id) = query.and_then(payment_id) else {
            self.unmatched += 1;
            return;
        };
        match self.index.get(id) {
            Some(&i) => self.times[i].push(at),
            None => self.unmatched += 1,
        }
    }

    /// Connections the client used (distinct client addresses).
    pub fn connections(&self) -> u64 {
        self.peers.len() as u64
    }
}

/// The `payment_id` parameter of a query string.
fn payment_id(query: &str) -> Option<&str> {
    query.split('&').find_map(|kv| kv.strip_prefix("payment_id="))
}

/// A recorder attached to an emulator; [`Probe::finish`] detaches it and hands back what it
/// saw.
pub struct Probe<'a> {
    sandbox: &'a Sandbox,
    arrivals: Arc<Mutex<Arrivals>>,
}

impl<'a> Probe<'a> {
    /// Records CheckPayment requests about `payment_ids` that reach `sandbox`; room for
    /// `expected` arrivals per payment is made now, so recording allocates nothing during the
    /// run.
    pub fn start(sandbox: &'a Sandbox, payment_ids: &[String], expected: usize) -> Probe<'a> {
        // Written once and cleared, so that the room is resident before the run: the probe's
        // own memory must not count as the watchers' growth.
        let now = Instant::now();
        let room = |_| {
            let mut v = vec![now; expected];
            v.clear();
            v
        };
        let arrivals = Arrivals {
            index: payment_ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect(),
            times: payment_ids.iter().map(room).collect(),
            unmatched: 0,
            peers: HashSet::with_capacity(1024),
        };
        let arrivals = Arc::new(Mutex::new(arrivals));
        let recording = arrivals.clone();
        sandbox.observe_requests(Some(Arc::new(move |peer: SocketAddr, action: &str, query: Option<&str>| {
            if action == "CheckPayment" {
                let at = Instant::now();
                recording.lock().unwrap_or_else(PoisonError::into_inner).record(peer, query, at);
            }
        })));
        Probe { sandbox, arrivals }
    }

    /// Forgets what was recorded so far (the client's warm-up), keeping the room reserved.
    pub fn clear(&self) {
        let mut arrivals = self.arrivals.lock().unwrap_or_else(PoisonError::into_inner);
        arrivals.times.iter_mut().for_each(Vec::clear);
        arrivals.unmatched = 0;
    }

    /// Stops recording and returns the arrivals.
    pub fn finish(self) -> Arrivals {
        self.sandbox.observe_requests(None);
        std::mem::take(&mut *self.arrivals.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        self.sandbox.observe_requests(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_payment_id_of_a_query() {
        assert_eq!(payment_id("pos_id=web&currency=BTC&payment_id=abc-1&address=x"), Some("abc-1"));
        assert_eq!(payment_id("pos_id=web"), None);
        assert_eq!(payment_id(""), None);
    }
}
