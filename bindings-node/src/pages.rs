//! `TransactionPages`: core's pager over every page of GetTransactions, polled one page at a
//! time by the async iterator of `client.transactions()` in `index.js`.

use crate::convert::to_js;
use crate::error::CoreResultExt;
use forumpay::TransactionPager;
use napi_derive::napi;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Mutex;

/// A walk over every page of the merchant's transactions.
#[napi]
pub struct TransactionPages {
    pager: Mutex<Option<TransactionPager>>,
    closed: AtomicBool,
}

impl TransactionPages {
    /// Wraps a core pager.
    pub fn new(pager: TransactionPager) -> Self {
        TransactionPages { pager: Mutex::new(Some(pager)), closed: AtomicBool::new(false) }
    }
}

#[napi]
impl TransactionPages {
    /// The next page's matching records, or `null` when the walk is over.
    #[napi]
    pub async fn next_page(&self) -> napi::Result<Option<Vec<Value>>> {
        let mut guard = self.pager.lock().await;
        if self.closed.load(Ordering::SeqCst) {
            *guard = None;
        }
        let Some(pager) = guard.as_mut() else { return Ok(None) };
        match pager.next_page().await.js()? {
            Some(page) => page.iter().map(to_js).collect::<napi::Result<Vec<_>>>().map(Some),
            None => {
                *guard = None;
                Ok(None)
            }
        }
    }

    /// Stops the walk and frees the pager.
    #[napi]
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Ok(mut guard) = self.pager.try_lock() {
            *guard = None;
        }
    }
}
