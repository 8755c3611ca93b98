//! Systems of record: exactly one owning system per data domain, and a
//! deterministic answer when systems report different values for the same
//! field. Two systems that both believe they own a count is the root cause
//! of most oversells; this makes the owner explicit and the drift visible.

mod registry;
mod resolution;

pub use registry::{Domain, FieldRule, Registry};
pub use resolution::{
    Arrival, FieldConflict, FieldUpdate, Resolution, ResolvedField, Resolver, WonBy,
};
