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
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
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
        root::<catalog::PriceEntry>(g, roots);
        root::<catalog::Promotion>(g, roots);
        root::<catalog::MismatchRules>(g, roots);
        root::<catalog::ObservedPrice>(g, roots);
        root::<sor::FieldUpdate>(g, roots);
        root::<sor::FieldRule>(g, roots);
        root::<sync_health::SyncObservation>(g, roots);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every property name whose schema is an amount, anywhere in `value`.
    fn amount_properties(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, schema) in props {
                        if schema.to_string().contains("\"format\":\"decimal\"")
                            && !schema.to_string().contains("\"properties\"")
                            && !schema.to_string().contains("$ref")
                        {
                            out.insert(name.clone());
                        }
                    }
                }
                for v in map.values() {
                    amount_properties(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| amount_properties(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_amount_fields_the_bindings_convert_are_the_amounts_of_the_results() {
        // Python turns the text under these names into `decimal.Decimal`:
        // the list and the schemas must name the same fields.
        let mut found = BTreeSet::new();
        amount_properties(&results(), &mut found);
        let listed: BTreeSet<String> = crate::reconciliation::AMOUNT_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(found, listed);
    }
}
