//! The SKU map: every channel's identifier → one canonical SKU.
//!
//! The POS calls a product 10042, the website RED-SHIRT-M, the scanner reads
//! a GTIN. Each channel has its own identifier rules; a mapping points one
//! external id at one target (a SKU times a quantity factor, or a bundle of
//! components). Conflicts, collisions, invalid rows and unmapped ids are
//! always reported, never dropped.

use super::gtin::Gtin;
use crate::error::{Error, Result};
use crate::ids::{ChannelId, Sku};
use crate::instant::Instant;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// How a channel writes its identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChannelRules {
    /// The channel.
    pub channel: ChannelId,
    /// Compare identifiers case-insensitively (stored upper-case).
    #[serde(default)]
    pub case_fold: bool,
    /// Strip leading zeros from all-digit identifiers (POS codes: 0010042 is 10042).
    #[serde(default)]
    pub strip_leading_zeros: bool,
    /// Identifiers are GTINs: validated and normalised to 14 digits.
    #[serde(default)]
    pub gtin: bool,
}

impl ChannelRules {
    /// The channel's canonical form of `external_id` (always trimmed).
    pub fn normalize(&self, external_id: &str) -> Result<String> {
        canonical(Some(self), external_id).map(Cow::into_owned)
    }
}

/// [`ChannelRules::normalize`] without copying when the id is already
/// canonical (the common case on the translation hot path); a channel
/// without rules is trimmed only.
fn canonical<'a>(rules: Option<&ChannelRules>, external_id: &'a str) -> Result<Cow<'a, str>> {
    let t = external_id.trim();
    if t.is_empty() {
        return Err(Error::InvalidId {
            field: "external_id".into(),
            value: external_id.to_string(),
            reason: "must not be empty".into(),
        });
    }
    let Some(rules) = rules else {
        return Ok(Cow::Borrowed(t));
    };
    if rules.gtin {
        return Ok(Cow::Owned(Gtin::parse(t)?.gtin14()));
    }
    let id: Cow<'a, str> = if rules.case_fold && t.chars().any(char::is_lowercase) {
        Cow::Owned(t.to_uppercase())
    } else {
        Cow::Borrowed(t)
    };
    if rules.strip_leading_zeros && id.bytes().all(|b| b.is_ascii_digit()) && id.starts_with('0') {
        // All zeros keeps one ("000" is 0); otherwise a slice of the input, not a copy.
        return Ok(match id {
            Cow::Borrowed(b) => {
                let stripped = b.trim_start_matches('0');
                Cow::Borrowed(if stripped.is_empty() { "0" } else { stripped })
            }
            Cow::Owned(o) => {
                let stripped = o.trim_start_matches('0');
                Cow::Owned(if stripped.is_empty() {
                    "0".to_string()
                } else {
                    stripped.to_string()
                })
            }
        });
    }
    Ok(id)
}

/// One SKU and how many of it a channel unit stands for.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Component {
    /// The canonical SKU.
    pub sku: Sku,
    /// Units of it per channel unit (a six-pack: 6).
    pub quantity: u32,
}

/// A mapping row as it comes from a file or a channel's API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MappingRow {
    /// The channel.
    pub channel: String,
    /// The channel's stable id for the item (variant or catalog-object id).
    pub external_id: String,
    /// What one channel unit is: one component, or several for a bundle.
    pub components: Vec<ComponentRow>,
    /// The channel's own SKU text, when it has one (not assumed unique).
    #[serde(default)]
    pub channel_sku: Option<String>,
}

/// A component as a row gives it: SKU text and units per channel unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentRow {
    /// The canonical SKU.
    pub sku: String,
    /// Units of it per channel unit (default 1).
    #[serde(default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

/// An external id claimed by two targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MappingConflict {
    /// Row number in the import (0-based).
    pub row: usize,
    /// The channel.
    pub channel: ChannelId,
    /// The external id, in the channel's canonical form.
    pub external_id: String,
    /// What it maps to now.
    pub existing: Vec<Component>,
    /// What the row wanted.
    pub proposed: Vec<Component>,
    /// True when the import said replace and the row won.
    pub replaced: bool,
}

/// A channel SKU used by two stable ids: reported, never merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkuCollision {
    /// The channel.
    pub channel: ChannelId,
    /// The shared channel SKU text.
    pub channel_sku: String,
    /// The stable ids that share it.
    pub external_ids: Vec<String>,
}

/// A row that could not be read, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvalidRow {
    /// Row number in the import (0-based).
    pub row: usize,
    /// Why.
    pub error: Error,
}

/// What an import did with every row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// Rows that created a mapping.
    pub added: usize,
    /// Rows identical to a mapping already there (re-importing a file is a no-op).
    pub unchanged: usize,
    /// Rows that claimed a mapped id for another target (kept or replaced as asked).
    pub conflicts: Vec<MappingConflict>,
    /// Rows that could not be read.
    pub invalid: Vec<InvalidRow>,
    /// Channel SKUs shared by several stable ids, after the import.
    pub collisions: Vec<SkuCollision>,
}

/// Translated lines as columns, plus the rows that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TranslatedColumns {
    /// The input row each line came from.
    pub rows: Vec<usize>,
    /// The canonical SKU of each line.
    pub skus: Vec<Sku>,
    /// The units of each line.
    pub units: Vec<i64>,
    /// Rows that could not be translated, with why.
    pub errors: Vec<InvalidRow>,
}

/// A reference a channel sent (a till's line, a feed's row): its id for an
/// item, the units, and when it was seen (for the unmapped queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelReference {
    /// The channel.
    pub channel: ChannelId,
    /// The channel's id for the item, as it sent it.
    pub external_id: String,
    /// Channel units.
    pub quantity: i64,
    /// When it was seen.
    pub seen_at: Instant,
}

/// An unmapped id waiting for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnmappedEntry {
    /// The channel.
    pub channel: ChannelId,
    /// The id, in the channel's canonical form.
    pub external_id: String,
    /// How many references were seen.
    pub count: u64,
    /// When it was first seen.
    pub first_seen: Instant,
    /// When it was last seen.
    pub last_seen: Instant,
}

/// The SKU map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkuMap {
    rules: BTreeMap<ChannelId, ChannelRules>,
    /// Channel → canonical id → target. Hashed (seedless Fx) and nested so a
    /// lookup borrows the id instead of building a key; every listing built
    /// from it is sorted.
    targets: FxHashMap<ChannelId, FxHashMap<String, Target>>,
    channel_skus: BTreeMap<(ChannelId, String), BTreeSet<String>>,
    retired: BTreeSet<Sku>,
    unmapped: BTreeMap<(ChannelId, String), UnmappedEntry>,
}

/// A stored target. Nearly every mapping is one SKU times a factor; keeping
/// that one component inside the table entry saves a dependent load on
/// every lookup (a cache miss in a million-entry map).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    One(Component),
    Bundle(Box<[Component]>),
}

impl Target {
    fn new(mut components: Vec<Component>) -> Target {
        match components.len() {
            1 => Target::One(components.swap_remove(0)),
            _ => Target::Bundle(components.into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[Component] {
        match self {
            Target::One(c) => std::slice::from_ref(c),
            Target::Bundle(cs) => cs,
        }
    }
}

fn unmapped(channel: &ChannelId, id: &str) -> Error {
    Error::UnmappedId {
        channel: channel.to_string(),
        external_id: id.to_string(),
    }
}

impl SkuMap {
    /// An empty map.
    pub fn new() -> Self {
        SkuMap::default()
    }

    /// Sets a channel's identifier rules (a channel without rules is trimmed only).
    pub fn set_rules(&mut self, rules: ChannelRules) {
        self.rules.insert(rules.channel.clone(), rules);
    }

    /// `external_id` in `channel`'s canonical form (trimmed only when the channel has no rules).
    fn normalize<'a>(&self, channel: &ChannelId, external_id: &'a str) -> Result<Cow<'a, str>> {
        canonical(self.rules.get(channel), external_id)
    }

    fn read_row(&self, row: &MappingRow) -> Result<(ChannelId, String, Vec<Component>)> {
        // A known channel is reused (a reference-count increment), not rebuilt per row.
        let channel = match self.targets.get_key_value(row.channel.as_str()) {
            Some((known, _)) => known.clone(),
            None => ChannelId::new(&row.channel)?,
        };
        let id = self.normalize(&channel, &row.external_id)?.into_owned();
        if row.components.is_empty() {
            return Err(Error::invalid_argument(
                "components",
                "[]",
                "a mapping needs at least one component",
            ));
        }
        let mut components = row
            .components
            .iter()
            .map(|c| {
                if c.quantity == 0 {
                    return Err(Error::invalid_quantity(
                        "quantity",
                        0,
                        "a component needs at least one unit",
                    ));
                }
                Ok(Component {
                    sku: Sku::new(&c.sku)?,
                    quantity: c.quantity,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        components.sort();
        Ok((channel, id, components))
    }

    /// Imports mapping rows. Every row is added, unchanged, a conflict
    /// (the existing mapping stays unless `replace`), or invalid with its
    /// reason; nothing is dropped. Importing the same rows twice changes nothing.
    pub fn import(&mut self, rows: &[MappingRow], replace: bool) -> ImportReport {
        self.import_rows(rows.iter().map(Ok), replace)
    }

    /// [`SkuMap::import`] for rows as a binding reads them: a row that could
    /// not even be read as a mapping row is invalid at its own index.
    pub fn import_rows<R: std::borrow::Borrow<MappingRow>>(
        &mut self,
        rows: impl IntoIterator<Item = Result<R>>,
        replace: bool,
    ) -> ImportReport {
        let mut report = ImportReport::default();
        let mut touched = BTreeSet::new();
        for (i, row) in rows.into_iter().enumerate() {
            let row = match row {
                Ok(row) => row,
                Err(error) => {
                    report.invalid.push(InvalidRow { row: i, error });
                    continue;
                }
            };
            let row = row.borrow();
            let (channel, mut id, components) = match self.read_row(row) {
                Ok(read) => read,
                Err(error) => {
                    report.invalid.push(InvalidRow { row: i, error });
                    continue;
                }
            };
            let ids = self.targets.entry(channel.clone()).or_default();
            match ids.get(&id) {
                Some(existing) if existing.as_slice() == components.as_slice() => {
                    // Counts of rows given: bounded by the slice's length.
                    report.unchanged = report.unchanged.saturating_add(1)
                }
                Some(existing) => {
                    report.conflicts.push(MappingConflict {
                        row: i,
                        channel: channel.clone(),
                        external_id: id.clone(),
                        existing: existing.as_slice().to_vec(),
                        proposed: components.clone(),
                        replaced: replace,
                    });
                    if replace {
                        ids.insert(id.clone(), Target::new(components));
                    }
                }
                None => {
                    let key = if row.channel_sku.is_some() {
                        id.clone()
                    } else {
                        std::mem::take(&mut id)
                    };
                    ids.insert(key, Target::new(components));
                    report.added = report.added.saturating_add(1);
                }
            }
            if let Some(channel_sku) = &row.channel_sku {
                let sku_key = (channel.clone(), channel_sku.trim().to_string());
                self.channel_skus
                    .entry(sku_key.clone())
                    .or_default()
                    .insert(id);
                touched.insert(sku_key);
            }
        }
        report.collisions = touched
            .into_iter()
            .filter_map(|(channel, channel_sku)| {
                let ids = &self.channel_skus[&(channel.clone(), channel_sku.clone())];
                (ids.len() > 1).then(|| SkuCollision {
                    channel,
                    channel_sku,
                    external_ids: ids.iter().cloned().collect(),
                })
            })
            .collect();
        report
    }

    /// What one channel unit of `external_id` is, or `UNMAPPED_ID`.
    pub fn target(&self, channel: &ChannelId, external_id: &str) -> Result<&[Component]> {
        let id = self.normalize(channel, external_id)?;
        self.targets
            .get(channel)
            .and_then(|ids| ids.get(id.as_ref()))
            .map(Target::as_slice)
            .ok_or_else(|| unmapped(channel, &id))
    }

    /// Translates `quantity` channel units into canonical SKUs and units
    /// (multipacks multiplied, bundles expanded); `UNMAPPED_ID` otherwise.
    pub fn translate(
        &self,
        channel: &ChannelId,
        external_id: &str,
        quantity: i64,
    ) -> Result<Vec<(Sku, i64)>> {
        self.target(channel, external_id)?
            .iter()
            .map(|c| {
                quantity
                    .checked_mul(i64::from(c.quantity))
                    .map(|units| (c.sku.clone(), units))
                    .ok_or_else(|| Error::overflow("translate"))
            })
            .collect()
    }

    /// Batch translation: each reference becomes its canonical lines or,
    /// when unmapped, lands in the unmapped queue (counted, with first and
    /// last seen) — and its result says so. Nothing is dropped.
    pub fn translate_batch(&mut self, refs: &[ChannelReference]) -> Vec<Result<Vec<(Sku, i64)>>> {
        refs.iter()
            .map(|r| {
                let result = self.translate(&r.channel, &r.external_id, r.quantity);
                if let Err(Error::UnmappedId { external_id, .. }) = &result {
                    self.queue_unmapped(&r.channel, external_id, r.seen_at);
                }
                result
            })
            .collect()
    }

    /// Every record of the map, sorted (what a snapshot holds).
    pub(crate) fn records(&self) -> super::snapshot::SkuMapRecords {
        let mut mappings: Vec<(ChannelId, String, Vec<Component>)> = self
            .targets
            .iter()
            .flat_map(|(c, ids)| {
                ids.iter()
                    .map(move |(id, t)| (c.clone(), id.clone(), t.as_slice().to_vec()))
            })
            .collect();
        mappings.sort();
        super::snapshot::SkuMapRecords {
            rules: self.rules.values().cloned().collect(),
            mappings,
            channel_skus: self
                .channel_skus
                .iter()
                .map(|((c, s), ids)| (c.clone(), s.clone(), ids.iter().cloned().collect()))
                .collect(),
            retired: self.retired.iter().cloned().collect(),
            unmapped: self.unmapped.values().cloned().collect(),
        }
    }

    /// A map from its records (the inverse of [`SkuMap::records`]).
    pub(crate) fn from_records(r: super::snapshot::SkuMapRecords) -> Result<SkuMap> {
        let mut map = SkuMap::new();
        for rules in r.rules {
            map.set_rules(rules);
        }
        for (channel, id, target) in r.mappings {
            if target.is_empty() || target.iter().any(|c| c.quantity == 0) {
                return Err(Error::InvalidSnapshot {
                    reason: format!("mapping {channel}/{id} has no units"),
                });
            }
            map.targets
                .entry(channel)
                .or_default()
                .insert(id, Target::new(target));
        }
        for (channel, sku, ids) in r.channel_skus {
            map.channel_skus
                .insert((channel, sku), ids.into_iter().collect());
        }
        map.retired = r.retired.into_iter().collect();
        for entry in r.unmapped {
            map.unmapped
                .insert((entry.channel.clone(), entry.external_id.clone()), entry);
        }
        Ok(map)
    }

    /// Columnar translation for bulk loads: one channel, one instant, ids and
    /// quantities as parallel columns. Returns the translated lines as
    /// columns (`rows[k]` is the input row line `k` came from; a bundle gives
    /// several lines for one row) and each failed row with its error;
    /// unmapped ids join the unmapped queue as in [`SkuMap::translate_batch`].
    pub fn translate_columns(
        &mut self,
        channel: &ChannelId,
        external_ids: &[String],
        quantities: &[i64],
        seen_at: Instant,
    ) -> Result<TranslatedColumns> {
        if external_ids.len() != quantities.len() {
            return Err(Error::invalid_argument(
                "quantities",
                format!("{} values", quantities.len()),
                format!("one per external id ({})", external_ids.len()),
            ));
        }
        let mut out = TranslatedColumns {
            rows: Vec::with_capacity(external_ids.len()),
            skus: Vec::with_capacity(external_ids.len()),
            units: Vec::with_capacity(external_ids.len()),
            errors: Vec::new(),
        };
        // The channel's rules and table are looked up once, not per row.
        let rules = self.rules.get(channel);
        let ids = self.targets.get(channel);
        let mut unmapped_seen = Vec::new();
        for (row, (id, &quantity)) in external_ids.iter().zip(quantities).enumerate() {
            // Straight into the columns: no per-row allocation on the hot path.
            let target = canonical(rules, id).and_then(|id| {
                ids.and_then(|ids| ids.get(id.as_ref()))
                    .map(Target::as_slice)
                    .ok_or_else(|| unmapped(channel, &id))
            });
            let translated = target.and_then(|target| {
                for c in target {
                    let units = quantity
                        .checked_mul(i64::from(c.quantity))
                        .ok_or_else(|| Error::overflow("translate"))?;
                    out.rows.push(row);
                    out.skus.push(c.sku.clone());
                    out.units.push(units);
                }
                Ok(())
            });
            match translated {
                Ok(()) => {}
                Err(error) => {
                    if let Error::UnmappedId { external_id, .. } = &error {
                        unmapped_seen.push(external_id.clone());
                    }
                    out.errors.push(InvalidRow { row, error });
                }
            }
        }
        for external_id in unmapped_seen {
            self.queue_unmapped(channel, &external_id, seen_at);
        }
        Ok(out)
    }

    /// Counts one more sighting of an unmapped id.
    fn queue_unmapped(&mut self, channel: &ChannelId, external_id: &str, seen_at: Instant) {
        let entry = self
            .unmapped
            .entry((channel.clone(), external_id.to_string()))
            .or_insert_with(|| UnmappedEntry {
                channel: channel.clone(),
                external_id: external_id.to_string(),
                count: 0,
                first_seen: seen_at,
                last_seen: seen_at,
            });
        entry.count = entry.count.saturating_add(1);
        entry.first_seen = entry.first_seen.min(seen_at);
        entry.last_seen = entry.last_seen.max(seen_at);
    }

    /// The unmapped queue, by channel then id, for a person to work.
    pub fn unmapped_queue(&self) -> Vec<UnmappedEntry> {
        self.unmapped.values().cloned().collect()
    }

    /// Marks a SKU retired: mappings still pointing at it show in coverage.
    pub fn retire(&mut self, sku: Sku) {
        self.retired.insert(sku);
    }

    /// SKUs mapped in some channel but with no identifier in `channel`
    /// (sold at the counter, missing online), and `channel`'s ids that point
    /// at retired SKUs.
    pub fn coverage(&self, channel: &ChannelId) -> (Vec<Sku>, Vec<(String, Sku)>) {
        let mut everywhere = BTreeSet::new();
        let mut here = BTreeSet::new();
        let mut retired = Vec::new();
        let mut sorted: Vec<(&ChannelId, &String, &[Component])> = self
            .targets
            .iter()
            .flat_map(|(c, ids)| ids.iter().map(move |(id, t)| (c, id, t.as_slice())))
            .collect();
        sorted.sort();
        for (c, id, components) in sorted {
            for comp in components {
                everywhere.insert(comp.sku.clone());
                if c == channel {
                    here.insert(comp.sku.clone());
                    if self.retired.contains(&comp.sku) {
                        retired.push((id.clone(), comp.sku.clone()));
                    }
                }
            }
        }
        let missing = everywhere
            .into_iter()
            .filter(|s| !here.contains(s) && !self.retired.contains(s))
            .collect();
        (missing, retired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn ch(s: &str) -> ChannelId {
        ChannelId::new(s).unwrap()
    }

    fn row(channel: &str, id: &str, components: &[(&str, u32)]) -> MappingRow {
        MappingRow {
            channel: channel.into(),
            external_id: id.into(),
            components: components
                .iter()
                .map(|(s, q)| ComponentRow {
                    sku: s.to_string(),
                    quantity: *q,
                })
                .collect(),
            channel_sku: None,
        }
    }

    fn map() -> SkuMap {
        let mut m = SkuMap::new();
        m.set_rules(ChannelRules {
            channel: ch("pos"),
            case_fold: false,
            strip_leading_zeros: true,
            gtin: false,
        });
        m.set_rules(ChannelRules {
            channel: ch("web"),
            case_fold: true,
            strip_leading_zeros: false,
            gtin: false,
        });
        m.set_rules(ChannelRules {
            channel: ch("scan"),
            case_fold: false,
            strip_leading_zeros: false,
            gtin: true,
        });
        m.import(
            &[
                row("pos", "10042", &[("RED-SHIRT-M", 1)]),
                row("web", "red-shirt-m", &[("RED-SHIRT-M", 1)]),
                row("scan", "036000291452", &[("RED-SHIRT-M", 1)]),
                row("web", "SODA-6PK", &[("SODA-CAN", 6)]),
                row("web", "PICNIC", &[("SODA-CAN", 2), ("CUPS-10", 1)]),
            ],
            false,
        );
        m
    }

    #[test]
    fn every_channel_id_reaches_the_same_sku() {
        let m = map();
        let red = vec![(Sku::new("RED-SHIRT-M").unwrap(), 2)];
        assert_eq!(m.translate(&ch("pos"), "0010042", 2).unwrap(), red);
        assert_eq!(m.translate(&ch("web"), " Red-Shirt-M ", 2).unwrap(), red);
        assert_eq!(
            m.translate(&ch("scan"), "0036000291452", 2).unwrap(),
            red,
            "EAN-13 = UPC-A"
        );
        assert_eq!(
            m.translate(&ch("web"), "SODA-6PK", 3).unwrap(),
            vec![(Sku::new("SODA-CAN").unwrap(), 18)]
        );
        assert_eq!(m.translate(&ch("web"), "picnic", 1).unwrap().len(), 2);
        assert_eq!(
            m.translate(&ch("web"), "NOPE", 1).unwrap_err().code(),
            ErrorCode::UnmappedId
        );
        assert_eq!(
            m.translate(&ch("scan"), "036000291453", 1)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidGtin
        );
    }

    #[test]
    fn imports_report_every_row() {
        let mut m = map();
        let again = m.import(&[row("pos", "10042", &[("RED-SHIRT-M", 1)])], false);
        assert_eq!((again.added, again.unchanged), (0, 1));
        let clash = m.import(
            &[
                row("pos", "010042", &[("BLUE-SHIRT-M", 1)]),
                row("pos", "", &[("X", 1)]),
                row("pos", "7", &[("X", 0)]),
            ],
            false,
        );
        assert_eq!(clash.conflicts.len(), 1);
        assert!(!clash.conflicts[0].replaced);
        assert_eq!(
            clash
                .invalid
                .iter()
                .map(|r| (r.row, r.error.code()))
                .collect::<Vec<_>>(),
            [(1, ErrorCode::InvalidId), (2, ErrorCode::InvalidQuantity)]
        );
        assert_eq!(
            m.translate(&ch("pos"), "10042", 1).unwrap()[0].0.as_str(),
            "RED-SHIRT-M",
            "kept"
        );
        let replaced = m.import(&[row("pos", "10042", &[("BLUE-SHIRT-M", 1)])], true);
        assert!(replaced.conflicts[0].replaced);
        assert_eq!(
            m.translate(&ch("pos"), "10042", 1).unwrap()[0].0.as_str(),
            "BLUE-SHIRT-M"
        );
    }

    #[test]
    fn a_shared_channel_sku_is_a_collision_not_a_merge() {
        let mut m = SkuMap::new();
        let mut a = row("web", "variant-1", &[("A", 1)]);
        a.channel_sku = Some("TEE".into());
        let mut b = row("web", "variant-2", &[("B", 1)]);
        b.channel_sku = Some("TEE".into());
        let report = m.import(&[a, b], false);
        assert_eq!(report.added, 2);
        assert_eq!(
            report.collisions[0].external_ids,
            ["variant-1", "variant-2"]
        );
    }

    #[test]
    fn unmapped_ids_queue_up_for_a_person() {
        let mut m = map();
        let t =
            |min: i64| Instant::from_unix_micros(1_795_000_000_000_000 + min * 60_000_000).unwrap();
        let seen = |id: &str, quantity: i64, seen_at: Instant| ChannelReference {
            channel: ch("pos"),
            external_id: id.into(),
            quantity,
            seen_at,
        };
        let results = m.translate_batch(&[
            seen("99999", 1, t(5)),
            seen("099999", 2, t(1)),
            seen("10042", 1, t(2)),
        ]);
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 2);
        let queue = m.unmapped_queue();
        assert_eq!(queue.len(), 1);
        assert_eq!(
            (queue[0].count, queue[0].first_seen, queue[0].last_seen),
            (2, t(1), t(5))
        );
    }

    #[test]
    fn columns_translate_in_bulk_and_queue_the_unmapped() {
        let mut m = map();
        let t = Instant::from_unix_micros(1_795_000_000_000_000).unwrap();
        let ids = ["SODA-6PK", "nope", "PICNIC"].map(String::from);
        let out = m
            .translate_columns(&ch("web"), &ids, &[2, 1, 1], t)
            .unwrap();
        assert_eq!(out.rows, [0, 2, 2]);
        assert_eq!(out.units, [12, 1, 2]);
        assert_eq!(out.errors.len(), 1);
        assert_eq!(
            (out.errors[0].row, out.errors[0].error.code()),
            (1, ErrorCode::UnmappedId)
        );
        assert_eq!(m.unmapped_queue().len(), 1);
        assert!(m.translate_columns(&ch("web"), &ids, &[1], t).is_err());
    }

    #[test]
    fn coverage_finds_gaps_and_retired_targets() {
        let mut m = map();
        m.import(&[row("pos", "20001", &[("MUG", 1)])], false);
        let (missing, _) = m.coverage(&ch("web"));
        assert_eq!(missing, [Sku::new("MUG").unwrap()]);
        m.retire(Sku::new("SODA-CAN").unwrap());
        let (_, retired) = m.coverage(&ch("web"));
        assert_eq!(retired.len(), 2);
    }

    proptest! {
        #[test]
        fn import_is_idempotent_and_translate_conserves_units(
            rows in proptest::collection::vec(("[a-c]{1,2}", "[A-C]", 1u32..7), 1..20),
            quantity in 1i64..50,
        ) {
            let rows: Vec<MappingRow> = rows.iter().map(|(id, sku, q)| row("web", id, &[(sku.as_str(), *q)])).collect();
            let mut m = SkuMap::new();
            m.import(&rows, false);
            let once = m.clone();
            let again = m.import(&rows, false);
            prop_assert_eq!(&m, &once);
            prop_assert_eq!(again.added, 0);
            for r in &rows {
                let target = m.target(&ch("web"), &r.external_id).unwrap().to_vec();
                let lines = m.translate(&ch("web"), &r.external_id, quantity).unwrap();
                let expected: i64 = target.iter().map(|c| quantity * i64::from(c.quantity)).sum();
                prop_assert_eq!(lines.iter().map(|(_, u)| u).sum::<i64>(), expected);
            }
        }
    }
}
