//! Fulfilment sourcing for Swift: costs are `Decimal`.

use crate::{DecimalText, SeamlineError};
use seamline::inventory as core;
use seamline::{parse_decimal, LocationId, Sku};
use std::collections::{BTreeMap, HashMap};

/// One order line to source.
#[derive(uniffi::Record)]
pub struct SourcingLine {
    pub line_id: String,
    pub sku: String,
    pub quantity: u64,
}

/// Where the order goes.
#[derive(uniffi::Enum)]
pub enum Destination {
    Ship,
    Pickup {
        store: String,
        allow_transfers: bool,
    },
}

/// A candidate node: what it can send (by SKU) and what sending costs.
#[derive(uniffi::Record)]
pub struct SourcingNode {
    pub location: String,
    pub ships: bool,
    pub available: HashMap<String, u64>,
    pub per_shipment: DecimalText,
    pub per_unit: DecimalText,
    pub per_unit_by_sku: HashMap<String, DecimalText>,
}

/// Units of one line sent from one node.
#[derive(uniffi::Record)]
pub struct Allocation {
    pub line_id: String,
    pub sku: String,
    pub location: String,
    pub quantity: u64,
}

/// One shipment in the plan, with why.
#[derive(uniffi::Record)]
pub struct Shipment {
    pub location: String,
    pub units: u64,
    pub cost: DecimalText,
    pub reason: String,
}

/// The chosen plan.
#[derive(uniffi::Record)]
pub struct SourcingPlan {
    pub allocations: Vec<Allocation>,
    pub shipments: Vec<Shipment>,
    pub total_cost: DecimalText,
    pub exact: bool,
}

fn node(n: SourcingNode) -> seamline::Result<core::SourcingNode> {
    let skus = |map: HashMap<String, u64>| -> seamline::Result<BTreeMap<Sku, u64>> {
        map.into_iter()
            .map(|(k, v)| Ok((Sku::new(&k)?, v)))
            .collect()
    };
    Ok(core::SourcingNode {
        location: LocationId::new(&n.location)?,
        ships: n.ships,
        available: skus(n.available)?,
        per_shipment: parse_decimal("per_shipment", &n.per_shipment.0)?,
        per_unit: parse_decimal("per_unit", &n.per_unit.0)?,
        per_unit_by_sku: n
            .per_unit_by_sku
            .into_iter()
            .map(|(k, v)| Ok((Sku::new(&k)?, parse_decimal("per_unit_by_sku", &v.0)?)))
            .collect::<seamline::Result<_>>()?,
    })
}

/// Chooses which nodes send which lines at the lowest cost; see the inventory guide.
#[seamline_guard::guard]
#[uniffi::export]
pub fn source_order(
    lines: Vec<SourcingLine>,
    destination: Destination,
    nodes: Vec<SourcingNode>,
) -> Result<SourcingPlan, SeamlineError> {
    let lines = lines
        .into_iter()
        .map(|l| {
            Ok(core::SourcingLine {
                line_id: l.line_id,
                sku: Sku::new(&l.sku)?,
                quantity: l.quantity,
            })
        })
        .collect::<seamline::Result<Vec<_>>>()?;
    let destination = match destination {
        Destination::Ship => core::Destination::Ship,
        Destination::Pickup {
            store,
            allow_transfers,
        } => core::Destination::Pickup {
            store: LocationId::new(&store)?,
            allow_transfers,
        },
    };
    let nodes = nodes
        .into_iter()
        .map(node)
        .collect::<seamline::Result<Vec<_>>>()?;
    let plan = core::source_order(&lines, &destination, &nodes)?;
    Ok(SourcingPlan {
        allocations: plan
            .allocations
            .into_iter()
            .map(|a| Allocation {
                line_id: a.line_id,
                sku: a.sku.to_string(),
                location: a.location.to_string(),
                quantity: a.quantity,
            })
            .collect(),
        shipments: plan
            .shipments
            .into_iter()
            .map(|s| Shipment {
                location: s.location.to_string(),
                units: s.units,
                cost: DecimalText(s.cost.to_string()),
                reason: s.reason,
            })
            .collect(),
        total_cost: DecimalText(plan.total_cost.to_string()),
        exact: plan.method == core::SourcingMethod::Exact,
    })
}
