//! Walking every page of GetTransactions: `limit` ≤ 50 and `offset`, no total count from the API.

use crate::client::Client;
use crate::error::Result;
use crate::models::Transaction;
use crate::requests::GetTransactions;
use crate::validate;
use std::collections::{HashSet, VecDeque};

/// What to list with [`Client::transactions`]: optional filters (applied to each record, since
/// the API has none) and the page size.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ListTransactions {
    /// Only payments of this point of sale.
    pub pos_id: Option<String>,
    /// Only payments with this merchant reference.
    pub reference_no: Option<String>,
    /// Records per request, 1 to 50 (default 50: fewest round trips).
    pub page_size: i64,
}

impl Default for ListTransactions {
    fn default() -> Self {
        ListTransactions { pos_id: None, reference_no: None, page_size: validate::MAX_PAGE_LIMIT }
    }
}

impl ListTransactions {
    /// Every payment, 50 per request.
    pub fn new() -> Self {
        ListTransactions::default()
    }

    /// Only payments of this point of sale.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    /// Only payments with this merchant reference.
    pub fn reference_no(mut self, reference_no: impl Into<String>) -> Self {
        self.reference_no = Some(reference_no.into());
        self
    }

    /// Records per request (1 to 50).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size;
        self
    }

    fn keeps(&self, t: &Transaction) -> bool {
        self.pos_id.as_ref().is_none_or(|p| t.pos_id.as_ref() == Some(p))
            && self.reference_no.as_ref().is_none_or(|r| t.reference_no.as_ref() == Some(r))
    }
}

/// A pull-style walk over every page, newest first. Ends after a short or empty page, and
/// after a page that brings no payment not already seen (a server that ignores `offset` cannot
/// make it loop). A payment that shifts to the next page because a new one arrived meanwhile is
/// returned once.
pub struct TransactionPager {
    client: Client,
    filter: ListTransactions,
    offset: i64,
    buffer: VecDeque<Transaction>,
    seen: HashSet<String>,
    done: bool,
    pages: u32,
}

impl TransactionPager {
    pub(crate) fn new(client: Client, filter: ListTransactions) -> Self {
        TransactionPager { client, filter, offset: 0, buffer: VecDeque::new(), seen: HashSet::new(), done: false, pages: 0 }
    }

    /// How many pages were requested so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages
    }

    /// The next page's matching records, or `None` when the walk is over. A page may be empty
    /// after filtering while later pages still match.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Transaction>>> {
        if self.done {
            return Ok(None);
        }
        validate::limit(self.filter.page_size)?;
        let request = GetTransactions::new().offset(self.offset).limit(self.filter.page_size);
        let page = self.client.get_transactions(request).await?.transactions;
        self.pages += 1;
        let fetched = page.len() as i64;
        self.offset += fetched;
        let mut fresh = 0;
        let mut kept = Vec::new();
        for t in page {
            if self.seen.insert(t.payment_id.clone()) {
                fresh += 1;
                if self.filter.keeps(&t) {
                    kept.push(t);
                }
            }
        }
        if fetched < self.filter.page_size || fresh == 0 {
            self.done = true;
        }
        if kept.is_empty() && self.done {
            return Ok(None);
        }
        Ok(Some(kept))
    }

    /// The next matching record, fetching pages as needed; `None` at the end.
    pub async fn next(&mut self) -> Result<Option<Transaction>> {
        loop {
            if let Some(t) = self.buffer.pop_front() {
                return Ok(Some(t));
            }
            match self.next_page().await? {
                Some(page) => self.buffer.extend(page),
                None => return Ok(None),
            }
        }
    }

    /// Every remaining matching record.
    pub async fn collect_all(mut self) -> Result<Vec<Transaction>> {
        let mut all: Vec<Transaction> = self.buffer.drain(..).collect();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }
}

impl Client {
    /// Walks every page of GetTransactions (newest first), filtered by `pos_id` and
    /// `reference_no` when given. Nothing is fetched until the pager is polled.
    pub fn transactions(&self, list: ListTransactions) -> TransactionPager {
        TransactionPager::new(self.clone(), list)
    }
}
