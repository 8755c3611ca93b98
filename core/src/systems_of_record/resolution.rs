//! Field-level resolution: when systems disagree about one field of one
//! entity, the owner's value wins; a shared field (or one its owner never
//! reported) takes the latest by `occurred_at`, ties broken by system rank.
//! The result depends only on the set of updates, never on arrival order.

use super::registry::{Domain, Registry};
use crate::error::{Error, Result};
use crate::ids::EventId;
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One system's report of one field's value.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct FieldUpdate {
    /// Idempotency key: a retry with the same id is a duplicate.
    pub update_id: EventId,
    /// The reporting system.
    pub system: String,
    /// The domain the field belongs to.
    pub domain: Domain,
    /// The entity (a SKU, an order id, a customer id, …).
    pub entity: String,
    /// The field.
    pub field: String,
    /// Its value, as canonical text (compared exactly).
    pub value: String,
    /// When the system changed it (not when the update arrived).
    pub occurred_at: Instant,
}

/// Why the winning value won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WonBy {
    /// The field's owner reported it (its latest report).
    Owner,
    /// No owner's report: the latest by `occurred_at`, ties by rank.
    Latest,
}

/// The value a field resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResolvedField {
    /// The domain.
    pub domain: Domain,
    /// The entity.
    pub entity: String,
    /// The field.
    pub field: String,
    /// The winning update.
    pub winner: FieldUpdate,
    /// Why it won.
    pub won_by: WonBy,
}

/// A system whose current value for a field differs from the resolved one:
/// drift between systems, made visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldConflict {
    /// The winning update.
    pub winner: FieldUpdate,
    /// The other system's latest update, overwritten.
    pub overwritten: FieldUpdate,
}

/// Every field's value, the conflicts, and refused duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Resolution {
    /// One per (domain, entity, field), sorted.
    pub fields: Vec<ResolvedField>,
    /// One per overwritten system per field, sorted.
    pub conflicts: Vec<FieldConflict>,
    /// Updates refused because their id was used by a different update.
    pub refused: Vec<FieldUpdate>,
}

/// What one update did on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// New.
    Accepted,
    /// Seen before, identical: nothing changed.
    Duplicate,
}

/// Collects updates (in any order, in any batches) and resolves them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolver {
    registry: Registry,
    updates: BTreeMap<EventId, FieldUpdate>,
    /// Same id, different payload: every payload but the kept one.
    refused: BTreeMap<EventId, Vec<FieldUpdate>>,
}

impl Resolver {
    /// A resolver for `registry`.
    pub fn new(registry: Registry) -> Self {
        Resolver {
            registry,
            updates: BTreeMap::new(),
            refused: BTreeMap::new(),
        }
    }

    /// Adds one update. A retry is a duplicate; a different update under a
    /// used id is `CONFLICTING_DUPLICATE`. Which of the two is kept does not
    /// depend on arrival: the smaller (by time, system, then content) stays,
    /// the other is listed in [`Resolution::refused`].
    pub fn add(&mut self, update: FieldUpdate) -> Result<Arrival> {
        if update.system.trim().is_empty() {
            return Err(Error::invalid_argument(
                "system",
                "\"\"",
                "must not be empty",
            ));
        }
        match self.updates.get_mut(&update.update_id) {
            None => {
                self.updates.insert(update.update_id.clone(), update);
                Ok(Arrival::Accepted)
            }
            Some(kept) if *kept == update => Ok(Arrival::Duplicate),
            Some(kept) => {
                let id = update.update_id.to_string();
                let loser = if by_content(&update, kept) == Ordering::Less {
                    std::mem::replace(kept, update)
                } else {
                    update
                };
                let refused = self.refused.entry(loser.update_id.clone()).or_default();
                if !refused.contains(&loser) {
                    refused.push(loser);
                    refused.sort_by(by_content);
                }
                Err(Error::ConflictingDuplicate { event_id: id })
            }
        }
    }

    /// Adds a batch; each update's outcome, in order. Nothing is dropped.
    pub fn add_all(&mut self, updates: Vec<FieldUpdate>) -> Vec<Result<Arrival>> {
        updates.into_iter().map(|u| self.add(u)).collect()
    }

    /// Resolves every field from the updates held.
    pub fn resolve(&self) -> Resolution {
        let mut groups: BTreeMap<(Domain, &str, &str), Vec<&FieldUpdate>> = BTreeMap::new();
        for u in self.updates.values() {
            groups
                .entry((u.domain, u.entity.as_str(), u.field.as_str()))
                .or_default()
                .push(u);
        }
        let mut fields = Vec::with_capacity(groups.len());
        let mut conflicts = Vec::new();
        for ((domain, entity, field), updates) in groups {
            let owner = self.registry.owner(domain, field);
            let owned: Vec<&FieldUpdate> = updates
                .iter()
                .copied()
                .filter(|u| Some(u.system.as_str()) == owner)
                .collect();
            let (winner, won_by) = if owned.is_empty() {
                (self.latest(&updates), WonBy::Latest)
            } else {
                (self.latest(&owned), WonBy::Owner)
            };
            // Each other system's current belief: its latest update.
            let mut current: BTreeMap<&str, &FieldUpdate> = BTreeMap::new();
            for u in &updates {
                if u.system == winner.system {
                    continue;
                }
                let slot = current.entry(u.system.as_str()).or_insert(u);
                if self.newer(u, slot) == Ordering::Greater {
                    *slot = u;
                }
            }
            for overwritten in current.into_values() {
                if overwritten.value != winner.value {
                    conflicts.push(FieldConflict {
                        winner: winner.clone(),
                        overwritten: overwritten.clone(),
                    });
                }
            }
            fields.push(ResolvedField {
                domain,
                entity: entity.to_string(),
                field: field.to_string(),
                winner: winner.clone(),
                won_by,
            });
        }
        Resolution {
            fields,
            conflicts,
            refused: self.refused.values().flatten().cloned().collect(),
        }
    }

    /// The latest update: by `occurred_at`, then the stronger system, then
    /// the update id (so even identical instants from one system resolve).
    fn latest<'a>(&self, updates: &[&'a FieldUpdate]) -> &'a FieldUpdate {
        let mut best = updates[0];
        for u in &updates[1..] {
            if self.newer(u, best) == Ordering::Greater {
                best = u;
            }
        }
        best
    }

    fn newer(&self, a: &FieldUpdate, b: &FieldUpdate) -> Ordering {
        a.occurred_at
            .cmp(&b.occurred_at)
            .then_with(|| {
                self.registry
                    .rank_of(&b.system)
                    .cmp(&self.registry.rank_of(&a.system))
            })
            .then_with(|| b.system.cmp(&a.system))
            .then_with(|| a.update_id.cmp(&b.update_id))
    }
}

/// The order that decides which of two payloads under one id is kept.
fn by_content(a: &FieldUpdate, b: &FieldUpdate) -> Ordering {
    (
        a.occurred_at,
        &a.system,
        &a.value,
        &a.entity,
        &a.field,
        a.domain,
    )
        .cmp(&(
            b.occurred_at,
            &b.system,
            &b.value,
            &b.entity,
            &b.field,
            b.domain,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn registry() -> Registry {
        let owners: Vec<(Domain, String)> = [
            (Domain::Inventory, "pos"),
            (Domain::Orders, "oms"),
            (Domain::Customers, "crm"),
            (Domain::Catalog, "pim"),
            (Domain::Payments, "psp"),
        ]
        .iter()
        .map(|(d, s)| (*d, s.to_string()))
        .collect();
        let fields = [super::super::FieldRule {
            domain: Domain::Customers,
            field: "marketing_consent".into(),
            owner: None,
        }];
        Registry::new(&owners, &fields, &["pos".into(), "web".into()]).unwrap()
    }

    fn at(s: i64) -> Instant {
        Instant::from_unix_micros(1_795_000_000_000_000 + s * 1_000_000).unwrap()
    }

    fn upd(
        id: &str,
        system: &str,
        domain: Domain,
        field: &str,
        value: &str,
        t: i64,
    ) -> FieldUpdate {
        FieldUpdate {
            update_id: EventId::new(id).unwrap(),
            system: system.into(),
            domain,
            entity: "RED-SHIRT-M".into(),
            field: field.into(),
            value: value.into(),
            occurred_at: at(t),
        }
    }

    #[test]
    fn the_owner_wins_even_when_older_and_the_drift_is_reported() {
        let mut r = Resolver::new(registry());
        r.add(upd("1", "pos", Domain::Inventory, "on_hand", "4", 10))
            .unwrap();
        r.add(upd("2", "web", Domain::Inventory, "on_hand", "6", 20))
            .unwrap();
        let res = r.resolve();
        assert_eq!(res.fields[0].winner.value, "4");
        assert_eq!(res.fields[0].won_by, WonBy::Owner);
        assert_eq!(res.conflicts.len(), 1);
        assert_eq!(res.conflicts[0].overwritten.value, "6");
    }

    #[test]
    fn a_shared_field_takes_the_latest_and_ties_go_to_rank() {
        let mut r = Resolver::new(registry());
        r.add(upd(
            "1",
            "web",
            Domain::Customers,
            "marketing_consent",
            "yes",
            10,
        ))
        .unwrap();
        r.add(upd(
            "2",
            "pos",
            Domain::Customers,
            "marketing_consent",
            "no",
            10,
        ))
        .unwrap();
        let res = r.resolve();
        assert_eq!(res.fields[0].winner.system, "pos");
        assert_eq!(res.fields[0].won_by, WonBy::Latest);
        r.add(upd(
            "3",
            "web",
            Domain::Customers,
            "marketing_consent",
            "yes",
            11,
        ))
        .unwrap();
        assert_eq!(r.resolve().fields[0].winner.value, "yes");
    }

    #[test]
    fn a_field_its_owner_never_reported_takes_the_latest() {
        let mut r = Resolver::new(registry());
        r.add(upd("1", "web", Domain::Catalog, "title", "Red shirt", 5))
            .unwrap();
        r.add(upd("2", "pos", Domain::Catalog, "title", "RED SHIRT M", 9))
            .unwrap();
        let res = r.resolve();
        assert_eq!(res.fields[0].winner.system, "pos");
        assert_eq!(res.fields[0].won_by, WonBy::Latest);
    }

    #[test]
    fn duplicates_are_idempotent_and_conflicting_ones_refused() {
        let mut r = Resolver::new(registry());
        let u = upd("1", "pos", Domain::Inventory, "on_hand", "4", 10);
        assert_eq!(r.add(u.clone()).unwrap(), Arrival::Accepted);
        assert_eq!(r.add(u.clone()).unwrap(), Arrival::Duplicate);
        let mut other = u;
        other.value = "5".into();
        assert_eq!(
            r.add(other).unwrap_err().code(),
            ErrorCode::ConflictingDuplicate
        );
        assert_eq!(r.resolve().refused.len(), 1);
    }

    #[test]
    fn registry_errors_are_found_at_load_time() {
        let two = [
            (Domain::Inventory, "pos".to_string()),
            (Domain::Inventory, "web".to_string()),
        ];
        let err = Registry::new(&two, &[], &[]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidConfiguration);
        assert_eq!(
            err.to_string(),
            "invalid configuration of inventory: two owners: pos and web"
        );
        let one = [(Domain::Inventory, "pos".to_string())];
        let err = Registry::new(&one, &[], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration of owners: no owner for orders, customers, catalog, payments"
        );
    }

    fn updates() -> impl Strategy<Value = Vec<FieldUpdate>> {
        let systems = ["pos", "web", "erp"];
        let fields = [
            (Domain::Inventory, "on_hand"),
            (Domain::Catalog, "price"),
            (Domain::Customers, "marketing_consent"),
        ];
        prop::collection::vec(
            (0usize..3, 0usize..3, 0usize..2, 0u8..4, 0i64..5, 0usize..12),
            1..25,
        )
        .prop_map(move |rows| {
            rows.into_iter()
                .map(|(s, f, e, v, t, id)| {
                    let mut u = upd(
                        &format!("u{id}"),
                        systems[s],
                        fields[f].0,
                        fields[f].1,
                        &v.to_string(),
                        t,
                    );
                    u.entity = format!("E{e}");
                    u
                })
                .collect()
        })
    }

    proptest! {
        /// Any arrival order, in any batches, gives the same fields, the
        /// same conflicts and the same refused duplicates.
        #[test]
        fn resolution_is_order_independent(
            ups in updates(),
            seed in any::<u64>(),
            cut in 0usize..25,
        ) {
            let mut a = Resolver::new(registry());
            a.add_all(ups.clone());
            let mut shuffled = ups;
            // A seeded Fisher–Yates shuffle (core draws no randomness; the test brings its own).
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                shuffled.swap(i, (s % (i as u64 + 1)) as usize);
            }
            let cut = cut.min(shuffled.len());
            let mut b = Resolver::new(registry());
            b.add_all(shuffled[cut..].to_vec());
            b.add_all(shuffled[..cut].to_vec());
            // Replaying everything again changes nothing (idempotent).
            b.add_all(shuffled.clone());
            prop_assert_eq!(a.resolve(), b.resolve());
        }
    }
}
