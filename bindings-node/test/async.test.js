'use strict'
// Promise forms: the same results as the synchronous calls, computed off
// the event loop; failures reject (never throw) with Seamline's code; an
// aborted signal changes nothing; the loop keeps answering meanwhile.
const test = require('node:test')
const assert = require('node:assert/strict')
const arrow = require('apache-arrow')
const { Ledger, ERROR_CODES } = require('..')

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
