// What the package returns is what core's types say (results.schema.json,
// generated from them): real results of every module are checked against
// the schema, every object closed to the fields it declares.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const fs = require('node:fs')
const seamline = require('..')

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'results.schema.json'), 'utf8'))

/** The problems of `value` against `s` (an empty list when it conforms). */
function check (value, s, at = 'value') {
  if (s.$ref) return check(value, schema.$defs[s.$ref.replace('#/$defs/', '')], at)
  const alternatives = s.anyOf || (s.oneOf && !s.properties ? s.oneOf : null)
  if (alternatives) {
    const tried = alternatives.map((a) => check(value, a, at))
    return tried.some((p) => p.length === 0) ? [] : [`${at}: none of ${alternatives.length} forms: ${tried.map((p) => p[0]).join(' / ')}`]
  }
  if ('const' in s && value !== s.const) return [`${at}: ${JSON.stringify(value)} is not ${s.const}`]
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in ${s.enum}`]
  const types = [].concat(s.type || [])
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
  if (types.length && !types.includes(kind) && !(kind === 'integer' && types.includes('number'))) {
    return [`${at}: ${JSON.stringify(value)} is ${kind}, not ${types}`]
  }
  if (kind === 'string' && s.format === 'decimal' && !/^-?\d+(\.\d+)?$/.test(value)) return [`${at}: ${value} is no decimal`]
  if (kind === 'string' && s.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: ${value} is no instant`]
  if (kind === 'array') {
    if (s.prefixItems) return s.prefixItems.flatMap((p, i) => check(value[i], p, `${at}[${i}]`))
    return s.items ? value.flatMap((v, i) => check(v, s.items, `${at}[${i}]`)) : []
  }
  if (kind === 'object') {
    const problems = []
    let props = { ...(s.properties || {}) }
    let required = [...(s.required || [])]
    if (s.properties && s.oneOf) {
      // A tagged enum flattened beside common fields: the matching variant's too.
      const variant = s.oneOf.find((v) => Object.entries(v.properties).every(([k, p]) => !('const' in p) || value[k] === p.const))
      if (!variant) return [`${at}: no variant matches`]
      props = { ...props, ...variant.properties }
      required = [...required, ...(variant.required || [])]
    }
    for (const key of required) if (!(key in value)) problems.push(`${at}.${key} is missing`)
    for (const [key, v] of Object.entries(value)) {
      if (props[key]) problems.push(...check(v, props[key], `${at}.${key}`))
      else if (s.additionalProperties) problems.push(...check(v, s.additionalProperties, `${at}[${key}]`))
      else if (s.properties) problems.push(`${at}.${key} is not declared`)
      if (s.propertyNames) problems.push(...check(key, s.propertyNames, `${at} key`))
    }
    return problems
  }
  return []
}

function conforms (value, type) {
  assert.deepEqual(check(value, { $ref: `#/$defs/${type}` }), [], type)
}

test('the checker refuses what the schema does not allow', () => {
  const row = { kind: 'order', orderId: null, id: 'W1' }
  conforms(row, 'RowRef')
  for (const bad of [{ ...row, extra: 1 }, { kind: 'order', id: 'W1' }, { ...row, kind: 'bonus' }, { ...row, id: 5 }]) {
    assert.notDeepEqual(check(bad, { $ref: '#/$defs/RowRef' }), [])
  }
  // A real value against another type, or with a field too many, fails.
  const level = new seamline.Ledger().stock('MUG', 'dc', '2026-12-01T10:00:00Z')
  conforms(level, 'StockLevel')
  assert.notDeepEqual(check(level, { $ref: '#/$defs/ApplyReport' }), [])
  assert.notDeepEqual(check({ ...level, onhand: 1 }, { $ref: '#/$defs/StockLevel' }), [])
})

const T0 = '2026-12-01T10:00:00Z'
const stock = (eventId, type, fields) => ({ eventId, sku: 'MUG', location: 'dc', occurredAt: T0, source: 'erp', type, ...fields })

test('the ledger, sourcing and sync health return what core declares', () => {
  const ledger = new seamline.Ledger()
  conforms(ledger.apply(stock('in', 'received', { quantity: 5 })), 'ApplyReport')
  const batch = ledger.applyBatch([stock('s', 'sold', { quantity: 7 }), stock('bad', 'sold', { quantity: -1 }), stock('in', 'received', { quantity: 5 })], T0)
  assert.ok(batch.rejected.length && batch.anomalies.length && batch.duplicates.length)
  conforms(batch, 'BatchReport')
  conforms(ledger.stock('MUG', 'dc', T0), 'StockLevel')
  for (const line of ledger.history('MUG', 'dc')) conforms(line, 'HistoryLine')
  for (const a of ledger.anomalies(T0)) conforms(a, 'Anomaly')
  conforms(ledger.publish('MUG', ['dc'], { kind: 'fixed', units: 1 }, T0), 'Publication')
  ledger.apply(stock('in-2', 'received', { quantity: 10 }))
  for (const held of ledger.reserveCart({ cartId: 'c', lines: [{ sku: 'MUG', location: 'dc', quantity: 1 }], occurredAt: T0, source: 'web' })) {
    conforms(held, 'CartLineOutcome')
  }
  const plan = seamline.sourceOrder([{ lineId: '1', sku: 'MUG', quantity: 2 }], 'ship',
    [{ location: 'dc', ships: true, available: { MUG: 5 }, perShipment: '4.00', perUnit: '0.50' }])
  conforms(plan, 'SourcingPlan')
  const issues = seamline.syncHealth([{ source: 't', sequence: 1, sentAt: T0 }, { source: 't', sequence: 3, sentAt: T0 }], T0, 60)
  assert.ok(issues.length)
  for (const issue of issues) conforms(issue, 'SyncIssue')
})

test('the order book, customer book, catalog and resolver return what core declares', () => {
  const ledger = new seamline.Ledger()
  ledger.apply(stock('in', 'received', { quantity: 5 }))
  const book = new seamline.OrderBook()
  const ev = (eventId, type, fields) => ({ eventId, orderId: 'w-1', occurredAt: T0, source: 'till', type, ...fields })
  conforms(book.apply(ev('p', 'placed', { order: { orderId: 'w-1', channel: 'web', currency: 'USD', fulfilment: 'ship', location: 'dc', lines: [{ lineId: '1', sku: 'MUG', quantity: 2, unitPrice: '10.00' }] } })), 'Transition')
  book.apply(ev('a', 'allocated', { allocations: [{ lineId: '1', location: 'dc', quantity: 2 }] }))
  conforms(book.applyWithLedger(ledger, ev('f', 'fulfilled', { shipmentId: 's', location: 'dc', lines: [{ lineId: '1', quantity: 2 }] })).transition, 'Transition')
  conforms(book.order('w-1'), 'OrderStatus')
  const report = book.applyBatch([ev('x', 'captured', { paymentId: 'p1', amount: '20.00' }), { type: 5 }])
  assert.ok(report.rejected.length)
  conforms(report, 'OrderBatchReport')

  const customers = new seamline.CustomerBook()
  const rec = (source, recordId, ids, attributes) => ({ source, recordId, observedAt: T0, identifiers: ids.map(([kind, value]) => ({ kind, value })), attributes })
  customers.addRecords([
    rec('pos', 'c-17', [['phone', '+1 415 555 2671'], ['loyalty', '7788-1234']], { name: 'Ann Lee' }),
    rec('web', 'u-901', [['email', 'ann@example.com'], ['phone', '+1 415 555 2671']], { name: 'Ann Lee' }),
    rec('pos', 'c-18', [['phone', '+1 415 555 2671'], ['loyalty', '9900-0001']], { name: 'Bob Lee' }),
    rec('web', 'u-2', [['email', 'not an email']], { name: 'Ann Lee' }),
  ])
  const resolution = customers.resolution()
  assert.ok(resolution.review.length && resolution.issues.length && resolution.merges.length)
  conforms(resolution, 'CustomerResolution')
  conforms(customers.correct({ type: 'never_link', recordA: 'pos/c-17', recordB: 'web/u-901', by: 'ana', reason: 'two people' }), 'CorrectionEffect')
  conforms(customers.suggestions(), 'Suggestions')
  customers.applyPoints({ eventId: 'e', loyaltyId: '12345678', kind: 'earn', points: 5, occurredAt: T0 })
  for (const u of customers.unclaimedPoints()) conforms(u, 'UnclaimedPoints')

  const skuMap = new seamline.SkuMap()
  const imported = skuMap.importRows([{ channel: 'web', externalId: '1', components: [{ sku: 'MUG' }] },
    { channel: 'web', externalId: '1', components: [{ sku: 'CAP' }] }, { channel: 'web' }])
  assert.ok(imported.conflicts.length && imported.invalid.length)
  conforms(imported, 'ImportReport')
  skuMap.translateColumns('web', ['404'], [1], T0)
  for (const entry of skuMap.unmappedQueue()) conforms(entry, 'UnmappedEntry')
  const prices = new seamline.PriceTable()
  prices.add({ sku: 'MUG', price: { amount: '10.00', currency: 'USD' }, from: T0 })
  conforms(prices.quote('MUG', 'web', 'USD', T0, [{ id: 'p', skus: ['MUG'], from: T0, discount: { type: 'percent_off', percent: '10' } }]), 'PriceQuote')
  skuMap.importRows([{ channel: 'web', externalId: '7', components: [{ sku: 'MUG' }] }])
  conforms(seamline.priceMismatches(skuMap, prices, { channel: 'web', rounding: 'half_up' },
    [{ externalId: '7', price: { amount: '12.00', currency: 'USD' }, observedAt: T0 }]), 'MismatchReport')

  const resolver = new seamline.Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' })
  const update = { updateId: 'u1', system: 'pos', domain: 'inventory', entity: 'MUG', field: 'onHand', value: '3', occurredAt: T0 }
  conforms(resolver.add(update), 'Arrival')
  conforms(resolver.resolve(), 'Resolution')
})

test('a tie-out and a processor report return what core declares', () => {
  const report = seamline.readReport('stripe', [{ name: 'stripe.csv', content: fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'reports', 'stripe_balance_change_itemized.csv')) }])
  for (const list of ['files', 'duplicates', 'unknown', 'rejected', 'skipped']) {
    for (const row of report[list]) conforms(row, { files: 'FileRead', duplicates: 'DuplicateRow', unknown: 'UnknownRow', rejected: 'RejectedRow', skipped: 'SkippedRow' }[list])
  }
  for (const line of report.lines) conforms(line, 'SettlementLine')
  const day = seamline.reconcile({
    orders: [{ orderId: 'W-1', channel: 'web', currency: 'USD', total: '10.00', placedAt: '2026-11-01T10:00:00Z', status: 'fulfilled',
      payments: [{ paymentId: 'p1', method: 'card', processor: 'stripe', processorReference: 'ch_1', amount: '10.00', capturedAt: '2026-11-01T10:00:00Z' }] }],
    reports: [report],
    config: { asOf: '2026-12-01T00:00:00Z' },
  })
  assert.ok(day.exceptions().length)
  for (const e of day.exceptions()) conforms(e, 'Exception')
  for (const p of day.pending()) conforms(p, 'Pending')
  for (const s of day.summary()) conforms(s, 'CurrencySummary')
  conforms(day.rows(), 'RowCounts')
  for (const m of day.matches()) conforms(m, 'Match')
  for (const q of day.queue()) conforms(q, 'QueueItem')
})
