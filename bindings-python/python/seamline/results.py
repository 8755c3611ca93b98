"""What Seamline returns, and the settings it reads, as ``TypedDict``s.

Generated from core's types by ``cargo run -p seamline-typegen``: do not
edit (the test command fails when this file drifts from core). Returned
amounts are ``Decimal`` and instants RFC 3339 text; settings take amounts as
``Decimal``, ``int`` or decimal text and instants as aware ``datetime``s or
text.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union

from ._native import Money
from .records import ReconOrder, SettlementLine


ReasonCode = Literal[
    "MISSING_SETTLEMENT",
    "AMOUNT_MISMATCH",
    "CURRENCY_MISMATCH",
    "FEE_VARIANCE",
    "SETTLEMENT_ARITHMETIC",
    "DUPLICATE_SETTLEMENT",
    "UNMATCHED_SETTLEMENT",
    "PAYMENT_TOTAL_MISMATCH",
    "MISSING_INVENTORY_MOVEMENT",
    "INVENTORY_QUANTITY_MISMATCH",
    "UNMATCHED_MOVEMENT",
    "RETURN_WITHOUT_CREDIT",
    "CREDIT_WITHOUT_RETURN",
    "MISSING_REFUND_SETTLEMENT",
    "OVER_REFUND",
    "UNKNOWN_RETURN",
    "BATCH_TOTAL_MISMATCH",
    "CHARGEBACK",
    "INVALID_ROW",
]
"""Why a row is in the exception queue. The string forms are stable."""


Severity = Literal["low", "medium", "high"]
"""How urgently a person should look."""


RowKind = Literal["order", "payment", "refund", "return", "order_sku", "settlement", "movement"]
"""Which kind of record a reference names."""


class RowRef(TypedDict):
    """A record a person would open: its kind, its id and, for a record that belongs to an order (payment, refund, return, order SKU), the order."""

    kind: RowKind
    """The kind."""
    order_id: Optional[str]
    """The order it belongs to."""
    id: str
    """Its id (the SKU for an order SKU)."""


class SettlementSuggestion(TypedDict):
    """A likely counterpart for an unmatched settlement, shown to a person and never counted as matched until they confirm it."""

    record: RowRef
    """The payment or refund."""
    evidence: str
    """Why it was suggested."""


class ReconException(TypedDict):
    """One item of the exception queue."""

    id: str
    """Stable across runs: the same reason for the same record gives the same id."""
    reason: ReasonCode
    """Why."""
    severity: Severity
    """How urgent."""
    key: RowRef
    """The record a person opens."""
    references: List[RowRef]
    """Every record involved (the key first)."""
    currency: Optional[str]
    """The currency of `expected`, `actual`, `difference` and `amount_at_risk`; absent when they count units."""
    expected: Optional[Decimal]
    """What the books say it should be."""
    actual: Optional[Decimal]
    """What it is."""
    difference: Optional[Decimal]
    """`actual − expected`."""
    amount_at_risk: Optional[Decimal]
    """Money that may be lost; absent when the inputs do not say (a unit count)."""
    since: str
    """When it became an exception (its age counts from here)."""
    message: str
    """One line a person understands."""
    suggestion: Optional[SettlementSuggestion]
    """For an unmatched settlement: the one likely counterpart."""
    candidates: List[RowRef]
    """For an unmatched settlement: several likely counterparts, listed, not guessed."""
    evidence: Optional[ReconOrder]
    """For a chargeback: the order with its payments, fulfilments, returns, refunds and customer — one record to pull for a representment."""
    fingerprint: str
    """Changes whenever the exception's inputs change; an accepted exception stays closed while it is the same."""


PendingReason = Literal[
    "awaiting_settlement",
    "awaiting_refund_settlement",
    "awaiting_credit",
    "awaiting_restock",
    "awaiting_capture",
    "after_as_of",
]
"""Why a row is waiting rather than matched or an exception."""


class Pending(TypedDict):
    """A row inside its window: normal today, an exception if it is still here after `due`."""

    row: RowRef
    """The row."""
    reason: PendingReason
    """What it waits for."""
    due: str
    """When waiting ends (the as-of run after this reports it)."""
    currency: Optional[str]
    """Its currency and amount, when it is money."""
    amount: Optional[Decimal]
    """The amount."""


MatchKind = Literal[
    "charge_by_processor_reference",
    "charge_by_merchant_reference",
    "refund_by_processor_reference",
    "refund_by_merchant_reference",
    "confirmed",
    "inventory",
    "return",
    "chargeback_reversed",
    "payout",
    "accounted",
]
"""How rows were matched."""


class Match(TypedDict):
    """Rows that tie out together."""

    kind: MatchKind
    """How."""
    rows: List[RowRef]
    """The rows (the anchor first)."""


class Identity(TypedDict):
    """One identity a controller checks, with its two sides: `ok` when they are equal, else the books are broken by `left − right`."""

    name: Literal["captured_settles", "refunds_settle", "gross_less_fees_is_net", "payouts_equal_batches"]
    """Its stable name (`"payouts_equal_batches"`)."""
    statement: str
    """What it says, in the summary's field names."""
    left: Decimal
    """The left side."""
    right: Decimal
    """The right side."""
    ok: bool
    """Whether the sides are equal."""


class CurrencySummary(TypedDict):
    """Money per currency, exact, with the identities a controller checks (`identities`): every captured or refunded cent is settled, explained by a difference, waiting or missing; the settlement lines' gross less their fees is their net; the payouts are their batches' net."""

    currency: str
    """The currency."""
    orders: int
    """Orders read (every status)."""
    open_orders: int
    """Of them, open (still being fulfilled)."""
    cancelled_orders: int
    """Of them, cancelled."""
    order_total: Decimal
    """What the orders are owed: the totals of open and fulfilled orders (a cancelled order owes nothing)."""
    awaiting_capture: Decimal
    """What open orders have still to capture, inside their capture window."""
    payments_captured: Decimal
    """Every tender captured (cash, gift card and store credit included)."""
    processor_captured: Decimal
    """Card and wallet payments captured."""
    settled_gross: Decimal
    """Gross of the charge settlements matched to them (a net-only line counts at its payment's amount)."""
    amount_differences: Decimal
    """Σ (settled gross − payment amount) over matched charges."""
    currency_mismatched: Decimal
    """Payments whose settlement came in another currency."""
    pending_settlement: Decimal
    """Payments inside their window (or captured after the as-of instant)."""
    missing_settlement: Decimal
    """Payments past their window with no settlement."""
    expected_fees: Decimal
    """Fees the schedule expects on matched charges (where a rule exists)."""
    actual_fees: Decimal
    """Fees the processors took on matched charges (reported, or gross − net)."""
    fee_lines: Decimal
    """Fees charged in lines of their own (Stripe fee and network-cost lines, Adyen batch and account fees, PayPal fee events), positive."""
    refunds_issued: Decimal
    """Refunds issued, every tender."""
    processor_refunds: Decimal
    """Refunds to card and wallet."""
    refunds_settled: Decimal
    """Refund settlements matched to them (positive; a net-only line counts at its refund's amount)."""
    refund_differences: Decimal
    """Σ (settled − refund amount) over matched refunds."""
    refunds_currency_mismatched: Decimal
    """Refunds whose settlement came in another currency."""
    refunds_pending: Decimal
    """Card and wallet refunds inside their window (or issued after as-of)."""
    refunds_missing: Decimal
    """Card and wallet refunds past their window with no settlement."""
    chargebacks: Decimal
    """Money taken back by chargebacks (positive)."""
    chargeback_reversals: Decimal
    """Money returned by chargeback reversals."""
    settlement_gross: Decimal
    """Gross of the settlement lines that state one (payouts excluded)."""
    fees_reported: Decimal
    """Fees those lines state."""
    fees_implied: Decimal
    """Gross − net of the lines that state a gross but no fee."""
    net_only: Decimal
    """Net of the lines that state no gross (net-only reports)."""
    settlement_net: Decimal
    """Net of every settlement line except payouts: what the processor owes."""
    payouts: Decimal
    """Paid out to the bank (positive)."""
    batch_net_paid_out: Decimal
    """Net of the batches those payouts name (a payout naming no batch counts as its own batch)."""
    exceptions: int
    """Exceptions in this currency."""
    amount_at_risk: Decimal
    """Their amount at risk."""
    by_reason: Dict[ReasonCode, int]
    """Exceptions per reason."""
    identities: List[Identity]
    """The tie-out identities, each with its two sides."""


class Buckets(TypedDict):
    """Where the rows of one kind landed; `matched + pending + exceptions` is every row read."""

    matched: int
    """Paired with their counterpart, or accounted for with nothing to pair (a cash tender, a fee line, a receipt)."""
    pending: int
    """Inside a window."""
    exceptions: int
    """Named by an exception."""


class RowCounts(TypedDict):
    """Where every input row landed, per kind."""

    orders: Buckets
    """Orders."""
    payments: Buckets
    """Payments."""
    fulfilments: Buckets
    """Fulfilled lines."""
    returns: Buckets
    """Returns."""
    refunds: Buckets
    """Refunds."""
    settlements: Buckets
    """Settlement lines."""
    movements: Buckets
    """Stock movements."""


QueueStatus = Literal["new", "persisting", "resolved", "accepted", "reopened"]
"""Where an exception stands today."""


class Acceptance(TypedDict):
    """A person's decision to accept an exception as it stands."""

    exception_id: str
    """The exception."""
    fingerprint: str
    """Its fingerprint when accepted: a change reopens it."""
    by: str
    """Who."""
    note: str
    """Why (required: the next person needs it)."""
    at: Union[datetime, str]
    """When."""


class QueueItem(TypedDict):
    """One item of the queue as it stands after today's run."""

    exception_id: str
    """The exception's stable id."""
    status: QueueStatus
    """Today's status."""
    reason: ReasonCode
    """Why it is in the queue."""
    severity: Severity
    """Today's severity (yesterday's for a resolved item)."""
    key: RowRef
    """The record to open."""
    fingerprint: str
    """Today's fingerprint (yesterday's for a resolved item)."""
    first_seen: str
    """The as-of of the run that first reported it."""
    acceptance: Optional[Acceptance]
    """The acceptance, while it holds (kept on a reopened item, for history)."""


Processor = Literal["stripe", "adyen", "paypal"]
"""The processors whose reports Seamline reads."""


Layout = Literal[
    "stripe_itemized",
    "stripe_dashboard",
    "stripe_api",
    "adyen_settlement_details",
    "paypal_settlement",
    "paypal_transaction_detail",
]
"""A report layout: detected from a file's header, stated in the report, and forced through `layout` when the caller knows better."""


class FileRead(TypedDict):
    """A file as it was read."""

    name: str
    """The file's name."""
    layout: Layout
    """The layout it was read in."""
    rows: int
    """Its rows (data rows; headers, preambles and trailers not counted)."""


class DuplicateRow(TypedDict):
    """A row that is a line already read: the same report (or an overlapping one) given twice."""

    file: str
    """The file."""
    line: int
    """The 1-based line (the record's position for records)."""
    id: str
    """The line it repeats."""


class UnknownRow(TypedDict):
    """A row whose type the adapter does not know: reported, not guessed."""

    file: str
    """The file."""
    line: int
    """The 1-based line (the record's position for records)."""
    row_type: str
    """The type the report gave (cut to 64 characters)."""


class ErrorDetailInvalidArgument(TypedDict):
    """See `InvalidArgument`."""

    code: Literal["INVALID_ARGUMENT"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidType(TypedDict):
    """See `InvalidType`."""

    code: Literal["INVALID_TYPE"]
    field: str
    expected: str
    got: str


class ErrorDetailInvalidAmount(TypedDict):
    """See `InvalidAmount`."""

    code: Literal["INVALID_AMOUNT"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidSku(TypedDict):
    """See `InvalidSku`."""

    code: Literal["INVALID_SKU"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidId(TypedDict):
    """See `InvalidId`."""

    code: Literal["INVALID_ID"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidQuantity(TypedDict):
    """See `InvalidQuantity`."""

    code: Literal["INVALID_QUANTITY"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidTimestamp(TypedDict):
    """See `InvalidTimestamp`."""

    code: Literal["INVALID_TIMESTAMP"]
    field: str
    value: str
    reason: str


class ErrorDetailUnknownCurrency(TypedDict):
    """See `UnknownCurrency`."""

    code: Literal["UNKNOWN_CURRENCY"]
    field: str
    value: str


class ErrorDetailCurrencyMismatch(TypedDict):
    """See `CurrencyMismatch`."""

    code: Literal["CURRENCY_MISMATCH"]
    operation: str
    left: str
    right: str


class ErrorDetailArithmeticOverflow(TypedDict):
    """See `ArithmeticOverflow`."""

    code: Literal["ARITHMETIC_OVERFLOW"]
    operation: str


class ErrorDetailInsufficientStock(TypedDict):
    """See `InsufficientStock`."""

    code: Literal["INSUFFICIENT_STOCK"]
    sku: str
    location: str
    requested: str
    available: str


class ErrorDetailConflictingDuplicate(TypedDict):
    """See `ConflictingDuplicate`."""

    code: Literal["CONFLICTING_DUPLICATE"]
    event_id: str


class ErrorDetailStaleQuantity(TypedDict):
    """See `StaleQuantity`."""

    code: Literal["STALE_QUANTITY"]
    field: str
    expected: str
    actual: str


class ErrorDetailUnknownReservation(TypedDict):
    """See `UnknownReservation`."""

    code: Literal["UNKNOWN_RESERVATION"]
    reservation_id: str


ErrorDetailInvalidTransition = TypedDict(
    "ErrorDetailInvalidTransition",
    {
        "code": Literal["INVALID_TRANSITION"],
        "entity": str,
        "from": str,
        "attempted": str,
    },
)
"""See `InvalidTransition`."""


class ErrorDetailInvalidSnapshot(TypedDict):
    """See `InvalidSnapshot`."""

    code: Literal["INVALID_SNAPSHOT"]
    reason: str


class ErrorDetailUnsupportedVersion(TypedDict):
    """See `UnsupportedVersion`."""

    code: Literal["UNSUPPORTED_VERSION"]
    found: str
    supported: str


class ErrorDetailInvalidGtin(TypedDict):
    """See `InvalidGtin`."""

    code: Literal["INVALID_GTIN"]
    value: str
    reason: str


class ErrorDetailUnmappedId(TypedDict):
    """See `UnmappedId`."""

    code: Literal["UNMAPPED_ID"]
    channel: str
    external_id: str


class ErrorDetailPriceOverlap(TypedDict):
    """See `PriceOverlap`."""

    code: Literal["PRICE_OVERLAP"]
    sku: str
    channel: str
    existing: str
    proposed: str


class ErrorDetailNoPrice(TypedDict):
    """See `NoPrice`."""

    code: Literal["NO_PRICE"]
    sku: str
    channel: str
    currency: str
    at: str


class ErrorDetailOverRefund(TypedDict):
    """See `OverRefund`."""

    code: Literal["OVER_REFUND"]
    entity: str
    requested: str
    available: str


class ErrorDetailInvariantViolated(TypedDict):
    """See `InvariantViolated`."""

    code: Literal["INVARIANT_VIOLATED"]
    entity: str
    attempted: str
    invariant: str
    detail: str


class ErrorDetailInvalidConfiguration(TypedDict):
    """See `InvalidConfiguration`."""

    code: Literal["INVALID_CONFIGURATION"]
    field: str
    reason: str


class ErrorDetailInvalidIdentifier(TypedDict):
    """See `InvalidIdentifier`."""

    code: Literal["INVALID_IDENTIFIER"]
    kind: str
    redacted: str
    """The value, redacted (`a…@e…`): never the clear value."""
    reason: str


class ErrorDetailInsufficientPoints(TypedDict):
    """See `InsufficientPoints`."""

    code: Literal["INSUFFICIENT_POINTS"]
    profile: str
    requested: str
    balance: str


class ErrorDetailInternal(TypedDict):
    """See `Internal`."""

    code: Literal["INTERNAL"]
    detail: str


ErrorDetail = Union[
    ErrorDetailInvalidArgument,
    ErrorDetailInvalidType,
    ErrorDetailInvalidAmount,
    ErrorDetailInvalidSku,
    ErrorDetailInvalidId,
    ErrorDetailInvalidQuantity,
    ErrorDetailInvalidTimestamp,
    ErrorDetailUnknownCurrency,
    ErrorDetailCurrencyMismatch,
    ErrorDetailArithmeticOverflow,
    ErrorDetailInsufficientStock,
    ErrorDetailConflictingDuplicate,
    ErrorDetailStaleQuantity,
    ErrorDetailUnknownReservation,
    ErrorDetailInvalidTransition,
    ErrorDetailInvalidSnapshot,
    ErrorDetailUnsupportedVersion,
    ErrorDetailInvalidGtin,
    ErrorDetailUnmappedId,
    ErrorDetailPriceOverlap,
    ErrorDetailNoPrice,
    ErrorDetailOverRefund,
    ErrorDetailInvariantViolated,
    ErrorDetailInvalidConfiguration,
    ErrorDetailInvalidIdentifier,
    ErrorDetailInsufficientPoints,
    ErrorDetailInternal,
]
"""A Seamline error: a stable `ErrorCode` plus the offending field and value.  Messages always name the field and quote the value, so a person reading a log can find the bad input without a debugger. Fields, the same in every variant: `field` names the offending input, `value` quotes it, `reason` says what was expected; `operation` names the computation that failed."""


class RejectedRow(TypedDict):
    """A row the adapter could not read, with why."""

    file: str
    """The file."""
    line: int
    """The 1-based line (the record's position for records)."""
    error: ErrorDetail
    """Why."""


class SkippedRow(TypedDict):
    """A row that is no line of its own: it records no movement of money (an authorisation, a pending or denied PayPal transaction), or its money is counted in another line (a Stripe partial-capture reversal, in its charge's). Accounted for, with why."""

    file: str
    """The file."""
    line: int
    """The 1-based line (the record's position for records)."""
    reason: str
    """Why it is no line of its own."""


class ProcessorReport(TypedDict):
    """What an adapter made of a report: every row is in exactly one list."""

    processor: Processor
    """The processor."""
    files: List[FileRead]
    """Each file with its layout and row count, in reading order (by name)."""
    lines: List[SettlementLine]
    """Rows read as settlement lines."""
    duplicates: List[DuplicateRow]
    """Rows that repeat a line already read."""
    unknown: List[UnknownRow]
    """Rows of a type the adapter does not know."""
    rejected: List[RejectedRow]
    """Rows that could not be read."""
    skipped: List[SkippedRow]
    """Rows that are no line of their own: they move no money, or (a Stripe partial-capture reversal) are counted in another line."""


class RowAt(TypedDict):
    """A row, by file and line."""

    file: str
    """The file."""
    line: int
    """The 1-based line (the record's position for records)."""


class AnomalyOversell(TypedDict):
    """A sale took on-hand below zero: the goods left, the books did not have them."""

    type: Literal["oversell"]
    event_id: str
    """The sale."""
    sku: str
    """Product."""
    location: str
    """Where."""
    units_oversold: int
    """Units sold beyond what was on hand."""


class AnomalyNegativeStock(TypedDict):
    """On-hand is below zero now."""

    type: Literal["negative_stock"]
    sku: str
    """Product."""
    location: str
    """Where."""
    on_hand: int
    """The negative on-hand."""


class AnomalyOverCommitted(TypedDict):
    """Live reservations exceed on-hand: promises the shelf cannot keep (typically revealed when an offline till uploads its sales)."""

    type: Literal["over_committed"]
    sku: str
    """Product."""
    location: str
    """Where."""
    on_hand: int
    """Units on hand."""
    reserved: int
    """Units reserved."""


class AnomalyTransferMismatch(TypedDict):
    """A transfer's in has no out, or a different quantity."""

    type: Literal["transfer_mismatch"]
    transfer_id: str
    """The transfer."""
    sku: str
    """Product."""
    sent: Optional[int]
    """Units sent, if the out was seen."""
    received: int
    """Units received."""


Anomaly = Union[
    AnomalyOversell,
    AnomalyNegativeStock,
    AnomalyOverCommitted,
    AnomalyTransferMismatch,
]
"""Something a person should look at."""


class ApplyReport(TypedDict):
    """The outcome of applying one event."""

    event_id: str
    """The event."""
    duplicate: bool
    """True when the same event had been applied before: nothing changed."""
    affects_on_hand: bool
    """True when the event changed on-hand now (false for a movement that a later count supersedes, which is kept in history only)."""
    anomalies: List[Anomaly]
    """Anomalies this event caused (an oversell)."""


class RejectedEvent(TypedDict):
    """A row of a batch that was refused, with why. Nothing is dropped silently."""

    index: int
    """Position of the row in the batch."""
    event_id: Optional[str]
    """The event id, when the row had one."""
    error: ErrorDetail
    """Why it was refused."""


class BatchReport(TypedDict):
    """The outcome of a batch (an offline till's upload, a sync page)."""

    applied: int
    """How many events were applied. (The caller has their ids: every row not listed as a duplicate or rejected; a million-row load gets no million-item list back.)"""
    duplicates: List[str]
    """Events seen before (nothing changed)."""
    rejected: List[RejectedEvent]
    """Rows refused, each with its reason."""
    anomalies: List[Anomaly]
    """Anomalies the batch caused (oversells)."""
    revealed: List[Anomaly]
    """What the batch revealed at the positions it touched: reservations accepted against stock that was, it turns out, already sold."""


class CartLineOutcome(TypedDict):
    """What a cart reservation held at one SKU and location."""

    sku: str
    """The product."""
    location: str
    """Where."""
    requested: int
    """Units the cart asked for here (its lines summed)."""
    reserved: int
    """Units held (less than requested only with `allow_partial`)."""
    reservation_id: Optional[str]
    """The hold's reservation id, when anything was held."""


FulfilmentMethod = Literal["ship", "pickup"]
"""How an order reaches the customer (which policy and which nodes apply)."""


class Publication(TypedDict):
    """What a channel may be shown, and the risk of showing it."""

    quantity: int
    """Units to publish: max(0, available − buffer)."""
    buffer: int
    """Units held back."""
    oversell_probability: Optional[float]
    """P(demand in the exposure window > buffer) for a velocity policy; none for a policy that states no velocity."""


class NodePublication(TypedDict):
    """One node's figure in a channel publication."""

    location: str
    """The node."""
    available: int
    """Its available (on-hand − reserved), possibly negative."""
    quantity: int
    """What it may be shown under the method's policy."""
    buffer: int
    """Units held back there."""


class ChannelPublication(TypedDict):
    """What a channel shows for one SKU and method: pooled and per node."""

    channel: str
    """The channel."""
    method: FulfilmentMethod
    """The method."""
    pooled: Publication
    """Pooled over the nodes that serve the method."""
    nodes: List[NodePublication]
    """Each serving node on its own."""


class StockLevel(TypedDict):
    """The stock of one SKU at one location at an instant."""

    on_hand: int
    """Units physically there (may be negative after unrecorded stock was sold)."""
    reserved: int
    """Units held by live reservations."""
    available: int
    """`on_hand − reserved` (may be negative)."""
    in_transit: int
    """Units sent from here by transfer and not yet received."""


class HistoryLine(TypedDict):
    """One line of a position's audit trail."""

    occurred_at: str
    """When it happened."""
    event_id: str
    """The event."""
    source: str
    """Which system or till sent it."""
    description: str
    """What happened, in words."""
    change: int
    """Change to on-hand (for a count: the variance it revealed)."""
    on_hand_after: int
    """On-hand after this line, replaying history in order."""


ReservationState = Literal["held", "committed", "released", "expired"]
"""The state of a reservation at an instant."""


class SourcingAllocation(TypedDict):
    """Units of one line sent from one node."""

    line_id: str
    """The order line."""
    sku: str
    """The product."""
    location: str
    """The sending node."""
    quantity: int
    """Units."""


class SourcingShipment(TypedDict):
    """One shipment (or, for a pickup, transfer) in the plan, with why."""

    location: str
    """The sending node."""
    units: int
    """Units it sends."""
    cost: Decimal
    """Its cost: per-shipment plus units × unit cost."""
    reason: str
    """Why this node: a sentence a person can read."""


SourcingMethod = Literal["exact", "heuristic"]
"""How the plan was found."""


class SourcingPlan(TypedDict):
    """The chosen assignment of lines to nodes."""

    allocations: List[SourcingAllocation]
    """Line × node allocations, by line then node."""
    shipments: List[SourcingShipment]
    """Shipments, by node."""
    total_cost: Decimal
    """Total cost of the plan."""
    method: SourcingMethod
    """Exact or heuristic."""


OrderState = Literal[
    "placed",
    "allocated",
    "partially_fulfilled",
    "fulfilled",
    "partially_returned",
    "returned",
    "cancelled",
    "closed",
]
"""Where an order is in its life. Derived from its line quantities, so it can never disagree with them."""


AdjustReason = Literal["damage", "shrink", "found", "other"]
"""Why stock was adjusted by hand."""


class StockEventBase(TypedDict):
    """The fields every StockEvent carries, whatever its variant."""

    event_id: str
    """Idempotency key: the same id is applied at most once."""
    sku: str
    """The product."""
    location: str
    """Where the stock is."""
    occurred_at: Union[datetime, str]
    """When it happened (not when it arrived)."""
    source: str
    """Which system or till sent it."""


class StockEventReceived(StockEventBase):
    """Goods arrived (a delivery, a purchase order)."""

    type: Literal["received"]
    quantity: int
    """Units received (> 0)."""


class _StockEventSoldRequired(StockEventBase):
    """The keys every StockEventSold has."""

    type: Literal["sold"]
    quantity: int
    """Units sold (> 0)."""


class StockEventSold(_StockEventSoldRequired, total=False):
    """A sale: a fact, accepted even when it takes on-hand below zero."""

    order_ref: Optional[str]
    """The order or receipt, when known."""


class StockEventReturned(StockEventBase):
    """Goods came back; only restocked goods return to on-hand."""

    type: Literal["returned"]
    quantity: int
    """Units returned (> 0)."""
    restock: bool
    """True when the goods go back to sellable stock."""


class StockEventAdjusted(StockEventBase):
    """A signed manual change."""

    type: Literal["adjusted"]
    delta: int
    """Units added (positive) or removed (negative); not zero."""
    reason: AdjustReason
    """Why."""


class _StockEventCountedRequired(StockEventBase):
    """The keys every StockEventCounted has."""

    type: Literal["counted"]
    on_hand: int
    """Units counted (≥ 0)."""


class StockEventCounted(_StockEventCountedRequired, total=False):
    """A physical count: on-hand was exactly this at `occurred_at`. Movements before it are superseded for on-hand; later ones apply on top."""

    expected_on_hand: Optional[int]
    """The on-hand the sender believed it replaced (compare-and-set): when given and stale, the count is refused with `STALE_QUANTITY`."""


class _StockEventAvailableReportedRequired(StockEventBase):
    """The keys every StockEventAvailableReported has."""

    type: Literal["available_reported"]
    available: int
    """Units available (≥ 0)."""


class StockEventAvailableReported(_StockEventAvailableReportedRequired, total=False):
    """An absolute *available* figure (on-hand − reserved), as some POS syncs send it; converted to an on-hand count with the reservations held at that moment."""

    expected_available: Optional[int]
    """The available figure the sender believed it replaced (compare-and-set)."""


class _StockEventReservedRequired(StockEventBase):
    """The keys every StockEventReserved has."""

    type: Literal["reserved"]
    quantity: int
    """Units reserved (> 0)."""
    reservation_id: str
    """The reservation's id, unique in the ledger."""


class StockEventReserved(_StockEventReservedRequired, total=False):
    """A web reservation: a request, refused when it exceeds what is available."""

    expires_at: Optional[Union[datetime, str]]
    """When the hold lapses if neither released nor fulfilled."""


class _StockEventReservationReleasedRequired(StockEventBase):
    """The keys every StockEventReservationReleased has."""

    type: Literal["reservation_released"]
    reservation_id: str
    """The reservation."""


class StockEventReservationReleased(_StockEventReservationReleasedRequired, total=False):
    """A held reservation is released (cart abandoned, order cancelled)."""

    quantity: Optional[int]
    """Units to release (> 0, ≤ held); all of them when absent."""


class _StockEventReservationFulfilledRequired(StockEventBase):
    """The keys every StockEventReservationFulfilled has."""

    type: Literal["reservation_fulfilled"]
    reservation_id: str
    """The reservation."""


class StockEventReservationFulfilled(_StockEventReservationFulfilledRequired, total=False):
    """A held reservation becomes a sale at this location."""

    quantity: Optional[int]
    """Units shipped (> 0, ≤ held); all of them when absent. A split shipment fulfils part and leaves the rest held."""


class StockEventTransferOut(StockEventBase):
    """Goods leave this location for another."""

    type: Literal["transfer_out"]
    transfer_id: str
    """Pairs the out with its in."""
    quantity: int
    """Units sent (> 0)."""


class StockEventTransferIn(StockEventBase):
    """Goods arrive at this location from another."""

    type: Literal["transfer_in"]
    transfer_id: str
    """Pairs the in with its out."""
    quantity: int
    """Units received (> 0)."""


StockEvent = Union[
    StockEventReceived,
    StockEventSold,
    StockEventReturned,
    StockEventAdjusted,
    StockEventCounted,
    StockEventAvailableReported,
    StockEventReserved,
    StockEventReservationReleased,
    StockEventReservationFulfilled,
    StockEventTransferOut,
    StockEventTransferIn,
]
"""One stock event from any channel, till or system."""


class Transition(TypedDict):
    """What one order event did."""

    event_id: str
    """The event."""
    order_id: str
    """The order."""
    duplicate: bool
    """True when the same event had been applied before: nothing changed."""
    state: OrderState
    """The order's state after it."""
    stock_events: List[StockEvent]
    """The stock events it means, for the ledger (ids `"{event_id}/{n}"`)."""
    refund_due: Optional[Money]
    """For a return or cancellation: what the units are worth (to refund)."""


class RejectedOrderEvent(TypedDict):
    """An order event a batch refused, with why. Nothing is dropped silently."""

    index: int
    """Position of the row in the batch."""
    event_id: Optional[str]
    """The event id, when the row had one."""
    error: ErrorDetail
    """Why it was refused."""


class RejectedStockEvent(TypedDict):
    """A stock event the ledger refused during a batch (a hold with too little available: the order gave the hold up and its units stay open)."""

    index: int
    """Position of the order event in the batch."""
    event: StockEvent
    """The stock event."""
    error: ErrorDetail
    """Why the ledger refused it."""


class OrderBatchReport(TypedDict):
    """What a batch of order events did, row by row where it matters."""

    applied: int
    """Events applied."""
    duplicates: int
    """Events seen before (nothing changed)."""
    rejected: List[RejectedOrderEvent]
    """Events refused, with why."""
    stock_rejected: List[RejectedStockEvent]
    """Stock events the ledger refused."""
    stock_events: List[StockEvent]
    """The stock events the batch means, when no ledger was given to apply them to."""


class LineStatus(TypedDict):
    """How far one line has got. Invariants, checked on every transition: fulfilled + cancelled ≤ ordered, returned ≤ fulfilled, held ≤ open."""

    line_id: str
    """The line."""
    ordered: int
    """Units ordered."""
    held: int
    """Units held at nodes for it now."""
    fulfilled: int
    """Units shipped or handed over."""
    cancelled: int
    """Units cancelled."""
    returned: int
    """Units returned (any disposition)."""
    restocked: int
    """Returned units put back into sellable stock."""


class OrderStatus(TypedDict):
    """One order's state, as the book holds it."""

    order_id: str
    """The order."""
    state: OrderState
    """Where it is."""
    total: Money
    """What the customer pays."""
    captured: Money
    """Payments captured."""
    refunded: Money
    """Money refunded."""
    refund_due: Money
    """What returns and cancellations so far are worth (what may be refunded for goods)."""
    lines: List[LineStatus]
    """Per line."""


RecordMove = TypedDict(
    "RecordMove",
    {
        "record": str,
        "from": str,
        "to": str,
    },
)
"""A record that moved from one profile to another."""


class BalanceChange(TypedDict):
    """A profile's balance before and after (none: the profile did not exist then)."""

    profile_id: str
    """The profile."""
    before: Optional[int]
    """Its balance before."""
    after: Optional[int]
    """Its balance after."""


class CorrectionEffect(TypedDict):
    """What a correction (or its withdrawal) changed: the records that moved between profiles and the balances that changed with them."""

    recorded: bool
    """False when nothing was recorded: the same correction was there already (or, withdrawing, was not there)."""
    moved: List[RecordMove]
    """Records whose profile changed, by record key."""
    balances: List[BalanceChange]
    """Profiles whose balance changed (or that appeared or went), by id."""


class Evidence(TypedDict):
    """How one attribute of a suggested pair compared."""

    attribute: str
    """The attribute."""
    level: Literal["exact", "close", "different", "missing"]
    """`exact`, `close`, `different` or `missing`."""
    weight: float
    """Its weight, log2(m/u) (0 when missing)."""


class Suggestion(TypedDict):
    """Two profiles that are probably one shopper, for a person to decide."""

    record_a: str
    """The record on one side whose attributes compared best (the smaller key)."""
    record_b: str
    """The record on the other side."""
    left: List[str]
    """Members of `record_a`'s profile (an `accept_review` takes them as its left)."""
    right: List[str]
    """Members of `record_b`'s profile."""
    score: float
    """Σ log2(m/u) over the attributes."""
    probability: float
    """The match probability under the model's prior."""
    evidence: List[Evidence]
    """Each attribute's comparison."""


class FieldModel(TypedDict):
    """One attribute's model: its m and u probabilities per level."""

    attribute: str
    """The attribute."""
    m: Tuple[float, float, float]
    """Among matches: exact, close, different."""
    u: Tuple[float, float, float]
    """Among non-matches."""


class Suggestions(TypedDict):
    """Suggestions, best first, with the model that scored them."""

    suggestions: List[Suggestion]
    """Suggested pairs of profiles, by score (highest first), one per pair."""
    candidates: int
    """The candidate record pairs compared."""
    prior: float
    """The share of candidates that match (estimated or given)."""
    model: List[FieldModel]
    """Each attribute's m and u."""


class UnclaimedPoints(TypedDict):
    """Points held by an account no profile holds yet (a card no record carries, a record key not in the book): kept, counted in `total_points`, and listed until their record arrives."""

    account: str
    """`record:<source/record_id>`, or `loyalty:<sha256 hex>` of the canonical loyalty id (hash the card to find it; never shown clear)."""
    points: int
    """Its balance."""


class Profile(TypedDict):
    """One customer, as every channel should see them."""

    profile_id: str
    """`P-` and 16 hex digits of the SHA-256 of its first member's key: stable while that record stays in the profile."""
    members: List[str]
    """Member record keys, sorted."""
    golden: Dict[str, str]
    """Each attribute from the member that wins survivorship: source priority, then the most recent observation."""
    identifiers: List[Tuple[str, str]]
    """Its identifiers as `(kind, sha256 hex)`, sorted: hashed, never clear."""


class Merge(TypedDict):
    """A merge that happened: `into` absorbed `absorbed` through an identifier of `kind` (or a person's always-link)."""

    into: str
    """The surviving profile id."""
    absorbed: str
    """The absorbed profile's id before the merge."""
    via: str
    """The identifier kind that joined them, or `always_link`."""


class ReviewItem(TypedDict):
    """A merge not made because it would break a limit: both sides and the identifier that would have joined them, for a person to decide."""

    record_a: str
    """The record on one side that holds the identifier."""
    record_b: str
    """The record on the other side."""
    left: List[str]
    """Members of `record_a`'s profile at that point."""
    right: List[str]
    """Members of `record_b`'s profile at that point."""
    kind: str
    """The identifier's kind."""
    identifier: str
    """The identifier's SHA-256 hex (never the clear value)."""
    reason: str
    """Which limit it would break."""


class RecordIssue(TypedDict):
    """An identifier of a record that was not used, with why."""

    record: str
    """The record."""
    kind: str
    """The identifier's kind."""
    error: ErrorDetail
    """Why it does not link (invalid, or a blocked value)."""


class CustomerResolution(TypedDict):
    """Profiles, merges, the review queue and per-record issues."""

    profiles: List[Profile]
    """Every profile, sorted by id; every record is in exactly one."""
    merges: List[Merge]
    """Merges in the order they were made."""
    review: List[ReviewItem]
    """Merges waiting for a person, sorted."""
    issues: List[RecordIssue]
    """Identifiers that did not link, by record."""


class Component(TypedDict):
    """One SKU and how many of it a channel unit stands for."""

    sku: str
    """The canonical SKU."""
    quantity: int
    """Units of it per channel unit (a six-pack: 6)."""


class MappingConflict(TypedDict):
    """An external id claimed by two targets."""

    row: int
    """Row number in the import (0-based)."""
    channel: str
    """The channel."""
    external_id: str
    """The external id, in the channel's canonical form."""
    existing: List[Component]
    """What it maps to now."""
    proposed: List[Component]
    """What the row wanted."""
    replaced: bool
    """True when the import said replace and the row won."""


class InvalidRow(TypedDict):
    """A row that could not be read, with why."""

    row: int
    """Row number in the import (0-based)."""
    error: ErrorDetail
    """Why."""


class SkuCollision(TypedDict):
    """A channel SKU used by two stable ids: reported, never merged."""

    channel: str
    """The channel."""
    channel_sku: str
    """The shared channel SKU text."""
    external_ids: List[str]
    """The stable ids that share it."""


class ImportReport(TypedDict):
    """What an import did with every row."""

    added: int
    """Rows that created a mapping."""
    unchanged: int
    """Rows identical to a mapping already there (re-importing a file is a no-op)."""
    conflicts: List[MappingConflict]
    """Rows that claimed a mapped id for another target (kept or replaced as asked)."""
    invalid: List[InvalidRow]
    """Rows that could not be read."""
    collisions: List[SkuCollision]
    """Channel SKUs shared by several stable ids, after the import."""


class PriceQuote(TypedDict):
    """A price with the promotions that shaped it."""

    base: Money
    """The table's price."""
    promotions: List[str]
    """Promotions applied, in the order they were applied."""
    price: Money
    """What the shopper pays: rounded half-up to the minor unit, never below zero."""


class PriceMismatch(TypedDict):
    """A shown price that differs from the authoritative one."""

    external_id: str
    """The channel's id."""
    expected: Money
    """What the table says it should show."""
    observed: Money
    """What it showed."""
    difference: Money
    """observed − expected."""


class PriceCorrection(TypedDict):
    """The price to push to a channel to fix a mismatch."""

    external_id: str
    """The channel's id."""
    price: Money
    """The price to show."""


class MismatchReport(TypedDict):
    """Everything the snapshot showed, accounted for."""

    matched: int
    """Prices that match."""
    mismatches: List[PriceMismatch]
    """Prices that differ."""
    corrections: List[PriceCorrection]
    """The corrections to push, one per mismatch."""
    within_grace: List[str]
    """Prices that still show the price in force before a change inside the grace period."""
    unmapped: List[str]
    """Ids the SKU map does not know (reported, not skipped)."""
    unpriced: List[Tuple[str, str]]
    """Mapped ids with no authoritative price then (or an invalid id), with the error code."""


class UnmappedEntry(TypedDict):
    """An unmapped id waiting for a person."""

    channel: str
    """The channel."""
    external_id: str
    """The id, in the channel's canonical form."""
    count: int
    """How many references were seen."""
    first_seen: str
    """When it was first seen."""
    last_seen: str
    """When it was last seen."""


class TranslatedColumns(TypedDict):
    """Translated lines as columns, plus the rows that failed."""

    rows: List[int]
    """The input row each line came from."""
    skus: List[str]
    """The canonical SKU of each line."""
    units: List[int]
    """The units of each line."""
    errors: List[InvalidRow]
    """Rows that could not be translated, with why."""


GtinRange = Literal["global", "in_store", "coupon", "refund_receipt", "book", "music", "serial"]
"""What a GTIN's GS1 prefix says it is."""


Domain = Literal["inventory", "orders", "customers", "catalog", "payments"]
"""A data domain. Each has exactly one owning system."""


class FieldUpdate(TypedDict):
    """One system's report of one field's value."""

    update_id: str
    """Idempotency key: a retry with the same id is a duplicate."""
    system: str
    """The reporting system."""
    domain: Domain
    """The domain the field belongs to."""
    entity: str
    """The entity (a SKU, an order id, a customer id, …)."""
    field: str
    """The field."""
    value: str
    """Its value, as canonical text (compared exactly)."""
    occurred_at: Union[datetime, str]
    """When the system changed it (not when the update arrived)."""


WonBy = Literal["owner", "latest"]
"""Why the winning value won."""


class ResolvedField(TypedDict):
    """The value a field resolves to."""

    domain: Domain
    """The domain."""
    entity: str
    """The entity."""
    field: str
    """The field."""
    winner: FieldUpdate
    """The winning update."""
    won_by: WonBy
    """Why it won."""


class FieldConflict(TypedDict):
    """A system whose current value for a field differs from the resolved one: drift between systems, made visible."""

    winner: FieldUpdate
    """The winning update."""
    overwritten: FieldUpdate
    """The other system's latest update, overwritten."""


class Resolution(TypedDict):
    """Every field's value, the conflicts, and refused duplicates."""

    fields: List[ResolvedField]
    """One per (domain, entity, field), sorted."""
    conflicts: List[FieldConflict]
    """One per overwritten system per field, sorted."""
    refused: List[FieldUpdate]
    """Updates refused because their id was used by a different update."""


Arrival = Literal["accepted", "duplicate"]
"""What one update did on arrival."""


class SyncIssueGap(TypedDict):
    """Sequence numbers `first_missing..=last_missing` never arrived."""

    type: Literal["gap"]
    source: str
    """The source."""
    first_missing: int
    """First missing number."""
    last_missing: int
    """Last missing number."""
    missing: int
    """How many are missing."""
    after: str
    """When the event before the gap was sent."""
    before: str
    """When the event after the gap was sent."""


SyncIssueSilence = TypedDict(
    "SyncIssueSilence",
    {
        "type": Literal["silence"],
        "source": str,
        "from": str,
        "until": str,
        "seconds": int,
        "ongoing": bool,
    },
)
"""Nothing was sent for longer than the threshold."""


SyncIssue = Union[
    SyncIssueGap,
    SyncIssueSilence,
]
"""Something wrong with a source's sync."""


PaymentMethod = Literal["card", "wallet", "cash", "gift_card", "store_credit"]
"""How a payment or refund was tendered."""


class _FeeRuleRequired(TypedDict):
    """The keys every FeeRule has."""

    processor: str
    """The processor, lower case."""
    percent: Union[Decimal, int, str]
    """Percent of the gross (`"2.9"` is 2.9 %)."""


class FeeRule(_FeeRuleRequired, total=False):
    """What a processor charges for one transaction: `percent` of the gross plus `fixed`, rounded half-up to the currency's minor unit."""

    channel: Optional[str]
    """Only for this channel (more specific than any channel)."""
    method: Optional[PaymentMethod]
    """Only for this tender (more specific than any tender)."""
    fixed: Union[Decimal, int, str]
    """Fixed amount per transaction, in the transaction's currency."""


class Threshold(TypedDict):
    """Amount-at-risk and age from which an exception has a severity."""

    amount: Union[Decimal, int, str]
    """At or above this amount at risk (in the exception's currency)."""
    age_days: int
    """Or open at least this many days."""


class SeverityThresholds(TypedDict):
    """Severity thresholds: high is checked first, then medium; otherwise low (or the reason's own floor, whichever is higher)."""

    high: Threshold
    """High at ≥ 1,000 or ≥ 3 days by default."""
    medium: Threshold
    """Medium at ≥ 100 or ≥ 1 day by default."""


class ConfirmedMatch(TypedDict):
    """A suggested match a person confirmed: from now on it counts as matched."""

    settlement_id: str
    """The settlement line."""
    order_id: str
    """The order of the payment or refund."""
    record_id: str
    """The payment (for a charge) or refund (for a refund settlement)."""


Extras = Literal["refuse", "ignore"]
"""What to do with a column or key the schema does not know."""


class _ReconConfigRequired(TypedDict):
    """The keys every ReconConfig has."""

    as_of: Union[datetime, str]
    """The instant the tie-out is run as of: windows and ages count to it, and rows stamped after it wait for a later run."""


class ReconConfig(_ReconConfigRequired, total=False):
    """Configuration of one tie-out."""

    settlement_window_days: int
    """Days a processor may take to settle a payment or refund (3)."""
    credit_grace_days: int
    """Days a restocked return may wait for its refund, or a refund for its restock, before it is a leak (1: a refund the next morning is normal)."""
    capture_window_days: int
    """Days an open order may wait to be captured in full after it was placed (14: a pick-up order is commonly held a week or two) before what is still uncaptured is a `PAYMENT_TOTAL_MISMATCH`."""
    fee_schedule: List[FeeRule]
    """Expected fees; a processor with no rule has its fees summed, not checked."""
    fee_tolerance: Union[Decimal, int, str]
    """How far a fee may be from the expected one without flagging (0.01); a difference equal to it does not flag."""
    severity: SeverityThresholds
    """Severity thresholds."""
    confirmed_matches: List[ConfirmedMatch]
    """Suggested matches a person confirmed."""
    extra_columns: Extras
    """What to do with input columns and record keys the tables do not declare: refuse them (the default: a misspelt column would read as missing) or ignore them."""


class _ReportOptionsRequired(TypedDict):
    """The keys every ReportOptions has."""


class ReportOptions(_ReportOptionsRequired, total=False):
    """How to read a report. Every field has a documented default."""

    layout: Optional[Layout]
    """Read every file in this layout instead of detecting it from the header."""
    merchant_reference: Optional[str]
    """The column (or, for Stripe API objects, the metadata key in `payment_metadata[key]` form) that holds the order id. Defaults: Stripe `payment_metadata[order_id]` (Dashboard `order_id (metadata)`), Adyen `Merchant Reference`, PayPal `Invoice ID`."""
    payout: Optional[str]
    """Stripe API objects listed for one payout (`GET /v1/balance_transactions?payout=po_…`): the payout they belong to."""
    time_zones: Dict[str, str]
    """Adyen: the UTC offset (`+01:00`, `-06:00`) of each merchant account (`"*"` for every account) whose report has no `TimeZone` column or writes an ambiguous abbreviation (CST, IST, BST, GST, AST)."""
    threads: Optional[int]
    """How many threads read a large CSV file (1 to 64; default 1 here, the machine's cores in the Python, Node and Swift packages, see `or_machine`). A file of 8 MiB or more is cut at record boundaries into parts of at least 4 MiB, read side by side and joined in file order: the result is the one reading it from start to end gives, for every count."""


class CartLine(TypedDict):
    """One line of a cart to reserve."""

    sku: str
    """The product."""
    location: str
    """Where to hold it."""
    quantity: int
    """Units (> 0)."""


class _CartReservationRequired(TypedDict):
    """The keys every CartReservation has."""

    cart_id: str
    """The cart or order; holds are named after it."""
    lines: List[CartLine]
    """The lines; several may draw on the same SKU and location."""
    occurred_at: Union[datetime, str]
    """When the reservation is made."""
    source: str
    """Which system asks."""


class CartReservation(_CartReservationRequired, total=False):
    """A whole cart (bundles already expanded into lines) to reserve at once."""

    expires_at: Optional[Union[datetime, str]]
    """When the holds lapse, if ever."""
    allow_partial: bool
    """Reserve what is there instead of refusing a short cart."""


LocationKind = Literal["store", "warehouse"]
"""What kind of place holds stock."""


class _LocationInfoRequired(TypedDict):
    """The keys every LocationInfo has."""

    location: str
    """The location."""
    kind: LocationKind
    """Store or warehouse."""


class LocationInfo(_LocationInfoRequired, total=False):
    """A location and what it can do."""

    ships: bool
    """Ships orders to customers (default: no; a location does what it says)."""
    pickup: bool
    """Offers pickup in store (default: no)."""
    counter: bool
    """Sells at a counter (default: no)."""


class BufferPolicyFixed(TypedDict):
    """Always hold back `units`."""

    kind: Literal["fixed"]
    units: int
    """Units held back."""


class _BufferPolicyPercentRequired(TypedDict):
    """The keys every BufferPolicyPercent has."""

    kind: Literal["percent"]
    percent: Union[Decimal, str]
    """Share of available stock, 0–100, exact."""


class BufferPolicyPercent(_BufferPolicyPercentRequired, total=False):
    """Hold back `percent` % of what is available, rounded up (a buffer protects, so a fraction of a unit counts as a unit), then clamped to `[min_units, max_units]`."""

    min_units: int
    """Floor on the buffer."""
    max_units: Optional[int]
    """Ceiling on the buffer; none means no ceiling."""


class BufferPolicyVelocity(TypedDict):
    """Hold back what the sell-through velocity needs over the exposure window at the service level (`recommend_buffer`)."""

    kind: Literal["velocity"]
    velocity_per_hour: float
    """Units sold per hour."""
    exposure_hours: float
    """Sync interval + latency, in hours."""
    service_level: float
    """Target P(no oversell), in (0, 1)."""


BufferPolicy = Union[
    BufferPolicyFixed,
    BufferPolicyPercent,
    BufferPolicyVelocity,
]
"""How many units to hold back from what a channel is shown."""


class ChannelConfig(TypedDict):
    """Which locations feed a channel, and the buffer it publishes under per method."""

    channel: str
    """The channel, e.g. `web`."""
    locations: List[str]
    """The locations whose stock the channel may sell."""
    ship_policy: BufferPolicy
    """Buffer for shipped orders."""
    pickup_policy: BufferPolicy
    """Buffer for pickup orders."""


class SourcingLine(TypedDict):
    """One order line to source."""

    line_id: str
    """The order line's id, echoed in the plan."""
    sku: str
    """The product."""
    quantity: int
    """Units (> 0)."""


class SourcingDestinationShip(TypedDict):
    """Shipped to the customer: any node that ships may send."""

    type: Literal["ship"]


class _SourcingDestinationPickupRequired(TypedDict):
    """The keys every SourcingDestinationPickup has."""

    type: Literal["pickup"]
    store: str
    """The pickup store."""


class SourcingDestinationPickup(_SourcingDestinationPickupRequired, total=False):
    """Buy online, pick up in store: sourced from that store, or from other nodes by transfer only when `allow_transfers`."""

    allow_transfers: bool
    """Whether other nodes may send stock to the store."""


SourcingDestination = Union[
    SourcingDestinationShip,
    SourcingDestinationPickup,
]
"""Where the order goes."""


class _SourcingNodeRequired(TypedDict):
    """The keys every SourcingNode has."""

    location: str
    """The location."""
    ships: bool
    """Whether it ships orders (a store without a shipping desk does not)."""
    available: Dict[str, int]
    """Units it may promise per SKU (its published quantity); never exceeded."""
    per_shipment: Union[Decimal, str]
    """Fixed cost of one shipment (or transfer) from this node."""
    per_unit: Union[Decimal, str]
    """Cost per unit sent from this node."""


class SourcingNode(_SourcingNodeRequired, total=False):
    """A candidate node: what it can send and what sending costs."""

    per_unit_by_sku: Dict[str, Union[Decimal, str]]
    """Per-SKU unit costs that override `per_unit` (a full cost table)."""


class _OrderLineRequired(TypedDict):
    """The keys every OrderLine has."""

    line_id: str
    """The line's id, unique within the order."""
    sku: str
    """The canonical SKU."""
    quantity: int
    """Units ordered (> 0)."""
    unit_price: Union[Decimal, int, str]
    """Price of one unit."""


class OrderLine(_OrderLineRequired, total=False):
    """One line of an order. Amounts are in the order's currency, as decimal text on the wire, and must already be in its minor units."""

    discount: Union[Decimal, int, str]
    """Discount on the whole line (≥ 0, ≤ price × quantity)."""
    tax: Union[Decimal, int, str]
    """Tax charged on the line (≥ 0)."""


Fulfilment = Literal["carry_out", "ship", "pickup"]
"""How the goods reach the customer."""


class _OrderRequired(TypedDict):
    """The keys every Order has."""

    order_id: str
    """The order."""
    channel: str
    """The channel that took it."""
    currency: str
    """The order's currency; every amount is in it."""
    lines: List[OrderLine]
    """The lines."""
    fulfilment: Fulfilment
    """How it is fulfilled."""


class Order(_OrderRequired, total=False):
    """An order from any channel."""

    location: Optional[str]
    """The store for a counter sale or a pickup; the planned node for a shipped order (optional: an allocation can name nodes later)."""
    order_discount: Union[Decimal, int, str]
    """Discount on the whole order (≥ 0), spread over lines to refund it fairly."""
    shipping: Union[Decimal, int, str]
    """Shipping charged (≥ 0)."""
    customer: Optional[str]
    """The customer, when known."""


class OrderAllocation(TypedDict):
    """Units of one line to hold at one node."""

    line_id: str
    """The order line."""
    location: str
    """The node that will ship (or the store that will hand over)."""
    quantity: int
    """Units (> 0)."""


class LineQuantity(TypedDict):
    """Units of one line."""

    line_id: str
    """The order line."""
    quantity: int
    """Units (> 0)."""


Disposition = Literal["restocked", "damaged", "needs_inspection", "missing"]
"""What became of a returned unit. Only restocked goods go back to sellable stock."""


class ReturnLine(TypedDict):
    """Units of one line coming back, and what became of them."""

    line_id: str
    """The order line."""
    quantity: int
    """Units (> 0)."""
    disposition: Disposition
    """What became of them."""


class OrderEventBase(TypedDict):
    """The fields every OrderEvent carries, whatever its variant."""

    event_id: str
    """Idempotency key: the same id is applied at most once."""
    order_id: str
    """The order."""
    occurred_at: Union[datetime, str]
    """When it happened (stock events carry this time)."""
    source: str
    """Which system or till sent it."""


class OrderEventPlaced(OrderEventBase):
    """The order was placed: a web order holds its stock, a counter sale is sold."""

    type: Literal["placed"]
    order: Order
    """The order (its id must be the event's `order_id`). Shared: the book keeps it once for the event log and the order's state."""


class OrderEventAllocated(OrderEventBase):
    """Open units are (re)assigned to nodes: earlier holds are released and these are held instead."""

    type: Literal["allocated"]
    allocations: List[OrderAllocation]
    """Where each open unit will come from."""


class OrderEventCaptured(OrderEventBase):
    """Payment was captured."""

    type: Literal["captured"]
    payment_id: str
    """The payment, unique in the order."""
    amount: Union[Decimal, int, str]
    """Amount (> 0), in the order's currency."""


class OrderEventFulfilled(OrderEventBase):
    """A shipment (or a hand-over at the counter) left `location`."""

    type: Literal["fulfilled"]
    shipment_id: str
    """The shipment, unique in the order."""
    location: str
    """The node it left from."""
    lines: List[LineQuantity]
    """Units per line."""


class _OrderEventCancelledRequired(OrderEventBase):
    """The keys every OrderEventCancelled has."""

    type: Literal["cancelled"]


class OrderEventCancelled(_OrderEventCancelledRequired, total=False):
    """Every open unit is cancelled; what already shipped stays shipped."""

    reason: Optional[str]
    """Why, for people."""


class _OrderEventReturnedRequired(OrderEventBase):
    """The keys every OrderEventReturned has."""

    type: Literal["returned"]
    return_id: str
    """The return, unique in the order."""
    location: str
    """Where it was received."""
    lines: List[ReturnLine]
    """Units per line, with their disposition."""


class OrderEventReturned(_OrderEventReturnedRequired, total=False):
    """Goods came back at `location`, through `channel` (which may differ from the order's: bought online, returned at the counter)."""

    channel: Optional[str]
    """The channel that took it back (the order's when absent)."""


class _OrderEventRefundedRequired(OrderEventBase):
    """The keys every OrderEventRefunded has."""

    type: Literal["refunded"]
    refund_id: str
    """The refund, unique in the order."""
    amount: Union[Decimal, int, str]
    """Amount (> 0), in the order's currency."""


class OrderEventRefunded(_OrderEventRefundedRequired, total=False):
    """Money went back to the customer."""

    return_id: Optional[str]
    """The return it pays for; none for a goodwill refund."""


class OrderEventClosed(OrderEventBase):
    """The books on the order are closed: nothing more may happen to it."""

    type: Literal["closed"]


OrderEvent = Union[
    OrderEventPlaced,
    OrderEventAllocated,
    OrderEventCaptured,
    OrderEventFulfilled,
    OrderEventCancelled,
    OrderEventReturned,
    OrderEventRefunded,
    OrderEventClosed,
]
"""One order event from any channel or till."""


ShippingRefund = Literal["never", "on_full_return", "prorated"]
"""How shipping is refunded when goods come back."""


class _RefundPolicyRequired(TypedDict):
    """The keys every RefundPolicy has."""


class RefundPolicy(_RefundPolicyRequired, total=False):
    """The refund rules of an order book."""

    shipping_refund: ShippingRefund
    """How shipping is refunded."""


HashConvention = Literal["canonical", "phone_digits_only", "gmail_folded", "email_lowercase"]
"""How a destination (an ad platform, a partner) wants a hashed identifier."""


class _IdentifierInputRequired(TypedDict):
    """The keys every IdentifierInput has."""

    kind: str
    """`email`, `phone`, `loyalty`, or a caller's own kind (`web_account`)."""
    value: str
    """The value as the channel has it."""


class IdentifierInput(_IdentifierInputRequired, total=False):
    """One identifier on a record: clear (normalised here) or already hashed (the lower-case hex SHA-256 of the canonical value)."""

    hashed: bool
    """True when `value` is already the SHA-256 hex of the canonical value."""
    convention: Optional[HashConvention]
    """For a hashed value: the convention it was hashed under, when not Seamline's canonical form (an ad platform's digits-only phone). The policy must declare it in `hashed_conventions`."""


class _CustomerRecordRequired(TypedDict):
    """The keys every CustomerRecord has."""

    source: str
    """The system or channel that holds it (`pos`, `web`)."""
    record_id: str
    """Its id there."""
    observed_at: Union[datetime, str]
    """When the channel last saw it this way."""


class CustomerRecord(_CustomerRecordRequired, total=False):
    """A customer record from any channel. A record is identified by `source` and `record_id`; a newer observation of it replaces an older one."""

    region: Optional[str]
    """The store's country for phone numbers written without `+` (ISO 3166)."""
    identifiers: List[IdentifierInput]
    """Identifiers that may link it to other records."""
    attributes: Dict[str, str]
    """Everything else (name, address, marketing consent, …). Personal data."""


class _PlaceholdersRequired(TypedDict):
    """The keys every Placeholders has."""


class Placeholders(_PlaceholdersRequired, total=False):
    """Values clerks and forms type when a shopper gives none. Matching values never link and are listed as issues on their records."""

    email_local_parts: List[str]
    """Email local parts that mean "no email" on any domain, compared with dots, dashes, underscores and a `+tag` removed (`no.email+1@shop.com` is `noemail`)."""
    phone_repeated_digits: bool
    """Phones whose national number is one digit repeated (`555 555 5555`) or a run of consecutive digits (`123 456 7890`)."""


class _HouseholdsRequired(TypedDict):
    """The keys every Households has."""


class Households(_HouseholdsRequired, total=False):
    """Households: four people on one landline, a couple with one email. A value of one of `kinds` joins two sides only if their names and dates of birth do not clearly differ; otherwise the merge goes to the review queue with why, for a person to decide. A person's always-link or accepted review still joins them."""

    kinds: List[str]
    """Kinds a household shares (default: `phone`, `email`); empty turns the check off."""
    name_attributes: List[str]
    """Attributes holding a person's name, the first present wins (default: `given_name`, `first_name`, `name`). Of a full name the given name is compared (`Lee, Ann` and `Mrs Ann Lee` give `ann`)."""
    birth_date_attributes: List[str]
    """Attributes holding a date of birth, the first present wins (default: `date_of_birth`, `birth_date`, `dob`), compared by its digits."""


class _LoyaltyFormatRequired(TypedDict):
    """The keys every LoyaltyFormat has."""


class LoyaltyFormat(_LoyaltyFormatRequired, total=False):
    """A loyalty program's id format."""

    min_len: int
    """Fewest characters (after spaces and dashes are removed)."""
    max_len: int
    """Most characters."""
    digits_only: bool
    """Digits only (a card number), or letters and digits."""


class _LinkPolicyRequired(TypedDict):
    """The keys every LinkPolicy has."""


class LinkPolicy(_LinkPolicyRequired, total=False):
    """Which identifiers link records, how many a profile may hold, which values never link, and whose attributes survive. Every field left out of a serialized policy takes its default."""

    link_kinds: List[str]
    """Kinds that link, strongest first (merges are tried in this order)."""
    limits: Dict[str, int]
    """At most this many distinct values of a kind in one profile; a merge that would exceed it goes to the review queue instead."""
    blocked: List[IdentifierInput]
    """Exact values that never link (a store's own phone, a family's shared email), by kind: each is checked and normalised when the policy is loaded, so a value that could never match is an error, not a no-op."""
    placeholders: Placeholders
    """Patterns of values clerks type when a shopper gives none (`noemail@…`, `5555555555`): they never link either."""
    kinds: List[str]
    """Identifier kinds of the retailer's own (`web_account`, `card_token`) that records may carry besides `email`, `phone`, `loyalty` and the `link_kinds`. Any other kind on a record is an issue on that record (`Email`, `phone_number` and `""` are typos, not new kinds)."""
    households: Households
    """When a value people share (a landline, a family email) may link records by itself: not when their names or dates of birth clearly differ."""
    hashed_conventions: List[HashConvention]
    """Conventions other than the canonical one that inbound hashed identifiers use (`phone_digits_only`, `email_lowercase`, `gmail_folded`): every clear value of their kind is also hashed that way, so such a hash links to it."""
    email_provider_rules: bool
    """Gmail dot and `+tag` folding for emails (off by default)."""
    default_region: str
    """The phone region for records that name none."""
    loyalty_format: LoyaltyFormat
    """The loyalty program's id format."""
    source_priority: List[str]
    """Sources in survivorship order, strongest first (then most recent wins)."""


class CorrectionNeverLink(TypedDict):
    """These two records are different people: never in one profile."""

    type: Literal["never_link"]
    record_a: str
    """`source/record_id` of one record."""
    record_b: str
    """`source/record_id` of the other."""
    by: str
    """Who decided."""
    reason: str
    """Why."""


class CorrectionAlwaysLink(TypedDict):
    """These two records are one person even without a shared identifier."""

    type: Literal["always_link"]
    record_a: str
    """`source/record_id` of one record."""
    record_b: str
    """`source/record_id` of the other."""
    by: str
    """Who decided."""
    reason: str
    """Why."""


class CorrectionAcceptReview(TypedDict):
    """A review item accepted as it was shown: its two sides, every record of both, are one profile (a person's decision, over the limits). What the item showed stays together even where a plain always-link of its two records would let a later limit split a side off."""

    type: Literal["accept_review"]
    left: List[str]
    """The item's `left` members (record keys)."""
    right: List[str]
    """The item's `right` members."""
    by: str
    """Who decided."""
    reason: str
    """Why."""


class CorrectionNeverLinkValue(TypedDict):
    """This identifier value links nothing (a shared family email, a store phone). Recorded as its hash (`hashed: true`), never the clear value."""

    type: Literal["never_link_value"]
    identifier: IdentifierInput
    """The value."""
    by: str
    """Who decided."""
    reason: str
    """Why."""


Correction = Union[
    CorrectionNeverLink,
    CorrectionAlwaysLink,
    CorrectionAcceptReview,
    CorrectionNeverLinkValue,
]
"""A person's decision about linking, recorded with who and why."""


PointsKind = Literal["earn", "redeem", "adjust", "expire"]
"""What happened to points."""


class _PointsEventRequired(TypedDict):
    """The keys every PointsEvent has."""

    event_id: str
    """Idempotency key: two tills sending the same redemption apply it once."""
    kind: PointsKind
    """What happened."""
    points: int
    """Points (see the kind for the sign)."""
    occurred_at: Union[datetime, str]
    """When."""


class PointsEvent(_PointsEventRequired, total=False):
    """A points event against a loyalty account (its loyalty id) or a record."""

    loyalty_id: Optional[str]
    """The loyalty id (normalised as the program's ids are), or…"""
    record: Optional[str]
    """…the `source/record_id` of a record, for points earned before a card."""


Compare = Literal["name", "text", "date", "exact"]
"""How one attribute is compared."""


class _ScoringFieldRequired(TypedDict):
    """The keys every ScoringField has."""

    attribute: str
    """The attribute's name on the records."""
    compare: Compare
    """How it is compared."""


class ScoringField(_ScoringFieldRequired, total=False):
    """One compared attribute."""

    m: Optional[Tuple[float, float, float]]
    """Its m probabilities (exact, close, different) among matches, if known; estimated with `u` otherwise."""
    u: Optional[Tuple[float, float, float]]
    """Its u probabilities among non-matches, if known."""


class _BlockingPartRequired(TypedDict):
    """The keys every BlockingPart has."""

    attribute: str
    """The attribute."""


class BlockingPart(_BlockingPartRequired, total=False):
    """A blocking key: the first `prefix` characters of each attribute (all of it when none), joined; records sharing a key are compared."""

    prefix: Optional[int]
    """How many characters of it (all when none)."""


class _ScoringRequired(TypedDict):
    """The keys every Scoring has."""


class Scoring(_ScoringRequired, total=False):
    """What is compared, how records are blocked, and which suggestions are made."""

    fields: List[ScoringField]
    """The compared attributes."""
    blocking: List[List[BlockingPart]]
    """Blocking keys: a pair is a candidate when it shares any of them."""
    max_block: int
    """A block with more records than this is not compared (a common surname would make the work quadratic); its pairs may still meet through another key."""
    min_probability: float
    """Suggestions with at least this match probability are made."""
    prior: Optional[float]
    """The share of candidate pairs that match, when known (else estimated)."""


class _ComponentRowRequired(TypedDict):
    """The keys every ComponentRow has."""

    sku: str
    """The canonical SKU."""


class ComponentRow(_ComponentRowRequired, total=False):
    """A component as a row gives it: SKU text and units per channel unit."""

    quantity: int
    """Units of it per channel unit (default 1)."""


class _MappingRowRequired(TypedDict):
    """The keys every MappingRow has."""

    channel: str
    """The channel."""
    external_id: str
    """The channel's stable id for the item (variant or catalog-object id)."""
    components: List[ComponentRow]
    """What one channel unit is: one component, or several for a bundle."""


class MappingRow(_MappingRowRequired, total=False):
    """A mapping row as it comes from a file or a channel's API."""

    channel_sku: Optional[str]
    """The channel's own SKU text, when it has one (not assumed unique)."""


class ChannelReference(TypedDict):
    """A reference a channel sent (a till's line, a feed's row): its id for an item, the units, and when it was seen (for the unmapped queue)."""

    channel: str
    """The channel."""
    external_id: str
    """The channel's id for the item, as it sent it."""
    quantity: int
    """Channel units."""
    seen_at: Union[datetime, str]
    """When it was seen."""


_PriceEntryRequired = TypedDict(
    "_PriceEntryRequired",
    {
        "sku": str,
        "price": Money,
        "from": Union[datetime, str],
    },
)
"""The keys every PriceEntry has."""


class PriceEntry(_PriceEntryRequired, total=False):
    """A price valid over `[from, to)` (no `to`: open-ended)."""

    channel: Optional[str]
    """The channel it overrides the base price for; none for the base price."""
    to: Optional[Union[datetime, str]]
    """End of the window, exclusive."""


class DiscountPercentOff(TypedDict):
    """A percentage of the price (0–100)."""

    type: Literal["percent_off"]
    percent: Union[Decimal, str]
    """The percentage, exact."""


class DiscountAmountOff(TypedDict):
    """A fixed amount off, in the price's currency."""

    type: Literal["amount_off"]
    amount: Money
    """The amount."""


Discount = Union[
    DiscountPercentOff,
    DiscountAmountOff,
]
"""What a promotion takes off."""


_PromotionRequired = TypedDict(
    "_PromotionRequired",
    {
        "id": str,
        "skus": List[str],
        "from": Union[datetime, str],
        "discount": Discount,
    },
)
"""The keys every Promotion has."""


class Promotion(_PromotionRequired, total=False):
    """A promotion over a set of SKUs, optionally some channels, and a window."""

    channels: List[str]
    """The channels it applies in; empty: every channel."""
    to: Optional[Union[datetime, str]]
    """End, exclusive."""
    stackable: bool
    """Applies on top of other promotions instead of competing with them."""


RoundingMode = Literal["half_up", "half_even", "half_down", "down", "up"]
"""How an amount is rounded to its currency's minor unit."""


class _MismatchRulesRequired(TypedDict):
    """The keys every MismatchRules has."""

    channel: str
    """The channel."""


class MismatchRules(_MismatchRulesRequired, total=False):
    """How a channel shows prices, and how much lag is normal."""

    tax_inclusive: bool
    """The channel shows prices with tax included (the table holds them without)."""
    tax_rate_percent: Union[Decimal, str]
    """The tax rate in percent, used when `tax_inclusive`."""
    rounding: RoundingMode
    """How the channel rounds a computed price to the minor unit (default half up)."""
    grace_seconds: int
    """A price change this recent may not have reached the channel yet (the sync interval)."""


class ObservedPrice(TypedDict):
    """A price as a channel's catalogue showed it."""

    external_id: str
    """The channel's id for the item."""
    price: Money
    """The price shown."""
    observed_at: Union[datetime, str]
    """When it was seen."""


class _FieldRuleRequired(TypedDict):
    """The keys every FieldRule has."""

    domain: Domain
    """The domain."""
    field: str
    """The field, as updates name it."""


class FieldRule(_FieldRuleRequired, total=False):
    """A field whose owner differs from its domain's: another system, or none (a shared field, where the latest value wins)."""

    owner: Optional[str]
    """The owning system; none makes the field shared."""


class SyncObservation(TypedDict):
    """One event as a source sent it: its sequence number and when it was sent."""

    source: str
    """The sending system or till."""
    sequence: int
    """The source's own sequence number (increasing by one per event)."""
    sent_at: Union[datetime, str]
    """When the source sent it."""


ReconOrderStatus = Literal["open", "fulfilled", "cancelled"]
"""Where an order stands, and so what its payments must add up to."""


SettlementKind = Literal[
    "charge",
    "refund",
    "chargeback",
    "chargeback_reversal",
    "fee",
    "adjustment",
    "payout",
]
"""What a settlement line records."""


__all__ = ["ReasonCode", "Severity", "RowKind", "RowRef", "SettlementSuggestion", "ReconException", "PendingReason", "Pending", "MatchKind", "Match", "Identity", "CurrencySummary", "Buckets", "RowCounts", "QueueStatus", "Acceptance", "QueueItem", "Processor", "Layout", "FileRead", "DuplicateRow", "UnknownRow", "ErrorDetail", "RejectedRow", "SkippedRow", "ProcessorReport", "RowAt", "Anomaly", "ApplyReport", "RejectedEvent", "BatchReport", "CartLineOutcome", "FulfilmentMethod", "Publication", "NodePublication", "ChannelPublication", "StockLevel", "HistoryLine", "ReservationState", "SourcingAllocation", "SourcingShipment", "SourcingMethod", "SourcingPlan", "OrderState", "AdjustReason", "StockEventBase", "StockEvent", "Transition", "RejectedOrderEvent", "RejectedStockEvent", "OrderBatchReport", "LineStatus", "OrderStatus", "RecordMove", "BalanceChange", "CorrectionEffect", "Evidence", "Suggestion", "FieldModel", "Suggestions", "UnclaimedPoints", "Profile", "Merge", "ReviewItem", "RecordIssue", "CustomerResolution", "Component", "MappingConflict", "InvalidRow", "SkuCollision", "ImportReport", "PriceQuote", "PriceMismatch", "PriceCorrection", "MismatchReport", "UnmappedEntry", "TranslatedColumns", "GtinRange", "Domain", "FieldUpdate", "WonBy", "ResolvedField", "FieldConflict", "Resolution", "Arrival", "SyncIssue", "PaymentMethod", "FeeRule", "Threshold", "SeverityThresholds", "ConfirmedMatch", "Extras", "ReconConfig", "ReportOptions", "CartLine", "CartReservation", "LocationKind", "LocationInfo", "BufferPolicy", "ChannelConfig", "SourcingLine", "SourcingDestination", "SourcingNode", "OrderLine", "Fulfilment", "Order", "OrderAllocation", "LineQuantity", "Disposition", "ReturnLine", "OrderEventBase", "OrderEvent", "ShippingRefund", "RefundPolicy", "HashConvention", "IdentifierInput", "CustomerRecord", "Placeholders", "Households", "LoyaltyFormat", "LinkPolicy", "Correction", "PointsKind", "PointsEvent", "Compare", "ScoringField", "BlockingPart", "Scoring", "ComponentRow", "MappingRow", "ChannelReference", "PriceEntry", "Discount", "Promotion", "RoundingMode", "MismatchRules", "ObservedPrice", "FieldRule", "SyncObservation", "ReconOrderStatus", "SettlementKind"]
