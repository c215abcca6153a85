//! A walk over every page of GetTransactions, pulled with `next()`.

use crate::error::ForumPayError;
use forumpay::Transaction;
use tokio::sync::Mutex;

/// A pull-style walk over every page of GetTransactions, newest first (from
/// `Client.transactionPager`). Pages are fetched only as records are pulled.
#[derive(uniffi::Object)]
pub struct TransactionPager {
    inner: Mutex<forumpay::TransactionPager>,
}

impl TransactionPager {
    pub(crate) fn new(inner: forumpay::TransactionPager) -> Self {
        TransactionPager { inner: Mutex::new(inner) }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl TransactionPager {
    /// The next matching record, fetching a page when needed; null at the end.
    pub async fn next(&self) -> Result<Option<Transaction>, ForumPayError> {
        Ok(self.inner.lock().await.next().await?)
    }

    /// The next page's matching records (possibly empty after filtering), or null at the end.
    pub async fn next_page(&self) -> Result<Option<Vec<Transaction>>, ForumPayError> {
        Ok(self.inner.lock().await.next_page().await?)
    }

    /// How many pages were requested so far.
    pub async fn pages_fetched(&self) -> i64 {
        i64::from(self.inner.lock().await.pages_fetched())
    }
}
