//! The command line, declared with clap's derive API: global options and one subcommand per
//! endpoint, plus `sandbox` and `demo`. The arguments of the tools for people who run a shop
//! (`watch`, `reconcile`, `webhook`, `transactions --all`, completions, man page) are in
//! `tool_args`. Completions and the man page are generated from these same definitions.
//!
//! Amounts are taken as text (`String`) on purpose: they are parsed later with
//! `forumpay::parse_amount`, so `4.825E1` is refused with the SDK's own `validation` error and no
//! amount ever passes through a float.

use crate::tool_args::{
    CompletionsArgs, ExportArgs, ManArgs, ReconcileArgs, WatchArgs, WebhookCommand,
};
use clap::{Args, Parser, Subcommand};
use forumpay::Environment;

/// The exit statuses, shown at the end of `--help` and in the man page.
const EXIT_STATUS: &str = "\
Exit status:
  0    success (`watch`: the payment is confirmed)
  1    the call failed or the API refused it (the error's code says why)
  2    usage: a bad or missing flag or setting
  3    `watch`: the payment was cancelled
  4    `watch`: the payment was blocked by the provider's risk checks
  5    `watch`: the payment did not settle before --timeout
  130  interrupted (Ctrl-C)";

/// `forumpay`: every ForumPay API call from the shell, a local sandbox, and a demo checkout.
#[derive(Debug, Parser)]
#[command(name = "forumpay", version, about, long_about = None, after_long_help = EXIT_STATUS)]
pub struct Cli {
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Connection settings and output format. Each may come from the environment, so a shell can
/// be set up once (`export FORUMPAY_API_USER=...`) and every command stays short.
#[derive(Debug, Args)]
pub struct Global {
    /// API user (Basic auth user).
    #[arg(long, env = "FORUMPAY_API_USER", global = true)]
    pub api_user: Option<String>,
    /// API secret. Its value is never printed, not even as a default in this help.
    #[arg(
        long,
        env = "FORUMPAY_API_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub api_secret: Option<String>,
    /// Which API: `production`, `sandbox`, or an http(s):// base URL.
    #[arg(long, env = "FORUMPAY_URL", default_value = "production", value_parser = parse_environment, global = true)]
    pub url: Environment,
    /// Default point of sale id, used by calls that need one.
    #[arg(long, env = "FORUMPAY_POS_ID", global = true)]
    pub pos_id: Option<String>,
    /// Locale sent with every call (the SDK's default is en-GB).
    #[arg(long, env = "FORUMPAY_LOCALE", global = true)]
    pub locale: Option<String>,
    /// Sub-merchant user sent with every call.
    #[arg(long, env = "FORUMPAY_USER", global = true)]
    pub user: Option<String>,
    /// Time allowed for one request, in seconds.
    #[arg(long, env = "FORUMPAY_TIMEOUT", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub timeout: Option<u64>,
    /// Time one call may take in all, retries included, in seconds (the SDK's default is 60).
    #[arg(long, env = "FORUMPAY_DEADLINE", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub deadline: Option<u64>,
    /// Attempts per read, the first included (1 turns retries off; the SDK's default is 3).
    #[arg(long, env = "FORUMPAY_MAX_ATTEMPTS", value_name = "N", global = true)]
    pub max_attempts: Option<u32>,
    /// Machine output: the answer as pretty JSON (JSON lines for streams), errors as a JSON
    /// object on stderr. Secrets (access_token, access_url, stats_token) print as "***".
    #[arg(long, global = true)]
    pub json: bool,
    /// With --json, print the payer page's secrets (access_token, access_url, stats_token)
    /// instead of "***".
    #[arg(long, global = true)]
    pub show_secrets: bool,
}

/// Lets clap report a bad `--url` as a usage error, with the SDK's explanation.
fn parse_environment(text: &str) -> Result<Environment, String> {
    Environment::parse(text).map_err(|e| e.message().to_string())
}

/// One subcommand per API endpoint, then the local tools.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that the API answers with these credentials (Ping).
    Ping(PingArgs),
    /// The rate and crypto amount of an invoice (GetRate).
    Rate(RateArgs),
    /// Rates of several cryptocurrencies at once (GetRates).
    Rates(RatesArgs),
    /// Start a payment: get an address and the amount to pay (StartPayment).
    Start(StartArgs),
    /// Where a payment stands (CheckPayment).
    Check(PaymentArgs),
    /// Cancel a payment that will not be paid (CancelPayment).
    Cancel(CancelArgs),
    /// Accept an underpayment or a late payment (AcceptPayment).
    Accept(AcceptArgs),
    /// Refund crypto to the payer (RefundPayment).
    Refund(RefundArgs),
    /// The currencies the merchant can accept (GetCurrencyList).
    Currencies(CurrenciesArgs),
    /// The merchant's payments, newest first: one page (GetTransactions), or with --all every
    /// page, filtered, as a table, JSON lines or CSV.
    Transactions(TransactionsArgs),
    /// Ask the API to e-mail a payer a KYC verification code (RequestKyc).
    ///
    /// For when `start` is refused with err code payerKYCNeeded or
    /// payerEmailVerificationCodeNeeded: the payer receives a code, and `start` again with
    /// --payer-email and --payer-kyc-pin CODE goes through. The request is sent once; if its
    /// answer is lost the error is outcome_unknown (the e-mail may or may not have gone out).
    Kyc(KycArgs),
    /// The wallet apps a payer can choose (GetWalletApps); `rate` and `start` take one's id as
    /// --wallet-app-id.
    WalletApps,
    /// Follow a payment until it settles, showing each change of state.
    ///
    /// Names the payment by PAYMENT_ID, --currency and --address, or reads the JSON that
    /// `forumpay --json start` printed from stdin. On a terminal a live line shows the state,
    /// what was paid of the amount, confirmations and the time left. Exits 0 when confirmed,
    /// 3 cancelled, 4 blocked, 5 when --timeout passes, 130 on Ctrl-C.
    Watch(WatchArgs),
    /// Match the shop's orders (a CSV file) with the API's payments and report each order.
    ///
    /// ORDERS is a CSV file with a header naming an order column (order, order_no,
    /// order_number, order_id or reference_no), an amount column (amount or invoice_amount)
    /// and a currency column (currency or invoice_currency); other columns are ignored.
    /// Payments match orders by reference_no. Each order is paid_in_full, underpaid,
    /// overpaid, unpaid, cancelled, pending, blocked or several_payments; a payment that
    /// names no order is no_order.
    Reconcile(ReconcileArgs),
    /// Check webhook notifications a shop received.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a folder.
    Man(ManArgs),
    /// Serve the local API emulator until Ctrl-C.
    ///
    /// `--api-user`/`--api-secret` given on this command line set its credentials; values from
    /// the environment are ignored here, so a real secret is never echoed.
    Sandbox(SandboxArgs),
    /// Walk a full checkout against an in-process emulator.
    ///
    /// Currencies, a rate, a payment paid and confirmed, then a second payment paid short whose
    /// underpayment is accepted. Exit status 0 only when every step went as expected.
    Demo(crate::demo::DemoArgs),
}

/// `ping`.
#[derive(Debug, Args)]
pub struct PingArgs {
    /// Also have the API call this webhook URL and report how it answered.
    #[arg(long)]
    pub webhook_url: Option<String>,
}

/// The invoice every quote and payment starts from.
#[derive(Debug, Args)]
pub struct InvoiceArgs {
    /// Fiat currency of the invoice (EUR).
    #[arg(long)]
    pub invoice_currency: String,
    /// Fiat amount of the invoice, plain decimal text (48.25).
    #[arg(long)]
    pub invoice_amount: String,
}

/// `rate`.
#[derive(Debug, Args)]
pub struct RateArgs {
    /// The invoice.
    #[command(flatten)]
    pub invoice: InvoiceArgs,
    /// Cryptocurrency to pay in (BTC).
    #[arg(long)]
    pub currency: String,
    /// Ask for acceptance with zero confirmations.
    #[arg(long)]
    pub accept_zero_confirmations: bool,
    /// The wallet app the payer chose (an id from `wallet-apps`).
    #[arg(long)]
    pub wallet_app_id: Option<String>,
}

/// `rates`.
#[derive(Debug, Args)]
pub struct RatesArgs {
    /// The invoice.
    #[command(flatten)]
    pub invoice: InvoiceArgs,
    /// Cryptocurrencies, comma separated (BTC,ETH).
    #[arg(long, value_delimiter = ',', required = true)]
    pub currencies: Vec<String>,
}

/// `start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// The invoice.
    #[command(flatten)]
    pub invoice: InvoiceArgs,
    /// Cryptocurrency to pay in (BTC).
    #[arg(long)]
    pub currency: String,
    /// The payment_id from `rate`, to keep the quoted rate.
    #[arg(long)]
    pub payment_id: Option<String>,
    /// Your order reference.
    #[arg(long)]
    pub reference_no: Option<String>,
    /// Item name shown to the payer.
    #[arg(long)]
    pub item_name: Option<String>,
    /// Webhook URL for this payment's notifications.
    #[arg(long)]
    pub webhook_url: Option<String>,
    /// Your id of the payer (A-Z a-z 0-9 . _ -).
    #[arg(long)]
    pub payer_id: Option<String>,
    /// The payer's e-mail.
    #[arg(long)]
    pub payer_email: Option<String>,
    /// The KYC code the payer received after `kyc` (needs --payer-email).
    #[arg(long, value_name = "CODE", requires = "payer_email")]
    pub payer_kyc_pin: Option<String>,
    /// The wallet app the payer chose (an id from `wallet-apps`).
    #[arg(long)]
    pub wallet_app_id: Option<String>,
    /// Ask for acceptance with zero confirmations.
    #[arg(long)]
    pub accept_zero_confirmations: bool,
    /// Accept an underpayment automatically.
    #[arg(long)]
    pub auto_accept_underpayment: bool,
    /// ...only when at least this much (fiat) was paid.
    #[arg(long, value_name = "AMOUNT", requires = "auto_accept_underpayment")]
    pub auto_accept_underpayment_min: Option<String>,
    /// Accept an overpayment automatically.
    #[arg(long)]
    pub auto_accept_overpayment: bool,
    /// Accept a payment that arrives after cancellation automatically.
    #[arg(long)]
    pub auto_accept_late_payment: bool,
}

/// Names one payment: what `check`, `cancel` and `accept` need.
#[derive(Debug, Args)]
pub struct PaymentArgs {
    /// The payment's id (from `start`).
    #[arg(long)]
    pub payment_id: String,
    /// Its cryptocurrency.
    #[arg(long)]
    pub currency: String,
    /// Its address.
    #[arg(long)]
    pub address: String,
}

/// `cancel`.
#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The payment.
    #[command(flatten)]
    pub payment: PaymentArgs,
    /// qr_code_problem, no_wallet, curious, bad_rate or other.
    #[arg(long)]
    pub reason: Option<String>,
    /// Free text, at most 255 characters.
    #[arg(long)]
    pub comment: Option<String>,
}

/// `accept`.
#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The payment.
    #[command(flatten)]
    pub payment: PaymentArgs,
    /// Crypto amount accepted: `check`'s unconfirmed_amount.
    #[arg(long, value_name = "AMOUNT")]
    pub accepted_amount: String,
    /// Fiat value accepted: `check`'s unconfirmed_invoice_amount.
    #[arg(long, value_name = "AMOUNT")]
    pub accepted_invoice_amount: Option<String>,
}

/// `refund`.
#[derive(Debug, Args)]
pub struct RefundArgs {
    /// The payment's id.
    #[arg(long)]
    pub payment_id: String,
    /// Its cryptocurrency.
    #[arg(long)]
    pub currency: String,
    /// Address that receives the refund.
    #[arg(long)]
    pub address_out: String,
    /// Crypto amount: `check`'s refund_amount_opened.
    #[arg(long, value_name = "AMOUNT")]
    pub refund_amount: String,
}

/// `kyc`.
#[derive(Debug, Args)]
pub struct KycArgs {
    /// The payer's e-mail address (the one `start` sends as --payer-email).
    #[arg(long)]
    pub email: String,
}

/// `currencies`.
#[derive(Debug, Args)]
pub struct CurrenciesArgs {
    /// Fiat currency of the rates (the API's default when absent).
    #[arg(long)]
    pub invoice_currency: Option<String>,
}

/// `transactions`.
#[derive(Debug, Args)]
pub struct TransactionsArgs {
    /// How many payments to skip.
    #[arg(long, default_value_t = 0, conflicts_with = "all")]
    pub offset: i64,
    /// Page size, 1 to 50.
    #[arg(long, default_value_t = 20, conflicts_with = "all")]
    pub limit: i64,
    /// Every page, its filters and output format.
    #[command(flatten)]
    pub export: ExportArgs,
}

/// `sandbox`. Its credentials come from the global `--api-user`/`--api-secret` when given on
/// the command line (see `serve`).
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Interface to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to bind; 0 lets the system pick a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Let other machines use the dashboard and the `/sandbox/` control API (local-only by
    /// default; decision 0011).
    #[arg(long)]
    pub remote_control: bool,
}
