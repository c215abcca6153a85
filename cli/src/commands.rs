//! The endpoint subcommands: each turns its flags into one SDK request, makes the call, and
//! prints the answer.

use crate::args::{
    AcceptArgs, CancelArgs, Command, CurrenciesArgs, Global, InvoiceArgs, KycArgs, PaymentArgs,
    PingArgs, RateArgs, RatesArgs, RefundArgs, StartArgs, TransactionsArgs,
};
use crate::connect::{client, require_pos_id};
use crate::output::{show, Failure, Printing};
use forumpay::{
    parse_amount, AcceptPayment, CancelPayment, CancelReason, Client, Decimal, GetCurrencyList,
    GetRate, GetRates, GetTransactions, GetWalletApps, PaymentRef, Ping, RefundPayment,
    RequestKyc, StartPayment,
};

/// Runs one endpoint subcommand (and `transactions --all`). `sandbox`, `demo` and the shop
/// tools are handled by their own modules; they never reach here.
pub async fn run(global: &Global, command: &Command) -> Result<(), Failure> {
    // Arguments are parsed before the client is built, so a bad amount is reported as such
    // even when credentials are missing too, and no request is ever made for it.
    let json = Printing::of(global);
    let connected = || connect(global, command);
    match command {
        Command::Ping(a) => {
            let request = ping(a);
            show(&connected()?.ping(request).await?, json);
        }
        Command::Rate(a) => {
            let request = rate(a)?;
            show(&connected()?.get_rate(request).await?, json);
        }
        Command::Rates(a) => {
            let request = rates(a)?;
            show(&connected()?.get_rates(request).await?, json);
        }
        Command::Start(a) => {
            let request = start(a)?;
            show(&connected()?.start_payment(request).await?, json);
        }
        Command::Check(a) => {
            let request = payment_ref(a);
            show(&connected()?.check_payment(request).await?, json);
        }
        Command::Cancel(a) => {
            let request = cancel(a)?;
            show(&connected()?.cancel_payment(request).await?, json);
        }
        Command::Accept(a) => {
            let request = accept(a)?;
            show(&connected()?.accept_payment(request).await?, json);
        }
        Command::Refund(a) => {
            let request = refund(a)?;
            show(&connected()?.refund_payment(request).await?, json);
        }
        Command::Currencies(a) => {
            let request = currencies(a);
            show(
                connected()?.get_currency_list(request).await?.as_slice(),
                json,
            );
        }
        Command::Transactions(a) if a.export.all => return crate::export::run(global, a).await,
        Command::Transactions(a) => {
            if let Some(flag) = a.export.needs_all() {
                return Err(Failure::Usage(forumpay::Error::validation(
                    "all",
                    format!("{flag} lists every page: add --all"),
                )));
            }
            let request = transactions(a);
            show(&connected()?.get_transactions(request).await?, json);
        }
        Command::Kyc(a) => {
            let request = kyc(a);
            show(&connected()?.request_kyc(request).await?, json);
        }
        Command::WalletApps => {
            let apps = connected()?.get_wallet_apps(GetWalletApps::new()).await?;
            show(apps.as_slice(), json);
        }
        Command::Sandbox(_)
        | Command::Demo(_)
        | Command::Watch(_)
        | Command::Reconcile(_)
        | Command::Webhook(_)
        | Command::Completions(_)
        | Command::Man(_) => {
            return Err(Failure::Other("not an API call".to_string()));
        }
    }
    Ok(())
}

/// The client for `command`, after checking it has every setting the call needs.
fn connect(global: &Global, command: &Command) -> Result<Client, Failure> {
    if needs_pos_id(command) {
        require_pos_id(global)?;
    }
    client(global)
}

/// Whether the call carries a `pos_id` (everything but Ping, GetCurrencyList,
/// GetTransactions, RequestKyc and GetWalletApps).
fn needs_pos_id(command: &Command) -> bool {
    !matches!(
        command,
        Command::Ping(_)
            | Command::Currencies(_)
            | Command::Transactions(_)
            | Command::Kyc(_)
            | Command::WalletApps
            | Command::Sandbox(_)
            | Command::Demo(_)
            | Command::Completions(_)
            | Command::Man(_)
    )
}

/// An amount flag, parsed exactly; the error names the API field (`invoice_amount`).
fn amount(field: &str, text: &str) -> Result<Decimal, Failure> {
    parse_amount(field, text).map_err(Failure::Sdk)
}

/// The invoice amount flag, parsed exactly.
fn invoice_amount(invoice: &InvoiceArgs) -> Result<Decimal, Failure> {
    amount("invoice_amount", &invoice.invoice_amount)
}

/// `ping` flags to a Ping request.
fn ping(a: &PingArgs) -> Ping {
    match &a.webhook_url {
        Some(url) => Ping::new().webhook_url(url),
        None => Ping::new(),
    }
}

/// `rate` flags to a GetRate request; an unset flag is not sent, so the API default holds.
fn rate(a: &RateArgs) -> Result<GetRate, Failure> {
    let mut request = GetRate::new(
        &a.invoice.invoice_currency,
        invoice_amount(&a.invoice)?,
        &a.currency,
    );
    if a.accept_zero_confirmations {
        request = request.accept_zero_confirmations(true);
    }
    request.wallet_app_id = a.wallet_app_id.clone();
    Ok(request)
}

/// `rates` flags to a GetRates request.
fn rates(a: &RatesArgs) -> Result<GetRates, Failure> {
    Ok(GetRates::new(
        &a.invoice.invoice_currency,
        invoice_amount(&a.invoice)?,
        a.currencies.iter(),
    ))
}

/// `start` flags to a StartPayment request.
fn start(a: &StartArgs) -> Result<StartPayment, Failure> {
    let mut r = StartPayment::new(
        &a.invoice.invoice_currency,
        invoice_amount(&a.invoice)?,
        &a.currency,
    );
    r.payment_id = a.payment_id.clone();
    r.reference_no = a.reference_no.clone();
    r.item_name = a.item_name.clone();
    r.webhook_url = a.webhook_url.clone();
    r.payer_id = a.payer_id.clone();
    r.payer_email = a.payer_email.clone();
    r.payer_kyc_pin = a.payer_kyc_pin.clone();
    r.wallet_app_id = a.wallet_app_id.clone();
    // Flags left off are not sent at all: the API's own default applies.
    r.accept_zero_confirmations = a.accept_zero_confirmations.then_some(true);
    if a.auto_accept_underpayment {
        let min = match &a.auto_accept_underpayment_min {
            Some(text) => Some(amount("auto_accept_underpayment_min", text)?),
            None => None,
        };
        r = r.auto_accept_underpayment(min);
    }
    if a.auto_accept_overpayment {
        r = r.auto_accept_overpayment(None);
    }
    r.auto_accept_late_payment = a.auto_accept_late_payment.then_some(true);
    Ok(r)
}

/// The three flags that name a payment.
fn payment_ref(a: &PaymentArgs) -> PaymentRef {
    PaymentRef::new(&a.payment_id, &a.currency, &a.address)
}

/// `cancel` flags to a CancelPayment request; the reason is checked by the SDK.
fn cancel(a: &CancelArgs) -> Result<CancelPayment, Failure> {
    let mut request = CancelPayment::new(payment_ref(&a.payment));
    if let Some(reason) = &a.reason {
        request = request.reason(CancelReason::parse(reason)?);
    }
    if let Some(comment) = &a.comment {
        request = request.comment(comment);
    }
    Ok(request)
}

/// `accept` flags to an AcceptPayment request.
fn accept(a: &AcceptArgs) -> Result<AcceptPayment, Failure> {
    let mut request = AcceptPayment::new(
        payment_ref(&a.payment),
        amount("accepted_amount", &a.accepted_amount)?,
    );
    if let Some(text) = &a.accepted_invoice_amount {
        request = request.accepted_invoice_amount(amount("accepted_invoice_amount", text)?);
    }
    Ok(request)
}

/// `refund` flags to a RefundPayment request.
fn refund(a: &RefundArgs) -> Result<RefundPayment, Failure> {
    Ok(RefundPayment::new(
        &a.payment_id,
        &a.currency,
        &a.address_out,
        amount("refund_amount", &a.refund_amount)?,
    ))
}

/// `currencies` flags to a GetCurrencyList request.
fn currencies(a: &CurrenciesArgs) -> GetCurrencyList {
    match &a.invoice_currency {
        Some(c) => GetCurrencyList::new().invoice_currency(c),
        None => GetCurrencyList::new(),
    }
}

/// `transactions` flags to a GetTransactions request (the SDK checks the bounds); the API
/// filters by --reference-no itself.
fn transactions(a: &TransactionsArgs) -> GetTransactions {
    let mut request = GetTransactions::new().offset(a.offset).limit(a.limit);
    request.reference_no = a.export.reference_no.clone();
    request
}

/// `kyc` flags to a RequestKyc request (the SDK checks the address).
fn kyc(a: &KycArgs) -> RequestKyc {
    RequestKyc::new(&a.email)
}
