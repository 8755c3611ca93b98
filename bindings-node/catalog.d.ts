// Record shapes of the SKU map, mirroring core's (camelCase keys).

/** A mapping row: a channel's stable id and what one channel unit is. */
export interface MappingRow {
  channel: string
  externalId: string
  components: Array<{ sku: string; quantity?: number }>
  channelSku?: string | null
}

export interface ImportReport {
  added: number
  unchanged: number
  conflicts: Array<{
    row: number
    channel: string
    externalId: string
    existing: Array<{ sku: string; quantity: number }>
    proposed: Array<{ sku: string; quantity: number }>
    replaced: boolean
  }>
  invalid: Array<{ row: number; error: { code: string; [detail: string]: string } }>
  collisions: Array<{ channel: string; channelSku: string; externalIds: string[] }>
}

/** A price valid over [from, to); no channel: the base price. Amounts are decimal strings. */
export interface PriceEntry {
  sku: string
  channel?: string | null
  price: import('./native').Money
  from: string
  to?: string | null
}

/** A promotion over some SKUs (and channels) within a window. */
export interface Promotion {
  id: string
  skus: string[]
  channels?: string[]
  from: string
  to?: string | null
  discount: { type: 'percent_off'; percent: string } | { type: 'amount_off'; amount: import('./native').Money }
  stackable?: boolean
}

/** How a channel shows prices, and how much lag is normal. */
export interface MismatchRules {
  channel: string
  taxInclusive?: boolean
  taxRatePercent?: string
  rounding: 'half_up' | 'half_even' | 'half_down' | 'down' | 'up'
  graceSeconds?: number
}

/** A price as the channel's catalogue showed it. */
export interface ObservedPrice {
  externalId: string
  price: import('./native').Money
  observedAt: string
}

export interface MismatchReport {
  matched: number
  mismatches: Array<{ externalId: string; expected: import('./native').Money; observed: import('./native').Money; difference: import('./native').Money }>
  corrections: Array<{ externalId: string; price: import('./native').Money }>
  withinGrace: string[]
  unmapped: string[]
  unpriced: Array<[string, string]>
}
