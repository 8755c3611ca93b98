'use strict'
// The tie-out from columns: Arrow IPC bytes (apache-arrow's tableToIPC) and
// objects of arrays give exactly what records give.
const test = require('node:test')
const assert = require('node:assert/strict')
const arrow = require('apache-arrow')
const seamline = require('..')

const config = { asOf: '2026-11-26T00:00:00Z' }
const day = {
  orders: {
    order_id: ['W1', 'W2', 'W3', null],
    channel: ['web', 'web', 'web', 'web'],
    currency: ['USD', 'USD', 'ZZZ', 'USD'],
    total: ['100.00', '25.00', '5.00', '1.00'],
    placed_at: ['2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z', '2026-11-20T12:00:00Z', '2026-11-20T12:00:00Z'],
  },
  payments: {
    order_id: ['W1', 'W2', 'W3'],
    payment_id: ['p1', 'p1', 'p1'],
    method: ['card', 'card', 'cash'],
    processor: ['stripe', 'stripe', null],
    processor_reference: ['ch_1', 'ch_2', null],
    amount: ['100.00', '25.00', '5.00'],
    captured_at: ['2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z', '2026-11-20T12:00:00Z'],
  },
  settlements: {
    id: ['s1'], kind: ['charge'], processor: ['stripe'], processor_reference: ['ch_1'],
    merchant_reference: ['W1'], gross: ['100.00'], fee: ['3.20'], net: ['96.80'], currency: ['USD'],
    settled_at: ['2026-11-21T02:00:00Z'], batch_id: ['po_1'],
  },
}

// The same rows as nested records.
function records() {
  const o = day.orders
  const orders = o.order_id.map((id, i) => ({
    order_id: id, channel: o.channel[i], currency: o.currency[i], total: o.total[i], placed_at: o.placed_at[i],
    payments: day.payments.order_id.flatMap((pid, j) => (pid === id && id !== null
      ? [Object.fromEntries(Object.keys(day.payments).filter((k) => k !== 'order_id').map((k) => [k, day.payments[k][j]]))]
      : [])),
  }))
  const s = day.settlements
  const settlements = s.id.map((_, i) => Object.fromEntries(Object.keys(s).map((k) => [k, s[k][i]])))
  return { orders, settlements }
}

const result = (r) => ({ exceptions: r.exceptions(), pending: r.pending(), rows: r.rows(), summary: r.summary() })
const ipc = (columns) => arrow.tableToIPC(arrow.tableFromArrays(columns))

test('records, objects of arrays and Arrow IPC give one result', () => {
  const byRecords = result(seamline.reconcile({ ...records(), config }))
  const byObjects = result(seamline.reconcileColumns({ ...day, config }))
  assert.deepEqual(byObjects, byRecords)
  const byArrow = result(seamline.reconcileColumns({
    orders: ipc(day.orders), payments: ipc(day.payments), settlements: ipc(day.settlements), config,
  }))
  assert.deepEqual(byArrow, byRecords)
  // The file format reads as the stream format does.
  const file = arrow.tableToIPC(arrow.tableFromArrays(day.orders), 'file')
  assert.deepEqual(result(seamline.reconcileColumns({ ...day, orders: file, config })), byRecords)
  const invalid = byRecords.exceptions.filter((e) => e.reason === 'INVALID_ROW').map((e) => e.message)
  assert.ok(invalid.some((m) => m.includes('orders[2].currency')), invalid.join('\n'))
  assert.ok(invalid.some((m) => m.includes('orders[3].order_id')), invalid.join('\n'))
})

test('a float amount column, a table with other headers and corrupt bytes are one coded error each', () => {
  const floats = arrow.tableToIPC(arrow.tableFromArrays({ ...day.orders, total: Float64Array.from([100, 25, 5, 1]) }))
  assert.throws(() => seamline.reconcileColumns({ orders: floats, config }),
    (e) => e.code === 'INVALID_TYPE' && /orders\.total/.test(e.message) && /decimal or text/.test(e.message))
  assert.throws(() => seamline.reconcileColumns({ orders: { 'Order ID': ['W1'], Total: ['1'] }, config }),
    (e) => e.code === 'INVALID_ARGUMENT' && /orders\.channel/.test(e.message))
  const bytes = ipc(day.orders)
  const corrupt = bytes.slice(0, bytes.length - 40)
  assert.throws(() => seamline.reconcileColumns({ orders: corrupt, config }),
    (e) => e.code === 'INVALID_ARGUMENT' && /Arrow IPC/.test(e.message))
  assert.throws(() => seamline.reconcileColumns({ orders: new Uint8Array([1, 2, 3]), config }), { code: 'INVALID_ARGUMENT' })
})

test('tables are named as core declares them: a misspelt one is refused, a null one is not given', async () => {
  const { payments, ...rest } = day
  const misspelt = { ...rest, payment: payments, config }
  assert.throws(() => seamline.reconcileColumns(misspelt),
    (e) => e.code === 'INVALID_ARGUMENT' && /the tables are orders, payments/.test(e.message))
  await assert.rejects(seamline.reconcileColumnsAsync(misspelt), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => seamline.reconcileColumns({ payments, config }),
    (e) => e.code === 'INVALID_ARGUMENT' && /input\.orders/.test(e.message))
  // The record form too: a misspelt table, or payments the record form nests in orders.
  const { orders, settlements } = records()
  assert.throws(() => seamline.reconcile({ orders, settlement: settlements, config }),
    (e) => e.code === 'INVALID_ARGUMENT' && /the tables are orders, settlements, movements/.test(e.message))
  await assert.rejects(seamline.reconcileAsync({ orders, payments: [], config }), { code: 'INVALID_ARGUMENT' })
  assert.deepEqual(result(seamline.reconcile({ orders, settlements, movements: null, config })),
    result(seamline.reconcile({ orders, settlements, config })))
  const given = result(seamline.reconcileColumns({ ...day, refunds: null, movements: undefined, config }))
  assert.deepEqual(given, result(seamline.reconcileColumns({ ...day, config })))
})

test('stock events as Arrow IPC apply as their object form does', () => {
  const columns = {
    eventId: ['e1', 'e2'], sku: ['A', 'A'], location: ['s', 's'],
    occurredAt: ['2026-11-26T10:00:00Z', '2026-11-26T10:01:00Z'], source: ['till', 'till'],
    type: ['received', 'sold'], quantity: Int32Array.from([5, 2]),
  }
  const a = new seamline.Ledger()
  const b = new seamline.Ledger()
  const byObject = a.applyColumns({ ...columns, quantity: [5, 2] }, '2026-11-26T11:00:00Z')
  const byArrow = b.applyColumns(ipc(columns), '2026-11-26T11:00:00Z')
  assert.deepEqual(byArrow, byObject)
  assert.equal(b.stock('A', 's', '2026-11-26T11:00:00Z').onHand, 3)
})

test('the tie-out off the event loop gives what the synchronous calls give, and rejects with the same codes', async () => {
  const byRecords = result(seamline.reconcile({ ...records(), config }))
  assert.deepEqual(result(await seamline.reconcileAsync({ ...records(), config })), byRecords)
  assert.deepEqual(result(await seamline.reconcileColumnsAsync({ ...day, config })), byRecords)
  const tables = { orders: ipc(day.orders), payments: ipc(day.payments), settlements: ipc(day.settlements), config }
  const byArrow = await seamline.reconcileColumnsAsync(tables)
  assert.ok(byArrow instanceof seamline.Reconciliation)
  assert.deepEqual(result(byArrow), byRecords)
  const floats = arrow.tableToIPC(arrow.tableFromArrays({ ...day.orders, total: Float64Array.from([100, 25, 5, 1]) }))
  await assert.rejects(seamline.reconcileColumnsAsync({ orders: floats, config }),
    (e) => e.code === 'INVALID_TYPE' && /orders\.total/.test(e.message))
  await assert.rejects(seamline.reconcileColumnsAsync({ orders: new Uint8Array([1, 2, 3]), config }), { code: 'INVALID_ARGUMENT' })
  for (const input of [{ ...records(), config: { asOf: 'soon' } }, 42, { orders: 'W1', config }]) {
    let thrown
    assert.throws(() => seamline.reconcile(input), (e) => { thrown = e; return typeof e.code === 'string' })
    await assert.rejects(seamline.reconcileAsync(input), { code: thrown.code, message: thrown.message })
  }
})

test('the ES module exports what the CommonJS entry does, each defined', async () => {
  const esm = await import('../index.mjs')
  const names = Object.keys(esm).filter((k) => k !== 'default').sort()
  assert.deepEqual(names, Object.keys(seamline).sort())
  for (const name of names) assert.notEqual(esm[name], undefined, name)
})

test('threads: one and two read and tie out to the same report; zero or a fraction is refused', async () => {
  const saved = (r) => Buffer.from(r.toJson()).toString()
  const one = saved(seamline.reconcileColumns({ ...day, config, threads: 1 }))
  assert.equal(saved(seamline.reconcileColumns({ ...day, config, threads: 2 })), one)
  assert.equal(saved(seamline.reconcileColumns({ ...day, config })), one)
  assert.equal(saved(await seamline.reconcileColumnsAsync({ ...day, config, threads: 2 })), one)
  const recs = saved(seamline.reconcile({ ...records(), config, threads: 1 }))
  assert.equal(saved(seamline.reconcile({ ...records(), config, threads: 2 })), recs)
  assert.equal(saved(await seamline.reconcileAsync({ ...records(), config, threads: 2 })), recs)
  for (const threads of [0, 1.5, -1]) {
    assert.throws(() => seamline.reconcileColumns({ ...day, config, threads }), { code: /INVALID/ })
  }
  await assert.rejects(seamline.reconcileColumnsAsync({ ...day, config, threads: 0 }), { code: 'INVALID_ARGUMENT' })
})
