//! The fuzzer's inputs for the request and configuration builders, made by `arbitrary` from the
//! raw bytes: any text (not only valid UTF-8 words), any decimal a `Decimal` can hold (negative,
//! zero, 28 places), and every setter of every request. Building one goes through the public
//! constructors and setters a caller uses.

use crate::params::Expect;
use arbitrary::Arbitrary;
use forumpay::fuzzing::WireParams;
use forumpay::{
    AcceptPayment, CancelPayment, CancelReason, Config, Decimal, FeePayer, GetCurrencyList, GetRate, GetRates,
    GetTransactions, Payer, PayerType, PaymentRef, Ping, RefundPayment, StartPayment,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Any `Decimal`: 96-bit mantissa, either sign, scale 0 to 28.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Amount {
    lo: u32,
    mid: u32,
    hi: u32,
    negative: bool,
    scale: u8,
}

impl Amount {
    /// The decimal these bits stand for.
    pub fn decimal(self) -> Decimal {
        Decimal::from_parts(self.lo, self.mid, self.hi, self.negative, u32::from(self.scale % 29))
    }
}

/// The two configurations a request meets: with a default `pos_id` and without one.
pub fn config(with_default_pos_id: bool) -> &'static Config {
    static WITH: OnceLock<Config> = OnceLock::new();
    static WITHOUT: OnceLock<Config> = OnceLock::new();
    if with_default_pos_id {
        WITH.get_or_init(|| Config::builder("fuzz", "fuzz-secret").pos_id("web").build().expect("config"))
    } else {
        WITHOUT.get_or_init(|| Config::builder("fuzz", "fuzz-secret").build().expect("config"))
    }
}

/// The payment a call is about.
#[derive(Debug, Arbitrary)]
pub struct RefInput {
    payment_id: String,
    currency: String,
    address: String,
    pos_id: Option<String>,
}

impl RefInput {
    fn build(self) -> PaymentRef {
        let payment = PaymentRef::new(self.payment_id, self.currency, self.address);
        match self.pos_id {
            Some(p) => payment.pos_id(p),
            None => payment,
        }
    }
}

/// Every optional field of StartPayment; named kinds (`payer_type`, fee payer) as text, read by
/// core's own parsers.
#[derive(Debug, Arbitrary)]
pub struct StartInput {
    invoice_currency: String,
    invoice_amount: Amount,
    currency: String,
    pos_id: Option<String>,
    payment_id: Option<String>,
    reference_no: Option<String>,
    item_name: Option<String>,
    accept_zero_confirmations: Option<bool>,
    require_kyt_for_confirmation: Option<bool>,
    payer_ip_address: Option<String>,
    payer_user_agent: Option<String>,
    payer_id: Option<String>,
    payer_email: Option<String>,
    auto_accept_underpayment: Option<Option<Amount>>,
    auto_accept_overpayment: Option<Option<Amount>>,
    auto_accept_late_payment: Option<bool>,
    webhook_url: Option<String>,
    on_success_redirect_url: Option<String>,
    on_failure_redirect_url: Option<String>,
    fee_paid_by: Option<String>,
    wallet_app_id: Option<String>,
    sid: Option<String>,
    payer_kyc_pin: Option<String>,
    payer: Option<PayerInput>,
}

/// Payer details, `other` included (any `payer_*` name).
#[derive(Debug, Arbitrary)]
pub struct PayerInput {
    payer_type: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    country: Option<String>,
    date_of_birth: Option<String>,
    other: BTreeMap<String, String>,
}

/// One request of any kind, with the configuration it meets.
#[derive(Debug, Arbitrary)]
pub struct RequestInput {
    default_pos_id: bool,
    request: AnyRequest,
}

/// Every request type and its settings.
#[derive(Debug, Arbitrary)]
pub enum AnyRequest {
    /// GetRate.
    GetRate { invoice_currency: String, invoice_amount: Amount, currency: String, pos_id: Option<String>, zero: Option<bool>, kyt: Option<bool> },
    /// GetRates.
    GetRates { invoice_currency: String, invoice_amount: Amount, currencies: Vec<String>, pos_id: Option<String> },
    /// StartPayment.
    StartPayment(Box<StartInput>),
    /// CheckPayment.
    CheckPayment(RefInput),
    /// CancelPayment.
    CancelPayment { payment: RefInput, reason: Option<String>, comment: Option<String> },
    /// AcceptPayment.
    AcceptPayment { payment: RefInput, accepted_amount: Amount, accepted_invoice_amount: Option<Amount> },
    /// RefundPayment.
    RefundPayment { payment_id: String, currency: String, address_out: String, refund_amount: Amount, pos_id: Option<String> },
    /// GetCurrencyList.
    GetCurrencyList { invoice_currency: Option<String> },
    /// GetTransactions.
    GetTransactions { offset: i64, limit: i64 },
    /// Ping.
    Ping { webhook_url: Option<String> },
}

/// A request built, or the `validation` error a named kind (reason, fee payer, payer type) got.
pub type Built = forumpay::Result<(Box<dyn WireParams>, Expect)>;

impl RequestInput {
    /// The configuration this request meets.
    pub fn config(&self) -> &'static Config {
        config(self.default_pos_id)
    }

    /// Builds the request the way a caller does, and what it must send.
    pub fn build(self) -> Built {
        let default_pos = self.config().pos_id().map(str::to_string);
        let pos = |call: &Option<String>| call.clone().or_else(|| default_pos.clone());
        let amount = |a: Amount| Some(a.decimal());
        Ok(match self.request {
            AnyRequest::GetRate { invoice_currency, invoice_amount, currency, pos_id, zero, kyt } => {
                let expect = Expect { pos_id: pos(&pos_id), amounts: vec![("invoice_amount", amount(invoice_amount))] };
                let mut r = GetRate::new(invoice_currency, invoice_amount.decimal(), currency);
                r = if let Some(p) = pos_id { r.pos_id(p) } else { r };
                r = if let Some(z) = zero { r.accept_zero_confirmations(z) } else { r };
                r = if let Some(k) = kyt { r.require_kyt_for_confirmation(k) } else { r };
                (Box::new(r), expect)
            }
            AnyRequest::GetRates { invoice_currency, invoice_amount, currencies, pos_id } => {
                let expect = Expect { pos_id: pos(&pos_id), amounts: vec![("invoice_amount", amount(invoice_amount))] };
                let r = GetRates::new(invoice_currency, invoice_amount.decimal(), currencies);
                (Box::new(if let Some(p) = pos_id { r.pos_id(p) } else { r }), expect)
            }
            AnyRequest::StartPayment(start) => {
                let pos_id = pos(&start.pos_id);
                start.build(pos_id)?
            }
            AnyRequest::CheckPayment(payment) => {
                let expect = Expect::with_pos(pos(&payment.pos_id));
                (Box::new(payment.build()), expect)
            }
            AnyRequest::CancelPayment { payment, reason, comment } => {
                let expect = Expect::with_pos(pos(&payment.pos_id));
                let mut r = CancelPayment::new(payment.build());
                if let Some(reason) = reason {
                    r = r.reason(CancelReason::parse(&reason)?);
                }
                (Box::new(if let Some(c) = comment { r.comment(c) } else { r }), expect)
            }
            AnyRequest::AcceptPayment { payment, accepted_amount, accepted_invoice_amount } => {
                let expect = Expect {
                    pos_id: pos(&payment.pos_id),
                    amounts: vec![
                        ("accepted_amount", amount(accepted_amount)),
                        ("accepted_invoice_amount", accepted_invoice_amount.map(Amount::decimal)),
                    ],
                };
                let r = AcceptPayment::new(payment.build(), accepted_amount.decimal());
                let r = match accepted_invoice_amount {
                    Some(a) => r.accepted_invoice_amount(a.decimal()),
                    None => r,
                };
                (Box::new(r), expect)
            }
            AnyRequest::RefundPayment { payment_id, currency, address_out, refund_amount, pos_id } => {
                let expect = Expect { pos_id: pos(&pos_id), amounts: vec![("refund_amount", amount(refund_amount))] };
                let r = RefundPayment::new(payment_id, currency, address_out, refund_amount.decimal());
                (Box::new(if let Some(p) = pos_id { r.pos_id(p) } else { r }), expect)
            }
            AnyRequest::GetCurrencyList { invoice_currency } => {
                let r = GetCurrencyList::new();
                (Box::new(if let Some(c) = invoice_currency { r.invoice_currency(c) } else { r }), Expect::default())
            }
            AnyRequest::GetTransactions { offset, limit } => {
                (Box::new(GetTransactions::new().offset(offset).limit(limit)), Expect::default())
            }
            AnyRequest::Ping { webhook_url } => {
                (Box::new(if let Some(u) = webhook_url { Ping::new().webhook_url(u) } else { Ping::new() }), Expect::default())
            }
        })
    }
}

impl StartInput {
    fn build(self, pos_id: Option<String>) -> Built {
        let expect = Expect {
            pos_id,
            amounts: vec![
                ("invoice_amount", Some(self.invoice_amount.decimal())),
                ("auto_accept_underpayment_min", self.auto_accept_underpayment.flatten().map(Amount::decimal)),
                ("auto_accept_overpayment_max", self.auto_accept_overpayment.flatten().map(Amount::decimal)),
            ],
        };
        let mut r = StartPayment::new(self.invoice_currency, self.invoice_amount.decimal(), self.currency);
        macro_rules! set {
            ($($field:ident),*) => {$( if let Some(v) = self.$field { r = r.$field(v); } )*};
        }
        set!(pos_id, payment_id, reference_no, item_name, accept_zero_confirmations, payer_id, payer_email, webhook_url);
        set!(auto_accept_late_payment);
        if let Some(min) = self.auto_accept_underpayment {
            r = r.auto_accept_underpayment(min.map(Amount::decimal));
        }
        if let Some(max) = self.auto_accept_overpayment {
            r = r.auto_accept_overpayment(max.map(Amount::decimal));
        }
        // Fields without a setter are set as a caller using struct syntax would.
        r.require_kyt_for_confirmation = self.require_kyt_for_confirmation;
        r.payer_ip_address = self.payer_ip_address;
        r.payer_user_agent = self.payer_user_agent;
        r.on_success_redirect_url = self.on_success_redirect_url;
        r.on_failure_redirect_url = self.on_failure_redirect_url;
        r.network_processing_fee_paid_by = self.fee_paid_by.as_deref().map(FeePayer::parse).transpose()?;
        r.wallet_app_id = self.wallet_app_id;
        r.sid = self.sid;
        r.payer_kyc_pin = self.payer_kyc_pin;
        r.payer = self.payer.map(PayerInput::build).transpose()?;
        Ok((Box::new(r), expect))
    }
}

impl PayerInput {
    fn build(self) -> forumpay::Result<Payer> {
        Ok(Payer {
            payer_type: self.payer_type.as_deref().map(PayerType::parse).transpose()?,
            first_name: self.first_name,
            last_name: self.last_name,
            company_name: self.company_name,
            country: self.country,
            date_of_birth: self.date_of_birth,
            other: self.other,
        })
    }
}
