//! Large CSV report files read side by side. A file is cut at record
//! boundaries into parts; each part is read on its own thread with the
//! records that set its state read first (the header; for PayPal, the
//! column header in force where the part starts), and the parts are joined
//! in file order. Ids are numbered only then, over the whole file, so a
//! line's id never depends on where a cut fell.
//!
//! The result is the one reading the file from start to end gives, for
//! every thread count: each cut is checked against the reading itself (the
//! record before a cut ends at it, and PayPal's column headers are where
//! the plan assumed them); a file whose cuts do not hold is read again in
//! one piece. Cuts are found by quote parity, which RFC 4180 quoting makes
//! exact; a stray quote inside a cell only costs that second reading.

use super::adyen;
use super::paypal;
use super::sheet::{self, Reached, Span, MAX_FILE, MAX_PREAMBLE};
use super::stripe;
use super::{
    line_id, DuplicateRow, Error, Layout, Processor, ProcessorReport, RejectedRow, ReportFile,
    ReportSource, Result, RowAt, SkippedRow, UnknownRow,
};
use crate::ids::RecordId;
use crate::reconciliation::input::SettlementLine;
use csv::StringRecord;
use rustc_hash::{FxHashMap, FxHashSet};

/// The smallest part a file is cut into: below this a thread costs more
/// than it saves.
pub(super) const MIN_PART: usize = 4 << 20;

/// The most column headers a PayPal file is cut around (one per section).
const MAX_FRAMES: usize = 1_000;

/// What one reading covers: a file, its span, and the records read first.
pub(crate) struct Part<'a> {
    /// The file's name.
    pub name: &'a str,
    /// Its content.
    pub source: ReportSource<'a>,
    /// The bytes this part reads (the whole file for records).
    pub span: Span,
    /// Records read before the part's own, with their lines: the state in
    /// force at its start.
    pub prelude: &'a [(u64, StringRecord)],
}

/// What the rows of one part became, each list in row order.
#[derive(Default)]
pub(crate) struct PartOut {
    /// Lines, each with the id of its key's first occurrence.
    pub lines: Vec<SettlementLine>,
    /// Per line: the content key its id is made from, when the id does not
    /// spell it (else the id is the key).
    pub keys: Vec<Option<String>>,
    /// Per line: its row's line.
    pub at: Vec<u64>,
    /// Per line made or refused for its id, in row order: its key's digest
    /// and its place in `lines`.
    pub occurrences: Vec<(u64, Option<usize>)>,
    /// The digests of `occurrences`, sorted.
    pub sorted: Vec<u64>,
    /// Rows of an unknown type.
    pub unknown: Vec<UnknownRow>,
    /// Rows that could not be read.
    pub rejected: Vec<RejectedRow>,
    /// Rows that move no money.
    pub skipped: Vec<SkippedRow>,
    /// Stripe partial-capture reversals by row line, counted in their
    /// charges once the whole report is read.
    pub reversals: Vec<(u64, SettlementLine)>,
    /// Rows read (the prelude not counted).
    pub rows: u64,
    /// Lines of records that set state (see [`super::Sink::frame`]).
    pub frames: Vec<u64>,
}

impl PartOut {
    /// An empty output with room for one line per line break of the part,
    /// so a million lines are not copied as the list grows.
    pub(super) fn for_part(part: &Part<'_>) -> PartOut {
        let room = match part.source {
            ReportSource::Bytes(b) => {
                let b = sheet::strip_bom(b);
                let end = part.span.stop.unwrap_or(b.len()).min(b.len());
                b.get(part.span.start..end)
                    .map_or(0, |s| sheet::count(s, b'\n'))
            }
            ReportSource::Table(t) => t.rows(),
            ReportSource::Records(_) => 0,
        };
        PartOut {
            lines: Vec::with_capacity(room),
            keys: Vec::with_capacity(room),
            at: Vec::with_capacity(room),
            occurrences: Vec::with_capacity(room),
            ..PartOut::default()
        }
    }

    /// Sorts the digests (on the part's own thread).
    fn sorted(mut self) -> PartOut {
        self.sorted = self.occurrences.iter().map(|o| o.0).collect();
        self.sorted.sort_unstable();
        self
    }
}

/// One reading of a part: its layout, its rows, how it ended.
type Reading = (Layout, PartOut, Reached);

/// Reads one file with `read`, in parts on up to `threads` threads when it
/// is CSV of at least two parts of `min_part` bytes; its layout and parts.
pub(super) fn read_file(
    processor: Processor,
    file: &ReportFile<'_>,
    threads: usize,
    min_part: usize,
    read: &(dyn Fn(&Part<'_>) -> Result<Reading> + Sync),
) -> Result<(Layout, Vec<PartOut>)> {
    let whole = || -> Result<(Layout, Vec<PartOut>)> {
        let part = Part {
            name: file.name,
            source: file.source,
            span: Span::WHOLE,
            prelude: &[],
        };
        let (layout, out, _) = read(&part)?;
        Ok((layout, vec![out.sorted()]))
    };
    let plan = match file.source {
        ReportSource::Bytes(b) if threads > 1 => plan(processor, b, threads, min_part),
        _ => None,
    };
    let Some(plan) = plan else {
        return whole();
    };
    let parts: Vec<Part<'_>> = plan
        .spans
        .iter()
        .zip(&plan.preludes)
        .map(|(span, prelude)| Part {
            name: file.name,
            source: file.source,
            span: *span,
            prelude,
        })
        .collect();
    let run = |p: &Part<'_>| read(p).map(|(l, o, r)| (l, o.sorted(), r));
    let results: Vec<Result<Reading>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .skip(1)
            .map(|p| {
                (
                    p,
                    std::thread::Builder::new().spawn_scoped(s, move || run(p)),
                )
            })
            .collect();
        let mut results = Vec::with_capacity(parts.len());
        results.extend(parts.first().map(run));
        for (p, handle) in handles {
            results.push(match handle {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this part is read here.
                Err(_) => run(p),
            });
        }
        results
    });
    let last = results.len().saturating_sub(1);
    let mut layout = None;
    let mut frames: Vec<u64> = Vec::new();
    let mut pieces = Vec::with_capacity(results.len());
    for (i, (result, span)) in results.into_iter().zip(&plan.spans).enumerate() {
        // The state the plan gave this part must be the file's there.
        let expected = plan.frames.iter().take_while(|&&f| f < span.first_line);
        if !frames.iter().eq(expected) {
            return whole();
        }
        let (l, out, reached) = result?;
        let held = if i == last {
            reached == Reached::End
        } else {
            reached == Reached::Stop
        };
        if !held {
            return whole();
        }
        frames.extend(out.frames.iter().filter(|&&f| f >= span.first_line));
        layout.get_or_insert(l);
        pieces.push(out);
    }
    match layout {
        Some(layout) if frames == plan.frames => Ok((layout, pieces)),
        _ => whole(),
    }
}

/// Where a file is cut and what each part reads first.
struct Plan {
    spans: Vec<Span>,
    preludes: Vec<Vec<(u64, StringRecord)>>,
    /// The lines of every PayPal column header the plan assumed.
    frames: Vec<u64>,
}

/// How to read CSV bytes in parts, or `None` when they are one part (too
/// small, JSON, no header found among the first records, too many
/// sections): the file is then read in one piece, which also gives its
/// errors.
fn plan(processor: Processor, raw: &[u8], threads: usize, min_part: usize) -> Option<Plan> {
    if raw.len() > MAX_FILE || sheet::looks_json(raw) {
        return None;
    }
    let bytes = sheet::strip_bom(raw);
    let parts = threads.min(bytes.len().checked_div(min_part.max(1)).unwrap_or(0));
    if parts < 2 {
        return None;
    }
    let within = MAX_PREAMBLE.saturating_add(1);
    let (from, heads): (usize, Vec<(usize, u64, StringRecord)>) = match processor {
        Processor::Stripe | Processor::Adyen => {
            let is: &dyn Fn(&StringRecord) -> bool = if processor == Processor::Stripe {
                &stripe::is_header
            } else {
                &adyen::is_header
            };
            let (line, header, end) = sheet::first_record(raw, within, is).ok().flatten()?;
            (end, vec![(0, line, header)])
        }
        Processor::Paypal => {
            let at = paypal::column_headers(bytes);
            if at.len() > MAX_FRAMES {
                return None;
            }
            let mut heads = Vec::with_capacity(at.len());
            let (mut line, mut counted) = (1u64, 0usize);
            for p in at {
                let before = bytes.get(counted..p)?;
                let breaks = sheet::count(before, b'\n');
                line = line.saturating_add(u64::try_from(breaks).ok()?);
                counted = p;
                heads.push((p, line, sheet::record_at(bytes, p)?));
            }
            (heads.first()?.0.saturating_add(1), heads)
        }
    };
    let cuts = sheet::cuts(bytes, from, parts);
    if cuts.is_empty() {
        return None;
    }
    let mut spans = Vec::with_capacity(cuts.len().saturating_add(1));
    let mut preludes = vec![Vec::new()];
    let mut start = (0usize, 1u64);
    for &(at, line) in &cuts {
        spans.push(Span {
            start: start.0,
            stop: Some(at),
            first_line: start.1,
        });
        start = (at, line);
        // The first header (PayPal's layout comes from it), then the one in
        // force at the cut when that is another.
        let in_force = heads.iter().rev().find(|h| h.0 < at);
        let mut prelude: Vec<(u64, StringRecord)> = heads
            .first()
            .map(|h| (h.1, h.2.clone()))
            .into_iter()
            .collect();
        if let Some(h) = in_force.filter(|h| Some(h.1) != heads.first().map(|f| f.1)) {
            prelude.push((h.1, h.2.clone()));
        }
        preludes.push(prelude);
    }
    spans.push(Span {
        start: start.0,
        stop: None,
        first_line: start.1,
    });
    let frames = match processor {
        Processor::Paypal => heads.iter().map(|h| h.1).collect(),
        _ => Vec::new(),
    };
    Some(Plan {
        spans,
        preludes,
        frames,
    })
}

/// Joins a file's parts into the report: numbers each line whose key came
/// before in the file (`#2`, `#3`… in row order), then adds the lines —
/// across files, a line already read becomes a duplicate — and the other
/// rows, every list in row order.
pub(super) fn join(
    out: &mut ProcessorReport,
    seen: &mut FxHashMap<RecordId, usize>,
    across: bool,
    file: &str,
    mut pieces: Vec<PartOut>,
) {
    let first_rejected = out.rejected.len();
    let renumbered = number(out.processor, file, &mut pieces);
    for mut piece in pieces {
        if !across {
            if out.lines.is_empty() {
                out.lines = std::mem::take(&mut piece.lines);
            } else {
                out.lines.append(&mut piece.lines);
            }
        } else {
            for (settlement, line) in piece.lines.into_iter().zip(piece.at) {
                let at = RowAt {
                    file: file.to_string(),
                    line,
                };
                match seen.get(&settlement.id) {
                    Some(&i) if out.lines.get(i) == Some(&settlement) => {
                        let id = settlement.id;
                        out.duplicates.push(DuplicateRow { at, id });
                    }
                    Some(_) => out.rejected.push(RejectedRow {
                        at,
                        error: Error::invalid_argument(
                            "id",
                            settlement.id.as_str(),
                            "another file of this report has a line with this id and different amounts or times",
                        ),
                    }),
                    None => {
                        seen.insert(settlement.id.clone(), out.lines.len());
                        out.lines.push(settlement);
                    }
                }
            }
        }
        out.unknown.append(&mut piece.unknown);
        out.rejected.append(&mut piece.rejected);
        out.skipped.append(&mut piece.skipped);
    }
    out.rejected.extend(renumbered);
    if let Some(rejected) = out.rejected.get_mut(first_rejected..) {
        // The file's rows in row order, whichever step refused them.
        rejected.sort_by_key(|r| r.at.line);
    }
}

/// Gives the `n`th line of a key in the file (n ≥ 2) its numbered id; a
/// line whose numbered id cannot be made leaves the lines and is returned
/// as a rejected row.
fn number(processor: Processor, file: &str, pieces: &mut [PartOut]) -> Vec<RejectedRow> {
    // The digests seen more than once: the parts' sorted lists merged (the
    // stable sort takes them as runs).
    let mut all: Vec<u64> = Vec::with_capacity(pieces.iter().map(|p| p.sorted.len()).sum());
    for p in pieces.iter_mut() {
        all.append(&mut p.sorted);
    }
    all.sort();
    let repeated: FxHashSet<u64> = all
        .windows(2)
        .filter(|w| w.first() == w.get(1))
        .filter_map(|w| w.first().copied())
        .collect();
    drop(all);
    let mut rejected = Vec::new();
    if repeated.is_empty() {
        return rejected;
    }
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for piece in pieces.iter_mut() {
        let mut refused: Vec<usize> = Vec::new();
        for &(d, slot) in &piece.occurrences {
            if !repeated.contains(&d) {
                continue;
            }
            let n = counts.entry(d).or_insert(0);
            *n = n.saturating_add(1);
            let Some(i) = slot.filter(|_| *n > 1) else {
                continue;
            };
            let (Some(line), Some(key)) = (piece.lines.get_mut(i), piece.keys.get(i)) else {
                continue;
            };
            let key = key.as_deref().unwrap_or(line.id.as_str()).to_string();
            match line_id(processor, &key, *n) {
                Ok(id) => line.id = id,
                Err(error) => {
                    refused.push(i);
                    let at = RowAt {
                        file: file.to_string(),
                        line: piece.at.get(i).copied().unwrap_or(0),
                    };
                    rejected.push(RejectedRow { at, error });
                }
            }
        }
        if !refused.is_empty() {
            let keep = |i: &usize| refused.binary_search(i).is_err();
            let mut i = 0usize;
            piece.lines.retain(|_| {
                let k = keep(&i);
                i = i.saturating_add(1);
                k
            });
            let mut i = 0usize;
            piece.at.retain(|_| {
                let k = keep(&i);
                i = i.saturating_add(1);
                k
            });
        }
    }
    rejected
}
