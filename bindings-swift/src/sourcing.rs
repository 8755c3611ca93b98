//! Fulfilment sourcing for Swift: costs are `Decimal`. The lines, nodes,
//! destination and plan are generated from core's schema (`results.rs`);
//! what a Swift app gives is read by core's own reader.

use crate::results::{SourcingDestination, SourcingLine, SourcingNode, SourcingPlan};
use crate::{from_swift, swift, SeamlineError};
use seamline::inventory as core;

/// Chooses which nodes send which lines at the lowest cost; see the
/// inventory guide (`method` says whether the plan is exact).
#[seamline_guard::guard]
#[uniffi::export]
pub fn source_order(
    lines: Vec<SourcingLine>,
    destination: SourcingDestination,
    nodes: Vec<SourcingNode>,
) -> Result<SourcingPlan, SeamlineError> {
    let lines: Vec<core::SourcingLine> = from_swift(&lines, "lines")?;
    let destination: core::Destination = from_swift(&destination, "destination")?;
    let nodes: Vec<core::SourcingNode> = from_swift(&nodes, "nodes")?;
    swift(&core::source_order(&lines, &destination, &nodes)?)
}
