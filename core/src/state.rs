//! Payment states as the API reports them in `state`.

use serde::{Serialize, Serializer};
use std::fmt;

/// The state of a payment (`state` in CheckPayment and GetTransactions). A state this SDK does
/// not know yet is kept as [`PaymentState::Unknown`] with the server's text, never an error:
/// what the server reports always wins.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaymentState {
    /// Address handed out, nothing received yet.
    Waiting,
    /// A transaction was seen and waits for confirmations.
    Processing,
    /// Accepted with zero confirmations (where the POS allows it); confirmation follows.
    ZeroConfirmed,
    /// Paid and confirmed: the order may be fulfilled.
    Confirmed,
    /// Less than the amount due arrived.
    Underpayment,
    /// Cancelled (by the merchant, the payer or expiry).
    Cancelled,
    /// Blocked by the provider's risk checks.
    Blocked,
    /// A state this version does not know; the text is the server's.
    Unknown(String),
}

impl PaymentState {
    /// Every known state, in a stable order.
    pub const KNOWN: [PaymentState; 7] = [
        PaymentState::Waiting,
        PaymentState::Processing,
        PaymentState::ZeroConfirmed,
        PaymentState::Confirmed,
        PaymentState::Underpayment,
        PaymentState::Cancelled,
        PaymentState::Blocked,
    ];

    /// Reads the API's text (case and surrounding spaces ignored).
    pub fn parse(text: &str) -> PaymentState {
        // The API's own spelling first: one comparison of the text for most records.
        match text {
            "waiting" => return PaymentState::Waiting,
            "processing" => return PaymentState::Processing,
            "confirmed" => return PaymentState::Confirmed,
            "cancelled" => return PaymentState::Cancelled,
            "underpayment" => return PaymentState::Underpayment,
            _ => {}
        }
        let word = crate::trim::trim(text);
        // Compared without lowering a copy: this runs for every record of every page.
        let known = [
            ("waiting", PaymentState::Waiting),
            ("processing", PaymentState::Processing),
            ("zero_confirmed", PaymentState::ZeroConfirmed),
            ("confirmed", PaymentState::Confirmed),
            ("underpayment", PaymentState::Underpayment),
            ("cancelled", PaymentState::Cancelled),
            ("canceled", PaymentState::Cancelled),
            ("blocked", PaymentState::Blocked),
        ];
        known
            .into_iter()
            .find(|(name, _)| word.eq_ignore_ascii_case(name))
            .map_or_else(|| PaymentState::Unknown(text.to_string()), |(_, state)| state)
    }

    /// The API's text for the state (the server's own text for an unknown one).
    pub fn as_str(&self) -> &str {
        match self {
            PaymentState::Waiting => "waiting",
            PaymentState::Processing => "processing",
            PaymentState::ZeroConfirmed => "zero_confirmed",
            PaymentState::Confirmed => "confirmed",
            PaymentState::Underpayment => "underpayment",
            PaymentState::Cancelled => "cancelled",
            PaymentState::Blocked => "blocked",
            PaymentState::Unknown(s) => s,
        }
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PaymentState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Any state text reads (an unknown one is kept): used where a caller names a state, such as
/// the state a merchant last acted on.
impl<'de> serde::Deserialize<'de> for PaymentState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(PaymentState::parse(&text))
    }
}

/// Text: one of the known states (`x-known`), or a newer one the server reports.
impl schemars::JsonSchema for PaymentState {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PaymentState".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known: Vec<&str> = PaymentState::KNOWN.iter().map(PaymentState::as_str).collect();
        schemars::json_schema!({
            "type": "string",
            "description": "The state of a payment: one of the known states, or a newer one the server reports.",
            "x-known": known,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_states_round_trip_and_unknown_is_kept() {
        for s in PaymentState::KNOWN {
            assert_eq!(PaymentState::parse(s.as_str()), s);
        }
        assert_eq!(PaymentState::parse("Confirmed"), PaymentState::Confirmed);
        assert_eq!(PaymentState::parse("refunding"), PaymentState::Unknown("refunding".into()));
        assert_eq!(PaymentState::parse("refunding").as_str(), "refunding");
    }
}
