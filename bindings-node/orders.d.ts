// Record shapes of orders and systems of record, with camelCase keys,
// generated from core's types (results.d.ts). Amounts are decimal strings
// ("19.99"); a whole number is accepted, a fractional JS number is refused
// (money is exact). What is declared here is the Node package's own.

import type { ApplyReport, ErrorDetail, Transition } from './results'

export type {
  Disposition,
  Domain,
  FieldConflict,
  FieldRule,
  FieldUpdate,
  Fulfilment,
  LineQuantity,
  LineStatus,
  Order,
  OrderAllocation,
  OrderBatchReport,
  OrderEvent,
  OrderEventBase,
  OrderLine,
  OrderState,
  OrderStatus,
  RefundPolicy,
  RejectedOrderEvent,
  RejectedStockEvent,
  Resolution,
  ResolvedField,
  ReturnLine,
  ShippingRefund,
  Transition,
  WonBy,
} from './results'

/** What `applyWithLedger` did: the order's transition and each stock event's fate. */
export interface LedgerTransition {
  transition: Transition
  /** One per stock event: its report, or why the ledger refused it. */
  stock: Array<ApplyReport | { error: ErrorDetail }>
}
