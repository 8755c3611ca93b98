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
  reconcile,
  type Reconciliation,
  type Exception,
  type SettlementLine,
  type SettlementKind,
  type PaymentMethod,
  type ReconOrderStatus,
  type StockEventBase,
} from '..'

// Every type the API's signatures use can be named by a user (TypeDoc fails the docs build
// otherwise); a few of them, checked here against their values.
const kind: SettlementKind = 'chargeback_reversal'
const method: PaymentMethod = 'gift_card'
const orderStatus: ReconOrderStatus = 'fulfilled'
const base: StockEventBase = { eventId: 'e1', sku: 'S', location: 'L', occurredAt: new Date(0), source: 'pos' }
// @ts-expect-error a settlement kind Seamline does not know
const unknownKind: SettlementKind = 'bonus'

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

// Orders: amounts are decimal strings; the event shapes are checked.
import { OrderBook, Resolver, type OrderEvent, type Transition, type OrderStatus } from '..'
const orderBook = new OrderBook({ shippingRefund: 'prorated' })
const placed: OrderEvent = {
  eventId: 'p',
  orderId: 'w-1',
  occurredAt: new Date(),
  source: 'web',
  type: 'placed',
  order: { orderId: 'w-1', channel: 'web', currency: 'USD', fulfilment: 'pickup', location: 'store-a', lines: [{ lineId: '1', sku: 'MUG', quantity: 1, unitPrice: '8.00' }] },
}
const transition: Transition = orderBook.apply(placed)
const status: OrderStatus | null = orderBook.order('w-1')
const resolver = new Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' }, { rank: ['pos'] })
const arrival: 'accepted' | 'duplicate' = resolver.add({ updateId: 'u', system: 'pos', domain: 'inventory', entity: 'MUG', field: 'on_hand', value: '3', occurredAt: '2026-12-01T10:00:00Z' })
// @ts-expect-error an unknown order event type
orderBook.apply({ eventId: 'x', orderId: 'w-1', occurredAt: '2026-12-01T10:00:00Z', source: 'web', type: 'teleported' })
// @ts-expect-error amounts are strings, never numbers
const badCapture: OrderEvent = { eventId: 'c', orderId: 'w-1', occurredAt: '2026-12-01T10:00:00Z', source: 'web', type: 'captured', paymentId: 'p', amount: 9.99 }
// @ts-expect-error an unknown domain
new Resolver({ warehouse: 'wms' })
const day: Reconciliation = reconcile({
  orders: [{ orderId: 'w-1', channel: 'web', currency: 'USD', total: '8.00', placedAt: new Date(), payments: [{ paymentId: 'p', method: 'card', processor: 'stripe', amount: '8.00', capturedAt: new Date() }] }],
  settlements: [],
  config: { asOf: new Date(), feeSchedule: [{ processor: 'stripe', percent: '2.9', fixed: '0.30' }] },
})
const queue: Exception[] = day.exceptions()
const csv: string = day.exceptionsCsv()
// @ts-expect-error a payment method that does not exist
reconcile({ orders: [{ orderId: 'w', channel: 'web', currency: 'USD', total: '1', placedAt: new Date(), payments: [{ paymentId: 'p', method: 'cheque', amount: '1', capturedAt: new Date() }] }], config: { asOf: new Date() } })
// @ts-expect-error settlement amounts are strings, never numbers
const badLine: SettlementLine = { id: 's', kind: 'charge', processor: 'stripe', net: 9.99, currency: 'USD', settledAt: new Date() }
// The record types are generated from core's schemas: a misspelt key and a
// choice core does not declare are both type errors.
// @ts-expect-error a key the orders table does not declare
const typo: import('..').ReconOrder = { orderId: 'w', channel: 'web', currency: 'USD', totl: '1', placedAt: new Date() }
const columns: import('..').StockEventColumns = { eventId: ['e'], sku: ['S'], location: ['L'], occurredAt: ['2026-11-20T10:00:00Z'], source: ['pos'], type: ['received'] }
// @ts-expect-error a stock event type core does not declare
const badColumns: import('..').StockEventColumns = { ...columns, type: ['gift'] }
export { transition, status, arrival, badCapture, queue, csv, badLine, typo, columns, badColumns }

// Profiles iterate one at a time, typed.
import { CustomerBook, type Profile } from '..'
const firstProfile: Profile | undefined = [...new CustomerBook().profiles()][0]
// @ts-expect-error a profile id is text
new CustomerBook().profile(42)

// Promise forms are typed as their synchronous twins' results.
import { Ledger, reconcileAsync, type BatchReport } from '..'
async function offLoop(): Promise<[BatchReport, Buffer, Reconciliation]> {
  const ledger = new Ledger()
  const report: BatchReport = await ledger.applyColumnsAsync({ eventId: ['e'], sku: ['A'], location: ['x'], occurredAt: [new Date().toISOString()], source: ['pos'], type: ['received'], quantity: [1] }, new Date(), AbortSignal.timeout(1000))
  const bytes: Buffer = await ledger.toSnapshotAsync()
  const restored: Ledger = await Ledger.fromSnapshotAsync(bytes)
  // @ts-expect-error a Promise form returns a Promise, not the report
  const notYet: BatchReport = restored.applyBatchAsync([], new Date())
  const day2: Reconciliation = await reconcileAsync({ orders: [], config: { asOf: new Date() } })
  return [report, bytes, day2]
}
export { offLoop }

// A customer book's Promise forms.
async function booksOffLoop(): Promise<CustomerBook> {
  const book = new CustomerBook()
  const added: void = await book.addRecordsAsync([], AbortSignal.timeout(1000))
  const bytes: Buffer = await book.toSnapshotAsync()
  return CustomerBook.fromSnapshotAsync(bytes, null)
}
export { booksOffLoop }

// The order book's and the resolver's Promise forms.
async function ordersOffLoop(ledger: Ledger): Promise<OrderBook> {
  const book = new OrderBook()
  const report: import('..').OrderBatchReport = await book.applyBatchAsync([], ledger, AbortSignal.timeout(1000))
  const bytes: Buffer = await book.toSnapshotAsync()
  const resolver = new Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' })
  const arrivals = await resolver.addAllAsync([])
  const resolution: import('..').Resolution = await resolver.resolveAsync()
  // @ts-expect-error the report is a Promise until awaited
  const notYet: import('..').OrderBatchReport = book.applyBatchAsync([])
  void [report, arrivals, resolution, notYet]
  return OrderBook.fromSnapshotAsync(bytes)
}
export { ordersOffLoop }

// What a tie-out returns is typed from core's own types (results.d.ts).
function readSummary(r: Reconciliation): string {
  const usd = r.summary()[0]
  // @ts-expect-error a misspelt summary field
  void usd.amoutAtRisk
  const chargebacks: number | undefined = usd.byReason.CHARGEBACK
  // @ts-expect-error a reason code Seamline does not have
  void usd.byReason.CHARGE_BACK
  const first: Exception | undefined = r.exceptions()[0]
  const rejected = r.queue()[0]?.status === 'reopened'
  void [chargebacks, first, rejected]
  return usd.amountAtRisk
}
export { readSummary }

// Column tables are typed by core's schemas: a misspelt column does not compile.
import { reconcileColumns } from '..'
function typedColumns(): Reconciliation {
  const ok = reconcileColumns({
    orders: { orderId: ['P-1'], channel: ['pos'], currency: ['USD'], total: ['12.00'], placedAt: [new Date()] },
    payments: { orderId: ['P-1'], paymentId: ['cash'], method: ['cash'], amount: ['12.00'], capturedAt: ['2026-11-20T11:00:00Z'] },
    config: { asOf: '2026-11-21T06:00:00Z' },
  })
  // @ts-expect-error a column the orders table does not declare
  reconcileColumns({ orders: { orderId: ['P-1'], channel: ['pos'], currency: ['USD'], totl: ['1'], placedAt: ['2026-11-20T11:00:00Z'] }, config: { asOf: new Date() } })
  // @ts-expect-error a tender core does not know
  reconcileColumns({ orders: new Uint8Array(), payments: { orderId: ['P-1'], paymentId: ['x'], method: ['cheque'], amount: ['1'], capturedAt: ['2026-11-20T11:00:00Z'] }, config: { asOf: new Date() } })
  return ok
}
export { typedColumns }
