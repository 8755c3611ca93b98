'use strict'
// How long the event loop stalls while Seamline works: `node bindings-node/bench/event-loop.bench.js`.
// 1,000,000 stock events (Arrow IPC, as `apache-arrow`'s tableToIPC writes them) applied with
// `applyColumns` and with `applyColumnsAsync`, 200,000 as records with `applyBatch` and
// `applyBatchAsync`, and the loaded ledger's snapshot both ways; last, the loop while the
// ledgers are freed (each is kept until then, so no row pays for freeing another's). Meanwhile a probe on the loop
// reads one position's stock every millisecond, as a `GET /stock` handler would: the table gives
// the probe's worst wait (its timer's lateness plus the read itself: the loop's delay as a request
// feels it) and how many reads it answered. Events as in ledger.bench.js. Run with --expose-gc so
// each call starts with the previous one's garbage collected.
const { tableFromArrays, tableToIPC } = require('apache-arrow')
const { Ledger } = require('..')
const { stockEventColumns } = require('./stock-events')

const N = 1_000_000
const RECORDS = 200_000
const NOW = '2026-11-27T00:00:00Z'
const columns = stockEventColumns(N)
// Counts as an Int32 column (a JS number array would become floats, which core refuses for a count).
const arrow = tableToIPC(tableFromArrays({ ...columns, quantity: Int32Array.from(columns.quantity) }), 'stream')
const records = []
for (let i = 0; i < RECORDS; i++) {
  records.push({
    eventId: columns.eventId[i], sku: columns.sku[i], location: columns.location[i],
    occurredAt: columns.occurredAt[i], source: 'pos', type: columns.type[i], quantity: columns.quantity[i],
  })
}

/** Runs `work` (sync or returning a Promise) while the probe reads `ledger` every millisecond. */
async function measure(name, ledger, work) {
  let worstWait = 0
  let reads = 0
  let due = performance.now() + 1
  const probe = setInterval(() => {
    ledger.stock('SKU-000001', 'store-01', NOW)
    reads++
    const wait = performance.now() - due
    worstWait = Math.max(worstWait, wait)
    due = performance.now() + 1
  }, 1)
  // Earlier runs' garbage collected first (run with --expose-gc), then the probe settles.
  if (global.gc) global.gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const start = performance.now()
  due = start + 1
  worstWait = 0
  reads = 0
  const result = await work()
  const took = performance.now() - start
  // A synchronous call stalls the loop before any sample: let the timers fire once more.
  await new Promise((resolve) => setTimeout(resolve, 20))
  clearInterval(probe)
  const rows = [name.padEnd(44), `${(took / 1000).toFixed(2)} s`.padStart(8),
    `${worstWait.toFixed(1)} ms`.padStart(11),
    String(reads).padStart(7)]
  console.log(rows.join('  '))
  return result
}

/** Every ledger made, kept until the last row. */
const kept = []
const fresh = () => { const ledger = new Ledger(); kept.push(ledger); return ledger }

async function main() {
  console.log(['call'.padEnd(44), 'time'.padStart(8), 'probe wait'.padStart(11), 'reads'.padStart(7)].join('  '))
  let ledger = fresh()
  await measure('nothing (a 1 s timer: the baseline)', ledger, () => new Promise((resolve) => setTimeout(resolve, 1000)))
  let report = await measure(`applyColumns (Arrow, ${N.toLocaleString('en')})`, ledger, () => ledger.applyColumns(arrow, NOW))
  if (report.applied !== N) throw new Error('not all applied')
  ledger = fresh()
  report = await measure(`applyColumnsAsync (Arrow, ${N.toLocaleString('en')})`, ledger, () => ledger.applyColumnsAsync(arrow, NOW))
  if (report.applied !== N) throw new Error('not all applied')

  const snapshot = await measure('toSnapshot (1M events)', ledger, () => ledger.toSnapshot())
  await measure('toSnapshotAsync (1M events)', ledger, () => ledger.toSnapshotAsync())
  await measure('Ledger.fromSnapshot', ledger, () => kept.push(Ledger.fromSnapshot(snapshot)))
  await measure('Ledger.fromSnapshotAsync', ledger, async () => kept.push(await Ledger.fromSnapshotAsync(snapshot)))

  ledger = fresh()
  await measure(`applyBatch (records, ${RECORDS.toLocaleString('en')})`, ledger, () => ledger.applyBatch(records, NOW))
  ledger = fresh()
  await measure(`applyBatchAsync (records, ${RECORDS.toLocaleString('en')})`, ledger, () => ledger.applyBatchAsync(records, NOW))

  ledger = null
  await measure('freeing the ledgers (about 4.2M events)', new Ledger(), async () => {
    kept.length = 0
    if (global.gc) global.gc()
    await new Promise((resolve) => setTimeout(resolve, 500))
  })
}

main()
