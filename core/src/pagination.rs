//! Walking every page of GetTransactions: `limit` ≤ 50 and `offset`, no total count from the API.

use crate::client::Client;
use crate::error::Result;
use crate::models::Transaction;
use crate::requests::GetTransactions;
use crate::state::PaymentState;
use crate::timestamp::Timestamp;
use crate::validate;
use std::collections::{HashSet, VecDeque};

/// How many recent payment ids a walk remembers to drop a payment it already returned. A payment
/// reappears only when newer ones push it from one page onto the next, so a few pages' worth is
/// enough, and the walk's memory stays the same however many payments it lists.
pub const SEEN_WINDOW: usize = 1000;

/// What to list with [`Client::transactions`]: optional filters and the page size. The API
/// filters by `reference_no` itself (it is sent with every page); every filter is also applied
/// to each record, so a server that ignores one still yields only matches.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ListTransactions {
    /// Only payments of this point of sale.
    pub pos_id: Option<String>,
    /// Only payments with this merchant reference.
    pub reference_no: Option<String>,
    /// Records per request, 1 to 50 (default 50: fewest round trips).
    pub page_size: i64,
    /// Only payments in one of these states (every state when empty).
    pub states: Vec<PaymentState>,
    /// Only payments in this cryptocurrency (case ignored).
    pub currency: Option<String>,
    /// Only payments created at or after this time. Pages come newest first, so the walk ends
    /// after a page whose payments were all created before it.
    pub inserted_from: Option<Timestamp>,
    /// Only payments created before this time (exclusive, so a range of whole days reads
    /// `from = day 00:00:00`, `until = next day 00:00:00`).
    pub inserted_until: Option<Timestamp>,
}

impl Default for ListTransactions {
    fn default() -> Self {
        ListTransactions {
            pos_id: None,
            reference_no: None,
            page_size: validate::MAX_PAGE_LIMIT,
            states: Vec::new(),
            currency: None,
            inserted_from: None,
            inserted_until: None,
        }
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

    /// Also payments in `state` (the first call narrows the list to that state).
    pub fn state(mut self, state: PaymentState) -> Self {
        self.states.push(state);
        self
    }

    /// Only payments in this cryptocurrency.
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.currency = Some(currency.into());
        self
    }

    /// Only payments created at or after `from`.
    pub fn inserted_from(mut self, from: Timestamp) -> Self {
        self.inserted_from = Some(from);
        self
    }

    /// Only payments created before `until`.
    pub fn inserted_until(mut self, until: Timestamp) -> Self {
        self.inserted_until = Some(until);
        self
    }

    /// Whether `t` passes every filter. A payment without a creation time is left out when a
    /// time range is asked for: nothing says it falls inside.
    pub fn keeps(&self, t: &Transaction) -> bool {
        let same = |wanted: &Option<String>, got: &Option<String>| wanted.as_ref().is_none_or(|w| got.as_ref() == Some(w));
        let in_range = match (self.inserted_from, self.inserted_until) {
            (None, None) => true,
            (from, until) => t.inserted.is_some_and(|at| from.is_none_or(|f| at >= f) && until.is_none_or(|u| at < u)),
        };
        same(&self.pos_id, &t.pos_id)
            && same(&self.reference_no, &t.reference_no)
            && (self.states.is_empty() || self.states.contains(&t.state))
            && self.currency.as_ref().is_none_or(|c| t.currency.as_ref().is_some_and(|got| got.eq_ignore_ascii_case(c)))
            && in_range
    }

    /// Whether every payment of a (newest first) page was created before `inserted_from`, so
    /// no later page can hold a match.
    fn page_is_older(&self, page: &[Transaction]) -> bool {
        let Some(from) = self.inserted_from else { return false };
        !page.is_empty() && page.iter().all(|t| t.inserted.is_some_and(|at| at < from))
    }
}

/// The ids of the last [`SEEN_WINDOW`] payments a walk returned, oldest forgotten first.
#[derive(Default)]
struct RecentIds {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl RecentIds {
    /// Remembers `id`; false when it is already remembered.
    fn insert(&mut self, id: &str) -> bool {
        if self.ids.contains(id) {
            return false;
        }
        if self.order.len() == SEEN_WINDOW {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        self.ids.insert(id.to_string());
        self.order.push_back(id.to_string());
        true
    }
}

/// A pull-style walk over every page, newest first. Ends after a short or empty page, after a
/// page that brings no payment not already seen (a server that ignores `offset` cannot make it
/// loop), and after a page older than `inserted_from`. A payment that shifts to the next page
/// because a new one arrived meanwhile is returned once. Memory does not grow with the number of
/// payments walked: only the current page and the last 1,000 (`SEEN_WINDOW`) ids are kept.
pub struct TransactionPager {
    client: Client,
    filter: ListTransactions,
    offset: i64,
    buffer: VecDeque<Transaction>,
    seen: RecentIds,
    done: bool,
    pages: u32,
}

impl TransactionPager {
    pub(crate) fn new(client: Client, filter: ListTransactions) -> Self {
        TransactionPager { client, filter, offset: 0, buffer: VecDeque::new(), seen: RecentIds::default(), done: false, pages: 0 }
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
        let mut request = GetTransactions::new().offset(self.offset).limit(self.filter.page_size);
        request.reference_no = self.filter.reference_no.clone();
        let page = self.client.get_transactions(request).await?.transactions;
        self.pages += 1;
        let fetched = page.len() as i64;
        self.offset += fetched;
        let older = self.filter.page_is_older(&page);
        let mut fresh = 0;
        let mut kept = Vec::new();
        for t in page {
            if self.seen.insert(&t.payment_id) {
                fresh += 1;
                if self.filter.keeps(&t) {
                    kept.push(t);
                }
            }
        }
        if fetched < self.filter.page_size || fresh == 0 || older {
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
    /// Walks every page of GetTransactions (newest first), filtered by point of sale, reference,
    /// state, currency and creation time when given. Nothing is fetched until the pager is polled.
    pub fn transactions(&self, list: ListTransactions) -> TransactionPager {
        TransactionPager::new(self.clone(), list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::TransactionPage;
    use serde_json::json;

    fn record(id: &str, state: &str, currency: &str, inserted: Option<&str>) -> Transaction {
        let page = TransactionPage::from_json(json!([{
            "payment_id": id, "state": state, "currency": currency, "pos_id": "web", "inserted": inserted
        }]));
        page.map(|mut p| p.transactions.remove(0)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn filters_by_state_currency_and_half_open_range() {
        let t = record("p1", "confirmed", "BTC", Some("2026-03-01 10:00:00"));
        assert!(ListTransactions::new().keeps(&t));
        assert!(ListTransactions::new().state(PaymentState::Waiting).state(PaymentState::Confirmed).keeps(&t));
        assert!(!ListTransactions::new().state(PaymentState::Waiting).keeps(&t));
        assert!(ListTransactions::new().currency("btc").keeps(&t));
        assert!(!ListTransactions::new().currency("ETH").keeps(&t));
        let day = ListTransactions::new().inserted_from(at("2026-03-01 00:00:00")).inserted_until(at("2026-03-02 00:00:00"));
        assert!(day.keeps(&t));
        assert!(!ListTransactions::new().inserted_from(at("2026-03-01 10:00:01")).keeps(&t));
        assert!(!ListTransactions::new().inserted_until(at("2026-03-01 10:00:00")).keeps(&t));
        assert!(!day.keeps(&record("p2", "confirmed", "BTC", None)), "no creation time, not in a range");
    }

    #[test]
    fn a_page_is_older_only_when_every_payment_is() {
        let list = ListTransactions::new().inserted_from(at("2026-03-01 00:00:00"));
        let old = record("p1", "waiting", "BTC", Some("2026-02-28 23:59:59"));
        let new = record("p2", "waiting", "BTC", Some("2026-03-01 00:00:00"));
        let unknown = record("p3", "waiting", "BTC", None);
        assert!(list.page_is_older(std::slice::from_ref(&old)));
        assert!(!list.page_is_older(&[old.clone(), new]));
        assert!(!list.page_is_older(&[old.clone(), unknown]));
        assert!(!list.page_is_older(&[]));
        assert!(!ListTransactions::new().page_is_older(&[old]));
    }

    #[test]
    fn recent_ids_forget_the_oldest_beyond_the_window() {
        let mut ids = RecentIds::default();
        for i in 0..SEEN_WINDOW + 10 {
            assert!(ids.insert(&i.to_string()));
        }
        assert_eq!(ids.ids.len(), SEEN_WINDOW);
        assert!(!ids.insert(&(SEEN_WINDOW + 9).to_string()), "a recent id is still known");
        assert!(ids.insert("0"), "the oldest was forgotten");
    }
}
