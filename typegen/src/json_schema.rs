//! The JSON Schema of what the Node package returns and reads, with its
//! camelCase keys: for a caller's own run-time checks (ajv, zod), and for
//! the package's tests, which check real results against it.

use crate::wire::{is_data_map, Way};
use serde_json::{Map, Value};

/// `schema` with every field name camelCased as the Node package spells it
/// (`properties` keys and `required` entries); map keys are data, not names.
fn camel_fields(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                let value = match key.as_str() {
                    "properties" => Value::Object(
                        value
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(name, field)| {
                                let field = if is_data_map(name) {
                                    field.clone()
                                } else {
                                    camel_fields(field)
                                };
                                (seamline::input::camel_name(name), field)
                            })
                            .collect(),
                    ),
                    "required" => Value::Array(
                        value
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .map(|n| Value::String(seamline::input::camel_name(n)))
                            .collect(),
                    ),
                    // Names of types and values, not of fields.
                    "$defs" | "const" | "enum" | "default" => value.clone(),
                    _ => camel_fields(value),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(camel_fields).collect()),
        other => other.clone(),
    }
}

/// One document: every type of `documents` under `$defs` (a type in both
/// is the one read, as the declarations take it), field names camelCased.
pub fn file(documents: &[(Value, Way)]) -> String {
    let mut defs = Map::new();
    for (document, way) in documents {
        for (name, schema) in document["$defs"].as_object().into_iter().flatten() {
            if *way == Way::In || !defs.contains_key(name) {
                defs.insert(name.clone(), camel_fields(schema));
            }
        }
    }
    let doc = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from core's types by `cargo run -p seamline-typegen`: do not edit.",
        "title": "Seamline results and settings, as the Node package returns and reads them",
        "$defs": defs,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_are_camel_cased_and_data_and_values_are_not() {
        let schema = json!({
            "type": "object",
            "properties": {
                "amount_at_risk": {"type": "string"},
                "by_reason": {"type": "object", "properties": {"MISSING_SETTLEMENT": {"type": "integer"}}},
                "kind": {"const": "order_sku", "default": "order_sku"}
            },
            "required": ["amount_at_risk", "by_reason"]
        });
        let camel = camel_fields(&schema);
        let props = camel["properties"].as_object().unwrap();
        assert!(props.contains_key("amountAtRisk") && props.contains_key("byReason"));
        assert!(camel["properties"]["byReason"]["properties"]["MISSING_SETTLEMENT"].is_object());
        assert_eq!(camel["properties"]["kind"]["const"], "order_sku");
        assert_eq!(camel["required"], json!(["amountAtRisk", "byReason"]));
    }
}
