// Record shapes of the daily tie-out. The records the tie-out reads are
// generated from core's table schemas (records.d.ts); what it returns and
// the settings it reads from core's types (results.d.ts). What is declared
// here is the Node package's own: how its calls take their arguments.

import type {
  FulfilledLine,
  Movement,
  Payment,
  ReconOrder,
  Refund,
  ReturnRecord,
  SettlementLine,
} from './records'
import type {
  FulfilledLineColumns,
  MovementColumns,
  PaymentColumns,
  ReconOrderColumns,
  RefundColumns,
  ReturnRecordColumns,
  SettlementLineColumns,
} from './records'
import type { ProcessorReport, ReconConfig } from './results'

export type { FulfilledLine, Movement, Payment, ReconOrder, Refund, ReturnRecord, SettlementLine }
export type {
  FulfilledLineColumns,
  MovementColumns,
  PaymentColumns,
  ReconOrderColumns,
  RefundColumns,
  ReturnRecordColumns,
  SettlementLineColumns,
}

export type {
  Acceptance,
  Buckets,
  ConfirmedMatch,
  CurrencySummary,
  DuplicateRow,
  ErrorDetail,
  Exception,
  Extras,
  FeeRule,
  FileRead,
  Identity,
  Match,
  MatchKind,
  PaymentMethod,
  Pending,
  PendingReason,
  Processor,
  ProcessorReport,
  QueueItem,
  QueueStatus,
  ReasonCode,
  ReconConfig,
  RejectedRow,
  ReportOptions,
  RowAt,
  RowCounts,
  RowKind,
  RowRef,
  SettlementKind,
  Severity,
  SeverityThresholds,
  SkippedRow,
  SettlementSuggestion,
  ReconOrderStatus,
  Threshold,
  UnknownRow,
} from './results'

/** A processor report layout (detected from the header, or forced). */
export type ReportLayout = import('./results').Layout

export type MovementKind = Movement['kind']

/**
 * Where an order stands: `fulfilled` (the default) must be paid in full;
 * `open` may fall short until its capture window ends; `cancelled` owes
 * nothing, so what was captured less what was refunded must be 0.
 */
export type OrderStatus = import('./results').ReconOrderStatus

export interface ReconcileInput {
  orders?: ReconOrder[]
  settlements?: SettlementLine[]
  movements?: Movement[]
  /** Reports `readReport` returned: their lines and unread rows join the tie-out. */
  reports?: ProcessorReport[]
  config: ReconConfig
  /** Threads that tie out (at least 1; default: every core). The result is the same whatever the count. */
  threads?: number
}

/**
 * A table for `reconcileColumns`: Arrow IPC bytes (what `apache-arrow`'s
 * `tableToIPC` writes, read in place) or an object of equal-length arrays
 * keyed by column name — `Columns`, the table's own columns as core's
 * schema declares them (generated: a misspelt column does not compile).
 */
export type ColumnTable<Columns = Record<string, Array<string | number | boolean | Date | null>>> =
  | Uint8Array
  | Columns

export interface ReconcileColumnsInput {
  orders: ColumnTable<ReconOrderColumns>
  payments?: ColumnTable<PaymentColumns>
  fulfilments?: ColumnTable<FulfilledLineColumns>
  returns?: ColumnTable<ReturnRecordColumns>
  refunds?: ColumnTable<RefundColumns>
  settlements?: ColumnTable<SettlementLineColumns>
  movements?: ColumnTable<MovementColumns>
  /** Reports `readReport` returned: their lines and unread rows join the tie-out. */
  reports?: ProcessorReport[]
  config: ReconConfig
  /** Threads that read the tables and tie out (at least 1; default: every core). The result is the same whatever the count. */
  threads?: number
}
