'use strict'
// One boundary: bad input from JS gets one coded error naming where, never
// a crash, a rounded number or a phone number in clear.
const test = require('node:test')
const assert = require('node:assert/strict')
const seamline = require('..')

const at = (minute) => new Date(Date.UTC(2026, 10, 26, 10, minute))
const event = (eventId, type, minute, fields = {}) => ({
  eventId, sku: 'A', location: 'store', occurredAt: at(minute), source: 'till-1', type, ...fields,
})

function deep(levels) {
  let v = []
  for (let i = 0; i < levels; i++) v = [v]
  return v
}

test('a value nested thousands deep is a coded error, not a crash', () => {
  const ledger = new seamline.Ledger()
  for (const levels of [200, 20000]) {
    assert.throws(() => ledger.apply(event('e1', 'received', 0, { quantity: 1, sku: deep(levels) })), (err) => {
      assert.ok(err.code, `no code: ${err}`)
      return true
    })
  }
  const r = seamline.reconcile({
    orders: [{ orderId: 'W1', channel: 'web', currency: 'USD', total: '0', placedAt: at(0), customer: deep(200) }],
    config: { asOf: at(59) },
  })
  assert.equal(r.exceptions()[0].reason, 'INVALID_ROW')
  assert.equal(ledger.stock('A', 'store', at(59)).onHand, 0) // nothing applied
})

test('stock events name their field, and columns read as records do', () => {
  const ledger = new seamline.Ledger()
  const report = ledger.applyBatch([
    event('e1', 'received', 0, { quantity: 5 }),
    event('e2', 'sold', 1, {}),
    event('e3', 'sold', 1, { quantity: 2 ** 60 }),
    event('e4', 'teleported', 1, { quantity: 1 }),
  ], at(59))
  const reasons = Object.fromEntries(report.rejected.map((r) => [r.index, r.error]))
  assert.match(reasons[1].field, /events\[1\]\.quantity/)
  assert.match(reasons[2].field ?? '', /events\[2\]\.quantity/)
  assert.match(reasons[3].field, /events\[3\]\.type/)
  const columns = {
    eventId: ['c1', 'c2'], sku: ['A', 'A'], location: ['store', 'store'],
    occurredAt: ['2026-11-26T10:00:00Z', '2026-11-26T10:01:00Z'], source: ['till', 'till'],
    type: ['received', 'sold'], quantity: [3, null],
  }
  const byColumns = new seamline.Ledger().applyColumns(columns, at(59))
  assert.equal(byColumns.applied, 1)
  assert.equal(byColumns.rejected[0].error.field, 'events[1].quantity')
  assert.throws(() => new seamline.Ledger().applyColumns({ ...columns, colour: ['r', 'g'] }, at(59)),
    (err) => err.code === 'INVALID_ARGUMENT' && /unknown column/.test(err.message))
})

test('a customer record with a phone of the wrong type names the path and hides the number', () => {
  const book = new seamline.CustomerBook()
  assert.throws(() => book.addRecords([{
    source: 'pos', recordId: 'c-1', observedAt: at(0),
    identifiers: [{ kind: 'email', value: 'ann@example.com' }, { kind: 'phone', value: 4155552671 }],
  }]), (err) => {
    assert.ok(err.code)
    assert.match(err.message, /identifiers\[1\]\.value/)
    assert.ok(!err.message.includes('4155552671') && !err.message.includes('555'), err.message)
    return true
  })
})

test('an argument of the wrong type is a coded error naming it, never quoting the value', () => {
  const now = new Date()
  const cases = [
    [() => seamline.normalizePhone(4155552671, 'US'), 'INVALID_TYPE', 'value'],
    [() => seamline.normalizeEmail('a@example.com', 'yes'), 'INVALID_TYPE', 'providerRules'],
    [() => new seamline.Ledger().stock('A', 5, now), 'INVALID_TYPE', 'location'],
    [() => new seamline.Ledger().history(['A'], 'WH'), 'INVALID_TYPE', 'sku'],
    [() => new seamline.Ledger().pooledAvailable('A', 'WH', now), 'INVALID_TYPE', 'locations'],
    [() => new seamline.Ledger().pooledAvailable('A', ['WH', 7], now), 'INVALID_TYPE', 'locations[1]'],
    [() => new seamline.OrderBook().order(7), 'INVALID_TYPE', 'orderId'],
    [() => new seamline.CustomerBook().profileOf(4155552671), 'INVALID_TYPE', 'record'],
    [() => new seamline.Ledger().merge({ events: [] }, now), 'INVALID_TYPE', 'other'],
    [() => seamline.priceMismatches(new seamline.Ledger(), new seamline.PriceTable(), {}, []), 'INVALID_TYPE', 'skuMap'],
    [() => seamline.priceMismatches(new seamline.SkuMap(), 'prices', {}, []), 'INVALID_TYPE', 'prices'],
    // An array argument given as something else (napi's own was `ArrayExpected`, uncoded).
    [() => new seamline.Ledger().applyBatch({ 0: 4155552671 }, now), 'INVALID_TYPE', 'events'],
    [() => new seamline.CustomerBook().addRecords('4155552671'), 'INVALID_TYPE', 'records'],
    [() => new seamline.SkuMap().importRows(4155552671), 'INVALID_TYPE', 'rows'],
    [() => seamline.allocateMoney({ amount: '1.00', currency: 'USD' }, 3), 'INVALID_TYPE', 'weights'],
    [() => new seamline.Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' }).addAll({}), 'INVALID_TYPE', 'updates'],
    [() => seamline.syncHealth('4155552671', now, 60), 'INVALID_TYPE', 'observations'],
    [() => seamline.priceMismatches(new seamline.SkuMap(), new seamline.PriceTable(), { channel: 'web', rounding: 'up' }, 7), 'INVALID_TYPE', 'observed'],
  ]
  for (const [call, code, field] of cases) {
    assert.throws(call, (err) => {
      assert.equal(err.code, code, err.message)
      assert.ok(seamline.ERROR_CODES.includes(err.code))
      assert.ok(err.message.includes(` ${field}:`), err.message)
      assert.doesNotMatch(err.message, /4155552671/)
      return true
    })
  }
  // Absent optional arguments are still absent.
  assert.equal(seamline.normalizeEmail('A@Example.com'), 'a@example.com')
  assert.equal(seamline.normalizeEmail('A@Example.com', null), 'a@example.com')
})

test('text with a lone surrogate is refused, not turned into U+FFFD; a real U+FFFD is kept', () => {
  for (const call of [() => seamline.normalizeSku('A\ud800'), () => new seamline.OrderBook().order('w\udc00')]) {
    assert.throws(call, (err) => err.code === 'INVALID_ARGUMENT' && /lone surrogate/.test(err.message))
  }
  assert.equal(seamline.normalizeSku('A\uFFFD'), 'A\uFFFD')
})

test('every instant a record holds may be a Date, as the generated types say', () => {
  const table = new seamline.PriceTable()
  table.add({ sku: 'A', price: { amount: '10.00', currency: 'USD' }, from: new Date('2026-01-01T00:00:00Z'), to: null })
  assert.deepEqual(table.priceAt('A', 'web', 'USD', '2026-02-01T00:00:00Z'), { amount: '10.00', currency: 'USD' })
  const promotion = { id: 'p', skus: ['A'], from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z'), discount: { type: 'percent_off', percent: '10' } }
  assert.deepEqual(table.quote('A', 'web', 'USD', new Date('2026-02-01T00:00:00Z'), [promotion]),
    { base: { amount: '10.00', currency: 'USD' }, promotions: ['p'], price: { amount: '9.00', currency: 'USD' } })
  const observed = [{ externalId: 'x', price: { amount: '1.00', currency: 'USD' }, observedAt: new Date('2026-02-01T00:00:00Z') }]
  assert.deepEqual(seamline.priceMismatches(new seamline.SkuMap(), table, { channel: 'web', rounding: 'half_up' }, observed).unmapped, ['x'])
  const feed = [
    { source: 'till-1', sequence: 1, sentAt: new Date('2026-01-01T00:00:00Z') },
    { source: 'till-1', sequence: 3, sentAt: '2026-01-01T00:01:00Z' },
  ]
  const [gap] = seamline.syncHealth(feed, new Date('2026-01-01T00:02:00Z'), 3600)
  assert.deepEqual([gap.type, gap.firstMissing, gap.after], ['gap', 2, '2026-01-01T00:00:00Z'])
  // An invalid Date is refused, naming the field.
  assert.throws(() => table.add({ sku: 'B', price: { amount: '1.00', currency: 'USD' }, from: new Date(NaN) }),
    { code: 'INVALID_TIMESTAMP', message: 'invalid timestamp for entry.from: a Date with no time (its time value is NaN) (got "Invalid Date")' })
  assert.throws(() => new seamline.Ledger().apply({ eventId: 'e', sku: 'A', location: 'L', occurredAt: new Date(8.64e15 + 1), source: 's', type: 'received', quantity: 1 }),
    (err) => err.code === 'INVALID_TIMESTAMP' && /event\.occurredAt/.test(err.message))
})

test("which fields may be a Date is core's schema of the record: a variant's field too", () => {
  const ledger = new seamline.Ledger()
  const t0 = new Date('2026-01-01T00:00:00Z')
  ledger.apply({ eventId: 'in', sku: 'A', location: 'L', occurredAt: t0, source: 'pos', type: 'received', quantity: 5 })
  // `expiresAt` is a field of the reservation variant only.
  ledger.apply({ eventId: 'r', sku: 'A', location: 'L', occurredAt: t0, source: 'web', type: 'reserved', quantity: 2, reservationId: 'c1', expiresAt: new Date('2026-01-01T00:30:00Z') })
  assert.equal(ledger.stock('A', 'L', '2026-01-01T00:10:00Z').reserved, 2)
  assert.equal(ledger.stock('A', 'L', '2026-01-01T00:40:00Z').reserved, 0)
  assert.throws(() => ledger.apply({ eventId: 'r2', sku: 'A', location: 'L', occurredAt: t0, source: 'web', type: 'reserved', quantity: 1, reservationId: 'c2', expiresAt: new Date(NaN) }),
    (err) => err.code === 'INVALID_TIMESTAMP' && /event\.expiresAt/.test(err.message))
  // A cart's instants, and an update's, read the same way.
  const [line] = ledger.reserveCart({ cartId: 'c3', lines: [{ sku: 'A', location: 'L', quantity: 1 }], occurredAt: t0, expiresAt: new Date('2026-01-01T01:00:00Z'), source: 'web' })
  assert.equal(line.reserved, 1)
  assert.throws(() => ledger.reserveCart({ cartId: 'c4', lines: [{ sku: 'A', location: 'L', quantity: 1 }], occurredAt: new Date(NaN), source: 'web' }),
    (err) => err.code === 'INVALID_TIMESTAMP' && /cart\.occurredAt/.test(err.message))
  const resolver = new seamline.Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' })
  assert.equal(resolver.add({ updateId: 'u1', system: 'pos', domain: 'inventory', entity: 'A@L', field: 'on_hand', value: '3', occurredAt: t0 }), 'accepted')
  assert.deepEqual([resolver.resolve().fields[0].winner.value, resolver.resolve().fields[0].winner.occurredAt], ['3', '2026-01-01T00:00:00Z'])
})
