// Record shapes of the stock ledger. They mirror core's wire form
// (StockEventRecord and the reports), with camelCase keys.

/** The fields every stock event carries, whatever its `type`. */
export interface StockEventBase {
  /** Idempotency key: the same id is applied at most once. */
  eventId: string
  sku: string
  location: string
  /** When it happened (RFC 3339 with an offset, or a Date). */
  occurredAt: string | Date
  /** Which system or till sent it. */
  source: string
}

export type StockEvent = StockEventBase &
  (
    | { type: 'received'; quantity: number }
    | { type: 'sold'; quantity: number; orderRef?: string | null }
    | { type: 'returned'; quantity: number; restock: boolean }
    | { type: 'adjusted'; delta: number; reason: 'damage' | 'shrink' | 'found' | 'other' }
    | { type: 'counted'; onHand: number; expectedOnHand?: number | null }
    | { type: 'available_reported'; available: number; expectedAvailable?: number | null }
    | { type: 'reserved'; quantity: number; reservationId: string; expiresAt?: string | Date | null }
    | { type: 'reservation_released'; reservationId: string; quantity?: number }
    | { type: 'reservation_fulfilled'; reservationId: string; quantity?: number }
    | { type: 'transfer_out'; transferId: string; quantity: number }
    | { type: 'transfer_in'; transferId: string; quantity: number }
  )

export interface StockLevel {
  onHand: number
  reserved: number
  available: number
  inTransit: number
}

export type Anomaly =
  | { type: 'oversell'; eventId: string; sku: string; location: string; unitsOversold: number }
  | { type: 'negative_stock'; sku: string; location: string; onHand: number }
  | { type: 'over_committed'; sku: string; location: string; onHand: number; reserved: number }
  | { type: 'transfer_mismatch'; transferId: string; sku: string; sent: number | null; received: number }

export interface ApplyReport {
  eventId: string
  duplicate: boolean
  affectsOnHand: boolean
  anomalies: Anomaly[]
}

export interface RejectedEvent {
  index: number
  eventId: string | null
  error: { code: import('./index').ErrorCode; [detail: string]: string }
}

export interface BatchReport {
  /** How many rows were applied (every row not listed as a duplicate or rejected). */
  applied: number
  duplicates: string[]
  rejected: RejectedEvent[]
  anomalies: Anomaly[]
  revealed: Anomaly[]
}

export interface Publication {
  quantity: number
  buffer: number
  oversellProbability: number | null
}

export interface HistoryLine {
  occurredAt: string
  eventId: string
  source: string
  description: string
  change: number
  onHandAfter: number
}

// Events as columns (generated from core's schema): equal-length arrays; a
// column no row's type needs may be left out.
export type { StockEventColumns } from './records'

/** One event as a source sent it. */
export interface SyncObservation {
  source: string
  sequence: number
  /** RFC 3339 with an offset. */
  sentAt: string
}

export type SyncIssue =
  | { type: 'gap'; source: string; firstMissing: number; lastMissing: number; missing: number; after: string; before: string }
  | { type: 'silence'; source: string; from: string; until: string; seconds: number; ongoing: boolean }

/** A whole cart (bundles expanded into lines) to reserve at once. */
export interface CartReservation {
  cartId: string
  lines: Array<{ sku: string; location: string; quantity: number }>
  occurredAt: string | Date
  expiresAt?: string | Date | null
  source: string
  allowPartial?: boolean
}

/** What a cart reservation held at one SKU and location. */
export interface CartLineOutcome {
  sku: string
  location: string
  requested: number
  reserved: number
  reservationId: string | null
}

/** One order line to source. */
export interface SourcingLine {
  lineId: string
  sku: string
  quantity: number
}

/** Where the order goes: shipped, or picked up in a store. */
export type Destination = 'ship' | { type: 'ship' } | { type: 'pickup'; store: string; allowTransfers?: boolean }

/** A candidate node; costs are decimal strings. `available` and `perUnitBySku` are keyed by SKU. */
export interface SourcingNode {
  location: string
  ships: boolean
  available: Record<string, number>
  perShipment: string
  perUnit: string
  perUnitBySku?: Record<string, string>
}

export interface SourcingPlan {
  allocations: Array<{ lineId: string; sku: string; location: string; quantity: number }>
  shipments: Array<{ location: string; units: number; cost: string; reason: string }>
  totalCost: string
  method: 'exact' | 'heuristic'
}

/** What a location is and can do. */
export interface LocationInfo {
  location: string
  kind: 'store' | 'warehouse'
  ships: boolean
  pickup: boolean
  counter: boolean
}

/** A channel's locations and its buffer policy per fulfilment method. */
export interface ChannelConfig {
  channel: string
  locations: string[]
  shipPolicy: import('./policy').BufferPolicy
  pickupPolicy: import('./policy').BufferPolicy
}

/** What a channel shows for one SKU and method: pooled and per node. */
export interface ChannelPublication {
  channel: string
  method: 'ship' | 'pickup'
  pooled: Publication
  nodes: Array<{ location: string; available: number; quantity: number; buffer: number }>
}
