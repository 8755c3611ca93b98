// Type-checked by `tsc --noEmit` in the tests: the published declarations
// must accept what the docs show and reject what they forbid.
import {
  recommendBuffer,
  publishedQuantity,
  allocateMoney,
  roundMoney,
  type BufferPolicy,
  type Money,
  type SeamlineError,
  ERROR_CODES,
} from '..'

const burst: BufferPolicy = { kind: 'velocity', velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 0.95 }
const shown: number = publishedQuantity(25, 3n, burst)
const buffer: number = recommendBuffer(24, 0.25, 0.95)
const total: Money = { amount: '100.00', currency: 'USD' }
const parts: Money[] = allocateMoney(total, ['1', 1])
const rounded: Money = roundMoney(total, 'half_even')
const codes: readonly string[] = ERROR_CODES

// @ts-expect-error money amounts are strings, never numbers
roundMoney({ amount: 1.5, currency: 'USD' })
// @ts-expect-error an unknown policy kind
publishedQuantity(1, 0, { kind: 'magic' })
// @ts-expect-error an unknown rounding mode
roundMoney(total, 'nearest')

function handle(err: unknown): string {
  return (err as SeamlineError).code
}

export { shown, buffer, parts, rounded, codes, handle }
