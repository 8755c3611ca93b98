// Record shapes of the daily tie-out. The records the tie-out reads are
// generated from core's table schemas (records.d.ts); the rest mirror
// core's wire form with camelCase keys. Amounts are decimal strings (a JS
// number with a fraction is refused: money is exact). Instants are RFC 3339
// strings or Dates.

import type {
  FulfilledLine,
  Movement,
  Payment,
  ReconOrder,
  Refund,
  ReturnRecord,
  SettlementLine,
} from './records'

export type { FulfilledLine, Movement, Payment, ReconOrder, Refund, ReturnRecord, SettlementLine }

export type PaymentMethod = Payment['method']

/**
 * Where an order stands: `fulfilled` (the default) must be paid in full;
 * `open` may fall short until its capture window ends; `cancelled` owes
 * nothing, so what was captured less what was refunded must be 0.
 */
export type OrderStatus = NonNullable<ReconOrder['status']>

export type SettlementKind = SettlementLine['kind']

export type MovementKind = Movement['kind']

export interface FeeRule {
  processor: string
  channel?: string | null
  method?: PaymentMethod | null
  /** Percent of the gross: '2.9' is 2.9 %. */
  percent: string
  fixed?: string
}

export interface ReconConfig {
  asOf: string | Date
  /** Days a processor may take to settle (3). */
  settlementWindowDays?: number
  /** Days a restocked return may wait for its refund, or a refund for its restock (1). */
  creditGraceDays?: number
  /** Days an open order may wait to be captured in full (14). */
  captureWindowDays?: number
  feeSchedule?: FeeRule[]
  /** '0.01' by default; a difference equal to it does not flag. */
  feeTolerance?: string
  severity?: { high: { amount: string; ageDays: number }; medium: { amount: string; ageDays: number } }
  confirmedMatches?: Array<{ settlementId: string; orderId: string; recordId: string }>
  /** Columns and record keys the tables do not declare: refused ('refuse', the default) or skipped. */
  extraColumns?: 'refuse' | 'ignore'
}

export interface ReconcileInput {
  orders?: ReconOrder[]
  settlements?: SettlementLine[]
  movements?: Movement[]
  /** Reports `readReport` returned: their lines and unread rows join the tie-out. */
  reports?: ProcessorReport[]
  config: ReconConfig
}

/**
 * A table for `reconcileColumns`: Arrow IPC bytes (what `apache-arrow`'s
 * `tableToIPC` writes, read in place) or an object of equal-length arrays
 * keyed by column name (`orderId` or `order_id`).
 */
export type ColumnTable = Uint8Array | Record<string, Array<string | number | boolean | null>>

export interface ReconcileColumnsInput {
  orders: ColumnTable
  payments?: ColumnTable
  fulfilments?: ColumnTable
  returns?: ColumnTable
  refunds?: ColumnTable
  settlements?: ColumnTable
  movements?: ColumnTable
  /** Reports `readReport` returned: their lines and unread rows join the tie-out. */
  reports?: ProcessorReport[]
  config: ReconConfig
}

export type RowKind = 'order' | 'payment' | 'refund' | 'return' | 'order_sku' | 'settlement' | 'movement'

export interface RowRef {
  kind: RowKind
  orderId: string | null
  id: string
}

export type ReasonCode =
  | 'MISSING_SETTLEMENT'
  | 'AMOUNT_MISMATCH'
  | 'CURRENCY_MISMATCH'
  | 'FEE_VARIANCE'
  | 'SETTLEMENT_ARITHMETIC'
  | 'DUPLICATE_SETTLEMENT'
  | 'UNMATCHED_SETTLEMENT'
  | 'PAYMENT_TOTAL_MISMATCH'
  | 'MISSING_INVENTORY_MOVEMENT'
  | 'INVENTORY_QUANTITY_MISMATCH'
  | 'UNMATCHED_MOVEMENT'
  | 'RETURN_WITHOUT_CREDIT'
  | 'CREDIT_WITHOUT_RETURN'
  | 'MISSING_REFUND_SETTLEMENT'
  | 'OVER_REFUND'
  | 'UNKNOWN_RETURN'
  | 'BATCH_TOTAL_MISMATCH'
  | 'CHARGEBACK'
  | 'INVALID_ROW'

export interface Exception {
  /** Stable: the same reason on the same record gives the same id. */
  id: string
  reason: ReasonCode
  severity: 'low' | 'medium' | 'high'
  key: RowRef
  references: RowRef[]
  /** Null when expected/actual count units. */
  currency: string | null
  expected: string | null
  actual: string | null
  difference: string | null
  amountAtRisk: string | null
  since: string
  message: string
  suggestion: { record: RowRef; evidence: string } | null
  candidates: RowRef[]
  /** For a chargeback: the order with everything that happened to it. */
  evidence: ReconOrder | null
  fingerprint: string
}

export interface Pending {
  row: RowRef
  reason:
    | 'awaiting_settlement'
    | 'awaiting_refund_settlement'
    | 'awaiting_credit'
    | 'awaiting_restock'
    | 'awaiting_capture'
    | 'after_as_of'
  due: string
  currency: string | null
  amount: string | null
}

export interface Match {
  kind: string
  rows: RowRef[]
}

/** A tie-out identity with its two sides; `ok` when they are equal. */
export interface Identity {
  name: 'captured_settles' | 'refunds_settle' | 'gross_less_fees_is_net' | 'payouts_equal_batches'
  statement: string
  left: string
  right: string
  ok: boolean
}

export interface CurrencySummary {
  currency: string
  orders: number
  openOrders: number
  cancelledOrders: number
  /** What open and fulfilled orders are owed (a cancelled order owes nothing). */
  orderTotal: string
  /** What open orders have still to capture, inside their window. */
  awaitingCapture: string
  paymentsCaptured: string
  processorCaptured: string
  settledGross: string
  amountDifferences: string
  currencyMismatched: string
  pendingSettlement: string
  missingSettlement: string
  expectedFees: string
  actualFees: string
  /** Fees charged in lines of their own (fee lines), positive. */
  feeLines: string
  refundsIssued: string
  processorRefunds: string
  refundsSettled: string
  refundDifferences: string
  refundsCurrencyMismatched: string
  refundsPending: string
  refundsMissing: string
  chargebacks: string
  chargebackReversals: string
  /** Gross of the settlement lines that state one (payouts excluded). */
  settlementGross: string
  feesReported: string
  /** Gross − net of lines stating a gross but no fee. */
  feesImplied: string
  /** Net of lines stating no gross. */
  netOnly: string
  settlementNet: string
  payouts: string
  /** Net of the batches the payouts name. */
  batchNetPaidOut: string
  exceptions: number
  amountAtRisk: string
  byReason: Partial<Record<ReasonCode, number>>
  /** Every tie-out identity, in a fixed order. */
  identities: Identity[]
}

export interface Buckets {
  matched: number
  pending: number
  exceptions: number
}

export interface RowCounts {
  orders: Buckets
  payments: Buckets
  fulfilments: Buckets
  returns: Buckets
  refunds: Buckets
  settlements: Buckets
  movements: Buckets
}

export interface Acceptance {
  exceptionId: string
  fingerprint: string
  by: string
  note: string
  at: string | Date
}

export interface QueueItem {
  exceptionId: string
  status: 'new' | 'persisting' | 'resolved' | 'accepted' | 'reopened'
  reason: ReasonCode
  severity: 'low' | 'medium' | 'high'
  key: RowRef
  fingerprint: string
  firstSeen: string
  acceptance: Acceptance | null
}

/** Where a report row came from. */
export interface RowAt {
  file: string
  line: number
}

/** A processor report layout (detected from the header, or forced). */
export type ReportLayout =
  | 'stripe_itemized'
  | 'stripe_dashboard'
  | 'stripe_api'
  | 'adyen_settlement_details'
  | 'paypal_settlement'
  | 'paypal_transaction_detail'

/** How `readReport` reads a report. */
export interface ReportOptions {
  layout?: ReportLayout
  /** The column (or Stripe metadata key) holding the order id. */
  merchantReference?: string
  /** Stripe API objects listed for one payout: that payout's id. */
  payout?: string
  /** Adyen: UTC offset (`+01:00`) per merchant account (`*` for all). */
  timeZones?: Record<string, string>
  /**
   * Threads that read a large CSV file (1–64; default: the machine's cores).
   * A file of 8 MiB or more is cut at record boundaries and read side by
   * side; the report is the same for every count.
   */
  threads?: number
}

/** A processor's report: its lines and an account of every other row. */
export interface ProcessorReport {
  processor: 'stripe' | 'adyen' | 'paypal'
  files: Array<{ name: string; layout: ReportLayout; rows: number }>
  lines: SettlementLine[]
  duplicates: Array<RowAt & { id: string }>
  unknown: Array<RowAt & { rowType: string }>
  rejected: Array<RowAt & { error: { code: string; [field: string]: unknown } }>
  skipped: Array<RowAt & { reason: string }>
}
