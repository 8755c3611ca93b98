//! Records read through their serde form (events, customer records,
//! configurations): a failure names the field path inside the record and
//! never quotes the value that failed, which may be personal data.

use super::{shown, MAX_MESSAGE};
use crate::error::Error;

/// Reads `value` as a `T`. An error is `INVALID_ARGUMENT` naming
/// `field` and the path inside the record (`event.order.lines[0].sku`);
/// its reason says what was expected and what kind of value was found,
/// never the value.
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    field: &str,
) -> Result<T, Error> {
    deserialize(value, field)
}

/// [`from_value`] from any serde data (a Python object, JSON text). A
/// value of the wrong type is `INVALID_TYPE`; any other shape error
/// (a missing field, an unknown name) `INVALID_ARGUMENT`.
pub fn deserialize<'de, T, D>(data: D, field: &str) -> Result<T, Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    read(data, field, true)
}

/// A call's named arguments (Python keywords) read as a `T`: a bad or
/// unknown one is named by its own name (`case_fold`), as the caller wrote
/// it; what concerns them all (a missing one) names `field`.
pub fn from_arguments<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    field: &str,
) -> Result<T, Error> {
    read(value, field, false)
}

fn read<'de, T, D>(data: D, field: &str, nested: bool) -> Result<T, Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(data).map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." {
            field.to_string()
        } else if !nested {
            path
        } else if path.starts_with('[') {
            format!("{field}{path}")
        } else {
            format!("{field}.{path}")
        };
        let field = shown(&field, false);
        let reason = serde_reason(&e.into_inner().to_string());
        match reason.strip_prefix("invalid type: ") {
            Some(rest) => {
                let (got, expected) = rest
                    .split_once(", expected ")
                    .unwrap_or((rest, "another type"));
                Error::invalid_type(field, expected, got)
            }
            None => Error::invalid_argument(field, "(record)", reason),
        }
    })
}

/// A serde message without the value it found: `invalid type: integer
/// `4155552671`, expected a string` becomes `invalid type: integer,
/// expected a string`. Names it quotes (an unknown field or variant) are
/// cut to a few characters; the whole stays under [`MAX_MESSAGE`].
pub fn serde_reason(message: &str) -> String {
    // serde_json appends where in the text it was; for a value it is noise.
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    let mut out = String::new();
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            out.push_str(prefix);
            // "integer `5`", "string \"x\"", "floating point `1.5`": the kind only.
            let kind: String = found
                .split(['`', '"'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            out.push_str(if kind.is_empty() { "a value" } else { &kind });
            if !expected.is_empty() {
                out.push_str(", expected ");
                out.push_str(expected);
            }
            return cut(out);
        }
    }
    // "unknown field `x`, expected ...", "unknown variant `x`, ...": the name, cut.
    let mut parts = message.split('`');
    out.push_str(parts.next().unwrap_or(""));
    for (i, part) in parts.enumerate() {
        out.push('`');
        if i % 2 == 0 {
            out.push_str(&shown(part, false).chars().take(32).collect::<String>());
        } else {
            out.push_str(part);
        }
    }
    cut(out)
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_MESSAGE / 2 {
        return text;
    }
    let mut out: String = text.chars().take(MAX_MESSAGE / 2).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Identifier {
        kind: String,
        value: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Customer {
        identifiers: Vec<Identifier>,
    }

    #[test]
    fn a_phone_of_the_wrong_type_is_named_by_path_and_never_shown() {
        let bad = json!({"identifiers": [{"kind": "email", "value": "a@b.c"},
                                          {"kind": "phone", "value": 4155552671_i64}]});
        let e = from_value::<Customer>(bad, "records[3]").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("records[3].identifiers[1].value"), "{text}");
        assert_eq!(e.code(), crate::ErrorCode::InvalidType);
        assert!(text.contains("expected a string, got integer"), "{text}");
        assert!(
            !text.contains("4155552671") && !text.contains("555"),
            "{text}"
        );
        let e = from_value::<Identifier>(json!({"kind": "phone", "value": "x".repeat(5000)}), "r")
            .map(|_| ())
            .and(
                from_value::<Identifier>(json!({"kind": 1, "value": "+14155552671"}), "r")
                    .map(|_| ()),
            )
            .unwrap_err();
        assert!(!e.to_string().contains("4155552671"));
        assert!(e.to_string().len() < MAX_MESSAGE);
    }

    #[test]
    fn messages_keep_what_was_expected_and_cut_names() {
        assert_eq!(
            serde_reason("invalid type: string \"+14155552671\", expected u64 at line 1 column 9"),
            "invalid type: string, expected u64"
        );
        let long = format!("unknown field `{}`, expected `kind`", "k".repeat(10_000));
        assert!(serde_reason(&long).len() < 200);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rules {
        channel: String,
        #[serde(default)]
        case_fold: bool,
    }

    #[test]
    fn an_argument_is_named_as_written_even_an_unknown_one() {
        let e = from_arguments::<Rules>(json!({"channel": "pos", "case_fold": "yes"}), "rules")
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidType);
        assert!(
            e.to_string().starts_with("invalid type for case_fold:"),
            "{e}"
        );
        let e = from_arguments::<Rules>(json!({"channel": "pos", "case_fol": true}), "rules")
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidArgument);
        // Named as written, with the names there are.
        assert!(e.to_string().starts_with("invalid case_fol:"), "{e}");
        assert!(e.to_string().contains("`case_fold`"), "{e}");
        let r: Rules = from_arguments(json!({"channel": "pos"}), "rules").unwrap();
        assert!(!r.case_fold);
    }
}
