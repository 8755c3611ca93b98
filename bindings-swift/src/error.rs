//! The one mapping from core errors to the Swift `SeamlineError` enum.
//!
//! One case per stable code, each carrying the code string and the message.
//! The `match` on `ErrorCode` is exhaustive, so a code added in core fails
//! this crate's build until it has a Swift case.

use seamline::ErrorCode;

macro_rules! seamline_error {
    ($($variant:ident),* $(,)?) => {
        /// Every error Seamline throws in Swift; `code` is the stable string code.
        #[derive(Debug, thiserror::Error, uniffi::Error)]
        pub enum SeamlineError {
            $(
                #[allow(missing_docs)]
                #[error("{message}")]
                $variant { code: String, message: String },
            )*
        }

        impl From<seamline::Error> for SeamlineError {
            fn from(err: seamline::Error) -> Self {
                let code = err.code().as_str().to_string();
                let message = err.to_string();
                match err.code() {
                    $( ErrorCode::$variant => SeamlineError::$variant { code, message }, )*
                }
            }
        }

    };
}

seamline_error!(
    InvalidArgument,
    InvalidType,
    InvalidAmount,
    InvalidSku,
    InvalidId,
    InvalidQuantity,
    InvalidTimestamp,
    UnknownCurrency,
    CurrencyMismatch,
    ArithmeticOverflow,
    InsufficientStock,
    ConflictingDuplicate,
    StaleQuantity,
    UnknownReservation,
    InvalidTransition,
    InvalidSnapshot,
    UnsupportedVersion,
    InvalidGtin,
    UnmappedId,
    PriceOverlap,
    NoPrice,
    OverRefund,
    InvariantViolated,
    InvalidConfiguration,
    InvalidIdentifier,
    InsufficientPoints,
);
