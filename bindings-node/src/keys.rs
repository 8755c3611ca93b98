//! JS records use camelCase keys; core's wire form uses snake_case. One
//! mechanical rename each way, so every record shape stays defined in core.

use serde_json::{Map, Value};

fn rename(value: Value, key: fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    // A map keyed by data (reason codes, SKUs) keeps its keys.
                    let v = if seamline::input::DATA_MAP_FIELDS.contains(&to_snake(&k).as_str()) {
                        v
                    } else {
                        rename(v, key)
                    };
                    (key(&k), v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| rename(v, key)).collect()),
        other => other,
    }
}

fn to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames only an object's own keys: for records that hold maps keyed by
/// data (SKUs), whose keys must stay as they are.
pub fn from_js_shallow(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (to_snake(&k), v)).collect())
        }
        other => other,
    }
}

/// `{ eventId, occurredAt }` → `{ event_id, occurred_at }`, recursively.
pub fn from_js(value: Value) -> Value {
    rename(value, to_snake)
}

/// Every object key of JSON text renamed by `key`, as it is copied: no
/// value tree is built. A key is a string followed by `:` (serde and
/// `JSON.stringify` write no whitespace); a key holding an escape (rare) is
/// decoded, renamed and written again.
fn rename_text(json: &str, key: fn(&str) -> String) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let mut copied = 0; // json[..copied] is in `out`
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // A string: find its closing quote, stepping over escapes.
        let mut end = i + 1;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        if end >= bytes.len() {
            break; // unterminated: left for the parser to refuse
        }
        if bytes.get(end + 1) == Some(&b':') {
            out.push_str(&json[copied..i]);
            let inner = &json[i + 1..end];
            if inner.contains('\\') {
                let decoded: String = serde_json::from_str(&json[i..=end]).unwrap_or_default();
                out.push_str(&Value::String(key(&decoded)).to_string());
            } else {
                out.push('"');
                out.push_str(&key(inner));
                out.push('"');
            }
            copied = end + 1;
        }
        i = end + 1;
    }
    out.push_str(&json[copied..]);
    out
}

/// [`from_js`] on JSON text, before it is parsed, so a batch builds one
/// value tree, not two.
pub fn from_js_text(json: &str) -> String {
    rename_text(json, to_snake)
}

/// [`out`] as JSON text, with no value tree on the way.
pub fn out_text<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(rename_text(
        &serde_json::to_string(value)?,
        seamline::input::camel_name,
    ))
}

/// `{ event_id, on_hand_after }` → `{ eventId, onHandAfter }`, recursively.
pub fn to_js(value: Value) -> Value {
    rename(value, seamline::input::camel_name)
}

/// A core value in JS form: serialized, then keys to camelCase.
pub fn out<T: serde::Serialize>(value: &T) -> Value {
    to_js(serde_json::to_value(value).unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_the_text_equals_renaming_the_tree() {
        let json = r#"[{"orderId":"O\"1:","k\u00C9y":1,"lines":[{"lineId":"a","unitPrice":"9.99"}],"note":"keepMe","x\"Y":{"deepKey":null}},{"aB":1}]"#;
        let by_text: Value = serde_json::from_str(&from_js_text(json)).unwrap();
        let by_tree = from_js(serde_json::from_str(json).unwrap());
        assert_eq!(by_text, by_tree);
        assert_eq!(by_text[0]["order_id"], "O\"1:");
        assert_eq!(by_text[0]["note"], "keepMe", "values stay as written");
        let back: Value = serde_json::from_str(&out_text(&by_tree).unwrap()).unwrap();
        assert_eq!(back, out(&by_tree));
    }
}
