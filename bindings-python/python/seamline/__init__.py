"""Seamline: one source of truth beneath a retailer's point of sale and online store.

Every channel links the same Rust core, so the counter, the website and the
back office compute stock, money and buffers with the same rules.

Money is exact: pass ``decimal.Decimal`` (or ``int``/``str``); a ``float``
for money raises :class:`InvalidTypeError` (a ``TypeError``). Every error is a
:class:`SeamlineError` with a stable ``.code``.
"""

from . import errors
from ._native import (
    ERROR_CODES,
    ROUNDING_MODES,
    BufferPolicy,
    Ledger,
    Money,
    __version__,
    canonical_instant,
    expand_upc_e,
    gtin_range,
    max_exposure,
    minor_units,
    normalize_gtin,
    normalize_sku,
    oversell_probability,
    published_quantity,
    recommend_buffer,
    source_order,
    sync_health,
)
from .errors import (
    ArithmeticOverflowError,
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidArgumentError,
    InvalidIdError,
    InvalidQuantityError,
    InvalidSkuError,
    InvalidTimestampError,
    InvalidTypeError,
    SeamlineError,
    UnknownCurrencyError,
    InsufficientStockError,
    ConflictingDuplicateError,
    StaleQuantityError,
    UnknownReservationError,
    InvalidTransitionError,
    InvalidSnapshotError,
    UnsupportedVersionError,
    InvalidGtinError,
)

__all__ = [
    "ERROR_CODES",
    "ROUNDING_MODES",
    "BufferPolicy",
    "Ledger",
    "Money",
    "__version__",
    "canonical_instant",
    "expand_upc_e",
    "gtin_range",
    "errors",
    "max_exposure",
    "minor_units",
    "normalize_gtin",
    "normalize_sku",
    "oversell_probability",
    "published_quantity",
    "recommend_buffer",
    "source_order",
    "sync_health",
    "ArithmeticOverflowError",
    "CurrencyMismatchError",
    "InvalidAmountError",
    "InvalidArgumentError",
    "InvalidIdError",
    "InvalidQuantityError",
    "InvalidSkuError",
    "InvalidTimestampError",
    "InvalidTypeError",
    "SeamlineError",
    "UnknownCurrencyError",
    "InsufficientStockError",
    "ConflictingDuplicateError",
    "StaleQuantityError",
    "UnknownReservationError",
    "InvalidTransitionError",
    "InvalidSnapshotError",
    "UnsupportedVersionError",
    "InvalidGtinError",
]
