//! StartPayment: everything the API accepts when a payment starts.

use super::Params;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::validate::{self, MAX_PAYER_ID_LEN};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Starts a payment: the API hands out an address and the amount to pay (StartPayment).
/// Sent as a POST form, as the provider's own client does, so payer data stays out of URLs.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartPayment {
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    #[serde(deserialize_with = "crate::money::named::required")]
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// The `payment_id` from GetRate, to keep the quoted rate.
    #[serde(default)]
    pub payment_id: Option<String>,
    /// The merchant's order reference.
    #[serde(default)]
    pub reference_no: Option<String>,
    /// Item name shown to the payer.
    #[serde(default)]
    pub item_name: Option<String>,
    /// Accept with zero confirmations (POS under video surveillance only).
    #[serde(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[serde(default)]
    pub require_kyt_for_confirmation: Option<bool>,
    /// Payer's IP address.
    #[serde(default)]
    pub payer_ip_address: Option<String>,
    /// Payer's browser User-Agent.
    #[serde(default)]
    pub payer_user_agent: Option<String>,
    /// Merchant-side payer id (`A-Z a-z 0-9 . _ -`, at most 64).
    #[serde(default)]
    pub payer_id: Option<String>,
    /// Payer's e-mail.
    #[serde(default)]
    pub payer_email: Option<String>,
    /// Accept an underpayment automatically.
    #[serde(default)]
    pub auto_accept_underpayment: Option<bool>,
    /// ...only when at least this much (fiat) was paid.
    #[serde(default, deserialize_with = "crate::money::named::optional")]
    pub auto_accept_underpayment_min: Option<Decimal>,
    /// Accept an overpayment automatically.
    #[serde(default)]
    pub auto_accept_overpayment: Option<bool>,
    /// ...only up to this much (fiat) over.
    #[serde(default, deserialize_with = "crate::money::named::optional")]
    pub auto_accept_overpayment_max: Option<Decimal>,
    /// Accept a payment that arrives after cancellation automatically.
    #[serde(default)]
    pub auto_accept_late_payment: Option<bool>,
    /// Webhook URL for this payment's notifications.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Where the payer's page sends the payer after success.
    #[serde(default)]
    pub on_success_redirect_url: Option<String>,
    /// Where the payer's page sends the payer after failure.
    #[serde(default)]
    pub on_failure_redirect_url: Option<String>,
    /// Who pays the network fee.
    #[serde(default)]
    pub network_processing_fee_paid_by: Option<FeePayer>,
    /// Wallet app to suggest (from GetWalletApps).
    #[serde(default)]
    pub wallet_app_id: Option<String>,
    /// Session id.
    #[serde(default)]
    pub sid: Option<String>,
    /// Payer's KYC pin.
    #[serde(default)]
    pub payer_kyc_pin: Option<String>,
    /// Payer details (sent as flat `payer_*` fields).
    #[serde(default)]
    pub payer: Option<Payer>,
}

impl StartPayment {
    /// A payment of `invoice_amount` `invoice_currency`, paid in `currency`.
    pub fn new(invoice_currency: impl Into<String>, invoice_amount: Decimal, currency: impl Into<String>) -> Self {
        StartPayment {
            invoice_currency: invoice_currency.into(),
            invoice_amount,
            currency: currency.into(),
            pos_id: None,
            payment_id: None,
            reference_no: None,
            item_name: None,
            accept_zero_confirmations: None,
            require_kyt_for_confirmation: None,
            payer_ip_address: None,
            payer_user_agent: None,
            payer_id: None,
            payer_email: None,
            auto_accept_underpayment: None,
            auto_accept_underpayment_min: None,
            auto_accept_overpayment: None,
            auto_accept_overpayment_max: None,
            auto_accept_late_payment: None,
            webhook_url: None,
            on_success_redirect_url: None,
            on_failure_redirect_url: None,
            network_processing_fee_paid_by: None,
            wallet_app_id: None,
            sid: None,
            payer_kyc_pin: None,
            payer: None,
        }
    }

    /// Uses this point of sale instead of the default.
    pub fn pos_id(mut self, value: impl Into<String>) -> Self {
        self.pos_id = Some(value.into());
        self
    }

    /// Continues the payment quoted by GetRate.
    pub fn payment_id(mut self, value: impl Into<String>) -> Self {
        self.payment_id = Some(value.into());
        self
    }

    /// The merchant's order reference.
    pub fn reference_no(mut self, value: impl Into<String>) -> Self {
        self.reference_no = Some(value.into());
        self
    }

    /// Item name shown to the payer.
    pub fn item_name(mut self, value: impl Into<String>) -> Self {
        self.item_name = Some(value.into());
        self
    }

    /// Asks for zero-confirmation acceptance.
    pub fn accept_zero_confirmations(mut self, value: bool) -> Self {
        self.accept_zero_confirmations = Some(value);
        self
    }

    /// Merchant-side payer id.
    pub fn payer_id(mut self, value: impl Into<String>) -> Self {
        self.payer_id = Some(value.into());
        self
    }

    /// Payer's e-mail.
    pub fn payer_email(mut self, value: impl Into<String>) -> Self {
        self.payer_email = Some(value.into());
        self
    }

    /// Webhook URL for this payment.
    pub fn webhook_url(mut self, value: impl Into<String>) -> Self {
        self.webhook_url = Some(value.into());
        self
    }

    /// Accepts underpayments automatically, optionally only above `min` (fiat).
    pub fn auto_accept_underpayment(mut self, min: Option<Decimal>) -> Self {
        self.auto_accept_underpayment = Some(true);
        self.auto_accept_underpayment_min = min;
        self
    }

    /// Accepts overpayments automatically, optionally only up to `max` (fiat).
    pub fn auto_accept_overpayment(mut self, max: Option<Decimal>) -> Self {
        self.auto_accept_overpayment = Some(true);
        self.auto_accept_overpayment_max = max;
        self
    }

    /// Accepts payments that arrive after cancellation automatically.
    pub fn auto_accept_late_payment(mut self, value: bool) -> Self {
        self.auto_accept_late_payment = Some(value);
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = Params::default();
        p.pos_id(self.pos_id.as_deref(), config)?;
        p.currency("invoice_currency", &self.invoice_currency)?;
        p.amount("invoice_amount", &self.invoice_amount)?;
        p.currency("currency", &self.currency)?;
        if let Some(id) = &self.payment_id {
            p.required("payment_id", id)?;
        }
        p.opt_text("reference_no", self.reference_no.as_deref());
        p.opt_text("item_name", self.item_name.as_deref());
        p.opt_flag("accept_zero_confirmations", self.accept_zero_confirmations);
        p.opt_flag("require_kyt_for_confirmation", self.require_kyt_for_confirmation);
        p.opt_text("payer_ip_address", self.payer_ip_address.as_deref());
        p.opt_text("payer_user_agent", self.payer_user_agent.as_deref());
        if let Some(id) = &self.payer_id {
            validate::identifier("payer_id", id, MAX_PAYER_ID_LEN)?;
            p.text("payer_id", id);
        }
        p.opt_text("payer_email", self.payer_email.as_deref());
        p.opt_flag("auto_accept_underpayment", self.auto_accept_underpayment);
        p.opt_amount("auto_accept_underpayment_min", self.auto_accept_underpayment_min.as_ref())?;
        p.opt_flag("auto_accept_overpayment", self.auto_accept_overpayment);
        p.opt_amount("auto_accept_overpayment_max", self.auto_accept_overpayment_max.as_ref())?;
        p.opt_flag("auto_accept_late_payment", self.auto_accept_late_payment);
        for (key, url) in [
            ("webhook_url", &self.webhook_url),
            ("on_success_redirect_url", &self.on_success_redirect_url),
            ("on_failure_redirect_url", &self.on_failure_redirect_url),
        ] {
            if let Some(url) = url {
                check_url(key, url)?;
                p.text(key, url);
            }
        }
        p.opt_text("network_processing_fee_paid_by", self.network_processing_fee_paid_by.map(FeePayer::as_str));
        p.opt_text("wallet_app_id", self.wallet_app_id.as_deref());
        p.opt_text("sid", self.sid.as_deref());
        p.opt_text("payer_kyc_pin", self.payer_kyc_pin.as_deref());
        if let Some(payer) = &self.payer {
            payer.push_params(&mut p)?;
        }
        Ok(p)
    }
}

fn check_url(field: &'static str, url: &str) -> Result<()> {
    let ok = url::Url::parse(url).map(|u| matches!(u.scheme(), "http" | "https")).unwrap_or(false);
    if ok { Ok(()) } else { Err(Error::validation(field, format!("{field} must be an http(s):// URL"))) }
}

/// Who pays the network processing fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeePayer {
    /// The payer pays it on top of the invoice.
    Payer,
    /// The merchant absorbs it.
    Merchant,
}

impl FeePayer {
    /// The API's text.
    pub fn as_str(self) -> &'static str {
        match self {
            FeePayer::Payer => "payer",
            FeePayer::Merchant => "merchant",
        }
    }

    /// Reads `payer` or `merchant` (code `validation` otherwise).
    pub fn parse(text: &str) -> Result<FeePayer> {
        match text {
            "payer" => Ok(FeePayer::Payer),
            "merchant" => Ok(FeePayer::Merchant),
            _ => Err(Error::validation("network_processing_fee_paid_by", "must be `payer` or `merchant`")),
        }
    }
}

/// Whether the payer is a person or a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayerType {
    /// A natural person.
    Individual,
    /// A company.
    Company,
}

impl PayerType {
    /// The API's text.
    pub fn as_str(self) -> &'static str {
        match self {
            PayerType::Individual => "individual",
            PayerType::Company => "company",
        }
    }

    /// Reads `individual` or `company` (code `validation`, field `payer_type`, otherwise).
    pub fn parse(text: &str) -> Result<PayerType> {
        match text {
            "individual" => Ok(PayerType::Individual),
            "company" => Ok(PayerType::Company),
            _ => Err(Error::validation("payer_type", "must be `individual` or `company`")),
        }
    }
}

/// Payer details for travel-rule and KYC checks, sent as flat `payer_*` fields.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payer {
    /// Person or company.
    #[serde(default)]
    pub payer_type: Option<PayerType>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Company name.
    #[serde(default)]
    pub company_name: Option<String>,
    /// Country (ISO code).
    #[serde(default)]
    pub country: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// Any other `payer_*` field the API accepts, by its name without the `payer_` prefix.
    #[serde(default)]
    pub other: BTreeMap<String, String>,
}

/// `payer_*` fields that StartPayment or Payer set themselves, by name without the prefix.
const OWN_PAYER_FIELDS: [&str; 11] = [
    "type", "first_name", "last_name", "company_name", "country", "date_of_birth", "id", "email", "ip_address",
    "user_agent", "kyc_pin",
];

impl Payer {
    fn push_params(&self, p: &mut Params) -> Result<()> {
        p.opt_text("payer_type", self.payer_type.map(PayerType::as_str));
        p.opt_text("payer_first_name", self.first_name.as_deref());
        p.opt_text("payer_last_name", self.last_name.as_deref());
        p.opt_text("payer_company_name", self.company_name.as_deref());
        p.opt_text("payer_country", self.country.as_deref());
        p.opt_text("payer_date_of_birth", self.date_of_birth.as_deref());
        for (name, value) in &self.other {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()) {
                return Err(Error::validation("payer", "payer field names must be lowercase snake_case"));
            }
            // A field with its own setting would be sent twice (the API keeps one, silently) or
            // would skip that setting's check (`id` is a checked `payer_id`).
            if OWN_PAYER_FIELDS.contains(&name.as_str()) {
                return Err(Error::validation("payer", format!("payer field `{name}` has its own setting: use it")));
            }
            p.text(format!("payer_{name}"), value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payer_kinds_read_only_the_api_texts() {
        assert_eq!(PayerType::parse("company").unwrap(), PayerType::Company);
        assert_eq!(PayerType::parse("individual").unwrap().as_str(), "individual");
        assert_eq!(PayerType::parse("Company").unwrap_err().details().field.as_deref(), Some("payer_type"));
        assert_eq!(FeePayer::parse("merchant").unwrap(), FeePayer::Merchant);
        assert!(FeePayer::parse("nobody").is_err());
    }

    #[test]
    fn payer_other_cannot_repeat_a_field_with_its_own_setting() {
        let config = Config::builder("u", "s").pos_id("web").build().unwrap();
        let amount = Decimal::new(1, 0);
        for name in OWN_PAYER_FIELDS {
            let mut payer = Payer { first_name: Some("Ann".into()), ..Payer::default() };
            payer.other.insert(name.to_string(), "x".to_string());
            let start = StartPayment { payer: Some(payer), ..StartPayment::new("EUR", amount, "BTC").payer_email("a@b.c") };
            let err = start.params(&config).unwrap_err();
            assert_eq!((err.code().as_str(), err.details().field.as_deref()), ("validation", Some("payer")), "{name}");
        }
        let mut payer = Payer::default();
        payer.other.insert("nationality".into(), "SI".into());
        let p = StartPayment { payer: Some(payer), ..StartPayment::new("EUR", amount, "BTC") }.params(&config).unwrap();
        assert!(p.0.iter().any(|(k, v)| k == "payer_nationality" && v == "SI"));
    }
}
