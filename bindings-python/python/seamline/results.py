"""What Seamline returns, and the settings it reads, as ``TypedDict``s.

Generated from core's types by ``cargo run -p seamline-typegen``: do not
edit (the test command fails when this file drifts from core). Returned
amounts are ``Decimal`` and instants RFC 3339 text; settings take amounts as
``Decimal``, ``int`` or decimal text and instants as aware ``datetime``s or
text.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

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


class Suggestion(TypedDict):
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
    suggestion: Optional[Suggestion]
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
    """Money per currency, exact, with the identities a controller checks (`CurrencySummary::identities`): every captured or refunded cent is settled, explained by a difference, waiting or missing; the settlement lines' gross less their fees is their net; the payouts are their batches' net."""

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
"""A report layout: detected from a file's header, stated in the report, and forced through `ReportOptions::layout` when the caller knows better."""


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
    """See `ErrorCode::InvalidArgument`."""

    code: Literal["INVALID_ARGUMENT"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidType(TypedDict):
    """See `ErrorCode::InvalidType`."""

    code: Literal["INVALID_TYPE"]
    field: str
    expected: str
    got: str


class ErrorDetailInvalidAmount(TypedDict):
    """See `ErrorCode::InvalidAmount`."""

    code: Literal["INVALID_AMOUNT"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidSku(TypedDict):
    """See `ErrorCode::InvalidSku`."""

    code: Literal["INVALID_SKU"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidId(TypedDict):
    """See `ErrorCode::InvalidId`."""

    code: Literal["INVALID_ID"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidQuantity(TypedDict):
    """See `ErrorCode::InvalidQuantity`."""

    code: Literal["INVALID_QUANTITY"]
    field: str
    value: str
    reason: str


class ErrorDetailInvalidTimestamp(TypedDict):
    """See `ErrorCode::InvalidTimestamp`."""

    code: Literal["INVALID_TIMESTAMP"]
    field: str
    value: str
    reason: str


class ErrorDetailUnknownCurrency(TypedDict):
    """See `ErrorCode::UnknownCurrency`."""

    code: Literal["UNKNOWN_CURRENCY"]
    field: str
    value: str


class ErrorDetailCurrencyMismatch(TypedDict):
    """See `ErrorCode::CurrencyMismatch`."""

    code: Literal["CURRENCY_MISMATCH"]
    operation: str
    left: str
    right: str


class ErrorDetailArithmeticOverflow(TypedDict):
    """See `ErrorCode::ArithmeticOverflow`."""

    code: Literal["ARITHMETIC_OVERFLOW"]
    operation: str


class ErrorDetailInsufficientStock(TypedDict):
    """See `ErrorCode::InsufficientStock`."""

    code: Literal["INSUFFICIENT_STOCK"]
    sku: str
    location: str
    requested: str
    available: str


class ErrorDetailConflictingDuplicate(TypedDict):
    """See `ErrorCode::ConflictingDuplicate`."""

    code: Literal["CONFLICTING_DUPLICATE"]
    event_id: str


class ErrorDetailStaleQuantity(TypedDict):
    """See `ErrorCode::StaleQuantity`."""

    code: Literal["STALE_QUANTITY"]
    field: str
    expected: str
    actual: str


class ErrorDetailUnknownReservation(TypedDict):
    """See `ErrorCode::UnknownReservation`."""

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
"""See `ErrorCode::InvalidTransition`."""


class ErrorDetailInvalidSnapshot(TypedDict):
    """See `ErrorCode::InvalidSnapshot`."""

    code: Literal["INVALID_SNAPSHOT"]
    reason: str


class ErrorDetailUnsupportedVersion(TypedDict):
    """See `ErrorCode::UnsupportedVersion`."""

    code: Literal["UNSUPPORTED_VERSION"]
    found: str
    supported: str


class ErrorDetailInvalidGtin(TypedDict):
    """See `ErrorCode::InvalidGtin`."""

    code: Literal["INVALID_GTIN"]
    value: str
    reason: str


class ErrorDetailUnmappedId(TypedDict):
    """See `ErrorCode::UnmappedId`."""

    code: Literal["UNMAPPED_ID"]
    channel: str
    external_id: str


class ErrorDetailPriceOverlap(TypedDict):
    """See `ErrorCode::PriceOverlap`."""

    code: Literal["PRICE_OVERLAP"]
    sku: str
    channel: str
    existing: str
    proposed: str


class ErrorDetailNoPrice(TypedDict):
    """See `ErrorCode::NoPrice`."""

    code: Literal["NO_PRICE"]
    sku: str
    channel: str
    currency: str
    at: str


class ErrorDetailOverRefund(TypedDict):
    """See `ErrorCode::OverRefund`."""

    code: Literal["OVER_REFUND"]
    entity: str
    requested: str
    available: str


class ErrorDetailInvariantViolated(TypedDict):
    """See `ErrorCode::InvariantViolated`."""

    code: Literal["INVARIANT_VIOLATED"]
    entity: str
    attempted: str
    invariant: str
    detail: str


class ErrorDetailInvalidConfiguration(TypedDict):
    """See `ErrorCode::InvalidConfiguration`."""

    code: Literal["INVALID_CONFIGURATION"]
    field: str
    reason: str


class ErrorDetailInvalidIdentifier(TypedDict):
    """See `ErrorCode::InvalidIdentifier`."""

    code: Literal["INVALID_IDENTIFIER"]
    kind: str
    redacted: str
    """The value, redacted (`a…@e…`): never the clear value."""
    reason: str


class ErrorDetailInsufficientPoints(TypedDict):
    """See `ErrorCode::InsufficientPoints`."""

    code: Literal["INSUFFICIENT_POINTS"]
    profile: str
    requested: str
    balance: str


class ErrorDetailInternal(TypedDict):
    """See `ErrorCode::Internal`."""

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
    """How many threads read a large CSV file (1 to 64; default 1 here, the machine's cores in the Python, Node and Swift packages, see `ReportOptions::or_machine`). A file of 8 MiB or more is cut at record boundaries into parts of at least 4 MiB, read side by side and joined in file order: the result is the one reading it from start to end gives, for every count."""


OrderStatus = Literal["open", "fulfilled", "cancelled"]
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


__all__ = ["ReasonCode", "Severity", "RowKind", "RowRef", "Suggestion", "ReconException", "PendingReason", "Pending", "MatchKind", "Match", "Identity", "CurrencySummary", "Buckets", "RowCounts", "QueueStatus", "Acceptance", "QueueItem", "Processor", "Layout", "FileRead", "DuplicateRow", "UnknownRow", "ErrorDetail", "RejectedRow", "SkippedRow", "ProcessorReport", "RowAt", "PaymentMethod", "FeeRule", "Threshold", "SeverityThresholds", "ConfirmedMatch", "Extras", "ReconConfig", "ReportOptions", "OrderStatus", "SettlementKind"]
