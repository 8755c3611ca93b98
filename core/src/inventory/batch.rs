//! A batch applied a slice at a time.
//!
//! A server shares one ledger between its event loop and the worker that
//! applies a million-row upload. Holding the ledger for the whole upload
//! would stall every stock read for a second or more; applying it a slice
//! at a time lets readers in between slices. The report is the one
//! [`Ledger::apply_rows`] gives for the whole batch: rows keep their index
//! in the batch, and what the batch revealed is checked once, at the end,
//! over every position it touched.

use super::event::StockEvent;
use super::ledger::Ledger;
use super::report::{BatchReport, RejectedEvent};
use crate::error::Result;
use crate::ids::{LocationId, Sku};
use crate::instant::Instant;
use std::collections::BTreeSet;

/// A batch being applied: give it the rows in slices, then finish it.
#[derive(Debug, Clone)]
pub struct BatchInProgress {
    report: BatchReport,
    /// Positions the batch changed that hold reservations: only they can be over-committed.
    touched: BTreeSet<(Sku, LocationId)>,
    /// The batch index of the next row given.
    next: usize,
    now: Instant,
}

impl BatchInProgress {
    /// A batch judged at `now` (when reservations expire).
    pub fn new(now: Instant) -> Self {
        BatchInProgress {
            report: BatchReport::default(),
            touched: BTreeSet::new(),
            next: 0,
            now,
        }
    }

    /// The number of rows given so far.
    pub fn rows_seen(&self) -> usize {
        self.next
    }

    /// Applies the next rows of the batch to `ledger`: each is applied,
    /// reported as a duplicate, or refused at its index in the whole batch.
    pub fn apply(
        &mut self,
        ledger: &mut Ledger,
        rows: impl IntoIterator<Item = Result<StockEvent>>,
    ) {
        for row in rows {
            let index = self.next;
            self.next = self.next.saturating_add(1);
            let event = match row {
                Ok(event) => event,
                Err(error) => {
                    self.report.rejected.push(RejectedEvent {
                        index,
                        event_id: None,
                        error,
                    });
                    continue;
                }
            };
            let id = event.event_id.clone();
            let key = (event.sku.clone(), event.location.clone());
            match ledger.apply(event) {
                Ok(r) if r.duplicate => self.report.duplicates.push(id),
                Ok(r) => {
                    // One per row given.
                    self.report.applied = self.report.applied.saturating_add(1);
                    self.report.anomalies.extend(r.anomalies);
                    if ledger.holds_reservations(&key.0, &key.1) {
                        self.touched.insert(key);
                    }
                }
                Err(error) => self.report.rejected.push(RejectedEvent {
                    index,
                    event_id: Some(id),
                    error,
                }),
            }
        }
    }

    /// The batch's report, with what it revealed at the positions it
    /// touched as `ledger` stands now.
    pub fn finish(mut self, ledger: &Ledger) -> BatchReport {
        for (sku, location) in &self.touched {
            if let Some(a) = ledger.over_committed(sku, location, self.now) {
                self.report.revealed.push(a);
            }
        }
        self.report
    }
}
