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
}
export interface CancelPaymentOptions extends PaymentRefOptions {
  reason?: 'qr_code_problem' | 'no_wallet' | 'curious' | 'bad_rate' | 'other'
  comment?: string
}
export interface AcceptPaymentOptions extends PaymentRefOptions {
  acceptedAmount: Amount
  acceptedInvoiceAmount?: Amount
}
export interface RefundPaymentOptions {
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

export interface Pong {
  result: string | null
  webhookResponse: {
    status: string | null
    duration: string | null
    webhookUrl: string | null
    responseCode: number | null
    responseBody: string | null
    extra: Extra
  } | null
  extra: Extra
}
export interface Rate {
  paymentId: string
  invoiceCurrency: string
  invoiceAmount: Amount
  currency: string
  rate: Amount
  amountExchange: Amount | null
  networkProcessingFee: Amount | null
  amount: Amount
  fastTransactionFee: Amount | null
  fastTransactionFeeCurrency: string | null
  waitTime: string | null
  sid: string | null
  extra: Extra
}
export interface CurrencyRate {
  currency: string
  rate: Amount
  amountExchange: Amount | null
  networkProcessingFee: Amount | null
  amount: Amount
  waitTime: string | null
  fastTransactionFee: Amount | null
  fastTransactionFeeCurrency: string | null
  extra: Extra
}
export interface Rates {
  paymentId: string
  invoiceCurrency: string
  invoiceAmount: Amount
  sid: string | null
  currencies: CurrencyRate[]
  extra: Extra
}
export interface Notice { code: string | null; message: string | null; extra: Extra }
/** A started payment. `accessToken`, `accessUrl`, `statsToken` are readable but hidden from inspect/JSON. */
export interface StartedPayment {
  paymentId: string
  address: string
  invoiceCurrency: string
  invoiceAmount: Amount
  currency: string
  rate: Amount | null
  amountExchange: Amount | null
  networkProcessingFee: Amount | null
  amount: Amount
  minConfirmations: number | null
  waitTime: string | null
  sid: string | null
  fastTransactionFee: Amount | null
  fastTransactionFeeCurrency: string | null
  qr: string | null
  qrAlt: string | null
  qrImg: string | null
  qrAltImg: string | null
  printString: string | null
  accessToken: string | null
  accessUrl: string | null
  statsToken: string | null
  notices: Notice[]
  itemName: string | null
  referenceNo: string | null
  cancelled: boolean | null
  invoiceSurchargeAmount: Amount | null
  invoiceAmountWithSurcharge: Amount | null
  invoiceSurchargePercent: Amount | null
  beneficiaryVaspDetails: unknown
  extra: Extra
}
export interface Underpayment {
  address: string | null
  missingAmount: Amount | null
  qr: string | null
  qrAlt: string | null
  qrImg: string | null
  qrAltImg: string | null
  extra: Extra
}
/** Where a payment stands (CheckPayment). */
export interface PaymentStatus {
  state: PaymentStateName
  status: string | null
  confirmed: boolean
  confirmedTime: Timestamp | null
  cancelled: boolean
  cancelledTime: Timestamp | null
  referenceNo: string | null
  inserted: Timestamp | null
  invoiceCurrency: string
  invoiceAmount: Amount
  type: string | null
  currency: string
  amount: Amount
  originalAmount: Amount | null
  payment: Amount | null
  confirmations: number | null
  minConfirmations: number | null
  acceptZeroConfirmations: boolean | null
  requireKytForConfirmation: boolean | null
  reason: string | null
  sid: string | null
  accessToken: string | null
  accessUrl: string | null
  waitTime: string | null
  unconfirmedAmount: Amount | null
  unconfirmedInvoiceAmount: Amount | null
  underpayment: Underpayment | null
  refundAmountOpened: Amount | null
  refund: Amount | null
  refundStatus: string | null
  blockedAlertLevel: string | null
  printString: string | null
  itemName: string | null
  payerId: string | null
  invoiceSurchargeAmount: Amount | null
  invoiceAmountWithSurcharge: Amount | null
  invoiceSurchargePercent: Amount | null
  extra: Extra
}
export interface CancelResult { cancelled: boolean; status: string | null; extra: Extra }
export interface AcceptResult { success: boolean; extra: Extra }
export interface RefundResult { waitTime: string | null; extra: Extra }
export interface Currency {
  currency: string
  description: string | null
  status: string | null
  zeroConfirmationsEnabled: boolean | null
  currencyFiat: string | null
  iconUrl: string | null
  rate: Amount | null
  sellStatus: string | null
  sellRate: Amount | null
  buyStatus: string | null
  buyRate: Amount | null
  sellMinInvoiceAmount: Amount | null
  sellMaxInvoiceAmount: Amount | null
  sellNetworkProcessingFee: Amount | null
  buyMinInvoiceAmount: Amount | null
  buyMaxInvoiceAmount: Amount | null
  buyNetworkProcessingFee: Amount | null
  extra: Extra
}
export interface Transaction {
  state: PaymentStateName
  status: string | null
  statusLoc: string | null
  posId: string | null
  paymentId: string
  referenceNo: string | null
  invoiceCurrency: string | null
  invoiceAmount: Amount | null
  currency: string | null
  amount: Amount | null
  amountExchange: Amount | null
  networkProcessingFee: Amount | null
  address: string | null
  type: string | null
  typeLoc: string | null
  payment: Amount | null
  refund: Amount | null
  refundAmountOpened: Amount | null
  refundStatus: string | null
  refundStatusLoc: string | null
  invoiceDate: Timestamp | null
  inserted: Timestamp | null
  confirmed: boolean
  confirmedTime: Timestamp | null
  cancelled: boolean
  cancelledTime: Timestamp | null
  doubleSpendingAlert: unknown
  acceptZeroConfirmations: boolean | null
  itemName: string | null
  accessToken: string | null
  sid: string | null
  payerId: string | null
  payerIpAddress: string | null
  customerDetails: unknown
  extra: Extra
}
export interface TransactionPage { transactions: Transaction[] }
/** One observed change of a payment's state. */
export interface PaymentUpdate {
  previous: PaymentStateName | null
  state: PaymentStateName
  status: PaymentStatus
  observedAt: Timestamp
  /** How the change relates to the manual's transitions; an `unlisted` one is reported, not refused. */
  transition: 'unchanged' | 'listed' | 'reachable' | 'unlisted'
  /** Whether the payment is settled (the last update of a watch). */
  settled: boolean
}

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
  toJSON(): { apiUser: string; baseUrl: string; posId: string | null }
}

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
