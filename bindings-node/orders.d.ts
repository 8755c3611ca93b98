// Record shapes of orders and systems of record, mirroring core's wire form
// with camelCase keys. Amounts are decimal strings ("19.99"); a whole number
// is accepted, a fractional JS number is refused (money is exact).

import type { Money } from './native'
import type { StockEvent, ApplyReport } from './ledger'

export type Fulfilment = 'carry_out' | 'ship' | 'pickup'

export interface OrderLine {
  lineId: string
  sku: string
  quantity: number
  unitPrice: string
  /** Discount on the whole line. */
  discount?: string
  tax?: string
}

export interface Order {
  orderId: string
  channel: string
  /** The store for a counter sale or pickup; the planned node for a shipped order. */
  location?: string | null
  currency: string
  lines: OrderLine[]
  orderDiscount?: string
  shipping?: string
  customer?: string | null
  fulfilment: Fulfilment
}

export interface LineQuantity {
  lineId: string
  quantity: number
}

export type Disposition = 'restocked' | 'damaged' | 'needs_inspection' | 'missing'

/** The fields every order event carries, whatever its `type`. */
export interface OrderEventBase {
  /** Idempotency key: the same id is applied at most once. */
  eventId: string
  orderId: string
  /** When it happened (RFC 3339 with an offset, or a Date). */
  occurredAt: string | Date
  source: string
}

export type OrderEvent = OrderEventBase &
  (
    | { type: 'placed'; order: Order }
    | { type: 'allocated'; allocations: Array<{ lineId: string; location: string; quantity: number }> }
    | { type: 'captured'; paymentId: string; amount: string }
    | { type: 'fulfilled'; shipmentId: string; location: string; lines: LineQuantity[] }
    | { type: 'cancelled'; reason?: string | null }
    | {
        type: 'returned'
        returnId: string
        location: string
        channel?: string | null
        lines: Array<{ lineId: string; quantity: number; disposition: Disposition }>
      }
    | { type: 'refunded'; refundId: string; returnId?: string | null; amount: string }
    | { type: 'closed' }
  )

export type OrderState =
  | 'placed'
  | 'allocated'
  | 'partially_fulfilled'
  | 'fulfilled'
  | 'partially_returned'
  | 'returned'
  | 'cancelled'
  | 'closed'

export interface Transition {
  eventId: string
  orderId: string
  duplicate: boolean
  state: OrderState
  /** The stock events this transition means, for the ledger. */
  stockEvents: StockEvent[]
  /** For a return or cancellation: what the units are worth. */
  refundDue: Money | null
}

export interface LedgerTransition {
  transition: Transition
  /** One per stock event: its report, or why the ledger refused it. */
  stock: Array<ApplyReport | { error: { code: string; [detail: string]: string } }>
}

export interface LineStatus {
  lineId: string
  ordered: number
  held: number
  fulfilled: number
  cancelled: number
  returned: number
  restocked: number
}

export interface OrderStatus {
  orderId: string
  state: OrderState
  total: Money
  captured: Money
  refunded: Money
  refundDue: Money
  lines: LineStatus[]
}

export interface OrderBatchReport {
  applied: number
  duplicates: number
  rejected: Array<{ index: number; eventId: string | null; error: { code: string; [detail: string]: string } }>
  stockRejected: Array<{ index: number; event: StockEvent; error: { code: string; [detail: string]: string } }>
  stockEvents: StockEvent[]
}

export type Domain = 'inventory' | 'orders' | 'customers' | 'catalog' | 'payments'

export interface FieldRule {
  domain: Domain
  field: string
  /** The owning system; null makes the field shared (latest wins). */
  owner?: string | null
}

export interface FieldUpdate {
  updateId: string
  system: string
  domain: Domain
  entity: string
  field: string
  value: string
  occurredAt: string | Date
}

export interface Resolution {
  fields: Array<{ domain: Domain; entity: string; field: string; winner: FieldUpdate; wonBy: 'owner' | 'latest' }>
  conflicts: Array<{ winner: FieldUpdate; overwritten: FieldUpdate }>
  refused: FieldUpdate[]
}
