//! Reconciliation: the daily three-way tie-out of orders, processor
//! settlements and stock movements, to the cent. What does not tie out
//! lands in a short exception queue with stable ids, reason codes and
//! severities a person works daily; what is still inside its window waits;
//! every input row ends in exactly one of matched, pending or exception.

mod config;
mod exception;
mod html;
mod input;
mod present;
mod processors;
mod queue;
mod read;
mod summary;
mod tieout;

pub use config::{Config, ConfirmedMatch, FeeRule, SeverityThresholds, Threshold};
pub use exception::{
    from_wire_name, wire_name, Exception, Match, MatchKind, Matches, Pending, PendingReason,
    ReasonCode, RowKind, RowRef, Severity, Suggestion, REFERENCE_COLUMNS,
};
pub use html::{report_html, TOP_EXCEPTIONS};
pub use input::{
    Assembler, FulfilledLine, Input, Movement, MovementKind, Order, OrderHeader, OrderStatus,
    Payment, PaymentMethod, Refund, ReturnRecord, SettlementKind, SettlementLine, Tables,
    UnreadRow,
};
pub use present::{
    exceptions_csv, pending_by_due, pending_csv, summary_text, CSV_COLUMNS, PENDING_COLUMNS,
};
pub use processors::{
    read_report, read_report_files, DuplicateRow, FileRead, Layout, Processor, ProcessorReport,
    RejectedRow, ReportContent, ReportFile, ReportOptions, ReportSource, ReportTable, RowAt,
    SkippedRow, UnknownRow, MAX_CELL, MAX_FILE,
};
pub use queue::{update_queue, Acceptance, QueueItem, QueueStatus};
pub use read::{
    read_columns, read_columns_on, read_records, read_streams_on, record_tables_by_name,
    tables_by_name, thread_count, ColumnTables, RecordReader, FULFILMENTS, MOVEMENTS, ORDERS,
    PAYMENTS, RECORD_TABLES, REFUNDS, RETURNS, SETTLEMENTS, TABLES,
};
pub use summary::{Buckets, CurrencySummary, Identity, RowCounts, IDENTITIES};
pub use tieout::{
    merge_parts, partition_keys, reconcile, reconcile_on, reconcile_part, Part, Report, MAX_AMOUNT,
    ROUTES,
};

#[cfg(test)]
mod part_tests;
#[cfg(test)]
mod tests;
