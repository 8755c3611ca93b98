//! JS records use camelCase keys; core's wire form uses snake_case. One
//! mechanical rename each way, so every record shape stays defined in core.

use serde_json::{Map, Value};

fn rename(value: Value, key: fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key(&k), rename(v, key)))
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

fn to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
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

/// `{ event_id, on_hand_after }` → `{ eventId, onHandAfter }`, recursively.
pub fn to_js(value: Value) -> Value {
    rename(value, to_camel)
}

/// A core value in JS form: serialized, then keys to camelCase.
pub fn out<T: serde::Serialize>(value: &T) -> Value {
    to_js(serde_json::to_value(value).unwrap_or(Value::Null))
}
