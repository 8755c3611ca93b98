//! Validated identifier newtypes.
//!
//! Every identifier is trimmed, non-empty, at most [`MAX_ID_LEN`] characters
//! and free of control characters, so ids from tills, web platforms and files
//! compare equal when they mean the same thing.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// The longest identifier accepted, in characters.
pub const MAX_ID_LEN: usize = 128;

/// Validates and trims an identifier, or says why it is invalid.
pub(crate) fn validate(text: &str) -> std::result::Result<&str, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    // Ids are almost always ASCII: one vector check, then bytes are
    // characters (and ASCII's control characters are its bytes below 0x20
    // and 0x7F, as `char::is_control` says).
    let ascii = trimmed.is_ascii();
    let len = if ascii {
        trimmed.len()
    } else {
        trimmed.chars().count()
    };
    if len > MAX_ID_LEN {
        return Err(format!("is {len} characters, at most {MAX_ID_LEN} allowed"));
    }
    let control = if ascii {
        trimmed.bytes().find(u8::is_ascii_control).map(char::from)
    } else {
        trimmed.chars().find(|c| c.is_control())
    };
    if let Some(c) = control {
        return Err(format!("contains the control character U+{:04X}", c as u32));
    }
    Ok(trimmed)
}

/// `base` + "/" + `n` as shared text. Ids are short, so the text is put
/// together on the stack and copied once into its shared allocation.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "formatting a u64's decimal digits into a 20-byte buffer and a string of known length"
)]
fn numbered(base: &str, n: usize) -> Arc<str> {
    let mut buf = [0u8; 160];
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &digits[start..];
    let len = base.len() + 1 + digits.len();
    if len > buf.len() {
        return Arc::from(format!("{base}/{n}"));
    }
    buf[..base.len()].copy_from_slice(base.as_bytes());
    buf[base.len()] = b'/';
    buf[base.len() + 1..len].copy_from_slice(digits);
    // Valid text followed by ASCII is valid text; the fallback never runs.
    std::str::from_utf8(&buf[..len]).map_or_else(|_| Arc::from(format!("{base}/{n}")), Arc::from)
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $field:literal, $variant:ident) => {
        $(#[$doc])*
        ///
        /// Shared, immutable text: cloning is a reference-count increment, so
        /// a ledger can key millions of entries by it without copying.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Validates `text` (trimmed, non-empty, ≤ 128 chars, no control characters).
            pub fn new(text: &str) -> Result<Self> {
                validate(text).map(|t| $name(Arc::from(t))).map_err(|reason| Error::$variant {
                    field: $field.into(),
                    value: text.to_string(),
                    reason,
                })
            }

            /// The canonical (trimmed) text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The shared text (a reference-count increment, no copy).
            pub fn shared(&self) -> Arc<str> {
                Arc::clone(&self.0)
            }

            /// `self` followed by "/n": the n-th id derived from a valid one
            /// (callers keep the base short enough for the suffix). Built in
            /// place, one allocation: an order replay derives one per stock event.
            #[allow(dead_code)]
            pub(crate) fn numbered(&self, n: usize) -> Self {
                $name(numbered(&self.0, n))
            }
        }

        // Hash, Eq and Ord all delegate to the text, so a map keyed by the
        // identifier can be searched with a plain `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $name::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        // Text on the wire; its rules are the constructor's.
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string" })
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::new(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

identifier!(
    /// A canonical stock-keeping unit: one product, the same in every channel.
    Sku, "sku", InvalidSku
);
identifier!(
    /// A store, warehouse or other stock-holding location.
    LocationId, "location_id", InvalidId
);
identifier!(
    /// A sales channel, such as `pos` or `web`.
    ChannelId, "channel_id", InvalidId
);
identifier!(
    /// An order, in whichever channel placed it.
    OrderId, "order_id", InvalidId
);
identifier!(
    /// An event's idempotency key.
    EventId, "event_id", InvalidId
);
identifier!(
    /// A customer record or profile.
    CustomerId, "customer_id", InvalidId
);
identifier!(
    /// A payment processor, lower case as its reports name it (`stripe`, `adyen`).
    ProcessorId, "processor", InvalidId
);
identifier!(
    /// A payment, refund, return, settlement row or stock movement, as the
    /// system that recorded it names it.
    RecordId, "record_id", InvalidId
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    /// The rule as written, character by character, with no fast path.
    fn by_chars(text: &str) -> std::result::Result<&str, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("must not be empty".into());
        }
        let len = t.chars().count();
        if len > MAX_ID_LEN {
            return Err(format!("is {len} characters, at most {MAX_ID_LEN} allowed"));
        }
        match t.chars().find(|c| c.is_control()) {
            Some(c) => Err(format!("contains the control character U+{:04X}", c as u32)),
            None => Ok(t),
        }
    }

    proptest! {
        /// The ASCII fast path says what the character rule says, for ASCII,
        /// C1 controls, long text and mixed text alike.
        #[test]
        fn ascii_ids_are_judged_as_characters_are(text in "[ -~\\x00-\\x1f\\x7f\\u{80}-\\u{9f}é€😀]{0,140}") {
            prop_assert_eq!(validate(&text), by_chars(&text));
        }
    }

    #[test]
    fn trims_and_keeps_the_canonical_text() {
        assert_eq!(Sku::new("  RED-SHIRT-M ").unwrap().as_str(), "RED-SHIRT-M");
        assert_eq!(LocationId::new("store-1").unwrap().to_string(), "store-1");
    }

    #[test]
    fn rejects_empty_long_and_control_characters() {
        for bad in ["", "   ", "A\u{0}B", "tab\there", &"x".repeat(129)] {
            assert_eq!(
                Sku::new(bad).unwrap_err().code(),
                ErrorCode::InvalidSku,
                "{bad:?}"
            );
            assert_eq!(
                OrderId::new(bad).unwrap_err().code(),
                ErrorCode::InvalidId,
                "{bad:?}"
            );
        }
        assert!(
            Sku::new(&"é".repeat(128)).is_ok(),
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn error_names_field_and_value() {
        let err = ChannelId::new("").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid identifier for channel_id: must not be empty (got \"\")"
        );
    }

    #[test]
    fn serde_validates() {
        assert_eq!(
            serde_json::to_string(&Sku::new("A").unwrap()).unwrap(),
            "\"A\""
        );
        assert!(serde_json::from_str::<Sku>("\"  \"").is_err());
        assert_eq!(
            serde_json::from_str::<Sku>("\" A \"").unwrap().as_str(),
            "A"
        );
    }
}
