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

use super::super::exception::MatchColumns;
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

/// The settlement lines of one processor batch closed in a partition:
/// what the batch's payout check needs of them, their net and their ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchLines {
    pub(super) processor: String,
    pub(super) batch: String,
    pub(super) currency: Currency,
    #[serde(with = "crate::money::amount_text")]
    pub(super) net: Decimal,
    pub(super) ids: Vec<std::sync::Arc<str>>,
}

/// The matches closed in a partition, column by column, with when each
/// one's settlement line settled (0 for a return): where it falls in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Closed {
    at: Vec<i64>,
    matches: MatchColumns,
}

/// What one partition's tie-out hands on to the merge: the final results
/// of its closed groups, and its residue as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    summary: Vec<CurrencySummary>,
    rows: RowCounts,
    matches: Closed,
    batches: Vec<BatchLines>,
    residue: Input,
}

/// The format tag of a saved part: a reader refuses any other.
const PART_FORMAT: &str = "seamline.reconciliation-part/1";

impl Part {
    /// Rows given to the merge as they are, tied out there with every
    /// partition's residue: what was read outside the partitions (processor
    /// reports read on the driver, with the rows they could not read).
    pub fn unpartitioned(rows: Input) -> Part {
        Part {
            summary: Vec::new(),
            rows: RowCounts::default(),
            matches: Closed {
                at: Vec::new(),
                matches: Matches::default().to_columns(),
            },
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
        self.matches.at.len()
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
    /// or changed text, columns that do not fit together) is `INVALID_SNAPSHOT`.
    /// The seal is checked on the bytes as sent, before they are parsed.
    pub fn from_json(bytes: &[u8]) -> Result<Part> {
        let bad = |reason: String| Error::InvalidSnapshot { reason };
        let head = format!("{{\"format\":\"{PART_FORMAT}\",\"sha256\":\"");
        let rest = bytes.strip_prefix(head.as_bytes()).ok_or_else(|| {
            bad(format!(
                "not a partition's tie-out (it does not start as {PART_FORMAT:?} parts do)"
            ))
        })?;
        let (seal_hex, rest) = rest.split_at_checked(64).unwrap_or((b"", b""));
        let body = rest
            .strip_prefix(b"\",\"part\":")
            .and_then(|r| r.strip_suffix(b"}"))
            .ok_or_else(|| bad("not a partition's tie-out (cut or changed)".into()))?;
        if seal(body).as_bytes() != seal_hex {
            return Err(bad(
                "its content does not match its seal (changed or corrupted)".into(),
            ));
        }
        let part: Part = serde_json::from_slice(body).map_err(|e| {
            bad(format!(
                "not a partition's tie-out ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        let matches = Matches::from_columns(part.matches.matches.clone())
            .filter(|m| m.len() == part.matches.at.len());
        if matches.is_none() {
            return Err(bad("its matches do not fit together".into()));
        }
        Ok(part)
    }
}

/// A key rows join on: an order id, a processor reference, a settlement
/// line's or movement's own id.
type Key<'a> = (u8, &'a str, &'a str);

const ORDER: u8 = b'o';
const REFERENCE: u8 = b'r';
const SETTLEMENT: u8 = b's';
const MOVEMENT: u8 = b'm';

/// The key as [`partition_keys`] lists it: its 64-bit FNV-1a hash (the
/// same on every machine and version). Two keys that hash alike are taken
/// as one: at worst a group is wrongly thought shared and ties out at the
/// merge, which costs time, never exactness.
fn key_hash(k: Key<'_>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    // A separator no id holds (ids are trimmed, printable text) keeps
    // ("ab", "c") and ("a", "bc") apart.
    eat(&[k.0, 0x1f]);
    eat(k.1.as_bytes());
    eat(&[0x1f]);
    eat(k.2.as_bytes());
    h
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

/// Every key the partition's rows join on, as 64-bit hashes, each once,
/// in order: what step 1 collects from each partition to find the keys two
/// partitions share.
pub fn partition_keys(input: &Input, config: &Config) -> Vec<u64> {
    let units = Units::of(input, config);
    let mut keys: Vec<u64> = units.keys.iter().map(|k| key_hash(k.0)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
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
pub fn reconcile_part(input: &Input, config: &Config, shared: &[u64]) -> Result<Part> {
    config.validate()?;
    let mut e = Engine::new(input, config, &[]);
    e.run(1);
    let units = Units::of(input, config);
    let n = units.count(input);
    let group = groups(&units, n);
    // A group stays open if any unit of it is not clean or any key is shared.
    let mut open = vec![false; n];
    let shared: FxHashSet<u64> = shared.iter().copied().collect();
    for &(k, u) in &units.keys {
        if !shared.is_empty() && shared.contains(&key_hash(k)) {
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
    let at = (0..report.matches.len())
        .map(|i| settled_at(&report.matches, i, &settled))
        .collect();
    let mut batches: Vec<BatchLines> = Vec::new();
    let mut batch_of: FxHashMap<(&str, &str, Currency), usize> = FxHashMap::default();
    for l in closed.settlements.iter() {
        let Some(batch) = l
            .batch_id
            .as_ref()
            .filter(|_| l.kind != SettlementKind::Payout)
        else {
            continue;
        };
        let key = (l.processor.as_str(), batch.as_str(), l.currency);
        let at = *batch_of.entry(key).or_insert_with(|| {
            batches.push(BatchLines {
                processor: key.0.to_string(),
                batch: key.1.to_string(),
                currency: key.2,
                net: Decimal::ZERO,
                ids: Vec::new(),
            });
            batches.len() - 1
        });
        batches[at].net += l.net;
        batches[at].ids.push(l.id.shared());
    }
    drop(batch_of);
    let matches = Closed {
        at,
        matches: report.matches.to_columns(),
    };
    Ok(Part {
        summary: report.summary,
        rows: report.rows,
        matches,
        batches,
        residue,
    })
}

/// Where the `i`-th match falls in the report: its phase (charges,
/// refunds, chargebacks, payouts, returns), then when its settlement line
/// settled and the line's id, or, for a return, its order id.
fn place(m: &Matches, i: usize, at: i64) -> (u8, i64, &str) {
    let anchor = m.row(m.span(i).start);
    let phase = match m.kind(i) {
        MatchKind::ChargeByProcessorReference | MatchKind::ChargeByMerchantReference => 0,
        MatchKind::RefundByProcessorReference | MatchKind::RefundByMerchantReference => 1,
        MatchKind::Confirmed => u8::from(anchor.0 == RowKind::Refund),
        MatchKind::ChargebackReversed => 2,
        MatchKind::Payout => 3,
        _ => 4,
    };
    let key = if phase == 4 {
        anchor.1.unwrap_or("")
    } else {
        settlement_of(m, i)
    };
    (phase, at, key)
}

/// The id of the settlement line that orders the `i`-th match: a pair's
/// second row, the first row otherwise.
fn settlement_of(m: &Matches, i: usize) -> &str {
    let span = m.span(i);
    span.clone()
        .map(|k| m.row(k))
        .find(|r| r.0 == RowKind::Settlement)
        .unwrap_or_else(|| m.row(span.start))
        .2
}

fn settled_at(m: &Matches, i: usize, settled: &FxHashMap<&str, i64>) -> i64 {
    if m.kind(i) == MatchKind::Return {
        return 0;
    }
    settled.get(settlement_of(m, i)).copied().unwrap_or(0)
}

/// Step 3: the day's report from every partition's part — in any order —
/// equal to [`reconcile`] over all the rows.
pub fn merge_parts(parts: &[Part], config: &Config) -> Result<Report> {
    config.validate()?;
    let mut residue = Input::default();
    for p in parts {
        residue.orders.extend(p.residue.orders.iter().cloned());
        residue
            .settlements
            .extend(p.residue.settlements.iter().cloned());
        residue
            .movements
            .extend(p.residue.movements.iter().cloned());
        residue.unread.extend(p.residue.unread.iter().cloned());
    }
    let outside: Vec<&BatchLines> = parts.iter().flat_map(|p| &p.batches).collect();
    let mut e = Engine::new(&residue, config, &outside);
    e.run(1);
    let mut report = e.finish();

    // Every match — the residue's and each part's closed ones — placed in
    // the report's order.
    let settled: FxHashMap<&str, i64> = residue
        .settlements
        .iter()
        .map(|l| (l.id.as_str(), l.settled_at.unix_micros()))
        .collect();
    let residue_at: Vec<i64> = (0..report.matches.len())
        .map(|i| settled_at(&report.matches, i, &settled))
        .collect();
    let closed: Vec<Matches> = parts
        .iter()
        .map(|p| {
            Matches::from_columns(p.matches.matches.clone()).ok_or_else(|| Error::InvalidSnapshot {
                reason: "a part's matches do not fit together".into(),
            })
        })
        .collect::<Result<_>>()?;
    let mut sources: Vec<(&Matches, &[i64])> = vec![(&report.matches, &residue_at)];
    for (m, p) in closed.iter().zip(parts) {
        if m.len() != p.matches.at.len() {
            return Err(Error::InvalidSnapshot {
                reason: "a part's matches do not fit together".into(),
            });
        }
        sources.push((m, &p.matches.at));
    }
    let mut order: Vec<((u8, i64, &str), u32, u32)> = Vec::new();
    for (s, (m, at)) in sources.iter().enumerate() {
        for i in 0..m.len() {
            order.push((place(m, i, at[i]), s as u32, i as u32));
        }
    }
    order.sort_unstable();
    let rows = sources.iter().map(|s| s.0.row_count()).sum();
    let mut matches = Matches::with_capacity(order.len(), rows);
    for &(_, s, i) in &order {
        matches.push_from(sources[s as usize].0, i as usize);
    }
    drop(order);
    drop(sources);
    report.matches = matches;

    for p in parts {
        report.rows.add(&p.rows);
        for s in &p.summary {
            match report.summary.iter_mut().find(|t| t.currency == s.currency) {
                Some(t) => t.add(s),
                None => report.summary.push(s.clone()),
            }
        }
    }
    report.summary.sort_by_key(|s| s.currency);
    for s in &mut report.summary {
        s.settle_identities();
    }
    Ok(report)
}
