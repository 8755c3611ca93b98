'use strict'
// Loading the ledger from Node: `node bindings-node/bench/ledger.bench.js`.
// 1,000,000 events over 50,000 SKUs x 10 locations (a receipt, then a sale, at each), as columns in one
// applyColumns call, and (on a 100,000-event sample) one apply call per event.
const { Ledger } = require('..')

const N = 1_000_000
const pad = (n, w) => String(n).padStart(w, '0')
const columns = { eventId: [], sku: [], location: [], occurredAt: [], source: [], type: [], quantity: [] }
// Half the positions get a receipt of 5, then (second pass) a sale of 1.
const half = N / 2
for (let i = 0; i < N; i++) {
  const position = (i * 7919) % half
  columns.eventId.push(`ev-${pad(i, 8)}`)
  columns.sku.push(`SKU-${pad(Math.floor(position / 10), 6)}`)
  columns.location.push(`store-${pad(position % 10, 2)}`)
  columns.occurredAt.push(`2026-11-26T${pad(Math.floor(i / 60000), 2)}:${pad(Math.floor(i / 1000) % 60, 2)}:${pad(i % 60, 2)}Z`)
  columns.source.push('pos')
  columns.type.push(i < half ? 'received' : 'sold')
  columns.quantity.push(i < half ? 5 : 1)
}

let book = new Ledger()
let start = process.hrtime.bigint()
const report = book.applyColumns(columns, '2026-11-27T00:00:00Z')
let seconds = Number(process.hrtime.bigint() - start) / 1e9
if (report.applied !== N) throw new Error(JSON.stringify(report.rejected.slice(0, 3)))
console.log(`applyColumns: ${N.toLocaleString('en')} events in ${seconds.toFixed(2)} s (${((seconds / N) * 1e9).toFixed(0)} ns/event)`)

book = new Ledger()
const M = 100_000
start = process.hrtime.bigint()
for (let i = 0; i < M; i++) {
  book.apply({
    eventId: columns.eventId[i],
    sku: columns.sku[i],
    location: columns.location[i],
    occurredAt: columns.occurredAt[i],
    source: 'pos',
    type: columns.type[i],
    quantity: columns.quantity[i],
  })
}
seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(`apply one by one: ${((seconds / M) * 1e9).toFixed(0)} ns/event`)
