'use strict'
// Promise forms: the same results as the synchronous calls, computed off
// the event loop; failures reject (never throw) with Seamline's code; an
// aborted signal changes nothing; the loop keeps answering meanwhile.
const test = require('node:test')
const assert = require('node:assert/strict')
const arrow = require('apache-arrow')
const { Ledger, OrderBook, Resolver, ERROR_CODES } = require('..')

const NOW = '2026-11-26T12:00:00Z'
const pad = (n) => String(n).padStart(6, '0')

/** `n` events over 50 positions, with a duplicate, a conflicting repeat and an unreadable row. */
function columns(n) {
  const c = { eventId: [], sku: [], location: [], occurredAt: [], source: [], type: [], quantity: [] }
  const push = (id, sku, type, quantity) => {
    c.eventId.push(id); c.sku.push(sku); c.location.push('store')
    c.occurredAt.push('2026-11-26T10:00:00Z'); c.source.push('pos'); c.type.push(type); c.quantity.push(quantity)
  }
  for (let i = 0; i < n; i++) push(`e${pad(i)}`, `SKU-${i % 50}`, i % 3 ? 'sold' : 'received', i % 3 ? 1 : 9)
  push('e000000', 'SKU-0', 'received', 9) // a duplicate
  push('e000003', 'SKU-3', 'received', 99) // the same id, another event: refused
  push('e-bad', 'SKU-1', 'teleported', 1) // an unknown type: refused
  return c
}

const ipc = (c) => arrow.tableToIPC(arrow.tableFromArrays({ ...c, quantity: Int32Array.from(c.quantity) }), 'stream')
const state = (ledger) => [0, 1, 2, 49].map((i) => ledger.stock(`SKU-${i}`, 'store', NOW))

test('applyColumnsAsync reports and leaves what applyColumns does, from Arrow and from arrays', async () => {
  const c = columns(20_000) // several slices
  const sync = new Ledger()
  const expected = sync.applyColumns(c, NOW)
  assert.equal(expected.applied, 20_000)
  assert.equal(expected.duplicates.length, 1)
  assert.deepEqual(expected.rejected.map((r) => r.index), [20_001, 20_002])
  for (const input of [c, ipc(c)]) {
    const ledger = new Ledger()
    const pending = ledger.applyColumnsAsync(input, NOW)
    assert.ok(pending instanceof Promise)
    assert.deepEqual(await pending, expected)
    assert.deepEqual(state(ledger), state(sync))
    assert.equal(ledger.size, sync.size)
    assert.deepEqual(ledger.toSnapshot(), sync.toSnapshot())
  }
})

test('applyBatchAsync reports and leaves what applyBatch does', async () => {
  const c = columns(5_000)
  const records = c.eventId.map((eventId, i) => ({
    eventId, sku: c.sku[i], location: c.location[i], occurredAt: new Date(c.occurredAt[i]),
    source: c.source[i], type: c.type[i], quantity: c.quantity[i],
  }))
  records.push({ eventId: 'e-big', sku: 'SKU-1', location: 'store', occurredAt: NOW, source: 'pos', type: 'received', quantity: 2 ** 60 })
  const sync = new Ledger()
  const expected = sync.applyBatch(records, NOW)
  assert.equal(expected.rejected.at(-1).error.code, 'INVALID_ARGUMENT') // 2^60 is past JS's exact integers
  const ledger = new Ledger()
  assert.deepEqual(await ledger.applyBatchAsync(records, NOW), expected)
  assert.deepEqual(ledger.toSnapshot(), sync.toSnapshot())
})

test('a failure rejects with its code and changes nothing', async () => {
  const ledger = new Ledger()
  const bad = [
    [() => ledger.applyColumnsAsync(columns(3), 'not a time'), 'INVALID_TIMESTAMP'],
    [() => ledger.applyColumnsAsync({ ...columns(3), colour: ['r', 'g', 'b', 'r', 'g', 'b'] }, NOW), 'INVALID_ARGUMENT'],
    [() => ledger.applyColumnsAsync(new Uint8Array([1, 2, 3]), NOW), 'INVALID_ARGUMENT'],
    [() => ledger.applyBatchAsync(columns(3).eventId.map(() => ({})), 'yesterday'), 'INVALID_TIMESTAMP'],
    [() => Ledger.fromSnapshotAsync(Buffer.from('{"version":2')), 'INVALID_SNAPSHOT'],
  ]
  for (const [call, code] of bad) {
    let pending
    assert.doesNotThrow(() => { pending = call() })
    await assert.rejects(pending, (err) => {
      assert.ok(err instanceof Error)
      assert.equal(err.code, code, err.message)
      assert.ok(ERROR_CODES.includes(err.code))
      return true
    })
  }
  assert.equal(ledger.size, 0)
})

test('an aborted signal rejects with an AbortError and changes nothing', async () => {
  const ledger = new Ledger()
  const controller = new AbortController()
  const pending = ledger.applyColumnsAsync(ipc(columns(50_000)), NOW, controller.signal)
  controller.abort()
  // The worker may (on a busy machine) have begun applying before the abort
  // arrived: then the batch completes. Either way, never half a batch.
  const outcome = await pending.then((report) => report.applied, (err) => err.name)
  assert.ok(outcome === 'AbortError' || outcome === 50_000, String(outcome))
  assert.equal(ledger.size, outcome === 'AbortError' ? 0 : 50_000)
  if (outcome !== 'AbortError') return
  // Aborted before the call: the same.
  await assert.rejects(ledger.applyBatchAsync([], NOW, AbortSignal.abort()), { name: 'AbortError', code: 'ABORT_ERR' })
  await assert.rejects(ledger.applyColumnsAsync(columns(3), NOW, { aborted: 'maybe' }), { code: 'INVALID_TYPE' })
  assert.equal(ledger.size, 0)
  // Not aborted: it runs; abandoning a Promise is safe (the work ends, the ledger holds it).
  ledger.applyColumnsAsync(ipc(columns(100)), NOW, new AbortController().signal)
  for (let i = 0; i < 5_000 && ledger.size < 100; i++) await new Promise((resolve) => setTimeout(resolve, 1))
  assert.equal(ledger.size, 100)
})

test('the loop answers stock reads while a batch is applied, each read whole', async () => {
  const ledger = new Ledger()
  const n = 200_000
  const bytes = ipc(columns(n))
  const seen = []
  let done = false
  const pending = ledger.applyColumnsAsync(bytes, NOW).then((r) => { done = true; return r })
  while (!done) {
    seen.push(ledger.size)
    await new Promise((resolve) => setImmediate(resolve))
  }
  const report = await pending
  assert.equal(report.applied, n)
  assert.ok(seen.length > 1, 'the loop ran while the batch was applied')
  // Sizes only grow, and never past the batch.
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b))
  assert.ok(seen.every((s) => s <= n))
})

test('snapshots off the loop are the same bytes and restore the same ledger', async () => {
  const ledger = new Ledger()
  ledger.applyColumns(columns(3_000), NOW)
  const bytes = await ledger.toSnapshotAsync()
  assert.ok(Buffer.isBuffer(bytes))
  assert.deepEqual(bytes, ledger.toSnapshot())
  const restored = await Ledger.fromSnapshotAsync(bytes)
  assert.ok(restored instanceof Ledger)
  assert.deepEqual(state(restored), state(ledger))
  assert.equal(restored.size, ledger.size)
})

/** `n` web orders placed (each reserving stock), with a duplicate, a refused row and an order that breaks a rule. */
function orderEvents(n) {
  const at = new Date(Date.UTC(2026, 11, 1, 10, 0))
  const placed = (i) => ({
    eventId: `p${pad(i)}`, orderId: `w${pad(i)}`, occurredAt: at, source: 'web', type: 'placed',
    order: {
      orderId: `w${pad(i)}`, channel: 'web', currency: 'USD', fulfilment: 'ship', location: 'dc',
      lines: [{ lineId: '1', sku: `SKU-${i % 7}`, quantity: 1 + (i % 3), unitPrice: '10.00' }],
    },
  })
  const events = Array.from({ length: n }, (_, i) => placed(i))
  events.push(placed(0)) // a duplicate
  events.push({ eventId: 'broken' }) // unreadable
  events.push({ eventId: 'c1', orderId: 'w000001', occurredAt: at, source: 'psp', type: 'captured', paymentId: 'x', amount: '99999.00' }) // over the total
  return events
}

test('OrderBook.applyBatchAsync reports and leaves what applyBatch does, with and without a ledger', async () => {
  const events = orderEvents(6_000) // several JSON chunks
  for (const withLedger of [false, true]) {
    const receive = (ledger) => ledger.applyColumns({
      eventId: ['in0', 'in1'], sku: ['SKU-0', 'SKU-1'], location: ['dc', 'dc'], occurredAt: ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z'],
      source: ['erp', 'erp'], type: ['received', 'received'], quantity: [50, 50],
    }, NOW)
    const syncBook = new OrderBook()
    const syncLedger = new Ledger()
    receive(syncLedger)
    const expected = syncBook.applyBatch(events, withLedger ? syncLedger : undefined)
    assert.equal(expected.applied, 6_000)
    assert.equal(expected.duplicates, 1)
    assert.deepEqual(expected.rejected.map((r) => [r.index, r.error.code]), [[6_001, 'INVALID_ARGUMENT'], [6_002, 'INVARIANT_VIOLATED']])
    const book = new OrderBook()
    const ledger = new Ledger()
    receive(ledger)
    const pending = book.applyBatchAsync(events, withLedger ? ledger : null)
    assert.ok(pending instanceof Promise)
    assert.deepEqual(await pending, expected)
    assert.deepEqual(book.toSnapshot(), syncBook.toSnapshot())
    assert.deepEqual(ledger.toSnapshot(), syncLedger.toSnapshot())
    assert.deepEqual(book.order('w000042'), syncBook.order('w000042'))
  }
})

test('OrderBook snapshots off the loop are the same bytes and restore the same book', async () => {
  const book = new OrderBook()
  book.applyBatch(orderEvents(500))
  const bytes = await book.toSnapshotAsync()
  assert.deepEqual(bytes, book.toSnapshot())
  const restored = await OrderBook.fromSnapshotAsync(bytes)
  assert.ok(restored instanceof OrderBook)
  assert.deepEqual(restored.orderIds(), book.orderIds())
  await assert.rejects(OrderBook.fromSnapshotAsync(Buffer.from('not a book')), { code: 'INVALID_SNAPSHOT' })
})

test('Resolver.addAllAsync and resolveAsync give what addAll and resolve give', async () => {
  const owners = { inventory: 'pos', orders: 'oms', customers: 'crm', catalog: 'pim', payments: 'psp' }
  const updates = []
  for (let i = 0; i < 2_000; i++) {
    const system = i % 2 ? 'web' : 'pos'
    updates.push({ updateId: `u${i}`, system, domain: 'inventory', entity: `SKU-${i % 300}@store`, field: 'on_hand', value: String(i % 9), occurredAt: new Date(Date.UTC(2026, 11, 1, 10, 0, i % 60)) })
  }
  updates.push(updates[5]) // a duplicate
  updates.push({ ...updates[6], value: 'other' }) // a conflicting duplicate
  updates.push({ updateId: 'u-bad', system: 'pos' }) // unreadable
  const sync = new Resolver(owners, { rank: ['pos', 'web'] })
  const expected = sync.addAll(updates)
  assert.equal(expected.at(-3), 'duplicate')
  assert.equal(expected.at(-2).error.code, 'CONFLICTING_DUPLICATE')
  assert.equal(expected.at(-1).error.code, 'INVALID_ARGUMENT')
  const r = new Resolver(owners, { rank: ['pos', 'web'] })
  assert.deepEqual(await r.addAllAsync(updates), expected)
  assert.deepEqual(await r.resolveAsync(), sync.resolve())
  assert.deepEqual(r.resolve(), sync.resolve())
  // Aborted before the call: nothing is added.
  const fresh = new Resolver(owners)
  await assert.rejects(fresh.addAllAsync(updates, AbortSignal.abort()), { name: 'AbortError', code: 'ABORT_ERR' })
  assert.deepEqual(fresh.resolve().fields, [])
  await assert.rejects(new OrderBook().applyBatchAsync(orderEvents(3), null, AbortSignal.abort()), { name: 'AbortError' })
  await assert.rejects(new OrderBook().applyBatchAsync('not an array'), { code: 'INVALID_TYPE' })
})

