//! The all-pages walk against the emulator: the state, currency and creation-time filters, and
//! the early end of a walk once pages are older than the range asked for.

use forumpay::{Client, Config, ListTransactions, PaymentState, StartPayment, Timestamp};
use forumpay_sandbox::Sandbox;
use rust_decimal::Decimal;

fn client(sandbox: &Sandbox) -> Client {
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

async fn start(client: &Client, currency: &str, reference: &str) -> forumpay::StartedPayment {
    let amount: Decimal = "10.00".parse().unwrap();
    client.start_payment(StartPayment::new("EUR", amount, currency).reference_no(reference)).await.unwrap()
}

fn ids(list: &[forumpay::Transaction]) -> Vec<String> {
    list.iter().map(|t| t.reference_no.clone().unwrap_or_default()).collect()
}

#[tokio::test]
async fn state_currency_and_range_filters_across_pages() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    // Three payments a day ago, then three now; one of today's is paid.
    for (currency, reference) in [("BTC", "old-1"), ("ETH", "old-2"), ("BTC", "old-3")] {
        start(&client, currency, reference).await;
    }
    sandbox.advance_clock(86_400);
    let mut today = Vec::new();
    for (currency, reference) in [("BTC", "new-1"), ("ETH", "new-2"), ("BTC", "new-3")] {
        today.push(start(&client, currency, reference).await);
    }
    sandbox.pay(&today[2].payment_id, today[2].amount).unwrap();

    let all = |list: ListTransactions| client.transactions(list.page_size(2)).collect_all();
    assert_eq!(ids(&all(ListTransactions::new().currency("eth")).await.unwrap()), ["new-2", "old-2"]);
    assert_eq!(ids(&all(ListTransactions::new().state(PaymentState::Processing)).await.unwrap()), ["new-3"]);
    let first = client.transactions(ListTransactions::new()).collect_all().await.unwrap();
    let newest_day = first[0].inserted.unwrap();
    let from = Timestamp::from_unix_seconds(newest_day.unix_seconds() - 3600);
    let recent = all(ListTransactions::new().inserted_from(from)).await.unwrap();
    assert_eq!(ids(&recent), ["new-3", "new-2", "new-1"]);
    let older = all(ListTransactions::new().inserted_until(from).currency("BTC")).await.unwrap();
    assert_eq!(ids(&older), ["old-3", "old-1"]);
}

#[tokio::test]
async fn a_walk_from_a_date_stops_at_the_first_older_page() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    for i in 0..10 {
        start(&client, "BTC", &format!("old-{i}")).await;
    }
    sandbox.advance_clock(86_400);
    for i in 0..3 {
        start(&client, "BTC", &format!("new-{i}")).await;
    }
    let newest = client.transactions(ListTransactions::new()).collect_all().await.unwrap()[0].inserted.unwrap();
    let before = sandbox.request_count("GetTransactions");
    let list = ListTransactions::new().page_size(2).inserted_from(Timestamp::from_unix_seconds(newest.unix_seconds() - 60));
    let found = client.transactions(list).collect_all().await.unwrap();
    assert_eq!(ids(&found), ["new-2", "new-1", "new-0"]);
    // Pages of two: [new-2 new-1] [new-0 old-9] [old-8 old-7] ends it; 13 payments would be 7 pages.
    assert_eq!(sandbox.request_count("GetTransactions") - before, 3);
}
