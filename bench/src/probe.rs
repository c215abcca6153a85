//! A recording relay between the watchers and the emulator: it passes bytes both ways
//! unchanged and notes when each CheckPayment request line arrives, per payment. That is when a
//! poll of the real `watch_payment` reaches the server, seen from outside the watcher (the
//! emulator itself keeps only counters). It runs on its own thread, named `bench-probe`, so its
//! CPU is not charged to the client.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// When each payment's CheckPayment requests arrived.
#[derive(Debug, Default)]
pub struct Arrivals {
    index: HashMap<String, usize>,
    /// Per payment (in the order given to [`Probe::start`]), arrival times in order.
    pub times: Vec<Vec<Instant>>,
    /// Request lines naming no known payment.
    pub unmatched: u64,
    /// Connections the client opened.
    pub connections: u64,
}

impl Arrivals {
    fn record(&mut self, line: &[u8], at: Instant) {
        let Some(id) = payment_id(line) else {
            self.unmatched += 1;
            return;
        };
        match self.index.get(id) {
            Some(&i) => self.times[i].push(at),
            None => self.unmatched += 1,
        }
    }
}

/// The `payment_id` query parameter of a `GET` request line.
fn payment_id(line: &[u8]) -> Option<&str> {
    let line = std::str::from_utf8(line).ok()?;
    let query = line.strip_prefix("GET ")?.split(' ').next()?.split_once('?')?.1;
    query.split('&').find_map(|kv| kv.strip_prefix("payment_id="))
}

/// A running relay; [`Probe::finish`] stops it and hands back what it saw.
pub struct Probe {
    /// Where clients connect instead of the emulator.
    pub addr: SocketAddr,
    arrivals: Arc<Mutex<Arrivals>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Probe {
    /// Relays to `upstream`, recording requests about `payment_ids`; room for `expected`
    /// arrivals per payment is reserved now, so recording allocates nothing during the run.
    pub fn start(upstream: SocketAddr, payment_ids: &[String], expected: usize) -> std::io::Result<Probe> {
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
            connections: 0,
        };
        let arrivals = Arc::new(Mutex::new(arrivals));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        // A deep accept queue: a burst of connects must queue, not lose SYNs (a lost one
        // costs the client a one-second retransmit, which the lateness figures would blame on
        // the watcher).
        let listener = {
            let _in_runtime = runtime.enter();
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
            socket.listen(4096)?
        };
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let recording = arrivals.clone();
        let thread = std::thread::Builder::new().name("bench-probe".into()).spawn(move || {
            runtime.block_on(async move {
                tokio::select! {
                    _ = accept(listener, upstream, recording) => {}
                    _ = stopped => {}
                }
            });
        })?;
        Ok(Probe { addr, arrivals, stop: Some(stop), thread: Some(thread) })
    }

    /// Forgets what was recorded so far (the client's warm-up), keeping the room reserved.
    pub fn clear(&self) {
        let mut arrivals = self.arrivals.lock().unwrap_or_else(PoisonError::into_inner);
        arrivals.times.iter_mut().for_each(Vec::clear);
        arrivals.unmatched = 0;
    }

    /// Stops relaying (open connections are closed) and returns the arrivals.
    pub fn finish(mut self) -> Arrivals {
        self.shut();
        std::mem::take(&mut *self.arrivals.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn shut(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        self.shut();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, arrivals: Arc<Mutex<Arrivals>>) {
    let mut connections = tokio::task::JoinSet::new();
    while let Ok((client, _)) = listener.accept().await {
        while connections.try_join_next().is_some() {}
        arrivals.lock().unwrap_or_else(PoisonError::into_inner).connections += 1;
        let arrivals = arrivals.clone();
        connections.spawn(async move {
            let Ok(server) = TcpStream::connect(upstream).await else { return };
            let _ = (client.set_nodelay(true), server.set_nodelay(true));
            let (mut from_client, mut to_client) = client.into_split();
            let (mut from_server, mut to_server) = server.into_split();
            let answers = tokio::spawn(async move {
                let _ = tokio::io::copy(&mut from_server, &mut to_client).await;
            });
            let _ = relay_requests(&mut from_client, &mut to_server, &arrivals).await;
            answers.abort();
        });
    }
}

/// Copies requests to the server, recording each request line when its bytes arrive.
async fn relay_requests(
    from: &mut tokio::net::tcp::OwnedReadHalf,
    to: &mut tokio::net::tcp::OwnedWriteHalf,
    arrivals: &Mutex<Arrivals>,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut line: Vec<u8> = Vec::with_capacity(512);
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        let at = Instant::now();
        for &b in &buf[..n] {
            if b == b'\n' {
                if line.starts_with(b"GET ") {
                    arrivals.lock().unwrap_or_else(PoisonError::into_inner).record(&line, at);
                }
                line.clear();
            } else if line.len() < 4096 {
                line.push(b);
            }
        }
        to.write_all(&buf[..n]).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_payment_id_of_a_request_line() {
        let line = b"GET /api/v2/CheckPayment/?pos_id=web&currency=BTC&payment_id=abc-1&address=x HTTP/1.1\r";
        assert_eq!(payment_id(line), Some("abc-1"));
        assert_eq!(payment_id(b"POST /x?payment_id=a HTTP/1.1"), None);
        assert_eq!(payment_id(b"GET /x HTTP/1.1"), None);
    }
}
