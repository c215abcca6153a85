//! The currencies the sandbox sells, their fees and default rates, and exact amount arithmetic.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{bad, SandboxError};

/// Fiat invoice currencies with default rates.
pub(crate) const FIATS: [&str; 3] = ["EUR", "USD", "GBP"];

/// Scale of fiat amounts the sandbox computes itself.
pub(crate) const FIAT_SCALE: u32 = 2;

/// Inputs at or above this are refused, so products of amount and rate can never overflow a Decimal.
const MAX_INPUT: i64 = 1_000_000_000_000;

/// One cryptocurrency as GetCurrencyList describes it.
#[derive(Debug)]
pub(crate) struct CurrencyInfo {
    /// Ticker, as responses spell it.
    pub code: &'static str,
    /// Human name.
    pub description: &'static str,
    /// Fixed scale of amounts in this currency.
    pub decimals: u32,
    /// Whether zero-confirmation acceptance is possible.
    pub zero_confirmations: bool,
    /// Confirmations needed before `confirmed`.
    pub min_confirmations: u32,
    /// Fee added to every amount.
    pub network_fee: &'static str,
    /// Fast transaction fee and its unit.
    pub fast_fee: &'static str,
    /// Unit of `fast_fee`.
    pub fast_fee_currency: &'static str,
    /// URI scheme for QR strings.
    pub scheme: &'static str,
    /// False for listed-but-unavailable currencies.
    pub enabled: bool,
    /// Default rates per fiat, in `FIATS` order.
    pub rates: [&'static str; 3],
}

/// Every listed currency, in GetCurrencyList order.
#[rustfmt::skip]
pub(crate) static CURRENCIES: [CurrencyInfo; 5] = [
    CurrencyInfo { code: "BTC", description: "Bitcoin", decimals: 8, zero_confirmations: true, min_confirmations: 1, network_fee: "0.00002875", fast_fee: "0.00012724", fast_fee_currency: "BTC/kB", scheme: "bitcoin", enabled: true, rates: ["20822.2343", "22500.0000", "18000.0000"] },
    CurrencyInfo { code: "ETH", description: "Ethereum", decimals: 18, zero_confirmations: false, min_confirmations: 2, network_fee: "0.000210000000000000", fast_fee: "0.000000030000000000", fast_fee_currency: "ETH/Gas", scheme: "ethereum", enabled: true, rates: ["1431.7278", "1550.0000", "1240.0000"] },
    CurrencyInfo { code: "LTC", description: "Litecoin", decimals: 8, zero_confirmations: true, min_confirmations: 3, network_fee: "0.00010000", fast_fee: "0.00001000", fast_fee_currency: "LTC/kB", scheme: "litecoin", enabled: true, rates: ["70.1200", "75.5000", "61.0000"] },
    CurrencyInfo { code: "USDT", description: "Tether", decimals: 6, zero_confirmations: false, min_confirmations: 1, network_fee: "1.000000", fast_fee: "5.000000", fast_fee_currency: "USDT", scheme: "tether", enabled: true, rates: ["0.9200", "1.0000", "0.7900"] },
    CurrencyInfo { code: "DOGE", description: "Dogecoin", decimals: 8, zero_confirmations: true, min_confirmations: 6, network_fee: "1.00000000", fast_fee: "0.01000000", fast_fee_currency: "DOGE/kB", scheme: "dogecoin", enabled: false, rates: ["", "", ""] },
];

/// Looks a currency up by ticker (case-insensitive), whether enabled or not.
pub(crate) fn currency(code: &str) -> Option<&'static CurrencyInfo> {
    CURRENCIES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code))
}

/// An enabled currency, or the 400 error the live API gives.
pub(crate) fn available_currency(code: &str) -> Result<&'static CurrencyInfo, SandboxError> {
    match currency(code) {
        Some(c) if c.enabled => Ok(c),
        Some(_) => Err(bad("Currency not available")),
        None => Err(bad(format!("Unknown currency: {code}"))),
    }
}

/// The canonical spelling of a supported fiat, or a 400 error.
pub(crate) fn fiat(code: &str) -> Result<&'static str, SandboxError> {
    FIATS
        .iter()
        .copied()
        .find(|f| f.eq_ignore_ascii_case(code))
        .ok_or_else(|| bad(format!("Unknown invoice currency: {code}")))
}

/// A catalog constant as a Decimal; the constants above are valid, so the fallback never shows.
pub(crate) fn constant(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or(Decimal::ZERO)
}

/// `value` at exactly `scale` decimals (rounded half away from zero, trailing zeros kept).
pub(crate) fn at_scale(value: Decimal, scale: u32) -> Decimal {
    let mut v = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(scale);
    v
}

/// `value` as a string with exactly `scale` decimals.
pub(crate) fn fixed(value: Decimal, scale: u32) -> String {
    at_scale(value, scale).to_string()
}

/// `crypto × rate` as a fiat amount with two decimals.
pub(crate) fn to_fiat(crypto: Decimal, rate: Decimal) -> Decimal {
    at_scale(crypto.checked_mul(rate).unwrap_or(Decimal::MAX), FIAT_SCALE)
}

/// Parses a plain decimal string (`-?digits[.digits]`) exactly; exponents, commas, signs other
/// than a leading minus and absurd magnitudes are refused. Sign is checked by the caller.
pub(crate) fn parse_amount(field: &str, text: &str) -> Result<Decimal, SandboxError> {
    let invalid = || bad(format!("Invalid amount for {field}: {text}"));
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(invalid());
    }
    let value = Decimal::from_str_exact(text).map_err(|_| invalid())?;
    if value.abs() >= Decimal::from(MAX_INPUT) {
        return Err(bad(format!("Amount too large for {field}")));
    }
    Ok(value)
}

/// Like `parse_amount`, and the value must be greater than zero.
pub(crate) fn parse_positive(field: &str, text: &str) -> Result<Decimal, SandboxError> {
    let value = parse_amount(field, text)?;
    if value <= Decimal::ZERO {
        return Err(bad(format!("{field} must be greater than zero")));
    }
    Ok(value)
}

/// Exchange rates: catalog defaults plus overrides set by tests.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    overrides: HashMap<(&'static str, &'static str), Decimal>,
}

impl Rates {
    /// The current rate of `currency` in `fiat`.
    pub(crate) fn rate(&self, currency: &str, fiat_code: &str) -> Result<Decimal, SandboxError> {
        let info = available_currency(currency)?;
        let fiat_code = fiat(fiat_code)?;
        if let Some(rate) = self.overrides.get(&(info.code, fiat_code)) {
            return Ok(*rate);
        }
        let index = FIATS.iter().position(|f| *f == fiat_code).unwrap_or(0);
        Ok(constant(info.rates[index]))
    }

    /// Overrides one rate until `clear`.
    pub(crate) fn set(
        &mut self,
        currency: &str,
        fiat_code: &str,
        rate: Decimal,
    ) -> Result<(), SandboxError> {
        let info = available_currency(currency)?;
        let fiat_code = fiat(fiat_code)?;
        if rate <= Decimal::ZERO {
            return Err(bad("rate must be greater than zero"));
        }
        self.overrides.insert((info.code, fiat_code), rate);
        Ok(())
    }

    /// Back to the catalog defaults.
    pub(crate) fn clear(&mut self) {
        self.overrides.clear();
    }
}

/// What GetRate/StartPayment compute for one currency.
#[derive(Debug, Clone)]
pub(crate) struct Quote {
    /// The currency quoted.
    pub info: &'static CurrencyInfo,
    /// Canonical fiat code.
    pub invoice_currency: &'static str,
    /// Fiat amount as the caller sent it (scale kept).
    pub invoice_amount: Decimal,
    /// Rate used.
    pub rate: Decimal,
    /// invoice_amount / rate at the currency's scale.
    pub amount_exchange: Decimal,
    /// The currency's network fee.
    pub network_fee: Decimal,
    /// amount_exchange + network_fee: what the payer owes.
    pub amount: Decimal,
}

/// Quotes `invoice_amount` of `fiat_code` in `currency` at the current rate.
pub(crate) fn quote(
    rates: &Rates,
    currency: &str,
    fiat_code: &str,
    invoice_amount: Decimal,
) -> Result<Quote, SandboxError> {
    let info = available_currency(currency)?;
    let invoice_currency = fiat(fiat_code)?;
    let rate = rates.rate(info.code, invoice_currency)?;
    let exchange = invoice_amount
        .checked_div(rate)
        .ok_or_else(|| bad("Amount out of range"))?;
    let amount_exchange = at_scale(exchange, info.decimals);
    let network_fee = at_scale(constant(info.network_fee), info.decimals);
    let amount = at_scale(
        amount_exchange
            .checked_add(network_fee)
            .ok_or_else(|| bad("Amount out of range"))?,
        info.decimals,
    );
    Ok(Quote {
        info,
        invoice_currency,
        invoice_amount,
        rate,
        amount_exchange,
        network_fee,
        amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(
            parse_amount("a", "222.00").map(|d| d.to_string()).ok(),
            Some("222.00".into())
        );
        for wrong in ["1e5", "1,5", "", ".5", "5.", "+1", "abc", "1.2.3", "1 000"] {
            assert!(parse_amount("a", wrong).is_err(), "{wrong}");
        }
        assert!(parse_positive("a", "0").is_err());
        assert!(parse_positive("a", "-1").is_err());
        assert!(parse_positive("a", "99999999999999").is_err());
    }

    #[test]
    fn quotes_like_the_live_api() {
        // 222.00 / 20822.2343 = 0.0106616815.. -> 0.01066168; plus the fee 0.00002875.
        let q = quote(&Rates::default(), "BTC", "EUR", constant("222.00")).ok();
        let q = q.map(|q| {
            (
                fixed(q.amount_exchange, 8),
                fixed(q.amount, 8),
                q.rate.to_string(),
            )
        });
        assert_eq!(
            q,
            Some((
                "0.01066168".into(),
                "0.01069043".into(),
                "20822.2343".into()
            ))
        );
        assert!(quote(&Rates::default(), "DOGE", "EUR", Decimal::ONE).is_err());
        assert!(quote(&Rates::default(), "BTC", "JPY", Decimal::ONE).is_err());
        assert_eq!(fixed(Decimal::ZERO, 8), "0.00000000");
    }
}
