//! The Redis store (decision 0027) on a real `redis-server` each test starts on a free loopback
//! port and stops: atomic claims across clients, the TTLs, the key prefix, and the server
//! stopped mid-test (503, the handler never run unclaimed, the notification handled once the
//! server is back and the API delivers again).

mod shared_store;

use forumpay::store::{RedisStore, Store};
use forumpay::{Client, Config, ErrorCode};
use forumpay_sandbox::Sandbox;
use shared_store::server::RedisServer;
use shared_store::{deliver, one_payment, webhook_body};
use std::sync::Arc;
use std::time::Duration;

fn client(sandbox: &Sandbox, redis: &RedisServer, prefix: &str) -> Client {
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .store_url(redis.url())
        .store_key_prefix(prefix)
        .store_claim_ttl(Duration::from_secs(30))
        .store_ttl(Duration::from_secs(3600))
        .max_attempts(1)
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

/// A plain connection to look at what the store wrote.
fn inspect(redis: &RedisServer) -> redis::Connection {
    redis::Client::open(redis.url()).unwrap().get_connection().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn claims_are_atomic_across_connections() {
    let redis = RedisServer::start();
    let stores: Vec<Arc<RedisStore>> = (0..8).map(|_| Arc::new(RedisStore::new(&redis.url()).unwrap())).collect();
    for round in 0..20 {
        let key = format!("atomic:{round}");
        let tasks: Vec<_> = (0..32)
            .map(|i| {
                let (store, key) = (stores[i % stores.len()].clone(), key.clone());
                tokio::spawn(async move { store.claim(&key, "claimed", Duration::from_secs(9)).await.unwrap() })
            })
            .collect();
        let mut won = 0;
        for t in tasks {
            won += usize::from(t.await.unwrap());
        }
        assert_eq!(won, 1, "round {round}");
    }
    let store = &stores[0];
    store.put("k", "v", Duration::from_secs(9)).await.unwrap();
    assert_eq!(store.get("k").await.unwrap().as_deref(), Some("v"));
    store.delete("k").await.unwrap();
    assert_eq!(store.get("k").await.unwrap(), None);
    assert!(store.claim("k", "again", Duration::from_secs(9)).await.unwrap(), "deleted: claimable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deliveries_at_once_to_four_clients_run_the_handler_once_per_state() {
    let (sandbox, redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let clients: Vec<Client> = (0..4).map(|_| client(&sandbox, &redis, "once:")).collect();
    shared_store::handler_runs_once_per_state(&sandbox, &clients).await;
}

#[tokio::test]
async fn a_failed_handler_releases_its_claim() {
    let (sandbox, redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let (a, b) = (client(&sandbox, &redis, "release:"), client(&sandbox, &redis, "release:"));
    shared_store::a_failed_handler_releases(&sandbox, &a, &b).await;
}

#[tokio::test]
async fn the_second_client_acts_on_what_the_first_saw() {
    let (sandbox, redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let (a, b) = (client(&sandbox, &redis, "states:"), client(&sandbox, &redis, "states:"));
    shared_store::second_client_checks_what_the_first_saw(&sandbox, &a, &b).await;
}

#[tokio::test]
async fn keys_carry_the_prefix_and_the_ttls() {
    let (sandbox, redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let a = client(&sandbox, &redis, "shop-7:");
    let payment = one_payment(&a).await;
    let body = webhook_body(&payment);
    let endpoint = forumpay::webhooks::EndpointSettings::default().build().unwrap();
    let forumpay::webhooks::Received::Lookup(n) = endpoint.receive(body.as_bytes(), None) else { panic!("a notification") };
    let known = forumpay::KnownPayment::new(&payment.payment_id, &payment.currency, &payment.address);
    let forumpay::webhooks::Verified::Handle(verified) = endpoint.verify(&a, &n, Some(known)).await else { panic!("claimed") };
    let mut raw = inspect(&redis);
    let claim_key = format!("shop-7:webhook:{}", verified.dedupe_key);
    let state_key = format!("shop-7:state:{}|BTC", payment.payment_id);
    let pttl = |raw: &mut redis::Connection, key: &str| -> i64 { redis::cmd("PTTL").arg(key).query(raw).unwrap() };
    let value = |raw: &mut redis::Connection, key: &str| -> Option<String> { redis::cmd("GET").arg(key).query(raw).unwrap() };
    assert_eq!(value(&mut raw, &claim_key).as_deref(), Some("claimed"));
    let claim_ttl = pttl(&mut raw, &claim_key);
    assert!((1..=30_000).contains(&claim_ttl), "the claim lasts store_claim_ttl at most: {claim_ttl}");
    assert!(value(&mut raw, &state_key).unwrap().contains(r#""state":"waiting""#));
    assert!((30_001..=3_600_000).contains(&pttl(&mut raw, &state_key)));
    // A worker that dies here never calls `handled`: the claim stays, and lapses with its TTL.
    let (answer, ran) = deliver(&a, &body, &payment, true).await;
    assert_eq!((answer.status, ran), (503, false), "held by the dead worker");
    drop(endpoint);
    redis::cmd("PEXPIRE").arg(&claim_key).arg(1).query::<()>(&mut raw).unwrap();
    let mut reclaimed = false;
    for _ in 0..100 {
        // PEXPIRE 1 ms: the claim lapses as a dead worker's does after its TTL.
        let (answer, ran) = deliver(&a, &body, &payment, true).await;
        if ran {
            assert_eq!(answer.status, 200);
            reclaimed = true;
            break;
        }
    }
    assert!(reclaimed, "the lapsed claim is taken again");
    assert_eq!(value(&mut raw, &claim_key).as_deref(), Some("handled"));
    assert!(pttl(&mut raw, &claim_key) > 30_000, "handled keys last store_ttl");
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut raw).unwrap();
    assert!(keys.iter().all(|k| k.starts_with("shop-7:")), "{keys:?}");
}

#[tokio::test]
async fn redis_stopped_mid_test_answers_503_and_runs_no_handler_until_it_is_back() {
    let (sandbox, mut redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let (a, b) = (client(&sandbox, &redis, "outage:"), client(&sandbox, &redis, "outage:"));
    let payment = one_payment(&a).await;
    let body = webhook_body(&payment);
    assert_eq!(status_ran(deliver(&a, &body, &payment, true).await), (200, true), "waiting: handled");
    assert_eq!(status_ran(deliver(&b, &body, &payment, true).await), (200, false), "then a replay");

    sandbox.pay(&payment.payment_id, payment.amount).unwrap();
    redis.stop();
    for client in [&a, &b, &a, &b] {
        let (answer, ran) = deliver(client, &body, &payment, true).await;
        assert!(!ran, "never run unclaimed");
        assert_eq!(answer.status, 503);
        assert_eq!(answer.body.code, Some(ErrorCode::Network));
    }
    let e = a.check_payment(payment.payment_ref()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network, "the state could not be kept: {e}");
    assert!(e.message().contains("shared store"), "{e}");

    redis.restart();
    // The API delivers again until a 2xx: the first request after the outage may still meet the
    // dropped connection (503) while it is re-opened in the background.
    let (mut ran_count, mut answered) = (0, None);
    for attempt in 0..20 {
        let (answer, ran) = deliver(if attempt % 2 == 0 { &a } else { &b }, &body, &payment, true).await;
        ran_count += usize::from(ran);
        if answer.status == 200 {
            answered = Some(answer);
            break;
        }
        assert_eq!(answer.status, 503, "only 503 while the connection comes back");
    }
    assert_eq!(answered.map(|a| a.status), Some(200));
    assert_eq!(ran_count, 1, "the paid state handled exactly once");
    let (answer, ran) = deliver(&b, &body, &payment, true).await;
    assert_eq!((answer.status, ran), (200, false), "then a replay");
}

fn status_ran((answer, ran): (forumpay::WebhookAnswer, bool)) -> (u16, bool) {
    (answer.status, ran)
}

#[tokio::test]
async fn one_named_setting_switches_a_client_to_redis() {
    let (sandbox, redis) = (Sandbox::start().await.unwrap(), RedisServer::start());
    let named = |prefix: &str| {
        let mut settings = sandbox.client_settings();
        settings["pos_id"] = "web".into();
        settings["store_url"] = redis.url().into();
        settings["store_key_prefix"] = prefix.into();
        let settings: forumpay::surface::Settings = forumpay::surface::from_named(&settings).unwrap();
        Client::new(settings.build().unwrap()).unwrap()
    };
    let (a, b) = (named("named:"), named("named:"));
    let payment = one_payment(&a).await;
    let body = webhook_body(&payment);
    assert_eq!(status_ran(deliver(&a, &body, &payment, true).await), (200, true));
    assert_eq!(status_ran(deliver(&b, &body, &payment, true).await), (200, false), "b claims in the same Redis");
    let other_prefix = named("other-shop:");
    assert_eq!(status_ran(deliver(&other_prefix, &body, &payment, true).await), (200, true), "another prefix, other keys");
}
