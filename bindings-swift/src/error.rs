//! The one mapping from core errors to the Swift `SeamlineError` enum.
//!
//! One case per stable code, each carrying the code string and the message.
//! The cases are generated from core's codes (`error_codes.rs`, by
//! `seamline-typegen`), and the `match` on `ErrorCode` is exhaustive, so a
//! code added in core fails this crate's build until the file is generated again.

use seamline::ErrorCode;

macro_rules! seamline_error {
    ($($variant:ident),* $(,)?) => {
        /// Every error Seamline throws in Swift; `code` is the stable string code.
        #[derive(Debug, Clone, thiserror::Error, uniffi::Error)]
        pub enum SeamlineError {
            $(
                #[allow(missing_docs)]
                #[error("{message}")]
                $variant { code: String, message: String },
            )*
        }

        impl SeamlineError {
            /// The stable code and the message, whichever the case.
            fn parts(&self) -> (&str, &str) {
                match self {
                    $( SeamlineError::$variant { code, message } => (code, message), )*
                }
            }
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

include!("error_codes.rs");

/// A row's error inside a result (a batch's refused event, a report's
/// unread row) is read from core's wire form (`{"code": …, field: …}`) as
/// the error a call would throw: one type for Swift to handle.
impl<'de> serde::Deserialize<'de> for SeamlineError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <seamline::Error as serde::Deserialize>::deserialize(d).map(SeamlineError::from)
    }
}

/// Written as its code and message, what a Swift app shows or logs; no
/// call reads a result's error back.
impl serde::Serialize for SeamlineError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (code, message) = self.parts();
        let mut out = s.serialize_struct("SeamlineError", 2)?;
        out.serialize_field("code", code)?;
        out.serialize_field("message", message)?;
        out.end()
    }
}

/// What `#[seamline_guard::guard]` makes of a plain return type: every
/// exported function `throws` in Swift, so a caught panic reaches the app as
/// `SeamlineError.Internal` instead of trapping in a `try!`.
pub mod guarded {
    /// An exported function's value, or the error a caught panic became.
    pub type Result<T> = std::result::Result<T, super::SeamlineError>;
}

fn internal(payload: &(dyn std::any::Any + Send)) -> SeamlineError {
    seamline::Error::from_panic(payload).into()
}

/// Runs an exported function's body; a panic becomes `SeamlineError.Internal`.
/// (uniffi catches unwinding too, but reports it as an uncoded
/// `rustPanic` that a non-throwing Swift call turns into a crash.)
pub fn guard<T>(
    body: impl FnOnce() -> std::result::Result<T, SeamlineError>,
) -> std::result::Result<T, SeamlineError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(internal(&*payload)))
}

/// [`guard`] for a body that returns a plain value.
pub fn guard_value<T>(body: impl FnOnce() -> T) -> guarded::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).map_err(|p| internal(&*p))
}
