//! The response body type: a whole buffer, or a buffer cut short that then fails so hyper
//! aborts the connection (the Truncated fault).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// How long a truncated body pauses before failing, so hyper flushes the bytes sent so far
/// (an immediate error would abort the connection with everything still buffered).
const FLUSH_PAUSE: Duration = Duration::from_millis(20);

/// A response body sent in one frame, optionally followed by an error.
#[derive(Debug)]
pub(crate) struct ReplyBody {
    data: Option<Bytes>,
    fail_after_data: bool,
    declared_len: u64,
    pause: Option<Pin<Box<Sleep>>>,
}

impl ReplyBody {
    /// The whole of `data`.
    pub(crate) fn full(data: impl Into<Bytes>) -> ReplyBody {
        let data = data.into();
        let declared_len = data.len() as u64;
        ReplyBody {
            data: Some(data),
            fail_after_data: false,
            declared_len,
            pause: None,
        }
    }

    /// Declares `data.len()` bytes, sends the first half, then fails.
    pub(crate) fn truncated(data: impl Into<Bytes>) -> ReplyBody {
        let data: Bytes = data.into();
        let declared_len = data.len() as u64;
        let half = data.slice(..data.len() / 2);
        ReplyBody {
            data: Some(half),
            fail_after_data: true,
            declared_len,
            pause: None,
        }
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if let Some(data) = this.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if this.fail_after_data {
            let pause = this
                .pause
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(FLUSH_PAUSE)));
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.fail_after_data = false;
            return Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "truncated by injected fault",
            ))));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.fail_after_data
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.declared_len)
    }
}
