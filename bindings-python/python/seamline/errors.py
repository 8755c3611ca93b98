"""Seamline's exceptions: one class per stable error code, all under ``SeamlineError``.

Each class also derives from the built-in exception a Python caller would
expect (``ValueError`` for bad values, ``TypeError`` for wrong types), so
``except ValueError`` keeps working. ``err.code`` is the stable string code
shared with the Node and Swift packages; ``err.details`` names the offending
field and value.
"""

from __future__ import annotations

import re
from typing import Dict, Mapping, Optional, Type

__all__ = [
    "SeamlineError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidAmountError",
    "InvalidSkuError",
    "InvalidIdError",
    "InvalidQuantityError",
    "InvalidTimestampError",
    "UnknownCurrencyError",
    "CurrencyMismatchError",
    "ArithmeticOverflowError",
    "InsufficientStockError",
    "ConflictingDuplicateError",
    "StaleQuantityError",
    "UnknownReservationError",
    "InvalidTransitionError",
    "InvalidSnapshotError",
    "UnsupportedVersionError",
    "InvalidGtinError",
    "UnmappedIdError",
    "PriceOverlapError",
    "NoPriceError",
    "OverRefundError",
    "InvariantViolatedError",
    "InvalidConfigurationError",
    "InvalidIdentifierError",
    "InsufficientPointsError",
    "InternalError",
]


class SeamlineError(Exception):
    """Base class of every error Seamline raises."""

    code: str = "SEAMLINE_ERROR"

    def __init__(self, message: str, details: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: Dict[str, str] = dict(details or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def add_note(self, note: str) -> None:
        """As ``BaseException.add_note``; a note naming the argument that could not be
        read (pyo3 adds one when an argument's conversion fails) becomes the error's field."""
        named = _ARGUMENT_NOTE.fullmatch(note) if isinstance(note, str) else None
        if named and self.details.get("field") == _ARGUMENT:
            self.details["field"] = named[1]
            self.message = self.message.replace(_ARGUMENT, named[1], 1)
            self.args = (self.message,)
            return
        add_note = getattr(super(), "add_note", None)  # Python 3.11 and later
        if add_note is not None:
            add_note(note)


# An argument's error names this field until its note names the argument
# (bindings-python/src/args.rs: keep the two equal).
_ARGUMENT = "(argument)"
_ARGUMENT_NOTE = re.compile(r"while processing '([A-Za-z_][A-Za-z0-9_]*)'")


class InvalidArgumentError(SeamlineError, ValueError):
    """An argument is out of range, malformed or otherwise unusable."""

    code = "INVALID_ARGUMENT"


class InvalidTypeError(SeamlineError, TypeError):
    """A value of the wrong type, such as a float where exact money is required."""

    code = "INVALID_TYPE"


class InvalidAmountError(SeamlineError, ValueError):
    """A money amount is malformed or has more decimals than allowed."""

    code = "INVALID_AMOUNT"


class InvalidSkuError(SeamlineError, ValueError):
    """A SKU is empty, too long or contains control characters."""

    code = "INVALID_SKU"


class InvalidIdError(SeamlineError, ValueError):
    """An identifier is empty, too long or contains control characters."""

    code = "INVALID_ID"


class InvalidQuantityError(SeamlineError, ValueError):
    """A quantity is not a whole number of units or is out of range."""

    code = "INVALID_QUANTITY"


class InvalidTimestampError(SeamlineError, ValueError):
    """A timestamp is malformed or has no UTC offset (naive)."""

    code = "INVALID_TIMESTAMP"


class UnknownCurrencyError(SeamlineError, ValueError):
    """A currency code is not in the ISO 4217 table."""

    code = "UNKNOWN_CURRENCY"


class CurrencyMismatchError(SeamlineError, ValueError):
    """Two amounts in different currencies were combined."""

    code = "CURRENCY_MISMATCH"


class ArithmeticOverflowError(SeamlineError, ArithmeticError):
    """A computation exceeded the range of exact arithmetic."""

    code = "ARITHMETIC_OVERFLOW"


class InsufficientStockError(SeamlineError, ValueError):
    """A reservation asked for more than is available to promise."""

    code = "INSUFFICIENT_STOCK"


class ConflictingDuplicateError(SeamlineError, ValueError):
    """An event id seen before arrived with a different payload."""

    code = "CONFLICTING_DUPLICATE"


class StaleQuantityError(SeamlineError, ValueError):
    """A compare-and-set carried a stale previous quantity."""

    code = "STALE_QUANTITY"


class UnknownReservationError(SeamlineError, LookupError):
    """A reservation id the ledger has never seen."""

    code = "UNKNOWN_RESERVATION"


class InvalidTransitionError(SeamlineError, ValueError):
    """A state change the current state does not allow."""

    code = "INVALID_TRANSITION"


class InvalidSnapshotError(SeamlineError, ValueError):
    """Snapshot bytes are truncated or corrupted."""

    code = "INVALID_SNAPSHOT"


class UnsupportedVersionError(SeamlineError, ValueError):
    """A snapshot from a newer version of Seamline."""

    code = "UNSUPPORTED_VERSION"


class InvalidGtinError(SeamlineError, ValueError):
    """A GTIN or UPC-E code is malformed or its check digit is wrong."""

    code = "INVALID_GTIN"


class UnmappedIdError(SeamlineError, LookupError):
    """A channel identifier that the SKU map does not know."""

    code = "UNMAPPED_ID"


class PriceOverlapError(SeamlineError, ValueError):
    """A price window overlaps another for the same SKU, channel and currency."""

    code = "PRICE_OVERLAP"


class NoPriceError(SeamlineError, LookupError):
    """No price is valid for the SKU, channel, currency and instant."""

    code = "NO_PRICE"


class OverRefundError(SeamlineError, ValueError):
    """A refund would exceed what was paid (captured) for the order or line."""

    code = "OVER_REFUND"


class InvariantViolatedError(SeamlineError, ValueError):
    """A transition would break a quantity or money invariant (returned ≤ fulfilled ≤ ordered, …); nothing changed."""

    code = "INVARIANT_VIOLATED"


class InvalidConfigurationError(SeamlineError, ValueError):
    """A configuration is inconsistent (two owners for one domain, a domain with none, …); found at load time."""

    code = "INVALID_CONFIGURATION"


class InvalidIdentifierError(SeamlineError, ValueError):
    """A customer identifier (email, phone, loyalty id) is malformed; the message never quotes it in clear."""

    code = "INVALID_IDENTIFIER"


class InsufficientPointsError(SeamlineError, ValueError):
    """A redemption would take a profile's points balance below zero; nothing changed."""

    code = "INSUFFICIENT_POINTS"


class InternalError(SeamlineError, RuntimeError):
    """A defect inside Seamline (a panic) caught at the boundary; the object may be unusable. Please report it."""

    code = "INTERNAL"


_BY_CODE: Dict[str, Type[SeamlineError]] = {
    cls.code: cls
    for cls in (
        InvalidArgumentError,
        InvalidTypeError,
        InvalidAmountError,
        InvalidSkuError,
        InvalidIdError,
        InvalidQuantityError,
        InvalidTimestampError,
        UnknownCurrencyError,
        CurrencyMismatchError,
        ArithmeticOverflowError,
        InsufficientStockError,
        ConflictingDuplicateError,
        StaleQuantityError,
        UnknownReservationError,
        InvalidTransitionError,
        InvalidSnapshotError,
        UnsupportedVersionError,
        InvalidGtinError,
        UnmappedIdError,
        PriceOverlapError,
        NoPriceError,
        OverRefundError,
        InvariantViolatedError,
        InvalidConfigurationError,
        InvalidIdentifierError,
        InsufficientPointsError,
        InternalError,
    )
}


def _from_native(code: str, message: str, details: Mapping[str, str]) -> SeamlineError:
    """Called by the native module to build the exception for ``code``."""
    cls = _BY_CODE.get(code)
    if cls is None:
        # A code newer than this file: still a SeamlineError with the right code.
        err = SeamlineError(message, details)
        err.code = code
        return err
    return cls(message, details)
