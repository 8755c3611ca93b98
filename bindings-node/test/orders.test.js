'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { Ledger, OrderBook, Resolver } = require('..')

const t0 = new Date(Date.UTC(2026, 11, 1, 10, 0))
const event = (eventId, orderId, type, fields = {}) => ({ eventId, orderId, occurredAt: t0, source: 'web', type, ...fields })
const webOrder = (orderId, extra = {}) => ({
  orderId,
  channel: 'web',
  currency: 'USD',
  fulfilment: 'ship',
  location: 'dc-east',
  lines: [
    { lineId: '1', sku: 'MUG', quantity: 3, unitPrice: '10.00' },
    { lineId: '2', sku: 'CAP', quantity: 1, unitPrice: '5.00' },
  ],
  ...extra,
})

test('a split shipment and a return at the counter move the shared stock', () => {
  const ledger = new Ledger()
  for (const [sku, location, quantity] of [['MUG', 'dc-east', 2], ['MUG', 'store-a', 5], ['CAP', 'dc-east', 1]]) {
    ledger.apply({ eventId: `in-${sku}-${location}`, sku, location, occurredAt: t0, source: 'erp', type: 'received', quantity })
  }
  const book = new OrderBook()
  book.applyWithLedger(ledger, event('p', 'w-1', 'placed', { order: webOrder('w-1', { location: null }) }))
  book.applyWithLedger(ledger, event('a', 'w-1', 'allocated', {
    allocations: [
      { lineId: '1', location: 'dc-east', quantity: 2 },
      { lineId: '1', location: 'store-a', quantity: 1 },
      { lineId: '2', location: 'dc-east', quantity: 1 },
    ],
  }))
  book.applyWithLedger(ledger, event('s1', 'w-1', 'fulfilled', { shipmentId: 'b1', location: 'dc-east', lines: [{ lineId: '1', quantity: 2 }, { lineId: '2', quantity: 1 }] }))
  const { transition } = book.applyWithLedger(ledger, event('s2', 'w-1', 'fulfilled', { shipmentId: 'b2', location: 'store-a', lines: [{ lineId: '1', quantity: 1 }] }))
  assert.equal(transition.state, 'fulfilled')
  const ret = book.applyWithLedger(ledger, event('r', 'w-1', 'returned', {
    returnId: 'r1', location: 'store-a', channel: 'pos', lines: [{ lineId: '1', quantity: 1, disposition: 'restocked' }],
  }))
  assert.deepEqual(ret.transition.refundDue, { amount: '10.00', currency: 'USD' })
  assert.equal(ledger.stock('MUG', 'store-a', t0).onHand, 5)
  const status = book.order('w-1')
  assert.deepEqual(status.total, { amount: '35.00', currency: 'USD' })
  assert.equal(status.state, 'partially_returned')
  assert.equal(book.order('nope'), null)
})

test('a fractional number for money is refused; a whole number is exact', () => {
  const book = new OrderBook()
  const bad = webOrder('w-2')
  bad.lines[0].unitPrice = 9.99
  assert.throws(() => book.apply(event('p', 'w-2', 'placed', { order: bad })), (err) => {
    assert.equal(err.code, 'INVALID_ARGUMENT')
    assert.match(err.message, /money must be exact/)
    return true
  })
  const whole = webOrder('w-2')
  whole.lines[0].unitPrice = 10
  assert.equal(book.apply(event('p', 'w-2', 'placed', { order: whole })).state, 'placed')
})

test('errors carry stable codes and change nothing', () => {
  const book = new OrderBook({ shippingRefund: 'never' })
  book.apply(event('p', 'w-3', 'placed', { order: webOrder('w-3') }))
  assert.throws(() => book.apply(event('c', 'w-3', 'captured', { paymentId: 'x', amount: '35.01' })), { code: 'INVARIANT_VIOLATED' })
  assert.throws(() => book.apply(event('f', 'w-3', 'refunded', { refundId: 'f', amount: '1.00' })), { code: 'OVER_REFUND' })
  assert.throws(() => book.apply(event('z', 'w-3', 'closed')), { code: 'INVALID_TRANSITION' })
  assert.throws(() => new OrderBook({ shippingRefund: 'sometimes' }), { code: 'INVALID_ARGUMENT' })
  assert.deepEqual(book.order('w-3').captured, { amount: '0.00', currency: 'USD' })
})

test('a batch reports every refused row and returns the stock events to route', () => {
  const book = new OrderBook()
  const report = book.applyBatch([event('p', 'w-4', 'placed', { order: webOrder('w-4') }), { eventId: 'broken' }, event('p', 'w-4', 'placed', { order: webOrder('w-4') })])
  assert.equal(report.applied, 1)
  assert.equal(report.duplicates, 1)
  assert.deepEqual(report.rejected.map((r) => [r.index, r.error.code]), [[1, 'INVALID_ARGUMENT']])
  assert.deepEqual(report.stockEvents.map((e) => e.type), ['reserved', 'reserved'])
  const restored = OrderBook.fromSnapshot(book.toSnapshot())
  assert.deepEqual(restored.order('w-4'), book.order('w-4'))
})

test('the resolver: the owner wins, drift is visible, configuration errors at load', () => {
  const owners = { inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' }
  const r = new Resolver(owners, { rank: ['pos', 'web'] })
  const u = (updateId, system, value, occurredAt) => ({ updateId, system, domain: 'inventory', entity: 'MUG@store-a', field: 'on_hand', value, occurredAt })
  assert.deepEqual(r.addAll([u('u1', 'web', '6', '2026-12-01T10:00:20Z'), u('u2', 'pos', '4', t0)]), ['accepted', 'accepted'])
  assert.equal(r.add(u('u2', 'pos', '4', t0)), 'duplicate')
  assert.throws(() => r.add(u('u2', 'pos', '5', t0)), { code: 'CONFLICTING_DUPLICATE' })
  const res = r.resolve()
  assert.deepEqual(res.fields.map((f) => [f.winner.system, f.winner.value, f.wonBy]), [['pos', '4', 'owner']])
  assert.deepEqual(res.conflicts.map((c) => [c.overwritten.system, c.overwritten.value]), [['web', '6']])
  assert.throws(() => new Resolver({ inventory: 'pos' }), { code: 'INVALID_CONFIGURATION' })
  assert.throws(() => new Resolver([...Object.entries(owners), ['inventory', 'web']]), { code: 'INVALID_CONFIGURATION' })
})
