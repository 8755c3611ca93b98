// Generated from core's error codes by `cargo run -p seamline-typegen`: do
// not edit (the test command fails when this file drifts from core). Included
// by error.rs: one `SeamlineError` case per stable code.

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
    Internal,
);
