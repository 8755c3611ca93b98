//! The one error type of Seamline, with stable machine-readable codes.
//!
//! Every binding maps [`Error`] to its language's idiom (a Python exception
//! class, a JS `Error` with `code`, a Swift `Error` case) using [`Error::code`],
//! so a caller can tell a bad SKU from a currency mismatch without parsing text.

use serde::{Deserialize, Serialize};

/// Stable error codes. The string form ([`ErrorCode::as_str`]) is part of the
/// public contract in every language and never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// An argument is out of range, malformed or otherwise unusable.
    InvalidArgument,
    /// A value of the wrong type crossed a binding, such as a float where exact money is required.
    InvalidType,
    /// A money amount is malformed or has more decimals than allowed.
    InvalidAmount,
    /// A SKU is empty, too long or contains control characters.
    InvalidSku,
    /// An identifier other than a SKU is empty, too long or contains control characters.
    InvalidId,
    /// A quantity is not a whole number of units or is out of range.
    InvalidQuantity,
    /// A timestamp is malformed or has no UTC offset.
    InvalidTimestamp,
    /// A currency code is not in the ISO 4217 table.
    UnknownCurrency,
    /// Two amounts in different currencies were combined.
    CurrencyMismatch,
    /// A computation exceeded the range of exact arithmetic.
    ArithmeticOverflow,
    /// A reservation asked for more than is available to promise.
    InsufficientStock,
    /// An event id seen before arrived with a different payload.
    ConflictingDuplicate,
    /// A compare-and-set carried a stale "previous" quantity.
    StaleQuantity,
    /// A reservation id the ledger has never seen.
    UnknownReservation,
    /// A state change that the current state does not allow.
    InvalidTransition,
    /// Snapshot bytes are truncated or corrupted.
    InvalidSnapshot,
    /// A snapshot from a newer version of Seamline.
    UnsupportedVersion,
    /// A GTIN or UPC-E code is malformed or its check digit is wrong.
    InvalidGtin,
    /// A channel identifier that the SKU map does not know.
    UnmappedId,
    /// A price window overlaps another for the same SKU, channel and currency.
    PriceOverlap,
    /// No price is valid for the SKU, channel, currency and instant.
    NoPrice,
    /// A refund would exceed what was paid (captured) for the order or line.
    OverRefund,
    /// A transition would break a quantity or money invariant (returned ≤ fulfilled ≤ ordered, …); nothing changed.
    InvariantViolated,
    /// A configuration is inconsistent (two owners for one domain, a domain with none, …); found at load time.
    InvalidConfiguration,
    /// A customer identifier (email, phone, loyalty id) is malformed; the message never quotes it in clear.
    InvalidIdentifier,
    /// A redemption would take a profile's points balance below zero; nothing changed.
    InsufficientPoints,
    /// A defect inside Seamline (a panic), caught at the language boundary
    /// so the host process lives on. The object the call was made on may be
    /// left unusable; please report it with the message.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (for bindings and tests that enumerate them).
    pub const ALL: [ErrorCode; 27] = [
        ErrorCode::InvalidArgument,
        ErrorCode::InvalidType,
        ErrorCode::InvalidAmount,
        ErrorCode::InvalidSku,
        ErrorCode::InvalidId,
        ErrorCode::InvalidQuantity,
        ErrorCode::InvalidTimestamp,
        ErrorCode::UnknownCurrency,
        ErrorCode::CurrencyMismatch,
        ErrorCode::ArithmeticOverflow,
        ErrorCode::InsufficientStock,
        ErrorCode::ConflictingDuplicate,
        ErrorCode::StaleQuantity,
        ErrorCode::UnknownReservation,
        ErrorCode::InvalidTransition,
        ErrorCode::InvalidSnapshot,
        ErrorCode::UnsupportedVersion,
        ErrorCode::InvalidGtin,
        ErrorCode::UnmappedId,
        ErrorCode::PriceOverlap,
        ErrorCode::NoPrice,
        ErrorCode::OverRefund,
        ErrorCode::InvariantViolated,
        ErrorCode::InvalidConfiguration,
        ErrorCode::InvalidIdentifier,
        ErrorCode::InsufficientPoints,
        ErrorCode::Internal,
    ];

    /// The stable string form, e.g. `"CURRENCY_MISMATCH"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::InvalidType => "INVALID_TYPE",
            ErrorCode::InvalidAmount => "INVALID_AMOUNT",
            ErrorCode::InvalidSku => "INVALID_SKU",
            ErrorCode::InvalidId => "INVALID_ID",
            ErrorCode::InvalidQuantity => "INVALID_QUANTITY",
            ErrorCode::InvalidTimestamp => "INVALID_TIMESTAMP",
            ErrorCode::UnknownCurrency => "UNKNOWN_CURRENCY",
            ErrorCode::CurrencyMismatch => "CURRENCY_MISMATCH",
            ErrorCode::ArithmeticOverflow => "ARITHMETIC_OVERFLOW",
            ErrorCode::InsufficientStock => "INSUFFICIENT_STOCK",
            ErrorCode::ConflictingDuplicate => "CONFLICTING_DUPLICATE",
            ErrorCode::StaleQuantity => "STALE_QUANTITY",
            ErrorCode::UnknownReservation => "UNKNOWN_RESERVATION",
            ErrorCode::InvalidTransition => "INVALID_TRANSITION",
            ErrorCode::InvalidSnapshot => "INVALID_SNAPSHOT",
            ErrorCode::UnsupportedVersion => "UNSUPPORTED_VERSION",
            ErrorCode::InvalidGtin => "INVALID_GTIN",
            ErrorCode::UnmappedId => "UNMAPPED_ID",
            ErrorCode::PriceOverlap => "PRICE_OVERLAP",
            ErrorCode::NoPrice => "NO_PRICE",
            ErrorCode::OverRefund => "OVER_REFUND",
            ErrorCode::InvariantViolated => "INVARIANT_VIOLATED",
            ErrorCode::InvalidConfiguration => "INVALID_CONFIGURATION",
            ErrorCode::InvalidIdentifier => "INVALID_IDENTIFIER",
            ErrorCode::InsufficientPoints => "INSUFFICIENT_POINTS",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Seamline error: a stable [`ErrorCode`] plus the offending field and value.
///
/// Messages always name the field and quote the value, so a person reading a
/// log can find the bad input without a debugger. Fields, the same in every
/// variant: `field` names the offending input, `value` quotes it, `reason`
/// says what was expected; `operation` names the computation that failed.
// The fields are documented once above rather than thirty times.
#[allow(missing_docs)]
#[derive(
    Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
// `Error` is a global of JavaScript and of most languages' preludes.
#[schemars(rename = "ErrorDetail")]
pub enum Error {
    /// See [`ErrorCode::InvalidArgument`].
    #[error("invalid {field}: {reason} (got {value})")]
    InvalidArgument {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::InvalidType`].
    #[error("invalid type for {field}: expected {expected}, got {got}")]
    InvalidType {
        field: String,
        expected: String,
        got: String,
    },
    /// See [`ErrorCode::InvalidAmount`].
    #[error("invalid amount for {field}: {reason} (got {value:?})")]
    InvalidAmount {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::InvalidSku`].
    #[error("invalid SKU for {field}: {reason} (got {value:?})")]
    InvalidSku {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::InvalidId`].
    #[error("invalid identifier for {field}: {reason} (got {value:?})")]
    InvalidId {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::InvalidQuantity`].
    #[error("invalid quantity for {field}: {reason} (got {value})")]
    InvalidQuantity {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::InvalidTimestamp`].
    #[error("invalid timestamp for {field}: {reason} (got {value:?})")]
    InvalidTimestamp {
        field: String,
        value: String,
        reason: String,
    },
    /// See [`ErrorCode::UnknownCurrency`].
    #[error("unknown currency for {field}: {value:?} is not an ISO 4217 code")]
    UnknownCurrency { field: String, value: String },
    /// See [`ErrorCode::CurrencyMismatch`].
    #[error("currency mismatch in {operation}: {left} vs {right}")]
    CurrencyMismatch {
        operation: String,
        left: String,
        right: String,
    },
    /// See [`ErrorCode::ArithmeticOverflow`].
    #[error("arithmetic overflow in {operation}")]
    ArithmeticOverflow { operation: String },
    /// See [`ErrorCode::InsufficientStock`].
    #[error(
        "insufficient stock of {sku} at {location}: requested {requested}, available {available}"
    )]
    InsufficientStock {
        sku: String,
        location: String,
        requested: String,
        available: String,
    },
    /// See [`ErrorCode::ConflictingDuplicate`].
    #[error("conflicting duplicate: event {event_id:?} was seen before with a different payload")]
    ConflictingDuplicate { event_id: String },
    /// See [`ErrorCode::StaleQuantity`].
    #[error("stale {field}: the sender expected {expected}, the ledger has {actual}")]
    StaleQuantity {
        field: String,
        expected: String,
        actual: String,
    },
    /// See [`ErrorCode::UnknownReservation`].
    #[error("unknown reservation {reservation_id:?}")]
    UnknownReservation { reservation_id: String },
    /// See [`ErrorCode::InvalidTransition`].
    #[error("invalid transition of {entity}: cannot {attempted} from {from}")]
    InvalidTransition {
        entity: String,
        from: String,
        attempted: String,
    },
    /// See [`ErrorCode::InvalidSnapshot`].
    #[error("invalid snapshot: {reason}")]
    InvalidSnapshot { reason: String },
    /// See [`ErrorCode::UnsupportedVersion`].
    #[error("unsupported snapshot version {found}: this build reads up to version {supported}")]
    UnsupportedVersion { found: String, supported: String },
    /// See [`ErrorCode::InvalidGtin`].
    #[error("invalid GTIN {value:?}: {reason}")]
    InvalidGtin { value: String, reason: String },
    /// See [`ErrorCode::UnmappedId`].
    #[error("unmapped id {external_id:?} in channel {channel}")]
    UnmappedId {
        channel: String,
        external_id: String,
    },
    /// See [`ErrorCode::PriceOverlap`].
    #[error("price overlap for {sku} ({channel}): {proposed} overlaps {existing}")]
    PriceOverlap {
        sku: String,
        channel: String,
        existing: String,
        proposed: String,
    },
    /// See [`ErrorCode::NoPrice`].
    #[error("no price for {sku} in {channel} ({currency}) at {at}")]
    NoPrice {
        sku: String,
        channel: String,
        currency: String,
        at: String,
    },
    /// See [`ErrorCode::OverRefund`].
    #[error(
        "over-refund of {entity}: refunding {requested} would exceed {available} still refundable"
    )]
    OverRefund {
        entity: String,
        requested: String,
        available: String,
    },
    /// See [`ErrorCode::InvariantViolated`].
    #[error("{entity}: {attempted} would break {invariant} ({detail})")]
    InvariantViolated {
        entity: String,
        attempted: String,
        invariant: String,
        detail: String,
    },
    /// See [`ErrorCode::InvalidConfiguration`].
    #[error("invalid configuration of {field}: {reason}")]
    InvalidConfiguration { field: String, reason: String },
    /// See [`ErrorCode::InvalidIdentifier`].
    #[error("invalid {kind} {redacted}: {reason}")]
    InvalidIdentifier {
        kind: String,
        /// The value, redacted (`a…@e…`): never the clear value.
        redacted: String,
        reason: String,
    },
    /// See [`ErrorCode::InsufficientPoints`].
    #[error("insufficient points for profile {profile}: requested {requested}, balance {balance}")]
    InsufficientPoints {
        profile: String,
        requested: String,
        balance: String,
    },
    /// See [`ErrorCode::Internal`].
    #[error("internal error in Seamline (please report it): {detail}")]
    Internal { detail: String },
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::InvalidType { .. } => ErrorCode::InvalidType,
            Error::InvalidAmount { .. } => ErrorCode::InvalidAmount,
            Error::InvalidSku { .. } => ErrorCode::InvalidSku,
            Error::InvalidId { .. } => ErrorCode::InvalidId,
            Error::InvalidQuantity { .. } => ErrorCode::InvalidQuantity,
            Error::InvalidTimestamp { .. } => ErrorCode::InvalidTimestamp,
            Error::UnknownCurrency { .. } => ErrorCode::UnknownCurrency,
            Error::CurrencyMismatch { .. } => ErrorCode::CurrencyMismatch,
            Error::ArithmeticOverflow { .. } => ErrorCode::ArithmeticOverflow,
            Error::InsufficientStock { .. } => ErrorCode::InsufficientStock,
            Error::ConflictingDuplicate { .. } => ErrorCode::ConflictingDuplicate,
            Error::StaleQuantity { .. } => ErrorCode::StaleQuantity,
            Error::UnknownReservation { .. } => ErrorCode::UnknownReservation,
            Error::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            Error::InvalidSnapshot { .. } => ErrorCode::InvalidSnapshot,
            Error::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            Error::InvalidGtin { .. } => ErrorCode::InvalidGtin,
            Error::UnmappedId { .. } => ErrorCode::UnmappedId,
            Error::PriceOverlap { .. } => ErrorCode::PriceOverlap,
            Error::NoPrice { .. } => ErrorCode::NoPrice,
            Error::OverRefund { .. } => ErrorCode::OverRefund,
            Error::InvariantViolated { .. } => ErrorCode::InvariantViolated,
            Error::InvalidConfiguration { .. } => ErrorCode::InvalidConfiguration,
            Error::InvalidIdentifier { .. } => ErrorCode::InvalidIdentifier,
            Error::InsufficientPoints { .. } => ErrorCode::InsufficientPoints,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// An [`Error::InvalidArgument`] for `field`, quoting `value`.
    pub fn invalid_argument(
        field: impl Into<String>,
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidArgument {
            field: field.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// An [`Error::InvalidType`]: bindings use it to refuse, for example, a float for money.
    pub fn invalid_type(
        field: impl Into<String>,
        expected: impl Into<String>,
        got: impl Into<String>,
    ) -> Self {
        Error::InvalidType {
            field: field.into(),
            expected: expected.into(),
            got: got.into(),
        }
    }

    /// An [`Error::InvalidAmount`] for `field`.
    pub fn invalid_amount(
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidAmount {
            field: field.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }

    /// An [`Error::InvalidQuantity`] for `field`, quoting `value`.
    pub fn invalid_quantity(
        field: impl Into<String>,
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidQuantity {
            field: field.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// An [`Error::ArithmeticOverflow`] in `operation`.
    pub fn overflow(operation: impl Into<String>) -> Self {
        Error::ArithmeticOverflow {
            operation: operation.into(),
        }
    }

    /// An [`Error::Internal`] for a panic payload caught at a language
    /// boundary; the panic's text, cut to 200 characters, is the detail.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Error::Internal {
            detail: text.chars().take(200).collect(),
        }
    }
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{s}\""));
        }
    }

    #[test]
    fn message_names_field_and_value() {
        let e = Error::invalid_argument("service_level", 1.5, "must be in (0, 1)");
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert_eq!(
            e.to_string(),
            "invalid service_level: must be in (0, 1) (got 1.5)"
        );
    }

    #[test]
    fn serializes_with_code_tag() {
        let e = Error::overflow("allocate");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "ARITHMETIC_OVERFLOW");
        assert_eq!(json["operation"], "allocate");
    }
}
