//! Hooks for the coverage-guided fuzz targets in `fuzz/` (cargo feature `fuzzing`, off by
//! default and in every published build): what a request would send, without a network. The
//! targets assert properties of these parameters (amounts exact and positive, keys unique, every
//! refusal a `validation` error), so the check runs on the very code a call runs.

use crate::config::Config;
use crate::error::Result;
use crate::requests::{
    AcceptPayment, CancelPayment, GetCurrencyList, GetRate, GetRates, GetTransactions, Params, PaymentRef, Ping,
    RefundPayment, StartPayment,
};

/// A request whose parameters can be computed without sending it.
pub trait WireParams {
    /// The name/value pairs the call would send (before the client's common parameters), or the
    /// `validation` error the call would return before sending.
    fn wire_params(&self, config: &Config) -> Result<Vec<(String, String)>>;
}

fn pairs(params: Params) -> Vec<(String, String)> {
    params.0.into_iter().map(|(k, v)| (k.into_owned(), v)).collect()
}

/// Requests whose parameters depend on the configuration (the default `pos_id`).
macro_rules! with_config {
    ($($t:ty),*) => {$(
        impl WireParams for $t {
            fn wire_params(&self, config: &Config) -> Result<Vec<(String, String)>> {
                self.params(config).map(pairs)
            }
        }
    )*};
}

/// Requests that need no configuration.
macro_rules! without_config {
    ($($t:ty),*) => {$(
        impl WireParams for $t {
            fn wire_params(&self, _config: &Config) -> Result<Vec<(String, String)>> {
                self.params().map(pairs)
            }
        }
    )*};
}

with_config!(GetRate, GetRates, StartPayment, PaymentRef, CancelPayment, AcceptPayment, RefundPayment);
without_config!(GetCurrencyList, GetTransactions, Ping);
