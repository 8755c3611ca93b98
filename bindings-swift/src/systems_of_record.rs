//! Systems of record for Swift: one owner per domain, field-level
//! resolution between systems (core's `systems_of_record`).

use crate::instant::{instant, system_time};
use crate::SeamlineError;
use seamline::systems_of_record as sor;
use seamline::EventId;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A data domain; each has exactly one owning system.
#[derive(uniffi::Enum, Clone, Copy)]
pub enum Domain {
    Inventory,
    Orders,
    Customers,
    Catalog,
    Payments,
}

impl From<Domain> for sor::Domain {
    fn from(d: Domain) -> Self {
        match d {
            Domain::Inventory => sor::Domain::Inventory,
            Domain::Orders => sor::Domain::Orders,
            Domain::Customers => sor::Domain::Customers,
            Domain::Catalog => sor::Domain::Catalog,
            Domain::Payments => sor::Domain::Payments,
        }
    }
}

impl From<sor::Domain> for Domain {
    fn from(d: sor::Domain) -> Self {
        match d {
            sor::Domain::Inventory => Domain::Inventory,
            sor::Domain::Orders => Domain::Orders,
            sor::Domain::Customers => Domain::Customers,
            sor::Domain::Catalog => Domain::Catalog,
            sor::Domain::Payments => Domain::Payments,
        }
    }
}

/// The system that owns a domain.
#[derive(uniffi::Record)]
pub struct DomainOwner {
    pub domain: Domain,
    pub system: String,
}

/// A field whose owner differs from its domain's (nil: shared, latest wins).
#[derive(uniffi::Record)]
pub struct FieldRule {
    pub domain: Domain,
    pub field: String,
    pub owner: Option<String>,
}

/// One system's report of one field's value.
#[derive(uniffi::Record)]
pub struct FieldUpdate {
    pub update_id: String,
    pub system: String,
    pub domain: Domain,
    pub entity: String,
    pub field: String,
    pub value: String,
    pub occurred_at: SystemTime,
}

impl FieldUpdate {
    fn into_core(self) -> Result<sor::FieldUpdate, SeamlineError> {
        Ok(sor::FieldUpdate {
            update_id: EventId::new(&self.update_id)?,
            system: self.system,
            domain: self.domain.into(),
            entity: self.entity,
            field: self.field,
            value: self.value,
            occurred_at: instant(self.occurred_at)?,
        })
    }
}

impl From<sor::FieldUpdate> for FieldUpdate {
    fn from(u: sor::FieldUpdate) -> Self {
        FieldUpdate {
            update_id: u.update_id.to_string(),
            system: u.system,
            domain: u.domain.into(),
            entity: u.entity,
            field: u.field,
            value: u.value,
            occurred_at: system_time(u.occurred_at),
        }
    }
}

/// What an update did on arrival.
#[derive(uniffi::Enum)]
pub enum Arrival {
    Accepted,
    Duplicate,
}

/// Why a value won.
#[derive(uniffi::Enum)]
pub enum WonBy {
    Owner,
    Latest,
}

/// The value a field resolves to.
#[derive(uniffi::Record)]
pub struct ResolvedField {
    pub domain: Domain,
    pub entity: String,
    pub field: String,
    pub winner: FieldUpdate,
    pub won_by: WonBy,
}

/// Another system's current value, overwritten by the winner.
#[derive(uniffi::Record)]
pub struct FieldConflict {
    pub winner: FieldUpdate,
    pub overwritten: FieldUpdate,
}

/// Every field's value, the conflicts, and refused duplicates.
#[derive(uniffi::Record)]
pub struct Resolution {
    pub fields: Vec<ResolvedField>,
    pub conflicts: Vec<FieldConflict>,
    pub refused: Vec<FieldUpdate>,
}

/// Field-level resolution between systems, under one owner per domain.
#[derive(uniffi::Object)]
pub struct Resolver {
    inner: Mutex<sor::Resolver>,
}

#[seamline_guard::guard]
#[uniffi::export]
impl Resolver {
    /// Loads the registry: one owner per domain (two, or none, throws
    /// `invalidConfiguration`), field exceptions, and the tie-break rank.
    #[uniffi::constructor]
    pub fn new(
        owners: Vec<DomainOwner>,
        fields: Vec<FieldRule>,
        rank: Vec<String>,
    ) -> Result<Arc<Self>, SeamlineError> {
        let owners: Vec<(sor::Domain, String)> = owners
            .into_iter()
            .map(|o| (o.domain.into(), o.system))
            .collect();
        let fields: Vec<sor::FieldRule> = fields
            .into_iter()
            .map(|f| sor::FieldRule {
                domain: f.domain.into(),
                field: f.field,
                owner: f.owner,
            })
            .collect();
        let registry = sor::Registry::new(&owners, &fields, &rank)?;
        Ok(Arc::new(Resolver {
            inner: Mutex::new(sor::Resolver::new(registry)),
        }))
    }

    /// Adds one update; a different update under a used id throws
    /// `conflictingDuplicate`.
    pub fn add(&self, update: FieldUpdate) -> Result<Arrival, SeamlineError> {
        let update = update.into_core()?;
        let mut resolver = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        Ok(match resolver.add(update)? {
            sor::Arrival::Accepted => Arrival::Accepted,
            sor::Arrival::Duplicate => Arrival::Duplicate,
        })
    }

    /// Every field's value, the conflicts and refused duplicates.
    pub fn resolve(&self) -> Resolution {
        let r = self
            .inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .resolve();
        Resolution {
            fields: r
                .fields
                .into_iter()
                .map(|f| ResolvedField {
                    domain: f.domain.into(),
                    entity: f.entity,
                    field: f.field,
                    winner: f.winner.into(),
                    won_by: match f.won_by {
                        sor::WonBy::Owner => WonBy::Owner,
                        sor::WonBy::Latest => WonBy::Latest,
                    },
                })
                .collect(),
            conflicts: r
                .conflicts
                .into_iter()
                .map(|c| FieldConflict {
                    winner: c.winner.into(),
                    overwritten: c.overwritten.into(),
                })
                .collect(),
            refused: r.refused.into_iter().map(FieldUpdate::from).collect(),
        }
    }
}
