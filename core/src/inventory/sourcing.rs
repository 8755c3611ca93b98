//! Fulfilment sourcing: which nodes ship which lines, at the lowest cost.
//!
//! Exact for up to [`EXACT_MAX_LINES`] lines and [`EXACT_MAX_NODES`]
//! candidate nodes: every set of shipping nodes is costed, cheapest first,
//! with a bound that stops once no larger set can win. Beyond that, a
//! documented greedy heuristic (see [`source_order`]) whose gap against the
//! exact answer is measured in `benches/sourcing.rs`.

use crate::error::{Error, Result};
use crate::ids::{LocationId, Sku};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest order solved exactly (lines).
pub const EXACT_MAX_LINES: usize = 8;
/// Largest candidate set solved exactly (nodes).
pub const EXACT_MAX_NODES: usize = 20;

/// One order line to source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourcingLine {
    /// The order line's id, echoed in the plan.
    pub line_id: String,
    /// The product.
    pub sku: Sku,
    /// Units (> 0).
    pub quantity: u64,
}

/// Where the order goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[schemars(rename = "SourcingDestination")]
pub enum Destination {
    /// Shipped to the customer: any node that ships may send.
    Ship,
    /// Buy online, pick up in store: sourced from that store, or from other
    /// nodes by transfer only when `allow_transfers`.
    Pickup {
        /// The pickup store.
        store: LocationId,
        /// Whether other nodes may send stock to the store.
        #[serde(default)]
        allow_transfers: bool,
    },
}

/// A candidate node: what it can send and what sending costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourcingNode {
    /// The location.
    pub location: LocationId,
    /// Whether it ships orders (a store without a shipping desk does not).
    pub ships: bool,
    /// Units it may promise per SKU (its published quantity); never exceeded.
    pub available: BTreeMap<Sku, u64>,
    /// Fixed cost of one shipment (or transfer) from this node.
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(with = "rust_decimal::serde::str")]
    pub per_shipment: Decimal,
    /// Cost per unit sent from this node.
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(with = "rust_decimal::serde::str")]
    pub per_unit: Decimal,
    /// Per-SKU unit costs that override `per_unit` (a full cost table).
    #[serde(default)]
    #[schemars(with = "BTreeMap<Sku, crate::wire_types::DecimalText>")]
    pub per_unit_by_sku: BTreeMap<Sku, Decimal>,
}

impl SourcingNode {
    fn unit_cost(&self, sku: &Sku) -> Decimal {
        self.per_unit_by_sku
            .get(sku)
            .copied()
            .unwrap_or(self.per_unit)
    }

    fn stock(&self, sku: &Sku) -> u64 {
        self.available.get(sku).copied().unwrap_or(0)
    }
}

/// Units of one line sent from one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SourcingAllocation")]
pub struct Allocation {
    /// The order line.
    pub line_id: String,
    /// The product.
    pub sku: Sku,
    /// The sending node.
    pub location: LocationId,
    /// Units.
    pub quantity: u64,
}

/// One shipment (or, for a pickup, transfer) in the plan, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SourcingShipment")]
pub struct Shipment {
    /// The sending node.
    pub location: LocationId,
    /// Units it sends.
    pub units: u64,
    /// Its cost: per-shipment plus units × unit cost.
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(with = "rust_decimal::serde::str")]
    pub cost: Decimal,
    /// Why this node: a sentence a person can read.
    pub reason: String,
}

/// How the plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourcingMethod {
    /// Every candidate set was considered: the plan is optimal.
    Exact,
    /// The order was beyond the exact bounds: the greedy heuristic.
    Heuristic,
}

/// The chosen assignment of lines to nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SourcingPlan {
    /// Line × node allocations, by line then node.
    pub allocations: Vec<Allocation>,
    /// Shipments, by node.
    pub shipments: Vec<Shipment>,
    /// Total cost of the plan.
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(with = "rust_decimal::serde::str")]
    pub total_cost: Decimal,
    /// Exact or heuristic.
    pub method: SourcingMethod,
}

/// A costed choice of nodes: (total cost, per-node (units, cost), allocations by SKU).
struct Costed {
    total: Decimal,
    nodes: Vec<usize>,
    /// Per SKU, units taken from each node (node index, units).
    take: BTreeMap<Sku, Vec<(usize, u64)>>,
}

/// Greedy per SKU inside a fixed set of nodes: cheapest unit cost first
/// (optimal for linear costs with capacities); `None` when the set cannot
/// cover the demand.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bounded by check_cost_range (costs) and the order's units (u64 counts), checked in plan before any search"
)]
fn cost_of(set: &[usize], nodes: &[SourcingNode], demand: &BTreeMap<Sku, u64>) -> Option<Costed> {
    let mut take = BTreeMap::new();
    let mut used = vec![false; set.len()];
    let mut total = Decimal::ZERO;
    for (sku, &need) in demand {
        let mut order: Vec<usize> = (0..set.len())
            .filter(|&i| nodes[set[i]].stock(sku) > 0)
            .collect();
        order.sort_by(|&a, &b| {
            let (na, nb) = (&nodes[set[a]], &nodes[set[b]]);
            na.unit_cost(sku)
                .cmp(&nb.unit_cost(sku))
                .then_with(|| na.location.cmp(&nb.location))
        });
        let mut left = need;
        let mut parts = Vec::new();
        for i in order {
            if left == 0 {
                break;
            }
            let n = &nodes[set[i]];
            let units = left.min(n.stock(sku));
            left -= units;
            used[i] = true;
            total += n.unit_cost(sku) * Decimal::from(units);
            parts.push((set[i], units));
        }
        if left > 0 {
            return None;
        }
        take.insert(sku.clone(), parts);
    }
    // A node in the set that sends nothing is not a shipment.
    let shipping: Vec<usize> = set
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(n, _)| *n)
        .collect();
    total += shipping
        .iter()
        .map(|&n| nodes[n].per_shipment)
        .sum::<Decimal>();
    Some(Costed {
        total,
        nodes: shipping,
        take,
    })
}

/// Lowest cost, then fewer shipments, then the smaller list of node ids.
fn better(a: &Costed, b: &Costed, nodes: &[SourcingNode]) -> bool {
    let ids = |c: &Costed| {
        c.nodes
            .iter()
            .map(|&n| nodes[n].location.clone())
            .collect::<Vec<_>>()
    };
    (a.total, a.nodes.len(), ids(a)) < (b.total, b.nodes.len(), ids(b))
}

/// Advances `pick` (k increasing indexes below `n`) to the next combination
/// in lexicographic order; false after the last one.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "combination indexes below n, k <= n"
)]
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    for i in (0..k).rev() {
        if pick[i] < n - k + i {
            pick[i] += 1;
            for j in i + 1..k {
                pick[j] = pick[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[allow(
    clippy::arithmetic_side_effects,
    reason = "bounded by check_cost_range (costs) and the order's units (u64 counts), checked in plan before any search"
)]
fn exact(
    candidates: &[usize],
    nodes: &[SourcingNode],
    demand: &BTreeMap<Sku, u64>,
) -> Option<Costed> {
    let n = candidates.len();
    // The heuristic's plan is a good first bound: most sets are then pruned unseen.
    let mut best: Option<Costed> = heuristic(candidates, nodes, demand);
    // Cheapest possible variable cost: every unit at its cheapest candidate.
    let floor: Decimal = demand
        .iter()
        .map(|(sku, &q)| {
            let cheapest = candidates
                .iter()
                .map(|&c| nodes[c].unit_cost(sku))
                .min()
                .unwrap_or(Decimal::ZERO);
            cheapest * Decimal::from(q)
        })
        .sum();
    let mut fixed: Vec<Decimal> = candidates.iter().map(|&c| nodes[c].per_shipment).collect();
    fixed.sort();
    for size in 1..=n {
        let least_fixed: Decimal = fixed[..size].iter().sum();
        if best.as_ref().is_some_and(|b| least_fixed + floor > b.total) {
            break;
        }
        // Every subset of `size` candidates, in lexicographic order.
        let mut pick: Vec<usize> = (0..size).collect();
        loop {
            // Cheap checks before costing: can this set beat the best, and can it cover the order?
            let set_fixed: Decimal = pick
                .iter()
                .map(|&i| nodes[candidates[i]].per_shipment)
                .sum();
            let hopeful = best.as_ref().is_none_or(|b| set_fixed + floor <= b.total);
            let covers = || {
                demand.iter().all(|(sku, &q)| {
                    pick.iter()
                        .map(|&i| nodes[candidates[i]].stock(sku))
                        .sum::<u64>()
                        >= q
                })
            };
            if hopeful && covers() {
                let set: Vec<usize> = pick.iter().map(|&i| candidates[i]).collect();
                if let Some(c) = cost_of(&set, nodes, demand) {
                    if best.as_ref().is_none_or(|b| better(&c, b, nodes)) {
                        best = Some(c);
                    }
                }
            }
            if !next_combination(&mut pick, n) {
                break;
            }
        }
    }
    best
}

/// Greedy weighted set cover: repeatedly add the node with the lowest cost
/// per still-uncovered unit it can send (its per-shipment cost plus the unit
/// costs of those units; ties: more units, then id) until the demand is
/// covered; then drop any node whose removal keeps the plan feasible and
/// lowers its cost.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bounded by check_cost_range (costs) and the order's units (u64 counts), checked in plan before any search"
)]
fn heuristic(
    candidates: &[usize],
    nodes: &[SourcingNode],
    demand: &BTreeMap<Sku, u64>,
) -> Option<Costed> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut left = demand.clone();
    while left.values().any(|&q| q > 0) {
        // (units covered, cost of covering them) for a node not yet chosen.
        let offer = |c: usize| -> (u64, Decimal) {
            left.iter()
                .fold((0, nodes[c].per_shipment), |(units, cost), (sku, &q)| {
                    let u = q.min(nodes[c].stock(sku));
                    (units + u, cost + nodes[c].unit_cost(sku) * Decimal::from(u))
                })
        };
        let next = candidates
            .iter()
            .copied()
            .filter(|c| !chosen.contains(c) && offer(*c).0 > 0)
            .min_by(|&a, &b| {
                let ((ua, ca), (ub, cb)) = (offer(a), offer(b));
                // ca / ua < cb / ub, compared without division.
                (ca * Decimal::from(ub))
                    .cmp(&(cb * Decimal::from(ua)))
                    .then_with(|| ub.cmp(&ua))
                    .then_with(|| nodes[a].location.cmp(&nodes[b].location))
            })?;
        for (sku, q) in left.iter_mut() {
            *q -= (*q).min(nodes[next].stock(sku));
        }
        chosen.push(next);
    }
    let mut best = cost_of(&chosen, nodes, demand)?;
    let mut improved = true;
    while improved {
        improved = false;
        for i in 0..best.nodes.len() {
            let mut fewer = best.nodes.clone();
            fewer.remove(i);
            if let Some(c) = cost_of(&fewer, nodes, demand) {
                if better(&c, &best, nodes) {
                    best = c;
                    improved = true;
                    break;
                }
            }
        }
    }
    Some(best)
}

/// Chooses which nodes send which lines, at the lowest total cost
/// (per-shipment + per-unit), preferring fewer shipments on a tie, never
/// allocating beyond a node's `available`; deterministic. `INSUFFICIENT_STOCK`
/// names the first SKU (by id) that the allowed nodes together cannot cover.
pub fn source_order(
    lines: &[SourcingLine],
    destination: &Destination,
    nodes: &[SourcingNode],
) -> Result<SourcingPlan> {
    plan(lines, destination, nodes, false)
}

/// [`source_order`] with the greedy heuristic whatever the order's size: for
/// orders too large to solve exactly, and for measuring the heuristic's gap.
pub fn source_order_heuristic(
    lines: &[SourcingLine],
    destination: &Destination,
    nodes: &[SourcingNode],
) -> Result<SourcingPlan> {
    plan(lines, destination, nodes, true)
}

fn plan(
    lines: &[SourcingLine],
    destination: &Destination,
    nodes: &[SourcingNode],
    force_heuristic: bool,
) -> Result<SourcingPlan> {
    if lines.is_empty() {
        return Err(Error::invalid_argument(
            "lines",
            "[]",
            "an order needs at least one line",
        ));
    }
    let mut demand: BTreeMap<Sku, u64> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if line.quantity == 0 {
            return Err(Error::invalid_quantity(
                format!("lines[{i}].quantity"),
                0,
                "must be at least 1",
            ));
        }
        let need = demand.entry(line.sku.clone()).or_insert(0);
        *need = need
            .checked_add(line.quantity)
            .ok_or_else(|| Error::overflow(format!("units of {} ordered", line.sku)))?;
    }
    if demand
        .values()
        .try_fold(0u64, |a, &q| a.checked_add(q))
        .is_none()
    {
        return Err(Error::overflow("units ordered"));
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.per_shipment.is_sign_negative()
            || n.per_unit.is_sign_negative()
            || n.per_unit_by_sku.values().any(|c| c.is_sign_negative())
        {
            return Err(Error::invalid_argument(
                format!("nodes[{i}]"),
                &n.location,
                "costs must not be negative",
            ));
        }
        if nodes[..i].iter().any(|m| m.location == n.location) {
            return Err(Error::invalid_argument(
                format!("nodes[{i}].location"),
                &n.location,
                "another node has this location",
            ));
        }
    }
    let mut candidates: Vec<usize> = (0..nodes.len())
        .filter(|&i| match destination {
            Destination::Ship => nodes[i].ships,
            Destination::Pickup {
                store,
                allow_transfers,
            } => nodes[i].location == *store || *allow_transfers,
        })
        .collect();
    candidates.sort_by(|&a, &b| nodes[a].location.cmp(&nodes[b].location));
    for (sku, &need) in &demand {
        // Saturating is exact for the comparison: more than u64 holds covers any need.
        let have = candidates
            .iter()
            .fold(0u64, |sum, &c| sum.saturating_add(nodes[c].stock(sku)));
        if have < need {
            return Err(Error::InsufficientStock {
                sku: sku.to_string(),
                location: match destination {
                    Destination::Ship => "the shipping nodes".to_string(),
                    Destination::Pickup {
                        store,
                        allow_transfers: false,
                    } => store.to_string(),
                    Destination::Pickup { store, .. } => format!("{store} (with transfers)"),
                },
                requested: need.to_string(),
                available: have.to_string(),
            });
        }
    }
    check_cost_range(&candidates, nodes, &demand)?;
    let is_exact =
        !force_heuristic && lines.len() <= EXACT_MAX_LINES && candidates.len() <= EXACT_MAX_NODES;
    let found = if is_exact {
        exact(&candidates, nodes, &demand)
    } else {
        heuristic(&candidates, nodes, &demand)
    };
    // Coverage was checked above, so both searches find a plan.
    let plan = found.ok_or_else(|| {
        Error::invalid_argument("lines", "the order", "no node set covers the order")
    })?;
    Ok(explain(
        plan,
        lines,
        destination,
        nodes,
        if is_exact {
            SourcingMethod::Exact
        } else {
            SourcingMethod::Heuristic
        },
    ))
}

/// Refuses an order whose costs could overflow a decimal before any plan is
/// costed: every plan costs at most every candidate's shipment plus every
/// unit at its dearest candidate, and the searches compare cost ratios by
/// multiplying a cost by a unit count. With that bound times the order's
/// units inside a decimal, every sum and product below is exact, so the
/// search functions need no checks of their own.
fn check_cost_range(
    candidates: &[usize],
    nodes: &[SourcingNode],
    demand: &BTreeMap<Sku, u64>,
) -> Result<()> {
    let overflow = || {
        Error::overflow(
            "order cost: the units times the node costs exceed what a decimal holds exactly",
        )
    };
    let mut bound = Decimal::ZERO;
    let mut units = 0u64;
    for &c in candidates {
        bound = bound
            .checked_add(nodes[c].per_shipment)
            .ok_or_else(overflow)?;
    }
    for (sku, &need) in demand {
        let dearest = candidates
            .iter()
            .map(|&c| nodes[c].unit_cost(sku))
            .max()
            .unwrap_or(Decimal::ZERO);
        bound = dearest
            .checked_mul(Decimal::from(need))
            .and_then(|v| bound.checked_add(v))
            .ok_or_else(overflow)?;
        units = units.checked_add(need).ok_or_else(overflow)?;
    }
    bound
        .checked_mul(Decimal::from(units))
        .map(|_| ())
        .ok_or_else(overflow)
}

/// Turns a costed node set into line allocations and readable shipments.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bounded by check_cost_range (costs) and the order's units (u64 counts), checked in plan before any search"
)]
fn explain(
    plan: Costed,
    lines: &[SourcingLine],
    destination: &Destination,
    nodes: &[SourcingNode],
    method: SourcingMethod,
) -> SourcingPlan {
    // Hand each SKU's units to its lines in order.
    let mut allocations = Vec::new();
    let mut pools = plan.take.clone();
    for line in lines {
        let mut left = line.quantity;
        if let Some(parts) = pools.get_mut(&line.sku) {
            for (node, units) in parts.iter_mut() {
                if left == 0 {
                    break;
                }
                let q = left.min(*units);
                if q > 0 {
                    *units -= q;
                    left -= q;
                    allocations.push(Allocation {
                        line_id: line.line_id.clone(),
                        sku: line.sku.clone(),
                        location: nodes[*node].location.clone(),
                        quantity: q,
                    });
                }
            }
        }
    }
    let verb = match destination {
        Destination::Ship => "ships",
        Destination::Pickup { store, .. } => {
            if plan.nodes.iter().all(|&n| nodes[n].location == *store) {
                "holds for pickup"
            } else {
                "sends"
            }
        }
    };
    let count = plan.nodes.len();
    let mut shipments: Vec<Shipment> = plan
        .nodes
        .iter()
        .map(|&n| {
            let node = &nodes[n];
            let units: u64 = allocations.iter().filter(|a| a.location == node.location).map(|a| a.quantity).sum();
            let variable: Decimal = allocations
                .iter()
                .filter(|a| a.location == node.location)
                .map(|a| node.unit_cost(&a.sku) * Decimal::from(a.quantity))
                .sum();
            let mut line_ids: Vec<&str> = allocations
                .iter()
                .filter(|a| a.location == node.location)
                .map(|a| a.line_id.as_str())
                .collect();
            line_ids.dedup();
            let to_store = match destination {
                Destination::Pickup { store, .. } if node.location != *store => format!(" by transfer to {store}"),
                _ => String::new(),
            };
            Shipment {
                location: node.location.clone(),
                units,
                cost: node.per_shipment + variable,
                reason: format!(
                    "{} {verb} {units} unit{} (line{} {}){to_store}: {} per shipment + {} for the units; part of the cheapest plan ({} in {} shipment{})",
                    node.location,
                    if units == 1 { "" } else { "s" },
                    if line_ids.len() == 1 { "" } else { "s" },
                    line_ids.join(", "),
                    node.per_shipment,
                    variable,
                    plan.total,
                    count,
                    if count == 1 { "" } else { "s" },
                ),
            }
        })
        .collect();
    shipments.sort_by(|a, b| a.location.cmp(&b.location));
    SourcingPlan {
        allocations,
        shipments,
        total_cost: plan.total,
        method,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn node(
        id: &str,
        ships: bool,
        stock: &[(&str, u64)],
        per_shipment: i64,
        per_unit: i64,
    ) -> SourcingNode {
        SourcingNode {
            location: LocationId::new(id).unwrap(),
            ships,
            available: stock
                .iter()
                .map(|(s, q)| (Sku::new(s).unwrap(), *q))
                .collect(),
            per_shipment: Decimal::from(per_shipment),
            per_unit: Decimal::from(per_unit),
            per_unit_by_sku: BTreeMap::new(),
        }
    }

    fn line(id: &str, sku: &str, q: u64) -> SourcingLine {
        SourcingLine {
            line_id: id.into(),
            sku: Sku::new(sku).unwrap(),
            quantity: q,
        }
    }

    #[test]
    fn costs_and_units_beyond_a_decimal_are_an_overflow_error_not_a_panic() {
        let code = |lines: &[SourcingLine], nodes: &[SourcingNode]| {
            source_order(lines, &Destination::Ship, nodes)
                .unwrap_err()
                .code()
        };
        // 10^9 units at 1e20 a unit.
        let mut dear = node("dc", true, &[("A", u64::MAX)], 0, 0);
        dear.per_unit = Decimal::from_i128_with_scale(100_000_000_000_000_000_000, 0);
        assert_eq!(
            code(
                &[line("1", "A", 1_000_000_000)],
                std::slice::from_ref(&dear)
            ),
            ErrorCode::ArithmeticOverflow
        );
        // Two lines of 2^62 units: their cost ratios no longer compare exactly.
        let plain = node("dc", true, &[("A", u64::MAX)], 0, 1);
        let two = [line("1", "A", 1 << 62), line("2", "A", 1 << 62)];
        assert_eq!(
            code(&two, std::slice::from_ref(&plain)),
            ErrorCode::ArithmeticOverflow
        );
        // Four no longer fit a u64 at all.
        let four: Vec<SourcingLine> = (0..4).map(|i| line(&i.to_string(), "A", 1 << 62)).collect();
        assert_eq!(
            code(&four, std::slice::from_ref(&plain)),
            ErrorCode::ArithmeticOverflow
        );
        // A billion units at 1 each are planned as usual.
        assert!(source_order(
            &[line("1", "A", 1_000_000_000)],
            &Destination::Ship,
            std::slice::from_ref(&plain)
        )
        .is_ok());
        // Two shipments at the largest decimal each.
        let mut a = node("a", true, &[("A", 1)], 0, 0);
        let mut b = node("b", true, &[("A", 1)], 0, 0);
        a.per_shipment = Decimal::MAX;
        b.per_shipment = Decimal::MAX;
        assert_eq!(
            code(&[line("1", "A", 2)], &[a, b]),
            ErrorCode::ArithmeticOverflow
        );
    }

    #[test]
    fn two_nodes_with_one_location_are_refused() {
        let nodes = [
            node("dc", true, &[("A", 5)], 6, 1),
            node("dc", true, &[("A", 5)], 1, 1),
        ];
        let err = source_order(&[line("1", "A", 1)], &Destination::Ship, &nodes).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.to_string().contains("nodes[1].location"), "{err}");
    }

    #[test]
    fn one_node_that_has_everything_beats_two_cheaper_ones() {
        let nodes = [
            node("dc", true, &[("A", 5), ("B", 5)], 6, 1),
            node("store-a", true, &[("A", 5)], 4, 1),
            node("store-b", true, &[("B", 5)], 4, 1),
        ];
        let plan = source_order(
            &[line("1", "A", 1), line("2", "B", 1)],
            &Destination::Ship,
            &nodes,
        )
        .unwrap();
        assert_eq!(plan.total_cost, Decimal::from(8));
        assert_eq!(plan.shipments.len(), 1);
        assert_eq!(plan.shipments[0].location.as_str(), "dc");
        assert_eq!(plan.method, SourcingMethod::Exact);
        assert!(
            plan.shipments[0]
                .reason
                .starts_with("dc ships 2 units (lines 1, 2): 6 per shipment + 2"),
            "{}",
            plan.shipments[0].reason
        );
    }

    #[test]
    fn splits_when_no_node_has_enough_and_never_over_allocates() {
        let nodes = [
            node("a", true, &[("A", 2)], 1, 1),
            node("b", true, &[("A", 2)], 1, 2),
            node("c", false, &[("A", 9)], 0, 0),
        ];
        let plan = source_order(&[line("1", "A", 3)], &Destination::Ship, &nodes).unwrap();
        let got: Vec<(&str, u64)> = plan
            .allocations
            .iter()
            .map(|a| (a.location.as_str(), a.quantity))
            .collect();
        assert_eq!(got, [("a", 2), ("b", 1)]);
        assert_eq!(plan.total_cost, Decimal::from(1 + 2 + 1 + 2));
        let err = source_order(&[line("1", "A", 5)], &Destination::Ship, &nodes).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InsufficientStock);
    }

    #[test]
    fn pickup_comes_from_the_store_unless_transfers_are_allowed() {
        let nodes = [
            node("dc", true, &[("A", 5)], 1, 0),
            node("store-a", false, &[("A", 1)], 0, 0),
        ];
        let store = LocationId::new("store-a").unwrap();
        let strict = Destination::Pickup {
            store: store.clone(),
            allow_transfers: false,
        };
        let err = source_order(&[line("1", "A", 2)], &strict, &nodes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "insufficient stock of A at store-a: requested 2, available 1"
        );
        let plan = source_order(&[line("1", "A", 1)], &strict, &nodes).unwrap();
        assert!(plan.shipments[0].reason.contains("holds for pickup"));
        let relaxed = Destination::Pickup {
            store,
            allow_transfers: true,
        };
        let plan = source_order(&[line("1", "A", 2)], &relaxed, &nodes).unwrap();
        assert_eq!(plan.shipments.len(), 1, "the DC alone is cheaper than two");
        assert!(plan.shipments[0].reason.contains("by transfer to store-a"));
    }

    #[test]
    fn ties_prefer_fewer_shipments_then_ids() {
        let nodes = [
            node("b", true, &[("A", 1)], 0, 1),
            node("a", true, &[("A", 1)], 0, 1),
            node("c", true, &[("A", 2)], 1, 0),
        ];
        // {a, b} costs 2 in two shipments; {c} costs 1 + 0 = 1.
        let plan = source_order(&[line("1", "A", 2)], &Destination::Ship, &nodes).unwrap();
        assert_eq!(
            plan.shipments
                .iter()
                .map(|s| s.location.as_str())
                .collect::<Vec<_>>(),
            ["c"]
        );
        let plan = source_order(&[line("1", "A", 1)], &Destination::Ship, &nodes).unwrap();
        assert_eq!(
            plan.shipments[0].location.as_str(),
            "a",
            "equal cost and count: the smaller id"
        );
    }

    #[test]
    fn bad_requests_are_refused() {
        let nodes = [node("a", true, &[("A", 1)], 0, 1)];
        assert_eq!(
            source_order(&[], &Destination::Ship, &nodes)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            source_order(&[line("1", "A", 0)], &Destination::Ship, &nodes)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidQuantity
        );
        let negative = [node("a", true, &[("A", 1)], -1, 1)];
        assert_eq!(
            source_order(&[line("1", "A", 1)], &Destination::Ship, &negative)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
    }

    fn arb_instance() -> impl Strategy<Value = (Vec<SourcingLine>, Vec<SourcingNode>)> {
        let lines = proptest::collection::vec((0usize..4, 1u64..4), 1..6);
        let nodes = proptest::collection::vec(
            (proptest::collection::vec(0u64..5, 4), 0i64..10, 0i64..4),
            1..8,
        );
        (lines, nodes).prop_map(|(lines, nodes)| {
            let skus = ["A", "B", "C", "D"];
            let lines = lines
                .iter()
                .enumerate()
                .map(|(i, (s, q))| line(&i.to_string(), skus[*s], *q))
                .collect();
            let nodes = nodes
                .iter()
                .enumerate()
                .map(|(i, (stock, fixed, unit))| {
                    let stock: Vec<(&str, u64)> =
                        skus.iter().copied().zip(stock.iter().copied()).collect();
                    node(&format!("n{i}"), true, &stock, *fixed, *unit)
                })
                .collect();
            (lines, nodes)
        })
    }

    proptest! {
        #[test]
        fn plans_never_over_allocate_and_cover_every_line((lines, nodes) in arb_instance()) {
            if let Ok(plan) = source_order(&lines, &Destination::Ship, &nodes) {
                for n in &nodes {
                    for (sku, &cap) in &n.available {
                        let sent: u64 = plan.allocations.iter().filter(|a| a.location == n.location && a.sku == *sku).map(|a| a.quantity).sum();
                        prop_assert!(sent <= cap);
                    }
                }
                for l in &lines {
                    let got: u64 = plan.allocations.iter().filter(|a| a.line_id == l.line_id).map(|a| a.quantity).sum();
                    prop_assert_eq!(got, l.quantity);
                }
                let shipped: Decimal = plan.shipments.iter().map(|s| s.cost).sum();
                prop_assert_eq!(shipped, plan.total_cost);
                // The heuristic is never better than the exact answer.
                let mut demand = BTreeMap::new();
                for l in &lines { *demand.entry(l.sku.clone()).or_insert(0) += l.quantity; }
                let all: Vec<usize> = (0..nodes.len()).collect();
                let greedy = heuristic(&all, &nodes, &demand).unwrap();
                prop_assert!(greedy.total >= plan.total_cost);
            }
        }
    }
}
