// Generated from core's types by `cargo run -p seamline-typegen`: do not
// edit (the test command fails when this file drifts from core).
//
// What Seamline returns (exceptions, pending rows, matches, the summary,
// queue items, processor reports) and the settings it reads, with
// camelCase keys. Amounts are decimal strings: money is exact.

import type { ReconOrder, SettlementLine } from './records'

/** Why a row is in the exception queue. The string forms are stable. */
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

/** How urgently a person should look. */
export type Severity = 'low' | 'medium' | 'high'

/** Which kind of record a reference names. */
export type RowKind =
  | 'order'
  | 'payment'
  | 'refund'
  | 'return'
  | 'order_sku'
  | 'settlement'
  | 'movement'

/**
 * A record a person would open: its kind, its id and, for a record that
 * belongs to an order (payment, refund, return, order SKU), the order.
 */
export interface RowRef {
  /** The kind. */
  kind: RowKind
  /** The order it belongs to. */
  orderId: string | null
  /** Its id (the SKU for an order SKU). */
  id: string
}

/**
 * A likely counterpart for an unmatched settlement, shown to a person and
 * never counted as matched until they confirm it.
 */
export interface Suggestion {
  /** The payment or refund. */
  record: RowRef
  /** Why it was suggested. */
  evidence: string
}

/** One item of the exception queue. */
export interface Exception {
  /** Stable across runs: the same reason for the same record gives the same id. */
  id: string
  /** Why. */
  reason: ReasonCode
  /** How urgent. */
  severity: Severity
  /** The record a person opens. */
  key: RowRef
  /** Every record involved (the key first). */
  references: Array<RowRef>
  /**
   * The currency of `expected`, `actual`, `difference` and `amount_at_risk`;
   * absent when they count units.
   */
  currency: string | null
  /** What the books say it should be. */
  expected: string | null
  /** What it is. */
  actual: string | null
  /** `actual − expected`. */
  difference: string | null
  /** Money that may be lost; absent when the inputs do not say (a unit count). */
  amountAtRisk: string | null
  /** When it became an exception (its age counts from here). */
  since: string
  /** One line a person understands. */
  message: string
  /** For an unmatched settlement: the one likely counterpart. */
  suggestion: Suggestion | null
  /** For an unmatched settlement: several likely counterparts, listed, not guessed. */
  candidates: Array<RowRef>
  /**
   * For a chargeback: the order with its payments, fulfilments, returns,
   * refunds and customer — one record to pull for a representment.
   */
  evidence: ReconOrder | null
  /**
   * Changes whenever the exception's inputs change; an accepted exception
   * stays closed while it is the same.
   */
  fingerprint: string
}

/** Why a row is waiting rather than matched or an exception. */
export type PendingReason =
  | 'awaiting_settlement'
  | 'awaiting_refund_settlement'
  | 'awaiting_credit'
  | 'awaiting_restock'
  | 'awaiting_capture'
  | 'after_as_of'

/** A row inside its window: normal today, an exception if it is still here after `due`. */
export interface Pending {
  /** The row. */
  row: RowRef
  /** What it waits for. */
  reason: PendingReason
  /** When waiting ends (the as-of run after this reports it). */
  due: string
  /** Its currency and amount, when it is money. */
  currency: string | null
  /** The amount. */
  amount: string | null
}

/** How rows were matched. */
export type MatchKind =
  | 'charge_by_processor_reference'
  | 'charge_by_merchant_reference'
  | 'refund_by_processor_reference'
  | 'refund_by_merchant_reference'
  | 'confirmed'
  | 'inventory'
  | 'return'
  | 'chargeback_reversed'
  | 'payout'
  | 'accounted'

/** Rows that tie out together. */
export interface Match {
  /** How. */
  kind: MatchKind
  /** The rows (the anchor first). */
  rows: Array<RowRef>
}

/**
 * One identity a controller checks, with its two sides: `ok` when they
 * are equal, else the books are broken by `left − right`.
 */
export interface Identity {
  /** Its stable name (`"payouts_equal_batches"`). */
  name: 'captured_settles' | 'refunds_settle' | 'gross_less_fees_is_net' | 'payouts_equal_batches'
  /** What it says, in the summary's field names. */
  statement: string
  /** The left side. */
  left: string
  /** The right side. */
  right: string
  /** Whether the sides are equal. */
  ok: boolean
}

/**
 * Money per currency, exact, with the identities a controller checks
 * (`CurrencySummary::identities`): every captured or refunded cent is
 * settled, explained by a difference, waiting or missing; the settlement
 * lines' gross less their fees is their net; the payouts are their
 * batches' net.
 */
export interface CurrencySummary {
  /** The currency. */
  currency: string
  /** Orders read (every status). */
  orders: number
  /** Of them, open (still being fulfilled). */
  openOrders: number
  /** Of them, cancelled. */
  cancelledOrders: number
  /**
   * What the orders are owed: the totals of open and fulfilled orders (a
   * cancelled order owes nothing).
   */
  orderTotal: string
  /** What open orders have still to capture, inside their capture window. */
  awaitingCapture: string
  /** Every tender captured (cash, gift card and store credit included). */
  paymentsCaptured: string
  /** Card and wallet payments captured. */
  processorCaptured: string
  /**
   * Gross of the charge settlements matched to them (a net-only line
   * counts at its payment's amount).
   */
  settledGross: string
  /** Σ (settled gross − payment amount) over matched charges. */
  amountDifferences: string
  /** Payments whose settlement came in another currency. */
  currencyMismatched: string
  /** Payments inside their window (or captured after the as-of instant). */
  pendingSettlement: string
  /** Payments past their window with no settlement. */
  missingSettlement: string
  /** Fees the schedule expects on matched charges (where a rule exists). */
  expectedFees: string
  /** Fees the processors took on matched charges (reported, or gross − net). */
  actualFees: string
  /**
   * Fees charged in lines of their own (Stripe fee and network-cost
   * lines, Adyen batch and account fees, PayPal fee events), positive.
   */
  feeLines: string
  /** Refunds issued, every tender. */
  refundsIssued: string
  /** Refunds to card and wallet. */
  processorRefunds: string
  /**
   * Refund settlements matched to them (positive; a net-only line
   * counts at its refund's amount).
   */
  refundsSettled: string
  /** Σ (settled − refund amount) over matched refunds. */
  refundDifferences: string
  /** Refunds whose settlement came in another currency. */
  refundsCurrencyMismatched: string
  /** Card and wallet refunds inside their window (or issued after as-of). */
  refundsPending: string
  /** Card and wallet refunds past their window with no settlement. */
  refundsMissing: string
  /** Money taken back by chargebacks (positive). */
  chargebacks: string
  /** Money returned by chargeback reversals. */
  chargebackReversals: string
  /** Gross of the settlement lines that state one (payouts excluded). */
  settlementGross: string
  /** Fees those lines state. */
  feesReported: string
  /** Gross − net of the lines that state a gross but no fee. */
  feesImplied: string
  /** Net of the lines that state no gross (net-only reports). */
  netOnly: string
  /** Net of every settlement line except payouts: what the processor owes. */
  settlementNet: string
  /** Paid out to the bank (positive). */
  payouts: string
  /**
   * Net of the batches those payouts name (a payout naming no batch
   * counts as its own batch).
   */
  batchNetPaidOut: string
  /** Exceptions in this currency. */
  exceptions: number
  /** Their amount at risk. */
  amountAtRisk: string
  /** Exceptions per reason. */
  byReason: Partial<Record<ReasonCode, number>>
  /** The tie-out identities, each with its two sides. */
  identities: Array<Identity>
}

/**
 * Where the rows of one kind landed; `matched + pending + exceptions` is
 * every row read.
 */
export interface Buckets {
  /**
   * Paired with their counterpart, or accounted for with nothing to pair
   * (a cash tender, a fee line, a receipt).
   */
  matched: number
  /** Inside a window. */
  pending: number
  /** Named by an exception. */
  exceptions: number
}

/** Where every input row landed, per kind. */
export interface RowCounts {
  /** Orders. */
  orders: Buckets
  /** Payments. */
  payments: Buckets
  /** Fulfilled lines. */
  fulfilments: Buckets
  /** Returns. */
  returns: Buckets
  /** Refunds. */
  refunds: Buckets
  /** Settlement lines. */
  settlements: Buckets
  /** Stock movements. */
  movements: Buckets
}

/** Where an exception stands today. */
export type QueueStatus = 'new' | 'persisting' | 'resolved' | 'accepted' | 'reopened'

/** A person's decision to accept an exception as it stands. */
export interface Acceptance {
  /** The exception. */
  exceptionId: string
  /** Its fingerprint when accepted: a change reopens it. */
  fingerprint: string
  /** Who. */
  by: string
  /** Why (required: the next person needs it). */
  note: string
  /** When. */
  at: string | Date
}

/** One item of the queue as it stands after today's run. */
export interface QueueItem {
  /** The exception's stable id. */
  exceptionId: string
  /** Today's status. */
  status: QueueStatus
  /** Why it is in the queue. */
  reason: ReasonCode
  /** Today's severity (yesterday's for a resolved item). */
  severity: Severity
  /** The record to open. */
  key: RowRef
  /** Today's fingerprint (yesterday's for a resolved item). */
  fingerprint: string
  /** The as-of of the run that first reported it. */
  firstSeen: string
  /** The acceptance, while it holds (kept on a reopened item, for history). */
  acceptance: Acceptance | null
}

/** The processors whose reports Seamline reads. */
export type Processor = 'stripe' | 'adyen' | 'paypal'

/**
 * A report layout: detected from a file's header, stated in the report,
 * and forced through `ReportOptions::layout` when the caller knows better.
 */
export type Layout =
  | 'stripe_itemized'
  | 'stripe_dashboard'
  | 'stripe_api'
  | 'adyen_settlement_details'
  | 'paypal_settlement'
  | 'paypal_transaction_detail'

/** A file as it was read. */
export interface FileRead {
  /** The file's name. */
  name: string
  /** The layout it was read in. */
  layout: Layout
  /** Its rows (data rows; headers, preambles and trailers not counted). */
  rows: number
}

/**
 * A row that is a line already read: the same report (or an overlapping
 * one) given twice.
 */
export interface DuplicateRow {
  /** The file. */
  file: string
  /** The 1-based line (the record's position for records). */
  line: number
  /** The line it repeats. */
  id: string
}

/** A row whose type the adapter does not know: reported, not guessed. */
export interface UnknownRow {
  /** The file. */
  file: string
  /** The 1-based line (the record's position for records). */
  line: number
  /** The type the report gave (cut to 64 characters). */
  rowType: string
}

/**
 * A Seamline error: a stable `ErrorCode` plus the offending field and value.
 *
 * Messages always name the field and quote the value, so a person reading a
 * log can find the bad input without a debugger. Fields, the same in every
 * variant: `field` names the offending input, `value` quotes it, `reason`
 * says what was expected; `operation` names the computation that failed.
 */
export type ErrorDetail =
  | { code: 'INVALID_ARGUMENT'; field: string; value: string; reason: string }
  | { code: 'INVALID_TYPE'; field: string; expected: string; got: string }
  | { code: 'INVALID_AMOUNT'; field: string; value: string; reason: string }
  | { code: 'INVALID_SKU'; field: string; value: string; reason: string }
  | { code: 'INVALID_ID'; field: string; value: string; reason: string }
  | { code: 'INVALID_QUANTITY'; field: string; value: string; reason: string }
  | { code: 'INVALID_TIMESTAMP'; field: string; value: string; reason: string }
  | { code: 'UNKNOWN_CURRENCY'; field: string; value: string }
  | { code: 'CURRENCY_MISMATCH'; operation: string; left: string; right: string }
  | { code: 'ARITHMETIC_OVERFLOW'; operation: string }
  | { code: 'INSUFFICIENT_STOCK'; sku: string; location: string; requested: string; available: string }
  | { code: 'CONFLICTING_DUPLICATE'; eventId: string }
  | { code: 'STALE_QUANTITY'; field: string; expected: string; actual: string }
  | { code: 'UNKNOWN_RESERVATION'; reservationId: string }
  | { code: 'INVALID_TRANSITION'; entity: string; from: string; attempted: string }
  | { code: 'INVALID_SNAPSHOT'; reason: string }
  | { code: 'UNSUPPORTED_VERSION'; found: string; supported: string }
  | { code: 'INVALID_GTIN'; value: string; reason: string }
  | { code: 'UNMAPPED_ID'; channel: string; externalId: string }
  | { code: 'PRICE_OVERLAP'; sku: string; channel: string; existing: string; proposed: string }
  | { code: 'NO_PRICE'; sku: string; channel: string; currency: string; at: string }
  | { code: 'OVER_REFUND'; entity: string; requested: string; available: string }
  | { code: 'INVARIANT_VIOLATED'; entity: string; attempted: string; invariant: string; detail: string }
  | { code: 'INVALID_CONFIGURATION'; field: string; reason: string }
  | { code: 'INVALID_IDENTIFIER'; kind: string; redacted: string; reason: string }
  | { code: 'INSUFFICIENT_POINTS'; profile: string; requested: string; balance: string }
  | { code: 'INTERNAL'; detail: string }

/** A row the adapter could not read, with why. */
export interface RejectedRow {
  /** The file. */
  file: string
  /** The 1-based line (the record's position for records). */
  line: number
  /** Why. */
  error: ErrorDetail
}

/**
 * A row that is no line of its own: it records no movement of money (an
 * authorisation, a pending or denied PayPal transaction), or its money is
 * counted in another line (a Stripe partial-capture reversal, in its
 * charge's). Accounted for, with why.
 */
export interface SkippedRow {
  /** The file. */
  file: string
  /** The 1-based line (the record's position for records). */
  line: number
  /** Why it is no line of its own. */
  reason: string
}

/** What an adapter made of a report: every row is in exactly one list. */
export interface ProcessorReport {
  /** The processor. */
  processor: Processor
  /** Each file with its layout and row count, in reading order (by name). */
  files: Array<FileRead>
  /** Rows read as settlement lines. */
  lines: Array<SettlementLine>
  /** Rows that repeat a line already read. */
  duplicates: Array<DuplicateRow>
  /** Rows of a type the adapter does not know. */
  unknown: Array<UnknownRow>
  /** Rows that could not be read. */
  rejected: Array<RejectedRow>
  /**
   * Rows that are no line of their own: they move no money, or (a
   * Stripe partial-capture reversal) are counted in another line.
   */
  skipped: Array<SkippedRow>
}

/** A row, by file and line. */
export interface RowAt {
  /** The file. */
  file: string
  /** The 1-based line (the record's position for records). */
  line: number
}

/** How a payment or refund was tendered. */
export type PaymentMethod = 'card' | 'wallet' | 'cash' | 'gift_card' | 'store_credit'

/**
 * What a processor charges for one transaction: `percent` of the gross
 * plus `fixed`, rounded half-up to the currency's minor unit.
 */
export interface FeeRule {
  /** The processor, lower case. */
  processor: string
  /** Only for this channel (more specific than any channel). */
  channel?: string | null
  /** Only for this tender (more specific than any tender). */
  method?: PaymentMethod | null
  /** Percent of the gross (`"2.9"` is 2.9 %). */
  percent: string
  /** Fixed amount per transaction, in the transaction's currency. */
  fixed?: string
}

/** Amount-at-risk and age from which an exception has a severity. */
export interface Threshold {
  /** At or above this amount at risk (in the exception's currency). */
  amount: string
  /** Or open at least this many days. */
  ageDays: number
}

/**
 * Severity thresholds: high is checked first, then medium; otherwise low
 * (or the reason's own floor, whichever is higher).
 */
export interface SeverityThresholds {
  /** High at ≥ 1,000 or ≥ 3 days by default. */
  high: Threshold
  /** Medium at ≥ 100 or ≥ 1 day by default. */
  medium: Threshold
}

/** A suggested match a person confirmed: from now on it counts as matched. */
export interface ConfirmedMatch {
  /** The settlement line. */
  settlementId: string
  /** The order of the payment or refund. */
  orderId: string
  /** The payment (for a charge) or refund (for a refund settlement). */
  recordId: string
}

/** What to do with a column or key the schema does not know. */
export type Extras = 'refuse' | 'ignore'

/** Configuration of one tie-out. */
export interface ReconConfig {
  /**
   * The instant the tie-out is run as of: windows and ages count to it,
   * and rows stamped after it wait for a later run.
   */
  asOf: string | Date
  /** Days a processor may take to settle a payment or refund (3). */
  settlementWindowDays?: number
  /**
   * Days a restocked return may wait for its refund, or a refund for its
   * restock, before it is a leak (1: a refund the next morning is normal).
   */
  creditGraceDays?: number
  /**
   * Days an open order may wait to be captured in full after it was
   * placed (14: a pick-up order is commonly held a week or two) before
   * what is still uncaptured is a `PAYMENT_TOTAL_MISMATCH`.
   */
  captureWindowDays?: number
  /** Expected fees; a processor with no rule has its fees summed, not checked. */
  feeSchedule?: Array<FeeRule>
  /**
   * How far a fee may be from the expected one without flagging (0.01);
   * a difference equal to it does not flag.
   */
  feeTolerance?: string
  /** Severity thresholds. */
  severity?: SeverityThresholds
  /** Suggested matches a person confirmed. */
  confirmedMatches?: Array<ConfirmedMatch>
  /**
   * What to do with input columns and record keys the tables do not
   * declare: refuse them (the default: a misspelt column would read as
   * missing) or ignore them.
   */
  extraColumns?: Extras
}

/** How to read a report. Every field has a documented default. */
export interface ReportOptions {
  /** Read every file in this layout instead of detecting it from the header. */
  layout?: Layout | null
  /**
   * The column (or, for Stripe API objects, the metadata key in
   * `payment_metadata[key]` form) that holds the order id. Defaults:
   * Stripe `payment_metadata[order_id]` (Dashboard `order_id (metadata)`),
   * Adyen `Merchant Reference`, PayPal `Invoice ID`.
   */
  merchantReference?: string | null
  /**
   * Stripe API objects listed for one payout (`GET
   * /v1/balance_transactions?payout=po_…`): the payout they belong to.
   */
  payout?: string | null
  /**
   * Adyen: the UTC offset (`+01:00`, `-06:00`) of each merchant account
   * (`"*"` for every account) whose report has no `TimeZone` column or
   * writes an ambiguous abbreviation (CST, IST, BST, GST, AST).
   */
  timeZones?: Record<string, string>
  /**
   * How many threads read a large CSV file (1 to 64; default 1 here,
   * the machine's cores in the Python, Node and Swift packages, see
   * `ReportOptions::or_machine`). A file of 8 MiB or more is cut at
   * record boundaries into parts of at least 4 MiB, read side by side
   * and joined in file order: the result is the one reading it from
   * start to end gives, for every count.
   */
  threads?: number | null
}

/** Where an order stands, and so what its payments must add up to. */
export type OrderStatus = 'open' | 'fulfilled' | 'cancelled'

/** What a settlement line records. */
export type SettlementKind =
  | 'charge'
  | 'refund'
  | 'chargeback'
  | 'chargeback_reversal'
  | 'fee'
  | 'adjustment'
  | 'payout'
