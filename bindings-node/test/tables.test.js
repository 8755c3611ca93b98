// Lists of results as Arrow tables (issue 18): columns from the row type's
// own schema in core, read back with apache-arrow.
const test = require('node:test')
const assert = require('node:assert/strict')
const { tableFromIPC } = require('apache-arrow')
const seamline = require('..')

const T0 = '2026-12-01T10:00:00Z'
const stock = (eventId, type, fields) => ({ eventId, sku: 'MUG', location: 'dc', occurredAt: T0, source: 'erp', type, ...fields })

test("a ledger's anomalies and history come back as Arrow tables", () => {
  const ledger = new seamline.Ledger()
  ledger.applyBatch([stock('in', 'received', { quantity: 2 }), stock('s', 'sold', { quantity: 5 }),
    stock('t', 'transfer_out', { transferId: 'T1', quantity: 1 })], T0)
  const anomalies = ledger.anomalies('2026-12-09T00:00:00Z')
  const table = tableFromIPC(ledger.anomaliesArrow('2026-12-09T00:00:00Z'))
  assert.equal(table.numRows, anomalies.length)
  assert.equal(anomalies.length, 1)
  // Every kind's fields are columns; a kind without one has null there.
  for (const name of ['type', 'sku', 'location', 'on_hand', 'transfer_id', 'units_oversold']) {
    assert.ok(table.schema.fields.some((f) => f.name === name), name)
  }
  const rows = table.toArray().map((r) => r.toJSON())
  assert.deepEqual(rows.map((r) => r.type), anomalies.map((a) => a.type))
  const negative = rows.find((r) => r.type === 'negative_stock')
  assert.equal(Number(negative.on_hand), -4)
  assert.equal(negative.transfer_id, null)

  const history = tableFromIPC(ledger.historyArrow('MUG', 'dc'))
  assert.equal(history.numRows, ledger.history('MUG', 'dc').length)
  const at = history.getChild('occurred_at')
  assert.equal(at.type.unit, 2) // microseconds
  assert.equal(at.type.timezone, 'UTC')
  assert.equal(Number(history.getChild('on_hand_after').get(0)), 2)
})

test("a resolver's fields and a customer book's profiles come back as Arrow tables", () => {
  const resolver = new seamline.Resolver({ inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' })
  resolver.addAll([
    { updateId: 'u1', system: 'pos', domain: 'inventory', entity: 'MUG', field: 'on_hand', value: '3', occurredAt: T0 },
    { updateId: 'u2', system: 'crm', domain: 'customers', entity: 'c1', field: 'email', value: 'a@example.com', occurredAt: new Date(T0) },
  ])
  const fields = tableFromIPC(resolver.resolutionArrow())
  assert.equal(fields.numRows, resolver.resolve().fields.length)
  const first = fields.get(0).toJSON()
  assert.equal(first.winner_system, 'pos')
  assert.equal(first.won_by, 'owner')

  const book = new seamline.CustomerBook()
  book.addRecords([
    { source: 'pos', recordId: '1', observedAt: T0, identifiers: [{ kind: 'email', value: 'ann@example.com' }], attributes: { firstName: 'Ann' } },
    { source: 'web', recordId: '2', observedAt: T0, identifiers: [{ kind: 'email', value: 'ANN@example.com' }] },
  ])
  const profiles = tableFromIPC(book.profilesArrow())
  assert.equal(profiles.numRows, 1)
  const profile = profiles.get(0).toJSON()
  assert.deepEqual([...profile.members], ['pos/1', 'web/2'])
  // Attribute names are data: kept as given; identifiers hashed, never clear.
  assert.deepEqual(JSON.parse(profile.golden), { firstName: 'Ann' })
  assert.doesNotMatch(profile.identifiers, /ann@example\.com/i)
})
