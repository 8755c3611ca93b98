// Types of the public entry. Function declarations are generated from the
// Rust sources into native.d.ts (CI fails when it drifts).
export {
  Ledger,
  SkuMap,
  PriceTable,
  OrderBook,
  Resolver,
  CustomerBook,
  Reconciliation,
  reconcile,
  reconcileColumns,
  reconcileAsync,
  reconcileColumnsAsync,
  readReport,
  reportLinesArrow,
  normalizeEmail,
  normalizePhone,
  normalizeLoyalty,
  hashIdentifier,
  priceMismatches,
  syncHealth,
  sourceOrder,
  recommendBuffer,
  oversellProbability,
  maxExposure,
  publishedQuantity,
  bufferUnits,
  addMoney,
  subtractMoney,
  roundMoney,
  allocateMoney,
  minorUnits,
  normalizeSku,
  normalizeGtin,
  expandUpcE,
  gtinRange,
  canonicalInstant,
  Money,
} from './native'
export type { MappingRow, ImportReport, PriceEntry, Promotion, MismatchRules, ObservedPrice, MismatchReport } from './catalog'
export type {
  Order,
  OrderLine,
  OrderEvent,
  OrderEventBase,
  Fulfilment,
  Disposition,
  LineQuantity,
  OrderState,
  Transition,
  LedgerTransition,
  LineStatus,
  OrderStatus,
  OrderBatchReport,
  Domain,
  FieldRule,
  FieldUpdate,
  Resolution,
} from './orders'
export type {
  CustomerRecord,
  IdentifierInput,
  HashConvention,
  LinkPolicy,
  Correction,
  CorrectionEffect,
  PointsEvent,
  UnclaimedPoints,
  Profile,
  Scoring,
  Suggestion,
  Suggestions,
  Resolution as CustomerResolution,
} from './customers'
export type {
  ReconcileInput,
  ReconcileColumnsInput,
  ColumnTable,
  ReconOrderColumns,
  PaymentColumns,
  FulfilledLineColumns,
  ReturnRecordColumns,
  RefundColumns,
  SettlementLineColumns,
  MovementColumns,
  ReconOrder,
  ReconConfig,
  Payment,
  PaymentMethod,
  FulfilledLine,
  ReturnRecord,
  Refund,
  SettlementLine,
  SettlementKind,
  Movement,
  MovementKind,
  FeeRule,
  RowRef,
  RowKind,
  RowAt,
  ReasonCode,
  Exception,
  Pending,
  Match,
  CurrencySummary,
  Identity,
  RowCounts,
  Buckets,
  Acceptance,
  QueueItem,
  ProcessorReport,
  ReportOptions,
  ReportLayout,
  ErrorDetail,
  Severity,
  MatchKind,
  PendingReason,
  QueueStatus,
  Processor,
  FileRead,
  DuplicateRow,
  UnknownRow,
  RejectedRow,
  SkippedRow,
  SettlementSuggestion,
  SeverityThresholds,
  Threshold,
  ConfirmedMatch,
  Extras,
} from './reconciliation'
export type { BufferPolicy, FixedBufferPolicy, PercentBufferPolicy, VelocityBufferPolicy } from './policy'
export type {
  StockEvent,
  StockEventBase,
  StockLevel,
  Anomaly,
  ApplyReport,
  RejectedEvent,
  BatchReport,
  Publication,
  HistoryLine,
  StockEventColumns,
  SyncObservation,
  SyncIssue,
  CartReservation,
  CartLineOutcome,
  SourcingLine,
  Destination,
  SourcingNode,
  SourcingPlan,
  LocationInfo,
  ChannelConfig,
  ChannelPublication,
  AdjustReason,
  CartLine,
  FulfilmentMethod,
  LocationKind,
  NodePublication,
  ReservationState,
  SourcingAllocation,
  SourcingMethod,
  SourcingShipment,
} from './ledger'

/** A stable Seamline error code. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_TYPE'
  | 'INVALID_AMOUNT'
  | 'INVALID_SKU'
  | 'INVALID_ID'
  | 'INVALID_QUANTITY'
  | 'INVALID_TIMESTAMP'
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'ARITHMETIC_OVERFLOW'
  | 'INSUFFICIENT_STOCK'
  | 'CONFLICTING_DUPLICATE'
  | 'STALE_QUANTITY'
  | 'UNKNOWN_RESERVATION'
  | 'INVALID_TRANSITION'
  | 'INVALID_SNAPSHOT'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_GTIN'
  | 'UNMAPPED_ID'
  | 'PRICE_OVERLAP'
  | 'NO_PRICE'
  | 'OVER_REFUND'
  | 'INVARIANT_VIOLATED'
  | 'INVALID_CONFIGURATION'
  | 'INVALID_IDENTIFIER'
  | 'INSUFFICIENT_POINTS'
  | 'INTERNAL'

/** Every error Seamline throws is an `Error` whose `code` is one of these. */
export interface SeamlineError extends Error {
  code: ErrorCode
}

/** Every stable error code. */
export declare const ERROR_CODES: readonly ErrorCode[]
/** Every rounding mode name. */
export declare const ROUNDING_MODES: readonly ('half_up' | 'half_even' | 'half_down' | 'down' | 'up')[]

declare module './native' {
  interface CustomerBook {
    /**
     * Every profile in id order, each read when the loop reaches it: a
     * million profiles without building them all (`resolution()` does). A
     * profile that a change made during the loop absorbed is skipped.
     */
    profiles(): Generator<import('./customers').Profile, void, undefined>
  }
}

// Every type core's results and settings are made of (generated from core's
// types), under the names core gives them.
export type * from './results'
