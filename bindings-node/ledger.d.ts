// Record shapes of the stock ledger, sourcing and sync health, with
// camelCase keys. Generated from core's types (results.d.ts) and table
// schemas (records.d.ts); what is declared here is the Node package's own.

export type {
  AdjustReason,
  Anomaly,
  ApplyReport,
  BatchReport,
  CartLine,
  CartLineOutcome,
  CartReservation,
  ChannelPublication,
  FulfilmentMethod,
  HistoryLine,
  LocationInfo,
  LocationKind,
  NodePublication,
  Publication,
  RejectedEvent,
  ReservationState,
  SourcingAllocation,
  SourcingLine,
  SourcingMethod,
  SourcingNode,
  SourcingPlan,
  SourcingShipment,
  StockEvent,
  StockEventBase,
  StockLevel,
  SyncIssue,
  SyncObservation,
} from './results'

// Events as columns (generated from core's schema): equal-length arrays; a
// column no row's type needs may be left out.
export type { StockEventColumns } from './records'

/** Where the order goes: shipped (`'ship'` for short), or picked up in a store. */
export type Destination = 'ship' | import('./results').SourcingDestination

/** A channel's locations and its buffer policy per fulfilment method. */
export interface ChannelConfig {
  channel: string
  locations: string[]
  shipPolicy: import('./policy').BufferPolicy
  pickupPolicy: import('./policy').BufferPolicy
}
