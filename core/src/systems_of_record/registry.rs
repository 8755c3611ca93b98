//! Which system owns which domain (and, where it differs, which field).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A data domain. Each has exactly one owning system.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Stock counts and movements.
    Inventory,
    /// Orders and their lifecycle.
    Orders,
    /// Customer records and loyalty.
    Customers,
    /// Products, identifiers and prices.
    Catalog,
    /// Payments, settlements and refunds.
    Payments,
}

impl Domain {
    /// Every domain, in declaration order.
    pub const ALL: [Domain; 5] = [
        Domain::Inventory,
        Domain::Orders,
        Domain::Customers,
        Domain::Catalog,
        Domain::Payments,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Inventory => "inventory",
            Domain::Orders => "orders",
            Domain::Customers => "customers",
            Domain::Catalog => "catalog",
            Domain::Payments => "payments",
        }
    }
}

/// A field whose owner differs from its domain's: another system, or none
/// (a shared field, where the latest value wins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldRule {
    /// The domain.
    pub domain: Domain,
    /// The field, as updates name it.
    pub field: String,
    /// The owning system; none makes the field shared.
    #[serde(default)]
    pub owner: Option<String>,
}

/// The registry: one owner per domain, field exceptions, and the rank that
/// breaks ties between systems (first is strongest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Registry {
    owners: BTreeMap<Domain, String>,
    fields: BTreeMap<(Domain, String), Option<String>>,
    rank: Vec<String>,
}

fn config(field: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::InvalidConfiguration {
        field: field.into(),
        reason: reason.into(),
    }
}

impl Registry {
    /// Loads a registry from `(domain, owner)` pairs, field exceptions and
    /// the system rank. Two owners for one domain, a domain with none, a
    /// field listed twice or a system ranked twice is `INVALID_CONFIGURATION`.
    pub fn new(
        owners: &[(Domain, String)],
        fields: &[FieldRule],
        rank: &[String],
    ) -> Result<Registry> {
        let mut by_domain: BTreeMap<Domain, String> = BTreeMap::new();
        for (domain, system) in owners {
            let system = system.trim();
            if system.is_empty() {
                return Err(config(domain.as_str(), "the owner's name is empty"));
            }
            if let Some(first) = by_domain.get(domain) {
                return Err(config(
                    domain.as_str(),
                    format!("two owners: {first} and {system}"),
                ));
            }
            by_domain.insert(*domain, system.to_string());
        }
        let missing: Vec<&str> = Domain::ALL
            .iter()
            .filter(|d| !by_domain.contains_key(d))
            .map(|d| d.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(config(
                "owners",
                format!("no owner for {}", missing.join(", ")),
            ));
        }
        let mut by_field = BTreeMap::new();
        for rule in fields {
            let key = (rule.domain, rule.field.trim().to_string());
            if key.1.is_empty() {
                return Err(config(rule.domain.as_str(), "a field rule names no field"));
            }
            if by_field.contains_key(&key) {
                return Err(config(
                    format!("{}.{}", rule.domain.as_str(), key.1),
                    "listed twice",
                ));
            }
            by_field.insert(key, rule.owner.as_ref().map(|o| o.trim().to_string()));
        }
        for (i, system) in rank.iter().enumerate() {
            if rank[..i].contains(system) {
                return Err(config("rank", format!("{system} is ranked twice")));
            }
        }
        Ok(Registry {
            owners: by_domain,
            fields: by_field,
            rank: rank.to_vec(),
        })
    }

    /// The system that owns `field` of `domain`; none for a shared field.
    pub fn owner(&self, domain: Domain, field: &str) -> Option<&str> {
        match self.fields.get(&(domain, field.to_string())) {
            Some(owner) => owner.as_deref(),
            None => self.owners.get(&domain).map(String::as_str),
        }
    }

    /// The owner of each domain, in domain order.
    pub fn owners(&self) -> Vec<(Domain, String)> {
        self.owners.iter().map(|(d, s)| (*d, s.clone())).collect()
    }

    /// A system's tie-break strength: its rank position (lower wins);
    /// unranked systems come after every ranked one.
    pub(crate) fn rank_of(&self, system: &str) -> usize {
        self.rank
            .iter()
            .position(|s| s == system)
            .unwrap_or(self.rank.len())
    }
}
