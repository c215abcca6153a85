//! State transition tests against the store, without HTTP.

use rust_decimal::Decimal;

use crate::error::SandboxError;
use crate::ids::IdGen;
use crate::payment::{NewPayment, Payment, State};
use crate::store::Store;

type TestResult = Result<(), SandboxError>;

fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("bad test decimal {text}: {e}"))
}

fn request(currency: &str) -> NewPayment {
    NewPayment {
        pos_id: "web".into(),
        invoice_currency: "EUR".into(),
        invoice_amount: d("222.00"),
        currency: currency.into(),
        public_host: "127.0.0.1:1".into(),
        ..NewPayment::default()
    }
}

/// A store holding one started payment; returns its id and amount due.
fn started(req: NewPayment) -> Result<(Store, String, Decimal), SandboxError> {
    let mut store = Store::new(1800);
    let ids = IdGen::new();
    let p = store.start(req, &ids)?;
    let (id, due) = (p.payment_id.clone(), p.amount);
    Ok((store, id, due))
}

fn pay(store: &mut Store, id: &str, amount: Decimal) -> Result<Payment, SandboxError> {
    store.update(id, |p, _| p.pay(amount)).cloned()
}

fn confirm(store: &mut Store, id: &str, n: u32) -> Result<Payment, SandboxError> {
    store
        .update(id, |p, now| p.add_confirmations(n, now))
        .cloned()
}

fn is_state_error(r: Result<Payment, SandboxError>, text: &str) -> bool {
    matches!(r, Err(SandboxError::InvalidState(m)) if m.contains(text))
}

#[test]
fn exact_payment_confirms() -> TestResult {
    let (mut store, id, due) = started(request("BTC"))?;
    assert_eq!(due.to_string(), "0.01069043");
    let p = pay(&mut store, &id, due)?;
    assert_eq!(p.state, State::Processing);
    let p = confirm(&mut store, &id, 1)?;
    assert_eq!(p.state, State::Confirmed);
    assert!(p.confirmed_time.is_some());
    assert_eq!(p.refund_amount_opened, None);
    Ok(())
}

#[test]
fn zero_confirmations_only_where_the_currency_allows() -> TestResult {
    let (mut store, id, due) = started(NewPayment {
        accept_zero_confirmations: true,
        ..request("BTC")
    })?;
    assert_eq!(pay(&mut store, &id, due)?.state, State::ZeroConfirmed);
    let (mut store, id, due) = started(NewPayment {
        accept_zero_confirmations: true,
        ..request("ETH")
    })?;
    assert_eq!(pay(&mut store, &id, due)?.state, State::Processing);
    assert_eq!(confirm(&mut store, &id, 1)?.state, State::Processing);
    assert_eq!(confirm(&mut store, &id, 1)?.state, State::Confirmed);
    Ok(())
}

#[test]
fn short_payment_then_accept() -> TestResult {
    let (mut store, id, due) = started(request("BTC"))?;
    let p = pay(&mut store, &id, d("0.005"))?;
    assert_eq!(p.state, State::Underpayment);
    assert_eq!(
        p.unconfirmed_amount.map(|v| v.to_string()),
        Some("0.00500000".into())
    );
    assert_eq!(
        p.unconfirmed_invoice_amount.map(|v| v.to_string()),
        Some("104.11".into())
    );
    assert_eq!(p.missing_amount(), Some(due - d("0.005")));
    let wrong = store
        .update(&id, |p, _| p.accept(d("0.004"), None))
        .cloned();
    assert!(is_state_error(wrong, "does not match"));
    let p = store
        .update(&id, |p, _| p.accept(d("0.005"), None))
        .cloned()?;
    assert_eq!(p.state, State::Processing);
    assert_eq!(p.original_amount, Some(due));
    assert_eq!(p.amount.to_string(), "0.00500000");
    assert_eq!(p.invoice_amount.to_string(), "104.11");
    assert_eq!(p.unconfirmed_amount, None);
    assert_eq!(confirm(&mut store, &id, 1)?.state, State::Confirmed);
    Ok(())
}

#[test]
fn short_payment_then_cancel_then_refund() -> TestResult {
    let (mut store, id, _) = started(request("BTC"))?;
    pay(&mut store, &id, d("0.005"))?;
    let p = store
        .update(&id, |p, now| {
            p.cancel(Some("other".into()), Some("x".repeat(300)), now)
        })
        .cloned()?;
    assert_eq!(p.state, State::Cancelled);
    assert!(p.cancelled);
    assert_eq!(p.comment.map(|c| c.len()), Some(255));
    assert_eq!(p.refund_amount_opened, Some(d("0.005")));
    let wrong = store
        .update(&id, |p, _| p.refund(d("0.004"), "bc1target"))
        .cloned();
    assert!(is_state_error(wrong, "does not match"));
    let no_address = store.update(&id, |p, _| p.refund(d("0.005"), " ")).cloned();
    assert!(is_state_error(no_address, "address_out"));
    let p = store
        .update(&id, |p, _| p.refund(d("0.00500000"), "bc1target"))
        .cloned()?;
    assert_eq!(p.refund_status.as_deref(), Some("pending"));
    assert_eq!(p.refund_amount_opened, None);
    assert_eq!(p.refunded, d("0.005"));
    let again = store
        .update(&id, |p, _| p.refund(d("0.005"), "bc1target"))
        .cloned();
    assert!(is_state_error(again, "no amount open"));
    Ok(())
}

#[test]
fn late_payment_accepted() -> TestResult {
    let (mut store, id, due) = started(request("BTC"))?;
    store.update(&id, |p, now| p.cancel(None, None, now))?;
    let p = pay(&mut store, &id, due)?;
    assert_eq!(p.state, State::Cancelled);
    assert_eq!(p.unconfirmed_amount, Some(due));
    assert_eq!(p.refund_amount_opened, Some(due));
    let p = store
        .update(&id, |p, _| p.accept(due, Some(d("222.00"))))
        .cloned()?;
    assert_eq!(p.state, State::Processing);
    assert!(!p.cancelled);
    assert_eq!(p.refund_amount_opened, None);
    assert_eq!(confirm(&mut store, &id, 1)?.state, State::Confirmed);
    Ok(())
}

#[test]
fn automatic_acceptance() -> TestResult {
    let late = NewPayment {
        auto_accept_late_payment: true,
        ..request("BTC")
    };
    let (mut store, id, due) = started(late)?;
    store.update(&id, |p, now| p.cancel(None, None, now))?;
    assert_eq!(pay(&mut store, &id, due)?.state, State::Processing);

    let under = NewPayment {
        auto_accept_underpayment: true,
        auto_accept_underpayment_min: Some(d("100")),
        ..request("BTC")
    };
    let (mut store, id, _) = started(under.clone())?;
    assert_eq!(pay(&mut store, &id, d("0.001"))?.state, State::Underpayment);
    let (mut store, id, _) = started(under)?;
    let p = pay(&mut store, &id, d("0.005"))?;
    assert_eq!((p.state, p.amount), (State::Processing, d("0.005")));
    Ok(())
}

#[test]
fn overpayment_opens_a_refund_unless_auto_accepted() -> TestResult {
    let (mut store, id, due) = started(request("BTC"))?;
    pay(&mut store, &id, due + d("0.001"))?;
    let p = confirm(&mut store, &id, 1)?;
    assert_eq!(p.state, State::Confirmed);
    assert_eq!(
        p.refund_amount_opened.map(|v| v.to_string()),
        Some("0.00100000".into())
    );

    let (mut store, id, due) = started(NewPayment {
        auto_accept_overpayment: true,
        ..request("BTC")
    })?;
    pay(&mut store, &id, due + d("0.001"))?;
    let p = confirm(&mut store, &id, 1)?;
    assert_eq!(p.refund_amount_opened, None);
    assert_eq!(p.amount, due + d("0.001"));
    assert_eq!(p.invoice_amount.to_string(), "242.82");
    Ok(())
}

#[test]
fn waiting_payments_expire_on_the_virtual_clock() -> TestResult {
    let (mut store, id, _) = started(request("BTC"))?;
    store.clock.advance(1799);
    assert_eq!(store.get(&id)?.state, State::Waiting);
    store.clock.advance(2);
    let p = store.get(&id)?;
    assert_eq!(p.state, State::Cancelled);
    assert_eq!(p.cancelled_time, Some(p.inserted + 1800));
    Ok(())
}

#[test]
fn expiry_reaches_every_payment_due_in_creation_order_and_is_notified() -> TestResult {
    let mut store = Store::new(100);
    let ids = IdGen::new();
    let first = store.start(request("BTC"), &ids)?.payment_id.clone();
    store.clock.advance(50);
    let second = store.start(request("ETH"), &ids)?.payment_id.clone();
    let paid = store.start(request("LTC"), &ids)?;
    let (paid, due) = (paid.payment_id.clone(), paid.amount);
    pay(&mut store, &paid, due)?;
    let _ = store.take_changes();
    store.clock.advance(60);
    // A listing applies expiry to what is due (the first payment), and only that changes.
    let listed: Vec<(String, State)> = store.page(0, 10, |_| true).iter().map(|p| (p.payment_id.clone(), p.state)).collect();
    assert!(listed.contains(&(first.clone(), State::Cancelled)));
    assert!(listed.contains(&(second.clone(), State::Waiting)));
    let changed: Vec<String> = store.take_changes().iter().map(|n| n.payment_id().to_string()).collect();
    assert_eq!(changed, [first.clone()]);
    store.clock.advance(50);
    store.start(request("BTC"), &ids)?;
    let changed: Vec<String> = store.take_changes().iter().map(|n| n.payment_id().to_string()).collect();
    assert_eq!(changed, [second.clone()], "the second falls due at a start; the paid one never expires");
    assert_eq!(store.get(&paid)?.state, State::Processing);
    Ok(())
}

#[test]
fn forbidden_actions() -> TestResult {
    let (mut store, id, due) = started(request("BTC"))?;
    assert!(is_state_error(confirm(&mut store, &id, 1), "not awaiting"));
    assert!(matches!(
        pay(&mut store, &id, Decimal::ZERO),
        Err(SandboxError::InvalidArgument(_))
    ));
    assert!(matches!(
        pay(&mut store, &id, d("0.000000001")),
        Err(SandboxError::InvalidArgument(_))
    ));
    assert!(matches!(
        pay(&mut store, "nope", due),
        Err(SandboxError::NotFound(_))
    ));
    assert!(is_state_error(
        store.update(&id, |p, _| p.accept(due, None)).cloned(),
        "can not be accepted"
    ));
    pay(&mut store, &id, due)?;
    assert!(is_state_error(
        store
            .update(&id, |p, now| p.cancel(None, None, now))
            .cloned(),
        "can not be cancelled"
    ));
    confirm(&mut store, &id, 1)?;
    assert!(is_state_error(
        store.update(&id, |p, _| p.block(None)).cloned(),
        "confirmed"
    ));

    let (mut store, id, due) = started(request("BTC"))?;
    store.update(&id, |p, now| p.cancel(None, None, now))?;
    assert!(is_state_error(
        store
            .update(&id, |p, now| p.cancel(None, None, now))
            .cloned(),
        "already cancelled"
    ));

    let (mut store, id, _) = started(request("LTC"))?;
    let p = store.update(&id, |p, _| p.block(None)).cloned()?;
    assert_eq!(
        (p.state, p.blocked_alert_level.as_deref()),
        (State::Blocked, Some("high"))
    );
    assert!(is_state_error(pay(&mut store, &id, due), "blocked"));
    assert!(matches!(
        store.update(&id, |p, _| p.block(Some("purple"))),
        Err(SandboxError::InvalidArgument(_))
    ));

    let (mut store, _, _) = started(NewPayment {
        payment_id: Some("fixed-id".into()),
        ..request("BTC")
    })?;
    let again = store.start(
        NewPayment {
            payment_id: Some("fixed-id".into()),
            ..request("BTC")
        },
        &IdGen::new(),
    );
    assert!(matches!(again, Err(SandboxError::InvalidState(m)) if m == "Payment already started"));
    Ok(())
}

/// CheckPayment's answer is written straight to text: its bytes must be those a
/// `serde_json::Value` of it writes (keys sorted), in every shape a payment takes.
#[test]
fn check_payment_text_is_what_its_json_value_writes() -> TestResult {
    let same = |p: &Payment| {
        let text = serde_json::to_string(&crate::render::check(p)).unwrap_or_default();
        let value = serde_json::to_value(crate::render::check(p)).unwrap_or_default();
        assert!(value.as_object().is_some_and(|o| o.len() == 34), "{value}");
        assert_eq!(text, value.to_string(), "{:?}", p.state);
    };
    let (mut store, id, due) = started(request("BTC"))?;
    same(&store.update(&id, |_, _| Ok(()))?.clone());
    let p = pay(&mut store, &id, d("0.005"))?;
    assert_eq!(p.state, State::Underpayment);
    same(&p);
    same(&pay(&mut store, &id, due - d("0.005"))?);
    same(&confirm(&mut store, &id, 1)?);
    let (mut store, id, _) = started(request("BTC"))?;
    pay(&mut store, &id, d("0.005"))?;
    store.update(&id, |p, now| p.cancel(Some("other".into()), None, now))?;
    same(&store.update(&id, |p, _| p.refund(d("0.005"), "bc1target")).cloned()?);
    Ok(())
}
