"""Record types Seamline reads, as ``TypedDict``s for type checkers.

Generated from core's table schemas by ``cargo run -p seamline-typegen``: do
not edit (the test command fails when this file drifts from core). Amounts
are ``Decimal``, ``int`` or decimal text (a ``float`` is refused: money is
exact); instants are aware ``datetime``s or RFC 3339 text.
"""

from datetime import datetime
from decimal import Decimal
from typing import List, Literal, Optional, TypedDict, Union


class _PaymentRequired(TypedDict):
    """The keys every Payment has."""

    payment_id: str
    method: Literal["card", "wallet", "cash", "gift_card", "store_credit"]
    amount: Union[Decimal, int, str]
    captured_at: Union[datetime, str]


class Payment(_PaymentRequired, total=False):
    """A payment taken for an order."""

    processor: Optional[str]
    """Card and wallet: the processor, lower case as its report names it."""
    processor_reference: Optional[str]


class _FulfilledLineRequired(TypedDict):
    """The keys every FulfilledLine has."""

    line_id: str
    sku: str
    quantity: int
    location: str
    fulfilled_at: Union[datetime, str]


class FulfilledLine(_FulfilledLineRequired, total=False):
    """A line of an order handed over or shipped."""


class _ReturnRecordRequired(TypedDict):
    """The keys every ReturnRecord has."""

    return_id: str
    line_id: str
    sku: str
    quantity: int
    restock: bool
    """Whether the goods go back to sellable stock."""
    location: str
    received_at: Union[datetime, str]


class ReturnRecord(_ReturnRecordRequired, total=False):
    """Goods of an order brought back."""


class _RefundRequired(TypedDict):
    """The keys every Refund has."""

    refund_id: str
    method: Literal["card", "wallet", "cash", "gift_card", "store_credit"]
    amount: Union[Decimal, int, str]
    issued_at: Union[datetime, str]


class Refund(_RefundRequired, total=False):
    """Money given back for an order."""

    return_id: Optional[str]
    """The return it credits; none for a goodwill refund."""
    processor: Optional[str]
    processor_reference: Optional[str]


class _SettlementLineRequired(TypedDict):
    """The keys every SettlementLine has."""

    id: str
    """Also read as `settlement_id`."""
    kind: Literal["charge", "refund", "chargeback", "chargeback_reversal", "fee", "adjustment", "payout"]
    processor: str
    net: Union[Decimal, int, str]
    currency: str
    settled_at: Union[datetime, str]


class SettlementLine(_SettlementLineRequired, total=False):
    """A line of a processor's settlement report, signed from the merchant's balance: refunds, chargebacks and payouts are negative."""

    processor_reference: Optional[str]
    merchant_reference: Optional[str]
    gross: Optional[Union[Decimal, int, str]]
    """Absent when the processor reports only net."""
    fee: Optional[Union[Decimal, int, str]]
    """Absent when the processor reports only net (never read as 0)."""
    batch_id: Optional[str]
    original_gross: Optional[Union[Decimal, int, str]]
    """Settled in another currency: the gross as charged, in `original_currency`."""
    original_currency: Optional[str]
    exchange_rate: Optional[Union[Decimal, int, str]]
    """The processor's exchange rate, where stated (evidence)."""


class _MovementRequired(TypedDict):
    """The keys every Movement has."""

    id: str
    """Also read as `movement_id`."""
    sku: str
    location: str
    delta: int
    kind: Literal["sale", "return_restock", "receipt", "adjustment", "count", "transfer"]
    occurred_at: Union[datetime, str]


class Movement(_MovementRequired, total=False):
    """A stock movement, naming the order or return it belongs to."""

    order_reference: Optional[str]
    return_reference: Optional[str]


class _ReconOrderRequired(TypedDict):
    """The keys every ReconOrder has."""

    order_id: str
    channel: str
    currency: str
    total: Union[Decimal, int, str]
    """What the payments must add up to (see `status`)."""
    placed_at: Union[datetime, str]


class ReconOrder(_ReconOrderRequired, total=False):
    """An order as the tie-out reads it, with its payments, fulfilled lines, returns and refunds nested."""

    customer: Optional[str]
    """Also read as `customer_id`. Personal data: an error never shows it in clear."""
    status: Optional[Literal["open", "fulfilled", "cancelled"]]
    """Where the order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0. Also read as `order_status`."""
    payments: List[Payment]
    fulfilments: List[FulfilledLine]
    returns: List[ReturnRecord]
    refunds: List[Refund]


__all__ = ["Payment", "FulfilledLine", "ReturnRecord", "Refund", "SettlementLine", "Movement", "ReconOrder"]
