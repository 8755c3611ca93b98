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
