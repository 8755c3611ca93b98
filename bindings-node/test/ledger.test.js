'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { Ledger, syncHealth } = require('..')

const at = (minute) => new Date(Date.UTC(2026, 10, 26, 10, minute))
const event = (eventId, type, minute, fields = {}) => ({
  eventId,
  sku: 'RED-SHIRT-M',
  location: 'store',
  occurredAt: at(minute),
  source: 'till-1',
  type,
  ...fields,
})

test('a counter sale of the last unit takes it off the web', () => {
  const book = new Ledger()
  book.apply(event('e1', 'received', 0, { quantity: 1 }))
  assert.equal(book.publish('RED-SHIRT-M', ['store'], { kind: 'fixed', units: 0 }, at(1)).quantity, 1)
  book.apply(event('e2', 'sold', 1, { quantity: 1, orderRef: 'receipt-9' }))
  assert.deepEqual(book.stock('RED-SHIRT-M', 'store', at(2)), { onHand: 0, reserved: 0, available: 0, inTransit: 0 })
  assert.equal(book.publish('RED-SHIRT-M', ['store'], { kind: 'fixed', units: 0 }, '2026-11-26T10:02:00Z').quantity, 0)
})

test('duplicates, conflicts and refused reservations carry our codes', () => {
  const book = new Ledger()
  assert.equal(book.apply(event('e1', 'received', 0, { quantity: 1 })).duplicate, false)
  assert.equal(book.apply(event('e1', 'received', 0, { quantity: 1 })).duplicate, true)
  assert.throws(() => book.apply(event('e1', 'received', 0, { quantity: 2 })), { code: 'CONFLICTING_DUPLICATE' })
  assert.throws(() => book.apply(event('h1', 'reserved', 1, { quantity: 2, reservationId: 'cart' })), {
    code: 'INSUFFICIENT_STOCK',
    message: 'insufficient stock of RED-SHIRT-M at store: requested 2, available 1',
  })
  assert.equal(book.size, 1)
})

test('bad rows are typed errors, never crashes', () => {
  const book = new Ledger()
  assert.throws(() => book.apply('nope'), { code: 'INVALID_TYPE' })
  // A float where a whole number goes is INVALID_TYPE, as in every module and language.
  assert.throws(() => book.apply(event('e1', 'sold', 0, { quantity: 1.5 })), { code: 'INVALID_TYPE' })
  assert.throws(() => book.apply(event('e1', 'teleported', 0)), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => book.apply({ ...event('e1', 'sold', 0, { quantity: 1 }), occurredAt: '2026-11-26T10:00:00' }), {
    code: 'INVALID_TIMESTAMP',
  })
})

test('an offline till batch reports every row and what it revealed', () => {
  const book = new Ledger()
  book.apply(event('e1', 'received', 0, { quantity: 2 }))
  book.apply(event('h1', 'reserved', 30, { quantity: 2, reservationId: 'pickup-1' }))
  const report = book.applyBatch(
    [event('till-1', 'sold', 10, { quantity: 1 }), event('till-1', 'sold', 10, { quantity: 1 }), { eventId: 'x' }],
    at(59),
  )
  assert.equal(report.applied, 1)
  assert.deepEqual(report.duplicates, ['till-1'])
  assert.deepEqual(report.rejected.map((r) => [r.index, r.error.code]), [[2, 'INVALID_ARGUMENT']])
  assert.deepEqual(report.revealed, [
    { type: 'over_committed', sku: 'RED-SHIRT-M', location: 'store', onHand: 1, reserved: 2 },
  ])
})

test('history, snapshot and reservation state', () => {
  const book = new Ledger()
  book.apply(event('e1', 'received', 0, { quantity: 10 }))
  book.apply(event('e3', 'sold', 20, { quantity: 2 }))
  book.apply(event('c1', 'counted', 10, { onHand: 7 }))
  assert.deepEqual(
    book.history('RED-SHIRT-M', 'store').map((l) => [l.eventId, l.onHandAfter]),
    [['e1', 10], ['c1', 7], ['e3', 5]],
  )
  const restored = Ledger.fromSnapshot(book.toSnapshot())
  assert.deepEqual(restored.stock('RED-SHIRT-M', 'store', at(30)), book.stock('RED-SHIRT-M', 'store', at(30)))
  assert.throws(() => Ledger.fromSnapshot(Buffer.from('{"format"')), { code: 'INVALID_SNAPSHOT' })
  book.apply(event('h', 'reserved', 21, { quantity: 1, reservationId: 'cart', expiresAt: at(40) }))
  assert.equal(book.reservationState('cart', at(39)), 'held')
  assert.equal(book.reservationState('cart', at(40)), 'expired')
})

test('sync health finds lost events and a sync that stopped', () => {
  const seen = [
    { source: 'till-1', sequence: 1, sentAt: '2026-11-26T10:00:00Z' },
    { source: 'till-1', sequence: 4, sentAt: '2026-11-26T10:01:00Z' },
  ]
  const issues = syncHealth(seen, at(59), 1800)
  assert.deepEqual(issues.map((i) => i.type), ['gap', 'silence'])
  assert.equal(issues[0].firstMissing, 2)
  assert.throws(() => syncHealth(seen, at(59), 0), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => syncHealth(seen, at(59), 1.5), { code: 'INVALID_QUANTITY' })
})

test('a cart is all or nothing, or partial when asked', () => {
  const book = new Ledger()
  book.apply(event('e1', 'received', 0, { quantity: 3 }))
  const cart = {
    cartId: 'web-cart-5',
    lines: [
      { sku: 'RED-SHIRT-M', location: 'store', quantity: 2 },
      { sku: 'RED-SHIRT-M', location: 'store', quantity: 2 },
    ],
    occurredAt: at(1),
    source: 'web',
  }
  assert.throws(() => book.reserveCart(cart), { code: 'INSUFFICIENT_STOCK' })
  const held = book.reserveCart({ ...cart, allowPartial: true })
  assert.deepEqual(held, [
    { sku: 'RED-SHIRT-M', location: 'store', requested: 4, reserved: 3, reservationId: 'web-cart-5/RED-SHIRT-M@store' },
  ])
})

test("an offline till's ledger merges on reconnect", () => {
  const ev = (eventId, minute, type, fields) => ({
    eventId, sku: 'RED-SHIRT-M', location: 'store', occurredAt: `2026-11-26T10:${String(minute).padStart(2, '0')}:00Z`,
    source: 'till-1', type, ...fields,
  })
  const central = new Ledger()
  central.apply(ev('r1', 0, 'received', { quantity: 3 }))
  const till = Ledger.fromSnapshot(central.toSnapshot())
  till.apply(ev('till-1', 10, 'sold', { quantity: 1 }))
  till.apply(ev('till-2', 20, 'sold', { quantity: 1 }))
  central.apply(ev('h1', 30, 'reserved', { quantity: 2, reservationId: 'pickup-7' }))
  const report = central.merge(till, '2026-11-26T10:59:00Z')
  assert.deepEqual([report.applied, report.duplicates, report.rejected], [2, ['r1'], []])
  assert.deepEqual(report.revealed, [{ type: 'over_committed', sku: 'RED-SHIRT-M', location: 'store', onHand: 1, reserved: 2 }])
  assert.equal(central.merge(till, '2026-11-26T10:59:00Z').duplicates.length, 3)
  // A ledger merged into itself: every event a duplicate, no deadlock.
  assert.equal(central.merge(central, '2026-11-26T10:59:00Z').applied, 0)
  assert.throws(() => central.merge(till, 'yesterday'), { code: 'INVALID_TIMESTAMP' })
  // Anything but a Ledger where a ledger is expected: a coded error naming the argument.
  for (const [other, got] of [[5, 'number'], [{}, 'another kind'], [new Map(), 'another kind'], [null, 'null'], [undefined, 'undefined']]) {
    assert.throws(() => central.merge(other, '2026-11-26T10:59:00Z'), (e) => {
      assert.equal(e.code, 'INVALID_TYPE')
      assert.ok(e.message.includes(' other:'), e.message)
      assert.match(e.message, /Ledger/)
      assert.match(e.message, new RegExp(got))
      return true
    })
  }
  assert.equal(central.merge(till, '2026-11-26T10:59:00Z').applied, 0, 'the failed calls changed nothing')
})
