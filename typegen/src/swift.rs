//! The Swift package's records, as the Rust source of the uniffi layer
//! (`bindings-swift/src/records.rs`): one uniffi record per table and one
//! enum per set of choices, so the structs a Swift app builds are core's
//! schemas, with nothing copied by hand. They cross as core's wire form
//! (snake_case keys, decimal text, RFC 3339) and are read by core's one
//! reader, as JSON records are from every language.

use crate::names::{camel, children_first, doc_lines, parent_of, record_fields};
use crate::wire::{self, Shapes};
use seamline::input::{Choices, Field, FieldKind, TableSchema};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write;

const HEADER: &str = "\
//! Generated from core's table schemas by `cargo run -p seamline-typegen`:
//! do not edit (the test command fails when this file drifts from core).
//!
//! The records the tie-out reads, as Swift structs: amounts are `Decimal`,
//! instants `Date`, each set of choices an enum. A record crosses with
//! core's field names and is read by core's schema reader, so a bad field
//! is named the same way from Swift as from any language.

use crate::DecimalText;
use std::time::SystemTime;
";

/// `gift_card` → `GiftCard`: a choice's Swift case (`giftCard`, by uniffi).
fn variant(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Rust doc comment lines, at `indent`.
fn doc(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        let _ = writeln!(out, "{}", format!("{indent}/// {line}").trim_end());
    }
}

/// A field's Rust type, before `Option`.
fn cell(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "String",
        FieldKind::Amount => "DecimalText",
        FieldKind::Integer => "i64",
        FieldKind::Instant => "SystemTime",
        FieldKind::Flag => "bool",
        FieldKind::Choice(choices) => choices.name,
    }
}

/// Every set of choices the records use, once each, in the order first used.
///
/// Panics (the generator's failure) when two different sets share a name.
fn choices(tables: &[&'static TableSchema]) -> Vec<&'static Choices> {
    let mut found: Vec<&'static Choices> = Vec::new();
    for field in tables.iter().flat_map(|t| t.fields) {
        if let FieldKind::Choice(c) = field.kind {
            match found.iter().find(|f| f.name == c.name) {
                Some(same) => assert!(
                    same.names == c.names,
                    "two sets of choices are named {}",
                    c.name
                ),
                None => found.push(c),
            }
        }
    }
    found
}

fn member(out: &mut String, field: &Field) {
    doc(out, "    ", &doc_lines(field, camel));
    let ty = cell(field.kind);
    if field.required {
        if field.kind == FieldKind::Instant {
            let _ = writeln!(
                out,
                "    #[serde(with = \"crate::instant::instant_serde\")]"
            );
        }
        let _ = writeln!(out, "    pub {}: {ty},", field.name);
    } else {
        assert!(
            field.kind != FieldKind::Instant,
            "an optional instant ({}) needs a serializer for Option<SystemTime>",
            field.name
        );
        let _ = writeln!(out, "    #[uniffi(default = None)]");
        let _ = writeln!(
            out,
            "    #[serde(skip_serializing_if = \"Option::is_none\")]"
        );
        let _ = writeln!(out, "    pub {}: Option<{ty}>,", field.name);
    }
}

/// The module: the enums, then the records, children before their parent.
pub fn file(tables: &[&'static TableSchema]) -> String {
    let mut out = String::from(HEADER);
    for set in choices(tables) {
        out.push('\n');
        doc(&mut out, "", &[set.doc.to_string()]);
        out.push_str(
            "#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]\n",
        );
        let _ = writeln!(out, "pub enum {} {{", set.name);
        for name in set.names {
            let _ = writeln!(out, "    #[serde(rename = \"{name}\")]");
            let _ = writeln!(out, "    {},", variant(name));
        }
        out.push_str("}\n");
    }
    for table in children_first(tables) {
        out.push('\n');
        doc(&mut out, "", &[table.doc.to_string()]);
        out.push_str(
            "#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]\n",
        );
        let _ = writeln!(out, "pub struct {} {{", table.record);
        for field in record_fields(table, parent_of(table, tables)) {
            member(&mut out, field);
        }
        for child in table.children {
            let _ = writeln!(out, "    #[uniffi(default = [])]");
            let _ = writeln!(out, "    #[serde(default)]");
            let _ = writeln!(out, "    pub {}: Vec<{}>,", child.name, child.record);
        }
        out.push_str("}\n");
    }
    out
}

const WIRE_HEADER: &str = "\
//! Generated from core's types by `cargo run -p seamline-typegen`: do not
//! edit (the test command fails when this file drifts from core).
//!
//! What Seamline hands out and the settings it reads, as Swift structs and
//! enums: amounts are `Decimal`, instants `Date`, each set of names an enum
//! whose description (`\"\\(reason)\"`) is its stable wire name. A value
//! crosses as core's own serialized form, so its fields are core's, with
//! nothing copied by hand.

#![allow(clippy::enum_variant_names)]

use crate::records::*;
use crate::{DecimalText, Money, SeamlineError};
use std::collections::HashMap;
use std::time::SystemTime;
";

/// The types the Swift package takes from the results' schema: these and
/// every type they use.
pub const WIRE_ROOTS: &[&str] = &[
    "Exception",
    "Pending",
    "Match",
    "CurrencySummary",
    "RowCounts",
    "QueueItem",
    "Resolution",
    "Arrival",
    "FieldRule",
    "SourcingPlan",
    "SourcingLine",
    "SourcingNode",
    "SourcingDestination",
    "StockLevel",
    "Publication",
    "HistoryLine",
    "ReservationState",
    "CartReservation",
    "CartLineOutcome",
    "LocationInfo",
    "ChannelPublication",
    "ApplyReport",
    "AdjustReason",
    "OrderStatus",
    "Fulfilment",
    "Disposition",
    "ShippingRefund",
    "PriceEntry",
    "Promotion",
    "PriceQuote",
    "SyncObservation",
    "SyncIssue",
    "ReconConfig",
    "CustomerRecord",
    "IdentifierInput",
    "HashConvention",
    "Correction",
    "CorrectionEffect",
    "RecordMove",
    "BalanceChange",
    "UnclaimedPoints",
    "Merge",
    "ReviewItem",
    "PointsEvent",
    "PointsKind",
    "Compare",
    "Evidence",
    "LinkPolicy",
    "Scoring",
    "StockEvent",
    "OrderEvent",
    "Transition",
    "BatchReport",
    "FileRead",
    "DuplicateRow",
    "UnknownRow",
    "RejectedRow",
    "SkippedRow",
    "ReportOptions",
    "Processor",
    "RecordIssue",
    "MismatchRules",
    "ObservedPrice",
    "PriceMismatch",
    "PriceCorrection",
    "RoundingMode",
    "MappingRow",
    "ImportReport",
    "TranslatedColumns",
    "UnmappedEntry",
    "ChannelConfig",
    "BufferPolicy",
    "GtinRange",
    "Suggestion",
];

/// Core types a Swift app already holds as a type of the package: a row's
/// error is the `SeamlineError` a call throws (its `code` and `message`),
/// read from core's wire form by that type's own serde impl.
const HELD: &[(&str, &str)] = &[("ErrorDetail", "SeamlineError")];

/// A type's Swift name: core's `Exception` reads as `ReconException`
/// beside Swift's own errors, as in Python; `RoundingMode` as `Rounding`.
fn swift_name(name: &str) -> &str {
    if let Some((_, held)) = HELD.iter().find(|(core, _)| *core == name) {
        return held;
    }
    match name {
        "Exception" => "ReconException",
        // The name the Swift package has always given it.
        "RoundingMode" => "Rounding",
        other => other,
    }
}

/// `MISSING_SETTLEMENT` or `order_sku` → `MissingSettlement`, `OrderSku`.
fn constant_case(name: &str) -> String {
    variant(&name.to_ascii_lowercase())
}

/// A leaf's Rust type and whether it is an instant, or the generator's
/// failure naming what Swift cannot hold.
fn wire_leaf(schema: &Value, at: &str) -> (String, bool) {
    if let Some(name) = wire::ref_name(schema) {
        return (swift_name(name).to_string(), false);
    }
    let (types, _) = wire::types(schema);
    let format = schema.get("format").and_then(Value::as_str);
    match (types.as_slice(), format) {
        (["string"], Some("decimal" | "decimal-text")) => ("DecimalText".into(), false),
        (["string"], Some("date-time")) => ("SystemTime".into(), true),
        (["string"], _) => ("String".into(), false),
        (["integer"], Some("uint32")) => ("u32".into(), false),
        (["integer"], Some("uint64" | "uint")) => ("u64".into(), false),
        (["integer"], _) => ("i64".into(), false),
        (["boolean"], _) => ("bool".into(), false),
        // A probability or a rate: core's money is never a number (decimal text).
        (["number"], Some("double")) => ("f64".into(), false),
        (["array"], _) => {
            let (item, instant) = wire_leaf(&schema["items"], at);
            assert!(!instant, "{at}: a list of instants has no serde form here");
            (format!("Vec<{item}>"), false)
        }
        (["object"], _)
            if schema
                .get("additionalProperties")
                .is_some_and(Value::is_object) =>
        {
            let (value, instant) = wire_leaf(&schema["additionalProperties"], at);
            assert!(!instant, "{at}: a map of instants has no serde form here");
            (format!("HashMap<String, {value}>"), false)
        }
        _ => panic!("{at}: {schema} has no Swift type in the generator"),
    }
}

/// Where a member is declared: a record's field, or a field of an enum's
/// variant (no `pub`).
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Record,
    Variant,
}

/// A field's member: its doc, serde attributes and type.
fn wire_member(
    out: &mut String,
    owner: &str,
    key: &str,
    schema: &Value,
    required: bool,
    place: Place,
) {
    let at = format!("{owner}.{key}");
    let (indent, vis) = match place {
        Place::Record => ("    ", "pub "),
        Place::Variant => ("        ", ""),
    };
    // `Option<T>` is `anyOf: [T, null]` for a type, `type: [t, "null"]` for a leaf.
    let (inner, nullable) = match wire::union(schema) {
        Some(members) => {
            let some: Vec<&Value> = members
                .iter()
                .filter(|m| m.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            assert!(some.len() == 1, "{at}: a union field has no Swift type");
            (some[0].clone(), some.len() < members.len())
        }
        None => (schema.clone(), wire::types(schema).1),
    };
    // A field core fills with its type's default when absent (`false`, an
    // empty list or map) is that type, defaulted, rather than an `Option`.
    let empty = |v: &Value| match v {
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    let flag_default = !required && !nullable && schema.get("default").is_some_and(empty);
    let optional = (nullable || !required) && !flag_default;
    let (ty, instant) = wire_leaf(&inner, &at);
    doc(out, indent, &wire::description(schema));
    if instant {
        let with = if optional {
            "optional_instant_serde"
        } else {
            "instant_serde"
        };
        let _ = writeln!(out, "{indent}#[serde(with = \"crate::instant::{with}\")]");
    }
    if flag_default {
        let _ = writeln!(out, "{indent}#[uniffi(default)]");
        let _ = writeln!(out, "{indent}#[serde(default)]");
        let _ = writeln!(out, "{indent}{vis}{key}: {ty},");
    } else if optional {
        let _ = writeln!(out, "{indent}#[uniffi(default = None)]");
        // Absent, not null, when a Swift app gives it back: core then
        // applies its own default (a window of 3 days), as for any language.
        let _ = writeln!(
            out,
            "{indent}#[serde(default, skip_serializing_if = \"Option::is_none\")]"
        );
        let _ = writeln!(out, "{indent}{vis}{key}: Option<{ty}>,");
    } else {
        let _ = writeln!(out, "{indent}{vis}{key}: {ty},");
    }
}

/// The key that tags every member of a union of objects (`type`, `code`):
/// the property each member holds as a constant.
fn union_tag(members: &[Value]) -> Option<String> {
    let first = wire::properties(members.first()?);
    first.into_iter().map(|(k, _, _)| k.clone()).find(|key| {
        members.iter().all(|m| {
            m.get("properties")
                .and_then(|p| p.get(key))
                .and_then(|p| p.get("const"))
                .is_some()
        })
    })
}

/// A union of objects tagged by one key, as a uniffi enum with fields that
/// serde reads by the same tag.
fn tagged_enum(out: &mut String, name: &str, members: &[Value]) {
    let tag = union_tag(members)
        .unwrap_or_else(|| panic!("{name}: a union without a tag has no Swift type"));
    out.push_str("#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]\n");
    let _ = writeln!(out, "#[serde(tag = \"{tag}\")]");
    let _ = writeln!(out, "pub enum {name} {{");
    for m in members {
        let value = m["properties"][tag.as_str()]["const"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: a tag that is not text"));
        doc(out, "    ", &wire::description(m));
        let _ = writeln!(out, "    #[serde(rename = \"{value}\")]");
        let fields: Vec<_> = wire::properties(m)
            .into_iter()
            .filter(|(k, _, _)| **k != tag)
            .collect();
        if fields.is_empty() {
            let _ = writeln!(out, "    {},", constant_case(value));
            continue;
        }
        let _ = writeln!(out, "    {} {{", constant_case(value));
        for (key, schema, required) in fields {
            wire_member(out, name, key, schema, required, Place::Variant);
        }
        out.push_str("    },\n");
    }
    out.push_str("}\n");
}

/// The types of the results the Swift package hands out ([`WIRE_ROOTS`] and
/// what they use), as uniffi records and enums that serde reads from core's
/// serialized values (and writes back, for those a caller gives again).
pub fn wire_file(shapes: &Shapes) -> String {
    let mut wanted = BTreeSet::new();
    let mut stack: Vec<String> = WIRE_ROOTS.iter().map(|r| r.to_string()).collect();
    while let Some(name) = stack.pop() {
        let held = HELD.iter().any(|(core, _)| *core == name);
        if held || !wanted.insert(name.clone()) {
            continue;
        }
        if let Some(def) = shapes.defs.iter().find(|d| d.name == name) {
            let mut used = Vec::new();
            wire::refs(&def.schema, &mut used);
            stack.extend(used);
        }
    }
    // The records' sets of choices are declared with the records (the
    // same names, checked by `wire`'s tests): not twice.
    let tables = seamline::reconciliation::TABLES.to_vec();
    let declared: BTreeSet<&str> = choices(&tables).iter().map(|c| c.name).collect();
    let mut out = String::from(WIRE_HEADER);
    for def in shapes
        .defs
        .iter()
        .filter(|d| wanted.contains(&d.name) && !declared.contains(d.name.as_str()))
    {
        let name = swift_name(&def.name);
        out.push('\n');
        doc(&mut out, "", &wire::description(&def.schema));
        let props = wire::properties(&def.schema);
        if !props.is_empty() {
            out.push_str(
                "#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]\n",
            );
            let _ = writeln!(out, "pub struct {name} {{");
            for (key, schema, required) in props {
                wire_member(&mut out, name, key, schema, required, Place::Record);
            }
            // A tagged union flattened beside the common fields (a stock
            // event's kind): Swift holds it nested as `kind`, the wire flat.
            let variants = wire::union(&def.schema);
            if variants.is_some() {
                out.push_str(
                    "    /// What happened, with its own fields.\n    #[serde(flatten)]\n",
                );
                let _ = writeln!(out, "    pub kind: {name}Kind,");
            }
            out.push_str("}\n");
            if let Some(members) = variants {
                out.push('\n');
                let _ = writeln!(
                    out,
                    "/// The kinds of {name}, by the tag the wire form carries."
                );
                tagged_enum(&mut out, &format!("{name}Kind"), members);
            }
        } else if let Some(names) = wire::literals(&def.schema) {
            out.push_str(
                // As rustfmt writes it: the generated file is formatted like any other.
                "#[derive(\n    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,\n)]\n#[uniffi::export(Display)]\n",
            );
            let _ = writeln!(out, "pub enum {name} {{");
            for n in &names {
                let _ = writeln!(out, "    #[serde(rename = \"{n}\")]");
                let _ = writeln!(out, "    {},", constant_case(n));
            }
            out.push_str("}\n");
            // Swift's description of a case is its wire name.
            let _ = write!(
                out,
                "\nimpl std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(match self {{\n"
            );
            for n in &names {
                let _ = writeln!(out, "            {name}::{} => \"{n}\",", constant_case(n));
            }
            out.push_str("        })\n    }\n}\n");
        } else if let Some(members) = wire::union(&def.schema) {
            tagged_enum(&mut out, name, members);
        } else {
            panic!("{name}: {} has no Swift type in the generator", def.schema);
        }
    }
    out
}

/// The Swift error's cases, one per stable code in core's order, as the
/// invocation of the uniffi layer's `seamline_error!` (included by
/// `bindings-swift/src/error.rs`, whose match on each code is exhaustive).
pub fn error_codes() -> String {
    let mut out = String::from(
        "\
// Generated from core's error codes by `cargo run -p seamline-typegen`: do
// not edit (the test command fails when this file drifts from core). Included
// by error.rs: one `SeamlineError` case per stable code.

seamline_error!(
",
    );
    for code in seamline::ErrorCode::ALL {
        let _ = writeln!(out, "    {code:?},");
    }
    out.push_str(");\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIRST: Choices = Choices {
        name: "Tender",
        doc: "",
        names: &["card", "cash"],
    };
    static SECOND: Choices = Choices {
        name: "Tender",
        doc: "",
        names: &["card", "voucher"],
    };
    static TILL: TableSchema = TableSchema {
        name: "till",
        record: "Till",
        doc: "",
        fields: &[Field::required("tender", FieldKind::Choice(&FIRST))],
        children: &[],
    };
    static WEB: TableSchema = TableSchema {
        name: "web",
        record: "Web",
        doc: "",
        fields: &[Field::required("tender", FieldKind::Choice(&SECOND))],
        children: &[],
    };

    /// One Swift enum per name: two different sets under one name would
    /// make one of them a lie, so the generator stops.
    #[test]
    #[should_panic(expected = "two sets of choices are named Tender")]
    fn two_sets_under_one_name_stop_the_generator() {
        choices(&[&TILL, &WEB]);
    }

    #[test]
    fn every_error_code_is_a_case() {
        let text = error_codes();
        for code in seamline::ErrorCode::ALL {
            assert!(text.contains(&format!("    {code:?},\n")), "{code:?}");
        }
        assert!(text.contains("    InvalidArgument,\n"));
    }

    #[test]
    fn a_choice_is_a_case_named_from_its_snake_case() {
        assert_eq!(variant("gift_card"), "GiftCard");
        assert_eq!(variant("chargeback_reversal"), "ChargebackReversal");
        assert_eq!(variant("fee"), "Fee");
    }

    #[test]
    fn each_set_of_choices_is_declared_once() {
        let tables = seamline::reconciliation::TABLES.to_vec();
        let names: Vec<&str> = choices(&tables).iter().map(|c| c.name).collect();
        // Payments and refunds share the tender's set.
        assert_eq!(
            names,
            [
                "ReconOrderStatus",
                "PaymentMethod",
                "SettlementKind",
                "MovementKind"
            ]
        );
        let text = file(&tables);
        assert_eq!(text.matches("pub enum PaymentMethod").count(), 1);
        assert!(text.contains("    pub payments: Vec<Payment>,"));
        // A payment nested in its order does not name the order again.
        let payment = &text[text.find("pub struct Payment ").unwrap()..];
        let payment = &payment[..payment.find('}').unwrap()];
        assert!(!payment.contains("order_id"));
    }

    #[test]
    fn the_results_are_generated_with_enums_named_by_their_wire_names() {
        let tables = seamline::reconciliation::TABLES.to_vec();
        let shapes = Shapes::new(&wire::documents(), &tables);
        let text = wire_file(&shapes);
        // Core's `Exception` is Swift's `ReconException`; every root is declared once.
        assert_eq!(text.matches("pub struct ReconException {").count(), 1);
        for root in [
            "Pending",
            "Match",
            "CurrencySummary",
            "RowCounts",
            "QueueItem",
        ] {
            assert_eq!(
                text.matches(&format!("pub struct {root} {{")).count(),
                1,
                "{root}"
            );
        }
        assert!(text.contains("    pub reason: ReasonCode,\n"));
        assert!(
            text.contains("    #[serde(rename = \"MISSING_SETTLEMENT\")]\n    MissingSettlement,")
        );
        assert!(text.contains("ReasonCode::MissingSettlement => \"MISSING_SETTLEMENT\","));
        assert!(text.contains("RowKind::OrderSku => \"order_sku\","));
        // An instant crosses as core's text; an absent value is an `Option`.
        assert!(text.contains(
            "    #[serde(with = \"crate::instant::instant_serde\")]\n    pub since: SystemTime,"
        ));
        assert!(text.contains("    pub evidence: Option<ReconOrder>,"));
        // Absent when given back, so core applies its own default.
        assert!(text.contains(
            "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub settlement_window_days: Option<u32>,"
        ));
        // Types no Swift call uses are left out.
        assert!(!text.contains("pub struct MismatchReport"));
        assert!(!text.contains("pub struct CustomerResolution"));
        // A row's error is the package's own `SeamlineError`, not a copy of core's.
        assert!(text.contains("    pub error: SeamlineError,\n"));
        assert!(!text.contains("ErrorDetail"));
        // Core's `RoundingMode` under the package's name.
        assert!(text.contains("pub enum Rounding {"));
    }

    #[test]
    fn constants_and_snake_case_names_become_swift_cases() {
        assert_eq!(constant_case("MISSING_SETTLEMENT"), "MissingSettlement");
        assert_eq!(constant_case("order_sku"), "OrderSku");
        assert_eq!(constant_case("new"), "New");
    }

    #[test]
    #[should_panic(expected = "has no Swift type in the generator")]
    fn a_number_of_no_stated_width_stops_the_generator() {
        wire_leaf(&serde_json::json!({"type": "number"}), "X.rate");
    }

    #[test]
    fn a_tagged_union_is_an_enum_with_fields_read_by_its_tag() {
        let members = vec![
            serde_json::json!({"type": "object", "properties": {"type": {"const": "ship"}}}),
            serde_json::json!({"type": "object", "properties": {
                "type": {"const": "pickup"},
                "store": {"type": "string"},
                "allow_transfers": {"type": "boolean", "default": false}
            }, "required": ["type", "store"]}),
        ];
        let mut out = String::new();
        tagged_enum(&mut out, "Destination", &members);
        assert!(out.contains("#[serde(tag = \"type\")]\npub enum Destination {"));
        assert!(out.contains("    #[serde(rename = \"ship\")]\n    Ship,\n"));
        assert!(out.contains("        store: String,\n"));
        // Absent means false: a defaulted flag, not an `Option`.
        assert!(out.contains("        #[serde(default)]\n        allow_transfers: bool,\n"));
    }

    #[test]
    #[should_panic(expected = "a union without a tag")]
    fn a_union_without_a_tag_stops_the_generator() {
        let members = vec![
            serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            serde_json::json!({"type": "object", "properties": {"b": {"type": "string"}}}),
        ];
        tagged_enum(&mut String::new(), "Either", &members);
    }
}
