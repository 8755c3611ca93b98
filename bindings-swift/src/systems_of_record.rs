//! Systems of record for Swift: one owner per domain, field-level
//! resolution between systems (core's `systems_of_record`).

use crate::results::{Arrival, Domain, FieldRule, FieldUpdate, Resolution};
use crate::{from_swift, swift, SeamlineError};
use seamline::systems_of_record as sor;
use std::sync::{Arc, Mutex};

/// The system that owns a domain.
#[derive(uniffi::Record)]
pub struct DomainOwner {
    pub domain: Domain,
    pub system: String,
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
            .map(|o| Ok((from_swift(&o.domain, "owners.domain")?, o.system)))
            .collect::<Result<_, SeamlineError>>()?;
        let fields: Vec<sor::FieldRule> = from_swift(&fields, "fields")?;
        let registry = sor::Registry::new(&owners, &fields, &rank)?;
        Ok(Arc::new(Resolver {
            inner: Mutex::new(sor::Resolver::new(registry)),
        }))
    }

    /// Adds one update; a different update under a used id throws
    /// `conflictingDuplicate`.
    pub fn add(&self, update: FieldUpdate) -> Result<Arrival, SeamlineError> {
        let update: sor::FieldUpdate = from_swift(&update, "update")?;
        let mut resolver = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        swift(&resolver.add(update)?)
    }

    pub fn resolve(&self) -> Result<Resolution, SeamlineError> {
        let r = self
            .inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .resolve();
        swift(&r)
    }
}
