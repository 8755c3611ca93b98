//! One day's tie-out split across workers and merged exactly.
//!
//! Rows are routed to partitions by [`ROUTES`] (an order with its child
//! rows, and the settlement lines and movements that name it, land
//! together). Three steps then give the report a single process would:
//!
//! 1. Each partition lists the keys its rows join on ([`partition_keys`]);
//!    a key listed by two partitions is *shared* (a reference two orders
//!    in different partitions use, a settlement id read twice).
//! 2. Each partition runs the tie-out ([`reconcile_part`]) and splits its
//!    rows into groups that join only among themselves. A group whose every
//!    row matched cleanly, none of whose keys is shared, is *closed*: its
//!    result cannot depend on any other row, so it is final here — its
//!    summary, row counts and matches, and the batch each of its settlement
//!    lines belongs to. Everything else (exceptions, pending rows, payouts,
//!    shared keys, unread rows) is the partition's *residue*, its rows
//!    passed on as they were read.
//! 3. [`merge_parts`] ties out every residue together, as one input (so
//!    checks across partitions — batch totals with the closed lines' net,
//!    duplicates, unmatched lines and their suggestions — see every row they
//!    would in one run), and adds the closed results: summaries add, row
//!    counts add, matches interleave in the report's order.
//!
//! A routing that splits what belongs together costs only speed (more
//! residue), never exactness.

// Totals of a tie-out's amounts (below MAX_AMOUNT) and counts of rows given.
#![allow(clippy::arithmetic_side_effects)]

use super::super::exception::Match;
use super::*;
use crate::error::Error;

/// Which column routes each table's rows to a partition: the first of the
/// columns listed that is not empty. Rows with the same route value must go
/// to the same partition (hash it); a settlement line or movement is routed
/// by the order it names, so that it lands beside it.
pub const ROUTES: [(&str, &[&str]); 7] = [
    ("orders", &["order_id"]),
    ("payments", &["order_id"]),
    ("fulfilments", &["order_id"]),
    ("returns", &["order_id"]),
    ("refunds", &["order_id"]),
    ("settlements", &["merchant_reference", "id"]),
    ("movements", &["order_reference", "id"]),
];

/// A settlement line of a closed group that belongs to a processor batch:
/// what the batch's payout check needs of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchMember {
    pub(super) processor: String,
    pub(super) batch: String,
    pub(super) currency: Currency,
    #[serde(with = "crate::money::amount_text")]
    pub(super) net: Decimal,
    pub(super) id: String,
}

/// A match closed in a partition, with where it falls in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Placed {
    /// When its settlement line settled (0 for a return).
    at: i64,
    #[serde(flatten)]
    matched: Match,
}

/// What one partition's tie-out hands on to the merge: the final results
/// of its closed groups, and its residue as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    summary: Vec<CurrencySummary>,
    rows: RowCounts,
    matches: Vec<Placed>,
    batches: Vec<BatchMember>,
    residue: Input,
}

/// The format tag of a saved part: a reader refuses any other.
const PART_FORMAT: &str = "seamline.reconciliation-part/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedPart {
    format: String,
    sha256: String,
    part: Part,
}

impl Part {
    /// Rows given to the merge as they are, tied out there with every
    /// partition's residue: what was read outside the partitions (processor
    /// reports read on the driver, with the rows they could not read).
    pub fn unpartitioned(rows: Input) -> Part {
        Part {
            summary: Vec::new(),
            rows: RowCounts::default(),
            matches: Vec::new(),
            batches: Vec::new(),
            residue: rows,
        }
    }

    /// The rows handed on to the merge (the rest closed in the partition).
    pub fn residue(&self) -> &Input {
        &self.residue
    }

    /// How many matches closed in the partition.
    pub fn closed_matches(&self) -> usize {
        self.matches.len()
    }

    /// The part as JSON bytes, tagged and sealed like a saved report, to
    /// send from a worker to the merge.
    pub fn to_json(&self) -> Vec<u8> {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let mut out = Vec::with_capacity(body.len().saturating_add(128));
        out.extend_from_slice(b"{\"format\":\"");
        out.extend_from_slice(PART_FORMAT.as_bytes());
        out.extend_from_slice(b"\",\"sha256\":\"");
        out.extend_from_slice(seal(&body).as_bytes());
        out.extend_from_slice(b"\",\"part\":");
        out.extend_from_slice(&body);
        out.push(b'}');
        out
    }

    /// A part [`Part::to_json`] wrote; anything else (another format, a cut
    /// or changed text) is `INVALID_SNAPSHOT`.
    pub fn from_json(bytes: &[u8]) -> Result<Part> {
        let bad = |reason: String| Error::InvalidSnapshot { reason };
        let saved: SavedPart = serde_json::from_slice(bytes).map_err(|e| {
            bad(format!(
                "not a partition's tie-out ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        if saved.format != PART_FORMAT {
            return Err(bad(format!(
                "format {:?}, not {PART_FORMAT:?}",
                crate::input::shown(&saved.format, false)
            )));
        }
        let body = serde_json::to_vec(&saved.part).unwrap_or_default();
        if seal(&body) != saved.sha256 {
            return Err(bad(
                "its content does not match its seal (changed or corrupted)".into(),
            ));
        }
        Ok(saved.part)
    }
}

/// A key rows join on: an order id, a processor reference, a settlement
/// line's or movement's own id.
type Key<'a> = (u8, &'a str, &'a str);

const ORDER: u8 = b'o';
const REFERENCE: u8 = b'r';
const SETTLEMENT: u8 = b's';
const MOVEMENT: u8 = b'm';

/// The key as the text [`partition_keys`] lists.
fn render(k: Key<'_>) -> String {
    let mut s = String::with_capacity(k.1.len() + k.2.len() + 3);
    s.push(k.0 as char);
    s.push(':');
    s.push_str(k.1);
    if k.0 == REFERENCE {
        s.push('\u{1f}');
        s.push_str(k.2);
    }
    s
}

/// The rows of a partition as units (an order with its children, a
/// settlement line, a movement), each with the keys it joins on.
struct Units<'a> {
    orders: usize,
    settlements: usize,
    keys: Vec<(Key<'a>, u32)>,
}

impl<'a> Units<'a> {
    fn of(input: &'a Input, config: &'a Config) -> Self {
        let mut keys = Vec::new();
        for (o, order) in input.orders.iter().enumerate() {
            let u = o as u32;
            keys.push(((ORDER, order.order_id.as_str(), ""), u));
            let refs = order
                .payments
                .iter()
                .map(|p| (&p.processor, &p.processor_reference))
                .chain(
                    order
                        .refunds
                        .iter()
                        .map(|r| (&r.processor, &r.processor_reference)),
                );
            for (p, r) in refs {
                if let (Some(p), Some(r)) = (p, r) {
                    keys.push(((REFERENCE, p.as_str(), r.as_str()), u));
                }
            }
        }
        let confirmed: FxHashMap<&str, &str> = config
            .confirmed_matches
            .iter()
            .map(|c| (c.settlement_id.as_str(), c.order_id.as_str()))
            .collect();
        let base = input.orders.len();
        for (s, line) in input.settlements.iter().enumerate() {
            let u = (base + s) as u32;
            keys.push(((SETTLEMENT, line.id.as_str(), ""), u));
            if let Some(r) = &line.processor_reference {
                keys.push(((REFERENCE, line.processor.as_str(), r.as_str()), u));
            }
            if let Some(m) = &line.merchant_reference {
                keys.push(((ORDER, m.as_str(), ""), u));
            }
            if let Some(o) = confirmed.get(line.id.as_str()) {
                keys.push(((ORDER, o, ""), u));
            }
        }
        let base = base + input.settlements.len();
        for (m, mv) in input.movements.iter().enumerate() {
            let u = (base + m) as u32;
            keys.push(((MOVEMENT, mv.id.as_str(), ""), u));
            if let Some(o) = &mv.order_reference {
                keys.push(((ORDER, o.as_str(), ""), u));
            }
        }
        Units {
            orders: input.orders.len(),
            settlements: input.settlements.len(),
            keys,
        }
    }

    fn count(&self, input: &Input) -> usize {
        self.orders + self.settlements + input.movements.len()
    }
}

/// Every key the partition's rows join on, each once, in order: what step 1
/// collects from each partition to find the keys two partitions share.
pub fn partition_keys(input: &Input, config: &Config) -> Vec<String> {
    let units = Units::of(input, config);
    let mut keys: Vec<Key<'_>> = units.keys.iter().map(|k| k.0).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().map(render).collect()
}

/// The group of each unit (units joined by a key, directly or through
/// others): a union-find over the units, each named by its group's first.
fn groups(units: &Units<'_>, n: usize) -> Vec<u32> {
    fn root(parent: &mut [u32], mut u: u32) -> u32 {
        while parent[u as usize] != u {
            let up = parent[parent[u as usize] as usize];
            parent[u as usize] = up;
            u = up;
        }
        u
    }
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut first: FxHashMap<Key<'_>, u32> = FxHashMap::default();
    first.reserve(units.keys.len());
    for &(k, u) in &units.keys {
        match first.get(&k) {
            Some(&v) => {
                let (a, b) = (root(&mut parent, u), root(&mut parent, v));
                if a != b {
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
            None => {
                first.insert(k, u);
            }
        }
    }
    for u in 0..n as u32 {
        let r = root(&mut parent, u);
        parent[u as usize] = r;
    }
    parent
}

impl Engine<'_> {
    /// Whether order `o` and all its rows matched cleanly, its card and
    /// wallet tenders paired with their settlements.
    fn order_clean(&self, o: usize) -> bool {
        let all = |status: &[u8], at: &[u32]| {
            status[at[o] as usize..at[o + 1] as usize]
                .iter()
                .all(|&s| s == MATCHED)
        };
        let tenders_paired = |matched: &[bool], at: &[u32], refunds: bool| {
            let order = &self.input.orders[o];
            (0..tender_count(order, refunds)).all(|j| {
                let v = tender_view(order, refunds, j);
                !(v.method.settles() && v.processor.is_some()) || matched[at[o] as usize + j]
            })
        };
        self.order_status[o] == MATCHED
            && all(&self.pay_status, &self.pay_at)
            && all(&self.refund_status, &self.refund_at)
            && all(&self.return_status, &self.return_at)
            && all(&self.fulfil_status, &self.fulfil_at)
            && tenders_paired(&self.pay_matched, &self.pay_at, false)
            && tenders_paired(&self.refund_matched, &self.refund_at, true)
    }
}

/// Step 2: one partition's tie-out, with the keys step 1 found shared.
/// Fails only on an invalid configuration, like [`reconcile`].
pub fn reconcile_part(input: &Input, config: &Config, shared: &[String]) -> Result<Part> {
    config.validate()?;
    let mut e = Engine::new(input, config, &[]);
    e.run();
    let units = Units::of(input, config);
    let n = units.count(input);
    let group = groups(&units, n);
    // A group stays open if any unit of it is not clean or any key is shared.
    let mut open = vec![false; n];
    let shared: FxHashSet<&str> = shared.iter().map(String::as_str).collect();
    for &(k, u) in &units.keys {
        if !shared.is_empty() && shared.contains(render(k).as_str()) {
            open[group[u as usize] as usize] = true;
        }
    }
    for o in 0..units.orders {
        if !e.order_clean(o) {
            open[group[o] as usize] = true;
        }
    }
    for (s, line) in input.settlements.iter().enumerate() {
        let u = units.orders + s;
        if e.settlement_status[s] != MATCHED || line.kind == SettlementKind::Payout {
            open[group[u] as usize] = true;
        }
    }
    for m in 0..input.movements.len() {
        let u = units.orders + units.settlements + m;
        if e.movement_status[m] != MATCHED {
            open[group[u] as usize] = true;
        }
    }
    let is_open = |u: usize| open[group[u] as usize];

    let mut closed = Input::default();
    let mut residue = Input {
        unread: input.unread.clone(),
        ..Input::default()
    };
    for (o, order) in input.orders.iter().enumerate() {
        let to = if is_open(o) {
            &mut residue
        } else {
            &mut closed
        };
        to.orders.push(order.clone());
    }
    for (s, line) in input.settlements.iter().enumerate() {
        let to = if is_open(units.orders + s) {
            &mut residue
        } else {
            &mut closed
        };
        to.settlements.push(line.clone());
    }
    for (m, mv) in input.movements.iter().enumerate() {
        let to = if is_open(units.orders + units.settlements + m) {
            &mut residue
        } else {
            &mut closed
        };
        to.movements.push(mv.clone());
    }
    drop(e);

    // The closed groups on their own: the same results they had beside the
    // rest, since nothing joins them to it. Should any of them not come out
    // clean after all, the partition keeps nothing closed.
    let report = reconcile(&closed, config)?;
    if !report.exceptions.is_empty() || !report.pending.is_empty() {
        return Ok(Part::unpartitioned(input.clone()));
    }
    let settled: FxHashMap<&str, i64> = closed
        .settlements
        .iter()
        .map(|l| (l.id.as_str(), l.settled_at.unix_micros()))
        .collect();
    let matches = report
        .matches
        .iter()
        .map(|m| Placed {
            at: settled_at(&m, &settled),
            matched: m,
        })
        .collect();
    let batches = closed
        .settlements
        .iter()
        .filter(|l| l.kind != SettlementKind::Payout)
        .filter_map(|l| {
            Some(BatchMember {
                processor: l.processor.as_str().to_string(),
                batch: l.batch_id.as_ref()?.as_str().to_string(),
                currency: l.currency,
                net: l.net,
                id: l.id.as_str().to_string(),
            })
        })
        .collect();
    Ok(Part {
        summary: report.summary,
        rows: report.rows,
        matches,
        batches,
        residue,
    })
}

/// Where a match falls in the report: its phase (charges, refunds,
/// chargebacks, payouts, returns), then when its settlement line settled
/// and the line's id, or, for a return, its order id.
fn place(m: &Match, at: i64) -> (u8, i64, &str) {
    let phase = match m.kind {
        MatchKind::ChargeByProcessorReference | MatchKind::ChargeByMerchantReference => 0,
        MatchKind::RefundByProcessorReference | MatchKind::RefundByMerchantReference => 1,
        MatchKind::Confirmed => u8::from(m.rows[0].kind == RowKind::Refund),
        MatchKind::ChargebackReversed => 2,
        MatchKind::Payout => 3,
        _ => 4,
    };
    let key = if phase == 4 {
        m.rows[0].order_id.as_deref().unwrap_or("")
    } else {
        &settlement_of(m).id
    };
    (phase, at, key)
}

/// The settlement line that orders a match: a pair's second row, the first
/// row otherwise.
fn settlement_of(m: &Match) -> &RowRef {
    m.rows
        .iter()
        .find(|r| r.kind == RowKind::Settlement)
        .unwrap_or(&m.rows[0])
}

fn settled_at(m: &Match, settled: &FxHashMap<&str, i64>) -> i64 {
    if m.kind == MatchKind::Return {
        return 0;
    }
    settled.get(&*settlement_of(m).id).copied().unwrap_or(0)
}

/// Step 3: the day's report from every partition's part — in any order —
/// equal to [`reconcile`] over all the rows.
pub fn merge_parts(parts: &[Part], config: &Config) -> Result<Report> {
    config.validate()?;
    let mut residue = Input::default();
    let mut outside = Vec::new();
    for p in parts {
        residue.orders.extend(p.residue.orders.iter().cloned());
        residue
            .settlements
            .extend(p.residue.settlements.iter().cloned());
        residue
            .movements
            .extend(p.residue.movements.iter().cloned());
        residue.unread.extend(p.residue.unread.iter().cloned());
        outside.extend(p.batches.iter().cloned());
    }
    let mut e = Engine::new(&residue, config, &outside);
    e.run();
    let mut report = e.finish();

    let settled: FxHashMap<&str, i64> = residue
        .settlements
        .iter()
        .map(|l| (l.id.as_str(), l.settled_at.unix_micros()))
        .collect();
    let mut all: Vec<(i64, Match)> = report
        .matches
        .iter()
        .map(|m| (settled_at(&m, &settled), m))
        .collect();
    for p in parts {
        all.extend(p.matches.iter().map(|m| (m.at, m.matched.clone())));
        report.rows.add(&p.rows);
        for s in &p.summary {
            match report.summary.iter_mut().find(|t| t.currency == s.currency) {
                Some(t) => t.add(s),
                None => report.summary.push(s.clone()),
            }
        }
    }
    all.sort_by(|a, b| place(&a.1, a.0).cmp(&place(&b.1, b.0)));
    report.matches = Matches::from_list(all.into_iter().map(|m| m.1).collect());
    report.summary.sort_by_key(|s| s.currency);
    for s in &mut report.summary {
        s.settle_identities();
    }
    Ok(report)
}
