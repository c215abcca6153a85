// Result types of the `forumpay` package (plain objects with camelCase fields, amounts as strings).
import type { Amount, Extra, PaymentStateName, Timestamp } from './index'

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
  /** True when the answer was lost and the payment was found by asking the API. */
  recovered: boolean
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
/** `recovered`: the answer was lost and the outcome was learned by asking the API. */
export interface CancelResult { cancelled: boolean; status: string | null; recovered: boolean; extra: Extra }
export interface AcceptResult { success: boolean; recovered: boolean; extra: Extra }
export interface RefundResult { waitTime: string | null; recovered: boolean; extra: Extra }
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
/** How a change of state relates to the manual's transitions. */
export type TransitionKind = 'unchanged' | 'listed' | 'reachable' | 'unlisted'
/** One observed change of a payment's state. */
export interface PaymentUpdate {
  previous: PaymentStateName | null
  state: PaymentStateName
  status: PaymentStatus
  observedAt: Timestamp
  /** How the change relates to the manual's transitions; an `unlisted` one is reported, not refused. */
  transition: TransitionKind
  /** `transition === 'unlisted'`: a change the manual does not list (reported, never refused). */
  unlisted: boolean
  /** Whether the payment is settled (the last update of a watch). */
  settled: boolean
}
