//! Finished `AsyncClient` work handed to its event loop without the GIL (decision 0033): a
//! `forumpay-io` worker queues the completion and writes one byte to a socket the loop watches
//! (`loop.add_reader`); the loop's reader, on the loop's own thread and with the GIL it holds
//! anyway, builds each result and settles its future. Before, each worker took the GIL to build
//! the result and called `call_soon_threadsafe`, which the loop then ran on a later turn.

use pyo3::prelude::*;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, PoisonError};

/// What the loop runs for one finished piece of work (with the GIL, on the loop's thread).
pub type Completion = Box<dyn FnOnce(Python<'_>) + Send>;

/// The queue of one event loop and its wake-up socket pair.
pub struct Queue {
    pending: Mutex<Vec<Completion>>,
    wake: UnixStream,
    woken: UnixStream,
}

impl Queue {
    /// Queues `completion`; the loop is woken when the queue was empty (a byte is then waiting
    /// for every batch not yet drained).
    pub fn push(&self, completion: Completion) {
        let first = {
            let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
            pending.push(completion);
            pending.len() == 1
        };
        if first {
            // A full socket buffer already holds a wake-up: nothing is lost by not writing.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

/// One event loop's completions (`forumpay._aio.completions(loop)` makes one per loop and
/// registers [`Completions::drain`] as the reader of [`Completions::fileno`]).
#[pyclass(module = "forumpay._native", frozen)]
pub struct Completions {
    queue: Arc<Queue>,
}

#[pymethods]
impl Completions {
    #[new]
    fn new() -> PyResult<Self> {
        let (wake, woken) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        woken.set_nonblocking(true)?;
        Ok(Completions { queue: Arc::new(Queue { pending: Mutex::new(Vec::new()), wake, woken }) })
    }

    /// The descriptor the loop watches for reading.
    fn fileno(&self) -> i32 {
        use std::os::fd::AsRawFd;
        self.queue.woken.as_raw_fd()
    }

    /// Runs every queued completion (the loop's reader callback).
    fn drain(&self, py: Python<'_>) {
        // The bytes first, then the queue: a completion queued after the swap below writes a
        // byte of its own, so none waits for a wake-up that was already read.
        let mut bytes = [0u8; 256];
        while matches!((&self.queue.woken).read(&mut bytes), Ok(n) if n > 0) {}
        let batch = std::mem::take(&mut *self.queue.pending.lock().unwrap_or_else(PoisonError::into_inner));
        for completion in batch {
            completion(py);
        }
    }
}

impl Completions {
    /// The queue, for a worker to push to.
    pub fn queue(&self) -> Arc<Queue> {
        self.queue.clone()
    }
}
