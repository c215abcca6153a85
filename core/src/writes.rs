//! The writes (StartPayment, CancelPayment, AcceptPayment, RefundPayment, RequestKyc), which
//! are never blindly re-sent. When a write fails in a way that leaves open whether the API acted
//! on it (a timeout, a connection broken after the request went out, a 5xx, an unreadable
//! success), the client asks the API what happened and returns the real result (marked
//! `recovered`), or the code `outcome_unknown` with what it learned. RequestKyc has nothing to
//! ask: a lost answer is always `outcome_unknown`.

use crate::client::Client;
use crate::decode::{Answer, Extra};
use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::lifecycle::PaymentAction;
use crate::models::{AcceptResult, CancelResult, PaymentStatus, RefundResult, StartedPayment, Transaction};
use crate::pagination::ListTransactions;
use crate::models::Rate;
use crate::models::KycResult;
use crate::requests::{AcceptPayment, CancelPayment, GetRate, Params, PaymentRef, RefundPayment, RequestKyc, StartPayment};
use crate::retry::Deadline;
use crate::state::PaymentState;
use crate::transport::{Failure, Method, Reach};
use crate::trace;
use rust_decimal::Decimal;
use tracing::Level;

/// How many of the newest payments are searched for a write whose answer was lost: the payment
/// was created or changed seconds ago, so it is on the first pages.
const RECONCILE_SCAN_LIMIT: usize = 200;

/// StartPayment. A request without a `payment_id` first obtains one from GetRate, as the
/// provider's own plugins do, so that the payment this call makes can be told apart from every
/// other: after an unknown outcome the newest payments are searched by that id alone. Found and
/// still `waiting` with the request's amounts, it is returned (`recovered`); not found, the
/// request is sent again (after any `Retry-After`), which the API refuses to turn into a second
/// payment of one id. Anything else is `outcome_unknown`: never someone else's payment.
pub(crate) async fn start_payment(client: &Client, request: StartPayment) -> Result<StartedPayment> {
    request.params(client.config())?;
    let deadline = client.deadline();
    let request = with_payment_id(client, request, deadline).await?;
    let params = request.params(client.config())?;
    let payment_id = request.payment_id.clone().unwrap_or_default();
    tracing::Span::current().record("forumpay.payment_id", payment_id.as_str());
    let mut attempts = 0;
    let mut lost: Option<Error> = None;
    loop {
        let outcome =
            client.transport.write::<StartedPayment>("StartPayment", Method::PostForm, params.clone(), deadline).await;
        let failure = match outcome {
            Ok(payment) => return Ok(payment),
            Err(f) => f,
        };
        attempts += failure.error.attempts();
        if lost.is_none() && failure.reach != Reach::MaybeActed {
            return Err(failure.error);
        }
        let lost = lost.get_or_insert_with(|| failure.error.clone());
        looking_up("StartPayment", &payment_id, &failure.error);
        match find_started(client, &payment_id, &request.currency, deadline).await {
            Ok(Some(t)) => {
                let found = recovered_start(t, &request);
                concluded("StartPayment", &payment_id, if found.is_ok() { Found::Recovered } else { Found::Other });
                return found.map_err(|why| unknown(lost, attempts, &why));
            }
            Ok(None) if failure.reach == Reach::MaybeActed && attempts < client.config().retry.max_attempts => {
                let wait = wait_as_asked(&failure.error, deadline).map_err(|why| {
                    concluded("StartPayment", &payment_id, Found::NotYet);
                    unknown(lost, attempts, &why)
                })?;
                concluded("StartPayment", &payment_id, Found::SendAgain);
                wait.await;
            }
            Ok(None) => {
                concluded("StartPayment", &payment_id, Found::NotYet);
                return Err(unknown(lost, attempts, "GetTransactions does not show the payment (yet)"));
            }
            Err(e) => {
                concluded("StartPayment", &payment_id, Found::LookupFailed);
                return Err(unknown(lost, attempts, &format!("looking it up failed too: {}", e.message())));
            }
        }
    }
}

/// The request with a `payment_id`: its own, or a fresh one from GetRate for the same invoice.
async fn with_payment_id(client: &Client, mut request: StartPayment, deadline: Deadline) -> Result<StartPayment> {
    if request.payment_id.is_some() {
        return Ok(request);
    }
    let quote = GetRate {
        invoice_currency: request.invoice_currency.clone(),
        invoice_amount: request.invoice_amount,
        currency: request.currency.clone(),
        pos_id: request.pos_id.clone(),
        accept_zero_confirmations: request.accept_zero_confirmations,
        require_kyt_for_confirmation: request.require_kyt_for_confirmation,
        sid: request.sid.clone(),
        wallet_app_id: request.wallet_app_id.clone(),
    };
    let rate = client.transport.read::<Rate>("GetRate", quote.params(client.config())?, deadline).await?;
    request.payment_id = Some(rate.payment_id);
    Ok(request)
}

/// The wait a failed StartPayment's answer asked for (`Retry-After`) before sending it again,
/// or why it cannot be honoured within the call's deadline.
fn wait_as_asked(failure: &Error, deadline: Deadline) -> std::result::Result<tokio::time::Sleep, String> {
    let wait = failure.details().retry_after.unwrap_or_default();
    if wait >= deadline.remaining() {
        return Err(format!(
            "the payment was not made, and the API asked to wait {wait:?} before sending again, past the call's deadline"
        ));
    }
    Ok(tokio::time::sleep(wait))
}

/// CancelPayment: after an unknown outcome, CheckPayment tells whether the payment is cancelled.
pub(crate) async fn cancel_payment(client: &Client, request: CancelPayment) -> Result<CancelResult> {
    let params = request.params(client.config())?;
    let op = Checked { action: PaymentAction::Cancel, api_action: "CancelPayment", skip: request.skip_state_check };
    op.run(client, &request.payment_ref(), params, |status| {
        (status.cancelled || status.state == PaymentState::Cancelled).then(|| CancelResult {
            cancelled: true,
            status: status.status.clone(),
            recovered: true,
            extra: Extra::default(),
        })
    })
    .await
}

/// AcceptPayment: after an unknown outcome, CheckPayment tells whether the payment moved on.
pub(crate) async fn accept_payment(client: &Client, request: AcceptPayment) -> Result<AcceptResult> {
    let params = request.params(client.config())?;
    let op = Checked { action: PaymentAction::Accept, api_action: "AcceptPayment", skip: request.skip_state_check };
    op.run(client, &request.payment_ref(), params, |status| {
        matches!(status.state, PaymentState::Processing | PaymentState::ZeroConfirmed | PaymentState::Confirmed)
            .then(|| AcceptResult { success: true, recovered: true, extra: Extra::default() })
    })
    .await
}

/// A write on a payment that CheckPayment can look at afterwards.
struct Checked {
    action: PaymentAction,
    api_action: &'static str,
    skip: bool,
}

impl Checked {
    /// Checks the last known state, sends once, and after an unknown outcome asks CheckPayment:
    /// `took_effect` turns what it says into the recovered result, or `None`.
    async fn run<T: Answer>(
        &self,
        client: &Client,
        p: &PaymentRef,
        params: Params,
        took_effect: impl Fn(&PaymentStatus) -> Option<T>,
    ) -> Result<T> {
        if !self.skip {
            client.known.check(&p.payment_id, &p.currency, self.action, self.api_action).await?;
        }
        let deadline = client.deadline();
        let outcome = client.transport.write::<T>(self.api_action, Method::Get, params, deadline).await;
        // The write went out: its result matters more than a store that failed to forget (the
        // stale state then lasts its TTL, and `skip_state_check` passes it).
        client.known.forget(&p.payment_id, &p.currency).await.ok();
        let failure = match settle(outcome)? {
            Ok(result) => return Ok(result),
            Err(failure) => failure,
        };
        let lost = &failure.error;
        looking_up(self.api_action, &p.payment_id, lost);
        let status = client.check_payment_within(p, deadline).await.map_err(|e| {
            concluded(self.api_action, &p.payment_id, Found::LookupFailed);
            unknown(lost, lost.attempts(), &format!("CheckPayment failed too: {}", e.message()))
        })?;
        let result = took_effect(&status);
        concluded(self.api_action, &p.payment_id, if result.is_some() { Found::Recovered } else { Found::NotYet });
        result.ok_or_else(|| {
            let what = format!("CheckPayment shows the payment `{}`: the action has not taken effect (yet)", status.state);
            unknown(lost, lost.attempts(), &what)
        })
    }
}

/// RefundPayment: after an unknown outcome, the payment's record in GetTransactions tells
/// whether a refund is under way (RefundPayment names no payment address, so CheckPayment
/// cannot be asked).
pub(crate) async fn refund_payment(client: &Client, request: RefundPayment) -> Result<RefundResult> {
    let params = request.params(client.config())?;
    if !request.skip_state_check {
        client.known.check(&request.payment_id, &request.currency, PaymentAction::Refund, "RefundPayment").await?;
    }
    let deadline = client.deadline();
    let outcome = client.transport.write::<RefundResult>("RefundPayment", Method::Get, params, deadline).await;
    client.known.forget(&request.payment_id, &request.currency).await.ok();
    let failure = match settle(outcome)? {
        Ok(result) => return Ok(result),
        Err(failure) => failure,
    };
    let attempts = failure.error.attempts();
    let wanted = |t: &Transaction| t.payment_id == request.payment_id && t.currency.as_deref() == Some(&request.currency);
    looking_up("RefundPayment", &request.payment_id, &failure.error);
    let (found, result) = match scan(client, ListTransactions::new(), wanted, deadline).await {
        Ok(Some(t)) if t.refund_status.is_some() && t.refund_amount_opened.is_none_or(|o| o <= Decimal::ZERO) => {
            (Found::Recovered, Ok(RefundResult { wait_time: None, recovered: true, extra: Extra::default() }))
        }
        Ok(Some(_)) => (Found::NotYet, Err(unknown(&failure.error, attempts, "GetTransactions shows no refund under way (yet)"))),
        Ok(None) => (Found::NotYet, Err(unknown(&failure.error, attempts, "GetTransactions does not show the payment"))),
        Err(e) => (Found::LookupFailed, Err(unknown(&failure.error, attempts, &format!("looking it up failed too: {}", e.message())))),
    };
    concluded("RefundPayment", &request.payment_id, found);
    result
}

/// RequestKyc: it e-mails the payer, so it is sent once (re-sent only when it cannot have
/// reached the API). No call tells whether an earlier one went out, so a lost answer is
/// `outcome_unknown`, and whether to send it again (a second e-mail) is the caller's choice.
pub(crate) async fn request_kyc(client: &Client, request: RequestKyc) -> Result<KycResult> {
    let params = request.params()?;
    let outcome = client.transport.write::<KycResult>("RequestKyc", Method::PostForm, params, client.deadline()).await;
    match settle(outcome)? {
        Ok(result) => Ok(result),
        Err(failure) => {
            concluded("RequestKyc", "", Found::NothingToAsk);
            Err(unknown(
            &failure.error,
            failure.error.attempts(),
            "no call can tell whether the e-mail went out; sending RequestKyc again may e-mail the payer twice",
            ))
        }
    }
}

/// The result, or the failure to reconcile when the API may have acted, or the plain error.
fn settle<T>(outcome: std::result::Result<T, Failure>) -> Result<std::result::Result<T, Failure>> {
    match outcome {
        Ok(result) => Ok(Ok(result)),
        Err(f) if f.reach == Reach::MaybeActed => Ok(Err(f)),
        Err(f) => Err(f.error),
    }
}

/// Searches the newest payments for the one this StartPayment may have created: its
/// `payment_id` (in its currency) and nothing else.
async fn find_started(client: &Client, payment_id: &str, currency: &str, deadline: Deadline) -> Result<Option<Transaction>> {
    let wanted = |t: &Transaction| t.payment_id == payment_id && t.currency.as_deref().is_none_or(|c| c.eq_ignore_ascii_case(currency));
    scan(client, ListTransactions::new(), wanted, deadline).await
}

/// The first of the newest payments that `wanted` accepts, within the deadline.
async fn scan(
    client: &Client,
    list: ListTransactions,
    wanted: impl Fn(&Transaction) -> bool,
    deadline: Deadline,
) -> Result<Option<Transaction>> {
    let mut pager = client.transactions(list);
    let walk = async {
        for _ in 0..RECONCILE_SCAN_LIMIT {
            match pager.next().await? {
                Some(t) if wanted(&t) => return Ok(Some(t)),
                Some(_) => {}
                None => break,
            }
        }
        Ok(None)
    };
    match tokio::time::timeout(deadline.remaining(), walk).await {
        Ok(found) => found,
        Err(_) => Err(Error::new(ErrorCode::Timeout, "the call's deadline passed")),
    }
}

/// A StartPayment result rebuilt from the payment's record, with what only StartPayment
/// returns left empty; or why the record cannot be the payment this call made. Its address was
/// only ever in the lost answer, so nobody can have paid it: a payment made by this call is
/// still `waiting`, for the request's invoice and reference.
fn recovered_start(t: Transaction, request: &StartPayment) -> std::result::Result<StartedPayment, String> {
    if t.state != PaymentState::Waiting {
        return Err(format!(
            "a payment with this payment_id exists but is `{}`: not one this call can have made (was the payment_id used before?)",
            t.state
        ));
    }
    let differs = |what: &str| format!("a payment with this payment_id exists with another {what}: not the one this call asked for");
    if t.invoice_amount.is_some_and(|a| a != request.invoice_amount) {
        return Err(differs("invoice_amount"));
    }
    if t.invoice_currency.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case(&request.invoice_currency)) {
        return Err(differs("invoice_currency"));
    }
    if t.reference_no.is_some() && t.reference_no != request.reference_no {
        return Err(differs("reference_no"));
    }
    let (Some(address), Some(amount)) = (t.address, t.amount) else {
        return Err("the payment exists, but GetTransactions does not show its address and amount".to_string());
    };
    Ok(StartedPayment {
        address,
        amount,
        payment_id: t.payment_id,
        invoice_currency: t.invoice_currency.unwrap_or_else(|| request.invoice_currency.clone()),
        invoice_amount: t.invoice_amount.unwrap_or(request.invoice_amount),
        currency: t.currency.unwrap_or_else(|| request.currency.clone()),
        rate: None,
        amount_exchange: t.amount_exchange,
        network_processing_fee: t.network_processing_fee,
        min_confirmations: None,
        wait_time: None,
        sid: t.sid,
        fast_transaction_fee: None,
        fast_transaction_fee_currency: None,
        qr: None,
        qr_alt: None,
        qr_img: None,
        qr_alt_img: None,
        print_string: None,
        access_token: t.access_token,
        access_url: None,
        stats_token: None,
        notices: Vec::new(),
        item_name: t.item_name,
        reference_no: t.reference_no,
        cancelled: Some(t.cancelled),
        invoice_surcharge_amount: None,
        invoice_amount_with_surcharge: None,
        invoice_surcharge_percent: None,
        beneficiary_vasp_details: None,
        recovered: true,
        extra: Extra::default(),
    })
}

/// What the look-up after a lost answer concluded (`forumpay.reconcile.result`).
#[derive(Clone, Copy)]
enum Found {
    /// The write took effect: its result is returned with `recovered`.
    Recovered,
    /// StartPayment: the payment is not there; the request is sent again.
    SendAgain,
    /// The write has not taken effect (yet), or cannot be told: `outcome_unknown`.
    NotYet,
    /// A payment with this id exists but is not the one this call made: `outcome_unknown`.
    Other,
    /// The look-up failed too: `outcome_unknown`.
    LookupFailed,
    /// Nothing can be asked (RequestKyc): `outcome_unknown`.
    NothingToAsk,
}

/// The event of a write whose answer was lost, before the client asks the API about it.
fn looking_up(action: &'static str, payment_id: &str, lost: &Error) {
    tracing::event!(
        target: trace::RECONCILE,
        Level::INFO,
        forumpay.action = action,
        forumpay.payment_id = payment_id,
        error.type = lost.code().as_str(),
        "answer lost; asking the API what happened"
    );
}

/// The event of what the look-up concluded: `info` when the result is known, `warn` for
/// `outcome_unknown`.
fn concluded(action: &'static str, payment_id: &str, found: Found) {
    let payment_id = (!payment_id.is_empty()).then_some(payment_id);
    match found {
        Found::Recovered | Found::SendAgain => {
            let result = if matches!(found, Found::Recovered) { "recovered" } else { "send_again" };
            tracing::event!(target: trace::RECONCILE, Level::INFO, forumpay.action = action, forumpay.payment_id = payment_id, forumpay.reconcile.result = result, "lost answer reconciled");
        }
        Found::NotYet | Found::Other | Found::LookupFailed | Found::NothingToAsk => {
            let result = match found {
                Found::Other => "other_payment",
                Found::LookupFailed => "lookup_failed",
                Found::NothingToAsk => "nothing_to_ask",
                _ => "not_taken_effect",
            };
            tracing::event!(target: trace::RECONCILE, Level::WARN, forumpay.action = action, forumpay.payment_id = payment_id, forumpay.reconcile.result = result, forumpay.outcome = "outcome_unknown", "outcome unknown");
        }
    }
}

/// `outcome_unknown`, keeping what is known of the lost exchange (action, status, Cf-Ray).
fn unknown(lost: &Error, attempts: u32, learned: &str) -> Error {
    let details = ErrorDetails { attempts, ..lost.details().clone() };
    let message = format!("the answer was lost ({}); {learned}", lost.message());
    Error::new(ErrorCode::OutcomeUnknown, message).with_details(details)
}
