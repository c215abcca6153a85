//! The client's store (decision 0027) against the emulator, in memory: clients naming one
//! `memory://` store share webhook claims and payment states; a client's own memory does not.
//! The same behaviour on a real Redis server is in `redis_store.rs`.

mod shared_store;

use forumpay::{Client, Config};
use forumpay_sandbox::Sandbox;
use shared_store::{deliver_at_once, one_payment, webhook_body};

fn client(sandbox: &Sandbox, store_url: Option<&str>) -> Client {
    let mut config = Config::builder(sandbox.api_user(), sandbox.api_secret()).base_url(sandbox.base_url()).pos_id("web");
    if let Some(url) = store_url {
        config = config.store_url(url);
    }
    Client::new(config.build().unwrap()).unwrap()
}

#[tokio::test]
async fn deliveries_at_once_to_clients_sharing_a_store_run_the_handler_once() {
    let sandbox = Sandbox::start().await.unwrap();
    let clients: Vec<Client> = (0..4).map(|_| client(&sandbox, Some("memory://stores-at-once"))).collect();
    shared_store::handler_runs_once_per_state(&sandbox, &clients).await;
}

#[tokio::test]
async fn a_failed_handler_releases_its_claim_for_every_client() {
    let sandbox = Sandbox::start().await.unwrap();
    let (a, b) = (client(&sandbox, Some("memory://stores-release")), client(&sandbox, Some("memory://stores-release")));
    shared_store::a_failed_handler_releases(&sandbox, &a, &b).await;
}

#[tokio::test]
async fn clients_with_their_own_memory_share_nothing() {
    let sandbox = Sandbox::start().await.unwrap();
    let (a, b) = (client(&sandbox, None), client(&sandbox, None));
    let payment = one_payment(&a).await;
    let body = webhook_body(&payment);
    let answers = deliver_at_once(std::slice::from_ref(&a), &body, &payment, 1).await;
    assert_eq!(answers.handled, 1);
    let answers = deliver_at_once(std::slice::from_ref(&b), &body, &payment, 1).await;
    assert_eq!(answers.handled, 1, "b's memory never saw a's claim");
    let answers = deliver_at_once(&[a], &body, &payment, 1).await;
    assert_eq!(answers.replays, 1);
}

#[tokio::test]
async fn the_second_client_refuses_what_the_first_saw() {
    let sandbox = Sandbox::start().await.unwrap();
    let (a, b) = (client(&sandbox, Some("memory://stores-states")), client(&sandbox, Some("memory://stores-states")));
    shared_store::second_client_checks_what_the_first_saw(&sandbox, &a, &b).await;
}
