// Generated from core's types by `cargo run -p seamline-typegen`: do not
// edit (the test command fails when this file drifts from core).
//
// What Seamline returns (exceptions, pending rows, matches, the summary,
// queue items, processor reports) and the settings it reads, with
// camelCase keys. Amounts are decimal strings: money is exact.

import type { Money } from './native'
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
export interface SettlementSuggestion {
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
  suggestion: SettlementSuggestion | null
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
 * (`identities`): every captured or refunded cent is
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
 * and forced through `layout` when the caller knows better.
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

/** Something a person should look at. */
export type Anomaly =
  | { type: 'oversell'; eventId: string; sku: string; location: string; unitsOversold: number }
  | { type: 'negative_stock'; sku: string; location: string; onHand: number }
  | { type: 'over_committed'; sku: string; location: string; onHand: number; reserved: number }
  | { type: 'transfer_mismatch'; transferId: string; sku: string; sent: number | null; received: number }

/** The outcome of applying one event. */
export interface ApplyReport {
  /** The event. */
  eventId: string
  /** True when the same event had been applied before: nothing changed. */
  duplicate: boolean
  /**
   * True when the event changed on-hand now (false for a movement that a
   * later count supersedes, which is kept in history only).
   */
  affectsOnHand: boolean
  /** Anomalies this event caused (an oversell). */
  anomalies: Array<Anomaly>
}

/** A row of a batch that was refused, with why. Nothing is dropped silently. */
export interface RejectedEvent {
  /** Position of the row in the batch. */
  index: number
  /** The event id, when the row had one. */
  eventId: string | null
  /** Why it was refused. */
  error: ErrorDetail
}

/** The outcome of a batch (an offline till's upload, a sync page). */
export interface BatchReport {
  /**
   * How many events were applied. (The caller has their ids: every row
   * not listed as a duplicate or rejected; a million-row load gets no
   * million-item list back.)
   */
  applied: number
  /** Events seen before (nothing changed). */
  duplicates: Array<string>
  /** Rows refused, each with its reason. */
  rejected: Array<RejectedEvent>
  /** Anomalies the batch caused (oversells). */
  anomalies: Array<Anomaly>
  /**
   * What the batch revealed at the positions it touched: reservations
   * accepted against stock that was, it turns out, already sold.
   */
  revealed: Array<Anomaly>
}

/** What a cart reservation held at one SKU and location. */
export interface CartLineOutcome {
  /** The product. */
  sku: string
  /** Where. */
  location: string
  /** Units the cart asked for here (its lines summed). */
  requested: number
  /** Units held (less than requested only with `allow_partial`). */
  reserved: number
  /** The hold's reservation id, when anything was held. */
  reservationId: string | null
}

/** How an order reaches the customer (which policy and which nodes apply). */
export type FulfilmentMethod = 'ship' | 'pickup'

/** What a channel may be shown, and the risk of showing it. */
export interface Publication {
  /** Units to publish: max(0, available − buffer). */
  quantity: number
  /** Units held back. */
  buffer: number
  /**
   * P(demand in the exposure window > buffer) for a velocity policy;
   * none for a policy that states no velocity.
   */
  oversellProbability: number | null
}

/** One node's figure in a channel publication. */
export interface NodePublication {
  /** The node. */
  location: string
  /** Its available (on-hand − reserved), possibly negative. */
  available: number
  /** What it may be shown under the method's policy. */
  quantity: number
  /** Units held back there. */
  buffer: number
}

/** What a channel shows for one SKU and method: pooled and per node. */
export interface ChannelPublication {
  /** The channel. */
  channel: string
  /** The method. */
  method: FulfilmentMethod
  /** Pooled over the nodes that serve the method. */
  pooled: Publication
  /** Each serving node on its own. */
  nodes: Array<NodePublication>
}

/** The stock of one SKU at one location at an instant. */
export interface StockLevel {
  /** Units physically there (may be negative after unrecorded stock was sold). */
  onHand: number
  /** Units held by live reservations. */
  reserved: number
  /** `on_hand − reserved` (may be negative). */
  available: number
  /** Units sent from here by transfer and not yet received. */
  inTransit: number
}

/** One line of a position's audit trail. */
export interface HistoryLine {
  /** When it happened. */
  occurredAt: string
  /** The event. */
  eventId: string
  /** Which system or till sent it. */
  source: string
  /** What happened, in words. */
  description: string
  /** Change to on-hand (for a count: the variance it revealed). */
  change: number
  /** On-hand after this line, replaying history in order. */
  onHandAfter: number
}

/** The state of a reservation at an instant. */
export type ReservationState = 'held' | 'committed' | 'released' | 'expired'

/** Units of one line sent from one node. */
export interface SourcingAllocation {
  /** The order line. */
  lineId: string
  /** The product. */
  sku: string
  /** The sending node. */
  location: string
  /** Units. */
  quantity: number
}

/** One shipment (or, for a pickup, transfer) in the plan, with why. */
export interface SourcingShipment {
  /** The sending node. */
  location: string
  /** Units it sends. */
  units: number
  /** Its cost: per-shipment plus units × unit cost. */
  cost: string
  /** Why this node: a sentence a person can read. */
  reason: string
}

/** How the plan was found. */
export type SourcingMethod = 'exact' | 'heuristic'

/** The chosen assignment of lines to nodes. */
export interface SourcingPlan {
  /** Line × node allocations, by line then node. */
  allocations: Array<SourcingAllocation>
  /** Shipments, by node. */
  shipments: Array<SourcingShipment>
  /** Total cost of the plan. */
  totalCost: string
  /** Exact or heuristic. */
  method: SourcingMethod
}

/**
 * Where an order is in its life. Derived from its line quantities, so it
 * can never disagree with them.
 */
export type OrderState =
  | 'placed'
  | 'allocated'
  | 'partially_fulfilled'
  | 'fulfilled'
  | 'partially_returned'
  | 'returned'
  | 'cancelled'
  | 'closed'

/** Why stock was adjusted by hand. */
export type AdjustReason = 'damage' | 'shrink' | 'found' | 'other'

/** One stock event from any channel, till or system. */
export type StockEvent = StockEventBase &
  (
    | { type: 'received'; quantity: number }
    | { type: 'sold'; quantity: number; orderRef?: string | null }
    | { type: 'returned'; quantity: number; restock: boolean }
    | { type: 'adjusted'; delta: number; reason: AdjustReason }
    | { type: 'counted'; onHand: number; expectedOnHand?: number | null }
    | { type: 'available_reported'; available: number; expectedAvailable?: number | null }
    | { type: 'reserved'; quantity: number; reservationId: string; expiresAt?: string | Date | null }
    | { type: 'reservation_released'; reservationId: string; quantity?: number | null }
    | { type: 'reservation_fulfilled'; reservationId: string; quantity?: number | null }
    | { type: 'transfer_out'; transferId: string; quantity: number }
    | { type: 'transfer_in'; transferId: string; quantity: number }
  )

/** The fields every StockEvent carries, whatever its variant. */
export interface StockEventBase {
  /** Idempotency key: the same id is applied at most once. */
  eventId: string
  /** The product. */
  sku: string
  /** Where the stock is. */
  location: string
  /** When it happened (not when it arrived). */
  occurredAt: string | Date
  /** Which system or till sent it. */
  source: string
}

/** What one order event did. */
export interface Transition {
  /** The event. */
  eventId: string
  /** The order. */
  orderId: string
  /** True when the same event had been applied before: nothing changed. */
  duplicate: boolean
  /** The order's state after it. */
  state: OrderState
  /** The stock events it means, for the ledger (ids `"{event_id}/{n}"`). */
  stockEvents: Array<StockEvent>
  /** For a return or cancellation: what the units are worth (to refund). */
  refundDue: Money | null
}

/** An order event a batch refused, with why. Nothing is dropped silently. */
export interface RejectedOrderEvent {
  /** Position of the row in the batch. */
  index: number
  /** The event id, when the row had one. */
  eventId: string | null
  /** Why it was refused. */
  error: ErrorDetail
}

/**
 * A stock event the ledger refused during a batch (a hold with too little
 * available: the order gave the hold up and its units stay open).
 */
export interface RejectedStockEvent {
  /** Position of the order event in the batch. */
  index: number
  /** The stock event. */
  event: StockEvent
  /** Why the ledger refused it. */
  error: ErrorDetail
}

/** What a batch of order events did, row by row where it matters. */
export interface OrderBatchReport {
  /** Events applied. */
  applied: number
  /** Events seen before (nothing changed). */
  duplicates: number
  /** Events refused, with why. */
  rejected: Array<RejectedOrderEvent>
  /** Stock events the ledger refused. */
  stockRejected: Array<RejectedStockEvent>
  /** The stock events the batch means, when no ledger was given to apply them to. */
  stockEvents: Array<StockEvent>
}

/**
 * How far one line has got. Invariants, checked on every transition:
 * fulfilled + cancelled ≤ ordered, returned ≤ fulfilled, held ≤ open.
 */
export interface LineStatus {
  /** The line. */
  lineId: string
  /** Units ordered. */
  ordered: number
  /** Units held at nodes for it now. */
  held: number
  /** Units shipped or handed over. */
  fulfilled: number
  /** Units cancelled. */
  cancelled: number
  /** Units returned (any disposition). */
  returned: number
  /** Returned units put back into sellable stock. */
  restocked: number
}

/** One order's state, as the book holds it. */
export interface OrderStatus {
  /** The order. */
  orderId: string
  /** Where it is. */
  state: OrderState
  /** What the customer pays. */
  total: Money
  /** Payments captured. */
  captured: Money
  /** Money refunded. */
  refunded: Money
  /** What returns and cancellations so far are worth (what may be refunded for goods). */
  refundDue: Money
  /** Per line. */
  lines: Array<LineStatus>
}

/** A record that moved from one profile to another. */
export interface RecordMove {
  /** The record's key. */
  record: string
  /** Its profile before. */
  from: string
  /** Its profile after. */
  to: string
}

/** A profile's balance before and after (none: the profile did not exist then). */
export interface BalanceChange {
  /** The profile. */
  profileId: string
  /** Its balance before. */
  before: number | null
  /** Its balance after. */
  after: number | null
}

/**
 * What a correction (or its withdrawal) changed: the records that moved
 * between profiles and the balances that changed with them.
 */
export interface CorrectionEffect {
  /**
   * False when nothing was recorded: the same correction was there
   * already (or, withdrawing, was not there).
   */
  recorded: boolean
  /** Records whose profile changed, by record key. */
  moved: Array<RecordMove>
  /** Profiles whose balance changed (or that appeared or went), by id. */
  balances: Array<BalanceChange>
}

/** How one attribute of a suggested pair compared. */
export interface Evidence {
  /** The attribute. */
  attribute: string
  /** `exact`, `close`, `different` or `missing`. */
  level: 'exact' | 'close' | 'different' | 'missing'
  /** Its weight, log2(m/u) (0 when missing). */
  weight: number
}

/** Two profiles that are probably one shopper, for a person to decide. */
export interface Suggestion {
  /** The record on one side whose attributes compared best (the smaller key). */
  recordA: string
  /** The record on the other side. */
  recordB: string
  /** Members of `record_a`'s profile (an `accept_review` takes them as its left). */
  left: Array<string>
  /** Members of `record_b`'s profile. */
  right: Array<string>
  /** Σ log2(m/u) over the attributes. */
  score: number
  /** The match probability under the model's prior. */
  probability: number
  /** Each attribute's comparison. */
  evidence: Array<Evidence>
}

/** One attribute's model: its m and u probabilities per level. */
export interface FieldModel {
  /** The attribute. */
  attribute: string
  /** Among matches: exact, close, different. */
  m: [number, number, number]
  /** Among non-matches. */
  u: [number, number, number]
}

/** Suggestions, best first, with the model that scored them. */
export interface Suggestions {
  /** Suggested pairs of profiles, by score (highest first), one per pair. */
  suggestions: Array<Suggestion>
  /** The candidate record pairs compared. */
  candidates: number
  /** The share of candidates that match (estimated or given). */
  prior: number
  /** Each attribute's m and u. */
  model: Array<FieldModel>
}

/**
 * Points held by an account no profile holds yet (a card no record carries,
 * a record key not in the book): kept, counted in
 * `total_points`, and listed until their record arrives.
 */
export interface UnclaimedPoints {
  /**
   * `record:<source/record_id>`, or `loyalty:<sha256 hex>` of the
   * canonical loyalty id (hash the card to find it; never shown clear).
   */
  account: string
  /** Its balance. */
  points: number
}

/** One customer, as every channel should see them. */
export interface Profile {
  /**
   * `P-` and 16 hex digits of the SHA-256 of its first member's key:
   * stable while that record stays in the profile.
   */
  profileId: string
  /** Member record keys, sorted. */
  members: Array<string>
  /**
   * Each attribute from the member that wins survivorship: source
   * priority, then the most recent observation.
   */
  golden: Record<string, string>
  /** Its identifiers as `(kind, sha256 hex)`, sorted: hashed, never clear. */
  identifiers: Array<[string, string]>
}

/**
 * A merge that happened: `into` absorbed `absorbed` through an identifier
 * of `kind` (or a person's always-link).
 */
export interface Merge {
  /** The surviving profile id. */
  into: string
  /** The absorbed profile's id before the merge. */
  absorbed: string
  /** The identifier kind that joined them, or `always_link`. */
  via: string
}

/**
 * A merge not made because it would break a limit: both sides and the
 * identifier that would have joined them, for a person to decide.
 */
export interface ReviewItem {
  /** The record on one side that holds the identifier. */
  recordA: string
  /** The record on the other side. */
  recordB: string
  /** Members of `record_a`'s profile at that point. */
  left: Array<string>
  /** Members of `record_b`'s profile at that point. */
  right: Array<string>
  /** The identifier's kind. */
  kind: string
  /** The identifier's SHA-256 hex (never the clear value). */
  identifier: string
  /** Which limit it would break. */
  reason: string
}

/** An identifier of a record that was not used, with why. */
export interface RecordIssue {
  /** The record. */
  record: string
  /** The identifier's kind. */
  kind: string
  /** Why it does not link (invalid, or a blocked value). */
  error: ErrorDetail
}

/** Profiles, merges, the review queue and per-record issues. */
export interface CustomerResolution {
  /** Every profile, sorted by id; every record is in exactly one. */
  profiles: Array<Profile>
  /** Merges in the order they were made. */
  merges: Array<Merge>
  /** Merges waiting for a person, sorted. */
  review: Array<ReviewItem>
  /** Identifiers that did not link, by record. */
  issues: Array<RecordIssue>
}

/** One SKU and how many of it a channel unit stands for. */
export interface Component {
  /** The canonical SKU. */
  sku: string
  /** Units of it per channel unit (a six-pack: 6). */
  quantity: number
}

/** An external id claimed by two targets. */
export interface MappingConflict {
  /** Row number in the import (0-based). */
  row: number
  /** The channel. */
  channel: string
  /** The external id, in the channel's canonical form. */
  externalId: string
  /** What it maps to now. */
  existing: Array<Component>
  /** What the row wanted. */
  proposed: Array<Component>
  /** True when the import said replace and the row won. */
  replaced: boolean
}

/** A row that could not be read, with why. */
export interface InvalidRow {
  /** Row number in the import (0-based). */
  row: number
  /** Why. */
  error: ErrorDetail
}

/** A channel SKU used by two stable ids: reported, never merged. */
export interface SkuCollision {
  /** The channel. */
  channel: string
  /** The shared channel SKU text. */
  channelSku: string
  /** The stable ids that share it. */
  externalIds: Array<string>
}

/** What an import did with every row. */
export interface ImportReport {
  /** Rows that created a mapping. */
  added: number
  /** Rows identical to a mapping already there (re-importing a file is a no-op). */
  unchanged: number
  /** Rows that claimed a mapped id for another target (kept or replaced as asked). */
  conflicts: Array<MappingConflict>
  /** Rows that could not be read. */
  invalid: Array<InvalidRow>
  /** Channel SKUs shared by several stable ids, after the import. */
  collisions: Array<SkuCollision>
}

/** A price with the promotions that shaped it. */
export interface PriceQuote {
  /** The table's price. */
  base: Money
  /** Promotions applied, in the order they were applied. */
  promotions: Array<string>
  /** What the shopper pays: rounded half-up to the minor unit, never below zero. */
  price: Money
}

/** A shown price that differs from the authoritative one. */
export interface PriceMismatch {
  /** The channel's id. */
  externalId: string
  /** What the table says it should show. */
  expected: Money
  /** What it showed. */
  observed: Money
  /** observed − expected. */
  difference: Money
}

/** The price to push to a channel to fix a mismatch. */
export interface PriceCorrection {
  /** The channel's id. */
  externalId: string
  /** The price to show. */
  price: Money
}

/** Everything the snapshot showed, accounted for. */
export interface MismatchReport {
  /** Prices that match. */
  matched: number
  /** Prices that differ. */
  mismatches: Array<PriceMismatch>
  /** The corrections to push, one per mismatch. */
  corrections: Array<PriceCorrection>
  /** Prices that still show the price in force before a change inside the grace period. */
  withinGrace: Array<string>
  /** Ids the SKU map does not know (reported, not skipped). */
  unmapped: Array<string>
  /** Mapped ids with no authoritative price then (or an invalid id), with the error code. */
  unpriced: Array<[string, string]>
}

/** An unmapped id waiting for a person. */
export interface UnmappedEntry {
  /** The channel. */
  channel: string
  /** The id, in the channel's canonical form. */
  externalId: string
  /** How many references were seen. */
  count: number
  /** When it was first seen. */
  firstSeen: string
  /** When it was last seen. */
  lastSeen: string
}

/** Translated lines as columns, plus the rows that failed. */
export interface TranslatedColumns {
  /** The input row each line came from. */
  rows: Array<number>
  /** The canonical SKU of each line. */
  skus: Array<string>
  /** The units of each line. */
  units: Array<number>
  /** Rows that could not be translated, with why. */
  errors: Array<InvalidRow>
}

/** What a GTIN's GS1 prefix says it is. */
export type GtinRange =
  | 'global'
  | 'in_store'
  | 'coupon'
  | 'refund_receipt'
  | 'book'
  | 'music'
  | 'serial'

/** A data domain. Each has exactly one owning system. */
export type Domain = 'inventory' | 'orders' | 'customers' | 'catalog' | 'payments'

/** One system's report of one field's value. */
export interface FieldUpdate {
  /** Idempotency key: a retry with the same id is a duplicate. */
  updateId: string
  /** The reporting system. */
  system: string
  /** The domain the field belongs to. */
  domain: Domain
  /** The entity (a SKU, an order id, a customer id, …). */
  entity: string
  /** The field. */
  field: string
  /** Its value, as canonical text (compared exactly). */
  value: string
  /** When the system changed it (not when the update arrived). */
  occurredAt: string | Date
}

/** Why the winning value won. */
export type WonBy = 'owner' | 'latest'

/** The value a field resolves to. */
export interface ResolvedField {
  /** The domain. */
  domain: Domain
  /** The entity. */
  entity: string
  /** The field. */
  field: string
  /** The winning update. */
  winner: FieldUpdate
  /** Why it won. */
  wonBy: WonBy
}

/**
 * A system whose current value for a field differs from the resolved one:
 * drift between systems, made visible.
 */
export interface FieldConflict {
  /** The winning update. */
  winner: FieldUpdate
  /** The other system's latest update, overwritten. */
  overwritten: FieldUpdate
}

/** Every field's value, the conflicts, and refused duplicates. */
export interface Resolution {
  /** One per (domain, entity, field), sorted. */
  fields: Array<ResolvedField>
  /** One per overwritten system per field, sorted. */
  conflicts: Array<FieldConflict>
  /** Updates refused because their id was used by a different update. */
  refused: Array<FieldUpdate>
}

/** What one update did on arrival. */
export type Arrival = 'accepted' | 'duplicate'

/** Something wrong with a source's sync. */
export type SyncIssue =
  | { type: 'gap'; source: string; firstMissing: number; lastMissing: number; missing: number; after: string; before: string }
  | { type: 'silence'; source: string; from: string; until: string; seconds: number; ongoing: boolean }

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
   * `or_machine`). A file of 8 MiB or more is cut at
   * record boundaries into parts of at least 4 MiB, read side by side
   * and joined in file order: the result is the one reading it from
   * start to end gives, for every count.
   */
  threads?: number | null
}

/** One line of a cart to reserve. */
export interface CartLine {
  /** The product. */
  sku: string
  /** Where to hold it. */
  location: string
  /** Units (> 0). */
  quantity: number
}

/** A whole cart (bundles already expanded into lines) to reserve at once. */
export interface CartReservation {
  /** The cart or order; holds are named after it. */
  cartId: string
  /** The lines; several may draw on the same SKU and location. */
  lines: Array<CartLine>
  /** When the reservation is made. */
  occurredAt: string | Date
  /** When the holds lapse, if ever. */
  expiresAt?: string | Date | null
  /** Which system asks. */
  source: string
  /** Reserve what is there instead of refusing a short cart. */
  allowPartial?: boolean
}

/** What kind of place holds stock. */
export type LocationKind = 'store' | 'warehouse'

/** A location and what it can do. */
export interface LocationInfo {
  /** The location. */
  location: string
  /** Store or warehouse. */
  kind: LocationKind
  /** Ships orders to customers (default: no; a location does what it says). */
  ships?: boolean
  /** Offers pickup in store (default: no). */
  pickup?: boolean
  /** Sells at a counter (default: no). */
  counter?: boolean
}

/** How many units to hold back from what a channel is shown. */
export type BufferPolicy =
  | { kind: 'fixed'; units: number }
  | { kind: 'percent'; percent: string; minUnits?: number; maxUnits?: number | null }
  | { kind: 'velocity'; velocityPerHour: number; exposureHours: number; serviceLevel: number }

/** Which locations feed a channel, and the buffer it publishes under per method. */
export interface ChannelConfig {
  /** The channel, e.g. `web`. */
  channel: string
  /** The locations whose stock the channel may sell. */
  locations: Array<string>
  /** Buffer for shipped orders. */
  shipPolicy: BufferPolicy
  /** Buffer for pickup orders. */
  pickupPolicy: BufferPolicy
}

/** One order line to source. */
export interface SourcingLine {
  /** The order line's id, echoed in the plan. */
  lineId: string
  /** The product. */
  sku: string
  /** Units (> 0). */
  quantity: number
}

/** Where the order goes. */
export type SourcingDestination =
  | { type: 'ship' }
  | { type: 'pickup'; store: string; allowTransfers?: boolean }

/** A candidate node: what it can send and what sending costs. */
export interface SourcingNode {
  /** The location. */
  location: string
  /** Whether it ships orders (a store without a shipping desk does not). */
  ships: boolean
  /** Units it may promise per SKU (its published quantity); never exceeded. */
  available: Record<string, number>
  /** Fixed cost of one shipment (or transfer) from this node. */
  perShipment: string
  /** Cost per unit sent from this node. */
  perUnit: string
  /** Per-SKU unit costs that override `per_unit` (a full cost table). */
  perUnitBySku?: Record<string, string>
}

/**
 * One line of an order. Amounts are in the order's currency, as decimal
 * text on the wire, and must already be in its minor units.
 */
export interface OrderLine {
  /** The line's id, unique within the order. */
  lineId: string
  /** The canonical SKU. */
  sku: string
  /** Units ordered (> 0). */
  quantity: number
  /** Price of one unit. */
  unitPrice: string
  /** Discount on the whole line (≥ 0, ≤ price × quantity). */
  discount?: string
  /** Tax charged on the line (≥ 0). */
  tax?: string
}

/** How the goods reach the customer. */
export type Fulfilment = 'carry_out' | 'ship' | 'pickup'

/** An order from any channel. */
export interface Order {
  /** The order. */
  orderId: string
  /** The channel that took it. */
  channel: string
  /**
   * The store for a counter sale or a pickup; the planned node for a
   * shipped order (optional: an allocation can name nodes later).
   */
  location?: string | null
  /** The order's currency; every amount is in it. */
  currency: string
  /** The lines. */
  lines: Array<OrderLine>
  /** Discount on the whole order (≥ 0), spread over lines to refund it fairly. */
  orderDiscount?: string
  /** Shipping charged (≥ 0). */
  shipping?: string
  /** The customer, when known. */
  customer?: string | null
  /** How it is fulfilled. */
  fulfilment: Fulfilment
}

/** Units of one line to hold at one node. */
export interface OrderAllocation {
  /** The order line. */
  lineId: string
  /** The node that will ship (or the store that will hand over). */
  location: string
  /** Units (> 0). */
  quantity: number
}

/** Units of one line. */
export interface LineQuantity {
  /** The order line. */
  lineId: string
  /** Units (> 0). */
  quantity: number
}

/** What became of a returned unit. Only restocked goods go back to sellable stock. */
export type Disposition = 'restocked' | 'damaged' | 'needs_inspection' | 'missing'

/** Units of one line coming back, and what became of them. */
export interface ReturnLine {
  /** The order line. */
  lineId: string
  /** Units (> 0). */
  quantity: number
  /** What became of them. */
  disposition: Disposition
}

/** One order event from any channel or till. */
export type OrderEvent = OrderEventBase &
  (
    | { type: 'placed'; order: Order }
    | { type: 'allocated'; allocations: Array<OrderAllocation> }
    | { type: 'captured'; paymentId: string; amount: string }
    | { type: 'fulfilled'; shipmentId: string; location: string; lines: Array<LineQuantity> }
    | { type: 'cancelled'; reason?: string | null }
    | { type: 'returned'; returnId: string; location: string; channel?: string | null; lines: Array<ReturnLine> }
    | { type: 'refunded'; refundId: string; returnId?: string | null; amount: string }
    | { type: 'closed' }
  )

/** The fields every OrderEvent carries, whatever its variant. */
export interface OrderEventBase {
  /** Idempotency key: the same id is applied at most once. */
  eventId: string
  /** The order. */
  orderId: string
  /** When it happened (stock events carry this time). */
  occurredAt: string | Date
  /** Which system or till sent it. */
  source: string
}

/** How shipping is refunded when goods come back. */
export type ShippingRefund = 'never' | 'on_full_return' | 'prorated'

/** The refund rules of an order book. */
export interface RefundPolicy {
  /** How shipping is refunded. */
  shippingRefund?: ShippingRefund
}

/** How a destination (an ad platform, a partner) wants a hashed identifier. */
export type HashConvention = 'canonical' | 'phone_digits_only' | 'gmail_folded' | 'email_lowercase'

/**
 * One identifier on a record: clear (normalised here) or already hashed
 * (the lower-case hex SHA-256 of the canonical value).
 */
export interface IdentifierInput {
  /** `email`, `phone`, `loyalty`, or a caller's own kind (`web_account`). */
  kind: string
  /** The value as the channel has it. */
  value: string
  /** True when `value` is already the SHA-256 hex of the canonical value. */
  hashed?: boolean
  /**
   * For a hashed value: the convention it was hashed under, when not
   * Seamline's canonical form (an ad platform's digits-only phone). The
   * policy must declare it in `hashed_conventions`.
   */
  convention?: HashConvention | null
}

/**
 * A customer record from any channel. A record is identified by `source`
 * and `record_id`; a newer observation of it replaces an older one.
 */
export interface CustomerRecord {
  /** The system or channel that holds it (`pos`, `web`). */
  source: string
  /** Its id there. */
  recordId: string
  /** When the channel last saw it this way. */
  observedAt: string | Date
  /** The store's country for phone numbers written without `+` (ISO 3166). */
  region?: string | null
  /** Identifiers that may link it to other records. */
  identifiers?: Array<IdentifierInput>
  /** Everything else (name, address, marketing consent, …). Personal data. */
  attributes?: Record<string, string>
}

/**
 * Values clerks and forms type when a shopper gives none. Matching values
 * never link and are listed as issues on their records.
 */
export interface Placeholders {
  /**
   * Email local parts that mean "no email" on any domain, compared with
   * dots, dashes, underscores and a `+tag` removed (`no.email+1@shop.com`
   * is `noemail`).
   */
  emailLocalParts?: Array<string>
  /**
   * Phones whose national number is one digit repeated (`555 555 5555`)
   * or a run of consecutive digits (`123 456 7890`).
   */
  phoneRepeatedDigits?: boolean
}

/**
 * Households: four people on one landline, a couple with one email. A
 * value of one of `kinds` joins two sides only if their names and dates of
 * birth do not clearly differ; otherwise the merge goes to the review
 * queue with why, for a person to decide. A person's always-link or
 * accepted review still joins them.
 */
export interface Households {
  /** Kinds a household shares (default: `phone`, `email`); empty turns the check off. */
  kinds?: Array<string>
  /**
   * Attributes holding a person's name, the first present wins (default:
   * `given_name`, `first_name`, `name`). Of a full name the given name
   * is compared (`Lee, Ann` and `Mrs Ann Lee` give `ann`).
   */
  nameAttributes?: Array<string>
  /**
   * Attributes holding a date of birth, the first present wins (default:
   * `date_of_birth`, `birth_date`, `dob`), compared by its digits.
   */
  birthDateAttributes?: Array<string>
}

/** A loyalty program's id format. */
export interface LoyaltyFormat {
  /** Fewest characters (after spaces and dashes are removed). */
  minLen?: number
  /** Most characters. */
  maxLen?: number
  /** Digits only (a card number), or letters and digits. */
  digitsOnly?: boolean
}

/**
 * Which identifiers link records, how many a profile may hold, which
 * values never link, and whose attributes survive. Every field left out
 * of a serialized policy takes its default.
 */
export interface LinkPolicy {
  /** Kinds that link, strongest first (merges are tried in this order). */
  linkKinds?: Array<string>
  /**
   * At most this many distinct values of a kind in one profile; a merge
   * that would exceed it goes to the review queue instead.
   */
  limits?: Record<string, number>
  /**
   * Exact values that never link (a store's own phone, a family's shared
   * email), by kind: each is checked and normalised when the policy is
   * loaded, so a value that could never match is an error, not a no-op.
   */
  blocked?: Array<IdentifierInput>
  /**
   * Patterns of values clerks type when a shopper gives none
   * (`noemail@…`, `5555555555`): they never link either.
   */
  placeholders?: Placeholders
  /**
   * Identifier kinds of the retailer's own (`web_account`, `card_token`)
   * that records may carry besides `email`, `phone`, `loyalty` and the
   * `link_kinds`. Any other kind on a record is an issue on that record
   * (`Email`, `phone_number` and `""` are typos, not new kinds).
   */
  kinds?: Array<string>
  /**
   * When a value people share (a landline, a family email) may link
   * records by itself: not when their names or dates of birth clearly
   * differ.
   */
  households?: Households
  /**
   * Conventions other than the canonical one that inbound hashed
   * identifiers use (`phone_digits_only`, `email_lowercase`,
   * `gmail_folded`): every clear value of their kind is also hashed
   * that way, so such a hash links to it.
   */
  hashedConventions?: Array<HashConvention>
  /** Gmail dot and `+tag` folding for emails (off by default). */
  emailProviderRules?: boolean
  /** The phone region for records that name none. */
  defaultRegion?: string
  /** The loyalty program's id format. */
  loyaltyFormat?: LoyaltyFormat
  /** Sources in survivorship order, strongest first (then most recent wins). */
  sourcePriority?: Array<string>
}

/** A person's decision about linking, recorded with who and why. */
export type Correction =
  | { type: 'never_link'; recordA: string; recordB: string; by: string; reason: string }
  | { type: 'always_link'; recordA: string; recordB: string; by: string; reason: string }
  | { type: 'accept_review'; left: Array<string>; right: Array<string>; by: string; reason: string }
  | { type: 'never_link_value'; identifier: IdentifierInput; by: string; reason: string }

/** What happened to points. */
export type PointsKind = 'earn' | 'redeem' | 'adjust' | 'expire'

/** A points event against a loyalty account (its loyalty id) or a record. */
export interface PointsEvent {
  /** Idempotency key: two tills sending the same redemption apply it once. */
  eventId: string
  /** The loyalty id (normalised as the program's ids are), or… */
  loyaltyId?: string | null
  /** …the `source/record_id` of a record, for points earned before a card. */
  record?: string | null
  /** What happened. */
  kind: PointsKind
  /** Points (see the kind for the sign). */
  points: number
  /** When. */
  occurredAt: string | Date
}

/** How one attribute is compared. */
export type Compare = 'name' | 'text' | 'date' | 'exact'

/** One compared attribute. */
export interface ScoringField {
  /** The attribute's name on the records. */
  attribute: string
  /** How it is compared. */
  compare: Compare
  /**
   * Its m probabilities (exact, close, different) among matches, if
   * known; estimated with `u` otherwise.
   */
  m?: [number, number, number] | null
  /** Its u probabilities among non-matches, if known. */
  u?: [number, number, number] | null
}

/**
 * A blocking key: the first `prefix` characters of each attribute
 * (all of it when none), joined; records sharing a key are compared.
 */
export interface BlockingPart {
  /** The attribute. */
  attribute: string
  /** How many characters of it (all when none). */
  prefix?: number | null
}

/** What is compared, how records are blocked, and which suggestions are made. */
export interface Scoring {
  /** The compared attributes. */
  fields?: Array<ScoringField>
  /** Blocking keys: a pair is a candidate when it shares any of them. */
  blocking?: Array<Array<BlockingPart>>
  /**
   * A block with more records than this is not compared (a common
   * surname would make the work quadratic); its pairs may still meet
   * through another key.
   */
  maxBlock?: number
  /** Suggestions with at least this match probability are made. */
  minProbability?: number
  /** The share of candidate pairs that match, when known (else estimated). */
  prior?: number | null
}

/** A component as a row gives it: SKU text and units per channel unit. */
export interface ComponentRow {
  /** The canonical SKU. */
  sku: string
  /** Units of it per channel unit (default 1). */
  quantity?: number
}

/** A mapping row as it comes from a file or a channel's API. */
export interface MappingRow {
  /** The channel. */
  channel: string
  /** The channel's stable id for the item (variant or catalog-object id). */
  externalId: string
  /** What one channel unit is: one component, or several for a bundle. */
  components: Array<ComponentRow>
  /** The channel's own SKU text, when it has one (not assumed unique). */
  channelSku?: string | null
}

/**
 * A reference a channel sent (a till's line, a feed's row): its id for an
 * item, the units, and when it was seen (for the unmapped queue).
 */
export interface ChannelReference {
  /** The channel. */
  channel: string
  /** The channel's id for the item, as it sent it. */
  externalId: string
  /** Channel units. */
  quantity: number
  /** When it was seen. */
  seenAt: string | Date
}

/** A price valid over `[from, to)` (no `to`: open-ended). */
export interface PriceEntry {
  /** The product. */
  sku: string
  /** The channel it overrides the base price for; none for the base price. */
  channel?: string | null
  /** The price. */
  price: Money
  /** Start of the window, inclusive. */
  from: string | Date
  /** End of the window, exclusive. */
  to?: string | Date | null
}

/** What a promotion takes off. */
export type Discount =
  | { type: 'percent_off'; percent: string }
  | { type: 'amount_off'; amount: Money }

/** A promotion over a set of SKUs, optionally some channels, and a window. */
export interface Promotion {
  /** The promotion's id (stacking order among stackable ones). */
  id: string
  /** The SKUs it applies to. */
  skus: Array<string>
  /** The channels it applies in; empty: every channel. */
  channels?: Array<string>
  /** Start, inclusive. */
  from: string | Date
  /** End, exclusive. */
  to?: string | Date | null
  /** What it takes off. */
  discount: Discount
  /** Applies on top of other promotions instead of competing with them. */
  stackable?: boolean
}

/** How an amount is rounded to its currency's minor unit. */
export type RoundingMode = 'half_up' | 'half_even' | 'half_down' | 'down' | 'up'

/** How a channel shows prices, and how much lag is normal. */
export interface MismatchRules {
  /** The channel. */
  channel: string
  /** The channel shows prices with tax included (the table holds them without). */
  taxInclusive?: boolean
  /** The tax rate in percent, used when `tax_inclusive`. */
  taxRatePercent?: string
  /** How the channel rounds a computed price to the minor unit (default half up). */
  rounding?: RoundingMode
  /** A price change this recent may not have reached the channel yet (the sync interval). */
  graceSeconds?: number
}

/** A price as a channel's catalogue showed it. */
export interface ObservedPrice {
  /** The channel's id for the item. */
  externalId: string
  /** The price shown. */
  price: Money
  /** When it was seen. */
  observedAt: string | Date
}

/**
 * A field whose owner differs from its domain's: another system, or none
 * (a shared field, where the latest value wins).
 */
export interface FieldRule {
  /** The domain. */
  domain: Domain
  /** The field, as updates name it. */
  field: string
  /** The owning system; none makes the field shared. */
  owner?: string | null
}

/** One event as a source sent it: its sequence number and when it was sent. */
export interface SyncObservation {
  /** The sending system or till. */
  source: string
  /** The source's own sequence number (increasing by one per event). */
  sequence: number
  /** When the source sent it. */
  sentAt: string | Date
}

/** Where an order stands, and so what its payments must add up to. */
export type ReconOrderStatus = 'open' | 'fulfilled' | 'cancelled'

/** What a settlement line records. */
export type SettlementKind =
  | 'charge'
  | 'refund'
  | 'chargeback'
  | 'chargeback_reversal'
  | 'fee'
  | 'adjustment'
  | 'payout'
