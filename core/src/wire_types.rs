//! The shapes of the values core hands out — results, reports, queue items —
//! and of the configuration it reads, as JSON Schema.
//!
//! Each type derives its schema beside its serde derive (schemars reads
//! serde's attributes), so a schema cannot say something other than what is
//! serialized. The bindings' TypeScript and Python types are generated from
//! [`results`] and [`settings`] (`cargo run -p seamline-typegen`); nothing is
//! copied by hand. The leaves serde writes by hand are declared here: an
//! amount is decimal text (`"format": "decimal"`, which the Python package
//! returns as `decimal.Decimal`), an instant RFC 3339 text, a currency its
//! ISO 4217 code.

use crate::currency::Currency;
use crate::instant::Instant;
use schemars::generate::{Contract, SchemaSettings};
pub use schemars::JsonSchema;
use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The schema of an exact amount as serde writes it (`crate::money::amount_text`):
/// decimal text, never a float.
pub struct Amount;

impl JsonSchema for Amount {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "decimal",
            "description": "An exact amount as decimal text (\"19.99\")."
        })
    }
}

/// The schema of a decimal that is no amount of money (a percentage, a
/// cost, a rate) as serde writes it (`rust_decimal::serde::str`): text,
/// read from text only.
pub struct DecimalText;

impl JsonSchema for DecimalText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DecimalText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "decimal-text" })
    }
}

impl JsonSchema for Instant {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
}

impl JsonSchema for Currency {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^[A-Z]{3}$" })
    }
}

/// A map keyed by values of `K` (a map keyed by data, whose keys no
/// binding renames), each holding a `V`.
pub(crate) fn keyed_by<K: JsonSchema, V: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": generator.subschema_for::<K>(),
        "additionalProperties": generator.subschema_for::<V>(),
    })
}

/// One document of schemas: `roots` names each top-level type (as the
/// bindings export it) and `$defs` holds every type they reach.
fn document(
    contract: Contract,
    add: impl FnOnce(&mut SchemaGenerator, &mut Map<String, Value>),
) -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = contract;
    let mut generator = settings.into_generator();
    let mut roots = Map::new();
    add(&mut generator, &mut roots);
    let defs = generator.take_definitions(true);
    serde_json::json!({ "roots": roots, "$defs": defs })
}

fn root<T: JsonSchema>(generator: &mut SchemaGenerator, roots: &mut Map<String, Value>) {
    let schema = generator.subschema_for::<T>();
    roots.insert(T::schema_name().into_owned(), schema.to_value());
}

/// The values core hands out, as serialized: the tie-out's exceptions,
/// pending rows, matches, summary, row counts, queue items and processor
/// reports; the ledger's, order book's, customer book's, catalog's and
/// resolver's reports and views.
pub fn results() -> Value {
    use crate::{catalog, customers, inventory, orders, reconciliation as recon};
    use crate::{sync_health, systems_of_record as sor};
    document(Contract::Serialize, |g, roots| {
        root::<recon::Exception>(g, roots);
        root::<recon::Pending>(g, roots);
        root::<recon::Match>(g, roots);
        root::<recon::CurrencySummary>(g, roots);
        root::<recon::RowCounts>(g, roots);
        root::<recon::QueueItem>(g, roots);
        root::<recon::ProcessorReport>(g, roots);
        root::<recon::RowAt>(g, roots);
        root::<inventory::ApplyReport>(g, roots);
        root::<inventory::BatchReport>(g, roots);
        root::<inventory::CartLineOutcome>(g, roots);
        root::<inventory::ChannelPublication>(g, roots);
        root::<inventory::StockLevel>(g, roots);
        root::<inventory::Publication>(g, roots);
        root::<inventory::HistoryLine>(g, roots);
        root::<inventory::ReservationState>(g, roots);
        root::<inventory::SourcingPlan>(g, roots);
        root::<orders::Transition>(g, roots);
        root::<orders::OrderBatchReport>(g, roots);
        root::<orders::OrderStatus>(g, roots);
        root::<customers::CorrectionEffect>(g, roots);
        root::<customers::Suggestions>(g, roots);
        root::<customers::UnclaimedPoints>(g, roots);
        root::<customers::Resolution>(g, roots);
        root::<catalog::ImportReport>(g, roots);
        root::<catalog::PriceQuote>(g, roots);
        root::<catalog::MismatchReport>(g, roots);
        root::<catalog::UnmappedEntry>(g, roots);
        root::<catalog::TranslatedColumns>(g, roots);
        root::<catalog::GtinRange>(g, roots);
        root::<sor::Resolution>(g, roots);
        root::<sor::Arrival>(g, roots);
        root::<sync_health::SyncIssue>(g, roots);
    })
}

/// What the caller configures or gives as a record read by serde, as read
/// (fields with a default are optional).
pub fn settings() -> Value {
    use crate::{catalog, customers, inventory, orders, reconciliation as recon};
    use crate::{sync_health, systems_of_record as sor};
    document(Contract::Deserialize, |g, roots| {
        root::<recon::Config>(g, roots);
        root::<recon::ReportOptions>(g, roots);
        root::<recon::Acceptance>(g, roots);
        // Read through the input layer (`inventory::STOCK_EVENTS`), which
        // takes the shape serde reads; declared as read so the events an
        // order transition returns can be applied as they are.
        root::<inventory::StockEvent>(g, roots);
        root::<inventory::CartReservation>(g, roots);
        root::<inventory::LocationInfo>(g, roots);
        root::<inventory::ChannelConfig>(g, roots);
        root::<inventory::SourcingLine>(g, roots);
        root::<inventory::Destination>(g, roots);
        root::<inventory::SourcingNode>(g, roots);
        root::<orders::OrderEvent>(g, roots);
        root::<orders::RefundPolicy>(g, roots);
        root::<customers::CustomerRecord>(g, roots);
        root::<customers::LinkPolicy>(g, roots);
        root::<customers::Correction>(g, roots);
        root::<customers::PointsEvent>(g, roots);
        root::<customers::Scoring>(g, roots);
        root::<catalog::MappingRow>(g, roots);
        root::<catalog::ChannelReference>(g, roots);
        root::<catalog::PriceEntry>(g, roots);
        root::<catalog::Promotion>(g, roots);
        root::<catalog::MismatchRules>(g, roots);
        root::<catalog::ObservedPrice>(g, roots);
        root::<sor::FieldUpdate>(g, roots);
        root::<sor::FieldRule>(g, roots);
        root::<sync_health::SyncObservation>(g, roots);
    })
}

/// How a column of a flat table holds a field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlatKind {
    /// Text (ids, names, enumerations).
    Text,
    /// A whole number.
    Integer,
    /// A binary float (a probability, a weight; never money).
    Float,
    /// True or false.
    Flag,
    /// An exact decimal written as text (amounts, costs, percentages).
    Decimal,
    /// An instant written as RFC 3339 text.
    Instant,
    /// A list of texts.
    TextList,
    /// Anything else (a map, a list of records, a tuple), as its JSON text.
    Json,
}

/// One column of a flat table: where its value is in a row's serialized
/// form, and its name (nested fields joined by `_`: `winner_system`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatField {
    /// Keys from the row's root to the value.
    pub path: Vec<String>,
    /// The column's name.
    pub name: String,
    /// How its values are held.
    pub kind: FlatKind,
}

/// The columns of a table of `T`s, from `T`'s schema as serialized: nested
/// records are flattened into their fields, the variants of a tagged enum
/// give the union of their fields (absent where a variant has none), lists
/// of texts stay lists, anything else deeper is one JSON text column. The
/// tables the bindings return as Arrow are built from these.
pub fn flat_fields<T: JsonSchema>() -> Vec<FlatField> {
    let doc = schema_of::<T>();
    let mut out = Vec::new();
    flatten(&doc["root"], &doc["$defs"], &mut Vec::new(), &mut out);
    out
}

/// The fields of a record of `T` that hold an instant, by their serialized
/// names: its own, and for a tagged enum every variant's. Where a language
/// has a date type of its own (JavaScript's `Date`), a binding reads these
/// fields' values as instants — which fields they are is `T`'s rule, not a
/// list in the binding.
pub fn instant_fields<T: JsonSchema>() -> Vec<String> {
    flat_fields::<T>()
        .into_iter()
        .filter(|f| f.kind == FlatKind::Instant && f.path.len() == 1)
        .map(|f| f.name)
        .collect()
}

/// `T`'s schema as serialized: `root` (a `$ref` for a named type) and the
/// `$defs` it reaches. What a binding reads to turn a value of `T` into its
/// language's objects (Python's `Decimal`s and `Money`s) without a field
/// list of its own.
pub fn schema_of<T: JsonSchema + ?Sized>() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = Contract::Serialize;
    let mut generator = settings.into_generator();
    let root = generator.subschema_for::<T>().to_value();
    let defs = generator.take_definitions(true);
    serde_json::json!({ "root": root, "$defs": defs })
}

/// `schema` with a `$ref` followed to its definition.
fn resolve<'a>(schema: &'a Value, defs: &'a Value) -> &'a Value {
    match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => resolve(&defs[name], defs),
        None => schema,
    }
}

/// The schema without `null` among its choices.
fn non_null<'a>(schema: &'a Value, defs: &'a Value) -> &'a Value {
    let schema = resolve(schema, defs);
    if let Some(Value::Array(members)) = schema.get("anyOf") {
        let rest: Vec<&Value> = members.iter().filter(|m| m["type"] != "null").collect();
        if let [one] = rest.as_slice() {
            return non_null(one, defs);
        }
    }
    schema
}

/// The type named by `schema`'s `type` that is not `null`.
fn type_of(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn leaf_kind(schema: &Value, defs: &Value) -> FlatKind {
    let schema = non_null(schema, defs);
    let text_like = |s: &Value| {
        let s = non_null(s, defs);
        type_of(s) == Some("string") || s.get("const").is_some() || s.get("enum").is_some()
    };
    match type_of(schema) {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("decimal" | "decimal-text") => FlatKind::Decimal,
            Some("date-time") => FlatKind::Instant,
            _ => FlatKind::Text,
        },
        Some("integer") => FlatKind::Integer,
        Some("number") => FlatKind::Float,
        Some("boolean") => FlatKind::Flag,
        Some("array") if schema.get("prefixItems").is_none() && text_like(&schema["items"]) => {
            FlatKind::TextList
        }
        None if text_like(schema) => FlatKind::Text,
        None if schema
            .get("oneOf")
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().all(text_like)) =>
        {
            FlatKind::Text
        }
        _ => FlatKind::Json,
    }
}

fn flatten(schema: &Value, defs: &Value, path: &mut Vec<String>, out: &mut Vec<FlatField>) {
    let schema = non_null(schema, defs);
    let props = schema.get("properties").and_then(Value::as_object);
    let variants = schema.get("oneOf").and_then(Value::as_array);
    let is_record = |s: &Value| s.get("properties").is_some();
    let keyed_by_data = schema
        .get("additionalProperties")
        .is_some_and(Value::is_object);
    if props.is_none() && !variants.is_some_and(|v| v.iter().all(is_record)) || keyed_by_data {
        let name = path.join("_");
        if !out.iter().any(|f| f.name == name) {
            out.push(FlatField {
                path: path.clone(),
                name,
                kind: leaf_kind(schema, defs),
            });
        }
        return;
    }
    for (key, field) in props.into_iter().flatten() {
        path.push(key.clone());
        flatten(field, defs, path, out);
        path.pop();
    }
    for variant in variants.into_iter().flatten() {
        flatten(variant, defs, path, out);
    }
}

/// A record's fields whose values need converting, by name.
pub type ConvertedFields = Vec<(String, Conversion)>;

/// A tagged enum's tag field and, per tag value, its variant's fields whose
/// values need converting.
pub type ConvertedVariants = (String, Vec<(String, ConvertedFields)>);

/// Where a value of a type needs more than its serde form in a language
/// with decimal and money types of its own (Python's `Decimal`, the
/// package's `Money`), read from the type's schema: so a binding converts
/// without a list of its own of which fields are amounts or money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversion {
    /// Decimal text (an amount, a cost): the language's exact decimal.
    Decimal,
    /// `{amount, currency}`: the language's money.
    Money,
    /// Each item of a list.
    List(Box<Conversion>),
    /// Each value of a map keyed by data.
    Map(Box<Conversion>),
    /// The positions of a tuple that need it.
    Tuple(Vec<(usize, Conversion)>),
    /// The fields of a record that need it, and for a tagged enum the
    /// variant's, chosen by the value of its tag field.
    Record {
        /// The fields every value has.
        fields: ConvertedFields,
        /// For a tagged enum: its tag field and each variant's fields.
        tag: Option<ConvertedVariants>,
    },
}

/// Derives the conversions of `schema` (`None`: nothing to convert).
struct Planner<'a> {
    defs: &'a Value,
    // Types being planned: a type that contains itself needs no second visit.
    open: Vec<&'a str>,
}

impl<'a> Planner<'a> {
    fn plan(&mut self, schema: &'a Value) -> Option<Conversion> {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            if name == "Money" {
                return Some(Conversion::Money);
            }
            if self.open.contains(&name) {
                return None;
            }
            self.open.push(name);
            let plan = self.plan(&self.defs[name]);
            self.open.pop();
            return plan;
        }
        if matches!(
            schema.get("format").and_then(Value::as_str),
            Some("decimal" | "decimal-text")
        ) {
            return Some(Conversion::Decimal);
        }
        let props = schema.get("properties").and_then(Value::as_object);
        let union = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(members) = union {
            if let Some(tag) = self.tagged(members) {
                let fields = props.map(|p| self.fields(p)).unwrap_or_default();
                return (!fields.is_empty() || !tag.1.is_empty()).then_some(Conversion::Record {
                    fields,
                    tag: Some(tag),
                });
            }
            if props.is_none() {
                // An optional value (`null` or one form) or an enumeration.
                return members.iter().find_map(|m| self.plan(m));
            }
        }
        if let Some(props) = props {
            let fields = self.fields(props);
            return (!fields.is_empty()).then_some(Conversion::Record { fields, tag: None });
        }
        if let Some(items) = schema.get("prefixItems").and_then(Value::as_array) {
            let each: Vec<(usize, Conversion)> = items
                .iter()
                .enumerate()
                .filter_map(|(i, s)| self.plan(s).map(|f| (i, f)))
                .collect();
            return (!each.is_empty()).then_some(Conversion::Tuple(each));
        }
        if let Some(items) = schema.get("items") {
            return self.plan(items).map(|f| Conversion::List(Box::new(f)));
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            return self.plan(values).map(|f| Conversion::Map(Box::new(f)));
        }
        None
    }

    fn fields(&mut self, props: &'a Map<String, Value>) -> ConvertedFields {
        props
            .iter()
            .filter_map(|(k, s)| self.plan(s).map(|f| (k.clone(), f)))
            .collect()
    }

    /// A tagged enum's tag field and its variants' conversions; `None`
    /// unless every member is a record with a tag.
    fn tagged(&mut self, members: &'a [Value]) -> Option<ConvertedVariants> {
        let mut key = None;
        let mut variants = Vec::new();
        for m in members {
            let props = m.get("properties").and_then(Value::as_object)?;
            let (k, value) = props
                .iter()
                .find_map(|(k, s)| s.get("const").and_then(Value::as_str).map(|v| (k, v)))?;
            key = Some(k.clone());
            let fields = self.fields(props);
            if !fields.is_empty() {
                variants.push((value.to_string(), fields));
            }
        }
        key.map(|k| (k, variants))
    }
}

/// Where a value of `T` needs converting beyond serde's form (`None`:
/// nowhere), from `T`'s schema as serialized.
pub fn conversions<T: JsonSchema + ?Sized>() -> Option<Conversion> {
    let doc = schema_of::<T>();
    let mut planner = Planner {
        defs: &doc["$defs"],
        open: Vec::new(),
    };
    planner.plan(&doc["root"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_where_the_schema_puts_decimals_and_money() {
        use Conversion::{Decimal, List, Money, Record};
        let field = |name: &str, c: Conversion| (name.to_string(), c);
        // Money fields of a transition and an order's status.
        assert_eq!(
            conversions::<crate::orders::Transition>(),
            Some(Record {
                fields: vec![field("refund_due", Money)],
                tag: None
            })
        );
        // Amounts of a pending row, and through a list of them.
        let pending = Record {
            fields: vec![field("amount", Decimal)],
            tag: None,
        };
        assert_eq!(
            conversions::<Vec<crate::reconciliation::Pending>>(),
            Some(List(Box::new(pending)))
        );
        // A sourcing plan's costs, nested in its shipments.
        let Some(Record { fields, .. }) = conversions::<crate::inventory::SourcingPlan>() else {
            panic!("a plan has costs");
        };
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["shipments", "total_cost"]);
        // Nothing to convert in a match or an anomaly (a tagged enum).
        assert_eq!(conversions::<crate::reconciliation::Match>(), None);
        assert_eq!(conversions::<crate::inventory::Anomaly>(), None);
        // A chargeback's evidence: the order's amounts, a level down.
        let Some(Record { fields, .. }) = conversions::<crate::reconciliation::Exception>() else {
            panic!("an exception has amounts");
        };
        assert!(fields
            .iter()
            .any(|(n, c)| n == "evidence" && matches!(c, Record { .. })));
    }

    #[test]
    fn instant_fields_are_every_variants_and_only_instants() {
        // A stock event's own instant and a variant's (a reservation's
        // expiry); a cart's; a price's window.
        assert_eq!(
            instant_fields::<crate::inventory::StockEvent>(),
            ["occurred_at", "expires_at"]
        );
        assert_eq!(
            instant_fields::<crate::inventory::CartReservation>(),
            ["occurred_at", "expires_at"]
        );
        assert_eq!(
            instant_fields::<crate::catalog::PriceEntry>(),
            ["from", "to"]
        );
        assert_eq!(
            instant_fields::<crate::catalog::Promotion>(),
            ["from", "to"]
        );
        assert_eq!(
            instant_fields::<crate::sync_health::SyncObservation>(),
            ["sent_at"]
        );
        // An order event's instant beside a variant's (a reservation's expiry).
        let order = instant_fields::<crate::orders::OrderEvent>();
        assert_eq!(order.first().map(String::as_str), Some("occurred_at"));
        // Text and amounts are not instants.
        assert!(!order.iter().any(|f| f == "order_id" || f == "amount"));
    }

    #[test]
    fn a_table_of_rows_flattens_records_and_joins_the_variants_fields() {
        use crate::inventory::{Anomaly, HistoryLine};
        let names = |fields: Vec<FlatField>| -> Vec<(String, FlatKind)> {
            fields.into_iter().map(|f| (f.name, f.kind)).collect()
        };
        // Each variant's fields once, in order of first appearance.
        let anomaly = names(flat_fields::<Anomaly>());
        assert_eq!(anomaly[0], ("type".to_string(), FlatKind::Text));
        assert!(anomaly.contains(&("units_oversold".to_string(), FlatKind::Integer)));
        assert!(anomaly.contains(&("transfer_id".to_string(), FlatKind::Text)));
        assert_eq!(anomaly.iter().filter(|(n, _)| n == "sku").count(), 1);
        let history = names(flat_fields::<HistoryLine>());
        assert!(history.contains(&("occurred_at".to_string(), FlatKind::Instant)));
        // A nested record is flattened; a list of texts stays a list.
        let field = names(flat_fields::<crate::systems_of_record::ResolvedField>());
        assert!(field.contains(&("winner_system".to_string(), FlatKind::Text)));
        assert!(field.contains(&("winner_occurred_at".to_string(), FlatKind::Instant)));
        let review = names(flat_fields::<crate::customers::ReviewItem>());
        assert!(review.contains(&("left".to_string(), FlatKind::TextList)));
        // Maps keyed by data and tuples are JSON text; money amounts decimals.
        let profile = names(flat_fields::<crate::customers::Profile>());
        assert!(profile.contains(&("golden".to_string(), FlatKind::Json)));
        assert!(profile.contains(&("identifiers".to_string(), FlatKind::Json)));
        let pending = names(flat_fields::<crate::reconciliation::Pending>());
        assert!(pending.contains(&("amount".to_string(), FlatKind::Decimal)));
        assert!(pending.contains(&("row_order_id".to_string(), FlatKind::Text)));
    }
}
