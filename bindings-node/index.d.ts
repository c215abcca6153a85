// Types of the `forumpay` package (hand-written; they match index.js and the native results).
// Amounts are decimal strings ("48.25") in and out: a JavaScript number is refused.

/** A decimal amount as text, scale kept: "48.25", "0.00234598". Never a number. */
export type Amount = string
/** A timestamp as the API writes it, UTC: "2022-11-10 08:43:33". */
export type Timestamp = string
/** A payment state: one of the known ones, or any text the API invents later. */
export type PaymentStateName =
  | 'waiting' | 'processing' | 'zero_confirmed' | 'confirmed' | 'underpayment' | 'cancelled' | 'blocked'
  | (string & {})
/** Fields the API sent that this version does not know, with the API's spelling. */
export type Extra = Record<string, unknown>

/** Settings of a `Client`. Give `environment` or `baseUrl`, not both (default: production). */
export interface ClientOptions {
  apiUser: string
  apiSecret: string
  /** The point of sale used when a call does not name one. */
  posId?: string
  /** `production`, `sandbox`, or an http(s):// URL. */
  environment?: 'production' | 'sandbox' | (string & {})
  /** A custom base URL (e.g. the local Sandbox's). */
  baseUrl?: string
  connectTimeoutMs?: number
  requestTimeoutMs?: number
  /** The whole call, retries included, gives up with code `timeout` after this long. */
  deadlineMs?: number
  /** Attempts of a call that may be repeated safely (1: no retry). */
  maxAttempts?: number
  /** First backoff between attempts (full jitter, doubling). */
  retryBaseDelayMs?: number
  /** Longest backoff between attempts. */
  retryMaxDelayMs?: number
  /** Sent with every call (default `en-GB`). */
  locale?: string
  /** Sub-merchant user sent with every call. */
  user?: string
  /** Appended to the User-Agent. */
  userAgent?: string
}

/** Identifies a started payment. */
export interface PaymentRefOptions {
  paymentId: string
  currency: string
  address: string
  posId?: string
}

export interface PingOptions { webhookUrl?: string }
export interface GetRateOptions {
  invoiceCurrency: string
  invoiceAmount: Amount
  currency: string
  posId?: string
  acceptZeroConfirmations?: boolean
  requireKytForConfirmation?: boolean
  sid?: string
}
export interface GetRatesOptions {
  invoiceCurrency: string
  invoiceAmount: Amount
  currencies: string[]
  posId?: string
  acceptZeroConfirmations?: boolean
  requireKytForConfirmation?: boolean
}
export interface StartPaymentOptions {
  invoiceCurrency: string
  invoiceAmount: Amount
  currency: string
  posId?: string
  /** The `paymentId` of a `getRate` quote, to keep its rate. */
  paymentId?: string
  referenceNo?: string
  itemName?: string
  acceptZeroConfirmations?: boolean
  requireKytForConfirmation?: boolean
  payerIpAddress?: string
  payerUserAgent?: string
  payerId?: string
  payerEmail?: string
  autoAcceptUnderpayment?: boolean
  autoAcceptUnderpaymentMin?: Amount
  autoAcceptOverpayment?: boolean
  autoAcceptOverpaymentMax?: Amount
  autoAcceptLatePayment?: boolean
  webhookUrl?: string
  onSuccessRedirectUrl?: string
  onFailureRedirectUrl?: string
  walletAppId?: string
  sid?: string
  payerKycPin?: string
  /** Who pays the network fee. */
  networkProcessingFeePaidBy?: 'payer' | 'merchant'
  /** Payer details for travel-rule and KYC checks (sent as flat `payer_*` fields). */
  payer?: PayerDetails
}
export interface PayerDetails {
  type?: 'individual' | 'company'
  firstName?: string
  lastName?: string
  companyName?: string
  country?: string
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string
  /** Any other `payer_*` field, by its snake_case name without the prefix. */
  other?: Record<string, string>
}
/** `skipStateCheck`: send even if the last known state forbids the action (else code `invalid_state`). */
export interface StateCheckOptions { skipStateCheck?: boolean }
export interface CancelPaymentOptions extends PaymentRefOptions, StateCheckOptions {
  reason?: 'qr_code_problem' | 'no_wallet' | 'curious' | 'bad_rate' | 'other'
  comment?: string
}
export interface AcceptPaymentOptions extends PaymentRefOptions, StateCheckOptions {
  acceptedAmount: Amount
  acceptedInvoiceAmount?: Amount
}
export interface RefundPaymentOptions extends StateCheckOptions {
  paymentId: string
  currency: string
  addressOut: string
  refundAmount: Amount
  posId?: string
}
export interface GetCurrencyListOptions { invoiceCurrency?: string }
export interface GetTransactionsOptions { offset?: number; limit?: number }
export interface TransactionsOptions { posId?: string; referenceNo?: string; pageSize?: number }
export interface WatchOptions extends PaymentRefOptions {
  /** Time between two polls (default 5000). */
  intervalMs?: number
  /** Give up with code `timeout` after this long (default 3600000). */
  timeoutMs?: number
}

export * from './models'
import type {
  Pong, Rate, Rates, StartedPayment, PaymentStatus, CancelResult, AcceptResult, RefundResult, Currency,
  Transaction, TransactionPage, PaymentUpdate
} from './models'

/** The stable error codes, the same in every language of the SDK. */
export type ErrorCode =
  | 'unauthorized' | 'invalid_request' | 'not_found' | 'rate_limited' | 'server' | 'timeout' | 'network'
  | 'decode' | 'validation' | 'invalid_state' | 'webhook' | 'outcome_unknown'

/** Every failure of the SDK. Branch on `code`, never on the message. */
export declare class ForumPayError extends Error {
  readonly name: 'ForumPayError'
  readonly code: ErrorCode
  readonly httpStatus: number | null
  readonly err: string | null
  readonly errCode: string | null
  readonly cfRay: string | null
  readonly attempts: number
  /** The argument a `validation` error is about (snake_case), or null. */
  readonly field: string | null
  readonly action: string | null
  readonly retryAfterMs: number | null
}

/** The ForumPay API client: Promise methods, amounts as strings. */
export declare class Client {
  constructor(options: ClientOptions)
  readonly baseUrl: string
  readonly apiUser: string
  readonly posId: string | null
  ping(options?: PingOptions): Promise<Pong>
  getRate(options: GetRateOptions): Promise<Rate>
  getRates(options: GetRatesOptions): Promise<Rates>
  startPayment(options: StartPaymentOptions): Promise<StartedPayment>
  checkPayment(options: PaymentRefOptions): Promise<PaymentStatus>
  cancelPayment(options: CancelPaymentOptions): Promise<CancelResult>
  acceptPayment(options: AcceptPaymentOptions): Promise<AcceptResult>
  refundPayment(options: RefundPaymentOptions): Promise<RefundResult>
  getCurrencyList(options?: GetCurrencyListOptions): Promise<Currency[]>
  getTransactions(options?: GetTransactionsOptions): Promise<TransactionPage>
  /** Resolves with the settled status; rejects with code `timeout` when `timeoutMs` passes first. */
  waitForSettlement(options: WatchOptions): Promise<PaymentStatus>
  /** Every transaction, newest first, fetched page by page. */
  transactions(options?: TransactionsOptions): AsyncGenerator<Transaction, void, undefined>
  /** Each change of state until the payment is settled; leaving the loop stops the watch. */
  watchPayment(options: WatchOptions): AsyncGenerator<PaymentUpdate, void, undefined>
  /**
   * Verifies a webhook by asking CheckPayment: `body` is the RAW request body, `known` what the
   * merchant stored for its payment (null when none). Rejects with code `webhook` for anything
   * untrustworthy, other codes for transient failures (answer 5xx so the API sends again).
   */
  verifyWebhook(body: WebhookBody, known: KnownPayment | null): Promise<VerifiedWebhook>
  toJSON(): { apiUser: string; baseUrl: string; posId: string | null }
}

export * from './webhooks'
import type { WebhookBody, KnownPayment, VerifiedWebhook } from './webhooks'

/** Payment states as the API writes them. */
export declare const PaymentState: {
  readonly Waiting: 'waiting'
  readonly Processing: 'processing'
  readonly ZeroConfirmed: 'zero_confirmed'
  readonly Confirmed: 'confirmed'
  readonly Underpayment: 'underpayment'
  readonly Cancelled: 'cancelled'
  readonly Blocked: 'blocked'
}
