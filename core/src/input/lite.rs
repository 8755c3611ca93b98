//! A JSON tree borrowed from its text: strings without escapes point into
//! the text, objects are lists of pairs. Reading a million records through
//! serde_json's owned `Value` spends most of its time allocating; this
//! spends little, and reads by the same rules ([`Json`]).

use super::json::Json;
use super::Cell;
use crate::error::Error;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

/// A JSON value borrowed from its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Lite<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer literal that fits in 64 bits, signed.
    Int(i64),
    /// An integer literal past `i64::MAX` that fits in 64 bits, unsigned.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// Text, borrowed when it has no escapes.
    Str(Cow<'a, str>),
    /// An array.
    Array(Vec<Lite<'a>>),
    /// An object, its pairs in order.
    Object(Vec<(Cow<'a, str>, Lite<'a>)>),
}

impl<'a> Lite<'a> {
    /// Parses JSON text (nesting is bounded by serde_json's limit of 128);
    /// `field` names it in an error.
    pub fn parse(text: &'a str, field: &dyn Fn() -> String) -> Result<Lite<'a>, Error> {
        serde_json::from_str(text).map_err(|e| {
            let reason = if e.to_string().contains("escape") {
                "holds text that is not valid Unicode (a lone surrogate)".to_string()
            } else {
                super::serde_reason(&e.to_string())
            };
            Error::invalid_argument(field(), "(text)", reason)
        })
    }

    /// An error naming the first integer whose magnitude is past `limit`,
    /// for a producer whose numbers are binary doubles (JavaScript: 2^53 − 1),
    /// where such an integer was already rounded before it was written.
    pub fn check_integers(&self, limit: u64, path: &dyn Fn() -> String) -> Result<(), Error> {
        // The common case, every number in range, walks without naming anything.
        if !self.has_integer_past(limit) {
            return Ok(());
        }
        self.name_integer_past(limit, &mut path())
    }

    fn has_integer_past(&self, limit: u64) -> bool {
        match self {
            Lite::Int(i) => i.unsigned_abs() > limit,
            Lite::UInt(u) => *u > limit,
            Lite::Array(items) => items.iter().any(|v| v.has_integer_past(limit)),
            Lite::Object(pairs) => pairs.iter().any(|(_, v)| v.has_integer_past(limit)),
            _ => false,
        }
    }

    fn name_integer_past(&self, limit: u64, path: &mut String) -> Result<(), Error> {
        let past = match self {
            Lite::Int(i) => i.unsigned_abs() > limit,
            Lite::UInt(u) => *u > limit,
            Lite::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    item.name_integer_past(limit, path)?;
                    path.truncate(len);
                }
                false
            }
            Lite::Object(pairs) => {
                for (k, item) in pairs {
                    let len = path.len();
                    path.push('.');
                    path.push_str(&super::shown(k, false));
                    item.name_integer_past(limit, path)?;
                    path.truncate(len);
                }
                false
            }
            _ => false,
        };
        if past {
            return Err(Error::invalid_argument(
                path.clone(),
                "(integer)",
                format!("is past the integers a double holds exactly ({limit}) and was rounded: pass it as text"),
            ));
        }
        Ok(())
    }
}

impl Json for Lite<'_> {
    fn entries(&self) -> Option<Box<dyn Iterator<Item = (&str, &Self)> + '_>> {
        match self {
            Lite::Object(pairs) => Some(Box::new(pairs.iter().map(|(k, v)| (k.as_ref(), v)))),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Self]> {
        match self {
            Lite::Array(items) => Some(items),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Lite::Null)
    }

    fn cell(&self) -> Cell<'_> {
        match self {
            Lite::Null => Cell::Missing,
            Lite::Bool(b) => Cell::Bool(*b),
            Lite::Int(i) => Cell::Int(*i),
            Lite::UInt(u) => Cell::Decimal(crate::Decimal::from(*u)),
            Lite::Float(f) => Cell::Float(*f),
            Lite::Str(s) => Cell::Text(s),
            Lite::Array(_) => Cell::Other("a list"),
            Lite::Object(_) => Cell::Other("an object"),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Lite::Null => "null",
            Lite::Bool(_) => "a bool",
            Lite::Int(_) | Lite::UInt(_) => "an integer",
            Lite::Float(_) => "a float",
            Lite::Str(_) => "text",
            Lite::Array(_) => "a list",
            Lite::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Lite<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LiteVisitor)
    }
}

struct LiteVisitor;

impl<'de> Visitor<'de> for LiteVisitor {
    type Value = Lite<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Lite<'de>, E> {
        Ok(Lite::Null)
    }

    fn visit_none<E>(self) -> Result<Lite<'de>, E> {
        Ok(Lite::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Lite<'de>, E> {
        Ok(Lite::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Lite<'de>, E> {
        Ok(Lite::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Lite<'de>, E> {
        Ok(i64::try_from(n).map_or(Lite::UInt(n), Lite::Int))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Lite<'de>, E> {
        Ok(Lite::Float(n))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Lite<'de>, E> {
        Ok(Lite::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Lite<'de>, E> {
        Ok(Lite::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Lite<'de>, E> {
        Ok(Lite::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lite<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Lite::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Lite<'de>, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            pairs.push((key.0, map.next_value()?));
        }
        Ok(Lite::Object(pairs))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Lite::deserialize(d)? {
            Lite::Str(s) => Ok(Key(s)),
            _ => Err(serde::de::Error::custom("an object key that is not text")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_borrowed_tree_reads_as_a_value_does() {
        let text =
            r#"{"a":"x","b\u0041":"y\n","n":[1,-2,18446744073709551615,1.5,null,true],"o":{}}"#;
        let lite = Lite::parse(text, &|| "r".into()).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let cells = |v: &dyn Fn(&str) -> Option<String>| ["a", "bA"].map(v);
        assert_eq!(
            cells(&|k| lite.text_at(k).map(str::to_string)),
            cells(&|k| value.text_at(k).map(str::to_string))
        );
        let (Lite::Object(pairs), Some(map)) = (&lite, value.as_object()) else {
            panic!("objects")
        };
        let lite_n = pairs
            .iter()
            .find(|(k, _)| k == "n")
            .unwrap()
            .1
            .items()
            .unwrap();
        let value_n = map["n"].items().unwrap();
        for (l, v) in lite_n.iter().zip(value_n) {
            assert_eq!(l.cell(), v.cell());
            assert_eq!(l.type_name(), v.type_name());
        }
        assert!(matches!(
            pairs[0],
            (Cow::Borrowed("a"), Lite::Str(Cow::Borrowed("x")))
        ));
        let _ = json!(null);
    }

    #[test]
    fn integers_past_a_doubles_range_are_named() {
        let lite = Lite::parse(r#"{"a":[1,{"q":9007199254740993}]}"#, &|| "r".into()).unwrap();
        let e = lite
            .check_integers(9_007_199_254_740_991, &|| "orders[0]".into())
            .unwrap_err();
        assert!(e.to_string().contains("orders[0].a[1].q"), "{e}");
        assert!(Lite::parse(r#""\ud800""#, &|| "r".into())
            .unwrap_err()
            .to_string()
            .contains("lone surrogate"));
    }
}
