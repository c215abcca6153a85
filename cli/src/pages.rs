//! Walking every page of the merchant's payments with something to look at: a live line on
//! stderr (page, payments so far, a spinner while a page is on its way) and Ctrl-C that stops
//! the walk at once. The walk itself, its filters and its end are the SDK's pager.

use crate::interrupt::Interrupt;
use crate::live::{LiveLine, REDRAW_EVERY};
use crate::output::Failure;
use crate::rows::plural;
use forumpay::{Client, ListTransactions, Transaction, TransactionPager};
use std::time::Instant;

/// A pager with a live line and Ctrl-C.
pub struct LiveWalk {
    pager: TransactionPager,
    live: LiveLine,
    interrupt: Interrupt,
    what: &'static str,
    counted: u64,
    started: Instant,
}

impl LiveWalk {
    /// A walk over the payments `list` selects; nothing is fetched yet. `what` names what the
    /// live line counts (`payments`).
    pub fn start(
        client: &Client,
        list: ListTransactions,
        what: &'static str,
    ) -> Result<LiveWalk, Failure> {
        Ok(LiveWalk {
            pager: client.transactions(list),
            live: LiveLine::stderr(),
            interrupt: Interrupt::install()?,
            what,
            counted: 0,
            started: Instant::now(),
        })
    }

    /// The next page's matching payments (possibly none), or `None` at the end. Ctrl-C ends the
    /// command (exit 130).
    pub async fn next_page(&mut self) -> Result<Option<Vec<Transaction>>, Failure> {
        let pages = self.pager.pages_fetched();
        let next = self.pager.next_page();
        tokio::pin!(next);
        let mut tick = tokio::time::interval(REDRAW_EVERY);
        loop {
            tokio::select! {
                page = &mut next => return page.map_err(Failure::Sdk),
                () = self.interrupt.wait() => {
                    self.live.clear();
                    return Err(Interrupt::stopped());
                }
                _ = tick.tick(), if self.live.enabled() => {
                    let text = progress(pages + 1, self.counted, self.what);
                    self.live.draw(&text, false);
                }
            }
        }
    }

    /// Counts `n` more rows for the live line.
    pub fn count(&mut self, n: usize) {
        self.counted += n as u64;
        let text = progress(self.pager.pages_fetched(), self.counted, self.what);
        self.live.draw(&text, true);
    }

    /// Erases the live line (before other output on the terminal).
    pub fn clear(&mut self) {
        self.live.clear();
    }

    /// Erases the live line and, at a terminal, says how the walk went.
    pub fn finish(&mut self) {
        let pages = usize::try_from(self.pager.pages_fetched()).unwrap_or(usize::MAX);
        let summary = format!(
            "{} {} from {} in {:.1} s",
            self.counted,
            self.what,
            plural(pages, "page"),
            self.started.elapsed().as_secs_f64()
        );
        self.live.finish(&summary);
    }
}

/// `page 12 · 600 payments`.
fn progress(page: u32, counted: u64, what: &str) -> String {
    format!("page {page} · {counted} {what}")
}
