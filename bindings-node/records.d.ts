// Generated from core's table schemas by `cargo run -p seamline-typegen`:
// do not edit (the test command fails when this file drifts from core).
//
// Record shapes as Seamline reads them, with camelCase keys (snake_case is
// read too). Amounts are decimal strings (a JS number with a fraction is
// refused: money is exact). Instants are RFC 3339 strings or Dates.

/** An order as the tie-out reads it, with its payments, fulfilled lines, returns and refunds nested. */
export interface ReconOrder {
  orderId: string
  channel: string
  currency: string
  /** What the payments must add up to (see `status`). */
  total: string
  placedAt: string | Date
  /**
   * Also read as `customerId`.
   * Personal data: an error never shows it in clear.
   */
  customer?: string | null
  /**
   * Where the order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0.
   * Also read as `orderStatus`.
   */
  status?: 'open' | 'fulfilled' | 'cancelled' | null
  payments?: Payment[]
  fulfilments?: FulfilledLine[]
  returns?: ReturnRecord[]
  refunds?: Refund[]
}

/** A payment taken for an order. */
export interface Payment {
  paymentId: string
  method: 'card' | 'wallet' | 'cash' | 'gift_card' | 'store_credit'
  /** Card and wallet: the processor, lower case as its report names it. */
  processor?: string | null
  processorReference?: string | null
  amount: string
  capturedAt: string | Date
}

/** A line of an order handed over or shipped. */
export interface FulfilledLine {
  lineId: string
  sku: string
  quantity: number
  location: string
  fulfilledAt: string | Date
}

/** Goods of an order brought back. */
export interface ReturnRecord {
  returnId: string
  lineId: string
  sku: string
  quantity: number
  /** Whether the goods go back to sellable stock. */
  restock: boolean
  location: string
  receivedAt: string | Date
}

/** Money given back for an order. */
export interface Refund {
  refundId: string
  /** The return it credits; none for a goodwill refund. */
  returnId?: string | null
  method: 'card' | 'wallet' | 'cash' | 'gift_card' | 'store_credit'
  processor?: string | null
  processorReference?: string | null
  amount: string
  issuedAt: string | Date
}

/** A line of a processor's settlement report, signed from the merchant's balance: refunds, chargebacks and payouts are negative. */
export interface SettlementLine {
  /** Also read as `settlementId`. */
  id: string
  kind: 'charge' | 'refund' | 'chargeback' | 'chargeback_reversal' | 'fee' | 'adjustment' | 'payout'
  processor: string
  processorReference?: string | null
  merchantReference?: string | null
  /** Absent when the processor reports only net. */
  gross?: string | null
  /** Absent when the processor reports only net (never read as 0). */
  fee?: string | null
  net: string
  currency: string
  settledAt: string | Date
  batchId?: string | null
  /** Settled in another currency: the gross as charged, in `original_currency`. */
  originalGross?: string | null
  originalCurrency?: string | null
  /** The processor's exchange rate, where stated (evidence). */
  exchangeRate?: string | null
}

/** A stock movement, naming the order or return it belongs to. */
export interface Movement {
  /** Also read as `movementId`. */
  id: string
  sku: string
  location: string
  delta: number
  kind: 'sale' | 'return_restock' | 'receipt' | 'adjustment' | 'count' | 'transfer'
  orderReference?: string | null
  returnReference?: string | null
  occurredAt: string | Date
}

/** A stock event in column form: which optional fields a row needs depends on its `type`. Column by column: one array per field, all of one length. */
export interface StockEventColumns {
  eventId: Array<string>
  sku: Array<string>
  location: Array<string>
  occurredAt: Array<string | Date>
  source: Array<string>
  type: Array<'received' | 'sold' | 'returned' | 'adjusted' | 'counted' | 'available_reported' | 'reserved' | 'reservation_released' | 'reservation_fulfilled' | 'transfer_out' | 'transfer_in'>
  quantity?: Array<number | null>
  orderRef?: Array<string | null>
  restock?: Array<boolean | null>
  delta?: Array<number | null>
  reason?: Array<'damage' | 'shrink' | 'found' | 'other' | null>
  onHand?: Array<number | null>
  expectedOnHand?: Array<number | null>
  available?: Array<number | null>
  expectedAvailable?: Array<number | null>
  reservationId?: Array<string | null>
  expiresAt?: Array<string | Date | null>
  transferId?: Array<string | null>
}

/** An order as the tie-out reads it, with its payments, fulfilled lines, returns and refunds nested. Column by column: one array per field, all of one length. */
export interface ReconOrderColumns {
  orderId: Array<string>
  channel: Array<string>
  currency: Array<string>
  /** What the payments must add up to (see `status`). */
  total: Array<string>
  placedAt: Array<string | Date>
  /**
   * Also read as `customerId`.
   * Personal data: an error never shows it in clear.
   */
  customer?: Array<string | null>
  /**
   * Where the order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0.
   * Also read as `orderStatus`.
   */
  status?: Array<'open' | 'fulfilled' | 'cancelled' | null>
}

/** A payment taken for an order. Column by column: one array per field, all of one length. */
export interface PaymentColumns {
  orderId: Array<string>
  paymentId: Array<string>
  method: Array<'card' | 'wallet' | 'cash' | 'gift_card' | 'store_credit'>
  /** Card and wallet: the processor, lower case as its report names it. */
  processor?: Array<string | null>
  processorReference?: Array<string | null>
  amount: Array<string>
  capturedAt: Array<string | Date>
}

/** A line of an order handed over or shipped. Column by column: one array per field, all of one length. */
export interface FulfilledLineColumns {
  orderId: Array<string>
  lineId: Array<string>
  sku: Array<string>
  quantity: Array<number>
  location: Array<string>
  fulfilledAt: Array<string | Date>
}

/** Goods of an order brought back. Column by column: one array per field, all of one length. */
export interface ReturnRecordColumns {
  orderId: Array<string>
  returnId: Array<string>
  lineId: Array<string>
  sku: Array<string>
  quantity: Array<number>
  /** Whether the goods go back to sellable stock. */
  restock: Array<boolean>
  location: Array<string>
  receivedAt: Array<string | Date>
}

/** Money given back for an order. Column by column: one array per field, all of one length. */
export interface RefundColumns {
  orderId: Array<string>
  refundId: Array<string>
  /** The return it credits; none for a goodwill refund. */
  returnId?: Array<string | null>
  method: Array<'card' | 'wallet' | 'cash' | 'gift_card' | 'store_credit'>
  processor?: Array<string | null>
  processorReference?: Array<string | null>
  amount: Array<string>
  issuedAt: Array<string | Date>
}

/** A line of a processor's settlement report, signed from the merchant's balance: refunds, chargebacks and payouts are negative. Column by column: one array per field, all of one length. */
export interface SettlementLineColumns {
  /** Also read as `settlementId`. */
  id: Array<string>
  kind: Array<'charge' | 'refund' | 'chargeback' | 'chargeback_reversal' | 'fee' | 'adjustment' | 'payout'>
  processor: Array<string>
  processorReference?: Array<string | null>
  merchantReference?: Array<string | null>
  /** Absent when the processor reports only net. */
  gross?: Array<string | null>
  /** Absent when the processor reports only net (never read as 0). */
  fee?: Array<string | null>
  net: Array<string>
  currency: Array<string>
  settledAt: Array<string | Date>
  batchId?: Array<string | null>
  /** Settled in another currency: the gross as charged, in `original_currency`. */
  originalGross?: Array<string | null>
  originalCurrency?: Array<string | null>
  /** The processor's exchange rate, where stated (evidence). */
  exchangeRate?: Array<string | null>
}

/** A stock movement, naming the order or return it belongs to. Column by column: one array per field, all of one length. */
export interface MovementColumns {
  /** Also read as `movementId`. */
  id: Array<string>
  sku: Array<string>
  location: Array<string>
  delta: Array<number>
  kind: Array<'sale' | 'return_restock' | 'receipt' | 'adjustment' | 'count' | 'transfer'>
  orderReference?: Array<string | null>
  returnReference?: Array<string | null>
  occurredAt: Array<string | Date>
}
