/** Always hold back `units`. */
export interface FixedBufferPolicy {
  kind: 'fixed'
  units: number | bigint
}

/**
 * Hold back `percent` % of available stock (a decimal string, or an integer),
 * rounded up, clamped to `[minUnits, maxUnits]`.
 */
export interface PercentBufferPolicy {
  kind: 'percent'
  percent: string | number
  minUnits?: number | bigint
  maxUnits?: number | bigint | null
}

/** Hold back what the sell-through velocity needs over the exposure window. */
export interface VelocityBufferPolicy {
  kind: 'velocity'
  velocityPerHour: number
  exposureHours: number
  serviceLevel: number
}

/** How many units to hold back from a channel. */
export type BufferPolicy = FixedBufferPolicy | PercentBufferPolicy | VelocityBufferPolicy
