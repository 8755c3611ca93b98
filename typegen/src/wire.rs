//! The types of what core hands out and of the settings it reads, from the
//! JSON Schema core derives beside serde (`seamline::wire_types`): one
//! declaration per type, written as TypeScript for the npm package and as
//! `TypedDict`s and `Literal`s for the Python package.
//!
//! A type the records already declare (an order in chargeback evidence, a
//! report's settlement lines) is taken from the records file rather than
//! written twice; [`Shapes::new`] checks that its fields are the record's.

use seamline::input::TableSchema;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Which way a type crosses the boundary, which decides how its leaves are
/// spelled: an instant is returned as text but may be given as a `Date`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Returned to the caller (serialized).
    Out,
    /// Given by the caller (read).
    In,
}

/// A named type of the schemas.
pub struct Def {
    /// The name core gives it.
    pub name: String,
    /// Its schema.
    pub schema: Value,
    /// Which way it crosses.
    pub way: Way,
}

/// Every type of the results and settings documents, in an order where
/// each is declared after the types it uses, and the record types it reuses.
pub struct Shapes {
    /// The types to declare.
    pub defs: Vec<Def>,
    /// Names the records file declares.
    pub records: BTreeSet<String>,
    /// Names each package declares itself, with the same fields (`Money`:
    /// an object in Node, a class in Python).
    pub external: BTreeSet<String>,
}

/// Types each package declares by hand because it gives them behaviour
/// (Python's `Money` class, Node's `Money` object with its functions).
pub const EXTERNAL: &[&str] = &["Money"];

/// The type a `$ref` names.
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

/// Every `$ref` name inside `schema`.
pub fn refs(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = ref_name(schema) {
                out.push(name.to_string());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The names a record of `table` holds (children included), as core spells them.
fn record_keys(table: &TableSchema, tables: &[&'static TableSchema]) -> BTreeSet<String> {
    let parent = crate::names::parent_of(table, tables);
    let mut keys: BTreeSet<String> = crate::names::record_fields(table, parent)
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    keys.extend(table.children.iter().map(|c| c.name.to_string()));
    keys
}

impl Shapes {
    /// The types of `documents` (each `{roots, $defs}` with its way);
    /// `tables` are the records already declared elsewhere.
    ///
    /// Panics (the generator's failure, naming the type) when a reused
    /// record's serialized fields are not the record's own.
    pub fn new(documents: &[(Value, Way)], tables: &[&'static TableSchema]) -> Shapes {
        let mut all: BTreeMap<String, Def> = BTreeMap::new();
        let mut roots = Vec::new();
        for (document, way) in documents {
            if let Some(Value::Object(defs)) = document.get("$defs") {
                for (name, schema) in defs {
                    // A type in both documents is declared as it is read: what
                    // a caller may give is the wider type.
                    if *way == Way::In || !all.contains_key(name) {
                        all.insert(
                            name.clone(),
                            Def {
                                name: name.clone(),
                                schema: schema.clone(),
                                way: *way,
                            },
                        );
                    }
                }
            }
            if let Some(Value::Object(r)) = document.get("roots") {
                roots.extend(r.values().filter_map(ref_name).map(str::to_string));
            }
        }
        let mut external = BTreeSet::new();
        for name in EXTERNAL {
            if all.remove(*name).is_some() {
                external.insert(name.to_string());
            }
        }
        let mut records = BTreeSet::new();
        for table in tables {
            let Some(def) = all.remove(table.record) else {
                continue;
            };
            let props: BTreeSet<String> = def
                .schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            let keys = record_keys(table, tables);
            assert!(
                props == keys,
                "{} is serialized with {props:?} but read as a record with {keys:?}",
                table.record
            );
            records.insert(table.record.to_string());
        }
        // Declared after what they use: a depth-first walk from each name.
        let mut ordered = Vec::new();
        let mut seen = BTreeSet::new();
        let names: Vec<String> = all.keys().cloned().collect();
        fn visit(
            name: &str,
            all: &mut BTreeMap<String, Def>,
            seen: &mut BTreeSet<String>,
            ordered: &mut Vec<Def>,
        ) {
            if !seen.insert(name.to_string()) {
                return;
            }
            let Some(def) = all.remove(name) else {
                return;
            };
            let mut used = Vec::new();
            refs(&def.schema, &mut used);
            for u in used {
                visit(&u, all, seen, ordered);
            }
            ordered.push(def);
        }
        for name in roots.iter().chain(names.iter()) {
            visit(name, &mut all, &mut seen, &mut ordered);
        }
        Shapes {
            defs: ordered,
            records,
            external,
        }
    }
}

/// What the declarations use from elsewhere, sorted: the package's own
/// types ([`EXTERNAL`]) and the records' types.
pub struct Imports {
    /// Types the package declares itself.
    pub external: Vec<String>,
    /// Types of the records file.
    pub records: Vec<String>,
}

impl Shapes {
    /// The names the declarations use that are declared elsewhere.
    pub fn imports(&self) -> Imports {
        let mut used = Vec::new();
        for def in &self.defs {
            refs(&def.schema, &mut used);
        }
        used.sort();
        used.dedup();
        let of = |names: &BTreeSet<String>| -> Vec<String> {
            used.iter()
                .filter(|n| names.contains(*n))
                .cloned()
                .collect()
        };
        Imports {
            external: of(&self.external),
            records: of(&self.records),
        }
    }
}

/// A schema's `type`, and whether `null` is among its types.
pub fn types(schema: &Value) -> (Vec<&str>, bool) {
    let list: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let null = list.contains(&"null");
    (list.into_iter().filter(|t| *t != "null").collect(), null)
}

/// The items of a fixed-length array (a Rust tuple or `[T; N]`), in order.
pub fn tuple(schema: &Value) -> Option<Vec<&Value>> {
    if let Some(Value::Array(items)) = schema.get("prefixItems") {
        return Some(items.iter().collect());
    }
    let n = schema.get("maxItems").and_then(Value::as_u64)?;
    (schema.get("minItems").and_then(Value::as_u64) == Some(n) && n <= 4)
        .then(|| (0..n).map(|_| &schema["items"]).collect())
}

/// The members of a union (`anyOf` or `oneOf`), if the schema is one.
pub fn union(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
}

/// The string constants of an enumeration: `enum`, or a union of `const`s.
pub fn literals(schema: &Value) -> Option<Vec<String>> {
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    if let Some(Value::String(c)) = schema.get("const") {
        return Some(vec![c.clone()]);
    }
    let members = union(schema)?;
    let mut out = Vec::new();
    for m in members {
        out.extend(literals(m)?);
    }
    Some(out)
}

/// A schema's description as lines (`*/` defused for a JSDoc comment),
/// rustdoc's intra-doc links reduced to their text: `[`X`]` and
/// `[text](Self::x)` point at Rust items a reader of TypeScript or Python
/// cannot follow.
pub fn description(schema: &Value) -> Vec<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(|d| {
            unlink(d)
                .lines()
                .map(|l| l.replace("*/", "*\\/").trim_end().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// `[`X`]` → `` `X` ``; `[text](target)` → `text`.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let tail = &after[close + 1..];
        let target_end = tail
            .strip_prefix('(')
            .and_then(|t| t.find(')'))
            .map(|end| end + 2);
        if let Some(end) = target_end {
            out.push_str(inner);
            rest = &tail[end..];
        } else if inner.len() > 1 && inner.starts_with('`') && inner.ends_with('`') {
            // `Type::member` names a Rust item; the member's name is what
            // the reader of another language finds.
            let name = inner.trim_matches('`');
            let name = name.rsplit("::").next().unwrap_or(name);
            out.push_str(&format!("`{name}`"));
            rest = tail;
        } else {
            // Brackets of the text itself (`payment_metadata[key]`).
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The properties of an object schema, with whether each is always present.
pub fn properties(schema: &Value) -> Vec<(&String, &Value, bool)> {
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props: &Map<String, Value>| {
            props
                .iter()
                .map(|(k, v)| (k, v, required.contains(k.as_str())))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the property named `name` is a map keyed by data (reason codes,
/// merchant accounts), whose keys no binding renames: core's list.
pub fn is_data_map(name: &str) -> bool {
    seamline::input::DATA_MAP_FIELDS.contains(&name)
}

/// The documents core derives, with the way each crosses.
pub fn documents() -> Vec<(Value, Way)> {
    vec![
        (seamline::wire_types::results(), Way::Out),
        (seamline::wire_types::settings(), Way::In),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rustdoc_links_read_as_their_text_and_other_brackets_stay() {
        assert_eq!(unlink("see [`Config::as_of`]."), "see `as_of`.");
        assert_eq!(unlink("see [`Exception`]."), "see `Exception`.");
        assert_eq!(unlink("the [window](Self::window) ends"), "the window ends");
        assert_eq!(
            unlink("`payment_metadata[key]` form"),
            "`payment_metadata[key]` form"
        );
        assert_eq!(unlink("an open [ bracket"), "an open [ bracket");
    }

    /// A set of choices a table reads and the enum core returns under the
    /// same name are one set: a variant added to one and not the other
    /// would let a record be read that its result cannot state.
    #[test]
    fn a_tables_choices_are_the_enum_of_the_same_name() {
        use seamline::input::FieldKind;
        let mut defs = Map::new();
        for (document, _) in documents() {
            if let Some(Value::Object(d)) = document.get("$defs") {
                defs.extend(d.clone());
            }
        }
        let mut tables = seamline::reconciliation::TABLES.to_vec();
        tables.push(&seamline::inventory::STOCK_EVENTS);
        let mut compared = 0;
        for field in tables.iter().flat_map(|t| t.fields) {
            let FieldKind::Choice(choices) = field.kind else {
                continue;
            };
            let Some(def) = defs.get(choices.name) else {
                continue;
            };
            let names: Vec<String> = choices.names.iter().map(|n| n.to_string()).collect();
            assert_eq!(literals(def), Some(names), "{}", choices.name);
            compared += 1;
        }
        // Tender (payments and refunds), order status, settlement kind, adjust reason.
        assert!(compared >= 5, "{compared}");
    }

    #[test]
    fn enumerations_are_read_in_either_form() {
        assert_eq!(
            literals(&json!({"enum": ["a", "b"]})),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        let one_of = json!({"oneOf": [{"const": "X"}, {"const": "Y", "description": "y"}]});
        assert_eq!(literals(&one_of), Some(vec!["X".into(), "Y".into()]));
        assert_eq!(
            literals(&json!({"anyOf": [{"const": "X"}, {"type": "null"}]})),
            None
        );
    }

    #[test]
    fn every_type_is_declared_after_the_types_it_uses() {
        let shapes = Shapes::new(&documents(), &seamline::reconciliation::TABLES);
        let mut declared = BTreeSet::new();
        for def in &shapes.defs {
            let mut used = Vec::new();
            refs(&def.schema, &mut used);
            for u in used {
                assert!(
                    declared.contains(&u)
                        || shapes.records.contains(&u)
                        || shapes.external.contains(&u)
                        || u == def.name,
                    "{} uses {u} before it is declared",
                    def.name
                );
            }
            declared.insert(def.name.clone());
        }
        // The order in chargeback evidence and a report's lines are the
        // records' own types, not second declarations.
        assert!(shapes.records.contains("ReconOrder") && shapes.records.contains("SettlementLine"));
        assert!(declared.contains("Exception") && declared.contains("ReconConfig"));
    }

    #[test]
    #[should_panic(expected = "is serialized with")]
    fn a_record_serialized_with_other_fields_than_it_is_read_with_fails() {
        let doc = json!({
            "roots": {},
            "$defs": {"Payment": {"type": "object", "properties": {"payment_id": {"type": "string"}}}}
        });
        Shapes::new(&[(doc, Way::Out)], &seamline::reconciliation::TABLES);
    }
}
